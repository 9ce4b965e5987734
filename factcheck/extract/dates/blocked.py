"""Blocked spans: digits that are no claims (times of day, page and section refs, versions, ISINs, phones)."""

from __future__ import annotations

import bisect
import functools
import re

from factcheck.extract.dates.patterns import _trie
from factcheck.extract.dates.vocab import load_date_vocabulary
from factcheck.models import Lang

_DIGITS = re.compile(r"\d+")


@functools.cache
def _patterns(lang: Lang) -> tuple[re.Pattern[str], re.Pattern[str], int]:
    """The blocked-span pattern, one that finds the places where such a span can begin, and its reach."""
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
    # Each alternative above begins with the first digit of a digit run, with "§", "+" or "(", with a
    # listed word, or with two capitals (ISIN).  The runs are known; this finds the other places (the
    # words by a zero-width look, so that each such place is reported).
    starts = rf"[§+(]|(?<![^\W\d_])(?={refs}|{versions}|{phones}|(?-i:[A-Z]{{2}}))"
    flags = re.IGNORECASE
    words = (*v.ref_words, *v.version_words, *v.phone_words)
    # how far past its start a place must be visible to be recognised (unbounded with "\s+" in a word)
    reach = 1 << 30 if any(c.isspace() for w in words for c in w) else max(2, *map(len, words))
    return re.compile("|".join(f"(?:{a})" for a in alts), flags), re.compile(starts, flags), reach


def _is_version(dotted: str) -> bool:
    """ "1.2.3" is a version; "1.000.000" (grouping) and "20.01.2025" (a date) are not."""
    parts = dotted.split(".")
    if all(len(p) == 3 for p in parts[1:]):
        return False
    return not (len(parts) == 3 and (len(parts[2]) == 4 or len(parts[0]) == 4))


def _places(text: str, runs: list[tuple[int, int]], starts: re.Pattern[str], reach: int) -> list[int]:
    """Where a blocked span can begin near the digit runs, in order: the runs' first digits, and the
    places ``starts`` finds in the stretches the runs' windows cover (each stretch scanned once)."""
    out = [s for s, _ in runs]
    a = b = 0
    for s, e in runs:
        lo, hi = max(0, s - 24), min(len(text), e + 1 + reach)
        if lo > b:
            out.extend(c.start() for c in starts.finditer(text, a, b))
            a = lo
        b = max(b, hi)
    out.extend(c.start() for c in starts.finditer(text, a, b))
    return sorted(set(out))


def find_blocked_spans(text: str, lang: Lang) -> list[tuple[int, int]]:
    """Spans whose digits are not claims: times of day, page/section refs, versions, ISINs, phones.

    The number extractor drops numbers inside these spans.  Sorted, non-overlapping, end exclusive.

    >>> find_blocked_spans("Um 14.30 Uhr, siehe Tabelle 3.2 und § 47k.", "de")
    [(3, 12), (20, 31), (36, 41)]
    >>> find_blocked_spans("The 3 pm call; p. 12; version 2.1.4; ISIN US0378331005.", "en")
    [(4, 8), (15, 20), (22, 35), (42, 54)]
    """
    spans: list[tuple[int, int]] = []
    runs = [d.span() for d in _DIGITS.finditer(text)]
    if not runs:
        return spans
    pattern, starts, reach = _patterns(lang)
    places = _places(text, runs, starts, reach)
    done = 0
    # every blocked span holds a digit: look only around digit runs (cheap on text with few numbers),
    # and there only where a span can begin: the first place that matches is where a search would stop
    for run_start, run_end in runs:
        if run_start < done:
            continue
        hi = min(len(text), run_end + 64)
        m = None
        for i in range(bisect.bisect_left(places, max(done, run_start - 24)), len(places)):
            if places[i] > run_end:
                break
            m = pattern.match(text, places[i], hi)
            if m is not None:
                break
        if m is None:
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
