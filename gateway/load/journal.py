"""Which units are done, so an interrupted load resumes where it stopped.

One line per finished unit, appended and flushed at once: a crash loses at most the unit in flight,
and a torn last line is ignored on the next start.
"""

from __future__ import annotations

from pathlib import Path

import orjson


class Journal:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.done: set[str] = set()
        if path.exists():
            for line in path.read_bytes().splitlines():
                try:
                    self.done.add(orjson.loads(line)["key"])
                except (orjson.JSONDecodeError, KeyError, TypeError):
                    continue  # a line cut short by a crash
        self._fh = path.open("ab")

    def __contains__(self, key: str) -> bool:
        return key in self.done

    def record(self, key: str, *, status: int, resources: int) -> None:
        self._fh.write(orjson.dumps({"key": key, "status": status, "resources": resources}) + b"\n")
        self._fh.flush()
        self.done.add(key)

    def close(self) -> None:
        self._fh.close()
