"""The CapabilityStatement, generated from what the server actually wires up.

Interactions come from the same table the router registers routes from, search parameters from
the search registry, and operations from ``register_operation`` calls made where each operation
is mounted; so the statement grows as features land and cannot claim what is not there.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from gateway.fhir.patch import JSON_PATCH
from gateway.fhir.resources import FHIR_VERSION, resource_types
from gateway.search.params import Registry

TYPE_INTERACTIONS = [
    "read",
    "vread",
    "update",
    "patch",
    "delete",
    "history-instance",
    "history-type",
    "create",
    "search-type",
]
SYSTEM_INTERACTIONS = ["history-system"]


@dataclass
class Operation:
    name: str
    definition: str
    types: tuple[str, ...] | None  # None: every type


@dataclass
class Capabilities:
    operations: list[Operation] = field(default_factory=list)
    system_interactions: list[str] = field(default_factory=lambda: list(SYSTEM_INTERACTIONS))
    profiles: dict[str, list[str]] = field(default_factory=dict)

    def register_operation(self, name: str, definition: str, types: tuple[str, ...] | None = None) -> None:
        if not any(o.name == name and o.types == types for o in self.operations):
            self.operations.append(Operation(name, definition, types))

    def add_system_interaction(self, code: str) -> None:
        if code not in self.system_interactions:
            self.system_interactions.append(code)

    def add_profile(self, rtype: str, url: str) -> None:
        self.profiles.setdefault(rtype, [])
        if url not in self.profiles[rtype]:
            self.profiles[rtype].append(url)


def capability_statement(caps: Capabilities, registry: Registry, *, base: str, auth: bool) -> dict[str, Any]:
    resources = []
    for rtype in sorted(resource_types()):
        params = registry.for_type(rtype)
        entry: dict[str, Any] = {
            "type": rtype,
            "interaction": [{"code": c} for c in TYPE_INTERACTIONS],
            "versioning": "versioned-update",
            "readHistory": True,
            "updateCreate": True,
            "conditionalCreate": True,
            "conditionalRead": "full-support",  # If-None-Match and If-Modified-Since on read
            "conditionalUpdate": True,
            "conditionalDelete": "single",
            "referencePolicy": ["literal", "logical"],
            "searchInclude": sorted(f"{rtype}:{p.code}" for p in params.values() if p.type == "reference"),
            "searchParam": [
                {"name": p.code, "definition": p.url, "type": p.type, "documentation": p.description}
                for p in sorted(params.values(), key=lambda p: p.code)
                if p.indexed or p.code in ("_id", "_lastUpdated")
            ],
        }
        if rtype in caps.profiles:
            entry["supportedProfile"] = caps.profiles[rtype]
        ops = [o for o in caps.operations if o.types is None or rtype in o.types]
        if ops:
            entry["operation"] = [{"name": o.name, "definition": o.definition} for o in ops]
        resources.append(entry)
    rest: dict[str, Any] = {
        "mode": "server",
        "resource": resources,
        "interaction": [{"code": c} for c in caps.system_interactions],
        "searchParam": [
            {"name": "_count", "type": "number"},
            {"name": "_sort", "type": "string"},
            {"name": "_include", "type": "string"},
            {"name": "_revinclude", "type": "string"},
            {"name": "_summary", "type": "token"},
            {"name": "_elements", "type": "string"},
            {"name": "_total", "type": "token"},
        ],
    }
    if auth:
        rest["security"] = {
            "service": [
                {
                    "coding": [
                        {
                            "system": "http://terminology.hl7.org/CodeSystem/restful-security-service",
                            "code": "SMART-on-FHIR",
                        }
                    ]
                }
            ],
            "description": "Bearer tokens required on /fhir and /api.",
        }
    return {
        "resourceType": "CapabilityStatement",
        "status": "active",
        "date": "2026-11-24",
        "publisher": "homecare",
        "kind": "instance",
        "software": {"name": "homecare", "version": "0.1.0"},
        "implementation": {"description": "homecare FHIR gateway", "url": base},
        "fhirVersion": FHIR_VERSION,
        "format": ["application/fhir+json", "json"],
        "patchFormat": [JSON_PATCH],
        "rest": [rest],
    }
