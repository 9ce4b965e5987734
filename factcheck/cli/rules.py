"""``factcheck rules lint|test|export-gx``: tooling for rule authors.

* ``lint [PATH]``: load and validate rule files, the reference data they cite and the lexicon; every
  mistake is reported at ``path:line:col`` (exit 2).  Prints a one-line summary when all is well.
* ``test [PATH]``: run rule fixture files (``rules/fixtures/*.yaml``: claims or sentences, reference
  rows, expected statuses); exit 1 when a case fails.
* ``export-gx [-o FILE]``: the reference and range rules as a Great Expectations suite (JSON).
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import click

from factcheck.cli.options import rules_option
from factcheck.errors import UsageError
from factcheck.models import Lang

DEFAULT_RULES = Path("rules")
DEFAULT_FIXTURES = Path("rules/fixtures")


def _exists(p: Path) -> Path:
    if not p.exists():
        raise UsageError(
            f"no such path: {p.as_posix()}",
            path=p.as_posix(),
            hint="pass a rule file or folder (default: ./rules)",
        )
    return p


@click.group("rules")
def rules() -> None:
    """Lint, test and export rule files."""


@rules.command("lint")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
def lint(paths: tuple[Path, ...]) -> None:
    """Validate rule files, their reference data and the lexicon (default: ./rules)."""
    from factcheck.ruleset import load_ruleset

    ruleset = load_ruleset([_exists(p) for p in (paths or (DEFAULT_RULES,))])
    for rule in ruleset.rules:
        sel = rule.select
        if not (sel.kinds or sel.subjects or sel.any_subjects or sel.keywords or sel.pattern or sel.dimension):
            click.echo(
                f"{rule.location}: warning: rule {rule.id} selects every claim; add select.kinds or select.subjects",
                err=True,
            )
    n_rows = sum(len(t.rows) for t in ruleset.references.values())
    click.echo(
        f"{len(ruleset.rules)} rules, {len(ruleset.references)} reference files ({n_rows} rows), "
        f"{len(ruleset.lexicon.ids())} lexicon subjects: OK (sha256 {ruleset.sha256[:12]})"
    )


def extract_sentence(sentence: str, lang: str, pub: dt.date | None) -> list[dict[str, Any]]:
    """Claims of one fixture sentence through the real extractor."""
    from factcheck.claims import build_claims
    from factcheck.extract import extract_segments, split_segments
    from factcheck.models import Document

    language: Lang = "de" if lang == "de" else "en"
    doc = Document(doc="fixture", body=sentence, date=pub, language=language)
    mentions = extract_segments(sentence, split_segments(sentence, forced=language), pub)
    frame = build_claims(doc, mentions)
    keep = [c for c in frame.columns if c not in ("start", "end", "doc")]
    return [{k: r[k] for k in keep} for r in frame.to_dict("records")]


@rules.command("test")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("-v", "--verbose", is_flag=True, help="Print every case, not just failures.")
def test(paths: tuple[Path, ...], verbose: bool) -> None:
    """Run rule fixture files (default: ./rules/fixtures); exit 1 if a case fails."""
    from factcheck.rulecases import run_casefile

    files: list[Path] = []
    for p in paths or (DEFAULT_FIXTURES,):
        _exists(p)
        files += sorted(f for f in p.rglob("*.y*ml")) if p.is_dir() else [p]
    n_ok = n_bad = 0
    for f in files:
        for res in run_casefile(f, extract=extract_sentence):
            if res.ok:
                n_ok += 1
                if verbose:
                    click.echo(f"PASS {res.file}:{res.line}: {res.name}")
            else:
                n_bad += 1
                click.echo(f"FAIL {res.file}:{res.line}: {res.name}")
                for msg in res.failures:
                    click.echo(f"     {msg}")
    click.echo(f"{n_ok} passed, {n_bad} failed ({len(files)} fixture files)")
    if n_bad:
        raise SystemExit(1)


@rules.command("export-gx")
@rules_option
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    default=None,
    help="Write the suite here (default: stdout).",
)
def export_gx(rule_paths: tuple[Path, ...], output: Path | None) -> None:
    """Export the reference and range rules as a Great Expectations suite (JSON)."""
    from factcheck.gx import build_suite
    from factcheck.ruleset import load_ruleset

    ruleset = load_ruleset([_exists(p) for p in (rule_paths or (DEFAULT_RULES,))])
    text = json.dumps(build_suite(ruleset), indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    if output is None:
        click.echo(text, nl=False)
    else:
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(text, encoding="utf-8")
        click.echo(f"wrote {output.as_posix()}", err=True)
