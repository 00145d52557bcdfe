"""`GET /health`: is the API up, does its store answer, what does the store hold."""

from __future__ import annotations

from fastapi import APIRouter

from regkg.api.deps import SnapshotsDep, StoreDep
from regkg.api.models import Health, Problem
from regkg.errors import StoreUnavailableError

router = APIRouter(tags=["meta"])


@router.get("/health", response_model=Health, summary="Is the API up and its graph store answering? (503 if not)",
            responses={503: {"model": Problem, "description": "the store does not answer"}})
def health(store: StoreDep, snapshots: SnapshotsDep) -> Health:
    """The store's backend and engine state with node and relationship counts; 503 problem when it is down."""
    report = store.health()
    if not report.get("ok"):
        raise StoreUnavailableError(f"the {report.get('backend', 'graph')} store does not answer: "
                                    f"{report.get('error', 'unknown error')}", store=report)
    return Health(status="ok", store=report, counts=snapshots.counts.get(store))
