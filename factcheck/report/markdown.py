"""A Markdown summary for ``$GITHUB_STEP_SUMMARY`` or a pull-request comment.

Verdict counts, the claims that fail the run's policy (a table with links-free ``path:line:col``),
waived claims with their reasons and stale waivers in collapsed sections, skipped files.  Tables are
capped at ``limit`` rows so a huge run stays under GitHub's 1 MiB summary limit.
"""

from __future__ import annotations

from typing import Any

from factcheck.pipeline import RunResult
from factcheck.report import totals
from factcheck.report.findings import message, rows, rule_id

DEFAULT_LIMIT = 100


def cell(value: object) -> str:
    """A table cell: one line, pipes and backslashes escaped, HTML angle brackets neutralised.

    >>> cell("a | b\\nc <script>")
    'a \\\\| b c &lt;script&gt;'
    """
    s = " ".join(str("" if value is None else value).split())
    return s.replace("\\", "\\\\").replace("|", "\\|").replace("<", "&lt;").replace(">", "&gt;")


def _table(header: tuple[str, ...], body: list[tuple[object, ...]], limit: int) -> list[str]:
    out = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    out += ["| " + " | ".join(cell(v) for v in row) + " |" for row in body[:limit]]
    if len(body) > limit:
        out.append(f"\n… and {len(body) - limit} more (see the full report)")
    return out


def render(run: RunResult, limit: int = DEFAULT_LIMIT) -> str:
    t = totals(run)
    failing: list[dict[str, Any]] = []
    waived: list[dict[str, Any]] = []
    for r in rows(run):
        if r.get("fails"):
            failing.append(r)
        elif r.get("status") == "waived":
            waived.append(r)
    n_fail = run.n_failing
    verdict = f"**FAIL**: {n_fail} claim(s) fail the policy" if n_fail else "**PASS**: no claim fails the policy"
    out = [
        "## factcheck",
        "",
        f"{verdict} ({len(run.docs)} article(s), {sum(d.n_claims for d in run.docs)} claim(s), "
        f"{len(run.skipped)} skipped file(s)).",
        "",
        *_table(
            ("verified", "contradicted", "unverified", "waived", "failing"),
            [(t["verified"], t["contradicted"], t["unverified"], t["waived"], n_fail)],
            limit,
        ),
    ]
    fail_on = run.meta.get("fail_on")
    if isinstance(fail_on, list):
        out += [
            "",
            f"Policy: fail on {', '.join(map(str, fail_on)) or 'nothing'} "
            "(claims of rules with severity info never fail).",
        ]
    if failing:
        out += ["", "### Failing claims", ""]
        out += _table(
            ("where", "status", "rule", "claim"),
            [(f"`{r['doc']}:{r['line']}:{r['col']}`", r["status"], rule_id(r), message(r)) for r in failing],
            limit,
        )
    if waived:
        out += ["", f"<details><summary>Waived claims ({len(waived)})</summary>", ""]
        out += _table(
            ("where", "claim", "reason"),
            [(f"`{r['doc']}:{r['line']}:{r['col']}`", r.get("text"), r.get("reason")) for r in waived],
            limit,
        )
        out += ["", "</details>"]
    stale = run.meta.get("stale")
    if isinstance(stale, list) and stale:
        out += ["", f"<details><summary>Stale waivers ({len(stale)})</summary>", ""]
        out += _table(
            ("where", "kind", "article", "claim", "why"),
            [
                (
                    f"`{s.get('source')}:{s.get('line')}`",
                    s.get("kind"),
                    s.get("doc"),
                    s.get("text"),
                    s.get("why"),
                )
                for s in stale
            ],
            limit,
        )
        out += ["", "</details>"]
    if run.skipped:
        out += ["", "### Skipped files", ""]
        out += _table(("file", "reason"), [(s.doc, s.reason) for s in run.skipped], limit)
    return "\n".join(out) + "\n"
