"""The compiled date grammar of one language: the anchor scan and the patterns read around an anchor.

Built once per language from its vocabulary.  The anchor pattern is one alternation of every
vocabulary word (months, weekdays, relative days, units, holidays) plus the start of a digit run;
the other patterns are anchored and read forwards (``match`` at a position) or backwards (``search``
ending at ``\\Z`` in a short window before the anchor).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from factcheck.extract.dates.patterns import (
    _DD,
    _END_NUM,
    _MM,
    _NOT_LETTER_AFTER,
    _NOT_WORD_BEFORE,
    _PERCENT_AFTER,
    _YEAR,
    _trie,
    _words,
)
from factcheck.extract.dates.vocab import DateVocabulary, load_date_vocabulary
from factcheck.models import Lang


@dataclass(frozen=True, slots=True)
class _Grammar:
    """The compiled patterns of one language, built once from its vocabulary."""

    v: DateVocabulary
    anchor: re.Pattern[str]
    numeric: re.Pattern[str]
    month_fwd: re.Pattern[str]
    year: re.Pattern[str]
    ordinal_of_back: re.Pattern[str]
    year_after: re.Pattern[str]
    month_context_back: re.Pattern[str]
    modifier_back: re.Pattern[str]
    week_after_weekday: re.Pattern[str]
    date_after_weekday: re.Pattern[str]
    weekday_abbr_back: re.Pattern[str]
    number_back: re.Pattern[str]
    word_back: re.Pattern[str]
    ago_after: re.Pattern[str] | None
    offset_after: re.Pattern[str]
    week_number: re.Pattern[str]
    ordinal_month_back: re.Pattern[str]
    qualifier_back: re.Pattern[str]
    tense: re.Pattern[str]
    participle_back: re.Pattern[str] | None
    present: re.Pattern[str] | None
    looking_back: re.Pattern[str] | None
    until_back: re.Pattern[str] | None
    prospective: re.Pattern[str] | None
    within_back: re.Pattern[str]
    quarter: re.Pattern[str]


def _month_group(name: str, v: DateVocabulary) -> str:
    full = _trie(sorted(v.months))
    abbr = _trie(sorted(v.month_abbreviations))
    return f"(?P<{name}>{full}{_NOT_LETTER_AFTER}|{abbr}{_NOT_LETTER_AFTER}\\.?)"


@functools.cache
def _grammar(lang: Lang) -> _Grammar:
    v = load_date_vocabulary(lang)
    anchor_words = _words(
        v.months,
        v.month_abbreviations,
        v.weekdays,
        [w + s for w in v.weekdays for s in v.weekday_suffixes],
        v.relative_days,
        v.relative_units,
        v.units,
        v.holidays,
        v.week_words,
        v.quarters,
    )
    # case variants instead of re.IGNORECASE: the scan over the whole text is about 20 % faster
    cased = sorted({f(w) for w in anchor_words for f in (str.lower, str.capitalize, str.title, str.upper, _noun)})
    anchor = re.compile(rf"{_NOT_WORD_BEFORE}(?:(?P<num>\d)|(?P<word>{_trie(cased)}){_NOT_LETTER_AFTER})")
    mon = functools.partial(_month_group, v=v)
    year_sep = r"(?:\s*,\s*|\s+(?:of|in)\s+|\s+|\s*[-/]\s*)"
    numeric_alts = [
        rf"(?P<ymd_y>{_YEAR})(?P<ymd_s>[-/.])(?P<ymd_m>{_MM})(?P=ymd_s)(?P<ymd_d>{_DD})(?!\d)",
        rf"(?P<ysp_y>{_YEAR}) (?P<ysp_m>{_MM}) (?P<ysp_d>{_DD}){_END_NUM}",
        rf"(?P<ymn_y>{_YEAR})(?:[-/]|\s+){mon('ymn_mon')}(?:[-/](?P<ymn_d>{_DD})(?!\d))?",
        rf"(?P<ydm_y>{_YEAR})/(?P<ydm_d>{_DD})/{mon('ydm_mon')}",
        rf"(?P<ym_y>{_YEAR})[-/](?P<ym_m>{_MM})(?!\d|[-/.]\d)",
        rf"(?P<dmy_d>{_DD})\.\s?(?P<dmy_m>{_MM})\.\s?(?P<dmy_y>{_YEAR})(?!\d)",
        rf"(?P<sl_a>\d{{1,2}})(?P<sl_s>[/-])(?P<sl_b>\d{{1,2}})(?P=sl_s)(?P<sl_y>{_YEAR})(?!\d)",
        rf"(?P<dym_d>{_DD})-(?P<dym_y>{_YEAR})-{mon('dym_mon')}",
        rf"(?P<dr_a>{_DD})(?:st|nd|rd|th|\.)?(?=\s*(?:[-–]|\s(?:to|until|till|and|bis|und)\s)\s*{_DD}"
        rf"(?:st|nd|rd|th|\.)?\s*(?:of\s+)?{mon('dr_mon')}(?:{year_sep}(?P<dr_y>{_YEAR}){_END_NUM})?)",
        rf"(?P<dmn_d>{_DD})(?:st|nd|rd|th|\.)?(?:\s*of\s+(?:the\s+)?|\s*[-/]\s*|\s*){mon('dmn_mon')}"
        rf"(?:{year_sep}(?P<dmn_y>{_YEAR}){_END_NUM})?",
        rf"(?P<my_m>{_MM})[-/](?P<my_y>{_YEAR})(?!\d)",
    ]
    if lang == "de":
        numeric_alts.append(rf"(?P<dm_d>{_DD})\.(?P<dm_m>{_MM})\.(?!\d)")
    ords = _trie(sorted(v.ordinals))
    # German writes the day first: "März 20" is no date there unless a year follows ("Sep-23-2020")
    year_opt = "?" if lang == "en" else ""
    month_alts = [
        rf"{mon('myd_mon')}-(?P<myd_y>{_YEAR})-(?P<myd_d>{_DD})(?!\d)",
        rf"{mon('mdy_mon')}[\s\-/]*(?P<mdy_d>{_DD})(?:st|nd|rd|th)?{_END_NUM}{_PERCENT_AFTER}"
        rf"(?:{year_sep}(?P<mdy_y>{_YEAR}){_END_NUM}){year_opt}",
        rf"{mon('mny_mon')}{year_sep}(?P<mny_y>{_YEAR}){_END_NUM}",
        rf"{mon('mo_mon')}\s+(?:the\s+)?(?P<mo_o>{ords}){_NOT_LETTER_AFTER}"
        rf"(?:{year_sep}(?P<mo_y>{_YEAR}){_END_NUM})?",
    ]
    mods = _trie(sorted(v.modifiers))
    qual = _trie(sorted(v.qualifiers))
    articles = r"(?:dem|der|den|zum|zur|the|am|im|an|on|in)"
    nums = _trie(sorted(v.numbers))
    week_units = _trie(sorted(w for w, u in v.units.items() if u == "week"))
    offsets = _trie(sorted(v.offsets))
    weekday_abbr = _trie(sorted(v.weekday_abbreviations))
    weekday_full = _trie(sorted(v.weekdays))
    future = _trie(_words(v.future_phrases, v.future))
    past = _trie(_words(v.past))
    suffixes = "|".join(re.escape(s) for s in sorted(v.past_suffixes, key=len, reverse=True))
    ago_after = _trie(sorted(v.ago_after)) if v.ago_after else None
    before = _trie(_words(v.ago_before, v.ahead_before))
    flags = re.IGNORECASE
    quarters = _trie(sorted(v.quarters))
    quarter_alts = [
        rf"(?:(?P<q>{quarters})|(?P<qn>[1-4])\.\s*(?:quartal|quarter)){_NOT_LETTER_AFTER}"
        rf"(?:\s*(?:of\s+|des\s+jahres\s+|/|,\s*|-)|\s+)(?P<qy>{_YEAR}){_END_NUM}",
        rf"(?P<yq_y>{_YEAR})(?:\s*[-/]\s*|\s+)?(?P<yq_q>q[1-4]){_NOT_LETTER_AFTER}",
    ]
    return _Grammar(
        v=v,
        anchor=anchor,
        numeric=re.compile("|".join(f"(?:{a})" for a in numeric_alts), flags),
        month_fwd=re.compile("|".join(f"(?:{a})" for a in month_alts), flags),
        year=re.compile(rf"(?P<y>{_YEAR}){_END_NUM}(?!\s*(?:%|‰|°|€|\$|£))"),
        ordinal_of_back=re.compile(rf"(?<![^\W\d_])(?P<o>{ords})\s+of\s+(?:the\s+)?\Z", flags),
        year_after=re.compile(
            rf"(?:\s*,\s*|\s+(?:of|in|im\s+Jahre?|in\s+the\s+year)\s+|\s+)(?P<y>{_YEAR}){_END_NUM}", flags
        ),
        month_context_back=re.compile(rf"(?<![^\W\d_])(?:{_trie(sorted(v.month_context))})(?:\s+|\s*-\s*)\Z", flags),
        modifier_back=re.compile(rf"(?<![^\W\d_])(?P<m>{mods})\s+\Z", flags),
        week_after_weekday=re.compile(
            rf",?\s+(?:(?:der|of|in\s+der)\s+)?(?P<m>{mods})\s+(?:{week_units}){_NOT_LETTER_AFTER}", flags
        ),
        date_after_weekday=re.compile(r"\.?,?\s*(?:(?:den|the)\s+)?", flags),
        weekday_abbr_back=re.compile(
            rf"(?<![^\W\d_])(?:{weekday_full}|{weekday_abbr}\.?)\s*,?\s*(?:(?:den|the)\s+)?\Z", flags
        ),
        number_back=re.compile(
            rf"(?:(?<![^\W\d_])(?P<pre>{before})\s+)?(?<![^\W\d_])(?<![^\W\d_]-)(?P<n>\d{{1,3}}|{nums})\s+\Z", flags
        ),
        word_back=re.compile(
            rf"(?:(?<![^\W\d_])(?P<pre>{before})\s+)?(?<![^\W\d_])(?P<n>[^\W\d_]+(?:-[^\W\d_]+)?)\s+\Z",
            flags,
        ),
        ago_after=re.compile(rf"\s+(?:{ago_after}){_NOT_LETTER_AFTER}", flags) if ago_after else None,
        offset_after=re.compile(rf"\s+(?P<o>{offsets})\s+(?:(?:the\s+year|dem\s+Jahr|the|dem|der)\s+)?", flags),
        week_number=re.compile(rf"\s*(?P<w>0?[1-9]|[1-4]\d|5[0-3])(?!\d)(?:\s*(?:of|,|/)?\s*(?P<y>{_YEAR})(?!\d))?"),
        ordinal_month_back=re.compile(rf"(?<![^\W\d_])the\s+(?P<o>{ords})\s+\Z", flags),
        qualifier_back=re.compile(rf"(?<![^\W\d_])(?P<q>{qual})\s+(?:{articles}\s+)?\Z", flags),
        tense=re.compile(
            rf"(?<![^\W\d_])(?:(?P<f>{future})|(?P<p>{past})|(?P<s>(?-i:[a-zäöüß]{{2,}}(?:{suffixes}))))"
            rf"{_NOT_LETTER_AFTER}",
            flags,
        ),
        participle_back=_back_words(v.participle_after, r"\s+\Z"),
        present=_any_word(v.present),
        # "seit Mai", "since early May", "seit dem 1. Mai"
        looking_back=_back_words(v.looking_back, r"\s+(?:[^\W\d_]+\s+){0,2}\Z"),
        # "until the end of September", "bis Ende September"
        until_back=_back_words(v.until, r"\s+(?:[^\W\d_]+\s+){0,3}\Z"),
        prospective=_any_word(v.prospective),
        # "the 5th such cut in", "zum dritten Mal in", "the highest level in": in the same clause
        within_back=re.compile(
            rf"(?<![^\W\d_])(?:\d+(?:st|nd|rd|th)|\d+\.(?=\s)|{_trie(_words(v.ordinals, v.within))})"
            rf"{_NOT_LETTER_AFTER}[^,;:.!?]{{0,48}}\Z",
            flags,
        ),
        quarter=re.compile("|".join(f"(?:{a})" for a in quarter_alts), flags),
    )


def _noun(words: str) -> str:
    """ "dritten Quartal": the case variant of a German phrase whose later words are nouns."""
    first, *rest = words.split(" ")
    return " ".join([first, *(w.capitalize() for w in rest)])


def _any_word(words: tuple[str, ...]) -> re.Pattern[str] | None:
    """Any of ``words`` as a whole word, case-insensitive; None for an empty list."""
    if not words:
        return None
    return re.compile(rf"(?<![^\W\d_])(?:{_trie(sorted(words))}){_NOT_LETTER_AFTER}", re.IGNORECASE)


def _back_words(words: tuple[str, ...], tail: str) -> re.Pattern[str] | None:
    """One of ``words`` followed by ``tail`` (which ends at ``\\Z``): searched backwards from an anchor."""
    if not words:
        return None
    return re.compile(rf"(?<![^\W\d_])(?:{_trie(sorted(words))}){tail}", re.IGNORECASE)
