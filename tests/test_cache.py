"""The result cache: a warm re-run only re-reads; a change recomputes exactly what it affects."""

from __future__ import annotations

import json
import pickle
from pathlib import Path
from typing import Any

import pytest
from test_batch import corpus, render_json, ruleset_for, run, standin_process_document

from factcheck.cache import ResultCache, document_key


@pytest.fixture
def standin(monkeypatch: pytest.MonkeyPatch) -> None:
    """The fast stand-in pipeline (the cache does not care what computed the verdicts)."""
    import factcheck.pipeline

    monkeypatch.setattr(factcheck.pipeline, "process_document", standin_process_document)


def _run(root: Path, rs: Any, tmp: Path, name: str, cache: ResultCache | None, **kw: Any) -> Any:
    return run(root, rs, tmp, name, workers=1, chunk_size=8, cache=cache, **kw)


def test_second_run_is_all_hits_and_identical(tmp_path: Path, standin: None) -> None:
    root = corpus(tmp_path, 20, extras=False)
    rs = ruleset_for(tmp_path)
    cache = ResultCache(tmp_path / "cache")
    cold = _run(root, rs, tmp_path, "cold", cache)
    warm = _run(root, rs, tmp_path, "warm", cache)
    assert (cold.stats.cache_hits, cold.stats.cache_misses) == (0, 20)
    assert (warm.stats.cache_hits, warm.stats.cache_misses) == (20, 0)
    assert render_json(warm) == render_json(cold)
    assert len(list((tmp_path / "cache").rglob("*.arrow"))) == 20


def test_no_cache_bypasses(tmp_path: Path, standin: None) -> None:
    root = corpus(tmp_path, 5, extras=False)
    rs = ruleset_for(tmp_path)
    r = _run(root, rs, tmp_path, "none", None)
    assert (r.stats.cache_hits, r.stats.cache_misses) == (0, 5)
    assert not (tmp_path / "cache").exists()


def test_rule_or_reference_change_recomputes_and_unchanged_hits(tmp_path: Path, standin: None) -> None:
    root = corpus(tmp_path, 6, extras=False)
    cache = ResultCache(tmp_path / "cache")
    rs1 = ruleset_for(tmp_path, "rules: []\n")
    _run(root, rs1, tmp_path, "a", cache)
    assert _run(root, ruleset_for(tmp_path, "rules: []\n"), tmp_path, "b", cache).stats.cache_hits == 6
    rs2 = ruleset_for(tmp_path, "# a reviewer changed the rules\nrules: []\n")
    assert rs2.sha256 != rs1.sha256
    changed = _run(root, rs2, tmp_path, "c", cache)
    assert (changed.stats.cache_hits, changed.stats.cache_misses) == (0, 6)
    # both versions stay cached: switching back is free
    assert _run(root, rs1, tmp_path, "d", cache).stats.cache_hits == 6


def test_article_edit_recomputes_that_article_only(tmp_path: Path, standin: None) -> None:
    root = corpus(tmp_path, 6, extras=False)
    rs = ruleset_for(tmp_path)
    cache = ResultCache(tmp_path / "cache")
    _run(root, rs, tmp_path, "a", cache)
    victim = sorted(root.rglob("*.md"))[2]
    victim.write_text(victim.read_text("utf-8") + "\nA late addition: 42 more.\n", encoding="utf-8")
    r = _run(root, rs, tmp_path, "b", cache)
    assert (r.stats.cache_hits, r.stats.cache_misses) == (5, 1)
    claims = json.loads(render_json(r))["claims"]
    assert any(c["text"] == "42" for c in claims)


def test_metadata_policy_and_defaults_are_part_of_the_key(tmp_path: Path, standin: None) -> None:
    import datetime as dt

    root = corpus(tmp_path, 3, extras=False)
    rs = ruleset_for(tmp_path)
    cache = ResultCache(tmp_path / "cache")
    _run(root, rs, tmp_path, "a", cache)
    assert _run(root, rs, tmp_path, "b", cache, fail_on=("contradicted",)).stats.cache_misses == 3
    # front matter carries a date, so a default date changes nothing; a default language does
    assert _run(root, rs, tmp_path, "c", cache, default_date=dt.date(2020, 1, 1)).stats.cache_hits == 3
    assert _run(root, rs, tmp_path, "d", cache, default_language="de").stats.cache_misses == 3
    # a sidecar or front-matter change (here: the title) is a different article
    first = sorted(root.rglob("*.md"))[0]
    first.write_text(first.read_text("utf-8").replace("title:", "title: Updated", 1), encoding="utf-8")
    assert _run(root, rs, tmp_path, "e", cache).stats.cache_misses == 1


def test_errors_are_not_cached_and_corrupt_entries_are_misses(tmp_path: Path, standin: None) -> None:
    root = corpus(tmp_path, 3, extras=True)
    rs = ruleset_for(tmp_path)
    cache = ResultCache(tmp_path / "cache")
    first = _run(root, rs, tmp_path, "a", cache)
    assert any("exploded" in s.reason for s in first.skipped)
    entries = sorted((tmp_path / "cache").rglob("*.arrow"))
    assert len(entries) == 3  # the article that raised is retried next time
    entries[0].write_bytes(b"not arrow at all")
    again = _run(root, rs, tmp_path, "b", cache)
    assert (again.stats.cache_hits, again.stats.cache_misses) == (2, 2)
    assert render_json(again) == render_json(first)


def test_the_cache_and_the_rule_set_pickle(tmp_path: Path) -> None:
    cache = ResultCache(tmp_path / "c")
    assert pickle.loads(pickle.dumps(cache)).root == cache.root
    rs = ruleset_for(tmp_path)
    assert pickle.loads(pickle.dumps(rs)).sha256 == rs.sha256


def test_document_key_covers_text_name_and_metadata() -> None:
    import datetime as dt

    from factcheck.models import Document

    base = Document(doc="a.md", body="Some 5 things.", date=dt.date(2024, 1, 1), sha256="x")
    variants = [
        Document(doc="b.md", body="Some 5 things.", date=dt.date(2024, 1, 1), sha256="x"),
        Document(doc="a.md", body="Some 6 things.", date=dt.date(2024, 1, 1), sha256="x"),
        Document(doc="a.md", body="Some 5 things.", date=dt.date(2024, 1, 2), sha256="x"),
        Document(doc="a.md", body="Some 5 things.", date=dt.date(2024, 1, 1), sha256="x", language="de"),
    ]
    keys = {document_key(base), *(document_key(v) for v in variants)}
    assert len(keys) == 5
    assert document_key(base) == document_key(
        Document(doc="a.md", body="Some 5 things.", date=dt.date(2024, 1, 1), sha256="x")
    )


@pytest.mark.parametrize("bad", ["missing", "empty"])
def test_get_of_a_missing_or_empty_entry_is_none(tmp_path: Path, bad: str) -> None:
    cache = ResultCache(tmp_path)
    key = "ab" + "0" * 62
    if bad == "empty":
        cache.path(key).parent.mkdir(parents=True)
        cache.path(key).write_bytes(b"")
    assert cache.get(key) is None
