"""Output formats: one module per format; each returns text (or name -> text), none writes files.

The CLI (``factcheck/cli``) is the only place that writes files.
"""

from __future__ import annotations

import json
import math
from collections import Counter
from typing import Any, NamedTuple

import pandas as pd

from factcheck.pipeline import RunResult


def clean(value: Any) -> Any:
    """A JSON-safe scalar: NaN/NA -> None, numpy scalars -> Python."""
    if value is None:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if value is pd.NA or value is pd.NaT:
        return None
    if hasattr(value, "item") and not isinstance(value, (str, bytes)):
        try:
            value = value.item()
        except (ValueError, AttributeError):
            return value
        if isinstance(value, float) and math.isnan(value):
            return None
    return value


def records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """Rows of ``frame`` as plain dicts, sorted by (doc, start, claim_id), JSON-safe."""
    if not len(frame):
        return []
    ordered = frame.sort_values(["doc", "start", "end", "claim_id"], kind="stable")
    cols = list(ordered.columns)
    return [{c: clean(v) for c, v in zip(cols, row, strict=True)} for row in ordered.itertuples(index=False, name=None)]


def totals(run: RunResult) -> dict[str, int]:
    return status_counts(run.status_counts())


def status_counts(found: Counter[str]) -> dict[str, int]:
    """Claims per status, every status present (other keys after, most frequent first)."""
    counts = {"verified": 0, "contradicted": 0, "unverified": 0, "waived": 0}
    for k, v in sorted(found.items(), key=lambda kv: -kv[1]):
        counts[k] = v
    return counts


def dumps(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=False) + "\n"


SORT_KEYS: tuple[str, ...] = ("doc", "start", "end", "claim_id")


class Rows(NamedTuple):
    """One article's verdicts as plain JSON-safe Python values (``clean``: NaN and NA are ``None``),
    rows sorted by position as in every report.

    Built once per article (``of``: one ``to_numpy`` and one pass per column) so that several formats
    can render the article without paying pandas' per-column access or a call per cell again.
    """

    names: list[str]
    kinds: list[str]  # numpy dtype kind of each column: "f", "i", "b", "O", ...
    rows: list[tuple[Any, ...]]

    @classmethod
    def of(cls, frame: pd.DataFrame) -> Rows:
        names = [str(c) for c in frame.columns]
        kinds = [dt.kind for dt in frame.dtypes.tolist()]
        if not len(frame):
            return cls(names, kinds, [])
        cells = frame.to_numpy(dtype=object).tolist()
        columns = [_clean_column(col, kind) for col, kind in zip(zip(*cells, strict=True), kinds, strict=True)]
        rows = list(zip(*columns, strict=True))
        at = {name: i for i, name in enumerate(names)}
        keys = [at[k] for k in SORT_KEYS]
        rows.sort(key=lambda r: [r[k] for k in keys])  # stable, as pandas' "stable" sort
        return cls(names, kinds, rows)


_PLAIN = frozenset({str, int, bool, type(None)})


def _clean_column(values: tuple[Any, ...], kind: str) -> list[Any]:
    """``clean`` over one column, without a call per cell where the dtype says what the cells are."""
    if kind == "f":
        return [None if v != v else v for v in values]  # float64: NaN is the only missing value
    if kind in "iub":
        return list(values)
    return [v if type(v) in _PLAIN else clean(v) for v in values]
