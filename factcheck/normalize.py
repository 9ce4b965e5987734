"""The one pint registry, and normalization of the claims frame.

Scale words ("Milliarden", "bn") are already applied by the extractor; this stage checks that every
unit parses in the registry, and adds the claim's dimension and a canonical value/interval that
checks compare against reference data.

>>> Q_(7e10, "USD").to("USD").magnitude
70000000000.0
"""

from __future__ import annotations

import functools
import math
import sys
from collections.abc import Sequence
from importlib import resources
from typing import Any

import numpy as np
import pandas as pd

# pint imports dask (~50 ms, ~10 MB in every process) whenever dask is installed, to support dask
# arrays of quantities, which factcheck never makes.  A ``None`` entry in ``sys.modules`` makes
# ``find_spec("dask")`` answer "not installed" while pint loads; ``--engine dask`` imports dask itself
# afterwards, unaffected.  If pint ever looks for dask differently, this only costs the time again.
_HIDE_DASK = "dask" not in sys.modules
if _HIDE_DASK:
    sys.modules["dask"] = None  # type: ignore[assignment]
try:
    import pint
finally:
    if _HIDE_DASK and sys.modules.get("dask", ...) is None:
        del sys.modules["dask"]

DEFINITIONS = "data/units.txt"
_CURRENCY_MARK = "# --- currencies (generated) ---"


@functools.cache
def registry() -> pint.UnitRegistry[Any]:
    """The project's only ``UnitRegistry``: pint's defaults plus ``factcheck/data/units.txt``.

    Parsed definitions are cached by pint in the user cache folder (``cache_folder=":auto:"``), which
    cuts building the registry from ~0.2 s to ~0.04 s on every later start; where that folder
    cannot be written, the registry is built without a cache.
    """
    with resources.as_file(resources.files("factcheck").joinpath(DEFINITIONS)) as path:
        try:
            ureg: pint.UnitRegistry[Any] = pint.UnitRegistry(on_redefinition="ignore", cache_folder=":auto:")
            ureg.load_definitions(str(path))
        except OSError:
            ureg = pint.UnitRegistry(on_redefinition="ignore", cache_folder=None)
            ureg.load_definitions(str(path))
    return ureg


def Q_(value: float, unit: str) -> Any:
    """Build a quantity in the project registry (the one way to build a quantity)."""
    return registry().Quantity(value, unit)


@functools.lru_cache(maxsize=4096)
def parse_unit(unit: str) -> Any:
    """Parse a unit string; raises ``pint.UndefinedUnitError``/``ValueError`` when it does not parse."""
    return registry().parse_units(unit)


def is_currency(unit: str | None) -> bool:
    return bool(unit) and len(unit or "") == 3 and (unit or "").isupper() and unit_parses(unit)


def unit_parses(unit: str | None) -> bool:
    if not unit:
        return True
    try:
        parse_unit(unit)
    except Exception:
        return False
    return True


@functools.lru_cache(maxsize=4096)
def dimension_of(unit: str | None, kind: str) -> str:
    """A readable dimension key: ``[currency_USD]``, ``[length]``, ``[percent]``, ``[count]`` ...

    Percent, percentage points, counts and multipliers are told apart by ``kind`` because pint
    treats percent and counts as dimensionless.
    """
    if kind == "date":
        return "[date]"
    if kind in ("percent", "percentage_points", "multiplier", "count"):
        return {
            "percent": "[percent]",
            "percentage_points": "[percentage_point]",
            "count": "[count]",
            "multiplier": "[factor]",
        }[kind]
    if not unit:
        return "[number]"
    try:
        dims = parse_unit(unit).dimensionality
    except Exception:
        return "[unknown]"
    return str(dims) if dims else "[number]"


@functools.lru_cache(maxsize=4096)
def _canonical(unit: str) -> tuple[str, float]:
    """Canonical unit for comparisons (SI base units; currencies and percent stay as they are)."""
    if is_currency(unit) or unit in ("percent", "percentage_point", "count"):
        return unit, 1.0
    q = Q_(1.0, unit).to_base_units()
    return f"{q.units:~}" or "dimensionless", float(q.magnitude)


def to_unit(value: float, unit: str, target: str) -> float:
    """Convert ``value`` from ``unit`` to ``target`` in the project registry (raises on mismatch)."""
    if unit == target:
        return value
    return float(Q_(value, unit).to(target).magnitude)


Figures = Sequence[object] | np.ndarray[Any, Any]


def normalize_columns(
    units: Sequence[object],
    kinds: Sequence[str],
    values: Figures,
    lows: Figures,
    highs: Figures,
) -> dict[str, Any]:
    """``NORMALIZED_COLUMNS`` for plain column lists: ``dimension`` and ``norm_unit`` as lists, the
    ``norm_*`` figures as float64 arrays (``None`` reads as NaN).  The frame-free core of ``normalize``."""
    dims: list[str] = []
    nunits: list[str | None] = []
    factors: list[float] = []
    for unit, kind in zip(units, kinds, strict=True):
        u = unit if isinstance(unit, str) and unit else None
        dims.append(dimension_of(u, kind))
        if u is None or kind == "date":
            nunits.append(u)
            factors.append(1.0)
            continue
        try:
            cu, f = _canonical(u)
        except Exception:  # offset units (degC) or unknown ones stay as written
            cu, f = u, 1.0
        nunits.append(cu)
        factors.append(f)
    fac = np.asarray(factors, dtype="float64")
    return {
        "dimension": dims,
        "norm_value": np.asarray(values, dtype="float64") * fac,
        "norm_unit": nunits,
        "norm_low": np.asarray(lows, dtype="float64") * fac,
        "norm_high": np.asarray(highs, dtype="float64") * fac,
    }


def normalize(claims: pd.DataFrame) -> pd.DataFrame:
    """Add ``dimension``, ``norm_value``, ``norm_unit``, ``norm_low``, ``norm_high`` to the claims frame.

    Temperatures (offset units) are left in their own unit; unknown units are kept and flagged with
    dimension ``[unknown]`` so the checker can say so in the verdict.
    """
    cols = normalize_columns(
        claims["unit"].tolist(),
        claims["kind"].tolist(),
        claims["value"].to_numpy(dtype="float64"),
        claims["low"].to_numpy(dtype="float64"),
        claims["high"].to_numpy(dtype="float64"),
    )
    extra = pd.DataFrame(
        {
            "dimension": pd.Series(cols["dimension"], dtype=object, index=claims.index),
            "norm_value": cols["norm_value"],
            "norm_unit": pd.Series(cols["norm_unit"], dtype=object, index=claims.index),
            "norm_low": cols["norm_low"],
            "norm_high": cols["norm_high"],
        },
        index=claims.index,
    )
    return pd.concat([claims, extra], axis=1)


def half_step(resolution: float | None) -> float:
    """Half the place value of the last written digit: the rounding the text implies."""
    if resolution is None or (isinstance(resolution, float) and math.isnan(resolution)):
        return 0.0
    return abs(resolution) / 2.0
