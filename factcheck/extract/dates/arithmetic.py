"""Calendar arithmetic for resolving date phrases: ISO keys, shifts by a unit, weekdays and years near a base.

Pure functions of dates; which one applies to a phrase is decided in
:mod:`factcheck.extract.dates.resolve` (its docstring states the rules).

>>> base = dt.date(2025, 2, 3)  # a Monday
>>> _weekday(base, 4, "last"), _weekday(base, 4, "future")
(datetime.date(2025, 1, 31), datetime.date(2025, 2, 7))
>>> _iso(_shift(base, "week", -1), "week")
'2025-W05'
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from factcheck.extract.dates.vocab import Unit

Direction = Literal["past", "future", "unclear"]


def _iso(day: dt.date, unit: Unit) -> str:
    if unit == "year":
        return f"{day.year:04d}"
    if unit == "month":
        return f"{day.year:04d}-{day.month:02d}"
    if unit == "week":
        year, week, _ = day.isocalendar()
        return f"{year:04d}-W{week:02d}"
    return day.isoformat()


def _shift(day: dt.date, unit: Unit, n: int) -> dt.date:
    if unit == "day":
        return day + dt.timedelta(days=n)
    if unit == "week":
        return day + dt.timedelta(weeks=n)
    months = day.year * 12 + day.month - 1 + (n if unit == "month" else 12 * n)
    year, month = divmod(months, 12)
    month += 1
    last = (dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)).day
    return dt.date(year, month, min(day.day, last))


def _weekday(base: dt.date, weekday: int, mode: str) -> dt.date:
    """The ``weekday`` relative to ``base``: last / next (strict), this (same ISO week), past / future."""
    back, ahead = (base.weekday() - weekday) % 7, (weekday - base.weekday()) % 7
    if mode == "last":
        return base - dt.timedelta(days=back or 7)
    if mode == "next":
        return base + dt.timedelta(days=ahead or 7)
    if mode == "this":
        return base + dt.timedelta(days=weekday - base.weekday())
    if mode == "future":
        return base + dt.timedelta(days=ahead)
    return base - dt.timedelta(days=back)


def _pick(candidates: list[tuple[int, dt.date]], base_key: int, direction: Direction) -> dt.date:
    """Among (key, day) candidates take the one on the ``direction`` side of base_key, else the nearest."""
    if direction == "past":
        side = [c for c in candidates if c[0] <= base_key]
        if side:
            return max(side)[1]
    elif direction == "future":
        side = [c for c in candidates if c[0] >= base_key]
        if side:
            return min(side)[1]
    return min(candidates, key=lambda c: (abs(c[0] - base_key), c[0] > base_key))[1]


def _year_for_day(month: int, day: int, base: dt.date, direction: Direction) -> dt.date | None:
    cands: list[tuple[int, dt.date]] = []
    for year in (base.year - 1, base.year, base.year + 1):
        try:
            d = dt.date(year, month, day)
        except ValueError:
            continue
        cands.append((d.toordinal(), d))
    return _pick(cands, base.toordinal(), direction) if cands else None


def _year_for_month(month: int, base: dt.date, direction: Direction) -> dt.date:
    cands = [(y * 12 + month, dt.date(y, month, 1)) for y in (base.year - 1, base.year, base.year + 1)]
    return _pick(cands, base.year * 12 + base.month, direction)


def _explicit(year: int, month: int, day: int | None) -> tuple[str, dt.date | None, Unit, str | None]:
    """ISO for a written date; an impossible day ("Feb 30") keeps its ISO string and is flagged."""
    if day is None:
        return f"{year:04d}-{month:02d}", dt.date(year, month, 1), "month", None
    iso = f"{year:04d}-{month:02d}-{day:02d}"
    try:
        return iso, dt.date(year, month, day), "day", None
    except ValueError:
        return iso, None, "day", "not a valid calendar date"
