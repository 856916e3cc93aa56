"""Reading a transaction, batch or message Bundle into entries the transaction service can run.

Pure: nothing here touches storage. Every problem names the element it is about
(``Bundle.entry[3].request.url``) so an EHR integrator can find it in a 1,000-entry Bundle.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from gateway.errors import BadRequest, PayloadTooLarge
from gateway.fhir.bundle_refs import criteria_values
from gateway.fhir.content import parse_etag, parse_instant
from gateway.fhir.incoming import ID_PATTERN
from gateway.fhir.patch import patch_from_binary
from gateway.fhir.resources import resource_types

METHODS = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE")
# R4 3.1.0.11.2: deletes first, then creates, then updates, then reads.
PROCESSING_ORDER = {"DELETE": 0, "POST": 1, "PUT": 2, "PATCH": 2, "GET": 3, "HEAD": 3}
BUNDLE_TYPES = ("transaction", "batch", "message")


@dataclass
class Entry:
    index: int
    method: str
    url: str
    rtype: str | None = None
    res_id: str | None = None
    vid: str | None = None
    query: str | None = None  # search criteria (conditional PUT/DELETE, GET search)
    full_url: str | None = None
    data: dict[str, Any] | None = None  # parsed resource: validated and indexed
    exact: Any = None  # the same resource with decimal literals preserved: stored
    patch: list[dict[str, Any]] | None = None  # a PATCH entry's JSON Patch operations
    if_none_exist: str | None = None
    if_match: int | None = None
    if_none_match: str | None = None
    if_modified_since: datetime | None = None
    target: str | None = None  # the id this entry writes, once decided
    existing: Any = None  # the version an ifNoneExist matched
    head: bool = False  # a HEAD: run as the GET, answered without the resource
    history: bool = False  # a GET of _history (system, type or instance level)
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def where(self) -> str:
        return f"Bundle.entry[{self.index}]"

    @property
    def order(self) -> tuple[int, int]:
        return PROCESSING_ORDER[self.method], self.index

    @property
    def criteria(self) -> str | None:
        """What decides which resource a create or update writes: ifNoneExist, or the PUT's query."""
        if self.method == "POST":
            return self.if_none_exist
        return self.query if self.method in ("PUT", "PATCH") else None


def parse_bundle(data: Any, exact: Any, *, max_entries: int) -> tuple[str, list[dict[str, Any]], list[Any]]:
    """(type, entries, exact entries) after the checks every Bundle must pass."""
    if not isinstance(data, dict) or data.get("resourceType") != "Bundle":
        raise BadRequest("POST to the base needs a Bundle", expression="Bundle")
    btype = data.get("type")
    if btype not in BUNDLE_TYPES:
        raise BadRequest(
            f"Bundle.type '{btype}' is not processed here; send transaction, batch or message", expression="Bundle.type"
        )
    entries = data.get("entry") or []
    if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
        raise BadRequest("Bundle.entry must be a list of objects", expression="Bundle.entry")
    if len(entries) > max_entries:
        raise PayloadTooLarge(
            f"Bundle has {len(entries)} entries; the limit is {max_entries}. Split it into smaller Bundles.",
            expression="Bundle.entry",
        )
    exact_entries = exact.get("entry") or [] if isinstance(exact, dict) else entries
    return btype, entries, exact_entries


def parse_entry(index: int, raw: dict[str, Any], exact: Any, *, base: str) -> Entry:
    where = f"Bundle.entry[{index}]"
    request = raw.get("request")
    if not isinstance(request, dict):
        raise BadRequest("Entry has no request", expression=f"{where}.request")
    method = request.get("method")
    if method not in METHODS:
        raise BadRequest(f"Unknown request.method {method!r}", expression=f"{where}.request.method")
    url = request.get("url")
    if not isinstance(url, str) or not url:
        raise BadRequest("Entry has no request.url", expression=f"{where}.request.url")
    entry = Entry(index=index, method="GET" if method == "HEAD" else method, url=url, head=method == "HEAD")
    _parse_url(entry, _relative(url, base))
    full_url = raw.get("fullUrl")
    entry.full_url = full_url if isinstance(full_url, str) and full_url else None
    _parse_resource(entry, raw.get("resource"), exact.get("resource") if isinstance(exact, dict) else None)
    entry.if_none_exist = _string(request, "ifNoneExist", where)
    entry.if_none_match = _string(request, "ifNoneMatch", where)
    since = _string(request, "ifModifiedSince", where)
    if since is not None:
        expr = f"{where}.request.ifModifiedSince"
        try:
            entry.if_modified_since = parse_instant(since)
        except ValueError as exc:
            raise BadRequest(f"ifModifiedSince '{since}' is not an instant", expression=expr) from exc
        if entry.if_modified_since.tzinfo is None:
            raise BadRequest(f"ifModifiedSince '{since}' has no time zone", expression=expr)
    try:
        entry.if_match = parse_etag(_string(request, "ifMatch", where))
    except BadRequest as exc:
        raise BadRequest(exc.diagnostics, expression=f"{where}.request.ifMatch") from exc
    return entry


def message_entry(index: int, raw: dict[str, Any], exact: Any) -> Entry:
    """A message's content is stored as sent: under its own id when it has one, else created."""
    resource = raw.get("resource")
    if not isinstance(resource, dict) or not isinstance(resource.get("resourceType"), str):
        raise BadRequest("Message entry has no resource", expression=f"Bundle.entry[{index}].resource")
    rtype, res_id = resource["resourceType"], resource.get("id")
    method, url = ("PUT", f"{rtype}/{res_id}") if isinstance(res_id, str) and res_id else ("POST", rtype)
    entry = Entry(index=index, method=method, url=url, full_url=raw.get("fullUrl"))
    _parse_url(entry, url)
    _parse_resource(entry, resource, exact.get("resource") if isinstance(exact, dict) else None)
    return entry


def _relative(url: str, base: str) -> str:
    """Entries may name the server's own base (``http://host/fhir/Patient/1``)."""
    if url.startswith(base.rstrip("/") + "/"):
        return url[len(base.rstrip("/")) + 1 :]
    if url.startswith(("http://", "https://")):
        parts = urlsplit(url)
        path = parts.path.split("/fhir/", 1)[-1]
        return path + (f"?{parts.query}" if parts.query else "")
    return url.lstrip("/")


def _parse_url(entry: Entry, url: str) -> None:
    path, sep, query = url.partition("?")
    parts = path.split("/")
    expr = f"{entry.where}.request.url"
    entry.query = query if sep else None
    if parts[-1] == "_history" and len(parts) <= 3 and entry.method == "GET":
        entry.history = True
        parts = parts[:-1]
        if not parts:
            return
    if parts[0] not in resource_types():
        raise BadRequest(f"request.url '{url}' does not start with a resource type", expression=expr)
    entry.rtype = parts[0]
    if len(parts) >= 2:
        if not ID_PATTERN.match(parts[1]):
            raise BadRequest(f"Invalid id in request.url '{url}'", expression=expr)
        entry.res_id = parts[1]
    if len(parts) == 4 and parts[2] == "_history":
        if entry.method != "GET":
            raise BadRequest(f"Only a read names a version; {entry.method} request.url '{url}'", expression=expr)
        entry.vid = parts[3]
    elif len(parts) > 2:
        raise BadRequest(f"request.url '{url}' is not an interaction a Bundle can carry", expression=expr)
    needs_id = entry.method in ("PUT", "PATCH", "DELETE") and entry.query is None
    if needs_id and entry.res_id is None:
        raise BadRequest(f"{entry.method} needs Type/id or Type?criteria in request.url", expression=expr)
    if entry.method == "POST" and (entry.res_id is not None or entry.query):
        raise BadRequest("POST request.url must be the resource type alone", expression=expr)


def _parse_resource(entry: Entry, resource: Any, exact: Any) -> None:
    expr = f"{entry.where}.resource"
    if entry.method == "PATCH":
        entry.patch = patch_from_binary(resource, expression=expr)
        return
    if entry.method not in ("POST", "PUT"):
        return
    if not isinstance(resource, dict):
        raise BadRequest(f"{entry.method} entry has no resource", expression=expr)
    if resource.get("resourceType") != entry.rtype:
        raise BadRequest(
            f"resourceType '{resource.get('resourceType')}' does not match request.url type '{entry.rtype}'",
            expression=f"{expr}.resourceType",
        )
    body_id = resource.get("id")
    if entry.method == "PUT" and entry.res_id is not None and body_id is not None and body_id != entry.res_id:
        raise BadRequest(
            f"Resource id '{body_id}' does not match request.url id '{entry.res_id}'", expression=f"{expr}.id"
        )
    entry.data = resource
    entry.exact = exact if exact is not None else resource


def _string(request: dict[str, Any], key: str, where: str) -> str | None:
    value = request.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise BadRequest(f"request.{key} must be a string", expression=f"{where}.request.{key}")
    return value


def decision_order(entries: list[Entry]) -> list[Entry]:
    """``entries`` (in processing order) so that an entry whose conditional criteria name another
    entry's fullUrl comes after that entry: the criteria can only be searched once its id is known.
    Stable otherwise; criteria that depend on each other in a circle are an error."""
    by_url = {e.full_url: e for e in entries if e.full_url and e.method in ("POST", "PUT")}
    needs = {
        e.index: [by_url[v] for v in criteria_values(e.criteria) if v in by_url and by_url[v] is not e]
        for e in entries
        if e.criteria
    }
    if not any(needs.values()):
        return entries
    done: dict[int, Entry] = {}
    visiting: list[int] = []

    def visit(entry: Entry) -> None:
        if entry.index in done:
            return
        if entry.index in visiting:
            cycle = ", ".join(map(str, visiting[visiting.index(entry.index) :]))
            raise BadRequest(f"The conditional criteria of entries {cycle} name each other's fullUrl")
        visiting.append(entry.index)
        for other in needs.get(entry.index, []):
            visit(other)
        visiting.pop()
        done[entry.index] = entry

    for entry in entries:
        visit(entry)
    return list(done.values())
