"""Conditional identities (``identifier=system|value``) as statements built once and reused.

Conditional creates, updates and references in EHR Bundles nearly always name a resource by one or
two token parameters with a single value (an MRN, an NPI, a member id). Building that query through
the general ``QueryBuilder`` costs more than running it (SQLAlchemy constructs and caches a new
statement tree for every value, about 1 ms), and a synthetic referral Bundle has several of them.
Here the statement depends only on the *shape* of the criteria (which parameters, code alone or
system and code), so it is built once per shape with bind parameters; anything else (modifiers,
several values, other parameter types, ``|code`` or ``system|``) takes the general path.
"""

from __future__ import annotations

from functools import cache
from typing import Any

import sqlalchemy as sa

from gateway.search.params import Registry
from gateway.search.query import parse_name
from gateway.storage.schema import idx_token, resources

# (the code of the index rows searched, True when the value carries a system)
Shape = tuple[tuple[str, bool], ...]


def identity_shape(registry: Registry, rtype: str, criteria: list[tuple[str, list[str]]]) -> Shape | None:
    """The shape of token-only, single-valued criteria; None when the general query is needed."""
    shape = []
    for name, values in criteria:
        parsed = parse_name(name)
        if parsed.modifier is not None or parsed.chain is not None or len(values) != 1:
            return None
        param = registry.get(rtype, parsed.code)
        if param is None or not param.indexed or param.type != "token" or len(param.row_codes) != 1:
            return None
        system, bar, code = values[0].partition("|")
        if bar and (not system or not code or "|" in code):
            return None
        shape.append((param.row_codes[0], bool(bar)))
    return tuple(shape) if shape else None


def identity_params(rtype: str, criteria: list[tuple[str, list[str]]]) -> dict[str, Any]:
    params: dict[str, Any] = {"rtype": rtype}
    for i, (_, values) in enumerate(criteria):
        system, bar, code = values[0].partition("|")
        params[f"code_{i}"] = code if bar else system
        if bar:
            params[f"system_{i}"] = system
    return params


@cache
def identity_statement(shape: Shape, limit: int) -> Any:
    """``SELECT res_id`` of live resources with every token of ``shape``, as the general builder
    would match them (a value without ``|`` matches the code in any system)."""
    r = resources.alias("r")
    conditions = [r.c.res_type == sa.bindparam("rtype"), r.c.deleted.is_(False)]
    for i, (code, with_system) in enumerate(shape):
        t = idx_token.alias(f"t{i}")
        where = [t.c.res_type == sa.bindparam("rtype"), t.c.param == code, t.c.code == sa.bindparam(f"code_{i}")]
        if with_system:
            where.append(t.c.system == sa.bindparam(f"system_{i}"))
        conditions.append(r.c.res_id.in_(sa.select(t.c.res_id).where(*where)))
    return sa.select(r.c.res_id).where(*conditions).order_by(r.c.res_id).limit(limit)
