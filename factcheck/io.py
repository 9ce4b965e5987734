"""Reading articles: the edge where files become ``Document`` objects (or ``Skipped`` with a reason).

* Folders are walked recursively and lazily, in sorted order (deterministic output).
* ``.txt``, ``.md``, ``.markdown`` and ``.html``/``.htm`` are read; HTML through the standard
  library's HTML parser, text only (scripts and styles dropped), with a map back to file positions.
* Metadata: YAML front matter (``---`` lines) with ``title``, ``date``, ``language``, ``source``,
  ``url``; else a sidecar ``<name>.meta.yaml``; else ``--date``/``--language`` from the CLI.
* Anything else found in a folder is reported as skipped with the reason, never dropped silently.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from factcheck.errors import ArticleError, UsageError
from factcheck.models import LANGS, Document, Lang, Skipped
from factcheck.suppress import Marker, find_markers, marker_at, resolve
from factcheck.yamlio import load_yaml

ARTICLE_SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm")
SIDECAR_SUFFIX = ".meta.yaml"
META_KEYS = ("title", "date", "language", "source", "url")
MAX_BYTES = 20_000_000


@dataclass(frozen=True, slots=True)
class InputFile:
    """A file to read, with the name used for it in reports (relative to the argument it came from)."""

    path: Path
    name: str


def discover(paths: Sequence[str | os.PathLike[str]]) -> Iterator[InputFile]:
    """Yield every input file below ``paths`` lazily, in sorted order.

    Hidden files and folders (``.git``, ``.cache``) and metadata sidecars are not inputs.
    A path that does not exist raises ``UsageError`` before anything is read.
    """
    roots = [Path(p) for p in paths]
    for root in roots:
        if not root.exists():
            raise UsageError(
                f"no such file or directory: {root}",
                path=str(root),
                hint="check the path; factcheck check takes article files or folders",
            )
    for root in roots:
        if root.is_file():
            yield InputFile(root, root.as_posix())
            continue
        yield from _walk(root, root)


def _walk(folder: Path, root: Path) -> Iterator[InputFile]:
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError as exc:
        raise UsageError(f"cannot list folder: {exc.strerror}", path=str(folder)) from None
    for entry in entries:
        if entry.name.startswith("."):
            continue
        p = Path(entry.path)
        if entry.is_dir(follow_symlinks=False):
            yield from _walk(p, root)
        elif entry.name.endswith(SIDECAR_SUFFIX):
            continue
        else:
            name = (root / p.relative_to(root)).as_posix()
            yield InputFile(p, name)


def read_article(
    inp: InputFile,
    *,
    default_date: dt.date | None = None,
    default_language: Lang | None = None,
) -> Document | Skipped:
    """Read one article; never raises for a bad article (returns ``Skipped`` with the reason)."""
    try:
        return _read(inp, default_date, default_language)
    except ArticleError as exc:
        return Skipped(inp.name, exc.message + (f" ({exc.hint})" if exc.hint else ""), exc.line, exc.col)
    except OSError as exc:
        return Skipped(inp.name, f"cannot read file: {exc.strerror or exc}")


def _read(inp: InputFile, default_date: dt.date | None, default_language: Lang | None) -> Document:
    suffix = inp.path.suffix.lower()
    if suffix not in ARTICLE_SUFFIXES:
        raise ArticleError(
            f"unsupported file type {suffix or '(none)'!r}",
            hint="factcheck reads .txt, .md and .html articles",
        )
    size = inp.path.stat().st_size
    if size > MAX_BYTES:
        raise ArticleError(f"file too large ({size} bytes, limit {MAX_BYTES})", hint="split the file")
    raw = inp.path.read_bytes()
    if b"\x00" in raw[:8192]:
        raise ArticleError("binary file (contains NUL bytes)", hint="only UTF-8 text articles are read")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise ArticleError(
            f"not valid UTF-8 at byte {exc.start}",
            line=line,
            col=col,
            hint="re-save the file as UTF-8",
        ) from None
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    meta, body, line_offset = split_front_matter(text, inp.name)
    if not meta:
        meta = _sidecar(inp)
    pos_map: tuple[tuple[int, int, int], ...] = ()
    if suffix in (".html", ".htm"):
        body, pos_map, markers = _html_to_text(body, line_offset)
        title = meta.get("title") or None
    else:
        markers, body = find_markers(body, "txt" if suffix == ".txt" else "md", line_offset)
        title = meta.get("title") or None
    date = _meta_date(meta.get("date"), inp.name) or default_date
    lang = _meta_lang(meta.get("language"), inp.name) or default_language
    return Document(
        doc=inp.name,
        body=body,
        title=str(title) if title else None,
        date=date,
        language=lang,
        source=_opt_str(meta.get("source")),
        url=_opt_str(meta.get("url")),
        line_offset=line_offset,
        pos_map=pos_map,
        sha256=hashlib.sha256(raw).hexdigest(),
        suppressions=resolve(body, markers) if markers else (),
    )


def split_front_matter(text: str, name: str) -> tuple[dict[str, Any], str, int]:
    """Split YAML front matter off ``text``: ``(meta, body, lines used by the front matter)``."""
    if not text.startswith("---\n"):
        return {}, text, 0
    end = text.find("\n---\n", 3)
    if end < 0:
        if text.endswith("\n---"):
            end = len(text) - 4
        else:
            raise ArticleError(
                "front matter opened with '---' on line 1 is never closed",
                line=1,
                col=1,
                hint="end the front matter with a line containing only '---'",
            )
    block = text[4 : end + 1]
    body = text[end + 5 :]
    located = load_yaml(block, name, ArticleError)
    meta = located.data
    if meta is None:
        meta = {}
    if not isinstance(meta, dict):
        raise ArticleError("front matter must be a mapping of keys to values", line=2, col=1)
    for key in meta:
        if key not in META_KEYS:
            line, col = located.where_key((key,))
            raise ArticleError(
                f"unknown front-matter key {key!r}",
                line=line + 1,
                col=col,
                hint=f"known keys: {', '.join(META_KEYS)}",
            )
    return meta, body, block.count("\n") + 2


def _sidecar(inp: InputFile) -> dict[str, Any]:
    for cand in (inp.path.with_suffix(SIDECAR_SUFFIX), inp.path.with_name(inp.path.name + SIDECAR_SUFFIX)):
        if cand.is_file():
            located = load_yaml(cand.read_text(encoding="utf-8"), cand.as_posix(), ArticleError)
            data = located.data or {}
            if not isinstance(data, dict):
                raise ArticleError("sidecar metadata must be a mapping", line=1, col=1)
            return {k: v for k, v in data.items() if k in META_KEYS}
    return {}


def _meta_date(value: Any, name: str) -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        raise ArticleError(f"front-matter date {value!r} is not an ISO date", hint="write it as YYYY-MM-DD") from None


def _meta_lang(value: Any, name: str) -> Lang | None:
    if value is None or value == "" or value == "auto":
        return None
    v = str(value).lower()[:2]
    if v not in LANGS:
        raise ArticleError(
            f"unsupported language {value!r}", hint=f"use one of {', '.join(LANGS)} or omit it to detect"
        )
    return v


def _opt_str(value: Any) -> str | None:
    return None if value is None else str(value)


_BLOCK_TAGS = frozenset(
    [
        "address",
        "article",
        "aside",
        "blockquote",
        "br",
        "dd",
        "div",
        "dl",
        "dt",
        "figcaption",
        "figure",
        "footer",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hr",
        "li",
        "main",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "table",
        "td",
        "th",
        "tr",
        "ul",
        "title",
    ]
)
_SKIP_TAGS = frozenset(("script", "style", "noscript", "template", "svg", "head"))


class _TextParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.anchors: list[tuple[int, int, int]] = []
        self.length = 0
        self.skip = 0
        self.in_title = False
        self.markers: list[Marker] = []

    def _newline(self) -> None:
        if self.parts and not self.parts[-1].endswith("\n"):
            self.parts.append("\n")
            self.length += 1

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP_TAGS:
            self.skip += 1
        elif tag in _BLOCK_TAGS:
            self._newline()

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP_TAGS:
            self.skip = max(0, self.skip - 1)
        elif tag in _BLOCK_TAGS:
            self._newline()

    def handle_comment(self, data: str) -> None:
        # suppression markers (factcheck.suppress); the comment itself never reaches the body
        if self.skip:
            return
        line, col = self.getpos()
        marker = marker_at(data, self.length, line, col + 1)
        if marker is not None:
            self.markers.append(marker)

    def handle_data(self, data: str) -> None:
        if self.skip or not data:
            return
        if not data.strip() and (not self.parts or self.parts[-1].endswith("\n")):
            return
        line, col = self.getpos()
        self.anchors.append((self.length, line, col + 1))
        self.parts.append(data)
        self.length += len(data)


def html_to_text(html: str, line_offset: int = 0) -> tuple[str, tuple[tuple[int, int, int], ...]]:
    """Visible text of an HTML document, and anchors ``(text_offset, file_line, file_col)``.

    Character references are decoded, so an anchor's column is exact up to the first reference in a
    text run; that is close enough to land an editor on the right line.
    """
    text, anchors, _ = _html_to_text(html, line_offset)
    return text, anchors


def _html_to_text(html: str, line_offset: int) -> tuple[str, tuple[tuple[int, int, int], ...], list[Marker]]:
    parser = _TextParser()
    parser.feed(html)
    parser.close()
    text = "".join(parser.parts)
    anchors = tuple((off, line + line_offset, col) for off, line, col in parser.anchors)
    markers = [replace(m, line=m.line + line_offset) for m in parser.markers]
    return text, anchors, markers


def read_all(
    paths: Iterable[InputFile], *, default_date: dt.date | None = None, default_language: Lang | None = None
) -> Iterator[Document | Skipped]:
    for inp in paths:
        yield read_article(inp, default_date=default_date, default_language=default_language)
