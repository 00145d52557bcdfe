"""The GraphStore protocol both backends implement, the row type reads return; re-exports the read-only guard."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol, runtime_checkable

import networkx as nx

from regkg.graph import cypher
from regkg.graph import schema as S
from regkg.graph.cypher_guard import check_read_only as check_read_only  # the guard lives in its own module
from regkg.graph.values import json_scalar

MAX_ROW_CAP = 100_000  # the largest row cap a read may ask for (the embedded engine never returns more + 1)


class Rows(list):
    """Result rows (dicts, in order) plus the column names and whether the row cap cut the result short."""

    def __init__(self, rows: list[dict[str, Any]] = (), columns: list[str] | None = None,
                 truncated: bool = False) -> None:
        super().__init__(rows)
        self.columns = list(columns or [])
        self.truncated = truncated


def plain(value: Any, leaf: Callable[[Any], Any] | None = None) -> Any:
    """Driver values as plain JSON-ready Python: containers walked, engine objects turned into maps by `leaf`,
    temporal, spatial and unknown values by `graph.values.json_scalar`."""
    kind = type(value)
    if kind is str or kind is int or kind is bool or value is None:  # most values: nothing to do, nothing to ask
        return value
    if kind is dict:
        return {k: plain(v, leaf) for k, v in value.items()}
    if kind is list:
        return [plain(v, leaf) for v in value]
    if leaf is not None:
        converted = leaf(value)
        if converted is not value:
            return converted
    if isinstance(value, dict):
        return {k: plain(v, leaf) for k, v in value.items()}
    if isinstance(value, list) or type(value) is tuple:  # Neo4j points and durations are tuple subclasses
        return [plain(v, leaf) for v in value]
    return json_scalar(value)


def read_limits(settings: Any, timeout_ms: int | None, limit: int | None) -> tuple[int, int]:
    """The time limit (ms) and row cap of one read, from the call or the settings; QueryError when out of range."""
    from regkg.errors import QueryError

    timeout = int(timeout_ms or settings.query_timeout_ms)
    if not 0 < timeout <= settings.max_query_timeout_ms:
        raise QueryError(f"timeout must be 1..{settings.max_query_timeout_ms} ms")
    cap = int(limit if limit is not None else settings.max_rows)
    if not 0 < cap <= MAX_ROW_CAP:
        raise QueryError(f"limit must be 1..{MAX_ROW_CAP} rows")
    return timeout, cap


@runtime_checkable
class GraphStore(Protocol):
    """A graph engine holding regulations side by side; every backend runs the Cypher of graph.cypher."""

    backend: str

    def load_regulation(self, G: nx.MultiDiGraph, regulation_id: str) -> dict[str, int]:
        """Replace one regulation atomically with its nodes in G (plus shared ones); returns what was written."""

    def drop_regulation(self, regulation_id: str) -> bool:
        """Remove one regulation (atomically); False if it was not there."""

    def read(self, query: str, params: dict[str, Any] | None = None, *, timeout_ms: int | None = None,
             limit: int | None = None) -> Rows:
        """Run a read-only query; at most `limit` rows (Rows.truncated says when more existed)."""

    def counts(self) -> dict[str, Any]:
        """Node and relationship totals, per label and per relationship type."""

    def regulations(self) -> list[dict[str, Any]]:
        """The regulations stored, with their metadata."""

    def health(self) -> dict[str, Any]:
        """Whether the store answers, with backend details (never raises)."""

    def close(self) -> None:
        """Release connections (an embedded engine keeps running for the next command)."""


REGULATION_FIELDS = ("id", "name", "title", "jurisdiction", "status", "sourceSha256", "textLength")


def ordered(props: dict[str, Any], first: tuple[str, ...] = ("id",)) -> dict[str, Any]:
    """A map with its keys in one fixed order (`first`, then alphabetical): Neo4j returns map projections and
    properties() in an order of its own, FalkorDB in insertion order, and the JSON must not depend on the engine."""
    rank = {key: i for i, key in enumerate(first)}
    return {key: props[key] for key in sorted(props, key=lambda k: (rank.get(k, len(rank)), k))}


def count_everything(store: GraphStore) -> dict[str, Any]:
    """Total nodes and relationships, per label and per relationship type, from any GraphStore."""
    labels = {label: store.read(cypher.count_label(label))[0]["count"] for label in S.LABELS}
    types = {row["type"]: row["count"] for row in store.read(cypher.COUNT_RELATIONSHIPS_BY_TYPE)}
    return {"nodes": store.read(cypher.COUNT_NODES)[0]["count"], "relationships": sum(types.values()),
            "labels": {k: v for k, v in labels.items() if v}, "types": types}


def regulation_rows(store: GraphStore) -> list[dict[str, Any]]:
    """Regulations with article and duty counts, from any GraphStore."""
    limit = 100_000
    rows = [ordered(row["regulation"], REGULATION_FIELDS)
            for row in store.read(cypher.REGULATIONS, {"limit": limit}, limit=limit)]
    for label, key in ((S.ARTICLE, "articles"), (S.DUTY, "duties")):
        counts = {row["regulation"]: row["count"]
                  for row in store.read(cypher.count_label_by_regulation(label), {"limit": limit}, limit=limit)}
        for row in rows:
            row[key] = counts.get(row["id"], 0)
    return rows
