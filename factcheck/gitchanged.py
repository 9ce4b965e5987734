"""``--changed-since REF``: the files a pull request touches, so CI checks only those articles.

Changed = ``git diff --name-only REF...HEAD`` (committed on this branch since it left REF) plus
uncommitted changes to tracked files (``git diff --name-only HEAD``) plus untracked files that are not
ignored (``git ls-files --others --exclude-standard``).  Deleted files are left out.  Paths come back
absolute and resolved, so the CLI can compare them with the files it discovers.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from factcheck.errors import UsageError


def _git(args: list[str], cwd: Path) -> str:
    exe = shutil.which("git")
    if exe is None:
        raise UsageError("--changed-since needs git, which is not installed", hint="install git or drop the option")
    res = subprocess.run([exe, *args], cwd=cwd, capture_output=True, text=True, check=False)
    if res.returncode != 0:
        msg = (res.stderr.strip().splitlines() or ["git failed"])[0]
        raise UsageError(f"git {' '.join(args)}: {msg}", path=str(cwd), hint=_hint(msg))
    return res.stdout


def _hint(msg: str) -> str:
    if "not a git repository" in msg:
        return "run factcheck inside a git checkout, or drop --changed-since"
    if "no merge base" in msg or "unknown revision" in msg or "bad revision" in msg:
        return "fetch the base branch first (actions/checkout with fetch-depth: 0, or git fetch origin main)"
    return "check the REF given to --changed-since"


def toplevel(cwd: Path) -> Path:
    """The repository root, or ``UsageError`` if ``cwd`` is not inside a git work tree."""
    if not cwd.is_dir():
        raise UsageError(f"no such folder: {cwd}", path=str(cwd))
    return Path(_git(["rev-parse", "--show-toplevel"], cwd).strip())


def changed_files(ref: str, cwd: Path) -> frozenset[Path]:
    """Absolute paths of files changed since ``ref`` (see module docstring)."""
    if not ref or ref.startswith("-"):
        raise UsageError(f"--changed-since: invalid ref {ref!r}", hint="pass a branch, tag or commit, e.g. origin/main")
    root = toplevel(cwd)
    names: set[str] = set()
    names.update(_git(["diff", "--name-only", "--diff-filter=d", "-z", f"{ref}...HEAD", "--"], root).split("\0"))
    names.update(_git(["diff", "--name-only", "--diff-filter=d", "-z", "HEAD", "--"], root).split("\0"))
    names.update(_git(["ls-files", "--others", "--exclude-standard", "-z"], root).split("\0"))
    return frozenset((root / n).resolve() for n in names if n)
