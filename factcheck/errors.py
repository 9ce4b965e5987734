"""Errors for broken input.  A finding is a row in a frame; an exception means the input is broken.

Every error carries where the problem is (``path:line:col``) and what to do about it, so the CLI can
print one line a user can act on and exit 2.
"""

from __future__ import annotations


class FactcheckError(Exception):
    """Base class: ``path:line:col: message (hint)``.  ``line``/``col`` are 1-based, 0 = unknown."""

    exit_code = 2

    def __init__(
        self,
        message: str,
        *,
        path: str | None = None,
        line: int = 0,
        col: int = 0,
        hint: str | None = None,
        snippet: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.path = path
        self.line = line
        self.col = col
        self.hint = hint
        self.snippet = snippet

    @property
    def location(self) -> str:
        if not self.path:
            return ""
        if self.line:
            return f"{self.path}:{self.line}:{self.col or 1}"
        return self.path

    def __str__(self) -> str:
        where = self.location
        text = f"{where}: {self.message}" if where else self.message
        if self.snippet:
            text += f"\n    {self.snippet}"
        if self.hint:
            text += f"\n  hint: {self.hint}"
        return text


class UsageError(FactcheckError):
    """Bad command line: a missing path, an unknown option value."""


class ConfigError(FactcheckError):
    """Bad configuration file (pyproject ``[tool.factcheck]`` or ``factcheck.toml``)."""


class RuleError(FactcheckError):
    """Bad rule file: YAML syntax, unknown keys, bad units, regexes that do not compile."""


class ReferenceDataError(FactcheckError):
    """Bad reference data: a missing column, an unparsable unit, a duplicate key."""


class VocabularyError(FactcheckError):
    """Bad extractor vocabulary file (``factcheck/extract/lang/*.yaml``)."""


class ArticleError(FactcheckError):
    """An article that cannot be read (binary, not UTF-8, bad front matter).  Reported as skipped."""

    exit_code = 0
