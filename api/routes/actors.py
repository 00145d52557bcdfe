"""`/actors`: who the regulations bind, and one actor's duties, partners, parties served and concepts."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query, Request

from regkg.api.deps import SnapshotsDep, StoreDep
from regkg.api.models import ActorDetail, ActorPage, Problem
from regkg.api.paging import next_link
from regkg.graph import queries
from regkg.loaders.facts import ACTOR_KINDS

router = APIRouter(tags=["actors"])


@router.get("/actors", response_model=ActorPage, summary="Actors with duty counts by modality, most duties first.",
            responses={404: {"model": Problem}})
def actors(request: Request, store: StoreDep,
           regulation: Annotated[str | None, Query(max_length=200, description="only actors of this "
                                                   "regulation")] = None,
           kind: Annotated[Literal[ACTOR_KINDS] | None, Query(description="only actors of this kind")] = None,
           limit: Annotated[int, Query(ge=1, le=10_000)] = 100,
           offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0) -> dict:
    """Each actor's kind, jurisdiction, aliases, the levels it is named at, and its duties by modality."""
    found = queries.actor_summaries(store, regulation=regulation)
    if kind:
        found = [a for a in found if a["kind"] == kind]
    return {"items": found[offset:offset + limit], "total": len(found), "limit": limit, "offset": offset,
            "next": next_link(request, len(found), limit, offset)}


@router.get("/actors/{actor_id}", response_model=ActorDetail, summary="One actor and everything it does.",
            responses={404: {"model": Problem, "description": "unknown actor (with the closest names)"}})
def actor(actor_id: str, store: StoreDep, snapshots: SnapshotsDep) -> dict:
    """By id (`actor:广州市:工业和信息化部门`) or a name or alias that names one actor."""
    return queries.actor_detail(store, actor_id, chapters=snapshots.chapters.get(store))
