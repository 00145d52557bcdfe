"""`GET /compare`, `GET /compare/view` and `GET /diff` over the loaded regulations (same JSON as the CLI)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query
from fastapi.responses import HTMLResponse

from regkg.api.deps import StoreDep
from regkg.api.models import Problem
from regkg.graph.store.base import GraphStore

router = APIRouter(tags=["compare"])
LIMIT = 5000
Regulations = Annotated[list[str] | None, Query(max_length=50, description="regulation ids (two or more), repeated: "
                                                "?regulation=a&regulation=b")]
AllLoaded = Annotated[bool, Query(alias="all", description="every loaded regulation")]
Concept = Annotated[str | None, Query(max_length=200, description="concept id or zh/en label; narrower included",
                                      examples=["公共数据"])]


def _comparison(store: GraphStore, regulation: list[str] | None, all_loaded: bool, concept: str | None) -> dict:
    from regkg.errors import NotFoundError, QueryError
    from regkg.graph import queries
    from regkg.graph.compare import compare

    loaded = {r["id"]: r for r in store.regulations()}
    wanted = sorted(loaded) if all_loaded else list(dict.fromkeys(regulation or []))
    if not all_loaded and len(wanted) < 2:
        raise QueryError("compare needs two or more `regulation` ids, or all=true", parameter="regulation")
    missing = [r for r in [*wanted, *(regulation or [])] if r not in loaded]  # with all=true too
    if missing:
        raise NotFoundError(f"no regulation {missing[0]!r} in the store", suggestions=sorted(loaded))
    concept_ids, names = None, {}
    if concept is not None:
        cid = queries.resolve_concept(store, concept)
        concept_ids = {cid}
    duties = {r: queries.duties(store, concept_ids=concept_ids, regulation=r, limit=LIMIT) for r in wanted}
    if concept_ids:
        from regkg.loaders.taxonomy import load_taxonomy

        taxonomy = load_taxonomy()
        for cid in concept_ids:
            c = taxonomy.concepts.get(cid)
            if c is not None:
                names[cid] = {"id": cid, "name": c.name, "nameEn": c.name_en, "type": c.type}
    titles = {r: loaded[r].get("title") or r for r in wanted}
    return compare(duties, concept_ids=concept_ids, concept_names=names, titles=titles)


@router.get("/compare", summary="Per concept, the duties each regulation assigns and to which kinds of bodies.",
            responses={400: {"model": Problem}, 404: {"model": Problem}})
def compare_json(store: StoreDep, regulation: Regulations = None, all_loaded: AllLoaded = False,
                 concept: Concept = None) -> dict[str, Any]:
    """The comparison JSON of `regkg compare --json`."""
    return _comparison(store, regulation, all_loaded, concept)


@router.get("/compare/view", response_class=HTMLResponse, summary="The side-by-side comparison page.")
def compare_view(store: StoreDep, regulation: Regulations = None, all_loaded: AllLoaded = False,
                 concept: Concept = None) -> HTMLResponse:
    """One self-contained HTML page (no scripts): a row per concept, a column per regulation."""
    from regkg.visualizations.compare_page import render_compare

    result = _comparison(store, regulation, all_loaded, concept)
    title = f"regkg — compare{' · ' + concept if concept else ''}"
    return HTMLResponse(render_compare(result, title))


@router.get("/diff", summary="Duty-level changes between two loaded versions of one regulation.",
            responses={400: {"model": Problem}, 404: {"model": Problem}})
def diff(store: StoreDep, old: Annotated[str, Query(max_length=200, description="regulation id of the old version")],
         new: Annotated[str, Query(max_length=200, description="regulation id of the new version")],
         threshold: Annotated[float, Query(ge=0, le=100)] = 60.0) -> dict[str, Any]:
    """The JSON of `regkg diff --json`, computed from the stored duties of both regulations."""
    from regkg.errors import NotFoundError
    from regkg.graph import queries
    from regkg.loaders.diff import diff_duties, summary_of_duty_json

    loaded = {r["id"]: r for r in store.regulations()}
    for rid in (old, new):
        if rid not in loaded:
            raise NotFoundError(f"no regulation {rid!r} in the store", suggestions=sorted(loaded))
    sides = []
    for rid in (old, new):
        duties = queries.duties(store, regulation=rid, limit=LIMIT)
        sides.append(({"id": rid, "title": loaded[rid].get("title") or rid},
                      [summary_of_duty_json(d) for d in duties]))
    return diff_duties(sides[0][0], sides[0][1], sides[1][0], sides[1][1], threshold=threshold)
