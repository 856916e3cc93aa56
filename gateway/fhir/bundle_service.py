"""``POST /fhir`` with a Bundle: route it to the transaction, batch or message handling.

Message Bundles are accepted only for referrals (the MessageHeader's event names a referral): their
content is stored in one transaction like a transaction Bundle, and the Bundle itself is kept so a
later step can route the referral.
"""

from __future__ import annotations

import uuid
from typing import Any

from gateway.errors import BadRequest, FhirError
from gateway.fhir.bundle_entries import Entry, message_entry, parse_bundle, parse_entry
from gateway.fhir.bundle_response import EntryResult, error_result, response_bundle, response_entry
from gateway.fhir.jsontext import parse_exact
from gateway.fhir.service import FhirService, Incoming
from gateway.fhir.transaction import TransactionRunner
from gateway.search.values import now_instant
from gateway.storage.base import StoredVersion, Tx


class BundleService:
    def __init__(self, fhir: FhirService) -> None:
        self.fhir = fhir
        self.runner = TransactionRunner(fhir)

    @property
    def base(self) -> str:
        return self.fhir.settings.fhir_base

    def process(self, body: bytes, data: Any, *, prefer: str = "representation") -> tuple[dict[str, Any], str | None]:
        """(response Bundle, Location of a stored message) for a parsed request body; ``prefer`` is the
        request's ``Prefer: return=`` (representation, minimal or OperationOutcome)."""
        exact = parse_exact(body, data)
        btype, raw_entries, exact_entries = parse_bundle(data, exact, max_entries=self.fhir.settings.max_bundle_entries)
        if btype == "message":
            return self._message(data, raw_entries, exact_entries, exact)
        if btype == "transaction":
            results = self.runner.transaction([self._entry(exact_entries, i, raw) for i, raw in enumerate(raw_entries)])
        else:
            results = self._batch(raw_entries, exact_entries)
        out = [response_entry(r, base=self.base, prefer=prefer) for r in results]
        return response_bundle(btype, out), None

    def _entry(self, exact_entries: list[Any], index: int, raw: dict[str, Any]) -> Entry:
        return parse_entry(index, raw, exact_entries[index] if index < len(exact_entries) else raw, base=self.base)

    def _batch(self, raw_entries: list[Any], exact_entries: list[Any]) -> list[EntryResult]:
        """R4 processes batch entries independently, so an entry whose request cannot be read (an
        unknown method, a url that is no interaction) is that entry's error; the others still run."""
        entries: list[Entry] = []
        unreadable: dict[int, EntryResult] = {}
        for i, raw in enumerate(raw_entries):
            try:
                entries.append(self._entry(exact_entries, i, raw))
            except FhirError as exc:
                unreadable[i] = error_result(exc)
        ran = dict(zip((e.index for e in entries), self.runner.batch(entries), strict=True))
        return [unreadable[i] if i in unreadable else ran[i] for i in range(len(raw_entries))]

    def _message(
        self, data: dict[str, Any], raw_entries: list[Any], exact_entries: list[Any], exact: Any
    ) -> tuple[dict[str, Any], str | None]:
        header = _referral_header(raw_entries)
        entries: list[Entry] = [message_entry(i, raw, exact_entries[i]) for i, raw in enumerate(raw_entries)]
        kept: list[StoredVersion] = []

        def keep_bundle(tx: Tx, _: Any) -> None:
            # The entries' resources are the same objects as the Bundle's, so they already carry the
            # rewritten references; the stored Bundle reads like what was stored from it.
            checked = self.fhir.prepare("Bundle", Incoming(None, data, exact))
            kept.append(self.fhir.create_in(tx, "Bundle", Incoming(None, data, exact), checked).version)

        self.runner.transaction(entries, after=keep_bundle)
        stored = kept[0]
        return _message_response(header, stored, self.base), f"{self.base}/Bundle/{stored.res_id}"


REFERRAL_WORDS = ("referral", "refer")


def _referral_header(entries: list[Any]) -> dict[str, Any]:
    first = entries[0].get("resource") if entries and isinstance(entries[0], dict) else None
    if not isinstance(first, dict) or first.get("resourceType") != "MessageHeader":
        raise BadRequest("A message Bundle starts with a MessageHeader", expression="Bundle.entry[0].resource")
    event = first.get("eventCoding") or {}
    names = [str(event.get("code", "")), str(event.get("display", "")), str(first.get("eventUri", ""))]
    if not any(word in name.lower() for name in names for word in REFERRAL_WORDS):
        raise BadRequest(
            "Only referral messages are accepted (MessageHeader.eventCoding naming a referral)",
            expression="Bundle.entry[0].resource.eventCoding",
        )
    return first


def _message_response(header: dict[str, Any], stored: StoredVersion, base: str) -> dict[str, Any]:
    reply = {
        "resourceType": "MessageHeader",
        "id": str(uuid.uuid4()),
        "eventCoding": header.get("eventCoding"),
        "source": {"endpoint": base},
        "response": {"identifier": header.get("id") or "", "code": "ok"},
        "focus": [{"reference": f"Bundle/{stored.res_id}"}],
    }
    return {
        "resourceType": "Bundle",
        "id": str(uuid.uuid4()),
        "meta": {"lastUpdated": now_instant()},
        "type": "message",
        "timestamp": now_instant(),
        "entry": [{"fullUrl": f"urn:uuid:{reply['id']}", "resource": reply}],
    }
