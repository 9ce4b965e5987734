"""GitHub Actions workflow commands: one annotation per finding, shown on the pull request's diff.

``::error file=PATH,line=L,col=C,endColumn=E,title=TITLE::MESSAGE`` for claims that fail the run's
policy; contradicted or unverified claims that do not fail become ``::notice``.  Escaping follows
GitHub's toolkit: in the message ``%``, CR and LF; in property values also ``:`` and ``,``.

>>> escape_data("50% up\\nnext")
'50%25 up%0Anext'
>>> escape_property("a,b: c")
'a%2Cb%3A c'
"""

from __future__ import annotations

from typing import Any

from factcheck.pipeline import RunResult
from factcheck.report.findings import is_finding, message, rows, rule_id


def escape_data(s: str) -> str:
    return s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(s: str) -> str:
    return escape_data(s).replace(":", "%3A").replace(",", "%2C")


def command(r: dict[str, Any]) -> str:
    kind = "error" if r.get("fails") else "notice"
    props = {"file": str(r["doc"]), "line": str(r["line"]), "col": str(r["col"])}
    text = str(r.get("text") or "")
    if "\n" not in text:
        props["endColumn"] = str(int(r["col"]) + len(text))
    props["title"] = f"factcheck: {r['status']} ({rule_id(r)})"
    head = ",".join(f"{k}={escape_property(v)}" for k, v in props.items())
    return f"::{kind} {head}::{escape_data(message(r))}"


def render(run: RunResult) -> str:
    out = [command(r) for r in rows(run) if r.get("fails") or is_finding(r)]
    for s in run.skipped:
        props = f"file={escape_property(s.doc)}" + (f",line={s.line},col={s.col}" if s.line else "")
        out.append(f"::warning {props},title=factcheck%3A skipped::{escape_data(s.reason)}")
    return "".join(f"{x}\n" for x in out)
