"""The engine killed while the API serves (issue 9): 503 problem+json while it cannot come back, then recovery
with the data intact — through a real `regkg serve` over HTTP."""

from __future__ import annotations

import fcntl
import os
import signal
import time
from pathlib import Path

import httpx

from regkg.graph.store.falkordb_server import FalkorDBServer
from tests.test_api_health import home, serving

__all__ = ["home"]


def test_killed_engine_gives_503_then_recovers(home: Path, draft, tmp_path: Path) -> None:
    server = FalkorDBServer(home)
    env = {"REGKG_HOME": str(home), "REGKG_ENGINE_START_TIMEOUT_S": "2"}
    with serving(env, tmp_path / "serve.log") as base:
        before = httpx.get(f"{base}/regulations", timeout=30)
        assert before.status_code == 200, before.text
        pid = server.pid()
        os.kill(pid, signal.SIGKILL)
        while server.pid() == pid:
            time.sleep(0.01)
        # hold the data dir as a starting (or hung) engine would: nothing may start a second one meanwhile
        descriptor = os.open(server.lock_path, os.O_RDWR)
        fcntl.flock(descriptor, fcntl.LOCK_EX)
        try:
            started = time.monotonic()
            for path in ("/health", "/regulations"):
                down = httpx.get(f"{base}{path}", timeout=30)
                assert down.status_code == 503, down.text
                assert down.headers["content-type"].startswith("application/problem+json")
                assert down.json()["title"] == "store unavailable"
            assert time.monotonic() - started < 15
        finally:
            os.close(descriptor)
        deadline = time.monotonic() + 30
        while True:
            health = httpx.get(f"{base}/health", timeout=30)
            if health.status_code == 200 or time.monotonic() > deadline:
                break
            time.sleep(0.2)
        assert health.status_code == 200, health.text
        assert server.pid() not in (None, pid)
        after = httpx.get(f"{base}/regulations", timeout=30)
        assert after.status_code == 200 and after.json() == before.json()
