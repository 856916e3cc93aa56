"""``POST /assistant/redact``: redact a text, return entities with offsets into the input."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, FastAPI, Request
from pydantic import BaseModel, Field

from assistant.redaction.service import Redactor
from gateway.auth import require_auth
from gateway.errors import PayloadTooLarge

# An internal tool for coordinators and services, not a public endpoint: behind the API's auth.
router = APIRouter(prefix="/assistant", tags=["assistant"], dependencies=[Depends(require_auth)])


class RedactRequest(BaseModel):
    text: str = Field(description="Text that may contain PHI.")


class EntityOut(BaseModel):
    start: int
    end: int
    type: str
    score: float


class RedactResponse(BaseModel):
    text: str = Field(description="The text with every identifier replaced by a typed placeholder.")
    entities: list[EntityOut] = Field(description="What was found; offsets index the input text.")


async def get_redactor(request: Request) -> Redactor:
    return request.app.state.redactor


RedactorDep = Annotated[Redactor, Depends(get_redactor)]


@router.post("/redact", response_model=RedactResponse)
def redact(body: RedactRequest, redactor: RedactorDep, request: Request) -> RedactResponse:
    """One-way redaction (no conversation, nothing sealed). Text is bounded: the analysis costs memory
    and time in proportion to it (900,000 characters took minutes and gigabytes)."""
    limit = request.app.state.settings.max_redact_chars
    if len(body.text) > limit:
        raise PayloadTooLarge(f"text is {len(body.text)} characters; at most {limit} are accepted", expression=["text"])
    result = redactor.redact(body.text)
    return RedactResponse(text=result.text, entities=[EntityOut(**entity.as_dict()) for entity in result.entities])


def startup(app: FastAPI, settings: object) -> None:
    """Build the Redactor once, share it on ``app.state``, and scrub every log line with it."""
    from assistant.redaction.logging import redaction_processor
    from gateway.logging import register_processor

    existing = getattr(app.state, "redactor", None)
    redactor = existing if isinstance(existing, Redactor) else Redactor.from_settings(settings)
    app.state.redactor = redactor
    register_processor(redaction_processor(redactor))
