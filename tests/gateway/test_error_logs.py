"""An unhandled error logs where it happened, never the values it held (they can be PHI)."""

from __future__ import annotations

import logging
import sys
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from gateway.app import create_app
from gateway.logging import LocationsOnlyFormatter, code_locations
from gateway.settings import Settings

SECRET = "Mary Jones, MRN 00482913, 617-555-0199"


def _fail() -> None:
    raise ValueError(f"cannot store {SECRET}")


def test_code_locations_keep_type_and_frames_but_no_message() -> None:
    try:
        try:
            _fail()
        except ValueError as exc:
            raise RuntimeError(SECRET) from exc
    except RuntimeError as exc:
        rendered = code_locations(exc)
    assert rendered.startswith("RuntimeError at ")
    assert "test_error_logs.py" in rendered and "in _fail" in rendered and "ValueError" in rendered
    assert "Mary" not in rendered and "00482913" not in rendered and "555-0199" not in rendered


def test_the_standard_library_formatter_drops_values_too() -> None:
    try:
        _fail()
    except ValueError:
        record = logging.LogRecord(
            "uvicorn.error", logging.ERROR, __file__, 1, "Exception in ASGI application", None, sys.exc_info()
        )
    text = LocationsOnlyFormatter("%(message)s").format(record)
    assert "Exception in ASGI application" in text and "in _fail" in text and "Mary" not in text


def test_an_unhandled_error_leaves_no_phi_in_the_log(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    app = create_app(Settings(data_dir=tmp_path))

    @app.get("/boom")
    def boom() -> None:
        _fail()

    with TestClient(app, raise_server_exceptions=False) as client:
        assert client.get("/boom").status_code == 500
    logged = capsys.readouterr().err
    assert "unhandled_error" in logged and "in _fail" in logged
    assert "Mary" not in logged and "00482913" not in logged and "555-0199" not in logged
