"""Comparison prefixes (eq, ne, gt, lt, ge, le, sa, eb, ap) as range conditions.

Both the search value and each indexed value are ranges: ``1950`` is a whole year, ``5.4`` is
[5.35, 5.45). The semantics follow the R4 search page: ``eq`` means the target range lies
within the search range, ``gt`` that the target extends above it, and so on.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

PREFIXES = ("eq", "ne", "gt", "lt", "ge", "le", "sa", "eb", "ap")


def split_prefix(value: str) -> tuple[str, str]:
    if len(value) > 2 and value[:2] in PREFIXES and (value[2].isdigit() or value[2] in "-+."):
        return value[:2], value[2:]
    return "eq", value


def range_condition(prefix: str, low: Any, high: Any, lo: Any, hi: Any, approx: float | None = None) -> Any:
    """Condition on index columns (low, high) for a search range [lo, hi] with ``prefix``."""
    within = sa.and_(low >= lo, high <= hi)
    if prefix == "eq":
        return within
    if prefix == "ne":
        return sa.not_(within)
    if prefix == "gt":
        return high > hi
    if prefix == "lt":
        return low < lo
    if prefix == "ge":
        return sa.or_(high > hi, within)
    if prefix == "le":
        return sa.or_(low < lo, within)
    if prefix == "sa":
        return low > hi
    if prefix == "eb":
        return high < lo
    if prefix == "ap":
        margin = approx or 0
        return sa.and_(low <= hi + margin, high >= lo - margin)
    raise ValueError(prefix)
