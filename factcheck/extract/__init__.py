"""Text -> numeric claims (``Mention`` rows), English and German.

>>> ms = extract_text("Japan has a trade surplus of about $70bn.", "en")
>>> [(m.kind, m.value, m.unit, m.qualifier) for m in ms]
[('money', 70000000000.0, 'USD', 'approx')]
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Callable, Sequence
from typing import cast

from factcheck.extract.claims import Fig, _Scanner
from factcheck.extract.segments import detect_language, split_segments
from factcheck.extract.vocab import vocabulary
from factcheck.models import Change, Kind, Lang, Mention, Qualifier, Segment

__all__ = ["detect_language", "extract_segments", "extract_text", "scan", "split_segments"]

_find_dates: Callable[[str, Lang, dt.date | None], list[Mention]] | None
_find_blocked: Callable[[str, Lang], list[tuple[int, int]]] | None
try:  # written concurrently by a colleague; without it there are simply no date mentions
    from factcheck.extract.dates import find_blocked_spans as _find_blocked
    from factcheck.extract.dates import find_dates as _find_dates
except ImportError:  # pragma: no cover - depends on the checkout
    _find_dates = _find_blocked = None


def _dates(text: str, lang: Lang, base_date: dt.date | None) -> list[Mention]:
    if _find_dates is None:
        return []
    return list(_find_dates(text, lang, base_date))


def scan(text: str, lang: Lang, base_date: dt.date | None = None) -> tuple[list[Fig], list[Mention]]:
    """Every figure, claims and non-claims (ordinals, years, identifiers), plus date mentions.

    Figures overlapping a date span are dropped ("20." in "am 20. Januar").  For the benchmark
    adapter and for debugging; claims come from :func:`extract_text`.
    """
    figs = _Scanner(text, vocabulary(lang), keep_all=True).run()
    dates = _dates(text, lang, base_date)
    kept = {id(f) for f in _drop_dated(figs, dates)}
    for f in figs:
        if id(f) not in kept:
            f.claim = False
            f.kind = "number" if f.kind in ("count", "year", "number") else f.kind
            f.dated = True
    return figs, dates


def _drop_dated(figs: list[Fig], dates: list[Mention]) -> list[Fig]:
    if not dates:
        return figs
    spans = sorted((d.start, d.end) for d in dates)
    keep = []
    for f in figs:
        if any(s < f.end and f.start < e for s, e in spans):
            continue
        keep.append(f)
    return keep


def _mention(f: Fig, text: str, lang: Lang, offset: int, related: int | None) -> Mention:
    return Mention(
        start=f.start + offset,
        end=f.end + offset,
        text=text[f.start : f.end],
        kind=cast("Kind", f.kind),
        value=f.value,
        unit=f.unit,
        low=f.low,
        high=f.high,
        qualifier=cast("Qualifier", f.qualifier),
        change=cast("Change | None", f.change),
        lang=lang,
        resolution=f.resolution,
        related=related,
        subject=f.subject,
        period=f.period,
        ambiguity=f.ambiguity,
    )


def _shifted(m: Mention, offset: int, rel_base: int) -> Mention:
    """``m`` with its offsets moved by ``offset`` and its ``related`` index by ``rel_base``."""
    if offset == 0 and (rel_base == 0 or m.related is None):
        return m  # frozen: the same object serves
    return Mention(
        start=m.start + offset,
        end=m.end + offset,
        text=m.text,
        kind=m.kind,
        value=m.value,
        unit=m.unit,
        low=m.low,
        high=m.high,
        qualifier=m.qualifier,
        change=m.change,
        iso=m.iso,
        lang=m.lang,
        resolution=m.resolution,
        related=None if m.related is None else m.related + rel_base,
        subject=m.subject,
        period=m.period,
        ambiguity=m.ambiguity,
    )


def extract_text(text: str, lang: Lang, base_date: dt.date | None = None) -> list[Mention]:
    """Numeric claims in ``text`` (one language), sorted by (start, end); offsets are code points.

    Ordinals, bare years, identifiers, times of day and idioms are not claims and are left out.
    Dates come from :mod:`factcheck.extract.dates`; numbers inside a date span are dropped.
    """
    return _extract(text, lang, base_date, 0, 0)


def _extract(text: str, lang: Lang, base_date: dt.date | None, offset: int, rel_base: int) -> list[Mention]:
    """:func:`extract_text`, with offsets moved by ``offset`` and ``related`` indexes by ``rel_base``."""
    figs = _Scanner(text, vocabulary(lang), keep_all=False).run()
    dates = _dates(text, lang, base_date)
    figs = [f for f in _drop_dated(figs, dates) if f.claim]
    if figs and _find_blocked is not None:
        # times of day, phone numbers, ISINs, versions, "Tabelle 3.2", "§ 47k": digits but no claims
        blocked = _find_blocked(text, lang)
        if blocked:
            figs = [f for f in figs if not any(s < f.end and f.start < e for s, e in blocked)]
    return _cent_currency(_assemble(text, figs, dates, lang, offset, rel_base))


# "cents"/"Cent" name the sub-unit of several currencies; the vocabulary gives each language a default
# (en: USD, de: EUR).  A text that names only the other currency means that one's cents.
_CENTS = re.compile(r"(?i)(?<![^\W\d_])cents?(?![^\W\d_])")
_CENT_CURRENCIES = ("USD", "EUR")


def _cent_currency(ms: list[Mention]) -> list[Mention]:
    cent = [i for i, m in enumerate(ms) if m.kind == "money" and m.unit and _CENTS.search(m.text)]
    if not cent:
        return ms
    named = {
        (m.unit or "").split(" ")[0] for i, m in enumerate(ms) if m.kind == "money" and i not in cent and m.unit
    } & set(_CENT_CURRENCIES)
    if len(named) != 1:
        return ms
    (code,) = named
    out = list(ms)
    for i in cent:
        m = ms[i]
        unit = m.unit or ""
        cur = unit.split(" ")[0]
        if cur in _CENT_CURRENCIES and cur != code:
            out[i] = dataclasses.replace(m, unit=code + unit[len(cur) :])
    return out


def _assemble(
    text: str, figs: list[Fig], dates: list[Mention], lang: Lang, offset: int, rel_base: int
) -> list[Mention]:
    rows: list[tuple[int, int, int, Fig | Mention]] = [(f.start, f.end, i, f) for i, f in enumerate(figs)]
    rows += [(d.start, d.end, len(figs) + i, d) for i, d in enumerate(dates)]
    rows.sort(key=lambda r: (r[0], r[1], r[2]))
    index = {id(r[3]): k for k, r in enumerate(rows)}
    out: list[Mention] = []
    for _s, _e, _, obj in rows:
        if isinstance(obj, Mention):
            out.append(_shifted(obj, offset, rel_base))
            continue
        rel = None
        if obj.related is not None and 0 <= obj.related < len(figs):
            rel_fig = figs[obj.related] if figs[obj.related].claim else None
            rel = index.get(id(rel_fig)) if rel_fig is not None else None
        out.append(_mention(obj, text, lang, offset, None if rel is None else rel + rel_base))
    return out


def extract_segments(text: str, segments: Sequence[Segment], base_date: dt.date | None = None) -> list[Mention]:
    """Run :func:`extract_text` per segment; offsets refer to ``text``, ``related`` to the returned list."""
    out: list[Mention] = []
    for seg in segments:
        out.extend(_extract(text[seg.start : seg.end], seg.lang, base_date, seg.start, len(out)))
    return _cent_currency(out)
