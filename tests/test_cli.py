"""The CLI through its real entry point: exit codes, files written, errors with path:line:col."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "seeds" / "000_ce5965942d122815.txt"


def factcheck(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "factcheck", *args], cwd=cwd, capture_output=True, text=True, timeout=300
    )


def check(articles: Path, out: Path, *extra: str, rules: Path = ROOT / "rules") -> subprocess.CompletedProcess[str]:
    """``factcheck check ARTICLES --rules RULES -o OUT --no-cache EXTRA...`` through the real entry point."""
    return factcheck("check", str(articles), "--rules", str(rules), "-o", str(out), "--no-cache", *extra)


@pytest.fixture
def seed_dir(tmp_path: Path) -> Path:
    d = tmp_path / "articles"
    d.mkdir()
    shutil.copy(SEED, d / SEED.name)
    shutil.copy(SEED.with_suffix(".meta.yaml"), d / SEED.with_suffix(".meta.yaml").name)
    return d


def test_version_and_help() -> None:
    res = factcheck("--version")
    assert res.returncode == 0 and "factcheck" in res.stdout
    res = factcheck("check", "--help")
    assert res.returncode == 0 and "--fail-on" in res.stdout


def test_check_writes_three_reports_and_exits_1_on_contradiction(seed_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    res = check(seed_dir, out)
    assert res.returncode == 1, res.stderr
    for name in ("index.html", "report.json", "claims.csv"):
        assert (out / name).is_file(), name
    report = json.loads((out / "report.json").read_text("utf-8"))
    assert report["summary"]["statuses"]["contradicted"] >= 1
    assert "contradicted" in res.stdout


def test_fail_on_none_exits_0(seed_dir: Path, tmp_path: Path) -> None:
    res = check(seed_dir, tmp_path / "o", "--fail-on", "none")
    assert res.returncode == 0, res.stderr


def test_missing_path_exits_2_and_names_it(tmp_path: Path) -> None:
    res = factcheck("check", str(tmp_path / "nope"), "-o", str(tmp_path / "o"))
    assert res.returncode == 2
    assert f"{tmp_path / 'nope'}: no such file or directory" in res.stderr


def test_bad_fail_on_is_a_usage_error(seed_dir: Path, tmp_path: Path) -> None:
    res = factcheck("check", str(seed_dir), "--fail-on", "wrong", "-o", str(tmp_path / "o"))
    assert res.returncode == 2 and "unknown status wrong" in res.stderr


def test_malformed_rule_yaml_exits_2_with_position(seed_dir: Path, tmp_path: Path) -> None:
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "bad.yaml").write_text("rules:\n  - id: x\n    kind: [reference\n", "utf-8")
    res = check(seed_dir, tmp_path / "o", rules=rules)
    assert res.returncode == 2
    assert f"{rules / 'bad.yaml'}:4:1" in res.stderr or f"{rules / 'bad.yaml'}:3:" in res.stderr, res.stderr


def test_binary_and_latin1_files_are_skipped_and_run_continues(seed_dir: Path, tmp_path: Path) -> None:
    (seed_dir / "image.txt").write_bytes(b"\x89PNG\x00\x00\x01")
    (seed_dir / "latin1.txt").write_bytes("Gr\xfc\xdfe 5 Prozent".encode("latin-1"))
    out = tmp_path / "o"
    res = check(seed_dir, out)
    assert res.returncode == 1, res.stderr
    report = json.loads((out / "report.json").read_text("utf-8"))
    reasons = {Path(s["doc"]).name: s["reason"] for s in report["skipped"]}
    assert "binary" in reasons["image.txt"]
    assert "not valid UTF-8" in reasons["latin1.txt"]
    assert report["summary"]["processed"] == 1
    assert "skipped" in res.stdout and "image.txt" in res.stdout


def test_extract_jsonl(tmp_path: Path) -> None:
    res = factcheck("extract", str(SEED), "--format", "jsonl")
    assert res.returncode == 0, res.stderr
    rows = [json.loads(line) for line in res.stdout.splitlines()]
    money = [r for r in rows if r["kind"] == "money"]
    assert {r["value"] for r in money} >= {7e10, 5e11}
    dates = {r["value"] for r in rows if r["kind"] == "date"}
    assert {"2025-01-20", "2025-02-07", "2025-02-03"} <= dates
    assert list(rows[0])[:12] == [
        "doc",
        "start",
        "end",
        "text",
        "kind",
        "value",
        "unit",
        "low",
        "high",
        "qualifier",
        "change",
        "lang",
    ]


def test_reference_row_with_unparsable_unit_exits_2_naming_row_and_column(seed_dir: Path, tmp_path: Path) -> None:
    rules = tmp_path / "rules"
    shutil.copytree(ROOT / "rules", rules)
    csv = rules / "reference" / "defence.csv"
    lines = csv.read_text("utf-8").splitlines()
    header = lines[0].split(",")
    unit_col = header.index("unit")
    cells = lines[1].split(",")
    cells[unit_col] = "soldierz"
    lines[1] = ",".join(cells)
    csv.write_text("\n".join(lines) + "\n", "utf-8")
    res = check(seed_dir, tmp_path / "o", rules=rules)
    assert res.returncode == 2, res.stdout + res.stderr
    assert f"{csv}:2:" in res.stderr, res.stderr
    assert "unit" in res.stderr and "soldierz" in res.stderr


@pytest.mark.slow
def test_audit_runs_the_gx_suite_and_agrees(seed_dir: Path, tmp_path: Path) -> None:
    res = check(seed_dir, tmp_path / "o", "--fail-on", "none", "--audit")
    assert res.returncode == 0, res.stderr
    assert "audit: Great Expectations flags the same" in res.stdout


def test_an_article_that_makes_the_extractor_raise_is_listed_and_the_run_goes_on(
    seed_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from click.testing import CliRunner

    import factcheck.extract
    from factcheck.cli import cli

    (seed_dir / "poison.md").write_text("---\ntitle: Poison\n---\nEs kamen 12 Gäste.\n", "utf-8")
    real = factcheck.extract.extract_segments

    def explode(text: str, *args: object, **kwargs: object) -> object:
        if "Gäste" in text:
            raise ValueError("synthetic extractor failure")
        return real(text, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(factcheck.extract, "extract_segments", explode)  # the pipeline imports it per call
    out = tmp_path / "o"
    res = CliRunner().invoke(
        cli,
        ["check", str(seed_dir), "--rules", str(ROOT / "rules"), "-o", str(out), "--workers", "1", "--no-cache"],
    )
    assert res.exit_code == 1, res.output
    report = json.loads((out / "report.json").read_text("utf-8"))
    reasons = {Path(s["doc"]).name: s["reason"] for s in report["skipped"]}
    assert "synthetic extractor failure" in reasons["poison.md"]
    assert report["summary"]["statuses"]["contradicted"] >= 1  # the seed was still checked


def test_vocabularies_kept_in_the_cache_give_the_same_reports(tmp_path: Path) -> None:
    """The first run with a cache folder keeps the built vocabularies there; a later process decodes
    them instead of building them, and extracts exactly what a run without any cache extracts."""
    cache = tmp_path / "cache"

    def cached(out: str) -> None:
        args = ("check", str(ROOT / "seeds"), "--rules", str(ROOT / "rules"), "-o", str(tmp_path / out))
        res = factcheck(*args, "--cache-dir", str(cache), "--fail-on", "none")
        assert res.returncode == 0, res.stderr
        shutil.rmtree(cache / "results-v1")  # so that the next run checks every article again

    cached("first")
    kept = sorted(p.name.split("-")[0] for p in (cache / "vocab-v1").glob("*.json"))
    assert kept == ["de", "en"]
    cached("decoded")
    assert check(ROOT / "seeds", tmp_path / "plain", "--fail-on", "none").returncode == 0
    for name in ("report.json", "claims.csv", "index.html"):
        plain = (tmp_path / "plain" / name).read_bytes()
        assert (tmp_path / "first" / name).read_bytes() == plain
        assert (tmp_path / "decoded" / name).read_bytes() == plain, name
