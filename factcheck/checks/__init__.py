"""Rule kinds: one module per kind, registered in a plain dict.

Each kind module provides ``parse_options(opts) -> <Kind>Options`` (validated at load time, errors at
``path:line:col``) and ``check(claims, rule, ctx) -> {claim_id: Finding}`` (pure).  The module
docstring documents its options and gives PASS/FAIL examples; ``rules/README.md`` collects them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any, Protocol

from factcheck.checks import change, consistency, date, range, reference
from factcheck.checks.base import Claim, Context, Finding


class Kind(Protocol):
    parse_options: Callable[..., Any]
    check: Callable[[Sequence[Claim], Any, Context], Mapping[str, Finding]]


KINDS: dict[str, Any] = {
    "reference": reference,
    "range": range,
    "change": change,
    "consistency": consistency,
    "date": date,
}

__all__ = ["KINDS", "Claim", "Context", "Finding", "Kind"]
