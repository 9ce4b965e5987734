"""Dates in news text: calendar dates, weekday phrases and relative days, resolved to ISO strings.

Regex first, dateparser last.  One compiled alternation of the vocabulary words (months, weekdays,
relative days, units, holidays; ``lang/dates_<lang>.yaml``) plus the starts of digit runs finds the
anchors; small anchored patterns read the phrase around each anchor and this package resolves it.  Only
relative phrases with a number word the vocabulary does not list ("vor fünfzehn Jahren") go to
dateparser, memoized, with an explicit language and ``RELATIVE_BASE``.  Text without dates costs one
regex scan.  Nothing here reads the clock: relative phrases are resolved against ``base_date`` (the
publication date) or returned with ``iso=None``.  The resolution rules are in :mod:`~factcheck.extract.dates.resolve`.

>>> import datetime as dt
>>> base = dt.date(2025, 2, 3)
>>> [(m.text, m.iso) for m in find_dates("Am Freitag wird er Ishiba treffen.", "de", base)]
[('Freitag', '2025-02-07')]
>>> [(m.text, m.iso) for m in find_dates("Sales fell 3% last week, he said on Jan. 20.", "en", base)]
[('last week', '2025-W05'), ('Jan. 20', '2025-01-20')]
>>> parse_period("im vergangenen Jahr", "de", base)
'2024'
"""

from __future__ import annotations

import datetime as dt
import functools
import re

from factcheck.extract.dates.fallback import _dateparser_date as _dateparser_date
from factcheck.extract.dates.find import find_dates as find_dates
from factcheck.extract.dates.patterns import _YEAR, _trie
from factcheck.extract.dates.vocab import DateVocabulary as DateVocabulary
from factcheck.extract.dates.vocab import _norm
from factcheck.extract.dates.vocab import load_date_vocabulary as load_date_vocabulary
from factcheck.extract.dates.vocab import parse_date_vocabulary as parse_date_vocabulary
from factcheck.models import Lang

__all__ = ["find_blocked_spans", "find_dates", "parse_period"]


# --------------------------------------------------------------------------- vocabulary


# --------------------------------------------------------------------------- resolution


# --------------------------------------------------------------------------- not claims


_DIGITS = re.compile(r"\d+")


@functools.cache
def _blocked_pattern(lang: Lang) -> re.Pattern[str]:
    v = load_date_vocabulary(lang)
    hour = r"(?<![\d.,])(?:[01]?\d|2[0-4])"
    times = _trie(sorted(v.time_words))
    refs = _trie(sorted(v.ref_words))
    versions = _trie(sorted(v.version_words))
    phones = _trie(sorted(v.phone_words))
    alts = [
        # times of day: "14.30 Uhr", "10:30 a.m.", "3pm", "14:55"
        rf"{hour}(?:[:.][0-5]\d){{0,2}}\s*(?:{times})(?!\w)",
        rf"{hour}:[0-5]\d(?::[0-5]\d)?(?![\d:])",
        # page, table, section and article references: "Tabelle 3.2", "S. 12", "Artikel 5", "§ 47k"
        rf"(?<![^\W\d_])(?:{refs})\s*\d+[a-z]?(?:[.,]\d+)*(?:\s*(?:ff?\.|[-–]\s*\d+(?:[.,]\d+)*[a-z]?))?(?![\d])",
        r"§§?\s*\d+[a-z]*(?:\s*(?:Abs\.|Absatz|Satz|Nr\.|para\.)\s*\d+[a-z]?)*",
        # versions: "Version 2.1", "v3.0.1", "iOS 17.4"
        rf"(?<![^\W\d_])(?:{versions})\s?\d+(?:\.\d+)+[a-z]?(?![\d])",
        r"(?P<dotted>(?<![\d.,])\d+(?:\.\d+){2,}(?![\d]|\.\d))",
        # ISINs: country code, nine alphanumerics, check digit
        r"(?-i:\b[A-Z]{2}(?=[A-Z0-9]{9}\d\b)[A-Z0-9]*\d[A-Z0-9]*\b)",
        # phone numbers: "+49 30 1234567", "Tel. 030/123456", "(030) 123 45 67"
        rf"(?<![^\W\d_])(?:{phones})[.:]?\s*(?P<ph>(?:\+|\(?0)[\d\s()/-]{{5,}}\d)",
        r"(?<![\w+])\+\d{1,3}[\s-]?\(?\d{1,5}\)?(?:[\s/-]?\d{2,}){2,}",
        r"(?<![\w.,])\(0\d{2,5}\)\s?\d{3,}(?:[\s-]\d{2,})*|(?<![\w.,])0\d{2,5}\s?[/-]\s?\d{3,}(?:[\s-]\d{2,})*",
    ]
    return re.compile("|".join(f"(?:{a})" for a in alts), re.IGNORECASE)


def _is_version(dotted: str) -> bool:
    """ "1.2.3" is a version; "1.000.000" (grouping) and "20.01.2025" (a date) are not."""
    parts = dotted.split(".")
    if all(len(p) == 3 for p in parts[1:]):
        return False
    return not (len(parts) == 3 and (len(parts[2]) == 4 or len(parts[0]) == 4))


def find_blocked_spans(text: str, lang: Lang) -> list[tuple[int, int]]:
    """Spans whose digits are not claims: times of day, page/section refs, versions, ISINs, phones.

    The number extractor drops numbers inside these spans.  Sorted, non-overlapping, end exclusive.

    >>> find_blocked_spans("Um 14.30 Uhr, siehe Tabelle 3.2 und § 47k.", "de")
    [(3, 12), (20, 31), (36, 41)]
    >>> find_blocked_spans("The 3 pm call; p. 12; version 2.1.4; ISIN US0378331005.", "en")
    [(4, 8), (15, 20), (22, 35), (42, 54)]
    """
    spans: list[tuple[int, int]] = []
    pattern = _blocked_pattern(lang)
    done = 0
    # every blocked span holds a digit: look only around digit runs (cheap on text with few numbers)
    for d in _DIGITS.finditer(text):
        if d.start() < done:
            continue
        m = pattern.search(text, max(done, d.start() - 24), min(len(text), d.end() + 64))
        if m is None or m.start() > d.end():
            continue
        done = m.end()
        if m.group("dotted") is not None and not _is_version(m.group("dotted")):
            continue
        s, e = m.start("ph") if m.group("ph") is not None else m.start(), m.end()
        while e > s and text[e - 1].isspace():
            e -= 1
        if spans and s < spans[-1][1]:
            spans[-1] = (spans[-1][0], max(e, spans[-1][1]))
        else:
            spans.append((s, e))
    return spans


# --------------------------------------------------------------------------- periods


@functools.cache
def _period_patterns(lang: Lang) -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    v = load_date_vocabulary(lang)
    fiscal = re.compile(
        rf"^(?:(?:im|in|the|das|dem)\s+)?(?:{_trie(sorted(v.fiscal))})\s*['’]?(?P<a>\d{{4}}|\d{{2}})"
        r"(?:\s*[/-]\s*(?P<b>\d{4}|\d{2}))?$",
        re.IGNORECASE,
    )
    q = _trie(sorted(v.quarters))
    quarter = re.compile(
        rf"^(?:(?:im|in|the|das|dem)\s+)?(?:(?P<q>{q})|(?P<n>[1-4])\.\s*Quartal)"
        rf"\s*(?:of\s+|des\s+Jahres\s+|/)?\s*(?P<y>{_YEAR})$|^(?P<y2>{_YEAR})\s*(?P<q2>{q})$",
        re.IGNORECASE,
    )
    year = re.compile(rf"^(?:(?:im|in|the|das|dem)\s+)?(?:(?:year|jahre?)\s+)?(?P<y>{_YEAR})$", re.IGNORECASE)
    return fiscal, quarter, year


def _full_year(digits: str) -> int:
    return int(digits) if len(digits) == 4 else 2000 + int(digits)


def parse_period(text: str, lang: Lang, base_date: dt.date | None) -> str | None:
    """The reference period a phrase names, as a key for the reference data.

    Keys: ``"YYYY"``, ``"YYYY-MM"``, ``"YYYY-MM-DD"``, ``"YYYY-Www"``, ``"FYYYYY"`` (fiscal year, named
    by the year it ends in: "FY2024/25" -> "FY2025"), ``"YYYY-Qn"`` (quarter), ``"recent"`` ("in den
    letzten Jahren", "in recent years": no single period), or None (no period, or a relative phrase
    without ``base_date``).

    >>> import datetime as dt
    >>> base = dt.date(2025, 2, 3)
    >>> [parse_period(p, "de", base) for p in ("2024", "im vergangenen Jahr", "Fiskaljahr 2025", "März 2024")]
    ['2024', '2024', 'FY2025', '2024-03']
    >>> [parse_period(p, "en", base) for p in ("last year", "FY2024/25", "Q1 2024", "in recent years")]
    ['2024', 'FY2025', '2024-Q1', 'recent']
    """
    phrase = " ".join(text.split()).strip(" .,;:")
    if not phrase:
        return None
    v = load_date_vocabulary(lang)
    low = phrase.lower()
    if any(r in low for r in v.recent):
        return "recent"
    fiscal, quarter, year = _period_patterns(lang)
    if m := fiscal.match(phrase):
        return f"FY{_full_year(m.group('b') or m.group('a'))}"
    if m := quarter.match(phrase):
        if m.group("y2"):
            return f"{m.group('y2')}-Q{v.quarters[_norm(m.group('q2'))]}"
        n = int(m.group("n")) if m.group("n") else v.quarters[_norm(m.group("q"))]
        return f"{m.group('y')}-Q{n}"
    if m := year.match(phrase):
        return m.group("y")
    mentions = find_dates(phrase, lang, base_date, include_years=True)
    if not mentions:
        return None
    longest = max(mentions, key=lambda mm: mm.end - mm.start)
    return longest.iso
