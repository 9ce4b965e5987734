"""``find_dates``: the date mentions of a text, with date ranges and qualifiers ("seit", "bis").

>>> import datetime as dt
>>> [(m.text, m.iso, m.qualifier) for m in find_dates("vom 20. bis 24. Januar 2025", "de", None)]
[('20.', '2025-01-20', 'range'), ('24. Januar 2025', '2025-01-24', 'range')]
"""

from __future__ import annotations

import datetime as dt
import re

from factcheck.extract.dates.resolve import _Hit, _Reading
from factcheck.models import Lang, Mention

_RANGE_GAP = re.compile(r"\s*(?:[-–]|to|until|till|through|bis|and|und)\s*(?:(?:zum|dem|the)\s+)?\Z")
_RANGE_OPEN = re.compile(r"(?<![^\W\d_])(?:from|between|vom|von|zwischen)\s+(?:(?:dem|the)\s+)?\Z", re.I)


def _ranges(text: str, hits: list[_Hit]) -> set[int]:
    """Indexes of hits that are the ends of a date range ("20-24 January", "from Jan. 6 to Jan. 10")."""
    out: set[int] = set()
    for i in range(len(hits) - 1):
        a, b = hits[i], hits[i + 1]
        gap = text[a.end : b.start]
        if len(gap) > 12 or not _RANGE_GAP.match(gap):
            continue
        opened = _RANGE_OPEN.search(text, max(0, a.start - 16), a.start) is not None
        if opened or gap.strip() in ("-", "–"):
            out.update((i, i + 1))
    return out


def find_dates(text: str, lang: Lang, base_date: dt.date | None, *, include_years: bool = False) -> list[Mention]:
    """Date mentions in ``text`` (``kind="date"``, ISO in ``iso``), sorted by start.

    ``base_date`` is the publication date that relative phrases resolve against; without it they
    come back with ``iso=None`` and ambiguity "no publication date".  Bare years ("in 2024") are not
    claims and come back only with ``include_years=True`` (ambiguity "bare year").

    >>> import datetime as dt
    >>> [(m.text, m.iso, m.qualifier) for m in find_dates("seit dem 20. Januar 2025", "de", None)]
    [('20. Januar 2025', '2025-01-20', 'at_least')]
    >>> [m.iso for m in find_dates("in 2024", "en", None)]
    []
    >>> [m.iso for m in find_dates("in 2024", "en", None, include_years=True)]
    ['2024']
    """
    reading = _Reading(text, lang, base_date, include_years)
    hits = reading.hits()
    ranged = _ranges(text, hits)
    out: list[Mention] = []
    for i, h in enumerate(hits):
        amb = "bare year" if h.bare_year else h.ambiguity
        out.append(
            Mention(
                start=h.start,
                end=h.end,
                text=text[h.start : h.end],
                kind="date",
                value=None,
                iso=h.iso,
                lang=lang,
                qualifier="range" if i in ranged else reading.qualifier(h.start),
                period=h.period,
                ambiguity=amb,
            )
        )
    return out
