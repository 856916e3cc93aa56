"""The ASGI application: one process serves the FHIR API, the domain API, the assistant and pages.

Components are listed here explicitly, in mounting order, so the app's whole shape reads in one
place. Each has a router and a start-up step that builds its heavy objects once, from settings,
after the store and the FHIR service exist.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

from fastapi import APIRouter, Depends, FastAPI

from assistant.chat import routes as chat
from assistant.knowledge import routes as kb_pages
from assistant.redaction import routes as redaction
from gateway.api import router as domain_api
from gateway.auth import smart_router
from gateway.errors import install_error_handlers, reject_nul
from gateway.fhir import bundle_router
from gateway.fhir import router as fhir_rest
from gateway.fhir.capability import Capabilities
from gateway.fhir.factory import build_fhir_service
from gateway.fhir.limits import BodySizeLimit
from gateway.fhir.operations import validate
from gateway.heap import freeze_startup_heap, release_startup_heap
from gateway.logging import configure_logging
from gateway.observability import AccessLog, metrics_router
from gateway.settings import Settings
from gateway.storage.factory import build_store

Startup = Callable[[FastAPI, Settings], Any]


@dataclass(frozen=True)
class Component:
    router: APIRouter
    startup: Startup | None = None


COMPONENTS = [
    # $validate first: /fhir/{type}/$validate must not be taken by /fhir/{type}/{id}
    Component(validate.router, validate.startup),
    Component(bundle_router.router, bundle_router.startup),
    Component(fhir_rest.router),
    Component(smart_router),
    Component(metrics_router),
    Component(domain_api.router, domain_api.startup),
    # redaction before chat: the chat service redacts transcripts with app.state.redactor
    Component(redaction.router, redaction.startup),
    Component(chat.router, chat.startup),
    Component(kb_pages.router, kb_pages.startup),
]


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings()
    configure_logging(settings.log_level)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        settings.data_dir.mkdir(parents=True, exist_ok=True)
        store = build_store(settings)
        store.migrate()
        app.state.store = store
        app.state.capabilities = Capabilities()
        app.state.fhir = build_fhir_service(store, settings)
        for component in COMPONENTS:
            if component.startup is not None:
                component.startup(app, settings)
        freeze_startup_heap()
        try:
            yield
        finally:
            release_startup_heap()
            store.close()

    app = FastAPI(
        title="homecare",
        version="0.1.0",
        lifespan=lifespan,
        docs_url="/docs",
        redoc_url=None,
        dependencies=[Depends(reject_nul)],
    )
    app.state.settings = settings
    install_error_handlers(app)
    app.add_middleware(BodySizeLimit, max_bytes=settings.max_body_bytes)
    app.add_middleware(AccessLog)
    for component in COMPONENTS:
        app.include_router(component.router)
    return app


app = create_app()
