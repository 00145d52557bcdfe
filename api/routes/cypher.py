"""`POST /cypher`: the analysts' read-only console, guarded twice (refused before sending; engine read-only).

The engine's own time limit does not interrupt every plan (FalkorDB 4.16 runs `UNWIND range(1, 1e8)`
for ~30 s under a 100 ms limit), so the API also keeps a wall-clock deadline: past the time limit plus
a short grace, the caller gets 504 while the engine finishes in the background. At most
REGKG_API_CYPHER_CONCURRENCY console queries run at once; more get 503 with Retry-After instead of queueing.
"""

from __future__ import annotations

import threading
import time

import anyio
from fastapi import APIRouter, Request

from regkg.api.deps import SettingsDep, StoreDep
from regkg.api.models import CypherRequest, CypherResult, Problem
from regkg.errors import QueryTimeoutError, StoreUnavailableError

router = APIRouter(tags=["cypher"])
GRACE_S = 1.0
_slots: dict[int, threading.BoundedSemaphore] = {}
_slots_lock = threading.Lock()


def _slot(request: Request, size: int) -> threading.BoundedSemaphore:
    with _slots_lock:
        return _slots.setdefault(id(request.app), threading.BoundedSemaphore(size))


@router.post("/cypher", response_model=CypherResult, summary="Run a read-only Cypher query.",
             responses={400: {"model": Problem, "description": "syntax error (the engine's message)"},
                        403: {"model": Problem, "description": "the query writes (refused before sending)"},
                        503: {"model": Problem, "description": "store down, or too many console queries running"},
                        504: {"model": Problem, "description": "time limit reached"}})
async def run_cypher(body: CypherRequest, request: Request, store: StoreDep, settings: SettingsDep) -> dict:
    """Writes (CREATE, MERGE, SET, DELETE, REMOVE, DROP, LOAD CSV, FOREACH, writing procedures) are refused with
    403 before the query reaches the engine, which runs it read-only anyway (GRAPH.RO_QUERY as a user that may
    do nothing else; a read transaction on Neo4j). A result cut by the row cap says `truncated: true`."""
    from regkg.graph.store import check_read_only
    from regkg.graph.store.base import read_limits

    check_read_only(body.query)
    from regkg.graph.cypher_guard import check_parameters

    check_parameters(body.parameters or {})
    if body.limit is not None:
        from regkg.api.paging import check_limit

        check_limit(body.limit, settings.max_rows, "body", "REGKG_MAX_ROWS")
    timeout_ms, _cap = read_limits(settings, body.timeout_ms, body.limit)
    slot = _slot(request, settings.api_cypher_concurrency)
    if not slot.acquire(blocking=False):
        raise StoreUnavailableError("too many console queries are running; try again shortly",
                                    running=settings.api_cypher_concurrency)
    started = time.perf_counter()

    def run():
        try:
            return store.read(body.query, body.parameters, timeout_ms=timeout_ms, limit=body.limit)
        finally:
            slot.release()

    try:
        with anyio.fail_after(timeout_ms / 1000 + GRACE_S):
            rows = await anyio.to_thread.run_sync(run, abandon_on_cancel=True)
    except TimeoutError:
        raise QueryTimeoutError(f"query ran past its time limit of {timeout_ms} ms", timeoutMs=timeout_ms) from None
    return {"columns": rows.columns, "rows": list(rows), "truncated": rows.truncated,
            "elapsedMs": round((time.perf_counter() - started) * 1000, 1)}
