"""Assemble the FHIR service from settings: search registry, indexer, query builder."""

from __future__ import annotations

from functools import cache

from gateway.fhir.resources import resource_types
from gateway.fhir.service import FhirService
from gateway.search.extract import Indexer
from gateway.search.params import Registry
from gateway.search.query import QueryBuilder
from gateway.search.service import SearchService
from gateway.settings import Settings
from gateway.storage.base import Store


@cache
def default_registry() -> Registry:
    """Parsed once per process: the definitions are static data."""
    return Registry.load(resource_types())


def build_fhir_service(store: Store, settings: Settings) -> FhirService:
    registry = default_registry()
    builder = QueryBuilder(registry, settings.fhir_base)
    return FhirService(
        store=store,
        settings=settings,
        indexer=Indexer(registry),
        search=SearchService(builder, settings.fhir_base),
    )
