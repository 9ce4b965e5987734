"""The documented, stable schemas of the claims and verdicts frames, checked at every stage boundary.

A column is added at the end, never renamed or removed without a major version.  README.md documents
each column; ``tests/test_schema.py`` keeps the README table and this module in step.
"""

from __future__ import annotations

import functools
import importlib
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from factcheck.models import KINDS, QUALIFIERS, Status

# column -> (pandas dtype, nullable, description)
CLAIM_COLUMNS: dict[str, tuple[str, bool, str]] = {
    "claim_id": (
        "object",
        False,
        "fingerprint: doc + normalized claim + nearby words; stable when unrelated text moves",
    ),
    "doc": ("object", False, "article path relative to the input root, forward slashes"),
    "lang": ("object", False, "language of the paragraph the claim is in (en, de)"),
    "start": ("int64", False, "code-point offset of the claim in the article body (after front matter)"),
    "end": ("int64", False, "end offset, exclusive"),
    "line": ("int64", False, "1-based line in the file"),
    "col": ("int64", False, "1-based column (code points) in the file"),
    "sentence": ("object", False, "the sentence the claim is in"),
    "text": ("object", False, "the claim as written"),
    "kind": ("object", False, "money, count, percent, percentage_points, ratio, quantity, date, duration, multiplier"),
    "value": ("float64", True, "number in `unit`, scale words applied (NaN for dates)"),
    "iso": ("object", True, "dates: YYYY, YYYY-MM, YYYY-MM-DD or YYYY-Www"),
    "unit": ("object", True, "pint unit of the project registry; ISO 4217 for money"),
    "low": ("float64", True, "lower end of the asserted interval (NaN = unbounded)"),
    "high": ("float64", True, "upper end of the asserted interval (NaN = unbounded)"),
    "qualifier": ("object", False, "exact, approx, more_than, at_least, at_most, less_than, range"),
    "change": ("object", True, "up or down for change claims ('rose by 3 points')"),
    "resolution": ("float64", True, "place value of the last written digit, in `unit`"),
    "related": ("object", True, "claim_id of the figure a multiplier or change modifies"),
    "subject": ("object", False, "noun or metric words next to the figure"),
    "period": ("object", True, "period stated with the claim (2024, FY2025)"),
    "ambiguity": ("object", True, "why the reading may be wrong, if it might be"),
}

NORMALIZED_COLUMNS: dict[str, tuple[str, bool, str]] = {
    "dimension": ("object", False, "[currency_USD], [length], [percent], [count], [date] ..."),
    "norm_value": ("float64", True, "value in `norm_unit` (SI base units; currencies unchanged)"),
    "norm_unit": ("object", True, "canonical unit used for comparisons"),
    "norm_low": ("float64", True, "low in `norm_unit`"),
    "norm_high": ("float64", True, "high in `norm_unit`"),
}

VERDICT_COLUMNS: dict[str, tuple[str, bool, str]] = {
    "status": ("object", False, "verified, contradicted, unverified or waived"),
    "rule_id": ("object", True, "the rule that decided the verdict"),
    "rule_file": ("object", True, "rule file path"),
    "severity": ("object", False, "info, warning or error (from the rule; unverified claims: warning)"),
    "ref_value": ("float64", True, "reference value, converted to the claim's unit"),
    "ref_unit": ("object", True, "unit of ref_value"),
    "ref_iso": ("object", True, "reference date for date claims"),
    "ref_period": ("object", True, "period of the reference value"),
    "ref_dataset": ("object", True, "reference file"),
    "ref_series": ("object", True, "series id in the reference file"),
    "ref_source": ("object", True, "source name"),
    "ref_url": ("object", True, "source URL"),
    "ref_retrieved": ("object", True, "date the source was retrieved"),
    "ref_hash": ("object", True, "sha256 of the reference file (first 12 hex digits)"),
    "deviation": ("float64", True, "relative deviation (claim - reference) / reference"),
    "tolerance": ("float64", True, "relative tolerance applied"),
    "explanation": ("object", False, "one-line explanation of the verdict"),
    "reason": ("object", True, "why a claim is unverified or waived"),
    "trace": (
        "object",
        False,
        "JSON list of arithmetic steps: text -> parsed -> normalized -> reference -> deviation -> status",
    ),
    "alternatives": ("object", True, "JSON list of other reference series for the same metric and what they say"),
    "expected": ("object", True, "for contradicted claims: what the figure would have to be"),
    "outdated": ("bool", False, "the claim matches an older value but a newer one differs"),
    "fingerprint": ("object", False, "baseline key: doc + normalized claim + context, robust to line shifts"),
}

ALL_VERDICT_FRAME_COLUMNS: tuple[str, ...] = (*CLAIM_COLUMNS, *NORMALIZED_COLUMNS, *VERDICT_COLUMNS)

STATUSES: tuple[str, ...] = tuple(s.value for s in Status)
_CLOSED_SETS: tuple[tuple[str, frozenset[str]], ...] = (
    ("kind", frozenset(KINDS)),
    ("qualifier", frozenset(QUALIFIERS)),
    ("status", frozenset(STATUSES)),
)


class SchemaError(AssertionError):
    """A stage produced a frame that breaks the documented schema: a bug in factcheck, not bad input."""


def empty_frame(columns: Mapping[str, tuple[str, bool, str]]) -> pd.DataFrame:
    return pd.DataFrame({name: pd.Series(dtype=spec[0]) for name, spec in columns.items()})


def frame_from_columns(
    cols: Mapping[str, Sequence[object] | np.ndarray[Any, Any]],
    columns: Mapping[str, tuple[str, bool, str]],
    stage: str,
) -> pd.DataFrame:
    """A validated frame of ``columns`` (in that order, with their dtypes) from plain column lists.

    Checked like ``validate`` checks a frame, then built without pandas' per-column inference:
    each dtype's columns are written straight into one 2-D block, laid out as pandas lays out
    that frame itself, so an article's few dozen rows cost a small fraction of ``pd.DataFrame(dict)``.
    ``None`` becomes NaN in float columns, as ``pd.Series(values, dtype="float64")`` makes it;
    object columns keep their values as they are.

    >>> spec = {"a": ("int64", False, ""), "b": ("float64", True, "")}
    >>> frame_from_columns({"a": [1, 2], "b": [None, 0.5]}, spec, "x")
       a    b
    0  1  NaN
    1  2  0.5
    """
    missing = [c for c in columns if c not in cols]
    if missing:
        raise SchemaError(f"{stage}: missing columns {missing}")
    names = tuple(columns)
    layout = _block_layout(tuple(spec[0] for spec in columns.values()))
    if layout is None:
        return _frame_from_arrays(cols, columns, stage)
    n = len(cols[names[0]]) if names else 0
    if any(len(cols[c]) != n for c in names):
        raise SchemaError(f"{stage}: columns of different lengths")
    blocks: list[np.ndarray[Any, Any]] = []
    for dtype, locs in layout:
        block = np.empty((len(locs), n), dtype=dtype)
        for row, loc in enumerate(locs):
            values = cols[names[loc]]
            block[row] = values if dtype.kind == "O" else np.asarray(values, dtype=dtype)
        blocks.append(block)
    if n:
        _check_blocks(names, columns, layout, blocks, stage)
    return _frame_of_blocks(names, layout, blocks, n)


def _check_blocks(
    names: tuple[str, ...],
    columns: Mapping[str, tuple[str, bool, str]],
    layout: _Layout,
    blocks: list[np.ndarray[Any, Any]],
    stage: str,
) -> None:
    """``frame_from_columns``' checks, a block at a time: nulls in non-nullable columns, closed sets."""
    bad: list[int] = []
    where: dict[str, tuple[int, int]] = {}
    for b, ((dtype, locs), block) in enumerate(zip(layout, blocks, strict=True)):
        for row, loc in enumerate(locs):
            where[names[loc]] = (b, row)
        required = [row for row, loc in enumerate(locs) if not columns[names[loc]][1]]
        if required and dtype.kind in "Of":
            nulls = np.flatnonzero(np.asarray(pd.isna(block[required])).any(axis=1))
            bad += [locs[required[i]] for i in nulls.tolist()]
    if bad:
        raise SchemaError(f"{stage}: columns {[names[loc] for loc in sorted(bad)]} have nulls")
    for name, allowed in _CLOSED_SETS:
        if name in where:
            b, row = where[name]
            unknown = set(blocks[b][row].tolist()) - allowed
            if unknown:
                raise SchemaError(f"{stage}: unknown {name} values {sorted(map(str, unknown))}")


_Layout = tuple[tuple[np.dtype[Any], tuple[int, ...]], ...]


@functools.cache
def _block_api() -> tuple[Any, Any, Any, Any, Any] | None:
    """pandas' (private, long-standing) block constructors: BlockPlacement, new_block_2d, BlockManager,
    DataFrame._from_mgr, Index._view; None on a pandas without them (frames are then built column by
    column)."""
    try:
        placement = importlib.import_module("pandas._libs.internals").BlockPlacement
        new_block_2d = importlib.import_module("pandas.core.internals.blocks").new_block_2d
        manager = importlib.import_module("pandas.core.internals.managers").BlockManager
        return placement, new_block_2d, manager, getattr(pd.DataFrame, "_from_mgr"), getattr(pd.Index, "_view")  # noqa: B009
    except (ImportError, AttributeError):
        return None


@functools.lru_cache(maxsize=64)
def _block_layout(dtypes: tuple[str, ...]) -> _Layout | None:
    """How pandas lays out a frame of these column dtypes: (dtype, column positions) per block, in its
    order; None where a dtype is not a NumPy one or this pandas lacks the block constructors."""
    if _block_api() is None:
        return None
    try:
        np_dtypes = [np.dtype(d) for d in dtypes]
    except TypeError:
        return None
    probe = pd.DataFrame({i: np.empty(1, dtype=d) for i, d in enumerate(np_dtypes)})
    layout = tuple((blk.dtype, tuple(blk.mgr_locs.as_array.tolist())) for blk in probe._mgr.blocks)
    if not all(isinstance(dtype, np.dtype) for dtype, _ in layout):
        return None
    return layout


@functools.lru_cache(maxsize=64)
def _columns_index(names: tuple[str, ...]) -> pd.Index:
    return pd.Index(list(names), dtype=object)


def _frame_of_blocks(
    names: tuple[str, ...], layout: _Layout, blocks: list[np.ndarray[Any, Any]], n: int
) -> pd.DataFrame:
    api = _block_api()
    assert api is not None  # _block_layout returned a layout
    placement, new_block_2d, manager, from_mgr, view = api
    made = tuple(
        new_block_2d(block, placement=placement(np.asarray(locs, dtype=np.intp)))
        for (_, locs), block in zip(layout, blocks, strict=True)
    )
    # a view of the cached column index: a frame that renames its columns renames only its own
    mgr = manager(made, [view(_columns_index(names)), pd.RangeIndex(n)], verify_integrity=False)
    mgr._consolidate_inplace()  # already one block per dtype: this only records that
    frame: pd.DataFrame = from_mgr(mgr, axes=mgr.axes)
    return frame


def _frame_from_arrays(
    cols: Mapping[str, Sequence[object] | np.ndarray[Any, Any]],
    columns: Mapping[str, tuple[str, bool, str]],
    stage: str,
) -> pd.DataFrame:
    """``frame_from_columns`` through pandas' array constructor, column by column."""
    arrays: list[np.ndarray[Any, Any]] = []
    for name, (dtype, _, _) in columns.items():
        values = cols[name]
        if dtype == "object":
            arr = np.empty(len(values), dtype=object)
            arr[:] = values
        else:
            arr = np.asarray(values, dtype=dtype)
        arrays.append(arr)
    n = len(arrays[0]) if arrays else 0
    if any(len(a) != n for a in arrays):
        raise SchemaError(f"{stage}: columns of different lengths")
    if n:
        bad_cols = [
            name
            for (name, (_, nullable, _)), arr in zip(columns.items(), arrays, strict=True)
            if not nullable and arr.dtype.kind in "Of" and bool(pd.isna(arr).any())
        ]
        if bad_cols:
            raise SchemaError(f"{stage}: columns {bad_cols} have nulls")
        for name, allowed in _CLOSED_SETS:
            if name in columns:
                bad = set(arrays[list(columns).index(name)].tolist()) - allowed
                if bad:
                    raise SchemaError(f"{stage}: unknown {name} values {sorted(map(str, bad))}")
    names = pd.Index(list(columns), dtype=object)
    index = pd.RangeIndex(n)
    build = getattr(pd.DataFrame, "_from_arrays", None)
    if build is None:  # a pandas without the (long-standing, private) constructor: the public one
        return pd.DataFrame(dict(zip(names, arrays, strict=True)), columns=names, index=index)
    frame: pd.DataFrame = build(arrays, columns=names, index=index, verify_integrity=False)
    return frame


def validate(frame: pd.DataFrame, columns: Mapping[str, tuple[str, bool, str]], stage: str) -> pd.DataFrame:
    """Check column presence, dtypes, nulls and closed sets; return the frame with columns ordered.

    Vectorised and cheap (one null scan over all non-nullable columns), so it runs on every frame.
    """
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise SchemaError(f"{stage}: missing columns {missing}")
    if len(frame):
        required = [name for name, (_, nullable, _) in columns.items() if not nullable]
        nulls = [bool(frame[c].isna().any()) for c in required] if frame[required].isna().to_numpy().any() else []
        if nulls:
            bad_cols = [c for c, n in zip(required, nulls, strict=True) if n]
            raise SchemaError(f"{stage}: columns {bad_cols} have nulls")
        for name, (dtype, _, _) in columns.items():
            if dtype in ("int64", "float64") and frame[name].dtype.kind not in "iufb":
                raise SchemaError(f"{stage}: column {name!r} is {frame[name].dtype}, expected {dtype}")
        for name, allowed in (("kind", KINDS), ("qualifier", QUALIFIERS), ("status", STATUSES)):
            if name in columns:
                bad = set(frame[name].unique()) - set(allowed)
                if bad:
                    raise SchemaError(f"{stage}: unknown {name} values {sorted(map(str, bad))}")
    if list(frame.columns[: len(columns)]) == list(columns):
        return frame
    extra = [c for c in frame.columns if c not in columns]
    return frame[[*columns, *extra]]
