"""Reports in pieces: what a batch worker renders of one article, and the files that join them.

Rendering the reports of a large run in the parent process would make it the bottleneck and hold
the whole run in memory.  Instead, the formats whose content is mostly per article (html, json,
csv, text) render each article's piece where the article is processed (``render_pieces``, pure,
called by ``factcheck.batch`` in the worker), and writing a report only joins the pieces in
document order (``html_files`` and each format's ``chunks``), streaming them to disk.

What only the whole run knows is filled in at join time: an article page's neighbours
(``html.finish_page``; the batch writes the pages itself and corrects the few whose neighbours it
guessed wrong), the run's key (``static/run.js``), the JSON totals (from the article summaries).  A run without
pieces (an in-memory ``RunResult``) renders them here, so the output is the same bytes either way.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

import pandas as pd

from factcheck.report import Rows, csv_report, json_report, text

if TYPE_CHECKING:
    from factcheck.pipeline import DocSummary, RunResult

PIECE_FORMATS: tuple[str, ...] = ("html", "json", "csv", "text")


def render_pieces(formats: Iterable[str], d: DocSummary, frame: pd.DataFrame | Rows, body: str) -> dict[str, str]:
    """One article's pieces of ``formats`` (any of ``PIECE_FORMATS``).  Pure."""
    out: dict[str, str] = {}
    rows = frame if isinstance(frame, Rows) else Rows.of(frame)
    for fmt in formats:
        if fmt == "html":
            from factcheck.report import html  # Jinja2: only when the HTML report is asked for

            out[fmt] = html.article_page(d, rows, body)
        elif fmt == "json":
            out[fmt] = json_report.claims_text(rows)
        elif fmt == "csv":
            out[fmt] = csv_report.rows_text(rows)
        elif fmt == "text":
            out[fmt] = text.doc_lines(rows)
        else:
            raise ValueError(f"no per-article pieces for format {fmt!r}")
    return out


def html_files(run: RunResult) -> Iterator[tuple[str, Iterable[str]]]:
    """The HTML report, file by file: static files, the run's key, the overview, then the article
    pages (unless the batch workers wrote them, ``run.pages_written``)."""
    from factcheck.report import html

    for name, content in html.static_files().items():
        yield name, (content,)
    yield html.RUN_JS, (html.run_js(html.run_key_of(run)),)
    yield "index.html", html.index_chunks(run)
    if run.pages_written:
        return
    pages = run.pieces("html")
    docs = run.docs
    for i, d in enumerate(docs):
        nav = html.nav_html(docs[i - 1].doc if i else None, docs[i + 1].doc if i + 1 < len(docs) else None)
        if pages is not None:
            page = html.finish_page(next(pages), nav)
        else:
            page = html.article_page(d, run.frame(d.doc), run.body(d.doc), nav=nav)
        yield html.page_path(d.doc), (page,)
