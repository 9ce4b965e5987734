"""Project configuration: ``factcheck.toml`` or ``[tool.factcheck]`` in ``pyproject.toml``.

Discovery (first hit wins):

1. ``--config FILE`` (a ``factcheck.toml``-style file, or a ``pyproject.toml``);
2. from the working directory upwards to the filesystem root, in each directory:
   ``factcheck.toml`` (keys at the top level), then ``pyproject.toml`` if it has a ``[tool.factcheck]``
   table (a ``pyproject.toml`` without one is passed over);
3. no file: built-in defaults.

Command-line options override the file.  Relative paths in the file are relative to the file's folder.

Keys (``kebab-case``; ``snake_case`` is accepted too): ``rules``, ``reference`` (paths or lists of
paths), ``fail-on`` (statuses), ``formats``, ``language`` (``auto``/``en``/``de``: for articles that do
not say), ``languages`` (report only claims in these), ``include``/``exclude`` (globs), ``output-dir``,
``baseline``, ``decisions``, ``cache-dir``.  Unknown keys and wrong types are a ``ConfigError`` at
``path:line:col``.

>>> cfg = parse('[tool.factcheck]\\nfail-on = ["contradicted"]\\n', "pyproject.toml")
>>> cfg.fail_on, cfg.where("fail-on")
(('contradicted',), (2, 1))
"""

from __future__ import annotations

import fnmatch
import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from factcheck.errors import ConfigError
from factcheck.models import LANGS, Status

CONFIG_NAMES = ("factcheck.toml", "pyproject.toml")
STATUSES = tuple(s.value for s in Status)
PATH_KEYS = ("rules", "reference", "decisions")
LIST_KEYS = ("fail-on", "formats", "languages", "include", "exclude")
SINGLE_PATH_KEYS = ("output-dir", "baseline", "cache-dir")
KEYS = (*PATH_KEYS, *LIST_KEYS, *SINGLE_PATH_KEYS, "language")
_TOML_POS = re.compile(r"\(at line (\d+), column (\d+)\)")


@dataclass(frozen=True, slots=True)
class Config:
    """The settings a configuration file gives (``None``/empty = not set there)."""

    path: str | None = None
    rules: tuple[Path, ...] = ()
    reference: tuple[Path, ...] = ()
    fail_on: tuple[str, ...] | None = None
    formats: tuple[str, ...] | None = None
    language: str | None = None
    languages: tuple[str, ...] | None = None
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    output_dir: Path | None = None
    baseline: Path | None = None
    decisions: tuple[Path, ...] = ()
    cache_dir: Path | None = None
    positions: dict[str, tuple[int, int]] = field(default_factory=dict)

    def where(self, key: str) -> tuple[int, int]:
        return self.positions.get(key, (1, 1))

    def error(self, key: str, message: str, hint: str | None = None) -> ConfigError:
        line, col = self.where(key)
        return ConfigError(message, path=self.path, line=line, col=col, hint=hint)


def _key_positions(text: str, table: str | None) -> dict[str, tuple[int, int]]:
    """1-based (line, col) of each top-level key in ``table`` (``None`` = the document's top level)."""
    lines = text.splitlines()
    out: dict[str, tuple[int, int]] = {}
    inside = table is None
    for i, line in enumerate(lines, 1):
        stripped = line.strip()
        if stripped.startswith("["):
            header = stripped.strip("[]").strip().replace('"', "").replace(" ", "")
            inside = table is not None and header == table
            continue
        if not inside:
            continue
        m = re.match(r"\s*(\"[^\"]+\"|'[^']+'|[A-Za-z0-9_.-]+)\s*=", line)
        if m:
            key = m.group(1).strip("\"'")
            out.setdefault(key, (i, m.start(1) + 1))
    return out


def _toml(text: str, path: str) -> dict[str, Any]:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        m = _TOML_POS.search(str(exc))
        line, col = (int(m.group(1)), int(m.group(2))) if m else (0, 0)
        if not m and "end of document" in str(exc):
            line, col = text.count("\n") + 1, 1
        msg = _TOML_POS.sub("", str(exc)).replace("(at end of document)", "at the end of the file").strip()
        raise ConfigError(f"invalid TOML: {msg}", path=path, line=line, col=col) from None


def table_of(text: str, path: str) -> tuple[dict[str, Any], str | None] | None:
    """The factcheck settings in a file's text and the table they are in; None if a pyproject has none."""
    data = _toml(text, path)
    if Path(path).name == "pyproject.toml":
        tool = data.get("tool")
        if not isinstance(tool, dict) or "factcheck" not in tool:
            return None
        section = tool["factcheck"]
        if not isinstance(section, dict):
            raise ConfigError("[tool.factcheck] must be a table", path=path, line=1, col=1)
        return section, "tool.factcheck"
    return data, None


def parse(text: str, path: str, base: Path | None = None) -> Config:
    """Validate the settings in ``text`` (a ``factcheck.toml`` or ``pyproject.toml``)."""
    found = table_of(text, path)
    if found is None:
        return Config(path=path)
    data, table = found
    pos = _key_positions(text, table)
    base = base if base is not None else Path(path).parent

    def err(key: str, message: str, hint: str | None = None) -> ConfigError:
        line, col = pos.get(key, (1, 1))
        return ConfigError(message, path=path, line=line, col=col, hint=hint)

    values: dict[str, Any] = {}
    positions: dict[str, tuple[int, int]] = {}
    for raw_key, value in data.items():
        key = raw_key.replace("_", "-")
        if key not in KEYS:
            raise err(raw_key, f"unknown key {raw_key!r}", hint=f"known keys: {', '.join(sorted(KEYS))}")
        positions[key] = pos.get(raw_key, (1, 1))
        if key == "language":
            if not isinstance(value, str) or value not in ("auto", *LANGS):
                raise err(raw_key, f"language must be one of auto, {', '.join(LANGS)}; got {value!r}")
            values[key] = value
            continue
        if key in SINGLE_PATH_KEYS:
            if not isinstance(value, str) or not value:
                raise err(raw_key, f"{raw_key} must be a path (a string)")
            values[key] = value
            continue
        items = [value] if isinstance(value, str) else value
        if key == "fail-on" and isinstance(value, str):
            items = [v.strip() for v in value.split(",") if v.strip() and v.strip() != "none"]
        if not isinstance(items, list) or not all(isinstance(v, str) for v in items):
            raise err(raw_key, f"{raw_key} must be a string or a list of strings")
        if key == "fail-on":
            bad = [v for v in items if v not in STATUSES]
            if bad:
                raise err(raw_key, f"fail-on: unknown status {', '.join(bad)}", hint=f"use {', '.join(STATUSES)}")
        if key == "languages":
            bad = [v for v in items if v not in LANGS]
            if bad:
                raise err(raw_key, f"languages: unsupported {', '.join(bad)}", hint=f"use {', '.join(LANGS)}")
        values[key] = tuple(items)

    def paths(key: str) -> tuple[Path, ...]:
        return tuple(base / p for p in values.get(key, ()))

    def one(key: str) -> Path | None:
        return base / values[key] if key in values else None

    return Config(
        path=path,
        rules=paths("rules"),
        reference=paths("reference"),
        fail_on=values.get("fail-on"),
        formats=values.get("formats"),
        language=values.get("language"),
        languages=values.get("languages"),
        include=values.get("include", ()),
        exclude=values.get("exclude", ()),
        output_dir=one("output-dir"),
        baseline=one("baseline"),
        decisions=paths("decisions"),
        cache_dir=one("cache-dir"),
        positions=positions,
    )


def discover(start: Path) -> Path | None:
    """The configuration file that applies in ``start`` (see the module docstring for the order)."""
    for folder in (start.resolve(), *start.resolve().parents):
        own = folder / "factcheck.toml"
        if own.is_file():
            return own
        pyproject = folder / "pyproject.toml"
        if pyproject.is_file() and _has_table(pyproject):
            return pyproject
    return None


def _has_table(pyproject: Path) -> bool:
    try:
        text = pyproject.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return False
    if "factcheck" not in text:
        return False
    return table_of(text, pyproject.as_posix()) is not None


def load(explicit: Path | None, cwd: Path) -> Config:
    """``--config FILE`` if given, else the discovered file, else defaults."""
    path = explicit if explicit is not None else discover(cwd)
    if path is None:
        return Config()
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(f"no such configuration file: {path}", path=str(path)) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read configuration file: {exc}", path=str(path)) from None
    return parse(text, path.as_posix(), path.parent)


def selected(name: str, include: Iterable[str], exclude: Iterable[str]) -> bool:
    """Whether an article path passes the include/exclude globs.

    Patterns are ``fnmatch`` globs (``*`` also crosses ``/``) matched against the article path as
    reported (e.g. ``seeds/a.txt``); a pattern without ``/`` also matches the file name alone.

    >>> selected("news/2025/a.md", ["*.md"], ["news/drafts/*"])
    True
    >>> selected("news/drafts/b.md", ["*.md"], ["news/drafts/*"])
    False
    """
    name = name.removeprefix("./")
    base = PurePosixPath(name).name

    def hit(pat: str) -> bool:
        pat = pat.removeprefix("./")
        return fnmatch.fnmatchcase(name, pat) or ("/" not in pat and fnmatch.fnmatchcase(base, pat))

    inc = list(include)
    if inc and not any(hit(p) for p in inc):
        return False
    return not any(hit(p) for p in exclude)
