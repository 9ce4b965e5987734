"""``kind: date`` — a dated event ("Amtsantritt am 20. Januar") against a reference date.

Options::

    dataset: reference/events.csv      # rows with unit 'date', the date in 'period'
    series: us_presidential_inauguration
    period: auto                       # auto: the latest reference date on or before publication;
                                       # or a fixed date 2025-01-20
    tolerance_days: 0

The claim's ``iso`` is compared at its own precision: ``2025-01-20`` to the day (± tolerance_days),
``2025-01`` to the month, ``2025`` to the year.

PASS (verified)::

    claim: "am 20. Januar" (iso 2025-01-20), reference 2025-01-20 -> verified

FAIL (contradicted)::

    claim: "am 21. Januar" (iso 2025-01-21), reference 2025-01-20 -> contradicted, expected 2025-01-20
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from factcheck.checks.base import Claim, Context, Finding, RefValue, choose_row, unverified
from factcheck.errors import RuleError
from factcheck.models import Status
from factcheck.reference import DATE_UNIT, parse_period
from factcheck.ruleset import Options, Rule


@dataclass(frozen=True, slots=True)
class DateOptions:
    dataset: str
    series: str
    period: str = "auto"
    tolerance_days: int = 0


def parse_options(opts: Options) -> DateOptions:
    dataset = opts.dataset()
    series = opts.series_in(dataset, opts.required_str("series"), ("series",))
    if any(r.unit != DATE_UNIT for r in opts.datasets[dataset].series(series)):
        raise opts.error("series", f"series {series!r} is not a date series (unit must be 'date')")
    period = opts.period("period", "auto", allow=("auto",)) or "auto"
    if period != "auto" and parse_period(period).kind != "day":
        raise opts.doc.error(RuleError, (*opts.kp, "period"), "period: a date rule needs a day (YYYY-MM-DD)")
    days = opts.number("tolerance_days", 0, min_value=0)
    return DateOptions(dataset, series, period, int(days or 0))


def check(claims: Sequence[Claim], rule: Rule, ctx: Context) -> dict[str, Finding]:
    o: DateOptions = rule.options
    table = ctx.ruleset.references[o.dataset]
    out: dict[str, Finding] = {}
    for c in claims:
        if not c.iso:
            out[c.claim_id] = unverified("the date could not be resolved to a calendar date")
            continue
        row, note = choose_row(table, o.series, o.period, c, ctx.pub_date)
        if row is None:
            out[c.claim_id] = unverified(f"{note} in {o.series}")
            continue
        ref_day = parse_period(row.period).start
        try:
            claimed = parse_period(c.iso)
        except ValueError:
            out[c.claim_id] = unverified(f"the date {c.iso!r} is not a calendar date, week or month")
            continue
        lo = claimed.start - dt.timedelta(days=o.tolerance_days)
        hi = claimed.end + dt.timedelta(days=o.tolerance_days)
        ok = lo <= ref_day <= hi
        delta = (claimed.start - ref_day).days if claimed.kind == "day" else 0
        ref = RefValue(row, table.path, table.sha256, float("nan"), DATE_UNIT, period_note=note)
        steps = [
            ("reference date", f"{row.period} — {row.series} ({row.source_name}; {note})"),
            ("deviation", f"{delta:+d} days" if claimed.kind == "day" else f"within {claimed.kind} {c.iso}"),
            ("tolerance", f"±{o.tolerance_days} days"),
        ]
        status = Status.VERIFIED if ok else Status.CONTRADICTED
        verb = "matches" if ok else "does not match"
        f = Finding(
            status,
            f"{c.text} ({c.iso}) {verb} {row.period} ({row.source_name})",
            ref=ref,
            ref_iso=row.period,
            steps=steps,
        )
        if not ok:
            f.expected = ref_day.isoformat()
        out[c.claim_id] = f
    return out
