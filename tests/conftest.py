"""Shared fixtures: the bundled corpus, parsed once per session."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from regkg.loaders.document import Document
from regkg.loaders.parse import parse_file
from regkg.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
DRAFT = CORPUS / "guangzhou_digital_economy_draft.txt"
CORPUS_FILES = sorted(CORPUS.glob("*.txt"))


@pytest.fixture(scope="session")
def draft() -> Document:
    """The Guangzhou digital-economy draft, parsed."""
    return parse_file(DRAFT)


@pytest.fixture(scope="session")
def corpus_docs() -> dict[str, Document]:
    """Every bundled regulation, parsed, by file name."""
    return {p.name: parse_file(p) for p in CORPUS_FILES}


NEO4J_REPORT: list[str] = []  # what the Neo4j tests measured, printed at the end of the run
OWNED: list[bool] = []


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Say which Neo4j the run started, what its start cost, and what the Neo4j tests compared."""
    for line in NEO4J_REPORT:
        terminalreporter.write_line(f"neo4j: {line}")


# -- a real Neo4j for the Neo4j half of the store contract (tests/neo4j_server.py) ------------------------
@pytest.fixture(scope="session")
def neo4j_server() -> Iterator[dict[str, str]]:
    """REGKG_NEO4J_* for a real Neo4j: the one the environment names, else a Community server started once.

    Without java/mvn the Neo4j tests are skipped locally but fail in CI (CI=true) or with REGKG_TEST_NEO4J=1;
    REGKG_TEST_NEO4J=0 skips them on purpose.
    """
    if os.environ.get("REGKG_NEO4J_URI"):
        yield {k: v for k, v in os.environ.items() if k.startswith("REGKG_NEO4J_")}
        return
    wanted = os.environ.get("REGKG_TEST_NEO4J", "")
    if wanted == "0":
        pytest.skip("REGKG_TEST_NEO4J=0: Neo4j tests switched off")
    from tests.neo4j_server import Neo4jServer, Neo4jUnavailable

    server = Neo4jServer()
    try:
        server.start()
    except Neo4jUnavailable as error:
        if os.environ.get("CI") or wanted == "1":
            pytest.fail(f"no Neo4j test server: {error}")
        pytest.skip(f"no Neo4j test server: {error}")
    NEO4J_REPORT.append(f"Neo4j {server.started_version} ({server.uri}): server start {server.start_seconds:.1f} s")
    OWNED.append(True)
    try:
        yield server.env()
    finally:
        server.stop()


@pytest.fixture
def neo4j_env(neo4j_server: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """The REGKG_NEO4J_* variables of the test server, set in os.environ for this test only."""
    for key, value in neo4j_server.items():
        monkeypatch.setenv(key, value)
    return neo4j_server


@pytest.fixture(scope="module")
def neo4j_owned(neo4j_server: dict[str, str]) -> dict[str, str]:
    """The REGKG_NEO4J_* of a Neo4j this run started itself (tests that empty the database need one)."""
    if not OWNED and os.environ.get("REGKG_TEST_NEO4J_DISPOSABLE") != "1":
        pytest.skip("REGKG_NEO4J_URI names an outside Neo4j: tests that empty its database do not run there "
                    "(REGKG_TEST_NEO4J_DISPOSABLE=1 allows it)")
    return neo4j_server


def neo4j_settings(env: dict[str, str]) -> Settings:
    """Settings for the Neo4j that the REGKG_NEO4J_* variables in `env` name."""
    return Settings(neo4j_uri=env["REGKG_NEO4J_URI"], neo4j_user=env.get("REGKG_NEO4J_USER", "neo4j"),
                    neo4j_password=env["REGKG_NEO4J_PASSWORD"], neo4j_database=env.get("REGKG_NEO4J_DATABASE", "neo4j"))


# The API's session fixtures (a real `regkg serve` on a loaded private store), shared by tests/test_api_*.py.
from tests.api_server import api, api_home  # noqa: E402, F401

# One headless Chromium per session for every browser test (tests/browser.py).
from tests.browser import browser  # noqa: E402, F401
