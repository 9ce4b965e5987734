"""Golden tests for factcheck.extract.dates; a new case is a new entry in golden/extract/dates_*.yaml."""

from __future__ import annotations

import datetime as dt
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
import yaml

from factcheck.errors import VocabularyError
from factcheck.extract import dates
from factcheck.extract.dates import find_blocked_spans, find_dates, parse_period
from factcheck.models import Lang

GOLDEN = Path(__file__).parent / "golden" / "extract"
LANG_DIR = Path(str(resources.files("factcheck.extract").joinpath("lang")))  # where the loader reads
SEED = Path(__file__).parents[1].parent / "shared" / "seeds" / "000_ce5965942d122815.txt"


def _golden(lang: Lang) -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load((GOLDEN / f"dates_{lang}.yaml").read_text(encoding="utf-8"))
    return data


def _params(section: str) -> list[Any]:
    out = []
    for lang in ("en", "de"):
        doc = _golden(lang)
        for i, case in enumerate(doc[section]):
            base = case["base"] if "base" in case else doc["base"]
            out.append(pytest.param(lang, base, case, id=f"{lang}-{i}-{case['text'][:40]}"))
    return out


@pytest.mark.parametrize(("lang", "base", "case"), _params("cases"))
def test_golden_dates(lang: Lang, base: dt.date | None, case: dict[str, Any]) -> None:
    text = case["text"]
    found = find_dates(text, lang, base, include_years=case.get("include_years", False))
    got = []
    for m in found:
        assert text[m.start : m.end] == m.text
        assert (m.kind, m.value, m.unit, m.lang) == ("date", None, None, lang)
        row = [m.text, m.iso] if m.qualifier == "exact" else [m.text, m.iso, m.qualifier]
        got.append(row if m.period is None else [*row, m.period])
    want = [[str(x) if x is not None else None for x in row] for row in case["dates"]]
    assert got == want
    assert [m.start for m in found] == sorted(m.start for m in found)


@pytest.mark.parametrize(("lang", "base", "case"), _params("blocked"))
def test_golden_blocked_spans(lang: Lang, base: dt.date | None, case: dict[str, Any]) -> None:
    text = case["text"]
    assert [text[s:e] for s, e in find_blocked_spans(text, lang)] == [str(x) for x in case["spans"]]


@pytest.mark.parametrize(("lang", "base", "case"), _params("periods"))
def test_golden_periods(lang: Lang, base: dt.date | None, case: dict[str, Any]) -> None:
    want = case["period"]
    assert parse_period(case["text"], lang, base) == (str(want) if want is not None else None)


@pytest.mark.skipif(not SEED.exists(), reason="shared seed article not present")
def test_seed_article_dates() -> None:
    found = find_dates(SEED.read_text(encoding="utf-8"), "de", dt.date(2025, 2, 3))
    assert [(m.text, m.iso) for m in found] == [
        ("Freitag", "2025-02-07"),
        ("20. Januar", "2025-01-20"),
        ("Montag", "2025-02-03"),
    ]


def test_bare_year_flagged_as_ambiguous() -> None:
    (m,) = find_dates("im Jahr 2023", "de", None, include_years=True)
    assert (m.iso, m.ambiguity) == ("2023", "bare year")


def test_no_base_date_marks_relative_phrases() -> None:
    (m,) = find_dates("last week", "en", None)
    assert (m.iso, m.ambiguity) == (None, "no publication date")


@pytest.mark.parametrize("lang", ["en", "de"])
def test_packaged_vocabularies_load(lang: Lang) -> None:
    vocab = dates.load_date_vocabulary(lang)
    assert sorted(set(vocab.months.values())) == list(range(1, 13))
    assert sorted(set(vocab.weekdays.values())) == list(range(7))


_BROKEN = [
    # (what is wrong, replace this, with that, line, col of the error)
    ("a month number out of range", "  12: [December]", "  13: [December]", 52, 3),
    ("a unit that is not a unit", "units: {day: day,", "units: {day: fortnight,", 84, 14),
    ("an unknown top-level key", "language: en", "language: en\nmonthz: {}", 39, 1),
    ("a YAML syntax error", "weekday_suffixes: []", "weekday_suffixes: [", 71, 1),
]


@pytest.mark.parametrize(("what", "old", "new", "line", "col"), _BROKEN, ids=[b[0] for b in _BROKEN])
def test_malformed_vocabulary_names_path_line_col(what: str, old: str, new: str, line: int, col: int) -> None:
    path = LANG_DIR / "dates_en.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    with pytest.raises(VocabularyError) as info:
        dates.parse_date_vocabulary(text.replace(old, new, 1), "dates_en.yaml")
    err = info.value
    assert err.path == "dates_en.yaml"
    assert (err.line, err.col) == (line, col), str(err)
    assert str(err).startswith(f"dates_en.yaml:{line}:{col}: ")


def test_packaged_vocabulary_errors_name_a_relative_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    broken = (LANG_DIR / "dates_de.yaml").read_text(encoding="utf-8").replace("  12: [Dezember]", "  13: [Dezember]")
    (tmp_path / "lang").mkdir()
    (tmp_path / "lang" / "dates_de.yaml").write_text(broken, encoding="utf-8")
    monkeypatch.setattr(dates.vocab.resources, "files", lambda _package: tmp_path)
    with pytest.raises(VocabularyError) as info:
        dates.load_date_vocabulary.__wrapped__("de")
    assert info.value.path == "factcheck/extract/lang/dates_de.yaml"
    assert str(info.value).startswith("factcheck/extract/lang/dates_de.yaml:")
    assert str(tmp_path) not in str(info.value)


def test_dateparser_is_memoized_and_only_sees_short_spans() -> None:
    dates._dateparser_date.cache_clear()
    base = dt.date(2025, 2, 3)
    for _ in range(3):
        (m,) = find_dates("The war ended fifteen years ago.", "en", base)
        assert m.iso == "2010"
    info = dates._dateparser_date.cache_info()
    assert (info.misses, info.hits) == (1, 2)
