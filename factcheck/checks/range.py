"""``kind: range`` — plausibility: a figure outside what is possible, or 1000x off its reference.

Options::

    unit: percent          # the unit min/max are in (default: the claim's own unit)
    min: 0                 # either bound may be omitted
    max: 100
    magnitude:             # optional: a reference series the figure must be within a factor of
      dataset: reference/trade.csv
      series: us_goods_balance_japan
      negate: true
      max_factor: 30       # outside 1/30..30x: contradicted, "likely scale error" near 1000x

A plausibility rule never verifies a figure (being possible is not being true): a figure inside the
range stays ``unverified`` unless a reference rule verifies it.  Outside it is ``contradicted``.

PASS (plausible, unverified unless another rule verifies it)::

    claim: "zwei Prozent des BIP" (2 percent), max 100 -> unverified ("plausible")

FAIL (contradicted)::

    claim: "120 Prozent der Wirtschaftsleistung" for a budget share, max 100 -> contradicted
    claim: "70 Millionen Dollar" surplus vs 68.5 bn reference -> contradicted, likely scale error
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from factcheck.checks.base import (
    Claim,
    Context,
    Finding,
    RefValue,
    choose_row,
    fmt,
    ref_value,
    scale_hint,
    unverified,
)
from factcheck.errors import RuleError
from factcheck.models import Status
from factcheck.ruleset import Options, Rule


@dataclass(frozen=True, slots=True)
class Magnitude:
    dataset: str
    series: str
    negate: bool = False
    max_factor: float = 30.0


@dataclass(frozen=True, slots=True)
class RangeOptions:
    unit: str | None = None
    min: float | None = None
    max: float | None = None
    magnitude: Magnitude | None = None


def parse_options(opts: Options) -> RangeOptions:
    unit = opts.unit("unit")
    lo, hi = opts.number("min"), opts.number("max")
    if lo is None and hi is None and not opts.has("magnitude"):
        raise opts.doc.error(RuleError, opts.kp, "a range rule needs min, max or magnitude")
    if lo is not None and hi is not None and lo > hi:
        raise opts.error("min", f"min {lo} is above max {hi}")
    mag = None
    raw = opts.get("magnitude")
    if raw is not None:
        if not isinstance(raw, dict):
            raise opts.error("magnitude", "magnitude: expected {dataset, series, negate, max_factor}")
        sub = Options(opts.doc, (*opts.kp, "magnitude"), raw, opts.base_dir, opts.datasets, opts.fx_files)
        ds = sub.dataset()
        series = sub.series_in(ds, sub.required_str("series"), ("series",))
        mag = Magnitude(ds, series, sub.flag("negate", False), sub.number("max_factor", 30.0, min_value=1.0) or 30.0)
        sub.done()
    return RangeOptions(unit, lo, hi, mag)


def bounds_in(o: RangeOptions, claim_unit: str | None) -> tuple[float | None, float | None] | str:
    """min/max converted to the claim's norm unit (or why they cannot be)."""
    if o.unit is None or o.unit == claim_unit:
        return o.min, o.max
    from factcheck.normalize import to_unit

    try:
        conv = [None if b is None else to_unit(b, o.unit, claim_unit or "") for b in (o.min, o.max)]
    except Exception:
        return f"the rule's unit {o.unit} does not apply to {claim_unit}"
    return conv[0], conv[1]


def check(claims: Sequence[Claim], rule: Rule, ctx: Context) -> dict[str, Finding]:
    o: RangeOptions = rule.options
    out: dict[str, Finding] = {}
    for c in claims:
        v = c.norm_value
        if v is None:
            out[c.claim_id] = unverified("the claim has no numeric value")
            continue
        b = bounds_in(o, c.norm_unit)
        if isinstance(b, str):
            out[c.claim_id] = unverified(b)
            continue
        lo, hi = b
        steps = [
            (
                "plausible range",
                f"{fmt(lo, c.norm_unit) if lo is not None else '-inf'} .. "
                f"{fmt(hi, c.norm_unit) if hi is not None else 'inf'}",
            )
        ]
        if (lo is not None and v < lo) or (hi is not None and v > hi):
            side = f"below {fmt(lo, c.norm_unit)}" if lo is not None and v < lo else f"above {fmt(hi, c.norm_unit)}"
            f = Finding(Status.CONTRADICTED, f"{c.text} is implausible: {side}", steps=steps)
            f.expected = f"between {fmt(lo, c.norm_unit)} and {fmt(hi, c.norm_unit)}"
            out[c.claim_id] = f
            continue
        ref = None
        if o.magnitude is not None:
            m = o.magnitude
            table = ctx.ruleset.references[m.dataset]
            row, note = choose_row(table, m.series, "auto", c, ctx.pub_date, fallback=True)
            got = ref_value(row, table, c.norm_unit, ctx.ruleset.fx, negate=m.negate) if row else None
            if isinstance(got, RefValue) and got.value:
                ref = got
                ratio = v / got.value  # signed: a negative figure against a positive reference is implausible
                steps.append(
                    (
                        "magnitude",
                        f"{ratio:.3g}x {fmt(got.value, got.unit)} ({got.row.series} "
                        f"{got.row.period}; {note}); allowed 1/{m.max_factor:g}..{m.max_factor:g}x",
                    )
                )
                if ratio > m.max_factor or ratio < 1 / m.max_factor:
                    hint = scale_hint(v, got.value) or f"{ratio:.3g} times the reference"
                    f = Finding(
                        Status.CONTRADICTED,
                        f"{c.text}: {hint}",
                        ref=got,
                        steps=steps,
                        deviation=(v - got.value) / abs(got.value),
                    )
                    f.expected = "about " + fmt(got.value / c.factor, c.unit)
                    out[c.claim_id] = f
                    continue
        out[c.claim_id] = unverified(f"plausible ({steps[-1][1]}) but no reference value", steps, ref=ref)
    return out
