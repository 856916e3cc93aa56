"""``$validate`` on a type or an instance: check a resource without storing it.

Body: a Parameters resource (``resource`` and optional ``profile``) or a bare resource; ``profile``
may also be a query parameter. The answer is always 200 with an OperationOutcome: errors, warnings
and Must Support notes, each with a FHIRPath expression, or a single "All OK".
Mounted before the main FHIR router so ``/fhir/{type}/$validate`` is not read as ``/{type}/{id}``.
"""

from __future__ import annotations

import json
from typing import Any

from fastapi import APIRouter, Depends, FastAPI, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from gateway.auth import require_auth
from gateway.deps import FhirDep
from gateway.errors import BadRequest, operation_outcome
from gateway.fhir.content import check_accept, fhir_response, read_json_body
from gateway.fhir.incoming import check_id, check_type
from gateway.fhir.service import FhirService
from gateway.settings import Settings
from gateway.validation.conformance import store_conformance
from gateway.validation.definitions import project_by_type
from gateway.validation.validator import ProfileValidator

DEFINITION = "http://hl7.org/fhir/OperationDefinition/Resource-validate"
router = APIRouter(prefix="/fhir", tags=["FHIR"], dependencies=[Depends(check_accept), Depends(require_auth)])


def _validator(request: Request) -> ProfileValidator:
    return request.app.state.profile_validator


def _unpack(data: Any, query_profile: str | None) -> tuple[dict[str, Any] | None, str | None]:
    """(resource, profile) from a Parameters body or a bare resource."""
    if not isinstance(data, dict):
        raise BadRequest("The body must be a JSON object", expression="body")
    if data.get("resourceType") != "Parameters":
        return data, query_profile
    resource, profile = None, query_profile
    for p in data.get("parameter") or []:
        if p.get("name") == "resource":
            resource = p.get("resource")
        elif p.get("name") == "profile":
            profile = p.get("valueUri") or p.get("valueCanonical") or p.get("valueString")
    return resource, profile


def _run(validator: ProfileValidator, rtype: str, resource: Any, profile: str | None) -> Response:
    if not isinstance(resource, dict):
        raise BadRequest("Parameters needs a 'resource' parameter holding the resource", expression="Parameters")
    if resource.get("resourceType") != rtype:
        raise BadRequest(
            f"resourceType '{resource.get('resourceType')}' does not match the URL type '{rtype}'",
            expression="resourceType",
        )
    return fhir_response(operation_outcome(validator.validate(resource, profile=profile)))


@router.post("/{rtype}/$validate")
async def validate_type(rtype: str, request: Request) -> Response:
    check_type(rtype)
    _, data = await read_json_body(request)
    resource, profile = _unpack(data, request.query_params.get("profile"))
    return await run_in_threadpool(_run, _validator(request), rtype, resource, profile)


@router.post("/{rtype}/{res_id}/$validate")
async def validate_instance(rtype: str, res_id: str, request: Request, fhir: FhirDep) -> Response:
    """Validates the body when given, else the stored current version."""
    check_type(rtype)
    check_id(res_id)
    body = await request.body()
    if body.strip():
        _, data = await read_json_body(request)
        resource, profile = _unpack(data, request.query_params.get("profile"))
        if resource is None and isinstance(data, dict) and data.get("resourceType") == "Parameters":
            resource = await run_in_threadpool(_stored, fhir, rtype, res_id)
    else:
        resource, profile = await run_in_threadpool(_stored, fhir, rtype, res_id), request.query_params.get("profile")
    if isinstance(resource, dict) and resource.get("id") not in (None, res_id):
        raise BadRequest(f"Resource id '{resource.get('id')}' does not match the URL id '{res_id}'", expression="id")
    return await run_in_threadpool(_run, _validator(request), rtype, resource, profile)


def _stored(fhir: FhirService, rtype: str, res_id: str) -> Any:
    return json.loads(fhir.read(rtype, res_id).content or "{}")


def startup(app: FastAPI, settings: Settings) -> None:
    """Profile checks on every write, the profiles served as resources and listed in the statement."""
    validator = ProfileValidator(required=dict(settings.required_profiles))
    app.state.profile_validator = validator
    app.state.fhir.validators.append(validator)
    app.state.capabilities.register_operation("validate", DEFINITION)
    for url, sd in project_by_type("StructureDefinition").items():
        if sd.get("kind") == "resource":
            app.state.capabilities.add_profile(sd["type"], url)
    store_conformance(app.state.fhir)
