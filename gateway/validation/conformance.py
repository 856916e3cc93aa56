"""Store the project's conformance resources at start-up, so partners can read what we enforce.

Idempotent: ids come from the files, and a resource is written only when it differs from the stored
one (ignoring ``meta``), so restarts and many workers do not pile up versions.
"""

from __future__ import annotations

import json
from typing import Any

from gateway.errors import Gone, NotFound
from gateway.fhir.service import FhirService, Incoming
from gateway.validation.definitions import project_resources


def _without_meta(resource: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in resource.items() if k != "meta"}


def store_conformance(fhir: FhirService) -> list[str]:
    """Write every changed conformance resource; returns the references written."""
    written = []
    for res in project_resources():
        rtype, res_id = res["resourceType"], res["id"]
        try:
            current = json.loads(fhir.read(rtype, res_id).content or "{}")
        except (NotFound, Gone):
            current = None
        if current is not None and _without_meta(current) == _without_meta(res):
            continue
        fhir.update(rtype, res_id, Incoming(None, res, exact_doc=res))
        written.append(f"{rtype}/{res_id}")
    return written
