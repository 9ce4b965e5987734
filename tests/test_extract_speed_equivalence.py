"""The extractor's speed-ups keep its output: each fast path is checked against the plain version it replaced.

No timings here (those live in the benchmarks); only "same answer" on the golden news texts.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pytest

from factcheck.extract import claims as claims_module
from factcheck.extract import vocab as vocab_module
from factcheck.extract.dates import blocked
from factcheck.extract.vocab import Vocab, load_vocabulary, vocabulary
from factcheck.models import Lang

NEWS = Path(__file__).parent / "golden" / "news"


def _flat_alt(words: Iterable[str], *, ignore_case: bool = False) -> str:
    """The alternation ``_alt`` factors into a trie: every word, longest first."""
    ws = sorted({w for w in words if w}, key=lambda w: (-len(w), w))
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in ws)


def _texts() -> list[str]:
    texts = [p.read_text(encoding="utf-8") for p in sorted(NEWS.glob("*.md"))]
    texts.append("5 MIO. Euro, 3 Mio Euro, 7 µg, 8 μg, 2 Per Cent, USD 5, Usd 6, 1 ſtück, 4 Prozentpunkte")
    return texts


def _vocab(lang: str, alt: Any, monkeypatch: pytest.MonkeyPatch) -> Vocab:
    text, path = vocab_module._lang_text(f"{lang}.yaml")
    with monkeypatch.context() as m:
        m.setattr(vocab_module, "_alt", alt)
        return load_vocabulary(text, path, vocab_module._shared())


def _sig(m: re.Match[str] | None) -> object:
    if m is None:
        return None
    return m.span(), [m.span(i) for i in range(1, m.re.groups + 1)]


@pytest.mark.parametrize("lang", ["en", "de"])
def test_trie_alternations_match_like_the_flat_word_lists(lang: str, monkeypatch: pytest.MonkeyPatch) -> None:
    trie = _vocab(lang, vocab_module._alt, monkeypatch)
    flat = _vocab(lang, _flat_alt, monkeypatch)
    names = [k for k in Vocab.__slots__ if k.startswith("re_")]
    changed = [k for k in names if getattr(trie, k).pattern != getattr(flat, k).pattern]
    assert "re_unit" in changed and "re_candidate" in changed
    checked = 0
    for text in _texts():
        for hay in (text, text.lower()):
            # word and number starts: where the vocabulary's alternations begin
            starts = [i for i in range(len(hay)) if i == 0 or not hay[i - 1].isalnum() or hay[i].isdigit()]
            for k in changed:
                a, b = getattr(trie, k), getattr(flat, k)
                for i in starts:
                    assert _sig(a.match(hay, i)) == _sig(b.match(hay, i)), (k, hay[i : i + 30])
                    checked += 1
    assert checked > 10_000


def _blocked_by_search(text: str, lang: Lang) -> list[tuple[int, int]]:
    """``find_blocked_spans`` as it was: one pattern search per digit run's window."""
    pattern = blocked._patterns(lang)[0]
    spans: list[tuple[int, int]] = []
    done = 0
    for d in re.finditer(r"\d+", text):
        if d.start() < done:
            continue
        m = pattern.search(text, max(done, d.start() - 24), min(len(text), d.end() + 64))
        if m is None or m.start() > d.end():
            continue
        done = m.end()
        if m.group("dotted") is not None and not blocked._is_version(m.group("dotted")):
            continue
        s, e = m.start("ph") if m.group("ph") is not None else m.start(), m.end()
        while e > s and text[e - 1].isspace():
            e -= 1
        if spans and s < spans[-1][1]:
            spans[-1] = (spans[-1][0], max(e, spans[-1][1]))
        else:
            spans.append((s, e))
    return spans


BLOCKED = [
    "Tel. 030/123456 und (030) 123 45 67, +49 30 1234567, ISIN DE0005557508, §§ 3 Abs. 2, v3.0.1.",
    "iOS 17.4 at 14:55 or 3pm, 10:30 a.m., S. 12 ff., Tabelle 3.2–4, Rn. 17, 1.000.000 and 20.01.2025.",
    "Telefonnummer 0800 123 45 67; call 555-0100; fig.3 and p.12; 2.1.4.5; Art. 5 GG; Seiten 4-7.",
]


@pytest.mark.parametrize("lang", ["en", "de"])
def test_blocked_spans_try_the_pattern_where_a_search_would_find_it(lang: Lang) -> None:
    found = 0
    for text in [*_texts(), *BLOCKED]:
        spans = blocked.find_blocked_spans(text, lang)
        assert spans == _blocked_by_search(text, lang)
        found += len(spans)
    assert found > 10


def _unguarded_candidate(v: Vocab) -> re.Pattern[str]:
    """The candidate pattern as it was: the sign and a space before a digit part of the match, no
    look at a word's first letters, the digit branch led by its lookbehind."""
    pat = v.re_candidate.pattern
    digit = r"(?P<d>[\d.,](?:(?<=\d)|(?<![\w.,][.,])\d))"
    assert pat.startswith(digit)
    pat = r"(?P<d>[-−–]?\s?\d|(?<![\w.,])[.,]\d)" + pat[len(digit) :]
    guard = pat.index(r"(?<![\w-])(?=(?:") + len(r"(?<![\w-])")
    return re.compile(pat[:guard] + pat[pat.index("(?:(?P<o>", guard) :])


def _reading(m: re.Match[str] | None, hay: str) -> object:
    """What the scanner takes from a candidate: the kind, where its number starts, the groups."""
    if m is None:
        return None
    if m.group("d") is None:
        return m.end(), {k: m.span(k) for k, x in m.groupdict().items() if x is not None}
    start = m.start("d")
    while start < m.end() and not (hay[start].isdigit() or hay[start] in ".,"):
        start += 1
    return m.end(), start


@pytest.mark.parametrize("lang", ["en", "de"])
def test_candidate_search_reads_like_the_unguarded_pattern(lang: Lang) -> None:
    v = vocabulary(lang)
    old = _unguarded_candidate(v)
    found = 0
    for text in [*_texts(), "- 5, −3, – 7, .5 und ,5 a,5 1.,5 x-3 drei Viertel a dozen ein Dutzend"]:
        hay = text.lower()
        for pos in range(len(hay)):
            new = v.re_candidate.search(hay, pos)
            assert _reading(new, hay) == _reading(old.search(hay, pos), hay), hay[pos : pos + 30]
            found += new is not None
    assert found > 1000


def test_year_matches_are_the_year_scan() -> None:
    texts = [*_texts(), "FY 2024, GJ2023/24, FY2025; 2019-2020 und 12024, 1850 20201 2020.5 1999,2000 (2030)"]
    found = 0
    for text in texts:
        fast = [m.span(1) for m in claims_module._year_matches(text)]
        assert fast == [m.span(1) for m in claims_module._YEAR.finditer(text)]
        found += len(fast)
    assert found > 20


@pytest.mark.parametrize("lang", ["en", "de"])
def test_scanner_candidates_are_the_candidate_search(lang: Lang) -> None:
    v = vocabulary(lang)
    for text in _texts():
        hay = text.lower()
        walk = claims_module._Candidates(hay, v)
        for pos in range(0, len(hay), 3):  # one walk with increasing positions, as the scanner does
            want = v.re_candidate.search(hay, pos)
            got = walk.search(pos)
            assert (got and (got.span(), got.groupdict())) == (want and (want.span(), want.groupdict()))
