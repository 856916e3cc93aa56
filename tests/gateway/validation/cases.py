"""Helpers for table-driven profile tests: load an example, break one thing, name what must be reported."""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path
from typing import Any

EXAMPLES = Path(__file__).resolve().parents[3] / "fhir_profiles" / "examples"
DELETE = object()
_STEP = re.compile(r"(\w+)(?:\[(\d+)\])?")


def example(name: str) -> dict[str, Any]:
    return json.loads((EXAMPLES / f"{name}.json").read_text())


def mutate(resource: dict[str, Any], path: str, value: Any) -> dict[str, Any]:
    """Copy with ``path`` (``a.b[0].c``) set to ``value`` (appended at index len, removed with DELETE)."""
    out = copy.deepcopy(resource)
    steps = [(m.group(1), m.group(2)) for m in _STEP.finditer(path)]
    node: Any = out
    for name, index in steps[:-1]:
        node = node[name] if index is None else node[name][int(index)]
    name, index = steps[-1]
    if value is DELETE:
        if index is None:
            del node[name]
        else:
            del node[name][int(index)]
    elif index is None:
        node[name] = value
    elif int(index) == len(node[name]):
        node[name].append(value)
    else:
        node[name][int(index)] = value
    return out
