"""`POST /cypher`: the analysts' read-only console, guarded twice (refused before sending; engine read-only)."""

from __future__ import annotations

import time

from fastapi import APIRouter

from regkg.api.deps import SettingsDep, StoreDep
from regkg.api.models import CypherRequest, CypherResult, Problem
from regkg.errors import QueryError

router = APIRouter(tags=["cypher"])


@router.post("/cypher", response_model=CypherResult, summary="Run a read-only Cypher query.",
             responses={400: {"model": Problem, "description": "syntax error (the engine's message)"},
                        403: {"model": Problem, "description": "the query writes (refused before sending)"},
                        504: {"model": Problem, "description": "time limit reached"}})
def run_cypher(body: CypherRequest, store: StoreDep, settings: SettingsDep) -> dict:
    """Writes (CREATE, MERGE, SET, DELETE, REMOVE, DROP, LOAD CSV, FOREACH, writing procedures) are refused with
    403 before the query reaches the engine, which runs it read-only anyway (GRAPH.RO_QUERY as a user that may
    do nothing else; a read transaction on Neo4j). A result cut by the row cap says `truncated: true`."""
    from regkg.graph.store import check_read_only

    check_read_only(body.query)
    if body.limit is not None and body.limit > settings.max_rows:
        raise QueryError(f"limit must be at most {settings.max_rows} (REGKG_MAX_ROWS)", parameter="limit")
    started = time.perf_counter()
    rows = store.read(body.query, body.parameters, timeout_ms=body.timeout_ms, limit=body.limit)
    return {"columns": rows.columns, "rows": list(rows), "truncated": rows.truncated,
            "elapsedMs": round((time.perf_counter() - started) * 1000, 1)}
