"""What a process imports: the heavy packages a run does not need stay out (start-up time, memory).

Each case runs in a fresh interpreter, since this one has imported everything the suite needed.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _modules_after(code: str) -> set[str]:
    script = f"{code}\nimport json, sys\nprint(json.dumps(sorted(sys.modules)))"
    res = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT, check=True)
    return set(json.loads(res.stdout.strip().splitlines()[-1]))


def test_the_unit_registry_does_not_import_dask() -> None:
    mods = _modules_after("from factcheck.normalize import Q_\nassert str(Q_(2, 'km').to('m')) == '2000.0 meter'")
    assert "pint" in mods
    assert not any(m == "dask" or m.startswith("dask.") for m in mods)


def test_dask_still_imports_after_the_registry() -> None:
    mods = _modules_after("import factcheck.normalize\nimport dask.base\nfrom distributed import Client")
    assert "dask.base" in mods and "distributed" in mods


def test_a_check_run_with_the_reference_cache_warm_does_not_import_great_expectations(tmp_path: Path) -> None:
    article = tmp_path / "a.md"
    article.write_text("---\ntitle: T\ndate: 2025-01-02\n---\nSales rose 5 percent to $3 million.\n")
    argv = [str(article), "--rules", str(ROOT / "rules"), "-o", str(tmp_path / "out")]
    argv += ["--cache-dir", str(tmp_path / "cache"), "--fail-on", "none", "-q"]
    run = (
        "import contextlib\nfrom factcheck.cli import cli\nwith contextlib.suppress(SystemExit):\n"
        f"    cli.main(prog_name='factcheck', args=['check', *{argv!r}], standalone_mode=False)"
    )
    first = _modules_after(run)  # validates the reference data with GX once and caches the result
    assert "great_expectations" in first
    again = _modules_after(run)
    assert "great_expectations" not in again
    assert (tmp_path / "out" / "report.json").is_file()
