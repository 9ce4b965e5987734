"""``--engine dask``: the same pure per-article function on a Dask cluster gives byte-identical reports.

A ``LocalCluster`` of two worker processes on loopback stands in for a real scheduler; its workers are
fresh interpreters (spawned), so they run the real pipeline, unpatched.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from test_batch import corpus, in_memory, render_csv, render_json, ruleset_for, run, written_pages


@pytest.fixture(scope="module")
def scheduler() -> Iterator[str]:
    distributed = pytest.importorskip("dask.distributed")
    cluster: Any = distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address=None
    )
    try:
        yield str(cluster.scheduler_address)
    finally:
        cluster.close()


def test_dask_gives_byte_identical_reports_and_uses_the_cache(tmp_path: Path, scheduler: str) -> None:
    from factcheck.cache import ResultCache

    root = corpus(tmp_path, 10, boom=False)
    rs = ruleset_for(tmp_path)
    local = run(root, rs, tmp_path, "local", workers=1, chunk_size=4)
    cache = ResultCache(tmp_path / "cache")
    remote = run(root, rs, tmp_path, "dask", engine="dask", scheduler=scheduler, chunk_size=3, cache=cache)
    assert render_json(remote) == render_json(local) == render_json(in_memory(root, rs))
    assert render_csv(remote) == render_csv(local)
    assert remote.stats.cache_misses == 10 and remote.stats.cache_hits == 0
    for d in local.docs:
        assert remote.body(d.doc) == local.body(d.doc)
    again = run(root, rs, tmp_path, "again", engine="dask", scheduler=scheduler, chunk_size=3, cache=cache)
    assert (again.stats.cache_hits, again.stats.cache_misses) == (10, 0)
    assert render_json(again) == render_json(local)


def test_dask_workers_render_the_same_report_pieces(tmp_path: Path, scheduler: str) -> None:
    """What ``factcheck check --engine dask`` runs: pieces rendered on the cluster (and, for cache
    hits, on the client) join to the same reports as a local run's."""
    from factcheck.cache import ResultCache
    from factcheck.report.formats import render
    from factcheck.report.pieces import PIECE_FORMATS

    root = corpus(tmp_path, 8, boom=False)
    rs = ruleset_for(tmp_path)
    local = run(root, rs, tmp_path, "local", workers=1, chunk_size=4)
    cache = ResultCache(tmp_path / "cache")
    kw = {"engine": "dask", "scheduler": scheduler, "chunk_size": 3, "cache": cache, "prerender": PIECE_FORMATS}
    remote = run(root, rs, tmp_path, "dask", **kw)
    again = run(root, rs, tmp_path, "again", **kw)
    assert again.stats.cache_hits == 8 and remote.stats.cache_misses == 8
    for name in PIECE_FORMATS:
        assert render(name, remote) == render(name, local) == render(name, again), name
    assert remote.pieces("html") is not None and local.pieces("html") is None
    # as the CLI runs it: the client writes the article pages as the cluster's results come back
    paged = run(root, rs, tmp_path, "paged", **{**kw, "pages_dir": tmp_path / "report"})
    assert paged.pages_written
    expected = {n: t for n, t in render("html", local).items() if n.startswith("articles/")}
    assert written_pages(tmp_path / "report") == expected


def test_unreachable_scheduler_is_a_usage_error(tmp_path: Path) -> None:
    from factcheck.errors import UsageError

    root = corpus(tmp_path, 1, boom=False, extras=False)
    with pytest.raises(UsageError, match="cannot reach the Dask scheduler"):
        run(root, ruleset_for(tmp_path), tmp_path, "x", engine="dask", scheduler="tcp://127.0.0.1:9")
