"""Vocabulary files are validated when loaded; errors point at path:line:col."""

from __future__ import annotations

from importlib import resources

import pytest

from factcheck.errors import VocabularyError
from factcheck.extract.vocab import _shared, load_vocabulary, vocabulary
from factcheck.normalize import parse_unit


def _en() -> str:
    return resources.files("factcheck.extract").joinpath("lang", "en.yaml").read_text(encoding="utf-8")


@pytest.mark.parametrize("lang", ["en", "de"])
def test_shipped_vocabularies_load_and_units_parse(lang: str) -> None:
    v = vocabulary(lang)  # type: ignore[arg-type]
    for entry in [*v.unit_names.values(), *v.unit_symbols.values()]:
        parse_unit(entry.unit)


def test_bad_unit_points_at_entry() -> None:
    good = "{unit: km, kind: quantity, names: [kilometre"
    text = _en().replace(good, good.replace("km,", "kmx,"))
    with pytest.raises(VocabularyError) as exc:
        load_vocabulary(text, "en.yaml", _shared())
    err = exc.value
    assert err.path == "en.yaml" and err.line > 0 and err.col > 0
    assert "kmx" in str(err)
    assert text.splitlines()[err.line - 1][err.col - 1 :].startswith("kmx")


def test_wrong_type_points_at_value() -> None:
    text = _en().replace("scales: {thousand: 1.0e+3", "scales: {thousand: lots")
    with pytest.raises(VocabularyError) as exc:
        load_vocabulary(text, "en.yaml", _shared())
    assert "thousand" in str(exc.value) and exc.value.line > 0


def test_unknown_key_and_syntax_error() -> None:
    with pytest.raises(VocabularyError, match="unknown key"):
        load_vocabulary(_en() + "\nspelling: x\n", "en.yaml", _shared())
    with pytest.raises(VocabularyError) as exc:
        load_vocabulary("language: en\nstopwords: [a, b\n", "bad.yaml")
    assert exc.value.location.startswith("bad.yaml:")
