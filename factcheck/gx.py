"""Great Expectations, for real: the reference data and the claims table as expectation suites.

* ``validate_reference_data`` runs a suite over every reference CSV (columns present and non-null,
  units the project registry parses, valid periods and dates, an http(s) source for every row, no
  duplicate series+period).  Passing results are cached by content hash, so an unchanged reference
  set does not even import GX (~2-5 s).  The same properties are checked in plain Python when the
  files are loaded (``factcheck.reference``); GX is the independent, exportable second opinion.
* ``build_suite`` compiles the reference and range rules into a suite over the verdicts table, with
  GX ``Condition`` row conditions and ``claim_id`` as the unexpected-index column, for data teams
  (``factcheck rules export-gx``); ``audit`` runs it and returns the claim ids GX flags, which must be
  exactly the ids the pandas path contradicts through reference and range rules
  (``pandas_flags``; ``tests/test_gx.py`` asserts the parity).

How the rules compile (all bounds are on ``norm_value``/``norm_low``/``norm_high``, in norm units):
each reference rule gives, per period of its preferred series and per unit the reference can be
expressed in (its own, or another currency through a dated FX rate), one expectation per qualifier
group; the rounding a figure implies is expressed by partitioning on ``resolution`` by power of ten.
Rows are selected by ``rule_id`` (the deciding rule), ``ref_series``, ``ref_period``, ``norm_unit``,
``qualifier`` and ``ambiguity IS NULL``.  Known gap: for claims whose unit differs from its norm unit
(``km`` vs ``m``) the resolution is read as if it were in norm units.
"""

from __future__ import annotations

import io
import json
import math
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pandas as pd

from factcheck import __version__
from factcheck.checks.base import UNIT_FOR_KIND, ref_value
from factcheck.errors import ReferenceDataError
from factcheck.normalize import unit_parses
from factcheck.reference import DATE_UNIT, REF_STATUSES, REQUIRED_COLUMNS, ReferenceTable, canonical
from factcheck.ruleset import Rule, RuleSet

CACHE_FILE = "gx-reference.json"
SUITE_NAME = "factcheck-claims"
_PERIOD_REGEX = r"^(\d{4}|\d{4}-Q[1-4]|\d{4}-\d{2}|FY\s?\d{4}|\d{4}-\d{2}-\d{2})$"
_DATE_REGEX = r"^\d{4}-\d{2}(-\d{2})?$"
_NUMBER_REGEX = r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$"
_EPS = 1e-12


# --- reference data -------------------------------------------------------------------------------


def _cache_key(ruleset: RuleSet) -> str:
    from importlib.metadata import version

    digests = sorted(t.sha256 for t in ruleset.references.values())
    return json.dumps({"refs": digests, "factcheck": __version__, "gx": version("great_expectations")})


def validate_reference_data(ruleset: RuleSet, cache_dir: Path | None) -> None:
    """Validate every reference CSV with a GX suite; raise ``ReferenceDataError`` (file, row, column).

    ``cache_dir``: where the pass result is remembered (None: always validate, never write).
    """
    cache = cache_dir / CACHE_FILE if cache_dir is not None else None
    key = _cache_key(ruleset)
    if cache is not None and cache.is_file():
        try:
            if json.loads(cache.read_text(encoding="utf-8")).get("key") == key:
                return
        except (OSError, ValueError):
            pass
    if ruleset.references:
        _validate_tables(list(ruleset.references.values()))
    if cache is not None:
        cache.parent.mkdir(parents=True, exist_ok=True)
        cache.write_text(
            json.dumps({"key": key, "result": "pass", "files": sorted(ruleset.references)}, indent=1) + "\n",
            encoding="utf-8",
        )


def _gx() -> tuple[Any, Any, Any, Any]:
    import great_expectations as gx
    import great_expectations.expectations as gxe
    from great_expectations.data_context.types.base import ProgressBarsConfig
    from great_expectations.expectations.row_conditions import Column

    context = gx.get_context(mode="ephemeral")
    context.variables.progress_bars = ProgressBarsConfig(globally=False)
    return gx, gxe, Column, context


def _table_frame(table: ReferenceTable) -> pd.DataFrame:
    """The CSV as written (strings, empty cells as nulls) plus its ``line`` numbers."""
    try:
        text = Path(table.path).read_text(encoding="utf-8")
        frame = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
        frame = frame.replace({"": None})
        # line numbers of records (quoted newlines are rare in reference data; csv handles them)
        import csv

        reader = csv.reader(io.StringIO(text))
        next(reader, None)
        lines = [reader.line_num for cells in reader if any(c.strip() for c in cells)]
        frame = frame[frame.notna().any(axis=1)].reset_index(drop=True)
        frame["line"] = lines[: len(frame)]
    except OSError:
        frame = pd.DataFrame(
            [
                {
                    "series": r.series,
                    "period": r.period,
                    "value": None if math.isnan(r.value) else repr(r.value),
                    "unit": r.unit,
                    "source_name": r.source_name,
                    "source_url": r.source_url,
                    "retrieved": r.retrieved,
                    "note": r.note,
                    "status": r.status,
                    "line": r.line,
                }
                for r in table.rows
            ]
        )
    return frame


def reference_suite(frame: pd.DataFrame, gx: Any, gxe: Any, column: Any, name: str) -> Any:
    units = sorted({u for u in frame.get("unit", pd.Series(dtype=str)).dropna() if u == DATE_UNIT or unit_parses(u)})
    suite = gx.ExpectationSuite(name=name)
    suite.add_expectation(gxe.ExpectTableColumnsToMatchSet(column_set=list(REQUIRED_COLUMNS), exact_match=False))
    present = set(frame.columns)
    for col in ("series", "period", "unit", "source_name", "source_url", "retrieved"):
        if col in present:
            suite.add_expectation(gxe.ExpectColumnValuesToNotBeNull(column=col))
    if "value" in present and "unit" in present:
        suite.add_expectation(
            gxe.ExpectColumnValuesToNotBeNull(column="value", row_condition=column("unit") != DATE_UNIT)
        )
        suite.add_expectation(
            gxe.ExpectColumnValuesToMatchRegex(
                column="value", regex=_NUMBER_REGEX, row_condition=column("unit") != DATE_UNIT
            )
        )
    if "unit" in present:
        suite.add_expectation(gxe.ExpectColumnValuesToBeInSet(column="unit", value_set=units))
    if "period" in present:
        suite.add_expectation(gxe.ExpectColumnValuesToMatchRegex(column="period", regex=_PERIOD_REGEX))
    if "retrieved" in present:
        suite.add_expectation(gxe.ExpectColumnValuesToMatchRegex(column="retrieved", regex=_DATE_REGEX))
    if "source_url" in present:
        suite.add_expectation(gxe.ExpectColumnValuesToMatchRegex(column="source_url", regex=r"^https?://\S+$"))
    if "status" in present:
        suite.add_expectation(
            gxe.ExpectColumnValuesToBeInSet(
                column="status", value_set=list(REF_STATUSES), row_condition=column("status").is_not_null()
            )
        )
    if {"series", "period"} <= present:
        keys = ["file", "series", "period"] if "file" in present else ["series", "period"]
        suite.add_expectation(gxe.ExpectCompoundColumnsToBeUnique(column_list=keys))
    return suite


def _validate_tables(tables: list[ReferenceTable]) -> None:
    """One GX run over all reference files (a ``file`` column keeps them apart): GX's fixed cost is
    per validation, not per row."""
    frames = []
    for table in tables:
        frame = _table_frame(table)
        missing = [c for c in REQUIRED_COLUMNS if c not in frame.columns]
        if missing:
            raise ReferenceDataError(
                f"Great Expectations: missing column(s) {', '.join(missing)}",
                path=table.path,
                line=1,
                col=1,
                hint=f"the header must contain {','.join(REQUIRED_COLUMNS)}",
            )
        frame.insert(0, "file", table.path)
        frames.append(frame)
    frame = pd.concat(frames, ignore_index=True)
    gx, gxe, column, context = _gx()
    suite = reference_suite(frame, gx, gxe, column, "factcheck-reference-data")
    result = _run(context, frame, suite, ["file", "line"])
    for er in result.results:
        if er.success:
            continue
        cfg = er.expectation_config
        col = cfg.kwargs.get("column") or ",".join(cfg.kwargs.get("column_list") or []) or "header"
        idx = er.result.get("unexpected_index_list") or []
        first = idx[0] if idx and isinstance(idx[0], dict) else {}
        line = int(first.get("line", 1))
        bad = first.get(col)
        raise ReferenceDataError(
            f"Great Expectations: {cfg.type} failed (row {line}, column {col!r}"
            + (f", value {bad!r}" if bad is not None else "")
            + ")",
            path=str(first.get("file") or tables[0].path),
            line=line,
            col=1,
            hint="fix the row; units must parse in the project registry, periods look like 2024, 2024-Q1, "
            "2024-03, FY2025 or 2025-01-20, every row needs an http(s) source",
        )


_RUN_COUNTER = [0]


def _run(context: Any, frame: pd.DataFrame, suite: Any, index_cols: list[str]) -> Any:
    _RUN_COUNTER[0] += 1
    n = _RUN_COUNTER[0]
    ds = context.data_sources.add_pandas(f"factcheck-{n}")
    asset = ds.add_dataframe_asset(f"frame-{n}")
    batch = asset.add_batch_definition_whole_dataframe("all").get_batch(batch_parameters={"dataframe": frame})
    return batch.validate(
        suite, result_format={"result_format": "COMPLETE", "unexpected_index_column_names": index_cols}
    )


# --- the claims suite -----------------------------------------------------------------------------


def _slack_partitions(
    r_abs: float, t: float, rounding: bool, max_rounding: float
) -> Iterator[tuple[str, float | None, float | None, float]]:
    """(label, resolution from, resolution to, slack): the rounding rule of ``checks.base.assess``."""
    base = t * r_abs
    if not rounding or r_abs == 0:
        yield "any", None, None, base
        return
    kmin = math.floor(math.log10(max(2 * base, 1e-300))) - 1
    kmax = math.ceil(math.log10(max(2 * max_rounding * r_abs, 1e-300))) + 1
    yield "no resolution", None, None, base  # resolution IS NULL
    yield f"below 1e{kmin}", None, 10 ** (kmin + 0.5), base
    for k in range(kmin + 1, kmax):
        slack = max(base, min(10.0**k / 2, max_rounding * r_abs))
        yield f"1e{k}", 10 ** (k - 0.5), 10 ** (k + 0.5), slack
    yield f"from 1e{kmax}", 10 ** (kmax - 0.5), None, max(base, max_rounding * r_abs)


def _reference_expectations(rule: Rule, ruleset: RuleSet, gxe: Any, column: Any) -> Iterator[Any]:
    from factcheck.checks.reference import ReferenceOptions

    o: ReferenceOptions = rule.options
    s = o.preferred
    table = ruleset.references[s.dataset]
    currencies = sorted({r.base for r in ruleset.fx} | {r.quote for r in ruleset.fx})
    for row in table.series(s.id):
        if math.isnan(row.value):
            continue
        try:
            own = canonical(row.value, row.unit)[1]
        except Exception:
            own = row.unit
        for unit in dict.fromkeys([own, *(c for c in currencies if c != own)]):
            got = ref_value(row, table, unit, ruleset.fx, negate=s.negate)
            if isinstance(got, str):
                continue
            r = got.value
            ra = abs(r)
            base = (
                (column("rule_id") == rule.id)
                & (column("ref_series") == s.id)
                & (column("ref_period") == row.period)
                & (column("norm_unit") == unit)
                & column("ambiguity").is_null()
            )
            meta = {"rule": rule.id, "series": s.id, "period": row.period, "unit": unit, "reference": r}
            tol = o.tolerance
            for quals, t in ((["approx"], tol.approx), (["exact"], tol.exact)):
                for label, lo, hi, slack in _slack_partitions(ra, t, tol.rounding, tol.max_rounding):
                    cond = base & column("qualifier").is_in(quals)
                    if label == "no resolution":
                        cond = cond & column("resolution").is_null()
                    if lo is not None:
                        cond = cond & (column("resolution") >= lo)
                    if hi is not None:
                        cond = cond & (column("resolution") < hi)
                    s_ = slack * (1 + _EPS)
                    yield gxe.ExpectColumnValuesToBeBetween(
                        column="norm_value",
                        min_value=r - s_,
                        max_value=r + s_,
                        row_condition=cond,
                        meta={**meta, "qualifier": quals[0], "resolution": label, "slack": slack},
                    )
            te = tol.exact * ra
            lower_bounds = base & column("qualifier").is_in(["more_than", "at_least", "range"])
            upper_bounds = base & column("qualifier").is_in(["at_most", "less_than", "range"])
            for col_, cond, kw in (
                ("norm_low", lower_bounds & column("norm_low").is_not_null(), {"max_value": r + te}),
                ("norm_value", lower_bounds & column("norm_low").is_null(), {"max_value": r + te}),
                ("norm_high", upper_bounds & column("norm_high").is_not_null(), {"min_value": r - te}),
                ("norm_value", upper_bounds & column("norm_high").is_null(), {"min_value": r - te}),
            ):
                yield gxe.ExpectColumnValuesToBeBetween(
                    column=col_, row_condition=cond, meta={**meta, "bound": col_}, **kw
                )


def _range_expectations(rule: Rule, ruleset: RuleSet, gxe: Any, column: Any) -> Iterator[Any]:
    from factcheck.checks.range import RangeOptions

    o: RangeOptions = rule.options
    cond = column("rule_id") == rule.id
    if o.min is not None or o.max is not None:
        lo, hi, c = o.min, o.max, cond
        if o.unit is not None:
            nu = canonical(1.0, o.unit)[1]
            lo = None if o.min is None else canonical(o.min, o.unit)[0]
            hi = None if o.max is None else canonical(o.max, o.unit)[0]
            c = cond & (column("norm_unit") == nu)
        yield gxe.ExpectColumnValuesToBeBetween(
            column="norm_value",
            min_value=lo,
            max_value=hi,
            row_condition=c,
            meta={"rule": rule.id, "check": "range"},
        )
    if o.magnitude is not None:
        m = o.magnitude
        table = ruleset.references[m.dataset]
        for row in table.series(m.series):
            unit = canonical(row.value, row.unit)[1]
            got = ref_value(row, table, unit, ruleset.fx, negate=m.negate)
            if isinstance(got, str) or not got.value:
                continue
            a, b = sorted((got.value / m.max_factor, got.value * m.max_factor))
            yield gxe.ExpectColumnValuesToBeBetween(
                column="norm_value",
                min_value=a,
                max_value=b,
                row_condition=cond & (column("ref_period") == row.period) & (column("norm_unit") == unit),
                meta={"rule": rule.id, "check": "magnitude", "period": row.period},
            )


def _claims_suite(ruleset: RuleSet) -> tuple[Any, Any]:
    gx, gxe, column, context = _gx()
    suite = gx.ExpectationSuite(name=SUITE_NAME, meta={"factcheck": __version__, "rules_sha256": ruleset.sha256})
    for rule in ruleset.rules:
        gen = {"reference": _reference_expectations, "range": _range_expectations}.get(rule.kind)
        if gen is not None:
            for exp in gen(rule, ruleset, gxe, column):
                suite.add_expectation(exp)
    return suite, context


def build_suite(ruleset: RuleSet) -> dict[str, Any]:
    """The reference and range rules as a GX Expectation Suite over the verdicts table (JSON-able)."""
    suite, _ = _claims_suite(ruleset)
    data: dict[str, Any] = json.loads(json.dumps(suite.to_json_dict(), default=str))
    data["meta"]["unexpected_index_column_names"] = ["claim_id"]
    return data


AUDIT_COLUMNS = (
    "claim_id",
    "rule_id",
    "ref_series",
    "ref_period",
    "norm_unit",
    "ambiguity",
    "qualifier",
    "resolution",
    "norm_value",
    "norm_low",
    "norm_high",
)


def audit(verdicts: pd.DataFrame, ruleset: RuleSet) -> set[str]:
    """Run the claims suite through GX; the claim ids any expectation flags."""
    if not len(verdicts):
        return set()
    suite, context = _claims_suite(ruleset)
    if not suite.expectations:
        return set()
    frame = verdicts[list(AUDIT_COLUMNS)].copy()
    # counts and percents without a unit are compared in their kind's unit (as ``Claim.from_row`` does)
    frame["norm_unit"] = [
        u if isinstance(u, str) and u else UNIT_FOR_KIND.get(k)
        for u, k in zip(verdicts["norm_unit"], verdicts["kind"], strict=True)
    ]
    for col in ("resolution", "norm_value", "norm_low", "norm_high"):
        frame[col] = pd.to_numeric(frame[col], errors="coerce").astype("float64")
    frame = frame.astype({c: object for c in ("rule_id", "ref_series", "ref_period", "norm_unit", "ambiguity")})
    for col in ("rule_id", "ref_series", "ref_period", "norm_unit", "ambiguity", "qualifier"):
        frame[col] = [None if not isinstance(x, str) else x for x in frame[col]]
    result = _run(context, frame, suite, ["claim_id"])
    flagged: set[str] = set()
    for er in result.results:
        for item in er.result.get("unexpected_index_list") or []:
            flagged.add(str(item["claim_id"]))
    return flagged


def pandas_flags(verdicts: pd.DataFrame, ruleset: RuleSet) -> set[str]:
    """The claim ids the pandas path contradicts through a reference or range rule (GX's counterpart)."""
    kinds = {r.id: r.kind for r in ruleset.rules}
    mask = (verdicts["status"] == "contradicted") & verdicts["rule_id"].map(
        lambda x: kinds.get(x) in ("reference", "range")
    )
    return {str(x) for x in verdicts.loc[mask, "claim_id"]}
