"""A real FHIR client library (fhirclient) talks to the running server over HTTP."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator

import pytest
import uvicorn
from fhirclient import client as fhir_client
from fhirclient.models.humanname import HumanName
from fhirclient.models.patient import Patient

from gateway.app import create_app
from gateway.settings import Settings


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def server_url(settings: Settings) -> Iterator[str]:
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    app = create_app(settings.model_copy(update={"base_url": base}))
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 60
    while not server.started:
        if time.monotonic() > deadline:
            raise RuntimeError("server did not start")
        time.sleep(0.05)
    yield f"{base}/fhir"
    server.should_exit = True
    thread.join(timeout=10)


def test_fhirclient_create_read_update_delete(server_url):
    smart = fhir_client.FHIRClient(settings={"app_id": "homecare-tests", "api_base": server_url})
    patient = Patient({"gender": "female", "birthDate": "1941-07-09"})
    name = HumanName()
    name.family, name.given = "Okafor", ["Grace"]
    patient.name = [name]

    created = patient.create(smart.server)
    assert created is not None and created["id"]
    pid = created["id"]

    fetched = Patient.read(pid, smart.server)
    assert fetched.name[0].family == "Okafor"
    assert fetched.birthDate.isostring == "1941-07-09"

    fetched.gender = "other"
    fetched.update(smart.server)
    assert Patient.read(pid, smart.server).gender == "other"
    assert Patient.read(pid, smart.server).meta.versionId == "2"

    fetched.delete(smart.server)
    with pytest.raises(Exception) as gone:
        Patient.read(pid, smart.server)
    assert "410" in str(gone.value)
