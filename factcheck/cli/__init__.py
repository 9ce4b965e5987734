"""Command-line interface: the only layer that reads options, writes files, prints and exits.

Exit codes (documented in README.md, tested in tests/test_cli.py):

* 0 - no claim fails the policy;
* 1 - at least one claim fails it (``--fail-on`` statuses, rule severity above ``info``);
* 2 - usage, configuration, rule-file or reference-data error (message names ``path:line:col``).
"""

from __future__ import annotations

import sys
from typing import Any

import click

from factcheck import __version__
from factcheck.errors import FactcheckError

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


class FactcheckGroup(click.Group):
    """Turns ``FactcheckError`` into one ``path:line:col: message`` line on stderr and exit 2."""

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


def _register() -> None:
    from factcheck.cli.check import check_cmd
    from factcheck.cli.extract import extract_cmd

    cli.add_command(check_cmd)
    cli.add_command(extract_cmd)
    try:
        from factcheck.cli.rules import rules

        cli.add_command(rules)
    except ImportError:  # pragma: no cover - during development only
        pass
    try:
        from factcheck.cli.explain import explain

        cli.add_command(explain)
    except ImportError:  # pragma: no cover
        pass


_register()


def main() -> None:
    """Console-script entry point."""
    try:
        cli.main(prog_name="factcheck", standalone_mode=True)
    except KeyboardInterrupt:  # pragma: no cover - interactive only
        click.echo("interrupted", err=True)
        sys.exit(130)
