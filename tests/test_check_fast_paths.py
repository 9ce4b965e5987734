"""The checker's column-wise and text-wise shortcuts give what the plain per-row forms give."""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from factcheck.check import _trace_json, check_claims, selects
from factcheck.checks.base import Claim
from factcheck.ruleset import load_ruleset

ROOT = Path(__file__).resolve().parent.parent

COLUMNS: dict[str, Any] = {
    "claim_id": ["c1", "c2", "c3", "c4"],
    "doc": ["a.md"] * 4,
    "lang": ["de", "en", "de", "en"],
    "line": [3, 0, 5, 7],
    "col": np.array([1, 2, 3, 4]),
    "sentence": ["Japans Handelsüberschuss lag bei 70 Milliarden Dollar.", "", None, "5 ships."],
    "text": ["70 Milliarden Dollar", "2 %", "20. Januar", "5"],
    "kind": ["money", "percent", "date", "count"],
    "value": [7e10, 2, None, math.nan],
    "iso": [None, math.nan, "2025-01-20", ""],
    "unit": ["USD", None, None, ""],
    "low": [None, 1.5, None, 5.0],
    "high": np.array([math.nan, 2.5, math.nan, math.inf]),
    "qualifier": ["approx", "range", None, ""],
    "resolution": [1e9, 1.0, None, 1],
    "subject": ["Handelsüberschuss Japans", None, "Amtsantritt", "ships"],
    "dimension": ["[currency_USD]", "[percent]", "[date]", "[count]"],
    "norm_value": np.array([7e10, 2.0, math.nan, -0.0]),
    "norm_unit": ["USD", None, None, "count"],
}


def test_claims_from_columns_equal_claims_from_rows() -> None:
    plain = {k: (v.tolist() if isinstance(v, np.ndarray) else v) for k, v in COLUMNS.items()}
    rows = [Claim.from_row({k: v[i] for k, v in plain.items()}) for i in range(4)]
    fast = Claim.from_columns(COLUMNS)
    assert repr(fast) == repr(rows)  # repr: NaN-free, and tells 0 from 0.0 and None from ""
    assert [c.unit for c in fast] == ["USD", "percent", None, "count"]


def test_claims_from_columns_needs_ids_and_kinds() -> None:
    with pytest.raises(KeyError):
        Claim.from_columns({"claim_id": ["c1"]})


@pytest.mark.parametrize(
    "steps",
    [
        [],
        [("text", '70 Mrd. € "zitiert"\n'), ("deviation", 0.5), ("also", None), ("total", [1, "x"])],
        [("a new step", {"k": math.nan}), ("status", "unverified (keine Referenz \u2014 \U0001f600)")],
    ],
)
def test_trace_json_is_json_dumps(steps: list[tuple[str, Any]]) -> None:
    expected = json.dumps([{"step": s, "value": v} for s, v in steps], ensure_ascii=False)
    assert _trace_json(steps) == expected


def test_rule_selection_by_kind_is_selects() -> None:
    """check_claims looks only at the claims of a rule's kinds; what it selects is what selects() says."""
    ruleset = load_ruleset([ROOT / "rules"])
    claims = Claim.from_columns({**COLUMNS, "kind": ["money", "percent", "date", "count"]})
    paragraphs = {(c.doc, c.line): c.sentence for c in claims}
    rows = check_claims(claims, ruleset, pub_date=None)
    for c, row in zip(claims, rows, strict=True):
        chosen = [r.id for r in ruleset.rules if selects(r, c, ruleset, paragraphs)]
        assert (row["rule_id"] is None) == (not chosen)
        if row["rule_id"] is not None:
            assert row["rule_id"] in chosen
        elif chosen:
            assert row["reason"] == f"selected by {', '.join(chosen)}, which reached no verdict for it"
