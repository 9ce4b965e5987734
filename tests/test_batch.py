"""Batch runs: workers and chunking do not change a byte of output; streaming keeps memory flat;
Ctrl-C keeps what is done and a restart with the cache does not redo it.

Plumbing tests (the ``standin`` fixture) run a stand-in ``process_document``, a deterministic regex
extractor that fills the documented schema, fast and with a planted failure ("BOOM"); the others run
the real pipeline.
"""

from __future__ import annotations

import gc
import hashlib
import json
import re
import sys
import types
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

import generate  # noqa: E402  (bench/generate.py)

_NUMBER = re.compile(r"\d[\d.,]*\d|\d")


def standin_process_document(doc: Any, ruleset: Any, fail_on: Any = None) -> pd.DataFrame:
    """Every number is a claim; the status follows the number; "BOOM" in an article raises.
    With ``fail_on``, the ``fails`` column is added, as the real one adds it."""
    from factcheck.schema import ALL_VERDICT_FRAME_COLUMNS, CLAIM_COLUMNS, NORMALIZED_COLUMNS, VERDICT_COLUMNS

    if "BOOM" in doc.body:
        raise RuntimeError("stand-in extractor exploded")
    specs = {**CLAIM_COLUMNS, **NORMALIZED_COLUMNS, **VERDICT_COLUMNS}
    cols: dict[str, list[Any]] = {c: [] for c in ALL_VERDICT_FRAME_COLUMNS}
    for m in _NUMBER.finditer(doc.body):
        value = float(re.sub(r"[.,]", "", m.group()))
        line = doc.body.count("\n", 0, m.start()) + 1 + doc.line_offset
        col = m.start() - (doc.body.rfind("\n", 0, m.start()) + 1) + 1
        cid = hashlib.sha1(f"{doc.doc}|{m.start()}|{m.group()}".encode()).hexdigest()[:16]
        status = ("verified", "contradicted", "unverified")[int(value) % 3]
        row: dict[str, Any] = {
            "claim_id": cid, "doc": doc.doc, "lang": "en", "start": m.start(), "end": m.end(),
            "line": line, "col": col, "sentence": doc.body[max(0, m.start() - 20) : m.end() + 20],
            "text": m.group(), "kind": "count", "value": value, "low": value, "high": value,
            "qualifier": "exact", "resolution": 1.0, "subject": "things", "dimension": "[count]",
            "norm_value": value, "norm_unit": "count", "norm_low": value, "norm_high": value,
            "status": status, "severity": "warning", "explanation": f"stand-in says {status}",
            "trace": "[]", "outdated": False, "fingerprint": cid, "deviation": float("nan"),
        }  # fmt: skip
        for c in ALL_VERDICT_FRAME_COLUMNS:
            cols[c].append(row.get(c))
    frame = pd.DataFrame(
        {c: pd.Series(v, dtype=specs[c][0] if specs[c][0] != "float64" else "float64") for c, v in cols.items()}
    )
    if fail_on is None:
        return frame
    from factcheck.pipeline import failing

    return frame.assign(fails=failing(frame, fail_on).to_numpy())


@pytest.fixture
def standin(monkeypatch: pytest.MonkeyPatch) -> None:
    """Plumbing tests run the fast stand-in even when the real pipeline is there (workers fork it)."""
    import factcheck.pipeline

    monkeypatch.setattr(factcheck.pipeline, "process_document", standin_process_document)


class FakeRuleSet:
    """Picklable stand-in for a rule set when the test is about plumbing, not checking."""

    def __init__(self, sha256: str = "rules-v1") -> None:
        self.sha256 = sha256


def ruleset_for(tmp: Path, text: str = "rules: []\n") -> Any:
    """A real rule set loaded from a rule file (its sha256 changes with the file)."""
    from factcheck.ruleset import load_ruleset

    rules = tmp / "rules"
    rules.mkdir(exist_ok=True)
    (rules / "rules.yaml").write_text(text, encoding="utf-8")
    return load_ruleset([ROOT / "rules", rules / "rules.yaml"])


def corpus(tmp: Path, count: int, *, size: int = 600, seed: int = 7, extras: bool = True, boom: bool = True) -> Path:
    """Generated articles, plus (``extras``) a binary file, an unsupported file and one that raises."""
    root = tmp / "articles"
    generate.generate(
        root, count, seed=seed, size=size, per_folder=max(1, count // 3), figure_share=generate.DENSE_FIGURE_SHARE
    )
    if extras:
        (root / "batch-0000" / "broken.txt").write_bytes(b"\x00\x01binary")
        (root / "batch-0000" / "notes.pdf").write_bytes(b"%PDF")
        if boom:
            (root / "batch-0001" / "zz-boom.md").write_text("It went BOOM at 3 places.\n", encoding="utf-8")
    return root


def inputs(root: Path) -> Iterator[Any]:
    from factcheck.io import discover

    return discover([root])


def render_json(run: Any) -> str:
    from factcheck.report import json_report

    return json_report.render(run)


def render_csv(run: Any) -> str:
    from factcheck.report import csv_report

    return csv_report.render(run)


def run(root: Path, ruleset: Any, tmp: Path, name: str, **kw: Any) -> Any:
    from factcheck.batch import run_batch

    return run_batch(inputs(root), ruleset, work_dir=tmp / name / ".parts", **kw)


def written_pages(folder: Path) -> dict[str, str]:
    """The article pages a run wrote into ``folder``, keyed as ``html.render`` keys them."""
    return {f"articles/{p.name}": p.read_text(encoding="utf-8") for p in (folder / "articles").iterdir()}


def in_memory(root: Path, ruleset: Any, found: Iterable[Any] | None = None) -> Any:
    """The reference: everything in memory, one process, through ``pipeline.collect``."""
    from factcheck import pipeline
    from factcheck.io import read_article
    from factcheck.models import Skipped

    def items() -> Iterator[Any]:
        for inp in inputs(root) if found is None else found:
            d = read_article(inp)
            if isinstance(d, Skipped):
                yield None, None, None, d
            else:
                yield (d, *pipeline.process_safely(d, ruleset))

    return pipeline.collect(items(), {})


@pytest.mark.parametrize("pipeline", ["standin", "real"])
def test_workers_and_chunking_give_byte_identical_reports(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pipeline: str
) -> None:
    if pipeline == "standin":
        import factcheck.pipeline

        monkeypatch.setattr(factcheck.pipeline, "process_document", standin_process_document)
    root = corpus(tmp_path, 45 if pipeline == "standin" else 14, boom=pipeline == "standin")
    rs = ruleset_for(tmp_path)
    reference = in_memory(root, rs)
    one = run(root, rs, tmp_path, "one", workers=1, chunk_size=7)
    two = run(root, rs, tmp_path, "two", workers=2, chunk_size=5)
    big = run(root, rs, tmp_path, "big", workers=2, chunk_size=1000)
    expected_json, expected_csv = render_json(reference), render_csv(reference)
    assert json.loads(expected_json)["summary"]["claims"] > 50
    assert json.loads(expected_json)["summary"]["skipped"] >= 2
    for r in (one, two, big):
        assert render_json(r) == expected_json
        assert render_csv(r) == expected_csv
        assert [d.doc for d in r.docs] == sorted(d.doc for d in r.docs)
        for d in r.docs:
            assert r.body(d.doc) == reference.body(d.doc)
    assert two.stats.parts > one.stats.parts > 1


def test_result_holds_only_the_index_in_memory(tmp_path: Path, standin: None) -> None:
    root = corpus(tmp_path, 300, size=250, extras=False)
    r = run(root, ruleset_for(tmp_path), tmp_path, "mem", workers=1, chunk_size=16)
    assert len(r.docs) == 300
    assert r._frames == {} and r._bodies == {} and r._all is None and not r._parts
    assert set(r._locs) == {d.doc for d in r.docs}
    n = sum(1 for _ in r.frames())
    assert n == sum(1 for d in r.docs if d.n_claims)
    assert len(r._parts) <= 2  # iterating every frame keeps at most two parts in memory
    parts = list((tmp_path / "mem" / ".parts").glob("part-*.parquet"))
    assert len(parts) == r.stats.parts == -(-300 // 16)
    r.close()
    assert not (tmp_path / "mem" / ".parts").exists()


class LiveObjects:
    """A progress display that counts, after every chunk, the live frames and documents."""

    def __init__(self) -> None:
        self.samples: list[tuple[int, int, int]] = []

    def start(self, total: int | None) -> None:
        pass

    def advance(self, *, files: int, claims: int, failing: int, errors: int) -> None:
        from factcheck.models import Document

        gc.collect()
        objs = gc.get_objects()
        frames = sum(1 for o in objs if isinstance(o, pd.DataFrame))
        docs = sum(1 for o in objs if isinstance(o, Document))
        done = files + (self.samples[-1][0] if self.samples else 0)
        self.samples.append((done, frames, docs))

    def finish(self, *, interrupted: bool = False) -> None:
        pass


def deep_size(obj: Any, seen: set[int] | None = None) -> int:
    """Bytes held by ``obj`` and everything it references (modules, classes and functions excluded)."""
    seen = set() if seen is None else seen
    if id(obj) in seen or isinstance(obj, (type, types.ModuleType, types.FunctionType)):
        return 0
    seen.add(id(obj))
    size = sys.getsizeof(obj)
    if isinstance(obj, dict):
        size += sum(deep_size(k, seen) + deep_size(v, seen) for k, v in obj.items())
    elif isinstance(obj, (list, tuple, set, frozenset)):
        size += sum(deep_size(x, seen) for x in obj)
    elif hasattr(obj, "__dict__") or hasattr(obj, "__slots__"):
        names = list(getattr(obj, "__dict__", {})) + [
            n for c in type(obj).__mro__ for n in getattr(c, "__slots__", ()) if isinstance(n, str)
        ]
        size += sum(deep_size(getattr(obj, n), seen) for n in set(names) if hasattr(obj, n))
    return size


@pytest.mark.slow
def test_memory_grows_only_by_the_index(tmp_path: Path, standin: None) -> None:
    """A few thousand tiny articles: the live frames and documents stay bounded by the chunks in flight
    while the run goes on, and what the result keeps grows by the index only (a few hundred bytes
    per article; frames and bodies stay on disk)."""
    root = corpus(tmp_path, 3000, size=150, extras=False, seed=3)
    rs = ruleset_for(tmp_path)
    live = LiveObjects()
    r = run(root, rs, tmp_path, "flat", workers=1, chunk_size=250, progress=live)
    assert len(r.docs) == 3000 and len(live.samples) == 12
    first, last = live.samples[0], live.samples[-1]
    assert last[0] == 3000
    assert last[1] <= first[1] + 2 and last[2] <= first[2] + 2, live.samples  # flat, not per article
    assert max(docs for _, _, docs in live.samples) < 250
    index_bytes = deep_size(r) / len(r.docs)
    assert r._frames == {} and r._bodies == {} and r._all is None
    assert index_bytes < 1500, f"{index_bytes:.0f} bytes per article"
    on_disk = sum(f.memory_usage(deep=True).sum() for f in r.frames()) / len(r.docs)
    on_disk += sum(len(r.body(d.doc)) for d in r.docs) / len(r.docs)
    assert on_disk > 2 * index_bytes  # holding frames or bodies would have shown


class InterruptAfter:
    """A progress display that presses Ctrl-C after ``n`` chunks."""

    def __init__(self, n: int) -> None:
        self.n = n
        self.calls = 0
        self.finished: bool | None = None

    def start(self, total: int | None) -> None:
        pass

    def advance(self, *, files: int, claims: int, failing: int, errors: int) -> None:
        self.calls += 1
        if self.calls == self.n:
            raise KeyboardInterrupt

    def finish(self, *, interrupted: bool = False) -> None:
        self.finished = interrupted


@pytest.mark.parametrize("workers", [1, 2])
def test_interrupted_run_is_partial_and_resumes_from_the_cache(tmp_path: Path, workers: int, standin: None) -> None:
    from factcheck.cache import ResultCache

    total = 60 if workers == 1 else 200  # with a pool, chunks in flight finish after Ctrl-C too
    root = corpus(tmp_path, total, size=300, extras=False)
    rs = ruleset_for(tmp_path)
    cache = ResultCache(tmp_path / "cache")
    stop = InterruptAfter(3)
    first = run(root, rs, tmp_path, "first", workers=workers, chunk_size=10, cache=cache, progress=stop)
    assert stop.finished is True
    assert first.partial and first.meta["partial"] is True
    assert json.loads(render_json(first))["meta"]["partial"] is True
    done = len(first.docs)
    assert 30 <= done < total
    assert first.stats.cache_misses == done

    second = run(root, rs, tmp_path, "second", workers=workers, chunk_size=10, cache=cache)
    assert not second.partial
    assert len(second.docs) == total
    assert second.stats.cache_hits >= done
    assert second.stats.cache_misses == total - second.stats.cache_hits
    fresh = run(root, rs, tmp_path, "fresh", workers=1, chunk_size=total)
    assert render_json(second) == render_json(fresh)


def test_interrupt_in_the_middle_of_an_in_process_chunk_keeps_the_articles_done(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, standin: None
) -> None:
    from factcheck import batch

    root = corpus(tmp_path, 20, extras=False)
    real = batch.process_one
    seen: list[str] = []

    def flaky(doc: Any, ruleset: Any, settings: Any) -> Any:
        if len(seen) == 13:
            raise KeyboardInterrupt
        seen.append(doc.doc)
        return real(doc, ruleset, settings)

    monkeypatch.setattr(batch, "process_one", flaky)
    rs = ruleset_for(tmp_path)
    out = tmp_path / "report"
    r = run(root, rs, tmp_path, "mid", workers=1, chunk_size=8, prerender=("html",), pages_dir=out)
    assert r.partial
    assert sorted(d.doc for d in r.docs) == sorted(seen)
    assert len(r.docs) == 13
    for d in r.docs:
        assert r.body(d.doc)
    # the pages written link only to pages that exist: the last one done no longer to the next input
    from factcheck.report import html

    done = [inp for inp in inputs(root) if inp.name in set(seen)]
    expected = {n: t for n, t in html.render(in_memory(root, rs, done)).items() if n.startswith("articles/")}
    assert written_pages(out) == expected


def test_one_bad_article_never_stops_the_run(tmp_path: Path, standin: None) -> None:
    root = corpus(tmp_path, 12)
    r = run(root, ruleset_for(tmp_path), tmp_path, "bad", workers=2, chunk_size=3)
    reasons = {s.doc.rsplit("/", 1)[-1]: s.reason for s in r.skipped}
    assert "binary" in reasons["broken.txt"]
    assert "unsupported" in reasons["notes.pdf"]
    assert "exploded" in reasons["zz-boom.md"]
    assert next(d for d in r.docs if d.doc.endswith("zz-boom.md")).error
    assert len([d for d in r.docs if d.error is None]) == 12


def test_usage_errors() -> None:
    from factcheck.batch import run_batch
    from factcheck.errors import UsageError

    with pytest.raises(UsageError, match="scheduler"):
        run_batch([], FakeRuleSet(), work_dir=Path("unused"), engine="dask")
    with pytest.raises(UsageError, match="workers"):
        run_batch([], FakeRuleSet(), work_dir=Path("unused"), workers=0)


def test_progress_lines_when_not_a_tty(tmp_path: Path, standin: None) -> None:
    import io

    from factcheck.progress import LineProgress, make_progress

    assert make_progress(quiet=True) is None
    assert isinstance(make_progress(quiet=False, stream=io.StringIO()), LineProgress)
    out = io.StringIO()
    root = corpus(tmp_path, 30, extras=False)
    r = run(
        root,
        ruleset_for(tmp_path),
        tmp_path,
        "p",
        workers=1,
        chunk_size=10,
        progress=LineProgress(out, every_files=10),
        total=30,
    )
    lines = out.getvalue().splitlines()
    assert lines[0].startswith("progress: 10/30 files (33%)")
    assert lines[-1].startswith(f"done: 30/30 files (100%), {r.stats.claims} claims")


@pytest.mark.parametrize("workers", [1, 2])
def test_reports_rendered_in_the_workers_equal_rendering_from_the_frames(tmp_path: Path, workers: int) -> None:
    """Waivers applied and pieces rendered by the workers (what ``factcheck check`` does) give the
    same bytes, in every piece format, as rendering the waived in-memory run in one process; stale
    entries come out the same too."""
    import dataclasses
    import datetime as dt

    from factcheck import waivers
    from factcheck.report.formats import render
    from factcheck.report.pieces import PIECE_FORMATS

    root = corpus(tmp_path, 12, boom=False)
    first = sorted(root.rglob("*.md"))[0]
    first.write_text(
        first.read_text(encoding="utf-8").replace("\n\n", "\n\n<!-- factcheck-disable: checked by hand -->\n", 1),
        encoding="utf-8",
    )
    rs = ruleset_for(tmp_path)
    reference = in_memory(root, rs)
    docs = [d.doc for d in reference.docs if d.n_failing][:3]
    failing = [f for f in reference.frames() if str(f["doc"].iloc[0]) in docs]
    entries = waivers.baseline_entries(failing, who="t", note="known", when=dt.date(2026, 1, 1))
    stale = dataclasses.replace(entries[0], fingerprint="gone", claim_id="gone")
    text = waivers.dumps("factcheck-baseline", [*entries[1:], stale])
    w = waivers.Waivers.build({}, [waivers.parse(text, "baseline.json")])
    from factcheck.io import read_article

    marks = {d.doc: d.suppressions for d in map(read_article, inputs(root)) if getattr(d, "suppressions", ())}
    assert marks, "the marker was read"
    expected = waivers.apply_run(reference, waivers.Waivers.build(marks, [waivers.parse(text, "baseline.json")]))
    r = run(root, rs, tmp_path, f"w{workers}", workers=workers, chunk_size=5, waivers=w, prerender=PIECE_FORMATS)
    assert r.waived and r.prerendered == PIECE_FORMATS
    assert r.suppressions == marks  # read by the workers, so the CLI need not read the files again
    r.meta["stale"] = r.stale  # what the CLI's ``finish`` records (tests/test_ci_cli.py)
    assert r.stale == expected.meta["stale"] and any(s["why"] == "no matching claim in the article" for s in r.stale)
    counts = r.status_counts()
    assert counts["waived"] > 0 and counts == expected.status_counts()
    for name in PIECE_FORMATS:
        assert render(name, r) == render(name, expected), name
    assert r.pieces("json") is not None and expected.pieces("json") is None  # both paths were exercised


@pytest.mark.parametrize(("workers", "chunk_size"), [(1, 3), (2, 4), (2, 1000)])
def test_pages_written_by_the_workers_equal_the_joined_report(
    tmp_path: Path, standin: None, workers: int, chunk_size: int
) -> None:
    """The workers write the article pages linked to their neighbours in input order; the run then
    corrects the links where that is not the document order (folders given last first) or where a
    neighbour was skipped (the unreadable files), so the pages are the bytes of the report rendered
    in one process, and writing the report adds only the overview, the static files and the run key."""
    from factcheck.batch import run_batch
    from factcheck.io import discover
    from factcheck.report import html

    root = corpus(tmp_path, 20)
    paths = [str(f) for f in sorted((p for p in root.iterdir() if p.is_dir()), reverse=True)]
    rs = ruleset_for(tmp_path)
    out = tmp_path / "report"
    r = run_batch(
        discover(paths), rs, work_dir=tmp_path / "parts", workers=workers, chunk_size=chunk_size,
        prerender=("html", "json"), pages_dir=out,
    )  # fmt: skip
    assert r.pages_written and r.prerendered == ("json",) and len(r.skipped) == 3  # two unreadable, one raised
    expected = html.render(in_memory(root, rs, discover(paths)))
    joined = html.render(r)
    pages = written_pages(out)
    assert sorted(pages) == sorted(n for n in expected if n.startswith("articles/")) and len(pages) == len(r.docs)
    assert not [n for n in joined if n.startswith("articles/")]
    assert {**joined, **pages} == expected


def test_a_run_rendered_from_pieces_writes_no_parquet(tmp_path: Path, standin: None) -> None:
    """``factcheck check`` with only piece formats (the default) keeps no verdict frames on disk; the
    reports are the same as a run that keeps them, and asking for frames is a clear error."""
    from factcheck.report.formats import render
    from factcheck.report.pieces import PIECE_FORMATS

    root = corpus(tmp_path, 20, extras=False)
    rs = ruleset_for(tmp_path)
    lean = run(root, rs, tmp_path, "lean", workers=1, chunk_size=6, prerender=PIECE_FORMATS, keep_frames=False)
    full = run(root, rs, tmp_path, "full", workers=1, chunk_size=6, prerender=PIECE_FORMATS)
    assert not list((tmp_path / "lean" / ".parts").glob("*.parquet"))
    assert list((tmp_path / "full" / ".parts").glob("*.parquet"))
    for name in PIECE_FORMATS:
        assert render(name, lean) == render(name, full), name
    with pytest.raises(RuntimeError, match="kept no verdict frames"):
        next(iter(lean.frames()))
