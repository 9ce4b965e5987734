"""What every rule kind shares: the claim view, the finding a kind returns, tolerances and periods.

A kind module exposes ``Options`` (a frozen dataclass), ``parse_options(opts) -> Options`` and
``check(claims, rule, ctx) -> dict[claim_id, Finding]``.  A kind never raises for a claim it cannot
decide: it returns an ``unverified`` finding with the reason.  Everything here is pure.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from factcheck.models import Status
from factcheck.reference import (
    FxRate,
    ReferenceRow,
    ReferenceTable,
    canonical,
    convert_currency,
    convertible,
    find_rate,
    parse_period,
)
from factcheck.ruleset import RuleSet

UNIT_FOR_KIND = {"percent": "percent", "percentage_points": "percentage_point", "count": "count"}
DEFAULT_MAX_ROUNDING = 0.05


def _num(x: Any) -> float | None:
    if x is None or isinstance(x, str):
        return None
    try:
        f = float(x)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(f) else f


def _nums(values: list[Any]) -> list[float | None]:
    """``_num`` over a column; plain floats (the usual case) skip the conversion."""
    return [(None if x != x else x) if type(x) is float else _num(x) for x in values]


def _strs(values: list[Any]) -> list[str | None]:
    """``_str`` over a column; strings (the usual case) skip the call."""
    return [(x or None) if type(x) is str else _str(x) for x in values]


def _str(x: Any) -> str | None:
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return None
    s = str(x)
    return s or None


@dataclass(frozen=True, slots=True)
class Claim:
    """One row of the normalized claims frame, typed (NaN -> None)."""

    claim_id: str
    doc: str
    lang: str
    line: int
    col: int
    sentence: str
    text: str
    kind: str
    value: float | None
    iso: str | None
    unit: str | None
    low: float | None
    high: float | None
    qualifier: str
    change: str | None
    resolution: float | None
    related: str | None
    subject: str
    period: str | None
    ambiguity: str | None
    dimension: str
    norm_value: float | None
    norm_unit: str | None
    norm_low: float | None
    norm_high: float | None

    @classmethod
    def from_row(cls, row: Mapping[Any, Any]) -> Claim:
        kind = str(row["kind"])
        norm_unit = _str(row.get("norm_unit")) or UNIT_FOR_KIND.get(kind)
        return cls(
            claim_id=str(row["claim_id"]),
            doc=str(row.get("doc", "")),
            lang=str(row.get("lang", "en")),
            line=int(row.get("line", 0) or 0),
            col=int(row.get("col", 0) or 0),
            sentence=str(row.get("sentence", "") or ""),
            text=str(row.get("text", "") or ""),
            kind=kind,
            value=_num(row.get("value")),
            iso=_str(row.get("iso")),
            unit=_str(row.get("unit")) or UNIT_FOR_KIND.get(kind),
            low=_num(row.get("low")),
            high=_num(row.get("high")),
            qualifier=str(row.get("qualifier") or "exact"),
            change=_str(row.get("change")),
            resolution=_num(row.get("resolution")),
            related=_str(row.get("related")),
            subject=str(row.get("subject", "") or ""),
            period=_str(row.get("period")),
            ambiguity=_str(row.get("ambiguity")),
            dimension=str(row.get("dimension", "") or ""),
            norm_value=_num(row.get("norm_value")),
            norm_unit=norm_unit,
            norm_low=_num(row.get("norm_low")),
            norm_high=_num(row.get("norm_high")),
        )

    @classmethod
    def from_columns(cls, cols: Mapping[str, Sequence[Any] | np.ndarray[Any, Any]]) -> list[Claim]:
        """``from_row`` for every row of plain column lists (or arrays), converted column by column.

        >>> [c.value for c in Claim.from_columns({"claim_id": ["a", "b"], "kind": ["count"] * 2, "value": [5, None]})]
        [5.0, None]
        """
        n = len(cols["claim_id"])

        def col(name: str, default: Any = None, *, required: bool = False) -> list[Any]:
            values = cols[name] if required else cols.get(name)
            if values is None:
                return [default] * n
            return values.tolist() if isinstance(values, np.ndarray) else list(values)

        kinds = [str(k) for k in col("kind", required=True)]
        units = [u or UNIT_FOR_KIND.get(k) for u, k in zip(_strs(col("unit")), kinds, strict=True)]
        norm_units = [u or UNIT_FOR_KIND.get(k) for u, k in zip(_strs(col("norm_unit")), kinds, strict=True)]
        columns = (
            [str(x) for x in col("claim_id", required=True)],
            [str(x) for x in col("doc", "")],
            [str(x) for x in col("lang", "en")],
            [int(x or 0) for x in col("line", 0)],
            [int(x or 0) for x in col("col", 0)],
            [str(x or "") for x in col("sentence", "")],
            [str(x or "") for x in col("text", "")],
            kinds,
            _nums(col("value")),
            _strs(col("iso")),
            units,
            _nums(col("low")),
            _nums(col("high")),
            [str(x or "exact") for x in col("qualifier")],
            _strs(col("change")),
            _nums(col("resolution")),
            _strs(col("related")),
            [str(x or "") for x in col("subject", "")],
            _strs(col("period")),
            _strs(col("ambiguity")),
            [str(x or "") for x in col("dimension", "")],
            _nums(col("norm_value")),
            norm_units,
            _nums(col("norm_low")),
            _nums(col("norm_high")),
        )
        return [cls(*row) for row in zip(*columns, strict=True)]

    @property
    def factor(self) -> float:
        """norm_value / value: turns a value in ``unit`` into ``norm_unit``."""
        if self.value and self.norm_value is not None:
            return self.norm_value / self.value
        return 1.0

    @property
    def where(self) -> str:
        return f"line {self.line}" if self.line else self.claim_id


@dataclass(frozen=True, slots=True)
class Context:
    """What a kind may look at besides the claims it was given: the whole article's claims."""

    ruleset: RuleSet
    pub_date: dt.date | None
    claims: Mapping[str, Claim]
    paragraphs: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class RefValue:
    """A reference figure as used for one claim: converted to the claim's ``norm_unit``."""

    row: ReferenceRow
    dataset: str
    sha256: str
    value: float  # in the claim's norm unit, sign applied
    unit: str
    label: str = ""
    negated: bool = False
    fx: FxRate | None = None
    fx_inverted: bool = False
    period_note: str = ""
    span: str = ""  # change claims: the two periods compared ("2023->2024"); shown as ref_period

    @property
    def source(self) -> str:
        return f"{self.row.source_name}, {self.row.period}"


@dataclass(slots=True)
class Finding:
    """What one rule concluded about one claim."""

    status: Status
    explanation: str
    reason: str | None = None
    ref: RefValue | None = None
    ref_iso: str | None = None
    deviation: float | None = None
    tolerance: float | None = None
    steps: list[tuple[str, Any]] = field(default_factory=list)
    alternatives: list[dict[str, Any]] = field(default_factory=list)
    expected: str | None = None
    outdated: bool = False


def unverified(reason: str, steps: Sequence[tuple[str, Any]] = (), ref: RefValue | None = None) -> Finding:
    return Finding(Status.UNVERIFIED, reason, reason=reason, steps=list(steps), ref=ref)


# --- periods --------------------------------------------------------------------------------------


def choose_row(
    table: ReferenceTable,
    series: str,
    period: str | None,
    claim: Claim,
    pub_date: dt.date | None,
    *,
    fy_start: int = 1,
    fallback: bool = False,
) -> tuple[ReferenceRow | None, str]:
    """The reference row for a claim, and a note on how its period was chosen.

    ``period``: a fixed period from the rule, or ``auto``/None: the claim's own period if it states
    one, else the latest period that started on or before the publication date (else the latest).
    """
    rows = table.series(series)
    if not rows:
        return None, f"series {series} has no rows"
    if period and period not in ("auto", "latest"):
        row = table.get(series, period)
        return row, (f"the rule checks {period}" if row else f"no reference for {period}")
    if claim.period and period != "latest":
        row = table.get(series, claim.period)
        if row is not None:
            return row, f"the period the claim states ({claim.period})"
        if not fallback:
            return None, f"no reference for {claim.period}, the period the claim states"
    ordered = sorted(rows, key=lambda r: parse_period(r.period, fy_start=fy_start))
    if pub_date is not None and period != "latest":
        before = [r for r in ordered if parse_period(r.period, fy_start=fy_start).start <= pub_date]
        if before:
            note = f"latest period before publication ({pub_date.isoformat()})"
            if claim.period:
                note = (
                    f"the claim states {claim.period}, which has no reference; "
                    f"checked against {before[-1].period}, the {note}"
                )
            return before[-1], note
    note = "latest period in the series"
    if claim.period:
        note = f"the claim states {claim.period}, which has no reference; checked against the {note}"
    return ordered[-1], note


def older_rows(table: ReferenceTable, series: str, row: ReferenceRow, fy_start: int = 1) -> list[ReferenceRow]:
    p = parse_period(row.period, fy_start=fy_start)
    return sorted(
        (r for r in table.series(series) if parse_period(r.period, fy_start=fy_start) < p),
        key=lambda r: parse_period(r.period, fy_start=fy_start),
        reverse=True,
    )


# --- conversion -----------------------------------------------------------------------------------


def ref_value(
    row: ReferenceRow,
    table: ReferenceTable,
    claim_unit: str | None,
    fx: Sequence[FxRate],
    *,
    negate: bool = False,
    label: str = "",
) -> RefValue | str:
    """The reference value in the claim's ``norm_unit`` (FX-converted with a dated rate if needed),
    or a string saying why it cannot be compared."""
    value = -row.value if negate else row.value
    if claim_unit is None:
        return "ambiguous unit: the figure has no unit to compare with " + row.unit
    if claim_unit == row.unit:
        return RefValue(row, table.path, table.sha256, value, claim_unit, label, negate)
    try:
        cval, cunit = canonical(value, row.unit)
    except Exception:
        cval, cunit = value, row.unit
    if cunit == claim_unit:
        return RefValue(row, table.path, table.sha256, cval, claim_unit, label, negate)
    if convertible(row.unit, claim_unit):
        from factcheck.normalize import to_unit

        return RefValue(row, table.path, table.sha256, to_unit(value, row.unit, claim_unit), claim_unit, label, negate)
    found = find_rate(fx, row.unit, claim_unit, row.period)
    if found is not None:
        rate, inverted = found
        return RefValue(
            row,
            table.path,
            table.sha256,
            convert_currency(value, rate, inverted),
            claim_unit,
            label,
            negate,
            rate,
            inverted,
        )
    if len(row.unit) == 3 and len(claim_unit) == 3 and row.unit.isupper() and claim_unit.isupper():
        return f"no exchange rate {row.unit}->{claim_unit} for {row.period} in the FX tables"
    return f"unit {claim_unit} cannot be compared with the reference unit {row.unit}"


# --- tolerance ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Tolerance:
    """Relative tolerances by qualifier, and the rounding the written figure implies."""

    exact: float = 0.01
    approx: float = 0.10
    rounding: bool = True
    max_rounding: float = DEFAULT_MAX_ROUNDING

    def relative(self, qualifier: str) -> float:
        return self.approx if qualifier == "approx" else self.exact


def quantized_resolution(resolution: float | None) -> float | None:
    """Round a resolution to a power of ten (the place value of a digit)."""
    if resolution is None or resolution <= 0:
        return None
    return float(10.0 ** round(math.log10(resolution)))


def rounding_slack(claim: Claim, ref_abs: float, tol: Tolerance) -> float:
    """Half the place value of the claim's last digit (in norm units), at most ``max_rounding`` of the
    reference: "70 billion" covers 69.5-70.5 bn, but a bare "2 %" is not read as "anything 1.5-2.5 %"."""
    res = quantized_resolution(claim.resolution)
    if not tol.rounding or res is None:
        return 0.0
    return min(res * abs(claim.factor) / 2.0, tol.max_rounding * ref_abs)


def assess(claim: Claim, ref: float, tol: Tolerance) -> tuple[bool, float, float, str]:
    """Does the claim agree with ``ref`` (both in norm units)?  -> (ok, deviation, tolerance, how).

    Point claims: ``|claim - ref| <= max(tolerance * |ref|, rounding)``.  Bounds ("more than",
    "bis zu") compare the bound; ranges must contain the reference.
    """
    q = claim.qualifier
    rel = tol.relative(q)
    r_abs = abs(ref)
    denom = r_abs if r_abs else 1.0
    c = claim.norm_value if claim.norm_value is not None else math.nan
    lo = claim.norm_low if claim.norm_low is not None else c
    hi = claim.norm_high if claim.norm_high is not None else c
    if q in ("more_than", "at_least"):
        ok = lo <= ref + tol.exact * r_abs
        dev = 0.0 if ok else (lo - ref) / denom
        return ok, dev, tol.exact, f"the claim says {q.replace('_', ' ')} {fmt(lo)}"
    if q in ("at_most", "less_than"):
        ok = hi >= ref - tol.exact * r_abs
        dev = 0.0 if ok else (hi - ref) / denom
        return ok, dev, tol.exact, f"the claim says {q.replace('_', ' ')} {fmt(hi)}"
    if q == "range":
        s = tol.exact * r_abs
        ok = lo - s <= ref <= hi + s
        dev = 0.0 if ok else ((lo - ref) if ref < lo else (hi - ref)) / denom
        return ok, dev, tol.exact, f"the claim gives the range {fmt(lo)}-{fmt(hi)}"
    slack = max(rel * r_abs, rounding_slack(claim, r_abs, tol))
    dev = (c - ref) / denom
    ok = abs(c - ref) <= slack * (1 + 1e-12)
    how = "approximate figure" if q == "approx" else "exact figure"
    if slack > rel * r_abs:
        how += f", rounding to {fmt(quantized_resolution(claim.resolution) or 0)} allows ±{fmt(slack)}"
    return ok, dev, slack / denom, how


def scale_hint(claim_value: float, ref: float) -> str | None:
    """Name a likely scale error when the claim is about 1000x (or 1/1000, 10^6 ...) the reference."""
    if not ref or not claim_value:
        return None
    ratio = abs(claim_value / ref)
    for k in (3, 6, -3, -6):
        if abs(ratio / 10.0**k - 1) <= 0.15:
            size = f"{10**k:,} times" if k > 0 else f"1/{10**-k:,} of"
            words = "million vs billion?" if k > 0 else "billion vs million?"
            return f"likely scale error: the figure is about {size} the reference ({words})"
    return None


# --- formatting -----------------------------------------------------------------------------------


def fmt(v: float | None, unit: str | None = None) -> str:
    """Human figure: 68.5 bn USD, 54,000, 1.8 %, 150.97."""
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return "n/a"
    a = abs(v)
    if unit == "percent":
        return f"{_g(v)} %"
    if unit == "percentage_point":
        return f"{_g(v)} percentage points"
    for size, word in ((1e12, "tn"), (1e9, "bn"), (1e6, "m")):
        if a >= size:
            text = f"{_g(v / size)} {word}"
            break
    else:
        text = f"{v:,.0f}" if a >= 1000 and float(v).is_integer() else _g(v)
    if unit and unit not in ("count", "dimensionless"):
        text += f" {unit}"
    return text


def _g(v: float) -> str:
    s = f"{v:.4g}"
    if "e" in s:
        return f"{v:,.0f}"
    return s


def pct(x: float | None) -> str:
    return "n/a" if x is None else f"{x * 100:+.1f} %"


def rule_period_fy(options: Any) -> int:
    return int(getattr(options, "fiscal_year_start", 1) or 1)
