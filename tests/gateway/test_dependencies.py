"""Every route dependency is a coroutine: FastAPI runs a plain ``def`` one in its thread pool, a
thread hop per dependency per request (see ``gateway/deps.py``)."""

from __future__ import annotations

import inspect
from collections.abc import Iterator
from typing import Any

from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute

from gateway.app import create_app
from gateway.settings import Settings


def _dependencies(dependant: Dependant) -> Iterator[Dependant]:
    for sub in dependant.dependencies:
        yield sub
        yield from _dependencies(sub)


def _routes(routes: list[Any]) -> Iterator[APIRoute]:
    """API routes, also inside included routers (FastAPI 0.165+ keeps those as routers of their own)."""
    for route in routes:
        if isinstance(route, APIRoute):
            yield route
        inner = getattr(route, "original_router", None)
        if inner is not None:
            yield from _routes(inner.routes)


def test_no_route_dependency_needs_a_thread(tmp_path):
    app = create_app(Settings(data_dir=tmp_path))
    routes = list(_routes(app.routes))
    checked = {sub.call for route in routes for sub in _dependencies(route.dependant) if sub.call is not None}
    checked |= {d.dependency for d in app.router.dependencies if d.dependency is not None}
    assert len(routes) > 20 and len(checked) >= 8  # the app's routes and dependencies were all seen
    blocking = [call for call in checked if not inspect.iscoroutinefunction(call)]
    assert sorted(f"{call.__module__}.{call.__qualname__}" for call in blocking) == []
