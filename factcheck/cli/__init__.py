"""Command-line interface: the only layer that reads options, writes files, prints and exits.

Exit codes (documented in README.md, tested in tests/test_cli.py):

* 0 - no claim fails the policy;
* 1 - at least one claim fails it (``--fail-on`` statuses, rule severity above ``info``);
* 2 - usage, configuration, rule-file or reference-data error (message names ``path:line:col``).
"""

from __future__ import annotations

import contextlib
import importlib
import os
import sys
from typing import Any

import click

from factcheck import __version__
from factcheck.errors import FactcheckError

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


# Subcommands are imported when asked for: ``factcheck check`` never imports the extractor behind
# ``factcheck extract`` and friends before it needs it (a one-article run starts in about a second).
COMMANDS: dict[str, tuple[str, str]] = {
    "check": ("factcheck.cli.check", "check_cmd"),
    "explain": ("factcheck.cli.explain", "explain"),
    "extract": ("factcheck.cli.extract", "extract_cmd"),
    "rules": ("factcheck.cli.rules", "rules"),
}


class FactcheckGroup(click.Group):
    """Turns ``FactcheckError`` into one ``path:line:col: message`` line on stderr and exit 2; loads
    subcommands lazily (``COMMANDS``)."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *COMMANDS})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        cmd = super().get_command(ctx, cmd_name)
        if cmd is None and cmd_name in COMMANDS:
            module, attr = COMMANDS[cmd_name]
            cmd = getattr(importlib.import_module(module), attr)
            assert isinstance(cmd, click.Command)
            self.add_command(cmd, cmd_name)
        return cmd

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except FactcheckError as exc:
            click.echo(f"error: {exc}", err=True)
            ctx.exit(EXIT_ERROR)


@click.group(cls=FactcheckGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="factcheck")
def cli() -> None:
    """Check the figures in news articles against rule files and reference data."""


def main() -> None:
    """Console-script entry point."""
    try:
        cli.main(prog_name="factcheck", standalone_mode=True)
    except KeyboardInterrupt:  # pragma: no cover - interactive only
        click.echo("interrupted", err=True)
        sys.exit(130)
    except SystemExit as exc:
        _exit(exc.code)
    _exit(0)


def _exit(code: object) -> None:
    """Exit without tearing the interpreter down module by module (~0.15 s of a one-article run spent
    freeing pandas and pyarrow), once every file is closed and the output flushed.  Runs that loaded
    Great Expectations or Dask, which clean up at exit (temporary folders, connections), exit normally."""
    if code is None:
        code = 0
    elif not isinstance(code, int):
        click.echo(str(code), err=True)
        code = 1
    if any(m in sys.modules for m in ("great_expectations", "distributed")):
        sys.exit(code)
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):  # a closed pipe: nothing left to say
            stream.flush()
    os._exit(code)
