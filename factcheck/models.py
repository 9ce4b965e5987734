"""Domain types shared by every stage: closed sets as enums/literals, records as frozen dataclasses.

Data flows one way: ``Document`` -> extract -> ``Mention`` rows (claims frame) -> normalize ->
check -> verdicts frame -> report.  Nothing here does I/O.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import Enum
from typing import Literal, get_args

Lang = Literal["en", "de"]
LANGS: tuple[Lang, ...] = get_args(Lang)

Kind = Literal[
    "money",
    "count",
    "percent",
    "percentage_points",
    "ratio",
    "quantity",
    "date",
    "duration",
    "multiplier",
]
KINDS: tuple[Kind, ...] = get_args(Kind)

Qualifier = Literal["exact", "approx", "more_than", "at_least", "at_most", "less_than", "range"]
QUALIFIERS: tuple[Qualifier, ...] = get_args(Qualifier)

Change = Literal["up", "down"]


class Status(str, Enum):
    """Verdict of one claim.  ``waived`` = suppressed in the article, baselined or accepted by a reviewer."""

    VERIFIED = "verified"
    CONTRADICTED = "contradicted"
    UNVERIFIED = "unverified"
    WAIVED = "waived"

    def __str__(self) -> str:
        return self.value


class Severity(str, Enum):
    INFO = "info"
    WARNING = "warning"
    ERROR = "error"

    def __str__(self) -> str:
        return self.value


@dataclass(frozen=True, slots=True)
class Segment:
    """A stretch of the body (usually a paragraph) in one language. Offsets are code points, end exclusive."""

    start: int
    end: int
    lang: Lang


SuppressionScope = Literal["claim", "block", "error"]


@dataclass(frozen=True, slots=True)
class Suppression:
    """An in-article marker (``factcheck.suppress``) resolved to a stretch of the body.

    * ``claim``: waives the first claim starting in ``[start, end)`` (that ``rules`` selects, if given);
    * ``block``: waives every such claim in ``[start, end)``;
    * ``error``: a malformed marker; ``reason`` says what is wrong (the CLI reports it and exits 2).

    ``line``/``col`` are the marker's 1-based position in the file.
    """

    start: int
    end: int
    scope: SuppressionScope
    reason: str
    rules: tuple[str, ...] = ()
    line: int = 0
    col: int = 0


@dataclass(frozen=True, slots=True)
class Document:
    """One article as read from disk: the body (text after front matter) plus metadata.

    ``line_starts[i]`` is the code-point offset in the body where file line ``line_offset + i + 1``
    begins, so ``SourcePos`` can be computed without touching the file again.  For HTML sources the
    reader fills ``pos_map`` instead: sorted ``(body_offset, file_line, file_col)`` anchors.
    """

    doc: str  # path as given, relative to the run's root, with forward slashes
    body: str
    title: str | None = None
    date: dt.date | None = None
    language: Lang | None = None  # forced language; None -> detect per paragraph
    source: str | None = None
    url: str | None = None
    line_offset: int = 0  # lines taken by front matter
    segments: tuple[Segment, ...] = ()
    pos_map: tuple[tuple[int, int, int], ...] = ()
    sha256: str = ""
    suppressions: tuple[Suppression, ...] = field(default=())


@dataclass(frozen=True, slots=True)
class Skipped:
    """An input file that was not processed, and why. Every input shows up in the report."""

    doc: str
    reason: str
    line: int = 0
    col: int = 0


@dataclass(frozen=True, slots=True)
class Mention:
    """One numeric claim found in a text, as the extractor sees it (before normalization).

    * ``start``/``end``: code-point offsets into the text given to the extractor, end exclusive.
    * ``value``: the number in ``unit`` with scale words applied ("70 Milliarden Dollar" -> 7e10);
      None for dates.
    * ``unit``: pint unit string of the project registry (``"USD"``, ``"percent"``,
      ``"percentage_point"``, ``"km"``, ``"t"``, ``"count"`` ...), None for bare numbers and dates.
    * ``iso``: dates only: ``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD`` or ``YYYY-Www``.
    * ``low``/``high``: the interval the claim asserts, from its qualifier (None = unbounded side).
    * ``resolution``: the place value of the last written digit in ``unit`` ("70 billion" -> 1e9,
      "1.8 %" -> 0.1), so checks can honour the rounding the text implies.
    * ``related``: for multipliers and changes, the index (in the same result list) of the claim
      they modify ("verdoppelt" -> "zwei Prozent"), else None.
    * ``subject``: the noun or metric words next to the figure ("Soldaten", "trade surplus").
    * ``period``: a reference period stated next to the figure ("2024", "FY2025"), if any.
    * ``ambiguity``: why the reading may be wrong ("1.000 read as thousands (de)"), if it might be.
    """

    start: int
    end: int
    text: str
    kind: Kind
    value: float | None
    unit: str | None = None
    low: float | None = None
    high: float | None = None
    qualifier: Qualifier = "exact"
    change: Change | None = None
    iso: str | None = None
    lang: Lang = "en"
    resolution: float | None = None
    related: int | None = None
    subject: str = ""
    period: str | None = None
    ambiguity: str | None = None
