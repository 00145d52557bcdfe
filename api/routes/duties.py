"""`GET /duties`: who must do what, filtered and paginated, in the Duty JSON `regkg duties --json` prints."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query, Request

from regkg.api.deps import SettingsDep, StoreDep
from regkg.api.models import DutyPage, Problem
from regkg.api.paging import next_link
from regkg.graph import queries

router = APIRouter(tags=["duties"])
Modality = Literal["obligation", "prohibition", "permission", "encouragement", "liability"]


@router.get("/duties", response_model=DutyPage, summary="Duties matching every filter, in document order.",
            responses={404: {"model": Problem, "description": "unknown concept, actor or regulation (with the "
                                                              "closest labels)"},
                       400: {"model": Problem}})
def duties(request: Request, store: StoreDep, settings: SettingsDep,
           concept: Annotated[str | None, Query(max_length=200, description="concept id or any Chinese or English "
                                                "label or alias; narrower concepts included",
                                                examples=["data centres"])] = None,
           actor: Annotated[str | None, Query(max_length=200, description="bearer: id, Chinese or English name or "
                                              "alias", examples=["工业和信息化部门"])] = None,
           level: Annotated[str | None, Query(max_length=50, description="level the bearer is named at, as "
                                              "written: 市, 区, 省, 县级以上 …")] = None,
           modality: Modality | None = None,
           article: Annotated[int | None, Query(ge=1, le=100_000, description="article number")] = None,
           regulation: Annotated[str | None, Query(max_length=200, description="regulation id")] = None,
           q: Annotated[str | None, Query(min_length=1, max_length=200,
                                          description="words the duty's text contains")] = None,
           limit: Annotated[int | None, Query(ge=1, description="page size (default REGKG_API_PAGE_LIMIT, at most "
                                              "REGKG_API_MAX_PAGE_LIMIT)")] = None,
           offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0) -> dict:
    """A page of Duty JSON with `total` and the `next` page's URL."""
    from regkg.api.paging import check_limit

    size = limit or settings.api_page_limit
    check_limit(size, settings.api_max_page_limit, "query", "REGKG_API_MAX_PAGE_LIMIT")
    concept_ids = [queries.resolve_concept(store, concept)] if concept is not None else None
    items, total = queries.duties_page(store, concept_ids=concept_ids, actor=actor, level=level, modality=modality,
                                       article=article, regulation=regulation, text=q, offset=offset, limit=size)
    return {"items": items, "total": total, "limit": size, "offset": offset,
            "next": next_link(request, total, size, offset)}
