"""Options shared by several commands (one definition each)."""

from __future__ import annotations

from pathlib import Path

import click

rules_option = click.option(
    "--rules",
    "rule_paths",
    multiple=True,
    type=click.Path(path_type=Path),
    help="Rule file or folder (repeatable). Default: ./rules",
)
