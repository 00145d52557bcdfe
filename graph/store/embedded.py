"""The embedded GraphStore: FalkorDB over the unix socket, atomic per-regulation replace, supervised engine.

A load builds the new state in a temporary graph key (a `GRAPH.COPY` of the live graph with the
regulation's old nodes deleted and the new ones written) and `RENAME`s it over the live key, so a
reader sees the old or the new graph, never a mix — also when the loading process is killed. Reads
go through `GRAPH.RO_QUERY` as a Redis user that may run nothing else, with a time limit and a row
cap. A dead engine is restarted on next use; engine errors become regkg's typed errors.
"""

from __future__ import annotations

import contextlib
import os
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from typing import Any, TypeVar

import networkx as nx
import redis
from falkordb import FalkorDB
from falkordb.edge import Edge
from falkordb.graph import Graph
from falkordb.node import Node
from falkordb.path import Path as FalkorPath

from regkg.errors import QueryError, QueryTimeoutError, StoreUnavailableError, WriteRefusedError
from regkg.graph import cypher
from regkg.graph.store.base import Rows, check_read_only, count_everything, read_limits, regulation_rows
from regkg.graph.store.base import plain as plain_value
from regkg.graph.store.falkordb_server import FalkorDBServer, no_retry, process_alive
from regkg.graph.store.load_plan import Step, delete_steps, plan_load, write_steps
from regkg.settings import Settings

T = TypeVar("T")
LOCK_TTL_MS = 3_600_000
LOCK_WAIT_S = 120.0
RELEASE_LOCK = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end"


def translate_error(error: redis.RedisError) -> Exception:
    """An engine error as regkg's typed error: timeout, refused write, bad query, or store down."""
    if isinstance(error, redis.ConnectionError | redis.TimeoutError):
        return StoreUnavailableError(f"embedded engine unreachable: {error}")
    message = str(error)
    if "timed out" in message.lower():
        return QueryTimeoutError(f"query ran past its time limit: {message}")
    if "read-only" in message or "no permissions" in message.lower() or message.startswith("NOPERM"):
        return WriteRefusedError(f"read-only: the engine refused a write ({message})")
    if "errMsg:" in message:
        message = message.split("errMsg:", 1)[1].split(" errCtx:", 1)[0].strip()
    return QueryError(f"query failed: {message}")


def _falkordb_object(value: Any) -> Any:
    """A FalkorDB node, edge or path as a property map (anything else unchanged)."""
    if isinstance(value, Node):
        return {"labels": list(value.labels or []), **plain(value.properties or {})}
    if isinstance(value, Edge):
        return {"type": value.relation, **plain(value.properties or {})}
    if isinstance(value, FalkorPath):
        return {"nodes": [plain(n) for n in value.nodes()], "relationships": [plain(e) for e in value.edges()]}
    return value


def plain(value: Any) -> Any:
    """Engine values as plain JSON-ready Python (nodes and relationships as property maps)."""
    return plain_value(value, _falkordb_object)


class EmbeddedStore:
    """GraphStore on the embedded FalkorDB engine of REGKG_HOME (started on first use, reused, supervised)."""

    backend = "falkordb"

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.graph_name = settings.graph_name
        self.loading_key = f"{settings.graph_name}:loading"
        self.lock_key = f"{settings.graph_name}:load-lock"
        self.server = FalkorDBServer(
            settings.home, timeout_default_ms=settings.query_timeout_ms,
            timeout_max_ms=max(settings.max_query_timeout_ms, settings.write_timeout_ms),
            server_binary=settings.falkordb_server, module=settings.falkordb_module)
        self._admin: FalkorDB | None = None
        self._reader: FalkorDB | None = None
        # One (re)start at a time: threads sharing this store (the API's workers) must not each start an engine
        # when it dies, nor see the admin connection before the reader one exists.
        self._connect_lock = threading.Lock()
        self._generation = 0

    # -- connections and supervision ------------------------------------------------------------------
    def _connect(self) -> None:
        """Start (or reuse) the engine and open the admin and read-only connections (once, whatever the threads)."""
        with self._connect_lock:
            if self._admin is not None:
                return
            self.server.start()
            socket = str(self.server.socket_path)
            write_wait = self.settings.write_timeout_ms / 1000 + 30
            read_wait = self.settings.max_query_timeout_ms / 1000 + 30
            admin = FalkorDB(unix_socket_path=socket, retry=no_retry(), socket_timeout=write_wait)
            user, password = self.server.reader_credentials()
            self._reader = FalkorDB(unix_socket_path=socket, retry=no_retry(), socket_timeout=read_wait,
                                    username=user, password=password)
            if not admin.connection.exists(self.graph_name):
                self._ensure_indexes(admin.select_graph(self.graph_name))  # an empty graph: reads check syntax
            self._generation += 1
            self._admin = admin  # last: other threads take a set admin connection as "connected"

    def _drop_connections(self, generation: int | None = None) -> None:
        """Close the connections (only those of `generation` when given: another thread may have reconnected)."""
        with self._connect_lock:
            if generation is not None and generation != self._generation:
                return
            for db in (self._admin, self._reader):
                if db is not None:
                    with contextlib.suppress(Exception):
                        db.connection.close()
            self._admin = self._reader = None

    def _supervised(self, work: Callable[[], T]) -> T:
        """Run `work`; if the engine is down, restart it once and retry; engine errors become typed errors."""
        for attempt in (1, 2):
            generation = self._generation
            try:
                if self._admin is None:
                    self._connect()
                    generation = self._generation
                return work()
            except (redis.ConnectionError, redis.TimeoutError) as error:
                self._drop_connections(generation)
                if attempt == 2 or self.server.running():
                    raise translate_error(error) from error
            except redis.ResponseError as error:
                raise translate_error(error) from error
        raise StoreUnavailableError("embedded engine unreachable")  # pragma: no cover - loop always returns

    def _graph(self, name: str) -> Graph:
        assert self._admin is not None
        return self._admin.select_graph(name)

    # -- reads -----------------------------------------------------------------------------------------
    def read(self, query: str, params: dict[str, Any] | None = None, *, timeout_ms: int | None = None,
             limit: int | None = None) -> Rows:
        """A read-only query through GRAPH.RO_QUERY with a time limit; at most `limit` rows (truncation flagged)."""
        check_read_only(query)
        timeout, cap = read_limits(self.settings, timeout_ms, limit)

        def run() -> Rows:
            assert self._reader is not None
            try:
                result = self._reader.select_graph(self.graph_name).ro_query(query, params or {}, timeout=timeout)
            except redis.ResponseError as error:
                if "empty key" in str(error):
                    return Rows([], [], False)  # the graph was deleted under us: read as empty
                raise
            columns = [column[1] for column in result.header]
            rows = [dict(zip(columns, plain(row), strict=True)) for row in result.result_set[:cap]]
            return Rows(rows, columns, len(result.result_set) > cap)

        return self._supervised(run)

    def counts(self) -> dict[str, Any]:
        """Total nodes and relationships, per label and per relationship type."""
        return count_everything(self)

    def regulations(self) -> list[dict[str, Any]]:
        """Every stored regulation with its metadata and article and duty counts."""
        return regulation_rows(self)

    def health(self) -> dict[str, Any]:
        """Whether the engine answers (restarting it if it died); never raises."""
        info: dict[str, Any] = {"backend": self.backend, "home": str(self.server.home),
                                "socket": str(self.server.socket_path)}
        try:
            self.read(cypher.HEALTH)
        except Exception as error:  # health reports every failure instead of raising
            return {**info, "ok": False, "error": str(error)}
        status = self.server.status()
        return {**info, "ok": True, "pid": status.pid, "version": status.version, "graphs": list(status.graphs)}

    # -- writes ----------------------------------------------------------------------------------------
    def load_regulation(self, G: nx.MultiDiGraph, regulation_id: str) -> dict[str, int]:
        """Replace one regulation: rebuild in a temporary graph, then RENAME it over the live graph."""
        plan = plan_load(G, regulation_id)

        def steps(read_shared: Callable[[str, list[str]], dict[str, dict[str, Any]]]) -> Iterator[Step]:
            yield from delete_steps(regulation_id)
            yield from write_steps(plan, self.settings.batch_size, read_shared)

        self._replace(steps)
        return plan.summary()

    def drop_regulation(self, regulation_id: str) -> bool:
        """Remove one regulation atomically (same temporary-graph route as a load)."""
        exists = bool(self.read(cypher.REGULATION_BY_ID, {"regulationId": regulation_id}))
        if exists:
            self._replace(lambda _read_shared: delete_steps(regulation_id))
        return exists

    def _replace(self, make_steps: Callable[[Callable[[str, list[str]], dict[str, dict[str, Any]]]],
                                             Iterator[Step]]) -> None:
        def work() -> None:
            assert self._admin is not None
            conn = self._admin.connection
            token = self._acquire_lock(conn)
            try:
                conn.delete(self.loading_key)
                if conn.exists(self.graph_name):
                    conn.execute_command("GRAPH.COPY", self.graph_name, self.loading_key)
                staging = self._graph(self.loading_key)
                self._ensure_indexes(staging)
                timeout = self.settings.write_timeout_ms

                def read_shared(label: str, ids: list[str]) -> dict[str, dict[str, Any]]:
                    result = staging.query(cypher.shared_node_properties(label), {"ids": ids}, timeout=timeout)
                    return {row[0]: dict(row[1]) for row in result.result_set}

                for statement, params in make_steps(read_shared):
                    staging.query(statement, params, timeout=timeout)
                conn.rename(self.loading_key, self.graph_name)
            finally:
                with contextlib.suppress(redis.RedisError):
                    conn.eval(RELEASE_LOCK, 1, self.lock_key, token)

        self._supervised(work)

    def _ensure_indexes(self, staging: Graph) -> None:
        for statement in cypher.falkordb_ddl():
            try:
                staging.query(statement, timeout=self.settings.write_timeout_ms)
            except redis.ResponseError as error:
                if "already indexed" not in str(error):
                    raise

    def _acquire_lock(self, conn: redis.Redis) -> str:
        """One load at a time per graph; a lock left by a killed process (dead pid) is taken over."""
        token = f"{os.getpid()}:{uuid.uuid4().hex}"
        deadline = time.monotonic() + LOCK_WAIT_S
        while True:
            if conn.set(self.lock_key, token, nx=True, px=LOCK_TTL_MS):
                return token
            holder = conn.get(self.lock_key) or ""
            holder_pid = holder.split(":", 1)[0]
            if holder_pid.isdigit() and not process_alive(int(holder_pid)):
                conn.eval(RELEASE_LOCK, 1, self.lock_key, holder)
                continue
            if time.monotonic() > deadline:
                raise StoreUnavailableError(f"another load into {self.graph_name!r} is still running "
                                            f"(process {holder_pid}); try again when it has finished")
            time.sleep(0.05)

    def close(self) -> None:
        """Close the connections; the engine keeps running for the next command (`regkg store stop` ends it)."""
        self._drop_connections()

