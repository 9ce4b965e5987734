"""Reading and resolving the date phrase at each anchor of a text.

Resolution rules (``base`` = publication date, weeks are ISO weeks, Monday to Sunday):

* "last/vergangenen X" (X a weekday) = the X strictly before base; "next/nächsten/kommenden X" = the
  X strictly after base; "this/diesen X" = the X in base's week.  A bare "am Freitag"/"on Friday"
  follows the tense of its sentence (the tense word nearest to the phrase wins): future -> the X on or
  after base; past -> on or before base; no tense word -> on or before base, noted in ``ambiguity``.
* A day and month without a year ("am 20. Januar") take the year that puts the date on the side of
  base the tense points to; without a tense word, the year that puts it nearest to base.
* Tense (vocabulary ``tense``): the tense word nearest to the phrase in its sentence decides; "would",
  "würde" count as future (reported plans).  A past-tense ending right after "be" is a participle,
  not the past ("will be phased out from October" -> the coming October).  A date after "until/bis"
  in a sentence with a verb of extension ("agreed to extend the cuts until the end of September",
  "bis Ende Dezember verlängern") lies ahead.  With no tense word at all, a present-tense verb of
  scheduled change ("Die Gebühr steigt im Mai", "the fare rises in May") points ahead, unless
  "seit/since" stands before the date ("Seit Mai steigt ...": no direction, nearest).
* "im Vormonat", "im Vorjahresmonat", "the previous/preceding month" count back from the last month
  named before them in the same or the previous sentence ("Im Oktober ... nach 124 Euro im
  Vorjahresmonat" -> October of the year before); with none there, from the publication month.
  Only months: "previous week"/"Vorjahr" stay relative to the publication date.
* "in zwei Jahren"/"in two years" is a date ahead, except in a sentence whose tense is past ("rents
  rose 20 % in two years") or after an ordinal or superlative in its clause ("the 5th such cut in two
  years", "zum dritten Mal in zwei Jahren", vocabulary ``within``): then it is a span, no date.
* Quarters with a year ("Q3 2024", "im dritten Quartal 2024", "third quarter of 2024", "2024 Q3")
  -> iso "2024" (the ISO forms have no quarter) and ``period`` "2024-Q3"; without a year, no date.
* "letzte Woche"/"last week" -> ISO week of base - 7 days ("YYYY-Www"); "vor zwei Wochen"/"two weeks
  ago" -> ISO week of base - 14 days; "vor drei Tagen" -> a day, "vor zwei Monaten" -> a month,
  "vor zwanzig Jahren" -> a year (number words the vocabulary lacks: dateparser, else the number reader).
* Bare years ("in 2024") are not claims and are only returned with ``include_years=True``.

Relative phrases are resolved against ``base`` (the publication date) or returned with ``iso=None``
and the ambiguity "no publication date"; nothing here reads the clock.  ``_Reading.hits`` scans the
anchors of the compiled grammar (:mod:`~factcheck.extract.dates.grammar`) and reads the phrase at each;
of two overlapping readings the longer one is kept.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from factcheck.extract.dates.arithmetic import (
    Direction,
    _explicit,
    _iso,
    _shift,
    _weekday,
    _year_for_day,
    _year_for_month,
)
from factcheck.extract.dates.fallback import _dateparser_date
from factcheck.extract.dates.grammar import _grammar
from factcheck.extract.dates.tense import sentence_direction, sentence_start
from factcheck.extract.dates.vocab import Unit, _norm
from factcheck.extract.numbers import read_number
from factcheck.extract.vocab import vocabulary
from factcheck.models import Lang, Qualifier

_RANK = {"year": 0, "month": 1, "week": 2, "day": 2}


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
    period: str | None = None  # a quarter ("2024-Q3") when the ISO string can only say the year


_NO_BASE = "no publication date"


class _Reading:
    """The state of one ``find_dates`` call: text, grammar, base date and a per-sentence tense cache."""

    def __init__(self, text: str, lang: Lang, base: dt.date | None, include_years: bool) -> None:
        self.text = text
        self.lang = lang
        self.g = _grammar(lang)
        self.v = self.g.v
        self.base = base
        self.include_years = include_years
        self.found: list[_Hit] = []  # the hits read so far, for "im Vormonat" after "im Oktober"

    # ---- context

    def back(self, pattern: re.Pattern[str], pos: int, width: int = 48) -> re.Match[str] | None:
        return pattern.search(self.text, max(0, pos - width), pos)

    def direction(self, start: int, end: int) -> Direction:
        """Tense of the sentence around [start, end) (the rules are in the module docstring)."""
        return sentence_direction(self.text, self.g, start, end)

    def last_month(self, pos: int) -> dt.date | None:
        """The first day of the last month named before ``pos`` in this or the previous sentence."""
        p = sentence_start(self.text, pos)
        while p > 0 and not self.text[p - 1].isalnum():  # back over the previous sentence's stop
            p -= 1
        lo = sentence_start(self.text, p) if p > 0 else 0
        for h in reversed(self.found):
            if h.end <= lo:
                break
            if h.precision == "month" and h.day is not None and h.end <= pos:
                return h.day
        return None

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
            head = text[pos : pos + 8]
            if ("." in head[1:2] and head[0] in "1234") or "q" in head or "Q" in head:  # "3. Quartal", "2024 Q3"
                q = self.quarter(pos)
                if q is not None:
                    return q
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

    def quarter(self, start: int) -> _Hit | None:
        """ "Q3 2024", "im dritten Quartal 2024", "3. Quartal 2024": the year, with the quarter as period."""
        m = self.g.quarter.match(self.text, start)
        if m is None:
            return None
        if m.group("yq_y"):
            year, q = int(m.group("yq_y")), int(m.group("yq_q")[1])
        else:
            year = int(m.group("qy"))
            q = int(m.group("qn")) if m.group("qn") else self.v.quarters[_norm(m.group("q"))]
        return _Hit(start, m.end(), f"{year:04d}", dt.date(year, 3 * q - 2, 1), "year", period=f"{year:04d}-Q{q}")

    def holiday(self, start: int, word_end: int, word: str) -> _Hit | None:
        y = self.g.year_after.match(self.text, word_end)
        if y is None:
            return None
        h = self.v.holidays[word]
        d = h.on(int(y.group("y")))
        return _Hit(start, y.end(), d.isoformat(), d, "day", h.note)

    # ---- relative phrases

    def relative(self, start: int, end: int, unit: Unit, n: int, *, anaphoric: bool = False) -> _Hit:
        origin = self.last_month(start) if anaphoric and unit == "month" else None
        if origin is None:
            origin = self.base
        if origin is None:
            return _Hit(start, end, None, None, unit, _NO_BASE)
        d = _shift(origin, unit, n)
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
            if mod and unit != "day":  # "last week", "im vergangenen Jahr", "the previous month"
                word_m = _norm(mod.group("m"))
                shift = {"last": -1, "next": 1, "this": 0}[v.modifiers[word_m]]
                return self.relative(mod.start(), word_end, unit, shift, anaphoric=word_m in v.anaphoric)
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
            if self.back(g.within_back, num.start(), 64) or self.direction(num.start(), word_end) == "past":
                return None  # "the 5th such cut in two years", "prices rose 20 % in two years": a span
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
        unit = self.v.units[_norm(self.text[start:word_end])]
        d = _dateparser_date(_norm(self.text[s:e]), self.lang, self.base)
        if d is not None:
            return _Hit(s, e, _iso(d, unit), d, unit, "read by dateparser")
        # dateparser knows no German number words ("vor zwanzig Jahren"): the extractor's reader does
        num = read_number(self.text, m.start("n"), vocabulary(self.lang))
        if num is None or num.end != m.end("n") or num.fraction or not float(num.value).is_integer():
            return None
        return self.relative(s, e, unit, -int(num.value))

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
            return self.relative(start, m.end(), unit, n, anaphoric=word in v.anaphoric)
        if word in v.quarters:
            return self.quarter(start)
        if word in v.units or word in v.week_words:
            return self.unit_word(start, m.end(), word)
        for name, weekday in v.weekdays.items():
            if word.startswith(name):
                return self.weekday(start, m.end(), weekday)
        return None

    def hits(self) -> list[_Hit]:
        out: list[_Hit] = []
        self.found = out
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
