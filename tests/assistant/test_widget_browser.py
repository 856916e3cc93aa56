"""The chat page in a real browser (Debian's chromium through Playwright): ask, get a cited answer,
and an emergency gets the escalation styling."""

from __future__ import annotations

import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn

from gateway.app import create_app
from gateway.settings import Settings

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
pytestmark = pytest.mark.browser


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def site(kb_settings: Settings) -> Iterator[str]:
    port = _free_port()
    app = create_app(kb_settings.model_copy(update={"base_url": f"http://127.0.0.1:{port}"}))
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 120
    while not server.started:
        assert time.monotonic() < deadline, "server did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


@pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="needs Debian chromium (apt-get install chromium)")
def test_chat_page_answers_with_citations_and_escalates(site):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM, args=["--no-sandbox", "--disable-background-networking", "--disable-gpu"]
        )
        page = browser.new_page()
        page.goto(f"{site}/chat")
        page.fill(".hc-form input", "does medicare pay for physical therapy at home?")
        page.click(".hc-form button")
        answer = page.wait_for_selector(".hc-bot.hc-answer", timeout=30_000)
        assert "medicare" in answer.inner_text().lower()
        titles = page.locator(".hc-cites a").all_inner_texts()
        assert titles and len(titles) == len(set(titles)), titles  # each guide named once

        page.fill(".hc-form input", "my picc line is red and swollen and I have chills")
        page.click(".hc-form button")
        escalation = page.wait_for_selector(".hc-bot.hc-escalation", timeout=30_000)
        assert "911" in escalation.inner_text() or "nurse" in escalation.inner_text().lower()
        browser.close()
