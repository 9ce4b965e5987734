"""A hand-made ``RunResult`` for the HTML report tests: three articles, one of them hostile.

``make_run()`` builds verdict frames with every column of ``ALL_VERDICT_FRAME_COLUMNS`` plus
``fails``, so the report can be tested without the extractor and checker.  The tests at the bottom
keep the factory honest (it must satisfy the documented schema).
"""

from __future__ import annotations

import json
from typing import Any

import pandas as pd

from factcheck.models import Skipped
from factcheck.pipeline import DocSummary, RunResult
from factcheck.schema import (
    ALL_VERDICT_FRAME_COLUMNS,
    CLAIM_COLUMNS,
    NORMALIZED_COLUMNS,
    VERDICT_COLUMNS,
    validate,
)

NAN = float("nan")

TRADE = (
    "Japan weist ein Handelsüberschuss von etwa 70 Milliarden Dollar mit den USA auf.\n"
    "Rund 50.000 amerikanische Soldaten sind in Japan stationiert.\n"
    "Japan hat sein Verteidigungsbudget auf zwei Prozent des Bruttoinlandsprodukts verdoppelt.\n"
    "Am Freitag trifft Ishiba den Präsidenten.\n"
)

XSS = (
    "Breaking <script>window.__xss = 1; console.error('xss ran')</script> news.\n"
    'The ministry spent $5 billion <img src=x onerror="window.__xss = 2"> on roads.\n'
    'Read <a href="javascript:window.__xss = 3">the 12 % report</a> and "quotes" & ampersands.\n'
)

QUIET = "An article about nothing in particular, with no figures at all.\n"

ALTERNATIVES = json.dumps(
    [
        {
            "series": "jp_mof_surplus_with_us",
            "value": 57_230_000_000.0,
            "unit": "USD",
            "period": "2024",
            "source": "Japan Ministry of Finance",
            "url": "https://www.mof.go.jp/english/",
            "deviation": 0.2231,
            "status": "contradicted",
        },
        {"series": "evil", "value": 1.0, "unit": "USD", "url": "javascript:alert(1)"},
    ]
)


def _row(doc: str, body: str, text: str, **kw: Any) -> dict[str, Any]:
    start = body.index(text)
    before = body[:start]
    line = before.count("\n") + 1
    col = start - (before.rfind("\n") + 1) + 1
    sentence_start = before.rfind("\n") + 1
    sentence_end = body.find("\n", start)
    base: dict[str, Any] = {c: None for c in ALL_VERDICT_FRAME_COLUMNS}
    base.update(
        claim_id=f"{doc}#{start}",
        doc=doc,
        lang="en",
        start=start,
        end=start + len(text),
        line=line,
        col=col,
        sentence=body[sentence_start:sentence_end],
        text=text,
        kind="count",
        value=NAN,
        unit=None,
        low=NAN,
        high=NAN,
        qualifier="exact",
        resolution=NAN,
        subject="",
        dimension="[count]",
        norm_value=NAN,
        norm_low=NAN,
        norm_high=NAN,
        status="unverified",
        severity="warning",
        ref_value=NAN,
        deviation=NAN,
        tolerance=NAN,
        explanation="no rule covers this claim",
        trace="[]",
        outdated=False,
        fingerprint=f"fp-{doc}-{start}",
        fails=False,
    )
    base.update(kw)
    return base


def trade_rows(doc: str = "de/handel.txt") -> list[dict[str, Any]]:
    b = TRADE
    return [
        _row(
            doc,
            b,
            "etwa 70 Milliarden Dollar",
            lang="de",
            kind="money",
            value=7e10,
            unit="USD",
            low=6.3e10,
            high=7.7e10,
            qualifier="approx",
            subject="Handelsüberschuss",
            dimension="[currency_USD]",
            norm_value=7e10,
            norm_unit="USD",
            norm_low=6.3e10,
            norm_high=7.7e10,
            status="verified",
            rule_id="trade-surplus-japan-us",
            rule_file="rules/trade.yaml",
            severity="error",
            ref_value=6.85e10,
            ref_unit="USD",
            ref_period="2024",
            ref_dataset="rules/reference/trade.csv",
            ref_series="us_census_balance_japan",
            ref_source="US Census Bureau",
            ref_url="https://www.census.gov/foreign-trade/balance/c5880.html",
            ref_retrieved="2025-02-10",
            ref_hash="abc123def456",
            deviation=0.0219,
            tolerance=0.1,
            explanation="about 70 bn USD is within 10 % of 68.5 bn USD (US Census Bureau, 2024)",
            trace=json.dumps(
                [
                    {"step": "text", "value": "etwa 70 Milliarden Dollar"},
                    {"step": "parsed", "value": "70 × 10^9 USD (approx)"},
                    {"step": "reference", "value": "68.5 × 10^9 USD"},
                    {"step": "deviation", "value": "(70 − 68.5) / 68.5 = +2.2 %"},
                    {"step": "status", "value": "|+2.2 %| ≤ 10 % → verified"},
                ]
            ),
            alternatives=ALTERNATIVES,
        ),
        _row(
            doc,
            b,
            "Rund 50.000",
            lang="de",
            value=50000.0,
            unit="count",
            low=45000.0,
            high=55000.0,
            qualifier="approx",
            subject="Soldaten",
            norm_value=50000.0,
            norm_unit="count",
            norm_low=45000.0,
            norm_high=55000.0,
            status="verified",
            rule_id="us-troops-japan",
            rule_file="rules/military.yaml",
            severity="error",
            ref_value=54000.0,
            ref_unit="count",
            ref_period="2023",
            ref_source="US Forces Japan",
            ref_url="https://www.usfj.mil/",
            deviation=-0.074,
            tolerance=0.1,
            explanation="about 50,000 is within 10 % of 54,000",
            trace=json.dumps([{"step": "deviation", "value": "(50000 − 54000) / 54000 = −7.4 %"}]),
        ),
        _row(
            doc,
            b,
            "zwei Prozent",
            lang="de",
            kind="percent",
            value=2.0,
            unit="percent",
            low=1.98,
            high=2.02,
            subject="Verteidigungsbudget Bruttoinlandsprodukts",
            dimension="[percent]",
            norm_value=2.0,
            norm_unit="percent",
            norm_low=1.98,
            norm_high=2.02,
            status="contradicted",
            rule_id="japan-defence-gdp",
            rule_file="rules/defence.yaml",
            severity="error",
            ref_value=1.8,
            ref_unit="percent",
            ref_period="FY2025",
            ref_source="Japan Ministry of Defense",
            ref_url="https://www.mod.go.jp/en/",
            deviation=0.111,
            tolerance=0.01,
            explanation="2 % is 11.1 % above 1.8 % (FY2025)",
            expected="1.8 % (between 1.78 % and 1.82 %)",
            trace=json.dumps(
                [
                    {"step": "parsed", "value": "2 percent"},
                    {"step": "reference", "value": "1.8 percent (FY2025)"},
                    {"step": "deviation", "value": "(2 − 1.8) / 1.8 = +11.1 %"},
                    {"step": "status", "value": "|+11.1 %| > 1 % → contradicted"},
                ]
            ),
            fails=True,
        ),
        _row(
            doc,
            b,
            "verdoppelt",
            lang="de",
            kind="multiplier",
            value=2.0,
            unit="dimensionless",
            dimension="[dimensionless]",
            norm_value=2.0,
            norm_unit="dimensionless",
            related=f"{doc}#x",
            status="unverified",
            reason="no rule covers multipliers",
            fails=True,
        ),
        _row(
            doc,
            b,
            "Am Freitag",
            lang="de",
            kind="date",
            iso="2025-02-07",
            dimension="[date]",
            status="unverified",
            reason="no reference for this date",
            severity="info",
        ),
    ]


def xss_rows(doc: str = "en/<xss>.html") -> list[dict[str, Any]]:
    b = XSS
    return [
        _row(
            doc,
            b,
            "$5 billion",
            kind="money",
            value=5e9,
            unit="USD",
            norm_value=5e9,
            norm_unit="USD",
            dimension="[currency_USD]",
            status="contradicted",
            rule_id='roads"><script>window.__xss=4</script>',
            rule_file="rules/<b>roads</b>.yaml",
            severity="error",
            ref_value=4e9,
            ref_unit="USD",
            ref_period="2024",
            ref_source="<img src=x onerror=window.__xss=5>",
            ref_url="javascript:window.__xss=6",
            deviation=0.25,
            tolerance=0.01,
            explanation="<script>window.__xss=7</script> claim is 25 % above the reference",
            expected="<b>4 bn USD</b>",
            trace=json.dumps([{"step": "<i>parsed</i>", "value": "<script>window.__xss=8</script>"}]),
            alternatives=json.dumps(
                [{"series": "<svg onload=window.__xss=9>", "url": "javascript:alert(1)"}]
            ),
            fails=True,
        ),
        _row(
            doc,
            b,
            "12 %",
            kind="percent",
            value=12.0,
            unit="percent",
            dimension="[percent]",
            norm_value=12.0,
            norm_unit="percent",
            status="waived",
            reason="accepted by <b>editor</b>",
        ),
    ]


def frame(rows: list[dict[str, Any]]) -> pd.DataFrame:
    df = pd.DataFrame(rows, columns=[*ALL_VERDICT_FRAME_COLUMNS, "fails"])
    for c in ("start", "end", "line", "col"):
        df[c] = df[c].astype("int64")
    for c in (
        "value",
        "low",
        "high",
        "resolution",
        "norm_value",
        "norm_low",
        "norm_high",
        "ref_value",
        "deviation",
        "tolerance",
    ):
        df[c] = df[c].astype("float64")
    df["outdated"] = df["outdated"].astype(bool)
    df["fails"] = df["fails"].astype(bool)
    return df


def summary(doc: str, f: pd.DataFrame | None, title: str | None = None, **kw: Any) -> DocSummary:
    counts = {s: 0 for s in ("verified", "contradicted", "unverified", "waived")}
    if f is not None:
        for k, v in f["status"].value_counts().items():
            counts[str(k)] = int(v)
    return DocSummary(
        doc=doc,
        title=title,
        date="2025-02-03",
        langs=tuple(sorted(set(f["lang"]))) if f is not None else (),
        source="fixture",
        url=kw.pop("url", None),
        sha256=f"sha-{doc}",
        n_claims=0 if f is None else len(f),
        counts=counts,
        n_failing=0 if f is None else int(f["fails"].sum()),
        **kw,
    )


def make_run(extra_docs: int = 0) -> RunResult:
    """Three articles (German trade piece, hostile HTML, one without claims) + one skipped file.

    ``extra_docs`` adds copies of the trade article (``bulk/NNNNN.txt``) for scale tests.
    """
    trade = frame(trade_rows())
    xss = frame(xss_rows())
    docs = [
        summary("de/handel.txt", trade, title="Handel & Allianz"),
        summary(
            "en/<xss>.html",
            xss,
            title="<script>window.__xss=10</script>Hostile",
            url="javascript:window.__xss=11",
        ),
        summary("en/quiet.md", None, title=None, url="https://example.org/quiet"),
    ]
    frames = [trade, xss]
    bodies = {"de/handel.txt": TRADE, "en/<xss>.html": XSS, "en/quiet.md": QUIET}
    for i in range(extra_docs):
        name = f"bulk/{i:05d}.txt"
        f = frame(trade_rows(name))
        docs.append(summary(name, f))
        frames.append(f)
        bodies[name] = TRADE
    skipped = [
        Skipped("broken/binary.txt", "not UTF-8 text (byte 0xff at offset 3)"),
        Skipped("broken/<bad>.md", "front matter: <b>bad</b> YAML", line=2, col=5),
    ]
    return RunResult(docs, skipped, frames, bodies, {"factcheck": "test", "rules_sha256": "0123456789ab"})


def test_factory_frames_follow_the_schema() -> None:
    run = make_run()
    schema = {**CLAIM_COLUMNS, **NORMALIZED_COLUMNS, **VERDICT_COLUMNS}
    for f in run.frames():
        validate(f.drop(columns=["fails"]), schema, "fixture")
        assert list(f.columns) == [*ALL_VERDICT_FRAME_COLUMNS, "fails"]
    assert [d.doc for d in run.docs] == ["de/handel.txt", "en/<xss>.html", "en/quiet.md"]


def test_factory_offsets_point_at_the_claim_text() -> None:
    run = make_run()
    for f in run.frames():
        body = run.body(str(f["doc"].iloc[0]))
        for r in f.itertuples():
            assert body[r.start : r.end] == r.text
