"""``factcheck extract PATH...``: the claims table without checking (JSONL, CSV or a terminal table)."""

from __future__ import annotations

import json
from pathlib import Path

import click
import pandas as pd

from factcheck.claims import build_claims
from factcheck.extract import extract_segments, split_segments
from factcheck.io import discover, read_article
from factcheck.models import LANGS, Lang, Skipped
from factcheck.normalize import normalize
from factcheck.report import records
from factcheck.schema import CLAIM_COLUMNS

JSONL_FIRST = ("doc", "start", "end", "text", "kind", "value", "unit", "low", "high", "qualifier", "change", "lang")


def extract_frame(
    paths: tuple[str, ...], date: str | None, language: Lang | None
) -> tuple[pd.DataFrame, list[Skipped]]:
    from factcheck.cli.check import parse_date

    base = parse_date(date)
    frames: list[pd.DataFrame] = []
    skipped: list[Skipped] = []
    for inp in discover(paths):
        doc = read_article(inp, default_date=base, default_language=language)
        if isinstance(doc, Skipped):
            skipped.append(doc)
            continue
        try:
            segments = split_segments(doc.body, forced=doc.language)
            frames.append(normalize(build_claims(doc, extract_segments(doc.body, segments, doc.date))))
        except Exception as exc:  # one bad article never stops a run
            skipped.append(Skipped(doc.doc, f"extractor error: {type(exc).__name__}: {exc}; please report it"))
    frames = [f for f in frames if len(f)]
    frame = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=list(CLAIM_COLUMNS))
    return frame, skipped


def jsonl_rows(frame: pd.DataFrame) -> list[dict[str, object]]:
    rows = []
    for rec in records(frame):
        if rec.get("kind") == "date":
            rec["value"] = rec.get("iso")
        first = {k: rec.get(k) for k in JSONL_FIRST}
        rows.append({**first, **{k: v for k, v in rec.items() if k not in first}})
    return rows


@click.command("extract")
@click.argument("paths", nargs=-1, required=True)
@click.option("--format", "fmt", type=click.Choice(["jsonl", "csv", "table"]), default="jsonl", show_default=True)
@click.option("--date", "date_opt", default=None, help="Publication date (YYYY-MM-DD) for articles without one.")
@click.option("--language", type=click.Choice(["auto", *LANGS]), default="auto", show_default=True)
@click.option("-o", "--output", type=click.Path(path_type=Path), default=None, help="Write here instead of stdout.")
def extract_cmd(paths: tuple[str, ...], fmt: str, date_opt: str | None, language: str, output: Path | None) -> None:
    """Print the claims found in PATHS (no checking)."""
    lang: Lang | None = None if language == "auto" else language  # type: ignore[assignment]
    frame, skipped = extract_frame(paths, date_opt, lang)
    if fmt == "jsonl":
        text = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in jsonl_rows(frame))
    elif fmt == "csv":
        text = frame.to_csv(index=False, lineterminator="\n", float_format="%.10g")
    else:
        cols = ["doc", "line", "col", "text", "kind", "value", "iso", "unit", "qualifier", "lang"]
        text = frame.reindex(columns=cols).to_string(index=False) + "\n" if len(frame) else "no claims\n"
    if output:
        output.write_text(text, encoding="utf-8")
    else:
        click.echo(text, nl=False)
    for s in skipped:
        where = f"{s.doc}:{s.line}:{s.col}" if s.line else s.doc
        click.echo(f"skipped {where}: {s.reason}", err=True)
