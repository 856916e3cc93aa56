"""Server-assigned ids are UUIDv7: valid FHIR ids, unique, and ordered by creation time."""

from __future__ import annotations

import time
import uuid

from gateway.fhir.ids import new_id
from gateway.fhir.incoming import ID_PATTERN


def test_ids_are_version_7_uuids_and_valid_fhir_ids():
    ids = [new_id() for _ in range(1000)]
    assert len(set(ids)) == 1000
    for value in ids[:50]:
        parsed = uuid.UUID(value)
        assert (parsed.version, parsed.variant) == (7, uuid.RFC_4122)
        assert ID_PATTERN.match(value)


def test_ids_sort_by_creation_time():
    first = new_id()
    time.sleep(0.002)
    second = new_id()
    assert first < second
    millis = int(uuid.UUID(second).hex[:12], 16)
    assert abs(millis - time.time_ns() // 1_000_000) < 5_000
