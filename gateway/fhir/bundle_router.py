"""``POST /fhir``: transaction, batch and (referral) message Bundles. Thin: HTTP in, service, HTTP out."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, FastAPI, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from gateway.auth import require_auth
from gateway.fhir.bundle_service import BundleService
from gateway.fhir.content import check_accept, fhir_response, prefer_return, read_json_body
from gateway.settings import Settings

router = APIRouter(prefix="/fhir", tags=["FHIR"], dependencies=[Depends(check_accept), Depends(require_auth)])


async def get_bundles(request: Request) -> BundleService:
    return request.app.state.bundles


BundlesDep = Annotated[BundleService, Depends(get_bundles)]


@router.post("")
async def process_bundle(request: Request, bundles: BundlesDep) -> Response:
    body, data = await read_json_body(request)
    # A 1,000-entry Bundle is CPU- and database-bound for a while: keep the event loop free.
    bundle, location = await run_in_threadpool(bundles.process, body, data, prefer=prefer_return(request))
    return fhir_response(bundle, 200, {"Location": location} if location else None)


def startup(app: FastAPI, settings: Settings) -> None:
    app.state.bundles = BundleService(app.state.fhir)
    app.state.capabilities.add_system_interaction("transaction")
    app.state.capabilities.add_system_interaction("batch")
