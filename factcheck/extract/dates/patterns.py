"""Regex building blocks shared by the date grammar, the blocked spans and the periods.

>>> _trie(["may", "march", "mar"])
'ma(?:r(?:ch)?|y)'
"""

from __future__ import annotations

import re

_YEAR = r"(?:1\d{3}|20\d{2}|21\d{2})"
_MM = r"(?:0?[1-9]|1[0-2])"
_DD = r"(?:0?[1-9]|[12]\d|3[01])"
_END_NUM = r"(?!\d|[.,]\d)"
_NOT_LETTER_AFTER = r"(?![^\W\d_])"
_NOT_WORD_BEFORE = r"(?<![^\W_])"
_PERCENT_AFTER = r"(?!\s*(?:%|‰|percent\b|per\s+cent\b|prozent\b|punkte?\b|points?\b))"


_Node = dict[str, "_Node"]


def _trie(words: list[str]) -> str:
    """A regex alternation of ``words`` factored as a trie (much faster to scan than a flat list)."""
    root: _Node = {}
    for word in words:
        node = root
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: _Node) -> str:
        alts, optional = [], False
        for ch in sorted(node):
            if ch == "":
                optional = True
                continue
            part = r"\s+" if ch == " " else "['’]" if ch in "'’" else re.escape(ch)
            alts.append(part + emit(node[ch]))
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        return f"(?:{body})?" if optional else body

    return emit(root)


def _words(*groups: object) -> list[str]:
    out: set[str] = set()
    for group in groups:
        out.update(str(w).lower() for w in group)  # type: ignore[attr-defined]
    return sorted(out)
