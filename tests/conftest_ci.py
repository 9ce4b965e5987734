"""Hand-made verdict frames and RunResults for the CI formats, waivers and suppression tests.

``make_run`` builds a ``RunResult`` whose frames carry every column of
``factcheck.schema.ALL_VERDICT_FRAME_COLUMNS`` plus ``fails``, without running extraction or checking,
so the report formats are tested on exactly the rows they get.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from factcheck.models import Skipped
from factcheck.pipeline import DocSummary, RunResult
from factcheck.schema import ALL_VERDICT_FRAME_COLUMNS

DEFAULTS: dict[str, Any] = {
    "lang": "en",
    "sentence": "",
    "kind": "money",
    "value": float("nan"),
    "iso": None,
    "unit": "USD",
    "low": float("nan"),
    "high": float("nan"),
    "qualifier": "exact",
    "change": None,
    "resolution": float("nan"),
    "related": None,
    "subject": "",
    "period": None,
    "ambiguity": None,
    "dimension": "[currency_USD]",
    "norm_value": float("nan"),
    "norm_unit": "USD",
    "norm_low": float("nan"),
    "norm_high": float("nan"),
    "status": "verified",
    "rule_id": None,
    "rule_file": None,
    "severity": "warning",
    "ref_value": float("nan"),
    "ref_unit": None,
    "ref_iso": None,
    "ref_period": None,
    "ref_dataset": None,
    "ref_series": None,
    "ref_source": None,
    "ref_url": None,
    "ref_retrieved": None,
    "ref_hash": None,
    "deviation": float("nan"),
    "tolerance": float("nan"),
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


def frame(rows: list[dict[str, Any]]) -> pd.DataFrame:
    f = pd.DataFrame(rows, columns=[*ALL_VERDICT_FRAME_COLUMNS, "fails"])
    for c in ("start", "end", "line", "col"):
        f[c] = f[c].astype("int64")
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
        f[c] = pd.to_numeric(f[c]).astype("float64")
    f["fails"] = f["fails"].astype(bool)
    f["outdated"] = f["outdated"].astype(bool)
    return f


def make_run(
    rows: list[dict[str, Any]],
    *,
    skipped: list[Skipped] | None = None,
    bodies: dict[str, str] | None = None,
    meta: dict[str, object] | None = None,
    titles: dict[str, str] | None = None,
) -> Any:
    by_doc: dict[str, list[dict[str, Any]]] = {}
    for r in rows:
        by_doc.setdefault(r["doc"], []).append(r)
    frames = [frame(v) for v in by_doc.values()]
    docs = []
    for doc, rs in by_doc.items():
        counts = {s: 0 for s in ("verified", "contradicted", "unverified", "waived")}
        for r in rs:
            counts[r["status"]] += 1
        docs.append(
            DocSummary(
                doc=doc,
                title=(titles or {}).get(doc),
                date="2025-02-03",
                langs=tuple(sorted({r["lang"] for r in rs})),
                source="test",
                url=None,
                sha256="ab" * 32,
                n_claims=len(rs),
                counts=counts,
                n_failing=sum(bool(r["fails"]) for r in rs),
            )
        )
    return RunResult(docs, skipped or [], frames, bodies or {}, {"factcheck": "test", **(meta or {})})


def sample_run() -> Any:
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
