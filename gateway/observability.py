"""Access logs and Prometheus metrics that never carry PHI.

Query strings (``Patient?family=Rivera&birthdate=1941-07-09``) are PHI, so uvicorn's own access log
is off (see ``homecare serve``) and this middleware logs the method, the route *template*
(``/fhir/{rtype}/{res_id}``), the status and the duration; metrics are labelled the same way.
"""

from __future__ import annotations

import time

import structlog
from fastapi import APIRouter, Response
from prometheus_client import CONTENT_TYPE_LATEST, Counter, Histogram, generate_latest
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from gateway.logging import Trusted

log = structlog.get_logger("homecare.access")

REQUESTS = Counter("homecare_http_requests_total", "HTTP requests", ["method", "route", "status"])
LATENCY = Histogram(
    "homecare_http_request_seconds",
    "HTTP request latency",
    ["method", "route"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
)


class AccessLog:
    """Pure ASGI (no BaseHTTPMiddleware): it adds no task hop to every request."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        start = time.perf_counter()
        status = 500

        async def capture(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, capture)
        finally:
            elapsed = time.perf_counter() - start
            # the router fills scope["route"] in place; its path is the template, never the values
            route = getattr(scope.get("route"), "path", "unmatched")
            method = scope["method"]
            REQUESTS.labels(method, route, str(status)).inc()
            LATENCY.labels(method, route).observe(elapsed)
            log.info(
                Trusted("request"),
                method=Trusted(method),
                route=Trusted(route),
                status=status,
                ms=round(elapsed * 1000, 1),
            )


metrics_router = APIRouter(tags=["Operations"])


@metrics_router.get("/metrics", include_in_schema=False)
def metrics() -> Response:
    return Response(generate_latest(), media_type=CONTENT_TYPE_LATEST)
