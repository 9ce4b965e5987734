"""Adapter for ``../shared/bench/score_extraction.py``: ``extract(text, language) -> list[dict]``.

The benchmark annotates one entity type per case (numbers, percentages, currencies, dimensions,
ordinals, dates), so the adapter reports every layer: the bare number phrase of each figure
(unit None), ordinals (unit "ordinal"), the figure with its unit (percent as "%"), and dates
(unit "date", ISO value).  The scorer keeps the layer that fits the case's category.
"""

from __future__ import annotations

from typing import Any

from factcheck.extract import scan
from factcheck.extract.claims import Fig
from factcheck.models import Lang

languages = ("en", "de")


def _bench_unit(f: Fig) -> str | None:
    u = f.bench_unit or f.unit
    if u is None or u == "count":
        return None
    if u in ("percent", "percentage_point"):
        return "%"
    return u.replace(" ** ", "").replace("**", "").replace(" / ", "/")


def extract(text: str, language: str) -> list[dict[str, Any]]:
    lang: Lang = "de" if language == "de" else "en"
    figs, dates = scan(text, lang)
    out: list[dict[str, Any]] = []
    for f in figs:
        kind = f.kind.split(":", 1)[-1]
        if f.ends:  # a range: its end points are reported on their own
            continue
        if f.dated:  # inside a date: only the bare number
            if f.num_start >= 0 and kind != "ordinal":
                out.append(_bare_number(text, f))
            continue
        if kind == "ordinal":
            out.append(
                {
                    "text": text[f.start : f.end],
                    "value": f.value,
                    "unit": "ordinal",
                    "start": f.start,
                    "end": f.end,
                }
            )
            continue
        if kind in ("year", "number"):
            out.append(
                {
                    "text": text[f.start : f.end],
                    "value": f.value,
                    "unit": None,
                    "start": f.start,
                    "end": f.end,
                }
            )
            if kind == "year":  # a bare year is also a calendar date at year precision
                out.append(
                    {
                        "text": text[f.start : f.end],
                        "value": str(int(f.value)),
                        "unit": "date",
                        "start": f.start,
                        "end": f.end,
                    }
                )
            continue
        if kind == "multiplier" and f.num_start < 0:
            continue
        if f.num_start >= 0:
            out.append(_bare_number(text, f))
        unit = _bench_unit(f)
        if unit is not None:
            value = f.bench_value if f.bench_value is not None else f.value
            out.append({"text": text[f.start : f.end], "value": value, "unit": unit, "start": f.start, "end": f.end})
    for d in dates:
        if d.iso:
            out.append({"text": d.text, "value": d.iso, "unit": "date", "start": d.start, "end": d.end})
    return out


def _bare_number(text: str, f: Fig) -> dict[str, Any]:
    """The number of a figure on its own (unit None), as the Number cases annotate it."""
    return {
        "text": text[f.num_start : f.num_end],
        "value": f.num_value,
        "unit": None,
        "start": f.num_start,
        "end": f.num_end,
    }
