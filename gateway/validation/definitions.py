"""Where StructureDefinitions, ValueSets and CodeSystems come from: one lookup over three sources.

Sources, in order: the project's conformance resources (``fhir_profiles/``), the US Core 6.1.0
profiles the project builds on and the trimmed R4 core definitions (both vendored under
``spec/`` by ``tools/vendor_validation_spec.py``). Everything is read once per process.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

SPEC = Path(__file__).parent / "spec"
PROFILES_DIR = Path(__file__).resolve().parents[2] / "fhir_profiles"
CORE = "http://hl7.org/fhir/StructureDefinition/"
CONFORMANCE_TYPES = ("StructureDefinition", "ValueSet", "CodeSystem", "SearchParameter")
_NOT_DEFINITIONS = ("examples", "codes")


@cache
def r4_definitions() -> dict[str, dict[str, Any]]:
    """Core R4 resource and data-type definitions by type name."""
    return json.loads((SPEC / "r4-definitions.json").read_text())


@cache
def _us_core() -> dict[str, dict[str, Any]]:
    return {sd["url"]: sd for sd in (json.loads(p.read_text()) for p in sorted((SPEC / "us-core").glob("*.json")))}


@cache
def project_resources() -> tuple[dict[str, Any], ...]:
    """Every conformance resource in fhir_profiles/ (examples and code tables are not definitions)."""
    out = []
    for path in sorted(PROFILES_DIR.rglob("*.json")) if PROFILES_DIR.is_dir() else []:
        if any(part in _NOT_DEFINITIONS for part in path.relative_to(PROFILES_DIR).parts):
            continue
        res = json.loads(path.read_text())
        if isinstance(res, dict) and res.get("resourceType") in CONFORMANCE_TYPES:
            out.append(res)
    return tuple(out)


def project_by_type(resource_type: str) -> dict[str, dict[str, Any]]:
    return {r["url"]: r for r in project_resources() if r["resourceType"] == resource_type}


def structure_definition(url: str) -> dict[str, Any] | None:
    url = url.split("|", 1)[0]
    found = project_by_type("StructureDefinition").get(url) or _us_core().get(url)
    if found is None and url.startswith(CORE):
        found = r4_definitions().get(url[len(CORE) :])
    return found


def type_definition(code: str) -> dict[str, Any] | None:
    return r4_definitions().get(code)


@cache
def profile_types() -> dict[str, str]:
    """Profile URL -> resource type, for checking reference targets against ``targetProfile``."""
    types: dict[str, str] = json.loads((SPEC / "profile-types.json").read_text())
    types.update({url: sd["type"] for url, sd in project_by_type("StructureDefinition").items()})
    return types


@cache
def vendored_expansions() -> dict[str, dict[str, Any]]:
    return json.loads((SPEC / "valuesets.json").read_text())
