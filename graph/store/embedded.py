"""The embedded GraphStore: FalkorDB over the unix socket, one-statement per-regulation replace, supervised engine.

A load replaces a regulation with ONE `GRAPH.QUERY` (graph.cypher.replace_regulation_statement): delete its
stored nodes by `regulationId` (indexed), delete the actors and laws only it used, merge the shared nodes
(lists unioned in Cypher), write its own nodes and relationships. The engine runs one statement under its
write lock and undoes it whole when it fails, a killed client never sends a complete command, and the
append-only file holds it as one command (a torn tail is refused at start), so readers and `kill -9` see
the old or the new version. Its cost follows the regulation, not the store: no copy of the graph.
Reads go through `GRAPH.RO_QUERY` as a Redis user that may run nothing else, with a time limit and a row
cap the engine applies. A dead engine is restarted on next use; a read the engine died under is not retried.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable
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
from regkg.graph.cypher_guard import check_parameters
from regkg.graph.store import aof_recovery
from regkg.graph.store.base import Rows, check_read_only, count_everything, read_limits, regulation_rows
from regkg.graph.store.base import plain as plain_value
from regkg.graph.store.bounded_reply import bounded_parser
from regkg.graph.store.falkordb_server import FalkorDBServer, no_retry
from regkg.graph.store.load_plan import Step, plan_load, replace_statement
from regkg.settings import Settings

T = TypeVar("T")
LEGACY_KEYS = (":loading", ":load-lock")  # left in the append-only file by older versions (copy-and-rename loads)


def translate_error(error: redis.RedisError) -> Exception:
    """An engine error as regkg's typed error: timeout, refused write, bad query, or store down."""
    if isinstance(error, redis.ConnectionError | redis.TimeoutError):
        return StoreUnavailableError(f"embedded engine unreachable: {error}")
    message = str(error)
    if "MISCONF" in message or "writing to the AOF" in message or "No space left" in message:
        return StoreUnavailableError(f"the store cannot write its data (disk full or data dir not writable): "
                                     f"{message}")
    if "mem consumption exceeded" in message.lower() or "OOM" in message:
        return QueryError(f"query needs more memory than one query may use: {message}")
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
        self.server = FalkorDBServer(
            settings.home, timeout_default_ms=settings.query_timeout_ms,
            timeout_max_ms=max(settings.max_query_timeout_ms, settings.write_timeout_ms),
            server_binary=settings.falkordb_server, module=settings.falkordb_module,
            start_wait_s=settings.engine_start_timeout_s)
        self._admin: FalkorDB | None = None
        self._reader: FalkorDB | None = None
        self._guard = threading.RLock()  # one (re)connect at a time: the API shares the store between threads

    # -- connections and supervision ------------------------------------------------------------------
    def _connect(self) -> None:
        """Start (or reuse) the engine and open the admin and read-only connections."""
        self.server.start()
        socket = str(self.server.socket_path)
        write_wait = self.settings.write_timeout_ms / 1000 + 30
        read_wait = self.settings.max_query_timeout_ms / 1000 + 30
        admin_user, admin_password = self.server.admin_credentials()
        self._admin = FalkorDB(unix_socket_path=socket, retry=no_retry(), socket_timeout=write_wait,
                               username=admin_user, password=admin_password)
        user, password = self.server.reader_credentials()
        readers = redis.ConnectionPool(connection_class=redis.UnixDomainSocketConnection, path=socket,
                                       username=user, password=password, socket_timeout=read_wait,
                                       socket_connect_timeout=2, retry=no_retry(), decode_responses=True,
                                       parser_class=bounded_parser(self.settings.max_answer_bytes))
        self._reader = FalkorDB(connection_pool=readers)  # every answer read is bounded in bytes
        conn = self._admin.connection
        legacy = [self.graph_name + suffix for suffix in LEGACY_KEYS]
        if conn.exists(*legacy):
            conn.delete(*legacy)
        if not conn.exists(self.graph_name):
            self._ensure_indexes(self._graph(self.graph_name))  # an empty graph, so reads check their syntax

    def _drop_connections(self) -> None:
        with self._guard:
            self._drop_unguarded()

    def _drop_unguarded(self) -> None:
        for db in (self._admin, self._reader):
            if db is not None:
                with contextlib.suppress(Exception):
                    db.connection.close()
        self._admin = self._reader = None

    def _ready(self) -> None:
        """Connections to a live engine: a stale connection (the engine restarted) is reopened before use."""
        with self._guard:
            if self._admin is not None and self._reader is not None:
                try:
                    self._reader.connection.ping()
                    return
                except redis.ResponseError as error:
                    if "MISCONF" in str(error):
                        return  # reads still work while the disk is full; writes check `disk_error`
                    raise
                except (redis.ConnectionError, redis.TimeoutError):
                    self._drop_unguarded()
            self._connect()

    def _supervised(self, work: Callable[[], T], *, retry: bool = False) -> T:
        """Run `work` on a live engine (started or restarted first); engine errors become typed errors.

        When the engine dies while `work` runs, it is restarted for the next caller but `work` is not
        run again (it may be what killed it), unless `retry` (regkg's own idempotent load statements).
        """
        for attempt in (1, 2):
            try:
                self._ready()
            except (redis.ConnectionError, redis.TimeoutError) as error:
                self._drop_connections()
                raise translate_error(error) from error
            except redis.ResponseError as error:
                self._drop_connections()
                raise translate_error(error) from error
            try:
                return work()
            except (redis.ConnectionError, redis.TimeoutError) as error:
                self._drop_connections()
                if self.server.running():
                    raise translate_error(error) from error
                if retry and attempt == 1:
                    continue
                with contextlib.suppress(StoreUnavailableError):
                    self.server.start()  # ready for the next caller; this query is not sent again
                raise StoreUnavailableError("the embedded engine stopped while running this query; it was "
                                            "restarted, and the query was not run again") from error
            except redis.ResponseError as error:
                raise translate_error(error) from error
        raise StoreUnavailableError("embedded engine unreachable")  # pragma: no cover - loop always returns

    def _graph(self, name: str) -> Graph:
        return self._admin_db().select_graph(name)

    def _admin_db(self) -> FalkorDB:
        admin = self._admin
        if admin is None:  # another thread dropped the connections after an engine failure
            raise redis.ConnectionError("the engine connection was reset")
        return admin

    def _reader_db(self) -> FalkorDB:
        reader = self._reader
        if reader is None:
            raise redis.ConnectionError("the engine connection was reset")
        return reader

    # -- reads -----------------------------------------------------------------------------------------
    def read(self, query: str, params: dict[str, Any] | None = None, *, timeout_ms: int | None = None,
             limit: int | None = None) -> Rows:
        """A read-only query through GRAPH.RO_QUERY with a time limit; at most `limit` rows (truncation flagged)."""
        check_read_only(query)
        check_parameters(params or {})  # the driver inlines parameters into the query text
        timeout, cap = read_limits(self.settings, timeout_ms, limit)

        def run() -> Rows:
            try:
                result = self._reader_db().select_graph(self.graph_name).ro_query(query, params or {}, timeout=timeout)
            except redis.ResponseError as error:
                if "empty key" in str(error):
                    return Rows([], [], False)  # the graph was deleted under us: read as empty
                raise
            except (ValueError, OverflowError, OSError) as error:  # the driver cannot decode a value (a date in year
                # 10000; duration({days: 1e15}) raises EOVERFLOW); redis-py turns socket errors into its own types
                raise QueryError(f"the result holds a value the driver cannot decode: {error}",
                                 value=str(error)) from None
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

    def engine_identity(self) -> int | None:
        """The running engine's pid (a file read): changes when the engine was restarted, so caches can tell."""
        return self.server.pid()

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
        """Replace one regulation with ONE statement (atomic in the engine, its cost that of the regulation)."""
        plan = plan_load(G, regulation_id)
        self._write(replace_statement(plan, regulation_id))
        return plan.summary()

    def drop_regulation(self, regulation_id: str) -> bool:
        """Remove one regulation (the same single statement with nothing to write); False if it was not there."""
        exists = bool(self.read(cypher.REGULATION_BY_ID, {"regulationId": regulation_id}))
        if exists:
            self._write(replace_statement(None, regulation_id))
        return exists

    def _write(self, step: Step) -> None:
        statement, params = step

        def work() -> None:
            self._refuse_if_disk_error()
            self._graph(self.graph_name).query(statement, params, timeout=self.settings.write_timeout_ms)
            self._refuse_if_disk_error()  # the append-only file is written before the reply is sent
            aof_recovery.record_acknowledged(self.server.data_dir, self.server.aof_dir)

        self._supervised(work, retry=True)

    def _refuse_if_disk_error(self) -> None:
        problem = self.server.disk_error(self._admin_db().connection)
        if problem:
            raise StoreUnavailableError(problem)

    def _ensure_indexes(self, graph: Graph) -> None:
        for statement in cypher.falkordb_ddl():
            try:
                graph.query(statement, timeout=self.settings.write_timeout_ms)
            except redis.ResponseError as error:
                if "already indexed" not in str(error):
                    raise
        aof_recovery.record_acknowledged(self.server.data_dir, self.server.aof_dir)  # index writes count too

    def close(self) -> None:
        """Close the connections; the engine keeps running for the next command (`regkg store stop` ends it)."""
        self._drop_connections()

