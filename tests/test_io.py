"""The article reader: front matter, sidecars, HTML, skipped files with reasons."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from factcheck.claims import Positions
from factcheck.errors import UsageError
from factcheck.io import InputFile, discover, html_to_text, read_article
from factcheck.models import Document, Skipped


def _read(path: Path) -> Document | Skipped:
    return read_article(InputFile(path, path.name))


def test_front_matter_sets_metadata_and_line_offset(tmp_path: Path) -> None:
    p = tmp_path / "a.md"
    p.write_text("---\ntitle: T\ndate: 2025-03-14\nlanguage: de\n---\nErste Zeile\nZweite 42 Zeile\n", "utf-8")
    doc = _read(p)
    assert isinstance(doc, Document)
    assert doc.title == "T" and doc.date == dt.date(2025, 3, 14) and doc.language == "de"
    assert doc.body.startswith("Erste Zeile")
    off = doc.body.index("42")
    assert Positions(doc).at(off) == (7, 8)


def test_sidecar_metadata(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Hello 3 times.\n", "utf-8")
    (tmp_path / "a.meta.yaml").write_text("date: 2024-01-02\ntitle: Side\n", "utf-8")
    doc = _read(tmp_path / "a.txt")
    assert isinstance(doc, Document)
    assert doc.date == dt.date(2024, 1, 2) and doc.title == "Side"


def test_unknown_front_matter_key_is_skipped_with_position(tmp_path: Path) -> None:
    p = tmp_path / "a.md"
    p.write_text("---\ntitle: T\nautor: X\n---\nText\n", "utf-8")
    res = _read(p)
    assert isinstance(res, Skipped)
    assert "unknown front-matter key 'autor'" in res.reason
    assert (res.line, res.col) == (3, 1)


def test_binary_and_non_utf8_are_skipped_with_reason(tmp_path: Path) -> None:
    (tmp_path / "bin.txt").write_bytes(b"abc\x00\x01\x02")
    (tmp_path / "latin.txt").write_bytes(b"ok\nGr\xfc\xdfe\n")
    b = _read(tmp_path / "bin.txt")
    latin = _read(tmp_path / "latin.txt")
    assert isinstance(b, Skipped) and "binary" in b.reason
    assert isinstance(latin, Skipped) and "not valid UTF-8" in latin.reason
    assert (latin.line, latin.col) == (2, 3)


def test_unsupported_suffix_is_skipped_not_dropped(tmp_path: Path) -> None:
    (tmp_path / "notes.pdf").write_bytes(b"%PDF-1.4")
    (tmp_path / "a.txt").write_text("x", "utf-8")
    found = [i.name for i in discover([tmp_path])]
    assert any(n.endswith("notes.pdf") for n in found)
    res = _read(tmp_path / "notes.pdf")
    assert isinstance(res, Skipped) and "unsupported file type" in res.reason


def test_discover_is_sorted_recursive_and_skips_hidden_and_sidecars(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / ".git").mkdir()
    for name in ("b/z.md", "a.txt", "a.meta.yaml", ".git/x.txt", "b/a.md"):
        (tmp_path / name).write_text("x", "utf-8")
    names = [Path(i.name).relative_to(tmp_path).as_posix() for i in discover([tmp_path])]
    assert names == ["a.txt", "b/a.md", "b/z.md"]


def test_missing_path_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(UsageError) as info:
        list(discover([tmp_path / "nope"]))
    assert "no such file or directory" in str(info.value)


def test_html_text_drops_scripts_and_maps_positions() -> None:
    html = (
        "<html><head><title>x</title></head><body>\n"
        "<p>Rund <b>50.000</b> Soldaten</p>\n<script>alert(1)</script></body></html>"
    )
    text, anchors = html_to_text(html)
    assert "alert" not in text
    assert "Rund 50.000 Soldaten" in text
    doc = Document(doc="a.html", body=text, pos_map=anchors)
    line, col = Positions(doc).at(text.index("50.000"))
    assert line == 2 and html.splitlines()[1][col - 1 :].startswith("50.000")
