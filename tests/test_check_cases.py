"""Every case in tests/cases/*.yaml (claims + reference rows + rules -> expected verdicts) passes.

A new case is a new YAML entry, not new test code.  The bundled rule fixtures (rules/fixtures) run too.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from factcheck.rulecases import run_casefile

ROOT = Path(__file__).resolve().parent.parent
CASE_FILES = sorted((ROOT / "tests" / "cases").glob("*.yaml")) + sorted((ROOT / "rules" / "fixtures").glob("*.yaml"))


@pytest.fixture(autouse=True)
def _cwd(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)


@pytest.mark.parametrize("case_file", [f.relative_to(ROOT).as_posix() for f in CASE_FILES])
def test_case_file(case_file: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    from factcheck.cli.rules import extract_sentence

    results = run_casefile(Path(case_file), extract=extract_sentence)
    assert results, f"{case_file} has no cases"
    failures = [f"{r.file}:{r.line}: {r.name}\n    " + "\n    ".join(r.failures) for r in results if not r.ok]
    assert not failures, "\n".join(failures)


def test_every_rule_kind_has_a_case_file() -> None:
    from factcheck.checks import KINDS

    names = {f.stem for f in CASE_FILES}
    assert set(KINDS) <= names
