"""Dependencies shared by every route: the app's settings and its one graph store (opened on first use)."""

from __future__ import annotations

import threading
from typing import Annotated, Any

from fastapi import Depends, Request

from regkg.graph.store.base import GraphStore
from regkg.settings import Settings


class StoreHolder:
    """Opens the graph store on first use (not at import or startup, so /docs works with the store down)."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._store: Any = None
        self._lock = threading.Lock()

    def get(self) -> GraphStore:
        """The open store; StoreUnavailableError when it cannot be opened."""
        store = self._store
        if store is not None:
            return store
        with self._lock:
            if self._store is None:
                from regkg.graph.store import open_store

                self._store = open_store(self.settings)
            return self._store

    def close(self) -> None:
        """Close the store if it was opened."""
        with self._lock:
            if self._store is not None:
                self._store.close()
                self._store = None


class Snapshots:
    """The app's graph-wide caches (search index, …), each rebuilt when the graph changes."""

    def __init__(self) -> None:
        from regkg.graph import search
        from regkg.graph.snapshot import SnapshotCache

        from regkg.graph.store.base import count_everything

        self.search_index = SnapshotCache(search.build_index)
        self.counts = SnapshotCache(count_everything)


def settings_of(request: Request) -> Settings:
    """The app's settings (a FastAPI dependency)."""
    return request.app.state.settings


def store_of(request: Request) -> GraphStore:
    """The app's store (a FastAPI dependency)."""
    return request.app.state.store.get()


def snapshots_of(request: Request) -> Snapshots:
    """The app's graph-wide caches (a FastAPI dependency)."""
    return request.app.state.snapshots


SettingsDep = Annotated[Settings, Depends(settings_of)]
StoreDep = Annotated[GraphStore, Depends(store_of)]
SnapshotsDep = Annotated[Snapshots, Depends(snapshots_of)]
