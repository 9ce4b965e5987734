"""``kind: consistency`` — figures inside one article that disagree with each other.

Options::

    mode: same          # same: every selected figure of one dimension must agree
                        # sum: totals must equal the sum of their parts (same paragraph)
    tolerance: {exact: 0.01, approx: 0.10}
    total_keywords: {en: [total, in all], de: [insgesamt, zusammen]}   # mode sum: which is the total

``same`` catches one figure stated differently in two places, e.g. an English summary that disagrees
with the German body (the seed's shape).  Two figures agree when the intervals they assert (value ±
tolerance, or their bounds) overlap.  ``sum`` takes, per paragraph, the selected figure whose
sentence has a total keyword as the total and the other selected figures as parts.

Consistency never verifies a figure against the world: agreeing figures stay ``unverified`` (with the
reason) unless another rule verifies them; disagreeing ones are ``contradicted``.

PASS::

    en summary "a surplus of about 70 billion dollars", de body "etwa 70 Milliarden Dollar" -> agree

FAIL::

    en summary "about 70 billion dollars", de body "rund 85 Milliarden Dollar" -> both contradicted
    "insgesamt 120 Millionen" with parts 70 + 30 Millionen -> total contradicted (parts add up to 100)
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from factcheck.checks.base import Claim, Context, Finding, Tolerance, assess, fmt, rounding_slack, unverified
from factcheck.errors import RuleError
from factcheck.lexicon import Lexicon, build_lexicon
from factcheck.models import LANGS, Status
from factcheck.ruleset import Options, Rule

DEFAULT_TOTALS = {
    "en": ("total", "in total", "in all", "altogether", "combined"),
    "de": ("insgesamt", "zusammen", "gesamt", "alles in allem"),
}


@dataclass(frozen=True, slots=True)
class ConsistencyOptions:
    mode: str = "same"
    tolerance: Tolerance = field(default_factory=Tolerance)
    totals: Lexicon | None = None


def parse_options(opts: Options) -> ConsistencyOptions:
    mode = opts.text("mode", "same", choices=("same", "sum")) or "same"
    exact, approx = opts.tolerance()
    raw = opts.get("total_keywords")
    table = {k: tuple(v) for k, v in DEFAULT_TOTALS.items()}
    if raw is not None:
        if not isinstance(raw, dict) or not all(k in (*LANGS, "any") and isinstance(v, list) for k, v in raw.items()):
            raise opts.doc.error(
                RuleError, (*opts.kp, "total_keywords"), "total_keywords: expected {en: [...], de: [...]}"
            )
        table = {k: tuple(str(x) for x in v) for k, v in raw.items()}
    return ConsistencyOptions(mode, Tolerance(exact, approx), build_lexicon({"total": table}, {}))


def interval(c: Claim, tol: Tolerance) -> tuple[float, float]:
    """The values a claim is compatible with, in norm units."""
    v = c.norm_value if c.norm_value is not None else math.nan
    if c.qualifier in ("more_than", "at_least"):
        return (c.norm_low if c.norm_low is not None else v), math.inf
    if c.qualifier in ("at_most", "less_than"):
        return -math.inf, (c.norm_high if c.norm_high is not None else v)
    if c.qualifier == "range":
        return (c.norm_low if c.norm_low is not None else v), (c.norm_high if c.norm_high is not None else v)
    s = max(tol.relative(c.qualifier) * abs(v), rounding_slack(c, abs(v), tol))
    return v - s, v + s


def check(claims: Sequence[Claim], rule: Rule, ctx: Context) -> dict[str, Finding]:
    o: ConsistencyOptions = rule.options
    return _same(claims, o) if o.mode == "same" else _sum(claims, o)


def _where(c: Claim) -> str:
    lang = {"en": "English", "de": "German"}.get(c.lang, c.lang)
    return f"{c.where} ({lang})"


def _same(claims: Sequence[Claim], o: ConsistencyOptions) -> dict[str, Finding]:
    groups: dict[tuple[str, str | None], list[Claim]] = defaultdict(list)
    for c in claims:
        if c.norm_value is not None or c.norm_low is not None or c.norm_high is not None:
            groups[(c.doc, c.norm_unit)].append(c)
    out: dict[str, Finding] = {}
    for members in groups.values():
        if len(members) < 2:
            continue
        ivs = {c.claim_id: interval(c, o.tolerance) for c in members}
        for c in members:
            clash = [d for d in members if d is not c and not _agree(c, d, ivs)]
            others = [d for d in members if d is not c]
            steps = [("compared with", "; ".join(f"{d.text} at {_where(d)}" for d in others))]
            if clash:
                d = clash[0]
                across = " (the summary and the body disagree)" if d.lang != c.lang else ""
                f = Finding(
                    Status.CONTRADICTED,
                    f"{c.text} at {_where(c)} disagrees with {d.text} at {_where(d)}{across}",
                    steps=steps,
                )
                f.expected = f"the same figure as {_where(d)} ({fmt(d.value, d.unit)}), or the other corrected"
                out[c.claim_id] = f
            else:
                out[c.claim_id] = unverified(
                    "consistent with " + ", ".join(_where(d) for d in others) + " but no reference value",
                    steps,
                )
    return out


def _is_point(c: Claim) -> bool:
    return c.qualifier in ("exact", "approx") and c.norm_value is not None


def _agree(c: Claim, d: Claim, ivs: dict[str, tuple[float, float]]) -> bool:
    """Two point figures agree when either lies within the other's tolerance (tolerances are not
    added up: "about 70" and "around 85" disagree); bounds and ranges agree when they overlap."""
    (clo, chi), (dlo, dhi) = ivs[c.claim_id], ivs[d.claim_id]
    if _is_point(c) and _is_point(d):
        cv, dv = c.norm_value or 0.0, d.norm_value or 0.0
        return clo <= dv <= chi or dlo <= cv <= dhi
    return not (dhi < clo or dlo > chi)


def _sum(claims: Sequence[Claim], o: ConsistencyOptions) -> dict[str, Finding]:
    out: dict[str, Finding] = {}
    paras: dict[tuple[str, int, str | None], list[Claim]] = defaultdict(list)
    for c in claims:
        if c.norm_value is not None:
            paras[(c.doc, c.line, c.norm_unit)].append(c)
    assert o.totals is not None
    for members in paras.values():
        near = [c for c in members if _near_total(c, o.totals)]
        if not near:
            continue
        total = max(near, key=lambda c: abs(c.norm_value or 0.0))  # a total is the largest of its figures
        parts = [c for c in members if c is not total]
        if len(parts) < 2:
            continue
        s = sum(p.norm_value or 0.0 for p in parts)
        probe_ok, dev, tol, _ = assess(total, s, o.tolerance)
        steps = [
            (
                "parts",
                " + ".join(fmt(p.norm_value, p.norm_unit) for p in parts) + f" = {fmt(s, total.norm_unit)}",
            ),
            ("total", fmt(total.norm_value, total.norm_unit)),
            ("deviation", f"{dev * 100:+.1f} %"),
            ("tolerance", f"±{tol * 100:.1f} %"),
        ]
        for p in parts:
            out[p.claim_id] = unverified(
                f"a part of the total {total.text} ({_where(total)}); the sum is checked there"
            )
        if probe_ok:
            out[total.claim_id] = unverified("the total equals the sum of its parts but has no reference value", steps)
        else:
            f = Finding(
                Status.CONTRADICTED,
                f"{total.text} does not match its parts, which add up to {fmt(s / total.factor, total.unit)}",
                deviation=dev,
                tolerance=tol,
                steps=steps,
            )
            f.expected = fmt(s / total.factor, total.unit)
            out[total.claim_id] = f
    return out


def _near_total(c: Claim, totals: Lexicon) -> bool:
    """The total keyword must be within a few words of the figure ("insgesamt 120 Millionen")."""
    i = c.sentence.find(c.text)
    if i < 0:
        return True
    window = c.sentence[max(0, i - 30) : i + len(c.text) + 30]
    return bool(totals.subjects(window, c.lang))
