"""Baselines, reviewer decisions and in-article suppressions: claims they cover become ``waived``.

One file format serves ``--baseline``/``--write-baseline`` and ``--decisions`` (the HTML report's
"export decisions" button writes it too)::

    {"version": 1, "kind": "factcheck-baseline" | "factcheck-decisions",
     "entries": [{"fingerprint": str, "doc": str, "claim_id": str, "text": str, "status": str,
                  "rule_id": str | null, "decision": "accept" | "reject", "note": str, "who": str,
                  "when": "YYYY-MM-DD"}]}

An entry matches the claim whose verdict-frame ``fingerprint`` equals its own (document + normalized
claim + nearby words, so it survives edits elsewhere in the article).

* ``accept`` waives the claim: status ``waived``, ``fails`` False, ``reason`` holds who/when/note.
* ``reject`` keeps the claim failing whatever the checks said (a verified claim a reviewer rejects
  becomes ``contradicted``), with the note as ``reason``.

Precedence when several apply to one claim: reviewer decision > in-article suppression > baseline.
Entries whose claim is gone (or now verified, for ``accept``) in an article of this run are *stale*;
so are suppression markers that cover no claim.  Stale items are listed in ``RunResult.meta["stale"]``
and printed as warnings; they do not change the exit code.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Literal

import pandas as pd

from factcheck import suppress
from factcheck.errors import UsageError
from factcheck.models import Status, Suppression
from factcheck.pipeline import DocSummary, RunResult

Kind = Literal["factcheck-baseline", "factcheck-decisions"]
KINDS: tuple[Kind, ...] = ("factcheck-baseline", "factcheck-decisions")
DECISIONS = ("accept", "reject")
ENTRY_KEYS: tuple[str, ...] = (
    "fingerprint",
    "doc",
    "claim_id",
    "text",
    "status",
    "rule_id",
    "decision",
    "note",
    "who",
    "when",
)
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass(frozen=True, slots=True)
class Entry:
    """One baseline or decision entry, plus where it was read from (for stale/error messages)."""

    fingerprint: str
    doc: str
    claim_id: str
    text: str
    status: str
    rule_id: str | None
    decision: Literal["accept", "reject"]
    note: str
    who: str
    when: str
    kind: Kind = "factcheck-baseline"
    path: str = ""
    line: int = 0
    col: int = 0

    def as_json(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in ENTRY_KEYS}

    def reason(self) -> str:
        if self.kind == "factcheck-baseline" and self.decision == "accept":
            return f"in baseline {self.path or '(new)'} ({self.who}, {self.when}): {self.note}"
        verb = "accepted" if self.decision == "accept" else "rejected"
        return f"{verb} by {self.who} on {self.when}: {self.note}"


@dataclass(frozen=True, slots=True)
class WaiverFile:
    path: str
    kind: Kind
    entries: tuple[Entry, ...]


# --- reading and writing -------------------------------------------------------------------------


def _pos(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def _entry_offsets(text: str) -> list[int]:
    """Offsets of the items of the top-level ``"entries"`` array (json.loads keeps no positions)."""
    m = re.search(r'"entries"\s*:\s*\[', text)
    if m is None:
        return []
    out: list[int] = []
    depth = 0
    in_str = esc = False
    expect = True  # at depth 0: the next non-blank character starts an item
    for i in range(m.end(), len(text)):
        c = text[i]
        if in_str:
            if esc:
                esc = False
            elif c == "\\":
                esc = True
            elif c == '"':
                in_str = False
            continue
        if depth == 0 and expect and not c.isspace() and c not in ",]":
            out.append(i)
            expect = False
        if c == '"':
            in_str = True
        elif c in "{[":
            depth += 1
        elif c in "}]":
            if depth == 0:
                break
            depth -= 1
        elif c == "," and depth == 0:
            expect = True
    return out


def _key_offset(text: str, start: int, key: str) -> int:
    i = text.find(f'"{key}"', start)
    return i if i >= 0 else start


def parse(text: str, path: str) -> WaiverFile:
    """Parse and validate a baseline/decisions file.  Errors are ``UsageError`` at ``path:line:col``.

    >>> f = parse('{"version": 1, "kind": "factcheck-decisions", "entries": []}', "d.json")
    >>> f.kind, f.entries
    ('factcheck-decisions', ())
    """
    hint = "see README.md, section 'Baselines and reviewer decisions', for the file format"

    def err(message: str, offset: int = 0) -> UsageError:
        line, col = _pos(text, offset)
        return UsageError(message, path=path, line=line, col=col, hint=hint)

    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise UsageError(f"not valid JSON: {exc.msg}", path=path, line=exc.lineno, col=exc.colno, hint=hint) from None
    if not isinstance(data, dict):
        raise err("expected a JSON object with version, kind and entries")
    for key in data:
        if key not in ("version", "kind", "entries"):
            raise err(f"unknown key {key!r} (known: version, kind, entries)", _key_offset(text, 0, key))
    if data.get("version") != 1:
        raise err(f"unsupported version {data.get('version')!r}; expected 1", _key_offset(text, 0, "version"))
    kind = data.get("kind")
    if kind not in KINDS:
        raise err(f"kind must be one of {', '.join(KINDS)}, not {kind!r}", _key_offset(text, 0, "kind"))
    raw = data.get("entries")
    if not isinstance(raw, list):
        raise err("entries must be a list", _key_offset(text, 0, "entries"))
    offsets = _entry_offsets(text)
    entries: list[Entry] = []
    for i, item in enumerate(raw):
        at = offsets[i] if i < len(offsets) else 0
        if not isinstance(item, dict):
            raise err(f"entry {i + 1} must be an object", at)
        for key in item:
            if key not in ENTRY_KEYS:
                raise err(
                    f"entry {i + 1}: unknown key {key!r} (known: {', '.join(ENTRY_KEYS)})",
                    _key_offset(text, at, key),
                )
        for key in ENTRY_KEYS:
            if key not in item:
                raise err(f"entry {i + 1}: missing key {key!r}", at)
            value = item[key]
            ok = isinstance(value, str) or (key == "rule_id" and value is None)
            if not ok:
                raise err(
                    f"entry {i + 1}: {key} must be a string{' or null' if key == 'rule_id' else ''}",
                    _key_offset(text, at, key),
                )
        if item["decision"] not in DECISIONS:
            raise err(
                f"entry {i + 1}: decision must be accept or reject, not {item['decision']!r}",
                _key_offset(text, at, "decision"),
            )
        if not _DATE.match(item["when"]):
            raise err(
                f"entry {i + 1}: when must be a date YYYY-MM-DD, not {item['when']!r}",
                _key_offset(text, at, "when"),
            )
        if not item["fingerprint"]:
            raise err(f"entry {i + 1}: empty fingerprint", _key_offset(text, at, "fingerprint"))
        line, col = _pos(text, at)
        entries.append(Entry(**{k: item[k] for k in ENTRY_KEYS}, kind=kind, path=path, line=line, col=col))
    return WaiverFile(path, kind, tuple(entries))


def load(path: Path) -> WaiverFile:
    """Read a baseline/decisions file (``UsageError`` if missing or malformed)."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise UsageError(
            f"no such file: {path}",
            path=str(path),
            hint="write one with --write-baseline, or export decisions from the HTML report",
        ) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(f"cannot read file: {exc}", path=str(path)) from None
    return parse(text, path.as_posix())


def dumps(kind: Kind, entries: Iterable[Entry]) -> str:
    """The file text: entries sorted by (doc, claim_id, fingerprint), two-space indent, trailing newline."""
    ordered = sorted(entries, key=lambda e: (e.doc, e.claim_id, e.fingerprint))
    data = {"version": 1, "kind": kind, "entries": [e.as_json() for e in ordered]}
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def baseline_entries(
    frames: Iterable[pd.DataFrame],
    *,
    who: str,
    note: str,
    when: dt.date,
    keep: Mapping[str, Entry] | None = None,
) -> list[Entry]:
    """An ``accept`` entry for every claim that fails today (``fails`` True).

    Entries already in ``keep`` (same fingerprint, e.g. the current baseline) keep their who/when/note.
    """
    keep = keep or {}
    out: list[Entry] = []
    for frame in frames:
        if not len(frame):
            continue
        rows = frame[frame["fails"].astype(bool)]
        for r in rows.itertuples(index=False):
            fp = str(r.fingerprint)
            old = keep.get(fp)
            rule = None if pd.isna(r.rule_id) else str(r.rule_id)
            out.append(
                Entry(
                    fingerprint=fp,
                    doc=str(r.doc),
                    claim_id=str(r.claim_id),
                    text=str(r.text),
                    status=str(r.status),
                    rule_id=rule,
                    decision="accept",
                    note=old.note if old else note,
                    who=old.who if old else who,
                    when=old.when if old else when.isoformat(),
                    kind="factcheck-baseline",
                )
            )
    return out


# --- applying ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Waivers:
    """Everything that can waive a claim in one run.  Picklable and pure, so workers could apply it."""

    suppressions: Mapping[str, tuple[Suppression, ...]] = field(default_factory=dict)
    baseline: Mapping[str, Entry] = field(default_factory=dict)
    decisions: Mapping[str, Entry] = field(default_factory=dict)
    languages: frozenset[str] | None = None

    @classmethod
    def build(
        cls,
        suppressions: Mapping[str, Sequence[Suppression]] | None = None,
        files: Sequence[WaiverFile] = (),
        languages: Iterable[str] | None = None,
    ) -> Waivers:
        base: dict[str, Entry] = {}
        dec: dict[str, Entry] = {}
        for f in files:  # later files win
            target = base if f.kind == "factcheck-baseline" else dec
            for e in f.entries:
                target[e.fingerprint] = e
        return cls(
            suppressions={k: tuple(v) for k, v in (suppressions or {}).items() if v},
            baseline=base,
            decisions=dec,
            languages=frozenset(languages) if languages is not None else None,
        )

    def __bool__(self) -> bool:
        return bool(self.suppressions or self.baseline or self.decisions or self.languages is not None)

    def apply(self, frame: pd.DataFrame) -> pd.DataFrame:
        """The frame with waivers applied (status, reason, explanation, fails).  Pure."""
        if not len(frame):
            return frame
        if self.languages is not None:
            frame = frame[frame["lang"].isin(self.languages)].reset_index(drop=True)
            if not len(frame):
                return frame
        doc = str(frame["doc"].iloc[0])
        sups = suppress.matches(frame, self.suppressions.get(doc, ()))
        if not sups and not self.baseline and not self.decisions:
            return frame
        status = frame["status"].astype(object).to_numpy(copy=True)
        reason = frame["reason"].astype(object).to_numpy(copy=True)
        expl = frame["explanation"].astype(object).to_numpy(copy=True)
        fails = frame["fails"].astype(bool).to_numpy(copy=True)
        for i, fp in enumerate(frame["fingerprint"]):
            entry = self.decisions.get(str(fp))
            if entry is not None and entry.decision == "reject":
                expl[i] = f"{entry.reason()} (checks said {status[i]}: {expl[i]})"
                if status[i] == Status.VERIFIED.value:
                    status[i] = Status.CONTRADICTED.value
                reason[i] = entry.reason()
                fails[i] = True
                continue
            waiver = entry.reason() if entry is not None else None
            if waiver is None and i in sups:
                waiver = suppress.describe(sups[i])
            if waiver is None:
                b = self.baseline.get(str(fp))
                if b is not None and b.decision == "accept" and status[i] != Status.VERIFIED.value:
                    waiver = b.reason()
                elif b is not None and b.decision == "reject":
                    reason[i], fails[i] = b.reason(), True
            if waiver is not None:
                if status[i] != Status.WAIVED.value:
                    expl[i] = f"waived (was {status[i]}): {expl[i]}"
                status[i], reason[i], fails[i] = Status.WAIVED.value, waiver, False
        return frame.assign(status=status, reason=reason, explanation=expl, fails=fails)

    def stale(self, docs: Iterable[str], frames: Iterable[pd.DataFrame]) -> list[dict[str, Any]]:
        """Entries and markers of the run's articles that no claim uses (see module docstring)."""
        seen_docs = set(docs)
        status_by_fp: dict[str, str] = {}
        out: list[dict[str, Any]] = []
        for frame in frames:
            if not len(frame):
                continue
            status_by_fp.update(zip(map(str, frame["fingerprint"]), map(str, frame["status"]), strict=True))
            doc = str(frame["doc"].iloc[0])
            for s in suppress.unused(frame, self.suppressions.get(doc, ())):
                out.append(
                    {
                        "source": doc,
                        "line": s.line,
                        "col": s.col,
                        "kind": "suppression",
                        "doc": doc,
                        "text": "",
                        "why": "marker covers no claim (claim edited away, or wrong rule id?)",
                    }
                )
        for entry in (*self.baseline.values(), *self.decisions.values()):
            if entry.doc not in seen_docs:
                continue
            st = status_by_fp.get(entry.fingerprint)
            if st is None:
                why = "no matching claim in the article"
            elif st == Status.VERIFIED.value and entry.decision == "accept" and entry.kind == "factcheck-baseline":
                why = "the claim is verified now; the entry is no longer needed"
            else:
                continue
            out.append(
                {
                    "source": entry.path,
                    "line": entry.line,
                    "col": entry.col,
                    "kind": entry.kind.removeprefix("factcheck-"),
                    "doc": entry.doc,
                    "text": entry.text,
                    "why": why,
                }
            )
        return sorted(out, key=lambda d: (d["source"], d["line"], d["col"], d["doc"]))


class WaivedRun(RunResult):
    """A ``RunResult`` seen through ``Waivers``: frames are re-derived lazily, so memory stays flat."""

    def __init__(self, base: RunResult, waivers: Waivers) -> None:
        self._base = base
        self._waivers = waivers
        summaries: dict[str, DocSummary] = {d.doc: d for d in base.docs}
        for frame in base.frames():
            doc = str(frame["doc"].iloc[0])
            if doc in summaries:
                summaries[doc] = resummarize(summaries[doc], waivers.apply(frame))
        stale = waivers.stale(summaries, (waivers.apply(f) for f in base.frames()))
        meta = dict(base.meta)
        meta["stale"] = stale
        super().__init__(list(summaries.values()), list(base.skipped), [], None, meta)

    def frames(self) -> Iterator[pd.DataFrame]:
        for f in self._base.frames():
            g = self._waivers.apply(f)
            if len(g):
                yield g

    def frame(self, doc: str) -> pd.DataFrame:
        return self._waivers.apply(self._base.frame(doc))

    def body(self, doc: str) -> str:
        return self._base.body(doc)


def resummarize(d: DocSummary, frame: pd.DataFrame) -> DocSummary:
    """``d`` with its counts recomputed from ``frame`` (after waivers)."""
    counts = {s.value: 0 for s in Status}
    if len(frame):
        for k, v in frame["status"].value_counts().items():
            counts[str(k)] = int(v)
    return replace(
        d,
        n_claims=len(frame),
        counts=counts,
        n_failing=int(frame["fails"].astype(bool).sum()) if len(frame) else 0,
        langs=tuple(sorted(set(map(str, frame["lang"])))) if len(frame) else (),
    )


def apply_run(run: RunResult, waivers: Waivers) -> RunResult:
    """``run`` with waivers applied (the same object when there is nothing to apply)."""
    return WaivedRun(run, waivers) if waivers else run
