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
    """The app's graph-wide caches (search index, counts, whole responses), dropped when the graph changes.

    Whether the graph changed is read at most every `api_cache_ttl_ms` (a load by another process shows
    within that time; a load through this API shows at once)."""

    def __init__(self, settings: Settings) -> None:
        from regkg.graph import search
        from regkg.graph.snapshot import Signature, SnapshotCache
        from regkg.graph.store.base import count_everything

        self.signature = Signature(settings.api_cache_ttl_ms / 1000)
        self.search_index = SnapshotCache(search.build_index, self.signature)
        self.counts = SnapshotCache(count_everything, self.signature)
        self.chapters = SnapshotCache(_article_chapters, self.signature)
        self.responses = ResponseCache(settings.api_cache_entries, settings.api_cache_max_bytes)


def _article_chapters(store: GraphStore) -> dict[str, dict[str, Any]]:
    from regkg.graph import queries

    return queries.article_chapters(store)


class ResponseCache:
    """Whole GET responses (status, headers, body) for one graph signature, least recently used dropped first."""

    def __init__(self, entries: int, max_bytes: int = 64_000_000) -> None:
        from collections import OrderedDict

        self.entries = entries
        self.max_bytes = max_bytes
        self.bytes = 0
        self._lock = threading.Lock()
        self._signature: tuple[Any, ...] | None = None
        self._items: OrderedDict[tuple[Any, ...], Any] = OrderedDict()

    def get(self, signature: tuple[Any, ...], key: tuple[Any, ...]) -> Any:
        """The cached response for `key` under this signature, or None."""
        with self._lock:
            if signature != self._signature:
                self._signature = signature
                self._items.clear()
                self.bytes = 0
                return None
            found = self._items.get(key)
            if found is None:
                return None
            self._items.move_to_end(key)
            return found[0]

    def put(self, signature: tuple[Any, ...], key: tuple[Any, ...], value: Any, size: int) -> None:
        """Remember a response of `size` bytes (only if the graph is still the one it was computed from, and the
        response is at most a sixteenth of the byte budget)."""
        if not self.entries or size > self.max_bytes // 16:
            return
        with self._lock:
            if signature != self._signature or key in self._items:
                return
            self._items[key] = (value, size)
            self.bytes += size
            while len(self._items) > self.entries or self.bytes > self.max_bytes:
                _key, (_value, dropped) = self._items.popitem(last=False)
                self.bytes -= dropped


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


FREE_PARAMETERS = "x-regkg-free-parameters"  # openapi_extra key of a route that checks its query parameters itself


def _declared_parameters(request: Request) -> tuple[set[str], set[str]] | None:
    """The query parameters the matched route declares, and which of them are lists (given once per value:
    ?kind=a&kind=b); None for a route that takes any (pages outside the API's schema, such as the explorer whose
    state is in its query string, and routes marked FREE_PARAMETERS, such as /questions/{name})."""
    from fastapi import params
    from fastapi.dependencies.utils import field_annotation_is_sequence, get_flat_params

    route = request.scope.get("route")
    dependant = getattr(route, "dependant", None)
    if dependant is None or not getattr(route, "include_in_schema", True) or \
            (getattr(route, "openapi_extra", None) or {}).get(FREE_PARAMETERS):
        return None
    fields = [field for field in get_flat_params(dependant) if isinstance(field.field_info, params.Query)]
    return ({field.alias for field in fields},
            {field.alias for field in fields if field_annotation_is_sequence(field.field_info.annotation)})


def plain_parameters(request: Request) -> None:
    """The rules every query and path parameter obeys, on every route (an app-wide dependency), else 422 naming it:
    no NUL character (the engine would read it as the end of the query), no empty value (leave a filter out for
    no filter), and each parameter once unless it is a list (`?regulation=a&regulation=b`)."""
    from fastapi.exceptions import RequestValidationError

    errors: list[dict[str, Any]] = []

    def refuse(where: str, name: str, message: str) -> None:
        errors.append({"loc": [where, name], "msg": message, "type": "value_error"})

    for name, value in request.path_params.items():
        if isinstance(value, str) and "\x00" in value:
            refuse("path", name, "contains a NUL character (U+0000)")
    declared = _declared_parameters(request)
    lists = declared[1] if declared else set()
    counts: dict[str, int] = {}
    for name, value in request.query_params.multi_items():
        counts[name] = counts.get(name, 0) + 1
        if "\x00" in name or "\x00" in value:
            refuse("query", name, "contains a NUL character (U+0000)")
        elif declared is not None and name not in declared[0]:
            if counts[name] == 1:
                known = ", ".join(sorted(declared[0])) or "none"
                refuse("query", name, f"is not a parameter of this endpoint (its parameters: {known})")
        elif value == "":
            refuse("query", name, "is empty (leave the parameter out for no filter)")
    for name, count in counts.items():
        if count > 1 and name not in lists and (declared is None or name in declared[0]):
            refuse("query", name, f"is given {count} times (give it once)")
    if errors:
        raise RequestValidationError(errors)
