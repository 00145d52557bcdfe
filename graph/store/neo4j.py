"""The Neo4j GraphStore (production, shared use, clusters): a thin layer over the official driver.

Same Cypher as the embedded store (graph.cypher); reads are routed to readers with a time limit and
a row cap, a regulation is replaced inside ONE write transaction, and every primary label has a
uniqueness constraint on `id` (created IF NOT EXISTS on first use).
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import Any

import neo4j
import networkx as nx
from neo4j import exceptions as neo4j_errors

from regkg.errors import (
    ConfigError,
    QueryError,
    QueryTimeoutError,
    RegkgError,
    StoreUnavailableError,
    WriteRefusedError,
)
from regkg.graph import cypher
from regkg.graph.store.base import Rows, check_read_only, count_everything, read_limits, regulation_rows
from regkg.graph.store.base import plain as plain_value
from regkg.graph.store.load_plan import Step, delete_steps, plan_load, write_steps
from regkg.settings import Settings

MAX_RETRY_TIME_S = 5.0
# The driver logs each retry ("Transaction failed and will be retried…") as a warning; with no logging set up
# Python prints those on stderr. The typed error that ends the retries says it all: keep the rest quiet.
logging.getLogger("neo4j").addHandler(logging.NullHandler())


def translate_error(error: Exception, settings: Settings | None = None) -> RegkgError:
    """A driver error as regkg's typed error: timeout, refused write, bad query, bad setting, or store down."""
    where = f" at {settings.neo4j_uri}" if settings else ""
    code = getattr(error, "code", "") or ""
    message = getattr(error, "message", None) or str(error)
    if isinstance(error, neo4j_errors.AuthError) or code.startswith("Neo.ClientError.Security.Unauthorized"):
        user = f" of user '{settings.neo4j_user}'" if settings else ""
        return StoreUnavailableError(f"Neo4j{where} refused the credentials{user}: check REGKG_NEO4J_USER and "
                                     "REGKG_NEO4J_PASSWORD")
    if code == "Neo.ClientError.Database.DatabaseNotFound":
        name = f" '{settings.neo4j_database}'" if settings else ""
        return ConfigError(f"Neo4j{where} has no database{name}: check REGKG_NEO4J_DATABASE ({message})")
    if isinstance(error, neo4j_errors.ServiceUnavailable | neo4j_errors.SessionExpired
                  | neo4j_errors.DatabaseUnavailable):
        return StoreUnavailableError(f"Neo4j unreachable{where}: {message}")
    if "TransactionTimedOut" in code or "timed out" in message.lower():
        return QueryTimeoutError(f"query ran past its time limit: {message}")
    if "AccessMode" in code or isinstance(error, neo4j_errors.Forbidden):
        return WriteRefusedError(f"read-only: Neo4j refused a write ({message})")
    return QueryError(f"query failed: {message}")


class Neo4jStore:
    """GraphStore on Neo4j (bolt://, neo4j://, neo4j+s://), selected by REGKG_NEO4J_URI."""

    backend = "neo4j"

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.database = settings.neo4j_database
        password = settings.neo4j_password.get_secret_value() if settings.neo4j_password else ""
        try:
            self.driver = neo4j.GraphDatabase.driver(settings.neo4j_uri, auth=(settings.neo4j_user, password),
                                                     max_transaction_retry_time=MAX_RETRY_TIME_S)
        except (ValueError, neo4j_errors.ConfigurationError) as error:
            raise StoreUnavailableError(f"cannot use REGKG_NEO4J_URI: {error}") from error
        self._schema_ready = False

    def _ensure_schema(self) -> None:
        if self._schema_ready:
            return
        try:
            for statement in cypher.neo4j_ddl():
                self.driver.execute_query(statement, database_=self.database)
        except (neo4j_errors.Neo4jError, neo4j_errors.DriverError) as error:
            raise translate_error(error, self.settings) from error
        self._schema_ready = True

    def read(self, query: str, params: dict[str, Any] | None = None, *, timeout_ms: int | None = None,
             limit: int | None = None) -> Rows:
        """A read-only query routed to readers, with a time limit; at most `limit` rows (truncation flagged)."""
        check_read_only(query)
        timeout, cap = read_limits(self.settings, timeout_ms, limit)

        def first_rows(result: neo4j.Result) -> tuple[list[neo4j.Record], list[str]]:
            return result.fetch(cap + 1), list(result.keys())

        try:
            records, columns = self.driver.execute_query(
                neo4j.Query(query, timeout=timeout / 1000), params or {}, database_=self.database,
                routing_=neo4j.RoutingControl.READ, result_transformer_=first_rows)
        except (neo4j_errors.Neo4jError, neo4j_errors.DriverError) as error:
            raise translate_error(error, self.settings) from error
        rows = [plain_value(record.data()) for record in records[:cap]]  # data() already maps nodes
        return Rows(rows, columns, len(records) > cap)

    def load_regulation(self, G: nx.MultiDiGraph, regulation_id: str) -> dict[str, int]:
        """Replace one regulation inside a single write transaction (old version intact until commit)."""
        plan = plan_load(G, regulation_id)

        def steps(_tx: neo4j.ManagedTransaction) -> Iterator[Step]:
            yield from delete_steps(regulation_id, plan)
            yield from write_steps(plan, self.settings.batch_size)

        self._write(steps)
        return plan.summary()

    def drop_regulation(self, regulation_id: str) -> bool:
        """Remove one regulation in one write transaction; False if it was not there."""
        if not self.read(cypher.REGULATION_BY_ID, {"regulationId": regulation_id}):
            return False
        self._write(lambda _tx: delete_steps(regulation_id))
        return True

    def _write(self, make_steps: Any) -> None:
        self._ensure_schema()

        @neo4j.unit_of_work(timeout=self.settings.write_timeout_ms / 1000)
        def work(tx: neo4j.ManagedTransaction) -> None:
            for statement, params in make_steps(tx):
                tx.run(statement, params).consume()

        try:
            with self.driver.session(database=self.database) as session:
                session.execute_write(work)
        except (neo4j_errors.Neo4jError, neo4j_errors.DriverError) as error:
            raise translate_error(error, self.settings) from error

    def counts(self) -> dict[str, Any]:
        """Total nodes and relationships, per label and per relationship type."""
        return count_everything(self)

    def regulations(self) -> list[dict[str, Any]]:
        """Every stored regulation with its metadata and article and duty counts."""
        return regulation_rows(self)

    def health(self) -> dict[str, Any]:
        """Whether Neo4j answers; never raises."""
        info = {"backend": self.backend, "database": self.database, "uri": self.settings.neo4j_uri}
        try:
            self.driver.verify_connectivity()
            self.read(cypher.HEALTH)
        except Exception as error:  # health reports every failure instead of raising
            if not isinstance(error, RegkgError):
                error = translate_error(error, self.settings)
            return {**info, "ok": False, "error": str(error)}
        return {**info, "ok": True}

    def close(self) -> None:
        """Close the driver's connection pool."""
        self.driver.close()
