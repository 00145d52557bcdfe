"""The named questions over the in-memory networkx graph: what `regkg duties FILE` answers without a store.

Free functions taking the graph first (networkx style). They read the same node and relationship
properties that the store queries read, so both answer with the same Duty JSON.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # any graph with networkx's MultiDiGraph reading API: networkx's own, or graph.lite's
    import networkx as nx

ACTOR_ROLES = (("BEARS", "bearers"), ("PARTNERS_IN", "partners"))


def _labels(G: nx.MultiDiGraph, node: str) -> tuple[str, ...]:
    return tuple(G.nodes[node].get("labels", ()))


def nodes_with_label(G: nx.MultiDiGraph, label: str) -> list[str]:
    """Ids of every node carrying `label`."""
    return [n for n, data in G.nodes(data=True) if label in data.get("labels", ())]


def _edges(G: nx.MultiDiGraph, node: str, rel: str, *, incoming: bool = False) -> list[tuple[str, dict]]:
    edges = G.in_edges(node, data=True) if incoming else G.out_edges(node, data=True)
    return [((u if incoming else v), data) for u, v, data in edges if data.get("type") == rel]


def narrower_closure(G: nx.MultiDiGraph, concept_ids: Iterable[str]) -> set[str]:
    """The given concepts plus every concept below them through BROADER (x -[:BROADER]-> given)."""
    out: set[str] = set()
    todo = [c for c in concept_ids if c in G]
    while todo:
        cid = todo.pop()
        if cid in out:
            continue
        out.add(cid)
        todo.extend(src for src, _ in _edges(G, cid, "BROADER", incoming=True))
    return out


def _actor_json(G: nx.MultiDiGraph, actor: str, level: str) -> dict:
    data = G.nodes[actor]
    return {"id": actor, "name": data.get("name", ""), "nameEn": data.get("nameEn", ""), "level": level,
            "kind": data.get("kind", "")}


def duty_json(G: nx.MultiDiGraph, duty: str) -> dict:
    """The Duty JSON of DESIGN.md §4 for one Duty node."""
    data = G.nodes[duty]
    where = [v for v, _ in _edges(G, duty, "STATED_IN")]
    cited = G.nodes[where[0]] if where else {}
    article, paragraph, item = _cite_numbers(data.get("cite", ""))
    roles: dict[str, list[dict]] = {"bearers": [], "partners": [], "targets": []}
    for rel, key in ACTOR_ROLES:
        for actor, edge in sorted(_edges(G, duty, rel, incoming=True), key=lambda e: e[1].get("order", 0)):
            roles[key].append(_actor_json(G, actor, edge.get("level", "")))
    for actor, edge in sorted(_edges(G, duty, "TARGETS"), key=lambda e: e[1].get("order", 0)):
        roles["targets"].append(_actor_json(G, actor, edge.get("level", "")))
    concepts, seen = [], set()
    # the same order as graph/queries.duty_json: a compound and its parts share a start (区块链算力中心, 区块链)
    for concept, _edge in sorted(_edges(G, duty, "CONCERNS"), key=lambda e: (e[1].get("start") or 0, e[0])):
        if concept in seen:
            continue
        seen.add(concept)
        c = G.nodes[concept]
        concepts.append({"id": concept, "name": c.get("name", ""), "nameEn": c.get("nameEn", ""),
                         "type": c.get("type", "")})
    return {
        "id": duty,
        "regulation": data.get("regulationId", ""),
        "citation": {"article": article, "paragraph": paragraph, "item": item,
                     "label": cited.get("label", data.get("label", "")), "cite": data.get("cite", "")},
        "modality": data.get("modality", ""),
        "trigger": data.get("trigger", ""),
        "text": data.get("text", ""),
        "implicit": bool(data.get("implicit", False)),
        **roles,
        "concepts": concepts,
    }


def _cite_numbers(cite: str) -> tuple[int | None, int | None, int | None]:
    """`14.1(2)` → (14, 1, 2); `60.2` → (60, 2, None)."""
    import re

    m = re.match(r"^(\d+)(?:\.(\d+))?(?:\((\d+)\))?", cite)
    if not m:
        return None, None, None
    return tuple(int(g) if g else None for g in m.groups())  # type: ignore[return-value]


def duties(
    G: nx.MultiDiGraph,
    *,
    concept_ids: Iterable[str] | None = None,
    actor_ids: Iterable[str] | None = None,
    level: str | None = None,
    modality: str | None = None,
    article: int | None = None,
    regulation: str | None = None,
) -> list[dict]:
    """Duties matching every given filter, in document order, as Duty JSON.

    `concept_ids` match a duty concerning any of them or a narrower concept; `actor_ids` match the
    duty's bearers (narrowed by `level` on the BEARS relationship when given).
    """
    concepts = narrower_closure(G, concept_ids) if concept_ids is not None else None
    actors = set(actor_ids) if actor_ids is not None else None
    found = []
    for duty in nodes_with_label(G, "Duty"):
        data = G.nodes[duty]
        if regulation and data.get("regulationId") != regulation:
            continue
        if modality and data.get("modality") != modality:
            continue
        if article is not None and _cite_numbers(data.get("cite", ""))[0] != article:
            continue
        if concepts is not None and not any(c in concepts for c, _ in _edges(G, duty, "CONCERNS")):
            continue
        if actors is not None or level:
            bearers = _edges(G, duty, "BEARS", incoming=True)
            if not any((actors is None or a in actors) and (not level or e.get("level") == level) for a, e in bearers):
                continue
        found.append(duty)
    found.sort(key=lambda d: (G.nodes[d].get("regulationId", ""), G.nodes[d].get("start", 0)))
    return [duty_json(G, d) for d in found]


def _norm(name: str) -> str:
    """A whole name as compared: no spaces, no hyphens, lower case, 主管 ignored."""
    return "".join(name.split()).lower().replace("主管", "").replace("-", "")


def _words(name: str) -> tuple[str, ...]:
    """The English words of a name, lower case (a hyphen joins: `televisi-on` → `television`)."""
    import re

    return tuple(re.findall(r"[a-z0-9']+", name.lower().replace("-", "")))


def match_actor(entries: Iterable[tuple[str, Iterable[str]]], query: str) -> set[str]:
    """The actor ids `query` names among `entries` (id, its names and aliases): empty when it names none.

    The rules (the CLI, the API and the views share them): an actor id names that actor; otherwise a whole
    name, English name or alias, compared without spaces, hyphens, case and 主管; otherwise, for an English
    query only, names holding its words as whole words in a row (`information technology department`,
    case-insensitive). A Chinese query never matches part of a name: 人民政府 is not 市人民政府.
    """
    wanted = _norm(query)
    if not wanted:
        return set()
    entries = [(actor, [label for label in labels if label]) for actor, labels in entries]
    found = {actor for actor, labels in entries if actor == query.strip() or
             any(_norm(label) == wanted for label in labels)}
    if found or not query.isascii():
        return found
    words = _words(query)
    if not words:
        return set()
    n = len(words)

    def holds(label: str) -> bool:
        have = _words(label)
        return any(have[i:i + n] == words for i in range(len(have) - n + 1))

    return {actor for actor, labels in entries if any(label.isascii() and holds(label) for label in labels)}


def actor_entries(G: nx.MultiDiGraph) -> list[tuple[str, list[str]]]:
    """Every actor id with its names: canonical, English and aliases."""
    out = []
    for actor in nodes_with_label(G, "Actor"):
        data = G.nodes[actor]
        out.append((actor, [data.get("name", ""), data.get("nameEn", ""), *data.get("aliases", [])]))
    return out


def resolve_actor(G: nx.MultiDiGraph, query: str) -> set[str]:
    """Actor ids a user's name means (`match_actor`'s rules: id, whole name or alias, English whole words).

    Raises UnknownActorError with the closest names when nothing matches.
    """
    from rapidfuzz import process

    from regkg.errors import UnknownActorError

    found = match_actor(actor_entries(G), query)
    if found:
        return found
    names = sorted({G.nodes[a].get("name", "") for a in nodes_with_label(G, "Actor")})
    suggestions = [m[0] for m in process.extract(query, names, limit=5)]
    raise UnknownActorError(f"no actor named {query!r}", suggestions=suggestions)


def actors(G: nx.MultiDiGraph, regulation: str | None = None) -> list[dict]:
    """Actors with the number of duties they bear, co-operate in and are targeted by (as graph.queries.actors)."""

    def count(actor: str, rel: str, incoming: bool) -> int:
        duties = {d for d, _ in _edges(G, actor, rel, incoming=incoming)
                  if not regulation or G.nodes[d].get("regulationId") == regulation}
        return len(duties)

    out = []
    for actor in nodes_with_label(G, "Actor"):
        data = G.nodes[actor]
        counts = (count(actor, "BEARS", False), count(actor, "PARTNERS_IN", False), count(actor, "TARGETS", True))
        if regulation and not any(counts):
            continue
        out.append({"id": actor, "name": data.get("name", ""), "nameEn": data.get("nameEn", ""),
                    "kind": data.get("kind", ""), "jurisdiction": data.get("jurisdiction", ""),
                    "aliases": list(data.get("aliases", [])), "duties": counts[0], "partnerDuties": counts[1],
                    "targetedBy": counts[2]})
    out.sort(key=lambda a: (-a["duties"], -a["partnerDuties"], a["id"]))
    return out
