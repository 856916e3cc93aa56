"""What to send: files and folders become units of work, each one Bundle with a stable key.

A ``.json`` file is sent as it is (a Bundle) or, if it holds a single resource, wrapped in a one-entry
transaction. An ``.ndjson`` file (one resource a line, as FHIR bulk export writes them) is cut into
Bundles of ``chunk`` lines. Resources that carry an id are sent as ``PUT Type/id``, so sending a unit
twice after a crash does not duplicate them.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson

SUFFIXES = (".json", ".ndjson")


@dataclass(frozen=True)
class Unit:
    key: str  # "path" or "path#first-line": what the journal records
    body: bytes
    entries: int


def discover(paths: list[Path]) -> list[Path]:
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files += sorted(p for p in path.rglob("*") if p.is_file() and p.suffix in SUFFIXES)
        else:
            files.append(path)
    return files


def entry_for(resource: dict[str, Any]) -> dict[str, Any]:
    rtype, res_id = resource.get("resourceType"), resource.get("id")
    request = {"method": "PUT", "url": f"{rtype}/{res_id}"} if res_id else {"method": "POST", "url": rtype}
    return {"resource": resource, "request": request}


def wrap(resources: list[dict[str, Any]], kind: str) -> bytes:
    return orjson.dumps({"resourceType": "Bundle", "type": kind, "entry": [entry_for(r) for r in resources]})


def units(path: Path, *, chunk: int, kind: str) -> Iterator[Unit]:
    if path.suffix == ".ndjson":
        yield from _ndjson_units(path, chunk=chunk, kind=kind)
        return
    body = path.read_bytes()
    doc = orjson.loads(body)
    if doc.get("resourceType") == "Bundle":
        yield Unit(str(path), body, len(doc.get("entry") or []))
    else:
        yield Unit(str(path), wrap([doc], "transaction"), 1)


def _ndjson_units(path: Path, *, chunk: int, kind: str) -> Iterator[Unit]:
    batch: list[dict[str, Any]] = []
    first = 1
    with path.open("rb") as fh:
        for number, line in enumerate(fh, start=1):
            if not line.strip():
                continue
            if not batch:
                first = number
            batch.append(orjson.loads(line))
            if len(batch) >= chunk:
                yield Unit(f"{path}#{first}", wrap(batch, kind), len(batch))
                batch = []
    if batch:
        yield Unit(f"{path}#{first}", wrap(batch, kind), len(batch))
