"""Numbers as written: digits with locale separators, number words, scale words.

``read_number(text, pos, vocab)`` reads the longest number phrase starting at ``pos`` and returns a
:class:`Num` (value with scale words applied, the place value of the last written digit, and why the
reading might be wrong).  No units here; see ``factcheck.extract.claims``.

>>> from factcheck.extract.vocab import vocabulary
>>> n = read_number("rund 1,5 Milliarden", 5, vocabulary("de"))
>>> (n.value, n.resolution, n.end)
(1500000000.0, 100000000.0, 19)
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from factcheck.extract.vocab import Vocab

_SPACES = "\u00a0\u202f\u2009"
_RAW = re.compile(r"\d+(?:(?:[.,'\u00a0\u202f\u2009]|\x20(?=\d{3}(?!\d)))\d+)*")
_EXP = re.compile(r"[eE]([+-]?\d{1,3})(?![\w])|\s?[x×]\s?10\^([+-]?\d{1,3})")
_POW = re.compile(r"\^([+-]{0,2})(\d{1,3})(?![\d.,]\d)")
_FRAC = re.compile(r"(?:[ \t]+|(?<=\d))?(\d{1,3})/(\d{1,3})(?![\d/])")
_UFRAC = {
    "½": 0.5,
    "⅓": 1 / 3,
    "⅔": 2 / 3,
    "¼": 0.25,
    "¾": 0.75,
    "⅕": 0.2,
    "⅖": 0.4,
    "⅗": 0.6,
    "⅘": 0.8,
    "⅙": 1 / 6,
    "⅚": 5 / 6,
    "⅛": 0.125,
    "⅜": 0.375,
    "⅝": 0.625,
    "⅞": 0.875,
}
_TOK = re.compile(r"[ \t\u00a0]*(?:(?P<h>[-‐][ \t]*)?(?P<d>\d)|(?P<w>[^\W\d_]+)|(?P<hy>[-‐])[ \t]*(?=[^\W\d_]))")


@dataclass(slots=True)
class Num:
    start: int
    end: int
    value: float
    resolution: float
    ambiguity: str | None = None
    words: bool = False  # written (partly) in words
    scale: float = 1.0  # scale word applied ("Milliarden")
    scale_start: int = -1  # where the scale word starts (for shared scales "20 bis 30 Mrd.")
    fraction: bool = False  # a fraction ("two-thirds", "3/4")
    grouped: bool = False  # had group separators ("50.000")
    integer_digits: str = ""  # the digits as written when a plain integer ("2024")
    article: bool = False  # started with "a"/"ein" used as a number
    vague: bool = False  # "dozens", "Tausende"
    ordinal: bool = False  # an ordinal phrase ("one hundred twenty-fifth")


@dataclass(slots=True)
class _Digits:
    value: float
    end: int
    resolution: float
    ambiguity: str | None
    grouped: bool
    plain: str


def read_digits(text: str, pos: int, v: Vocab) -> _Digits | None:
    """Digits at ``pos`` with the language's separators; splits IP-like runs ("192.168.1.2")."""
    m = _RAW.match(text, pos)
    if m is None:
        if text.startswith((".", ","), pos) and pos + 1 < len(text) and text[pos + 1].isdigit():
            m2 = re.compile(r"[.,](\d+)").match(text, pos)
            assert m2 is not None
            d = m2.group(1)
            return _Digits(float("0." + d), m2.end(), 10.0 ** -len(d), None, False, "")
        return None
    raw = m.group(0)
    if pos >= 2 and text[pos - 1] in ".," and text[pos - 2].isdigit():
        g = re.match(r"\d+", raw)
        assert g is not None
        return _Digits(float(g.group(0)), pos + g.end(), 1.0, None, False, g.group(0))
    parts = re.split(r"([.,'\u00a0\u202f\u2009 ])", raw)
    groups, seps = parts[0::2], parts[1::2]
    end = m.end()
    if not seps:
        return _Digits(float(raw), end, 1.0, None, False, raw)
    kinds = set(seps)
    punct = [s for s in seps if s in ".,"]
    dec: str | None = None
    ambiguity = None
    if len(set(punct)) == 2:
        dec = seps[-1] if seps[-1] in ".," else None
        if dec is None or seps.count(dec) > 1:
            return _split_first(groups, seps, pos)
    elif len(punct) == 1 and kinds - {".", ","}:
        dec = punct[0]  # "1 234 567,89": spaces group, the one mark is the decimal point
        if seps[-1] != dec:
            return _split_first(groups, seps, pos)
    elif len(punct) == 1:
        mark = punct[0]
        if len(groups[1]) == 3 and len(groups[0]) <= 3 and groups[0] != "0":
            dec = v.decimal if mark == v.decimal else None
            other = "decimal point" if mark == v.decimal else "thousands separator"
            ambiguity = f"{groups[0]}{mark}{groups[1]} read with {mark!r} as {other} ({v.lang})"
        else:
            dec = mark
            if mark != v.decimal:
                ambiguity = f"{mark!r} read as decimal point in {groups[0]}{mark}{groups[1]} ({v.lang})"
    elif len(punct) > 1:
        dec = None
    # validate grouping: first group 1-3 digits, others 3 (Indian 2-digit groups before the last)
    int_groups = groups[:-1] if dec else groups
    if dec is None and punct and len(set(punct)) == 1 and punct[0] == v.decimal and len(punct) > 1:
        return _split_first(groups, seps, pos)
    ok = 1 <= len(int_groups[0]) <= 3 and all(len(g) == 3 for g in int_groups[-1:][1:] or int_groups[1:][-1:])
    ok = ok and all(len(g) in (2, 3) for g in int_groups[1:]) and (len(int_groups) < 2 or len(int_groups[-1]) == 3)
    if len(int_groups) > 2 and any(len(g) == 2 for g in int_groups[1:]):
        ok = ok and len(set(seps[: len(int_groups) - 1])) == 1
    if not ok:
        return _split_first(groups, seps, pos)
    int_part = "".join(int_groups)
    if dec:
        fr = groups[-1]
        return _Digits(float(f"{int_part}.{fr}"), end, 10.0 ** -len(fr), ambiguity, len(int_groups) > 1, "")
    # "50.000" / "50,000" is written to the thousand: each all-zero trailing group is a rounding step
    # (a plain "50000" keeps resolution 1, as does "70" in "70 billion": see the rounding rule).
    zero_groups = 0
    for group in reversed(int_groups[1:]):
        if group.strip("0"):
            break
        zero_groups += 1
    return _Digits(float(int_part), end, 1000.0**zero_groups, ambiguity, True, "")


def _split_first(groups: list[str], seps: list[str], pos: int) -> _Digits:
    g = groups[0]
    return _Digits(float(g), pos + len(g), 1.0, None, False, g)


_CUR_BEFORE = re.compile(r"(?:[$€£¥]|\b[A-Z]{3})[ \u00a0]?$")


def _scale_after(text: str, pos: int, v: Vocab, glued: bool, start: int = -1) -> tuple[float, int, int] | None:
    m = v.re_scale_after.match(text, pos)
    if m is None:
        return None
    if m.group("g") is not None:
        key = m.group("g")
        if not glued:
            return None
        if key in v.scale_or_unit and not _CUR_BEFORE.search(text, max(0, start - 5), max(0, start)):
            # "1.8m tall", "48m." are metres; "5m people", "$5m" are millions
            rest = text[m.end() : m.end() + 24]
            nxt = re.match(r"[ \u00a0]*([^\W\d_]+)", rest)
            if nxt is None or nxt.group(1).lower() in v.unit_context_after:
                return None
        return v.scale_abbr[key], m.start("g"), m.end()
    if m.group("w") is not None:
        w = m.group("w").lower()
        w = re.sub(r"\s+", " ", w)
        return (v.scales.get(w) or v.dozen.get(w) or 1.0), m.start("w"), m.end()
    key = m.group("a")
    if len(key) == 1 and key in "mbBkKT" and key not in "kK" and key != "M":
        return None  # "5 m" is metres, "5 b" nothing: single letters only when glued
    return v.scale_abbr[key], m.start("a"), m.end()


# --------------------------------------------------------------------------- word numbers
@dataclass(slots=True)
class _Tok:
    kind: str  # num, card, hund, scale, dozen, frac, halfw, conj, art, point, neg, hy
    value: float
    start: int
    end: int
    text: str
    res: float = 1.0
    amb: str | None = None
    grouped: bool = False
    plain: str = ""


def _tokens(text: str, pos: int, v: Vocab, limit: int = 24) -> list[_Tok]:
    out: list[_Tok] = []
    i = pos
    first = True
    while len(out) < limit:
        m = _TOK.match(text, i)
        if m is None:
            break
        if m.group("d") is not None:
            if m.group("h") and first:
                break
            if m.group("h"):
                out.append(_Tok("hy", 0, m.start("h"), m.start("d"), "-"))
            d = read_digits(text, m.start("d"), v)
            if d is None:
                break
            out.append(
                _Tok(
                    "num",
                    d.value,
                    m.start("d"),
                    d.end,
                    text[m.start("d") : d.end],
                    d.resolution,
                    d.ambiguity,
                    d.grouped,
                    d.plain,
                )
            )
            i = d.end
            sc = _scale_after(text, i, v, glued=True, start=m.start("d"))
            if sc:
                out.append(_Tok("scale", sc[0], sc[1], sc[2], text[sc[1] : sc[2]]))
                i = sc[2]
                if text.startswith(".", i) and text[sc[1] : i] + "." in v.scale_abbr:
                    pass
            first = False
            continue
        if m.group("hy") is not None:
            out.append(_Tok("hy", 0, m.start("hy"), m.end("hy"), "-"))
            i = m.end()
            continue
        w = m.group("w")
        lw = w.lower()
        s, e = m.start("w"), m.end("w")
        toks = _word_tokens(lw, s, e, v, first)
        if not toks:
            if w in v.scale_abbr or (w + "." in v.scale_abbr and text.startswith(".", e)):
                key = w if w in v.scale_abbr else w + "."
                if key == w + ".":
                    e += 1
                if len(w) > 1 or w in ("k", "K"):
                    out.append(_Tok("scale", v.scale_abbr[key], s, e, text[s:e]))
                    i = e
                    first = False
                    continue
            break
        out.extend(toks)
        i = e
        first = False
    return out


def _word_tokens(lw: str, s: int, e: int, v: Vocab, first: bool) -> list[_Tok]:
    mv = v.morph_values
    if lw in v.decimal_words:
        return [_Tok("point", 0, s, e, lw)]
    if lw in v.negative_words and first:
        return [_Tok("neg", 0, s, e, lw)]
    if lw in v.articles and lw not in mv:
        return [_Tok("art", v.articles[lw], s, e, lw)]
    if lw in mv:
        role, val = mv[lw]
        if lw in v.articles:
            return [_Tok("art", 1.0, s, e, lw)]
        return [_Tok(role, val, s, e, lw)]
    if not v.compound:
        ov = _ordinal_word_value(lw, v)
        if ov is not None:  # "first", "seconds", "elevenths": only in fraction/ordinal phrases
            return [_Tok("ord", ov, s, e, lw)]
    if v.compound:
        out: list[_Tok] = []
        i = 0
        while i < len(lw):
            m = v.re_compound.match(lw, i)
            if m is None:
                return []
            role, val = mv[m.group(0)]
            out.append(_Tok(role, val, s + i, s + m.end(), m.group(0)))
            i = m.end()
        if out and out[-1].kind == "conj":
            return []
        return out
    if "-" in lw:
        return []
    return []


@dataclass(slots=True)
class _State:
    total: float = 0.0
    hund: float = 0.0
    cur: float = 0.0
    last_scale: float = float("inf")
    fnum: float = 0.0
    seen: bool = False
    res: float = 1.0
    group: float = 0.0  # the group the last scale word multiplied


def _evaluate(toks: list[_Tok], v: Vocab) -> tuple[float, int, float, dict[str, object]] | None:
    """Longest prefix of ``toks`` that reads as one number: (value, n_tokens, resolution, info)."""
    st = _State()
    best: tuple[float, int, float, dict[str, object]] | None = None
    info: dict[str, object] = {
        "words": False,
        "scale": 1.0,
        "scale_start": -1,
        "fraction": False,
        "article": False,
        "amb": None,
        "grouped": False,
        "plain": "",
    }
    neg = 1.0
    i = 0
    n = len(toks)
    prev = ""
    pending_and = False
    german = v.compound
    rollback: tuple[float, int, float, dict[str, object]] | None = None
    fnum_mode = False

    def accept(k: int) -> None:
        nonlocal best
        best = (neg * (st.total + st.hund + st.cur), k, st.res, dict(info))

    while i < n:
        t = toks[i]
        k = t.kind
        if k == "neg":
            if i != 0:
                break
            neg = -1.0
            i += 1
            prev = k
            continue
        if k == "hy":
            if not st.seen or i + 1 >= n or toks[i + 1].kind not in ("card", "frac", "num") or pending_and:
                break
            if toks[i + 1].kind == "num" and not (german and prev == "num"):
                break
            i += 1
            prev = "hy"
            continue
        if k == "conj":
            if not st.seen or pending_and:
                break
            pending_and = True
            i += 1
            continue
        was_and = pending_and
        pending_and = False
        if k in ("num", "card") and st.seen and t.value == 0:
            break  # a zero never continues a number ("three hundred and 0", "three-nought-four")
        if k in ("num", "card") and st.seen and st.cur == 0:
            rollback = best
        if k == "card" and fnum_mode:
            if 20 <= st.fnum < 100 and st.fnum % 10 == 0 and t.value < 10:
                st.fnum += t.value
                i += 1
                prev = k
                continue
            break
        if k in ("card", "num") and was_and and st.seen and _next_is_frac(toks, i + 1):
            st.fnum = t.value
            fnum_mode = True
            prev = k
            i += 1
            continue
        if k == "num":
            if (
                st.seen
                and not (prev in ("scale", "hund", "dozen") or (prev == "conj" and st.cur == 0))
                and not (was_and and st.cur == 0 and prev in ("scale", "hund"))
            ):
                break
            if st.seen and t.value >= (1000 if prev == "scale" else 100) and prev in ("scale", "hund"):
                break
            if st.seen and st.cur:
                break
            st.cur = t.value
            st.res = t.res
            info["amb"] = t.amb
            info["grouped"] = t.grouped
            info["plain"] = t.plain if not st.seen else ""
            st.seen = True
        elif k == "card":
            info["words"] = True
            if not st.seen or st.cur == 0:
                if st.seen and prev == "num":
                    break
                st.cur = t.value
            elif german and st.cur < 10 and t.value >= 20 and t.value % 10 == 0 and was_and:
                st.cur += t.value
            elif german and st.cur < 10 and t.value == 10 and prev == "card":
                st.cur += t.value  # drei+zehn
            elif not german and 20 <= st.cur < 100 and st.cur % 10 == 0 and t.value < 10 and not was_and:
                st.cur += t.value
            else:
                break
            st.res = 1.0
            st.seen = True
        elif k == "art":
            if st.seen and not (was_and and i + 1 < n and toks[i + 1].kind == "frac"):
                break
            if st.seen:
                pending_and = True
                prev = "art"
                i += 1
                continue
            if i + 1 >= n or toks[i + 1].kind not in ("hund", "scale", "dozen", "frac", "halfw"):
                break
            st.cur = 1.0
            st.seen = True
            info["article"] = True
            info["words"] = True
            prev = k
            i += 1
            continue
        elif k == "hund":
            info["words"] = True
            if st.hund:
                best = rollback
                break
            st.hund = (st.cur or 1.0) * 100.0
            st.cur = 0.0
            st.res = 100.0
            st.seen = True
        elif k == "scale":
            grp = st.hund + st.cur
            if not st.seen and not german:
                grp = 1.0 if t.value >= 1e3 else 0.0
                if not grp:
                    break
            if t.value >= st.last_scale:
                if prev == "scale" and st.hund == st.cur == 0 and st.total == st.group * st.last_scale:
                    st.total *= t.value  # "three lakh crore", "a thousand million"
                    st.last_scale *= t.value
                    st.res *= t.value
                    info["scale"] = st.last_scale
                    prev = k
                    i += 1
                    accept(i)
                    continue
                break
            if not st.seen and german and t.text not in ("tausend",):
                break
            grp = grp or 1.0
            if st.res < 1.0 or t.value < 1e3:
                st.res = st.res * t.value
            else:
                st.res = t.value if st.hund + st.cur == grp and st.res >= 1 else st.res * t.value
            st.total += grp * t.value
            st.group = grp
            st.hund = st.cur = 0.0
            st.last_scale = t.value
            info["scale"] = t.value
            info["scale_start"] = t.start
            st.seen = True
        elif k == "dozen":
            st.cur = (st.cur or 1.0) * t.value
            st.seen = True
            info["words"] = True
        elif k == "halfw":
            if st.seen and not german:
                break
            st.cur += t.value
            st.res = 0.5
            st.seen = True
            info["words"] = True
        elif k == "frac":
            nxt_scale = _smaller_scale_after(toks, i + 1, st.last_scale)
            if fnum_mode and nxt_scale is not None:
                sc_tok = toks[nxt_scale]
                st.total += (st.hund + st.cur + st.fnum / t.value) * sc_tok.value
                st.hund = st.cur = 0.0
                st.last_scale = sc_tok.value
                st.res = sc_tok.value / t.value
                info["fraction"] = True
                info["scale"] = sc_tok.value
                fnum_mode = False
                prev = "scale"
                i = nxt_scale + 1
                accept(i)
                continue
            if fnum_mode:
                frac_val = st.fnum / t.value
                if st.cur == 0 and st.hund == 0 and st.last_scale < float("inf"):
                    frac_val *= st.last_scale
                st.cur += frac_val
                fnum_mode = False
                st.res = 1.0 / t.value
                info["fraction"] = True
                prev = k
                i += 1
                accept(i)
                continue
            if prev == "art" and not was_and and st.total == 0 and st.hund == 0:
                st.cur = 1.0 / t.value
                st.res = st.cur
                info["fraction"] = True
                prev = k
                i += 1
                accept(i)
                continue
            num = st.cur + (st.hund if not was_and else 0.0)
            if prev == "art" and was_and:
                num = 1.0
            if not was_and:
                st.hund = 0.0
            if not st.seen:
                if t.value not in (2, 4) or i + 1 >= n or toks[i + 1].kind not in ("scale", "art"):
                    break
                num = 1.0  # "half a million", "half million"
                if i + 1 < n and toks[i + 1].kind == "art":
                    i += 1
            if num == 0:
                break
            # "and a half" after a scale word is half of that scale
            base = st.total + st.hund
            if prev == "art":
                was_and = True
            if was_and and st.last_scale < float("inf") and st.cur == 0 and st.hund == 0 and nxt_scale is None:
                frac_val = 1.0 / t.value
                st.total += frac_val * st.last_scale
            elif was_and:
                st.cur += num / t.value if prev != "art" else 1.0 / t.value
            else:
                st.cur = num / t.value if prev != "art" else 1.0 / t.value
                if base and not was_and and st.hund:
                    break
            st.res = 1.0 / t.value
            info["fraction"] = True
            info["words"] = True
            st.seen = True
            # a scale after a fraction multiplies the fraction ("two thirds of a million")
            j = i + 1
            if j + 1 < n and toks[j].kind == "art" and toks[j + 1].kind == "scale":
                j += 1
            if j < n and toks[j].kind == "scale" and toks[j].value < st.last_scale:
                frac_part = st.cur
                st.cur = 0.0
                st.total += (frac_part + (st.total if False else 0.0)) * toks[j].value
                st.last_scale = toks[j].value
                info["scale"] = toks[j].value
                st.res = toks[j].value / t.value
                i = j
        elif k == "point":
            if not st.seen or i + 1 >= n:
                break
            digits = ""
            j = i + 1
            while j < n and toks[j].kind == "card" and toks[j].value < 100:
                if toks[j].value < 10:
                    digits += str(int(toks[j].value))
                elif (j + 1 < n and toks[j + 1].kind == "hy") or (
                    j + 1 < n and toks[j + 1].kind == "card" and toks[j + 1].value < 10 and toks[j].value % 10 == 0
                ):
                    if j + 2 < n and toks[j + 1].kind == "hy":
                        digits += str(int(toks[j].value + toks[j + 2].value))
                        j += 2
                    else:
                        digits += str(int(toks[j].value + toks[j + 1].value))
                        j += 1
                else:
                    digits += str(int(toks[j].value))
                j += 1
            if not digits:
                break
            st.cur += float("0." + digits)
            st.res = 10.0 ** -len(digits)
            i = j
            prev = "card"
            accept(i)
            continue
        else:
            break
        prev = k
        i += 1
        if k != "art":
            accept(i)
    return best


def _ordinal_word_value(lw: str, v: Vocab) -> float | None:
    """Value of an ordinal word or its plural ("fifth", "fifths", "firsts"), else None."""
    if lw in v.ordinal_words:
        return v.ordinal_words[lw]
    if lw.endswith("s") and lw[:-1] in v.ordinal_words:
        return v.ordinal_words[lw[:-1]]
    return None


_CARDINAL_KINDS = frozenset(["card", "hund", "scale", "conj", "hy", "art"])


def _ordinal_phrase(toks: list[_Tok], v: Vocab) -> tuple[float, int, float, dict[str, object]] | None:
    """Number words ending in an ordinal: fractions ("one hundred thirty-fifths" = 100/35,
    "three twenty-firsts" = 3/21, "a hundred thousand trillionths") and ordinals ("two hundredth",
    "one hundred twenty-fifth").  None when the phrase is no such thing (the caller reads it as a
    cardinal).

    A plural denominator makes a fraction; a singular one after "one"/"a" too ("one fifth"),
    otherwise the phrase is one ordinal.  A tens word right before a unit ordinal belongs to the
    denominator when a numerator precedes it and no "and" binds it ("one hundred and thirty fifths"
    is 130/5).  Two number phrases in a row are numerator and denominator ("one one hundred fifth").
    """
    start = 1 if toks and toks[0].kind == "neg" else 0
    f = start
    while f < len(toks) and toks[f].kind in _CARDINAL_KINDS:
        f += 1
    if f >= len(toks) or f == start or toks[f].kind not in ("frac", "ord"):
        return None
    word = toks[f].text
    ordv = _ordinal_word_value(word, v)
    if ordv is None:
        return None  # "half", "quarters": the cardinal reader handles them
    plural = word.endswith("s") and word not in v.ordinal_words
    pre = toks[start:f]
    while pre and pre[-1].kind == "hy":
        pre = pre[:-1]
    if not pre:
        return None
    sign = -1.0 if start else 1.0
    unit_ord = ordv < 10
    tens_last = pre[-1].kind == "card" and 20 <= pre[-1].value < 100 and pre[-1].value % 10 == 0
    conj = [j for j, t in enumerate(pre) if t.kind == "conj"]
    if conj and conj[-1] + 1 < len(pre):
        tail = _evaluate(pre[conj[-1] + 1 :], v)
        if tail is None or tail[0] < ordv:
            return None  # "six million and two thirds", "three and three fifths": mixed numbers
    whole = _evaluate(pre, v)
    head: tuple[float, int] | None = None  # numerator value and how many tokens it takes
    if whole is not None and whole[1] == len(pre):
        # the whole prefix reads as one number
        bound = len(pre) >= 2 and pre[-2].kind == "conj"
        if plural and unit_ord and tens_last and len(pre) >= 2 and not bound:
            num_part = _evaluate(pre[:-1], v)
            if num_part is None or num_part[1] != len(pre) - 1:
                return None
            return _frac_result(sign * num_part[0] / (pre[-1].value + ordv), f + 1)
        if plural and toks[f].kind == "ord":
            return None  # "two seconds", "twenty seconds": a plural ordinal needs a compound denominator
        if plural:
            return _frac_result(sign * whole[0] / ordv, f + 1)
        if whole[0] == 1.0 and len(pre) == 1:
            return _frac_result(sign / ordv, f + 1)  # "one fifth"
        if toks[f].kind == "ord" and not any(t.kind in ("hund", "scale") for t in pre):
            return None  # "two seconds", "twenty first": not an ordinal phrase
        if ordv >= 100 and whole[0] < 1000:
            value = whole[0] * ordv  # "two hundredth", "three trillionth"
        elif whole[0] % 10 == 0:
            value = whole[0] + ordv  # "one hundred twenty-fifth"
        else:
            return None
        return (sign * value, f + 1, 1.0, {**_INFO, "ordinal": True, "words": True})
    # two number phrases: numerator, then the denominator's cardinal part
    if pre[0].kind == "art" and len(pre) > 1 and pre[1].kind == "card":
        head = (1.0, 1)  # "a twenty-first"
    elif whole is not None:
        head = (whole[0], whole[1])
    if head is None:
        return None
    rest = pre[head[1] :]
    while rest and rest[-1].kind in ("conj", "hy"):
        rest = rest[:-1]
    if not rest or rest[0].kind == "conj":
        return None  # "three and three fifths" is a mixed number
    den = _evaluate(rest, v)
    if den is None or den[1] != len(rest):
        return None
    if ordv >= 100 and den[0] < ordv and den[0] % 100 != 0:
        return None
    return _frac_result(sign * head[0] / (den[0] + ordv), f + 1)


_INFO: dict[str, object] = {
    "words": True,
    "scale": 1.0,
    "scale_start": -1,
    "fraction": False,
    "article": False,
    "amb": None,
    "grouped": False,
    "plain": "",
}


def _frac_result(value: float, k: int) -> tuple[float, int, float, dict[str, object]]:
    return (value, k, 0.0, {**_INFO, "fraction": True})


def _smaller_scale_after(toks: list[_Tok], j: int, last_scale: float) -> int | None:
    """Index of a scale word right after a fraction (past an article) that is below ``last_scale``."""
    if j < len(toks) and toks[j].kind == "art":
        j += 1
    if j < len(toks) and toks[j].kind == "scale" and toks[j].value < last_scale:
        return j
    return None


def _next_is_frac(toks: list[_Tok], j: int) -> bool:
    while j < len(toks) and toks[j].kind in ("card", "hy"):
        j += 1
    return j < len(toks) and toks[j].kind == "frac"


def read_number(text: str, pos: int, v: Vocab) -> Num | None:
    """The longest number phrase starting at ``pos`` (digits or words), or None."""
    num = _read_number(text, pos, v)
    if num is None:
        return None
    m = v.re_ratio.match(text, num.end)
    if m is not None and not num.fraction:
        den = _read_number(text, m.end(), v)
        if den is not None and den.value and not den.fraction:
            joiner = re.sub(r"\s+", " ", m.group(1).lower())
            over = joiner in ("over",)
            if (over and v.re_unit.match(text, den.end) is None) or (
                not over and 1 <= num.value < den.value and num.value <= 10
            ):
                num.value = num.value / den.value
                num.end = den.end
                num.fraction = True
                num.integer_digits = ""
                num.resolution = 0.0
                num.words = True
    return num


def _read_number(text: str, pos: int, v: Vocab) -> Num | None:
    ch = text[pos] if pos < len(text) else ""
    if ch in _UFRAC:
        return Num(pos, pos + 1, _UFRAC[ch], 0.01, words=False, fraction=True)
    if ch in ".,":
        d = read_digits(text, pos, v)
        if d is None:
            return None
        return Num(pos, d.end, d.value, d.resolution)
    toks = _tokens(text, pos, v)
    if not toks:
        return None
    ordinal = False
    res = None if v.compound else _ordinal_phrase(toks, v)
    if res is not None:
        ordinal = bool(res[3].get("ordinal"))
    else:
        res = _evaluate(toks, v)
    if res is None:
        return None
    value, k, resolution, info = res
    last = toks[k - 1]
    start, end = toks[0].start, last.end
    amb, scale, scale_start = info["amb"], info["scale"], info["scale_start"]
    assert isinstance(scale, float | int) and isinstance(scale_start, int)
    num = Num(
        start,
        end,
        value,
        resolution,
        amb if isinstance(amb, str) else None,
        bool(info["words"]),
        float(scale),
        int(scale_start),
        bool(info["fraction"]),
        bool(info["grouped"]),
        str(info["plain"]),
        bool(info["article"]),
    )
    num.ordinal = ordinal
    if num.fraction and num.scale == 1.0 and not ordinal:
        fo = v.re_frac_of.match(text, num.end)
        if fo is not None:  # "two thirds of a million"
            mult = v.scales[fo.group("s").lower()]
            num.value *= mult
            num.resolution *= mult
            num.scale, num.scale_start, num.end = mult, fo.start("s"), fo.end()
            num.fraction = False
    if k == 1 and last.kind == "num":
        _digit_extras(text, num)
    if num.scale == 1.0:
        sc = _scale_after(text, num.end, v, glued=False)
        if sc and not num.fraction:
            num.value *= sc[0]
            num.resolution *= sc[0]
            num.scale, num.scale_start, num.end = sc[0], sc[1], sc[2]
    return num


def _digit_extras(text: str, num: Num) -> None:
    """Exponents ("1.3e6"), simple and mixed fractions ("3/4", "2 1/4") after plain digits."""
    m = _POW.match(text, num.end)
    if m:  # "1.1^23", "2.5^-1"
        e = int(m.group(2)) * (-1 if m.group(1).count("-") % 2 else 1)
        try:
            num.value = num.value**e
        except OverflowError:
            return
        num.resolution = 0.0
        num.end = m.end()
        num.integer_digits = ""
        return
    m = _EXP.match(text, num.end)
    if m:
        e = int(m.group(1) or m.group(2))
        num.value *= 10.0**e
        num.resolution *= 10.0**e
        num.end = m.end()
        num.integer_digits = ""
        return
    m = _FRAC.match(text, num.end)
    if m and num.resolution == 1.0 and int(m.group(2)) > 0:
        a, b = int(m.group(1)), int(m.group(2))
        if text[num.end : m.start(1)].strip() == "" and num.end != m.start(1):
            if a < b:
                num.value += a / b
            else:
                return
        elif num.end == m.start(1) - 1 and text[num.end] == "/":
            return
        else:
            return
        num.end = m.end()
        num.fraction = True
        num.integer_digits = ""
        num.resolution = 1.0 / b
        return
    if num.end < len(text) - 1 and text[num.end] == "/" and text[num.end + 1].isdigit():
        m2 = re.compile(r"/(\d{1,3})(?![\d/.])").match(text, num.end)
        if m2 and num.integer_digits and len(num.integer_digits) <= 3 and int(m2.group(1)) > 0:
            num.value = num.value / int(m2.group(1))
            num.end = m2.end()
            num.fraction = True
            num.integer_digits = ""
            num.resolution = 0.01
