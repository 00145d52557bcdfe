"""`/regulations`: the regulations loaded, one regulation's outline, one article, paragraph or item."""

from __future__ import annotations

from fastapi import APIRouter

from regkg.api.deps import StoreDep
from regkg.api.models import Regulation

router = APIRouter(tags=["regulations"])


@router.get("/regulations", response_model=list[Regulation], summary="The regulations loaded in the store.")
def regulations(store: StoreDep) -> list[dict]:
    """Every stored regulation with its metadata and article and duty counts."""
    return store.regulations()
