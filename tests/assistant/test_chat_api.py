"""``POST /assistant/chat``, ``GET /widget.js`` and ``GET /chat`` through the real app."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from gateway.app import create_app
from gateway.settings import Settings
from tests.assistant.conftest import KNOWLEDGE

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def chat_client(tmp_path_factory: pytest.TempPathFactory, embedder: object) -> Iterator[TestClient]:
    data_dir = tmp_path_factory.mktemp("chat-api")
    settings = Settings(
        data_dir=data_dir,
        knowledge_dir=KNOWLEDGE,
        nurse_line="the nurse line",
        nurse_line_phone="555-0100",
        base_url="https://care.example.org",
    )
    with TestClient(create_app(settings)) as client:
        yield client


def ask(client: TestClient, message: str, conversation_id: str | None = None) -> dict:
    response = client.post("/assistant/chat", json={"message": message, "conversation_id": conversation_id})
    assert response.status_code == 200, response.text
    return response.json()


def test_an_answer_follows_the_contract(chat_client: TestClient) -> None:
    body = ask(chat_client, "does medicare cover home infusion?")
    assert set(body) == {"conversation_id", "kind", "reply", "citations"}
    assert body["kind"] == "answer" and "Medicare" in body["reply"]
    assert body["conversation_id"]
    citation = body["citations"][0]
    assert set(citation) == {"title", "source", "snippet"}
    # citations send patients to the provider's own copy of the guide, which exists
    assert citation["source"].startswith("https://care.example.org/assistant/kb/")
    page = chat_client.get(citation["source"].removeprefix("https://care.example.org"))
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert citation["title"] in page.text


def test_an_answer_reads_like_an_answer(chat_client: TestClient) -> None:
    body = ask(chat_client, "what happens at the first home infusion visit?")
    reply = body["reply"]
    assert body["kind"] == "answer"
    assert len(reply.split()) <= 130
    assert "?\n" not in reply and "#" not in reply  # no pasted headings
    sentences = [s.strip() for s in reply.replace("\n", " ").split(". ") if s.strip()]
    assert len(sentences) == len(set(sentences))


def test_a_two_part_question_gets_both_parts(chat_client: TestClient) -> None:
    body = ask(chat_client, "does medicare pay for the infusion pump? and what happens at the first therapy visit")
    assert body["kind"] == "answer"
    titles = " ".join(c["title"] for c in body["citations"]).lower()
    assert "medicare" in titles or "insurance" in titles
    assert len(body["citations"]) >= 2


def test_knowledge_pages_keep_their_attribution(chat_client: TestClient) -> None:
    page = chat_client.get("/assistant/kb/medicare-home-infusion-coverage")
    assert page.status_code == 200
    assert "brightstarcare.com" in page.text and "last reviewed" in page.text and "555-0100" in page.text
    assert chat_client.get("/assistant/kb/no-such-guide").status_code == 404
    assert chat_client.get("/assistant/kb/..%2F..%2Fetc%2Fpasswd").status_code == 404


def test_spanish_questions_get_a_spanish_lead_with_the_nurse_line(chat_client: TestClient) -> None:
    body = ask(chat_client, "¿Medicare paga la infusión en casa?")
    assert body["kind"] == "answer"
    assert "555-0100" in body["reply"] and "Puedo responder" in body["reply"]


def test_emergencies_are_escalated_with_911_and_the_nurse_line(chat_client: TestClient) -> None:
    body = ask(chat_client, "my catheter site is red, swollen and oozing")
    assert body["kind"] == "escalation" and body["citations"] == []
    assert "555-0100" in body["reply"] and "911" in body["reply"]


def test_off_topic_questions_are_refused_with_what_it_can_help_with(chat_client: TestClient) -> None:
    body = ask(chat_client, "what's the best pizza place near me")
    assert body["kind"] == "refusal" and "home infusion" in body["reply"]


def test_clinical_questions_are_refused(chat_client: TestClient) -> None:
    body = ask(chat_client, "should I double my vancomycin dose")
    assert body["kind"] == "refusal" and "pharmacist" in body["reply"]


def test_a_conversation_continues_with_its_id(chat_client: TestClient) -> None:
    first = ask(chat_client, "what is home infusion therapy?")
    follow = ask(chat_client, "and who pays for it?", first["conversation_id"])
    assert follow["conversation_id"] == first["conversation_id"]
    assert follow["kind"] == "answer"


@pytest.mark.parametrize(
    "payload",
    [
        {},
        {"message": ""},
        {"message": "   "},
        {"message": 5},
        {"message": "x" * 5000},
        ["not", "an object"],
        # conversation ids are logged and stored: only a plain token is accepted
        {"message": "hi", "conversation_id": "<script>alert(1)</script>"},
        {"message": "hi", "conversation_id": "Mary Jones 555-0199"},
    ],
)
def test_malformed_requests_are_client_errors(chat_client: TestClient, payload: object) -> None:
    response = chat_client.post("/assistant/chat", json=payload)
    assert 400 <= response.status_code < 500


def test_transcripts_hold_only_redacted_text(chat_client: TestClient) -> None:
    ask(chat_client, "my phone is 617-555-0199, how do I schedule my therapy visits?")
    written = "".join(p.read_text() for p in (chat_client.app.state.settings.data_dir / "transcripts").glob("*.jsonl"))
    records = [json.loads(line) for line in written.splitlines()]
    assert records and all({"conversation_id", "user", "kind", "reply"} <= set(r) for r in records)
    assert "617-555-0199" not in written


def test_widget_script_and_demo_page_are_served(chat_client: TestClient) -> None:
    script = chat_client.get("/widget.js")
    assert script.status_code == 200
    assert script.headers["content-type"].startswith("text/javascript")
    assert "/assistant/chat" in script.text
    page = chat_client.get("/chat")
    assert page.status_code == 200 and '<script src="/widget.js"' in page.text


def test_the_index_is_built_on_start_and_reused(chat_client: TestClient) -> None:
    data_dir: Path = chat_client.app.state.settings.data_dir
    assert (data_dir / "chroma").is_dir()
    assert chat_client.app.state.assistant.retriever.passages
