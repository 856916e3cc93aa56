"""HTTP: ``POST /assistant/chat``, the embeddable widget (``GET /widget.js``) and a demo page (``GET /chat``)."""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Annotated, Any, Literal

import structlog
from fastapi import APIRouter, Depends, FastAPI, HTTPException, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, Response
from pydantic import BaseModel, Field

from assistant.chat.service import Assistant, build_assistant
from gateway.logging import Trusted

log = structlog.get_logger("homecare.assistant")

router = APIRouter(tags=["assistant"])


class ChatRequest(BaseModel):
    message: str = Field(min_length=1, max_length=2000, description="What the patient typed.")
    conversation_id: str | None = Field(
        None,
        max_length=64,
        pattern=r"^[A-Za-z0-9_-]{1,64}$",
        description="Returned by the previous reply. Letters, digits, '-' and '_' only: it is logged and stored.",
    )


class CitationOut(BaseModel):
    title: str
    source: str
    snippet: str


class ChatResponse(BaseModel):
    conversation_id: str
    kind: Literal["answer", "refusal", "escalation"]
    reply: str
    citations: list[CitationOut]


async def get_assistant(request: Request) -> Assistant:
    assistant = getattr(request.app.state, "assistant", None)
    if assistant is None:
        raise HTTPException(status_code=503, detail="The assistant is starting; please try again shortly.")
    return assistant


AssistantDep = Annotated[Assistant, Depends(get_assistant)]


@router.post("/assistant/chat", response_model=ChatResponse)
async def chat(body: ChatRequest, assistant: AssistantDep) -> ChatResponse:
    """Answer from the knowledge base with citations, refuse, or escalate an emergency."""
    if not body.message.strip():
        raise HTTPException(status_code=422, detail="message is empty")
    reply = await run_in_threadpool(assistant.chat, body.message, body.conversation_id)
    # What patients ask is worth knowing; the log pipeline redacts the question (it is not Trusted).
    log.info(
        Trusted("chat_turn"),
        conversation_id=Trusted(reply.conversation_id),
        kind=Trusted(reply.kind),
        question=body.message,
        sources=[Trusted(c.title) for c in reply.citations],
    )
    return ChatResponse(
        conversation_id=reply.conversation_id,
        kind=reply.kind,  # type: ignore[arg-type]
        reply=reply.reply,
        citations=[CitationOut(title=c.title, source=c.source, snippet=c.snippet) for c in reply.citations],
    )


@cache
def _asset(name: str) -> str:
    return resources.files("assistant.web").joinpath(name).read_text(encoding="utf-8")


@router.get("/widget.js", include_in_schema=False)
def widget() -> Response:
    return Response(
        _asset("widget.js"),
        media_type="text/javascript; charset=utf-8",
        headers={"Cache-Control": "public, max-age=300"},
    )


@router.get("/chat", response_class=HTMLResponse, include_in_schema=False)
def chat_page() -> HTMLResponse:
    return HTMLResponse(_asset("chat.html"))


def startup(app: FastAPI, settings: Any) -> None:
    """Build the embedding model, the index and the retriever once, and share them through app.state."""
    app.state.assistant = build_assistant(settings, redactor=getattr(app.state, "redactor", None))
