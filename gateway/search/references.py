"""Parsing FHIR reference strings: ``Type/id``, ``Type/id/_history/v``, absolute URLs."""

from __future__ import annotations

import re

_RELATIVE = re.compile(r"^(?P<type>[A-Z][A-Za-z]+)/(?P<id>[A-Za-z0-9\-.]{1,64})(?:/_history/[^/]+)?$")
_ABSOLUTE = re.compile(
    r"^(?P<base>https?://.+)/(?P<type>[A-Z][A-Za-z]+)/(?P<id>[A-Za-z0-9\-.]{1,64})(?:/_history/[^/]+)?$"
)


def parse_reference(ref: str, local_base: str | None = None) -> tuple[str, str, str | None] | None:
    """(type, id, url) for a reference; url is kept only when it points at another server."""
    m = _RELATIVE.match(ref)
    if m:
        return m.group("type"), m.group("id"), None
    m = _ABSOLUTE.match(ref)
    if m:
        is_local = local_base is not None and m.group("base").rstrip("/") == local_base.rstrip("/")
        return m.group("type"), m.group("id"), None if is_local else ref[:1000]
    return None
