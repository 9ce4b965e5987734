"""Rule case files: claims + reference rows + rules -> expected verdicts, run like tests.

Used by ``factcheck rules test`` (the fixtures that ship with the bundled rules, ``rules/fixtures``)
and by ``tests/test_check_cases.py`` (``tests/cases/*.yaml``).  A case file::

    rules: ../japan.yaml            # rule files (relative to this file) ...
    # or inline:  rules: [{id: ..., kind: reference, ...}]  with  reference: {name.csv: [rows]}
    lexicon: ../lexicon.yaml        # inline rules: the lexicon (default: nearest lexicon.yaml)
    pub_date: 2025-02-03            # default for every case
    cases:
      - name: approx figure within 10 %
        claims:
          - {text: etwa 70 Milliarden Dollar, kind: money, value: 7e10, unit: USD, qualifier: approx,
             sentence: Japan weist ein Handelsüberschuss von etwa 70 Milliarden Dollar auf., lang: de}
          - {sentence: "Rund 50.000 Soldaten sind in Japan.", lang: de}   # no kind: run the extractor
        expect:
          - {status: verified, rule_id: jp-us-trade-surplus, explanation~: US Census}

``expect`` items are matched to claims in order; a key ending in ``~`` is a substring test.
Inline ``reference`` datasets are served in memory at their path relative to the case file, so a case
never writes files.  This module reads files (it is not part of the pure core).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from factcheck.errors import RuleError
from factcheck.lexicon import build_lexicon, parse_lexicon
from factcheck.reference import OPTIONAL_COLUMNS, REQUIRED_COLUMNS
from factcheck.ruleset import RuleSet, _read, assemble, find_lexicon, load_ruleset
from factcheck.schema import CLAIM_COLUMNS
from factcheck.yamlio import Located, load_yaml

_CASEFILE_KEYS = ("rules", "reference", "pub_date", "cases", "fx", "description", "lexicon")
_CASE_KEYS = ("name", "claims", "expect", "pub_date")


def claims_frame(rows: Sequence[Mapping[str, Any]], doc: str = "case.md") -> pd.DataFrame:
    """A normalized claims frame from partial claim dicts (missing columns get neutral defaults).

    >>> f = claims_frame([{"text": "2 %", "kind": "percent", "value": 2.0, "unit": "percent"}])
    >>> f.loc[0, "dimension"], f.loc[0, "claim_id"]
    ('[percent]', 'c1')
    """
    from factcheck.normalize import normalize

    recs = []
    for i, r in enumerate(rows, 1):
        rec: dict[str, Any] = {
            "claim_id": f"c{i}",
            "doc": doc,
            "lang": "en",
            "start": 0,
            "end": 0,
            "line": i,
            "col": 1,
            "sentence": "",
            "text": "",
            "kind": "count",
            "value": math.nan,
            "iso": None,
            "unit": None,
            "low": math.nan,
            "high": math.nan,
            "qualifier": "exact",
            "change": None,
            "resolution": math.nan,
            "related": None,
            "subject": "",
            "period": None,
            "ambiguity": None,
        }
        for k, v in r.items():
            if k not in CLAIM_COLUMNS:
                raise KeyError(f"unknown claim column {k!r}")
            rec[k] = str(v) if k in ("iso", "period") and v is not None else v
        if not rec["text"]:
            rec["text"] = str(rec["iso"] if rec["kind"] == "date" else rec["value"])
        if not rec["sentence"]:
            rec["sentence"] = rec["text"]
        rec["end"] = rec["start"] + len(rec["text"])
        recs.append(rec)
    frame = pd.DataFrame(recs, columns=list(CLAIM_COLUMNS))
    for col, (dtype, _, _) in CLAIM_COLUMNS.items():
        if dtype == "float64":
            frame[col] = pd.to_numeric(frame[col], errors="coerce").astype("float64")
        elif dtype == "int64":
            frame[col] = frame[col].astype("int64")
    return normalize(frame)


@dataclass(frozen=True, slots=True)
class CaseResult:
    file: str
    name: str
    line: int
    failures: tuple[str, ...]
    verdicts: pd.DataFrame = field(compare=False, repr=False)

    @property
    def ok(self) -> bool:
        return not self.failures


def _rows_to_csv(rows: Any, doc: Located, kp: tuple[Any, ...]) -> str:
    if isinstance(rows, str):
        return rows
    if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
        raise doc.error(RuleError, kp, "inline reference data: a list of rows (mappings) or CSV text")
    buf = io.StringIO()
    cols = [*REQUIRED_COLUMNS, *OPTIONAL_COLUMNS]
    w = csv.DictWriter(buf, fieldnames=cols, lineterminator="\n")
    w.writeheader()
    for r in rows:
        unknown = [k for k in r if k not in cols]
        if unknown:
            raise doc.error(
                RuleError,
                (*kp, rows.index(r), unknown[0]),
                f"unknown reference column {unknown[0]!r}",
                key=True,
            )
        full = {
            "source_name": "case file",
            "source_url": "https://example.org/case",
            "retrieved": "2025-01-01",
            "note": "",
            "status": "seen",
            **{k: "" if v is None else v for k, v in r.items()},
        }
        w.writerow(full)
    return buf.getvalue()


def load_casefile(path: Path) -> tuple[Located, RuleSet]:
    """Parse a case file and build its rule set (inline rules or cited rule files)."""
    text = _read(path)
    doc = load_yaml(text, path.as_posix(), RuleError)
    if not isinstance(doc.data, dict):
        raise doc.error(RuleError, (), "a case file is a mapping with 'rules' and 'cases'")
    doc.check_keys(RuleError, (), doc.data, _CASEFILE_KEYS, "in case file")
    base = path.parent
    overlay: dict[str, str] = {}
    for name, rows in (doc.data.get("reference") or {}).items():
        overlay[(base / name).as_posix()] = _rows_to_csv(rows, doc, ("reference", name))

    def reader(p: Path) -> str:
        return overlay[p.as_posix()] if p.as_posix() in overlay else _read(p)

    rules = doc.data.get("rules")
    if isinstance(rules, str) or (isinstance(rules, list) and rules and all(isinstance(r, str) for r in rules)):
        names = [rules] if isinstance(rules, str) else rules
        return doc, load_ruleset([base / n for n in names], reader=reader)
    lex_name = doc.data.get("lexicon")
    lex_path = (base / lex_name) if isinstance(lex_name, str) else find_lexicon(path)
    lexicon = (
        parse_lexicon(load_yaml(_read(lex_path), lex_path.as_posix(), RuleError)) if lex_path else build_lexicon({}, {})
    )
    return doc, assemble([doc], lexicon, reader=reader, texts={path.as_posix(): text}, top_keys=_CASEFILE_KEYS)


def run_casefile(path: Path, extract: Any = None) -> list[CaseResult]:
    """Run every case of a case file; ``extract(sentence, lang, pub_date) -> rows`` handles claims
    given only as a sentence (None: such claims are an error)."""
    from factcheck.check import check

    doc, ruleset = load_casefile(path)
    default_date = _date(doc.data.get("pub_date"))
    results: list[CaseResult] = []
    for i, case in enumerate(doc.data.get("cases") or []):
        kp = ("cases", i)
        if not isinstance(case, dict):
            raise doc.error(RuleError, kp, "a case is a mapping with name, claims, expect")
        for key in case:
            if key not in _CASE_KEYS:
                raise doc.error(RuleError, (*kp, key), f"unknown key {key!r} in case", key=True)
        pub = _date(case.get("pub_date", default_date))
        rows: list[dict[str, Any]] = []
        for c in case.get("claims") or []:
            if "kind" in c or extract is None:
                rows.append(dict(c))
            else:
                rows.extend(extract(c["sentence"], c.get("lang", "en"), pub))
        frame = claims_frame(rows, doc=f"{path.name}#{case.get('name', i)}")
        verdicts = check(frame, ruleset, pub_date=pub)
        failures = _compare(verdicts, case.get("expect") or [])
        results.append(
            CaseResult(
                path.as_posix(),
                str(case.get("name", f"case {i + 1}")),
                doc.where(kp)[0],
                tuple(failures),
                verdicts,
            )
        )
    return results


def _date(v: Any) -> dt.date | None:
    if v is None or isinstance(v, dt.date):
        return v
    return dt.date.fromisoformat(str(v))


def _compare(verdicts: pd.DataFrame, expect: Sequence[Mapping[str, Any]]) -> list[str]:
    failures: list[str] = []
    recs = verdicts.to_dict("records")
    if len(expect) != len(recs):
        failures.append(f"expected {len(expect)} verdict(s), got {len(recs)}")
    for j, (want, got) in enumerate(zip(expect, recs, strict=False)):
        for key, value in want.items():
            col, contains = (key[:-1], True) if key.endswith("~") else (key, False)
            actual = got.get(col)
            if contains:
                ok = isinstance(actual, str) and str(value) in actual
            elif isinstance(actual, float) and _is_number(value):
                ok = math.isclose(float(value), actual, rel_tol=1e-3, abs_tol=1e-9)
            else:
                ok = actual == value or str(actual) == str(value)
            if not ok:
                failures.append(
                    f"claim {j + 1} ({got.get('text')}): {col} is {actual!r}, expected "
                    f"{'to contain ' if contains else ''}{value!r}"
                )
    return failures


def _is_number(v: Any) -> bool:
    if isinstance(v, bool):
        return False
    try:
        float(v)
    except (TypeError, ValueError):
        return False
    return True
