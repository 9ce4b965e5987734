"""``factcheck check`` in CI, end to end on the seed article: formats, exit codes, baseline round
trip, suppressions, configuration, --changed-since, and the integrations' command lines."""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner, Result

from factcheck.cli import cli
from factcheck.cli.check import check_cmd

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "seeds" / "000_ce5965942d122815.txt"
SEED_NAME = SEED.name
WRONG = "Rund 90.000 amerikanische Soldaten sind in Japan stationiert."


@pytest.fixture
def work(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A project folder: articles/ with the seed, rules/ linked to the bundled rules; cwd."""
    (tmp_path / "articles").mkdir()
    shutil.copy(SEED, tmp_path / "articles" / SEED_NAME)
    shutil.copy(SEED.with_suffix(".meta.yaml"), tmp_path / "articles" / SEED.with_suffix(".meta.yaml").name)
    (tmp_path / "articles" / SEED_NAME).chmod(0o644)
    (tmp_path / "rules").symlink_to(ROOT / "rules")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    yield tmp_path


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, ["check", *args], catch_exceptions=False)


def article(work: Path) -> Path:
    return work / "articles" / SEED_NAME


def failing_lines(res: Result) -> list[str]:
    return [ln for ln in res.stdout.splitlines() if re.match(r"^\S+:\d+:\d+: \w+ \S+ ", ln)]


def test_default_output_text_on_stdout_and_three_files(work: Path) -> None:
    res = run("articles", "--no-cache")
    assert res.exit_code == 1, res.output
    lines = failing_lines(res)
    assert lines == [ln for ln in lines if ": contradicted jp-defence-share-of-gdp " in ln] and len(lines) == 1
    assert lines[0].startswith(f"articles/{SEED_NAME}:8:")
    assert sorted(p.name for p in (work / "reports").iterdir() if p.is_file()) == [
        "claims.csv",
        "index.html",
        "report.json",
    ]


def test_formats_parse_back(work: Path) -> None:
    res = run(
        "articles",
        "--no-cache",
        "-o",
        "out",
        "--format",
        "junit,sarif",
        "-f",
        "github",
        "--format",
        "markdown",
        "--format",
        "claimreview=cr/review.jsonld",
    )
    assert res.exit_code == 1, res.output
    assert sorted(p.name for p in (work / "out").iterdir()) == ["factcheck.sarif", "junit.xml", "summary.md"]
    junit = ET.parse(work / "out" / "junit.xml").getroot()
    assert junit.get("failures") == "1" and int(junit.get("tests") or 0) >= 8
    sarif = json.loads((work / "out" / "factcheck.sarif").read_text("utf-8"))
    assert sarif["version"] == "2.1.0"
    assert [r["level"] for r in sarif["runs"][0]["results"]].count("error") == 1
    errors = [ln for ln in res.stdout.splitlines() if ln.startswith("::error ")]
    assert len(errors) == 1 and f"file=articles/{SEED_NAME},line=8," in errors[0]
    assert "**FAIL**: 1 claim(s)" in (work / "out" / "summary.md").read_text("utf-8")
    review = json.loads((work / "cr" / "review.jsonld").read_text("utf-8"))
    assert {g["reviewRating"]["alternateName"] for g in review["@graph"]} == {"Accurate", "Inaccurate"}
    # a machine format on stdout moves the summary to stderr
    res = run("articles", "--no-cache", "-o", "out2", "--format", "json=-")
    assert json.loads(res.stdout)["summary"]["failing"] == 1
    assert "failing the policy" in res.stderr


def test_exit_codes(work: Path) -> None:
    assert run("articles", "--no-cache", "-f", "text", "--fail-on", "none").exit_code == 0
    res = run("articles", "--no-cache", "-f", "yaml")
    assert res.exit_code == 2 and "unknown format 'yaml'" in res.stderr
    (work / "bad.json").write_text('{"version": 1, "kind": "factcheck-baseline", "entries": [1]}\n', "utf-8")
    res = run("articles", "--no-cache", "--baseline", "bad.json")
    assert res.exit_code == 2 and "bad.json:1:58: entry 1 must be an object" in res.stderr
    res = run("articles", "--no-cache", "--who", "me")
    assert res.exit_code == 2 and "--write-baseline" in res.stderr


def test_baseline_round_trip(work: Path) -> None:
    res = run(
        "articles",
        "--no-cache",
        "-f",
        "text",
        "--write-baseline",
        "base.json",
        "--who",
        "ci",
        "--why",
        "known before the baseline",
    )
    assert res.exit_code == 0, res.output
    entries = json.loads((work / "base.json").read_text("utf-8"))["entries"]
    assert [(e["text"], e["decision"], e["who"], e["note"]) for e in entries] == [
        ("zwei Prozent", "accept", "ci", "known before the baseline")
    ]
    # rewriting the baseline keeps who/when/note of entries already in it
    assert run("articles", "--no-cache", "-f", "text", "--write-baseline", "base.json", "--who", "x").exit_code == 0
    assert json.loads((work / "base.json").read_text("utf-8"))["entries"] == entries
    # edits elsewhere (a new first paragraph shifts every line, a word changes, a paragraph is added)
    p = article(work)
    text = p.read_text("utf-8")
    p.write_text(
        "Vorbemerkung der Redaktion: überarbeitet.\n\n"
        + text.replace("ehemalige Feind", "frühere Gegner")
        + "\nNachtrag: Die Lage bleibt angespannt.\n",
        "utf-8",
    )
    res = run("articles", "--no-cache", "-f", "text,json", "--baseline", "base.json")
    assert res.exit_code == 0, res.output
    report = json.loads((work / "reports" / "report.json").read_text("utf-8"))
    waived = [c for c in report["claims"] if c["status"] == "waived"]
    assert [(c["text"], c["line"]) for c in waived] == [("zwei Prozent", 10)]
    assert waived[0]["reason"].startswith("in baseline base.json (ci, ")
    # a wrong figure added: only that finding fails
    p.write_text(p.read_text("utf-8") + WRONG + "\n", "utf-8")
    res = run("articles", "--no-cache", "-f", "text", "--baseline", "base.json")
    assert res.exit_code == 1
    lines = failing_lines(res)
    assert len(lines) == 1 and '"90.000"' in lines[0], lines
    # the entry goes stale when its claim is removed
    p.write_text(p.read_text("utf-8").replace("auf zwei Prozent", "deutlich"), "utf-8")
    res = run("articles", "--no-cache", "-f", "text", "--baseline", "base.json", "--fail-on", "none")
    assert res.exit_code == 0
    assert re.search(r"base\.json:5:5: warning: stale baseline entry for 'zwei Prozent'", res.stderr), res.stderr


def test_decisions_file_accepts_and_rejects(work: Path) -> None:
    run("articles", "--no-cache", "-f", "json")
    claims = json.loads((work / "reports" / "report.json").read_text("utf-8"))["claims"]
    by_text = {c["text"]: c for c in claims}
    entries = [
        {k: by_text[t][k] for k in ("fingerprint", "doc", "claim_id", "text", "status", "rule_id")}
        | {"decision": d, "note": n, "who": "rev", "when": "2025-02-05"}
        for t, d, n in (
            ("zwei Prozent", "accept", "target figure, fine"),
            ("500 Milliarden Dollar", "reject", "x"),
        )
        if t in by_text
    ]
    assert len(entries) == 2
    (work / "d.json").write_text(json.dumps({"version": 1, "kind": "factcheck-decisions", "entries": entries}))
    res = run("articles", "--no-cache", "-f", "text", "--decisions", "d.json")
    assert res.exit_code == 1
    lines = failing_lines(res)
    assert len(lines) == 1 and '"500 Milliarden Dollar"' in lines[0] and "rejected by rev on 2025-02-05: x" in lines[0]


def test_suppression_marker_in_txt_and_missing_reason(work: Path) -> None:
    p = article(work)
    lines = p.read_text("utf-8").split("\n")
    lines.insert(7, "%% factcheck-ignore rule=jp-defence-share-of-gdp: 2 % is the FY2027 target, quoted")
    p.write_text("\n".join(lines), "utf-8")
    res = run("articles", "--no-cache", "-f", "text,json")
    assert res.exit_code == 0, res.output
    report = json.loads((work / "reports" / "report.json").read_text("utf-8"))
    (w,) = [c for c in report["claims"] if c["status"] == "waived"]
    assert w["text"] == "zwei Prozent" and w["fails"] is False
    assert w["reason"] == (
        "suppressed in the article (factcheck-ignore rule=jp-defence-share-of-gdp, line 8): "
        "2 % is the FY2027 target, quoted"
    )
    lines[7] = "%% factcheck-ignore"
    p.write_text("\n".join(lines), "utf-8")
    res = run("articles", "--no-cache", "-f", "text")
    assert res.exit_code == 2
    assert f"articles/{SEED_NAME}:8:1: error: factcheck-ignore needs a reason" in res.stderr


def test_configuration_file_in_the_working_directory(work: Path) -> None:
    (work / "factcheck.toml").write_text('formats = ["junit"]\nfail-on = ["unverified"]\noutput-dir = "ci-out"\n')
    res = run("articles", "--no-cache")
    assert res.exit_code == 0, res.output  # the contradiction does not fail; unverified dates never do
    assert sorted(p.name for p in (work / "ci-out").iterdir()) == ["junit.xml"]
    assert run("articles", "--no-cache", "--fail-on", "contradicted").exit_code == 1  # the CLI wins
    (work / "factcheck.toml").write_text('formats = ["junit"]\n\nfail_on = ["maybe"]\n')
    res = run("articles", "--no-cache")
    assert res.exit_code == 2
    assert f"{(work / 'factcheck.toml').resolve().as_posix()}:3:1: fail-on: unknown status maybe" in res.stderr
    (work / "other.toml").write_text('formats = ["markdown"]\n')
    res = run("articles", "--no-cache", "--config", "other.toml", "-o", "md")
    assert res.exit_code == 1 and (work / "md" / "summary.md").is_file()


def test_include_exclude_and_output_dir_not_read(work: Path) -> None:
    shutil.copy(article(work), work / "articles" / "draft.txt")
    res = run(".", "--no-cache", "-f", "json", "--exclude", "draft.txt", "--include", "articles/*")
    assert res.exit_code == 1
    first = json.loads((work / "reports" / "report.json").read_text("utf-8"))
    assert [d["doc"] for d in first["documents"]] == [f"articles/{SEED_NAME}"]
    assert first["skipped"] == []
    res = run(".", "--no-cache", "-f", "json", "--exclude", "draft.txt")  # reports/ is not an input
    report = json.loads((work / "reports" / "report.json").read_text("utf-8"))
    assert not [s for s in report["skipped"] if s["doc"].startswith("reports/")]


def _git(cwd: Path, *args: str) -> str:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@t",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@t",
    }
    return subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True, text=True).stdout


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_changed_since(work: Path) -> None:
    res = run("articles", "--no-cache", "--changed-since", "HEAD")
    assert res.exit_code == 2 and "not a git repository" in res.stderr
    shutil.copy(article(work), work / "articles" / "b.txt")
    shutil.copy(article(work), work / "articles" / "c.txt")
    _git(work, "init", "-q")
    _git(work, "add", "articles")
    _git(work, "commit", "-qm", "base")
    base = _git(work, "rev-parse", "HEAD").strip()
    assert run("articles", "--no-cache", "-f", "json", "--changed-since", base).exit_code == 0
    assert json.loads((work / "reports" / "report.json").read_text("utf-8"))["documents"] == []
    (work / "articles" / "b.txt").write_text(WRONG + "\n", "utf-8")  # uncommitted change
    _git(work, "add", "articles/b.txt")
    _git(work, "commit", "-qm", "edit b")
    shutil.copy(article(work), work / "articles" / "new.txt")  # untracked
    res = run("articles", "--no-cache", "-f", "json", "--changed-since", base)
    docs = [d["doc"] for d in json.loads((work / "reports" / "report.json").read_text("utf-8"))["documents"]]
    assert docs == ["articles/b.txt", "articles/new.txt"]
    res = run("articles", "--no-cache", "--changed-since", "no-such-ref")
    assert res.exit_code == 2 and "fetch the base branch" in res.stderr


# --- integrations ---------------------------------------------------------------------------------


def _factcheck_lines(script: str) -> list[str]:
    return [ln.strip() for ln in script.splitlines() if ln.strip().startswith("factcheck ")]


def _validate(argv: list[str]) -> None:
    """The command line parses: known subcommand, known options, valid values."""
    assert argv[:2] == ["factcheck", "check"], argv
    ctx = check_cmd.make_context("check", argv[2:], resilient_parsing=False)
    assert ctx.params["paths"]


def test_pre_commit_hooks(work: Path) -> None:
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text("utf-8"))
    assert {h["id"] for h in hooks} == {"factcheck", "factcheck-baseline"}
    for h in hooks:
        assert h["language"] == "python" and re.search(h["files"], "articles/a.md")
        assert not re.search(h["files"], "setup.py")
        _validate([*shlex.split(h["entry"]), f"articles/{SEED_NAME}"])
    # pre-commit appends the staged file names to the entry
    entry = shlex.split(hooks[0]["entry"])
    res = CliRunner().invoke(cli, [*entry[1:], f"articles/{SEED_NAME}"])
    assert res.exit_code == 1 and len(failing_lines(res)) == 1
    # text only: no report files in the working tree
    assert not [p for p in (work / "reports").rglob("*") if p.is_file()] if (work / "reports").exists() else True


def test_github_action(work: Path, tmp_path: Path) -> None:
    action = yaml.safe_load((ROOT / "action.yml").read_text("utf-8"))
    assert action["runs"]["using"] == "composite"
    steps = action["runs"]["steps"]
    check = next(s for s in steps if s.get("id") == "check")
    # inputs reach the script only through env (no ${{ }} inside the script: no injection)
    assert "${{" not in check["run"]
    (line,) = _factcheck_lines(check["run"])
    env = {"FC_PATHS": "articles", "FC_OUT": "gh-out", "FC_ARGS": "--no-cache"}
    line = line.replace('"${extra[@]}"', "--rules rules")
    for name, value in env.items():
        line = line.replace(f'"${name}"', shlex.quote(value)).replace(f"${name}", value)
    assert "$" not in line, line
    argv = shlex.split(line)
    _validate(argv)
    res = CliRunner().invoke(cli, argv[1:])
    assert res.exit_code == 1
    assert sorted(p.name for p in (work / "gh-out").iterdir()) == [
        "factcheck.sarif",
        "junit.xml",
        "report.json",
        "summary.md",
    ]
    assert [ln for ln in res.stdout.splitlines() if ln.startswith("::error file=articles/")]
    assert set(action["inputs"]) >= {"paths", "rules", "baseline", "changed-only", "output-dir", "args"}
    assert set(action["outputs"]) == {"exit-code", "sarif-file"}


def _readme_ci_section() -> str:
    text = (ROOT / "README.md").read_text("utf-8")
    return text.split("<!-- section:ci -->", 1)[1].split("<!-- /section:ci -->", 1)[0]


def test_readme_gitlab_example_and_options_are_true(work: Path) -> None:
    section = _readme_ci_section()
    blocks = re.findall(r"```yaml\n(.*?)```", section, re.S)
    gitlab = [yaml.safe_load(b) for b in blocks if "script:" in b]
    assert gitlab, "the README's CI section has a GitLab CI example"
    lines = [ln for doc in gitlab for job in doc.values() for ln in job["script"] if ln.startswith("factcheck ")]
    assert len(lines) == 2
    for ln in lines:
        argv = shlex.split(ln.replace("$CI_MERGE_REQUEST_TARGET_BRANCH_NAME", "main"))
        _validate(argv)
    res = CliRunner().invoke(cli, [*shlex.split(lines[0])[1:], "--no-cache"])
    assert res.exit_code == 1
    assert ET.parse(work / "reports" / "junit.xml").getroot().get("failures") == "1"
    # every option the section names exists
    help_text = CliRunner().invoke(cli, ["check", "--help"]).stdout
    for opt in sorted(set(re.findall(r"(?<![\w-])(--[a-z][a-z-]+)", section))):
        assert opt in help_text, opt


def test_inputs_for_runners_that_read_articles_themselves(monkeypatch: pytest.MonkeyPatch) -> None:
    from factcheck.cli.ci import resolve

    monkeypatch.chdir(ROOT / "tests" / "data" / "ci")
    settings = resolve(check_cmd.make_context("check", ["suppress", "--exclude", "block.md"]))
    names = [inp.name for inp in settings.inputs(("suppress",))]
    assert names == [
        "suppress/broken.md",
        "suppress/comment.html",
        "suppress/ignore.md",
        "suppress/markers.txt",
    ]
    assert sorted(settings.suppressions) == names
    assert [(d, s.line) for d, s in settings.marker_errors] == [
        ("suppress/broken.md", 2),
        ("suppress/broken.md", 4),
        ("suppress/broken.md", 5),
    ]
