"""The dates vocabulary of one language (``lang/dates_<lang>.yaml``): validated when loaded, read once.

Every mistake in a vocabulary file (an unknown key, a month number out of range, a unit that is not a
unit) raises :class:`~factcheck.errors.VocabularyError` at ``path:line:col`` with a hint.

>>> v = load_date_vocabulary("de")
>>> v.months["januar"], v.weekdays["freitag"], v.relative_days["gestern"]
(1, 4, -1)
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass
from importlib import resources
from typing import Any, Literal

from factcheck.errors import VocabularyError
from factcheck.extract.dates.holidays import Holiday
from factcheck.models import QUALIFIERS, Lang, Qualifier
from factcheck.yamlio import Located, load_yaml

Unit = Literal["day", "week", "month", "year"]


@dataclass(frozen=True, slots=True)
class DateVocabulary:
    """One language's date words (``lang/dates_<lang>.yaml``); every key is lower case, spaces single."""

    lang: str
    months: dict[str, int]
    month_abbreviations: dict[str, int]
    weekdays: dict[str, int]
    weekday_abbreviations: dict[str, int]
    weekday_suffixes: tuple[str, ...]
    needs_number: frozenset[str]
    month_context: tuple[str, ...]
    relative_days: dict[str, int]
    relative_units: dict[str, tuple[Unit, int]]
    units: dict[str, Unit]
    unit_plurals: frozenset[str]
    numbers: dict[str, int]
    ordinals: dict[str, int]
    modifiers: dict[str, str]
    ago_after: tuple[str, ...]
    ago_before: tuple[str, ...]
    ahead_before: tuple[str, ...]
    offsets: dict[str, int]
    qualifiers: dict[str, Qualifier]
    week_words: tuple[str, ...]
    future: tuple[str, ...]
    future_phrases: tuple[str, ...]
    past: tuple[str, ...]
    past_suffixes: tuple[str, ...]
    not_past: frozenset[str]
    participle_after: tuple[str, ...]
    present: tuple[str, ...]
    looking_back: tuple[str, ...]
    prospective: tuple[str, ...]
    until: tuple[str, ...]
    anaphoric: frozenset[str]
    within: tuple[str, ...]
    recent: tuple[str, ...]
    fiscal: tuple[str, ...]
    quarters: dict[str, int]
    holidays: dict[str, Holiday]
    ref_words: tuple[str, ...]
    time_words: tuple[str, ...]
    version_words: tuple[str, ...]
    phone_words: tuple[str, ...]


_UNITS = ("day", "week", "month", "year")
_TOP_KEYS = {
    "language", "months", "month_abbreviations", "weekdays", "weekday_abbreviations", "weekday_suffixes",
    "needs_number", "month_context", "relative_days", "relative_units", "units", "unit_plurals", "numbers",
    "ordinals", "modifiers", "ago_after", "ago_before", "ahead_before", "offsets", "qualifiers",
    "week_words", "tense", "anaphoric", "within", "recent", "fiscal", "quarters", "holidays", "blocked",
}  # fmt: skip
_TENSE_KEYS = (
    "future", "future_phrases", "past", "past_suffixes", "not_past", "participle_after", "present",
    "looking_back", "prospective", "until",
)  # fmt: skip


def _norm(word: str) -> str:
    return " ".join(word.lower().split())


class _Reader:
    """Typed access to a located YAML document; every complaint names path:line:col."""

    def __init__(self, doc: Located) -> None:
        self.doc = doc

    def fail(self, kp: tuple[Any, ...], message: str, hint: str, *, key: bool = False) -> VocabularyError:
        err = self.doc.error(VocabularyError, kp, message, hint, key=key)
        assert isinstance(err, VocabularyError)
        return err

    def get(self, kp: tuple[Any, ...], *, default: Any = None) -> Any:
        node: Any = self.doc.data
        for part in kp:
            if not isinstance(node, dict):
                raise self.fail(kp[:-1], "expected a mapping", "indent the keys under it")
            if part not in node:
                if default is not None:
                    return default
                raise self.fail(kp[:-1], f"missing key {part!r}", f"add '{part}:' (see dates_en.yaml)")
            node = node[part]
        return node

    def words(self, *kp: Any) -> tuple[str, ...]:
        value = self.get(kp, default=[])
        if not isinstance(value, list):
            raise self.fail(kp, f"{'.'.join(map(str, kp))} must be a list of words", "write [word, word]")
        for i, w in enumerate(value):
            if not isinstance(w, str) or not w.strip():
                raise self.fail((*kp, i), f"expected a word, got {w!r}", "quote it if it is a number or yes/no")
        return tuple(_norm(w) for w in value)

    def mapping(self, *kp: Any) -> dict[Any, Any]:
        value = self.get(kp, default={})
        if not isinstance(value, dict):
            raise self.fail(kp, f"{'.'.join(map(str, kp))} must be a mapping", "write {word: value, ...}")
        return value

    def word_ints(self, *kp: Any, lo: int, hi: int) -> dict[str, int]:
        out: dict[str, int] = {}
        for word, n in self.mapping(*kp).items():
            if not isinstance(n, int) or isinstance(n, bool) or not lo <= n <= hi:
                raise self.fail((*kp, word), f"{word!r}: expected a whole number {lo}..{hi}, got {n!r}", "fix it")
            out[_norm(str(word))] = n
        return out

    def word_choices(self, *kp: Any, choices: tuple[object, ...]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for word, value in self.mapping(*kp).items():
            if value not in choices:
                raise self.fail(
                    (*kp, word), f"{word!r}: {value!r} is not one of {', '.join(map(str, choices))}", "fix it"
                )
            out[_norm(str(word))] = value
        return out

    def numbered_names(self, key: str, lo: int, hi: int) -> dict[str, int]:
        table = self.mapping(key)
        out: dict[str, int] = {}
        for n in table:
            if not isinstance(n, int) or not lo <= n <= hi:
                raise self.fail((key, n), f"{key}: key {n!r} is not a number {lo}..{hi}", "fix it", key=True)
            for name in self.words(key, n):
                out[name] = n
        for n in range(lo, hi + 1):
            if n not in table:
                raise self.fail((key,), f"{key}: number {n} is missing", f"list the names for {n}")
        return out


def _holidays(r: _Reader) -> dict[str, Holiday]:
    out: dict[str, Holiday] = {}
    for name, spec in r.mapping("holidays").items():
        kp = ("holidays", name)
        if not isinstance(spec, dict) or len({"date", "easter", "nth"} & set(spec)) != 1:
            raise r.fail(kp, f"holiday {name!r} needs exactly one of date, easter, nth", "e.g. {date: 12-25}")
        unknown = set(spec) - {"date", "easter", "nth", "offset", "note"}
        if unknown:
            raise r.fail((*kp, sorted(unknown)[0]), f"unknown key {sorted(unknown)[0]!r}", "remove it", key=True)
        offset = spec.get("offset", 0)
        note = spec.get("note")
        try:
            if "date" in spec:
                mm, dd = (int(x) for x in str(spec["date"]).split("-"))
                dt.date(2000, mm, dd)
                holiday = Holiday(month=mm, day=dd, note=note)
            elif "easter" in spec:
                holiday = Holiday(easter=int(spec["easter"]), note=note)
            else:
                month, weekday, n = (int(x) for x in spec["nth"])
                if not (1 <= month <= 12 and 0 <= weekday <= 6 and n in (-1, 1, 2, 3, 4, 5)):
                    raise ValueError
                holiday = Holiday(nth=(month, weekday, n), offset=int(offset), note=note)
        except (TypeError, ValueError):
            raise r.fail(
                kp,
                f"holiday {name!r}: bad value {spec!r}",
                "date: MM-DD | easter: days | nth: [month, weekday 0-6, n]",
            ) from None
        out[_norm(str(name))] = holiday
    return out


def parse_date_vocabulary(text: str, path: str) -> DateVocabulary:
    """Validate and read a dates vocabulary file; errors raise ``VocabularyError`` at path:line:col."""
    r = _Reader(load_yaml(text, path, VocabularyError))
    if not isinstance(r.doc.data, dict):
        raise r.fail((), "a dates vocabulary file must be a mapping", "start with 'language: xx'")
    for key in r.doc.data:
        if key not in _TOP_KEYS:
            raise r.fail((key,), f"unknown key {key!r}", f"known keys: {', '.join(sorted(_TOP_KEYS))}", key=True)
    for key in r.mapping("tense"):
        if key not in _TENSE_KEYS:
            raise r.fail(("tense", key), f"unknown key {key!r}", f"known keys: {', '.join(_TENSE_KEYS)}", key=True)
    relative_units: dict[str, tuple[Unit, int]] = {}
    for word, spec in r.mapping("relative_units").items():
        if not (isinstance(spec, list) and len(spec) == 2 and spec[0] in _UNITS and isinstance(spec[1], int)):
            raise r.fail(("relative_units", word), f"{word!r}: expected [unit, offset]", "e.g. [year, -1]")
        relative_units[_norm(str(word))] = (spec[0], spec[1])
    return DateVocabulary(
        lang=str(r.get(("language",))),
        months=r.numbered_names("months", 1, 12),
        month_abbreviations=r.word_ints("month_abbreviations", lo=1, hi=12),
        weekdays=r.numbered_names("weekdays", 0, 6),
        weekday_abbreviations=r.word_ints("weekday_abbreviations", lo=0, hi=6),
        weekday_suffixes=r.words("weekday_suffixes"),
        needs_number=frozenset(r.words("needs_number")),
        month_context=r.words("month_context"),
        relative_days=r.word_ints("relative_days", lo=-7, hi=7),
        relative_units=relative_units,
        units=r.word_choices("units", choices=_UNITS),
        unit_plurals=frozenset(r.words("unit_plurals")),
        numbers=r.word_ints("numbers", lo=1, hi=100),
        ordinals=r.word_ints("ordinals", lo=1, hi=31),
        modifiers=r.word_choices("modifiers", choices=("last", "next", "this")),
        ago_after=r.words("ago_after"),
        ago_before=r.words("ago_before"),
        ahead_before=r.words("ahead_before"),
        offsets=r.word_choices("offsets", choices=(1, -1)),
        qualifiers=r.word_choices("qualifiers", choices=QUALIFIERS),
        week_words=r.words("week_words"),
        future=r.words("tense", "future"),
        future_phrases=r.words("tense", "future_phrases"),
        past=r.words("tense", "past"),
        past_suffixes=r.words("tense", "past_suffixes"),
        not_past=frozenset(r.words("tense", "not_past")),
        participle_after=r.words("tense", "participle_after"),
        present=r.words("tense", "present"),
        looking_back=r.words("tense", "looking_back"),
        prospective=r.words("tense", "prospective"),
        until=r.words("tense", "until"),
        anaphoric=frozenset(r.words("anaphoric")),
        within=r.words("within"),
        recent=r.words("recent"),
        fiscal=r.words("fiscal"),
        quarters=r.word_ints("quarters", lo=1, hi=4),
        holidays=_holidays(r),
        ref_words=r.words("blocked", "ref_words"),
        time_words=r.words("blocked", "time_words"),
        version_words=r.words("blocked", "version_words"),
        phone_words=r.words("blocked", "phone_words"),
    )


@functools.cache
def load_date_vocabulary(lang: Lang) -> DateVocabulary:
    """The packaged vocabulary of ``lang`` (read and validated once per process).

    Errors name the file relative to the project root (``factcheck/extract/lang/dates_de.yaml``), never
    the installed location, so messages and snapshots are the same on every machine.
    """
    name = f"dates_{lang}.yaml"
    res = resources.files("factcheck.extract").joinpath("lang", name)
    return parse_date_vocabulary(res.read_text(encoding="utf-8"), f"factcheck/extract/lang/{name}")
