"""Document + Facts → one networkx.MultiDiGraph in the schema of DESIGN.md §2 (the in-memory graph contract).

The graph built here is what the stores load, what the exports write and what pyvis draws, so it is
built deterministically (same input, same nodes, edges, keys and attribute order) and checked as it
is built: a fact pointing at a node that does not exist is an error, never a silent dangling edge.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any

from regkg.graph import schema as S
from regkg.loaders.document import Document, Node
from regkg.loaders.facts import Actor, Concept, Facts, node_id

if TYPE_CHECKING:
    import networkx as nx

STATEMENT_KINDS = ("paragraph", "item")


class _Builder:
    """Adds one regulation's nodes and edges to a graph, remembering its structural nodes by cite."""

    def __init__(self, G: nx.MultiDiGraph, doc: Document, facts: Facts) -> None:
        if facts.regulation_id != doc.id:
            raise ValueError(f"facts are for {facts.regulation_id!r} but the document is {doc.id!r}")
        self.G = G
        self.doc = doc
        self.facts = facts
        self.reg = doc.id
        self.by_cite: dict[str, Node] = {}
        self.parent: dict[str, Node] = {}
        self.seen_edges: set[tuple] = set()

    # -- helpers ----------------------------------------------------------------------------------
    def add_node(self, key: str, labels: tuple[str, ...], **props: object) -> None:
        if key in self.G:
            raise ValueError(f"duplicate node id {key!r}")
        self.G.add_node(key, labels=labels, **S.properties(id=key, **props))

    def add_edge(self, src: str, dst: str, rel: str, **props: object) -> None:
        """Add one typed edge; an identical edge (same ends, type and properties) is added once."""
        for end in (src, dst):
            if end not in self.G:
                raise ValueError(f"{rel} edge {src!r} → {dst!r}: no node {end!r}")
        clean = S.properties(**props)
        signature = (src, dst, rel, tuple(sorted((k, str(v)) for k, v in clean.items())))
        if signature in self.seen_edges:
            return
        self.seen_edges.add(signature)
        self.G.add_edge(src, dst, type=S.check_type(rel), **clean)

    def statement_node(self, cite: str, start: int, what: str) -> str:
        """The Paragraph or Item a fact with this cite is stated in (an article's cite → the paragraph holding
        `start`; a sub-item's → its item)."""
        node = self.by_cite.get(cite)
        if node is None:
            raise ValueError(f"{what}: {self.reg} has no {cite!r}")
        if node.kind in STATEMENT_KINDS:
            return node_id(self.reg, node.cite)
        if node.kind == "subitem":
            return node_id(self.reg, self.parent[node.cite].cite)
        holders = [inner for inner in node.walk() if inner.kind in STATEMENT_KINDS and inner.start <= start < inner.end]
        if not holders:
            raise ValueError(f"{what}: no paragraph or item of {self.reg}:{cite} holds offset {start}")
        return node_id(self.reg, holders[-1].cite)  # walk is pre-order: the last holder is the deepest

    # -- stages -----------------------------------------------------------------------------------
    def structure(self) -> None:
        doc = self.doc
        self.add_node(self.reg, (S.REGULATION,), name=doc.title, title=doc.title, jurisdiction=doc.jurisdiction,
                      status=doc.status, source_sha256=doc.sha256, encoding=doc.encoding,
                      text_length=len(doc.source), regulation_id=self.reg)
        self.by_cite[""] = doc.root
        self._children(doc.root)

    def _children(self, parent: Node) -> None:
        for order, child in enumerate(parent.children, start=1):
            key = node_id(self.reg, child.cite)
            label = S.KIND_LABELS[child.kind]
            if child.kind in ("chapter", "section"):
                self.add_node(key, (label,), name=child.name or child.label, number=child.number, label=child.label,
                              cite=child.cite, start=child.start, end=child.end, regulation_id=self.reg)
            else:
                self.add_node(key, (label,), name=child.label, number=child.number, label=child.label,
                              cite=child.cite, text=child.text, start=child.start, end=child.end,
                              regulation_id=self.reg)
            self.by_cite[child.cite] = child
            self.parent[child.cite] = parent
            self.add_edge(node_id(self.reg, parent.cite), key, S.CHILD_TYPES[child.kind], order=order)
            self._children(child)

    def actors(self) -> None:
        for actor in sorted(self.facts.actors.values(), key=lambda a: a.id):
            add_shared_node(self.G, actor.id, (S.ACTOR,), actor_properties(actor))

    def concepts(self, taxonomy: Mapping[str, Concept]) -> None:
        every = {**taxonomy, **self.facts.concepts}
        for concept in sorted(every.values(), key=lambda c: c.id):
            add_shared_node(self.G, concept.id, S.concept_labels(concept.type), concept_properties(concept))
        for concept in sorted(every.values(), key=lambda c: c.id):
            for broader in concept.broader:
                self.add_edge(concept.id, broader, S.BROADER)

    def duties(self) -> None:
        for duty in self.facts.duties:
            c = duty.citation
            self.add_node(duty.id, (S.DUTY,), name=f"{c.cite} {duty.trigger or duty.modality}", cite=c.cite,
                          label=c.label, article=c.article, paragraph=c.paragraph, item=c.item,
                          modality=duty.modality, trigger=duty.trigger, text=duty.text, start=duty.start,
                          end=duty.end, implicit=duty.implicit, regulation_id=self.reg)
            self.add_edge(duty.id, self.statement_node(c.cite, duty.start, f"duty {duty.id}"), S.STATED_IN)
            for rel, roles in ((S.BEARS, duty.bearers), (S.PARTNERS_IN, duty.partners)):
                for order, role in enumerate(_unique_roles(roles), start=1):
                    self.add_edge(role.actor_id, duty.id, rel, level=role.level, order=order)
            for order, role in enumerate(_unique_roles(duty.targets), start=1):
                self.add_edge(duty.id, role.actor_id, S.TARGETS, level=role.level, order=order)
            for mention in sorted(duty.concepts, key=lambda m: (m.start, m.end, m.concept_id)):
                self.add_edge(duty.id, mention.concept_id, S.CONCERNS, surface=mention.surface, start=mention.start,
                              end=mention.end)

    def terms(self) -> None:
        for term in self.facts.terms:
            self.add_node(term.id, (S.DEFINED_TERM,), name=term.name, definition=term.definition,
                          cite=term.citation.cite, start=term.start, end=term.end, regulation_id=self.reg)
            self.add_edge(self.statement_node(term.citation.cite, term.start, f"term {term.id}"), term.id, S.DEFINES)

    def mentions(self) -> None:
        for m in sorted(self.facts.mentions, key=lambda m: (m.start, m.end, m.target_id, m.node_cite)):
            where = self.statement_node(m.node_cite, m.start, f"mention of {m.target_id}")
            self.add_edge(where, m.target_id, S.MENTIONS, surface=m.surface, start=m.start, end=m.end)

    def laws(self) -> None:
        from regkg.loaders.facts import law_id

        for ref in sorted(self.facts.laws, key=lambda r: (r.start, r.end, r.relation, r.name)):
            if ref.relation not in S.LAW_TYPES:
                raise ValueError(f"law reference {ref.name!r}: relation must be CITES or REPEALS, not {ref.relation!r}")
            key = law_id(ref.name)
            add_shared_node(self.G, key, (S.LAW,), S.properties(id=key, name=ref.name.strip("《》")))
            self.add_edge(self.reg, key, ref.relation, cite=ref.citation.cite)


def _unique_roles(roles: Iterable) -> list:
    """Roles in the order written, each (actor, level) once."""
    seen, out = set(), []
    for role in roles:
        if (role.actor_id, role.level) not in seen:
            seen.add((role.actor_id, role.level))
            out.append(role)
    return out


def actor_jurisdiction(actor_key: str) -> str:
    """`actor:广州市:工业和信息化部门` → `广州市`; `actor:国务院` → `` (see loaders.facts.actor_id)."""
    rest = actor_key.removeprefix("actor:")
    jurisdiction, sep, _name = rest.partition(":")
    return jurisdiction if sep else ""


def actor_properties(actor: Actor) -> dict:
    """An Actor node's properties (shared across regulations: no regulationId)."""
    return S.properties(id=actor.id, name=actor.name, name_en=actor.name_en, kind=actor.kind,
                        aliases=list(dict.fromkeys(actor.aliases)), jurisdiction=actor_jurisdiction(actor.id))


def concept_properties(concept: Concept) -> dict:
    """A Concept node's properties: aliases are the Chinese then the English ones, each once."""
    return S.properties(id=concept.id, name=concept.name, name_en=concept.name_en,
                        aliases=list(dict.fromkeys([*concept.aliases, *concept.aliases_en])), type=concept.type,
                        definition=concept.definition or None)


def add_shared_node(G: nx.MultiDiGraph, key: str, labels: tuple[str, ...], props: dict) -> None:
    """Add a node shared between regulations, or merge into the existing one (lists unioned, first value kept)."""
    if key not in G:
        G.add_node(key, labels=labels, **props)
        return
    data = G.nodes[key]
    if tuple(data["labels"]) != labels:
        raise ValueError(f"node {key!r} has labels {data['labels']} here and {labels} elsewhere")
    for name, value in props.items():
        old = data.get(name)
        if isinstance(value, list) and isinstance(old, list):
            data[name] = list(dict.fromkeys([*old, *value]))
        elif old in (None, ""):
            data[name] = value


def build_graph(doc: Document, facts: Facts, taxonomy: Mapping[str, Concept] | None = None,
                graph_factory: Callable[[], Any] | None = None) -> nx.MultiDiGraph:
    """One regulation's graph: structure, duties with their actors and concepts, the taxonomy, terms and laws.

    `taxonomy` adds concepts beyond `facts.concepts` (the whole taxonomy belongs in the graph so that
    BROADER chains exist); facts' own concepts win on conflict. `graph_factory` makes the empty graph
    (networkx.MultiDiGraph by default; graph.lite's class for a quick answer from a file).
    """
    if graph_factory is None:
        import networkx as nx

        graph_factory = nx.MultiDiGraph
    G = graph_factory()
    G.graph["regulations"] = [doc.id]
    builder = _Builder(G, doc, facts)
    builder.structure()
    builder.actors()
    builder.concepts(taxonomy or {})
    builder.terms()
    builder.duties()
    builder.mentions()
    builder.laws()
    return G


def merge_graphs(graphs: Iterable[nx.MultiDiGraph]) -> nx.MultiDiGraph:
    """Several regulations' graphs side by side: shared nodes (actors, concepts, laws) merged, the rest disjoint."""
    import networkx as nx

    merged = nx.MultiDiGraph()
    merged.graph["regulations"] = []
    for G in graphs:
        for reg in G.graph.get("regulations", []):
            if reg in merged.graph["regulations"]:
                raise ValueError(f"regulation {reg!r} appears twice")
            merged.graph["regulations"].append(reg)
        for key, data in G.nodes(data=True):
            labels = tuple(data["labels"])
            props = {k: v for k, v in data.items() if k != "labels"}
            if labels[0] in S.SHARED_LABELS:
                add_shared_node(merged, key, labels, props)
            elif key in merged:
                raise ValueError(f"node {key!r} belongs to two regulations")
            else:
                merged.add_node(key, labels=labels, **props)
        shared_seen = {_edge_signature(u, v, d) for u, v, d in merged.edges(data=True)
                       if merged.nodes[u]["labels"][0] in S.SHARED_LABELS
                       and merged.nodes[v]["labels"][0] in S.SHARED_LABELS}
        for u, v, data in G.edges(data=True):
            signature = _edge_signature(u, v, data)
            if signature in shared_seen:
                continue  # an edge between shared nodes (BROADER) is in every regulation's graph: keep it once
            merged.add_edge(u, v, **data)
    return merged


def _edge_signature(u: str, v: str, data: dict) -> tuple:
    return (u, v, tuple(sorted((k, str(val)) for k, val in data.items())))


def build_many(pairs: Iterable[tuple[Document, Facts]], taxonomy: Mapping[str, Concept] | None = None
               ) -> nx.MultiDiGraph:
    """The graph of several regulations: each built with build_graph, then merged."""
    return merge_graphs(build_graph(doc, facts, taxonomy) for doc, facts in pairs)
