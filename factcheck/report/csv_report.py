"""``claims.csv``: the verdicts table, one row per claim, columns as documented in README.md."""

from __future__ import annotations

import io
from typing import Any

import pandas as pd

from factcheck.pipeline import RunResult
from factcheck.schema import ALL_VERDICT_FRAME_COLUMNS

COLUMNS = [*ALL_VERDICT_FRAME_COLUMNS, "fails"]
# Articles written per ``to_csv`` call: memory stays bounded by a group, not the run, while pandas'
# fixed cost per call is shared by a few thousand rows.
GROUP = 256


def render(run: RunResult) -> str:
    buf = io.StringIO()
    group: list[pd.DataFrame] = []
    shape: tuple[list[str], list[Any]] | None = None
    header = True
    for frame in run.frames():
        if not len(frame):
            continue
        this = ([str(c) for c in frame.columns], frame.dtypes.tolist())
        if shape is not None and this != shape:  # concatenating these would align or upcast columns
            return _write(run.verdicts, io.StringIO(), header=True).getvalue()
        shape = this
        group.append(frame)
        if len(group) == GROUP:
            _write(pd.concat(group, ignore_index=True), buf, header=header)
            group, header = [], False
    if group:
        _write(pd.concat(group, ignore_index=True) if len(group) > 1 else group[0], buf, header=header)
    elif header:
        _write(run.verdicts, buf, header=True)  # no claims: the header line alone
    return buf.getvalue()


def _write(frame: pd.DataFrame, buf: io.StringIO, *, header: bool) -> io.StringIO:
    """Rows sorted as in every report; article groups arrive in document order, so sorting each group
    gives the order of sorting the whole run."""
    if len(frame):
        frame = frame.sort_values(["doc", "start", "end", "claim_id"], kind="stable")
    frame.reindex(columns=COLUMNS).to_csv(buf, index=False, header=header, lineterminator="\n", float_format="%.10g")
    return buf
