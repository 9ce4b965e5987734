"""Configuration discovery order, validation errors at path:line:col, include/exclude globs."""

from __future__ import annotations

from pathlib import Path

import pytest

from factcheck import config
from factcheck.errors import ConfigError


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_discovery_order(tmp_path: Path) -> None:
    top, mid, leaf = tmp_path / "top", tmp_path / "top" / "mid", tmp_path / "top" / "mid" / "leaf"
    leaf.mkdir(parents=True)
    assert config.discover(leaf) is None
    write(top / "pyproject.toml", '[tool.factcheck]\nfail-on = ["contradicted"]\n')
    assert config.discover(leaf) == (top / "pyproject.toml").resolve()
    # a pyproject.toml without [tool.factcheck] is passed over
    write(mid / "pyproject.toml", '[project]\nname = "x"\n')
    assert config.discover(leaf) == (top / "pyproject.toml").resolve()
    # the nearest folder wins ...
    write(mid / "pyproject.toml", '[project]\nname = "x"\n[tool.factcheck]\nformats = ["sarif"]\n')
    assert config.discover(leaf) == (mid / "pyproject.toml").resolve()
    # ... and in one folder factcheck.toml comes before pyproject.toml
    write(mid / "factcheck.toml", 'formats = ["junit"]\n')
    assert config.discover(leaf) == (mid / "factcheck.toml").resolve()
    assert config.load(None, leaf).formats == ("junit",)
    # --config overrides discovery
    explicit = write(tmp_path / "elsewhere.toml", 'formats = ["markdown"]\n')
    assert config.load(explicit, leaf).formats == ("markdown",)
    assert config.load(top / "pyproject.toml", leaf).fail_on == ("contradicted",)


def test_values_and_relative_paths(tmp_path: Path) -> None:
    cfg_path = write(
        tmp_path / "proj" / "factcheck.toml",
        """
rules = ["rules", "more/rules.yaml"]
reference = "rules/reference"
fail-on = "contradicted, unverified"
formats = ["text", "sarif"]
language = "de"
languages = ["de"]
include = ["*.md"]
exclude = ["drafts/*"]
output-dir = "out"
baseline = ".factcheck-baseline.json"
decisions = ["d1.json"]
cache_dir = ".cache"
""",
    )
    cfg = config.load(cfg_path, tmp_path)
    base = cfg_path.parent
    assert cfg.rules == (base / "rules", base / "more/rules.yaml")
    assert cfg.reference == (base / "rules/reference",)
    assert cfg.fail_on == ("contradicted", "unverified")
    assert cfg.formats == ("text", "sarif") and cfg.language == "de" and cfg.languages == ("de",)
    assert cfg.include == ("*.md",) and cfg.exclude == ("drafts/*",)
    assert cfg.output_dir == base / "out" and cfg.baseline == base / ".factcheck-baseline.json"
    assert cfg.decisions == (base / "d1.json",) and cfg.cache_dir == base / ".cache"
    assert cfg.where("formats") == (5, 1)
    assert config.parse('fail-on = "none"\n', "factcheck.toml").fail_on == ()


@pytest.mark.parametrize(
    "name, text, where, message",
    [
        (
            "pyproject.toml",
            '[project]\nname = "x"\n\n[tool.factcheck]\nrules = "r"\n  colour = "red"\n',
            (6, 3),
            "unknown key 'colour'",
        ),
        ("factcheck.toml", 'fail-on = ["contradicted", "wrong"]\n', (1, 1), "unknown status wrong"),
        ("factcheck.toml", 'rules = "r"\nlanguages = ["fr"]\n', (2, 1), "unsupported fr"),
        ("factcheck.toml", 'language = "xx"\n', (1, 1), "language must be one of"),
        ("factcheck.toml", "include = [1, 2]\n", (1, 1), "must be a string or a list of strings"),
        ("factcheck.toml", 'output-dir = ["a"]\n', (1, 1), "output-dir must be a path"),
        ("factcheck.toml", 'rules = "r"\nformats = [\n', (3, 1), "invalid TOML"),
    ],
)
def test_errors_name_path_line_col(tmp_path: Path, name: str, text: str, where: tuple[int, int], message: str) -> None:
    path = write(tmp_path / name, text)
    with pytest.raises(ConfigError) as info:
        config.load(path, tmp_path)
    err = info.value
    assert message in err.message, err.message
    assert (err.line, err.col) == where, str(err)
    assert err.path == path.as_posix()


def test_missing_explicit_config(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="no such configuration file"):
        config.load(tmp_path / "nope.toml", tmp_path)


@pytest.mark.parametrize(
    "name, include, exclude, expected",
    [
        ("seeds/a.txt", [], [], True),
        ("seeds/a.txt", ["*.md"], [], False),
        ("seeds/deep/a.md", ["*.md"], [], True),
        ("seeds/deep/a.md", ["seeds/*.md"], [], True),  # * crosses /
        ("seeds/drafts/a.md", [], ["*/drafts/*"], False),
        ("./seeds/a.md", ["seeds/a.md"], [], True),
        ("seeds/a.md", [], ["a.md"], False),  # a pattern without / matches the file name
    ],
)
def test_selected(name: str, include: list[str], exclude: list[str], expected: bool) -> None:
    assert config.selected(name, include, exclude) is expected
