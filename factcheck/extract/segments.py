"""Per-paragraph language detection (en/de) from stopword and orthography scores in the vocabulary.

>>> detect_language("Die Zahl der Soldaten ist gestiegen und das Budget auch.")
'de'
>>> [s.lang for s in split_segments("The figure rose.\\nDie Zahl stieg und stieg.")]
['en', 'de']
"""

from __future__ import annotations

import functools
import re

from factcheck.extract.vocab import vocabulary
from factcheck.models import LANGS, Lang, Segment

_WORDS = re.compile(r"[^\W\d_]+")
_PARA = re.compile(r"[^\n]+")


@functools.cache
def _tables() -> tuple[tuple[Lang, frozenset[str], frozenset[str]], ...]:
    return tuple((lang, vocabulary(lang).stopwords, frozenset(vocabulary(lang).orthography)) for lang in LANGS)


def detect_language(paragraph: str, default: Lang = "en") -> Lang:
    """The language whose stopwords (plus its own letters, e.g. ä ö ü ß) score highest; ties -> default."""
    head = paragraph[:2000]
    words = _WORDS.findall(head.lower())
    best: Lang = default
    best_score = 0.0
    for lang, stop, letters in _tables():
        score = float(sum(map(stop.__contains__, words)))
        if letters:
            score += 0.5 * sum(map(head.count, letters))
        if score > best_score:
            best, best_score = lang, score
    return best


def split_segments(text: str, forced: Lang | None = None) -> tuple[Segment, ...]:
    """One segment per non-empty line; adjacent lines in the same language are merged.

    Short lines (headings) take the language of the next paragraph when they score nothing.
    """
    segs: list[Segment] = []
    prev: Lang | None = None
    for m in _PARA.finditer(text):
        if not m.group(0).strip():
            continue
        lang: Lang = forced or detect_language(m.group(0), prev or "en")
        if segs and segs[-1].lang == lang and text[segs[-1].end : m.start()].count("\n") <= 2:
            segs[-1] = Segment(segs[-1].start, m.end(), lang)
        else:
            segs.append(Segment(m.start(), m.end(), lang))
        prev = lang
    return tuple(segs)
