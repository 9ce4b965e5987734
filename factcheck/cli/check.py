"""``factcheck check PATH...``: read articles, extract, normalize, check, write reports, exit 0/1/2."""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path
from typing import Any

import click

from factcheck.batch import PARTS_DIR, Engine, run_batch
from factcheck.cache import ResultCache
from factcheck.cli.ci import ci_options, resolve
from factcheck.cli.options import rules_option
from factcheck.errors import UsageError
from factcheck.io import discover
from factcheck.models import LANGS, Lang, Status
from factcheck.pipeline import DEFAULT_FAIL_ON, RunResult
from factcheck.progress import make_progress
from factcheck.ruleset import RuleSet, load_ruleset

DEFAULT_RULES = Path("rules")
DEFAULT_OUTPUT = Path("reports")
DEFAULT_CACHE = Path(".factcheck-cache")
STATUSES = tuple(s.value for s in Status)


def parse_fail_on(value: str) -> tuple[str, ...]:
    items = tuple(v.strip() for v in value.split(",") if v.strip())
    bad = [v for v in items if v not in STATUSES]
    if bad:
        raise UsageError(
            f"--fail-on: unknown status {', '.join(bad)}",
            hint=f"use a comma-separated list of {', '.join(STATUSES)} (or 'none')",
        )
    return items


def parse_date(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise UsageError(f"--date {value!r} is not an ISO date", hint="write it as YYYY-MM-DD") from None


def load_rules(rule_paths: tuple[Path, ...]) -> RuleSet:
    paths = list(rule_paths) or [DEFAULT_RULES]
    for p in paths:
        if not p.exists():
            raise UsageError(
                f"no such rules path: {p}",
                path=str(p),
                hint="pass --rules PATH (a rule file or a folder of them)",
            )
    return load_ruleset(paths)


@click.command("check")
@click.argument("paths", nargs=-1, required=True)
@rules_option
@click.option(
    "-o",
    "--output-dir",
    type=click.Path(path_type=Path),
    default=DEFAULT_OUTPUT,
    show_default=True,
    help="Where reports are written.",
)
@click.option(
    "--fail-on",
    default=",".join(DEFAULT_FAIL_ON),
    show_default=True,
    help="Statuses that fail the run (comma-separated; 'none' never fails).",
)
@click.option("--date", "date_opt", default=None, help="Publication date (YYYY-MM-DD) for articles without one.")
@click.option(
    "--language",
    type=click.Choice(["auto", *LANGS]),
    default="auto",
    show_default=True,
    help="Language of articles without one (auto: detect per paragraph).",
)
@click.option(
    "--cache-dir",
    type=click.Path(path_type=Path),
    default=DEFAULT_CACHE,
    show_default=True,
    help="Cache folder: per-article results and the reference-data validation result.",
)
@click.option("--no-cache", is_flag=True, help="Do not read or write the cache.")
@click.option("-q", "--quiet", is_flag=True, help="Print nothing but errors.")
@click.option(
    "--workers",
    type=click.IntRange(min=1),
    default=None,
    help="Worker processes for --engine local (default: the number of cores).",
)
@click.option(
    "--engine",
    type=click.Choice(["local", "dask"]),
    default="local",
    show_default=True,
    help="Where articles are processed: local processes or a Dask cluster (--scheduler).",
)
@click.option(
    "--scheduler",
    default=None,
    metavar="ADDRESS",
    help="Dask scheduler address for --engine dask, e.g. tcp://10.0.0.5:8786.",
)
@click.option(
    "--chunk-size",
    type=click.IntRange(min=1),
    default=64,
    show_default=True,
    help="Articles per task sent to a worker.",
)
@click.option(
    "--audit",
    is_flag=True,
    help="Also run the rules compiled to a Great Expectations suite over the claims and "
    "report whether GX flags the same claims as factcheck (slow: imports GX).",
)
@ci_options
def check_cmd(
    paths: tuple[str, ...],
    rule_paths: tuple[Path, ...],
    output_dir: Path,
    fail_on: str,
    date_opt: str | None,
    language: str,
    cache_dir: Path,
    no_cache: bool,
    quiet: bool,
    workers: int | None,
    engine: Engine,
    scheduler: str | None,
    chunk_size: int,
    audit: bool,
    **ci_opts: Any,
) -> None:
    """Check every article under PATHS and write reports/ (HTML, JSON, CSV)."""
    t0 = time.perf_counter()
    ci = resolve(click.get_current_context())  # configuration file + CI options (factcheck/cli/ci.py)
    rule_paths, fail_on, language, cache_dir = ci.rule_paths, ci.fail_on, ci.language, ci.cache_dir
    fail_statuses = () if fail_on.strip() == "none" else parse_fail_on(fail_on)
    date = parse_date(date_opt)
    lang: Lang | None = None if language == "auto" else language  # type: ignore[assignment]
    ruleset = load_rules(rule_paths)
    from factcheck.gx import validate_reference_data

    validate_reference_data(ruleset, None if no_cache else cache_dir)
    meta: dict[str, object] = {"fail_on": list(fail_statuses), "rules_sha256": ruleset.sha256[:12]}
    # A runner that reads articles itself takes ci.inputs(paths): filtered, suppression markers tracked.
    # run_batch reads the markers in its workers; ci.adopt takes them from its result.
    progress = make_progress(quiet=quiet)
    keep = ci.keep()
    total = sum(1 for inp in discover(paths) if keep(inp)) if progress is not None else None
    batch = run_batch(  # streaming, parallel, cached: factcheck/batch.py
        ci.selected(paths),
        ruleset,
        fail_on=fail_statuses,
        workers=workers,
        engine=engine,
        scheduler=scheduler,
        cache=None if no_cache else ResultCache(cache_dir),
        progress=progress,
        work_dir=ci.output_dir / PARTS_DIR,
        default_date=date,
        default_language=lang,
        chunk_size=chunk_size,
        total=total,
        meta=meta,
        waivers=ci.worker_waivers(),  # applied by the workers, as are the per-article report pieces
        prerender=ci.prerender(quiet),
        keep_frames=audit or ci.needs_frames(quiet),
        pages_dir=ci.pages_dir(quiet),  # the workers write the article pages as they go
    )
    ci.adopt(batch)  # the suppression markers the workers read
    try:
        run = ci.finish(batch)  # suppressions, baseline, reviewer decisions -> waived
        written, to_stdout = ci.write_outputs(run, quiet)
        if not quiet:
            _summary(run, written, time.perf_counter() - t0, err=to_stdout)
        if audit and not _audit(run, ruleset, quiet):
            raise SystemExit(2)
    finally:
        batch.close()  # the part files under <output-dir>/.parts
    broken = ci.problems()  # stale waivers (warnings), malformed suppression markers (exit 2)
    if run.partial:  # Ctrl-C: the reports cover the articles done and say they are partial
        click.echo(f"interrupted: partial reports cover {len(run.docs)} article(s)", err=True)
        raise SystemExit(130)
    raise SystemExit(broken or (1 if run.n_failing else 0))


def _audit(run: RunResult, ruleset: RuleSet, quiet: bool) -> bool:
    """GX suite vs pandas verdicts: the same claim ids must be flagged.  False (exit 2) if not."""
    from factcheck.gx import audit, pandas_flags

    verdicts = run.verdicts
    gx_ids, pd_ids = audit(verdicts, ruleset), pandas_flags(verdicts, ruleset)
    if gx_ids == pd_ids:
        if not quiet:
            click.echo(f"audit: Great Expectations flags the same {len(gx_ids)} claim(s) as factcheck")
        return True
    click.echo(
        "error: audit: Great Expectations and factcheck disagree; "
        f"only GX: {sorted(gx_ids - pd_ids)}, only factcheck: {sorted(pd_ids - gx_ids)}",
        err=True,
    )
    return False


def _summary(run: RunResult, written: list[Path], seconds: float, err: bool = False) -> None:
    from factcheck.report import totals

    t = totals(run)
    click.echo(
        f"{len(run.docs)} article(s) read, {len(run.skipped)} skipped; {sum(d.n_claims for d in run.docs)} claims: "
        f"{t['verified']} verified, {t['contradicted']} contradicted, {t['unverified']} unverified"
        + (f", {t['waived']} waived" if t["waived"] else "")
        + f"; {run.n_failing} failing the policy ({seconds:.2f} s)",
        err=err,
    )
    for s in run.skipped:
        where = f"{s.doc}:{s.line}:{s.col}" if s.line else s.doc
        click.echo(f"skipped {where}: {s.reason}", err=err)
    if written:
        click.echo("reports: " + ", ".join(p.as_posix() for p in written), err=err)
