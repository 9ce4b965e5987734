"""Each CI output format, rendered from a hand-made run and parsed back."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from factories import ci_run, make_run, row

from factcheck.report import claimreview, formats, github, junit, markdown, sarif, text

SCHEMAS = Path(__file__).resolve().parents[2] / "shared" / "schemas"
SARIF_SCHEMA = SCHEMAS / "sarif-schema-2.1.0.json"
TEXT_LINE = re.compile(r"^(?P<path>[^:]+):(?P<line>\d+):(?P<col>\d+): (?P<status>\w+) (?P<rule>\S+) (?P<msg>.+)$")


def test_registry_covers_every_format_and_renders_deterministically() -> None:
    assert set(formats.FORMATS) == {
        "text",
        "json",
        "csv",
        "html",
        "junit",
        "sarif",
        "github",
        "markdown",
        "claimreview",
    }
    run = ci_run()
    for name in formats.FORMATS:
        if name == "html":
            continue
        first, second = formats.render(name, run), formats.render(name, ci_run())
        assert first == second, name
        assert list(first) == [formats.FORMATS[name].filename]
    assert formats.render("junit", run, "custom.xml").keys() == {"custom.xml"}


def test_text_one_line_per_failing_claim() -> None:
    out = text.render(ci_run())
    lines = out.splitlines()
    parsed = [TEXT_LINE.match(line) for line in lines if " skipped - " not in line]
    assert all(parsed), lines
    assert [(m["path"], m["line"], m["col"], m["status"], m["rule"]) for m in parsed if m] == [
        ("articles/a.md", "4", "12", "contradicted", "nato.gdp"),
        ("articles/sub/b,1.txt", "2", "7", "unverified", "no-rule"),
    ]
    assert "articles/bin.txt: skipped - binary file" in out
    # the claim's newline is folded: every finding stays on one line
    assert '"50%, up: 3 rows"' in out
    everything = text.render(ci_run(), show="all")
    assert "verified trade.surplus" in everything and "waived invest" in everything
    assert "press release figure" in everything


def test_junit_parses_with_one_testcase_per_claim() -> None:
    root = ET.fromstring(junit.render(ci_run()))
    assert root.tag == "testsuites"
    suites = {s.get("name"): s for s in root.findall("testsuite")}
    assert set(suites) == {"articles/a.md", "articles/sub/b,1.txt", "skipped files"}
    a = suites["articles/a.md"]
    assert a.get("tests") == "3" and a.get("failures") == "1"
    cases = a.findall("testcase")
    assert [c.get("name") for c in cases] == ["3:5 70 billion dollars", "4:12 2 %", "5:1 Friday"]
    failure = cases[1].find("failure")
    assert failure is not None and failure.get("type") == "contradicted"
    assert "nato.gdp" in (failure.get("message") or "") and "expected: 1.8 %" in (failure.text or "")
    b = suites["articles/sub/b,1.txt"].findall("testcase")
    skipped = b[1].find("skipped")
    assert skipped is not None and "press release figure" in (skipped.get("message") or "")
    assert root.get("tests") == "6" and root.get("failures") == "2" and root.get("skipped") == "2"
    # markup in a claim is escaped, not interpreted
    assert "<b>" in (b[0].find("failure").text or "")  # type: ignore[union-attr]


def test_sarif_validates_against_the_official_schema() -> None:
    if not SARIF_SCHEMA.is_file():
        pytest.skip(f"SARIF schema not found at {SARIF_SCHEMA} (expected ../shared/schemas/ next to the repo)")
    import jsonschema

    schema = json.loads(SARIF_SCHEMA.read_text("utf-8"))
    doc = json.loads(sarif.render(ci_run()))
    jsonschema.Draft4Validator.check_schema(schema)
    errors = sorted(jsonschema.Draft4Validator(schema).iter_errors(doc), key=str)
    assert not errors, [e.message for e in errors[:5]]
    run = doc["runs"][0]
    rules = [r["id"] for r in run["tool"]["driver"]["rules"]]
    assert rules == sorted(rules) and "no-rule" in rules
    by_id = {r["properties"]["claim_id"]: r for r in run["results"]}
    assert set(by_id) == {"c2", "c3", "c4", "c5"}  # verified claims are not results
    c2 = by_id["c2"]
    assert c2["level"] == "error" and rules[c2["ruleIndex"]] == "nato.gdp"
    region = c2["locations"][0]["physicalLocation"]["region"]
    assert (region["startLine"], region["startColumn"], region["endColumn"]) == (4, 12, 15)
    assert c2["partialFingerprints"] == {sarif.FINGERPRINT_KEY: "c2"}
    assert by_id["c3"]["level"] == "warning"  # not failing
    assert by_id["c5"]["suppressions"] == [
        {
            "kind": "inSource",
            "status": "accepted",
            "justification": "suppressed in the article (factcheck-ignore, line 8): press release figure",
        }
    ]
    assert run["columnKind"] == "unicodeCodePoints"
    notes = run["invocations"][0]["toolExecutionNotifications"]
    assert any("binary file" in n["message"]["text"] for n in notes)


def _unescape_data(s: str) -> str:
    return s.replace("%0D", "\r").replace("%0A", "\n").replace("%25", "%")


def _unescape_prop(s: str) -> str:
    return _unescape_data(s.replace("%3A", ":").replace("%2C", ","))


def test_github_annotations_line_format_and_escaping() -> None:
    lines = github.render(ci_run()).splitlines()
    cmd = re.compile(r"^::(?P<kind>error|warning|notice) (?P<props>[^:]*)::(?P<msg>.*)$")
    parsed = []
    for line in lines:
        m = cmd.match(line)
        assert m, line
        props = dict(p.split("=", 1) for p in m["props"].split(","))
        parsed.append((m["kind"], {k: _unescape_prop(v) for k, v in props.items()}, _unescape_data(m["msg"])))
    kinds = [(k, p["file"], p.get("line")) for k, p, _ in parsed]
    assert kinds == [
        ("error", "articles/a.md", "4"),
        ("notice", "articles/a.md", "5"),
        ("error", "articles/sub/b,1.txt", "2"),
        ("warning", "articles/bin.txt", None),
    ]
    # a comma in the file name and "%" / ":" in the message survive the round trip
    _, props, msg = parsed[2]
    assert props["col"] == "7" and "endColumn" not in props  # the claim spans a line break
    assert msg.startswith('"50%, up: 3 rows": no rule') and "100% sure" in msg
    assert github.escape_data("a%\r\nb") == "a%25%0D%0Ab"
    assert github.escape_property("x:y,z%") == "x%3Ay%2Cz%25"


def test_markdown_summary() -> None:
    md = markdown.render(ci_run())
    assert md.startswith("## factcheck\n")
    assert "**FAIL**: 2 claim(s) fail the policy" in md
    assert "| 1 | 1 | 2 | 1 | 2 |" in md
    assert "`articles/a.md:4:12` | contradicted | nato.gdp" in md
    assert "&lt;b&gt;" in md and "<b>" not in md  # article markup never renders
    assert "<details><summary>Waived claims (1)</summary>" in md and "press release figure" in md
    # every table row has the header's number of cells (pipes in content are escaped)
    for table_row in (ln for ln in md.splitlines() if ln.startswith("| `articles/sub")):
        assert len(re.split(r"(?<!\\)\|", table_row)) - 2 in (3, 4)
    passing = make_run([row("x.md", "ok", "5", status="verified")])
    assert "**PASS**" in markdown.render(passing)


def test_claimreview_jsonld_for_checked_claims_only() -> None:
    doc = json.loads(claimreview.render(ci_run()))
    assert doc["@context"] == "https://schema.org"
    graph = doc["@graph"]
    assert [g["@id"].rsplit("-", 1)[1] for g in graph] == ["c1", "c2"]
    ratings = [(g["reviewRating"]["ratingValue"], g["reviewRating"]["alternateName"]) for g in graph]
    assert ratings == [(5, "Accurate"), (1, "Inaccurate")]
    for g in graph:
        assert g["@type"] == "ClaimReview" and g["itemReviewed"]["@type"] == "Claim"
        assert g["reviewRating"]["bestRating"] == 5 and g["reviewRating"]["worstRating"] == 1
        assert g["itemReviewed"]["appearance"]["headline"] == "A <title> & more"
    assert graph[1]["citation"] == {"@type": "CreativeWork", "name": "NATO", "url": "https://www.nato.int/"}
    outdated = make_run([row("x.md", "o", "5", status="contradicted", outdated=True)])
    g = json.loads(claimreview.render(outdated))["@graph"][0]
    assert g["reviewRating"]["alternateName"] == "Outdated"


@pytest.mark.parametrize(
    "module",
    [
        "factcheck.suppress",
        "factcheck.config",
        "factcheck.waivers",
        "factcheck.report.github",
        "factcheck.report.text",
        "factcheck.report.markdown",
    ],
)
def test_docstring_examples(module: str) -> None:
    import doctest
    import importlib

    result = doctest.testmod(importlib.import_module(module))
    assert result.attempted and not result.failed
