"""The extractor's speed-ups keep its output: each fast path is checked against the plain version it replaced.

No timings here (those live in the benchmarks); only "same answer" on the golden news texts.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pytest

from factcheck.extract import vocab as vocab_module
from factcheck.extract.vocab import Vocab, load_vocabulary

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
