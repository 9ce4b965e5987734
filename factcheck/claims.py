"""Mentions -> the claims frame: ids, file positions and sentences.  Pure.

``claim_id`` is a fingerprint of the article name, the normalized claim and the words around it,
plus an occurrence counter for exact repeats, so it survives edits elsewhere in the article (lines
moving, paragraphs added) and changes when the claim or its immediate context changes.
"""

from __future__ import annotations

import bisect
import hashlib
import math
from collections.abc import Sequence

import pandas as pd
import regex

from factcheck.models import Document, Mention
from factcheck.schema import CLAIM_COLUMNS, empty_frame, frame_from_columns

_WORD = regex.compile(r"\w+")
# A sentence ends at . ! ? (plus closing quotes) followed by space and an upper-case letter or an
# opening quote, unless the full stop follows a short abbreviation or a one- or two-digit number
# (German ordinals and dates: "am 20. Januar", "die 10. Panzerdivision"); a year or a longer figure
# before the full stop does end the sentence ("... on 3 March 2024. In the same year ...").  The first
# look back, for the stop alone, is redundant but cheap: most places fail it.
_BOUNDARY = regex.compile(
    r"(?<=[.!?])(?<=[^\d\s][.!?]|[!?]|(?<![\d.,])\d{3,}[.!?]|\d[.,]\d+[.!?])[\"'”“»«)]?\s+(?=[\"'“„»«(]?\p{Lu})|\n+"
)
_ABBREV = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "dr",
        "prof",
        "st",
        "sr",
        "jr",
        "vs",
        "etc",
        "inc",
        "ltd",
        "co",
        "corp",
        "no",
        "nr",
        "bzw",
        "ca",
        "vgl",
        "usw",
        "dt",
        "engl",
        "evtl",
        "ggf",
        "inkl",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "okt",
        "nov",
        "dec",
        "dez",
        "mio",
        "mrd",
        "bio",
        "abs",
        "art",
        "u.s",
        "u.k",
        "z.b",
        "d.h",
    ]
)


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Sentence spans of ``text`` (start, end); newlines always end a sentence."""
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _BOUNDARY.finditer(text):
        cut = m.start()
        prev = text[start:cut]
        last = prev.rsplit(None, 1)[-1].rstrip(".!?\"'”“»«)").lower() if prev.strip() else ""
        if "\n" not in m.group() and (last in _ABBREV or (len(last) == 1 and last.isalpha())):
            continue
        if prev.strip():
            spans.append((start, cut))
        start = m.end()
    if text[start:].strip():
        spans.append((start, len(text)))
    return spans


def _context(text: str, start: int, end: int, lo: int, hi: int, n: int = 3) -> str:
    """Up to ``n`` words each side of the claim, within its sentence ``[lo, hi)``."""
    before = _WORD.findall(text[max(lo, start - 60) : start])[-n:]
    after = _WORD.findall(text[end : min(hi, end + 60)])[:n]
    return " ".join(w.lower() for w in (*before, "|", *after))


def _fmt(x: float | None) -> str:
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return ""
    return f"{x:.6g}"


def fingerprint(doc: str, m: Mention, context: str, occurrence: int) -> str:
    key = "\x1f".join(
        (
            doc,
            m.kind,
            _fmt(m.value),
            m.iso or "",
            m.unit or "",
            m.qualifier,
            " ".join(m.text.split()).lower(),
            context,
            str(occurrence),
        )
    )
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]


class Positions:
    """Maps body offsets to 1-based file (line, col)."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        if doc.pos_map:
            self.anchor_offsets = [a[0] for a in doc.pos_map]
        else:
            body = doc.body
            starts = [0]
            i = body.find("\n")
            while i >= 0:
                starts.append(i + 1)
                i = body.find("\n", i + 1)
            self.line_starts = starts

    def at(self, offset: int) -> tuple[int, int]:
        if self.doc.pos_map:
            i = max(0, bisect.bisect_right(self.anchor_offsets, offset) - 1)
            off, line, col = self.doc.pos_map[i] if self.doc.pos_map else (0, 1, 1)
            return line, col + (offset - off)
        i = bisect.bisect_right(self.line_starts, offset) - 1
        return self.doc.line_offset + i + 1, offset - self.line_starts[i] + 1


_MENTION_FIELDS = (
    "lang", "start", "end", "text", "kind", "value", "iso", "unit", "low", "high", "qualifier", "change",
    "resolution", "related", "subject", "period", "ambiguity",
)  # fmt: skip


def claim_columns(doc: Document, mentions: Sequence[Mention]) -> dict[str, list[object]]:
    """The claims of ``mentions`` as plain column lists (``CLAIM_COLUMNS`` order), ordered by position.

    The frame-free core of ``build_claims``: the pipeline builds one frame per article at the end.
    """
    body = doc.body
    pos = Positions(doc)
    sents = sentence_spans(body)
    sent_starts = [s for s, _ in sents]
    seen: dict[str, int] = {}
    ids: list[str] = []
    cols: dict[str, list[object]] = {name: [] for name in CLAIM_COLUMNS}
    for m in mentions:
        si = bisect.bisect_right(sent_starts, m.start) - 1
        s_start, s_end = sents[si] if si >= 0 else (m.start, m.end)
        s_end = max(s_end, m.end)
        ctx = _context(body, m.start, m.end, s_start, s_end)
        base = fingerprint(doc.doc, m, ctx, 0)
        occ = seen.get(base, 0)
        seen[base] = occ + 1
        ids.append(base if occ == 0 else fingerprint(doc.doc, m, ctx, occ))
        line, col = pos.at(m.start)
        cols["line"].append(line)
        cols["col"].append(col)
        cols["sentence"].append(" ".join(body[s_start:s_end].split()))
        for name in _MENTION_FIELDS:
            cols[name].append(getattr(m, name))
    cols["claim_id"] = list(ids)
    cols["doc"] = [doc.doc] * len(ids)
    cols["related"] = [ids[r] if isinstance(r, int) and 0 <= r < len(ids) else None for r in cols["related"]]
    return cols


def build_claims(doc: Document, mentions: Sequence[Mention]) -> pd.DataFrame:
    """One row per mention, with ``CLAIM_COLUMNS`` (validated), ordered by position."""
    if not mentions:
        return empty_frame(CLAIM_COLUMNS)
    return frame_from_columns(claim_columns(doc, mentions), CLAIM_COLUMNS, "extract")
