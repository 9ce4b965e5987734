"""``factcheck explain CLAIM_ID``: the full trace of one verdict, from the JSON report."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from factcheck.checks.base import fmt
from factcheck.errors import UsageError

DEFAULT_REPORT = Path("reports/report.json")
_PROVENANCE = (
    "rule_id",
    "rule_file",
    "severity",
    "ref_dataset",
    "ref_series",
    "ref_period",
    "ref_source",
    "ref_url",
    "ref_retrieved",
    "ref_hash",
    "expected",
    "outdated",
)


def find_claim(report: dict[str, Any], claim_id: str, path: str) -> dict[str, Any]:
    claims = report.get("claims")
    if not isinstance(claims, list):
        raise UsageError("the report has no 'claims' list", path=path, hint="run 'factcheck check' first")
    hits = [c for c in claims if str(c.get("claim_id", "")).startswith(claim_id)]
    exact = [c for c in hits if c.get("claim_id") == claim_id]
    if exact:
        return dict(exact[0])
    if len(hits) == 1:
        return dict(hits[0])
    if not hits:
        raise UsageError(
            f"no claim {claim_id!r} in the report",
            path=path,
            hint="claim ids are in the claim_id column of reports/claims.csv",
        )
    raise UsageError(f"{claim_id!r} matches {len(hits)} claims", path=path, hint="give more of the id")


def render(c: dict[str, Any]) -> str:
    """The explanation as plain text: claim, verdict, trace, alternatives, provenance."""
    lines = [
        f"{c.get('claim_id')}  {c.get('doc')}:{c.get('line')}:{c.get('col')}  [{c.get('lang')}]",
        f"  {c.get('sentence')}",
        f"status: {c.get('status')}" + (f" ({c.get('reason')})" if c.get("reason") else ""),
        f"explanation: {c.get('explanation')}",
        "trace:",
    ]
    try:
        trace = json.loads(c.get("trace") or "[]")
    except ValueError:
        trace = [{"step": "trace", "value": c.get("trace")}]
    width = max((len(str(s.get("step", ""))) for s in trace), default=0)
    lines += [f"  {str(s.get('step', '')).ljust(width)}  {s.get('value')}" for s in trace]
    alts = c.get("alternatives")
    if alts:
        lines.append("alternatives:")
        for a in json.loads(alts) if isinstance(alts, str) else alts:
            if "value" in a:
                fx = (
                    f" at {a['fx']['rate']} {a['fx']['unit']} ({a['fx']['period']}, {a['fx']['source']})"
                    if a.get("fx")
                    else ""
                )
                who = a.get("label") or a.get("source")
                value = fmt(a.get("value"), a.get("unit"))
                lines.append(
                    f"  {a.get('series')} ({who}): {value}{fx}, {a.get('period')}, {a.get('status')}; {a.get('url')}"
                )
            else:
                lines.append(f"  {a.get('series')}: {a.get('reason')}")
    lines.append("provenance:")
    lines += [f"  {k}: {c.get(k)}" for k in _PROVENANCE if c.get(k) not in (None, "", False)]
    return "\n".join(lines) + "\n"


@click.command("explain")
@click.argument("claim_id")
@click.option(
    "--report",
    "report_path",
    type=click.Path(path_type=Path),
    default=DEFAULT_REPORT,
    show_default=True,
    help="The JSON report written by 'factcheck check'.",
)
def explain(claim_id: str, report_path: Path) -> None:
    """Print the full trace of one verdict (CLAIM_ID or a unique prefix of it)."""
    if not report_path.is_file():
        raise UsageError(
            f"no report at {report_path.as_posix()}",
            path=report_path.as_posix(),
            hint="run 'factcheck check PATH' first, or pass --report",
        )
    try:
        report = json.loads(report_path.read_text(encoding="utf-8"))
    except ValueError as exc:
        raise UsageError(f"not a JSON report: {exc}", path=report_path.as_posix()) from None
    click.echo(render(find_claim(report, claim_id, report_path.as_posix())), nl=False)
