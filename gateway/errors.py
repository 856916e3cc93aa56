"""One exception family for the whole gateway, rendered as an OperationOutcome in one place.

Services raise these; routers never build error responses themselves. Anything that is not a
``FhirError`` is turned into one at the edge (framework 404/405, request validation, malformed
JSON), and an unexpected exception is still answered with an OperationOutcome rather than an HTML
page.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import structlog
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import Response
from starlette.exceptions import HTTPException as StarletteHTTPException

log = structlog.get_logger(__name__)

FHIR_JSON = "application/fhir+json"


@dataclass(frozen=True)
class Issue:
    diagnostics: str
    code: str = "invalid"
    severity: str = "error"
    expression: list[str] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"severity": self.severity, "code": self.code, "diagnostics": self.diagnostics}
        if self.expression:
            out["expression"] = list(self.expression)
        return out


def operation_outcome(issues: list[Issue]) -> dict[str, Any]:
    return {"resourceType": "OperationOutcome", "issue": [i.as_json() for i in issues]}


class FhirError(Exception):
    """Base of every error the gateway reports to a client."""

    status: int = 400
    code: str = "invalid"

    def __init__(
        self,
        diagnostics: str = "",
        *,
        expression: str | list[str] | None = None,
        issues: list[Issue] | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(diagnostics)
        if issues is None:
            exprs = [expression] if isinstance(expression, str) else list(expression or [])
            issues = [Issue(diagnostics or self.__class__.__name__, self.code, "error", exprs)]
        self.issues = issues
        self.headers = headers or {}

    @property
    def diagnostics(self) -> str:
        return "; ".join(i.diagnostics for i in self.issues)

    def outcome(self) -> dict[str, Any]:
        return operation_outcome(self.issues)


class BadRequest(FhirError):
    status, code = 400, "invalid"


class InvalidResource(FhirError):
    """The resource is well-formed JSON but breaks the FHIR rules."""

    status, code = 422, "invalid"


class Unauthorized(FhirError):
    status, code = 401, "login"


class Forbidden(FhirError):
    status, code = 403, "forbidden"


class NotFound(FhirError):
    status, code = 404, "not-found"


class MethodNotAllowed(FhirError):
    status, code = 405, "not-supported"


class NotAcceptable(FhirError):
    status, code = 406, "not-supported"


class Conflict(FhirError):
    status, code = 409, "conflict"


class Gone(FhirError):
    status, code = 410, "deleted"


class PreconditionFailed(FhirError):
    status, code = 412, "conflict"


class PayloadTooLarge(FhirError):
    status, code = 413, "too-costly"


class UnsupportedMediaType(FhirError):
    status, code = 415, "not-supported"


class NotImplementedOperation(FhirError):
    status, code = 501, "not-supported"


def _loc_to_expression(loc: tuple[Any, ...]) -> str:
    parts: list[str] = []
    for item in loc:
        if item in ("body", "query", "path", "header"):
            continue
        if isinstance(item, int):
            parts.append(f"[{item}]")
        else:
            parts.append(("." if parts else "") + str(item))
    return "".join(parts) or "body"


def validation_issues(errors: list[dict[str, Any]], prefix: str = "") -> list[Issue]:
    """Turn pydantic errors into issues whose expression names the element (FHIRPath-like)."""
    issues = []
    for err in errors:
        expr = _loc_to_expression(tuple(err.get("loc", ())))
        if prefix:
            expr = prefix if expr == "body" else f"{prefix}.{expr}" if not expr.startswith("[") else prefix + expr
        msg = str(err.get("msg", "invalid value"))
        code = "structure" if err.get("type") == "extra_forbidden" else "invalid"
        if err.get("type") == "extra_forbidden":
            msg = f"Unknown element '{expr.rsplit('.', 1)[-1]}'"
        elif err.get("type") == "missing":
            code = "required"
        issues.append(Issue(msg, code, "error", [expr]))
    return issues


async def reject_nul(request: Request) -> None:
    """NUL cannot be stored or searched (PostgreSQL refuses it in text), so no URL may carry one."""
    params = request.query_params.multi_items()
    if "\x00" in request.url.path or any("\x00" in k or "\x00" in v for k, v in params):
        raise BadRequest("NUL characters are not allowed in URLs", expression="url")


def _render(status: int, outcome: dict[str, Any], headers: dict[str, str] | None = None) -> Response:
    import orjson

    return Response(orjson.dumps(outcome), status_code=status, media_type=FHIR_JSON, headers=headers)


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(FhirError)
    async def _fhir_error(_: Request, exc: FhirError) -> Response:
        return _render(exc.status, exc.outcome(), exc.headers)

    @app.exception_handler(RequestValidationError)
    async def _request_validation(_: Request, exc: RequestValidationError) -> Response:
        # FastAPI's own handler cannot serialise every pydantic error context; ours only keeps strings.
        issues = validation_issues(list(exc.errors()))
        return _render(422, operation_outcome(issues))

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(_: Request, exc: StarletteHTTPException) -> Response:
        code = {404: "not-found", 405: "not-supported"}.get(exc.status_code, "processing")
        issue = Issue(str(exc.detail), code)
        return _render(exc.status_code, operation_outcome([issue]), getattr(exc, "headers", None))

    @app.exception_handler(RecursionError)
    async def _too_deep(_: Request, exc: RecursionError) -> Response:
        # a document nested deeper than any FHIR resource is the client's problem, not a crash
        return _render(400, operation_outcome([Issue("Request body is nested too deeply", "structure")]))

    @app.exception_handler(Exception)
    async def _unexpected(_: Request, exc: Exception) -> Response:
        log.exception("unhandled_error", error_type=type(exc).__name__)
        return _render(500, operation_outcome([Issue("Internal server error", "exception")]))
