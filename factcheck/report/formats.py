"""The output-format registry: name -> render function -> default file name (a plain dict).

``render(run)`` returns ``{file name: text}``; the CLI decides whether text goes to a file in
``--output-dir`` or to stdout (``text`` and ``github`` go to stdout by default).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from factcheck.pipeline import RunResult
from factcheck.report import claimreview, csv_report, github, json_report, junit, markdown, sarif, text


@dataclass(frozen=True, slots=True)
class Format:
    name: str
    filename: str
    render: Callable[[RunResult], str | dict[str, str]]
    stdout: bool  # default destination is stdout (else a file in --output-dir)
    description: str


def _html(run: RunResult) -> dict[str, str]:
    from factcheck.report import html  # the HTML report pulls in Jinja2: import it only when asked for

    return html.render(run)


FORMATS: dict[str, Format] = {
    f.name: f
    for f in (
        Format(
            "text",
            "factcheck.txt",
            text.render,
            True,
            "one line per failing claim: path:line:col: status rule-id message",
        ),
        Format("json", "report.json", json_report.render, False, "every claim and verdict, every input file"),
        Format("csv", "claims.csv", csv_report.render, False, "the verdicts table"),
        Format("html", "index.html", _html, False, "self-contained review report"),
        Format("junit", "junit.xml", junit.render, False, "JUnit XML, one testcase per claim"),
        Format("sarif", "factcheck.sarif", sarif.render, False, "SARIF 2.1.0 for code scanning"),
        Format("github", "github-annotations.txt", github.render, True, "GitHub Actions ::error annotations"),
        Format(
            "markdown",
            "summary.md",
            markdown.render,
            False,
            "summary for $GITHUB_STEP_SUMMARY or a PR comment",
        ),
        Format("claimreview", "claimreview.jsonld", claimreview.render, False, "schema.org ClaimReview JSON-LD"),
    )
}
DEFAULT_FORMATS: tuple[str, ...] = ("text", "html", "json", "csv")


def render(name: str, run: RunResult, filename: str | None = None) -> dict[str, str]:
    """``{file name: text}`` for format ``name`` (``filename`` renames a single-file format)."""
    fmt = FORMATS[name]
    out = fmt.render(run)
    if isinstance(out, str):
        return {filename or fmt.filename: out}
    return dict(sorted(out.items()))
