"""Transaction and batch Bundles (R4 3.1.0.11), built on the single-resource interactions.

A transaction runs in ONE database transaction: entries are processed in the R4 order (DELETE, POST,
PUT/PATCH, GET), temporary ``urn:uuid:``/``urn:oid:`` ids and conditional references are resolved in
every reference of every entry (and in a PATCH entry's values), and the first failing entry rolls
everything back and is reported as one OperationOutcome pointing at it. Conditional criteria may name
another entry by its fullUrl; such an entry's target is decided after that entry's
(``decision_order``). A batch runs each entry in its own transaction and reports each outcome in its
response entry.

Speed comes from doing the expensive work once and outside the database lock: the body is parsed
once (plus once literal-preserving when it has decimals), every resource is validated before the
transaction opens, and creations are written together through ``BufferedTx``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from functools import partial
from typing import Any
from urllib.parse import parse_qsl

from gateway.errors import BadRequest, Conflict, FhirError, Gone, NotFound, PreconditionFailed
from gateway.fhir.bundle_entries import Entry, decision_order
from gateway.fhir.bundle_refs import is_conditional, is_temporary, rewrite_references, substitute_links
from gateway.fhir.bundle_response import EntryResult, at_entry, error_result
from gateway.fhir.content import modified_since
from gateway.fhir.ids import new_id
from gateway.fhir.service import FhirService, Incoming
from gateway.storage.base import Tx, VersionConflict
from gateway.storage.buffered import BufferedTx


class _Plan:
    """What a Bundle's entries resolve to: fullUrl -> Type/id, conditional reference -> Type/id."""

    def __init__(self) -> None:
        self.full_urls: dict[str, str] = {}
        self.resolved: dict[str, str] = {}
        self.identities: dict[tuple[str, str], int] = {}
        self.creates: dict[tuple[str, str], int] = {}

    def claim_create(self, entry: Entry, rtype: str, criteria: str) -> None:
        """Two conditional creates with the same criteria would both find nothing and both create."""
        other = self.creates.setdefault((rtype, criteria), entry.index)
        if other != entry.index:
            raise BadRequest(f"Entries {other} and {entry.index} conditionally create the same {rtype} ({criteria})")

    def claim(self, entry: Entry, rtype: str, res_id: str) -> None:
        """One entry per resource: two entries writing the same resource is an error in R4."""
        other = self.identities.setdefault((rtype, res_id), entry.index)
        if other != entry.index:
            raise BadRequest(f"{rtype}/{res_id} is the target of entries {other} and {entry.index}")


def _for_each(entries: list[Entry], step: Callable[[Entry], Any]) -> None:
    """Run ``step`` on every entry; an error names the entry it came from.

    One try around the loop rather than a context manager per entry and step: a 1,000-entry Bundle
    goes through five steps, and ``contextmanager`` costs microseconds each time."""
    entry = None
    try:
        for entry in entries:
            step(entry)
    except FhirError as exc:
        raise at_entry(exc, entry) from exc  # type: ignore[arg-type]
    except VersionConflict as exc:
        raise at_entry(Conflict(str(exc)), entry) from exc  # type: ignore[arg-type]


class TransactionRunner:
    def __init__(self, fhir: FhirService) -> None:
        self.fhir = fhir

    # -- the two modes ------------------------------------------------------------------------
    def transaction(self, entries: list[Entry], after: Callable[[Tx, _Plan], Any] | None = None) -> list[EntryResult]:
        """All entries or none; ``after`` runs inside the same transaction (a message keeps its Bundle)."""
        ordered = sorted(entries, key=lambda e: e.order)
        _for_each(ordered, self._validate)
        plan = _Plan()
        self._claim_full_urls(ordered)
        results: dict[int, EntryResult] = {}

        def apply(tx: Tx, entry: Entry) -> None:
            if entry.index not in results:
                results[entry.index] = self._apply(tx, entry)

        deciding = decision_order(ordered)
        try:
            with self.fhir.store.transaction() as raw:
                tx = BufferedTx(raw)
                for step, order in ((self._delete, ordered), (self._assign, deciding), (self._resolve, ordered)):
                    _for_each(order, partial(step, tx, plan=plan, results=results))
                _for_each(ordered, partial(apply, tx))
                if after is not None:
                    after(tx, plan)
                tx.flush()
        except VersionConflict as exc:
            raise Conflict(f"A resource of the Bundle was written concurrently: {exc}") from exc
        return [results[e.index] for e in entries]

    def batch(self, entries: list[Entry]) -> list[EntryResult]:
        """Each entry alone; a failure is that entry's response, the others still happen."""
        ordered = sorted(entries, key=lambda e: e.order)
        plan = _Plan()
        for entry in ordered:  # so other entries' urn:uuid references still find created resources
            if entry.method == "POST" and entry.full_url and not entry.if_none_exist:
                entry.target = new_id()
                plan.full_urls.setdefault(entry.full_url, f"{entry.rtype}/{entry.target}")
        results: dict[int, EntryResult] = {}
        for entry in ordered:
            try:
                self._validate(entry)
                with self.fhir.store.transaction() as raw:
                    tx = BufferedTx(raw)
                    for step in (self._delete, self._assign, self._resolve):
                        step(tx, entry, plan, results)
                    if entry.index not in results:
                        results[entry.index] = self._apply(tx, entry)
                    tx.flush()
            except FhirError as exc:
                results[entry.index] = error_result(at_entry(exc, entry))
            except VersionConflict as exc:
                results[entry.index] = error_result(at_entry(Conflict(str(exc)), entry))
        return [results[e.index] for e in entries]

    # -- steps --------------------------------------------------------------------------------
    def _validate(self, entry: Entry) -> None:
        if entry.data is not None:
            entry.data = self.fhir.prepare(entry.rtype or "", Incoming(None, entry.data, entry.exact))

    @staticmethod
    def _claim_full_urls(entries: list[Entry]) -> None:
        seen: dict[str, int] = {}
        for entry in entries:
            if entry.full_url and entry.method in ("POST", "PUT"):
                other = seen.setdefault(entry.full_url, entry.index)
                if other != entry.index:
                    duplicate = BadRequest(f"fullUrl '{entry.full_url}' is also the fullUrl of entry {other}")
                    raise at_entry(duplicate, entry)

    def _delete(self, tx: Tx, entry: Entry, plan: _Plan, results: dict[int, EntryResult]) -> None:
        if entry.method != "DELETE":
            return
        rtype = entry.rtype or ""
        if entry.query is not None:
            match = self.fhir.conditional_match(tx, rtype, entry.query)
            res_id = match.res_id if match else None
        else:
            res_id = entry.res_id
        if res_id is None:
            results[entry.index] = EntryResult(204, message=f"No {rtype} matched '{entry.query}'; nothing deleted")
            return
        plan.claim(entry, rtype, res_id)
        deleted = self.fhir.delete_in(tx, rtype, res_id, entry.if_match)
        message = f"Deleted {rtype}/{res_id}" if deleted else f"{rtype}/{res_id} was not there; nothing deleted"
        results[entry.index] = EntryResult(200 if deleted else 204, deleted, message=message)

    def _assign(self, tx: Tx, entry: Entry, plan: _Plan, results: dict[int, EntryResult]) -> None:
        """Decide which resource each POST/PUT/PATCH writes, so references to it can be rewritten."""
        if entry.method not in ("POST", "PUT", "PATCH"):
            return
        rtype = entry.rtype or ""
        if entry.method == "PATCH":
            criteria = substitute_links(entry.query, plan.full_urls) if entry.query is not None else None
            match = self.fhir.conditional_match(tx, rtype, criteria) if criteria is not None else None
            if criteria is not None and match is None:
                raise NotFound(f"No {rtype} matches '{criteria}' to patch")
            entry.target = match.res_id if match else entry.res_id
            plan.claim(entry, rtype, entry.target or "")
            return
        body_id = (entry.data or {}).get("id")
        criteria = substitute_links(entry.criteria, plan.full_urls) if entry.criteria else None
        match = self.fhir.conditional_match(tx, rtype, criteria) if criteria else None
        if entry.method == "POST":
            if criteria and match is None:
                plan.claim_create(entry, rtype, criteria)
            entry.existing = match
            entry.target = match.res_id if match else (entry.target or new_id())
        elif match is not None:
            if body_id is not None and body_id != match.res_id:
                raise BadRequest(
                    f"Resource id '{body_id}' differs from the matched {rtype}/{match.res_id}", expression=f"{rtype}.id"
                )
            entry.target = match.res_id
        elif entry.query is not None:
            if body_id is not None and tx.current(rtype, body_id) is not None:
                raise Conflict(f"{rtype}/{body_id} exists but does not match the criteria")
            entry.target = body_id or new_id()
        else:
            entry.target = entry.res_id
        plan.claim(entry, rtype, entry.target or "")
        if entry.full_url:
            plan.full_urls[entry.full_url] = f"{rtype}/{entry.target}"

    def _resolve(self, tx: Tx, entry: Entry, plan: _Plan, results: dict[int, EntryResult]) -> None:
        if entry.patch is not None:
            self._resolve_patch(self._resolver(tx, plan), entry)
        if entry.data is None or entry.existing is not None:
            return

        def settled(ref: str) -> str | None:
            return plan.resolved.get(ref) or plan.full_urls.get(ref)

        rewrite_references(entry.data, self._resolver(tx, plan, expression=entry.rtype), plan.full_urls)
        if entry.exact is not entry.data:
            rewrite_references(entry.exact, settled, plan.full_urls)

    def _resolver(self, tx: Tx, plan: _Plan, expression: str | None = None) -> Callable[[str], str | None]:
        """What a reference becomes: a temporary id the id its entry got, a conditional reference the
        one resource its search finds, an absolute fullUrl of a new entry that entry's id."""

        def resolve(ref: str) -> str | None:
            if ref in plan.resolved:
                return plan.resolved[ref]
            if is_temporary(ref):
                found = plan.full_urls.get(ref)
                if found is None:
                    raise BadRequest(f"Reference '{ref}' matches no fullUrl in the Bundle", expression=expression)
            elif is_conditional(ref):
                found = self._conditional_reference(tx, substitute_links(ref, plan.full_urls))
            else:
                return plan.full_urls.get(ref)  # an absolute fullUrl of an entry being created
            plan.resolved[ref] = found
            return found

        return resolve

    @staticmethod
    def _resolve_patch(resolve: Callable[[str], str | None], entry: Entry) -> None:
        """A patch can add a reference to another entry: a Reference value, or a string at ``…/reference``."""
        for op in entry.patch or []:
            value = op.get("value")
            if isinstance(value, str) and str(op.get("path", "")).endswith("/reference"):
                op["value"] = resolve(value) or value
            elif isinstance(value, (dict, list)):
                rewrite_references(value, resolve)

    def _conditional_reference(self, tx: Tx, ref: str) -> str:
        rtype, _, criteria = ref.partition("?")
        if not criteria:
            raise BadRequest(f"Conditional reference '{ref}' has no criteria")
        match = self.fhir.conditional_match(tx, rtype, criteria)
        if match is None:
            raise PreconditionFailed(f"Conditional reference '{ref}' matches no resource")
        return f"{rtype}/{match.res_id}"

    def _apply(self, tx: Tx, entry: Entry) -> EntryResult:
        rtype = entry.rtype or ""
        if entry.method == "POST":
            if entry.existing is not None:
                found = entry.existing
                return EntryResult(200, found, message=f"Matched {rtype}/{found.res_id} (ifNoneExist); nothing created")
            incoming = Incoming(None, entry.data, entry.exact)
            done = self.fhir.create_in(tx, rtype, incoming, entry.data or {}, res_id=entry.target)
            return EntryResult(done.status, done.version, message=done.message)
        if entry.method == "PUT":
            if entry.if_none_match is not None:
                current = tx.current(rtype, entry.target or "")
                if current is not None and not current.deleted:
                    raise PreconditionFailed(f"{rtype}/{entry.target} exists (ifNoneMatch)")
            incoming = Incoming(None, entry.data, entry.exact)
            done = self.fhir.update_in(tx, rtype, entry.target or "", incoming, entry.data or {}, entry.if_match)
            return EntryResult(done.status, done.version, message=done.message)
        if entry.method == "PATCH":
            done = self.fhir.patch_in(tx, rtype, entry.target or "", entry.patch or [], entry.if_match)
            return EntryResult(done.status, done.version, message=done.message)
        return replace(self._read(tx, entry), head=entry.head)

    def _read(self, tx: Tx, entry: Entry) -> EntryResult:
        rtype = entry.rtype or ""
        if entry.history:
            params = dict(parse_qsl(entry.query or "", keep_blank_values=True))
            return EntryResult(200, resource=self.fhir.history_in(tx, entry.rtype, entry.res_id, params))
        if entry.res_id is None:
            req = self.fhir.parse_criteria(rtype, entry.query or "", strict=False)
            return EntryResult(200, resource=self.fhir.searcher.search(tx, req, strict=False))
        if entry.vid is not None:
            v = tx.version(rtype, entry.res_id, int(entry.vid)) if entry.vid.isdigit() else None
        else:
            v = tx.current(rtype, entry.res_id)
        if v is None:
            raise NotFound(f"{rtype}/{entry.res_id} is not known", expression="id")
        if v.deleted:  # as a read over REST answers
            raise Gone(f"{rtype}/{entry.res_id} was deleted", expression="id")
        if entry.if_none_match is not None:
            if entry.if_none_match.strip('W/"') == str(v.version):
                return EntryResult(304)
        elif entry.if_modified_since is not None and not modified_since(v.last_updated, entry.if_modified_since):
            return EntryResult(304)
        return EntryResult(200, v)
