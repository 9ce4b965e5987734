"""In-article suppression markers: parse them (pure) and turn the claims they cover into ``waived``.

Markers (a reason after the colon is required; the report shows it):

=====================================================  =======================================================
``.md`` / ``.html`` (HTML comments)                    effect
=====================================================  =======================================================
``<!-- factcheck-ignore: REASON -->``                  the next claim: the first one after the marker on the
                                                       same line, else on the next line that has text
``<!-- factcheck-ignore rule=ID[,ID]: REASON -->``     the next claim that rule ``ID`` decided (same reach)
``<!-- factcheck-disable: REASON -->``                 every claim up to ``<!-- factcheck-enable -->`` (or
                                                       the end of the article)
``<!-- factcheck-disable rule=ID: REASON -->``         every claim of rule ``ID`` up to
                                                       ``<!-- factcheck-enable rule=ID -->`` (or the end)
=====================================================  =======================================================

In ``.txt`` articles the same markers are written as a line of their own starting with ``%%``, e.g.
``%% factcheck-ignore: figure is from the press release``.  Marker text is blanked out of the body
(same length, so offsets and columns do not move), so a number inside a reason is never a claim.

A marker without a reason, an unknown ``factcheck-`` verb or an ``enable`` without an open ``disable``
is a broken input: it becomes a ``Suppression`` of scope ``error``; the CLI prints it as
``path:line:col: error: ...`` and exits 2 after writing the reports (nothing is silently waived).

>>> body = "A: 70 billion.\\n<!-- factcheck-ignore: known typo -->\\nB: 5 %.\\n"
>>> marks, clean = find_markers(body, "md")
>>> [(m.verb, m.reason, m.line) for m in marks]
[('ignore', 'known typo', 2)]
>>> s = resolve(clean, marks)[0]
>>> clean[s.start:s.end].strip(), s.scope
('B: 5 %.', 'claim')
"""

from __future__ import annotations

import bisect
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal, cast

import numpy as np
import pandas as pd
import regex

from factcheck.models import Suppression

Verb = Literal["ignore", "disable", "enable"]
SourceKind = Literal["md", "html", "txt"]

MARKER_PREFIX = "factcheck-"
_COMMENT = regex.compile(r"<!--(.*?)-->", regex.DOTALL)
_TXT_LINE = regex.compile(r"(?m)^[ \t]*%%(.*)$")
_BODY = regex.compile(
    r"^\s*factcheck-(?P<verb>[\w-]+)(?:\s+rule\s*=\s*(?P<rules>[^\s:]+))?\s*(?::(?P<reason>.*))?$",
    regex.DOTALL,
)


@dataclass(frozen=True, slots=True)
class Marker:
    """One marker as found: its position (body offsets of the marker, file line/col) and content."""

    start: int
    end: int
    line: int
    col: int
    verb: Verb | None
    rules: tuple[str, ...]
    reason: str
    error: str | None = None


def parse_marker(content: str) -> tuple[Verb | None, tuple[str, ...], str, str | None] | None:
    """Parse a comment's content: ``(verb, rules, reason, error)``, or None if it is no marker.

    >>> parse_marker(" factcheck-ignore rule=trade.surplus: figure from the ministry ")
    ('ignore', ('trade.surplus',), 'figure from the ministry', None)
    >>> parse_marker("factcheck-ignore")[3]
    'factcheck-ignore needs a reason: write <!-- factcheck-ignore: why -->'
    >>> parse_marker(" an ordinary comment ") is None
    True
    """
    if MARKER_PREFIX not in content.lstrip()[: len(MARKER_PREFIX)]:
        return None
    m = _BODY.match(content)
    if m is None:
        return None, (), "", f"malformed factcheck marker {content.strip()!r}"
    verb = str(m.group("verb"))
    rules = tuple(r for r in (m.group("rules") or "").split(",") if r)
    reason = " ".join((m.group("reason") or "").split())
    if verb not in ("ignore", "disable", "enable"):
        return (
            None,
            rules,
            reason,
            (f"unknown marker factcheck-{verb}: use factcheck-ignore, factcheck-disable or factcheck-enable"),
        )
    known = cast(Verb, verb)
    if verb != "enable" and not reason:
        return known, rules, "", f"factcheck-{verb} needs a reason: write <!-- factcheck-{verb}: why -->"
    return known, rules, reason, None


def find_markers(body: str, kind: SourceKind, line_offset: int = 0) -> tuple[list[Marker], str]:
    """Markers in a ``.md``/``.txt`` body, and the body with marker text blanked (same length).

    HTML files are handled by the reader (comments never reach the body); it calls
    ``marker_at`` for each comment.  ``line_offset`` = lines of front matter before the body.
    """
    pattern = _TXT_LINE if kind == "txt" else _COMMENT
    markers: list[Marker] = []
    chars = list(body) if kind != "html" else []
    for m in pattern.finditer(body):
        parsed = parse_marker(m.group(1))
        if parsed is None:
            continue
        line = body.count("\n", 0, m.start()) + 1 + line_offset
        col = m.start() - (body.rfind("\n", 0, m.start()) + 1) + 1
        verb, rules, reason, error = parsed
        markers.append(Marker(m.start(), m.end(), line, col, verb, rules, reason, error))
        for i in range(m.start(), m.end()):
            if chars[i] != "\n":
                chars[i] = " "
    return markers, ("".join(chars) if markers else body)


def marker_at(content: str, offset: int, line: int, col: int) -> Marker | None:
    """A marker for an HTML comment found at body ``offset`` (the comment itself is not in the body)."""
    parsed = parse_marker(content)
    if parsed is None:
        return None
    verb, rules, reason, error = parsed
    return Marker(offset, offset, line, col, verb, rules, reason, error)


def _reach_of_ignore(body: str, after: int) -> tuple[int, int]:
    """From ``after`` to the end of its line; if the rest of that line is blank, the next line with text."""
    eol = body.find("\n", after)
    eol = len(body) if eol < 0 else eol
    if body[after:eol].strip():
        return after, eol
    pos = eol
    while pos < len(body):
        nxt = body.find("\n", pos + 1)
        nxt = len(body) if nxt < 0 else nxt
        if body[pos:nxt].strip():
            return after, nxt
        pos = nxt
    return after, len(body)


def resolve(body: str, markers: Sequence[Marker]) -> tuple[Suppression, ...]:
    """Turn markers into body ranges (``Suppression``), pairing ``disable`` with ``enable``."""
    out: list[Suppression] = []
    open_blocks: list[Marker] = []
    for mk in sorted(markers, key=lambda m: (m.start, m.line, m.col)):
        if mk.error is not None:
            out.append(Suppression(mk.start, mk.end, "error", mk.error, mk.rules, mk.line, mk.col))
        elif mk.verb == "ignore":
            s, e = _reach_of_ignore(body, mk.end)
            out.append(Suppression(s, e, "claim", mk.reason, mk.rules, mk.line, mk.col))
        elif mk.verb == "disable":
            open_blocks.append(mk)
        else:  # enable: closes the latest open block with the same rules
            match = next((b for b in reversed(open_blocks) if b.rules == mk.rules), None)
            if match is None:
                what = f" rule={','.join(mk.rules)}" if mk.rules else ""
                out.append(
                    Suppression(
                        mk.start,
                        mk.end,
                        "error",
                        f"factcheck-enable{what} without a matching factcheck-disable{what} before it",
                        mk.rules,
                        mk.line,
                        mk.col,
                    )
                )
                continue
            open_blocks.remove(match)
            out.append(Suppression(match.end, mk.start, "block", match.reason, match.rules, match.line, match.col))
    for b in open_blocks:  # an unclosed disable reaches the end of the article (documented)
        out.append(Suppression(b.end, len(body), "block", b.reason, b.rules, b.line, b.col))
    return tuple(sorted(out, key=lambda s: (s.start, s.line, s.col, s.scope)))


def errors(suppressions: Sequence[Suppression]) -> list[Suppression]:
    return [s for s in suppressions if s.scope == "error"]


def matches(frame: pd.DataFrame, suppressions: Sequence[Suppression]) -> dict[int, Suppression]:
    """Row position -> the marker that waives it.  Pure; rows are taken in ``start`` order."""
    if not len(frame) or not suppressions:
        return {}
    starts = frame["start"].to_numpy(dtype=np.int64)
    rule_ids = [None if pd.isna(r) else str(r) for r in frame["rule_id"]]
    order = sorted(range(len(frame)), key=lambda i: (int(starts[i]), i))
    sorted_starts = [int(starts[i]) for i in order]
    hit: dict[int, Suppression] = {}
    for sup in suppressions:
        if sup.scope == "error":
            continue
        lo = bisect.bisect_left(sorted_starts, sup.start)
        hi = bisect.bisect_left(sorted_starts, sup.end)
        for k in range(lo, hi):
            i = order[k]
            if sup.rules and rule_ids[i] not in sup.rules:
                continue
            hit.setdefault(i, sup)
            if sup.scope == "claim":
                break
    return hit


def unused(frame: pd.DataFrame, suppressions: Sequence[Suppression]) -> list[Suppression]:
    """Markers that cover no claim (stale: the claim was edited away, or the rule id is wrong)."""
    return [s for s in suppressions if s.scope != "error" and not matches(frame, [s])]


def describe(sup: Suppression) -> str:
    """The reason text a waived claim carries in every report."""
    what = "factcheck-ignore" if sup.scope == "claim" else "factcheck-disable"
    rules = f" rule={','.join(sup.rules)}" if sup.rules else ""
    return f"suppressed in the article ({what}{rules}, line {sup.line}): {sup.reason}"


def by_doc(docs: Mapping[str, Sequence[Suppression]]) -> dict[str, tuple[Suppression, ...]]:
    return {k: tuple(v) for k, v in sorted(docs.items()) if v}
