"""Rule-file, lexicon and reference-data mistakes are reported at path:line:col with a hint."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from factcheck.errors import FactcheckError, ReferenceDataError, RuleError
from factcheck.ruleset import load_ruleset

ROOT = Path(__file__).resolve().parent.parent
HEADER = "series,period,value,unit,source_name,source_url,retrieved,note,status\n"
GOOD_CSV = HEADER + "s,2024,1.8,percent,X,https://x.org,2025-04-01,,seen\n"
GOOD_RULE = """\
rules:
  - id: r1
    kind: reference
    message: m
    select: {kinds: [percent], subjects: [gdp]}
    dataset: ref.csv
    series: s
"""


def write(tmp: Path, rule: str = GOOD_RULE, csv: str = GOOD_CSV) -> Path:
    shutil.copy(ROOT / "rules" / "lexicon.yaml", tmp / "lexicon.yaml")
    (tmp / "ref.csv").write_text(csv, encoding="utf-8")
    (tmp / "r.yaml").write_text(rule, encoding="utf-8")
    return tmp / "r.yaml"


def error_of(tmp: Path, rule: str = GOOD_RULE, csv: str = GOOD_CSV) -> FactcheckError:
    path = write(tmp, rule, csv)
    with pytest.raises(FactcheckError) as info:
        load_ruleset([path])
    return info.value


def test_good_rules_load(tmp_path: Path) -> None:
    rs = load_ruleset([write(tmp_path)])
    assert [r.id for r in rs.rules] == ["r1"]
    assert len(rs.sha256) == 64
    assert any(f.endswith("ref.csv") for f in rs.files) and any(f.endswith("lexicon.yaml") for f in rs.files)


def test_bundled_rules_load() -> None:
    rs = load_ruleset([ROOT / "rules"])
    assert {"jp-us-trade-surplus", "us-inauguration", "jp-defence-share-doubled"} <= {r.id for r in rs.rules}


@pytest.mark.parametrize(
    ("rule", "cls", "line", "col", "text"),
    [
        ("rules:\n  - id: r1\n    kind: [reference\n", RuleError, 4, 1, "YAML syntax error"),
        (GOOD_RULE + "    colour: red\n", RuleError, 8, 5, "unknown option 'colour'"),
        (
            GOOD_RULE.replace("select: {", "select: {scope: sentence, kinds_: [], "),
            RuleError,
            5,
            31,
            "unknown key 'kinds_'",
        ),
        (
            GOOD_RULE.replace("kind: reference", "kind: referense"),
            RuleError,
            3,
            11,
            "unknown kind 'referense'",
        ),
        (GOOD_RULE.replace("series: s", "series: missing"), RuleError, 7, 13, "series 'missing' is not in"),
        (GOOD_RULE.replace("dataset: ref.csv", "dataset: nope.csv"), ReferenceDataError, 6, 14, "not found"),
        (
            GOOD_RULE.replace("subjects: [gdp]", "subjects: [gpd]"),
            RuleError,
            5,
            43,
            "subject 'gpd' is not in the lexicon",
        ),
        (
            GOOD_RULE.replace("select: {kinds: [percent], subjects: [gdp]}", "select: {pattern: 'Tarif(lohn'}"),
            RuleError,
            5,
            23,
            "regex does not compile",
        ),
        (
            GOOD_RULE.replace("kind: reference", "kind: range").replace(
                "    dataset: ref.csv\n    series: s\n", "    unit: bananas per hour\n    max: 3\n"
            ),
            RuleError,
            6,
            11,
            "unit 'bananas per hour' does not parse",
        ),
        (GOOD_RULE + GOOD_RULE.replace("rules:\n", ""), RuleError, 8, 9, "duplicate rule id 'r1'"),
        (
            GOOD_RULE.replace("    series: s", "    series: s\n    tolerance: {exact: 2}"),
            RuleError,
            8,
            24,
            "tolerance.exact",
        ),
    ],
    ids=[
        "malformed-yaml",
        "unknown-option",
        "unknown-select-key",
        "unknown-kind",
        "missing-series",
        "missing-dataset",
        "unknown-subject",
        "bad-regex",
        "bad-unit",
        "duplicate-id",
        "bad-tolerance",
    ],
)
def test_rule_errors_have_positions(tmp_path: Path, rule: str, cls: type, line: int, col: int, text: str) -> None:
    err = error_of(tmp_path, rule=rule)
    assert isinstance(err, cls), err
    assert text in err.message, err
    assert (err.path, err.line, err.col) == ((tmp_path / "r.yaml").as_posix(), line, col), str(err)
    assert err.hint
    assert str(err).startswith(f"{(tmp_path / 'r.yaml').as_posix()}:{line}:{col}: ")


@pytest.mark.parametrize(
    ("csv", "line", "col", "text"),
    [
        (
            HEADER + "s,2024,1.8,bananas per hour,X,https://x.org,2025-04-01,,seen\n",
            2,
            12,
            "unit 'bananas per hour' does not parse (row 2, column 'unit')",
        ),
        (GOOD_CSV + "s,2024-13,1.9,percent,X,https://x.org,2025-04-01,,seen\n", 3, 3, "bad period '2024-13'"),
        (GOOD_CSV + "s,2024,2.0,percent,X,https://x.org,2025-04-01,,seen\n", 3, 3, "duplicate key s 2024"),
        (GOOD_CSV + "s,2025,1.9,percent,X,,2025-04-01,,seen\n", 3, 22, "empty source_url"),
        (
            GOOD_CSV + "s,2025,1.9 %,percent,X,https://x.org,2025-04-01,,seen\n",
            3,
            8,
            "value '1.9 %' is not a number",
        ),
        (GOOD_CSV + "s,2025,1.9,percent,X,https://x.org,2025-04-01,,maybe\n", 3, 48, "status 'maybe'"),
        ("series,period,value,unit\ns,2024,1,percent\n", 1, 1, "missing column(s) source_name"),
    ],
    ids=[
        "bad-unit",
        "bad-period",
        "duplicate-key",
        "no-source",
        "bad-value",
        "bad-status",
        "missing-columns",
    ],
)
def test_reference_errors_name_row_and_column(tmp_path: Path, csv: str, line: int, col: int, text: str) -> None:
    err = error_of(tmp_path, csv=csv)
    assert isinstance(err, ReferenceDataError), err
    assert text in err.message
    assert (err.path, err.line, err.col) == ((tmp_path / "ref.csv").as_posix(), line, col), str(err)


def test_lexicon_errors_have_positions(tmp_path: Path) -> None:
    path = write(tmp_path)
    (tmp_path / "lexicon.yaml").write_text("metrics:\n  gdp:\n    fr: [PIB]\n", encoding="utf-8")
    with pytest.raises(RuleError) as info:
        load_ruleset([path])
    assert (info.value.line, info.value.col) == (3, 5)
    assert "unknown language 'fr'" in info.value.message


def test_fixture_and_reference_folders_are_not_rule_files(tmp_path: Path) -> None:
    write(tmp_path)
    (tmp_path / "fixtures").mkdir()
    (tmp_path / "fixtures" / "broken.yaml").write_text("cases: [", encoding="utf-8")
    rs = load_ruleset([tmp_path])
    assert [r.id for r in rs.rules] == ["r1"]


def test_runaway_pattern_is_a_rule_error(tmp_path: Path) -> None:
    import pandas as pd

    from factcheck.check import check
    from factcheck.rulecases import claims_frame

    rule = GOOD_RULE.replace("select: {kinds: [percent], subjects: [gdp]}", r"select: {pattern: '(a|aa)+b'}")
    rs = load_ruleset([write(tmp_path, rule=rule)])
    frame = claims_frame([{"kind": "percent", "value": 1.0, "unit": "percent", "sentence": "a" * 40 + "!"}])
    with pytest.raises(RuleError, match="took over"):
        check(pd.DataFrame(frame), rs, pub_date=None)


def test_cli_lint_test_export_and_explain(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import json

    from click.testing import CliRunner

    from factcheck.cli import cli

    monkeypatch.chdir(ROOT)
    runner = CliRunner()
    ok = runner.invoke(cli, ["rules", "lint"])
    assert ok.exit_code == 0 and "OK" in ok.output
    bad = write(tmp_path, rule=GOOD_RULE.replace("series: s", "series: nope"))
    res = runner.invoke(cli, ["rules", "lint", str(bad)])
    assert res.exit_code == 2 and f"{bad.as_posix()}:7:13: series 'nope'" in res.output
    res = runner.invoke(cli, ["rules", "test"])
    assert res.exit_code == 0, res.output
    out = tmp_path / "suite.json"
    res = runner.invoke(cli, ["rules", "export-gx", "-o", str(out)])
    assert res.exit_code == 0 and json.loads(out.read_text())["meta"]["unexpected_index_column_names"] == ["claim_id"]
    claim = {
        "claim_id": "abc123",
        "doc": "a.md",
        "line": 3,
        "col": 1,
        "status": "verified",
        "trace": json.dumps([{"step": "deviation", "value": "+2.2 %"}]),
        "ref_series": "s",
    }
    report = tmp_path / "report.json"
    report.write_text(json.dumps({"claims": [claim]}))
    res = runner.invoke(cli, ["explain", "abc", "--report", str(report)])
    assert res.exit_code == 0 and "deviation  +2.2 %" in res.output and "ref_series: s" in res.output
    res = runner.invoke(cli, ["explain", "zzz", "--report", str(report)])
    assert res.exit_code == 2 and "no claim 'zzz'" in res.output
