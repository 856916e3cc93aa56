"""Building transaction Bundles from mapped resources: temporary ids and conditional creates."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

Resolver = Callable[[str], dict[str, Any] | None]


@dataclass
class TransactionBuilder:
    """Collects entries; each resource gets a urn:uuid fullUrl other entries can reference."""

    entries: list[dict[str, Any]] = field(default_factory=list)
    seed: Callable[[], str] = lambda: str(uuid.uuid4())

    def add(self, resource: dict[str, Any], *, if_none_exist: str | None = None) -> str:
        full_url = f"urn:uuid:{self.seed()}"
        request: dict[str, Any] = {"method": "POST", "url": resource["resourceType"]}
        if if_none_exist:
            request["ifNoneExist"] = if_none_exist
        self.entries.append({"fullUrl": full_url, "resource": resource, "request": request})
        return full_url

    def bundle(self) -> dict[str, Any]:
        return {"resourceType": "Bundle", "type": "transaction", "entry": self.entries}


def ref(target: str, display: str | None = None) -> dict[str, Any]:
    out: dict[str, Any] = {"reference": target}
    if display:
        out["display"] = display
    return out


def bundle_resolver(bundle: dict[str, Any]) -> Resolver:
    """Resolve references inside a Bundle (by fullUrl), as the pure round-trip tests need."""
    by_url = {e["fullUrl"]: e["resource"] for e in bundle.get("entry", []) if "fullUrl" in e}
    return by_url.get


def first(items: list[Any] | None) -> Any:
    return items[0] if items else None


def coding_code(concept: dict[str, Any] | None, system: str) -> str | None:
    for coding in (concept or {}).get("coding", []):
        if coding.get("system") == system:
            return coding.get("code")
    return None


def extension(resource: dict[str, Any], url: str) -> dict[str, Any] | None:
    return next((e for e in resource.get("extension", []) if e.get("url") == url), None)
