"""The lexicon's compiled term trie finds exactly what the plain longest-first alternation finds."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
import regex

from factcheck import lexicon as lx
from factcheck.ruleset import load_ruleset

ROOT = Path(__file__).resolve().parent.parent
SUFFIXES = ("", "s", "en", "ern", "isch", "-", ".", ",")


def _plain(words: list[str]) -> regex.Pattern[str]:
    return regex.compile(rf"(?<!\w)(?P<t>{lx._alternation(words)}){lx._SUFFIX}(?!\w)", regex.IGNORECASE)


@pytest.mark.parametrize("lang", ["en", "de"])
def test_trie_matches_like_the_plain_alternation(lang: str) -> None:
    lexicon = load_ruleset([ROOT / "rules"]).lexicon
    ci = lexicon._compiled(lexicon._patterns, lang, lx._compile)[0]
    terms = [w for by_lang in lexicon.terms.values() for w in (*by_lang.get(lang, ()), *by_lang.get("any", ()))]
    words = sorted({w.casefold() for w in terms if not lx._is_acronym(w)})
    assert lx._trie_alternation(words) is not None  # the project lexicon takes the fast path
    plain = _plain(words)
    rnd = random.Random(lang)
    texts = []
    for _ in range(3000):
        parts = []
        for _ in range(rnd.randrange(1, 6)):
            w = rnd.choice(words)
            if rnd.random() < 0.3:
                w = w[: rnd.randrange(1, len(w) + 1)]  # a prefix of a term: a shorter term, or nothing
            parts.append((w.upper() if rnd.random() < 0.3 else w) + rnd.choice(SUFFIXES))
        texts.append(rnd.choice((" ", "  ", "\n", "")).join(parts))
    for text in texts:
        assert [m.span() for m in ci.finditer(text)] == [m.span() for m in plain.finditer(text)], text


def test_trie_prefers_the_longer_term() -> None:
    words = ["korea", "korea, republic", "korean", "kenya"]
    trie = regex.compile(rf"(?P<t>{lx._trie_alternation(words)}){lx._SUFFIX}(?!\w)", regex.IGNORECASE)
    for text in ("Korea, Republic of", "KOREANS", "Korea,", "Kenya", "korea, rep"):
        assert trie.match(text) is not None, text
        assert trie.match(text).span() == _plain(words).match(text).span(), text  # type: ignore[union-attr]


@pytest.mark.parametrize(
    "words",
    [
        ["ıslak", "ilk"],  # dotless i and i both match "I": the trie could pick another term than the alternation
        ["trade  surplus", "trade"],  # two spaces: longest-first counts them, the trie would not
    ],
)
def test_trie_falls_back_where_it_could_differ(words: list[str]) -> None:
    assert lx._trie_alternation(words) is None
    lexicon = lx.build_lexicon({"a": {"en": (words[0],)}, "b": {"en": (words[1],)}}, {})
    assert lexicon.subjects(" ".join(words), "en") == frozenset({"a", "b"})


def test_case_conflicts_are_all_found() -> None:
    """Every two characters one character of text matches case-insensitively are flagged."""
    get_all_cases = getattr(getattr(regex, "_regex", None), "get_all_cases", None)
    if get_all_cases is None:
        pytest.skip("this regex version does not expose its case tables")
    owners: dict[int, set[str]] = {}
    for cp in range(0x110000):
        if 0xD800 <= cp < 0xE000:
            continue
        for x in get_all_cases(regex.IGNORECASE, cp):
            if x != cp:
                owners.setdefault(x, {chr(x)}).add(chr(cp))
    pairs = {(a, b) for s in owners.values() for a in s for b in s if a < b}
    assert ("i", "ı") in pairs and ("k", "s") not in pairs  # both match "I"; K and S share nothing
    assert [p for p in pairs if not lx._may_share_case(*p)] == []


@pytest.mark.parametrize("lang", ["en", "de"])
def test_subjects_around_equals_the_joined_text(lang: str) -> None:
    """Subject words and sentence scanned apart give what the joined "subject\\nsentence" gives, also
    where a multi-word term runs across the line break ("Vereinigte" + "Staaten")."""
    lexicon = load_ruleset([ROOT / "rules"]).lexicon
    multi = sorted({w for by_lang in lexicon.terms.values() for ws in by_lang.values() for w in ws if " " in w})
    rnd = random.Random(lang)
    crossing = 0
    for _ in range(2000):
        words = rnd.choice(multi).split()
        k = rnd.randrange(1, len(words))
        head = rnd.choice(("Laut ", "", "die ")) + " ".join(words[:k]) + rnd.choice(("", " "))
        tail = " ".join(words[k:]) + rnd.choice(("", "s", " stieg", "ern um 5 %"))
        if rnd.random() < 0.3:
            head, tail = head.upper(), tail.upper()
        joined = lexicon.subjects(f"{head}\n{tail}", lang)
        crossing += joined != lexicon.subjects(head, lang) | lexicon.subjects(tail, lang)
        assert lexicon.subjects_around(head, tail, lang) == joined, (head, tail)
        assert lexicon.subjects_around(tail, head, lang) == lexicon.subjects(f"{tail}\n{head}", lang)
    assert crossing > 100  # the cases where the two parts alone would miss a term are there
