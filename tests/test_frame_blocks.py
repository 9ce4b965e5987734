"""``frame_from_columns`` writes pandas blocks directly; the frame is the one pandas' constructor makes."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import pytest

from factcheck import schema
from factcheck.schema import CLAIM_COLUMNS, SchemaError, frame_from_columns

SPEC = {
    "claim_id": CLAIM_COLUMNS["claim_id"],
    "line": CLAIM_COLUMNS["line"],
    "kind": CLAIM_COLUMNS["kind"],
    "value": CLAIM_COLUMNS["value"],
    "unit": CLAIM_COLUMNS["unit"],
    "col": CLAIM_COLUMNS["col"],
    "low": CLAIM_COLUMNS["low"],
    "outdated": ("bool", False, ""),
}
COLS: dict[str, Any] = {
    "claim_id": ["a", "b", "c"],
    "line": [1, 2, 3],
    "kind": ["count", "money", "percent"],
    "value": [1.0, None, 2.5],
    "unit": [None, "USD", "percent"],
    "col": np.array([4, 5, 6]),
    "low": np.array([np.nan, 1.0, 2.0]),
    "outdated": [False, True, False],
}


def _layout(frame: pd.DataFrame) -> list[tuple[str, list[int]]]:
    return [(str(b.dtype), b.mgr_locs.as_array.tolist()) for b in frame._mgr.blocks]


@pytest.mark.parametrize("rows", [3, 0])
def test_blocks_equal_the_column_by_column_frame(rows: int) -> None:
    cols = {k: v[:rows] for k, v in COLS.items()}
    fast, slow = frame_from_columns(cols, SPEC, "x"), schema._frame_from_arrays(cols, SPEC, "x")
    pd.testing.assert_frame_equal(fast, slow, check_exact=True, check_index_type=True, check_column_type=True)
    assert _layout(fast) == _layout(slow) and len(fast._mgr.blocks) == 4  # one block per dtype, as pandas has it
    for name in SPEC:
        assert [type(v) for v in fast[name].tolist()] == [type(v) for v in slow[name].tolist()], name


def test_frames_do_not_share_their_column_index() -> None:
    first, second = frame_from_columns(COLS, SPEC, "x"), frame_from_columns(COLS, SPEC, "x")
    first.columns.name = "renamed"
    assert second.columns.name is None


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"claim_id": ["a", None, "c"]}, r"x: columns \['claim_id'\] have nulls"),
        ({"kind": ["count", "weight", "money"]}, r"x: unknown kind values \['weight'\]"),
        ({"unit": ["a", "b"]}, "x: columns of different lengths"),
    ],
)
def test_blocks_are_checked(change: dict[str, list[Any]], message: str) -> None:
    with pytest.raises(SchemaError, match=message):
        frame_from_columns({**COLS, **change}, SPEC, "x")
    with pytest.raises(SchemaError, match=message):
        schema._frame_from_arrays({**COLS, **change}, SPEC, "x")
