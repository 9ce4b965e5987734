"""Per-article result cache: a re-run over an unchanged folder only re-reads the articles.

An entry is one Arrow IPC file holding the article's verdicts (the fixed Arrow schema of the verdicts
frame, see ``arrow_schema``), with its ``DocSummary`` as JSON in the schema metadata.  The key is a sha256 over

* the article as read: text, name and metadata (front matter, sidecar, ``--date``/``--language``
  defaults), since claim ids contain the name and relative dates depend on the publication date;
* ``RuleSet.sha256``: every rule file and every reference data file the rules use;
* the factcheck version;
* the ``--fail-on`` policy (the frame carries each claim's ``fails`` flag).

So editing one article recomputes that article only; a rule or reference change recomputes every
article's checks (any claim may match a changed rule); upgrading factcheck recomputes everything.
Entries are written atomically (temporary file + rename), so concurrent workers and an interrupted
run never leave a torn entry; a corrupt entry is a miss.  Errors are never cached, so an article
that failed is retried.

The GX reference-validation cache lives in the same folder under its own file name.

>>> import tempfile
>>> c = ResultCache(tempfile.mkdtemp())
>>> c.get("0" * 64) is None
True
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import json
import os
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from factcheck import __version__
from factcheck.models import Document
from factcheck.schema import ALL_VERDICT_FRAME_COLUMNS, CLAIM_COLUMNS, NORMALIZED_COLUMNS, VERDICT_COLUMNS

if TYPE_CHECKING:
    import pyarrow as pa

    from factcheck.pipeline import DocSummary
    from factcheck.report import Rows

RESULTS_DIR = "results-v1"
_SUMMARY_KEY = b"factcheck.summary"
FRAME_COLUMNS: tuple[str, ...] = (*ALL_VERDICT_FRAME_COLUMNS, "fails")


def arrow_schema() -> pa.Schema:
    """The fixed Arrow schema of a verdicts frame (``schema.py`` dtypes + ``fails``)."""
    import pyarrow as pa

    types = {"object": pa.string(), "int64": pa.int64(), "float64": pa.float64(), "bool": pa.bool_()}
    specs = {**CLAIM_COLUMNS, **NORMALIZED_COLUMNS, **VERDICT_COLUMNS}
    fields = [pa.field(name, types[specs[name][0]]) for name in ALL_VERDICT_FRAME_COLUMNS]
    return pa.schema([*fields, pa.field("fails", pa.bool_())])


def to_arrow(frame: pd.DataFrame) -> pa.Table:
    """A verdicts frame as an Arrow table of the fixed schema (raises if a column breaks its dtype)."""
    import pyarrow as pa

    return pa.Table.from_pandas(frame.reindex(columns=FRAME_COLUMNS), schema=arrow_schema(), preserve_index=False)


def rows_to_arrow(articles: Sequence[Rows]) -> pa.Table:
    """Articles' report ``Rows`` (``factcheck.report.Rows``: plain Python values, one article after
    the other) as one Arrow table of the fixed schema; raises if a value breaks its column's type.

    Building the columns from Python lists costs a small fraction of concatenating the articles'
    frames and converting them with ``to_arrow``.
    """
    import pyarrow as pa

    schema = arrow_schema()
    columns: dict[str, list[Any]] = {f.name: [] for f in schema}
    for r in articles:
        if not r.rows:
            continue
        at = {name: i for i, name in enumerate(r.names)}
        values = list(zip(*r.rows, strict=True))
        for name, column in columns.items():
            i = at.get(name)
            column.extend(values[i] if i is not None else [None] * len(r.rows))
    return pa.Table.from_arrays([pa.array(columns[f.name], type=f.type) for f in schema], schema=schema)


def from_arrow(table: pa.Table) -> pd.DataFrame:
    frame: pd.DataFrame = table.to_pandas()
    return frame


def document_key(doc: Document) -> str:
    """sha256 of everything ``read_article`` produced: text, name, metadata and position maps."""
    h = hashlib.sha256()
    for f in dataclasses.fields(doc):
        h.update(f.name.encode())
        h.update(b"\x1f")
        h.update(repr(getattr(doc, f.name)).encode("utf-8", "surrogatepass"))
        h.update(b"\x1e")
    return h.hexdigest()


def summary_to_json(s: DocSummary) -> str:
    return json.dumps(dataclasses.asdict(s), ensure_ascii=False)


def summary_from_json(text: str | bytes) -> DocSummary:
    from factcheck.pipeline import DocSummary

    data: dict[str, Any] = json.loads(text)
    data["langs"] = tuple(data["langs"])
    return DocSummary(**data)


VOCAB_DIR = "vocab-v1"


class ResultCache:
    """Cached ``(DocSummary, verdicts table)`` per article, below ``cache_dir``.  Picklable (a path).

    Entries are Arrow IPC files (the columnar format Parquet readers decode into), not Parquet: an
    entry is one article of a few dozen rows, and reading a small Parquet file costs ~40 times more
    (4 ms vs 0.1 ms per entry here), which would make a warm re-run slower than it needs to be.  Never
    pickle: a cache restored from CI storage must not be able to run code.
    """

    def __init__(self, cache_dir: str | os.PathLike[str]) -> None:
        self.cache_dir = Path(cache_dir)
        self.root = self.cache_dir / RESULTS_DIR
        self._root = str(self.root)
        self._made: set[str] = set()  # folders known to exist

    def __repr__(self) -> str:
        return f"ResultCache({self.cache_dir.as_posix()!r})"

    @staticmethod
    def key(doc: Document, ruleset_sha256: str, fail_on: Iterable[str]) -> str:
        """The cache key of ``doc`` checked with the given rules and policy by this factcheck version."""
        parts = (document_key(doc), ruleset_sha256, __version__, ",".join(sorted(set(fail_on))))
        return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()

    def path(self, key: str) -> Path:
        return self.root / key[:2] / f"{key}.arrow"

    def get(self, key: str) -> tuple[DocSummary, pa.Table] | None:
        """The cached summary and verdicts (as an Arrow table), or ``None``; unreadable entries are misses."""
        import pyarrow as pa
        import pyarrow.ipc as ipc

        try:
            with pa.memory_map(str(self.path(key))) as source:
                table = ipc.open_stream(source).read_all()
            summary = summary_from_json((table.schema.metadata or {})[_SUMMARY_KEY])
        except (OSError, KeyError, ValueError, TypeError, pa.ArrowException):
            return None
        table = table.replace_schema_metadata(None)
        if not table.schema.equals(arrow_schema()):
            return None
        return summary, table

    def get_frame(self, key: str) -> tuple[DocSummary, pd.DataFrame] | None:
        hit = self.get(key)
        return None if hit is None else (hit[0], from_arrow(hit[1]))

    def put(self, key: str, summary: DocSummary, table: pa.Table | pd.DataFrame) -> None:
        """Store an entry atomically; a full disk or a read-only folder only costs the cache."""
        import pyarrow as pa
        import pyarrow.ipc as ipc

        if isinstance(table, pd.DataFrame):
            table = to_arrow(table)
        table = table.replace_schema_metadata({_SUMMARY_KEY: summary_to_json(summary).encode()})
        try:
            sink = pa.BufferOutputStream()  # encoded in memory, then one plain write
            with ipc.new_stream(sink, table.schema) as writer:
                writer.write_table(table)
            data = sink.getvalue().to_pybytes()
        except pa.ArrowException:
            return
        folder = os.path.join(self._root, key[:2])
        path = os.path.join(folder, f"{key}.arrow")
        tmp = os.path.join(folder, f".tmp-{os.getpid()}-{key}.arrow")  # one writer per process and key
        try:
            if folder not in self._made:
                os.makedirs(folder, exist_ok=True)
                self._made.add(folder)
            try:
                with open(tmp, "wb") as fh:
                    fh.write(data)
                os.replace(tmp, path)
            except BaseException:
                with contextlib.suppress(OSError):
                    os.unlink(tmp)
                raise
        except OSError:
            return

    def clear(self) -> None:
        """Remove every result entry (the GX cache next to it is left alone)."""
        import shutil

        shutil.rmtree(self.root, ignore_errors=True)


class VocabStore:
    """Built extractor vocabularies (``factcheck.extract.vocab.use_store``), as JSON below the cache
    folder, one file per language: a new process decodes one in a few milliseconds instead of
    building it (~0.1 s).  JSON, never pickle (see ``ResultCache``); an entry whose key no longer
    matches (another version, other vocabulary files) is replaced when the new one is saved.
    """

    def __init__(self, cache_dir: str | os.PathLike[str]) -> None:
        self.root = Path(cache_dir) / VOCAB_DIR

    def _path(self, lang: str, key: str) -> Path:
        return self.root / f"{lang}-{key[:24]}.json"

    def load(self, lang: str, key: str) -> Any | None:
        try:
            return json.loads(self._path(lang, key).read_bytes())
        except (OSError, ValueError):
            return None

    def save(self, lang: str, key: str, state: Any) -> None:
        path = self._path(lang, key)
        tmp = path.with_name(f".tmp-{os.getpid()}-{path.name}")  # one writer per process and file
        data = json.dumps(state, ensure_ascii=False, separators=(",", ":")).encode("utf-8", "surrogatepass")
        try:
            self.root.mkdir(parents=True, exist_ok=True)
            for old in self.root.glob(f"{lang}-*.json"):
                if old != path:
                    old.unlink(missing_ok=True)
            tmp.write_bytes(data)
            os.replace(tmp, path)
        except OSError:
            with contextlib.suppress(OSError):
                tmp.unlink(missing_ok=True)
