"""Bearer-token check for the FHIR and domain APIs (off in development: HOMECARE_AUTH=false).

The CapabilityStatement and SMART discovery stay public, as clients need them to find out how
to authenticate.
"""

from __future__ import annotations

import hmac

from fastapi import APIRouter, Request

from gateway.errors import Unauthorized

PUBLIC_PATHS = {"/fhir/metadata"}


async def require_auth(request: Request) -> None:
    settings = request.app.state.settings
    if not settings.auth or request.url.path in PUBLIC_PATHS:
        return
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not any(hmac.compare_digest(token, t) for t in settings.auth_tokens):
        raise Unauthorized("A valid bearer token is required", headers={"WWW-Authenticate": "Bearer"})


smart_router = APIRouter(tags=["SMART"])


@smart_router.get("/.well-known/smart-configuration")
def smart_configuration(request: Request) -> dict[str, object]:
    """Discovery document; this server accepts pre-issued bearer tokens, it is not an OAuth server."""
    settings = request.app.state.settings
    return {
        "issuer": settings.base_url,
        "capabilities": [],
        "grant_types_supported": [],
        "token_endpoint_auth_methods_supported": [],
        "scopes_supported": [],
        "code_challenge_methods_supported": [],
    }
