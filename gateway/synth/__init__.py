"""Synthetic home-care records as transaction Bundles, for demos, tests and benchmarks."""

from __future__ import annotations

import random
from collections.abc import Iterator
from typing import Any

from gateway.synth.records import patient_bundle


def synth_bundles(patients: int, seed: int = 0) -> Iterator[dict[str, Any]]:
    """One transaction Bundle per patient; the same ``(patients, seed)`` always yields the same data."""
    for index in range(patients):
        yield patient_bundle(index, random.Random(f"{seed}:{index}"))


def merge_bundles(bundles: list[dict[str, Any]]) -> dict[str, Any]:
    """Several patients' Bundles as one transaction; shared parties (same fullUrl) appear once."""
    seen: set[str] = set()
    entries = []
    for bundle in bundles:
        for entry in bundle["entry"]:
            if entry["fullUrl"] not in seen:
                seen.add(entry["fullUrl"])
                entries.append(entry)
    return {"resourceType": "Bundle", "type": "transaction", "entry": entries}


__all__ = ["merge_bundles", "synth_bundles"]
