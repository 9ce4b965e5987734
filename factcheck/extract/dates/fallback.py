"""The dateparser fallback: relative phrases with a number word the vocabulary does not list.

Only short candidate spans ("vor fünfzehn Jahren") come here, never whole texts, with an explicit
language and ``RELATIVE_BASE`` (nothing reads the clock); results are memoized.
"""

from __future__ import annotations

import datetime as dt
import functools


@functools.lru_cache(maxsize=4096)
def _dateparser_date(span: str, lang: str, base: dt.date) -> dt.date | None:
    """dateparser on one short candidate span (never on whole texts), memoized."""
    import dateparser  # imported lazily: it is slow to import and rarely needed

    found = dateparser.parse(
        span,
        languages=[lang],
        settings={
            "RELATIVE_BASE": dt.datetime(base.year, base.month, base.day),
            "PREFER_DATES_FROM": "past",
            "STRICT_PARSING": False,
        },
    )
    return found.date() if found else None
