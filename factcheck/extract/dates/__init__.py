"""Dates in news text: calendar dates, weekday phrases and relative days, resolved to ISO strings.

Regex first, dateparser last.  One compiled alternation of the vocabulary words (months, weekdays,
relative days, units, holidays; ``lang/dates_<lang>.yaml``) plus the starts of digit runs finds the
anchors; small anchored patterns read the phrase around each anchor and this package resolves it.  Only
relative phrases with a number word the vocabulary does not list ("vor fünfzehn Jahren") go to
dateparser, memoized, with an explicit language and ``RELATIVE_BASE``.  Text without dates costs one
regex scan.  Nothing here reads the clock: relative phrases are resolved against ``base_date`` (the
publication date) or returned with ``iso=None``.

The modules, in the order data flows through them:

* :mod:`~factcheck.extract.dates.vocab` (with :mod:`~factcheck.extract.dates.holidays`): the
  vocabulary files, validated at load.
* :mod:`~factcheck.extract.dates.patterns`, :mod:`~factcheck.extract.dates.grammar`: the compiled
  patterns of a language.
* :mod:`~factcheck.extract.dates.resolve` (with :mod:`~factcheck.extract.dates.arithmetic`,
  :mod:`~factcheck.extract.dates.tense` and :mod:`~factcheck.extract.dates.fallback`): the phrase at
  each anchor, resolved; the resolution rules.
* :mod:`~factcheck.extract.dates.find`: :func:`find_dates`, ranges and qualifiers.
* :mod:`~factcheck.extract.dates.periods`: :func:`parse_period`.
* :mod:`~factcheck.extract.dates.blocked`: :func:`find_blocked_spans` (digits that are no claims).

>>> import datetime as dt
>>> base = dt.date(2025, 2, 3)
>>> [(m.text, m.iso) for m in find_dates("Am Freitag wird er Ishiba treffen.", "de", base)]
[('Freitag', '2025-02-07')]
>>> [(m.text, m.iso) for m in find_dates("Sales fell 3% last week, he said on Jan. 20.", "en", base)]
[('last week', '2025-W05'), ('Jan. 20', '2025-01-20')]
>>> parse_period("im vergangenen Jahr", "de", base)
'2024'
"""

from factcheck.extract.dates.blocked import find_blocked_spans
from factcheck.extract.dates.fallback import _dateparser_date as _dateparser_date  # the tests inspect its cache
from factcheck.extract.dates.find import find_dates
from factcheck.extract.dates.periods import parse_period
from factcheck.extract.dates.vocab import DateVocabulary as DateVocabulary
from factcheck.extract.dates.vocab import load_date_vocabulary as load_date_vocabulary
from factcheck.extract.dates.vocab import parse_date_vocabulary as parse_date_vocabulary

__all__ = ["find_blocked_spans", "find_dates", "parse_period"]
