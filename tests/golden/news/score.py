"""Score the extractor on the news golden set: precision / recall per article and overall.

Each ``NN_name.md`` article (front matter: title, date, language optional) has a
``NN_name.expected.yaml`` next to it listing every claim a careful annotator expects::

    claims:
      - {text: "2,1 Milliarden Euro", kind: money, value: 2.1e9, unit: EUR}
      - {text: "knapp 40 Prozent", kind: percent, value: 40, qualifier: approx}
      - {text: "20 bis 30 Milliarden Euro", kind: money, value: 2.5e10, unit: EUR,
         qualifier: range, low: 2.0e10, high: 3.0e10}
      - {text: "stieg um 12 Prozent", kind: percent, value: 12, change: up}
      - {text: "Q3 2024", kind: date, iso: "2024-Q3", xfail: "quarters are not dates yet"}

``text`` is located in the body in document order (each entry is searched from the previous
entry's start).  A prediction matches an entry when the spans overlap and kind, value (relative
1e-6; ``iso`` for dates) and unit agree; it is *correct* when qualifier, low, high and change agree
too.  Omitted fields take their defaults: unit from the kind (count, percent, percentage_point),
qualifier ``exact``, change none, low/high from the qualifier (approx intervals are not checked
unless written).  ``xfail`` entries are skipped, and predictions overlapping them are not spurious.

Run ``python tests/golden/news/score.py [-v]``.
"""

from __future__ import annotations

import math
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

HERE = Path(__file__).resolve().parent
if str(HERE.parents[2]) not in sys.path:  # run as a script: score this checkout, not an installed copy
    sys.path.insert(0, str(HERE.parents[2]))

from factcheck.extract import extract_segments, split_segments  # noqa: E402
from factcheck.io import InputFile, read_article  # noqa: E402
from factcheck.models import Document, Mention  # noqa: E402

_DEFAULT_UNIT = {"count": "count", "percent": "percent", "percentage_points": "percentage_point"}


@dataclass
class Expected:
    start: int
    end: int
    spec: dict[str, Any]

    @property
    def label(self) -> str:
        s = self.spec
        return f"{s['text']!r} {s['kind']} {s.get('iso', s.get('value'))} {self._unit()}"

    def _unit(self) -> str | None:
        return self.spec.get("unit", _DEFAULT_UNIT.get(self.spec["kind"]))

    def key_matches(self, m: Mention) -> bool:
        s = self.spec
        if not (m.start < self.end and self.start < m.end) or m.kind != s["kind"]:
            return False
        if s["kind"] == "date":
            return m.iso == str(s["iso"])
        if m.value is None or not math.isclose(m.value, float(s["value"]), rel_tol=1e-6, abs_tol=1e-9):
            return False
        return _norm_unit(m.unit) == _norm_unit(self._unit())

    def field_errors(self, m: Mention) -> list[str]:
        s = self.spec
        if s["kind"] == "date":
            return []
        errs = []
        q = s.get("qualifier", "exact")
        if m.qualifier != q:
            errs.append(f"qualifier {m.qualifier} != {q}")
        if (m.change or None) != s.get("change"):
            errs.append(f"change {m.change} != {s.get('change')}")
        v = float(s["value"])
        want: dict[str, Any] = {}
        if q == "exact":
            want = {"low": v, "high": v}
        elif q in ("more_than", "at_least"):
            want = {"low": v, "high": None}
        elif q in ("at_most", "less_than"):
            want = {"low": None, "high": v}
        for k in ("low", "high"):
            if k in s:
                want[k] = s[k]
        for k, w in want.items():
            have = getattr(m, k)
            if (have is None) != (w is None) or (
                w is not None and not math.isclose(have, float(w), rel_tol=1e-6, abs_tol=1e-9)
            ):
                errs.append(f"{k} {have} != {w}")
        return errs


def _norm_unit(u: str | None) -> str | None:
    return None if u is None else u.replace(" ", "")


@dataclass
class Result:
    name: str
    correct: list[tuple[Expected, Mention]] = field(default_factory=list)
    wrong_fields: list[tuple[Expected, Mention, list[str]]] = field(default_factory=list)
    missing: list[Expected] = field(default_factory=list)
    spurious: list[Mention] = field(default_factory=list)
    xfail: int = 0

    @property
    def precision(self) -> float:
        n = len(self.correct) + len(self.wrong_fields) + len(self.spurious)
        return len(self.correct) / n if n else 1.0

    @property
    def recall(self) -> float:
        n = len(self.correct) + len(self.wrong_fields) + len(self.missing)
        return len(self.correct) / n if n else 1.0

    def problems(self) -> list[str]:
        out = [f"missing   {e.label}" for e in self.missing]
        out += [f"wrong     {e.label}: {'; '.join(errs)} (got {m.text!r})" for e, m, errs in self.wrong_fields]
        out += [
            f"spurious  {m.text!r} {m.kind} {m.iso or m.value} {m.unit} q={m.qualifier} ch={m.change}"
            for m in self.spurious
        ]
        return out


def articles() -> list[Path]:
    return sorted(p for p in HERE.glob("*.md"))


def load(path: Path) -> tuple[Document, list[Expected], list[Expected]]:
    doc = read_article(InputFile(path, path.name))
    if not isinstance(doc, Document):
        raise ValueError(f"{path}: {doc}")
    spec = yaml.safe_load(path.with_suffix(".expected.yaml").read_text(encoding="utf-8")) or {}
    body = doc.body
    todo: list[Expected] = []
    skipped: list[Expected] = []
    cursor = 0
    for entry in spec.get("claims") or []:
        text = entry["text"]
        i = body.find(text, cursor)
        if i < 0:
            raise ValueError(f"{path.name}: expected text {text!r} not found after offset {cursor}")
        e = Expected(i, i + len(text), entry)
        (skipped if entry.get("xfail") else todo).append(e)
        cursor = i
    return doc, todo, skipped


def score(path: Path) -> Result:
    doc, todo, skipped = load(path)
    segs = doc.segments or split_segments(doc.body, doc.language)
    got = extract_segments(doc.body, segs, doc.date)
    res = Result(path.stem, xfail=len(skipped))
    used: set[int] = set()
    for e in todo:
        hit = next((i for i, m in enumerate(got) if i not in used and e.key_matches(m)), None)
        if hit is None:
            res.missing.append(e)
            continue
        used.add(hit)
        errs = e.field_errors(got[hit])
        if errs:
            res.wrong_fields.append((e, got[hit], errs))
        else:
            res.correct.append((e, got[hit]))
    for i, m in enumerate(got):
        if i in used or any(m.start < x.end and x.start < m.end for x in skipped):
            continue
        res.spurious.append(m)
    return res


def main(argv: list[str]) -> int:
    verbose = "-v" in argv
    total = Result("overall")
    print(f"{'article':28} {'P':>6} {'R':>6}  ok/wrong/miss/spur/xfail")
    for path in articles():
        r = score(path)
        total.correct += r.correct
        total.wrong_fields += r.wrong_fields
        total.missing += r.missing
        total.spurious += r.spurious
        total.xfail += r.xfail
        print(
            f"{r.name:28} {r.precision:6.1%} {r.recall:6.1%}  "
            f"{len(r.correct)}/{len(r.wrong_fields)}/{len(r.missing)}/{len(r.spurious)}/{r.xfail}"
        )
        if verbose:
            for p in r.problems():
                print("    " + p)
    t = total
    print(
        f"{'overall':28} {t.precision:6.1%} {t.recall:6.1%}  "
        f"{len(t.correct)}/{len(t.wrong_fields)}/{len(t.missing)}/{len(t.spurious)}/{t.xfail}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
