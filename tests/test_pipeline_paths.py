"""``process_document`` runs the stages on plain column lists; the public frame stages must agree with it.

``build_claims`` -> ``normalize`` -> ``check`` (what ``factcheck extract`` and the rule tools use) and the
pipeline's one-frame-per-article path share their cores but build their frames differently, so every
seed article is run both ways and compared cell for cell, dtype for dtype.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from factcheck.check import check
from factcheck.claims import build_claims
from factcheck.extract import extract_segments, split_segments
from factcheck.io import discover, read_article
from factcheck.models import Document
from factcheck.normalize import normalize
from factcheck.pipeline import process_document
from factcheck.ruleset import RuleSet, load_ruleset
from factcheck.schema import (
    ALL_VERDICT_FRAME_COLUMNS,
    CLAIM_COLUMNS,
    NORMALIZED_COLUMNS,
    VERDICT_COLUMNS,
    SchemaError,
    frame_from_columns,
    validate,
)

ROOT = Path(__file__).resolve().parents[1]
SPECS = {**CLAIM_COLUMNS, **NORMALIZED_COLUMNS, **VERDICT_COLUMNS}


def _seed_docs() -> list[Document]:
    docs = [read_article(inp) for inp in discover([ROOT / "seeds"])]
    return [d for d in docs if isinstance(d, Document)]


@pytest.fixture(scope="module")
def ruleset() -> RuleSet:
    return load_ruleset([ROOT / "rules"])


def _by_stages(doc: Document, ruleset: RuleSet) -> pd.DataFrame:
    segments = doc.segments or split_segments(doc.body, forced=doc.language)
    claims = build_claims(doc, extract_segments(doc.body, segments, doc.date))
    verdicts = check(normalize(claims), ruleset, pub_date=doc.date)
    if len(verdicts):
        verdicts["fingerprint"] = verdicts["claim_id"]
    return validate(verdicts, SPECS, "check")[list(ALL_VERDICT_FRAME_COLUMNS)]


@pytest.mark.parametrize("doc", _seed_docs(), ids=lambda d: d.doc)
def test_pipeline_frame_equals_the_frame_stages(doc: Document, ruleset: RuleSet) -> None:
    fast, staged = process_document(doc, ruleset), _by_stages(doc, ruleset)
    pd.testing.assert_frame_equal(fast, staged, check_dtype=True, check_index_type=True)
    for name in fast.columns:  # None and NaN both pass assert_frame_equal; reports tell them apart
        assert [type(v) for v in fast[name].tolist()] == [type(v) for v in staged[name].tolist()], name


def test_frame_from_columns_types_and_checks() -> None:
    spec = {"kind": CLAIM_COLUMNS["kind"], "value": CLAIM_COLUMNS["value"], "line": CLAIM_COLUMNS["line"]}
    frame = frame_from_columns({"kind": ["count", "money"], "value": [None, 2.5], "line": [1, 2]}, spec, "x")
    assert [str(t) for t in frame.dtypes] == ["object", "float64", "int64"]
    assert frame["value"].isna().tolist() == [True, False]
    with pytest.raises(SchemaError, match=r"x: columns \['kind'\] have nulls"):
        frame_from_columns({"kind": ["count", None], "value": [1.0, 2.0], "line": [1, 2]}, spec, "x")
    with pytest.raises(SchemaError, match="unknown kind values"):
        frame_from_columns({"kind": ["count", "weight"], "value": [1.0, 2.0], "line": [1, 2]}, spec, "x")
    with pytest.raises(SchemaError, match="missing columns"):
        frame_from_columns({"kind": ["count"]}, spec, "x")
