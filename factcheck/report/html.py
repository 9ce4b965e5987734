"""The HTML review report: an overview page, one page per article, shared CSS/JS, all in one folder.

``render(run)`` returns ``{relative file name: content}``; the CLI writes them under the output
folder.  The folder works offline and can be zipped and mailed: no CDN, no external fonts, and a
Content-Security-Policy meta tag on every page that only allows the report's own files.

Safety: every value reaches the page HTML-escaped (article text, rule messages, reference notes):
through Jinja2 autoescaping, except in the per-claim parts of an article page (templates/claim.html),
which print only ``_ClaimHtml`` fields that ``_h`` escaped once in Python (same output as
autoescaping; tests/test_html_pages.py puts a payload in every field).  Data for the scripts is
embedded with ``tojson`` (which escapes ``<``, ``>``, ``&`` and quotes) inside
``<script type="application/json">``, which never executes; source links are only emitted for
``http``/``https`` URLs.

Scale: templates are compiled once per process; an article page escapes each claim's texts once and
renders its claims in three macro calls, not one call per claim (~1 ms for 19 claims); the overview
embeds the article list as compact JSON and pages through it in the browser, so 10,000 articles cost
one small table page, not one huge one.

>>> sorted(render_empty())
['index.html', 'static/report.css', 'static/report.js']
"""

from __future__ import annotations

import contextlib
import hashlib
import heapq
import json
import math
import re
from collections.abc import Iterator, Mapping
from functools import cache, lru_cache
from importlib import resources
from typing import TYPE_CHECKING, Any, NamedTuple

import jinja2
import markupsafe
import pandas as pd

from factcheck.report import Rows, svg
from factcheck.schema import ALL_VERDICT_FRAME_COLUMNS

if TYPE_CHECKING:
    from factcheck.pipeline import DocSummary, RunResult

STATUSES: tuple[str, ...] = ("contradicted", "unverified", "verified", "waived")
ICONS: dict[str, str] = {"verified": "✓", "contradicted": "✗", "unverified": "?", "waived": "⊘"}
# One article's status on the overview: the worst verdict it contains.
DOC_STATUS_ORDER: tuple[str, ...] = ("error", "contradicted", "unverified", "verified", "waived", "empty")
FIRST_PAGE = 100  # rows rendered into the overview for readers without JavaScript
CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'"
)
STATIC_FILES: tuple[str, ...] = ("report.css", "report.js")
_SLUG_UNSAFE = re.compile(r"[^A-Za-z0-9_-]+")
_HTTP_URL = re.compile(r"^https?://[^\s/?#]+[^\s]*$", re.IGNORECASE)


# The mark for what only the order of the run's articles decides (an article page's previous/next
# links), left in pages rendered by a worker and filled in by ``finish_page``.  It contains ``<``,
# which autoescaping turns into ``&lt;`` wherever article text or titles contain it, so only the mark
# can match.  The run's key, which needs every article, is not in any page: pages load it from
# ``static/run.js`` (``run_js``), written with the overview once the run is over.
NAV_MARK = markupsafe.Markup("<fc-nav>")
RUN_JS = "static/run.js"


def render(run: RunResult) -> dict[str, str]:
    """All files of the report, keyed by path relative to the output folder (``pieces.html_files``
    joined: the one way the report is put together)."""
    from factcheck.report.pieces import html_files

    return {name: "".join(text) for name, text in html_files(run)}


def static_files() -> dict[str, str]:
    """The report's CSS and JS, keyed by path relative to the output folder."""
    return {f"static/{name}": _static(name) for name in STATIC_FILES}


def run_js(run_key: str) -> str:
    """``static/run.js``: the run's key, which scopes the browser's decision store (see report.js).
    A file of its own so that an article page does not depend on the rest of the run."""
    return f"window.factcheckRun = {json.dumps(run_key)};\n"


def page_path(doc: str) -> str:
    """An article page's path relative to the output folder."""
    return f"articles/{slug(doc)}.html"


_COMMON: dict[str, Any] = {"csp": CSP, "icons": ICONS, "statuses": STATUSES}


def index_page(run: RunResult) -> str:
    """The overview page (``index.html``): totals, chart, article list, skipped files."""
    return "".join(index_chunks(run))


_DOC_DATA_MARK = markupsafe.Markup("<fc-doc-data>")


def index_chunks(run: RunResult) -> Iterator[str]:
    """``index_page`` in pieces: the article list's JSON (one row per article) is written a block of
    rows at a time, and only the rows shown without JavaScript are built as dicts, so a run's
    overview never holds its whole article list twice."""
    docs = run.docs
    totals = {s: sum(d.counts.get(s, 0) for d in docs) for s in STATUSES}
    top = heapq.nsmallest(max(FIRST_PAGE, svg.MAX_BARS), docs, key=lambda d: (-int(d.n_failing), d.doc))
    order = [_doc_row(d, slug(d.doc)) for d in top]
    page = (
        _env()
        .get_template("index.html")
        .render(
            **_COMMON,
            root=".",
            meta=run.meta,
            partial=run.partial,
            totals=totals,
            n_claims=sum(totals.values()),
            n_failing=sum(d.n_failing for d in docs),
            n_docs=len(docs),
            first_rows=order[:FIRST_PAGE],
            doc_data=_DOC_DATA_MARK,
            langs=sorted({lang for d in docs for lang in d.langs}),
            skipped=run.skipped,
            chart=svg.verdict_bars(
                [(str(r["doc"]), f"articles/{r['slug']}.html", {s: int(r[s]) for s in STATUSES}) for r in order],
                STATUSES,
                total=len(docs),
            ),
        )
    )
    head, tail = page.split(_DOC_DATA_MARK)
    yield head
    yield from _doc_data(docs)
    yield tail


def _doc_data(docs: list[DocSummary], block: int = 512) -> Iterator[str]:
    """``{"fields": ROW_FIELDS, "rows": [...]}|tojson`` (Jinja2's HTML-safe JSON, sorted keys), in blocks."""
    yield _htmlsafe(json.dumps({"fields": ROW_FIELDS, "rows": []}, sort_keys=True))[: -len("]}")]
    for i in range(0, len(docs), block):
        rows = [[r[k] for k in ROW_FIELDS] for r in (_doc_row(d, slug(d.doc)) for d in docs[i : i + block])]
        text = _htmlsafe(json.dumps(rows, sort_keys=True))[1:-1]
        yield text if i == 0 else ", " + text
    yield "]}"


def _htmlsafe(text: str) -> str:
    """What Jinja2's ``tojson`` does to ``json.dumps`` output so that it is safe inside ``<script>``."""
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026").replace("'", "\\u0027")


def nav_html(prev: str | None, next: str | None) -> markupsafe.Markup:
    """The previous / all / next links of an article page (the neighbours' document names)."""
    link = {None: None} | {d: (d, slug(d)) for d in (prev, next) if d is not None}
    return markupsafe.Markup(_env().get_template("nav.html").render(prev=link[prev], next=link[next]))


def article_page(d: DocSummary, frame: pd.DataFrame | Rows, body: str, *, nav: str = NAV_MARK) -> str:
    """One article's page.  Pure: a worker can render it without the rest of the run, leaving the
    default mark for ``finish_page`` to fill in."""
    claims = [claim_view(r, n) for n, r in enumerate(rows_of(frame), start=1)]
    parts = paragraphs(highlight(body, claims))  # marks nested claims, so before _claim_html
    views = [_claim_html(c) for c in claims]
    return (
        _env()
        .get_template("article.html")
        .render(
            **_COMMON,
            root="..",
            d=d,
            doc_url=d.url if d.url and is_http_url(d.url) else None,
            status=_doc_status(d),
            body=[[(_h(text), None if c is None else views[c["n"] - 1]) for text, c in para] for para in parts],
            claims=views,
            kinds=sorted({c["kind"] for c in claims}),
            rules=sorted({c["rule_id"] for c in claims if c["rule_id"]}),
            counts={s: sum(1 for c in claims if c["status"] == s) for s in STATUSES},
            chart=svg.deviation_dots(claims),
            nav=markupsafe.Markup(nav),
        )
    )


def finish_page(page: str, nav: str) -> str:
    """Fill in the neighbours of a page rendered by ``article_page`` without them.

    The mark is in the page once, near its top (the article's header), so the search stops there
    instead of scanning the whole page for more.
    """
    return page.replace(_NAV_TEXT, nav, 1)


_NAV_TEXT = str(NAV_MARK)


_BLANK_ROW: dict[str, Any] = {c: None for c in (*ALL_VERDICT_FRAME_COLUMNS, "fails")}
ROW_FIELDS: tuple[str, ...] = (
    "doc", "slug", "title", "langs", "status", "claims", *STATUSES, "failing", "error",
)  # fmt: skip


def rows_of(frame: pd.DataFrame | Rows) -> list[dict[str, Any]]:
    """Rows as plain dicts in text order, NaN/NA as None.

    Same content as ``factcheck.report.records`` but through one object array (``pd.isna`` over
    it, then ``tolist``), ~20x faster on small frames; this runs once per article.  ``Rows`` (what
    the batch workers build once for every format) are used as they are.
    """
    if isinstance(frame, Rows):
        return [dict(zip(frame.names, values, strict=True)) for values in frame.rows]
    if not len(frame):
        return []
    cols = list(frame.columns)
    cells = frame.to_numpy(dtype=object)
    cells[pd.isna(cells)] = None
    rows = [dict(zip(cols, values, strict=True)) for values in cells.tolist()]
    rows.sort(key=lambda r: (r["start"], r["end"], str(r["claim_id"])))
    return rows


def slug(doc: str) -> str:
    """A file-system-safe, collision-free page name for an article path.

    >>> slug("world/Japan & USA.txt")
    'world-Japan-USA-txt-32a7283f'
    """
    readable = _SLUG_UNSAFE.sub("-", doc).strip("-")[:80] or "article"
    return f"{readable}-{hashlib.sha1(doc.encode('utf-8')).hexdigest()[:8]}"


def is_http_url(url: object) -> bool:
    """Only http(s) URLs become links; anything else (``javascript:``, ``data:``) stays text.

    >>> is_http_url("https://census.gov/x"), is_http_url("javascript:alert(1)"), is_http_url("http:/x")
    (True, False, False)
    """
    return isinstance(url, str) and bool(_HTTP_URL.match(url.strip()))


def fmt_num(value: object) -> str:
    """A number for people: thousands separators, at most six significant digits, '—' for none.

    >>> fmt_num(7e10), fmt_num(0.018), fmt_num(float("nan")), fmt_num(54000.0)
    ('70,000,000,000', '0.018', '—', '54,000')
    """
    if value is None or isinstance(value, bool):
        return "—" if value is None else str(value)
    if not isinstance(value, (int, float)):
        return str(value)
    return _fmt_float(float(value))


@lru_cache(maxsize=4096)  # a claim's value, bounds and normalized value are often the same number
def _fmt_float(v: float) -> str:
    if math.isnan(v):
        return "—"
    if math.isinf(v):
        return "∞" if v > 0 else "−∞"
    if v != 0:
        v = round(v, 5 - math.floor(math.log10(abs(v))))
    if v.is_integer() and abs(v) < 1e18:
        return f"{int(v):,}"
    decimals = max(0, 5 - math.floor(math.log10(abs(v))))
    return f"{v:,.{decimals}f}".rstrip("0").rstrip(".")


def fmt_pct(value: object, signed: bool = True) -> str:
    """A relative number as a percentage.  >>> fmt_pct(0.0214), fmt_pct(0.1, signed=False)
    ('+2.1 %', '10 %')
    """
    if not isinstance(value, (int, float)) or isinstance(value, bool) or math.isnan(float(value)):
        return "—"
    pct = float(value) * 100
    text = f"{pct:+.1f}" if signed else f"{pct:.1f}"
    return (text[:-2] if text.endswith(".0") else text).replace("-", "−") + " %"


def claim_view(r: Mapping[str, Any], n: int) -> dict[str, Any]:
    """What the article page shows of one verdict row (already JSON-clean, see ``records``)."""
    r = {**_BLANK_ROW, **r}  # every column present: r["x"] below, not r.get
    status = str(r["status"] or "unverified")
    low, high = r["norm_low"], r["norm_high"]
    unit = r["norm_unit"] or r["unit"] or ""
    ref_url = r["ref_url"]
    return {
        "n": n,
        "id": f"c{n}",
        "claim_id": str(r["claim_id"] or ""),
        "fingerprint": str(r["fingerprint"] or r["claim_id"] or ""),
        "doc": str(r["doc"] or ""),
        "status": status if status in ICONS else "unverified",
        "fails": bool(r["fails"]),
        "kind": str(r["kind"] or ""),
        "rule_id": r["rule_id"] or "",
        "start": int(r["start"] or 0),
        "end": int(r["end"] or 0),
        "r": r,
        "value": r["iso"] if r["kind"] == "date" else _with_unit(r["value"], r["unit"]),
        "norm": _with_unit(r["norm_value"], unit),
        "interval": _interval(low, high, unit),
        "ref": r["ref_iso"] or _with_unit(r["ref_value"], r["ref_unit"]),
        "ref_link": ref_url if is_http_url(ref_url) else None,
        "deviation": fmt_pct(r["deviation"]),
        "tolerance": "± " + fmt_pct(r["tolerance"], signed=False) if r["tolerance"] is not None else "—",
        "trace": _json_list(r["trace"]),
        "alternatives": [_alternative(a) for a in _json_list(r["alternatives"])],
        "deviation_value": r["deviation"],
        "tolerance_value": r["tolerance"],
        "nested": False,
    }


class _AltHtml(NamedTuple):
    """One row of a claim's comparison table (``_alternative``), every text HTML-escaped."""

    label: str
    series: str  # only when it differs from the label
    value: str
    converted: str
    period: str
    deviation: str
    status: str
    icon: str
    status_text: str  # shown when ``status`` is not a known one
    link: str
    source: str
    retrieved: str
    extra: list[tuple[str, str]]


class _ClaimHtml(NamedTuple):
    """What the article page prints of one claim, every text already HTML-escaped (``_h``).

    The page's per-claim loops run with autoescaping off and print only these fields: escaping
    each value once here instead of at each of its uses halves the cost of a page.  A text shown
    only under a condition is ``""`` when the condition does not hold.
    """

    n: int
    status: str
    icon: str
    kind: str
    rule_id: str
    fails: int  # 1 or 0, as in ``data-fails``
    nested: bool
    doc: str
    claim_id: str
    fingerprint: str
    text: str
    hint: str  # the explanation in the highlight's tooltip
    explanation: str
    reason: str
    expected: str  # only for contradicted claims
    sentence: str
    line: str
    col: str
    lang: str
    row_kind: str
    qualifier: str  # unless "exact"
    subject: str
    value: str
    norm: str
    dimension: str
    interval: str
    period: str
    rule_file: str
    severity: str
    ref: str
    ref_series: str
    ref_series_label: str
    ref_period: str
    ref_link: str
    ref_source: str
    ref_url: str  # only when it is not a link
    ref_retrieved: str
    ref_dataset: str
    ref_hash: str  # only with a dataset
    deviation: str
    tolerance: str
    outdated: bool
    ambiguity: str
    trace: list[tuple[str | None, str]]  # (step, value); step None for a step that is plain text
    alternatives: list[_AltHtml]


def _h(value: object) -> str:
    """``value`` as HTML text, exactly as autoescaping prints it; most texts need no escaping.

    >>> _h("R&D <5 %"), _h("plain"), _h(None), _h(7)
    ('R&amp;D &lt;5 %', 'plain', 'None', '7')
    """
    if type(value) is str:
        if "&" in value or "<" in value or ">" in value or '"' in value or "'" in value:
            return str(markupsafe.escape(value))
        return value
    if type(value) is int:
        return str(value)
    return str(markupsafe.escape(value))


def _h_if(value: object) -> str:
    """``_h(value)`` for a value shown only when truthy, else ``""``."""
    return _h(value) if value else ""


def _claim_html(c: Mapping[str, Any]) -> _ClaimHtml:
    """The escaped texts of a ``claim_view``, as the article page prints them."""
    r = c["r"]
    status = c["status"]
    link = c["ref_link"]
    qualifier = r["qualifier"]
    explanation = _h(r["explanation"])
    ref_series = _h_if(r["ref_series"])
    return _ClaimHtml(
        n=c["n"],
        status=status,
        icon=ICONS[status],
        kind=_h(c["kind"]),
        rule_id=_h(c["rule_id"]),
        fails=1 if c["fails"] else 0,
        nested=bool(c["nested"]),
        doc=_h(c["doc"]),
        claim_id=_h(c["claim_id"]),
        fingerprint=_h(c["fingerprint"]),
        text=_h(r["text"]),
        hint=explanation if r["explanation"] else "",
        explanation=explanation,
        reason=_h_if(r["reason"]),
        expected=_h_if(r["expected"]) if status == "contradicted" else "",
        sentence=_h(r["sentence"]),
        line=_h(r["line"]),
        col=_h(r["col"]),
        lang=_h(r["lang"]),
        row_kind=_h(r["kind"]),
        qualifier=_h(qualifier) if qualifier and qualifier != "exact" else "",
        subject=_h_if(r["subject"]),
        value=_h(c["value"]),
        norm=_h(c["norm"]),
        dimension=_h_if(r["dimension"]),
        interval=_h(c["interval"]),
        period=_h_if(r["period"]),
        rule_file=_h_if(r["rule_file"]),
        severity=_h(r["severity"]),
        ref=_h(c["ref"]),
        ref_series=ref_series,
        ref_series_label=ref_series or "reference",
        ref_period=_h(r["ref_period"] or "—"),
        ref_link=_h_if(link),
        ref_source=_h(r["ref_source"] or link) if link else _h(r["ref_source"] or "—"),
        ref_url=_h_if(r["ref_url"]) if not link else "",
        ref_retrieved=_h_if(r["ref_retrieved"]),
        ref_dataset=_h_if(r["ref_dataset"]),
        ref_hash=_h_if(r["ref_hash"]) if r["ref_dataset"] else "",
        deviation=_h(c["deviation"]),
        tolerance=_h(c["tolerance"]),
        outdated=bool(r["outdated"]),
        ambiguity=_h_if(r["ambiguity"]),
        trace=[
            (_h(t.get("step", "")), _h(t.get("value", "")))
            if type(t) is dict or isinstance(t, Mapping)  # the first test is the fast path
            else (None, _h(t))
            for t in c["trace"]
        ],
        alternatives=[_alt_html(a) for a in c["alternatives"]],
    )


def _alt_html(a: Mapping[str, Any]) -> _AltHtml:
    link = a["link"]
    status = a["status"]
    return _AltHtml(
        label=_h(a["label"]),
        series=_h(a["series"]) if a["series"] and a["series"] != a["label"] else "",
        value=_h(a["value"]),
        converted=_h_if(a["converted"]),
        period=_h(a["period"]),
        deviation=_h(a["deviation"]),
        status=_h_if(status),
        icon=ICONS[status] if status else "",
        status_text=_h(a["status_text"] or "—"),
        link=_h_if(link),
        source=_h(a["source"] or link) if link else _h(a["source"] or "—"),
        retrieved=_h_if(a["retrieved"]),
        extra=[(_h(k), _h(v)) for k, v in a["extra"]],
    )


def highlight(body: str, claims: list[dict[str, Any]]) -> list[tuple[str, dict[str, Any] | None]]:
    """The body cut into ``(text, claim or None)`` parts, claims in text order.

    Overlapping spans cannot both be links: the earlier (then longer) one is highlighted, the other
    is marked ``nested`` and stays reachable from the side list.
    """
    parts: list[tuple[str, dict[str, Any] | None]] = []
    pos = 0
    for c in sorted(claims, key=lambda c: (c["start"], -c["end"], c["n"])):
        s, e = max(c["start"], 0), min(c["end"], len(body))
        if s < pos or e <= s:
            c["nested"] = True
            continue
        parts.append((body[pos:s], None))
        parts.append((body[s:e], c))
        pos = e
    parts.append((body[pos:], None))
    return [p for p in parts if p[0] or p[1] is not None]


def paragraphs(parts: list[tuple[str, Any]]) -> list[list[tuple[str, Any]]]:
    """Highlight parts regrouped into paragraphs (one per line of the body; blank lines dropped).

    A claim that spans a line break stays whole in the paragraph where it starts.

    >>> paragraphs([("a\\nb ", None), ("7 %", 1), (" c\\n\\nd", None)])
    [[('a', None)], [('b ', None), ('7 %', 1), (' c', None)], [('d', None)]]
    """
    out: list[list[tuple[str, Any]]] = [[]]
    for text, claim in parts:
        if claim is not None:
            out[-1].append((text, claim))
            continue
        for i, piece in enumerate(text.split("\n")):
            if i:
                out.append([])
            if piece:
                out[-1].append((piece, None))
    return [p for p in out if p]


def render_empty() -> dict[str, str]:
    """The report of a run without any input (used by the doctest and as a smoke test)."""
    from factcheck.pipeline import RunResult

    return render(RunResult([], []))


def _with_unit(value: object, unit: object) -> str:
    if value is None:
        return "—"
    return f"{fmt_num(value)} {unit}" if unit else fmt_num(value)


def _interval(low: object, high: object, unit: str) -> str:
    if low is None and high is None:
        return "—"
    lo = "−∞" if low is None else fmt_num(low)
    hi = "∞" if high is None else fmt_num(high)
    return f"[{lo}, {hi}] {unit}".rstrip()


def _json_list(raw: object) -> list[Any]:
    if raw is None or raw == "":
        return []
    if isinstance(raw, list):
        return raw
    # json.loads without its per-call checks (a third of its cost on a short trace), same result
    text = str(raw).strip(_JSON_SPACE)
    try:
        parsed, end = _JSON.raw_decode(text)
    except ValueError:
        end = -1
    if end != len(text):
        return [{"step": "raw", "value": str(raw)}]
    return parsed if isinstance(parsed, list) else [parsed]


_JSON = json.JSONDecoder()
_JSON_SPACE = " \t\n\r"  # what JSON counts as whitespace


_ALT_SHOWN = frozenset(
    {"label", "series", "value", "unit", "period", "deviation", "status", "source", "url", "retrieved", "fx",
     "source_value", "source_unit"}
)  # fmt: skip


def _alternative(item: object) -> dict[str, Any]:
    """One other reference series as a row of the comparison table; unknown keys go to ``extra``.

    >>> _alternative({"series": "s", "value": 5.0, "url": "javascript:x", "note": "n"})["extra"]
    [('note', 'n'), ('url', 'javascript:x')]
    """
    if not isinstance(item, dict):
        return {"label": str(item), "series": "", "value": "—", "period": "—", "deviation": "—", "status": "",
                "status_text": "", "source": "", "link": None, "retrieved": "", "converted": "",
                "extra": []}  # fmt: skip
    url = item.get("url")
    fx_raw = item.get("fx")
    fx: dict[str, Any] = fx_raw if isinstance(fx_raw, dict) else {}
    converted = ""
    if item.get("source_value") is not None and item.get("source_unit") not in (None, item.get("unit")):
        converted = f"from {_with_unit(item.get('source_value'), item.get('source_unit'))}"
        if fx.get("rate") is not None:
            converted += f" at {fmt_num(fx.get('rate'))} {fx.get('unit') or ''}".rstrip()
            converted += f" ({fx['period']})" if fx.get("period") else ""
    extra = [(str(k), _plain(v)) for k, v in sorted(item.items()) if k not in _ALT_SHOWN]
    if url is not None and not is_http_url(url):
        extra.append(("url", str(url)))
    status = str(item.get("status") or "")
    return {
        "label": str(item.get("label") or item.get("series") or "other series"),
        "series": str(item.get("series") or ""),
        "value": _with_unit(item.get("value"), item.get("unit")),
        "converted": converted,
        "period": str(item.get("period") or "—"),
        "deviation": fmt_pct(item.get("deviation")),
        "status": status if status in ICONS else "",
        "status_text": status,
        "source": str(item.get("source") or ""),
        "link": str(url) if is_http_url(url) else None,
        "retrieved": str(item.get("retrieved") or ""),
        "extra": extra,
    }


def _plain(value: object) -> str:
    if isinstance(value, dict):
        return ", ".join(f"{k} {_plain(v)}" for k, v in value.items())
    if isinstance(value, (list, tuple)):
        return ", ".join(_plain(v) for v in value)
    if isinstance(value, float) and not isinstance(value, bool):
        return fmt_num(value)
    return str(value)


def _doc_status(d: DocSummary) -> str:
    if d.error:
        return "error"
    for s in STATUSES:
        if d.counts.get(s):
            return s
    return "empty"


def _doc_row(d: DocSummary, page: str) -> dict[str, Any]:
    return {
        "doc": d.doc,
        "slug": page,
        "title": d.title or "",
        "langs": " ".join(d.langs),
        "status": _doc_status(d),
        "claims": d.n_claims,
        **{s: int(d.counts.get(s, 0)) for s in STATUSES},
        "failing": d.n_failing,
        "error": d.error or "",
    }


def run_key_of(run: RunResult) -> str:
    """Identifies the run for the browser's decision store: same inputs and rules, same key."""
    h = hashlib.sha256(str(run.meta.get("rules_sha256", "")).encode())
    for d in run.docs:
        h.update(f"\0{d.doc}\0{d.sha256}".encode())
    return h.hexdigest()[:16]


def _static(name: str) -> str:
    return _static_text(name)


@cache
def _static_text(name: str) -> str:
    return resources.files("factcheck.report").joinpath("static", name).read_text(encoding="utf-8")


def load_templates() -> None:
    """Compile every template now (each is otherwise compiled, or read from the bytecode cache, when
    first rendered)."""
    env = _env()
    for name in env.list_templates():
        env.get_template(name)


@lru_cache(maxsize=1)
def _env() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("factcheck.report", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,  # package data: no stat() of every template on each render
        bytecode_cache=_bytecode_cache(),
    )
    env.filters["num"] = fmt_num
    env.filters["pct"] = fmt_pct
    env.filters["http_url"] = is_http_url
    env.filters["plain"] = _plain
    env.globals["status_label"] = _status_label
    return env


class _TemplateCache(jinja2.FileSystemBytecodeCache):
    """Compiled templates kept between processes, in Jinja2's own private folder of the temp dir
    (created 0700 and checked to be the user's; entries are keyed by the template's source hash and
    written atomically).  Compiling the templates costs ~0.1 s, a tenth of a one-article run and a
    share of every worker's start.  A folder that cannot be read or written only costs the compile."""

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except (OSError, ValueError, EOFError):
            bucket.reset()

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        with contextlib.suppress(OSError):
            super().dump_bytecode(bucket)


def _bytecode_cache() -> jinja2.BytecodeCache | None:
    try:
        return _TemplateCache(pattern="factcheck-%s.cache")
    except (OSError, RuntimeError):  # no safe temp folder
        return None


def _status_label(status: str) -> str:
    return {"empty": "no claims", "error": "error"}.get(status, status)
