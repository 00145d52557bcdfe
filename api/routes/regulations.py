"""`/regulations`: the regulations loaded, one regulation's outline, one provision; upload when a token is set."""

from __future__ import annotations

from fastapi import APIRouter

from regkg.api.deps import StoreDep
from regkg.api.models import Outline, Problem, Provision, Regulation
from regkg.graph import queries

router = APIRouter(tags=["regulations"])


@router.get("/regulations", response_model=list[Regulation], summary="The regulations loaded in the store.")
def regulations(store: StoreDep) -> list[dict]:
    """Every stored regulation with its metadata and article and duty counts."""
    return store.regulations()


@router.get("/regulations/{regulation_id}", response_model=Outline, summary="A regulation's outline.",
            responses={404: {"model": Problem}})
def outline(regulation_id: str, store: StoreDep) -> dict:
    """Chapters and sections with their article ranges and duty counts, every article, duties by modality, and the
    laws the regulation cites or repeals."""
    return queries.outline(store, regulation_id)


@router.get("/regulations/{regulation_id}/articles/{cite}", response_model=Provision,
            summary="An article, paragraph or item with its text, duties, concepts, defined terms and cited laws.",
            responses={404: {"model": Problem}})
def provision(regulation_id: str, cite: str, store: StoreDep) -> dict:
    """`cite` is a compact cite (`60`, `60.2`, `60.2(1)`) or a Chinese label (`第六十条第二款`)."""
    return queries.provision(store, regulation_id, cite)
