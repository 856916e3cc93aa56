"""The domain API's rules: map domain objects to a transaction Bundle, submit it through the same
transaction path EHR Bundles take, and rebuild domain objects from what is stored.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import orjson
from pydantic import BaseModel, ValidationError

from gateway.errors import Gone, InvalidResource, NotFound
from gateway.fhir.bundle_service import BundleService
from gateway.fhir.service import FhirService
from gateway.mapping.bundle import Resolver


@dataclass(frozen=True)
class Kind:
    """One domain noun: its model, the FHIR resource it is identified by, and its mappings."""

    path: str
    resource_type: str
    to_bundle: Callable[[Any], dict[str, Any]]
    from_fhir: Callable[[dict[str, Any], ReadContext], BaseModel]


class ReadContext:
    """What a reverse mapping may look at: referenced resources, and a search for related ones."""

    def __init__(self, fhir: FhirService) -> None:
        self.fhir = fhir
        self._cache: dict[str, dict[str, Any] | None] = {}

    def resolve(self, reference: str) -> dict[str, Any] | None:
        if reference not in self._cache:
            rtype, _, rid = reference.partition("/")
            try:
                v = self.fhir.read(rtype, rid)
                self._cache[reference] = orjson.loads(v.content or "{}")
            except (NotFound, Gone):
                self._cache[reference] = None
        return self._cache[reference]

    def search(self, rtype: str, params: list[tuple[str, str]]) -> list[dict[str, Any]]:
        bundle = self.fhir.search(rtype, [*params, ("_count", "1000")], strict=True)
        return [orjson.loads(orjson.dumps(e["resource"])) for e in bundle["entry"] if e["search"]["mode"] == "match"]

    @property
    def resolver(self) -> Resolver:
        return self.resolve


class DomainService:
    def __init__(self, *, fhir: FhirService, bundles: BundleService) -> None:
        self.fhir = fhir
        self.bundles = bundles

    def create(self, kind: Kind, model: BaseModel) -> dict[str, Any]:
        bundle = kind.to_bundle(model)
        response, _ = self.bundles.process(orjson.dumps(bundle), bundle, prefer="minimal")
        created: dict[str, list[str]] = {}
        main_id = None
        for entry in response["entry"]:
            location = entry["response"]["location"]
            rtype, rid = location.split("/_history/")[0].rsplit("/", 2)[-2:]
            created.setdefault(rtype, []).append(f"{rtype}/{rid}")
            if rtype == kind.resource_type:
                main_id = rid
        fhir = {rtype: refs[0] if len(refs) == 1 else refs for rtype, refs in created.items()}
        return {"id": main_id, "fhir": fhir}

    def get(self, kind: Kind, res_id: str) -> BaseModel:
        stored = self.fhir.read(kind.resource_type, res_id)
        return self._rebuild(kind, orjson.loads(stored.content or "{}"), ReadContext(self.fhir))

    def list(self, kind: Kind, params: list[tuple[str, str]]) -> list[dict[str, Any]]:
        ctx = ReadContext(self.fhir)
        out = []
        for resource in ctx.search(kind.resource_type, params):
            try:
                out.append({"id": resource["id"], **self._rebuild(kind, resource, ctx).model_dump(mode="json")})
            except InvalidResource as exc:
                # One incomplete record from an EHR must not hide the rest of the queue.
                out.append({"id": resource["id"], "error": exc.diagnostics})
        return out

    @staticmethod
    def _rebuild(kind: Kind, resource: dict[str, Any], ctx: ReadContext) -> BaseModel:
        try:
            return kind.from_fhir(resource, ctx)
        except (ValidationError, KeyError, StopIteration, ValueError, TypeError) as exc:
            # Stored data an EHR sent may lack what the domain model needs; say which record and why.
            raise InvalidResource(
                f"{kind.resource_type}/{resource.get('id')} cannot be read as a {kind.path} record: {exc}"
            ) from exc
