"""`GET /graph/neighbourhood`: the nodes and edges around one node, for the explorer."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from regkg.api.deps import StoreDep
from regkg.api.models import Neighbourhood, Problem
from regkg.graph import neighbourhood as nb

router = APIRouter(tags=["graph"])


@router.get("/graph/neighbourhood", response_model=Neighbourhood, response_model_exclude_none=True,
            summary="Nodes and edges within a few hops of a node (capped; large fan-outs folded).",
            responses={404: {"model": Problem, "description": "no node with that id"}})
def neighbourhood(store: StoreDep,
                  node: Annotated[str, Query(min_length=1, max_length=500, description="node id",
                                             examples=["concept:data-centre"])],
                  depth: Annotated[int, Query(ge=1, le=nb.MAX_DEPTH)] = 1,
                  limit: Annotated[int, Query(ge=1, le=nb.MAX_LIMIT, description="most nodes shown")] = 200,
                  fanout: Annotated[int, Query(ge=1, le=nb.MAX_FANOUT,
                                               description="most neighbours of one kind per node before the "
                                                           "rest fold into one '+N' node")] = 25) -> dict:
    """Hop by hop from `node`; `truncated` and `omittedNodes` say when `limit` cut the answer."""
    return nb.neighbourhood(store, node, depth=depth, limit=limit, fanout=fanout)
