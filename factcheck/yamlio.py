"""YAML with positions: every value of a data file can be traced back to ``path:line:col``.

Used for rule files, vocabulary files, lexicons and fixtures, so that a mistake found while
validating (an unknown key, a bad unit) is reported where it is, not just "somewhere in the file".

>>> doc = load_yaml("a:\\n  b: [1, 2]\\n", "x.yaml")
>>> doc.data
{'a': {'b': [1, 2]}}
>>> doc.where(("a", "b", 1))
(2, 10)
"""

from __future__ import annotations

from collections.abc import Collection, Hashable, Iterable
from dataclasses import dataclass, field
from typing import Any

import yaml

from factcheck.errors import FactcheckError

KeyPath = tuple[Hashable, ...]
# libyaml's loader when PyYAML was built with it (several times faster); same marks and results
_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True, slots=True)
class Located:
    """Parsed YAML ``data`` plus the 1-based ``(line, col)`` of every value and mapping key."""

    path: str
    data: Any
    marks: dict[KeyPath, tuple[int, int]] = field(default_factory=dict)
    key_marks: dict[KeyPath, tuple[int, int]] = field(default_factory=dict)

    def where(self, keypath: KeyPath) -> tuple[int, int]:
        """Position of the value at ``keypath``; falls back to the nearest enclosing value."""
        kp = tuple(keypath)
        while kp:
            if kp in self.marks:
                return self.marks[kp]
            kp = kp[:-1]
        return self.marks.get((), (1, 1))

    def where_key(self, keypath: KeyPath) -> tuple[int, int]:
        """Position of the mapping key at ``keypath`` (for "unknown key" errors)."""
        return self.key_marks.get(tuple(keypath)) or self.where(keypath)

    def error(
        self,
        cls: type[FactcheckError],
        keypath: KeyPath,
        message: str,
        hint: str | None = None,
        *,
        key: bool = False,
    ) -> FactcheckError:
        line, col = self.where_key(keypath) if key else self.where(keypath)
        return cls(message, path=self.path, line=line, col=col, hint=hint)

    def check_keys(
        self,
        cls: type[FactcheckError],
        keypath: KeyPath,
        mapping: Iterable[Hashable],
        allowed: Collection[Hashable],
        where: str,
        hint: str | None = None,
    ) -> None:
        """Raise ``unknown key 'k' {where}`` at the first key of ``mapping`` (found at ``keypath``)
        that is not ``allowed``; the hint lists the allowed keys unless one is given."""
        for k in mapping:
            if k not in allowed:
                raise self.error(
                    cls,
                    (*keypath, k),
                    f"unknown key {k!r} {where}".rstrip(),
                    hint or f"allowed: {', '.join(map(str, allowed))}",
                    key=True,
                )


def load_yaml(text: str, path: str, error_cls: type[FactcheckError] = FactcheckError) -> Located:
    """Parse ``text`` (the content of ``path``) into data plus positions.

    Raises ``error_cls`` with ``path:line:col`` for syntax errors and duplicate keys.
    """
    loader = _LOADER(text)  # a safe loader (C or Python); parsed once, for the nodes and the data
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (0, 0)
        problem = exc.problem or str(exc)
        raise error_cls(
            f"YAML syntax error: {problem}",
            path=path,
            line=line,
            col=col,
            hint="fix the YAML syntax (indentation, quoting, a missing ':')",
        ) from None
    finally:
        loader.dispose()
    marks: dict[KeyPath, tuple[int, int]] = {}
    key_marks: dict[KeyPath, tuple[int, int]] = {}
    if node is not None:
        _walk(node, (), marks, key_marks, path, error_cls)
    return Located(path=path, data=data, marks=marks, key_marks=key_marks)


def _walk(
    node: yaml.Node,
    kp: KeyPath,
    marks: dict[KeyPath, tuple[int, int]],
    key_marks: dict[KeyPath, tuple[int, int]],
    path: str,
    error_cls: type[FactcheckError],
) -> None:
    marks[kp] = (node.start_mark.line + 1, node.start_mark.column + 1)
    if isinstance(node, yaml.MappingNode):
        seen: set[Any] = set()
        for knode, vnode in node.value:
            key: Any = knode.value
            if knode.tag.endswith(":int"):
                key = int(key)
            if key in seen:
                raise error_cls(
                    f"duplicate key {key!r}",
                    path=path,
                    line=knode.start_mark.line + 1,
                    col=knode.start_mark.column + 1,
                    hint="each key may appear once in a mapping; remove or rename one",
                )
            seen.add(key)
            key_marks[(*kp, key)] = (knode.start_mark.line + 1, knode.start_mark.column + 1)
            _walk(vnode, (*kp, key), marks, key_marks, path, error_cls)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            _walk(item, (*kp, i), marks, key_marks, path, error_cls)
