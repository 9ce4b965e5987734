"""In-article suppression markers: every form, in .md, .txt and .html, plus malformed markers."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from factories import frame, row

from factcheck import suppress
from factcheck.io import InputFile, read_article
from factcheck.models import Document
from factcheck.waivers import Waivers

DATA = Path(__file__).parent / "data" / "ci" / "suppress"


def read(name: str) -> Document:
    doc = read_article(InputFile(DATA / name, name))
    assert isinstance(doc, Document), doc
    return doc


def claims(doc: Document, *texts: str, rules: dict[str, str] | None = None) -> Any:
    """A verdicts frame with one contradicted claim per text, at its first position in the body."""
    rows = []
    for i, t in enumerate(texts):
        start = doc.body.index(t)
        rows.append(
            row(
                doc.doc,
                f"id{i}",
                t,
                start=start,
                status="contradicted",
                rule_id=(rules or {}).get(t, "r-any"),
            )
        )
    return frame(rows)


def waived(doc: Document, f: Any) -> dict[str, str]:
    out = Waivers.build({doc.doc: doc.suppressions}).apply(f)
    return {r.text: r.reason for r in out.itertuples() if r.status == "waived" and not r.fails}


def test_ignore_next_claim_and_ignore_rule_in_markdown() -> None:
    doc = read("ignore.md")
    f = claims(
        doc,
        "70 billion dollars",
        "50,000",
        "12 ships",
        "2 percent",
        "3 percent",
        rules={"3 percent": "r-share"},
    )
    got = waived(doc, f)
    # the marker on its own line waives the first claim of the next line only
    assert got["50,000"] == (
        "suppressed in the article (factcheck-ignore, line 7): figure quoted from the ministry's press release"
    )
    # rule=ID waives the next claim that rule decided, skipping others on the way
    assert "the target, not today's figure" in got["3 percent"] and "rule=r-share" in got["3 percent"]
    assert set(got) == {"50,000", "3 percent"}


def test_marker_text_is_blanked_but_offsets_and_lines_do_not_move() -> None:
    doc = read("ignore.md")
    raw = (DATA / "ignore.md").read_text("utf-8").split("---\n", 2)[2]
    assert len(doc.body) == len(raw) and doc.body.count("\n") == raw.count("\n")
    assert "factcheck-ignore" not in doc.body and "press release" not in doc.body
    assert doc.body.index("About 50,000") == raw.index("About 50,000")


def test_disable_enable_block_and_rule_block_to_the_end() -> None:
    doc = read("block.md")
    f = claims(
        doc,
        "10 apples",
        "400 ships",
        "500 ships",
        "600 ships",
        "700 ships",
        "8 planes",
        rules={"700 ships": "r-ships", "8 planes": "r-planes"},
    )
    got = waived(doc, f)
    assert set(got) == {"400 ships", "500 ships", "700 ships"}
    assert got["400 ships"].endswith("(factcheck-disable, line 2): quoted historical table")
    assert "rule=r-ships" in got["700 ships"]


def test_txt_line_marker() -> None:
    doc = read("markers.txt")
    assert "%%" not in doc.body
    got = waived(doc, claims(doc, "70 billion dollars", "50.000", "5 items"))
    assert got == {"50.000": "suppressed in the article (factcheck-ignore, line 2): typo fixed in print edition"}


def test_html_comment_marker_collected_by_the_reader() -> None:
    doc = read("comment.html")
    assert "factcheck" not in doc.body and "99" not in doc.body  # comments never reach the text
    assert [(s.scope, s.line) for s in doc.suppressions] == [("claim", 3)]
    got = waived(doc, claims(doc, "70 billion dollars", "50,000"))
    assert set(got) == {"50,000"}


def test_malformed_markers_are_errors_with_positions() -> None:
    doc = read("broken.md")
    errors = [(s.line, s.col, s.reason) for s in suppress.errors(doc.suppressions)]
    assert errors == [
        (2, 1, "factcheck-ignore needs a reason: write <!-- factcheck-ignore: why -->"),
        (
            4,
            1,
            "unknown marker factcheck-ignroe: use factcheck-ignore, factcheck-disable or factcheck-enable",
        ),
        (5, 1, "factcheck-enable without a matching factcheck-disable before it"),
    ]
    # a marker without a reason waives nothing
    assert waived(doc, claims(doc, "5 items", "6 items")) == {}


def test_unused_markers_are_reported() -> None:
    doc = read("ignore.md")
    f = claims(doc, "70 billion dollars")  # neither marker covers a claim any more
    assert [s.line for s in suppress.unused(f, doc.suppressions)] == [7, 9]


@pytest.mark.parametrize(
    "content, expected",
    [
        ("factcheck-ignore: why", ("ignore", (), "why", None)),
        ("  factcheck-disable rule=a,b: two rules ", ("disable", ("a", "b"), "two rules", None)),
        ("factcheck-enable", ("enable", (), "", None)),
        ("factcheck-enable rule=a", ("enable", ("a",), "", None)),
        ("ordinary comment", None),
    ],
)
def test_parse_marker(content: str, expected: object) -> None:
    assert suppress.parse_marker(content) == expected


def test_unclosed_disable_reaches_the_end() -> None:
    body = "a 1\n<!-- factcheck-disable: rest is a quote -->\nb 2\nc 3\n"
    marks, clean = suppress.find_markers(body, "md")
    (sup,) = suppress.resolve(clean, marks)
    assert sup.scope == "block" and clean[sup.start : sup.end].split() == ["b", "2", "c", "3"]
