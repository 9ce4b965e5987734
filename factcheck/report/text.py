"""Terminal format, one line per finding: ``path:line:col: status rule-id message``.

Editors and CI log viewers turn ``path:line:col`` into links.  By default only claims that fail the
run's policy are listed (what a CI job needs to fix); ``show="findings"`` adds contradicted or
unverified claims that do not fail, ``show="all"`` every claim including verified and waived ones.
Files that were not read follow as ``path[:line:col]: skipped - reason``.

>>> line({"doc": "a.md", "line": 3, "col": 7, "status": "contradicted", "rule_id": "gdp.share",
...       "text": "2 %", "explanation": "reference 1.8 %"})
'a.md:3:7: contradicted gdp.share "2 %": reference 1.8 %'
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, Literal

import pandas as pd

from factcheck.pipeline import RunResult
from factcheck.report import Rows
from factcheck.report.findings import is_finding, message, rows, rule_id

Show = Literal["failing", "findings", "all"]


def line(r: dict[str, Any]) -> str:
    return f"{r['doc']}:{r['line']}:{r['col']}: {r['status']} {rule_id(r)} {message(r)}"


def render(run: RunResult, show: Show = "failing") -> str:
    out: list[str] = []
    for r in rows(run):
        if show == "all" or (show == "findings" and is_finding(r)) or r.get("fails"):
            out.append(line(r))
    return "".join(f"{x}\n" for x in out) + _skipped(run)


def chunks(run: RunResult) -> Iterator[str]:
    """``render(run)`` in pieces: each article's failing claims (prerendered ones if the run has
    them, see ``doc_lines``), then the skipped files."""
    pieces = run.pieces("text")
    if pieces is None:
        yield render(run)
        return
    yield from pieces
    yield _skipped(run)


def doc_lines(frame: pd.DataFrame | Rows) -> str:
    """One article's lines of the default (``failing``) listing."""
    rows = frame if isinstance(frame, Rows) else Rows.of(frame)
    if not rows.rows or "fails" not in rows.names:
        return ""
    fails = rows.names.index("fails")
    return "".join(f"{line(dict(zip(rows.names, r, strict=True)))}\n" for r in rows.rows if r[fails])


def _skipped(run: RunResult) -> str:
    out = []
    for s in run.skipped:
        where = f"{s.doc}:{s.line}:{s.col}" if s.line else s.doc
        out.append(f"{where}: skipped - {s.reason}\n")
    return "".join(out)
