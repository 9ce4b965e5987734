"""Inline SVG charts for the HTML report: small string templates, no plotting library, no scripts.

Status is never shown by colour alone: bars carry a pattern per status and dots a shape per status,
and every mark has a ``<title>`` with the numbers.  All text is escaped.

>>> "<svg" in verdict_bars([("a.txt", "articles/a.html", {"verified": 2, "contradicted": 1})])
True
>>> deviation_dots([])
Markup('')
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

from markupsafe import Markup, escape

STATUSES: tuple[str, ...] = ("contradicted", "unverified", "verified", "waived")
COLOURS: dict[str, str] = {
    "verified": "#1b6e2a",
    "contradicted": "#b3261e",
    "unverified": "#8a5300",
    "waived": "#56606b",
}
SHAPES: dict[str, str] = {
    "verified": "circle",
    "contradicted": "cross",
    "unverified": "triangle",
    "waived": "diamond",
}
MAX_BARS = 30


def _patterns(prefix: str) -> str:
    """One fill per status: solid, diagonal hatch, dots, horizontal lines."""
    c = COLOURS
    return (
        "<defs>"
        f'<pattern id="{prefix}-verified" width="6" height="6" patternUnits="userSpaceOnUse">'
        f'<rect width="6" height="6" fill="{c["verified"]}"/></pattern>'
        f'<pattern id="{prefix}-contradicted" width="6" height="6" patternUnits="userSpaceOnUse" '
        'patternTransform="rotate(45)">'
        f'<rect width="6" height="6" fill="{c["contradicted"]}"/>'
        '<rect width="2" height="6" fill="#ffffff"/></pattern>'
        f'<pattern id="{prefix}-unverified" width="6" height="6" patternUnits="userSpaceOnUse">'
        f'<rect width="6" height="6" fill="{c["unverified"]}"/>'
        '<circle cx="3" cy="3" r="1.3" fill="#ffffff"/></pattern>'
        f'<pattern id="{prefix}-waived" width="6" height="6" patternUnits="userSpaceOnUse">'
        f'<rect width="6" height="6" fill="{c["waived"]}"/>'
        '<rect y="2" width="6" height="1.5" fill="#ffffff"/></pattern>'
        "</defs>"
    )


def _short(text: str, n: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"


def verdict_bars(
    items: Sequence[tuple[str, str, Mapping[str, int]]],
    statuses: Sequence[str] = STATUSES,
    limit: int = MAX_BARS,
    total: int | None = None,
) -> Markup:
    """Stacked horizontal bars, one per article (``label``, ``href``, counts by status).

    Only the first ``limit`` items are drawn (the caller orders them, most failing first); the
    caption says so (out of ``total`` articles, default ``len(items)``), and the article table lists
    them all.
    """
    shown = list(items[:limit])
    total = len(items) if total is None else total
    if not shown:
        return Markup("")
    label_w, bar_w, row_h, top = 230, 400, 22, 8
    most = max(1, *(sum(c.get(s, 0) for s in statuses) for _, _, c in shown))
    height = top + row_h * len(shown) + 26
    out = [
        f'<svg class="chart" viewBox="0 0 {label_w + bar_w + 60} {height}" role="img" '
        f'aria-labelledby="vb-title" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="vb-title">Verdicts per article ({len(shown)} of {total} shown, most failing first)</title>',
        _patterns("vb"),
    ]
    for i, (label, href, counts) in enumerate(shown):
        y = top + i * row_h
        total = sum(counts.get(s, 0) for s in statuses)
        out.append(
            f'<a href="{escape(href)}"><text x="{label_w - 6}" y="{y + 15}" text-anchor="end" '
            f'class="chart-label">{escape(_short(label, 34))}<title>{escape(label)}</title></text></a>'
        )
        x = float(label_w)
        for s in statuses:
            n = counts.get(s, 0)
            if not n:
                continue
            w = bar_w * n / most
            out.append(
                f'<rect x="{x:.1f}" y="{y + 3}" width="{w:.1f}" height="{row_h - 6}" fill="url(#vb-{s})" '
                f'stroke="#ffffff" stroke-width="0.5"><title>{escape(label)}: {n} {s}</title></rect>'
            )
            x += w
        out.append(f'<text x="{x + 6:.1f}" y="{y + 15}" class="chart-num">{total}</text>')
    y = top + row_h * len(shown) + 18
    x = float(label_w)
    for s in statuses:
        out.append(
            f'<rect x="{x:.0f}" y="{y - 10}" width="12" height="12" fill="url(#vb-{s})"/>'
            f'<text x="{x + 16:.0f}" y="{y}" class="chart-legend">{s}</text>'
        )
        x += 100
    out.append("</svg>")
    return Markup("".join(out))


def _shape(kind: str, x: float, y: float, colour: str) -> str:
    r = 5.5
    if kind == "circle":
        return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r}" fill="{colour}"/>'
    if kind == "triangle":
        pts = f"{x:.1f},{y - r:.1f} {x + r:.1f},{y + r:.1f} {x - r:.1f},{y + r:.1f}"
        return f'<polygon points="{pts}" fill="{colour}"/>'
    if kind == "diamond":
        pts = f"{x:.1f},{y - r:.1f} {x + r:.1f},{y:.1f} {x:.1f},{y + r:.1f} {x - r:.1f},{y:.1f}"
        return f'<polygon points="{pts}" fill="{colour}"/>'
    d = f"M{x - r:.1f},{y - r:.1f}L{x + r:.1f},{y + r:.1f}M{x - r:.1f},{y + r:.1f}L{x + r:.1f},{y - r:.1f}"
    return f'<path d="{d}" stroke="{colour}" stroke-width="3"/>'


def _finite(v: object) -> float | None:
    if isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(float(v)):
        return float(v)
    return None


NICE_REACH: tuple[float, ...] = (0.02, 0.05, 0.1, 0.2, 0.25, 0.5, 1.0)


def _nice_reach(v: float) -> float:
    """The smallest round axis half-width covering ``v`` (beyond 100 % the dots sit at the edge).

    >>> _nice_reach(0.12), _nice_reach(0.0), _nice_reach(3.0)
    (0.2, 0.02, 1.0)
    """
    return next((r for r in NICE_REACH if v <= r), NICE_REACH[-1])


def _pct_tick(t: float) -> str:
    text = f"{t * 100:+.1f}".replace(".0", "")
    return ("0" if text in ("+0", "-0") else text.replace("-", "−")) + " %"


def deviation_dots(claims: Sequence[Mapping[str, Any]]) -> Markup:
    """Dot plot of relative deviation (claim vs reference) per claim, with each claim's tolerance band.

    Claims are dicts with ``id``, ``status``, ``r`` (the row: ``text``), ``deviation_value`` and
    ``tolerance_value``; claims without a deviation are left out.  Deviations beyond the axis are
    drawn at the edge with an arrow.
    """
    rows = [c for c in claims if _finite(c.get("deviation_value")) is not None]
    if not rows:
        return Markup("")
    devs = [abs(_finite(c["deviation_value"]) or 0.0) for c in rows]
    tols = [abs(_finite(c.get("tolerance_value")) or 0.0) for c in rows]
    reach = _nice_reach(max(*devs, *tols, 0.0) * 1.1)
    label_w, plot_w, row_h, top = 210, 380, 24, 26
    height = top + row_h * len(rows) + 8

    def sx(v: float) -> float:
        return label_w + plot_w * (max(-reach, min(reach, v)) + reach) / (2 * reach)

    out = [
        f'<svg class="chart" viewBox="0 0 {label_w + plot_w + 20} {height}" role="img" '
        f'aria-labelledby="dd-title" xmlns="http://www.w3.org/2000/svg">',
        '<title id="dd-title">Relative deviation of each checked claim from its reference value; '
        "the shaded band is the tolerance</title>",
    ]
    for t in (-reach, -reach / 2, 0.0, reach / 2, reach):
        x = sx(t)
        out.append(
            f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{top - 6}" y2="{height - 6}" '
            f'class="grid{" zero" if t == 0 else ""}"/>'
            f'<text x="{x:.1f}" y="{top - 10}" text-anchor="middle" class="chart-num">{_pct_tick(t)}</text>'
        )
    for i, c in enumerate(rows):
        y = top + i * row_h + row_h / 2
        dev = _finite(c["deviation_value"]) or 0.0
        tol = abs(_finite(c.get("tolerance_value")) or 0.0)
        text = str(c["r"].get("text") or "")
        status = str(c["status"])
        out.append(
            f'<a href="#d{c["n"]}" class="dot-row" data-i="{c["n"]}"><text x="{label_w - 8}" y="{y + 4:.1f}" '
            f'text-anchor="end" class="chart-label">{escape(_short(text, 30))}</text></a>'
        )
        if tol:
            out.append(
                f'<rect x="{sx(-tol):.1f}" y="{y - 8:.1f}" width="{sx(tol) - sx(-tol):.1f}" height="16" '
                'class="band"><title>tolerance ± ' + f"{tol * 100:.1f} %</title></rect>"
            )
        x = sx(dev)
        out.append(
            f'<g class="dot"><title>{escape(text)}: {status}, deviation {dev * 100:+.1f} %, '
            f"tolerance ± {tol * 100:.1f} %</title>"
            + _shape(SHAPES.get(status, "circle"), x, y, COLOURS.get(status, "#000"))
        )
        if abs(dev) > reach:
            edge = label_w + plot_w + 10 if dev > 0 else label_w - 2
            out.append(
                f'<text x="{edge:.1f}" y="{y + 4:.1f}" text-anchor="middle" class="chart-num">'
                f"{'▶' if dev > 0 else '◀'}</text>"
            )
        out.append("</g>")
    out.append("</svg>")
    return Markup("".join(out))
