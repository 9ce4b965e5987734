"""``claims.csv``: the verdicts table, one row per claim, columns as documented in README.md.

Rows are encoded with the standard library's C ``csv`` writer over column lists, formatted as
``DataFrame.to_csv(index=False, float_format="%.10g", lineterminator="\\n")`` formats them (floats
``%.10g``, missing values empty, booleans ``True``/``False``); ``tests/test_report_formats.py``
holds the two to the same bytes.  One article costs ~0.1 ms this way, against ~1 ms for a
``to_csv`` call, so the per-article rows can be rendered in the batch workers (``rows_text``) and
the report is the header plus those pieces.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from typing import Any

import pandas as pd

from factcheck.pipeline import RunResult
from factcheck.report import Rows
from factcheck.schema import ALL_VERDICT_FRAME_COLUMNS

COLUMNS = [*ALL_VERDICT_FRAME_COLUMNS, "fails"]


def render(run: RunResult) -> str:
    return "".join(chunks(run))


def chunks(run: RunResult) -> Iterator[str]:
    """The file in pieces: the header line, then each article's rows (prerendered ones if the run has them)."""
    yield header()
    pieces = run.pieces("csv")
    if pieces is not None:
        yield from pieces
        return
    for frame in run.frames():
        yield rows_text(frame)


def header() -> str:
    return _encode([COLUMNS])


def rows_text(frame: pd.DataFrame | Rows) -> str:
    """One article's rows (no header), sorted by position as in every report."""
    names, kinds, rows = frame if isinstance(frame, Rows) else Rows.of(frame)
    if not rows:
        return ""
    at = {name: i for i, name in enumerate(names)}
    columns = list(zip(*rows, strict=True))
    out = []
    for name in COLUMNS:
        i = at.get(name)
        if i is None:
            out.append([""] * len(rows))
        elif kinds[i] == "f":
            out.append(["" if v is None else f"{v:.10g}" for v in columns[i]])
        else:  # ``Rows`` are clean: None is every missing value
            out.append(["" if v is None else str(v) for v in columns[i]])
    return _encode(zip(*out, strict=True))


def _encode(rows: Iterable[Iterable[Any]]) -> str:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(rows)
    return buf.getvalue()
