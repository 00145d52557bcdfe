"""Values derived from the whole graph (search index, taxonomy tree) cached until the graph changes.

The graph changes only when a regulation is loaded or dropped; its signature — the stored
regulations with their source hashes, plus the node count — changes with it, so a cache keyed on
the signature is never stale and costs two small reads per use.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any, Generic, TypeVar

from regkg import heap
from regkg.graph import cypher
from regkg.graph.store.base import GraphStore

T = TypeVar("T")
MAX_REGULATIONS = 100_000


def graph_signature(store: GraphStore) -> tuple[Any, ...]:
    """What identifies the graph's current content: (regulation id, source hash)… and the node count."""
    rows = store.read(cypher.GRAPH_SIGNATURE, {"limit": MAX_REGULATIONS}, limit=MAX_REGULATIONS)
    nodes = store.read(cypher.COUNT_NODES)[0]["count"]
    return (*((row["id"], row["sha"]) for row in rows), nodes)


class Signature:
    """The graph signature, read again at most every `ttl_s` seconds (0: every time); `forget()` forces a read."""

    def __init__(self, ttl_s: float = 0.0) -> None:
        self.ttl_s = ttl_s
        self._lock = threading.Lock()
        self._value: tuple[Any, ...] | None = None
        self._read_at = 0.0

    def peek(self) -> tuple[Any, ...] | None:
        """The signature if it is still fresh (no read), else None."""
        import time

        value = self._value
        if value is not None and time.monotonic() - self._read_at < self.ttl_s:
            return value
        return None

    def get(self, store: GraphStore) -> tuple[Any, ...]:
        """The signature, fresh within the time-to-live."""
        import time

        now = time.monotonic()
        value = self._value
        if value is not None and now - self._read_at < self.ttl_s:
            return value
        value = graph_signature(store)
        with self._lock:
            self._value, self._read_at = value, now
        return value

    def forget(self) -> None:
        """Read the signature again on next use (after this process loaded or dropped a regulation)."""
        with self._lock:
            self._value = None


class SnapshotCache(Generic[T]):
    """One value built from the store by `build`, rebuilt when the graph signature changes (thread-safe)."""

    def __init__(self, build: Callable[[GraphStore], T], signature: Signature | None = None) -> None:
        self._build = build
        self._lock = threading.Lock()
        self._signature: tuple[Any, ...] | None = None
        self._value: T | None = None
        self._source = signature or Signature()

    def get(self, store: GraphStore) -> T:
        """The value for the graph as it is now."""
        signature = self._source.get(store)
        with self._lock:
            if self._value is None or signature != self._signature:
                self._value = None  # the old value is garbage before the new one is built
                self._value = self._build(store)
                self._signature = signature
                heap.settle()  # the new value lives until the graph changes: keep it out of full collections
            return self._value
