"""Baseline and decisions files: format, errors at path:line:col, applying them, stale entries."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from factories import frame, make_run, row

from factcheck import waivers
from factcheck.errors import UsageError
from factcheck.models import Suppression

ENTRY: dict[str, Any] = {
    "fingerprint": "fp2",
    "doc": "a.md",
    "claim_id": "fp2",
    "text": "2 %",
    "status": "contradicted",
    "rule_id": "nato.gdp",
    "decision": "accept",
    "note": "known",
    "who": "ann",
    "when": "2025-02-03",
}


def doc_text(kind: str = "factcheck-baseline", *entries: dict[str, Any]) -> str:
    return json.dumps({"version": 1, "kind": kind, "entries": list(entries)}, indent=2)


def test_parse_and_dump_round_trip() -> None:
    f = waivers.parse(doc_text("factcheck-baseline", ENTRY), "b.json")
    assert f.kind == "factcheck-baseline" and len(f.entries) == 1
    e = f.entries[0]
    assert (e.fingerprint, e.decision, e.path, e.line) == ("fp2", "accept", "b.json", 5)
    text = waivers.dumps("factcheck-baseline", f.entries)
    assert json.loads(text) == json.loads(doc_text("factcheck-baseline", ENTRY))
    assert waivers.dumps("factcheck-baseline", waivers.parse(text, "b.json").entries) == text


@pytest.mark.parametrize(
    "text, where, message",
    [
        ('{"version": 1,\n "kind": "factcheck-baseline",\n "entries": [,]}', (3, 14), "not valid JSON"),
        ('{"version": 2, "kind": "factcheck-baseline", "entries": []}', (1, 2), "unsupported version 2"),
        ('{"version": 1, "kind": "baseline", "entries": []}', (1, 16), "kind must be one of"),
        ('{"version": 1, "kind": "factcheck-baseline", "entries": [], "x": 1}', (1, 61), "unknown key 'x'"),
        (doc_text("factcheck-decisions", {**ENTRY, "decision": "maybe"}), (12, 7), "decision must be accept"),
        (
            doc_text("factcheck-decisions", ENTRY, {k: v for k, v in ENTRY.items() if k != "who"}),
            (17, 5),
            "entry 2: missing key 'who'",
        ),
        (doc_text("factcheck-decisions", {**ENTRY, "when": "3 Feb"}), (15, 7), "when must be a date"),
        (
            doc_text("factcheck-decisions", {**ENTRY, "rule_id": 5}),
            (11, 7),
            "rule_id must be a string or null",
        ),
        (doc_text("factcheck-decisions", {**ENTRY, "extra": ""}), (16, 7), "unknown key 'extra'"),
    ],
)
def test_malformed_files_name_path_line_col(text: str, where: tuple[int, int], message: str) -> None:
    with pytest.raises(UsageError) as info:
        waivers.parse(text, "d.json")
    err = info.value
    assert message in err.message
    assert (err.path, err.line, err.col) == ("d.json", *where), str(err)
    assert str(err).startswith(f"d.json:{where[0]}:{where[1]}: ")


def test_load_missing_file_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="no such file"):
        waivers.load(tmp_path / "none.json")


def _frame() -> Any:
    return frame(
        [
            row("a.md", "fp1", "70 bn", start=0, status="verified", rule_id="trade"),
            row("a.md", "fp2", "2 %", start=10, status="contradicted", rule_id="nato.gdp", explanation="1.8 %"),
            row("a.md", "fp3", "50,000", start=20, status="unverified"),
            row("a.md", "fp4", "Friday", start=30, kind="date", status="unverified", fails=False),
        ]
    )


def _file(kind: str, *entries: dict[str, Any]) -> waivers.WaiverFile:
    return waivers.parse(doc_text(kind, *entries), f"{kind}.json")


def test_accept_waives_and_reject_keeps_failing() -> None:
    files = [
        _file("factcheck-baseline", ENTRY),
        _file(
            "factcheck-decisions",
            {**ENTRY, "fingerprint": "fp1", "decision": "reject", "note": "wrong year"},
            {**ENTRY, "fingerprint": "fp4", "decision": "reject", "note": "it was Thursday"},
        ),
    ]
    out = waivers.Waivers.build(files=files).apply(_frame())
    got = {r.claim_id: (r.status, bool(r.fails), r.reason) for r in out.itertuples()}
    assert got["fp2"] == ("waived", False, "in baseline factcheck-baseline.json (ann, 2025-02-03): known")
    assert got["fp1"] == ("contradicted", True, "rejected by ann on 2025-02-03: wrong year")
    assert got["fp4"] == ("unverified", True, "rejected by ann on 2025-02-03: it was Thursday")
    assert got["fp3"][:2] == ("unverified", True)
    assert out.loc[out.claim_id == "fp2", "explanation"].item() == "waived (was contradicted): 1.8 %"


def test_precedence_decision_over_suppression_over_baseline() -> None:
    sup = Suppression(10, 15, "claim", "quoted", (), 3, 1)
    base = _file("factcheck-baseline", ENTRY)
    w = waivers.Waivers.build({"a.md": [sup]}, [base])
    assert w.apply(_frame()).set_index("claim_id").loc["fp2", "reason"].startswith("suppressed in the article")
    dec = _file("factcheck-decisions", {**ENTRY, "decision": "reject", "note": "no"})
    w = waivers.Waivers.build({"a.md": [sup]}, [base, dec])
    r = w.apply(_frame()).set_index("claim_id").loc["fp2"]
    assert (r["status"], bool(r["fails"]), r["reason"]) == (
        "contradicted",
        True,
        "rejected by ann on 2025-02-03: no",
    )


def test_waived_run_recounts_and_reports_stale_entries() -> None:
    run = make_run(list(_frame().to_dict("records")))
    assert run.n_failing == 2
    files = [
        _file(
            "factcheck-baseline",
            ENTRY,
            {**ENTRY, "fingerprint": "gone", "text": "9 ships"},
            {**ENTRY, "fingerprint": "fp1", "text": "70 bn"},
            {**ENTRY, "fingerprint": "other", "doc": "not-in-this-run.md"},
        )
    ]
    out = waivers.apply_run(run, waivers.Waivers.build(files=files))
    assert out.n_failing == 1
    assert out.docs[0].counts == {"verified": 1, "contradicted": 0, "unverified": 2, "waived": 1}
    assert len(out.verdicts) == 4 and out.body("a.md") == run.body("a.md")
    stale = out.meta["stale"]
    assert [(s["text"], s["why"]) for s in stale] == [
        ("9 ships", "no matching claim in the article"),
        ("70 bn", "the claim is verified now; the entry is no longer needed"),
    ]
    assert stale[0]["source"] == "factcheck-baseline.json" and stale[0]["line"] > 1


def test_baseline_entries_records_failing_claims_and_keeps_old_notes() -> None:
    f = _frame()
    old = {"fp2": waivers.parse(doc_text("factcheck-baseline", {**ENTRY, "note": "old note"}), "b").entries[0]}
    entries = waivers.baseline_entries([f], who="bob", note="new", when=dt.date(2025, 3, 1), keep=old)
    assert [(e.fingerprint, e.who, e.note, e.when) for e in entries] == [
        ("fp2", "ann", "old note", "2025-02-03"),
        ("fp3", "bob", "new", "2025-03-01"),
    ]
    text = waivers.dumps("factcheck-baseline", entries)
    assert waivers.parse(text, "b.json").entries[1].rule_id is None


def test_languages_filter_drops_other_languages() -> None:
    f = frame([row("a.md", "x", "1", lang="en"), row("a.md", "y", "2", lang="de")])
    out = waivers.Waivers.build(languages=["de"]).apply(f)
    assert list(out["claim_id"]) == ["y"]
