"""The CI side of ``factcheck check``: configuration, file selection, waivers, output formats, exit code.

Kept apart from ``check.py`` so the command stays short: ``ci_options`` adds the options, ``resolve``
merges them with the configuration file, ``Session`` selects files, applies waivers and writes outputs.
Exit codes: 0 nothing fails the policy, 1 findings fail it, 2 broken input (including malformed
suppression markers, reported after the reports are written).
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import click
from click.core import ParameterSource

from factcheck import config as config_mod
from factcheck import waivers
from factcheck.batch import BatchResult
from factcheck.errors import UsageError
from factcheck.io import SIDECAR_SUFFIX, InputFile, discover, read_article
from factcheck.models import Document, Skipped, Suppression
from factcheck.pipeline import RunResult

F = TypeVar("F", bound=Callable[..., Any])
T = TypeVar("T")
DEFAULT_WHY = "existing finding, accepted when the baseline was written"


def _format_names() -> tuple[str, ...]:
    from factcheck.report.formats import FORMATS

    return tuple(FORMATS)


def ci_options(f: F) -> F:
    """The CI options of ``factcheck check`` (applied as one decorator)."""
    opts = [
        click.option(
            "-f",
            "--format",
            "formats",
            multiple=True,
            metavar="NAME[=PATH]",
            help="Output format, repeatable or comma-separated: text, json, csv, html, junit, sarif, "
            "github, markdown, claimreview. text and github go to stdout, the others to "
            "--output-dir; NAME=PATH writes elsewhere ('-' = stdout). "
            "Default: text on stdout + html, json, csv files.",
        ),
        click.option(
            "--config",
            "config_path",
            type=click.Path(path_type=Path, dir_okay=False),
            default=None,
            help="Configuration file (default: factcheck.toml or pyproject.toml [tool.factcheck], "
            "searched from the working directory upwards).",
        ),
        click.option(
            "--baseline",
            type=click.Path(path_type=Path, dir_okay=False),
            default=None,
            help="Baseline file: its findings are waived, only new ones fail.",
        ),
        click.option(
            "--write-baseline",
            type=click.Path(path_type=Path, dir_okay=False),
            default=None,
            help="Record the claims failing now in this baseline file (then waive them).",
        ),
        click.option("--who", default=None, help="Who accepts the findings written by --write-baseline."),
        click.option("--why", default=None, help="Why they are accepted (the note of each new entry)."),
        click.option(
            "--decisions",
            "decision_files",
            multiple=True,
            type=click.Path(path_type=Path, dir_okay=False),
            help="Reviewer decisions file (exported from the HTML report); repeatable.",
        ),
        click.option(
            "--changed-since",
            default=None,
            metavar="REF",
            help="Only check articles changed since git REF (plus uncommitted and untracked ones).",
        ),
        click.option("--include", multiple=True, metavar="GLOB", help="Only check articles matching GLOB."),
        click.option("--exclude", multiple=True, metavar="GLOB", help="Skip articles matching GLOB."),
    ]
    for opt in reversed(opts):
        f = opt(f)
    return f


@dataclass(frozen=True, slots=True)
class Output:
    name: str
    dest: str | None  # None: the format's default; "-": stdout; else a path


def parse_formats(values: tuple[str, ...] | list[str], where: Callable[[str], Exception] | None = None) -> list[Output]:
    """``("json,sarif", "junit=out/j.xml")`` -> outputs; unknown names raise ``UsageError`` (or ``where``)."""
    known = _format_names()
    out: list[Output] = []
    for value in values:
        for item in (v.strip() for v in value.split(",")):
            if not item:
                continue
            name, _, dest = item.partition("=")
            name = name.strip().lower()
            if name not in known:
                msg = f"unknown format {name!r}"
                if where is not None:
                    raise where(msg)
                raise UsageError(f"--format: {msg}", hint=f"use one of {', '.join(known)}")
            out.append(Output(name, dest.strip() or None))
    return out


def _rel(path: str | Path) -> str:
    p = Path(path)
    try:
        return p.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return p.as_posix()


@dataclass
class Settings:
    """Effective settings: command line over configuration file over defaults."""

    cfg: config_mod.Config
    rule_paths: tuple[Path, ...]
    output_dir: Path
    fail_on: str
    language: str
    cache_dir: Path
    outputs: list[Output]
    explicit_formats: bool
    baseline: Path | None
    write_baseline: Path | None
    who: str
    why: str
    decisions: tuple[Path, ...]
    changed_since: str | None
    include: tuple[str, ...]
    exclude: tuple[str, ...]
    suppressions: dict[str, tuple[Suppression, ...]] = field(default_factory=dict)
    marker_errors: list[tuple[str, Suppression]] = field(default_factory=list)
    stale: list[dict[str, Any]] = field(default_factory=list)
    changed: frozenset[Path] | None = None
    _files: tuple[waivers.WaiverFile | None, list[waivers.WaiverFile]] | None = None

    # --- selection ------------------------------------------------------------------------------

    def keep(self) -> Callable[[InputFile], bool]:
        """Predicate on discovered files: include/exclude globs, ``--changed-since``, and never the
        output folder (so ``factcheck check .`` does not read its own reports on the next run)."""
        changed: frozenset[Path] | None = None
        if self.changed_since:
            if self.changed is None:  # ask git once per run
                from factcheck.gitchanged import changed_files

                self.changed = changed_files(self.changed_since, Path.cwd())
            changed = self.changed
        # the output folder as given and with its links resolved, compared as string prefixes of the
        # inputs' absolute paths (not ``resolve()`` per file: syscalls for every path component)
        given, real = os.path.abspath(self.output_dir), os.path.realpath(self.output_dir)
        out_dirs = tuple(sorted({d.rstrip(os.sep) + os.sep for d in (given, real)}))

        def keep(inp: InputFile) -> bool:
            if not config_mod.selected(inp.name, self.include, self.exclude):
                return False
            if os.path.abspath(inp.path).startswith(out_dirs):
                return False
            if changed is None:
                return True
            p = inp.path.resolve()
            sidecars = (p.with_suffix(SIDECAR_SUFFIX), p.with_name(p.name + SIDECAR_SUFFIX))
            return p in changed or any(s in changed for s in sidecars)

        return keep

    def selected(self, paths: tuple[str, ...]) -> Iterator[InputFile]:
        """The files to check: ``discover(paths)`` filtered by ``keep()``.  The batch runner reads
        their suppression markers itself (``adopt``)."""
        keep = self.keep()
        return (inp for inp in discover(paths) if keep(inp))

    def adopt(self, run: BatchResult) -> None:
        """Take the suppression markers the batch workers read (instead of reading every file here)."""
        for doc, sups in run.suppressions.items():
            self.suppressions[doc] = sups
            self.marker_errors += [(doc, s) for s in sups if s.scope == "error"]

    def inputs(self, paths: tuple[str, ...]) -> Iterator[InputFile]:
        """The files to check: ``discover(paths)`` filtered by ``keep()``, markers remembered.

        For runners that read articles themselves (``factcheck.batch``): pass these to them.
        """
        keep = self.keep()
        return self.track(inp for inp in discover(paths) if keep(inp))

    def track(self, items: Iterable[T]) -> Iterator[T]:
        """Pass documents (or input files) through, remembering their suppression markers.

        An ``InputFile`` is only read again here if its bytes mention ``factcheck-`` (a marker), with
        the same reader the pipeline uses, so offsets match the claims'.
        """
        for item in items:
            doc: Document | Skipped | None = None
            if isinstance(item, Document):
                doc = item
            elif isinstance(item, InputFile) and _has_marker(item.path):
                doc = read_article(item)
            if isinstance(doc, Document) and doc.suppressions:
                self.suppressions[doc.doc] = doc.suppressions
                self.marker_errors += [(doc.doc, s) for s in doc.suppressions if s.scope == "error"]
            yield item

    # --- after the run --------------------------------------------------------------------------

    def _waiver_files(self) -> tuple[waivers.WaiverFile | None, list[waivers.WaiverFile]]:
        """The baseline and the decision files, read once per run."""
        if self._files is None:
            old = waivers.load(self.baseline) if self.baseline else None
            self._files = (old, [waivers.load(p) for p in self.decisions])
        return self._files

    def worker_waivers(self) -> waivers.Waivers | None:
        """The waivers the batch workers apply to each article (its own suppression markers are
        added there); None when ``--write-baseline`` needs the verdicts before the baseline."""
        if self.write_baseline is not None:
            return None
        old, files = self._waiver_files()
        return waivers.Waivers.build({}, ([old] if old else []) + files, self.cfg.languages)

    def finish(self, run: RunResult) -> RunResult:
        """Waivers (suppressions, baseline, decisions), ``--write-baseline``, run metadata.

        A ``BatchResult`` run with ``worker_waivers()`` comes back waived: only its metadata and
        stale entries are completed here.
        """
        old, files = self._waiver_files()
        languages = self.cfg.languages
        if isinstance(run, BatchResult) and run.waived:
            self._meta(run, old, files)
            if waivers.Waivers.build(self.suppressions, ([old] if old else []) + files, languages):
                run.meta["stale"] = run.stale  # as ``waivers.apply_run`` records them
                self.stale = run.stale
            return run
        if self.write_baseline is not None:
            pre = waivers.apply_run(run, waivers.Waivers.build(self.suppressions, files, languages))
            # entries already recorded (in --baseline, or in the file being rewritten) keep who/when/note
            previous = [old] if old else []
            if self.write_baseline.is_file():
                previous.insert(0, waivers.load(self.write_baseline))
            keep = {e.fingerprint: e for f in previous for e in f.entries}
            entries = waivers.baseline_entries(
                pre.frames(), who=self.who, note=self.why, when=dt.date.today(), keep=keep
            )
            text = waivers.dumps("factcheck-baseline", entries)
            _write(self.write_baseline, text)
            old = waivers.parse(text, self.write_baseline.as_posix())
        all_files = ([old] if old else []) + files
        self._meta(run, old, files)
        result = waivers.apply_run(run, waivers.Waivers.build(self.suppressions, all_files, languages))
        stale = result.meta.get("stale")
        self.stale = stale if isinstance(stale, list) else []
        return result

    def _meta(self, run: RunResult, old: waivers.WaiverFile | None, files: list[waivers.WaiverFile]) -> None:
        run.meta.update(
            {
                k: v
                for k, v in {
                    "config": _rel(self.cfg.path) if self.cfg.path else None,
                    "baseline": old.path if old else None,
                    "decisions": [f.path for f in files] or None,
                    "changed_since": self.changed_since,
                }.items()
                if v
            }
        )

    def active(self, quiet: bool) -> list[Output]:
        """The outputs this run writes: ``--quiet`` drops the default text listing on stdout."""
        from factcheck.report.formats import FORMATS

        def dropped(o: Output) -> bool:
            to_stdout = o.dest == "-" or (o.dest is None and FORMATS[o.name].stdout)
            return quiet and not self.explicit_formats and to_stdout

        return [o for o in self.outputs if not dropped(o)]

    def needs_frames(self, quiet: bool) -> bool:
        """Whether anything after the run reads the verdict frames: a format not rendered in pieces,
        or waivers applied here (``--write-baseline``)."""
        pieces = set(self.prerender(quiet))
        return self.write_baseline is not None or any(o.name not in pieces for o in self.active(quiet))

    def prerender(self, quiet: bool) -> tuple[str, ...]:
        """The formats this run writes that the batch workers can render per article (``report.pieces``).

        None with ``--write-baseline``: the waivers are applied here then, after the run, so pieces
        rendered by the workers would show the verdicts before them.
        """
        from factcheck.report.pieces import PIECE_FORMATS

        if self.write_baseline is not None:
            return ()
        names = {o.name for o in self.active(quiet)}
        return tuple(f for f in PIECE_FORMATS if f in names)

    def pages_dir(self, quiet: bool) -> Path | None:
        """Where the batch workers write the HTML report's article pages: its folder, when the HTML
        report is written to one and rendered in pieces (see ``prerender``)."""
        for o in self.active(quiet):
            if o.name == "html" and o.dest != "-" and "html" in self.prerender(quiet):
                return self._folder(o)
        return None

    def _folder(self, out: Output) -> Path:
        return self.output_dir if out.dest is None else Path(out.dest).parent

    def write_outputs(self, run: RunResult, quiet: bool) -> tuple[list[Path], bool]:
        """Write every requested format, piece by piece (a large run is never one string in memory).

        Returns (each format's main file, whether a machine format went to stdout).
        """
        from factcheck.report.formats import FORMATS, files

        written: list[Path] = []
        to_stdout = False
        for out in self.active(quiet):
            fmt = FORMATS[out.name]
            dest = out.dest
            if dest is None and fmt.stdout:
                dest = "-"
            if dest == "-":
                for _, chunks in files(out.name, run):
                    for text in chunks:
                        click.echo(text, nl=False)
                to_stdout = to_stdout or out.name != "text"
                continue
            main = fmt.filename if dest is None else Path(dest).name
            folder = self._folder(out)
            made: set[Path] = set()
            for name, chunks in files(out.name, run, None if dest is None else main):
                path = folder / name
                if path.parent not in made:
                    path.parent.mkdir(parents=True, exist_ok=True)
                    made.add(path.parent)
                with path.open("w", encoding="utf-8") as fh:
                    fh.writelines(chunks)
                if name in (main, fmt.filename):
                    written.append(path)
        return written, to_stdout

    def problems(self) -> int:
        """Print stale waivers (warnings) and malformed markers (errors); exit code 2 if any error."""
        for s in self.stale:
            where = f"{s['source']}:{s['line']}:{s['col']}" if s.get("line") else str(s["source"])
            text = f" for {s['text']!r}" if s.get("text") else ""
            click.echo(f"{where}: warning: stale {s['kind']} entry{text} in {s['doc']}: {s['why']}", err=True)
        for doc, sup in self.marker_errors:
            click.echo(f"{doc}:{sup.line}:{sup.col}: error: {sup.reason}", err=True)
        return 2 if self.marker_errors else 0


def _has_marker(path: Path) -> bool:
    try:
        return b"factcheck-" in path.read_bytes()
    except OSError:
        return False


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def _given(ctx: click.Context, name: str) -> bool:
    return ctx.get_parameter_source(name) not in (ParameterSource.DEFAULT, None)


def resolve(ctx: click.Context) -> Settings:
    """Merge ``ctx.params`` with the configuration file (``--config`` or discovered)."""
    p = ctx.params
    cfg = config_mod.load(p.get("config_path"), Path.cwd())
    for ref in cfg.reference:
        if not ref.exists():
            raise cfg.error("reference", f"no such reference path: {ref}")

    def pick(name: str, from_cfg: Any) -> Any:
        return p[name] if _given(ctx, name) or from_cfg is None else from_cfg

    fail_on = pick("fail_on", ",".join(cfg.fail_on) if cfg.fail_on is not None else None)
    if cfg.fail_on == ():
        fail_on = p["fail_on"] if _given(ctx, "fail_on") else "none"
    if p.get("formats"):
        outputs, explicit = parse_formats(p["formats"]), True
    elif cfg.formats is not None:
        outputs = parse_formats(list(cfg.formats), lambda m: cfg.error("formats", m))
        explicit = True
    else:
        from factcheck.report.formats import DEFAULT_FORMATS

        outputs, explicit = [Output(n, None) for n in DEFAULT_FORMATS], False
    if (p.get("who") or p.get("why")) and not p.get("write_baseline"):
        raise UsageError("--who/--why only apply with --write-baseline")
    who = p.get("who") or os.environ.get("GITHUB_ACTOR") or os.environ.get("USER") or "unknown"
    return Settings(
        cfg=cfg,
        rule_paths=tuple(p["rule_paths"]) or cfg.rules,
        output_dir=pick("output_dir", cfg.output_dir),
        fail_on=fail_on,
        language=pick("language", cfg.language),
        cache_dir=pick("cache_dir", cfg.cache_dir),
        outputs=outputs,
        explicit_formats=explicit,
        baseline=p.get("baseline") or cfg.baseline,
        write_baseline=p.get("write_baseline"),
        who=who,
        why=p.get("why") or DEFAULT_WHY,
        decisions=tuple(p.get("decision_files") or ()) or cfg.decisions,
        changed_since=p.get("changed_since"),
        include=tuple(p.get("include") or ()) or cfg.include,
        exclude=tuple(p.get("exclude") or ()) or cfg.exclude,
    )
