"""``parse_period``: the reference period a phrase names (year, month, week, quarter, fiscal year)."""

from __future__ import annotations

import datetime as dt
import functools
import re

from factcheck.extract.dates.find import find_dates
from factcheck.extract.dates.patterns import _YEAR, _trie
from factcheck.extract.dates.vocab import _norm, load_date_vocabulary
from factcheck.models import Lang


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
