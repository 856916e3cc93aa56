"""Chat transcripts: one JSON line per turn under DATA_DIR/transcripts, written only after redaction."""

from __future__ import annotations

import json
import threading
from datetime import UTC, datetime
from pathlib import Path


class TranscriptStore:
    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self._lock = threading.Lock()

    def path_for(self, when: datetime) -> Path:
        return self.directory / f"{when:%Y-%m-%d}.jsonl"

    def append(self, *, conversation_id: str, user: str, kind: str, reply: str, sources: list[str]) -> None:
        """``user`` must already be redacted: this class never sees raw patient text."""
        now = datetime.now(UTC)
        record = {
            "at": now.isoformat(timespec="seconds"),
            "conversation_id": conversation_id,
            "user": user,
            "kind": kind,
            "reply": reply,
            "sources": sources,
        }
        line = json.dumps(record, ensure_ascii=False) + "\n"
        with self._lock:
            self.directory.mkdir(parents=True, exist_ok=True)
            with self.path_for(now).open("a", encoding="utf-8") as fh:
                fh.write(line)
