"""FHIR REST routes under /fhir. Thin: read the HTTP details, call the service, shape the response.

Routes that read a body are ``async`` (the body arrives on the event loop); they still hand the
service call to the thread pool, because a write can wait up to the database's lock timeout behind a
Bundle, and on the event loop that wait would stall every other request.
"""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from gateway.auth import require_auth
from gateway.deps import CapsDep, FhirDep, SettingsDep
from gateway.errors import MethodNotAllowed
from gateway.fhir.capability import capability_statement
from gateway.fhir.content import (
    check_accept,
    fhir_response,
    modified_since,
    parse_etag,
    parse_http_date,
    prefer_handling,
    read_json_body,
    read_patch_body,
    version_headers,
    write_response,
)
from gateway.fhir.service import Incoming, WriteResult

router = APIRouter(prefix="/fhir", tags=["FHIR"], dependencies=[Depends(check_accept), Depends(require_auth)])


async def _incoming(request: Request) -> Incoming:
    body, data = await read_json_body(request)
    return Incoming(body, data)


def _written(request: Request, result: WriteResult, base: str) -> Response:
    return write_response(request, result.version, result.status, base, result.message)


def _criteria(request: Request, interaction: str) -> str:
    """The search criteria of a type-level write (conditional update, patch, delete)."""
    if not request.url.query:
        raise MethodNotAllowed(f"{request.method} on a type needs search criteria ({interaction}) or an id")
    return request.url.query


@router.get("/metadata")
def metadata(fhir: FhirDep, caps: CapsDep, settings: SettingsDep) -> Response:
    return fhir_response(
        capability_statement(caps, fhir.searcher.builder.registry, base=settings.fhir_base, auth=settings.auth)
    )


@router.get("/_history")
def history_system(request: Request, fhir: FhirDep) -> Response:
    return fhir_response(fhir.history(None, None, dict(request.query_params)))


@router.get("/{rtype}/_history")
def history_type(rtype: str, request: Request, fhir: FhirDep) -> Response:
    return fhir_response(fhir.history(rtype, None, dict(request.query_params)))


@router.get("/{rtype}/{res_id}/_history")
def history_instance(rtype: str, res_id: str, request: Request, fhir: FhirDep) -> Response:
    return fhir_response(fhir.history(rtype, res_id, dict(request.query_params)))


@router.api_route("/{rtype}/{res_id}/_history/{vid}", methods=["GET", "HEAD"])  # HEAD: RFC 9110 9.3.2
def vread(rtype: str, res_id: str, vid: str, fhir: FhirDep) -> Response:
    v = fhir.vread(rtype, res_id, vid)
    return fhir_response((v.content or "").encode(), 200, version_headers(v))


@router.get("/{rtype}")
def search_get(rtype: str, request: Request, fhir: FhirDep) -> Response:
    strict = prefer_handling(request) == "strict"
    return fhir_response(fhir.search(rtype, list(request.query_params.multi_items()), strict=strict))


@router.post("/{rtype}/_search")
async def search_post(rtype: str, request: Request, fhir: FhirDep) -> Response:
    form = await request.form()
    pairs = list(request.query_params.multi_items()) + [(k, str(v)) for k, v in form.multi_items()]
    strict = prefer_handling(request) == "strict"
    return fhir_response(await run_in_threadpool(fhir.search, rtype, pairs, strict=strict))


@router.post("/{rtype}")
async def create(rtype: str, request: Request, fhir: FhirDep, settings: SettingsDep) -> Response:
    incoming = await _incoming(request)
    result = await run_in_threadpool(fhir.create, rtype, incoming, if_none_exist=request.headers.get("if-none-exist"))
    return _written(request, result, settings.fhir_base)


@router.put("/{rtype}")
async def conditional_update(rtype: str, request: Request, fhir: FhirDep, settings: SettingsDep) -> Response:
    criteria = _criteria(request, "conditional update")
    incoming = await _incoming(request)
    if_match = parse_etag(request.headers.get("if-match"))
    result = await run_in_threadpool(fhir.conditional_update, rtype, criteria, incoming, if_match=if_match)
    return _written(request, result, settings.fhir_base)


@router.delete("/{rtype}")
def conditional_delete(rtype: str, request: Request, fhir: FhirDep) -> Response:
    criteria = _criteria(request, "conditional delete")
    if_match = parse_etag(request.headers.get("if-match"))
    deleted = fhir.conditional_delete(rtype, criteria, if_match=if_match)
    return Response(status_code=204, headers={"ETag": f'W/"{deleted.version}"'} if deleted else None)


@router.api_route("/{rtype}/{res_id}", methods=["GET", "HEAD"])  # HEAD: RFC 9110 9.3.2
def read(rtype: str, res_id: str, request: Request, fhir: FhirDep) -> Response:
    v = fhir.read(rtype, res_id)
    headers = version_headers(v)
    if request.headers.get("if-none-match"):  # it decides alone when present (RFC 9110 13.1.3)
        if parse_etag(request.headers["if-none-match"]) == v.version:
            return Response(status_code=304, headers=headers)
    elif (since := parse_http_date(request.headers.get("if-modified-since"))) and not modified_since(
        v.last_updated, since
    ):
        return Response(status_code=304, headers=headers)
    return fhir_response((v.content or "").encode(), 200, headers)


@router.put("/{rtype}/{res_id}")
async def update(rtype: str, res_id: str, request: Request, fhir: FhirDep, settings: SettingsDep) -> Response:
    incoming = await _incoming(request)
    if_match = parse_etag(request.headers.get("if-match"))
    result = await run_in_threadpool(fhir.update, rtype, res_id, incoming, if_match=if_match)
    return _written(request, result, settings.fhir_base)


@router.patch("/{rtype}")
async def conditional_patch(rtype: str, request: Request, fhir: FhirDep, settings: SettingsDep) -> Response:
    criteria = _criteria(request, "conditional patch")
    ops = await read_patch_body(request)
    if_match = parse_etag(request.headers.get("if-match"))
    result = await run_in_threadpool(fhir.conditional_patch, rtype, criteria, ops, if_match=if_match)
    return _written(request, result, settings.fhir_base)


@router.patch("/{rtype}/{res_id}")
async def patch(rtype: str, res_id: str, request: Request, fhir: FhirDep, settings: SettingsDep) -> Response:
    ops = await read_patch_body(request)
    if_match = parse_etag(request.headers.get("if-match"))
    result = await run_in_threadpool(fhir.patch, rtype, res_id, ops, if_match=if_match)
    return _written(request, result, settings.fhir_base)


@router.delete("/{rtype}/{res_id}")
def delete(rtype: str, res_id: str, request: Request, fhir: FhirDep) -> Response:
    deleted = fhir.delete(rtype, res_id, if_match=parse_etag(request.headers.get("if-match")))
    return Response(status_code=204, headers={"ETag": f'W/"{deleted.version}"'} if deleted else None)


@router.post("/{rtype}/{res_id}")
def post_instance(rtype: str, res_id: str) -> Response:
    raise MethodNotAllowed(f"POST is not allowed on {rtype}/{res_id}; use PUT to update")
