"""Per-language extractor vocabulary: load ``lang/*.yaml``, validate it, compile the regexes once.

A vocabulary file is data (``factcheck/extract/lang/en.yaml``); adding a language is a new file plus
golden tests.  Every mistake (a missing key, a list where a mapping belongs, a unit pint does not
know) raises :class:`~factcheck.errors.VocabularyError` pointing at ``path:line:col`` of the entry.

>>> v = vocabulary("de")
>>> v.scales["milliarden"]
1000000000.0
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import re
import sys
from dataclasses import dataclass, field, fields
from importlib import resources
from pathlib import Path
from typing import Any, Protocol

from factcheck.errors import VocabularyError
from factcheck.models import Lang
from factcheck.normalize import parse_unit
from factcheck.yamlio import KeyPath, Located, load_yaml

UNITS_FILE = "units.yaml"
_KINDS = {"quantity", "duration", "percent", "percentage_points"}
_QUALS = ("approx", "more_than", "at_least", "at_most", "less_than")


@dataclass(frozen=True, slots=True)
class UnitEntry:
    unit: str  # pint unit string, or ISO 4217 code for currencies
    kind: str  # money, quantity, duration, percent, percentage_points
    per: float = 1.0  # divide the number by this (cents -> dollars)
    scale: float = 1.0  # multiply the number by this ("MUSD": million US dollars)


@dataclass(slots=True)
class Vocab:
    """Everything the extractor knows about one language, plus its compiled regexes."""

    lang: str
    decimal: str
    group: str
    stopwords: frozenset[str]
    orthography: str
    compound: bool
    cardinals: dict[str, float]
    hundred: frozenset[str]
    scales: dict[str, float]
    scale_abbr: dict[str, float]
    dozen: dict[str, float]
    fractions: dict[str, float]
    half_words: dict[str, float]
    conjunctions: frozenset[str]
    decimal_words: frozenset[str]
    negative_words: frozenset[str]
    articles: dict[str, float]
    vague: dict[str, float]
    ratio_joiners: tuple[str, ...]
    every: frozenset[str]
    idioms: tuple[str, ...]
    ordinal_words: dict[str, float]
    ordinal_suffixes: tuple[str, ...]
    ordinal_adverbs: dict[str, float]  # "zuerst" = 1
    ordinal_bare_after: tuple[str, ...]  # "zu dritt": a bare ordinal stem after these words
    qualifiers: dict[str, str]  # phrase (lower) -> qualifier
    post_qualifiers: dict[str, str]
    range_open: frozenset[str]
    range_join: frozenset[str]
    change_open: frozenset[str]
    change_up: frozenset[str]
    change_down: frozenset[str]
    change_by: frozenset[str]
    multipliers: dict[str, float]
    times_words: frozenset[str]
    not_claim_before: frozenset[str]
    not_claim_after: frozenset[str]
    period_before: frozenset[str]
    per_words: tuple[str, ...]
    scale_or_unit: frozenset[str] = frozenset()  # glued abbreviations that may be a unit ("5m")
    unit_context_after: frozenset[str] = frozenset()
    age_before: frozenset[str] = frozenset()
    # "5 ft 2 in": major unit -> (minor unit, minor units per major, extra minor symbols)
    unit_pairs: dict[str, tuple[str, float, tuple[str, ...]]] = field(default_factory=dict)
    currency_names_before: tuple[str, ...] = ()  # names read as a prefix ("usd 20")
    half_alone: dict[str, float] = field(default_factory=dict)  # "more than half", "die Hälfte der"
    half_determiners: frozenset[str] = frozenset()
    re_half_follow: re.Pattern[str] = field(default=re.compile("(?!)"))
    re_frac_of: re.Pattern[str] = field(default=re.compile("(?!)"))
    percent_before_of: tuple[str, ...] = ()  # "percent of 10" at a sentence start
    re_percent_of: re.Pattern[str] = field(default=re.compile("(?!)"))
    address_after: frozenset[str] = frozenset()  # "10 Downing Street": street words after a name
    address_before: tuple[str, ...] = ()  # "Hauptstraße 5": endings of the word before the number
    symbol_before_number: bool = False  # "$" belongs to a following number when one follows
    money_or_mass: dict[str, str] = field(default_factory=dict)  # "pounds" -> lb unless money context
    money_context: frozenset[str] = frozenset()
    # surface form -> entry; `names` are lower-case, `symbols` case-sensitive
    unit_names: dict[str, UnitEntry] = field(default_factory=dict)
    unit_symbols: dict[str, UnitEntry] = field(default_factory=dict)
    currency_symbols: dict[str, str] = field(default_factory=dict)
    currency_symbols_ci: dict[str, str] = field(default_factory=dict)
    # compiled once (see _compile)
    re_candidate: re.Pattern[str] = field(default=re.compile(""))
    re_candidate_digit: re.Pattern[str] = field(default=re.compile(""))
    re_candidate_word: re.Pattern[str] = field(default=re.compile(""))
    re_unit: re.Pattern[str] = field(default=re.compile(""))
    re_cur_before: re.Pattern[str] = field(default=re.compile(""))
    re_scale_after: re.Pattern[str] = field(default=re.compile(""))
    re_compound: re.Pattern[str] = field(default=re.compile(""))
    re_ordinal_word: re.Pattern[str] = field(default=re.compile(""))
    re_post_qual: re.Pattern[str] = field(default=re.compile(""))
    re_per: re.Pattern[str] = field(default=re.compile(""))
    re_ratio: re.Pattern[str] = field(default=re.compile(""))
    re_cents_join: re.Pattern[str] = field(default=re.compile(""))
    cents_join: tuple[str, ...] = ()
    # changes: words between "by" and the figure, adverbs before it, comparatives after it
    change_skip: frozenset[str] = frozenset()
    change_adverbs: dict[str, str] = field(default_factory=dict)
    comparative_up: frozenset[str] = frozenset()
    comparative_down: frozenset[str] = frozenset()
    comparative_than: frozenset[str] = frozenset()
    rate_adverbs: dict[str, str] = field(default_factory=dict)  # "daily" -> day
    noun_rate_per: frozenset[str] = frozenset()  # "120 people per km²"
    rate_time_after: frozenset[str] = frozenset()  # "a year earlier" is no rate
    temperature_context: tuple[str, ...] = ()  # "degrees"/"Grad" is degC near these stems
    instrument_nouns: frozenset[str] = frozenset()  # "the 10-year yield" is no claim
    unit_carry_before: frozenset[str] = frozenset()  # "up from 12.3 million": unit of the figure before
    fraction_of: tuple[str, ...] = ()  # "three-quarters of a percentage point"
    during_words: frozenset[str] = frozenset()  # "cut $250bn over ten years": a span, not "more than"
    re_noun_rate: re.Pattern[str] = field(default=re.compile("(?!)"))
    re_temperature: re.Pattern[str] = field(default=re.compile("(?!)"))
    re_frac_unit: re.Pattern[str] = field(default=re.compile("(?!)"))
    re_article_points: re.Pattern[str] = field(default=re.compile("(?!)"))  # "einen Viertelprozentpunkt"
    glued_symbols: dict[str, UnitEntry] = field(default_factory=dict)  # "46C"
    morph_values: dict[str, tuple[str, float]] = field(default_factory=dict)


def _lang_text(name: str) -> tuple[str, str]:
    res = resources.files("factcheck.extract").joinpath("lang", name)
    return res.read_text(encoding="utf-8"), f"factcheck/extract/lang/{name}"


class _Reader:
    """Typed access to a located YAML document; every failure names the entry's path:line:col."""

    def __init__(self, doc: Located) -> None:
        self.doc = doc

    def fail(self, kp: KeyPath, msg: str, hint: str | None = None, key: bool = False) -> VocabularyError:
        err = self.doc.error(VocabularyError, kp, msg, hint, key=key)
        assert isinstance(err, VocabularyError)
        return err

    def get(self, kp: KeyPath, default: Any = ...) -> Any:
        node: Any = self.doc.data
        for i, k in enumerate(kp):
            if isinstance(node, list) and isinstance(k, int) and k < len(node):
                node = node[k]
                continue
            if not isinstance(node, dict):
                raise self.fail(kp[:i], f"expected a mapping at {'.'.join(map(str, kp[:i])) or 'top level'}")
            if k not in node:
                if default is not ...:
                    return default
                raise self.fail(
                    kp[:i],
                    f"missing key {'.'.join(map(str, kp))!r}",
                    "add it (see factcheck/extract/lang/en.yaml for the shape)",
                )
            node = node[k]
        return node

    def words(self, kp: KeyPath, default: Any = ...) -> list[str]:
        val = self.get(kp, default)
        if val is default and default is not ...:
            return list(default)
        if not isinstance(val, list):
            raise self.fail(kp, f"{'.'.join(map(str, kp))} must be a list of words")
        for i, w in enumerate(val):
            if not isinstance(w, str) or not w.strip():
                raise self.fail((*kp, i), f"expected a non-empty string, got {w!r}", "quote the entry")
        return val

    def numbers(self, kp: KeyPath, default: Any = ...) -> dict[str, float]:
        val = self.get(kp, default)
        if val is default and default is not ...:
            return dict(default)
        if not isinstance(val, dict):
            raise self.fail(kp, f"{'.'.join(map(str, kp))} must be a mapping word -> number")
        out: dict[str, float] = {}
        for k, v in val.items():
            if not isinstance(k, str):
                raise self.fail((*kp, k), f"key {k!r} must be a string", "quote it", key=True)
            if isinstance(v, bool) or not isinstance(v, int | float):
                raise self.fail((*kp, k), f"value of {k!r} must be a number, got {v!r}")
            out[k] = float(v)
        return out

    def strings(self, kp: KeyPath, default: Any = ...) -> dict[str, str]:
        val = self.get(kp, default)
        if val is default and default is not ...:
            return dict(default)
        if not isinstance(val, dict):
            raise self.fail(kp, f"{'.'.join(map(str, kp))} must be a mapping")
        for k, v in val.items():
            if not isinstance(k, str) or not isinstance(v, str):
                raise self.fail((*kp, k), f"entry {k!r}: {v!r} must map a string to a string")
        return dict(val)


def _check_unit(r: _Reader, kp: KeyPath, unit: Any) -> str:
    if not isinstance(unit, str) or not unit:
        raise r.fail(kp, f"unit must be a string, got {unit!r}")
    try:
        parse_unit(unit)
    except Exception:
        raise r.fail(
            kp,
            f"unit {unit!r} is not in the project's pint registry",
            "use a pint unit name or an ISO 4217 code (see factcheck/data/units.txt)",
        ) from None
    return unit


def _check_direction(r: _Reader, kp: KeyPath, d: str) -> str:
    if d not in ("up", "down"):
        raise r.fail(kp, f"direction {d!r} must be 'up' or 'down'")
    return d


def _read_units(r: _Reader, kp: KeyPath, names: dict[str, UnitEntry], symbols: dict[str, UnitEntry]) -> None:
    entries = r.get(kp, [])
    if not isinstance(entries, list):
        raise r.fail(kp, "units must be a list of {unit, kind, names|symbols}")
    for i, e in enumerate(entries):
        if not isinstance(e, dict):
            raise r.fail((*kp, i), "each unit entry must be a mapping {unit, kind, names|symbols}")
        unknown = set(e) - {"unit", "kind", "names", "symbols"}
        if unknown:
            bad = sorted(unknown)[0]
            raise r.fail((*kp, i, bad), f"unknown key {bad!r} in unit entry", key=True)
        unit = _check_unit(r, (*kp, i, "unit"), e.get("unit"))
        kind = e.get("kind", "quantity")
        if kind not in _KINDS:
            raise r.fail((*kp, i, "kind"), f"kind {kind!r} is not one of {sorted(_KINDS)}")
        entry = UnitEntry(unit, kind)
        for w in r.words((*kp, i, "names"), ()):
            names[w.lower()] = entry
        for w in r.words((*kp, i, "symbols"), ()):
            symbols[w] = entry


_Node = dict[str, "_Node"]


def _fold(ch: str) -> str:
    """One key per case-insensitive class ("M", "m" -> "m"; "µ", "μ" -> "μ"; "ſ" -> "s")."""
    up = ch.upper()
    low = up.lower() if len(up) == 1 else ch.lower()
    return low if len(low) == 1 else ch


def _alt(words: Any, *, ignore_case: bool = False) -> str:
    """Regex alternation of ``words``, longest first, with flexible inner spaces; factored as a trie.

    The words that match at one position are prefixes of one another, so the trie tries them in the
    same order as the flat list sorted longest first (and matches the same), but it rejects a
    position in a few steps instead of one per word: the extractor's unit and currency alternations
    hold a thousand words or more.  ``ignore_case`` merges branches that differ only in case, for
    alternations that sit inside ``(?i:...)``.

    >>> print(_alt(["per cent", "per", "pro"]))
    p(?:er(?:\\s+cent)?|ro)
    """
    ws = {w for w in words if w}
    if any(ch.isspace() and ch != " " for w in ws for ch in w):  # "\s+" would overlap the literal
        return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(ws, key=lambda w: (-len(w), w)))
    root: _Node = {}
    for w in ws:
        node = root
        for ch in w:
            node = node.setdefault(_fold(ch) if ignore_case else ch, {})
        node[""] = {}

    def emit(node: _Node) -> str:
        alts = [(r"\s+" if ch == " " else re.escape(ch)) + emit(node[ch]) for ch in sorted(node) if ch]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        if "" not in node:
            return body
        return f"(?:{body})?" if len(alts) > 1 or len(body) > 1 else f"{body}?"

    return emit(root)


_TOP_KEYS = {
    "language",
    "decimal_separator",
    "group_separator",
    "stopwords",
    "orthography",
    "numbers",
    "ordinals",
    "qualifiers",
    "range",
    "changes",
    "multipliers",
    "times_words",
    "percent",
    "percentage_points",
    "basis_points",
    "point_fractions",
    "currencies",
    "not_claim_before",
    "not_claim_after",
    "period_before",
    "units",
    "per_words",
    "currency_code_prefixes",
    "money_or_mass",
    "money_context",
    "cents_join",
    "age_before",
    "currency_names_before",
    "symbol_before_number",
    "addresses",
    "percent_before_of",
    "rate_adverbs",
    "rate_time_after",
    "noun_rate_per",
    "temperature_context",
    "instrument_nouns",
    "unit_carry_before",
}


def load_vocabulary(text: str, path: str, shared: Located | None = None) -> Vocab:
    """Parse and validate one language file (``text`` is its content, ``path`` its name for errors)."""
    doc = load_yaml(text, path, VocabularyError)
    r = _Reader(doc)
    if not isinstance(doc.data, dict):
        raise r.fail((), "a vocabulary file must be a mapping")
    for k in doc.data:
        if k not in _TOP_KEYS:
            raise r.fail((k,), f"unknown key {k!r}", f"known keys: {', '.join(sorted(_TOP_KEYS))}", key=True)
    lang = r.get(("language",))
    if not isinstance(lang, str) or not re.fullmatch(r"[a-z]{2}", lang):
        raise r.fail(("language",), "language must be a two-letter ISO 639-1 code")
    dec, grp = r.get(("decimal_separator",)), r.get(("group_separator",))
    if dec not in (".", ",") or grp not in (".", ",") or dec == grp:
        raise r.fail(("decimal_separator",), "decimal/group separators must be '.' and ',' (different)")
    quals: dict[str, str] = {}
    for q in _QUALS:
        for w in r.words(("qualifiers", q)):
            quals[w.lower()] = q
    post = r.strings(("qualifiers", "after"), {})
    for k, q in post.items():
        if q not in _QUALS:
            raise r.fail(("qualifiers", "after", k), f"qualifier {q!r} is not one of {list(_QUALS)}")
    mults = r.numbers(("multipliers",))
    unit_names: dict[str, UnitEntry] = {}
    unit_symbols: dict[str, UnitEntry] = {}
    cur_symbols: dict[str, str] = {}
    pair_units: dict[str, tuple[str, float, tuple[str, ...]]] = {}
    glued: dict[str, UnitEntry] = {}
    if shared is not None:
        sr = _Reader(shared)
        _read_units(sr, ("units",), unit_names, unit_symbols)
        _read_units(sr, ("glued_symbols",), {}, glued)
        for sym, code in sr.strings(("currency_symbols",)).items():
            cur_symbols[sym] = _check_unit(sr, ("currency_symbols", sym), code)
        subs = sr.get(("currency_subunits",), {})
        if not isinstance(subs, dict):
            raise sr.fail(("currency_subunits",), "currency_subunits must be a mapping")
        pairs = sr.get(("unit_pairs",), [])
        if not isinstance(pairs, list):
            raise sr.fail(("unit_pairs",), "unit_pairs must be a list of {unit, minor, per, symbols}")
        for i, spec in enumerate(pairs):
            if not isinstance(spec, dict) or not isinstance(spec.get("per"), int | float):
                raise sr.fail(("unit_pairs", i), "expected {unit, minor, per: number, symbols: [...]}")
            major = _check_unit(sr, ("unit_pairs", i, "unit"), spec.get("unit"))
            minor = _check_unit(sr, ("unit_pairs", i, "minor"), spec.get("minor"))
            pair_units[major] = (minor, float(spec["per"]), tuple(sr.words(("unit_pairs", i, "symbols"), ())))
        for name, spec in subs.items():
            if not isinstance(spec, dict) or not isinstance(spec.get("per"), int | float):
                raise sr.fail(("currency_subunits", name), "expected {unit: ISO code, per: number}")
            code = _check_unit(sr, ("currency_subunits", name, "unit"), spec.get("unit"))
            unit_symbols[name] = UnitEntry(code, "money", float(spec["per"]))
    _read_units(r, ("units",), unit_names, unit_symbols)
    for w in r.words(("percent",)):
        unit_names[w.lower()] = UnitEntry("percent", "percent")
    for w in r.words(("percentage_points",)):
        unit_names[w.lower()] = UnitEntry("percentage_point", "percentage_points")
    for w in r.words(("basis_points",), ()):
        unit_names[w.lower()] = UnitEntry("percentage_point", "percentage_points", 100.0)
    for name, code in _babel_currency_names(lang).items():
        unit_names.setdefault(name, UnitEntry(code, "money"))
    for name, code in r.strings(("currencies",)).items():
        unit_names[name.lower()] = UnitEntry(_check_unit(r, ("currencies", name), code), "money")
    for code in _babel_codes():
        unit_symbols.setdefault(code, UnitEntry(code, "money"))
    # scaled codes of the currencies the vocabulary names: "MEUR", "kUSD", "TEUR" (Tausend Euro)
    named = {e.unit for e in unit_names.values() if e.kind == "money"} | set(cur_symbols.values())
    for pfx, scale in r.numbers(("currency_code_prefixes",), {}).items():
        for code in sorted(named):
            if len(code) == 3 and code.isupper():
                unit_symbols.setdefault(pfx + code, UnitEntry(code, "money", 1.0, scale))

    num = ("numbers",)
    v = Vocab(
        lang=lang,
        decimal=dec,
        group=grp,
        stopwords=frozenset(w.lower() for w in r.words(("stopwords",))),
        orthography=str(r.get(("orthography",), "")),
        compound=bool(r.get((*num, "compound"), False)),
        cardinals={k.lower(): x for k, x in r.numbers((*num, "cardinals")).items()},
        hundred=frozenset(w.lower() for w in r.words((*num, "hundred"))),
        scales={k.lower(): x for k, x in r.numbers((*num, "scales")).items()},
        scale_abbr=r.numbers((*num, "scale_abbreviations")),
        dozen={k.lower(): x for k, x in r.numbers((*num, "dozen")).items()},
        fractions={k.lower(): x for k, x in r.numbers((*num, "fractions")).items()},
        half_words={k.lower(): x for k, x in r.numbers((*num, "half_words"), {}).items()},
        conjunctions=frozenset(r.words((*num, "conjunctions"))),
        decimal_words=frozenset(r.words((*num, "decimal_words"))),
        negative_words=frozenset(r.words((*num, "negative_words"))),
        articles={k.lower(): x for k, x in r.numbers((*num, "articles")).items()},
        vague={k.lower(): x for k, x in r.numbers((*num, "vague")).items()},
        ratio_joiners=tuple(r.words((*num, "ratio_joiners"))),
        every=frozenset(w.lower() for w in r.words((*num, "every"))),
        idioms=tuple(w.lower() for w in r.words((*num, "idioms"))),
        ordinal_words={k.lower(): x for k, x in r.numbers(("ordinals", "words")).items()},
        ordinal_suffixes=tuple(r.words(("ordinals", "digit_suffixes"))),
        ordinal_adverbs={k.lower(): x for k, x in r.numbers(("ordinals", "adverbs"), {}).items()},
        ordinal_bare_after=tuple(w.lower() for w in r.words(("ordinals", "bare_after"), ())),
        qualifiers=quals,
        post_qualifiers={k.lower(): q for k, q in post.items()},
        range_open=frozenset(w.lower() for w in r.words(("range", "open"))),
        range_join=frozenset(w.lower() for w in r.words(("range", "join"))),
        change_open=frozenset(w.lower() for w in r.words(("range", "change_open"))),
        change_up=frozenset(w.lower() for w in r.words(("changes", "up"))),
        change_down=frozenset(w.lower() for w in r.words(("changes", "down"))),
        change_by=frozenset(w.lower() for w in r.words(("changes", "by"))),
        multipliers={k.lower(): x for k, x in mults.items()},
        times_words=frozenset(w.lower() for w in r.words(("times_words",))),
        not_claim_before=frozenset(w.lower() for w in r.words(("not_claim_before",))),
        not_claim_after=frozenset(w.lower() for w in r.words(("not_claim_after",))),
        period_before=frozenset(w.lower() for w in r.words(("period_before",))),
        per_words=tuple(r.words(("per_words",))),
        money_or_mass={
            k.lower(): _check_unit(r, ("money_or_mass", k), u) for k, u in r.strings(("money_or_mass",), {}).items()
        },
        money_context=frozenset(w.lower() for w in r.words(("money_context",), ())),
        scale_or_unit=frozenset(r.words((*num, "scale_or_unit"), ())),
        unit_context_after=frozenset(w.lower() for w in r.words((*num, "unit_context_after"), ())),
        age_before=frozenset(w.lower() for w in r.words(("age_before",), ())),
        unit_pairs=pair_units,
        cents_join=tuple(r.words(("cents_join",), ())),
        currency_names_before=tuple(r.words(("currency_names_before",), ())),
        symbol_before_number=bool(r.get(("symbol_before_number",), False)),
        percent_before_of=tuple(r.words(("percent_before_of",), ())),
        half_alone={k.lower(): x for k, x in r.numbers((*num, "half_alone"), {}).items()},
        half_determiners=frozenset(w.lower() for w in r.words((*num, "half_determiners"), ())),
        address_after=frozenset(w.lower() for w in r.words(("addresses", "after"), ())),
        address_before=tuple(w.lower() for w in r.words(("addresses", "before"), ())),
        change_skip=frozenset(w.lower() for w in r.words(("changes", "skip"), ())),
        change_adverbs={
            k.lower(): _check_direction(r, ("changes", "adverbs", k), d)
            for k, d in r.strings(("changes", "adverbs"), {}).items()
        },
        comparative_up=frozenset(w.lower() for w in r.words(("changes", "comparative", "up"), ())),
        comparative_down=frozenset(w.lower() for w in r.words(("changes", "comparative", "down"), ())),
        comparative_than=frozenset(w.lower() for w in r.words(("changes", "comparative", "than"), ())),
        rate_adverbs={
            k.lower(): _check_unit(r, ("rate_adverbs", k), u) for k, u in r.strings(("rate_adverbs",), {}).items()
        },
        noun_rate_per=frozenset(w.lower() for w in r.words(("noun_rate_per",), ())),
        rate_time_after=frozenset(w.lower() for w in r.words(("rate_time_after",), ())),
        temperature_context=tuple(w.lower() for w in r.words(("temperature_context",), ())),
        instrument_nouns=frozenset(w.lower() for w in r.words(("instrument_nouns",), ())),
        unit_carry_before=frozenset(w.lower() for w in r.words(("unit_carry_before",), ())),
        fraction_of=tuple(w.lower() for w in r.words((*num, "fraction_of"), ())),
        during_words=frozenset(w.lower() for w in r.words(("qualifiers", "during"), ())),
        glued_symbols=glued,
        unit_names=unit_names,
        unit_symbols=unit_symbols,
        currency_symbols=cur_symbols,
    )
    if v.percent_before_of:
        pct = _alt((k for k, e in v.unit_names.items() if e.kind == "percent"), ignore_case=True)
        v.re_percent_of = re.compile(
            rf"[\s\"'“„(]*(?P<p>(?i:{pct}))[ \t]+(?i:{_alt(v.percent_before_of, ignore_case=True)})[ \t]+"
        )
    follow = _alt(r.words((*num, "half_follow"), ()), ignore_case=True)
    if follow:
        v.re_half_follow = re.compile(rf"[ \t]+(?i:{follow})(?!\w)")
    frac_of = _alt(r.words((*num, "fraction_of"), ()), ignore_case=True)
    if frac_of:
        sing = _alt((k for k in v.scales if not k.endswith(("s", "en"))), ignore_case=True)
        v.re_frac_of = re.compile(rf"[ \t]+(?i:{frac_of})[ \t]+(?P<s>(?i:{sing}))(?!\w)")
    for k, x in r.numbers(("point_fractions",), {}).items():
        v.unit_names[k.lower()] = UnitEntry("percentage_point", "percentage_points", 1.0 / x if x else 1.0)
    _compile(v)
    return v


@functools.cache
def _babel_codes() -> frozenset[str]:
    import babel

    codes = [str(c) for c in babel.Locale("en").currencies]
    return frozenset(c for c in codes if c.isalpha() and c.isupper() and len(c) == 3 and _parses(c))


def _parses(unit: str) -> bool:
    try:
        parse_unit(unit)
    except Exception:
        return False
    return True


@functools.cache
def _babel_currency_names(lang: str) -> dict[str, str]:
    """CLDR display names ("US-Dollar", "Japanischer Yen", plural forms) -> ISO code."""
    import babel
    from babel.numbers import get_currency_name

    out: dict[str, str] = {}
    try:
        loc = babel.Locale(lang)
    except Exception:
        return out
    for code, name in loc.currencies.items():
        if code not in _babel_codes():
            continue
        names = {name}
        for count in (1, 2):
            with contextlib.suppress(Exception):
                names.add(get_currency_name(code, count=count, locale=lang))
        for n in names:
            n = n.lower()
            # names with a parenthesised period ("(1927–2002)") are historic variants
            if "(" in n or len(n) < 3:
                continue
            out.setdefault(n, code)
    return out


_DIG = r"\d"


def _compile(v: Vocab) -> None:
    """Build the language's regexes once (the hot path only runs them)."""
    morph = dict.fromkeys(v.cardinals, "card")
    morph.update(dict.fromkeys(v.hundred, "hund"))
    morph.update(dict.fromkeys(v.scales, "scale"))
    morph.update(dict.fromkeys(v.dozen, "dozen"))
    morph.update(dict.fromkeys(v.fractions, "frac"))
    morph.update(dict.fromkeys(v.half_words, "halfw"))
    morph.update(dict.fromkeys(v.conjunctions, "conj"))
    morphs = dict(morph)
    values: dict[str, tuple[str, float]] = {}
    for w, role in morphs.items():
        val = {
            "card": v.cardinals,
            "scale": v.scales,
            "dozen": v.dozen,
            "frac": v.fractions,
            "halfw": v.half_words,
        }.get(role, {}).get(w, 100.0 if role == "hund" else 0.0)
        values[w] = (role, val)
    v.morph_values = values
    # number words: one morpheme sequence (German compounds) or hyphenated English words
    num_morphs = [w for w, role in morphs.items() if role != "conj"]
    all_morphs = list(morphs)
    sep = "" if v.compound else "-?"
    word = f"(?:{_alt(num_morphs)})(?:{sep}(?:{_alt(all_morphs)}))*"
    v.re_compound = re.compile(f"(?:{_alt(all_morphs)})")
    # articles only when they quantify: followed by a scale, dozen, fraction or unit/currency name
    quant = set(v.scales) | set(v.dozen) | set(v.fractions) | set(v.hundred) | set(v.half_words)
    art_follow = _alt(quant | {k for k in v.unit_names if " " not in k and len(k) > 2})
    art = f"(?:{_alt(v.articles)})(?=[\\s-]+(?:{art_follow})(?!\\w))"
    ordw = _alt(v.ordinal_words)
    if v.compound:
        ord_pat = f"(?:(?:{_alt(all_morphs)})*(?:{ordw})(?:e[rnms]?)|(?:{_alt(all_morphs)})+ste[rnms]?)"
    else:
        tens = _alt(w for w, x in v.cardinals.items() if x >= 20 and x % 10 == 0)
        ord_pat = f"(?:(?:{tens})-(?:{ordw})|(?:{ordw}))"
    extra = [f"(?<=\\b{re.escape(w)}\\s)(?:{ordw})" for w in v.ordinal_bare_after]
    if v.ordinal_adverbs:
        extra.append(f"(?:{_alt(v.ordinal_adverbs)})")
    if extra:
        ord_pat = f"(?:{'|'.join(extra)}|{ord_pat})"
    vague = _alt(set(v.vague) | set(v.half_alone))
    unicode_fr = "½⅓⅔¼¾⅕⅖⅗⅘⅙⅚⅛⅜⅝⅞"
    neg = _alt(v.negative_words)
    mult = _alt(v.multipliers)
    # Every word the candidate matches begins with one of these words: a look at the next three letters
    # rejects the other words of the text before the alternation is tried.
    starters = {*all_morphs, *v.ordinal_words, *v.ordinal_adverbs, *v.articles}
    starters |= {*v.vague, *v.half_alone, *v.negative_words, *v.multipliers}
    heads = {re.split(r"\s", w[:3], maxsplit=1)[0] for w in starters}
    guard = f"(?=(?:{_alt(heads)}))" if all(heads) else ""
    # A digit, or "." / "," before one (".5") not after a word or number: the scanner reads the number
    # (and its sign) from the digit; each alternative starts by consuming a character, which the
    # regex engine tests before entering it.
    words = (
        rf"(?<![\w-]){guard}(?:(?P<o>{ord_pat})(?![\w-])|(?P<neg>(?:{neg})\s+)?(?P<w>{art}|{word})|(?P<v>{vague})"
        rf"|(?P<m>{mult}))(?![\w])"
    )
    v.re_candidate = re.compile(rf"(?P<d>[\d.,](?:(?<=\d)|(?<![\w.,][.,])\d))|(?P<u>[{unicode_fr}])|{words}")
    # Where the candidate can match, found faster (see claims._Candidates): its digit and fraction
    # alternatives, which begin with a character class the regex engine looks for before it tries
    # anything else, and its word alternative on its own.
    v.re_candidate_digit = re.compile(rf"[\d.,{unicode_fr}](?:(?<=\d)|(?<![\w.,][.,])\d|(?<=[{unicode_fr}]))")
    v.re_candidate_word = re.compile(words)
    v.re_ordinal_word = re.compile(f"(?:{ord_pat})")
    # units, currencies, percent after a number (names ignore case, symbols do not)
    names = _alt(v.unit_names, ignore_case=True)
    syms = _alt(set(v.unit_symbols) | set(v.currency_symbols))
    v.re_unit = re.compile(
        rf"(?:[ \t\u00a0\u202f\u2009]*(?:-[ \t]*)?|[ \t]*[(\[{{<][ \t]*)"
        rf"(?:(?P<n>(?i:{names}))|(?P<s>{syms}))(?:[)\]}}>])?(?![^\W\d_])"
    )
    abbr = _alt(v.scale_abbr)
    scales = _alt(set(v.scales) | set(v.dozen), ignore_case=True)
    v.re_scale_after = re.compile(
        rf"(?:(?P<g>{abbr})(?![^\W_])"
        rf"|[ \u00a0\u202f]*(?:-[ \t]*)?(?:(?P<w>(?i:{scales}))(?!\w)|(?P<a>{abbr})(?![^\W_])))"
    )
    cur_syms = _alt(
        set(v.currency_symbols)
        | {
            c
            for c, e in v.unit_symbols.items()
            if e.kind == "money" and (len(c) == 3 or e.scale != 1.0) and c[-3:].isupper()
        },
        ignore_case=True,
    )
    # currency names are written after the number ("5 dollars"); before it only those listed
    # ("won 3" is a verb, not Korean money)
    cur_names = _alt((w.lower() for w in v.currency_names_before), ignore_case=True) or "(?!)"
    v.re_cur_before = re.compile(
        rf"(?:(?<![^\W\d_])(?P<s>(?i:{cur_syms}))|(?<![^\W\d_])(?P<n>(?i:{cur_names})))[ \u00a0]?$"
    )
    v.currency_symbols_ci = {k.lower(): c for k, c in v.currency_symbols.items()}
    v.re_post_qual = re.compile(rf"[ \t]*,?[ \t]*(?P<q>(?i:{_alt(v.post_qualifiers, ignore_case=True)}))(?!\w)")
    per_w = _alt((w for w in v.per_words if w[-1:].isalpha()), ignore_case=True)
    per_s = _alt(w for w in v.per_words if not w[-1:].isalpha()) or "(?!)"
    v.re_per = re.compile(rf"[ \t]*(?:(?i:{per_w})[ \t]+|(?:{per_s})[ \t]*)")
    joins = _alt(v.cents_join, ignore_case=True) or "(?!)"
    v.re_cents_join = re.compile(rf"[ \t]+(?:(?P<and>(?i:{joins}))[ \t]+)?")
    if v.noun_rate_per:
        # "2.500 Einwohnern pro Quadratkilometer": up to three words, then an explicit per-word
        npw = _alt((w for w in v.noun_rate_per if w[-1:].isalpha()), ignore_case=True) or "(?!)"
        nps = _alt(w for w in v.noun_rate_per if not w[-1:].isalpha()) or "(?!)"
        v.re_noun_rate = re.compile(
            rf"(?P<w>(?:[ \t]+[^\W\d_][\w'’-]*){{1,3}}?)(?:[ \t]+(?i:{npw})(?=[ \t])|[ \t]*(?:{nps}))"
        )
    points = _alt((k for k, e in v.unit_names.items() if e.kind in ("percent", "percentage_points")), ignore_case=True)
    v.re_article_points = re.compile(rf"[ \t]+(?i:{points})(?!\w)")
    if v.fraction_of:
        v.re_frac_unit = re.compile(rf"[ \t]+(?i:{_alt(v.fraction_of, ignore_case=True)})[ \t]+")
    if v.temperature_context:
        v.re_temperature = re.compile(rf"(?<!\w)(?:{_alt(v.temperature_context)})")
    v.re_ratio = re.compile(rf"[ \t]+((?i:{_alt(v.ratio_joiners, ignore_case=True)}))[ \t]+(?=[\w])")


@functools.cache
def _shared() -> Located:
    text, path = _lang_text(UNITS_FILE)
    doc = load_yaml(text, path, VocabularyError)
    r = _Reader(doc)
    if not isinstance(doc.data, dict):
        raise r.fail((), "units.yaml must be a mapping")
    for k in doc.data:
        if k not in ("currency_symbols", "currency_subunits", "units", "unit_pairs", "glued_symbols"):
            raise r.fail((k,), f"unknown key {k!r}", key=True)
    return doc


class VocabStore(Protocol):
    """Keeps built vocabularies for the next process (``factcheck.cache.VocabStore``, on disk)."""

    def load(self, lang: str, key: str) -> Any | None: ...

    def save(self, lang: str, key: str, state: Any) -> None: ...


_store: VocabStore | None = None


def use_store(store: VocabStore | None) -> None:
    """Where ``vocabulary`` looks for, and leaves, what it built (None: nowhere).  Set at the edges
    (``factcheck.batch``), so that the core itself never touches the disk."""
    global _store
    _store = store


@functools.cache
def vocabulary(lang: Lang) -> Vocab:
    """The validated, compiled vocabulary for ``lang`` (built once per process).

    Building reads the YAML, CLDR's currency names and checks every unit with pint (~0.1 s); with a
    store set (``use_store``), a later process decodes the result instead (``from_state``) and only
    compiles the regexes.  The store's key covers everything the result depends on (``state_key``).
    """
    text, path = _lang_text(f"{lang}.yaml")
    store = _store
    key = None
    if store is not None:
        with contextlib.suppress(OSError):  # the building code cannot be read (a zipped install): no store
            key = state_key(text)
    if store is None or key is None:
        return load_vocabulary(text, path, _shared())
    state = store.load(lang, key)
    if state is not None:
        with contextlib.suppress(Exception):  # a damaged entry is only a miss
            return from_state(state)
    v = load_vocabulary(text, path, _shared())
    with contextlib.suppress(TypeError, ValueError, OSError):
        store.save(lang, key, to_state(v))
    return v


def state_key(text: str) -> str:
    """What a built vocabulary depends on: its file, the shared units file, the code that builds it,
    the unit registry's definitions and the versions of Babel (CLDR), pint, PyYAML and Python."""
    h = hashlib.sha256(text.encode("utf-8"))
    h.update(_build_inputs())
    return h.hexdigest()


@functools.cache
def _build_inputs() -> bytes:
    import babel
    import pint
    import yaml

    from factcheck import __version__

    h = hashlib.sha256()
    for part in (__version__, babel.__version__, pint.__version__, yaml.__version__, sys.version):
        h.update(part.encode("utf-8") + b"\0")
    h.update(_lang_text(UNITS_FILE)[0].encode("utf-8"))
    for module in (__name__, "factcheck.normalize", "factcheck.yamlio"):  # the code that builds it
        h.update(Path(str(sys.modules[module].__file__)).read_bytes())
    h.update(resources.files("factcheck").joinpath("data", "units.txt").read_bytes())
    return h.digest()


def to_state(v: Vocab) -> dict[str, Any]:
    """``v`` as plain JSON data (regexes as their pattern and flags; tagged tuples and sets).
    Raises ``TypeError`` for a value it cannot keep (the vocabulary is then simply not stored)."""
    return {f.name: _encode(getattr(v, f.name)) for f in fields(v)}


def from_state(state: dict[str, Any]) -> Vocab:
    """The inverse of ``to_state``: the vocabulary with its regexes compiled."""
    return Vocab(**{name: _decode(value) for name, value in state.items()})


def _encode(x: Any) -> Any:
    if x is None or isinstance(x, bool | int | float | str):
        return x
    if isinstance(x, re.Pattern):
        return {"re": [x.pattern, x.flags]}
    if isinstance(x, UnitEntry):
        return {"unit": [x.unit, x.kind, x.per, x.scale]}
    if isinstance(x, tuple):
        return {"tuple": [_encode(i) for i in x]}
    if isinstance(x, frozenset):
        return {"frozenset": sorted(x)}  # strings; the order of a set is never relied on
    if isinstance(x, dict) and all(isinstance(k, str) for k in x):
        return {"dict": {k: _encode(i) for k, i in x.items()}}
    raise TypeError(f"a vocabulary state cannot keep {type(x).__name__}")


def _decode(x: Any) -> Any:
    if not isinstance(x, dict):
        return x
    ((tag, val),) = x.items()
    if tag == "re":
        return re.compile(val[0], val[1])
    if tag == "unit":
        return UnitEntry(*val)
    if tag == "tuple":
        return tuple(_decode(i) for i in val)
    if tag == "frozenset":
        return frozenset(val)
    if tag == "dict":
        return {k: _decode(i) for k, i in val.items()}
    raise ValueError(f"unknown tag {tag!r} in a vocabulary state")
