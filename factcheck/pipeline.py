"""One article through the pure core: extract -> claims frame -> normalize -> check.

``process_document`` is a module-level pure function of (document, rule set), so the same code runs
in-process, in a process pool or on a Dask worker.  ``run`` strings documents together and collects
the results a report needs.
"""

from __future__ import annotations

import traceback
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
import pandas as pd

from factcheck import __version__
from factcheck.models import Document, Skipped, Status
from factcheck.normalize import normalize_columns
from factcheck.ruleset import RuleSet
from factcheck.schema import (
    ALL_VERDICT_FRAME_COLUMNS,
    CLAIM_COLUMNS,
    NORMALIZED_COLUMNS,
    VERDICT_COLUMNS,
    frame_from_columns,
)

DEFAULT_FAIL_ON: tuple[str, ...] = ("contradicted", "unverified")
# Unverified claims of these kinds are informational by default: an article's weekday or date
# references rarely have a reference to check against, and they should not fail CI on their own.
INFORMATIONAL_UNVERIFIED_KINDS: frozenset[str] = frozenset({"date"})


@dataclass(frozen=True, slots=True)
class DocSummary:
    """What the report needs of one processed article (the claims live in the verdicts frame)."""

    doc: str
    title: str | None
    date: str | None
    langs: tuple[str, ...]
    source: str | None
    url: str | None
    sha256: str
    n_claims: int
    counts: dict[str, int]
    n_failing: int
    error: str | None = None


class RunResult:
    """Everything a report renders.

    Reports read claims through ``frames()`` (one verdicts frame per article, in document order) or
    ``verdicts`` (all of them at once, for small runs), and article text through ``body(doc)``.
    This in-memory store keeps everything; ``factcheck.batch`` provides a disk-backed one with the same
    methods so that memory stays flat on large runs.  Frames have ``ALL_VERDICT_FRAME_COLUMNS`` + ``fails``.
    """

    def __init__(
        self,
        docs: list[DocSummary],
        skipped: list[Skipped],
        frames: list[pd.DataFrame] | None = None,
        bodies: dict[str, str] | None = None,
        meta: dict[str, object] | None = None,
    ) -> None:
        self.docs = sorted(docs, key=lambda d: d.doc)
        self.skipped = sorted(skipped, key=lambda s: s.doc)
        self._frames = {str(f["doc"].iloc[0]): f for f in (frames or []) if len(f)}
        self._bodies = bodies or {}
        self.meta: dict[str, object] = meta or {}
        self._all: pd.DataFrame | None = None

    def frames(self) -> Iterator[pd.DataFrame]:
        """Verdict frames, one per article with claims, in document order."""
        for d in self.docs:
            f = self._frames.get(d.doc)
            if f is not None:
                yield f

    def frame(self, doc: str) -> pd.DataFrame:
        f = self._frames.get(doc)
        return f if f is not None else empty_verdicts()

    def body(self, doc: str) -> str:
        return self._bodies.get(doc, "")

    def status_counts(self) -> Counter[str]:
        """Claims per status over the run."""
        found: Counter[str] = Counter()
        for frame in self.frames():  # article by article: the run's claims are never all in memory at once
            found.update(str(s) for s in frame["status"].tolist())
        return found

    #: The article pages of the HTML report are already on disk (written by ``factcheck.batch``).
    pages_written: bool = False

    def pieces(self, fmt: str) -> Iterator[str] | None:
        """Prerendered report pieces of format ``fmt``, one per document in order; None when the
        reports must render from the frames (see ``factcheck.report.pieces``)."""
        return None

    @property
    def verdicts(self) -> pd.DataFrame:
        if self._all is None:
            parts = list(self.frames())
            self._all = pd.concat(parts, ignore_index=True) if parts else empty_verdicts()
        return self._all

    @property
    def n_failing(self) -> int:
        return sum(d.n_failing for d in self.docs)

    @property
    def partial(self) -> bool:
        return bool(self.meta.get("partial"))


def empty_verdicts() -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype="object") for c in (*ALL_VERDICT_FRAME_COLUMNS, "fails")})


def process_document(doc: Document, ruleset: RuleSet, fail_on: Iterable[str] | None = None) -> pd.DataFrame:
    """Verdicts frame for one article (``ALL_VERDICT_FRAME_COLUMNS``).  Pure: no I/O, no clock.

    The same stages as ``build_claims`` -> ``normalize`` -> ``check``, run on plain column lists so
    that the article costs one ``DataFrame`` (pandas' fixed cost per frame dwarfs a few dozen rows).
    With ``fail_on``, the frame ends with the ``fails`` column of that policy (see ``failing``).
    """
    # the core is imported on first use: a run whose articles are all cached never loads it
    from factcheck.check import VERDICT_FIELDS, check_claims
    from factcheck.checks.base import Claim
    from factcheck.claims import claim_columns
    from factcheck.extract import extract_segments, split_segments

    segments = doc.segments or split_segments(doc.body, forced=doc.language)
    mentions = extract_segments(doc.body, segments, doc.date)
    if not mentions:  # no claims: the empty frame of the schema (building it through the stages costs ~3 ms)
        specs = _ALL_SPECS if fail_on is None else _WITH_FAILS
        return frame_from_columns({name: [] for name in specs}, specs, "check")
    cols: dict[str, Any] = claim_columns(doc, mentions)
    cols.update(normalize_columns(cols["unit"], cols["kind"], cols["value"], cols["low"], cols["high"]))
    found = check_claims(Claim.from_columns(cols), ruleset, pub_date=doc.date)
    for name in VERDICT_FIELDS:
        cols[name] = [v[name] for v in found]
    cols["fingerprint"] = cols["claim_id"]  # no baseline fingerprint yet: the claim id is the key
    if fail_on is None:
        return frame_from_columns(cols, _ALL_SPECS, "check")
    cols["fails"] = _fails_of(cols["status"], cols["severity"], cols["kind"], fail_on)
    return frame_from_columns(cols, _WITH_FAILS, "check")


_ALL_SPECS = {**CLAIM_COLUMNS, **NORMALIZED_COLUMNS, **VERDICT_COLUMNS}
_WITH_FAILS = {**_ALL_SPECS, "fails": ("bool", False, "the claim fails the run's policy")}


def failing(
    verdicts: pd.DataFrame,
    fail_on: Iterable[str] = DEFAULT_FAIL_ON,
    informational_kinds: frozenset[str] = INFORMATIONAL_UNVERIFIED_KINDS,
) -> pd.Series:
    """Which claims fail the policy: status in ``fail_on`` and severity above ``info``.

    Unverified claims of an informational kind (dates, by default) never fail.
    """
    if not len(verdicts):
        return pd.Series([], dtype=bool)
    return pd.Series(_fails(verdicts, fail_on, informational_kinds), index=verdicts.index, dtype=bool)


def _fails(
    verdicts: pd.DataFrame,
    fail_on: Iterable[str],
    informational_kinds: frozenset[str] = INFORMATIONAL_UNVERIFIED_KINDS,
) -> np.ndarray[Any, np.dtype[np.bool_]]:
    # Over plain lists: for an article's few dozen rows, pandas' isin/compare/and cost 20x more.
    return np.fromiter(
        _fails_of(
            verdicts["status"].tolist(),
            verdicts["severity"].tolist(),
            verdicts["kind"].tolist(),
            fail_on,
            informational_kinds,
        ),
        dtype=bool,
        count=len(verdicts),
    )


def _fails_of(
    statuses: Sequence[object],
    severities: Sequence[object],
    kinds: Sequence[object],
    fail_on: Iterable[str],
    informational_kinds: frozenset[str] = INFORMATIONAL_UNVERIFIED_KINDS,
) -> list[bool]:
    fail_set = set(fail_on)
    unverified = Status.UNVERIFIED.value
    return [
        status in fail_set and severity != "info" and not (status == unverified and kind in informational_kinds)
        for status, severity, kind in zip(statuses, severities, kinds, strict=True)
    ]


def summarize(doc: Document, frame: pd.DataFrame, error: str | None = None) -> DocSummary:
    counts = {s.value: 0 for s in Status}
    if len(frame):
        for k, v in Counter(frame["status"].tolist()).items():
            counts[str(k)] = int(v)
    # the languages of the article's paragraphs (an English summary with no figures still counts)
    langs = tuple(sorted({seg.lang for seg in doc.segments} | (set(frame["lang"].tolist()) if len(frame) else set())))
    return DocSummary(
        doc=doc.doc,
        title=doc.title,
        date=doc.date.isoformat() if doc.date else None,
        langs=langs,
        source=doc.source,
        url=doc.url,
        sha256=doc.sha256,
        n_claims=len(frame),
        counts=counts,
        n_failing=int(frame["fails"].to_numpy().sum()) if len(frame) and "fails" in frame else 0,
        error=error,
    )


def process_safely(
    doc: Document, ruleset: RuleSet, fail_on: Iterable[str] = DEFAULT_FAIL_ON
) -> tuple[DocSummary, pd.DataFrame | None, Skipped | None]:
    """``process_document`` that turns an exception into a per-file error (the run goes on)."""
    from factcheck.extract import split_segments

    try:
        if not doc.segments:  # detected once, used by the extractor and the summary's languages
            doc = replace(doc, segments=split_segments(doc.body, forced=doc.language))
        frame = process_document(doc, ruleset, fail_on)
    except Exception as exc:  # one bad article never stops a run
        where = traceback.extract_tb(exc.__traceback__)[-1]
        reason = f"extractor error: {type(exc).__name__}: {exc} (at {where.name}:{where.lineno}); please report it"
        return summarize(doc, pd.DataFrame(), reason), None, Skipped(doc.doc, reason)
    return summarize(doc, frame), frame, None


def collect(
    items: Iterable[tuple[Document | None, DocSummary | None, pd.DataFrame | None, Skipped | None]],
    meta: dict[str, object],
) -> RunResult:
    """In-memory ``RunResult`` from ``(document, summary, frame, skipped)`` items."""
    docs: list[DocSummary] = []
    skipped: list[Skipped] = []
    frames: list[pd.DataFrame] = []
    bodies: dict[str, str] = {}
    for doc, summary, frame, skip in items:
        if summary is not None:
            docs.append(summary)
        if doc is not None:
            bodies[doc.doc] = doc.body
        if frame is not None and len(frame):
            frames.append(frame)
        if skip is not None:
            skipped.append(skip)
    return RunResult(docs, skipped, frames, bodies, {"factcheck": __version__, **meta})
