"""Draw a view's subgraph with pyvis and write ONE self-contained HTML file (vis-network inlined, no web access).

pyvis builds the node and edge lists; the page comes from our own template (templates/view.html),
because pyvis 0.3.2's templates load vis-network and Bootstrap from CDNs or write a `lib/` folder.
Data goes into the page as JSON with `<`, `>` and `&` escaped, so a regulation's text cannot close
the script element.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import networkx as nx

from regkg.visualizations import style
from regkg.visualizations.assets import VIS_NETWORK_VERSION, asset_text, vis_network_js

# Past this many nodes the layout is computed here (networkx) and physics stays off: measured in
# tests/benchmarks/test_bench_views.py — vis-network's stabilisation in headless Chromium grows past
# a second around this size on these machines, and browsers stall with physics on near 1,000 nodes.
PHYSICS_LIMIT = 300
EDGE_LABEL_LIMIT = 120


def safe_json(value: Any) -> str:
    """JSON that can sit inside a <script> element: `<`, `>`, `&` and line separators escaped."""
    text = json.dumps(value, ensure_ascii=False)
    for raw, escaped in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"), ("\u2028", "\\u2028"),
                         ("\u2029", "\\u2029")):
        text = text.replace(raw, escaped)
    return text


def radial_layout(H: nx.MultiDiGraph, ring: float = 140.0) -> dict[str, tuple[float, float]]:
    """Rings around the view's centre (or its busiest node): each hop one ring, a node placed near the node that
    reached it; linear in the graph's size and needs no numpy (for views too big for the browser's physics)."""
    import math

    undirected = nx.Graph(H)
    centre = [c for c in H.graph.get("centre", []) if c in H] or sorted(H, key=lambda n: -undirected.degree(n))[:1]
    angle: dict[str, float] = {}
    layers: list[list[str]] = [sorted(centre)]
    seen = set(centre)
    for i, node in enumerate(layers[0]):
        angle[node] = 2 * math.pi * i / max(1, len(layers[0]))
    while True:
        nxt = []
        for node in layers[-1]:
            for other in sorted(undirected[node]):
                if other not in seen:
                    seen.add(other)
                    angle[other] = angle[node]
                    nxt.append(other)
        if not nxt:
            break
        layers.append(nxt)
    rest = sorted(set(H) - seen)
    if rest:
        layers.append(rest)
    positions: dict[str, tuple[float, float]] = {}
    radius = 0.0
    for depth, layer in enumerate(layers):
        if depth == 1 and len(layers[0]) == 1:
            radius = ring
        elif depth:
            # a ring long enough to give each node ~40 px, and never closer than `ring` to the previous one
            radius = max(radius + ring, 40 * len(layer) / (2 * math.pi))
        ordered = sorted(layer, key=lambda n: (angle.get(n, 0.0), n))
        for i, node in enumerate(ordered):
            theta = 2 * math.pi * i / len(ordered)
            positions[node] = (radius * math.cos(theta), radius * math.sin(theta))
    return positions


def _size(labels: tuple[str, ...], H: nx.MultiDiGraph, node: str) -> int:
    if node in H.graph.get("centre", []):
        return 30
    if labels and labels[0] in ("Actor", "Concept"):
        return 14 + min(16, H.degree(node))
    return 12


def network_of(H: nx.MultiDiGraph, *, physics_limit: int = PHYSICS_LIMIT):
    """A pyvis Network of the view's subgraph: styled nodes (zh label, en label, hover text) and typed edges."""
    from pyvis.network import Network

    net = Network(height="100%", width="100%", directed=True, cdn_resources="remote")
    fixed = H.graph.get("positions")
    physics = not fixed and H.number_of_nodes() <= physics_limit
    positions = fixed or ({} if physics else radial_layout(H))
    for node, data in H.nodes(data=True):
        labels = tuple(data.get("labels", ()))
        kind = style.node_kind(labels, data)
        look = style.kind_style(kind)
        extra: dict[str, Any] = {}
        if node in positions:
            extra.update(x=float(positions[node][0]), y=float(positions[node][1]), physics=False)
        zh, en = style.node_label(labels, data, "zh"), style.node_label(labels, data, "en")
        net.add_node(node, label=zh, labelZh=zh, labelEn=en, title=style.hover_text(labels, data), kind=kind,
                     shape=look["shape"], color=look["color"], size=_size(labels, H, node),
                     borderWidth=3 if node in H.graph.get("centre", []) else 1, **extra)
    show_labels = H.number_of_edges() <= EDGE_LABEL_LIMIT
    for u, v, data in H.edges(data=True):
        rel = data.get("type", "")
        look = style.edge_style(rel)
        weight = data.get("weight")
        title = (f"{H.nodes[u].get('name', u)} → {H.nodes[v].get('name', v)}: {weight} duties" if weight
                 else f"{rel}" + (f" {data['level']}" if data.get("level") else ""))
        net.add_edge(u, v, title=title, color=look["color"], dashes=look["dashes"],
                     label=(str(weight) if weight else look["label"]) if show_labels else None,
                     width=min(10.0, 0.6 + weight ** 0.7) if weight else 1,
                     font={"size": 9, "color": "#6b7280", "strokeWidth": 2}, arrows="to")
    options = {
        "physics": {"enabled": physics, "solver": "forceAtlas2Based",
                    "stabilization": {"enabled": physics, "iterations": 300, "fit": True}},
        "interaction": {"hover": True, "tooltipDelay": 120, "navigationButtons": False},
        "edges": {"smooth": False},
        "nodes": {"font": {"size": 22 if fixed else 13}},
    }
    net.options = options
    return net, physics


def render_html(H: nx.MultiDiGraph, *, subtitle: str = "", physics_limit: int = PHYSICS_LIMIT) -> str:
    """The view's whole page: one HTML string with vis-network and the data inlined."""
    from importlib.metadata import version

    from jinja2 import Environment

    net, physics = network_of(H, physics_limit=physics_limit)
    for edge in net.edges:
        if edge.get("label") is None:
            edge.pop("label", None)
    kinds = sorted({n["kind"] for n in net.nodes})
    rels = list(dict.fromkeys(d.get("type", "") for _, _, d in H.edges(data=True)))
    env = Environment(autoescape=True)
    template = env.from_string(asset_text("templates/view.html"))
    from markupsafe import Markup

    return template.render(
        title=H.graph.get("title", "regkg view"), subtitle=subtitle, note=H.graph.get("note", ""),
        version=version("regkg"), pyvis_version=version("pyvis"), vis_version=VIS_NETWORK_VERSION,
        node_count=H.number_of_nodes(), edge_count=H.number_of_edges(), physics=physics, physics_limit=physics_limit,
        legend=style.legend(kinds),
        edge_legend=[{"type": r, **style.edge_style(r)} for r in rels],
        source=H.graph.get("source"),
        vis_js=Markup(vis_network_js().replace("</script", "<\\/script")),
        data_json=Markup(safe_json({"nodes": net.nodes, "edges": net.edges, "options": net.options})),
    )


def write_view(H: nx.MultiDiGraph, path: str | Path, *, subtitle: str = "") -> Path:
    """Write the view to one HTML file (UTF-8)."""
    path = Path(path)
    path.write_text(render_html(H, subtitle=subtitle), encoding="utf-8")
    return path
