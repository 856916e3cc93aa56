"""Posting one Bundle with retries, and reading what failed out of the answer."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import httpx
import orjson
from tenacity import retry, retry_if_exception, stop_after_attempt, wait_exponential

RETRY_STATUSES = {429, 502, 503, 504}


class Retryable(Exception):
    """The server was unreachable or asked us to come back later."""


@dataclass
class Outcome:
    status: int
    ok: int = 0
    failures: list[tuple[str, dict[str, Any]]] = field(default_factory=list)  # (where, OperationOutcome)


def _transient(exc: BaseException) -> bool:
    return isinstance(exc, Retryable | httpx.TransportError)


class Sender:
    def __init__(self, client: httpx.Client, url: str, *, attempts: int = 5) -> None:
        self.client = client
        self.url = url
        self._post = retry(
            retry=retry_if_exception(_transient),
            stop=stop_after_attempt(attempts),
            wait=wait_exponential(multiplier=0.5, max=10),
            reraise=True,
        )(self._post_once)

    def _post_once(self, body: bytes) -> httpx.Response:
        response = self.client.post(self.url, content=body, headers={"content-type": "application/fhir+json"})
        if response.status_code in RETRY_STATUSES:
            raise Retryable(f"{response.status_code} from {self.url}")
        return response

    def send(self, body: bytes, entries: int) -> Outcome:
        response = self._post(body)
        try:
            doc = response.json()
        except ValueError:
            doc = {"resourceType": "OperationOutcome", "issue": [{"diagnostics": response.text[:500]}]}
        if response.status_code >= 400:
            return Outcome(response.status_code, 0, [("Bundle", doc)])
        return _per_entry(response.status_code, doc, entries)


def _per_entry(status: int, doc: dict[str, Any], entries: int) -> Outcome:
    """A batch answers 200 even when entries failed; each failed entry carries its OperationOutcome."""
    out = Outcome(status)
    for i, entry in enumerate(doc.get("entry") or []):
        response = entry.get("response") or {}
        code = int(str(response.get("status", "200")).split()[0] or 200)
        if code >= 400:
            out.failures.append((f"entry[{i}]", response.get("outcome") or {}))
        else:
            out.ok += 1
    if doc.get("type") == "message":
        out.ok = entries
    return out


def summarize(outcome: dict[str, Any]) -> str:
    issues = outcome.get("issue") or []
    parts = [f"{', '.join(i.get('expression') or [])} {i.get('diagnostics', '')}".strip() for i in issues[:3]]
    return "; ".join(parts) or orjson.dumps(outcome).decode()[:200]
