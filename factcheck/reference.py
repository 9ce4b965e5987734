"""Reference data: CSV tables of dated figures with their sources, and the periods they are for.

A reference CSV has one row per (series, period)::

    series,period,value,unit,source_name,source_url,retrieved,note,status
    us_goods_balance_japan,2024,-68.5e9,USD,US Census Bureau,https://...,2025-02,imports 148.2 bn,unconfirmed

``status`` is optional (``seen`` when absent).  Units must parse in the project registry
(``factcheck.normalize``); ``date`` rows (``unit: date``) carry their date in ``period`` and no value.
Everything is checked here, in plain Python, when the file is loaded, so a mistake is reported as
``file:line:col`` (the CSV line, the column's position) before any claim is checked.  The Great
Expectations suite in ``factcheck.gx`` re-checks the same properties for data teams.

>>> parse_period("2024-Q1").start, parse_period("2024-Q1").end
(datetime.date(2024, 1, 1), datetime.date(2024, 3, 31))
>>> parse_period("FY2025", fy_start=4).start
datetime.date(2025, 4, 1)
"""

from __future__ import annotations

import calendar
import contextlib
import csv
import datetime as dt
import functools
import hashlib
import io
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

import regex

from factcheck.errors import ReferenceDataError
from factcheck.normalize import is_currency, parse_unit, to_unit

REQUIRED_COLUMNS: tuple[str, ...] = (
    "series",
    "period",
    "value",
    "unit",
    "source_name",
    "source_url",
    "retrieved",
    "note",
)
OPTIONAL_COLUMNS: tuple[str, ...] = ("status",)
REF_STATUSES: tuple[str, ...] = ("seen", "unconfirmed")
DATE_UNIT = "date"

PeriodKind = Literal["year", "quarter", "month", "fiscal_year", "day"]
_PERIOD_RE = regex.compile(
    r"^(?:(?P<y>\d{4})|(?P<qy>\d{4})-Q(?P<q>[1-4])|(?P<my>\d{4})-(?P<m>\d{2})|"
    r"FY\s?(?P<fy>\d{4})|(?P<dy>\d{4})-(?P<dm>\d{2})-(?P<dd>\d{2}))$"
)


@dataclass(frozen=True, slots=True, order=True)
class Period:
    """A reference period: ``2024``, ``2024-Q1``, ``2024-03``, ``FY2025``, ``2025-01-20``."""

    start: dt.date
    end: dt.date
    text: str = field(compare=False)
    kind: PeriodKind = field(compare=False)


@functools.lru_cache(maxsize=4096)  # pure; checks ask for the same few periods of every article
def parse_period(text: str, *, fy_start: int = 1) -> Period:
    """Parse a period; ``fy_start`` is the month a fiscal year starts (Japan: 4, US federal: 10).

    ``FY2025`` starting in April runs 2025-04-01..2026-03-31; starting in October it runs
    2024-10-01..2025-09-30 (named after the year it ends in, as the US does).  Raises ``ValueError``.
    """
    m = _PERIOD_RE.match(text.strip())
    if not m:
        raise ValueError(f"not a period: {text!r}")
    g = m.groupdict()
    if g["y"]:
        y = int(g["y"])
        return Period(dt.date(y, 1, 1), dt.date(y, 12, 31), text, "year")
    if g["qy"]:
        y, q = int(g["qy"]), int(g["q"])
        last = 3 * q
        return Period(dt.date(y, last - 2, 1), _month_end(y, last), text, "quarter")
    if g["my"]:
        y, mo = int(g["my"]), int(g["m"])
        if not 1 <= mo <= 12:
            raise ValueError(f"bad month in {text!r}")
        return Period(dt.date(y, mo, 1), _month_end(y, mo), text, "month")
    if g["fy"]:
        y = int(g["fy"])
        if fy_start == 1:
            return Period(dt.date(y, 1, 1), dt.date(y, 12, 31), text, "fiscal_year")
        start_year = y if fy_start <= 6 else y - 1
        start = dt.date(start_year, fy_start, 1)
        end = dt.date(start_year + 1, fy_start, 1) - dt.timedelta(days=1)
        return Period(start, end, text, "fiscal_year")
    day = dt.date(int(g["dy"]), int(g["dm"]), int(g["dd"]))  # ValueError on 2025-02-30
    return Period(day, day, text, "day")


def _month_end(y: int, m: int) -> dt.date:
    return dt.date(y, m, calendar.monthrange(y, m)[1])


@dataclass(frozen=True, slots=True)
class ReferenceRow:
    """One reference figure: ``value`` in ``unit`` for ``series`` in ``period`` (NaN for date rows)."""

    series: str
    period: str
    value: float
    unit: str
    source_name: str
    source_url: str
    retrieved: str
    note: str
    status: str
    line: int  # 1-based CSV line (header = 1)


@dataclass(frozen=True, slots=True)
class ReferenceTable:
    """A loaded reference CSV.  ``path`` as cited (relative to the working directory, forward slashes)."""

    path: str
    sha256: str
    rows: tuple[ReferenceRow, ...]
    # series -> its rows in file order; (series, period) -> the first such row.  Built on first use.
    _index: dict[Any, Any] = field(default_factory=dict, init=False, compare=False, repr=False)

    def series_ids(self) -> frozenset[str]:
        return frozenset(r.series for r in self.rows)

    def series(self, series: str) -> tuple[ReferenceRow, ...]:
        index = self._index or self._build_index()
        found: tuple[ReferenceRow, ...] = index.get(series, ())
        return found

    def get(self, series: str, period: str) -> ReferenceRow | None:
        index = self._index or self._build_index()
        row: ReferenceRow | None = index.get((series, period))
        return row

    def _build_index(self) -> dict[Any, Any]:
        by_series: dict[str, list[ReferenceRow]] = {}
        built: dict[Any, Any] = {None: ()}  # None: the index is built, also for a table without rows
        for r in self.rows:
            by_series.setdefault(r.series, []).append(r)
            built.setdefault((r.series, r.period), r)
        built.update({k: tuple(v) for k, v in by_series.items()})
        self._index.update(built)  # in one step: a thread sees no index or all of it
        return built


def load_reference_text(text: str, path: str) -> ReferenceTable:
    """Parse and validate a reference CSV; raises ``ReferenceDataError`` at ``path:line:col``.

    >>> t = load_reference_text("series,period,value,unit,source_name,source_url,retrieved,note\\n"
    ...                         "s,2024,1.8,percent,X,https://x.org,2025-04,\\n", "r.csv")
    >>> t.rows[0].value, t.rows[0].status
    (1.8, 'seen')
    >>> load_reference_text("series,period,value,unit,source_name,source_url,retrieved,note\\n"
    ...                     "s,2024,1.8,bananas,X,https://x.org,2025-04,\\n", "r.csv")
    Traceback (most recent call last):
    ...
    factcheck.errors.ReferenceDataError: r.csv:2:12: unit 'bananas' does not parse ...
    """
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    lines = text.splitlines()
    reader = csv.reader(io.StringIO(text))
    try:
        header = next(reader)
    except StopIteration:
        raise ReferenceDataError(
            "empty reference file",
            path=path,
            line=1,
            col=1,
            hint=f"start with the header: {','.join(REQUIRED_COLUMNS)}",
        ) from None
    header = [h.strip() for h in header]
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    if missing:
        raise ReferenceDataError(
            f"missing column(s) {', '.join(missing)}",
            path=path,
            line=1,
            col=1,
            hint=f"the header must contain {','.join(REQUIRED_COLUMNS)} (+ optional status)",
        )
    unknown = [c for c in header if c not in REQUIRED_COLUMNS + OPTIONAL_COLUMNS]
    if unknown:
        raise ReferenceDataError(
            f"unknown column {unknown[0]!r}",
            path=path,
            line=1,
            col=_col_of(lines, 1, header, unknown[0]),
            hint=f"allowed columns: {', '.join(REQUIRED_COLUMNS + OPTIONAL_COLUMNS)}",
        )
    rows: list[ReferenceRow] = []
    seen: dict[tuple[str, str], int] = {}
    for cells in reader:
        line = reader.line_num
        if not any(c.strip() for c in cells):
            continue
        if len(cells) != len(header):
            raise ReferenceDataError(
                f"row has {len(cells)} cells, the header has {len(header)}",
                path=path,
                line=line,
                col=1,
                hint="quote cells that contain commas",
            )
        rec = {h: c.strip() for h, c in zip(header, cells, strict=True)}

        def fail(column: str, message: str, hint: str, rec_line: int = line) -> ReferenceDataError:
            return ReferenceDataError(
                f"{message} (row {rec_line}, column {column!r})",
                path=path,
                line=rec_line,
                col=_col_of(lines, rec_line, header, column),
                hint=hint,
            )

        for col in ("series", "period", "unit", "source_name", "source_url", "retrieved"):
            if not rec[col]:
                raise fail(col, f"empty {col}", f"every row needs a {col}")
        unit = rec["unit"]
        if unit != DATE_UNIT:
            try:
                parse_unit(unit)
            except Exception:
                raise ReferenceDataError(
                    f"unit {unit!r} does not parse (row {line}, column 'unit')",
                    path=path,
                    line=line,
                    col=_col_of(lines, line, header, "unit"),
                    hint="use a unit of the project registry: USD, JPY, percent, count, JPY/USD, date ...",
                ) from None
        try:
            period = parse_period(rec["period"])
        except ValueError:
            raise fail(
                "period",
                f"bad period {rec['period']!r}",
                "write 2024, 2024-Q1, 2024-03, FY2025 or 2025-01-20",
            ) from None
        if unit == DATE_UNIT:
            if period.kind != "day":
                raise fail(
                    "period",
                    f"date rows need a day as period, got {rec['period']!r}",
                    "write the date as YYYY-MM-DD",
                )
            value = math.nan
        else:
            try:
                value = float(rec["value"])
            except ValueError:
                raise fail(
                    "value",
                    f"value {rec['value']!r} is not a number",
                    "write a plain number with scale applied (68.5e9, not '68.5 bn')",
                ) from None
            if not math.isfinite(value):
                raise fail("value", "value is not finite", "write a finite number")
        if not regex.match(r"^https?://\S+$", rec["source_url"]):
            raise fail(
                "source_url",
                f"source_url {rec['source_url']!r} is not an http(s) URL",
                "cite the page the figure was taken from",
            )
        try:
            parse_period(rec["retrieved"])
        except ValueError:
            raise fail(
                "retrieved", f"retrieved {rec['retrieved']!r} is not a date", "write YYYY-MM-DD (or YYYY-MM)"
            ) from None
        status = rec.get("status") or "seen"
        if status not in REF_STATUSES:
            raise fail(
                "status",
                f"status {status!r} is not one of {', '.join(REF_STATUSES)}",
                "seen = confirmed in the cited source; unconfirmed = reported, not confirmed",
            )
        key = (rec["series"], rec["period"])
        if key in seen:
            raise fail(
                "period",
                f"duplicate key {key[0]} {key[1]} (first on line {seen[key]})",
                "one row per series and period; remove one or give it another series id",
            )
        seen[key] = line
        rows.append(
            ReferenceRow(
                rec["series"],
                rec["period"],
                value,
                unit,
                rec["source_name"],
                rec["source_url"],
                rec["retrieved"],
                rec["note"],
                status,
                line,
            )
        )
    return ReferenceTable(path=path, sha256=digest, rows=tuple(rows))


def _col_of(lines: list[str], line: int, header: list[str], column: str) -> int:
    """1-based character column where ``column``'s cell starts on ``line`` (simple CSV, best effort)."""
    if not 1 <= line <= len(lines) or column not in header:
        return 1
    idx = header.index(column)
    text = lines[line - 1]
    pos, cell, in_quotes = 0, 0, False
    for i, ch in enumerate(text):
        if cell == idx:
            return i + 1
        if ch == '"':
            in_quotes = not in_quotes
        elif ch == "," and not in_quotes:
            cell += 1
            pos = i + 1
    return pos + 1 if cell == idx else 1


# --- exchange rates ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class FxRate:
    """``rate`` units of ``quote`` per one ``base`` (150.97 JPY per USD) for ``period``, with its source."""

    base: str
    quote: str
    rate: float
    row: ReferenceRow
    dataset: str


def fx_rates(tables: Iterable[ReferenceTable]) -> tuple[FxRate, ...]:
    """Every row whose unit is ``QUOTE/BASE`` of two currencies is an exchange rate."""
    out: list[FxRate] = []
    for t in tables:
        for r in t.rows:
            if "/" in r.unit:
                quote, _, base = (p.strip() for p in r.unit.partition("/"))
                if is_currency(quote) and is_currency(base):
                    out.append(FxRate(base, quote, r.value, r, t.path))
    return tuple(out)


def find_rate(rates: Iterable[FxRate], src: str, dst: str, period: str) -> tuple[FxRate, bool] | None:
    """The rate to convert ``src`` into ``dst`` for ``period``: same period, else the period's year.

    Returns ``(rate, inverted)``: not inverted when the table quotes ``src`` per ``dst`` (JPY per
    USD to convert JPY into USD: divide), inverted when it quotes ``dst`` per ``src`` (multiply).
    Never falls back to another year: a figure without a dated rate stays unconverted.
    """
    candidates = [period]
    with contextlib.suppress(ValueError):
        candidates.append(str(parse_period(period).start.year))
    for p in candidates:
        for r in rates:
            if r.row.period != p:
                continue
            if r.quote == src and r.base == dst:  # JPY per USD, converting JPY -> USD: divide
                return r, False
            if r.quote == dst and r.base == src:  # converting USD -> JPY: multiply
                return r, True
    return None


def convert_currency(value: float, rate: FxRate, inverted: bool) -> float:
    """Convert with pint so the units are checked: JPY / (JPY/USD) -> USD."""
    from factcheck.normalize import Q_

    unit = f"{rate.quote}/{rate.base}"
    if inverted:
        q = Q_(value, rate.base) * Q_(rate.rate, unit)
        return float(q.to(rate.quote).magnitude)
    q = Q_(value, rate.quote) / Q_(rate.rate, unit)
    return float(q.to(rate.base).magnitude)


def canonical(value: float, unit: str) -> tuple[float, str]:
    """The value in the claims frame's canonical unit (``norm_unit``): SI base units; currencies,
    percent, percentage points and counts unchanged — the same rule ``factcheck.normalize`` applies."""
    if is_currency(unit) or unit in ("percent", "percentage_point", "count"):
        return value, unit
    from factcheck.normalize import Q_

    q = Q_(value, unit).to_base_units()
    return float(q.magnitude), (f"{q.units:~}" or "dimensionless")


def convertible(unit: str, target: str) -> bool:
    try:
        to_unit(1.0, unit, target)
    except Exception:
        return False
    return True


def combined_sha256(texts: Mapping[str, str]) -> str:
    """One hash over several files' contents: independent of order, of paths and of the working folder."""
    digests = sorted(hashlib.sha256(t.encode("utf-8")).hexdigest() for t in texts.values())
    return hashlib.sha256("\n".join(digests).encode("ascii")).hexdigest()
