"""The articles in seeds/ through the real pipeline (extract -> normalize -> check) with the bundled rules.

Expected verdicts of the seed article: ../shared/reference/seed-facts.md; of the invented example
articles (seeds/1*_aldwick_*.md): rules/examples.yaml and rules/reference/examples.csv.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from factcheck.io import discover, read_article
from factcheck.pipeline import process_document
from factcheck.ruleset import load_ruleset

ROOT = Path(__file__).resolve().parent.parent

EXPECTED = {
    "seeds/000_ce5965942d122815.txt": [
        ("Freitag", "unverified", None),
        ("20. Januar", "verified", "us-inauguration"),
        ("70 Milliarden Dollar", "verified", "jp-us-trade-surplus"),
        ("50.000", "verified", "us-troops-in-japan"),
        ("zwei Prozent", "contradicted", "jp-defence-share-of-gdp"),
        ("verdoppelt", "verified", "jp-defence-share-doubled"),
        ("500 Milliarden Dollar", "verified", "stargate-investment"),
        ("Montag", "unverified", None),
    ],
    "seeds/101_aldwick_en.md": [
        ("120,000", "verified", "aldwick-population"),
        ("40 percent", "verified", "aldwick-wind-share"),
        ("3 March 2024", "verified", "aldwick-wind-farm-opening"),
        ("3 percent", "contradicted", "aldwick-unemployment-change"),
        ("8 percent", "verified", "aldwick-unemployment-rate"),
        ("2,000", "unverified", None),
    ],
    "seeds/102_aldwick_de.md": [
        ("vergangenen Jahr", "unverified", None),
        ("120 Millionen Euro", "contradicted", "aldwick-investment-adds-up"),
        ("70 Millionen Euro", "unverified", "aldwick-investment-adds-up"),
        ("30 Millionen Euro", "unverified", "aldwick-investment-adds-up"),
        ("3 Prozentpunkte", "verified", "aldwick-unemployment-change"),
        ("8 Prozent", "verified", "aldwick-unemployment-rate"),
    ],
    "seeds/103_aldwick_mixed.md": [
        ("120,000", "verified", "aldwick-population"),
        ("150.000", "contradicted", "aldwick-population-consistent"),
        ("40 Prozent", "verified", "aldwick-wind-share"),
        ("180 Prozent", "contradicted", "aldwick-unemployment-rate"),
    ],
}


def verdicts(doc: str) -> pd.DataFrame:
    ruleset = load_ruleset([ROOT / "rules"])
    article = read_article(next(iter(discover([str(ROOT / doc)]))), default_date=None, default_language=None)
    return process_document(article, ruleset)  # type: ignore[arg-type]


@pytest.fixture(autouse=True)
def _cwd(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)


@pytest.mark.parametrize("doc", sorted(EXPECTED))
def test_seed_verdicts(doc: str) -> None:
    v = verdicts(doc)
    got = [
        (t, s, r if isinstance(r, str) else None) for t, s, r in zip(v["text"], v["status"], v["rule_id"], strict=True)
    ]
    assert got == EXPECTED[doc]
    assert v["reason"][v["status"] == "unverified"].notna().all()


def test_seed_explanations_match_seed_facts() -> None:
    v = verdicts("seeds/000_ce5965942d122815.txt").set_index("text")
    trade = v.loc["70 Milliarden Dollar"]
    assert trade["ref_series"] == "us_goods_balance_japan" and trade["ref_period"] == "2024"
    assert abs(trade["deviation"] - 0.0219) < 1e-3 and trade["tolerance"] == pytest.approx(0.10)
    alt = json.loads(trade["alternatives"])[0]
    assert alt["series"] == "jp_mof_trade_balance_us" and alt["status"] == "contradicted"
    assert alt["fx"]["rate"] == 150.97 and alt["value"] == pytest.approx(57.23e9, rel=1e-3)
    assert "preferred by rule jp-us-trade-surplus" in trade["explanation"]
    assert "reference 18 % below the claim" in trade["explanation"]
    troops = v.loc["50.000"]
    assert troops["ref_value"] == 54000 and round(troops["deviation"] * 100, 1) == -7.4
    share = v.loc["zwei Prozent"]
    assert share["expected"] == "about 1.8 %" and share["ref_period"] == "FY2025"
    assert "FY2027 target says 2 %" in share["explanation"]
    doubled = v.loc["verdoppelt"]
    assert "implies a base of 1 %" in doubled["explanation"] and doubled["ref_period"] == "FY2021"
    steps = [s["step"] for s in json.loads(trade["trace"])]
    assert steps[:3] == ["text", "parsed value", "normalized value"] and steps[-1] == "status"
    assert {"reference value", "deviation", "tolerance"} <= set(steps)
    assert v.loc["20. Januar", "ref_iso"] == "2025-01-20"
    assert trade["ref_url"].startswith("https://www.census.gov/") and len(trade["ref_hash"]) == 12


@pytest.mark.slow
def test_gx_parity_on_seeds() -> None:
    from factcheck import gx

    ruleset = load_ruleset([ROOT / "rules"])
    frames = pd.concat([verdicts(d) for d in sorted(EXPECTED)], ignore_index=True)
    expected = gx.pandas_flags(frames, ruleset)
    assert expected  # the seed's 2 %, the example articles' contradictions
    assert gx.audit(frames, ruleset) == expected
