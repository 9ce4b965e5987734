"""Batch runs at scale: lazy input, chunks on a process pool or a Dask cluster, results on disk.

``run_batch`` takes the lazily discovered input files, cuts them into chunks of ``chunk_size`` and runs
every article through the same pure function, ``factcheck.pipeline.process_safely``:

* ``engine="local"``: in this process (``workers=1`` or a run that fits in one chunk) or on a
  ``ProcessPoolExecutor`` of ``workers`` processes.  A worker reads its articles, looks them up in
  the cache, processes the misses and writes the chunk's verdicts as one Parquet *part* (plus the
  article bodies as one UTF-8 file) under ``work_dir``; only the small per-article index comes back.
* ``engine="dask"``: this process reads the articles and looks them up in the cache; the misses'
  texts go to a ``dask.distributed`` scheduler (workers need the package, not the files) and the
  verdict frames come back to be cached and written as parts here.

The rule set is loaded once by the caller and pickled to every worker once (never reloaded per
article, so GX is never imported there).  At most ``2 * workers`` chunks are in flight, so memory
does not grow with the corpus: the returned ``BatchResult`` keeps only ``DocSummary`` rows and part
locations in memory and reads frames and bodies back from the parts when a report asks for them.

Every output is ordered by document name, whatever the chunking or the number of workers, so a run
with 8 workers writes byte-identical reports to a run with one.  Ctrl-C stops cleanly: the chunks
already finished are kept, and the result's ``meta["partial"]`` is ``True``.
"""

from __future__ import annotations

import datetime as dt
import itertools
import os
import pickle
import shutil
import signal
import struct
from collections import Counter, OrderedDict
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO, Literal, TypeAlias

import pandas as pd

from factcheck import __version__
from factcheck.cache import ResultCache, from_arrow, rows_to_arrow
from factcheck.errors import UsageError
from factcheck.io import InputFile, read_article
from factcheck.models import Document, Lang, Skipped, Suppression
from factcheck.pipeline import DEFAULT_FAIL_ON, DocSummary, RunResult, empty_verdicts, summarize
from factcheck.progress import Progress
from factcheck.report import Rows
from factcheck.waivers import Waivers, resummarize

if TYPE_CHECKING:
    import pyarrow as pa

    from factcheck.ruleset import RuleSet

Engine: TypeAlias = Literal["local", "dask"]
ENGINES: tuple[Engine, ...] = ("local", "dask")
DEFAULT_CHUNK_SIZE = 64
PARTS_DIR = ".parts"
_PART_CACHE_SIZE = 2


@dataclass(frozen=True, slots=True)
class Settings:
    """Everything a worker needs besides the rule set (small; pickled with every chunk)."""

    fail_on: tuple[str, ...]
    ruleset_sha256: str
    default_date: dt.date | None = None
    default_language: Lang | None = None
    cache: ResultCache | None = None
    waivers: Waivers | None = None  # applied in the worker, after the cache (which keeps raw verdicts)
    prerender: tuple[str, ...] = ()  # formats whose per-article pieces the worker renders
    keep_frames: bool = True  # write the verdicts as Parquet parts (for reports not rendered in pieces)
    pages_dir: str | None = None  # the HTML report's folder: the worker writes the article pages there

    @property
    def stored(self) -> tuple[str, ...]:
        """The prerendered formats whose pieces go into the part files (the pages go to ``pages_dir``)."""
        return tuple(f for f in self.prerender if not (f == "html" and self.pages_dir))


@dataclass(frozen=True, slots=True)
class DocLoc:
    """Where one article's verdicts (rows of a part) and body (bytes of a body file) are."""

    part: int
    row: int
    n_rows: int
    body_at: int
    body_len: int
    pieces: tuple[tuple[int, int], ...] = ()  # (offset, length) in the body file, one per prerendered format

    def pack(self) -> bytes:
        """The index keeps this form: ~100 bytes, against ~700 for the object with its tuples and ints."""
        flat = [self.part, self.row, self.n_rows, self.body_at, self.body_len, *(n for p in self.pieces for n in p)]
        return struct.pack(f"<{len(flat)}q", *flat)

    @classmethod
    def unpack(cls, data: bytes) -> DocLoc:
        flat = struct.unpack(f"<{len(data) // 8}q", data)
        pieces = tuple(zip(flat[5::2], flat[6::2], strict=True))
        return cls(flat[0], flat[1], flat[2], flat[3], flat[4], pieces)


@dataclass(slots=True)
class Outcome:
    """One article's result before it is written to a part.

    ``frame`` is a freshly computed verdicts frame (what the cache keeps); ``rows`` the verdicts the
    reports show (``frame`` with waivers applied) as plain rows; ``table`` those as Arrow (after
    ``write_part`` converted the chunk's rows in one go); ``raw`` a cache hit's Arrow table.
    ``pieces`` are the article's prerendered report pieces, ``stale`` its unused waiver entries.
    """

    name: str
    doc: Document | None = None
    summary: DocSummary | None = None
    frame: pd.DataFrame | None = None
    skipped: Skipped | None = None
    cached: bool = False
    table: pa.Table | None = None
    raw: pa.Table | None = None
    pieces: dict[str, str] = field(default_factory=dict)
    stale: list[dict[str, Any]] = field(default_factory=list)
    raw_summary: DocSummary | None = None  # the summary before waivers, when they changed anything
    rows: Rows | None = None  # the view as plain rows (what the pieces and the Arrow table are made of)
    key: str | None = None  # the cache key, once computed


@dataclass(slots=True)
class ChunkResult:
    """What comes back from a chunk: the index rows, never the frames or bodies."""

    part: int
    summaries: list[DocSummary] = field(default_factory=list)
    locs: list[tuple[str, DocLoc]] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    stale: list[dict[str, Any]] = field(default_factory=list)
    suppressions: dict[str, tuple[Suppression, ...]] = field(default_factory=dict)  # articles with markers
    hits: int = 0
    misses: int = 0
    # the inputs just before and after the chunk: the neighbours its first and last pages link to
    edges: tuple[str | None, str | None] = (None, None)

    @property
    def files(self) -> int:
        return len({s.doc for s in self.summaries} | {s.doc for s in self.skipped})


@dataclass(slots=True)
class BatchStats:
    """Counters of one run (not part of any report, so reports stay identical between cold and warm runs)."""

    files: int = 0
    claims: int = 0
    failing: int = 0
    errors: int = 0
    cache_hits: int = 0
    cache_misses: int = 0
    parts: int = 0

    def add(self, r: ChunkResult) -> None:
        self.files += r.files
        self.claims += sum(s.n_claims for s in r.summaries)
        self.failing += sum(s.n_failing for s in r.summaries)
        self.errors += len(r.skipped)
        self.cache_hits += r.hits
        self.cache_misses += r.misses
        self.parts += 1


# --- the per-article work (runs in workers) ---------------------------------------------------------


def process_one(doc: Document, ruleset: RuleSet, settings: Settings) -> Outcome:
    """One article: a cache hit, else ``process_safely``.  Never raises for bad input."""
    from factcheck.pipeline import process_safely

    cache = settings.cache
    key = None
    if cache is not None:
        key = cache.key(doc, settings.ruleset_sha256, settings.fail_on)
        hit = cache.get(key)
        if hit is not None:
            return finish(Outcome(doc.doc, doc, hit[0], None, None, cached=True, raw=hit[1], key=key), settings)
    summary, frame, skipped = process_safely(doc, ruleset, settings.fail_on)
    return finish(Outcome(doc.doc, doc, summary, frame, skipped, key=key), settings)


def finish(o: Outcome, settings: Settings) -> Outcome:
    """The per-article end of the work, in the worker (or, for the Dask path's cache hits, on the
    client): waivers, then the report pieces.  Pure (no I/O)."""
    if o.summary is None or o.doc is None:
        return o
    w = settings.waivers
    if w is not None and o.doc.suppressions:
        w = replace(w, suppressions={o.doc.doc: o.doc.suppressions})
    if not w and not settings.prerender:  # nothing to render: a cache hit keeps its Arrow table
        o.table = o.raw
        if o.raw is None and o.frame is not None:
            o.rows = Rows.of(o.frame)
        return o
    view = o.frame if o.raw is None else from_arrow(o.raw)
    if view is None:  # an article the extractor failed on: no claims, but still a page
        view = empty_verdicts()
    if w:
        waived = w.apply(view)
        o.stale = w.stale([o.doc.doc], [waived])
        if waived is not view:
            o.raw_summary, o.summary = o.summary, resummarize(o.summary, waived)
            view = waived
    if o.raw is not None and o.raw_summary is None:
        o.table = o.raw  # a cache hit the waivers left alone: its Arrow table is the view's
    o.rows = Rows.of(view)
    if settings.prerender:
        from factcheck.report.pieces import render_pieces

        o.pieces = render_pieces(settings.prerender, o.summary, o.rows, o.doc.body)
    return o


def read_one(inp: InputFile, settings: Settings) -> Document | Skipped:
    return read_article(inp, default_date=settings.default_date, default_language=settings.default_language)


def process_items(items: Sequence[InputFile | Document], ruleset: RuleSet, settings: Settings) -> Iterator[Outcome]:
    """Read (if needed) and process each item in order."""
    for item in items:
        doc = read_one(item, settings) if isinstance(item, InputFile) else item
        if isinstance(doc, Skipped):
            yield Outcome(doc.doc, skipped=doc)
        else:
            yield process_one(doc, ruleset, settings)


def process_texts(docs: Sequence[Document], ruleset: RuleSet, settings: Settings) -> list[Outcome]:
    """The Dask task: the pure per-article function over documents shipped with their text."""
    settings = replace(settings, cache=None)
    return [replace(o, doc=None) for o in (process_one(d, ruleset, settings) for d in docs)]


def part_paths(work_dir: Path, part: int) -> tuple[Path, Path]:
    return work_dir / f"part-{part:06d}.parquet", work_dir / f"part-{part:06d}.body"


def _to_tables(outcomes: Sequence[Outcome]) -> None:
    """Convert the views to Arrow, the whole chunk at once from their ``Rows`` (an article without
    claims gets an empty table).

    A frame that does not fit the documented schema turns its article into an error, not the chunk.
    """
    fresh = [o for o in outcomes if o.table is None and o.rows is not None]
    if not fresh:
        return
    try:
        whole = rows_to_arrow([o.rows for o in fresh if o.rows is not None])
    except Exception:
        for o in fresh:
            _to_table_alone(o)
        return
    row = 0
    for o in fresh:
        n = len(o.rows.rows)  # type: ignore[union-attr]
        o.table, row = whole.slice(row, n), row + n


def _to_table_alone(o: Outcome) -> None:
    try:
        o.table = rows_to_arrow([o.rows])  # type: ignore[list-item]
    except Exception as exc:  # a schema bug in one article never stops the run
        assert o.doc is not None
        reason = f"internal error: verdicts frame does not fit the schema: {exc}; please report it"
        o.summary, o.skipped = summarize(o.doc, pd.DataFrame(), reason), Skipped(o.name, reason)
        o.frame = o.raw = o.rows = None


def write_part(
    work_dir: Path,
    part: int,
    outcomes: Sequence[Outcome],
    settings: Settings,
    edges: tuple[str | None, str | None] = (None, None),
) -> ChunkResult:
    """Write one chunk's bodies and report pieces (one file) and, if ``settings.keep_frames``, its
    verdicts (one Parquet file); cache the fresh results; return the chunk's index rows.

    With ``settings.pages_dir``, write the chunk's article pages there, each linked to its neighbours
    in input order (``edges``: the names of the inputs before and after the chunk); ``run_batch``
    corrects the links that the run's document order or a skipped neighbour makes wrong.
    """
    import pyarrow as pa

    _to_tables(outcomes)
    cache = settings.cache
    result = ChunkResult(part, edges=edges)
    stored = settings.stored
    if settings.pages_dir:
        _write_pages(
            Path(settings.pages_dir), [o for o in outcomes if o.summary is not None and o.doc is not None], edges
        )
    frames_path, bodies_path = part_paths(work_dir, part)
    tables: list[pa.Table] = []
    row = 0
    with bodies_path.open("wb") as bodies:
        for o in outcomes:
            if o.skipped is not None:
                result.skipped.append(o.skipped)
            if o.summary is None or o.doc is None:
                continue
            if cache is not None and not o.cached and o.frame is not None:  # errors are never cached
                # the cache keeps the verdicts before waivers (the waivers may change between runs)
                table = o.table if o.table is not None and o.raw_summary is None else rows_to_arrow([Rows.of(o.frame)])
                summary = o.raw_summary or o.summary
                key = o.key or cache.key(o.doc, settings.ruleset_sha256, settings.fail_on)
                cache.put(key, summary, table)
            result.summaries.append(o.summary)
            result.stale += o.stale
            if o.doc.suppressions:
                result.suppressions[o.name] = o.doc.suppressions
            result.hits += o.cached
            result.misses += not o.cached
            body = o.doc.body.encode("utf-8", "surrogatepass")
            n = o.table.num_rows if o.table is not None else 0
            if n:
                tables.append(o.table)
            at = bodies.tell()
            bodies.write(body)
            pieces: list[tuple[int, int]] = []
            for fmt in stored:
                data = o.pieces.get(fmt, "").encode("utf-8", "surrogatepass")
                pieces.append((bodies.tell(), len(data)))
                bodies.write(data)
            result.locs.append((o.name, DocLoc(part, row, n, at, len(body), tuple(pieces))))
            row += n
    if tables and settings.keep_frames:
        import pyarrow.parquet as pq

        pq.write_table(pa.concat_tables(tables), frames_path, compression="zstd")
    return result


def _write_pages(folder: Path, done: Sequence[Outcome], edges: tuple[str | None, str | None]) -> None:
    """Write the article pages of a chunk's checked articles (``o.pieces["html"]``, without neighbours yet)."""
    from factcheck.report import html

    if not done:
        return
    (folder / "articles").mkdir(parents=True, exist_ok=True)
    names = [edges[0], *(o.name for o in done), edges[1]]
    for i, o in enumerate(done, start=1):
        page = html.finish_page(o.pieces.pop("html"), html.nav_html(names[i - 1], names[i + 1]))
        with open(folder / html.page_path(o.name), "w", encoding="utf-8") as fh:
            fh.write(page)


def fix_page_links(
    folder: Path, docs: Sequence[str], chunks: Iterable[tuple[Sequence[str], tuple[str | None, str | None]]]
) -> int:
    """Correct the previous/next links of pages written by ``write_part``; returns how many changed.

    ``docs``: the run's articles in document order (the order the links must follow); ``chunks``:
    each chunk's articles in input order with its ``edges``, as ``write_part`` linked them.  Links
    differ where the input order is not the document order (several input folders) or where a
    neighbour was skipped or not reached (an unreadable file, Ctrl-C): only those pages are rewritten.
    """
    from factcheck.report import html

    written: dict[str, tuple[str | None, str | None]] = {}
    for names, (before, after) in chunks:
        linked = [before, *names, after]
        for i, name in enumerate(names, start=1):
            written[name] = (linked[i - 1], linked[i + 1])
    changed = 0
    for i, doc in enumerate(docs):
        want = (docs[i - 1] if i else None, docs[i + 1] if i + 1 < len(docs) else None)
        have = written.get(doc)
        if have is None or have == want:
            continue
        path = folder / html.page_path(doc)
        page = path.read_text(encoding="utf-8")
        old, new = str(html.nav_html(*have)), str(html.nav_html(*want))
        path.write_text(page.replace(old, new, 1), encoding="utf-8")
        changed += 1
    return changed


class ChunkInterrupted(KeyboardInterrupt):
    """Ctrl-C in the middle of an in-process chunk; carries the part written for the articles done."""

    def __init__(self, result: ChunkResult) -> None:
        super().__init__()
        self.result = result


def run_chunk(
    part: int,
    items: Sequence[InputFile | Document],
    work_dir: Path,
    ruleset: RuleSet,
    settings: Settings,
    edges: tuple[str | None, str | None] = (None, None),
) -> ChunkResult:
    """Process a chunk and write its part.  Interrupted, it still writes what is done."""
    done: list[Outcome] = []
    try:
        for o in process_items(items, ruleset, settings):
            done.append(o)
    except KeyboardInterrupt:
        raise ChunkInterrupted(write_part(work_dir, part, done, settings, edges)) from None
    return write_part(work_dir, part, done, settings, edges)


# --- pool workers -------------------------------------------------------------------------------------


def _load_templates(settings: Settings) -> None:
    """Import the HTML report and compile its templates here, once: the parent needs them for the
    overview anyway, and the workers forked after this find them loaded instead of each loading them."""
    if "html" in settings.prerender:
        from factcheck.report import html

        html.load_templates()


_WORKER_STATE: tuple[RuleSet, Settings] | None = None


def _init_worker(payload: bytes) -> None:
    """Pool initializer: unpickle the rule set once per process; Ctrl-C is the parent's business."""
    global _WORKER_STATE
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _WORKER_STATE = pickle.loads(payload)
    _use_vocab_store(_WORKER_STATE[1])


def _use_vocab_store(settings: Settings) -> None:
    """Let the extractor keep its built vocabularies in the cache folder (decoded, not rebuilt, by
    every later process: ~0.1 s of each worker's start)."""
    if settings.cache is not None:
        from factcheck.cache import VocabStore
        from factcheck.extract.vocab import use_store

        use_store(VocabStore(settings.cache.cache_dir))


def _pool_chunk(
    part: int, items: Sequence[InputFile], work_dir: Path, edges: tuple[str | None, str | None]
) -> ChunkResult:
    assert _WORKER_STATE is not None, "worker not initialised"
    ruleset, settings = _WORKER_STATE
    return run_chunk(part, items, work_dir, ruleset, settings, edges)


# --- the result ---------------------------------------------------------------------------------------


class BatchResult(RunResult):
    """A ``RunResult`` whose frames and bodies live in part files under ``work_dir``.

    In memory: the ``DocSummary`` rows, the skipped files and one ``DocLoc`` per article, plus the
    last couple of parts read (so iterating ``frames()`` in document order reads each part once).
    """

    def __init__(
        self,
        docs: list[DocSummary],
        skipped: list[Skipped],
        locs: dict[str, bytes],
        work_dir: Path,
        meta: dict[str, object],
        stats: BatchStats,
        prerendered: tuple[str, ...] = (),
        stale: list[dict[str, Any]] | None = None,
        waived: bool = False,
        frames_kept: bool = True,
        suppressions: dict[str, tuple[Suppression, ...]] | None = None,
    ) -> None:
        super().__init__(docs, skipped, None, None, meta)
        self.work_dir = work_dir
        self.stats = stats
        self.prerendered = prerendered
        self.stale = stale or []
        self.waived = waived  # the workers applied the run's waivers (``Settings.waivers``)
        self.frames_kept = frames_kept
        # every article's suppression markers (read by the workers), by article, in document order
        self.suppressions = dict(sorted((suppressions or {}).items()))
        self._locs = locs
        self._parts: OrderedDict[int, pd.DataFrame] = OrderedDict()

    def _part(self, part: int) -> pd.DataFrame:
        if not self.frames_kept:
            raise RuntimeError("this run kept no verdict frames (run_batch(keep_frames=False)): render from pieces")
        frame = self._parts.get(part)
        if frame is None:
            import pyarrow.parquet as pq

            frame = from_arrow(pq.read_table(part_paths(self.work_dir, part)[0]))
            self._parts[part] = frame
            while len(self._parts) > _PART_CACHE_SIZE:
                self._parts.popitem(last=False)
        else:
            self._parts.move_to_end(part)
        return frame

    def _loc(self, doc: str) -> DocLoc | None:
        packed = self._locs.get(doc)
        return None if packed is None else DocLoc.unpack(packed)

    def frames(self) -> Iterator[pd.DataFrame]:
        for d in self.docs:
            loc = self._loc(d.doc)
            if loc is not None and loc.n_rows:
                yield self._slice(loc)

    def _slice(self, loc: DocLoc) -> pd.DataFrame:
        return self._part(loc.part).iloc[loc.row : loc.row + loc.n_rows].reset_index(drop=True)

    def frame(self, doc: str) -> pd.DataFrame:
        loc = self._loc(doc)
        return self._slice(loc) if loc is not None and loc.n_rows else empty_verdicts()

    def body(self, doc: str) -> str:
        loc = self._loc(doc)
        if loc is None or not loc.body_len:
            return ""
        with part_paths(self.work_dir, loc.part)[1].open("rb") as fh:
            fh.seek(loc.body_at)
            return fh.read(loc.body_len).decode("utf-8", "surrogatepass")

    def status_counts(self) -> Counter[str]:
        """From the article summaries (the workers counted the statuses after waivers)."""
        found: Counter[str] = Counter()
        for d in self.docs:
            found.update({k: v for k, v in d.counts.items() if v})
        return found

    def pieces(self, fmt: str) -> Iterator[str] | None:
        """The articles' prerendered pieces of format ``fmt`` in document order (None if not rendered)."""
        if fmt not in self.prerendered:
            return None
        return self._pieces(self.prerendered.index(fmt))

    def _pieces(self, i: int) -> Iterator[str]:
        files: OrderedDict[int, BinaryIO] = OrderedDict()
        try:
            for d in self.docs:
                loc = self._loc(d.doc)
                if loc is None or not loc.pieces:
                    yield ""
                    continue
                fh = files.get(loc.part)
                if fh is None:
                    fh = files[loc.part] = part_paths(self.work_dir, loc.part)[1].open("rb")
                    while len(files) > 8:
                        files.popitem(last=False)[1].close()
                at, n = loc.pieces[i]
                fh.seek(at)
                yield fh.read(n).decode("utf-8", "surrogatepass")
        finally:
            for fh in files.values():
                fh.close()

    def close(self) -> None:
        """Delete the part files (call after the reports are written)."""
        self._parts.clear()
        self._all = None
        shutil.rmtree(self.work_dir, ignore_errors=True)


class _Collector:
    """Gathers chunk results into the index and reports progress."""

    def __init__(self, progress: Progress | None) -> None:
        self.progress = progress
        self.summaries: dict[str, DocSummary] = {}
        self.skipped: dict[str, Skipped] = {}
        self.locs: dict[str, bytes] = {}
        self._counts: dict[tuple[tuple[str, int], ...], dict[str, int]] = {}
        self.stale: list[dict[str, Any]] = []
        self.suppressions: dict[str, tuple[Suppression, ...]] = {}
        self.stats = BatchStats()
        # each chunk's articles in input order and its edges (to correct the pages' links at the end)
        self.chunks: dict[int, tuple[list[str], tuple[str | None, str | None]]] = {}

    def add(self, r: ChunkResult, notify: bool = True) -> None:
        for s in r.summaries:
            # articles share few distinct count dicts: keep one of each (the index is what grows)
            counts = self._counts.setdefault(tuple(s.counts.items()), s.counts)
            self.summaries[s.doc] = s if counts is s.counts else replace(s, counts=counts)
        for sk in r.skipped:
            self.skipped[sk.doc] = sk
        self.locs.update((name, loc.pack()) for name, loc in r.locs)
        self.chunks[r.part] = ([name for name, _ in r.locs], r.edges)
        self.stale += r.stale
        self.suppressions.update(r.suppressions)
        self.stats.add(r)
        if notify and self.progress is not None:
            self.progress.advance(
                files=r.files,
                claims=sum(s.n_claims for s in r.summaries),
                failing=sum(s.n_failing for s in r.summaries),
                errors=len(r.skipped),
            )


Chunk: TypeAlias = tuple[int, list[InputFile], tuple[str | None, str | None]]


def _chunks(items: Iterable[InputFile], size: int) -> Iterator[Chunk]:
    """``(part, inputs, edges)``: consecutive inputs, ``size`` at a time, with the names of the inputs
    just before and after them (one chunk of look-ahead)."""
    it = iter(items)
    before: str | None = None
    chunk = list(itertools.islice(it, size))
    part = 0
    while chunk:
        following = list(itertools.islice(it, size))
        yield part, chunk, (before, following[0].name if following else None)
        before, chunk, part = chunk[-1].name, following, part + 1


def _prepare_work_dir(work_dir: Path) -> None:
    work_dir.mkdir(parents=True, exist_ok=True)
    for p in work_dir.glob("part-*"):
        p.unlink(missing_ok=True)


def run_batch(
    inputs: Iterable[InputFile],
    ruleset: RuleSet,
    *,
    work_dir: Path,
    fail_on: Sequence[str] = DEFAULT_FAIL_ON,
    workers: int | None = None,
    engine: Engine = "local",
    scheduler: str | None = None,
    cache: ResultCache | None = None,
    progress: Progress | None = None,
    default_date: dt.date | None = None,
    default_language: Lang | None = None,
    chunk_size: int = DEFAULT_CHUNK_SIZE,
    total: int | None = None,
    meta: dict[str, object] | None = None,
    waivers: Waivers | None = None,
    prerender: Sequence[str] = (),
    keep_frames: bool = True,
    pages_dir: Path | None = None,
) -> BatchResult:
    """Check every input and return a disk-backed ``RunResult`` (see the module docstring).

    ``workers``: processes for ``engine="local"`` (default: the number of cores; 1 = this process).
    ``scheduler``: the Dask scheduler address, required with ``engine="dask"``.  ``total``: the number
    of inputs, if known, for the progress display's ETA.  ``meta`` goes into the report's meta.
    ``waivers``: applied to every article in the worker (an article's own suppression markers are
    added there).  ``prerender``: formats whose per-article pieces the workers render
    (``factcheck.report.pieces``), so that writing the reports only joins them.  ``keep_frames``:
    False when every report is rendered from pieces, so no Parquet part is written (``frames()``
    then raises).  ``pages_dir``: with "html" prerendered, the HTML report's folder, where the
    workers write the article pages as they go (``pages_written`` is then set on the result, and
    writing the report adds the overview and the run's key).
    """
    if engine not in ENGINES:
        raise UsageError(f"unknown engine {engine!r}", hint="use --engine local or --engine dask")
    if engine == "dask" and not scheduler:
        raise UsageError(
            "--engine dask needs a scheduler address",
            hint="pass --scheduler tcp://HOST:8786 (start `dask scheduler`, then `dask worker ADDRESS`)",
        )
    if chunk_size < 1:
        raise UsageError(f"--chunk-size must be at least 1, not {chunk_size}")
    n_workers = workers if workers is not None else (os.cpu_count() or 1)
    if n_workers < 1:
        raise UsageError(f"--workers must be at least 1, not {n_workers}")
    settings = Settings(
        fail_on=tuple(fail_on),
        ruleset_sha256=ruleset.sha256,
        default_date=default_date,
        default_language=default_language,
        cache=cache,
        waivers=waivers,
        prerender=tuple(prerender),
        keep_frames=keep_frames,
        pages_dir=str(pages_dir) if pages_dir is not None and "html" in prerender else None,
    )
    _prepare_work_dir(work_dir)
    _use_vocab_store(settings)  # for the articles checked in this process
    collector = _Collector(progress)
    if progress is not None:
        progress.start(total)
    interrupted = False
    try:
        if engine == "dask":
            _run_dask(inputs, ruleset, settings, work_dir, collector, scheduler or "", chunk_size, n_workers)
        else:
            _run_local(inputs, ruleset, settings, work_dir, collector, chunk_size, n_workers)
    except KeyboardInterrupt:
        interrupted = True
    finally:
        if progress is not None:
            progress.finish(interrupted=interrupted)
    run_meta: dict[str, object] = {"factcheck": __version__, **(meta or {})}
    if interrupted:
        run_meta["partial"] = True
    result = BatchResult(
        list(collector.summaries.values()),
        list(collector.skipped.values()),
        collector.locs,
        work_dir,
        run_meta,
        collector.stats,
        settings.stored,
        sorted(collector.stale, key=lambda d: (d["source"], d["line"], d["col"], d["doc"])),
        waived=waivers is not None,
        frames_kept=keep_frames,
        suppressions=collector.suppressions,
    )
    if settings.pages_dir:
        chunks = (collector.chunks[part] for part in sorted(collector.chunks))
        fix_page_links(Path(settings.pages_dir), [d.doc for d in result.docs], chunks)
        result.pages_written = True
    return result


def _run_local(
    inputs: Iterable[InputFile],
    ruleset: RuleSet,
    settings: Settings,
    work_dir: Path,
    collector: _Collector,
    chunk_size: int,
    n_workers: int,
) -> None:
    chunks = _chunks(inputs, chunk_size)
    first = next(chunks, None)
    if first is None:
        return
    second = next(chunks, None)
    everything = itertools.chain([first], [second] if second is not None else [], chunks)
    if n_workers == 1 or second is None:  # small runs skip the pool's start-up
        for part, items, edges in everything:
            try:
                result = run_chunk(part, items, work_dir, ruleset, settings, edges)
            except ChunkInterrupted as exc:
                collector.add(exc.result, notify=False)
                raise KeyboardInterrupt from None
            collector.add(result)
        return
    _load_templates(settings)  # before the fork: the workers start with them
    payload = pickle.dumps((ruleset, settings), protocol=pickle.HIGHEST_PROTOCOL)
    pool = ProcessPoolExecutor(max_workers=n_workers, initializer=_init_worker, initargs=(payload,))
    pending: set[Future[ChunkResult]] = set()
    submitted: dict[Future[ChunkResult], tuple[int, list[InputFile]]] = {}
    try:
        for part, items, edges in everything:
            while len(pending) >= 2 * n_workers:
                done, pending = wait(pending, return_when=FIRST_COMPLETED)
                _drain(done, collector, submitted)
            fut = pool.submit(_pool_chunk, part, items, work_dir, edges)
            submitted[fut] = (part, items)
            pending.add(fut)
        while pending:
            done, pending = wait(pending, return_when=FIRST_COMPLETED)
            _drain(done, collector, submitted)
    except KeyboardInterrupt:
        # keep what is finished: let running chunks complete, drop the queued ones
        pool.shutdown(wait=True, cancel_futures=True)
        for f in pending:
            if f.done() and not f.cancelled() and f.exception() is None:
                collector.add(f.result(), notify=False)
        raise
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _drain(
    done: Iterable[Future[ChunkResult]],
    collector: _Collector,
    submitted: dict[Future[ChunkResult], tuple[int, list[InputFile]]],
) -> None:
    """Index every finished chunk, then pass on a Ctrl-C that arrived while doing so.

    A chunk whose worker died (killed, out of memory) lists its files as skipped with the reason;
    the run goes on while the pool lives.
    """
    interrupted = False
    for f in done:
        part, items = submitted.pop(f)
        try:
            result = f.result()
        except KeyboardInterrupt:
            interrupted = True
            continue
        except Exception as exc:
            reason = f"worker failed: {type(exc).__name__}: {exc}; the file was not checked"
            result = ChunkResult(part, skipped=[Skipped(inp.name, reason) for inp in items])
        try:
            collector.add(result, notify=not interrupted)
        except KeyboardInterrupt:
            interrupted = True
    if interrupted:
        raise KeyboardInterrupt


def _run_dask(
    inputs: Iterable[InputFile],
    ruleset: RuleSet,
    settings: Settings,
    work_dir: Path,
    collector: _Collector,
    scheduler: str,
    chunk_size: int,
    n_workers: int,
) -> None:
    """Read and look up here, process the misses on the cluster, cache and write the parts here."""
    try:
        import dask.distributed
    except ImportError:  # pragma: no cover - dask[distributed] is a dependency
        raise UsageError("--engine dask needs dask.distributed", hint="pip install 'dask[distributed]'") from None
    dd: Any = dask.distributed  # untyped library: keep mypy's strictness for our own code
    try:
        client = dd.Client(scheduler, timeout="10s", set_as_default=False)
    except OSError as exc:
        raise UsageError(
            f"cannot reach the Dask scheduler at {scheduler}: {exc}",
            hint="check the address (tcp://HOST:8786) and that `dask scheduler` is running",
        ) from None
    try:
        rules_future = client.scatter(ruleset, broadcast=True, hash=False)
        # the waivers may be a large baseline: sent to every worker once, like the rule set
        settings_future = client.scatter(replace(settings, cache=None), broadcast=True, hash=False)
        in_flight = max(2, 2 * len(client.scheduler_info().get("workers", {})) or 2 * n_workers)
        running: Any = dd.as_completed(loop=client.loop)
        waiting: dict[
            Any, tuple[int, list[InputFile], list[Outcome], list[Document], tuple[str | None, str | None]]
        ] = {}

        def submit(part: int, items: list[InputFile], edges: tuple[str | None, str | None]) -> None:
            ready: list[Outcome] = []
            misses: list[Document] = []
            for o_or_doc in _read_and_lookup(items, settings):
                if isinstance(o_or_doc, Outcome):
                    ready.append(o_or_doc)
                else:
                    misses.append(o_or_doc)
            if not misses:
                collector.add(write_part(work_dir, part, ready, settings, edges))
                return
            fut = client.submit(process_texts, misses, rules_future, settings_future, pure=False)
            waiting[fut] = (part, items, ready, misses, edges)
            running.add(fut)

        def finish(fut: Any) -> None:
            part, items, ready, misses, edges = waiting.pop(fut)
            computed: list[Outcome] = fut.result()
            by_name = {d.doc: d for d in misses}
            for o in computed:
                o.doc = by_name[o.name]
            at = {inp.name: i for i, inp in enumerate(items)}  # back in input order, as the local path has them
            outcomes = sorted([*ready, *computed], key=lambda o: at[o.name])
            collector.add(write_part(work_dir, part, outcomes, settings, edges))

        try:
            for part, items, edges in _chunks(inputs, chunk_size):
                while running.count() >= in_flight:
                    finish(next(running))
                submit(part, items, edges)
            for fut in running:
                finish(fut)
        except KeyboardInterrupt:
            for fut in list(waiting):
                if fut.done() and fut.status == "finished":
                    finish(fut)
                else:
                    fut.cancel()
            raise
    finally:
        client.close()


def _read_and_lookup(items: Sequence[InputFile], settings: Settings) -> Iterator[Outcome | Document]:
    cache = settings.cache
    for inp in items:
        doc = read_one(inp, settings)
        if isinstance(doc, Skipped):
            yield Outcome(doc.doc, skipped=doc)
            continue
        if cache is not None:
            hit = cache.get(cache.key(doc, settings.ruleset_sha256, settings.fail_on))
            if hit is not None:
                yield finish(Outcome(doc.doc, doc, hit[0], cached=True, raw=hit[1]), settings)
                continue
        yield doc
