"""report.json and claims.csv are written article by article; they must equal rendering the whole run at once.

The reference renderings below are the plain definitions: ``json.dumps`` of the report document with
every claim, and one ``to_csv`` of all verdicts sorted.  The named runs cover every status, claims
to escape, an article without claims, and frames whose dtypes differ (the whole-run fallback).
"""

from __future__ import annotations

import io
import json

import pytest
from factories import ci_run, html_run, make_run, row

from factcheck.pipeline import RunResult
from factcheck.report import csv_report, json_report
from factcheck.schema import ALL_VERDICT_FRAME_COLUMNS


def whole_json(run: RunResult) -> str:
    return json.dumps(json_report.document(run), ensure_ascii=False, indent=2) + "\n"


def whole_csv(run: RunResult) -> str:
    verdicts = run.verdicts
    if len(verdicts):
        verdicts = verdicts.sort_values(["doc", "start", "end", "claim_id"], kind="stable")
    buf = io.StringIO()
    verdicts.reindex(columns=[*ALL_VERDICT_FRAME_COLUMNS, "fails"]).to_csv(
        buf, index=False, lineterminator="\n", float_format="%.10g"
    )
    return buf.getvalue()


def many_docs_run() -> RunResult:
    rows = [
        row(f"d{i:02d}.md", f"c{i}-{j}", f"{i * 10 + j} %", status=("verified", "contradicted", "unverified")[j % 3])
        for i in range(9)
        for j in range(3)
    ]
    return make_run(rows)


RUNS = {
    "ci": ci_run,
    "html": html_run,
    "many": many_docs_run,
    "empty": lambda: make_run([]),
}


@pytest.mark.parametrize("name", sorted(RUNS))
def test_streamed_reports_equal_whole_run(name: str) -> None:
    run = RUNS[name]()
    assert json_report.render(run) == whole_json(run)
    assert csv_report.render(run) == whole_csv(run)


def test_frames_with_different_dtypes_fall_back_to_the_whole_run() -> None:
    run = many_docs_run()
    first = next(iter(run.frames()))
    doc = str(first["doc"].iloc[0])
    run._frames[doc] = first.astype({"line": "float64", "fails": object})  # what concatenation would upcast
    assert json_report.render(run) == whole_json(run)
    assert '"line": 1.0' in json_report.render(run)
    assert csv_report.render(run) == whole_csv(run)
