"""README documents every column of the claims/verdicts frames, in order."""

from __future__ import annotations

import re
from pathlib import Path

from factcheck.schema import CLAIM_COLUMNS, NORMALIZED_COLUMNS, VERDICT_COLUMNS

ROOT = Path(__file__).resolve().parents[1]


def test_readme_column_table_matches_schema() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = readme.split("<!-- claims-columns -->")[1].split("<!-- /claims-columns -->")[0]
    rows = re.findall(r"^\| `(\w+)` \| (.+) \|$", block, flags=re.M)
    expected = {**CLAIM_COLUMNS, **NORMALIZED_COLUMNS, **VERDICT_COLUMNS}
    assert [name for name, _ in rows] == list(expected)
    for name, desc in rows:
        assert desc == expected[name][2], name
