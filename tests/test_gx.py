"""Great Expectations: reference-data validation (with its cache) and GX/pandas parity on the claims."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from factcheck import gx
from factcheck.errors import ReferenceDataError
from factcheck.lexicon import build_lexicon
from factcheck.reference import load_reference_text
from factcheck.rulecases import load_casefile, run_casefile
from factcheck.ruleset import RuleSet, load_ruleset

ROOT = Path(__file__).resolve().parent.parent
CASE_FILES = sorted(p.relative_to(ROOT) for p in (ROOT / "tests" / "cases").glob("*.yaml"))
HEADER = "series,period,value,unit,source_name,source_url,retrieved,note,status\n"


@pytest.fixture(autouse=True)
def _cwd(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)


def _corpus(case_file: Path) -> tuple[pd.DataFrame, RuleSet]:
    _, ruleset = load_casefile(case_file)
    frames = []
    for i, res in enumerate(run_casefile(case_file)):
        f = res.verdicts.copy()
        f["claim_id"] = [f"{i}:{c}" for c in f["claim_id"]]
        frames.append(f)
    return pd.concat(frames, ignore_index=True), ruleset


@pytest.mark.slow
@pytest.mark.parametrize("case_file", [c.as_posix() for c in CASE_FILES])
def test_gx_and_pandas_flag_the_same_claims(case_file: str) -> None:
    verdicts, ruleset = _corpus(Path(case_file))
    expected = gx.pandas_flags(verdicts, ruleset)
    assert gx.audit(verdicts, ruleset) == expected


def test_parity_corpus_is_not_trivial() -> None:
    flagged = set()
    for c in CASE_FILES:
        verdicts, ruleset = _corpus(c)
        flagged |= {f"{c.stem}/{x}" for x in gx.pandas_flags(verdicts, ruleset)}
    assert len(flagged) >= 12  # reference and range contradictions of many shapes


def test_suite_is_json_with_conditions_and_claim_id_index() -> None:
    suite = gx.build_suite(load_ruleset([ROOT / "rules"]))
    text = json.dumps(suite)
    assert suite["name"] == gx.SUITE_NAME
    assert suite["meta"]["unexpected_index_column_names"] == ["claim_id"]
    kinds = {e["type"] for e in suite["expectations"]}
    assert kinds == {"expect_column_values_to_be_between"}
    cond = {
        "column": {"name": "rule_id"},
        "operator": "==",
        "parameter": "jp-us-trade-surplus",
        "type": "comparison",
    }
    trade = [e for e in suite["expectations"] if cond in e["kwargs"]["row_condition"].get("conditions", [])]
    assert trade and all(e["kwargs"]["row_condition"]["type"] == "and" for e in trade)
    assert "claim_id" in text


def _ruleset_with(path: Path, text: str) -> RuleSet:
    path.write_text(text, encoding="utf-8")
    table = load_reference_text(HEADER + "s,2024,1,percent,X,https://x.org,2025-01-01,,seen\n", path.as_posix())
    return RuleSet(rules=(), references={path.as_posix(): table}, lexicon=build_lexicon({}, {}))


@pytest.mark.slow
def test_gx_names_file_row_and_column(tmp_path: Path) -> None:
    bad = (
        HEADER
        + "s,2024,1,percent,X,https://x.org,2025-01-01,,seen\nt,2024,2,bananas,X,https://x.org,2025-01-01,,seen\n"
    )
    rs = _ruleset_with(tmp_path / "ref.csv", bad)
    with pytest.raises(ReferenceDataError) as info:
        gx.validate_reference_data(rs, None)
    err = info.value
    assert err.path == (tmp_path / "ref.csv").as_posix() and err.line == 3
    assert "column 'unit'" in err.message and "bananas" in err.message


@pytest.mark.slow
def test_pass_is_cached_by_content(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    rs = load_ruleset([ROOT / "rules"])
    gx.validate_reference_data(rs, tmp_path)
    assert json.loads((tmp_path / gx.CACHE_FILE).read_text())["result"] == "pass"

    def boom() -> None:
        raise AssertionError("GX must not run for an unchanged reference set")

    monkeypatch.setattr(gx, "_gx", boom)
    gx.validate_reference_data(rs, tmp_path)  # cached: GX is not touched
    changed = _ruleset_with(tmp_path / "other.csv", HEADER + "s,2024,1,percent,X,https://x.org,2025-01-01,,seen\n")
    with pytest.raises(AssertionError, match="must not run"):
        gx.validate_reference_data(changed, tmp_path)
