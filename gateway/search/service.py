"""Running a search: matching page with stable keyset paging, includes, and the searchset Bundle.

Pages are keyset-paged on (sort keys..., id): a ``next`` link carries the last row's keys, so rows
inserted while a client pages cannot shift it onto a duplicate or past a match, and every page
re-applies ``_include``/``_revinclude`` because they are part of the link.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

import orjson
import sqlalchemy as sa

from gateway.errors import BadRequest, operation_outcome
from gateway.search.identity import identity_params, identity_shape, identity_statement
from gateway.search.query import QueryBuilder, UnsupportedParameter, param_rows
from gateway.search.request import IncludeSpec, SearchRequest, encode_cursor
from gateway.search.shaping import shape
from gateway.search.values import now_instant
from gateway.storage.base import StoredVersion
from gateway.storage.schema import idx_reference, resources


@dataclass
class _Page:
    rows: list[tuple[str, list[Any]]]  # (id, keys)
    has_next: bool
    has_prev: bool


class SearchService:
    def __init__(self, builder: QueryBuilder, fhir_base: str) -> None:
        self.builder = builder
        self.base = fhir_base.rstrip("/")

    # -- matching -----------------------------------------------------------------------------
    def _conditions(self, req: SearchRequest, r: Any, strict: bool = True) -> list[Any]:
        conds = [r.c.res_type == req.rtype, r.c.deleted.is_(False)]
        ordered = sorted(req.criteria, key=lambda c: self.builder.rank(req.rtype, c[0]))
        for i, (name, values) in enumerate(ordered):
            try:
                conds.append(self.builder.condition(req.rtype, r, name, values, driving=i == 0))
            except UnsupportedParameter as exc:
                if strict:
                    raise
                req.ignored.extend(exc.issues)
        return conds

    def match_ids(self, tx: Any, req: SearchRequest, limit: int = 2) -> list[str]:
        """Ids matching the criteria (for conditional create/update/delete); unknown params are errors."""
        if not req.criteria:
            raise BadRequest("Conditional operation without search criteria")
        shape = identity_shape(self.builder.registry, req.rtype, req.criteria)
        if shape is not None:
            stmt = identity_statement(shape, limit)
            return [row[0] for row in tx.execute(stmt, identity_params(req.rtype, req.criteria))]
        r = resources.alias("r")
        stmt = sa.select(r.c.res_id).where(*self._conditions(req, r)).order_by(r.c.res_id).limit(limit)
        return [row[0] for row in tx.execute(stmt)]

    def search(self, tx: Any, req: SearchRequest, *, strict: bool) -> dict[str, Any]:
        r = resources.alias("r")
        conds = self._conditions(req, r, strict=strict)
        total = None
        if req.total != "none" or req.summary == "count":
            total = tx.execute(sa.select(sa.func.count()).select_from(r).where(*conds)).scalar_one()
        entries: list[dict[str, Any]] = []
        links = [{"relation": "self", "url": self._url(req, req.cursor)}]
        if req.summary != "count" and req.count > 0:
            page = self._page(tx, req, r, conds)
            matched = tx.load([(req.rtype, rid) for rid, _ in page.rows])
            entries = [self._entry(v, "match", req) for v in matched]
            entries += [self._entry(v, "include", req) for v in self._includes(tx, req, matched)]
            if page.has_next and page.rows:
                links.append({"relation": "next", "url": self._url(req, {"d": "next", "k": page.rows[-1][1]})})
            if page.has_prev and page.rows:
                links.append({"relation": "previous", "url": self._url(req, {"d": "prev", "k": page.rows[0][1]})})
        if req.ignored:
            entries.append({"resource": operation_outcome(req.ignored), "search": {"mode": "outcome"}})
        bundle: dict[str, Any] = {
            "resourceType": "Bundle",
            "id": str(uuid.uuid4()),
            "meta": {"lastUpdated": now_instant()},
            "type": "searchset",
        }
        if total is not None:
            bundle["total"] = total
        bundle["link"] = links
        bundle["entry"] = entries
        return bundle

    # -- paging -------------------------------------------------------------------------------
    def _page(self, tx: Any, req: SearchRequest, r: Any, conds: list[Any]) -> _Page:
        keys = [(self.builder.sort_key(req.rtype, r, code, desc), desc) for code, desc in req.sort]
        flags = [sa.case((expr.is_(None), 1), else_=0) for expr, _ in keys]
        # ORDER BY refers to the selected labels, so each correlated sort lookup runs once per row
        labels = [expr.label(f"sort_{i}") for i, (expr, _) in enumerate(keys)]
        backwards = bool(req.cursor and req.cursor["d"] == "prev")
        order: list[Any] = []
        for (_, desc), label in zip(keys, labels, strict=True):
            direction = label.asc() if desc == backwards else label.desc()
            # nulls sort last; walking back reverses everything, nulls included
            order.append(direction.nulls_first() if backwards else direction.nulls_last())
        order.append(r.c.res_id.desc() if backwards else r.c.res_id.asc())
        where = list(conds)
        if req.cursor:
            where.append(self._keyset(keys, flags, r, req.cursor["k"], forward=not backwards))
        columns = [r.c.res_id, *labels]
        stmt = sa.select(*columns).where(*where).order_by(*order).limit(req.count + 1)
        rows = [(row[0], [*row[1:], row[0]]) for row in tx.execute(stmt)]
        more = len(rows) > req.count
        rows = rows[: req.count]
        if backwards:
            rows.reverse()
            return _Page(rows, has_next=True, has_prev=more)
        return _Page(rows, has_next=more, has_prev=req.cursor is not None)

    @staticmethod
    def _keyset(keys: list[tuple[Any, bool]], flags: list[Any], r: Any, values: list[Any], *, forward: bool) -> Any:
        """Rows strictly after (forward) or before the cursor in (nulls-last sort keys..., id) order."""
        if len(values) != len(keys) + 1:
            raise BadRequest("Cursor does not match the requested _sort", expression="_cursor")
        branches = []
        equal_so_far: list[Any] = []
        for (expr, desc), flag, value in zip(keys, flags, values[:-1], strict=False):
            if value is None:
                beyond = sa.false() if forward else flag == 0
                equal = flag == 1
            else:
                greater = expr < value if desc else expr > value
                lesser = expr > value if desc else expr < value
                beyond = sa.or_(flag == 1, greater) if forward else sa.and_(flag == 0, lesser)
                equal = expr == value
            branches.append(sa.and_(*equal_so_far, beyond))
            equal_so_far.append(equal)
        last = values[-1]
        branches.append(sa.and_(*equal_so_far, r.c.res_id > last if forward else r.c.res_id < last))
        return sa.or_(*branches)

    # -- includes -----------------------------------------------------------------------------
    def _includes(self, tx: Any, req: SearchRequest, matched: list[StoredVersion]) -> list[StoredVersion]:
        seen = {(v.res_type, v.res_id) for v in matched}
        found: list[StoredVersion] = []
        layer = matched
        for iteration in (False, True):
            specs_inc = [s for s in req.includes if s.iterate or not iteration]
            specs_rev = [s for s in req.revincludes if s.iterate or not iteration]
            if not layer or not (specs_inc or specs_rev):
                break
            keys: list[tuple[str, str]] = []
            for spec in specs_inc:
                keys += self._forward(tx, spec, layer)
            for spec in specs_rev:
                keys += self._reverse(tx, spec, layer)
            new_keys = list(dict.fromkeys(k for k in keys if k not in seen))
            seen.update(new_keys)
            layer = [v for v in tx.load(new_keys) if not v.deleted]
            found += layer
        return found

    def _forward(self, tx: Any, spec: IncludeSpec, layer: list[StoredVersion]) -> list[tuple[str, str]]:
        ids = [v.res_id for v in layer if v.res_type == spec.source]
        if not ids:
            return []
        t = idx_reference
        stmt = sa.select(t.c.target_type, t.c.target_id).where(
            t.c.res_type == spec.source, t.c.res_id.in_(ids), t.c.target_id.is_not(None), t.c.url.is_(None)
        )
        if spec.param != "*":
            stmt = stmt.where(self._include_param(t, spec))
        if spec.target:
            stmt = stmt.where(t.c.target_type == spec.target)
        return [(row[0], row[1]) for row in tx.execute(stmt)]

    def _reverse(self, tx: Any, spec: IncludeSpec, layer: list[StoredVersion]) -> list[tuple[str, str]]:
        keys: list[tuple[str, str]] = []
        by_type: dict[str, list[str]] = {}
        for v in layer:
            if spec.target is None or v.res_type == spec.target:
                by_type.setdefault(v.res_type, []).append(v.res_id)
        t = idx_reference
        for target_type, ids in by_type.items():
            stmt = sa.select(t.c.res_type, t.c.res_id).where(
                t.c.res_type == spec.source, t.c.target_type == target_type, t.c.target_id.in_(ids)
            )
            if spec.param != "*":
                stmt = stmt.where(self._include_param(t, spec))
            keys += [(row[0], row[1]) for row in tx.execute(stmt)]
        return keys

    def _include_param(self, t: Any, spec: IncludeSpec) -> Any:
        param = self.builder.registry.get(spec.source, spec.param)
        return param_rows(t, param) if param is not None else t.c.param == spec.param

    # -- bundle pieces ------------------------------------------------------------------------
    def _entry(self, v: StoredVersion, mode: str, req: SearchRequest) -> dict[str, Any]:
        content = v.content or "{}"
        resource: Any = orjson.Fragment(content)
        if req.summary in ("true", "text", "data") or req.elements:
            resource = shape(
                orjson.loads(content), summary=req.summary, elements=req.elements if mode == "match" else None
            )
        return {"fullUrl": f"{self.base}/{v.res_type}/{v.res_id}", "resource": resource, "search": {"mode": mode}}

    def _url(self, req: SearchRequest, cursor: dict[str, Any] | None) -> str:
        pairs = list(req.pairs)
        if cursor:
            pairs.append(("_cursor", encode_cursor(cursor)))
        query = urlencode(pairs)
        return f"{self.base}/{req.rtype}" + (f"?{query}" if query else "")
