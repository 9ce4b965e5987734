"""Rule files: load, validate and bundle them with the reference data and lexicon they cite.

A rule file is YAML (format documented in ``rules/README.md``)::

    fx: reference/fx.csv                # exchange-rate tables for currency conversion (optional)
    rules:
      - id: jp-trade-surplus-us
        kind: reference                 # one of factcheck.checks.KINDS
        severity: error
        message: Japan's trade surplus with the US
        select: {kinds: [money], subjects: [trade_surplus, JP]}
        dataset: reference/trade.csv    # kind-specific options, relative to this file
        series: us_goods_balance_japan

Every mistake (YAML syntax, an unknown key, a unit that does not parse, a regex that does not compile,
a series the dataset does not have) raises ``RuleError``/``ReferenceDataError`` at ``path:line:col``
with a hint.  Loading is I/O; everything after it (``factcheck.check``) is pure.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import regex

from factcheck.errors import FactcheckError, ReferenceDataError, RuleError
from factcheck.lexicon import Lexicon, build_lexicon, parse_lexicon
from factcheck.models import KINDS, LANGS, Severity
from factcheck.normalize import unit_parses
from factcheck.reference import (
    FxRate,
    ReferenceTable,
    combined_sha256,
    fx_rates,
    load_reference_text,
    parse_period,
)
from factcheck.yamlio import KeyPath, Located, load_yaml

Scope = Literal["subject", "sentence", "paragraph"]
SCOPES: tuple[Scope, ...] = ("subject", "sentence", "paragraph")
LEXICON_NAME = "lexicon.yaml"
SKIP_DIRS = frozenset({"fixtures", "reference", "__pycache__"})
PATTERN_TIMEOUT = 0.25  # seconds a user pattern may spend on one text
_RULE_KEYS = ("id", "kind", "severity", "message", "description", "select")
_SELECT_KEYS = ("kinds", "dimension", "subjects", "any_subjects", "keywords", "pattern", "scope")
_FILE_KEYS = ("rules", "fx")
_ID_RE = regex.compile(r"^[a-z0-9][a-z0-9_.-]*$")


@dataclass(frozen=True, slots=True)
class Selector:
    """Which claims a rule covers.  All given conditions must hold.

    * ``kinds``: claim kinds (money, count, percent, ...); empty = any.
    * ``dimension``: glob over the claim's ``dimension`` ("[currency_*]").
    * ``subjects``: lexicon ids that must all occur; ``any_subjects``: at least one of them must.
    * ``keywords``: per language, at least one must occur (word-start match, like the lexicon).
    * ``pattern``: per language, a regex (``regex`` module, run with a timeout).
    * ``scope``: the text searched: the claim's ``subject`` words, its ``sentence`` (default, plus
      the subject words) or its ``paragraph`` (every sentence of claims on the same line).
    """

    kinds: tuple[str, ...] = ()
    dimension: str | None = None
    subjects: tuple[str, ...] = ()
    any_subjects: tuple[str, ...] = ()
    keywords: Lexicon | None = None
    pattern: Mapping[str, Any] = field(default_factory=dict)
    scope: Scope = "sentence"


@dataclass(frozen=True, slots=True)
class Rule:
    """One rule: a kind from the registry plus its parsed options and where it was written."""

    id: str
    kind: str
    severity: Severity
    message: str
    select: Selector
    options: Any
    file: str
    line: int
    col: int
    description: str = ""

    @property
    def location(self) -> str:
        return f"{self.file}:{self.line}:{self.col}"


@dataclass(frozen=True, slots=True)
class RuleSet:
    """Everything ``check()`` needs, loaded and validated.  ``sha256`` covers every file read."""

    rules: tuple[Rule, ...]
    references: Mapping[str, ReferenceTable]
    lexicon: Lexicon
    fx: tuple[FxRate, ...] = ()
    sha256: str = ""
    files: tuple[str, ...] = ()

    def rule(self, rule_id: str) -> Rule:
        for r in self.rules:
            if r.id == rule_id:
                return r
        raise KeyError(rule_id)


# --- option reading, shared by every kind ---------------------------------------------------------


class Options:
    """Typed access to a rule's kind-specific options, with ``path:line:col`` on every mistake.

    Each kind's ``parse_options`` reads what it needs; ``done()`` then rejects any key left over.
    """

    def __init__(
        self,
        doc: Located,
        kp: KeyPath,
        raw: Mapping[str, Any],
        base_dir: str,
        datasets: Mapping[str, ReferenceTable],
        fx_files: Sequence[str],
    ) -> None:
        self.doc, self.kp, self.raw = doc, kp, raw
        self.base_dir = base_dir
        self.datasets = datasets
        self.fx_files = tuple(fx_files)
        self.used: set[str] = set()

    def error(
        self, key: str | KeyPath, message: str, hint: str | None = None, cls: type[FactcheckError] = RuleError
    ) -> FactcheckError:
        sub = (key,) if isinstance(key, str) else key
        return self.doc.error(cls, (*self.kp, *sub), message, hint)

    def has(self, key: str) -> bool:
        return key in self.raw

    def get(self, key: str, default: Any = None) -> Any:
        self.used.add(key)
        return self.raw.get(key, default)

    def text(self, key: str, default: str | None = None, *, choices: Sequence[str] = ()) -> str | None:
        v = self.get(key, default)
        if v is None:
            return None
        if not isinstance(v, (str, int)) or isinstance(v, bool):
            raise self.error(key, f"{key}: expected a string, got {type(v).__name__}")
        v = str(v)
        if choices and v not in choices:
            raise self.error(key, f"{key}: {v!r} is not one of {', '.join(choices)}")
        return v

    def required_str(self, key: str) -> str:
        if key not in self.raw:
            raise self.doc.error(RuleError, self.kp, f"missing option {key!r}", f"add '{key}: ...' to the rule")
        v = self.text(key)
        assert v is not None
        return v

    def number(self, key: str, default: float | None = None, *, min_value: float | None = None) -> float | None:
        v = self.get(key, default)
        if v is None:
            return None
        if isinstance(v, bool) or not isinstance(v, (int, float)) or not math.isfinite(float(v)):
            raise self.error(key, f"{key}: expected a number, got {v!r}")
        if min_value is not None and float(v) < min_value:
            raise self.error(key, f"{key}: must be >= {min_value}, got {v}")
        return float(v)

    def flag(self, key: str, default: bool) -> bool:
        v = self.get(key, default)
        if not isinstance(v, bool):
            raise self.error(key, f"{key}: expected true or false, got {v!r}")
        return v

    def unit(self, key: str, default: str | None = None) -> str | None:
        u = self.text(key, default)
        if u is not None and not unit_parses(u):
            raise self.error(
                key,
                f"unit {u!r} does not parse",
                "use a unit of the project registry (USD, JPY, percent, count, km, t ...)",
            )
        return u

    def period(self, key: str, default: str | None = None, *, allow: Sequence[str] = ("auto", "latest")) -> str | None:
        p = self.text(key, default)
        if p is None or p in allow:
            return p
        try:
            parse_period(p)
        except ValueError:
            raise self.error(
                key,
                f"bad period {p!r}",
                f"write {', '.join(allow)}, 2024, 2024-Q1, 2024-03, FY2025 or 2025-01-20",
            ) from None
        return p

    def tolerance(self, default_exact: float = 0.01, default_approx: float = 0.10) -> tuple[float, float]:
        raw = self.get("tolerance", None)
        if raw is None:
            return default_exact, default_approx
        if isinstance(raw, (int, float)) and not isinstance(raw, bool):
            return float(raw), float(raw)
        if not isinstance(raw, dict):
            raise self.error("tolerance", "tolerance: expected {exact: 0.01, approx: 0.10} or a number")
        for k in raw:
            if k not in ("exact", "approx"):
                raise self.doc.error(
                    RuleError,
                    (*self.kp, "tolerance", k),
                    f"unknown tolerance {k!r}",
                    "use exact and approx (relative, 0.10 = 10 %)",
                    key=True,
                )
        out = []
        for k, d in (("exact", default_exact), ("approx", default_approx)):
            v = raw.get(k, d)
            if isinstance(v, bool) or not isinstance(v, (int, float)) or not 0 <= float(v) < 1:
                raise self.doc.error(
                    RuleError,
                    (*self.kp, "tolerance", k),
                    f"tolerance.{k}: expected a fraction between 0 and 1, got {v!r}",
                    "tolerances are relative: 0.01 = 1 %, 0.10 = 10 %",
                )
            out.append(float(v))
        return out[0], out[1]

    def dataset(self, key: str = "dataset", value: Any = None, kp: KeyPath | None = None) -> str:
        """Resolve a dataset path (relative to the rule file) to the key in ``RuleSet.references``."""
        name = value if value is not None else self.required_str(key)
        where = kp if kp is not None else (key,)
        if not isinstance(name, str):
            raise self.error(where, f"{key}: expected a file name")
        resolved = _join(self.base_dir, name)
        if resolved not in self.datasets:
            raise self.error(
                where,
                f"reference file {name!r} not found (looked for {resolved})",
                "paths are relative to the rule file",
                cls=ReferenceDataError,
            )
        return resolved

    def series_in(self, dataset: str, series: str, kp: KeyPath) -> str:
        table = self.datasets[dataset]
        if series not in table.series_ids():
            known = ", ".join(sorted(table.series_ids())) or "none"
            raise self.error(kp, f"series {series!r} is not in {dataset}", f"known series: {known}")
        return series

    def done(self) -> None:
        for key in self.raw:
            if key not in self.used:
                raise self.doc.error(
                    RuleError,
                    (*self.kp, key),
                    f"unknown option {key!r} for this kind",
                    "check the spelling against rules/README.md",
                    key=True,
                )


def _join(base_dir: str, name: str) -> str:
    p = Path(name)
    return (p if p.is_absolute() else Path(base_dir) / p).as_posix()


# --- loading --------------------------------------------------------------------------------------


Reader = Callable[[Path], str]


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise RuleError(
            f"no such file: {path.as_posix()}",
            path=path.as_posix(),
            hint="check the path (relative paths are relative to the rule file)",
        ) from None
    except UnicodeDecodeError as exc:
        raise RuleError(f"not UTF-8 text: {exc.reason}", path=path.as_posix(), hint="save it as UTF-8") from None


def rule_files(paths: Sequence[Path]) -> list[Path]:
    """Rule files under ``paths``: files as given; folders recursively, skipping fixture and
    reference folders and the lexicon.  Sorted, so rule order (and output) is deterministic."""
    out: list[Path] = []
    for p in paths:
        if p.is_dir():
            found = [
                f
                for f in sorted(p.rglob("*"))
                if f.suffix in (".yaml", ".yml")
                and f.is_file()
                and f.name != LEXICON_NAME
                and not (set(f.relative_to(p).parts[:-1]) & SKIP_DIRS)
            ]
            out.extend(found)
        elif p.exists():
            out.append(p)
        else:
            raise RuleError(
                f"no such rules path: {p.as_posix()}",
                path=p.as_posix(),
                hint="pass a rule file or a folder of rule files",
            )
    return list(dict.fromkeys(out))


def find_lexicon(rule_file: Path, levels: int = 3) -> Path | None:
    """The nearest ``lexicon.yaml`` in the rule file's folder or up to ``levels`` parents."""
    d = rule_file.parent
    for _ in range(levels + 1):
        cand = d / LEXICON_NAME
        if cand.is_file():
            return cand
        if d.parent == d:
            break
        d = d.parent
    return None


def load_ruleset(paths: Sequence[Path], *, reader: Reader = _read) -> RuleSet:
    """Load rule files (or folders of them), the reference CSVs they cite and the lexicon.

    ``reader`` reads a file's text (tests and ``rules test`` pass one that serves inline fixtures).
    """
    files = rule_files(paths)
    texts: dict[str, str] = {}
    docs: list[Located] = []
    for f in files:
        text = reader(f)
        texts[f.as_posix()] = text
        docs.append(load_yaml(text, f.as_posix(), RuleError))
    lex_paths = sorted({lp for f in files if (lp := find_lexicon(f)) is not None})
    lexicon = build_lexicon({}, {})
    for lp in lex_paths[:1]:
        text = reader(lp)
        texts[lp.as_posix()] = text
        lexicon = parse_lexicon(load_yaml(text, lp.as_posix(), RuleError))
    return assemble(docs, lexicon, reader=reader, texts=texts)


def assemble(
    docs: Sequence[Located],
    lexicon: Lexicon,
    *,
    reader: Reader = _read,
    texts: dict[str, str] | None = None,
    prefix: KeyPath = (),
    top_keys: Sequence[str] = _FILE_KEYS,
) -> RuleSet:
    """Validate parsed rule documents (rules under ``prefix`` in each) into a ``RuleSet``."""
    texts = dict(texts or {})
    datasets: dict[str, ReferenceTable] = {}
    cited: list[tuple[Located, KeyPath, str]] = []
    file_fx: dict[str, list[str]] = {}
    for doc in docs:
        body = _at(doc, prefix)
        base = Path(doc.path).parent.as_posix()
        if body is None:
            continue
        if not isinstance(body, dict):
            raise doc.error(
                RuleError,
                prefix,
                "a rule file is a mapping with a 'rules' list",
                "start the file with 'rules:'",
            )
        doc.check_keys(RuleError, prefix, body, top_keys, "at the top of a rule file")
        fx = body.get("fx") or []
        fx_list = [fx] if isinstance(fx, str) else fx
        if not isinstance(fx_list, list) or not all(isinstance(x, str) for x in fx_list):
            raise doc.error(RuleError, (*prefix, "fx"), "fx: expected a file name or a list of them")
        file_fx[doc.path] = [_join(base, x) for x in fx_list]
        for i, x in enumerate(fx_list):
            cited.append((doc, (*prefix, "fx", i), _join(base, x)))
        rules = body.get("rules") or []
        if not isinstance(rules, list):
            raise doc.error(RuleError, (*prefix, "rules"), "rules: expected a list of rules")
        for i, r in enumerate(rules):
            for kp, name in _dataset_refs(r, (*prefix, "rules", i)):
                cited.append((doc, kp, _join(base, name)))
    for doc, kp, resolved in cited:
        if resolved in datasets:
            continue
        try:
            text = reader(Path(resolved))
        except RuleError as exc:
            raise doc.error(
                ReferenceDataError,
                kp,
                f"reference file not found: {resolved}",
                "paths are relative to the rule file",
            ) from exc
        texts[resolved] = text
        datasets[resolved] = load_reference_text(text, resolved)
    rules_out: list[Rule] = []
    ids: dict[str, str] = {}
    for doc in docs:
        body = _at(doc, prefix)
        if not isinstance(body, dict):
            continue
        base = Path(doc.path).parent.as_posix()
        for i, raw in enumerate(body.get("rules") or []):
            rule = parse_rule(doc, (*prefix, "rules", i), raw, base, datasets, file_fx.get(doc.path, []), lexicon)
            if rule.id in ids:
                raise doc.error(
                    RuleError,
                    (*prefix, "rules", i, "id"),
                    f"duplicate rule id {rule.id!r}",
                    f"first defined at {ids[rule.id]}",
                )
            ids[rule.id] = rule.location
            rules_out.append(rule)
    fx_tables = [datasets[f] for fs in file_fx.values() for f in fs]
    return RuleSet(
        rules=tuple(rules_out),
        references=dict(sorted(datasets.items())),
        lexicon=lexicon,
        fx=fx_rates(fx_tables or datasets.values()),
        sha256=combined_sha256(texts),
        files=tuple(sorted(texts)),
    )


def _dataset_refs(node: Any, kp: KeyPath) -> list[tuple[KeyPath, str]]:
    """Every ``dataset: file`` in a rule, at any depth (series entries, magnitude ...)."""
    out: list[tuple[KeyPath, str]] = []
    if isinstance(node, dict):
        for k, v in node.items():
            if k == "dataset" and isinstance(v, str):
                out.append(((*kp, k), v))
            elif k != "select":
                out += _dataset_refs(v, (*kp, k))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            out += _dataset_refs(v, (*kp, i))
    return out


def _at(doc: Located, prefix: KeyPath) -> Any:
    data = doc.data
    for k in prefix:
        if not isinstance(data, dict) or k not in data:
            return None
        data = data[k]
    return data


def parse_rule(
    doc: Located,
    kp: KeyPath,
    raw: Any,
    base_dir: str,
    datasets: Mapping[str, ReferenceTable],
    fx_files: Sequence[str],
    lexicon: Lexicon,
) -> Rule:
    """Validate one rule mapping; kind-specific options go to the kind's ``parse_options``."""
    from factcheck.checks import KINDS as RULE_KINDS

    if not isinstance(raw, dict):
        raise doc.error(RuleError, kp, "a rule is a mapping (id, kind, severity, message, select, ...)")
    for key in ("id", "kind", "message"):
        if key not in raw:
            raise doc.error(RuleError, kp, f"rule without {key!r}", f"add '{key}: ...'")
    rid = raw["id"]
    if not isinstance(rid, str) or not _ID_RE.match(rid):
        raise doc.error(RuleError, (*kp, "id"), f"bad rule id {rid!r}", "use lower-case letters, digits, - _ .")
    kind = raw["kind"]
    if kind not in RULE_KINDS:
        raise doc.error(
            RuleError, (*kp, "kind"), f"unknown kind {kind!r}", f"use one of: {', '.join(sorted(RULE_KINDS))}"
        )
    sev_raw = raw.get("severity", "error")
    if sev_raw not in [s.value for s in Severity]:
        raise doc.error(RuleError, (*kp, "severity"), f"unknown severity {sev_raw!r}", "use info, warning or error")
    message = raw["message"]
    if not isinstance(message, str) or not message.strip():
        raise doc.error(RuleError, (*kp, "message"), "message must be a non-empty string")
    desc = raw.get("description", "")
    select = parse_select(doc, (*kp, "select"), raw.get("select") or {}, lexicon)
    opts_raw = {k: v for k, v in raw.items() if k not in _RULE_KEYS}
    opts = Options(doc, kp, opts_raw, base_dir, datasets, fx_files)
    options = RULE_KINDS[kind].parse_options(opts)
    opts.done()
    line, col = doc.where(kp)
    return Rule(
        id=rid,
        kind=kind,
        severity=Severity(sev_raw),
        message=message.strip(),
        select=select,
        options=options,
        file=doc.path,
        line=line,
        col=col,
        description=str(desc or ""),
    )


def parse_select(doc: Located, kp: KeyPath, raw: Any, lexicon: Lexicon) -> Selector:
    if not isinstance(raw, dict):
        raise doc.error(RuleError, kp, "select: expected a mapping (kinds, subjects, keywords, ...)")
    doc.check_keys(RuleError, kp, raw, _SELECT_KEYS, "in select")
    kinds = _str_list(doc, (*kp, "kinds"), raw.get("kinds"))
    for i, k in enumerate(kinds):
        if k not in KINDS:
            raise doc.error(RuleError, (*kp, "kinds", i), f"unknown claim kind {k!r}", f"use {', '.join(KINDS)}")
    dimension = raw.get("dimension")
    if dimension is not None and (not isinstance(dimension, str) or not dimension.startswith("[")):
        raise doc.error(
            RuleError,
            (*kp, "dimension"),
            f"bad dimension {dimension!r}",
            "write it as in the claims table: [currency_USD], [currency_*], [percent], [count]",
        )
    subjects = _str_list(doc, (*kp, "subjects"), raw.get("subjects"))
    any_subjects = _str_list(doc, (*kp, "any_subjects"), raw.get("any_subjects"))
    for key, items in (("subjects", subjects), ("any_subjects", any_subjects)):
        for i, s in enumerate(items):
            if s not in lexicon.ids():
                close = sorted(x for x in lexicon.ids() if x.lower().startswith(s[:3].lower()))[:5]
                raise doc.error(
                    RuleError,
                    (*kp, key, i),
                    f"subject {s!r} is not in the lexicon",
                    f"add it to rules/lexicon.yaml{'; similar: ' + ', '.join(close) if close else ''}",
                )
    keywords = None
    if raw.get("keywords") is not None:
        kw = raw["keywords"]
        if not isinstance(kw, dict):
            raise doc.error(RuleError, (*kp, "keywords"), "keywords: expected {en: [...], de: [...]}")
        table: dict[str, tuple[str, ...]] = {}
        for lang, words in kw.items():
            if lang not in (*LANGS, "any"):
                raise doc.error(
                    RuleError,
                    (*kp, "keywords", lang),
                    f"unknown language {lang!r}",
                    f"use {', '.join(LANGS)} or any",
                    key=True,
                )
            table[lang] = tuple(_str_list(doc, (*kp, "keywords", lang), words))
        keywords = build_lexicon({"keyword": table}, {})
    patterns: dict[str, Any] = {}
    if raw.get("pattern") is not None:
        pat = raw["pattern"]
        pattern_items: list[tuple[str, Any, KeyPath]] | None = (
            [("any", pat, (*kp, "pattern"))]
            if isinstance(pat, str)
            else ([(lang, p, (*kp, "pattern", lang)) for lang, p in pat.items()] if isinstance(pat, dict) else None)
        )
        if pattern_items is None:
            raise doc.error(RuleError, (*kp, "pattern"), "pattern: expected a regex or {en: ..., de: ...}")
        for lang, p, pkp in pattern_items:
            if lang not in (*LANGS, "any") or not isinstance(p, str):
                raise doc.error(RuleError, pkp, f"pattern for {lang!r}: expected a regex string")
            try:
                patterns[lang] = regex.compile(p, regex.IGNORECASE | regex.VERSION1)
            except regex.error as exc:
                raise doc.error(
                    RuleError,
                    pkp,
                    f"regex does not compile: {exc}",
                    "patterns use the 'regex' module syntax; escape ( ) [ ] . with a backslash",
                ) from None
    scope = raw.get("scope", "sentence")
    if scope not in SCOPES:
        raise doc.error(RuleError, (*kp, "scope"), f"unknown scope {scope!r}", f"use {', '.join(SCOPES)}")
    return Selector(
        kinds=tuple(kinds),
        dimension=dimension,
        subjects=tuple(subjects),
        any_subjects=tuple(any_subjects),
        keywords=keywords,
        pattern=patterns,
        scope=scope,
    )


def _str_list(doc: Located, kp: KeyPath, raw: Any) -> list[str]:
    if raw is None:
        return []
    if isinstance(raw, str):
        return [raw]
    if not isinstance(raw, list) or not all(isinstance(x, str) and x for x in raw):
        raise doc.error(RuleError, kp, f"{kp[-1]}: expected a list of strings")
    return list(raw)


def dimension_matches(selector: Selector, dimension: str) -> bool:
    """``[currency_*]`` matches ``[currency_USD]``: only ``*`` is a wildcard (brackets are literal)."""
    if selector.dimension is None:
        return True
    return _glob_matches(selector.dimension, dimension)


@functools.lru_cache(maxsize=4096)
def _glob_matches(glob: str, dimension: str) -> bool:
    pattern = ".*".join(regex.escape(p) for p in glob.split("*"))
    return regex.fullmatch(pattern, dimension) is not None


def search_pattern(rule: Rule, lang: str, text: str) -> bool:
    """Run a rule's user pattern with a timeout; a runaway pattern is broken input (``RuleError``)."""
    pat = rule.select.pattern.get(lang) or rule.select.pattern.get("any")
    if pat is None:
        return False
    try:
        return pat.search(text, timeout=PATTERN_TIMEOUT) is not None
    except TimeoutError:
        raise RuleError(
            f"pattern of rule {rule.id} took over {PATTERN_TIMEOUT} s on one sentence",
            path=rule.file,
            line=rule.line,
            col=rule.col,
            hint="simplify the pattern (nested repeats like (a+)+ backtrack badly)",
        ) from None
