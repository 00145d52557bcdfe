"""The embedded engine left running under faults (issue 9, defects 2, 3, 4, 5, 8, 9, 10 and the store parts
of 12): each test reproduces what was found and checks the fixed behaviour on a real engine."""

from __future__ import annotations

import contextlib
import os
import resource
import signal
import stat
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import pytest
import redis

from regkg.errors import QueryError, QueryTimeoutError, StoreUnavailableError
from regkg.graph.store import falkordb_server
from regkg.graph.store.embedded import EmbeddedStore
from regkg.graph.store.falkordb_server import FalkorDBServer, process_alive
from regkg.loaders.parse import parse_file
from regkg.settings import default_home, load_settings
from tests.conftest import CORPUS_FILES, DRAFT
from tests.store_fixtures import REGKG, ROOT, cli_env, embedded_settings, make_graph, run_cli, stop_engine

SLOW_READ = "UNWIND range(1, 100000) AS x UNWIND range(1, 100000) AS y RETURN count(*) AS n"


@pytest.fixture
def home(tmp_path: Path):
    """A REGKG_HOME whose engine is stopped afterwards."""
    path = tmp_path / "h"
    try:
        yield path
    finally:
        stop_engine(path)


def engines_of(data_dir: Path) -> list[int]:
    """Live redis-server processes whose configuration lives in `data_dir`."""
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            cmdline = Path(f"/proc/{entry}/cmdline").read_bytes().replace(b"\0", b" ").decode()
        except OSError:
            continue
        if "redis-server" in cmdline and str(data_dir) in cmdline and process_alive(int(entry)):
            found.append(int(entry))
    return found


# -- defect 2 (engine side): a query the engine died under is not sent again --------------------------------
def test_a_read_the_engine_died_under_is_not_retried(home: Path) -> None:
    store = EmbeddedStore(embedded_settings(home))
    try:
        store.read("RETURN 1 AS one")
        victim = store.server.pid()
        errors: list[Exception] = []

        def slow() -> None:
            try:
                store.read(SLOW_READ, timeout_ms=30_000)
            except Exception as error:  # the outcome is checked below
                errors.append(error)

        thread = threading.Thread(target=slow)
        started = time.monotonic()
        thread.start()
        time.sleep(0.5)
        os.kill(victim, signal.SIGKILL)
        thread.join(timeout=60)
        assert time.monotonic() - started < 20
        assert len(errors) == 1 and isinstance(errors[0], StoreUnavailableError), errors
        assert "not run again" in str(errors[0])
        assert store.server.pid() not in (None, victim)  # restarted for the next caller
        with store.server.client() as conn:
            calls = conn.info("commandstats").get("cmdstat_graph.RO_QUERY", {}).get("calls", 0)
        assert calls == 0  # the restarted engine never saw the query again
        assert store.read("RETURN 1 AS one")[0]["one"] == 1
    finally:
        store.close()


# -- defect 3: no loader lock inside the engine (it came back from the AOF after a restart) ------------------
def test_a_load_after_the_engine_was_killed_mid_load_does_not_wait_for_a_lock(home: Path) -> None:
    assert run_cli(home, "store", "start").returncode == 0
    server = FalkorDBServer(home)
    loader = subprocess.Popen([REGKG, "load", *map(str, CORPUS_FILES)], env=cli_env(home), cwd=ROOT,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    time.sleep(1.3)
    os.kill(server.pid(), signal.SIGKILL)
    _out, err = loader.communicate(timeout=120)
    assert "Traceback" not in err
    started = time.monotonic()
    done = run_cli(home, "load", str(DRAFT), timeout=60)
    assert time.monotonic() - started < 30  # never a wait on a lock of its own
    # Also when the kill landed inside the engine's write of its append-only file: that torn write was
    # never acknowledged, so it is set aside and the store starts (test_a_torn_unacknowledged_last_write…).
    assert done.returncode == 0, done.stderr
    with server.client() as conn:
        assert not [key for key in conn.keys("*") if "lock" in key or "loading" in key]


# -- defect 4: at most one engine per data dir ------------------------------------------------------------
def test_concurrent_starts_leave_one_engine(home: Path) -> None:
    starters = [subprocess.Popen([REGKG, "store", "start"], env=cli_env(home), cwd=ROOT, stdout=subprocess.PIPE,
                                 stderr=subprocess.PIPE, text=True) for _ in range(3)]
    pids = set()
    for starter in starters:
        out, err = starter.communicate(timeout=90)
        assert starter.returncode == 0, err
        pids.add(int(out.split("pid ", 1)[1].split(",", 1)[0]))
    server = FalkorDBServer(home)
    assert len(pids) == 1
    assert engines_of(server.data_dir) == [server.pid()]


def test_a_hung_engine_is_reported_not_doubled(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    server = FalkorDBServer(home)
    pid = server.start()
    os.kill(pid, signal.SIGSTOP)
    try:
        monkeypatch.setattr(falkordb_server, "START_WAIT_S", 2.0)
        with pytest.raises(StoreUnavailableError, match="does not answer"):
            FalkorDBServer(home).start()
        assert engines_of(server.data_dir) == [pid]
        status = server.status()
        assert not status.running and status.hung
        shown = run_cli(home, "store", "status")
        assert shown.returncode == 0 and shown.stdout.startswith("hung: engine pid")  # was: "not running"
    finally:
        os.kill(pid, signal.SIGCONT)


# -- defect 5: the default user is off; the reader can do nothing but read ----------------------------------
def test_the_default_user_cannot_be_used(home: Path) -> None:
    store = EmbeddedStore(embedded_settings(home))
    try:
        store.read("RETURN 1 AS one")
        socket = str(store.server.socket_path)
        anonymous = redis.Redis(unix_socket_path=socket)
        with pytest.raises(redis.exceptions.AuthenticationError):
            anonymous.execute_command("FLUSHALL")
        reader = store._reader.connection
        for password in ("x", "", "nopass"):
            with pytest.raises(redis.exceptions.RedisError):
                reader.execute_command("AUTH", "default", password)
        for command in (("FLUSHALL",), ("ACL", "SETUSER", "evil", "on", ">x", "+@all"), ("CONFIG", "GET", "*"),
                        ("GRAPH.QUERY", store.graph_name, "CREATE (:Actor {id: 'x'})"), ("KEYS", "*")):
            with pytest.raises(redis.exceptions.NoPermissionError):
                reader.execute_command(*command)
        for name in ("admin.secret", "reader.secret", "engine.conf"):
            assert stat.S_IMODE((store.server.data_dir / name).stat().st_mode) == 0o600
        assert store.server.admin_credentials()[1] not in Path(f"/proc/{store.server.pid()}/cmdline").read_text()
    finally:
        store.close()


# -- defect 8: the row cap and the time limit bound the client ---------------------------------------------
PEAK_PROBE = ("import resource, subprocess, sys; "
              "done = subprocess.run(sys.argv[1:], capture_output=True, text=True); "
              "print(done.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss); "
              "print(done.stderr, file=sys.stderr)")


def peak_of(home: Path, *args: str, **env: str) -> tuple[int, int, str]:
    """A real `regkg ARGS` run: its exit code, its peak memory (KB) and its stderr."""
    probe = subprocess.run([sys.executable, "-c", PEAK_PROBE, REGKG, *args], env=cli_env(home, **env), cwd=ROOT,
                           capture_output=True, text=True, timeout=120)
    code, peak_kb = map(int, probe.stdout.split())
    return code, peak_kb, probe.stderr


def test_a_huge_answer_costs_the_client_only_the_cap(home: Path) -> None:
    assert run_cli(home, "store", "start").returncode == 0
    code, peak_kb, stderr = peak_of(home, "cypher", "UNWIND range(1, 10000000) AS x RETURN x", "--limit", "1000",
                                    "--json", "--timeout", "20000")
    assert code == 0, stderr
    assert peak_kb < 400_000  # was 3 GB: the whole answer was parsed before the cap
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss < 2_000_000


def test_one_row_holding_millions_of_values_is_refused_while_it_arrives(home: Path) -> None:
    assert run_cli(home, "store", "start").returncode == 0
    code, peak_kb, stderr = peak_of(home, "cypher", "UNWIND range(1, 10000000) AS x RETURN collect(x) AS xs",
                                    "--json", "--timeout", "30000", REGKG_MAX_ANSWER_BYTES="8000000")
    assert code == 2 and "REGKG_MAX_ANSWER_BYTES" in stderr and "Traceback" not in stderr
    assert peak_kb < 300_000  # the row cap did not bound it: the whole list was parsed (1 GB through the API)
    store = EmbeddedStore(embedded_settings(home, max_answer_bytes=8_000_000))
    try:
        with pytest.raises(QueryError, match="larger than 8,000,000 bytes"):
            store.read("UNWIND range(1, 3000000) AS x RETURN collect(x) AS xs", timeout_ms=30_000)
        before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        with pytest.raises(QueryError, match="500,000 values"):  # 8 bytes a value on the wire, ~120 in Python
            store.read("RETURN [x IN range(1, 2700000) | [[]]] AS r", timeout_ms=60_000)
        assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before < 200_000  # KB; it was 1.4 GB
        assert store.read("RETURN 1 AS one")[0]["one"] == 1  # the connection was replaced, the store serves on
    finally:
        store.close()


def test_the_row_cap_has_an_upper_bound(home: Path) -> None:
    store = EmbeddedStore(embedded_settings(home))
    try:
        with pytest.raises(QueryError, match=r"limit must be 1\.\.100000"):
            store.read("RETURN 1 AS one", limit=10_000_000)
        rows = store.read("UNWIND range(1, 300000) AS x RETURN x", limit=100_000, timeout_ms=20_000)
        assert len(rows) == 100_000 and rows.truncated
    finally:
        store.close()


def test_a_timeout_has_its_own_error_and_exit_code(home: Path) -> None:
    store = EmbeddedStore(embedded_settings(home))
    try:
        with pytest.raises(QueryTimeoutError):
            store.read(SLOW_READ, timeout_ms=300)
    finally:
        store.close()
    done = run_cli(home, "cypher", SLOW_READ, "--timeout", "300")
    assert done.returncode == 4, done.stderr
    assert "time limit" in done.stderr and "Traceback" not in done.stderr


# -- defects 9 and 10: private files only, inside a private subdirectory -----------------------------------
def test_loads_write_nothing_outside_the_home_and_everything_private(home: Path) -> None:
    before = set(Path(tempfile.gettempdir()).glob("*.dump"))
    assert run_cli(home, "load", *map(str, CORPUS_FILES[:3])).returncode == 0
    assert set(Path(tempfile.gettempdir()).glob("*.dump")) == before
    data_dir = FalkorDBServer(home).data_dir
    for path in [data_dir, *data_dir.rglob("*")]:
        mode = stat.S_IMODE(path.lstat().st_mode)
        assert mode & 0o077 == 0, f"{path} is {oct(mode)}"


def test_an_existing_home_keeps_its_mode(tmp_path: Path) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    os.chmod(shared, 0o1777)
    try:
        assert run_cli(shared, "store", "start").returncode == 0
        assert stat.S_IMODE(shared.stat().st_mode) == 0o1777
        assert stat.S_IMODE((shared / "store").stat().st_mode) == 0o700
    finally:
        stop_engine(shared)


def test_a_blank_home_means_the_default_one(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REGKG_HOME", "")
    assert load_settings().home == default_home()


# -- defect 12 (store): a truncated append-only file and a full disk give clear errors ----------------------
def test_a_truncated_append_only_file_is_refused_not_loaded_empty(home: Path) -> None:
    assert run_cli(home, "load", str(DRAFT)).returncode == 0
    assert run_cli(home, "store", "stop").returncode == 0
    server = FalkorDBServer(home)
    incr = next(server.aof_dir.glob("*.incr.aof"))
    size = incr.stat().st_size
    with incr.open("r+b") as aof:
        aof.truncate(size - 100)
    done = run_cli(home, "duties", "--concept", "数据中心", "--json")
    assert done.returncode == 3
    assert "append-only file" in done.stderr and "truncated" in done.stderr and "Traceback" not in done.stderr
    assert not server.running()


TORN_WRITE = b"*3\r\n$11\r\nGRAPH.QUERY\r\n$5\r\nregkg\r\n$90000\r\nCYPHER regulationId='x' MATCH (r:Regulation"


def tear_last_write(server: FalkorDBServer) -> Path:
    """Append the first bytes of a command, as a `kill -9` inside the engine's write leaves them."""
    incr = next(server.aof_dir.glob("*.incr.aof"))
    with incr.open("ab") as aof:
        aof.write(TORN_WRITE)
    return incr


def test_a_torn_unacknowledged_last_write_is_set_aside_and_the_store_starts(home: Path) -> None:
    assert run_cli(home, "load", str(DRAFT)).returncode == 0
    before = run_cli(home, "duties", "--concept", "数据中心", "--json")
    assert run_cli(home, "store", "stop").returncode == 0
    server = FalkorDBServer(home)
    incr = tear_last_write(server)
    size = incr.stat().st_size
    after = run_cli(home, "duties", "--concept", "数据中心", "--json")
    assert after.returncode == 0, after.stderr
    assert after.stdout == before.stdout and before.stdout.count('"trigger"') >= 4
    assert "unacknowledged" in after.stderr and "Traceback" not in after.stderr
    assert incr.stat().st_size == size - len(TORN_WRITE)
    kept = list((server.data_dir / "torn-writes").iterdir())
    assert [path.read_bytes() for path in kept] == [TORN_WRITE]
    assert stat.S_IMODE(kept[0].stat().st_mode) == 0o600
    status = run_cli(home, "store", "status")
    assert "last recovery" in status.stdout and f"{len(TORN_WRITE)} bytes" in status.stdout


def test_a_torn_write_in_a_store_without_a_ledger_is_refused(home: Path) -> None:
    assert run_cli(home, "load", str(DRAFT)).returncode == 0
    assert run_cli(home, "store", "stop").returncode == 0
    server = FalkorDBServer(home)
    (server.data_dir / "acknowledged.aof").unlink()  # an older store: which writes were acknowledged is unknown
    incr = tear_last_write(server)
    size = incr.stat().st_size
    done = run_cli(home, "duties", "--concept", "数据中心", "--json")
    assert done.returncode == 3 and "truncated or corrupt" in done.stderr and "Traceback" not in done.stderr
    assert incr.stat().st_size == size and not (server.data_dir / "torn-writes").exists()


def loaded_and_stopped(home: Path, *files: Path) -> FalkorDBServer:
    """A store holding `files` (one load each), its engine stopped."""
    for path in files:
        assert run_cli(home, "load", str(path)).returncode == 0
    assert run_cli(home, "store", "stop").returncode == 0
    return FalkorDBServer(home)


def incremental_file(server: FalkorDBServer) -> Path:
    return next(server.aof_dir.glob("*.incr.aof"))


def test_a_file_cut_between_two_acknowledged_loads_is_refused_before_the_engine_starts(home: Path) -> None:
    server = loaded_and_stopped(home, DRAFT)
    first = incremental_file(server).stat().st_size
    loaded_and_stopped(home, CORPUS_FILES[0])
    incr = incremental_file(server)
    with incr.open("r+b") as aof:
        aof.truncate(first)  # well formed, but the second acknowledged load is gone
    done = run_cli(home, "store", "start")
    assert done.returncode == 3 and "acknowledged" in done.stderr and "Traceback" not in done.stderr
    assert not server.running() and incr.stat().st_size == first
    (server.data_dir / "acknowledged.aof").unlink()  # the operator accepts the store as it is
    assert run_cli(home, "store", "start").returncode == 0


def test_an_unreadable_ledger_means_unknown_so_nothing_is_cut(home: Path) -> None:
    server = loaded_and_stopped(home, DRAFT)
    (server.data_dir / "acknowledged.aof").write_text("garbage")
    incr = tear_last_write(server)
    size = incr.stat().st_size
    done = run_cli(home, "store", "start")
    assert done.returncode == 3 and "truncated or corrupt" in done.stderr and incr.stat().st_size == size
    (server.data_dir / "acknowledged.aof").write_text("[" * 100_000)  # deep nesting: no RecursionError
    assert run_cli(home, "store", "start").returncode == 3


def test_a_store_started_over_gets_a_new_ledger(home: Path) -> None:
    server = loaded_and_stopped(home, DRAFT, CORPUS_FILES[0])
    import shutil

    shutil.rmtree(server.aof_dir)  # start over: the old acknowledged lengths mean nothing now
    loaded_and_stopped(home, CORPUS_FILES[1])
    tear_last_write(server)
    done = run_cli(home, "store", "start")
    assert done.returncode == 0, done.stderr
    assert "unacknowledged" in run_cli(home, "store", "status").stdout


def test_damage_in_another_file_is_not_repaired_in_the_last_one(home: Path) -> None:
    server = loaded_and_stopped(home, DRAFT)
    incr = tear_last_write(server)
    size = incr.stat().st_size
    base = next(server.aof_dir.glob("*.base.*"))
    with base.open("r+b") as damaged:
        damaged.truncate(min(60, base.stat().st_size - 1))
    done = run_cli(home, "store", "start")
    assert done.returncode == 3 and "Traceback" not in done.stderr
    assert incr.stat().st_size == size and not (server.data_dir / "torn-writes").exists()


def test_a_repair_that_cannot_set_the_bytes_aside_changes_nothing(home: Path) -> None:
    server = loaded_and_stopped(home, DRAFT)
    incr = tear_last_write(server)
    size = incr.stat().st_size
    (server.data_dir / "torn-writes").write_text("in the way")
    done = run_cli(home, "store", "start")
    assert done.returncode == 3 and "could not be set aside" in done.stderr and "Traceback" not in done.stderr
    assert incr.stat().st_size == size and not (server.data_dir / "recovered.jsonl").exists()
    (server.data_dir / "torn-writes").unlink()
    assert run_cli(home, "store", "start").returncode == 0


def test_a_missing_manifest_is_refused_not_started_empty(home: Path) -> None:
    server = loaded_and_stopped(home, DRAFT)
    (server.aof_dir / "appendonly.aof.manifest").unlink()
    done = run_cli(home, "store", "start")
    assert done.returncode == 3 and "manifest" in done.stderr and "Traceback" not in done.stderr
    assert not server.running() and (server.data_dir / "acknowledged.aof").read_text() != "{}"


def test_an_older_copy_put_back_after_a_rewrite_is_refused(home: Path) -> None:
    import shutil

    server = loaded_and_stopped(home, DRAFT)
    old_copy = home.parent / "aof-before"
    shutil.copytree(server.aof_dir, old_copy)
    assert run_cli(home, "store", "start").returncode == 0
    with server.client() as conn:
        conn.bgrewriteaof()
        deadline = time.monotonic() + 30
        while conn.info("persistence")["aof_rewrite_in_progress"] and time.monotonic() < deadline:
            time.sleep(0.05)
    loaded_and_stopped(home, CORPUS_FILES[0])  # acknowledged in the new incremental file
    shutil.rmtree(server.aof_dir)
    shutil.copytree(old_copy, server.aof_dir)
    done = run_cli(home, "store", "start")
    assert done.returncode == 3 and "older copy" in done.stderr and not server.running()


def test_a_stored_command_damaged_in_the_middle_stops_the_engine(home: Path) -> None:
    server = loaded_and_stopped(home, DRAFT, CORPUS_FILES[0])
    incr = incremental_file(server)
    data = incr.read_bytes()
    at = data.rfind(b"MATCH")
    incr.write_bytes(data[:at] + b"MATCX" + data[at + 5:])  # same length: only the replay can tell
    done = run_cli(home, "store", "start")
    assert done.returncode == 3 and "rejected a stored command" in done.stderr and "Traceback" not in done.stderr
    assert not server.running()


def test_odd_recovery_journals_do_not_break_status(home: Path) -> None:
    server = loaded_and_stopped(home, DRAFT)
    for junk in (b'{"file":"x","valid_bytes":1,"dropped_bytes":2,"kept_as":"k","at":"zzz"}\n', b"\xff\n[[[\n"):
        (server.data_dir / "recovered.jsonl").write_bytes(junk)
        done = run_cli(home, "store", "status")
        assert done.returncode == 0 and "Traceback" not in done.stderr and "last recovery" not in done.stdout


@pytest.mark.skipif(os.geteuid() != 0, reason="needs root to mount a small tmpfs")
def test_a_full_disk_is_the_store_unavailable_error(tmp_path: Path) -> None:
    mount = tmp_path / "small"
    mount.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(mount)], check=False).returncode:
        pytest.skip("cannot mount a tmpfs here")
    home = mount / "h"
    try:
        codes = []
        for index in range(6):
            done = run_cli(home, "load", "--id", f"copy{index}", str(DRAFT), timeout=90)
            codes.append(done.returncode)
            assert "Traceback" not in done.stderr
            if done.returncode:
                assert done.returncode == 3 and "disk full" in done.stderr, done.stderr
                break
        assert 3 in codes
        reads = run_cli(home, "cypher", "MATCH (r:Regulation) RETURN count(r) AS n", "--json")
        assert reads.returncode == 0, reads.stderr  # reading still works
    finally:
        stop_engine(home)
        with contextlib.suppress(Exception):
            subprocess.run(["umount", "-l", str(mount)], check=False)


def test_engine_kept_running_between_loads_is_reused(home: Path) -> None:
    store = EmbeddedStore(embedded_settings(home))
    try:
        store.load_regulation(make_graph(parse_file(DRAFT, "a")), "a")
        pid = store.server.pid()
        store.load_regulation(make_graph(parse_file(DRAFT, "b")), "b")
        assert store.server.pid() == pid and engines_of(store.server.data_dir) == [pid]
    finally:
        store.close()


def test_two_slow_reads_do_not_hold_up_a_quick_one(home: Path) -> None:
    store = EmbeddedStore(embedded_settings(home))
    try:
        store.read("RETURN 1 AS one")
        slow = [threading.Thread(target=_quietly, args=(store, SLOW_READ)) for _ in range(2)]
        for thread in slow:
            thread.start()
        time.sleep(0.3)
        started = time.monotonic()
        quick = EmbeddedStore(embedded_settings(home))
        try:
            assert quick.read("RETURN 1 AS one")[0]["one"] == 1
        finally:
            quick.close()
        assert time.monotonic() - started < 2.5  # was: it waited for one of the slow reads to end
        for thread in slow:
            thread.join(timeout=30)
    finally:
        store.close()


def _quietly(store: EmbeddedStore, query: str) -> None:
    with contextlib.suppress(QueryTimeoutError):
        store.read(query, timeout_ms=4000)
