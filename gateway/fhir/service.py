"""FHIR interactions (create, read, vread, update, delete, history, search) over a Store.

This is where the REST rules live: versioning, optimistic locking with If-Match, conditional
create/update/delete, and what a deleted resource answers. Each interaction is one transaction.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any
from urllib.parse import parse_qsl

import orjson

from gateway.errors import BadRequest, Conflict, Gone, InvalidResource, NotFound, PreconditionFailed
from gateway.fhir.history import history_bundle
from gateway.fhir.ids import new_id
from gateway.fhir.incoming import Validator, check_id, check_type, validate_resource
from gateway.fhir.jsontext import dumps, parse_exact, stamp
from gateway.fhir.patch import apply_patch
from gateway.search.extract import Indexer
from gateway.search.request import SearchRequest, parse_search
from gateway.search.service import SearchService
from gateway.search.values import now_instant
from gateway.settings import Settings
from gateway.storage.base import Store, StoredVersion, Tx, VersionConflict


@dataclass(frozen=True)
class WriteResult:
    version: StoredVersion
    status: int  # 200 or 201
    message: str


@dataclass(frozen=True)
class Incoming:
    """A resource as received: the dict to validate and index, and the exact form to store.

    ``exact_doc`` is given when the caller already holds the literal-preserving form (e.g. an
    entry of a transaction Bundle); otherwise it is parsed from ``body`` on demand.
    """

    body: bytes | None
    data: Any
    exact_doc: Any = None

    def exact(self) -> Any:
        if self.exact_doc is not None:
            return self.exact_doc
        return parse_exact(self.body or b"", self.data)


class FhirService:
    def __init__(
        self,
        *,
        store: Store,
        settings: Settings,
        indexer: Indexer,
        search: SearchService,
        validators: list[Validator] | None = None,
    ) -> None:
        self.store = store
        self.settings = settings
        self.indexer = indexer
        self.searcher = search
        self.validators: list[Validator] = validators or []

    # -- helpers ------------------------------------------------------------------------------
    def parse_criteria(self, rtype: str, query: str, *, strict: bool = True) -> SearchRequest:
        return self.parse_pairs(rtype, parse_qsl(query, keep_blank_values=True), strict=strict)

    def parse_pairs(self, rtype: str, pairs: list[tuple[str, str]], *, strict: bool) -> SearchRequest:
        return parse_search(
            rtype,
            pairs,
            registry=self.searcher.builder.registry,
            default_count=self.settings.default_page_size,
            max_count=self.settings.max_page_size,
            strict=strict,
        )

    def prepare(self, rtype: str, incoming: Incoming) -> dict[str, Any]:
        """Validate (base spec, model, profiles); raises InvalidResource listing every issue."""
        return validate_resource(incoming.data, expected_type=rtype, validators=self.validators)

    def _store_version(
        self,
        tx: Tx,
        rtype: str,
        res_id: str,
        incoming: Incoming,
        data: dict[str, Any],
        current: StoredVersion | None,
        method: str = "PUT",
    ) -> StoredVersion:
        version = (current.version + 1) if current else 1
        last_updated = now_instant()
        doc = stamp(incoming.exact(), res_id=res_id, version=version, last_updated=last_updated)
        indexed = dict(data)
        indexed["id"] = res_id
        indexed["meta"] = doc["meta"]
        record = StoredVersion(
            res_type=rtype,
            res_id=res_id,
            version=version,
            last_updated=last_updated,
            deleted=False,
            content=dumps(doc).decode(),
            method=method if current else "POST",
        )
        try:
            seq = tx.write(record, self.indexer.extract(indexed), expected_version=current.version if current else None)
        except VersionConflict as exc:
            raise Conflict(str(exc)) from exc
        return replace(record, seq=seq)

    # -- interactions -------------------------------------------------------------------------
    def create(self, rtype: str, incoming: Incoming, *, if_none_exist: str | None = None) -> WriteResult:
        check_type(rtype)
        data = self.prepare(rtype, incoming)
        with self.store.transaction() as tx:
            return self.create_in(tx, rtype, incoming, data, if_none_exist=if_none_exist)

    def create_in(
        self,
        tx: Tx,
        rtype: str,
        incoming: Incoming,
        data: dict[str, Any],
        *,
        if_none_exist: str | None = None,
        res_id: str | None = None,
    ) -> WriteResult:
        """Create inside the caller's transaction; ``data`` has been validated already."""
        if if_none_exist:
            existing = self.conditional_match(tx, rtype, if_none_exist)
            if existing is not None:
                return WriteResult(existing, 200, "Resource already exists; nothing created (If-None-Exist)")
        res_id = res_id or new_id()
        v = self._store_version(tx, rtype, res_id, incoming, data, None)
        return WriteResult(v, 201, f"Created {rtype}/{res_id}")

    def conditional_match(self, tx: Tx, rtype: str, criteria: str) -> StoredVersion | None:
        # The spec's If-None-Exist is the query alone, but clients (and HL7's own example Bundles)
        # also send "?identifier=…" and "Patient?identifier=…".
        req = self.parse_criteria(rtype, criteria.removeprefix(f"{rtype}?").lstrip("?"))
        tx.lock_key(f"{rtype}?{sorted(req.criteria)}")
        ids = self.searcher.match_ids(tx, req)
        if len(ids) > 1:
            raise PreconditionFailed(f"Criteria '{criteria}' match {len(ids)} or more {rtype} resources")
        return tx.current(rtype, ids[0]) if ids else None

    def read(self, rtype: str, res_id: str) -> StoredVersion:
        check_type(rtype)
        with self.store.read() as tx:
            v = tx.current(rtype, res_id)
        if v is None:
            raise NotFound(f"{rtype}/{res_id} is not known", expression="id")
        if v.deleted:
            raise Gone(f"{rtype}/{res_id} was deleted", headers={"ETag": f'W/"{v.version}"'})
        return v

    def vread(self, rtype: str, res_id: str, version: str) -> StoredVersion:
        check_type(rtype)
        if not version.isdigit():
            raise NotFound(f"Version '{version}' of {rtype}/{res_id} is not known")
        with self.store.read() as tx:
            v = tx.version(rtype, res_id, int(version))
        if v is None:
            raise NotFound(f"Version {version} of {rtype}/{res_id} is not known")
        if v.content is None:
            raise Gone(f"Version {version} of {rtype}/{res_id} is a deletion")
        return v

    def update(self, rtype: str, res_id: str, incoming: Incoming, *, if_match: int | None = None) -> WriteResult:
        check_type(rtype)
        check_id(res_id)
        data = self.prepare(rtype, incoming)
        body_id = data.get("id")
        if body_id is None:
            raise BadRequest("The resource must carry its id for an update", expression=f"{rtype}.id")
        if body_id != res_id:
            raise BadRequest(f"Resource id '{body_id}' does not match the URL id '{res_id}'", expression=f"{rtype}.id")
        with self.store.transaction() as tx:
            return self.update_in(tx, rtype, res_id, incoming, data, if_match)

    def update_in(
        self,
        tx: Tx,
        rtype: str,
        res_id: str,
        incoming: Incoming,
        data: dict[str, Any],
        if_match: int | None,
        *,
        method: str = "PUT",
    ) -> WriteResult:
        current = tx.current(rtype, res_id, for_update=True)
        _check_if_match(if_match, current)
        v = self._store_version(tx, rtype, res_id, incoming, data, current, method)
        if current is None:
            return WriteResult(v, 201, f"Created {rtype}/{res_id}")
        return WriteResult(v, 200, f"Updated {rtype}/{res_id} to version {v.version}")

    def conditional_update(self, rtype: str, criteria: str, incoming: Incoming, *, if_match: int | None) -> WriteResult:
        check_type(rtype)
        data = self.prepare(rtype, incoming)
        with self.store.transaction() as tx:
            match = self.conditional_match(tx, rtype, criteria)
            body_id = data.get("id")
            if match is not None:
                if body_id is not None and body_id != match.res_id:
                    raise BadRequest(
                        f"Resource id '{body_id}' differs from the matched {rtype}/{match.res_id}",
                        expression=f"{rtype}.id",
                    )
                return self.update_in(tx, rtype, match.res_id, incoming, data, if_match)
            res_id = body_id or new_id()
            if body_id is not None and tx.current(rtype, body_id) is not None:
                raise Conflict(f"{rtype}/{body_id} exists but does not match the criteria")
            return self.update_in(tx, rtype, res_id, incoming, data, if_match)

    def patch(self, rtype: str, res_id: str, ops: list[dict[str, Any]], *, if_match: int | None) -> WriteResult:
        check_type(rtype)
        check_id(res_id)
        with self.store.transaction() as tx:
            return self.patch_in(tx, rtype, res_id, ops, if_match)

    def conditional_patch(
        self, rtype: str, criteria: str, ops: list[dict[str, Any]], *, if_match: int | None
    ) -> WriteResult:
        check_type(rtype)
        with self.store.transaction() as tx:
            match = self.conditional_match(tx, rtype, criteria)
            if match is None:
                raise NotFound(f"No {rtype} matches '{criteria}' to patch")
            return self.patch_in(tx, rtype, match.res_id, ops, if_match)

    def patch_in(self, tx: Tx, rtype: str, res_id: str, ops: list[dict[str, Any]], if_match: int | None) -> WriteResult:
        """The current version, patched, validated and stored as the next version. The patch is applied
        to the row read for update, so a concurrent update cannot slip in between."""
        current = tx.current(rtype, res_id, for_update=True)
        if current is None:
            raise NotFound(f"{rtype}/{res_id} is not known", expression="id")
        if current.deleted or current.content is None:
            raise Gone(f"{rtype}/{res_id} was deleted", headers={"ETag": f'W/"{current.version}"'})
        _check_if_match(if_match, current)
        body = apply_patch(current.content, ops)
        incoming = Incoming(body, orjson.loads(body))
        patched = incoming.data if isinstance(incoming.data, dict) else {}
        if patched.get("resourceType") != rtype or patched.get("id") != res_id:
            raise InvalidResource(f"A patch cannot change the resource's type or id ({rtype}/{res_id})")
        data = self.prepare(rtype, incoming)
        # history shows the interaction that made the version (R4 HTTPVerb has PATCH)
        return self.update_in(tx, rtype, res_id, incoming, data, current.version, method="PATCH")

    def delete(self, rtype: str, res_id: str, *, if_match: int | None = None) -> StoredVersion | None:
        check_type(rtype)
        with self.store.transaction() as tx:
            return self.delete_in(tx, rtype, res_id, if_match)

    def delete_in(self, tx: Tx, rtype: str, res_id: str, if_match: int | None = None) -> StoredVersion | None:
        """The deletion's version, or None when there was nothing to delete. ``if_match`` guards it like
        an update: deleting a version the client has not seen is refused."""
        current = tx.current(rtype, res_id, for_update=True)
        _check_if_match(if_match, None if current is None or current.deleted else current)
        if current is None or current.deleted:
            return None
        record = StoredVersion(
            res_type=rtype,
            res_id=res_id,
            version=current.version + 1,
            last_updated=now_instant(),
            deleted=True,
            content=None,
            method="DELETE",
        )
        try:
            tx.write(record, None, expected_version=current.version)
        except VersionConflict as exc:
            raise Conflict(str(exc)) from exc
        return record

    def conditional_delete(self, rtype: str, criteria: str, *, if_match: int | None = None) -> StoredVersion | None:
        check_type(rtype)
        with self.store.transaction() as tx:
            match = self.conditional_match(tx, rtype, criteria)
            return self.delete_in(tx, rtype, match.res_id, if_match) if match else None

    def history(self, rtype: str | None, res_id: str | None, params: dict[str, str]) -> dict[str, Any]:
        with self.store.read() as tx:
            return self.history_in(tx, rtype, res_id, params)

    def history_in(self, tx: Tx, rtype: str | None, res_id: str | None, params: dict[str, str]) -> dict[str, Any]:
        """A history Bundle read in ``tx``: a Bundle's GET entry sees its transaction's writes."""
        if rtype is not None:
            check_type(rtype)
        return history_bundle(
            tx,
            base=self.settings.fhir_base,
            res_type=rtype,
            res_id=res_id,
            params=params,
            default_count=self.settings.default_page_size,
            max_count=self.settings.max_page_size,
        )

    def search(self, rtype: str, pairs: list[tuple[str, str]], *, strict: bool) -> dict[str, Any]:
        check_type(rtype)
        req = self.parse_pairs(rtype, pairs, strict=strict)
        with self.store.read() as tx:
            return self.searcher.search(tx, req, strict=strict)


def _check_if_match(if_match: int | None, current: StoredVersion | None) -> None:
    """If-Match names the version the client last saw: any other version there now (or none) refuses
    the write. Shared by update, patch and delete."""
    if if_match is not None and (current is None or current.version != if_match):
        have = "no resource" if current is None else f"version {current.version}"
        raise PreconditionFailed(f"If-Match expected version {if_match}, but the server has {have}")
