"""``_history`` at instance, type and system level as ``history`` Bundles, newest first.

Pages are keyset-paged on the version sequence, so versions written while a client pages do not
shift what it sees.
"""

from __future__ import annotations

import uuid
from typing import Any
from urllib.parse import urlencode

import orjson

from gateway.errors import BadRequest, NotFound
from gateway.search.values import date_range, micros_to_instant, now_instant
from gateway.storage.base import StoredVersion, Tx


def _since(value: str | None) -> str | None:
    if value is None:
        return None
    rng = date_range(value)
    if rng is None:
        raise BadRequest(f"Invalid _since '{value}'", expression="_since")
    return micros_to_instant(rng[0])


def history_bundle(
    tx: Tx,
    *,
    base: str,
    res_type: str | None,
    res_id: str | None,
    params: dict[str, str],
    default_count: int,
    max_count: int,
) -> dict[str, Any]:
    count_raw = params.get("_count", str(default_count))
    if not count_raw.isdigit():
        raise BadRequest("_count must be a non-negative integer", expression="_count")
    count = min(int(count_raw), max_count)
    since = _since(params.get("_since"))
    before = params.get("_before_seq")
    if before is not None and not before.isdigit():
        raise BadRequest("Invalid paging token", expression="_before_seq")
    if res_id is not None and tx.current(res_type or "", res_id) is None:
        raise NotFound(f"{res_type}/{res_id} is not known")
    versions = tx.history(
        res_type=res_type, res_id=res_id, since=since, before_seq=int(before) if before else None, count=count + 1
    )
    total = tx.count_history(res_type=res_type, res_id=res_id, since=since)
    more = len(versions) > count
    versions = versions[:count]
    path = "/".join(p for p in (base, res_type, res_id, "_history") if p)
    keep = {k: v for k, v in params.items() if k in ("_count", "_since")}
    links = [{"relation": "self", "url": path + (f"?{urlencode(params)}" if params else "")}]
    if more and versions:
        links.append({"relation": "next", "url": f"{path}?{urlencode({**keep, '_before_seq': versions[-1].seq})}"})
    return {
        "resourceType": "Bundle",
        "id": str(uuid.uuid4()),
        "meta": {"lastUpdated": now_instant()},
        "type": "history",
        "total": total,
        "link": links,
        "entry": [_entry(v, base) for v in versions],
    }


def _entry(v: StoredVersion, base: str) -> dict[str, Any]:
    url = f"{v.res_type}/{v.res_id}"
    entry: dict[str, Any] = {"fullUrl": f"{base}/{url}"}
    if v.content is not None:
        entry["resource"] = orjson.Fragment(v.content)
    status = {"POST": "201 Created", "DELETE": "204 No Content"}.get(v.method, "200 OK")
    entry["request"] = {"method": v.method, "url": url if v.method != "POST" else v.res_type}
    entry["response"] = {
        "status": status,
        "etag": f'W/"{v.version}"',
        "lastModified": v.last_updated,
    }
    return entry
