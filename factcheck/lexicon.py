"""The entity and metric lexicon: which subjects a sentence talks about, in English and German.

Rules select claims by subject id (``trade_surplus``, ``JP``) instead of each rule repeating its own
regex.  Metric terms and entity aliases live in ``rules/lexicon.yaml``; country names come from the
Unicode CLDR territory names that Babel ships (``entities: {countries: cldr}``), in English and German,
so "Japan", "Vereinigte Staaten" and "United States" need no hand-written list.

Matching is by word start: a term matches when a word begins with it and at most three more letters
follow (German inflection: "Bruttoinlandsprodukts", "japanischen", "Soldaten"), case-insensitively.
Terms written in capitals of up to four letters ("US", "BIP", "GDP") are acronyms: whole word, exact
case, so "us" and "Bipolar" never match.

>>> lex = build_lexicon({"trade_surplus": {"de": ("Handelsüberschuss",)}}, {"JP": {"de": ("Japans",)}})
>>> sorted(lex.subjects("Japans Handelsüberschusses", "de"))
['JP', 'trade_surplus']
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal, TypeVar

import regex

from factcheck.errors import RuleError
from factcheck.models import LANGS
from factcheck.yamlio import Located

T = TypeVar("T")
_PATTERN_LANGS = frozenset((*LANGS, "any"))

SubjectKind = Literal["metric", "entity"]
_SUFFIX = r"\w{0,3}"
_ALLOWED_TOP = ("metrics", "entities")
_ALLOWED_ENTITIES = ("countries", "aliases")


@dataclass(frozen=True, slots=True)
class Lexicon:
    """Subject id -> terms per language.  ``kinds`` says whether an id is a metric or an entity."""

    terms: Mapping[str, Mapping[str, tuple[str, ...]]]
    kinds: Mapping[str, SubjectKind]
    path: str = ""
    # per language, compiled on first use (``_compiled``)
    _patterns: dict[str, tuple[Any, Any, dict[str, str], dict[str, str]]] = field(
        default_factory=dict, compare=False, repr=False
    )
    # per language: patterns that find, at the end of a text, the start of a term that runs on across
    # white space (the words of a multi-word term but its last), case-insensitive and acronym terms
    _runs_on: dict[str, tuple[Any, Any]] = field(default_factory=dict, compare=False, repr=False)

    def ids(self) -> frozenset[str]:
        return frozenset(self.kinds)

    _memo: dict[tuple[str, str], frozenset[str]] = field(default_factory=dict, compare=False, repr=False)
    _run_memo: dict[tuple[str, str], bool] = field(default_factory=dict, compare=False, repr=False)

    def subjects(self, text: str, lang: str) -> frozenset[str]:
        """Subject ids whose terms occur in ``text`` (terms of ``lang`` plus language-neutral ``any``).

        Memoized: every rule asks the same question of the same sentence.
        """
        if not text:
            return frozenset()
        key = (text, lang)
        hit = self._memo.get(key)
        if hit is None:
            if len(self._memo) > 20_000:
                self._memo.clear()
            hit = self._memo[key] = self._subjects(text, lang)
        return hit

    def subjects_around(self, head: str, tail: str, lang: str) -> frozenset[str]:
        """``subjects(f"{head}\\n{tail}", lang)``, as the union of the two parts' own subjects where no
        term can run from ``head`` across the line break into ``tail`` (the usual case).

        A claim's subject words and its sentence are then each scanned once, however many claims
        pair them.  A term match that stays inside one part is the same match in the joined text: the
        line break is white space, which ends a term and starts one as the ends of the text do.

        >>> lex = build_lexicon({"trade_surplus": {"en": ("trade surplus",)}, "trade": {"en": ("trade",)}}, {})
        >>> sorted(lex.subjects_around("exports", "trade fell", "en"))
        ['trade']
        >>> sorted(lex.subjects_around("trade", "surplus", "en"))  # one term across the break
        ['trade_surplus']
        """
        if not self._may_run_on(head, lang):
            return self.subjects(head, lang) | self.subjects(tail, lang)
        return self.subjects(f"{head}\n{tail}", lang)

    def _may_run_on(self, head: str, lang: str) -> bool:
        key = (head, lang)
        hit = self._run_memo.get(key)  # a run has a few dozen distinct subjects
        if hit is None:
            if len(self._run_memo) > 20_000:
                self._run_memo.clear()
            runs = self._compiled(self._runs_on, lang, _runs_on)
            # a lexicon built without these patterns: always scan the joined text
            hit = runs is None or any(p is not None and p.search(head) is not None for p in runs)
            self._run_memo[key] = hit
        return hit

    def _compiled(
        self, table: dict[str, T], lang: str, make: Callable[[Mapping[str, Mapping[str, tuple[str, ...]]], str], T]
    ) -> T:
        """A language's patterns, compiled on first use (a run that finds every article in the cache,
        or a worker that sees one language, never compiles the others)."""
        key = lang if lang in _PATTERN_LANGS else "any"
        hit = table.get(key)
        if hit is None:
            hit = table[key] = make(self.terms, key)
        return hit

    def _subjects(self, text: str, lang: str) -> frozenset[str]:
        pats = self._compiled(self._patterns, lang, _compile)
        ci, cs, ci_map, cs_map = pats
        found: set[str] = set()
        if ci is not None:
            found.update(ci_map[m.group("t").casefold()] for m in ci.finditer(text))
        if cs is not None:
            found.update(cs_map[m.group("t")] for m in cs.finditer(text))
        return frozenset(found)


def _is_acronym(term: str) -> bool:
    letters = term.replace(".", "")
    return letters.isupper() and len(letters) <= 4


def build_lexicon(
    metrics: Mapping[str, Mapping[str, tuple[str, ...]]],
    entities: Mapping[str, Mapping[str, tuple[str, ...]]],
    *,
    path: str = "",
) -> Lexicon:
    """Compile a lexicon from ``id -> {lang: terms}`` for metrics and entities."""
    terms: dict[str, dict[str, tuple[str, ...]]] = {}
    kinds: dict[str, SubjectKind] = {}
    for kind, table in (("metric", metrics), ("entity", entities)):
        for sid, by_lang in table.items():
            kinds[sid] = kind  # type: ignore[assignment]
            slot = terms.setdefault(sid, {})
            for lang, words in by_lang.items():
                slot[lang] = tuple(dict.fromkeys((*slot.get(lang, ()), *words)))
    return Lexicon(terms=terms, kinds=kinds, path=path)


def _runs_on(terms: Mapping[str, Mapping[str, tuple[str, ...]]], lang: str) -> tuple[Any, Any]:
    """Patterns for ``Lexicon.subjects_around``: a text ends (bar white space) in a word of a multi-word
    term that another word follows.  Only through such a word can a match cross white space; the
    first pattern is for the case-insensitive terms, the second for the acronyms (as in ``_compile``)."""
    ci: set[str] = set()
    cs: set[str] = set()
    for sid in terms:
        for word in (*terms[sid].get(lang, ()), *terms[sid].get("any", ())):
            parts = word.split()
            if _is_acronym(word):
                cs.update(parts[:-1])
            else:
                ci.update(p.casefold() for p in parts[:-1])
    return (
        regex.compile(rf"(?:{_alternation(sorted(ci))})\s*\Z", regex.IGNORECASE) if ci else None,
        regex.compile(rf"(?:{_alternation(sorted(cs))})\s*\Z") if cs else None,
    )


def _compile(
    terms: Mapping[str, Mapping[str, tuple[str, ...]]], lang: str
) -> tuple[Any, Any, dict[str, str], dict[str, str]]:
    ci_map: dict[str, str] = {}
    cs_map: dict[str, str] = {}
    for sid in sorted(terms):
        for word in (*terms[sid].get(lang, ()), *terms[sid].get("any", ())):
            if _is_acronym(word):
                cs_map.setdefault(word, sid)
            else:
                ci_map.setdefault(word.casefold(), sid)

    ci = cs = None
    if ci_map:
        words = list(ci_map)
        trie = _trie_alternation(words)
        alternatives = _alternation(words) if trie is None else trie
        # \b first lets the regex module skip to word starts; it loses no match where every term starts
        # with a word character, as every case variant of a word character is one too
        start = r"\b(?<!\w)" if all(_WORD.match(w) for w in words) else r"(?<!\w)"
        ci = regex.compile(rf"{start}(?P<t>{alternatives}){_SUFFIX}(?!\w)", regex.IGNORECASE)
        # the matched text differs from the term in whitespace only; map it back through casefold
        ci_map = {**ci_map, **{" ".join(k.split()): v for k, v in ci_map.items()}}
    if cs_map:
        cs = regex.compile(rf"(?<![\w.])(?P<t>{_alternation(list(cs_map))})(?![\w])")
    return ci, cs, _WhitespaceMap(ci_map), cs_map


def _alternation(words: list[str]) -> str:
    """The terms as one regex alternation, longest first (so "Vereinigte Staaten" wins over "Staaten")."""
    return "|".join(r"\s+".join(regex.escape(p) for p in w.split()) for w in sorted(words, key=len, reverse=True))


_WORD = regex.compile(r"\w")
_END = ""


def _trie_alternation(words: list[str]) -> str | None:
    """``_alternation(words)`` as a character trie, which the regex engine runs several times faster:
    at a word start it follows one branch per letter instead of trying hundreds of country names.

    The two match the same text: terms that match at one position share a path in the trie (one
    is a prefix of the other), and the trie tries the longer continuation first, as the longest-first
    alternation does.  That holds for terms written with single spaces and for sibling letters that
    no character matches both of case-insensitively (Turkish dotless i beside i, say); otherwise
    this returns None and the caller keeps the plain alternation.

    >>> _trie_alternation(["korea", "korean", "kenya"])
    'k(?:orea(?:n)?|enya)'
    """
    root: dict[str, Any] = {}
    for w in words:
        if not w or w != " ".join(w.split()):
            return None
        node = root
        for ch in w:
            node = node.setdefault(ch, {})
        node[_END] = {}

    def emit(node: dict[str, Any]) -> str | None:
        kids = [k for k in node if k != _END]
        for i, a in enumerate(kids):
            if any(_may_share_case(a, b) for b in kids[i + 1 :]):
                return None
        parts: list[str] = []
        for k in kids:
            rest = emit(node[k])
            if rest is None:
                return None
            parts.append((r"\s+" if k == " " else regex.escape(k)) + rest)
        if not parts:
            return ""
        body = parts[0] if len(parts) == 1 else "(?:" + "|".join(parts) + ")"
        return f"(?:{body})?" if _END in node else body

    return emit(root)


@functools.lru_cache(maxsize=65536)
def _may_share_case(a: str, b: str) -> bool:
    """Could one character of text match both ``a`` and ``b`` under ``regex.IGNORECASE``?"""
    if a == " " or b == " ":
        return False  # the space stands for \s+; no letter matches white space
    if a.isascii() and b.isascii():
        return a.lower() == b.lower()  # "k" and "s" reach the Kelvin sign and the long s, never each other
    ci = regex.IGNORECASE
    if regex.fullmatch(regex.escape(a), b, ci) or regex.fullmatch(regex.escape(b), a, ci):
        return True
    return bool(_case_variants(a) & _case_variants(b))


@functools.lru_cache(maxsize=4096)
def _case_variants(ch: str) -> frozenset[str]:
    """Characters that ``ch`` matches case-insensitively, among its upper/lower/title/folded forms
    (two rounds, so "i" reaches "I" and "İ" reaches "i")."""
    cand = {ch}
    for _ in range(2):
        cand |= {y[0] for c in list(cand) for y in (c.lower(), c.upper(), c.casefold(), c.title()) if y}
    return frozenset(x for x in cand if regex.fullmatch(regex.escape(ch), x, regex.IGNORECASE))


class _WhitespaceMap(dict[str, str]):
    """Lookup that folds runs of whitespace, so "trade\\n surplus" finds "trade surplus"."""

    def __missing__(self, key: str) -> str:
        return dict.__getitem__(self, " ".join(key.split()))


@functools.cache
def cldr_countries() -> dict[str, dict[str, tuple[str, ...]]]:
    """ISO 3166 alpha-2 code -> {lang: (CLDR territory name,)} for English and German (from Babel)."""
    from babel import Locale

    out: dict[str, dict[str, tuple[str, ...]]] = {}
    for lang in LANGS:
        names = Locale.parse(lang).territories
        for code, name in names.items():
            if len(code) == 2 and code.isalpha() and code not in ("ZZ", "EU", "EZ", "UN", "QO", "XA", "XB"):
                out.setdefault(code, {})[lang] = (name,)
    return out


def parse_lexicon(doc: Located) -> Lexicon:
    """Validate ``rules/lexicon.yaml`` (already parsed with positions) and compile it."""
    data = doc.data
    if not isinstance(data, dict):
        raise doc.error(RuleError, (), "a lexicon file is a mapping with 'metrics' and 'entities'")
    for key in data:
        if key not in _ALLOWED_TOP:
            raise doc.error(
                RuleError,
                (key,),
                f"unknown key {key!r} in lexicon",
                f"allowed: {', '.join(_ALLOWED_TOP)}",
                key=True,
            )
    metrics = _term_table(doc, ("metrics",), data.get("metrics") or {})
    ent = data.get("entities") or {}
    if not isinstance(ent, dict):
        raise doc.error(RuleError, ("entities",), "'entities' must be a mapping")
    for key in ent:
        if key not in _ALLOWED_ENTITIES:
            raise doc.error(
                RuleError,
                ("entities", key),
                f"unknown key {key!r} in entities",
                f"allowed: {', '.join(_ALLOWED_ENTITIES)}",
                key=True,
            )
    entities: dict[str, dict[str, tuple[str, ...]]] = {}
    countries = ent.get("countries")
    if countries not in (None, "cldr"):
        raise doc.error(
            RuleError,
            ("entities", "countries"),
            "countries must be 'cldr'",
            "the only maintained source of country names wired in is Babel's CLDR data",
        )
    if countries == "cldr":
        entities.update({k: dict(v) for k, v in cldr_countries().items()})
    for sid, by_lang in _term_table(doc, ("entities", "aliases"), ent.get("aliases") or {}).items():
        slot = entities.setdefault(sid, {})
        for lang, words in by_lang.items():
            slot[lang] = (*slot.get(lang, ()), *words)
    clash = sorted(set(metrics) & set(entities))
    if clash:
        raise doc.error(
            RuleError,
            ("metrics", clash[0]),
            f"id {clash[0]!r} is both a metric and an entity",
            "give metrics lower-case ids and entities their ISO code",
            key=True,
        )
    return build_lexicon(metrics, entities, path=doc.path)


def _term_table(doc: Located, kp: tuple[str, ...], raw: Any) -> dict[str, dict[str, tuple[str, ...]]]:
    if not isinstance(raw, dict):
        raise doc.error(RuleError, kp, f"'{kp[-1]}' must be a mapping of id -> {{en: [...], de: [...]}}")
    out: dict[str, dict[str, tuple[str, ...]]] = {}
    for sid, by_lang in raw.items():
        if not isinstance(sid, str) or not regex.match(r"^[A-Za-z][\w-]*$", sid):
            raise doc.error(RuleError, (*kp, sid), f"bad subject id {sid!r}", "use letters, digits, _ and -", key=True)
        if not isinstance(by_lang, dict):
            raise doc.error(RuleError, (*kp, sid), f"{sid}: expected {{en: [...], de: [...]}}")
        slot: dict[str, tuple[str, ...]] = {}
        for lang, words in by_lang.items():
            if lang not in (*LANGS, "any", "label"):
                raise doc.error(
                    RuleError,
                    (*kp, sid, lang),
                    f"unknown language {lang!r}",
                    f"use {', '.join(LANGS)}, any (language-neutral) or label",
                    key=True,
                )
            if lang == "label":
                continue
            if not isinstance(words, list) or not all(isinstance(w, str) and w.strip() for w in words):
                raise doc.error(RuleError, (*kp, sid, lang), f"{sid}.{lang}: expected a list of terms")
            slot[lang] = tuple(w.strip() for w in words)
        out[sid] = slot
    return out
