"""The chat page in a real browser (Debian's chromium through Playwright): ask, get a cited answer,
and an emergency gets the escalation styling."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from gateway.settings import Settings
from tests.servers import running_server

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
pytestmark = pytest.mark.browser


@pytest.fixture
def site(kb_settings: Settings) -> Iterator[str]:
    with running_server(kb_settings) as base:
        yield base


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
        # the numbers in an escalation are tap-to-call links, and it is announced assertively
        calls = page.locator(".hc-escalation a.hc-call")
        hrefs = [calls.nth(i).get_attribute("href") for i in range(calls.count())]
        assert "tel:911" in hrefs and any(h.startswith("tel:1800") for h in hrefs), hrefs
        assert escalation.get_attribute("role") == "alert"
        browser.close()
