"""Search criteria -> SQLAlchemy conditions on the ``resources`` table.

Every criterion becomes ``res_id IN (subquery over an index table)``, so criteria AND together
simply and each uses the (res_type, param, value) indexes. Chains and ``_has`` nest the same
construction for the other resource type.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.sql.visitors import InternalTraversal

from gateway.errors import BadRequest
from gateway.search.params import Registry, SearchParam
from gateway.search.prefixes import range_condition, split_prefix
from gateway.search.references import parse_reference
from gateway.search.values import date_range, decimal_range, micros_to_instant, normalize, now_micros
from gateway.storage.schema import INDEX_TABLES, idx_reference, resources

MODIFIERS = {
    "string": {"exact", "contains", "missing"},
    "token": {"not", "text", "missing"},
    "reference": {"missing"},
    "date": {"missing"},
    "number": {"missing"},
    "quantity": {"missing"},
    "uri": {"below", "above", "missing"},
}


class UnsupportedParameter(BadRequest):
    """A parameter or modifier the server does not support (ignored when handling is lenient)."""


@dataclass(frozen=True)
class ParsedName:
    code: str
    modifier: str | None
    chain: str | None


def parse_name(name: str) -> ParsedName:
    head, dot, chain = name.partition(".")
    code, colon, modifier = head.partition(":")
    return ParsedName(code, modifier if colon else None, chain if dot else None)


UNSELECTIVE_TOKENS = {"status", "intent", "class", "category", "gender", "active", "priority", "_tag", "deceased"}


def _prefix(column: Any, prefix: str) -> Any:
    """``column`` starts with ``prefix``, as a range both databases answer from a b-tree index
    (the columns use binary collation: see migration 0002)."""
    if not prefix:
        return column.is_not(None)
    upper = prefix[:-1] + chr(ord(prefix[-1]) + 1)
    return sa.and_(column >= prefix, column < upper)


class _ProbeParam(ColumnElement[str]):
    """``param`` in a correlated probe, which must use the (type, id, param) index.

    Without statistics SQLite's planner prefers the (type, param, value) index and scans every
    value of the parameter for each row, so on SQLite the column is rendered as ``param || ''``,
    which no index can serve, leaving the per-resource index as the only good plan. PostgreSQL
    plans from real statistics and gets the plain column.
    """

    inherit_cache = True
    type = sa.String()
    _traverse_internals = [("column", InternalTraversal.dp_clauseelement)]  # part of the cache key

    def __init__(self, column: Any) -> None:
        self.column = column


@compiles(_ProbeParam)
def _probe_default(element: _ProbeParam, compiler: Any, **kw: Any) -> str:
    return compiler.process(element.column, **kw)


@compiles(_ProbeParam, "sqlite")
def _probe_sqlite(element: _ProbeParam, compiler: Any, **kw: Any) -> str:
    return f"({compiler.process(element.column, **kw)} || '')"


def _approx_margin(micros: int) -> int:
    """``ap`` on dates: 10% of the distance to now (the spec's suggestion), and at least a day."""
    return int(abs(now_micros() - micros) * 0.1) + 86_400_000_000


def _not_indexed(column: Any) -> Any:
    return _ProbeParam(column)


def param_rows(t: Any, param: SearchParam, *, probe: bool = False) -> Any:
    """The rows of index table ``t`` that hold ``param``'s values: its own, or those of the
    parameters that hold them (narrowed to one target type if it is). ``probe``: see ``_ProbeParam``."""
    column = _not_indexed(t.c.param) if probe else t.c.param
    codes = param.row_codes
    rows = column == codes[0] if len(codes) == 1 else column.in_(codes)
    return rows if param.only_type is None else sa.and_(rows, t.c.target_type == param.only_type)


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


class QueryBuilder:
    def __init__(self, registry: Registry, local_base: str) -> None:
        self.registry = registry
        self.local_base = local_base.rstrip("/")

    # -- entry point --------------------------------------------------------------------------
    def condition(self, rtype: str, r: Any, name: str, values: list[str], *, driving: bool = True) -> Any:
        """A condition on the resources alias ``r`` (of type ``rtype``) for one ``name=v1,v2``.

        The driving criterion becomes ``res_id IN (index lookup)``, which the database evaluates
        once and walks; the others become correlated ``EXISTS`` probes on the (type, id, param)
        index, evaluated only for the driving criterion's candidates. That keeps a selective
        criterion fast even beside an unselective one (``patient=X&date=ge2020``).
        """
        if name.startswith("_has:"):
            return self._has(rtype, r, name, values)
        parsed = parse_name(name)
        if parsed.code == "_id":
            return r.c.res_id.in_(values) if parsed.modifier != "not" else r.c.res_id.not_in(values)
        if parsed.code == "_lastUpdated":
            return sa.or_(*[self._last_updated(r, v) for v in values])
        param = self.registry.get(rtype, parsed.code)
        if param is None or not param.indexed:
            raise UnsupportedParameter(f"Unknown or unsupported search parameter '{parsed.code}' for {rtype}")
        if parsed.chain is not None:
            return self._chain(rtype, r, param, parsed, values)
        if parsed.modifier == "missing":
            present = self._matching(rtype, r, param, None, driving=False)
            return sa.not_(present) if [v.lower() for v in values] == ["true"] else present
        target_type = None
        modifier = parsed.modifier
        if modifier and param.type == "reference" and modifier[0].isupper():
            target_type, modifier = modifier, None
        if modifier and modifier not in MODIFIERS.get(param.type, set()):
            raise UnsupportedParameter(f"Modifier ':{modifier}' is not supported on {param.type} parameters")
        if modifier == "not":
            return sa.not_(self._matching(rtype, r, param, values, driving=False))
        return self._matching(rtype, r, param, values, modifier=modifier, target_type=target_type, driving=driving)

    def rank(self, rtype: str, name: str) -> int:
        """How selective a criterion usually is (lower first): which one should drive the query."""
        parsed = parse_name(name)
        if parsed.code == "_id":
            return 0
        if name.startswith("_has:") or parsed.modifier in ("not", "missing"):
            return 9
        param = self.registry.get(rtype, parsed.code)
        if param is None:
            return 8
        if parsed.chain is not None:
            return 4
        if param.type == "reference":
            return 1
        if param.type == "token":
            return 6 if parsed.code in UNSELECTIVE_TOKENS else 2
        if param.type == "string":
            return 2 if parsed.modifier == "exact" else 3
        return 5

    # -- pieces -------------------------------------------------------------------------------
    def _matching(
        self,
        rtype: str,
        r: Any,
        param: SearchParam,
        values: list[str] | None,
        *,
        modifier: str | None = None,
        target_type: str | None = None,
        driving: bool,
    ) -> Any:
        t = INDEX_TABLES[param.type].alias()
        where = [t.c.res_type == rtype, param_rows(t, param)]
        if values is not None:
            where.append(sa.or_(*[self._value_condition(t, param, modifier, v, target_type) for v in values]))
        if driving:
            return r.c.res_id.in_(sa.select(t.c.res_id).where(*where))
        where[1] = param_rows(t, param, probe=True)
        return sa.exists(sa.select(sa.literal(1)).where(t.c.res_id == r.c.res_id, *where))

    def _value_condition(
        self, t: Any, param: SearchParam, modifier: str | None, value: str, target_type: str | None
    ) -> Any:
        kind = param.type
        if kind == "string":
            if modifier == "exact":
                return t.c.exact == value
            norm = normalize(value)
            if modifier == "contains":
                return t.c.value.like(f"%{_escape_like(norm)}%", escape="\\")
            return _prefix(t.c.value, norm)
        if kind == "token":
            return self._token(t, modifier, value)
        if kind == "reference":
            return self._reference(t, param, value, target_type)
        if kind == "date":
            return self._date(t.c.low, t.c.high, value)
        if kind in ("number", "quantity"):
            return self._number(t, kind, value)
        if kind == "uri":
            if modifier == "below":
                return _prefix(t.c.uri, value)
            if modifier == "above":
                return sa.literal(value).like(t.c.uri + "%")
            return t.c.uri == value
        raise UnsupportedParameter(f"Search parameter type '{kind}' is not supported")

    @staticmethod
    def _token(t: Any, modifier: str | None, value: str) -> Any:
        if modifier == "text":
            return _prefix(t.c.text, normalize(value))
        if "|" not in value:
            return t.c.code == value
        system, _, code = value.partition("|")
        if not system:
            return sa.and_(t.c.system.is_(None), t.c.code == code)
        if not code:
            return t.c.system == system
        return sa.and_(t.c.system == system, t.c.code == code)

    def _reference(self, t: Any, param: SearchParam, value: str, target_type: str | None) -> Any:
        parsed = parse_reference(value, self.local_base)
        if parsed is not None:
            rtype, rid, url = parsed
            if url is not None:
                return t.c.url == url
            if target_type and rtype != target_type:
                return sa.false()
            return sa.and_(t.c.target_type == rtype, t.c.target_id == rid)
        if "/" in value or ":" in value:
            return t.c.url == value
        cond = t.c.target_id == value
        if target_type:
            cond = sa.and_(cond, t.c.target_type == target_type)
        return cond

    @staticmethod
    def _date(low: Any, high: Any, value: str) -> Any:
        prefix, literal = split_prefix(value)
        rng = date_range(literal)
        if rng is None:
            raise BadRequest(f"Invalid date search value '{value}'", expression="date")
        lo, hi = rng
        return range_condition(prefix, low, high, lo, hi, approx=_approx_margin(lo))

    @staticmethod
    def _number(t: Any, kind: str, value: str) -> Any:
        number, system, unit = value, None, None
        if kind == "quantity":
            number, _, rest = value.partition("|")
            system, _, unit = rest.partition("|")
        prefix, literal = split_prefix(number)
        rng = decimal_range(literal)
        if rng is None:
            raise BadRequest(f"Invalid number in search value '{value}'")
        exact = float(literal)
        if prefix in ("eq", "ne"):
            cond = range_condition(prefix, t.c.low, t.c.high, rng[0], rng[1])
        elif prefix == "ap":
            cond = range_condition("ap", t.c.low, t.c.high, exact, exact, approx=abs(exact) * 0.1)
        else:
            cond = range_condition(prefix, t.c.low, t.c.high, exact, exact)
        if system:
            cond = sa.and_(cond, t.c.system == system)
        if unit:
            cond = sa.and_(cond, t.c.code == unit)
        return cond

    def _last_updated(self, r: Any, value: str) -> Any:
        prefix, literal = split_prefix(value)
        rng = date_range(literal)
        if rng is None:
            raise BadRequest(f"Invalid _lastUpdated value '{value}'", expression="_lastUpdated")
        lo, hi = rng
        if prefix == "ap":  # widen in time, then compare as instants (the column holds ISO text)
            margin = _approx_margin(lo)
            lo, hi, prefix = lo - margin, hi + margin, "eq"
        return range_condition(prefix, r.c.last_updated, r.c.last_updated, micros_to_instant(lo), micros_to_instant(hi))

    def _chain(self, rtype: str, r: Any, param: SearchParam, parsed: ParsedName, values: list[str]) -> Any:
        if param.type != "reference":
            raise BadRequest(f"Cannot chain through non-reference parameter '{param.code}'")
        assert parsed.chain is not None
        next_code = parse_name(parsed.chain).code
        targets = [parsed.modifier] if parsed.modifier else list(param.targets)
        targets = [tt for tt in targets if self.registry.get(tt, next_code) or next_code in ("_id", "_lastUpdated")]
        if not targets:
            raise UnsupportedParameter(f"No target of '{param.code}' supports chained parameter '{next_code}'")
        ref = idx_reference.alias()
        branches = []
        for target in targets:
            inner = resources.alias()
            sub = sa.select(inner.c.res_id).where(
                inner.c.res_type == target,
                inner.c.deleted.is_(False),
                self.condition(target, inner, parsed.chain, values),
            )
            branches.append(sa.and_(ref.c.target_type == target, ref.c.target_id.in_(sub)))
        own = [ref.c.res_type == rtype, param_rows(ref, param)]
        chained = sa.select(ref.c.res_id).where(*own, sa.or_(*branches))
        return r.c.res_id.in_(chained)

    def _has(self, rtype: str, r: Any, name: str, values: list[str]) -> Any:
        parts = name.split(":", 3)
        if len(parts) < 4:
            raise BadRequest(f"Malformed _has parameter '{name}'; expected _has:Type:reference:parameter")
        _, source_type, ref_code, rest = parts
        ref_param = self.registry.get(source_type, ref_code)
        if ref_param is None or ref_param.type != "reference":
            raise UnsupportedParameter(f"'{ref_code}' is not a reference parameter of {source_type}")
        inner = resources.alias()
        sub = sa.select(inner.c.res_id).where(
            inner.c.res_type == source_type,
            inner.c.deleted.is_(False),
            self.condition(source_type, inner, rest, values),
        )
        ref = idx_reference.alias()
        targets = sa.select(ref.c.target_id).where(
            ref.c.res_type == source_type,
            param_rows(ref, ref_param),
            ref.c.target_type == rtype,
            ref.c.res_id.in_(sub),
        )
        return r.c.res_id.in_(targets)

    # -- sorting ------------------------------------------------------------------------------
    def sort_key(self, rtype: str, r: Any, code: str, descending: bool) -> Any:
        if code == "_id":
            return r.c.res_id
        if code == "_lastUpdated":
            return r.c.last_updated
        param = self.registry.get(rtype, code)
        if param is None or not param.indexed or param.type == "reference":
            raise UnsupportedParameter(f"Cannot sort {rtype} by '{code}'")
        t = INDEX_TABLES[param.type].alias()
        column = {"string": "value", "token": "code", "uri": "uri"}.get(param.type, "high" if descending else "low")
        agg = sa.func.max if descending else sa.func.min
        lookup = sa.select(agg(t.c[column])).where(
            t.c.res_type == rtype, t.c.res_id == r.c.res_id, param_rows(t, param, probe=True)
        )
        return lookup.scalar_subquery()
