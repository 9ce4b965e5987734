"""Named days of the dates vocabulary: fixed dates, Easter-based feasts and the n-th weekday of a month.

>>> Holiday(easter=-2).on(2025)  # Good Friday
datetime.date(2025, 4, 18)
>>> Holiday(nth=(11, 3, 4)).on(2025)  # Thanksgiving: the fourth Thursday of November
datetime.date(2025, 11, 27)
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Holiday:
    """A named day: fixed (``month``/``day``), Easter-based (``easter`` offset) or the ``nth`` weekday."""

    month: int = 0
    day: int = 0
    easter: int | None = None
    nth: tuple[int, int, int] | None = None  # (month, weekday 0=Monday, n; -1 = last)
    offset: int = 0
    note: str | None = None

    def on(self, year: int) -> dt.date:
        if self.easter is not None:
            return _easter(year) + dt.timedelta(days=self.easter)
        if self.nth is not None:
            month, weekday, n = self.nth
            if n > 0:
                first = dt.date(year, month, 1)
                day = first + dt.timedelta(days=(weekday - first.weekday()) % 7 + 7 * (n - 1))
            else:
                nxt = dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)
                day = nxt - dt.timedelta(days=(nxt.weekday() - weekday) % 7)
            return day + dt.timedelta(days=self.offset)
        return dt.date(year, self.month, self.day)


def _easter(year: int) -> dt.date:
    """Gregorian Easter Sunday (the anonymous Gregorian computus)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    l_ = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 19 * l_) // 433
    month = (h + l_ - 7 * m + 90) // 25
    return dt.date(year, month, (h + l_ - 7 * m + 33 * month + 19) % 32)
