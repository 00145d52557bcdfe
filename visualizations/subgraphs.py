"""The four views as networkx subgraphs of the whole graph: an actor's, a concept's, an article's, and an overview.

Each function takes the graph of graph.build (from a file) or graph.export.graph_from_store (from the
store) and returns a small MultiDiGraph holding copies of the chosen nodes and the edges between them,
with `G.graph["centre"]` (the node ids the view is about) and `G.graph["title"]`.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

import networkx as nx

from regkg.errors import NotFoundError
from regkg.graph import local

ROLE_IN = ("BEARS", "PARTNERS_IN")
OVERVIEW_ACTORS = 25
OVERVIEW_CONCEPTS = 30
MAX_OVERVIEW_EDGES = 120


def _primary(G: nx.MultiDiGraph, node: str) -> str:
    labels = G.nodes[node].get("labels", ())
    return labels[0] if labels else ""


def _in_regulation(G: nx.MultiDiGraph, node: str, regulation: str | None) -> bool:
    return not regulation or G.nodes[node].get("regulationId") == regulation


def _edges(G: nx.MultiDiGraph, node: str, types: Iterable[str], *, incoming: bool) -> list[tuple[str, dict]]:
    wanted = set(types)
    edges = G.in_edges(node, data=True) if incoming else G.out_edges(node, data=True)
    return [((u if incoming else v), d) for u, v, d in edges if d.get("type") in wanted]


def induced(G: nx.MultiDiGraph, nodes: Iterable[str], *, centre: Iterable[str], title: str,
            types: Iterable[str] | None = None) -> nx.MultiDiGraph:
    """A copy of the chosen nodes and the edges among them (of `types` when given)."""
    keep = set(nodes)
    wanted = set(types) if types is not None else None
    H = nx.MultiDiGraph()
    for node in sorted(keep):
        H.add_node(node, **G.nodes[node])
    for u, v, data in G.edges(data=True):
        if u in keep and v in keep and (wanted is None or data.get("type") in wanted):
            H.add_edge(u, v, **data)
    H.graph.update(centre=sorted(set(centre)), title=title, regulations=G.graph.get("regulations", []))
    return H


def _duty_roles(G: nx.MultiDiGraph, duty: str) -> set[str]:
    """The actors bearing, co-operating in or targeted by a duty, and the concepts it concerns."""
    out = {a for a, _ in _edges(G, duty, ROLE_IN, incoming=True)}
    out |= {a for a, _ in _edges(G, duty, ("TARGETS", "CONCERNS"), incoming=False)}
    return out


# -- actor ----------------------------------------------------------------------------------------
def actor_view(G: nx.MultiDiGraph, name: str, regulation: str | None = None) -> nx.MultiDiGraph:
    """An actor (every node its name means), the duties it bears or co-operates in, their concepts and the
    other bodies in them (partners, bearers, targets)."""
    actors = sorted(local.resolve_actor(G, name))
    duties = {d for a in actors for d, _ in _edges(G, a, ROLE_IN, incoming=False) if _in_regulation(G, d, regulation)}
    if not duties:
        raise NotFoundError(f"actor {name!r} bears no duty" + (f" in {regulation!r}" if regulation else ""))
    nodes = set(actors) | duties
    for duty in duties:
        nodes |= _duty_roles(G, duty)
    title = " / ".join(G.nodes[a].get("name", a) for a in actors)
    return induced(G, nodes, centre=actors, title=title,
                   types=("BEARS", "PARTNERS_IN", "TARGETS", "CONCERNS"))


# -- concept --------------------------------------------------------------------------------------
def concept_view(G: nx.MultiDiGraph, name: str, regulation: str | None = None) -> nx.MultiDiGraph:
    """A concept, its broader chain and narrower concepts, the duties concerning any of them, and the actors
    bearing or co-operating in those duties."""
    from regkg.loaders.taxonomy import load_taxonomy

    concept = _resolve_concept(G, name, load_taxonomy)
    narrower = local.narrower_closure(G, [concept])
    broader, todo = set(), [concept]
    while todo:
        for parent, _ in _edges(G, todo.pop(), ("BROADER",), incoming=False):
            if parent not in broader:
                broader.add(parent)
                todo.append(parent)
    duties = {d for c in narrower for d, _ in _edges(G, c, ("CONCERNS",), incoming=True)
              if _in_regulation(G, d, regulation)}
    actors = {a for d in duties for a, _ in _edges(G, d, ROLE_IN, incoming=True)}
    nodes = {concept} | narrower | broader | duties | actors
    return induced(G, nodes, centre=[concept], title=G.nodes[concept].get("name", concept),
                   types=("BROADER", "CONCERNS", "BEARS", "PARTNERS_IN"))


def _resolve_concept(G: nx.MultiDiGraph, name: str, load_taxonomy) -> str:
    if name in G and _primary(G, name) == "Concept":
        return name
    concept = load_taxonomy().resolve(name).id
    if concept not in G:
        raise NotFoundError(f"concept {name!r} is not in this graph")
    return concept


# -- article --------------------------------------------------------------------------------------
def article_number(name: str) -> int:
    """`60`, `60.2`, `第六十条`, `第60条` → 60; NotFoundError naming the input otherwise."""
    text = name.strip()
    m = re.match(r"^(\d+)(?:[.(].*)?$", text) or re.match(r"^第(\d+)条", text)
    if m:
        return int(m.group(1))
    m = re.match(r"^第([零〇一二三四五六七八九十百千两]+)条", text)
    if m:
        import cn2an

        try:
            return int(cn2an.cn2an(m.group(1), "smart"))
        except (ValueError, KeyError) as error:
            raise NotFoundError(f"not an article number: {name!r} ({error})") from None
    raise NotFoundError(f"not an article number: {name!r} (write 60, 60.2 or 第六十条)")


def article_node(G: nx.MultiDiGraph, name: str, regulation: str | None = None) -> str:
    """The Article node a user means; with several regulations loaded, --regulation decides."""
    number = article_number(name)
    regulations = [regulation] if regulation else list(G.graph.get("regulations", []))
    found = [f"{reg}:{number}" for reg in regulations if f"{reg}:{number}" in G]
    if not found:
        raise NotFoundError(f"no article {number}" + (f" in {regulation!r}" if regulation else ""),
                            suggestions=regulations or None)
    if len(found) > 1:
        raise NotFoundError(f"article {number} exists in {len(found)} regulations: choose one with --regulation",
                            suggestions=[f.rsplit(":", 1)[0] for f in found])
    return found[0]


def article_view(G: nx.MultiDiGraph, name: str, regulation: str | None = None) -> nx.MultiDiGraph:
    """An article, its paragraphs and items, the duties stated in them, and those duties' actors and concepts."""
    article = article_node(G, name, regulation)
    parts = {article} | set(nx.descendants(_structure(G), article))
    duties = {d for p in parts for d, _ in _edges(G, p, ("STATED_IN",), incoming=True)}
    nodes = parts | duties
    for duty in duties:
        nodes |= _duty_roles(G, duty)
    H = induced(G, nodes, centre=[article], title=f"{G.nodes[article].get('label', article)}",
                types=("HAS_PARAGRAPH", "HAS_ITEM", "HAS_SUBITEM", "STATED_IN", "BEARS", "PARTNERS_IN", "TARGETS",
                       "CONCERNS"))
    data = G.nodes[article]
    text = data.get("text", "")
    before, marked, after = text, "", ""
    cited = f"{article.rsplit(':', 1)[0]}:{name.strip()}"
    if cited != article and cited in parts and data.get("start") is not None:
        # the paragraph or item the user cited (60.2, 60.2(1)) is marked inside the article's text
        start = G.nodes[cited].get("start", 0) - data["start"]
        end = G.nodes[cited].get("end", 0) - data["start"]
        if 0 <= start < end <= len(text):
            before, marked, after = text[:start], text[start:end], text[end:]
            H.graph["centre"] = [article, cited]
    H.graph["source"] = {"label": data.get("label", ""), "before": before, "marked": marked, "after": after,
                         "regulation": data.get("regulationId", ""),
                         "regulationName": G.nodes.get(data.get("regulationId", ""), {}).get("name", "")}
    return H


def _structure(G: nx.MultiDiGraph) -> nx.DiGraph:
    view = nx.DiGraph()
    view.add_edges_from((u, v) for u, v, d in G.edges(data=True)
                        if d.get("type") in ("HAS_PARAGRAPH", "HAS_ITEM", "HAS_SUBITEM"))
    view.add_nodes_from(G.nodes)
    return view


# -- overview -------------------------------------------------------------------------------------
def overview(G: nx.MultiDiGraph, regulation: str | None = None, *, actors: int = OVERVIEW_ACTORS,
             concepts: int = OVERVIEW_CONCEPTS) -> nx.MultiDiGraph:
    """Actors × concepts: one edge per (actor, concept) weighted by the duties the actor bears or co-operates in
    that concern the concept; the busiest actors and concepts kept, the rest folded into two "other" nodes."""
    pairs: Counter[tuple[str, str]] = Counter()
    for duty in local.nodes_with_label(G, "Duty"):
        if not _in_regulation(G, duty, regulation):
            continue
        bodies = {a for a, _ in _edges(G, duty, ROLE_IN, incoming=True)}
        topics = {c for c, _ in _edges(G, duty, ("CONCERNS",), incoming=False)}
        for a in bodies:
            for c in topics:
                pairs[(a, c)] += 1
    if not pairs:
        raise NotFoundError("no duty links an actor to a concept" + (f" in {regulation!r}" if regulation else ""))
    actor_total: Counter[str] = Counter()
    concept_total: Counter[str] = Counter()
    for (a, c), n in pairs.items():
        actor_total[a] += n
        concept_total[c] += n
    top_actors = {a for a, _ in sorted(actor_total.items(), key=lambda x: (-x[1], x[0]))[:actors]}
    top_concepts = {c for c, _ in sorted(concept_total.items(), key=lambda x: (-x[1], x[0]))[:concepts]}
    H = nx.MultiDiGraph()
    for node in sorted(top_actors | top_concepts):
        H.add_node(node, **G.nodes[node])
    other_actor = {"labels": ("More",), "id": "more:actors", "name": "", "count": 0}
    other_concept = {"labels": ("More",), "id": "more:concepts", "name": "", "count": 0}
    folded: Counter[tuple[str, str]] = Counter()
    for (a, c), n in sorted(pairs.items()):
        a2 = a if a in top_actors else "more:actors"
        c2 = c if c in top_concepts else "more:concepts"
        folded[(a2, c2)] += n
    other_actor["count"] = len(set(actor_total) - top_actors)
    other_concept["count"] = len(set(concept_total) - top_concepts)
    other_actor.update(name=f"其他主体 +{other_actor['count']}", nameEn=f"+ {other_actor['count']} actors")
    other_concept.update(name=f"其他概念 +{other_concept['count']}", nameEn=f"+ {other_concept['count']} concepts")
    for (a, c), n in sorted(folded.items()):
        for node, data in (("more:actors", other_actor), ("more:concepts", other_concept)):
            if node in (a, c) and node not in H:
                H.add_node(node, **data)
        H.add_edge(a, c, type="RESPONSIBLE", weight=n)
    # Readable at a glance: actors in a column on the left, concepts on the right (busiest first), and only the
    # heaviest links (at most MAX_OVERVIEW_EDGES; every node keeps at least its heaviest one).
    heaviest: dict[str, tuple[int, tuple[str, str]]] = {}
    for (a, c), n in folded.items():
        for end in (a, c):
            if end not in heaviest or n > heaviest[end][0]:
                heaviest[end] = (n, (a, c))
    ranked = sorted(folded.items(), key=lambda x: (-x[1], x[0]))
    keep = {pair for pair, _ in ranked[:MAX_OVERVIEW_EDGES]} | {pair for _, pair in heaviest.values()}
    H.remove_edges_from([(u, v, k) for u, v, k in H.edges(keys=True) if (u, v) not in keep])
    left = sorted((n for n in H if n in top_actors), key=lambda n: (-actor_total[n], n)) + \
        [n for n in ("more:actors",) if n in H]
    right = sorted((n for n in H if n in top_concepts), key=lambda n: (-concept_total[n], n)) + \
        [n for n in ("more:concepts",) if n in H]
    step = 46.0
    positions = {n: (-450.0, (i - len(left) / 2) * step) for i, n in enumerate(left)}
    positions.update({n: (450.0, (i - len(right) / 2) * step) for i, n in enumerate(right)})
    H.graph.update(centre=[], title="actors × concepts" + (f" — {regulation}" if regulation else ""),
                   regulations=G.graph.get("regulations", []), positions=positions,
                   note=f"{H.number_of_edges()} heaviest of {len(folded)} actor–concept links; edge width = duties")
    return H
