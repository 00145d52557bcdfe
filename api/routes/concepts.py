"""`/concepts`: the taxonomy as a tree with duty counts, and one concept with who is responsible under it."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from regkg.api.deps import StoreDep
from regkg.api.models import ConceptDetail, ConceptNode, Problem
from regkg.graph import queries

router = APIRouter(tags=["concepts"])


def _prune(nodes: list[dict]) -> list[dict]:
    return [{**n, "children": _prune(n["children"])} for n in nodes if n["dutiesTotal"]]


@router.get("/concepts", response_model=list[ConceptNode], summary="The concept taxonomy as a tree.",
            responses={404: {"model": Problem}})
def concepts(store: StoreDep,
             regulation: Annotated[str | None, Query(max_length=200, description="count only this regulation's "
                                                     "duties")] = None,
             used: Annotated[bool, Query(description="only concepts with duties (directly or below)")] = False
             ) -> list[dict]:
    """Roots first; a concept under two broader ones appears under both; `dutiesTotal` counts each duty once."""
    tree = queries.concept_tree(store, regulation=regulation)
    return _prune(tree) if used else tree


@router.get("/concepts/{concept}", response_model=ConceptDetail,
            summary="One concept: broader, narrower, duties, and every actor responsible for anything under it.",
            responses={404: {"model": Problem, "description": "unknown concept (with the closest labels)"}})
def concept(concept: str, store: StoreDep,
            duties: Annotated[int, Query(ge=0, le=1_000, description="how many duties to include")] = 100) -> dict:
    """By id (`concept:data-centre`) or any Chinese or English label or alias (`data centres`, 数据中心)."""
    return queries.concept_detail(store, concept, duty_limit=duties)
