"""What the CI formats share: which claims are findings, their rule id, level and one-line message."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, Literal

from factcheck.pipeline import RunResult
from factcheck.report import records

NO_RULE = "no-rule"  # rule id shown for claims no rule selected (status unverified)
Level = Literal["error", "warning", "note"]
INSOURCE_PREFIX = "suppressed in the article"


def rows(run: RunResult) -> Iterator[dict[str, Any]]:
    """Every claim of the run as a JSON-safe dict, documents in order, claims by position."""
    for frame in run.frames():
        yield from records(frame)


def is_finding(r: dict[str, Any]) -> bool:
    """Contradicted or unverified (failing or not); verified and waived claims are not findings."""
    return r.get("status") in ("contradicted", "unverified")


def rule_id(r: dict[str, Any]) -> str:
    return str(r.get("rule_id") or NO_RULE)


def level(r: dict[str, Any]) -> Level:
    """``error`` if the claim fails the run's policy, else by the rule's severity (warning / note)."""
    if r.get("fails"):
        return "error"
    return "note" if r.get("severity") == "info" or r.get("status") == "waived" else "warning"


def message(r: dict[str, Any]) -> str:
    """One line: the claim as written, then the explanation (waived: the reason)."""
    text = " ".join(str(r.get("text") or "").split())
    status = r.get("status")
    body = str(r.get("reason") or "") if status == "waived" else str(r.get("explanation") or "")
    if status == "unverified" and r.get("reason") and str(r["reason"]) not in body:
        body = f"{body} ({r['reason']})" if body else str(r["reason"])
    if status == "contradicted" and r.get("expected") and str(r["expected"]) not in body:
        body = f"{body}; expected {r['expected']}"
    return " ".join(f'"{text}": {body}'.split())


def waiver_kind(r: dict[str, Any]) -> Literal["inSource", "external"]:
    return "inSource" if str(r.get("reason") or "").startswith(INSOURCE_PREFIX) else "external"
