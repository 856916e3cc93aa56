"""Finding and rewriting the references inside Bundle entries (pure functions).

R4 says every reference to an entry's ``fullUrl`` (``urn:uuid:``, ``urn:oid:``) must be replaced by the
id the server assigns, wherever it appears: in the resource, its contained resources, extensions
(``valueReference``) and any other ``Reference``. Rather than knowing where references can be, the
whole JSON tree is walked and every ``reference`` string is considered, which is exact for FHIR
JSON (``reference`` is only ever the element of ``Reference``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

TEMPORARY_PREFIXES = ("urn:uuid:", "urn:oid:")


def is_temporary(ref: str) -> bool:
    return ref.startswith(TEMPORARY_PREFIXES)


def is_conditional(ref: str) -> bool:
    """``Patient?identifier=sys|val``: a search that must match exactly one resource."""
    head, sep, _ = ref.partition("?")
    return bool(sep) and head.isalpha() and head[:1].isupper()


def _holders(node: Any) -> list[dict[str, Any]]:
    """Every object anywhere in a JSON tree that has a string ``reference``.

    A plain loop with an explicit stack: every entry of every Bundle is walked (twice when its exact
    form differs), and generator expressions here cost six times as much."""
    found = []
    stack = [node]
    pop, push = stack.pop, stack.append
    while stack:
        item = pop()
        if isinstance(item, dict):
            if isinstance(item.get("reference"), str):
                found.append(item)
            children = item.values()
        elif isinstance(item, list):
            children = item
        else:
            continue
        for child in children:
            if isinstance(child, (dict, list)):
                push(child)
    return found


def iter_references(node: Any) -> Iterator[str]:
    """Every ``reference`` string anywhere in a JSON tree."""
    for holder in _holders(node):
        yield holder["reference"]


def rewrite_references(node: Any, resolve: Callable[[str], str | None]) -> int:
    """Replace each ``reference`` for which ``resolve`` returns a value; returns how many changed."""
    changed = 0
    for holder in _holders(node):
        new = resolve(holder["reference"])
        if new is not None and new != holder["reference"]:
            holder["reference"] = new
            changed += 1
    return changed
