"""``report.json``: every claim with its verdict, every input file, the run's policy.  Deterministic."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator
from functools import lru_cache
from typing import Any

import pandas as pd

from factcheck.models import Skipped
from factcheck.pipeline import DocSummary, RunResult
from factcheck.report import Rows, dumps, records, status_counts, totals


def document(run: RunResult) -> dict[str, Any]:
    """The whole report as data (every claim as a dict)."""
    return _document(run, len(run.verdicts), totals(run), records(run.verdicts))


def _doc_entry(d: DocSummary) -> dict[str, Any]:
    return {
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


def _skipped_entry(s: Skipped) -> dict[str, Any]:
    return {"doc": s.doc, "reason": s.reason, "line": s.line or None, "col": s.col or None}


def _summary(run: RunResult, n_claims: int, statuses: dict[str, int]) -> dict[str, Any]:
    return {
        "files": len(run.docs) + len([s for s in run.skipped if s.doc not in {d.doc for d in run.docs}]),
        "processed": len([d for d in run.docs if d.error is None]),
        "skipped": len(run.skipped),
        "claims": n_claims,
        "failing": run.n_failing,
        "statuses": statuses,
    }


def _document(run: RunResult, n_claims: int, statuses: dict[str, int], claims: list[Any]) -> dict[str, Any]:
    return {
        "meta": run.meta,
        "summary": _summary(run, n_claims, statuses),
        "documents": [_doc_entry(d) for d in sorted(run.docs, key=lambda d: d.doc)],
        "skipped": [_skipped_entry(s) for s in sorted(run.skipped, key=lambda s: s.doc)],
        "claims": claims,
    }


def _head(run: RunResult, n_claims: int, statuses: dict[str, int]) -> Iterator[str]:
    """``dumps(_document(...))`` up to the claims' value (``'"claims": '`` included), one document
    entry at a time, so the run's document list is never one big structure in memory."""
    top = dumps({"meta": run.meta, "summary": _summary(run, n_claims, statuses)})
    yield top[: -len("\n}\n")]
    yield from _list("documents", (_doc_entry(d) for d in sorted(run.docs, key=lambda d: d.doc)))
    yield from _list("skipped", (_skipped_entry(s) for s in sorted(run.skipped, key=lambda s: s.doc)))
    yield ',\n  "claims": '


def _list(key: str, items: Iterator[dict[str, Any]]) -> Iterator[str]:
    """``,\n  "key": [...]`` as ``json.dumps(..., indent=2)`` lays out a list at depth 1."""
    yield f",\n  {json.dumps(key)}: "
    first = True
    for item in items:
        text = json.dumps(item, ensure_ascii=False, indent=2).replace("\n", "\n    ")
        yield ("[\n    " if first else ",\n    ") + text
        first = False
    yield "[]" if first else "\n  ]"


def render(run: RunResult) -> str:
    """``dumps(document(run))``, byte for byte (see ``chunks``)."""
    return "".join(chunks(run))


def chunks(run: RunResult) -> Iterator[str]:
    """``dumps(document(run))`` in pieces, one article's claims at a time.

    The claims are encoded column by column with the standard library's C encoder and laid out as
    ``indent=2`` would lay them out, so the run's claims are never gathered in one frame or one
    list of dicts (and the encoding is about 3x faster than ``json.dumps(..., indent=2)``).  A run
    with prerendered pieces (``run.pieces("json")``, rendered by the batch workers with
    ``claims_text``) is only joined here; its totals come from the article summaries.
    """
    pieces = run.pieces("json")
    if pieces is not None:
        found = run.status_counts()
        yield from _join(_head(run, sum(found.values()), status_counts(found)), pieces)
        return
    parts: list[str] = []
    found = Counter()
    shape: tuple[list[str], list[Any]] | None = None
    for frame in run.frames():
        if not len(frame):
            continue
        this = ([str(c) for c in frame.columns], frame.dtypes.tolist())
        if shape is not None and this != shape:  # concatenating these would align or upcast columns
            yield dumps(document(run))
            return
        shape = this
        parts.append(claims_text(frame))
        found.update(str(s) for s in frame["status"].tolist())
    yield from _join(_head(run, sum(found.values()), status_counts(found)), iter(parts))


def _join(head: Iterator[str], parts: Iterator[str]) -> Iterator[str]:
    yield from head
    first = True
    for part in parts:
        if not part:
            continue
        yield ("[\n" if first else ",\n") + part
        first = False
    yield "[]\n}\n" if first else "\n  ]\n}\n"


# Encoded JSON never contains a raw newline, so with "\n" as the item separator the C encoder's
# output of a list splits back into one encoded value per item.
_COLUMN = json.JSONEncoder(ensure_ascii=False, separators=("\n", ": "))


def claims_text(frame: pd.DataFrame | Rows) -> str:
    """One article's claim records as ``json.dumps(..., indent=2)`` lays them out inside the document
    (records at depth 2), sorted and cleaned as ``records`` does ("" for no claims).

    Every cell is encoded by one call of the C encoder; each record is then one ``%`` of a template
    that holds the keys.
    """
    names, _, rows = frame if isinstance(frame, Rows) else Rows.of(frame)
    if not rows:
        return ""
    n = len(names)
    cells = [v for row in rows for v in row]  # ``Rows`` are clean already
    encoded = _COLUMN.encode(cells)[1:-1].split("\n")
    template = _record_template(tuple(names))
    return ",\n".join(template % tuple(encoded[i : i + n]) for i in range(0, len(encoded), n))


@lru_cache(maxsize=8)
def _record_template(names: tuple[str, ...]) -> str:
    keys = [json.dumps(name, ensure_ascii=False).replace("%", "%%") for name in names]
    return "    {\n" + ",\n".join(f"      {key}: %s" for key in keys) + "\n    }"
