"""A full patient chat and a referral intake, seeded with PHI: none of it reaches logs or transcripts."""

from __future__ import annotations

import logging
from pathlib import Path

from fastapi.testclient import TestClient

from assistant.redaction.testing import SEEDED_PHI, SEEDED_PHI_ES, leaked_phi
from gateway.app import create_app
from gateway.settings import Settings
from tests.gateway.api.examples import referral

P = SEEDED_PHI
ES = SEEDED_PHI_ES


def test_chat_and_intake_leave_no_phi_in_logs_or_transcripts(kb_settings: Settings, tmp_path: Path, capsys, caplog):
    settings = kb_settings.model_copy(update={"log_level": "DEBUG"})
    caplog.set_level(logging.DEBUG)
    with TestClient(create_app(settings)) as client:
        turns = [
            f"Hi, I'm {P['name']}, {P['birth_date']}, call me at {P['phone']}. Does Medicare pay for PT at home?",
            f"and who pays for it? I live at {P['address']}, my Medicare number is {P['mbi']}",
            f"my {P['member_id']} and {P['mrn']}, email {P['email']} - my picc line is red and I have chills",
            f"hola, {ES['intro']}, {ES['birth_date']}, {ES['phone']}. {ES['discharge']} y {ES['age']}. "
            "¿Medicare paga la terapia en casa?",
        ]
        conversation = None
        kinds = []
        for text in turns:
            r = client.post("/assistant/chat", json={"message": text, "conversation_id": conversation})
            assert r.status_code == 200, r.text
            conversation = r.json()["conversation_id"]
            kinds.append(r.json()["kind"])
        assert kinds[2] == "escalation"

        patient = {
            **referral()["patient"],
            "name": P["name"],
            "phone": P["phone"],
            "email": P["email"],
            "mrn": "00482913",
        }
        created = client.post("/api/referrals", json=referral(patient=patient, notes=f"Lives at {P['address']}"))
        assert created.status_code == 201, created.text
        rejected = client.post("/api/referrals", json=referral(patient={**patient, "birth_date": "03/14/1931"}))
        assert rejected.status_code == 422
        client.get(f"/fhir/Patient?name={P['name']}&telecom={P['phone']}")

    captured = capsys.readouterr()
    # the test client's own request log (httpx) is the caller's, not the product's
    server_records = [r for r in caplog.records if not r.name.startswith("httpx")]
    logs = captured.out + captured.err + "\n".join(r.getMessage() for r in server_records)
    transcripts = "\n".join(p.read_text() for p in settings.data_dir.rglob("*.jsonl"))
    assert transcripts, "the conversation was stored (redacted)"
    assert '"chat_turn"' in logs and "Medicare" in logs, "the questions were logged (redacted)"
    assert leaked_phi(logs) == []
    assert leaked_phi(transcripts) == []
