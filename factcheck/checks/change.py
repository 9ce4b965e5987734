"""``kind: change`` — "doubled", "stieg um 12 Prozent", "rose by 3 percentage points", "since 2019".

The change is recomputed from the reference series for two periods and compared with the claim.

Options::

    dataset: reference/defence.csv
    series: jp_defence_share_gdp     # or {id: ..., negate: true}
    from: auto                       # auto: the period the claim states ("since 2019"); or FY2021
    to: auto                         # auto: latest period before publication; or FY2025
    tolerance: {exact: 0.01, approx: 0.10}
    fiscal_year_start: 1

What is compared, by claim:

* a multiplier tied to a figure (``related``: "auf zwei Prozent ... verdoppelt"): the base the claim
  implies (2 % / 2 = 1 %) against the ``from`` value; the reference factor is shown in the trace.
  The end figure itself is the business of a reference rule.
* a multiplier on its own ("tripled"): the factor against ``to / from``.
* a percent change (``change: up|down``, kind percent): against ``(to - from) / from``;
* a percentage-point change (kind percentage_points): against ``to - from``;
* an absolute change (money, count, quantity): against ``to - from``.

A percent figure that equals the change in percentage points (or the reverse) is contradicted with
its own finding: percent vs percentage-point confusion.

PASS (verified)::

    "verdoppelt" (factor 2) tied to "zwei Prozent": implied base 1 %, FY2021 reference 1.0 % -> verified

FAIL (contradicted)::

    "stieg um 3 Prozent" for a rate that went from 5 % to 8 %: +3 is the change in percentage points,
    the relative change is +60 % -> contradicted, percent vs percentage-point confusion
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from factcheck.checks.base import (
    Claim,
    Context,
    Finding,
    Tolerance,
    assess,
    choose_row,
    fmt,
    pct,
    ref_value,
    unverified,
)
from factcheck.errors import RuleError
from factcheck.models import Status
from factcheck.ruleset import Options, Rule


@dataclass(frozen=True, slots=True)
class ChangeOptions:
    dataset: str
    series: str
    negate: bool = False
    start: str = "auto"
    end: str = "auto"
    tolerance: Tolerance = field(default_factory=lambda: Tolerance(rounding=False))
    fiscal_year_start: int = 1


def parse_options(opts: Options) -> ChangeOptions:
    dataset = opts.dataset()
    raw = opts.get("series")
    negate = False
    if isinstance(raw, dict):
        opts.doc.check_keys(RuleError, (*opts.kp, "series"), raw, ("id", "negate"), "in series")
        negate = bool(raw.get("negate", False))
        raw = raw.get("id")
        kp: tuple[str, ...] = ("series", "id")
    else:
        kp = ("series",)
    if not isinstance(raw, str):
        raise opts.error("series", "series: expected a series id", "a change rule recomputes one series")
    series = opts.series_in(dataset, raw, kp)
    exact, approx = opts.tolerance()
    fy = int(opts.number("fiscal_year_start", 1, min_value=1) or 1)
    return ChangeOptions(
        dataset,
        series,
        negate,
        opts.period("from", "auto") or "auto",
        opts.period("to", "auto") or "auto",
        Tolerance(exact, approx, rounding=False),
        fy,
    )


def check(claims: Sequence[Claim], rule: Rule, ctx: Context) -> dict[str, Finding]:
    # a level ("8 Prozent") is the business of reference rules; changes and multipliers are ours
    return {c.claim_id: _one(c, rule.options, ctx) for c in claims if c.change or c.kind == "multiplier"}


def _one(c: Claim, o: ChangeOptions, ctx: Context) -> Finding:
    table = ctx.ruleset.references[o.dataset]
    target = ctx.claims.get(c.related) if c.related else None
    unit = target.norm_unit if target is not None else c.norm_unit
    if target is None and c.kind in ("multiplier", "percent", "percentage_points"):
        unit = table.series(o.series)[0].unit  # a relative change: compare in the series' own unit
    start_p = o.start if o.start != "auto" else (c.period or (target.period if target else None))
    if not start_p:
        return unverified("the claim names no start period and the rule sets no 'from'")
    probe = replace(c, period=None)
    row0, _ = choose_row(table, o.series, start_p, probe, ctx.pub_date, fy_start=o.fiscal_year_start)
    row1, note1 = choose_row(table, o.series, o.end, probe, ctx.pub_date, fy_start=o.fiscal_year_start)
    if row0 is None or row1 is None:
        return unverified(f"no reference for {start_p if row0 is None else o.end} in {o.series}")
    r0 = ref_value(row0, table, unit, ctx.ruleset.fx, negate=o.negate)
    r1 = ref_value(row1, table, unit, ctx.ruleset.fx, negate=o.negate)
    if isinstance(r0, str) or isinstance(r1, str):
        return unverified(r0 if isinstance(r0, str) else str(r1))
    steps: list[tuple[str, Any]] = [
        ("reference from", f"{fmt(r0.value, unit)} — {row0.series} {row0.period} ({row0.source_name})"),
        (
            "reference to",
            f"{fmt(r1.value, unit)} — {row1.series} {row1.period} ({row1.source_name}; {note1})",
        ),
    ]
    ref_factor = r1.value / r0.value if r0.value else float("nan")
    if c.kind == "multiplier":
        factor = c.value or 0.0
        steps.append(("reference factor", f"{ref_factor:.3g}x ({row0.period} -> {row1.period})"))
        if target is not None and target.norm_value is not None and factor:
            implied = target.norm_value / factor
            steps.append(("implied base", f"{fmt(target.norm_value, unit)} / {factor:g} = {fmt(implied, unit)}"))
            probe = replace(
                c,
                norm_value=implied,
                norm_low=None,
                norm_high=None,
                resolution=None,
                qualifier=c.qualifier if c.qualifier == "approx" else "approx",
            )
            ok, dev, tol, _ = assess(probe, r0.value, o.tolerance)
            steps += [("deviation", pct(dev)), ("tolerance", f"±{tol * 100:.1f} %")]
            f = Finding(
                Status.VERIFIED if ok else Status.CONTRADICTED,
                f"'{c.text}' implies a base of {fmt(implied, unit)}; the {row0.period} reference is "
                f"{fmt(r0.value, unit)} ({row0.source_name}); the reference factor {row0.period}->"
                f"{row1.period} is {ref_factor:.3g}x (end value checked by its own rule)",
                ref=r0,
                deviation=dev,
                tolerance=tol,
                steps=steps,
            )
            if not ok:
                f.expected = f"a change from {fmt(r0.value, unit)} (factor {ref_factor:.2g})"
            return f
        probe = replace(c, norm_value=factor, norm_low=None, norm_high=None, resolution=None)
        ok, dev, tol, _ = assess(probe, ref_factor, o.tolerance)
        steps += [("deviation", pct(dev)), ("tolerance", f"±{tol * 100:.1f} %")]
        f = Finding(
            Status.VERIFIED if ok else Status.CONTRADICTED,
            f"factor {factor:g} vs reference {ref_factor:.3g}x ({row0.period}->{row1.period})",
            ref=replace(r1, value=ref_factor, unit="", span=f"{row0.period}->{row1.period}"),
            deviation=dev,
            tolerance=tol,
            steps=steps,
        )
        if not ok:
            f.expected = f"about {ref_factor:.2g}x"
        return f
    if c.norm_value is None:
        return unverified("the claim has no numeric value")
    sign = -1.0 if c.change == "down" else 1.0
    claimed = sign * abs(c.norm_value)
    abs_diff = r1.value - r0.value
    rel = abs_diff / r0.value * 100 if r0.value else float("nan")
    is_pct_series = row0.unit == "percent"
    if c.kind == "percent":
        ref_change, other, other_name = rel, abs_diff, "percentage points"
        label = "relative change"
    elif c.kind == "percentage_points":
        ref_change, other, other_name = abs_diff, rel, "percent"
        label = "change in percentage points"
    else:
        ref_change, other, other_name = abs_diff, None, ""
        label = "absolute change"
    steps.append((label, f"{fmt(ref_change)} ({row0.period} -> {row1.period})"))
    probe = replace(c, norm_value=claimed, norm_low=None, norm_high=None, resolution=None)
    ok, dev, tol, _ = assess(probe, ref_change, o.tolerance)
    steps += [("deviation", pct(dev)), ("tolerance", f"±{tol * 100:.1f} %")]
    f = Finding(
        Status.VERIFIED if ok else Status.CONTRADICTED,
        f"{c.text}: the reference {label} {row0.period}->{row1.period} is {fmt(ref_change)}",
        # the reference value of a change claim is the reference change, not the end level
        ref=replace(r1, value=ref_change, span=f"{row0.period}->{row1.period}"),
        deviation=dev,
        tolerance=tol,
        steps=steps,
    )
    if not ok:
        f.expected = f"about {fmt(ref_change, 'percent' if c.kind == 'percent' else None)}"
        if is_pct_series and other is not None and assess(probe, other, o.tolerance)[0]:
            f.explanation = (
                f"percent vs percentage-point confusion: {c.text} is the change in {other_name} "
                f"({fmt(other)}); the {label} is {fmt(ref_change)}"
            )
            steps.append(("finding", "percent vs percentage-point confusion"))
    return f
