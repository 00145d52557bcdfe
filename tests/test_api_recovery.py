"""The engine dying under a running API: the requests in between get 200 (engine restarted at once) or 503 —
never a 500 or a hang — and the API recovers by itself."""

from __future__ import annotations

import os
import signal
import time
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest

from tests.api_server import load_into, serving, stop_engine


def engines(home) -> list[int]:
    """Pids of the engine processes serving `home` (its unix socket, under `home`, is on their command line)."""
    socket = f"unixsocket:{home}/".encode()
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/cmdline", "rb") as cmdline:
                    if socket in cmdline.read():
                        found.append(int(entry))
            except OSError:
                continue
    return found


@pytest.fixture
def home(tmp_path):
    home = tmp_path / "home"
    try:
        load_into(home, ("guangzhou_charity_promotion_2021.txt",))
        yield home
    finally:
        stop_engine(home)
        for pid in engines(home):  # never leave an engine behind, even if the test found a duplicate
            os.kill(pid, signal.SIGKILL)


@pytest.fixture
def lone(home, tmp_path):
    with serving({"REGKG_HOME": str(home), "REGKG_API_CACHE_ENTRIES": "0"}, tmp_path / "serve.log") as base:
        yield base


def test_killed_engine_gives_503_or_a_restart_never_500(lone, home):
    first = httpx.get(f"{lone}/health", timeout=30).json()["store"]["pid"]
    os.kill(first, signal.SIGKILL)
    paths = ["/health", "/duties?limit=5", "/actors?limit=5", "/concepts?used=true", "/search?q=慈善"] * 4

    def call(path: str) -> tuple[int, float]:
        started = time.monotonic()
        response = httpx.get(f"{lone}{path}", timeout=30)
        if response.status_code != 200:
            assert response.headers["content-type"].startswith("application/problem+json")
            assert response.headers["retry-after"] == "1"
        return response.status_code, time.monotonic() - started

    with ThreadPoolExecutor(8) as pool:
        answers = list(pool.map(call, paths))
    assert {status for status, _ in answers} <= {200, 503}, answers
    assert max(seconds for _, seconds in answers) < 30
    deadline = time.monotonic() + 30
    while True:
        health = httpx.get(f"{lone}/health", timeout=30)
        if health.status_code == 200 or time.monotonic() > deadline:
            break
        time.sleep(0.2)
    assert health.status_code == 200 and health.json()["store"]["pid"] != first
    assert httpx.get(f"{lone}/duties", params={"limit": 1}, timeout=30).json()["total"] > 50
    assert engines(home) == [health.json()["store"]["pid"]], "one engine restarted, not one per waiting request"
