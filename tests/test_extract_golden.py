"""Golden extraction cases: tests/golden/extract/{lang}.yaml, one entry per case (data-driven)."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import pytest
import yaml

from factcheck.extract import extract_text
from factcheck.models import LANGS

GOLDEN = Path(__file__).parent / "golden" / "extract"


def _cases() -> list[Any]:
    out = []
    for lang in LANGS:
        for case in yaml.safe_load((GOLDEN / f"{lang}.yaml").read_text(encoding="utf-8")):
            out.append(pytest.param(lang, case, id=f"{lang}:{case['name']}"))
    return out


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, int | float) and isinstance(b, int | float) and not isinstance(a, bool):
        return math.isclose(float(a), float(b), rel_tol=1e-9, abs_tol=1e-9)
    return bool(a == b)


@pytest.mark.parametrize(("lang", "case"), _cases())
def test_golden(lang: str, case: dict[str, Any]) -> None:
    got = extract_text(case["text"], lang)  # type: ignore[arg-type]
    claims = [m for m in got if m.kind != "date"]
    if case.get("none"):
        assert claims == [], claims
        return
    expected = case["expect"]
    assert len(claims) == len(expected), [(m.text, m.kind, m.value) for m in claims]
    for m, exp in zip(claims, expected, strict=True):
        for key, want in exp.items():
            have = getattr(m, key)
            if key == "subject":
                assert want in have, (m, key)
            else:
                assert _same(have, want), (m.text, key, have, want)
        assert case["text"][m.start : m.end] == m.text


def test_offsets_sorted_and_related_valid() -> None:
    from factcheck.extract import extract_segments, split_segments

    text = "Exports doubled to $40bn.\nDie Zahl hat sich auf 3 Prozent verdoppelt."
    segs = split_segments(text)
    assert [s.lang for s in segs] == ["en", "de"]
    ms = extract_segments(text, segs)
    assert [(m.start, m.end) for m in ms] == sorted((m.start, m.end) for m in ms)
    for m in ms:
        assert text[m.start : m.end] == m.text
        if m.related is not None:
            assert ms[m.related].kind != "multiplier"
