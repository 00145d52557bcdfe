"""What only a real Neo4j can show: constraints and index use, the server's own read-only lock, a load killed
mid-transaction, and every driver failure arriving as a typed error (store and CLI), never a traceback.

The server is the session's Neo4j Community (tests/neo4j_server.py); these tests share its one database with
the contract suite, so each works under its own regulation ids.
"""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import neo4j
import pytest
import yaml

from regkg.errors import ConfigError, QueryError, StoreUnavailableError, WriteRefusedError
from regkg.graph import cypher, queries
from regkg.graph import schema as S
from regkg.graph.store import open_store
from regkg.graph.store.neo4j import Neo4jStore
from regkg.loaders.parse import parse_file
from regkg.settings import Settings, load_settings
from tests.conftest import DRAFT
from tests.neo4j_server import pinned_version
from tests.store_fixtures import ROOT, make_graph, run_cli

pytestmark = pytest.mark.neo4j

OLD_DUTIES = 203  # tests/store_fixtures' facts: one duty per paragraph of the draft
LOADER = """
import sys
from regkg.loaders.parse import parse_file
from regkg.graph.store import open_store
from regkg.settings import load_settings
from tests.conftest import DRAFT
from tests.store_fixtures import make_graph
rid, per_paragraph = sys.argv[1], int(sys.argv[2])
G = make_graph(parse_file(DRAFT, rid), per_paragraph, variant="（新）")
store = open_store(load_settings(batch_size=10))
print("loading", flush=True)
store.load_regulation(G, rid)
print("done", flush=True)
"""


@pytest.fixture
def store(neo4j_env: dict[str, str]) -> Iterator[Neo4jStore]:
    opened = open_store(load_settings())
    assert isinstance(opened, Neo4jStore)
    try:
        yield opened
    finally:
        opened.close()


@pytest.fixture
def loaded(store: Neo4jStore) -> Iterator[tuple[Neo4jStore, str]]:
    """The draft's old version (one duty per paragraph) under a fresh regulation id."""
    rid = f"n4j_{uuid.uuid4().hex[:10]}"
    store.load_regulation(make_graph(parse_file(DRAFT, rid)), rid)
    try:
        yield store, rid
    finally:
        store.drop_regulation(rid)


def duty_count(store: Neo4jStore, rid: str) -> int:
    return store.read("MATCH (d:Duty {regulationId: $r}) RETURN count(d) AS c", {"r": rid})[0]["c"]


def admin(store: Neo4jStore, query: str, **params: object) -> list[dict]:
    """A statement the read guard would refuse (SHOW, PROFILE), straight through the driver."""
    records, _, _ = store.driver.execute_query(query, params, database_=store.database)
    return [record.data() for record in records]


def operators(plan: dict) -> list[str]:
    return [plan["operatorType"].split("@")[0], *(op for child in plan.get("children", []) for op in operators(child))]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# -- schema: constraints and indexes exist and the questions use them -------------------------------------
def test_uniqueness_constraints_exist_after_a_load(loaded) -> None:
    store, _ = loaded
    rows = admin(store, "SHOW CONSTRAINTS YIELD type, labelsOrTypes, properties")
    unique = {row["labelsOrTypes"][0] for row in rows if row["type"] == "UNIQUENESS" and row["properties"] == ["id"]}
    assert unique >= set(S.PRIMARY_LABELS)
    indexes = admin(store, "SHOW INDEXES YIELD labelsOrTypes, properties, state WHERE properties = ['regulationId']")
    assert {row["labelsOrTypes"][0] for row in indexes if row["state"] == "ONLINE"} >= set(S.REGULATION_SCOPED_LABELS)


def test_a_duplicate_id_is_refused_by_the_server(loaded) -> None:
    store, rid = loaded
    taken = store.read("MATCH (d:Duty {regulationId: $r}) RETURN d.id AS id LIMIT 1", {"r": rid})[0]["id"]
    with pytest.raises(neo4j.exceptions.ConstraintError):
        admin(store, "CREATE (:Duty {id: $id, regulationId: $r})", id=taken, r=rid)
    assert duty_count(store, rid) == OLD_DUTIES


@pytest.mark.parametrize("question", ["data-centre", "actor"])
def test_the_questions_start_from_an_index_seek(loaded, question: str) -> None:
    store, _ = loaded
    params = {"regulation": None, "modality": None, "level": None, "article": None, "paragraphPrefix": None,
              "itemPrefix": None, "actorIds": None, "conceptIds": None, "limit": 100}
    if question == "data-centre":
        statement, params["conceptIds"] = cypher.DUTIES_BY_CONCEPT, ["concept:data-centre"]
    else:
        statement, params["actorIds"] = cypher.DUTIES_BY_ACTOR, queries.resolve_actor(store, "工业和信息化部门")
    _, summary, _ = store.driver.execute_query("PROFILE " + statement, params, database_=store.database)
    ops = operators(summary.profile)
    assert "NodeUniqueIndexSeek" in ops, ops
    assert not {"NodeByLabelScan", "AllNodesScan"} & set(ops), ops
    assert summary.profile["rows"] > 0


def test_node_lookups_by_id_are_index_seeks(loaded) -> None:
    store, rid = loaded
    _, summary, _ = store.driver.execute_query("PROFILE " + cypher.NODE_LABELS_BY_ID, {"id": f"{rid}:art:6"},
                                               database_=store.database)
    ops = operators(summary.profile)
    assert ops.count("NodeUniqueIndexSeek") == len(S.PRIMARY_LABELS) and "NodeByLabelScan" not in ops


# -- read-only: regkg's guard first, the server's read access mode second ------------------------------------
@pytest.mark.parametrize("query", ["CREATE (n:Article {id: 'x'}) RETURN n.id AS id",
                                   "MATCH (d:Duty) SET d.text = 'x' RETURN count(d) AS c",
                                   "CALL db.createLabel('Hacked')",
                                   "CREATE DATABASE hacked"])
def test_the_server_refuses_writes_on_the_read_path(loaded, monkeypatch: pytest.MonkeyPatch, query: str) -> None:
    store, rid = loaded
    with pytest.raises(WriteRefusedError):  # layer 1: refused before it is sent
        store.read(query)
    monkeypatch.setattr("regkg.graph.store.neo4j.check_read_only", lambda _query: None)
    with pytest.raises(WriteRefusedError, match="Neo4j refused a write"):  # layer 2: the READ transaction
        store.read(query)
    assert duty_count(store, rid) == OLD_DUTIES
    assert not admin(store, "MATCH (n:Article {id: 'x'}) RETURN n.id AS id")
    assert "Hacked" not in {row["label"] for row in admin(store, "CALL db.labels() YIELD label RETURN label")}


# -- atomic replace: one write transaction, killed half-way ----------------------------------------------------
def test_kill_9_mid_load_leaves_the_previous_version(loaded, neo4j_env: dict[str, str]) -> None:
    store, rid = loaded
    old_answer = queries.duties(store, concept_ids=["concept:data-centre"], regulation=rid)
    env = {**os.environ, **neo4j_env}
    loader = subprocess.Popen([sys.executable, "-c", LOADER, rid, "12"], cwd=ROOT, env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    mid_load_counts = []
    try:
        deadline = time.monotonic() + 120
        writing = False
        while time.monotonic() < deadline and loader.poll() is None and not writing:
            running = admin(store, "SHOW TRANSACTIONS YIELD currentQuery RETURN currentQuery")
            writing = any("UNWIND $rows" in (row["currentQuery"] or "") for row in running)
            if not writing:
                time.sleep(0.01)
        assert writing and loader.poll() is None, "the loader finished (or never wrote) before it could be killed"
        mid_load_counts.append(duty_count(store, rid))  # a reader while the write transaction is open
        os.kill(loader.pid, signal.SIGKILL)
    finally:
        loader.wait(timeout=30)
        loader.stdout.close()
        loader.stderr.close()
    assert loader.returncode == -signal.SIGKILL
    assert mid_load_counts == [OLD_DUTIES]
    assert duty_count(store, rid) == OLD_DUTIES
    assert queries.duties(store, concept_ids=["concept:data-centre"], regulation=rid) == old_answer
    # the server rolled the dead transaction back and released its locks: the next load completes
    store.load_regulation(make_graph(parse_file(DRAFT, rid), 2), rid)
    assert duty_count(store, rid) == 2 * OLD_DUTIES


# -- failures arrive as typed errors ----------------------------------------------------------------------------
def test_bad_credentials(neo4j_env: dict[str, str]) -> None:
    bad = Neo4jStore(Settings(neo4j_uri=neo4j_env["REGKG_NEO4J_URI"], neo4j_password="not-the-password-1"))
    try:
        with pytest.raises(StoreUnavailableError, match="refused the credentials of user 'neo4j'"):
            bad.read(cypher.HEALTH)
        with pytest.raises(StoreUnavailableError, match="refused the credentials"):
            bad.load_regulation(make_graph(parse_file(DRAFT, "n4j_badauth")), "n4j_badauth")
        health = bad.health()
        assert health["ok"] is False and "REGKG_NEO4J_PASSWORD" in health["error"]
    finally:
        bad.close()


def test_server_down() -> None:
    uri = f"bolt://127.0.0.1:{free_port()}"
    down = Neo4jStore(Settings(neo4j_uri=uri, neo4j_password="any-password-1"))
    try:
        with pytest.raises(StoreUnavailableError, match=f"Neo4j unreachable at {uri}"):
            down.read(cypher.HEALTH)
        assert down.health()["ok"] is False
    finally:
        down.close()


def test_unknown_database(neo4j_env: dict[str, str]) -> None:
    settings = Settings(neo4j_uri=neo4j_env["REGKG_NEO4J_URI"], neo4j_password=neo4j_env["REGKG_NEO4J_PASSWORD"],
                        neo4j_database="nosuchdb")
    missing = Neo4jStore(settings)
    try:
        with pytest.raises(ConfigError, match="no database 'nosuchdb'"):
            missing.read(cypher.HEALTH)
    finally:
        missing.close()


@pytest.mark.parametrize("query", ["MATCH (n RETURN n", "MATCH (n) RETURN m", "RETURN 1/0 AS x",
                                   "MATCH (n:Duty) RETURN n.id AS id LIMIT $missing"])
def test_bad_queries_are_query_errors(store: Neo4jStore, query: str) -> None:
    with pytest.raises(QueryError) as caught:
        store.read(query)
    assert not isinstance(caught.value, WriteRefusedError)
    assert "neo4j_code" not in str(caught.value)


@pytest.mark.parametrize("case", ["bad-password", "server-down", "unknown-database", "syntax-error", "write"])
def test_cli_reports_neo4j_failures_without_a_traceback(tmp_path: Path, neo4j_env: dict[str, str],
                                                        case: str) -> None:
    env = dict(neo4j_env)
    args = ["duties", "--concept", "数据中心"]
    expected = {"bad-password": "refused the credentials", "server-down": "Neo4j unreachable",
                "unknown-database": "no database 'nosuchdb'", "syntax-error": "query failed: Invalid input",
                "write": "read-only"}[case]
    if case == "bad-password":
        env["REGKG_NEO4J_PASSWORD"] = "not-the-password-1"
    elif case == "server-down":
        env["REGKG_NEO4J_URI"] = f"bolt://127.0.0.1:{free_port()}"
    elif case == "unknown-database":
        env["REGKG_NEO4J_DATABASE"] = "nosuchdb"
    elif case == "syntax-error":
        args = ["cypher", "MATCH (n RETURN n"]
    else:
        args = ["cypher", "MATCH (d:Duty) DETACH DELETE d"]
    done = run_cli(tmp_path, *args, **env)
    assert done.returncode != 0
    assert done.stderr.startswith("regkg: error:") and expected in done.stderr, done.stderr
    assert "Traceback" not in done.stderr and "retried" not in done.stderr, done.stderr


# -- the docker-compose image runs the Neo4j the tests run ----------------------------------------------------
def test_compose_runs_the_tested_neo4j_version(neo4j_server: dict[str, str]) -> None:
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))
    tag = re.fullmatch(r"neo4j:(\d+\.\d+\.\d+)-community", compose["services"]["neo4j"]["image"])
    assert tag and tag.group(1) == pinned_version()
    with neo4j.GraphDatabase.driver(neo4j_server["REGKG_NEO4J_URI"], auth=(
            neo4j_server["REGKG_NEO4J_USER"], neo4j_server["REGKG_NEO4J_PASSWORD"])) as driver:
        records, _, _ = driver.execute_query("CALL dbms.components() YIELD versions, edition "
                                             "RETURN versions[0] AS version, edition")
    assert records[0]["version"] == tag.group(1) and records[0]["edition"] == "community"
