"""``report.json``: every claim with its verdict, every input file, the run's policy.  Deterministic."""

from __future__ import annotations

from typing import Any

from factcheck.pipeline import RunResult
from factcheck.report import dumps, records, totals


def document(run: RunResult) -> dict[str, Any]:
    docs = [
        {
            "doc": d.doc,
            "title": d.title,
            "date": d.date,
            "langs": list(d.langs),
            "source": d.source,
            "url": d.url,
            "sha256": d.sha256,
            "claims": d.n_claims,
            "counts": d.counts,
            "failing": d.n_failing,
            "error": d.error,
        }
        for d in sorted(run.docs, key=lambda d: d.doc)
    ]
    skipped = [
        {"doc": s.doc, "reason": s.reason, "line": s.line or None, "col": s.col or None}
        for s in sorted(run.skipped, key=lambda s: s.doc)
    ]
    return {
        "meta": run.meta,
        "summary": {
            "files": len(run.docs) + len([s for s in run.skipped if s.doc not in {d.doc for d in run.docs}]),
            "processed": len([d for d in run.docs if d.error is None]),
            "skipped": len(run.skipped),
            "claims": len(run.verdicts),
            "failing": run.n_failing,
            "statuses": totals(run),
        },
        "documents": docs,
        "skipped": skipped,
        "claims": records(run.verdicts),
    }


def render(run: RunResult) -> str:
    return dumps(document(run))
