"""The view catalogue shared by `regkg view` and the API's /views: a kind, a name, a regulation → one HTML page."""

from __future__ import annotations

import networkx as nx

from regkg.errors import InputError
from regkg.visualizations import subgraphs

VIEW_KINDS = ("actor", "concept", "article", "overview")


def view_graph(G: nx.MultiDiGraph, kind: str, name: str | None = None,
               regulation: str | None = None) -> nx.MultiDiGraph:
    """The subgraph of one view of G (NotFoundError when the name means nothing there)."""
    if kind not in VIEW_KINDS:
        raise InputError(f"unknown view {kind!r} (one of {', '.join(VIEW_KINDS)})")
    if regulation and regulation not in G.graph.get("regulations", []):
        from regkg.errors import NotFoundError

        raise NotFoundError(f"no regulation {regulation!r}", suggestions=G.graph.get("regulations") or None)
    if kind == "overview":
        return subgraphs.overview(G, regulation)
    if not name or not name.strip():
        raise InputError(f"the {kind} view needs a name")
    return {"actor": subgraphs.actor_view, "concept": subgraphs.concept_view,
            "article": subgraphs.article_view}[kind](G, name.strip(), regulation)


def view_html(G: nx.MultiDiGraph, kind: str, name: str | None = None, regulation: str | None = None) -> str:
    """The self-contained page of one view."""
    from regkg.visualizations.pyvis_views import render_html

    H = view_graph(G, kind, name, regulation)
    regs = ", ".join([regulation] if regulation else G.graph.get("regulations", []))
    return render_html(H, subtitle=f"{kind} view · {regs}")
