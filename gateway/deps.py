"""Request-scoped dependencies: the heavy objects built once in the lifespan, injected by type."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from gateway.fhir.capability import Capabilities
from gateway.fhir.service import FhirService
from gateway.settings import Settings
from gateway.storage.base import Store


def get_settings(request: Request) -> Settings:
    return request.app.state.settings


def get_store(request: Request) -> Store:
    return request.app.state.store


def get_fhir(request: Request) -> FhirService:
    return request.app.state.fhir


def get_capabilities(request: Request) -> Capabilities:
    return request.app.state.capabilities


SettingsDep = Annotated[Settings, Depends(get_settings)]
StoreDep = Annotated[Store, Depends(get_store)]
FhirDep = Annotated[FhirService, Depends(get_fhir)]
CapsDep = Annotated[Capabilities, Depends(get_capabilities)]
