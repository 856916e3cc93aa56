"""A real FHIR client library (fhirclient) talks to the running server over HTTP."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fhirclient import client as fhir_client
from fhirclient.models.humanname import HumanName
from fhirclient.models.patient import Patient

from gateway.settings import Settings
from tests.servers import running_server


@pytest.fixture
def server_url(settings: Settings) -> Iterator[str]:
    with running_server(settings) as base:
        yield f"{base}/fhir"


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
