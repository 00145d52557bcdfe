"""`GET /search?q=`: one box for actors, concepts, articles, defined terms and regulations, zh or en, ranked."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query, Request

from regkg.api.deps import SnapshotsDep, StoreDep
from regkg.api.models import Problem, SearchResult
from regkg.api.paging import next_link
from regkg.graph import search as search_module

router = APIRouter(tags=["search"])
Kind = Annotated[list[Literal[search_module.KINDS]] | None,  # type: ignore[valid-type]
                 Query(description=f"only these kinds ({', '.join(search_module.KINDS)}); repeat for several")]


@router.get("/search", response_model=SearchResult,
            summary="Search everything by Chinese or English label.",
            responses={400: {"model": Problem}})
def search(request: Request, store: StoreDep, snapshots: SnapshotsDep,
           q: Annotated[str, Query(min_length=1, max_length=search_module.MAX_QUERY_LENGTH,
                                   description="label, alias or words of an article",
                                   examples=["数据中心", "data centres"])],
           kind: Kind = None,
           limit: Annotated[int, Query(ge=1, le=200)] = 20,
           offset: Annotated[int, Query(ge=0, le=100_000)] = 0) -> dict:
    """Hits best first, each with its kind; labels compare ignoring case, spaces, hyphens, plurals and spelling."""
    index = snapshots.search_index.get(store)
    items, total = search_module.search(index, q, kinds=kind, limit=limit, offset=offset)
    return {"q": q, "items": items, "total": total, "limit": limit, "offset": offset,
            "next": next_link(request, total, limit, offset)}
