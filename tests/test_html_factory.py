"""Keeps the hand-made runs of tests/factories.py honest: they must satisfy the documented schema.

(The file keeps its name from when the HTML report's factory lived here; the factory is now shared
with the CI format, waiver and suppression tests.)
"""

from __future__ import annotations

from factories import ci_run, html_run

from factcheck.schema import (
    ALL_VERDICT_FRAME_COLUMNS,
    CLAIM_COLUMNS,
    NORMALIZED_COLUMNS,
    VERDICT_COLUMNS,
    validate,
)


def test_factory_frames_follow_the_schema() -> None:
    schema = {**CLAIM_COLUMNS, **NORMALIZED_COLUMNS, **VERDICT_COLUMNS}
    for run in (ci_run(), html_run()):
        for f in run.frames():
            validate(f.drop(columns=["fails"]), schema, "fixture")
            assert list(f.columns) == [*ALL_VERDICT_FRAME_COLUMNS, "fails"]
    assert [d.doc for d in html_run().docs] == ["de/handel.txt", "en/<xss>.html", "en/quiet.md"]


def test_factory_offsets_point_at_the_claim_text() -> None:
    run = html_run()
    for f in run.frames():
        body = run.body(str(f["doc"].iloc[0]))
        for r in f.itertuples():
            assert body[r.start : r.end] == r.text
