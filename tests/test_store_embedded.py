"""The embedded engine itself: unix socket only, AOF, read-only user, supervision, persistence, and atomic loads
under a real `kill -9` of the loading process."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import redis

from regkg.errors import ConfigError, StoreUnavailableError
from regkg.graph import cypher, queries
from regkg.graph.store import open_store
from regkg.graph.store.embedded import EmbeddedStore
from regkg.graph.store.falkordb_server import FalkorDBServer
from regkg.loaders.parse import parse_file
from regkg.settings import load_settings
from tests.conftest import DRAFT
from tests.store_fixtures import ROOT, embedded_settings, engine_home, make_graph, run_cli, stop_engine

__all__ = ["engine_home"]

OLD_DUTIES = 203  # the fixture facts: one duty per paragraph of the draft
LOADER = """
import sys
from regkg.loaders.parse import parse_file
from regkg.graph.store.embedded import EmbeddedStore
from tests.conftest import DRAFT
from tests.store_fixtures import embedded_settings, make_graph
home, graph_name, rid, per_paragraph = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
G = make_graph(parse_file(DRAFT, rid), per_paragraph, variant="（新）")
store = EmbeddedStore(embedded_settings(home, graph_name=graph_name, batch_size=20))
print("loading", flush=True)
store.load_regulation(G, rid)
print("done", flush=True)
"""


def start_loader(home: Path, graph_name: str, rid: str, per_paragraph: int) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", LOADER, str(home), graph_name, rid, str(per_paragraph)],
                            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def duty_count(store: EmbeddedStore, rid: str) -> int:
    return store.read("MATCH (d:Duty {regulationId: $r}) RETURN count(d) AS c", {"r": rid})[0]["c"]


@pytest.fixture
def loaded(engine_home: Path, request: pytest.FixtureRequest):
    """An embedded store (own graph key) holding the draft's old version."""
    graph_name = f"t_{request.node.name.split('[')[0][-40:]}"
    store = EmbeddedStore(embedded_settings(engine_home, graph_name=graph_name))
    rid = "gz_test"
    store.load_regulation(make_graph(parse_file(DRAFT, rid)), rid)
    try:
        yield store, rid
    finally:
        store.close()


# -- the engine process ---------------------------------------------------------------------------------
def _listening_inodes() -> set[str]:
    inodes = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        with open(table) as lines:
            for line in list(lines)[1:]:
                fields = line.split()
                if fields[3] == "0A":  # LISTEN
                    inodes.add(fields[9])
    return inodes


def test_engine_listens_on_its_unix_socket_only(loaded) -> None:
    store, _ = loaded
    pid = store.server.pid()
    assert pid is not None
    sockets = {os.readlink(f"/proc/{pid}/fd/{fd}")[8:-1] for fd in os.listdir(f"/proc/{pid}/fd")
               if os.readlink(f"/proc/{pid}/fd/{fd}").startswith("socket:")}
    assert sockets and not sockets & _listening_inodes()
    assert oct(store.server.data_dir.stat().st_mode & 0o777) == "0o700"
    assert oct(store.server.socket_path.stat().st_mode & 0o777) == "0o700"
    with store.server.client() as conn:
        assert conn.config_get("port")["port"] == "0"
        assert conn.config_get("appendonly")["appendonly"] == "yes"
        assert conn.config_get("appendfsync")["appendfsync"] == "everysec"
        name, value = conn.execute_command("GRAPH.CONFIG", "GET", "TIMEOUT_DEFAULT")
    assert (name, value) == ("TIMEOUT_DEFAULT", store.settings.query_timeout_ms)


def test_a_running_engine_is_reused(loaded) -> None:
    store, _ = loaded
    again = FalkorDBServer(store.server.home)
    assert again.start() == store.server.pid()


def test_read_user_may_only_read(loaded) -> None:
    store, _ = loaded
    reader = store._reader.connection
    with pytest.raises(redis.exceptions.NoPermissionError):
        reader.execute_command("GRAPH.QUERY", store.graph_name, "CREATE (:Article {id: 'x'})")
    with pytest.raises(redis.exceptions.NoPermissionError):
        reader.execute_command("FLUSHALL")
    assert reader.execute_command("GRAPH.RO_QUERY", store.graph_name, "RETURN 1")


def test_a_killed_engine_is_restarted_with_its_data(loaded) -> None:
    store, rid = loaded
    old_pid = store.server.pid()
    os.kill(old_pid, signal.SIGKILL)
    deadline = time.monotonic() + 10
    while store.server.pid() == old_pid and time.monotonic() < deadline:
        time.sleep(0.02)
    assert duty_count(store, rid) == OLD_DUTIES  # restarted on use, data replayed from the append-only file
    assert store.server.pid() not in (None, old_pid)


def test_data_survives_store_stop_and_start(loaded) -> None:
    store, rid = loaded
    home = store.server.home
    before = store.counts()
    store.close()
    assert run_cli(home, "store", "stop").stdout.strip() == "stopped"
    status = run_cli(home, "store", "status")
    assert status.returncode == 0 and "not running" in status.stdout
    started = run_cli(home, "store", "start")
    assert started.returncode == 0 and "started" in started.stdout
    assert store.counts() == before
    assert duty_count(store, rid) == OLD_DUTIES


# -- atomic replace ----------------------------------------------------------------------------------------
def test_readers_see_old_or_new_never_a_mix(loaded) -> None:
    store, rid = loaded
    loader = start_loader(store.server.home, store.graph_name, rid, 3)
    seen = set()
    try:
        while loader.poll() is None:
            seen.add(duty_count(store, rid))
    finally:
        _out, err = loader.communicate(timeout=120)
    assert loader.returncode == 0, err
    assert duty_count(store, rid) == 3 * OLD_DUTIES
    assert seen <= {OLD_DUTIES, 3 * OLD_DUTIES} and OLD_DUTIES in seen


def test_kill_9_mid_load_leaves_the_previous_version(loaded) -> None:
    store, rid = loaded
    old_answer = queries.duties(store, concept_ids=["concept:data-centre"], regulation=rid)
    loader = start_loader(store.server.home, store.graph_name, rid, 12)
    try:
        assert loader.stdout.readline().strip() == "loading"
        time.sleep(0.3)  # parsing is done; the statement is being built, sent or run
        assert loader.poll() is None, "the loader finished before it could be killed"
        os.kill(loader.pid, signal.SIGKILL)
    finally:
        loader.wait(timeout=30)
    assert loader.returncode == -signal.SIGKILL
    assert duty_count(store, rid) in (OLD_DUTIES, 12 * OLD_DUTIES)  # never a mix
    if duty_count(store, rid) == OLD_DUTIES:
        assert queries.duties(store, concept_ids=["concept:data-centre"], regulation=rid) == old_answer
    # nothing is left locked: the next load completes
    store.load_regulation(make_graph(parse_file(DRAFT, rid), 2), rid)
    assert duty_count(store, rid) == 2 * OLD_DUTIES


# -- failures with clear messages ---------------------------------------------------------------------
def test_missing_engine_binary(tmp_path: Path) -> None:
    store = EmbeddedStore(embedded_settings(tmp_path / "h", falkordb_server=tmp_path / "no-redis-server"))
    with pytest.raises(StoreUnavailableError, match="binary missing"):
        store.read(cypher.HEALTH)
    assert store.health()["ok"] is False


def test_broken_engine_module(tmp_path: Path) -> None:
    junk = tmp_path / "falkordb.so"
    junk.write_bytes(b"not a shared object")
    home = tmp_path / "h"
    try:
        store = EmbeddedStore(embedded_settings(home, falkordb_module=junk))
        with pytest.raises(StoreUnavailableError, match=r"did not start.*(load|module)"):
            store.read(cypher.HEALTH)
    finally:
        stop_engine(home)


def test_cli_reports_a_missing_binary(tmp_path: Path) -> None:
    done = run_cli(tmp_path / "h", "store", "start", REGKG_FALKORDB_SERVER=str(tmp_path / "nothing"))
    assert done.returncode == 3
    assert "binary missing" in done.stderr and "Traceback" not in done.stderr


# -- settings ------------------------------------------------------------------------------------------
@pytest.mark.parametrize("password", ["neo4j", "changeme", "", None])
def test_placeholder_neo4j_passwords_are_refused(password: str | None) -> None:
    with pytest.raises(ConfigError, match="placeholder"):
        load_settings(neo4j_uri="neo4j://db.example:7687", neo4j_password=password)


def test_unknown_neo4j_scheme_is_refused() -> None:
    with pytest.raises(ConfigError, match="REGKG_NEO4J_URI"):
        load_settings(neo4j_uri="http://db.example:7474", neo4j_password="a-real-secret")


def test_neo4j_uri_selects_neo4j(tmp_path: Path) -> None:
    store = open_store(load_settings(home=tmp_path, neo4j_uri="bolt://127.0.0.1:1", neo4j_password="a-real-secret"))
    try:
        assert store.backend == "neo4j"
        health = store.health()
        assert health["ok"] is False and health["error"]
    finally:
        store.close()
