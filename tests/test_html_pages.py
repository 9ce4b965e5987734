"""Article pages as the batch workers render them, and escaping of every field of a claim.

The per-claim parts of a page (templates/claim.html) print values escaped once in Python, with
autoescaping off; these tests hold that to the same output and the same safety as autoescaping.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from factories import DEFAULTS, FLOAT_COLUMNS, html_run, make_run, row_in
from test_html import parse

from factcheck.io import discover, read_article
from factcheck.models import Document
from factcheck.pipeline import RunResult, collect, process_safely
from factcheck.report import html
from factcheck.ruleset import load_ruleset

ROOT = Path(__file__).resolve().parents[1]
PAYLOAD = '<i data-pwned=1 onclick="alert(1)">R&D\'s</i>'


def seed_run() -> RunResult:
    """seeds/ through the real pipeline with the bundled rules."""
    ruleset = load_ruleset([ROOT / "rules"])
    items = []
    for found in discover([str(ROOT / "seeds")]):
        doc = read_article(found)
        if isinstance(doc, Document):
            items.append((doc, *process_safely(doc, ruleset)))
    return collect(items, {})


@pytest.mark.parametrize("make", [seed_run, html_run], ids=["seeds", "html_run"])
def test_worker_page_equals_the_rendered_page(make: Callable[[], RunResult]) -> None:
    run = make()
    files = html.render(run)
    names = [d.doc for d in run.docs]
    assert len(run.docs) >= 3 and sum(d.n_claims for d in run.docs) > 0
    for i, d in enumerate(run.docs):
        page = html.article_page(d, run.frame(d.doc), run.body(d.doc))
        assert html.NAV_MARK in page
        nav = html.nav_html(names[i - 1] if i else None, names[i + 1] if i + 1 < len(names) else None)
        assert html.finish_page(page, nav) == files[html.page_path(d.doc)], d.doc
    assert files[html.RUN_JS] == f'window.factcheckRun = "{html.run_key_of(run)}";\n'
    assert all("factcheckRun" not in page for name, page in files.items() if name.endswith(".html"))


def hostile_run() -> RunResult:
    """One claim whose every text column, trace step, compared series and the article text carry
    ``PAYLOAD``; a second claim with a reference link, so both branches of the source are shown."""
    body = f"Intro {PAYLOAD}.\nSecond line 42 % and 7 % {PAYLOAD}."
    texts = {c: PAYLOAD for c, v in DEFAULTS.items() if c not in FLOAT_COLUMNS and not isinstance(v, bool)}
    del texts["sentence"]  # the line of the body, which carries the payload too
    texts["trace"] = json.dumps([{"step": PAYLOAD, "value": PAYLOAD}, PAYLOAD, {"other": 1}])
    texts["alternatives"] = json.dumps(
        [
            {"label": PAYLOAD, "series": PAYLOAD + "2", "value": 1.5, "unit": PAYLOAD, "period": PAYLOAD,
             "deviation": 0.1, "status": "contradicted", "source": PAYLOAD, "url": "javascript:" + PAYLOAD,
             "retrieved": PAYLOAD, "source_value": 2.0, "source_unit": PAYLOAD, "fx": {"rate": 1.1, "unit": PAYLOAD,
             "period": PAYLOAD}, PAYLOAD: PAYLOAD},
            {"label": PAYLOAD, "status": PAYLOAD},
            PAYLOAD,
        ]
    )  # fmt: skip
    texts["status"] = "contradicted"
    texts["qualifier"] = PAYLOAD
    doc = "en/" + PAYLOAD + ".md"
    rows = [
        row_in(doc, body, "42 %", **texts, deviation=0.25, tolerance=0.05, outdated=True),
        row_in(
            doc, body, "7 %", status="verified", rule_id=PAYLOAD, ref_url="https://example.org/?a=1&b=<2>",
            ref_source=PAYLOAD, ref_dataset=PAYLOAD, ref_hash=PAYLOAD, deviation=-0.01, tolerance=0.05,
        ),
    ]  # fmt: skip
    return make_run(rows, bodies={doc: body}, titles={doc: PAYLOAD}, urls={doc: "https://example.org/" + PAYLOAD})


def test_every_field_of_a_claim_is_escaped() -> None:
    run = hostile_run()
    d = run.docs[0]
    page = html.article_page(d, run.frame(d.doc), run.body(d.doc))
    assert PAYLOAD not in page and "<i " not in page
    parsed = parse(page)
    assert not [t for t, _ in parsed.tags if t == "i"]
    for tag, attrs in parsed.tags:
        assert not [k for k in attrs if k.startswith("on") or k == "data-pwned"], (tag, attrs)
        assert not attrs.get("href", "").startswith("javascript:"), (tag, attrs)
    text = "".join(parsed.text)
    # each text shown: title, path, claim text, explanation, sentence, trace, series, sources ...
    assert text.count(PAYLOAD) >= 40
    shown = [a for t, a in parsed.tags if t == "article"]
    assert [a["data-text"] for a in shown] == ["42 %", "7 %"]
    assert shown[0]["data-doc"] == d.doc and shown[0]["data-rule"] == PAYLOAD
    links = [a["href"] for t, a in parsed.tags if t == "a" and a.get("rel") == "noopener noreferrer external"]
    assert "https://example.org/?a=1&b=<2>" in links


def test_view_text_is_escaped_like_autoescaping() -> None:
    import markupsafe

    for value in (PAYLOAD, "plain", "", None, 7, 1.5, True, "a&b", '"', "'", markupsafe.Markup("<b>")):
        assert html._h(value) == str(markupsafe.escape(value)), value
