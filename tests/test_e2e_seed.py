"""End to end over seeds/: the seed article's verdicts as ../shared/reference/seed-facts.md concludes."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from factcheck.io import InputFile, read_article
from factcheck.models import Document
from factcheck.pipeline import process_document
from factcheck.ruleset import load_ruleset

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "seeds" / "000_ce5965942d122815.txt"


@pytest.fixture(scope="module")
def verdicts() -> pd.DataFrame:
    doc = read_article(InputFile(SEED, "seeds/" + SEED.name))
    assert isinstance(doc, Document)
    return process_document(doc, load_ruleset([ROOT / "rules"]))


def _one(frame: pd.DataFrame, **where: object) -> pd.Series:
    sel = frame
    for k, v in where.items():
        sel = sel[sel[k] == v]
    assert len(sel) == 1, f"{where}: {sel[['text', 'kind', 'value', 'iso']].to_dict('records')}"
    return sel.iloc[0]


def test_trade_surplus_verified_against_us_series_with_japan_series_shown(verdicts: pd.DataFrame) -> None:
    row = _one(verdicts, kind="money", value=7e10)
    assert row["unit"] == "USD" and row["qualifier"] == "approx"
    assert row["status"] == "verified", row["explanation"]
    alternatives = json.loads(row["alternatives"])
    assert alternatives, "the Japan-side series must be shown too"
    assert "JPY" in json.dumps(alternatives) or "Japan" in json.dumps(alternatives)


def test_soldiers_verified(verdicts: pd.DataFrame) -> None:
    row = _one(verdicts, kind="count", value=50000.0)
    assert row["qualifier"] == "approx"
    assert row["status"] == "verified", row["explanation"]


def test_two_percent_of_gdp_contradicted_and_doubling_tied_to_it(verdicts: pd.DataFrame) -> None:
    pct = _one(verdicts, kind="percent", value=2.0)
    assert pct["status"] == "contradicted", pct["explanation"]
    mult = _one(verdicts, kind="multiplier", value=2.0)
    assert mult["related"] == pct["claim_id"]


def test_stargate_verified(verdicts: pd.DataFrame) -> None:
    row = _one(verdicts, kind="money", value=5e11)
    assert row["status"] == "verified", row["explanation"]


def test_dates_resolved_against_publication_date(verdicts: pd.DataFrame) -> None:
    inauguration = _one(verdicts, kind="date", iso="2025-01-20")
    assert inauguration["status"] == "verified", inauguration["explanation"]
    _one(verdicts, kind="date", iso="2025-02-07")
    _one(verdicts, kind="date", iso="2025-02-03")


def test_no_claims_from_non_figures(verdicts: pd.DataFrame) -> None:
    texts = " | ".join(verdicts["text"])
    for word in ("Trägerflotte", "erster", "eine ", "Open AI", "KI"):
        assert word not in texts, texts
    assert set(verdicts["kind"]) <= {"money", "count", "percent", "multiplier", "date"}
    assert len(verdicts[verdicts["kind"] != "date"]) == 5
