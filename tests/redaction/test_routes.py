"""POST /assistant/redact per ARCHITECTURE.md, and the app wiring (redactor on app.state, log processor)."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient

from assistant.redaction.service import Redactor
from gateway.app import create_app
from gateway.settings import Settings


def test_redact_route_contract(tmp_path: Path) -> None:
    text = "Hi, I'm Rose Tyler, DOB 01/02/1930, Vancomycin 1 g every 12 hours"
    with TestClient(create_app(Settings(data_dir=tmp_path))) as client:
        assert isinstance(client.app.state.redactor, Redactor)  # type: ignore[attr-defined]
        response = client.post("/assistant/redact", json={"text": text})
    assert response.status_code == 200
    body = response.json()
    assert body["text"] == "Hi, I'm <PERSON_1>, DOB <DATE_OF_BIRTH_1>, Vancomycin 1 g every 12 hours"
    assert [(text[e["start"] : e["end"]], e["type"]) for e in body["entities"]] == [
        ("Rose Tyler", "PERSON"),
        ("01/02/1930", "DATE_OF_BIRTH"),
    ]
    assert all(set(e) == {"start", "end", "type", "score"} and 0 < e["score"] <= 1 for e in body["entities"])


def test_redact_route_rejects_missing_text(tmp_path: Path) -> None:
    with TestClient(create_app(Settings(data_dir=tmp_path))) as client:
        assert client.post("/assistant/redact", json={}).status_code in {400, 422}
        assert client.post("/assistant/redact", json={"text": ""}).json() == {"text": "", "entities": []}


def test_redact_route_bounds_the_text_and_survives_lone_surrogates(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path, max_redact_chars=1000)
    with TestClient(create_app(settings), raise_server_exceptions=False) as client:
        too_long = client.post("/assistant/redact", json={"text": "Mary Jones " * 200})
        assert too_long.status_code == 413
        assert too_long.json()["issue"][0]["expression"] == ["text"]
        raw = b'{"text": "hi \\ud800 my name is Mary Jones"}'
        response = client.post("/assistant/redact", content=raw, headers={"content-type": "application/json"})
    assert response.status_code == 200
    body = response.json()
    assert "Mary Jones" not in body["text"] and "\ufffd" in body["text"]
    assert [e["type"] for e in body["entities"]] == ["PERSON"]


def test_redact_route_is_behind_auth_when_auth_is_on(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path, auth=True, auth_tokens=["s3cret"])
    with TestClient(create_app(settings)) as client:
        assert client.post("/assistant/redact", json={"text": "Mary Jones"}).status_code == 401
        allowed = client.post(
            "/assistant/redact", json={"text": "Mary Jones"}, headers={"authorization": "Bearer s3cret"}
        )
        assert allowed.status_code == 200
