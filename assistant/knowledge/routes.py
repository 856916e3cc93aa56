"""HTTP: ``GET /assistant/kb/{slug}``, a knowledge article as a page (what citations link to)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, FastAPI, HTTPException, Request
from fastapi.responses import HTMLResponse

from assistant.knowledge.pages import ArticlePages

router = APIRouter(tags=["assistant"])


@router.get("/assistant/kb/{slug}", response_class=HTMLResponse)
async def article(slug: str, request: Request) -> HTMLResponse:
    """One of the guides the assistant answers from, with its attribution."""
    page = request.app.state.kb_pages.render(slug)
    if page is None:
        raise HTTPException(status_code=404, detail=f"no knowledge article {slug!r}")
    return HTMLResponse(page, headers={"Cache-Control": "public, max-age=300"})


def startup(app: FastAPI, settings: Any) -> None:
    app.state.kb_pages = ArticlePages(
        settings.knowledge_dir, nurse_name=settings.nurse_line, nurse_phone=settings.nurse_line_phone
    )
