"""SARIF 2.1.0 for GitHub code scanning and other SARIF viewers.

* ``tool.driver.rules``: every rule that decided a reported claim (id, rule file, default level from
  its severity) plus ``no-rule`` for claims no rule selects.
* ``results``: every contradicted, unverified or waived claim (verified claims are not results), with
  a physical location (``startLine``/``startColumn`` in code points, ``columnKind`` says so; the
  claim text as snippet), ``level`` (``error`` = fails the run's policy, else ``warning``/``note``),
  ``partialFingerprints`` (the baseline fingerprint, stable across line shifts) and, for waived
  claims, a ``suppressions`` entry (``inSource`` for article markers, ``external`` for baselines and
  reviewer decisions) whose justification is the reason.
* ``invocations[0].toolExecutionNotifications``: skipped files and stale waivers.

Validated against the official schema in the test suite.  Deterministic: no times, relative URIs.
"""

from __future__ import annotations

from typing import Any

from factcheck import __version__
from factcheck.pipeline import RunResult
from factcheck.report import dumps
from factcheck.report.findings import NO_RULE, is_finding, level, message, rows, rule_id, waiver_kind

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
FINGERPRINT_KEY = "factcheck/fingerprint/v1"
_SEVERITY_LEVEL = {"error": "error", "warning": "warning", "info": "note"}


def _location(r: dict[str, Any]) -> dict[str, Any]:
    text = str(r.get("text") or "")
    region: dict[str, Any] = {"startLine": int(r["line"]), "startColumn": int(r["col"])}
    if "\n" not in text:
        region["endColumn"] = int(r["col"]) + len(text)
    region["snippet"] = {"text": text}
    return {"physicalLocation": {"artifactLocation": {"uri": str(r["doc"])}, "region": region}}


def _result(r: dict[str, Any], rule_index: int) -> dict[str, Any]:
    res: dict[str, Any] = {
        "ruleId": rule_id(r),
        "ruleIndex": rule_index,
        "level": level(r),
        "message": {"text": message(r)},
        "locations": [_location(r)],
        "partialFingerprints": {FINGERPRINT_KEY: str(r.get("fingerprint") or r["claim_id"])},
        "properties": {
            k: r.get(k)
            for k in (
                "status",
                "claim_id",
                "kind",
                "value",
                "unit",
                "iso",
                "ref_value",
                "ref_unit",
                "ref_source",
                "ref_url",
                "deviation",
                "tolerance",
                "expected",
                "reason",
            )
            if r.get(k) is not None
        },
    }
    if r.get("status") == "waived":
        res["suppressions"] = [
            {"kind": waiver_kind(r), "status": "accepted", "justification": str(r.get("reason") or "")}
        ]
    return res


def document(run: RunResult) -> dict[str, Any]:
    reported = [r for r in rows(run) if is_finding(r) or r.get("status") == "waived" or r.get("fails")]
    rules: dict[str, dict[str, Any]] = {}
    for r in reported:
        rid = rule_id(r)
        if rid in rules:
            continue
        if rid == NO_RULE:
            rules[rid] = {
                "id": NO_RULE,
                "name": "NoRule",
                "shortDescription": {"text": "No rule selects this claim, so it is unverified."},
                "defaultConfiguration": {"level": "warning"},
            }
        else:
            rule_file = r.get("rule_file")
            rules[rid] = {
                "id": rid,
                "shortDescription": {"text": f"factcheck rule {rid}" + (f" ({rule_file})" if rule_file else "")},
                "defaultConfiguration": {"level": _SEVERITY_LEVEL.get(str(r.get("severity")), "warning")},
                "properties": {"ruleFile": rule_file} if rule_file else {},
            }
    ids = sorted(rules)
    index = {rid: i for i, rid in enumerate(ids)}
    notes: list[dict[str, Any]] = []
    for s in run.skipped:
        region = {"region": {"startLine": s.line, "startColumn": s.col or 1}} if s.line else {}
        notes.append(
            {
                "level": "warning",
                "message": {"text": f"skipped: {s.reason}"},
                "locations": [{"physicalLocation": {"artifactLocation": {"uri": s.doc}, **region}}],
            }
        )
    stale = run.meta.get("stale")
    for item in stale if isinstance(stale, list) else []:
        loc: dict[str, Any] = {"artifactLocation": {"uri": str(item.get("source") or item.get("doc"))}}
        if item.get("line"):
            loc["region"] = {"startLine": int(item["line"]), "startColumn": int(item.get("col") or 1)}
        notes.append(
            {
                "level": "note",
                "locations": [{"physicalLocation": loc}],
                "message": {"text": f"stale {item.get('kind')} for {item.get('doc')}: {item.get('why')}"},
            }
        )
    run_obj: dict[str, Any] = {
        "tool": {
            "driver": {
                "name": "factcheck",
                "version": __version__,
                "semanticVersion": __version__,
                "rules": [rules[i] for i in ids],
            }
        },
        "invocations": [{"executionSuccessful": True, "toolExecutionNotifications": notes}],
        "artifacts": [
            {"location": {"uri": d.doc}, **({"hashes": {"sha-256": d.sha256}} if d.sha256 else {})} for d in run.docs
        ],
        "columnKind": "unicodeCodePoints",
        "results": [_result(r, index[rule_id(r)]) for r in reported],
    }
    return {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run_obj]}


def render(run: RunResult) -> str:
    return dumps(document(run))
