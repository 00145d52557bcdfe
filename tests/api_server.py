"""A real `regkg serve` (uvicorn in a subprocess) over a private embedded store holding three bundled regulations.

Session fixtures shared by the API test files: `api_home` (the REGKG_HOME, loaded once), `api` (the base
URL of a server on it, without an upload token). Tests talk to it with a real HTTP client.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest

CORPUS = Path(__file__).resolve().parent.parent / "corpus"

LOGS: dict[str, Path] = {}  # base URL → the server's log file
API_REGULATIONS = ("guangzhou_digital_economy_draft.txt", "shanghai_data_2021.txt", "zhejiang_digital_economy_2020.txt")


def free_port() -> int:
    """A free TCP port on 127.0.0.1."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def serving(env: dict[str, str], log: Path, log_level: str = "info") -> Iterator[str]:
    """`regkg serve` on a free port until the block ends; yields its base URL once it accepts requests."""
    port = free_port()
    with log.open("wb") as out:
        process = subprocess.Popen([sys.executable, "-m", "regkg", "serve", "--host", "127.0.0.1", "--port", str(port),
                                    "--log-level", log_level],
                                   env={**os.environ, **env}, stdout=out, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    LOGS[base] = log
    try:
        deadline = time.monotonic() + 60
        while True:
            if process.poll() is not None:
                pytest.fail(f"regkg serve exited with {process.returncode}: {log.read_text(errors='replace')}")
            try:
                httpx.get(f"{base}/openapi.json", timeout=5)
                break
            except httpx.TransportError:
                if time.monotonic() > deadline:
                    pytest.fail(f"regkg serve did not listen on {base}: {log.read_text(errors='replace')}")
                time.sleep(0.1)
        yield base
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def load_into(home: Path, files: tuple[str, ...]) -> None:
    """Load bundled regulations into the embedded store of `home` (full pipeline, whole taxonomy)."""
    from regkg.cli.sources import graph_of_file
    from regkg.graph.store.embedded import EmbeddedStore
    from regkg.settings import load_settings

    store = EmbeddedStore(load_settings(home=home))
    try:
        for name in files:
            doc, G = graph_of_file(str(CORPUS / name))
            store.load_regulation(G, doc.id)
    finally:
        store.close()


def stop_engine(home: Path) -> None:
    """Stop the embedded engine of `home`."""
    from regkg.graph.store.embedded import EmbeddedStore
    from regkg.settings import load_settings

    EmbeddedStore(load_settings(home=home)).server.stop()


@pytest.fixture(scope="session")
def api_home(tmp_path_factory) -> Iterator[Path]:
    """A private REGKG_HOME with three bundled regulations loaded; its engine is stopped at the end."""
    home = tmp_path_factory.mktemp("api") / "home"
    try:
        load_into(home, API_REGULATIONS)
        yield home
    finally:
        stop_engine(home)


@pytest.fixture(scope="session")
def api(api_home, tmp_path_factory) -> Iterator[str]:
    """Base URL of `regkg serve` on `api_home` (row cap 200, time limit 5 s, no upload token)."""
    log = tmp_path_factory.mktemp("api-log") / "serve.log"
    env = {"REGKG_HOME": str(api_home), "REGKG_MAX_ROWS": "200", "REGKG_API_TOKEN": ""}
    with serving(env, log) as base:
        yield base
