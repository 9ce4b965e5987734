"""Figures around numbers: units, currencies, qualifiers, ranges, changes, multipliers, subjects.

``scan(text, lang)`` finds every number phrase with one compiled candidate regex per language and
reads its neighbourhood with small anchored regexes; it returns :class:`Fig` rows, claims and
non-claims (ordinals, bare years, identifiers) alike, each with ``claim`` telling which.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass

from factcheck.extract.numbers import Num, read_number
from factcheck.extract.vocab import UnitEntry, Vocab

_WORD = re.compile(r"[^\W\d_][\w.'’-]*|[§#%$€£¥]")
_SENT = re.compile(r"[.!?;:]\s+(?=[\"“„'‚(]?[A-ZÄÖÜ0-9])|\n")
_CLAUSE = re.compile(r"[,;:()\u2013\u2014]|\s-\s")
_YEAR = re.compile(r"(?<![\w.,])(?:FY|GJ)?\s?(1[89]\d\d|20\d\d)(?:/\d{2})?(?![\w.,]\d)")
APPROX = 0.1


@dataclass(slots=True)
class Fig:
    start: int
    end: int
    kind: str  # claim kinds, or "number", "ordinal", "year"
    value: float
    unit: str | None = None
    low: float | None = None
    high: float | None = None
    qualifier: str = "exact"
    change: str | None = None
    resolution: float | None = None
    related: int | None = None
    subject: str = ""
    period: str | None = None
    ambiguity: str | None = None
    claim: bool = True
    num_start: int = -1  # span of the number phrase alone (for the benchmark's bare numbers)
    num_end: int = -1
    num_value: float = 0.0
    bench_unit: str | None = None  # unit as the benchmark spells it when it differs ("cent")
    bench_value: float | None = None
    scale: float = 1.0
    grouped: bool = False
    ends: tuple[tuple[int, int, float], ...] = ()  # range end points (start, end, value)
    dated: bool = False  # inside a date span (kept by scan() for the benchmark's bare numbers)


def _line_words_before(text: str, pos: int) -> list[str]:
    """The words (lower case) of the 60 characters before ``pos``, back to the line start."""
    seg = text[max(0, pos - 60) : pos]
    seg = seg[seg.rfind("\n") + 1 :]
    low = seg.lower()
    if len(low) == len(seg) and "Σ" not in seg:
        # one character for one: the same words, lowered at once (a final sigma depends on what follows)
        return _WORD.findall(low)
    return [w.lower() for w in _WORD.findall(seg)]


def _qualifier_before(words: list[str], v: Vocab) -> tuple[str | None, int]:
    """Qualifier ending right before the number, and how many words it takes."""
    for k in (3, 2, 1):
        if len(words) >= k:
            phrase = " ".join(words[-k:])
            q = v.qualifiers.get(phrase) or v.qualifiers.get(phrase + ".")
            if q:
                return q, k
    return None, 0


def _match_unit(text: str, pos: int, v: Vocab) -> tuple[UnitEntry, int, int] | None:
    if v.glued_symbols and 0 < pos < len(text) and text[pos - 1].isdigit():  # "46C"
        g = v.glued_symbols.get(text[pos])
        if g is not None and not (pos + 1 < len(text) and (text[pos + 1].isalnum() or text[pos + 1] in "-'’")):
            return g, pos, pos + 1
    m = v.re_unit.match(text, pos)
    if m is None:
        return None
    if m.group("n") is not None:
        key = _SPACES.sub(" ", m.group("n").lower())
        e = v.unit_names.get(key)
        s = m.start("n")
    else:
        key = m.group("s")
        e = v.unit_symbols.get(key)
        if e is None and key in v.currency_symbols:
            e = UnitEntry(v.currency_symbols[key], "money")
        s = m.start("s")
    if e is None:
        return None
    lead = m.group(0).lstrip()
    if lead[:1] in "([{<" and m.group(0).rstrip()[-1:] not in ")]}>":
        return None  # "1.6 billion ( $ 2.54 billion )": the bracket opens the next figure
    if e.kind == "money":
        nxt = text[m.end() : m.end() + 2]
        if nxt[:1].isdigit():
            return None  # "1 $10 bill", "3 USD50 cards": the symbol belongs to the next number
        if (
            v.symbol_before_number
            and m.group("s")
            and not key[-1:].isalpha()
            and nxt[:1] == " "
            and nxt[1:].isdigit()
            and not _suffix_style(text, m.end(), key, v)
        ):
            return None  # "$ 20,000.00 $ 37,305.97": each "$" opens the number after it
    return e, s, m.end()


_ADDRESS = re.compile(r"[ \t]+((?:[A-Z][\w'’-]*[ \t]+){1,2})([A-Z][a-z]*\.?)(?!\w)")
_CLAUSE_END = re.compile(r"[,;:](?!\d)|[()\u2013\u2014]|\s-\s|\b(?:und|oder|aber|während|and|but|while)\b")
_TWO_WORDS = re.compile(r"[ \t]+([^\W\d_]+)[ \t]+([^\W\d_]+)")
_PHONE = re.compile(r"0\d+(?:[ /-]\d+)*")
_NEXT_AMOUNT = re.compile(r" (?:\d[\d.,]*\d|\d)[ \t]*(\S+?)(?=[\s.,;:!?)]|$)")
_SPACES = re.compile(r"\s+")
_CODE_BEFORE = re.compile(r"([A-Za-z]{3})\$?$")
_ORD_SUFFIX = re.compile(r"(st|nd|rd|th)(?![^\W\d_])")
_SCALE_AFTER_CUR = re.compile(r"[ \t]*(million|billion|trillion|Millionen|Milliarden|Mio\.?|Mrd\.?)(?!\w)")
_TIMES_AFTER = re.compile(r"[ \t]*(-?[\w]+)")
_LETTERS_AFTER = re.compile(r"[ \u00a0]*([^\W\d_]+)")
_OF_AFTER = re.compile(r"\s+of\s")
_NOUN_OR_VON_AFTER = re.compile(r"\s+[A-ZÄÖÜ]|\s+von\s")
_MINOR_SYMBOL = re.compile(r"[ \t]*(\S+?)(?=[\s,;:!?)]|\.?$|\.\s)")
_FY_BEFORE = re.compile(r"FY\s?$")
_JOINS = ("auf", "to", "bis", "bis zu", "bis auf")  # besides the vocabulary's range joins
_DIGIT_RUN = re.compile(r"\d+")


@functools.cache
def _more_than(n: int) -> re.Pattern[str]:
    """Matches text with more than ``n`` non-space characters (too long to be a joining word)."""
    return re.compile(rf"(?:\s*\S){{{n + 1}}}")


def _year_matches(text: str) -> Iterator[re.Match[str]]:
    """``_YEAR.finditer(text)``, trying the pattern only where a match can start: a year's first digit
    begins a digit run, and a match begins at most three characters before it ("FY 2024")."""
    end = 0
    for d in _DIGIT_RUN.finditer(text):
        a = d.start()
        if text[a] not in "12":
            continue
        for p in range(max(a - 3, end), a + 1):
            if p < a and text[p] not in "FG" and not text[p].isspace():
                continue  # before the digits only "FY", "GJ" and a space
            m = _YEAR.match(text, p)
            if m is not None:
                yield m
                end = m.end()
                break


def _suffix_style(text: str, pos: int, key: str, v: Vocab) -> bool:
    """True when the amount after ``pos`` also ends in ``key`` or a sub-unit ("10 $ 30 $", "10 $ 30 cent")."""
    m = _NEXT_AMOUNT.match(text, pos)
    if m is None:
        return False
    after = m.group(1)
    sub = v.unit_symbols.get(after)
    return after == key or (sub is not None and sub.kind == "money" and sub.per != 1.0)


class _Candidates:
    """``v.re_candidate.search(hay, pos)`` for increasing ``pos``, found faster.

    The digit and fraction alternatives and the word alternative are searched apart (the first search
    skips letters in C) and each result is reused until ``pos`` passes it; the pattern itself is only
    matched at the nearer of the two places, where it matches as the search would.
    """

    _NONE = 1 << 62

    def __init__(self, hay: str, v: Vocab) -> None:
        self.hay, self.v = hay, v
        self.digit_at = self.word_at = -1

    def search(self, pos: int) -> re.Match[str] | None:
        hay, v = self.hay, self.v
        if self.digit_at < pos:
            d = v.re_candidate_digit.search(hay, pos)
            self.digit_at = d.start() if d is not None else self._NONE
        if self.word_at < pos:
            w = v.re_candidate_word.search(hay, pos)
            self.word_at = w.start() if w is not None else self._NONE
        at = min(self.digit_at, self.word_at)
        return None if at == self._NONE else v.re_candidate.match(hay, at)


class _Scanner:
    def __init__(self, text: str, v: Vocab, keep_all: bool) -> None:
        self.text = text
        self.v = v
        self.keep_all = keep_all
        self.low = text.lower() if len(text.lower()) == len(text) else None
        self.figs: list[Fig] = []
        self._sents: list[int] | None = None
        self._phone_end = -1
        # the words before a position are read again and again (figure, change, subject, ranges)
        self._raw_cache: dict[int, list[str]] = {}
        self._word_cache: dict[int, list[str]] = {}

    # ------------------------------------------------------------------ words before a position
    def _line_words(self, pos: int) -> list[str]:
        raw = self._raw_cache.get(pos)
        if raw is None:
            raw = self._raw_cache[pos] = _line_words_before(self.text, pos)
        return raw

    def raw_words_before(self, pos: int, n: int = 6) -> list[str]:
        """The last ``n`` words before ``pos`` on its line (60 characters back), lower case."""
        return self._line_words(pos)[-n:]

    def words_before(self, pos: int, n: int = 6) -> list[str]:
        """:meth:`raw_words_before`, a final full stop dropped ("ca." -> "ca", "..." kept)."""
        words = self._word_cache.get(pos)
        if words is None:
            words = self._word_cache[pos] = [w if w.endswith("..") else w.rstrip(".") for w in self._line_words(pos)]
        return words[-n:]

    # ------------------------------------------------------------------ sentences
    def sentence_of(self, pos: int) -> tuple[int, int]:
        if self._sents is None:
            self._sents = [0, *(m.end() for m in _SENT.finditer(self.text))]
        i = bisect.bisect_right(self._sents, pos) - 1
        s = self._sents[i]
        e = self._sents[i + 1] if i + 1 < len(self._sents) else len(self.text)
        return s, e

    # ------------------------------------------------------------------ main loop
    def run(self) -> list[Fig]:
        text, v = self.text, self.v
        hay = self.low if self.low is not None else text
        candidates = _Candidates(hay, v)
        pos = 0
        n = len(text)
        while pos < n:
            m = candidates.search(pos)
            if m is None:
                break
            if m.group("m") is not None:
                mv = v.multipliers[m.group("m")]
                mq, _ = _qualifier_before(self.words_before(m.start("m")), v)
                lo, hi = _interval(mv, mq or "exact")
                self.figs.append(
                    Fig(
                        m.start("m"),
                        m.end("m"),
                        "multiplier",
                        mv,
                        None,
                        lo,
                        hi,
                        mq or "exact",
                        resolution=None,
                        num_start=-1,
                    )
                )
                pos = m.end()
                continue
            if m.group("o") is not None:
                self._ordinal_word(m.start("o"), m.end("o"))
                pos = m.end()
                continue
            if m.group("v") is not None:
                self._vague(m.start("v"), m.end("v"))
                pos = m.end()
                continue
            if m.group("d") is not None:
                start = m.start("d")
                while start < m.end() and not (text[start].isdigit() or text[start] in ".,"):
                    start += 1
            elif m.group("u") is not None:
                start = m.start("u")
            else:
                start = m.start("neg") if m.group("neg") else m.start("w")
            num = read_number(text, start, v)
            if (
                num is None
                and m.group("w") is not None
                and hay[start : m.end()] in v.articles
                and v.re_article_points.match(text, m.end())
            ):
                # "um einen Viertelprozentpunkt", "by a percentage point": the article counts one
                num = Num(start, m.end(), 1.0, 1.0, words=True, article=True)
            if num is None or num.end <= start:
                if num is None and m.group("w") is not None and hay[start : m.end()] in v.half_alone:
                    self._half(start, m.end())
                pos = max(m.end(), start + 1)
                continue
            pos = num.end
            fig = self._figure(num)
            if fig is not None:
                pos = max(pos, fig.end)
                self.figs.append(fig)
        self._post()
        return self.figs

    # ------------------------------------------------------------------ one number
    def _figure(self, num: Num) -> Fig | None:
        text, v = self.text, self.v
        s, e = num.start, num.end
        before = text[s - 1] if s else " "
        after = text[e] if e < len(text) else " "
        value = num.value
        claim = True
        kind = "count"
        # glued to letters on the left: product names, formulas, IDs ("E10", "CO2", "A320", "F-16")
        prefix_cur: str | None = None
        if before.isalpha() or (before == "-" and s >= 2 and text[s - 2].isalpha()):
            m = _CODE_BEFORE.search(text[max(0, s - 4) : s])
            code = m.group(1).upper() if m else ""
            if code in v.unit_symbols and v.unit_symbols[code].kind == "money":
                prefix_cur = code
            elif text[max(0, s - 4) : s].lower().endswith(("mex$", "usd$", "aud$", "cad$", "nzd$", "mxn$")):
                pass
            else:
                return self._nonclaim(num, "number", skip_bench=True)
        if s < self._phone_end:
            return self._nonclaim(num, "number")
        if len(num.integer_digits) > 1 and num.integer_digits[0] == "0" and not num.words:
            pm = _PHONE.match(text, s)
            self._phone_end = pm.end() if pm else e
            return self._nonclaim(num, "number")  # "0800 123 45 67", "030 1234567": no claims
        # phone numbers, times of day, dotted or slashed identifiers
        slashed = after in ":/" and e + 1 < len(text) and text[e + 1].isdigit()
        if (before in "+/:" or slashed) and not (after == "/" and num.fraction):
            return self._nonclaim(num, "number")
        if after.isalpha() and not num.words:
            # glued suffix: ordinal ("45th"), unit ("5km"), scale handled already
            m = _ORD_SUFFIX.match(text[e : e + 3])
            if m and v.ordinal_suffixes and num.integer_digits:
                return self._nonclaim(num, "ordinal", end=e + 2)
        if num.ordinal:
            return self._nonclaim(num, "ordinal")
        # German ordinals: "10. Panzerdivision", "am 20. Januar"
        if (
            v.lang == "de"
            and after == "."
            and num.integer_digits
            and len(num.integer_digits) <= 3
            and self._german_ordinal(e)
        ):
            return self._nonclaim(num, "ordinal", end=e + 1)
        # sign
        neg = False
        j = s - 1
        while j >= 0 and text[j] in " \u00a0":
            j -= 1
        if (
            j >= 0
            and text[j] in "-−–"
            and (j == 0 or not text[j - 1].isalnum())
            and j >= s - 2
            and not (j >= 1 and text[j - 1] == " " and self._range_join_before(j))
        ):
            neg = True
            s = j
        words = self.words_before(s)
        raw_words = self.raw_words_before(s)
        if words and words[-1] in v.negative_words and not num.words:
            neg = True
        if num.words and text[num.start : num.start + 1].isalpha():
            first = text[num.start : num.end].split()[0].lower()
            if first in v.negative_words:
                neg = True
        if neg and value > 0:
            value = -value
        # identifiers and references: "Tabelle 3", "page 12", "§ 47" (unless a unit follows)
        ref = bool(
            raw_words
            and (raw_words[-1] in v.not_claim_before or raw_words[-1].rstrip(".") in v.not_claim_before)
            and not num.words
        )
        # idioms: "one of", "einer der"
        if num.words:
            tail = text[num.start : min(len(text), num.end + 12)].lower()
            if any(tail.startswith(idiom) and not tail[len(idiom) : len(idiom) + 1].isalpha() for idiom in v.idioms):
                return self._nonclaim(num, "number", skip_bench=False, claim_only=True)
        # currency / unit before
        cur: str | None = prefix_cur
        cur_scale = 1.0
        if cur is None:
            # never reach back into the previous figure ("10 rmb 20 usd": rmb belongs to 10)
            lo = max(0, s - 14, self.figs[-1].end if self.figs else 0)
            m = v.re_cur_before.search(text, lo, s) if lo < s else None
            if m is not None:
                if m.group("s") is not None:
                    sym = m.group("s")
                    sent = v.unit_symbols.get(sym)
                    if sent is not None and sent.kind == "money":
                        cur, cur_scale = sent.unit, sent.scale
                    else:
                        cur = v.currency_symbols_ci.get(sym.lower()) or sym.upper()
                    if cur not in v.unit_symbols and cur not in v.currency_symbols.values():
                        cur = None
                else:
                    ent = v.unit_names.get(_SPACES.sub(" ", m.group("n").lower()))
                    cur = ent.unit if ent else None
                if cur is not None:
                    s = m.start()
                    words = self.words_before(s)
                    raw_words = self.raw_words_before(s)
        unit: str | None = None
        ukind = None
        end = e
        bench_unit: str | None = None
        bench_value: float | None = None
        per = 1.0
        um = _match_unit(text, e, v)
        if um is not None:
            ent, us, ue = um
            if ent.kind == "money" and cur is None:
                cur = ent.unit
                per = ent.per
                cur_scale = ent.scale
                end = ue
                if per != 1.0:
                    bench_unit = text[us:ue]
            elif ent.kind == "money" and cur is not None:
                if ent.unit == cur:
                    end = ue  # "USD 5 dollars"
            elif cur is None:
                unit, ukind, per, end = ent.unit, ent.kind, ent.per, ue
        um_end = end
        if cur is not None:
            # "75 USD million", "15 dollars 50", "3 dollars 50 cents"
            sc = _SCALE_AFTER_CUR.match(text[end : end + 14])
            if sc and num.scale == 1.0:
                mult = {
                    "million": 1e6,
                    "billion": 1e9,
                    "trillion": 1e12,
                    "millionen": 1e6,
                    "milliarden": 1e9,
                    "mio": 1e6,
                    "mio.": 1e6,
                    "mrd": 1e9,
                    "mrd.": 1e9,
                }[sc.group(1).lower()]
                value *= mult
                num.resolution *= mult
                end += sc.end()
            elif per == 1.0 and cur_scale == 1.0 and um is not None and end == um[2]:
                sub = self._cents(end, words)
                if sub is not None:
                    value += (-1 if value < 0 else 1) * sub[0] / 100.0
                    end = sub[1]
                    num.resolution = 0.01
            if cur_scale != 1.0:
                value *= cur_scale
                num.resolution *= cur_scale
            unit = cur
            ukind = "money"
            if um is not None and end >= um[2] and text[um[1] : um[2]].lower() in v.money_or_mass:
                mass = self._mass_reading(num, s, text[um[1] : um[2]].lower())
                if mass is not None:
                    unit, ukind, cur = mass, "quantity", None
        if per != 1.0:
            value /= per
        if unit == "deg" and v.temperature_context and self._temperature(s, value):
            unit = "degC"  # "minus 14 Grad", "3 degrees above normal"
        # rates: "Euro je Liter", "people per km²", "barrels per day", "$81.60 a barrel"
        if end > e or (cur is not None and s < num.start):
            rate = self._rate(end, ukind == "money")
            if rate is not None:
                unit = f"{unit or 'count'} / {rate[0]}"
                end = rate[1]
                ukind = ukind if ukind == "money" else "quantity"
        if unit is None and cur is None:
            nr = self._noun_rate(e)  # "2.500 Einwohnern pro Quadratkilometer"
            if nr is not None:
                unit, ukind, end = f"count / {nr[0]}", "quantity", nr[1]
            elif num.fraction:
                fu = self._fraction_of_unit(e)  # "three-quarters of a percentage point"
                if fu is not None:
                    ent, end = fu
                    unit, ukind = ent.unit, ent.kind
                    value /= ent.per
        if unit is None and cur is None and v.percent_before_of:
            ss, _ = self.sentence_of(s)
            pm = v.re_percent_of.fullmatch(text, ss, s)
            if pm is not None:  # "percent of 10" opening a sentence: the percentage written first
                unit, ukind, s = "percent", "percent", pm.start("p")
        if unit is not None and unit in v.unit_pairs and end == um_end:
            minor = self._minor_unit(end, unit)
            if minor is not None:
                value += (-1 if value < 0 else 1) * minor[0]
                end = minor[1]
        if unit is None and cur is None and words and words[-1] in v.age_before and not num.words:
            unit, ukind = "year", "duration"  # "aged 87"
        if unit is None and num.fraction and abs(value) < 1:
            kind = "ratio"
        elif ukind is not None:
            kind = ukind
        if ref and unit is None:
            return self._nonclaim(num, "number")
        # bare years and bare integers read as numbers, not claims
        digits = num.integer_digits
        qual, qn = _qualifier_before(words, v)
        is_year = (
            unit is None
            and not num.words
            and len(digits) == 4
            and 1800 <= int(digits) <= 2100
            and num.scale == 1.0
            and (
                qual is None
                or (len(words) > qn and words[-qn - 1] in v.period_before)  # "bis mindestens 2029"
                or self._compared_year(s)  # "ein Viertel mehr als 2022"
            )
        )
        if is_year:
            return self._nonclaim(num, "year", value=value)
        # time of day and other non-claims after the number
        nxt = _WORD.match(text[e : e + 12].lstrip())
        if unit is None and nxt and nxt.group(0).lower().rstrip(".") in {w.rstrip(".") for w in v.not_claim_after}:
            return self._nonclaim(num, "number")
        if unit is None and not num.words and self._address(s, e):
            return self._nonclaim(num, "number")
        if unit is None and num.article and num.value == 1.0:
            return self._nonclaim(num, "number", claim_only=True)
        if num.article and unit is not None and ukind == "duration":
            return self._nonclaim(num, "number", claim_only=True)
        if ukind == "duration" and um is not None and text[e : um[1]] == "-" and v.instrument_nouns:
            nw = _WORD.match(text[um[2] : um[2] + 24].lstrip())
            if nw is not None and nw.group(0).lower().rstrip(".") in v.instrument_nouns:
                return self._nonclaim(num, "number", claim_only=True)  # "the 10-year yield"
        if (
            ukind == "duration"
            and qual is not None
            and words[-1] in v.during_words
            and self.figs
            and self.figs[-1].claim
            and self.sentence_of(self.figs[-1].start)[0] == self.sentence_of(s)[0]
        ):
            qual, qn = None, 0  # "cut spending by $250bn over ten years": a span of time
        fig = self._build(num, s, end, value, kind, unit, qual, bench_unit, bench_value)
        if bench_unit is not None:
            fig.bench_value = num.value
        fig.claim = claim
        return fig

    def _build(
        self,
        num: Num,
        s: int,
        end: int,
        value: float,
        kind: str,
        unit: str | None,
        qual: str | None,
        bench_unit: str | None,
        bench_value: float | None,
    ) -> Fig:
        text, v = self.text, self.v
        # times: "3 times", "dreimal"
        tm = _TIMES_AFTER.match(text[end : end + 10])
        if unit is None and tm and tm.group(1).lower() in v.times_words:
            kind = "multiplier"
            end = end + tm.end()
        if kind == "count":
            unit = "count"
        q = qual or "exact"
        start = s  # the mention keeps the figure's span, not the qualifier's; the qualifier is recorded
        pq = v.re_post_qual.match(text, end)
        if pq is not None and qual is None:
            q = v.post_qualifiers[_SPACES.sub(" ", pq.group("q").lower())]
        low, high = _interval(value, q)
        signed = -num.value if value < 0 < num.value else num.value
        fig = Fig(
            start,
            end,
            kind,
            value,
            unit,
            low,
            high,
            q,
            None,
            num.resolution,
            None,
            "",
            None,
            num.ambiguity,
            True,
            s if signed < 0 and s < num.start else num.start,
            num.end,
            signed,
            bench_unit,
            bench_value,
            num.scale,
            num.grouped,
        )
        if bench_unit is not None:
            fig.bench_value = num.value
        fig.resolution = _resolution(num, value, fig)
        return fig

    def _nonclaim(
        self,
        num: Num,
        kind: str,
        *,
        end: int | None = None,
        value: float | None = None,
        skip_bench: bool = False,
        claim_only: bool = False,
    ) -> Fig | None:
        if not self.keep_all or skip_bench:
            return None
        e = end if end is not None else num.end
        return Fig(
            num.start,
            e,
            kind,
            num.value if value is None else value,
            None,
            claim=False,
            num_start=num.start,
            num_end=num.end,
            num_value=num.value,
        )

    def _german_ordinal(self, e: int) -> bool:
        text = self.text
        nxt = text[e + 1 : e + 30]
        m = _LETTERS_AFTER.match(nxt)
        if not m:
            return False
        w = m.group(1)
        if w[0].islower():
            return True
        last = text[:e].rsplit(None, 1)  # the token the number ends, and the words before it
        prev = self.raw_words_before(e - len(last[-1]) if last else e, 1)
        return bool(prev) and prev[-1] in _DE_ORD_BEFORE

    def _range_join_before(self, j: int) -> bool:
        return j > 0 and self.text[j - 1] == " " and j >= 2 and self.text[j - 2].isdigit()

    def _ordinal_word(self, s: int, e: int) -> None:
        text, v = self.text, self.v
        words = self.words_before(s, 2)
        w = text[s:e].lower()
        val = _ordinal_value(w, v)
        if val is None:
            return
        if words and words[-1] in v.every:
            ws = s - len(words[-1]) - 1
            ws = text.lower().rfind(words[-1], max(0, s - 20), s)
            eq, _ = _qualifier_before(self.words_before(ws), v)  # "fast jeder dritte"
            lo, hi = _interval(1.0 / val, eq or "exact")
            self.figs.append(
                Fig(
                    ws,
                    e,
                    "ratio",
                    1.0 / val,
                    None,
                    lo,
                    hi,
                    eq or "exact",
                    resolution=None,
                    num_start=s,
                    num_end=e,
                    num_value=val,
                )
            )
            return
        prev = self.figs[-1] if self.figs else None
        if (
            val >= 100
            and prev is not None
            and prev.kind in ("count", "number")
            and prev.unit in (None, "count")
            and prev.num_start >= 0
            and not text[prev.end : s].strip()
            and 0 < prev.value < 1000
        ):
            # "einhundert Milliardste", "dreihundert Millionste": one ordinal
            self.figs.pop()
            s, val = prev.start, prev.value * val
        if self.keep_all:
            self.figs.append(Fig(s, e, "ordinal", val, None, claim=False, num_start=s, num_end=e, num_value=val))

    def _half(self, s: int, e: int) -> None:
        """A lone "half"/"Hälfte" is a ratio after a qualifier or before "of"/"der"."""
        text, v = self.text, self.v
        val = v.half_alone[text[s:e].lower()]
        words = self.words_before(s)
        while words and words[-1] in v.half_determiners:
            words = words[:-1]
        q, _ = _qualifier_before(words, v)
        if q is None and (not v.re_half_follow.match(text, e) or (words and _ordinal_value(words[-1], v) is not None)):
            return
        low, high = _interval(val, q or "exact")
        self.figs.append(Fig(s, e, "ratio", val, None, low, high, q or "exact", num_start=s, num_end=e, num_value=val))

    def _vague(self, s: int, e: int) -> None:
        text, v = self.text, self.v
        w = _SPACES.sub(" ", text[s:e].lower())
        if w in v.half_alone:
            self._half(s, e)
            return
        val = v.vague.get(w)
        if val is None:
            return
        nxt = text[e : e + 20]
        if v.lang == "en" and not _OF_AFTER.match(nxt):
            return
        if v.lang == "de" and not _NOUN_OR_VON_AFTER.match(nxt):
            return
        self.figs.append(
            Fig(
                s,
                e,
                "count",
                val,
                "count",
                val,
                None,
                "at_least",
                resolution=None,
                num_start=-1,
                num_end=-1,
                num_value=val,
            )
        )

    # ------------------------------------------------------------------ relations
    def _post(self) -> None:
        figs = self.figs
        figs.sort(key=lambda f: (f.start, f.end))
        text, v = self.text, self.v
        joins = (*v.range_join, *_JOINS)
        longest = _more_than(max(map(len, joins)))
        merged: list[Fig] = []
        i = 0
        while i < len(figs):
            a = figs[i]
            b = figs[i + 1] if i + 1 < len(figs) else None
            if (
                b is not None
                and a.claim
                and b.claim
                and a.kind not in ("multiplier",)
                and b.kind not in ("multiplier",)
                and a.end <= b.start
                # figures far apart (most pairs) have no joining word between them
                and not longest.match(text, a.end, b.start)
            ):
                between = _SPACES.sub(" ", text[a.end : b.start].strip().lower())
                if between in joins:
                    self._share(a, b)
                    opener = self.words_before(a.start, 3)
                    change_ctx = bool(opener) and opener[-1] in v.change_open and self._has_change_verb(a.start)
                    is_range = between in ("-", "–", "—", "bis", "to") or (
                        between in ("and", "und") and opener and opener[-1] in v.range_open
                    )
                    if change_ctx or self._after_by(a.start):
                        is_range = False  # "rose by $270bn to $4.9tn": a change and a level
                    if between in ("auf",):
                        is_range = False
                    if is_range and a.unit == b.unit and a.value <= b.value:
                        r = Fig(
                            a.start,
                            b.end,
                            b.kind,
                            (a.value + b.value) / 2,
                            b.unit,
                            a.low if a.qualifier != "exact" else a.value,
                            b.value,
                            "range",
                            resolution=b.resolution,
                            ambiguity=a.ambiguity or b.ambiguity,
                            num_start=a.num_start,
                            num_end=b.num_end,
                            num_value=b.num_value,
                            ends=((a.start, a.end, a.value), (b.start, b.end, b.value)),
                        )
                        r.scale = b.scale
                        r.bench_unit, r.bench_value = b.bench_unit, b.bench_value
                        r.subject = b.subject
                        merged.append(_RangeHolder(r, a, b))  # type: ignore[arg-type]
                        i += 2
                        continue
            merged.append(a)
            i += 1
        out: list[Fig] = []
        for f in merged:
            if isinstance(f, _RangeHolder):
                out.append(f.fig)
                out.append(f.a)
                out.append(f.b)
                f.a.claim = f.b.claim = False
                f.a.kind = f.b.kind = "_endpoint:" + f.a.kind
            else:
                out.append(f)
        self.figs = out
        claims = [f for f in out if f.claim]
        self._carry_units(claims)
        for f in claims:
            if f.kind == "multiplier" and f.num_start == -1:
                f.related = self._nearest(f, claims)
            elif f.kind not in ("multiplier",):
                self._change(f)
            if not f.subject:
                f.subject = self._subject(f)
        if claims:
            years = [(f.start, f.value) for f in out if f.kind == "year"] + self._years()
            for f in claims:
                f.period = self._period(f, years)

    def _carry_units(self, claims: list[Fig]) -> None:
        """ "up from 12.3 million", "in München bei mehr als 4.800": a bare figure after these words
        takes the unit of the figure before it in the sentence (same scale, nothing written after it)."""
        v = self.v
        if not v.unit_carry_before:
            return
        prev: Fig | None = None
        for f in claims:
            if f.kind in ("multiplier", "ratio", "duration"):
                continue
            if (
                prev is not None
                and f.kind == "count"
                and f.unit == "count"
                and f.qualifier != "range"
                and f.scale == prev.scale
                and self.sentence_of(prev.start)[0] == self.sentence_of(f.start)[0]
            ):
                words = self.words_before(f.start, 6)
                _q, qn = _qualifier_before(words, v)
                words = words[: len(words) - qn]
                if words and words[-1] in v.unit_carry_before and self._bare_after(f.end):
                    f.unit, f.kind = prev.unit, prev.kind
            if f.unit not in (None, "count"):
                prev = f

    def _bare_after(self, pos: int) -> bool:
        """Nothing names what the figure counts: punctuation, a function word, or (German) a lower-case word."""
        rest = self.text[pos : pos + 30].lstrip()
        if not rest or not rest[0].isalpha():
            return True
        w = _WORD.match(rest)
        if w is None:
            return True
        word = w.group(0).rstrip(".")
        low = word.lower()
        return low in self.v.stopwords or low in self.v.articles or (self.v.compound and word[0].islower())

    def _years(self) -> list[tuple[int, float]]:
        """Bare years in the text (start, value), for the periods of claims."""
        if self.keep_all:
            return []
        return [(m.start(1), float(m.group(1))) for m in _year_matches(self.text)]

    def _share(self, a: Fig, b: Fig) -> None:
        """A scale word or unit written once for two numbers ("20 bis 30 Milliarden Euro")."""
        if a.unit and b.unit and b.unit.startswith(a.unit + " / "):
            a.unit = b.unit  # "$215bn and $387bn a year"
        if a.unit in (None, "count") and b.unit not in (None, "count"):
            a.unit, a.kind = b.unit, b.kind
            if a.scale == 1.0 and b.scale > 1.0 and not a.grouped:
                a.value *= b.scale
                a.resolution = (a.resolution or 1.0) * b.scale
                a.scale = b.scale
            if a.bench_unit is None and b.bench_unit is not None:
                a.bench_unit, a.bench_value = b.bench_unit, a.value
                a.value /= 100.0
            a.low, a.high = _interval(a.value, a.qualifier)
        elif a.unit == b.unit and a.scale == 1.0 and b.scale > 1.0 and not a.grouped and a.num_value < 1000:
            a.value *= b.scale
            a.scale = b.scale
            a.resolution = (a.resolution or 1.0) * b.scale
            a.low, a.high = _interval(a.value, a.qualifier)

    def _compared_year(self, s: int) -> bool:
        """A year right after "<figure> more than": the figure is compared with that year."""
        if not self.figs or not self.figs[-1].claim:
            return False
        gap = _SPACES.sub(" ", self.text[self.figs[-1].end : s].strip().lower())
        return gap in self.v.qualifiers

    def _temperature(self, s: int, value: float) -> bool:
        """ "degrees"/"Grad" read as a temperature: below zero, or in a sentence about the weather."""
        if value < 0:
            return True
        ss, se = self.sentence_of(s)
        return self.v.re_temperature.search(self.text[ss:se].lower()) is not None

    def _rate(self, pos: int, money: bool) -> tuple[str, int] | None:
        """The denominator after a unit: "je Liter", "a barrel", "per km²", "daily", "je Dollar"."""
        text, v = self.text, self.v
        pm = v.re_per.match(text, pos)
        if pm is not None:
            um2 = _match_unit(text, pm.end(), v)
            if um2 is not None and um2[0].kind == "duration" and v.rate_time_after:
                nw = _WORD.match(text[um2[2] : um2[2] + 16].lstrip())
                if nw is not None and nw.group(0).lower().rstrip(".") in v.rate_time_after:
                    return None  # "$13bn a year earlier"
            if um2 is not None and um2[0].kind in ("quantity", "duration") and um2[0].unit != "percent":
                return um2[0].unit, um2[2]
            per_word = text[pos : pm.end()].strip().lower()
            if (
                um2 is not None
                and money
                and um2[0].kind == "money"
                and um2[0].per == 1.0
                and per_word in v.noun_rate_per
            ):
                return um2[0].unit, um2[2]  # an exchange rate: "151,8 Yen je Dollar"
        if v.rate_adverbs:
            w = _WORD.match(text, pos + 1) if text[pos : pos + 1] == " " else None
            if w is not None and w.group(0).lower().rstrip(".") in v.rate_adverbs:
                word = w.group(0).rstrip(".")
                return v.rate_adverbs[word.lower()], w.start() + len(word)
        return None

    def _noun_rate(self, e: int) -> tuple[str, int] | None:
        """ "120 people per km²": a count, a noun (up to three words), an explicit per-word, a unit."""
        text, v = self.text, self.v
        m = v.re_noun_rate.match(text, e)
        if m is None:
            return None
        if any(w.lower() in v.stopwords for w in m.group("w").split()):
            return None
        um = _match_unit(text, m.end(), v)
        if um is None or um[0].kind not in ("quantity", "duration") or um[0].per != 1.0:
            return None
        return um[0].unit, um[2]

    def _fraction_of_unit(self, e: int) -> tuple[UnitEntry, int] | None:
        text, v = self.text, self.v
        m = v.re_frac_unit.match(text, e)
        if m is not None:
            um = _match_unit(text, m.end(), v)
            if um is not None and um[0].kind in ("quantity", "duration", "percent", "percentage_points"):
                return um[0], um[2]
        return None

    def _address(self, s: int, e: int) -> bool:
        """House numbers: "10 Downing Street", "Hauptstraße 5"."""
        v = self.v
        if v.address_after:
            m = _ADDRESS.match(self.text, e)
            if m is not None and m.group(2).lower().rstrip(".") in v.address_after:
                return True
        if v.address_before:
            raw = self.raw_words_before(s, 1)
            return bool(raw) and raw[-1].rstrip(".").endswith(v.address_before)
        return False

    def _cents(self, pos: int, words: list[str]) -> tuple[float, int] | None:
        """Sub-units after a currency name: "13 dollars and 45 cents", "zwei Euro fünfzig"."""
        text, v = self.text, self.v
        m = v.re_cents_join.match(text, pos)
        if m is None or m.end() >= len(text):
            return None
        n = read_number(text, m.end(), v)
        if (
            n is None
            or n.start != m.end()
            or n.scale != 1.0
            or n.fraction
            or n.resolution != 1.0
            or not 0 < n.value < 100
            or n.ambiguity
        ):
            return None
        sub = _match_unit(text, n.end, v)
        if sub is not None:
            if sub[0].kind == "money" and sub[0].per == 100.0:
                return n.value, sub[2]
            return None
        if m.group("and") and words and words[-1] in v.range_open:
            return None  # "between 10 dollars and 20"
        rest = text[n.end : n.end + 24].lstrip()
        if not rest or rest[0] in ".,;:!?)":
            return n.value, n.end
        w = _WORD.match(rest)
        if w is not None and w.group(0).lower() in v.stopwords:
            return n.value, n.end
        return None

    def _minor_unit(self, pos: int, major: str) -> tuple[float, int] | None:
        """The minor part of "5 ft 2 in" / "5 feet and 2 inches", in major units."""
        text, v = self.text, self.v
        minor, per, extra = v.unit_pairs[major]
        m = v.re_cents_join.match(text, pos)
        if m is None or m.end() >= len(text) or not text[m.end()].isalnum():
            return None
        n = read_number(text, m.end(), v)
        if n is None or n.start != m.end() or n.scale != 1.0 or not 0 <= n.value < per:
            return None
        um = _match_unit(text, n.end, v)
        if um is not None and um[0].unit == minor:
            return n.value / per, um[2]
        sm = _MINOR_SYMBOL.match(text[n.end : n.end + 8])
        if sm is not None and sm.group(1) in extra:
            nxt = _WORD.match(text[n.end + sm.end() : n.end + sm.end() + 12].lstrip())
            if nxt is None or nxt.group(0).lower() not in _DETERMINERS:  # "2 in the morning"
                return n.value / per, n.end + sm.end()
        return None

    def _mass_reading(self, num: Num, s: int, name: str) -> str | None:
        """ "pounds"/"Pfund" are money near money words or with a scale word, else a mass."""
        if num.scale != 1.0:
            return None
        text, v = self.text, self.v
        ss, se = self.sentence_of(s)
        ws = {w.lower().rstrip(".") for w in _WORD.findall(text[ss:se])}
        if ws & v.money_context or any(c in text[ss:se] for c in "$€£¥"):
            return None
        return v.money_or_mass[name]

    def _has_change_verb(self, pos: int) -> bool:
        v = self.v
        s, _ = self.sentence_of(pos)
        ws = [w.lower() for w in _WORD.findall(self.text[max(s, pos - 80) : pos])]
        return any(w in v.change_up or w in v.change_down for w in ws)

    def _by_words(self, pos: int) -> list[str]:
        """Words before ``pos`` without a qualifier and skip words ("um durchschnittlich", "by up to")."""
        v = self.v
        words = self.words_before(pos, 10)
        _q, qn = _qualifier_before(words, v)
        if qn:
            words = words[:-qn]
        rest = words
        while True:
            for k in (3, 2, 1):
                if len(rest) >= k and " ".join(rest[-k:]) in v.change_skip:
                    rest = rest[:-k]
                    break
            else:
                break
        return rest if rest is not words and rest and rest[-1] in v.change_by else words

    def _after_by(self, pos: int) -> bool:
        words = self._by_words(pos)
        return bool(words) and words[-1] in self.v.change_by

    def _direction(self, ws: list[str]) -> str | None:
        v = self.v
        for w in ws:
            if w in v.change_up:
                return "up"
            if w in v.change_down:
                return "down"
        return None

    def _change(self, f: Fig) -> None:
        v, text = self.v, self.text
        if f.kind in ("ordinal", "year", "number"):
            return
        words = self._by_words(f.start)
        direction = None
        if words and words[-1] in v.change_by:
            s, se = self.sentence_of(f.start)
            before = text[max(s, f.start - 90) : f.start]
            seg = [w.lower().rstrip(".") for w in _WORD.findall(before)]
            # the words the qualifier and skip words took ("by up to": "up" is no verb)
            full = self.words_before(f.start, 10)
            seg = seg[: len(seg) - (len(full) - len(words))] if len(full) > len(words) else seg
            clause = text[f.end : min(se, f.end + 80)]
            cut = _CLAUSE_END.search(clause)
            after = [w.lower().rstrip(".") for w in _WORD.findall(clause[: cut.start()] if cut else clause)]
            if v.lang == "de":
                # German puts the verb last in subordinate clauses: "dass das Wachstum um 0,3 Punkte sinken könnte"
                direction = self._direction(after[:6]) or self._direction(list(reversed(seg)))
            else:
                direction = self._direction(list(reversed(seg))) or self._direction(after[:4])
        elif words and words[-1] in v.change_adverbs:
            direction = v.change_adverbs[words[-1]]  # "down 1.8 million barrels"
        elif (
            words
            and (words[-1] in v.change_up or words[-1] in v.change_down)
            and f.kind in ("percent", "percentage_points")
        ):
            direction = "up" if words[-1] in v.change_up else "down"
        if direction is None and v.comparative_than:
            # "4 Euro mehr als im Vorjahr", "6 cents higher than a month ago"
            m = _TWO_WORDS.match(text, f.end)
            if m is not None and m.group(2).lower() in v.comparative_than:
                w = m.group(1).lower()
                if w in v.comparative_up:
                    direction = "up"
                elif w in v.comparative_down:
                    direction = "down"
        if direction:
            f.change = direction

    def _nearest(self, f: Fig, claims: list[Fig]) -> int | None:
        s, e = self.sentence_of(f.start)
        best = None
        best_d = 10**9
        for i, c in enumerate(claims):
            if c is f or c.kind == "multiplier" or not (s <= c.start < e):
                continue
            d = f.start - c.end if c.end <= f.start else (c.start - f.end) * 2
            if 0 <= d < best_d:
                best, best_d = i, d
        if best is None:
            return None
        return self.figs.index(claims[best])

    def _subject(self, f: Fig) -> str:
        text, v = self.text, self.v
        s, e = self.sentence_of(f.start)
        after = text[f.end : min(e, f.end + 80)]
        cut = _CLAUSE.search(after)
        if cut:
            after = after[: cut.start()]
        ws = _WORD.findall(after)
        out: list[str] = []
        for i, w in enumerate(ws[:4]):
            lw = w.lower().rstrip(".")
            if i == 0 and lw in ("of", "des", "der", "an", "von"):
                out.append(w)
                continue
            if lw in v.stopwords or lw in v.change_up or lw in v.change_down or lw in v.multipliers:
                break
            out.append(w.rstrip("."))
            if v.lang == "de" and w[:1].isupper():
                break
            if len(out) >= 3:
                break
        if out and out[-1].lower() not in ("of", "des", "der", "an", "von"):
            return " ".join(out)
        before = text[max(s, f.start - 60) : f.start]
        bws = _WORD.findall(before)
        res: list[str] = []
        for w in reversed(bws):
            lw = w.lower().rstrip(".")
            if lw in v.qualifiers or lw in v.stopwords or lw in v.change_by or lw in ("von", "of", "at", "bei"):
                if res:
                    break
                continue
            if lw in v.change_up or lw in v.change_down:
                break
            res.insert(0, w.rstrip("."))
            if len(res) >= 2:
                break
        return " ".join(res)

    def _period(self, f: Fig, years: list[tuple[int, float]]) -> str | None:
        s, e = self.sentence_of(f.start)
        best: tuple[int, int, float] | None = None
        for start, value in years:
            if s <= start < e and not (f.start <= start < f.end):
                d = abs(start - f.start)
                if best is None or d < best[0]:
                    best = (d, start, value)
        if best is None:
            return None
        _, start, value = best
        pre = self.text[max(0, start - 4) : start]
        return ("FY" if _FY_BEFORE.search(pre) else "") + str(int(value))


class _RangeHolder:
    def __init__(self, fig: Fig, a: Fig, b: Fig) -> None:
        self.fig, self.a, self.b = fig, a, b


_DETERMINERS = frozenset(["the", "a", "an", "this", "that", "these", "those", "his", "her", "its", "their"])
_DE_ORD_BEFORE = frozenset(
    [
        "der",
        "die",
        "das",
        "dem",
        "den",
        "des",
        "am",
        "im",
        "zum",
        "zur",
        "vom",
        "beim",
        "ihr",
        "ihre",
        "ihrem",
        "ihren",
        "sein",
        "seine",
        "seinem",
        "seinen",
        "jede",
        "jeder",
        "jedes",
        "ab",
        "bis",
        "seit",
        "zu",
    ]
)


def _ordinal_value(w: str, v: Vocab) -> float | None:
    if w in v.ordinal_adverbs:
        return v.ordinal_adverbs[w]
    if w in v.ordinal_words:
        return v.ordinal_words[w]
    if w.endswith("s") and w[:-1] in v.ordinal_words:
        return None
    base = w
    for suf in ("es", "er", "en", "em", "e"):
        if v.compound and base.endswith(suf) and base[: -len(suf)] in v.ordinal_words:
            return v.ordinal_words[base[: -len(suf)]]
    if v.compound:
        m = re.match(r"(.+?)(st|t)(e[rnms]?)$", w)
        if m:
            from factcheck.extract.numbers import read_number as rn

            stem = m.group(1)
            for cand in (stem, stem + "s", stem + "ig" if stem.endswith("ßig") else stem):
                n = rn(cand, 0, v)
                if n is not None and n.end == len(cand):
                    return n.value
    else:
        parts = re.split(r"[-\s]+", w)
        last = parts[-1]
        if last in v.ordinal_words:
            head = " ".join(parts[:-1])
            if not head:
                return v.ordinal_words[last]
            from factcheck.extract.numbers import read_number as rn

            n = rn(head, 0, v)
            if n is not None and n.end == len(head):
                ov = v.ordinal_words[last]
                return n.value * ov if ov >= 100 and n.value < 1000 else n.value + ov
    return None


def _interval(value: float, q: str) -> tuple[float | None, float | None]:
    if q == "approx":
        a, b = value * (1 - APPROX), value * (1 + APPROX)
        return (min(a, b), max(a, b))
    if q in ("more_than", "at_least"):
        return value, None
    if q in ("at_most", "less_than"):
        return None, value
    return value, value


def _resolution(num: Num, value: float, f: Fig) -> float | None:
    if num.value == 0:
        return num.resolution
    factor = value / num.value if num.value else 1.0
    return abs(num.resolution * factor)
