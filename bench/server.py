"""Run the real server (uvicorn, one process) for a benchmark and talk to it over loopback HTTP.

Benchmarks measure what an EHR sees: an in-process test client adds about 1.4 ms of its own per
request (thread hops through an event-loop portal), which would drown the server's cost.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def served(data_dir: Path, database_url: str | None = None) -> Iterator[httpx.Client]:
    """`homecare serve` in a subprocess; yields a keep-alive client whose base is /fhir's parent."""
    port = _free_port()
    env = {
        **os.environ,
        "HOMECARE_DATA_DIR": str(data_dir),
        "HOMECARE_PORT": str(port),
        "HOMECARE_BASE_URL": f"http://127.0.0.1:{port}",
        "HOMECARE_BUILD_INDEX_ON_START": "false",
        "HOMECARE_LOG_LEVEL": "WARNING",
    }
    if database_url:
        env["HOMECARE_DATABASE_URL"] = database_url
    else:
        env.pop("HOMECARE_DATABASE_URL", None)
    proc = subprocess.Popen(
        [sys.executable, "-m", "gateway.cli", "serve"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    client = httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=120)
    client.server_pid = proc.pid  # type: ignore[attr-defined]  (see server_cpu_seconds)
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                if client.get("/fhir/metadata").status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline or proc.poll() is not None:
                raise RuntimeError("the server did not start")
            time.sleep(0.2)
        yield client
    finally:
        client.close()
        proc.terminate()
        proc.wait(timeout=30)


def server_cpu_seconds(client: httpx.Client) -> float:
    """CPU time (user + system) the server process has used so far, from /proc (Linux)."""
    fields = Path(f"/proc/{client.server_pid}/stat").read_text().rsplit(")", 1)[1].split()  # type: ignore[attr-defined]
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
