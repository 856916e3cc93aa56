"""The start-up heap is frozen while the app serves and handed back when it stops."""

from __future__ import annotations

import gc

from fastapi.testclient import TestClient

from gateway.app import create_app
from gateway.settings import Settings


def test_startup_objects_are_frozen_while_serving_and_released_after(tmp_path):
    gc.unfreeze()
    with TestClient(create_app(Settings(data_dir=tmp_path, build_index_on_start=False))) as client:
        assert client.get("/fhir/metadata").status_code == 200
        assert gc.get_freeze_count() > 100_000  # the tables and models loaded at start-up
    assert gc.get_freeze_count() == 0
