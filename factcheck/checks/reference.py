"""``kind: reference`` — a figure against a reference series value for its period.

Options::

    dataset: reference/trade.csv          # CSV, relative to the rule file
    series: us_goods_balance_japan        # one series id, or a list of series (see below)
    prefer: us_goods_balance_japan        # required with several series: the one that decides
    period: auto                          # auto (default) | latest | a fixed period (FY2025)
    fallback: false                       # claim states a period with no reference: use auto's pick
    tolerance: {exact: 0.01, approx: 0.10}
    rounding: true                        # honour the rounding the text implies ...
    max_rounding: 0.05                    # ... up to 5 % of the reference
    fiscal_year_start: 1                  # month FY periods start (Japan: 4)

Several series (``series: [{id, label, negate, period, dataset}, ...]``) check one figure against
several sources: the ``prefer``-red one decides, the others are reported as ``alternatives`` with
their own value, deviation and status.  ``negate: true`` reads a balance from the other side (the
US deficit with Japan is Japan's surplus with the US).  A reference in another currency is converted
with the dated rate from the FX tables (``fx:`` in the rule file); the rate, its period and source
go into the trace.  No rate for the period: unverified, never a silent fixed rate.

PASS (verified)::

    claim: "etwa 70 Milliarden Dollar" (approx, 7e10 USD); reference 2024: 68.5e9 USD
    -> deviation +2.2 %, tolerance 10 % -> verified

FAIL (contradicted)::

    claim: "zwei Prozent des BIP" (exact, 2 percent); reference FY2025: 1.8 percent
    -> deviation +11 %, tolerance 1 % (rounding capped at 5 %) -> contradicted, expected "about 1.8 %"
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from factcheck.checks.base import (
    Claim,
    Context,
    Finding,
    RefValue,
    Tolerance,
    assess,
    choose_row,
    fmt,
    older_rows,
    pct,
    ref_value,
    scale_hint,
    unverified,
)
from factcheck.errors import RuleError
from factcheck.models import Status
from factcheck.ruleset import Options, Rule

_SERIES_KEYS = ("id", "label", "negate", "period", "dataset")


@dataclass(frozen=True, slots=True)
class SeriesRef:
    dataset: str
    id: str
    label: str = ""
    negate: bool = False
    period: str | None = None  # overrides the rule's period


@dataclass(frozen=True, slots=True)
class ReferenceOptions:
    series: tuple[SeriesRef, ...]
    prefer: str
    period: str = "auto"
    fallback: bool = False
    tolerance: Tolerance = field(default_factory=Tolerance)
    fiscal_year_start: int = 1

    @property
    def preferred(self) -> SeriesRef:
        return next(s for s in self.series if s.id == self.prefer)


def parse_series(opts: Options, dataset: str) -> tuple[SeriesRef, ...]:
    raw = opts.get("series")
    if raw is None:
        raise opts.doc.error(
            RuleError, opts.kp, "missing option 'series'", "name the reference series to check against"
        )
    items = raw if isinstance(raw, list) else [raw]
    out: list[SeriesRef] = []
    for i, item in enumerate(items):
        kp = ("series", i) if isinstance(raw, list) else ("series",)
        if isinstance(item, str):
            out.append(SeriesRef(dataset, opts.series_in(dataset, item, kp)))
            continue
        if not isinstance(item, dict) or not isinstance(item.get("id"), str):
            raise opts.error(kp, "a series is an id or a mapping with 'id' (and label, negate, period, dataset)")
        opts.doc.check_keys(RuleError, (*opts.kp, *kp), item, _SERIES_KEYS, "in series")
        ds = opts.dataset(value=item["dataset"], kp=(*kp, "dataset")) if "dataset" in item else dataset
        negate = item.get("negate", False)
        if not isinstance(negate, bool):
            raise opts.error((*kp, "negate"), "negate: expected true or false")
        period = item.get("period")
        if period is not None:
            sub = Options(opts.doc, (*opts.kp, *kp), item, opts.base_dir, opts.datasets, opts.fx_files)
            period = sub.period("period")
        out.append(
            SeriesRef(ds, opts.series_in(ds, item["id"], (*kp, "id")), str(item.get("label") or ""), negate, period)
        )
    return tuple(out)


def parse_options(opts: Options) -> ReferenceOptions:
    dataset = opts.dataset()
    series = parse_series(opts, dataset)
    prefer = opts.text("prefer")
    if prefer is None:
        if len(series) > 1:
            raise opts.error(
                "series",
                "several series need 'prefer: <series id>'",
                "name the series that decides; the others are shown as alternatives",
            )
        prefer = series[0].id
    elif prefer not in [s.id for s in series]:
        raise opts.error("prefer", f"prefer: {prefer!r} is not one of the rule's series")
    exact, approx = opts.tolerance()
    tol = Tolerance(exact, approx, opts.flag("rounding", True), opts.number("max_rounding", 0.05, min_value=0.0) or 0.0)
    fy = opts.number("fiscal_year_start", 1, min_value=1)
    return ReferenceOptions(
        series=series,
        prefer=prefer,
        period=opts.period("period", "auto") or "auto",
        fallback=opts.flag("fallback", False),
        tolerance=tol,
        fiscal_year_start=int(fy or 1),
    )


def evaluate(claim: Claim, s: SeriesRef, o: ReferenceOptions, ctx: Context) -> Finding:
    """One series against one claim (used for the preferred series and for every alternative)."""
    table = ctx.ruleset.references[s.dataset]
    steps: list[tuple[str, Any]] = []
    row, note = choose_row(
        table,
        s.id,
        s.period or o.period,
        claim,
        ctx.pub_date,
        fy_start=o.fiscal_year_start,
        fallback=o.fallback,
    )
    if row is None:
        return unverified(f"{note} in {s.id}", steps)
    got = ref_value(row, table, claim.norm_unit, ctx.ruleset.fx, negate=s.negate, label=s.label)
    if isinstance(got, str):
        return unverified(got, steps)
    ref = RefValue(
        got.row,
        got.dataset,
        got.sha256,
        got.value,
        got.unit,
        got.label,
        got.negated,
        got.fx,
        got.fx_inverted,
        note,
    )
    steps.append(("reference value", _ref_text(ref)))
    if ref.negated and ref.fx is None:
        steps.append(("converted reference", f"{fmt(ref.value, ref.unit)} (sign flipped: the other side's balance)"))
    if ref.fx is not None:
        r = ref.fx
        steps.append(
            (
                "exchange rate",
                f"{r.rate:g} {r.quote} per {r.base} ({r.row.period}, {r.row.source_name}, "
                f"{r.row.source_url}, {r.dataset})",
            )
        )
        steps.append(("converted reference", fmt(ref.value, ref.unit)))
    ok, dev, tolr, how = assess(claim, ref.value, o.tolerance)
    steps += [("deviation", pct(dev)), ("tolerance", f"±{tolr * 100:.1f} % ({how})")]
    f = Finding(
        Status.VERIFIED if ok else Status.CONTRADICTED,
        "",
        ref=ref,
        deviation=dev,
        tolerance=tolr,
        steps=steps,
    )
    if not ok:
        f.expected = "about " + fmt(ref.value / claim.factor, claim.unit)
        hint = scale_hint(claim.norm_value or 0.0, ref.value)
        if hint:
            steps.append(("scale", hint))
        if o.period == "auto" and not claim.period and s.period is None:
            for old in older_rows(table, s.id, row, o.fiscal_year_start):
                old_ref = ref_value(old, table, claim.norm_unit, ctx.ruleset.fx, negate=s.negate)
                if isinstance(old_ref, RefValue) and assess(claim, old_ref.value, o.tolerance)[0]:
                    f.outdated = True
                    steps.append(
                        (
                            "outdated",
                            f"matches the older {old.period} value {fmt(old_ref.value, old_ref.unit)}",
                        )
                    )
                    break
    return f


def _ref_text(ref: RefValue) -> str:
    raw = fmt(ref.row.value, ref.row.unit)
    sign = " (negated: read from the other side)" if ref.negated else ""
    status = f", {ref.row.status}" if ref.row.status != "seen" else ""
    return f"{raw}{sign} — {ref.row.series} {ref.row.period} ({ref.row.source_name}{status}; {ref.period_note})"


def check(claims: Sequence[Claim], rule: Rule, ctx: Context) -> dict[str, Finding]:
    o: ReferenceOptions = rule.options
    out: dict[str, Finding] = {}
    for claim in claims:
        if claim.change or claim.kind == "multiplier":
            continue  # "rose by 3 %" states a change, not a level: the business of change rules
        if claim.norm_value is None and claim.norm_low is None and claim.norm_high is None:
            out[claim.claim_id] = unverified("the claim has no numeric value")
            continue
        main = evaluate(claim, o.preferred, o, ctx)
        alts = []
        for s in o.series:
            if s.id == o.prefer and s.dataset == o.preferred.dataset:
                continue
            alt = evaluate(claim, s, o, ctx)
            alts.append(_alternative(s, alt, claim))
        main.alternatives = alts
        main.explanation = _explain(claim, rule, main, alts)
        main.explanation += "".join(f"; {v}" for k, v in main.steps if k == "scale")
        if main.status is Status.CONTRADICTED and claim.ambiguity:
            main.status = Status.UNVERIFIED
            main.reason = f"ambiguous reading ({claim.ambiguity}); as read it would be contradicted"
            main.explanation = main.reason + ": " + main.explanation
        if main.status is Status.UNVERIFIED and main.reason is None:
            main.reason = main.explanation
        out[claim.claim_id] = main
    return out


def _alternative(s: SeriesRef, f: Finding, claim: Claim) -> dict[str, Any]:
    d: dict[str, Any] = {"series": s.id, "label": s.label, "dataset": s.dataset, "status": f.status.value}
    if f.ref is None:
        d["reason"] = f.reason
        return d
    r = f.ref
    d.update(
        {
            "period": r.row.period,
            "value": r.value / claim.factor,
            "unit": claim.unit,
            "source_value": r.row.value,
            "source_unit": r.row.unit,
            "negated": r.negated,
            "source": r.row.source_name,
            "url": r.row.source_url,
            "retrieved": r.row.retrieved,
            "ref_status": r.row.status,
            "deviation": f.deviation,
            "tolerance": f.tolerance,
        }
    )
    if r.fx is not None:
        d["fx"] = {
            "rate": r.fx.rate,
            "unit": f"{r.fx.quote}/{r.fx.base}",
            "period": r.fx.row.period,
            "source": r.fx.row.source_name,
            "url": r.fx.row.source_url,
            "dataset": r.fx.dataset,
        }
    return d


def _explain(claim: Claim, rule: Rule, f: Finding, alts: list[dict[str, Any]]) -> str:
    if f.ref is None:
        return f.reason or "no reference"
    r = f.ref
    who = r.label or r.row.source_name
    conv = ""
    if r.fx is not None:
        conv = f" = {fmt(r.row.value, r.row.unit)} at {r.fx.rate:g} {r.fx.quote}/{r.fx.base} ({r.fx.row.period})"
    verb = {"verified": "agrees with", "contradicted": "disagrees with"}.get(f.status.value, "vs")
    text = (
        f"{claim.text} {verb} {fmt(r.value / claim.factor, claim.unit)}{conv} ({who}, {r.row.period}; "
        f"{pct(f.deviation)}, tolerance ±{(f.tolerance or 0) * 100:.1f} %)"
    )
    if r.row.status != "seen":
        text += f" [reference {r.row.status}]"
    if len(alts):
        text += f"; checked against {r.row.series} (preferred by rule {rule.id})"
        for a in alts:
            if "value" in a:
                fx = f" at {a['fx']['rate']:g} {a['fx']['unit']} ({a['fx']['period']})" if "fx" in a else ""
                below = ""
                if a["value"] and claim.value:
                    below = (
                        f", reference {abs(1 - a['value'] / claim.value) * 100:.0f} % "
                        + ("below" if a["value"] < claim.value else "above")
                        + " the claim"
                    )
                text += (
                    f"; {a['label'] or a['source']} says {fmt(a['value'], a['unit'])}{fx} "
                    f"({a['period']}, claim {pct(a['deviation'])}{below}: {a['status']})"
                )
            else:
                text += f"; {a['series']}: {a.get('reason')}"
    if f.outdated:
        text += "; matches an older value: outdated"
    return text
