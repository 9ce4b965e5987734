"""The output-format registry: name -> render function -> default file name (a plain dict).

``files(name, run)`` yields ``(file name, text pieces)`` one file at a time, so the CLI can stream a
large run's reports to disk; ``render(name, run)`` returns ``{file name: text}``.  The CLI decides
whether text goes to a file in ``--output-dir`` or to stdout (``text`` and ``github`` go to stdout
by default).  ``PIECE_FORMATS`` (``factcheck.report.pieces``) can be rendered per article by the
batch workers.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from factcheck.pipeline import RunResult
from factcheck.report import claimreview, csv_report, github, json_report, junit, markdown, pieces, sarif, text


@dataclass(frozen=True, slots=True)
class Format:
    name: str
    filename: str
    render: Callable[[RunResult], str | dict[str, str]]
    stdout: bool  # default destination is stdout (else a file in --output-dir)
    description: str
    chunks: Callable[[RunResult], Iterable[str]] | None = None  # a one-file format, in pieces
    files: Callable[[RunResult], Iterator[tuple[str, Iterable[str]]]] | None = None  # a many-file format


def _html(run: RunResult) -> dict[str, str]:
    from factcheck.report import html  # Jinja2: only when the HTML report is asked for

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
            chunks=text.chunks,
        ),
        Format(
            "json",
            "report.json",
            json_report.render,
            False,
            "every claim and verdict, every input file",
            chunks=json_report.chunks,
        ),
        Format("csv", "claims.csv", csv_report.render, False, "the verdicts table", chunks=csv_report.chunks),
        Format("html", "index.html", _html, False, "self-contained review report", files=pieces.html_files),
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
    return dict(sorted((n, "".join(pieces_)) for n, pieces_ in files(name, run, filename)))


def files(name: str, run: RunResult, filename: str | None = None) -> Iterator[tuple[str, Iterable[str]]]:
    """``(file name, text pieces)`` of format ``name``, one file at a time; join each file's pieces
    (or write them one after the other) to get its text."""
    fmt = FORMATS[name]
    if fmt.files is not None:
        yield from fmt.files(run)
        return
    if fmt.chunks is not None:
        yield filename or fmt.filename, fmt.chunks(run)
        return
    out = fmt.render(run)
    if isinstance(out, str):
        yield filename or fmt.filename, (out,)
        return
    for n, content in sorted(out.items()):
        yield n, (content,)
