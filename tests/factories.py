"""Hand-made verdict frames and ``RunResult``s for the report tests (CI formats, waivers, HTML).

The frames carry every column of ``factcheck.schema.ALL_VERDICT_FRAME_COLUMNS`` plus ``fails``, built
without extraction or checking, so each report is tested on exactly the rows it gets.

Building blocks:

- ``row(doc, claim_id, text, **columns)``: one verdict row; unnamed columns take ``DEFAULTS``, and
  ``fails`` follows the default policy (contradicted or unverified, unless ``severity="info"``).
- ``row_in(doc, body, text, **columns)``: the same, with offsets, line, column and sentence found in
  the article ``body``, so that ``body[start:end] == text``.
- ``frame(rows)``: the rows as a verdicts frame with the schema's dtypes.
- ``make_run(rows, ...)``: a ``RunResult`` with one ``DocSummary`` per article.

Named runs:

- ``ci_run()``: two articles with every status and a claim text every CI format must escape.
- ``html_run(extra_docs=0)``: a German trade article, a hostile HTML article, one without claims and
  two skipped files.

>>> run = make_run([row("a.md", "c1", "5 %", status="contradicted")])
>>> [(d.doc, d.n_failing) for d in run.docs]
[('a.md', 1)]
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from typing import Any

import pandas as pd

from factcheck.models import Skipped
from factcheck.pipeline import DocSummary, RunResult
from factcheck.schema import ALL_VERDICT_FRAME_COLUMNS

NAN = float("nan")
STATUSES = ("verified", "contradicted", "unverified", "waived")
FLOAT_COLUMNS = (
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
)

DEFAULTS: dict[str, Any] = {
    "lang": "en",
    "sentence": "",
    "kind": "money",
    "value": NAN,
    "iso": None,
    "unit": "USD",
    "low": NAN,
    "high": NAN,
    "qualifier": "exact",
    "change": None,
    "resolution": NAN,
    "related": None,
    "subject": "",
    "period": None,
    "ambiguity": None,
    "dimension": "[currency_USD]",
    "norm_value": NAN,
    "norm_unit": "USD",
    "norm_low": NAN,
    "norm_high": NAN,
    "status": "verified",
    "rule_id": None,
    "rule_file": None,
    "severity": "warning",
    "ref_value": NAN,
    "ref_unit": None,
    "ref_iso": None,
    "ref_period": None,
    "ref_dataset": None,
    "ref_series": None,
    "ref_source": None,
    "ref_url": None,
    "ref_retrieved": None,
    "ref_hash": None,
    "deviation": NAN,
    "tolerance": NAN,
    "explanation": "",
    "reason": None,
    "trace": "[]",
    "alternatives": None,
    "expected": None,
    "outdated": False,
}


def row(
    doc: str, claim_id: str, text: str, *, line: int = 1, col: int = 1, start: int = 0, **kw: Any
) -> dict[str, Any]:
    """One verdict row; ``kw`` overrides any column of ``DEFAULTS`` (and ``fails``)."""
    r = {
        **DEFAULTS,
        "claim_id": claim_id,
        "doc": doc,
        "text": text,
        "line": line,
        "col": col,
        "start": start,
        "end": start + len(text),
        "sentence": text,
        "fingerprint": claim_id,
    }
    r.update(kw)
    if "fails" not in kw:
        r["fails"] = r["status"] in ("contradicted", "unverified") and r["severity"] != "info"
    return r


def row_in(doc: str, body: str, text: str, **kw: Any) -> dict[str, Any]:
    """A row for the first occurrence of ``text`` in ``body``: its offsets, line, column and sentence
    (the line it stands on) come from the body, ids from the document and offset."""
    start = body.index(text)
    line_start = body.rfind("\n", 0, start) + 1
    return row(
        doc,
        f"{doc}#{start}",
        text,
        line=body.count("\n", 0, start) + 1,
        col=start - line_start + 1,
        start=start,
        sentence=body[line_start : body.find("\n", start)],
        fingerprint=f"fp-{doc}-{start}",
        **kw,
    )


def frame(rows: list[dict[str, Any]]) -> pd.DataFrame:
    """The rows as one verdicts frame: the schema's columns in order, plus ``fails``."""
    f = pd.DataFrame(rows, columns=[*ALL_VERDICT_FRAME_COLUMNS, "fails"])
    for c in ("start", "end", "line", "col"):
        f[c] = f[c].astype("int64")
    for c in FLOAT_COLUMNS:
        f[c] = pd.to_numeric(f[c]).astype("float64")
    f["fails"] = f["fails"].astype(bool)
    f["outdated"] = f["outdated"].astype(bool)
    return f


def summary(
    doc: str, f: pd.DataFrame | None, *, title: str | None = None, url: str | None = None, body: str = ""
) -> DocSummary:
    """The ``DocSummary`` of one article whose verdicts are ``f`` (``None``: an article without claims)."""
    counts = dict.fromkeys(STATUSES, 0)
    if f is not None:
        for status, n in f["status"].value_counts().items():
            counts[str(status)] = int(n)
    return DocSummary(
        doc=doc,
        title=title,
        date="2025-02-03",
        langs=() if f is None else tuple(sorted(set(f["lang"]))),
        source="test",
        url=url,
        sha256=hashlib.sha256(body.encode()).hexdigest(),
        n_claims=0 if f is None else len(f),
        counts=counts,
        n_failing=0 if f is None else int(f["fails"].sum()),
    )


def make_run(
    rows: list[dict[str, Any]],
    *,
    skipped: list[Skipped] | None = None,
    bodies: dict[str, str] | None = None,
    meta: dict[str, object] | None = None,
    titles: dict[str, str] | None = None,
    urls: dict[str, str] | None = None,
    empty_docs: Iterable[str] = (),
) -> RunResult:
    """A ``RunResult`` with one frame and summary per article in ``rows`` (grouped by ``doc``), plus
    a summary for each of ``empty_docs`` (articles without claims).  ``titles`` and ``urls`` are
    per article; ``meta`` is added to ``{"factcheck": "test"}``."""
    by_doc: dict[str, list[dict[str, Any]]] = {}
    for r in rows:
        by_doc.setdefault(r["doc"], []).append(r)
    bodies = bodies or {}
    frames = [frame(rs) for rs in by_doc.values()]
    docs = [
        summary(doc, f, title=(titles or {}).get(doc), url=(urls or {}).get(doc), body=bodies.get(doc, ""))
        for doc, f in [*zip(by_doc, frames, strict=True), *((d, None) for d in empty_docs)]
    ]
    return RunResult(docs, skipped or [], frames, bodies, {"factcheck": "test", **(meta or {})})


# The CI formats' run


def ci_run() -> RunResult:
    """Two articles: verified, contradicted (fails), unverified date (informational), unverified
    (fails, no rule), waived, and a claim text with characters every format must escape."""
    a, b = "articles/a.md", "articles/sub/b,1.txt"
    return make_run(
        [
            row(
                a,
                "c1",
                "70 billion dollars",
                line=3,
                col=5,
                start=10,
                status="verified",
                rule_id="trade.surplus",
                rule_file="rules/trade.yaml",
                value=7e10,
                ref_value=6.85e10,
                ref_unit="USD",
                ref_source="US Census",
                ref_url="https://www.census.gov/",
                explanation="within 10 % of 68.5 bn",
            ),
            row(
                a,
                "c2",
                "2 %",
                line=4,
                col=12,
                start=40,
                kind="percent",
                unit="percent",
                status="contradicted",
                rule_id="nato.gdp",
                rule_file="rules/nato.yaml",
                severity="error",
                ref_value=1.8,
                ref_source="NATO",
                ref_url="https://www.nato.int/",
                explanation="reference says 1.8 %",
                expected="1.8 %",
            ),
            row(
                a,
                "c3",
                "Friday",
                line=5,
                col=1,
                start=60,
                kind="date",
                unit=None,
                status="unverified",
                explanation="no rule covers this date",
                reason="no rule selects it",
                fails=False,
            ),
            row(
                b,
                "c4",
                "50%, up: 3\nrows",
                line=2,
                col=7,
                start=5,
                kind="percent",
                status="unverified",
                explanation='no rule, <b>"quoted"</b> & 100% sure',
                reason="no rule selects it",
            ),
            row(
                b,
                "c5",
                "500 Milliarden",
                line=9,
                col=2,
                start=90,
                status="waived",
                rule_id="invest",
                reason="suppressed in the article (factcheck-ignore, line 8): press release figure",
                explanation="waived (was contradicted): off by 20 %",
            ),
        ],
        skipped=[Skipped("articles/bin.txt", "binary file (contains NUL bytes)")],
        meta={"fail_on": ["contradicted", "unverified"]},
        titles={a: "A <title> & more"},
    )


# The HTML report's run

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

UNCOVERED = "no rule covers this claim"

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


def trade_rows(doc: str = "de/handel.txt") -> list[dict[str, Any]]:
    b = TRADE
    return [
        row_in(
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
        row_in(
            doc,
            b,
            "Rund 50.000",
            lang="de",
            kind="count",
            dimension="[count]",
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
        row_in(
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
        ),
        row_in(
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
            explanation=UNCOVERED,
            reason="no rule covers multipliers",
        ),
        row_in(
            doc,
            b,
            "Am Freitag",
            lang="de",
            kind="date",
            iso="2025-02-07",
            dimension="[date]",
            status="unverified",
            unit=None,
            norm_unit=None,
            explanation=UNCOVERED,
            reason="no reference for this date",
            severity="info",
        ),
    ]


def xss_rows(doc: str = "en/<xss>.html") -> list[dict[str, Any]]:
    b = XSS
    return [
        row_in(
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
            alternatives=json.dumps([{"series": "<svg onload=window.__xss=9>", "url": "javascript:alert(1)"}]),
        ),
        row_in(
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
            explanation=UNCOVERED,
            reason="accepted by <b>editor</b>",
        ),
    ]


def html_run(extra_docs: int = 0) -> RunResult:
    """Three articles (German trade piece, hostile HTML, one without claims) + two skipped files.

    ``extra_docs`` adds copies of the trade article (``bulk/NNNNN.txt``) for scale tests.
    """
    bulk = [f"bulk/{i:05d}.txt" for i in range(extra_docs)]
    return make_run(
        [*trade_rows(), *xss_rows(), *(r for doc in bulk for r in trade_rows(doc))],
        skipped=[
            Skipped("broken/binary.txt", "not UTF-8 text (byte 0xff at offset 3)"),
            Skipped("broken/<bad>.md", "front matter: <b>bad</b> YAML", line=2, col=5),
        ],
        bodies={"de/handel.txt": TRADE, "en/<xss>.html": XSS, "en/quiet.md": QUIET, **dict.fromkeys(bulk, TRADE)},
        meta={"rules_sha256": "0123456789ab"},
        titles={"de/handel.txt": "Handel & Allianz", "en/<xss>.html": "<script>window.__xss=10</script>Hostile"},
        urls={"en/<xss>.html": "javascript:window.__xss=11", "en/quiet.md": "https://example.org/quiet"},
        empty_docs=["en/quiet.md"],
    )
