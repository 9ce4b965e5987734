"""JUnit XML: one ``<testsuite>`` per article, one ``<testcase>`` per claim.

Read by GitLab (``artifacts:reports:junit``), Jenkins and most CI dashboards:

* a claim that fails the run's policy -> ``<failure type="STATUS" message="...">`` with the details;
* a waived claim -> ``<skipped message="REASON"/>``;
* every other claim passes (its verdict is in ``<system-out>``);
* a file that could not be read -> a ``<testcase>`` with ``<skipped>`` in the suite ``skipped files``.

``classname`` is the article path and ``name`` is ``line:col text``, so GitLab shows where the claim is.
No timestamps or durations: the output is byte-for-byte reproducible.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import Any

from factcheck.pipeline import RunResult
from factcheck.report import records
from factcheck.report.findings import message, rule_id


def _details(r: dict[str, Any]) -> str:
    keys = (
        "status",
        "rule_id",
        "rule_file",
        "severity",
        "kind",
        "value",
        "unit",
        "iso",
        "ref_value",
        "ref_unit",
        "ref_iso",
        "ref_period",
        "ref_source",
        "ref_url",
        "deviation",
        "tolerance",
        "expected",
        "reason",
        "fingerprint",
    )
    lines = [f"{r['doc']}:{r['line']}:{r['col']}: {message(r)}", f"sentence: {r.get('sentence') or ''}"]
    lines += [f"{k}: {r[k]}" for k in keys if r.get(k) not in (None, "")]
    return "\n".join(lines) + "\n"


def _case(parent: ET.Element, r: dict[str, Any]) -> tuple[int, int]:
    text = " ".join(str(r.get("text") or "").split())
    case = ET.SubElement(
        parent,
        "testcase",
        {
            "classname": str(r["doc"]),
            "name": f"{r['line']}:{r['col']} {text}",
            "file": str(r["doc"]),
            "line": str(r["line"]),
        },
    )
    if r.get("fails"):
        fail = ET.SubElement(case, "failure", {"type": str(r["status"]), "message": f"{rule_id(r)}: {message(r)}"})
        fail.text = _details(r)
        return 1, 0
    if r.get("status") == "waived":
        ET.SubElement(case, "skipped", {"message": str(r.get("reason") or "waived")})
        return 0, 1
    out = ET.SubElement(case, "system-out")
    out.text = _details(r)
    return 0, 0


def render(run: RunResult) -> str:
    root = ET.Element("testsuites", {"name": "factcheck"})
    totals = [0, 0, 0]  # tests, failures, skipped
    for d in run.docs:
        suite = ET.SubElement(root, "testsuite", {"name": d.doc})
        n = [0, 0, 0]
        for r in records(run.frame(d.doc)):
            f, s = _case(suite, r)
            n[0] += 1
            n[1] += f
            n[2] += s
        if d.error:
            err = ET.SubElement(
                ET.SubElement(suite, "testcase", {"classname": d.doc, "name": "read and extract"}),
                "error",
                {"message": d.error},
            )
            err.text = d.error + "\n"
            n[0] += 1
        suite.attrib.update(
            {
                "tests": str(n[0]),
                "failures": str(n[1]),
                "errors": str(int(bool(d.error))),
                "skipped": str(n[2]),
            }
        )
        totals = [a + b for a, b in zip(totals, n, strict=True)]
    processed = {d.doc for d in run.docs}
    skipped = [s for s in run.skipped if s.doc not in processed]
    if skipped:
        suite = ET.SubElement(
            root,
            "testsuite",
            {
                "name": "skipped files",
                "tests": str(len(skipped)),
                "failures": "0",
                "errors": "0",
                "skipped": str(len(skipped)),
            },
        )
        for sk in skipped:
            case = ET.SubElement(suite, "testcase", {"classname": sk.doc, "name": "read", "file": sk.doc})
            ET.SubElement(case, "skipped", {"message": sk.reason})
        totals[0] += len(skipped)
        totals[2] += len(skipped)
    errors = sum(1 for d in run.docs if d.error)
    root.attrib.update(
        {
            "tests": str(totals[0]),
            "failures": str(totals[1]),
            "errors": str(errors),
            "skipped": str(totals[2]),
        }
    )
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
