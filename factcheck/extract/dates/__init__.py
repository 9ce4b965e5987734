"""Dates in news text: calendar dates, weekday phrases and relative days, resolved to ISO strings.

Regex first, dateparser last.  One compiled alternation of the vocabulary words (months, weekdays,
relative days, units, holidays; ``lang/dates_<lang>.yaml``) plus the starts of digit runs finds the
anchors; small anchored patterns read the phrase around each anchor and this module resolves it.  Only
relative phrases with a number word the vocabulary does not list ("vor fünfzehn Jahren") go to
dateparser, memoized, with an explicit language and ``RELATIVE_BASE``.  Text without dates costs one
regex scan.  Nothing here reads the clock: relative phrases are resolved against ``base_date`` (the
publication date) or returned with ``iso=None``.

Resolution rules (``base`` = publication date, weeks are ISO weeks, Monday to Sunday):

* "last/vergangenen X" (X a weekday) = the X strictly before base; "next/nächsten/kommenden X" = the
  X strictly after base; "this/diesen X" = the X in base's week.  A bare "am Freitag"/"on Friday"
  follows the tense of its sentence (the tense word nearest to the phrase wins): future -> the X on or
  after base; past -> on or before base; no tense word -> on or before base, noted in ``ambiguity``.
* A day and month without a year ("am 20. Januar") take the year that puts the date on the side of
  base the tense points to; without a tense word, the year that puts it nearest to base.
* "letzte Woche"/"last week" -> ISO week of base - 7 days ("YYYY-Www"); "vor zwei Wochen"/"two weeks
  ago" -> ISO week of base - 14 days; "vor drei Tagen" -> a day, "vor zwei Monaten" -> a month.
* Bare years ("in 2024") are not claims and are only returned with ``include_years=True``.

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
from dataclasses import dataclass
from typing import Literal

from factcheck.extract.dates.grammar import _grammar
from factcheck.extract.dates.patterns import _YEAR, _trie
from factcheck.extract.dates.vocab import DateVocabulary as DateVocabulary
from factcheck.extract.dates.vocab import Unit, _norm
from factcheck.extract.dates.vocab import load_date_vocabulary as load_date_vocabulary
from factcheck.extract.dates.vocab import parse_date_vocabulary as parse_date_vocabulary
from factcheck.models import Lang, Mention, Qualifier

__all__ = ["find_blocked_spans", "find_dates", "parse_period"]

Direction = Literal["past", "future", "unclear"]
_RANK = {"year": 0, "month": 1, "week": 2, "day": 2}
_STOP = r"(?<!\d)(?<!\b[A-Z])(?<!\b[A-Z][a-z])(?<!\b[A-Z][a-z]{2})[.!?][\"'”“»«)]?\s+(?=[\"'„“«»]?[A-ZÄÖÜ])"
_SENTENCE_BACK = re.compile(rf"(?s:.*)(?:{_STOP}|\n)")
_SENTENCE_FWD = re.compile(rf"{_STOP}|\n")
_WINDOW = 400


# --------------------------------------------------------------------------- vocabulary


# --------------------------------------------------------------------------- resolution


@dataclass(frozen=True, slots=True)
class _Hit:
    """A date phrase read at [start, end): ISO string (None if it cannot be resolved) and its day."""

    start: int
    end: int
    iso: str | None
    day: dt.date | None = None  # first day of the period, for offsets ("two weeks after <date>")
    precision: Unit = "day"
    ambiguity: str | None = None
    bare_year: bool = False


_NO_BASE = "no publication date"


def _iso(day: dt.date, unit: Unit) -> str:
    if unit == "year":
        return f"{day.year:04d}"
    if unit == "month":
        return f"{day.year:04d}-{day.month:02d}"
    if unit == "week":
        year, week, _ = day.isocalendar()
        return f"{year:04d}-W{week:02d}"
    return day.isoformat()


def _shift(day: dt.date, unit: Unit, n: int) -> dt.date:
    if unit == "day":
        return day + dt.timedelta(days=n)
    if unit == "week":
        return day + dt.timedelta(weeks=n)
    months = day.year * 12 + day.month - 1 + (n if unit == "month" else 12 * n)
    year, month = divmod(months, 12)
    month += 1
    last = (dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)).day
    return dt.date(year, month, min(day.day, last))


def _weekday(base: dt.date, weekday: int, mode: str) -> dt.date:
    """The ``weekday`` relative to ``base``: last / next (strict), this (same ISO week), past / future."""
    back, ahead = (base.weekday() - weekday) % 7, (weekday - base.weekday()) % 7
    if mode == "last":
        return base - dt.timedelta(days=back or 7)
    if mode == "next":
        return base + dt.timedelta(days=ahead or 7)
    if mode == "this":
        return base + dt.timedelta(days=weekday - base.weekday())
    if mode == "future":
        return base + dt.timedelta(days=ahead)
    return base - dt.timedelta(days=back)


def _pick(candidates: list[tuple[int, dt.date]], base_key: int, direction: Direction) -> dt.date:
    """Among (key, day) candidates take the one on the ``direction`` side of base_key, else the nearest."""
    if direction == "past":
        side = [c for c in candidates if c[0] <= base_key]
        if side:
            return max(side)[1]
    elif direction == "future":
        side = [c for c in candidates if c[0] >= base_key]
        if side:
            return min(side)[1]
    return min(candidates, key=lambda c: (abs(c[0] - base_key), c[0] > base_key))[1]


def _year_for_day(month: int, day: int, base: dt.date, direction: Direction) -> dt.date | None:
    cands: list[tuple[int, dt.date]] = []
    for year in (base.year - 1, base.year, base.year + 1):
        try:
            d = dt.date(year, month, day)
        except ValueError:
            continue
        cands.append((d.toordinal(), d))
    return _pick(cands, base.toordinal(), direction) if cands else None


def _year_for_month(month: int, base: dt.date, direction: Direction) -> dt.date:
    cands = [(y * 12 + month, dt.date(y, month, 1)) for y in (base.year - 1, base.year, base.year + 1)]
    return _pick(cands, base.year * 12 + base.month, direction)


def _explicit(year: int, month: int, day: int | None) -> tuple[str, dt.date | None, Unit, str | None]:
    """ISO for a written date; an impossible day ("Feb 30") keeps its ISO string and is flagged."""
    if day is None:
        return f"{year:04d}-{month:02d}", dt.date(year, month, 1), "month", None
    iso = f"{year:04d}-{month:02d}-{day:02d}"
    try:
        return iso, dt.date(year, month, day), "day", None
    except ValueError:
        return iso, None, "day", "not a valid calendar date"


class _Reading:
    """The state of one ``find_dates`` call: text, grammar, base date and a per-sentence tense cache."""

    def __init__(self, text: str, lang: Lang, base: dt.date | None, include_years: bool) -> None:
        self.text = text
        self.lang = lang
        self.g = _grammar(lang)
        self.v = self.g.v
        self.base = base
        self.include_years = include_years

    # ---- context

    def back(self, pattern: re.Pattern[str], pos: int, width: int = 48) -> re.Match[str] | None:
        return pattern.search(self.text, max(0, pos - width), pos)

    def direction(self, start: int, end: int) -> Direction:
        """Tense of the sentence around [start, end): the tense word nearest to the phrase decides."""
        text = self.text
        m = _SENTENCE_BACK.match(text, max(0, start - _WINDOW), start)
        s0 = m.end() if m else max(0, start - _WINDOW)
        f = _SENTENCE_FWD.search(text, end, end + _WINDOW)
        s1 = f.end() if f else min(len(text), end + _WINDOW)
        best: tuple[int, Direction] | None = None
        for t in self.g.tense.finditer(text, s0, s1):
            if t.start() < end and t.end() > start:
                continue
            if t.group("s") is not None and t.group("s").lower() in self.v.not_past:
                continue
            dist = start - t.end() if t.end() <= start else t.start() - end
            kind: Direction = "future" if t.group("f") is not None else "past"
            if best is None or dist < best[0]:
                best = (dist, kind)
        return best[1] if best else "unclear"

    def qualifier(self, start: int) -> Qualifier:
        m = self.back(self.g.qualifier_back, start)
        return self.v.qualifiers[_norm(m.group("q"))] if m else "exact"

    # ---- explicit dates (digits, month names, holidays)

    def explicit_at(self, pos: int, *, years: bool) -> _Hit | None:
        text = self.text
        if pos >= len(text):
            return None
        if text[pos].isdigit():
            if pos >= 2 and text[pos - 1] in ".," and text[pos - 2].isdigit():
                return None  # inside a number like "6,107.31"
            return self.numeric(pos, years=years)
        m = self.g.anchor.match(text, pos)
        if m is None or m.group("word") is None:
            return None
        word = _norm(m.group("word"))
        if word in self.v.months or word in self.v.month_abbreviations:
            return self.month(pos, m.end(), word)
        if word in self.v.holidays:
            return self.holiday(pos, m.end(), word)
        return None

    def month_no(self, word: str) -> int:
        w = _norm(word).rstrip(".")
        return self.v.months.get(w) or self.v.month_abbreviations[w]

    def day_month(self, start: int, end: int, month: int, day: int, year: str | None) -> _Hit:
        if year is not None:
            iso, d, unit, amb = _explicit(int(year), month, day)
            return _Hit(start, end, iso, d, unit, amb)
        if self.base is None:
            return _Hit(start, end, None, None, "day", "year not stated; " + _NO_BASE)
        d2 = _year_for_day(month, day, self.base, self.direction(start, end))
        if d2 is None:
            return _Hit(start, end, None, None, "day", "not a valid calendar date")
        return _Hit(start, end, d2.isoformat(), d2, "day", "year not stated")

    def numeric(self, pos: int, *, years: bool) -> _Hit | None:
        m = self.g.numeric.match(self.text, pos)
        if m is None:
            if years:
                y = self.g.year.match(self.text, pos)
                if y:
                    year = int(y.group("y"))
                    return _Hit(pos, y.end(), f"{year:04d}", dt.date(year, 1, 1), "year", bare_year=True)
            return None
        g = m.groupdict()
        s, e = m.start(), m.end()
        if g["ymd_y"] or g["ysp_y"]:
            k = "ymd" if g["ymd_y"] else "ysp"
            iso, d, unit, amb = _explicit(int(g[k + "_y"]), int(g[k + "_m"]), int(g[k + "_d"]))
        elif g["ymn_y"]:
            day = int(g["ymn_d"]) if g["ymn_d"] else None
            iso, d, unit, amb = _explicit(int(g["ymn_y"]), self.month_no(g["ymn_mon"]), day)
        elif g["ydm_y"]:
            iso, d, unit, amb = _explicit(int(g["ydm_y"]), self.month_no(g["ydm_mon"]), int(g["ydm_d"]))
        elif g["ym_y"]:
            year, month = int(g["ym_y"]), int(g["ym_m"])
            if len(g["ym_m"]) == 2 and month == (year + 1) % 100:
                return None  # "2011-12": a season or fiscal span, not December 2011
            iso, d, unit, amb = _explicit(year, month, None)
            amb = "YYYY-MM or a span of years"
        elif g["dmy_y"]:
            iso, d, unit, amb = _explicit(int(g["dmy_y"]), int(g["dmy_m"]), int(g["dmy_d"]))
        elif g["sl_y"]:
            a, b = int(g["sl_a"]), int(g["sl_b"])
            month, day = (a, b) if self.lang == "en" else (b, a)
            if month > 12 and day <= 12:
                month, day = day, month
            if not (1 <= month <= 12 and 1 <= day <= 31):
                return None
            iso, d, unit, amb = _explicit(int(g["sl_y"]), month, day)
        elif g["dym_y"]:
            iso, d, unit, amb = _explicit(int(g["dym_y"]), self.month_no(g["dym_mon"]), int(g["dym_d"]))
        elif g["dr_a"]:  # the first day of a range takes the month and year written after the second
            return self.day_month(s, e, self.month_no(g["dr_mon"]), int(g["dr_a"]), g["dr_y"])
        elif g["dmn_mon"]:
            return self.day_month(s, e, self.month_no(g["dmn_mon"]), int(g["dmn_d"]), g["dmn_y"])
        elif g["my_y"]:
            iso, d, unit, amb = _explicit(int(g["my_y"]), int(g["my_m"]), None)
        else:  # German "20.01." without a year
            return self.day_month(s, e, int(g["dm_m"]), int(g["dm_d"]), None)
        return _Hit(s, e, iso, d, unit, amb)

    def month(self, start: int, word_end: int, word: str) -> _Hit | None:
        text = self.text
        month = self.month_no(word)
        back = self.back(self.g.ordinal_of_back, start)
        if back:  # "fourth of July (1995)"
            y = self.g.year_after.match(text, word_end)
            day = self.v.ordinals[_norm(back.group("o"))]
            return self.day_month(back.start(), y.end() if y else word_end, month, day, y and y.group("y"))
        m = self.g.month_fwd.match(text, start)
        if m:
            g = m.groupdict()
            if g["myd_y"]:
                iso, d, unit, amb = _explicit(int(g["myd_y"]), month, int(g["myd_d"]))
                return _Hit(start, m.end(), iso, d, unit, amb)
            if g["mdy_d"]:
                return self.day_month(start, m.end(), month, int(g["mdy_d"]), g["mdy_y"])
            if g["mny_y"]:
                iso, d, unit, amb = _explicit(int(g["mny_y"]), month, None)
                return _Hit(start, m.end(), iso, d, unit, amb)
            return self.day_month(start, m.end(), month, self.v.ordinals[_norm(g["mo_o"])], g["mo_y"])
        # a month name alone: only after a context word, and never an abbreviation ("Jan" is a name)
        if word not in self.v.months or self.back(self.g.month_context_back, start) is None:
            return None
        if word in self.v.needs_number and not text[start].isupper():
            return None
        mod = self.back(self.g.modifier_back, start)
        if self.base is None:
            return _Hit(start, word_end, None, None, "month", "year not stated; " + _NO_BASE)
        kind = self.v.modifiers[_norm(mod.group("m"))] if mod else None
        if kind in ("last", "next"):
            d = _year_for_month(month, self.base, "past" if kind == "last" else "future")
            base_key = self.base.year * 12 + self.base.month
            if d.year * 12 + d.month == base_key:
                d = _shift(d, "year", -1 if kind == "last" else 1)
            start = mod.start() if mod else start
        elif kind == "this":
            d = dt.date(self.base.year, month, 1)
        else:
            d = _year_for_month(month, self.base, self.direction(start, word_end))
        return _Hit(start, word_end, _iso(d, "month"), d, "month", "year not stated")

    def holiday(self, start: int, word_end: int, word: str) -> _Hit | None:
        y = self.g.year_after.match(self.text, word_end)
        if y is None:
            return None
        h = self.v.holidays[word]
        d = h.on(int(y.group("y")))
        return _Hit(start, y.end(), d.isoformat(), d, "day", h.note)

    # ---- relative phrases

    def relative(self, start: int, end: int, unit: Unit, n: int) -> _Hit:
        if self.base is None:
            return _Hit(start, end, None, None, unit, _NO_BASE)
        d = _shift(self.base, unit, n)
        return _Hit(start, end, _iso(d, unit), d, unit)

    def weekday(self, start: int, word_end: int, weekday: int) -> _Hit | None:
        text = self.text
        after = self.g.date_after_weekday.match(text, word_end)
        if after is not None:
            hit = self.explicit_at(after.end(), years=False)
            if hit is not None:
                return _Hit(start, hit.end, hit.iso, hit.day, hit.precision, hit.ambiguity)
        mod = self.back(self.g.modifier_back, start)
        week = self.g.week_after_weekday.match(text, word_end)
        end = week.end() if week else word_end
        if mod:
            start = mod.start()
        if self.base is None:
            return _Hit(start, end, None, None, "day", _NO_BASE)
        amb = None
        if week:  # "Monday next week": the weekday of that ISO week
            shift = {"last": -1, "next": 1, "this": 0}[self.v.modifiers[_norm(week.group("m"))]]
            d = _weekday(self.base + dt.timedelta(weeks=shift), weekday, "this")
        elif mod:
            d = _weekday(self.base, weekday, self.v.modifiers[_norm(mod.group("m"))])
        else:
            direction = self.direction(start, end)
            if direction == "unclear" and weekday != self.base.weekday():
                amb = "tense unclear; read as past"
            d = _weekday(self.base, weekday, direction)
        return _Hit(start, end, d.isoformat(), d, "day", amb)

    def unit_word(self, start: int, word_end: int, word: str) -> _Hit | None:
        text, v, g = self.text, self.v, self.g
        unit = v.units.get(word, "week")
        if word in v.week_words:  # "KW 5", "calendar week 5 of 2025", "week 5, 2025"
            w = g.week_number.match(text, word_end)
            explicit_word = word not in v.units
            if w and (w.group("y") or explicit_word):
                year = int(w.group("y")) if w.group("y") else self.base.year if self.base else None
                iso = f"{year:04d}-W{int(w.group('w')):02d}" if year else None
                amb = None if w.group("y") else "year not stated" if year else _NO_BASE
                return _Hit(start, w.end(), iso, None, "week", amb)
        if word not in v.units:
            return None
        plural = word in v.unit_plurals
        if not plural:
            mod = self.back(g.modifier_back, start)
            if mod and unit != "day":  # "last week", "im vergangenen Jahr"
                shift = {"last": -1, "next": 1, "this": 0}[v.modifiers[_norm(mod.group("m"))]]
                return self.relative(mod.start(), word_end, unit, shift)
            if unit == "month":
                o = self.back(g.ordinal_month_back, start)
                y = re.compile(r"\s+of\s+(\d{4})(?!\d)").match(text, word_end) if o else None
                if o and y and v.ordinals[_norm(o.group("o"))] <= 12:
                    iso, d, _, amb = _explicit(int(y.group(1)), v.ordinals[_norm(o.group("o"))], None)
                    return _Hit(o.start(), y.end(), iso, d, "month", amb)
        num = self.back(g.number_back, start)
        if num is None:
            return self.unlisted_number(start, word_end)
        raw = _norm(num.group("n"))
        n = int(raw) if raw.isdigit() else v.numbers[raw]
        pre = _norm(num.group("pre")) if num.group("pre") else None
        off = g.offset_after.match(text, word_end)
        if off:
            target = self.explicit_at(off.end(), years=True)
            if target is not None and target.day is not None:
                sign = v.offsets[_norm(off.group("o"))]
                d = _shift(target.day, unit, sign * n)
                prec: Unit = "day" if max(_RANK[target.precision], _RANK[unit]) == 2 else target.precision
                if _RANK[unit] > _RANK[prec]:
                    prec = unit
                s = num.start("pre") if pre in v.ahead_before else num.start("n")
                return _Hit(s, target.end, _iso(d, "day" if prec == "week" else prec), d, prec)
        ago = g.ago_after.match(text, word_end) if g.ago_after else None
        if ago:
            return self.relative(num.start("n"), ago.end(), unit, -n)
        if pre in v.ago_before:
            return self.relative(num.start(), word_end, unit, -n)
        if pre in v.ahead_before:
            return self.relative(num.start(), word_end, unit, n)
        return None

    def unlisted_number(self, start: int, word_end: int) -> _Hit | None:
        """ "fifteen years ago" / "vor fünfzehn Jahren": a number word the vocabulary lacks -> dateparser."""
        m = self.back(self.g.word_back, start)
        ago = self.g.ago_after.match(self.text, word_end) if self.g.ago_after else None
        if m is None or (m.group("pre") is None and ago is None):
            return None
        if m.group("pre") and _norm(m.group("pre")) not in self.v.ago_before:
            return None
        s, e = (m.start(), word_end) if ago is None else (m.start("n"), ago.end())
        if self.base is None:
            return None
        d = _dateparser_date(_norm(self.text[s:e]), self.lang, self.base)
        if d is None:
            return None
        unit = self.v.units[_norm(self.text[start:word_end])]
        return _Hit(s, e, _iso(d, unit), d, unit, "read by dateparser")

    def relative_day(self, start: int, word_end: int, word: str) -> _Hit | None:
        if word == "morgen" and self.text[start].isupper():
            # "Morgen" is "morning" ("am Morgen", "heute Morgen") unless it opens a sentence
            before = self.text[max(0, start - 3) : start].rstrip()
            if before and before[-1] not in '.!?:"„“”»«':
                return None
        return self.relative(start, word_end, "day", self.v.relative_days[word])

    # ---- the scan

    def at_anchor(self, m: re.Match[str]) -> _Hit | None:
        start = m.start()
        if m.group("num") is not None:
            return self.explicit_at(start, years=self.include_years)
        word = _norm(m.group("word"))
        v = self.v
        if word in v.holidays:
            return self.holiday(start, m.end(), word)
        if word in v.relative_days:
            return self.relative_day(start, m.end(), word)
        if word in v.months or word in v.month_abbreviations:
            return self.month(start, m.end(), word)
        if word in v.relative_units:
            unit, n = v.relative_units[word]
            return self.relative(start, m.end(), unit, n)
        if word in v.units or word in v.week_words:
            return self.unit_word(start, m.end(), word)
        for name, weekday in v.weekdays.items():
            if word.startswith(name):
                return self.weekday(start, m.end(), weekday)
        return None

    def hits(self) -> list[_Hit]:
        out: list[_Hit] = []
        covered = 0
        for m in self.g.anchor.finditer(self.text):
            if m.start() < covered:
                continue
            hit = self.at_anchor(m)
            if hit is None:
                continue
            if hit.iso is not None and hit.day is not None and hit.precision == "day" and not hit.bare_year:
                wd = self.back(self.g.weekday_abbr_back, hit.start)  # "Wed Oct 26", "So 27.02.2022"
                if wd is not None and (not out or out[-1].end <= wd.start()):
                    hit = _Hit(wd.start(), hit.end, hit.iso, hit.day, hit.precision, hit.ambiguity)
            while out and out[-1].end > hit.start:  # a phrase read backwards over an earlier one
                if out[-1].end - out[-1].start >= hit.end - hit.start:
                    break
                out.pop()
            else:
                out.append(hit)
                covered = hit.end
        return out


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


def find_dates(
    text: str, lang: Lang, base_date: dt.date | None, *, include_years: bool = False
) -> list[Mention]:
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
                ambiguity=amb,
            )
        )
    return out


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
