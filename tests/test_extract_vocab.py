"""Vocabulary files are validated when loaded; errors point at path:line:col."""

from __future__ import annotations

import json
from collections.abc import Iterator
from importlib import resources
from pathlib import Path

import pytest

from factcheck.errors import VocabularyError
from factcheck.extract import vocab
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


# --- built vocabularies kept between processes (vocab.use_store, cache.VocabStore) ----------------


class _DictStore:
    def __init__(self) -> None:
        self.data: dict[tuple[str, str], str] = {}
        self.loads = 0

    def load(self, lang: str, key: str) -> object | None:
        self.loads += 1
        text = self.data.get((lang, key))
        return None if text is None else json.loads(text)

    def save(self, lang: str, key: str, state: object) -> None:
        self.data[(lang, key)] = json.dumps(state)  # what the disk store keeps: JSON


@pytest.fixture
def fresh_vocabularies() -> Iterator[None]:
    """Vocabularies built again by the test; the process's own ones (and no store) afterwards."""
    vocabulary.cache_clear()
    yield
    vocab.use_store(None)
    vocabulary.cache_clear()


@pytest.mark.parametrize("lang", ["en", "de"])
def test_a_vocabulary_survives_its_json_state(lang: str) -> None:
    built = vocabulary(lang)  # type: ignore[arg-type]
    again = vocab.from_state(json.loads(json.dumps(vocab.to_state(built))))
    assert again == built
    assert again.re_candidate.pattern == built.re_candidate.pattern and again.re_candidate is not built.re_candidate
    assert type(again.unit_names[next(iter(again.unit_names))]) is vocab.UnitEntry


def test_a_stored_vocabulary_is_decoded_not_rebuilt(fresh_vocabularies: None, monkeypatch: pytest.MonkeyPatch) -> None:
    store = _DictStore()
    vocab.use_store(store)
    first = vocabulary("de")
    assert len(store.data) == 1
    vocabulary.cache_clear()

    def no_build(*args: object) -> object:
        raise AssertionError("rebuilt although the store had it")

    monkeypatch.setattr(vocab, "load_vocabulary", no_build)
    assert vocabulary("de") == first and store.loads == 2


def test_a_damaged_or_stale_state_is_rebuilt(fresh_vocabularies: None) -> None:
    store = _DictStore()
    vocab.use_store(store)
    built = vocabulary("en")
    ((lang, key),) = store.data
    store.data[(lang, key)] = json.dumps({"lang": {"what": 1}})
    vocabulary.cache_clear()
    assert vocabulary("en") == built  # rebuilt, not the damaged entry
    assert vocab.state_key("language: en\n") != vocab.state_key("language: en\n# edited\n") != key


def test_the_disk_store_keeps_one_entry_per_language(tmp_path: Path) -> None:
    from factcheck.cache import VocabStore

    store = VocabStore(tmp_path)
    assert store.load("en", "k1") is None
    store.save("en", "k1", {"a": [1, "x"]})
    store.save("de", "k1", {"b": 2})
    assert store.load("en", "k1") == {"a": [1, "x"]}
    store.save("en", "k2", {"a": 3})  # a new version replaces the old entry
    assert store.load("en", "k1") is None and store.load("en", "k2") == {"a": 3}
    assert sorted(p.name.split("-")[0] for p in store.root.iterdir()) == ["de", "en"]
    store._path("de", "k1").write_text("{not json", encoding="utf-8")
    assert store.load("de", "k1") is None
