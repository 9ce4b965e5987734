"""``claims.csv``: the verdicts table, one row per claim, columns as documented in README.md."""

from __future__ import annotations

import io

from factcheck.pipeline import RunResult
from factcheck.schema import ALL_VERDICT_FRAME_COLUMNS


def render(run: RunResult) -> str:
    frame = run.verdicts
    cols = [*ALL_VERDICT_FRAME_COLUMNS, "fails"]
    if len(frame):
        frame = frame.sort_values(["doc", "start", "end", "claim_id"], kind="stable")
    buf = io.StringIO()
    frame.reindex(columns=cols).to_csv(buf, index=False, lineterminator="\n", float_format="%.10g")
    return buf.getvalue()
