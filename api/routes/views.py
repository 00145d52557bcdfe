"""`/views/...`: the pyvis views (actor, concept, article, overview) as self-contained HTML pages."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import HTMLResponse

from regkg.api.deps import StoreDep
from regkg.api.models import Problem

router = APIRouter(tags=["views"])
Regulation = Annotated[str | None, Query(max_length=200, description="only this regulation's duties")]
Name = Annotated[str, Path(min_length=1, max_length=200)]
NOT_FOUND = {404: {"model": Problem, "description": "the name means nothing in the graph"}}
# The page's own inline script draws it; it loads nothing from anywhere.
CSP = ("default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:; "
       "frame-ancestors 'none'; base-uri 'none'")


def _graph(request: Request, store):
    """The whole graph as networkx, rebuilt only when the store's graph changes (a load or a drop)."""
    cache = getattr(request.app.state, "views_graph", None)
    if cache is None:
        from regkg.graph.export import graph_from_store
        from regkg.graph.snapshot import SnapshotCache

        snapshots = getattr(request.app.state, "snapshots", None)
        cache = request.app.state.views_graph = SnapshotCache(graph_from_store, getattr(snapshots, "signature", None))
    return cache.get(store)


def _page(request: Request, store, kind: str, name: str | None, regulation: str | None) -> HTMLResponse:
    from regkg.visualizations.views import view_html

    html = view_html(_graph(request, store), kind, name, regulation)
    return HTMLResponse(html, headers={"Content-Security-Policy": CSP, "X-Content-Type-Options": "nosniff"})


@router.get("/views/actor/{name}", response_class=HTMLResponse, responses=NOT_FOUND,
            summary="An actor, its duties by modality, the concepts they touch, its partners (HTML).")
def actor_view(request: Request, store: StoreDep, name: Name, regulation: Regulation = None) -> HTMLResponse:
    return _page(request, store, "actor", name, regulation)


@router.get("/views/concept/{name}", response_class=HTMLResponse, responses=NOT_FOUND,
            summary="A concept, broader and narrower ones, its duties and the actors responsible (HTML).")
def concept_view(request: Request, store: StoreDep, name: Name, regulation: Regulation = None) -> HTMLResponse:
    return _page(request, store, "concept", name, regulation)


@router.get("/views/article/{regulation}/{cite}", response_class=HTMLResponse, responses=NOT_FOUND,
            summary="An article with its source text, its duties, their actors and concepts (HTML).")
def article_view(request: Request, store: StoreDep, regulation: Name,
                 cite: Annotated[str, Path(min_length=1, max_length=40, examples=["60", "60.2", "第六十条"])]
                 ) -> HTMLResponse:
    return _page(request, store, "article", cite, regulation)


@router.get("/views/overview", response_class=HTMLResponse, responses=NOT_FOUND,
            summary="Actors × concepts, aggregated: who is responsible for what (HTML).")
def overview(request: Request, store: StoreDep, regulation: Regulation = None) -> HTMLResponse:
    return _page(request, store, "overview", None, regulation)
