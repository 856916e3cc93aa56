"""The ASGI application: one process serves the FHIR API, the domain API, the assistant and pages."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI

from gateway.auth import smart_router
from gateway.errors import install_error_handlers
from gateway.fhir.capability import Capabilities
from gateway.fhir.factory import build_fhir_service
from gateway.fhir.limits import BodySizeLimit
from gateway.fhir.operations.validate import router as validate_router
from gateway.fhir.router import router as fhir_router
from gateway.logging import configure_logging
from gateway.settings import Settings
from gateway.storage.factory import build_store

# Components that other packages plug in: each is (router, startup, shutdown) built from settings.
# They are listed here, explicitly, rather than discovered, so the app's shape is readable in one place.
Startup = Callable[[FastAPI, Settings], Any]


def _plugins() -> list[tuple[Any, Startup | None]]:
    plugins: list[tuple[Any, Startup | None]] = []
    from gateway.fhir.operations.validate import startup as validate_startup

    plugins.append((None, validate_startup))  # its router is mounted before the FHIR router below
    from gateway.fhir.bundle_router import router as bundle_router
    from gateway.fhir.bundle_router import startup as bundle_startup

    plugins.append((bundle_router, bundle_startup))
    from gateway.api.router import router as api_router
    from gateway.api.router import startup as api_startup

    plugins.append((api_router, api_startup))
    from assistant.redaction.routes import router as redaction_router
    from assistant.redaction.routes import startup as redaction_startup

    plugins.append((redaction_router, redaction_startup))
    from assistant.chat.routes import router as assistant_router
    from assistant.chat.routes import startup as assistant_startup

    plugins.append((assistant_router, assistant_startup))
    return plugins


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings()
    configure_logging(settings.log_level)
    plugins = _plugins()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        settings.data_dir.mkdir(parents=True, exist_ok=True)
        store = build_store(settings)
        store.migrate()
        app.state.store = store
        app.state.capabilities = Capabilities()
        app.state.fhir = build_fhir_service(store, settings)
        for _, startup in plugins:
            if startup is not None:
                startup(app, settings)
        try:
            yield
        finally:
            store.close()

    app = FastAPI(title="homecare", version="0.1.0", lifespan=lifespan, docs_url="/docs", redoc_url=None)
    app.state.settings = settings
    install_error_handlers(app)
    app.add_middleware(BodySizeLimit, max_bytes=settings.max_body_bytes)
    app.include_router(validate_router)  # first: /fhir/{type}/$validate must not match /fhir/{rtype}/{res_id}
    app.include_router(fhir_router)
    app.include_router(smart_router)
    for router, _ in plugins:
        if router is not None:
            app.include_router(router)
    return app


app = create_app()
