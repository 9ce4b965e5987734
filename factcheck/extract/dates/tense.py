"""The tense of the sentence around a date phrase: which side of the publication date it points to.

The rules are stated in :mod:`factcheck.extract.dates.resolve`; the words are the ``tense`` section
of ``lang/dates_<lang>.yaml``.

>>> from factcheck.extract.dates.grammar import _grammar
>>> text = "Cuts will be phased out gradually from October."
>>> sentence_direction(text, _grammar("en"), text.index("October"), len(text) - 1)
'future'
>>> text = "Die Kosten steigen im Mai."
>>> sentence_direction(text, _grammar("de"), text.index("Mai"), len(text) - 1)
'future'
"""

from __future__ import annotations

import re

from factcheck.extract.dates.arithmetic import Direction
from factcheck.extract.dates.grammar import _Grammar

_STOP = r"(?<!\d)(?<!\b[A-Z])(?<!\b[A-Z][a-z])(?<!\b[A-Z][a-z]{2})[.!?][\"'”“»«)]?\s+(?=[\"'„“«»]?[A-ZÄÖÜ])"
_SENTENCE_BACK = re.compile(rf"(?s:.*)(?:{_STOP}|\n)")
_SENTENCE_FWD = re.compile(rf"{_STOP}|\n")
_WINDOW = 400


def sentence_start(text: str, pos: int) -> int:
    """Where the sentence holding ``pos`` starts (at most ``_WINDOW`` characters back)."""
    m = _SENTENCE_BACK.match(text, max(0, pos - _WINDOW), pos)
    return m.end() if m else max(0, pos - _WINDOW)


def sentence_direction(text: str, g: _Grammar, start: int, end: int) -> Direction:
    """Past, future or unclear for the phrase at [start, end): the tense word nearest to it decides."""
    s0 = sentence_start(text, start)
    f = _SENTENCE_FWD.search(text, end, end + _WINDOW)
    s1 = f.end() if f else min(len(text), end + _WINDOW)
    until = g.until_back is not None and g.until_back.search(text, max(0, start - 48), start) is not None
    if until and g.prospective is not None and g.prospective.search(text, s0, s1):
        return "future"  # "agreed to extend the cuts until the end of September"
    best: tuple[int, Direction] | None = None
    for t in g.tense.finditer(text, s0, s1):
        if t.start() < end and t.end() > start:
            continue
        if t.group("s") is not None:
            if t.group("s").lower() in g.v.not_past:
                continue
            if g.participle_back and g.participle_back.search(text, max(s0, t.start() - 16), t.start()):
                continue  # "will be phased out": a participle, not the past
        dist = start - t.end() if t.end() <= start else t.start() - end
        kind: Direction = "future" if t.group("f") is not None else "past"
        if best is None or dist < best[0]:
            best = (dist, kind)
    if best:
        return best[1]
    since = g.looking_back is not None and g.looking_back.search(text, max(0, start - 48), start) is not None
    if not since and g.present is not None and g.present.search(text, s0, s1):
        return "future"  # "Die Gebühr steigt im Mai": the present of a scheduled change
    return "unclear"
