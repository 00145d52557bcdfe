"""The real API under uvicorn (`regkg serve` in a subprocess, free localhost port): /health, /regulations, errors."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from regkg.graph.build import build_graph
from tests.api_server import serving
from tests.build_facts import facts_for


@pytest.fixture
def home(tmp_path, draft) -> Iterator[Path]:
    """A private REGKG_HOME with the draft loaded into the embedded store; its engine is stopped afterwards."""
    from regkg.graph.store.embedded import EmbeddedStore
    from regkg.settings import load_settings

    store = EmbeddedStore(load_settings(home=tmp_path / "home"))
    try:
        store.load_regulation(build_graph(draft, facts_for(draft)), draft.id)
        store.close()
        yield tmp_path / "home"
    finally:
        store.close()
        store.server.stop()


def test_health_and_regulations_from_the_embedded_store(home, draft, tmp_path):
    with serving({"REGKG_HOME": str(home)}, tmp_path / "serve.log") as base:
        health = httpx.get(f"{base}/health", timeout=10)
        assert health.status_code == 200, health.text
        body = health.json()
        assert body["status"] == "ok" and body["store"]["ok"] is True and body["store"]["backend"] == "falkordb"
        regulations = httpx.get(f"{base}/regulations", timeout=10)
        assert regulations.status_code == 200
        [row] = regulations.json()
        assert row["id"] == draft.id and row["title"] == draft.title and row["articles"] == len(draft.articles)
        assert httpx.get(f"{base}/openapi.json", timeout=10).json()["info"]["title"] == "regkg"


def test_store_failure_is_problem_json_with_the_error_status(tmp_path):
    env = {"REGKG_HOME": str(tmp_path / "home"), "REGKG_FALKORDB_SERVER": str(tmp_path / "no-such-redis-server")}
    with serving(env, tmp_path / "serve.log") as base:
        health = httpx.get(f"{base}/health", timeout=30)
    assert health.status_code == 503, health.text
    assert health.headers["content-type"].startswith("application/problem+json")
    problem = health.json()
    assert problem["status"] == 503 and problem["title"] == "store unavailable" and problem["instance"] == "/health"
    assert problem["detail"]
