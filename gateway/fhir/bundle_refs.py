"""Finding and rewriting the references inside Bundle entries (pure functions).

R4 (3.1.0.11.2) says every link to an entry's ``fullUrl`` (``urn:uuid:``, ``urn:oid:``) must be
replaced by the id the server assigns, wherever it appears: in the resource, its contained
resources, extensions (``valueReference``) and any other ``Reference``. Rather than knowing where
references can be, the whole JSON tree is walked and every ``reference`` string is considered, which
is exact for FHIR JSON (``reference`` is only ever the element of ``Reference``).

The same rule covers elements of type uri, url, canonical, oid and uuid (a referral letter's
``DocumentReference.content.attachment.url`` naming a Binary of the same Bundle) and the
narrative's ``<a href>`` and ``<img src>``. Those need the element table (``Identifier.value`` is a
string and often holds a ``urn:uuid:`` that must stay), so they get a typed walk, and only when the
untyped walk saw a string that could be one.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from typing import Any
from urllib.parse import unquote_plus

from gateway.validation.structure import typed_strings

TEMPORARY_PREFIXES = ("urn:uuid:", "urn:oid:")
LINK_TYPES = frozenset({"uri", "url", "canonical", "oid", "uuid", "xhtml"})
_NARRATIVE_LINK = re.compile(r"""(\b(?:href|src)\s*=\s*)(["'])([^"'<>]*)\2""")


def is_temporary(ref: str) -> bool:
    return ref.startswith(TEMPORARY_PREFIXES)


def is_conditional(ref: str) -> bool:
    """``Patient?identifier=sys|val``: a search that must match exactly one resource."""
    head, sep, _ = ref.partition("?")
    return bool(sep) and head.isalpha() and head[:1].isupper()


def _holders(node: Any, links: Mapping[str, str] | None = None) -> tuple[list[dict[str, Any]], bool]:
    """Every object anywhere in a JSON tree that has a string ``reference``; and whether a string
    other than a reference is one of ``links``, or a narrative has a link (the typed walk's cue).

    A plain loop with an explicit stack: every entry of every Bundle is walked (twice when its exact
    form differs), and generator expressions here cost six times as much."""
    found = []
    linked = 0  # string values that are links, references included
    narrative = False
    stack = [node]
    pop, push = stack.pop, stack.append
    while stack:
        item = pop()
        if isinstance(item, dict):
            if isinstance(item.get("reference"), str):
                found.append(item)
            if links and "div" in item:
                div = item["div"]
                narrative = narrative or (isinstance(div, str) and ("href" in div or "src" in div))
            children = item.values()
        elif isinstance(item, list):
            children = item
        else:
            continue
        for child in children:
            if isinstance(child, (dict, list)):
                push(child)
            elif links and child in links:
                linked += 1
    if links and not narrative and linked:
        linked -= sum(1 for holder in found if holder["reference"] in links)
    return found, narrative or linked > 0


def iter_references(node: Any) -> Iterator[str]:
    """Every ``reference`` string anywhere in a JSON tree."""
    for holder in _holders(node)[0]:
        yield holder["reference"]


def rewrite_references(node: Any, resolve: Callable[[str], str | None], links: Mapping[str, str] | None = None) -> int:
    """Replace each ``reference`` for which ``resolve`` returns a value, and each ``links`` key
    (fullUrl -> Type/id) in uri-typed elements and narrative links; returns how many changed."""
    changed = 0
    holders, elsewhere = _holders(node, links)
    for holder in holders:
        new = resolve(holder["reference"])
        if new is not None and new != holder["reference"]:
            holder["reference"] = new
            changed += 1
    if elsewhere and links and isinstance(node, dict):
        changed += _rewrite_links(node, links)
    return changed


def _rewrite_links(resource: dict[str, Any], links: Mapping[str, str]) -> int:
    def swap(m: re.Match[str]) -> str:
        return m[1] + m[2] + links.get(m[3], m[3]) + m[2]

    changed = 0
    for holder, key, type_code in typed_strings(resource, LINK_TYPES):
        value = holder[key]  # type: ignore[index]
        new = _NARRATIVE_LINK.sub(swap, value) if type_code == "xhtml" else links.get(value, value)
        if new != value:
            holder[key] = new  # type: ignore[index]
            changed += 1
    return changed


def criteria_values(query: str) -> list[str]:
    """Every value in a search query string, decoded, with comma-separated alternatives apart."""
    values = []
    for part in query.split("&"):
        _, sep, value = part.partition("=")
        if sep:
            values.extend(unquote_plus(item) for item in value.split(","))
    return values


def substitute_links(query: str, links: Mapping[str, str]) -> str:
    """A conditional URL may name another entry by its fullUrl (``Observation?subject=urn:uuid:…``,
    as HAPI accepts and IGs' example Bundles do): the search must use the id that entry got. Only
    values that are a fullUrl change; the rest of the query is kept as written."""
    parts = []
    for part in query.split("&"):
        name, sep, value = part.partition("=")
        if sep:
            part = name + sep + ",".join(links.get(unquote_plus(item), item) for item in value.split(","))
        parts.append(part)
    return "&".join(parts)
