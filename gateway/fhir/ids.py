"""Ids the server assigns to new resources: UUIDv7 (RFC 9562), time-ordered.

Random (v4) ids land anywhere in every (type, id, ...) b-tree, so each new resource dirties pages
all over the primary key, the history table and the index tables' per-resource indexes, and a
commit writes all of them. Ids that start with the creation time append at the right edge of those
indexes instead. The 74 random bits keep ids unguessable enough for an id (ids are not secrets;
access control is the auth layer's job).
"""

from __future__ import annotations

import os
import time
import uuid


def new_id() -> str:
    millis = time.time_ns() // 1_000_000
    value = (millis & 0xFFFF_FFFF_FFFF) << 80 | int.from_bytes(os.urandom(10), "big")
    value = (value & ~(0xF << 76)) | (0x7 << 76)  # version 7
    value = (value & ~(0x3 << 62)) | (0x2 << 62)  # RFC 9562 variant
    return str(uuid.UUID(int=value))
