"""The HTML report as text: files, safety, claim panel content, scale.  Browser behaviour: tests/browser."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from factories import html_run

from factcheck.report import html
from factcheck.report.html import fmt_num, fmt_pct, is_http_url, render, slug


class Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, {k: v or "" for k, v in attrs}))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parse(text: str) -> Tags:
    p = Tags()
    p.feed(text)
    return p


@pytest.fixture(scope="module")
def files() -> dict[str, str]:
    return render(html_run())


def article(files: dict[str, str], doc: str) -> str:
    return files[f"articles/{slug(doc)}.html"]


def test_files_overview_articles_and_static(files: dict[str, str]) -> None:
    assert sorted(files) == sorted(
        [
            "index.html",
            "static/report.css",
            "static/report.js",
            "static/run.js",
            *(f"articles/{slug(d)}.html" for d in ("de/handel.txt", "en/<xss>.html", "en/quiet.md")),
        ]
    )


def test_every_page_has_a_csp_that_forbids_external_loads(files: dict[str, str]) -> None:
    for name, text in files.items():
        if not name.endswith(".html"):
            continue
        metas = [a for t, a in parse(text).tags if t == "meta" and a.get("http-equiv") == "Content-Security-Policy"]
        assert len(metas) == 1, name
        csp = metas[0]["content"]
        assert "default-src 'none'" in csp and "script-src 'self'" in csp and "http" not in csp


def test_nothing_is_loaded_from_outside_the_folder(files: dict[str, str]) -> None:
    for name, text in files.items():
        if not name.endswith(".html"):
            continue
        for tag, attrs in parse(text).tags:
            for attr in ("src", "data", "srcset", "poster"):
                assert attr not in attrs or not re.match(r"^(https?:)?//", attrs[attr]), (name, tag, attrs)
            if tag == "link":
                assert attrs["href"].startswith(("../static/", "./static/", "data:")), attrs
    assert "@import" not in files["static/report.css"] and "url(" not in files["static/report.css"]
    assert not re.search(r"https?://", files["static/report.js"])


def test_hostile_article_renders_as_text(files: dict[str, str]) -> None:
    page = article(files, "en/<xss>.html")
    tags = parse(page).tags
    scripts = [a for t, a in tags if t == "script"]
    assert scripts == [{"src": "../static/run.js"}, {"src": "../static/report.js"}]
    assert not [t for t, a in tags if t in ("img", "iframe", "object", "embed", "b", "i")]
    for _, attrs in tags:
        assert not [k for k in attrs if k.startswith("on")], attrs
        assert not attrs.get("href", "").lower().startswith(("javascript:", "data:text")), attrs
    text = "".join(parse(page).text)
    assert "<script>window.__xss = 1;" in text  # shown, escaped
    assert '<img src=x onerror="window.__xss = 2">' in text
    assert "&lt;script&gt;" in page


def test_source_links_are_http_only(files: dict[str, str]) -> None:
    hrefs = [a["href"] for t, a in parse(article(files, "de/handel.txt")).tags if t == "a" and "href" in a]
    assert "https://www.census.gov/foreign-trade/balance/c5880.html" in hrefs
    assert "https://www.mof.go.jp/english/" in hrefs  # the alternative series' source
    bad = article(files, "en/<xss>.html")
    assert "javascript:window.__xss=6" in "".join(parse(bad).text)  # shown as text, never a link
    assert is_http_url("HTTPS://example.org/x") and not is_http_url(" javascript:x") and not is_http_url("ftp://x")


def test_claim_panel_has_every_field(files: dict[str, str]) -> None:
    text = " ".join(" ".join(parse(article(files, "de/handel.txt")).text).split())
    for expected in (
        "etwa 70 Milliarden Dollar",
        "70,000,000,000 USD",  # parsed value + unit
        "[63,000,000,000, 77,000,000,000] USD",  # interval
        "trade-surplus-japan-us",
        "68,500,000,000 USD",  # reference
        "US Census Bureau",
        "+2.2 %",  # deviation
        "± 10 %",  # tolerance
        "(70 − 68.5) / 68.5 = +2.2 %",  # trace
        "jp_mof_surplus_with_us",  # the other series
        "57,230,000,000",
        "Would have to be: 1.8 % (between 1.78 % and 1.82 %)",
        "FY2025",
    ):
        assert expected in text, expected


def test_claims_are_highlighted_in_text_order_with_status(files: dict[str, str]) -> None:
    marks = [
        (a["data-status"], a["aria-label"])
        for t, a in parse(article(files, "de/handel.txt")).tags
        if t == "a" and "claim" in a.get("class", "").split()
    ]
    assert marks == [
        ("verified", "etwa 70 Milliarden Dollar (verified)"),
        ("verified", "Rund 50.000 (verified)"),
        ("contradicted", "zwei Prozent (contradicted)"),
        ("unverified", "verdoppelt (unverified)"),
        ("unverified", "Am Freitag (unverified)"),
    ]


def test_overview_lists_articles_skipped_files_and_totals(files: dict[str, str]) -> None:
    text = " ".join(" ".join(parse(files["index.html"]).text).split())
    assert "broken/binary.txt not UTF-8 text" in text
    assert "broken/<bad>.md:2:5 front matter: <b>bad</b> YAML" in text
    assert "2 contradicted" in text or "contradicted 2" in text
    assert "</script>" not in files["index.html"].split('id="doc-data">')[1].split("</script>")[0]


def test_overlapping_claims_keep_the_outer_highlight() -> None:
    claims = [
        {"n": 1, "start": 0, "end": 10},
        {"n": 2, "start": 5, "end": 8},
        {"n": 3, "start": 12, "end": 14},
    ]
    parts = html.highlight("0123456789 abcd", claims)
    assert [(t, c["n"] if c else None) for t, c in parts] == [
        ("0123456789", 1),
        (" a", None),
        ("bc", 3),
        ("d", None),
    ]
    assert claims[1]["nested"] is True


def test_render_is_deterministic(files: dict[str, str]) -> None:
    assert render(html_run()) == files


def test_overview_stays_small_for_many_articles() -> None:
    files = render(html_run(extra_docs=400))
    assert len([n for n in files if n.startswith("articles/")]) == 403
    rows = parse(files["index.html"]).tags
    assert len([t for t, _ in rows if t == "tr"]) <= html.FIRST_PAGE + 1 + 3  # header + skipped table
    assert len(files["index.html"]) < 400 * 400


@pytest.mark.parametrize(
    ("value", "text"),
    [(7e10, "70,000,000,000"), (1.8, "1.8"), (0.0219, "0.0219"), (-54000.0, "-54,000"), (None, "—")],
)
def test_fmt_num(value: float | None, text: str) -> None:
    assert fmt_num(value) == text


def test_fmt_pct() -> None:
    assert (fmt_pct(-0.074), fmt_pct(0.1, signed=False), fmt_pct(None)) == ("−7.4 %", "10 %", "—")
