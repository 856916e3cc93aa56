"""Access logs and metrics name routes, never the values in them (query strings carry PHI)."""

from __future__ import annotations

from fastapi.testclient import TestClient

from gateway.app import create_app


def test_access_log_has_route_template_not_query(settings, capsys):
    with TestClient(create_app(settings)) as client:
        capsys.readouterr()
        client.get("/fhir/Patient?family=Okonkwo&birthdate=1939-02-11")
        logged = capsys.readouterr().err
    assert '"route": "/fhir/{rtype}"' in logged
    assert "Okonkwo" not in logged and "1939" not in logged


def test_metrics_count_requests_by_route(client):
    client.get("/fhir/Patient/nobody")
    text = client.get("/metrics").text
    assert 'homecare_http_requests_total{method="GET",route="/fhir/{rtype}/{res_id}",status="404"}' in text
