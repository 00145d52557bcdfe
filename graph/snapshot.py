"""Values derived from the whole graph (search index, taxonomy tree) cached until the graph changes.

The graph changes only when a regulation is loaded or dropped; its signature — the stored
regulations with their source hashes, plus the node count — changes with it, so a cache keyed on
the signature is never stale and costs two small reads per use.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any, Generic, TypeVar

from regkg.graph import cypher
from regkg.graph.store.base import GraphStore

T = TypeVar("T")
MAX_REGULATIONS = 100_000


def graph_signature(store: GraphStore) -> tuple[Any, ...]:
    """What identifies the graph's current content: (regulation id, source hash)… and the node count."""
    rows = store.read(cypher.GRAPH_SIGNATURE, {"limit": MAX_REGULATIONS}, limit=MAX_REGULATIONS)
    nodes = store.read(cypher.COUNT_NODES)[0]["count"]
    return (*((row["id"], row["sha"]) for row in rows), nodes)


class SnapshotCache(Generic[T]):
    """One value built from the store by `build`, rebuilt when the graph signature changes (thread-safe)."""

    def __init__(self, build: Callable[[GraphStore], T]) -> None:
        self._build = build
        self._lock = threading.Lock()
        self._signature: tuple[Any, ...] | None = None
        self._value: T | None = None

    def get(self, store: GraphStore) -> T:
        """The value for the graph as it is now."""
        signature = graph_signature(store)
        with self._lock:
            if self._value is None or signature != self._signature:
                self._value = self._build(store)
                self._signature = signature
            return self._value
