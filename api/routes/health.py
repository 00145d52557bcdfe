"""`GET /health`: is the API up, does its store answer, what does the store hold.

Every call asks the engine (`RETURN 1`); the engine's details (pid, version, graphs) and the counts
are refreshed at most every REGKG_API_CACHE_TTL_MS, so /health stays cheap enough to poll.
"""

from __future__ import annotations

import threading
import time
from typing import Any

from fastapi import APIRouter

from regkg.api.deps import SettingsDep, SnapshotsDep, StoreDep
from regkg.api.models import Health, Problem
from regkg.errors import RegkgError, StoreUnavailableError
from regkg.graph import cypher

router = APIRouter(tags=["meta"])
_details: dict[int, tuple[float, Any, dict[str, Any]]] = {}
_lock = threading.Lock()


def _engine_details(store: Any, ttl_s: float) -> dict[str, Any]:
    """The store's health report, reused within the TTL unless the engine was restarted meanwhile."""
    now = time.monotonic()
    identity = store.engine_identity() if hasattr(store, "engine_identity") else None
    with _lock:
        cached = _details.get(id(store))
    if cached and now - cached[0] < ttl_s and cached[1] == identity:
        return cached[2]
    report = store.health()
    if report.get("ok"):
        with _lock:
            _details[id(store)] = (now, identity, report)
    return report


PRIVATE = ("home", "socket")  # local paths: not for anonymous callers


def _public(report: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in report.items() if key not in PRIVATE}


@router.get("/health", response_model=Health, summary="Is the API up and its graph store answering? (503 if not)",
            responses={503: {"model": Problem, "description": "the store does not answer"}})
def health(store: StoreDep, snapshots: SnapshotsDep, settings: SettingsDep) -> Health:
    """The store's backend and engine state with node and relationship counts; 503 problem when it is down."""
    try:
        store.read(cypher.HEALTH, limit=1)
    except RegkgError as error:
        with _lock:
            _details.pop(id(store), None)
        report = store.health()
        raise StoreUnavailableError(f"the {report.get('backend', 'graph')} store does not answer: "
                                    f"{report.get('error') or error}", store=_public(report)) from None
    report = _engine_details(store, settings.api_cache_ttl_ms / 1000)
    if not report.get("ok"):
        raise StoreUnavailableError(f"the {report.get('backend', 'graph')} store does not answer: "
                                    f"{report.get('error', 'unknown error')}", store=_public(report))
    return Health(status="ok", store=_public(report), counts=snapshots.counts.get(store))
