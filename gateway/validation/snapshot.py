"""Snapshot generation: a profile's differential applied to its base's snapshot.

Profiles are authored as differentials only; the snapshot the validator compiles is derived here,
so it can never disagree with the differential or the base (US Core or core FHIR). Pure function:
the caller supplies the base StructureDefinition and a lookup for data-type definitions (used when
a differential constrains inside a data type the base snapshot does not expand, e.g.
``Encounter.class.system``).
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

TypeLookup = Callable[[str], dict[str, Any] | None]
_LIST_MERGE = ("constraint",)  # differential constraints add to the inherited ones


def generate_snapshot(profile: dict[str, Any], base: dict[str, Any], types: TypeLookup) -> dict[str, Any]:
    """Return a copy of ``profile`` whose ``snapshot`` is ``base``'s snapshot with the differential applied."""
    elements = [copy.deepcopy(e) for e in base["snapshot"]["element"]]
    for diff in profile.get("differential", {}).get("element", []):
        index = _index(elements)
        el_id = diff.get("id") or diff["path"]
        if el_id not in index:
            _make_room(elements, el_id, types)
            index = _index(elements)
        _merge(elements[index[el_id]], diff)
    out = {k: v for k, v in profile.items() if k != "snapshot"}
    out["snapshot"] = {"element": elements}
    return out


def _index(elements: list[dict[str, Any]]) -> dict[str, int]:
    return {e["id"]: i for i, e in enumerate(elements)}


def _path_of(el_id: str) -> str:
    return ".".join(part.split(":", 1)[0] for part in el_id.split("."))


def _subtree_end(elements: list[dict[str, Any]], el_id: str) -> int:
    """Index just after ``el_id`` and everything under it (children and slices)."""
    index = _index(elements)
    end = index[el_id] + 1
    while end < len(elements):
        other = elements[end]["id"]
        if not (other.startswith(el_id + ".") or other.startswith(el_id + ":")):
            break
        end += 1
    return end


def _make_room(elements: list[dict[str, Any]], el_id: str, types: TypeLookup) -> None:
    """Insert the element ``el_id`` (a new slice, or a child of an unexpanded data type)."""
    parent_id, _, last = el_id.rpartition(".")
    if ":" in last:
        sliced_id = f"{parent_id}.{last.split(':', 1)[0]}" if parent_id else last.split(":", 1)[0]
        if sliced_id not in _index(elements):
            _make_room(elements, sliced_id, types)
        _add_slice(elements, sliced_id, last.split(":", 1)[1])
        return
    if parent_id not in _index(elements):
        _make_room(elements, parent_id, types)
    _expand_children(elements, parent_id, types)
    if el_id not in _index(elements):
        raise ValueError(f"Differential element '{el_id}' does not exist in the base")


def _add_slice(elements: list[dict[str, Any]], sliced_id: str, name: str) -> None:
    index = _index(elements)
    sliced = elements[index[sliced_id]]
    new = copy.deepcopy(sliced)
    new.pop("slicing", None)
    new["id"] = f"{sliced_id}:{name}"
    new["sliceName"] = name
    children = [
        copy.deepcopy(e)
        for e in elements[index[sliced_id] + 1 : _subtree_end(elements, sliced_id)]
        if e["id"].startswith(sliced_id + ".")
    ]
    for child in children:
        child["id"] = new["id"] + child["id"][len(sliced_id) :]
    at = _subtree_end(elements, sliced_id)
    elements[at:at] = [new, *children]


def _expand_children(elements: list[dict[str, Any]], parent_id: str, types: TypeLookup) -> None:
    index = _index(elements)
    parent = elements[index[parent_id]]
    codes = [t["code"] for t in parent.get("type", [])]
    if len(codes) != 1:
        raise ValueError(f"Cannot expand '{parent_id}': it needs exactly one type, has {codes}")
    definition = types(codes[0])
    if definition is None:
        raise ValueError(f"No definition for type '{codes[0]}' (needed by '{parent_id}')")
    root = definition["snapshot"]["element"][0]["id"]
    children = []
    for e in definition["snapshot"]["element"][1:]:
        child = copy.deepcopy(e)
        child["id"] = parent_id + child["id"][len(root) :]
        child["path"] = _path_of(child["id"])
        children.append(child)
    at = index[parent_id] + 1
    elements[at:at] = children


def _merge(target: dict[str, Any], diff: dict[str, Any]) -> None:
    for key, value in diff.items():
        if key in ("id", "path"):
            continue
        if key in _LIST_MERGE:
            have = {c.get("key") for c in target.get(key, [])}
            target[key] = target.get(key, []) + [copy.deepcopy(c) for c in value if c.get("key") not in have]
        else:
            target[key] = copy.deepcopy(value)
