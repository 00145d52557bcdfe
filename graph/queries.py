"""The named questions over a graph store (free functions taking the store first), answering in Duty JSON.

These are what `regkg duties/actors/concepts` and the API ask; they run the statements of
`graph.cypher` through `GraphStore.read`, so both backends answer identically.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from regkg.errors import NotFoundError, QueryError, UnknownActorError
from regkg.graph import cypher
from regkg.graph import schema as S
from regkg.graph.store.base import GraphStore, ordered

DEFAULT_LIMIT = 10_000
NAME_LIMIT = 100_000


def _norm(name: str) -> str:
    """Names compared without spaces, case, 主管 and hyphens (as graph.local does)."""
    return "".join(name.split()).lower().replace("主管", "").replace("-", " ")


def resolve_actor(store: GraphStore, name: str) -> list[str]:
    """Actor ids a user's name means (Chinese or English name or alias: exact, else contained); else
    UnknownActorError with the closest names."""
    from rapidfuzz import process

    rows = store.read(cypher.ACTOR_NAMES, {"limit": NAME_LIMIT}, limit=NAME_LIMIT)
    index: dict[str, set[str]] = {}
    for row in rows:
        for label in [row.get("name") or "", row.get("nameEn") or "", *(row.get("aliases") or [])]:
            if label:
                index.setdefault(_norm(label), set()).add(row["id"])
    wanted = _norm(name)
    if wanted in index:
        return sorted(index[wanted])
    partial = sorted({actor for label, ids in index.items() if wanted and wanted in label for actor in ids})
    if partial:
        return partial
    names = sorted({row.get("name") or "" for row in rows} - {""})
    suggestions = [match[0] for match in process.extract(name, names, limit=5)]
    raise UnknownActorError(f"no actor named {name!r}", suggestions=suggestions)


def _role(entry: dict[str, Any]) -> dict[str, Any]:
    return {"id": entry["id"], "name": entry.get("name") or "", "nameEn": entry.get("nameEn") or "",
            "level": entry.get("level") or "", "kind": entry.get("kind") or ""}


def _ordered_roles(entries: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    return [_role(e) for e in sorted(entries, key=lambda e: (e.get("order") or 0, e["id"], e.get("level") or ""))]


def duty_json(row: dict[str, Any]) -> dict[str, Any]:
    """One DUTIES row as the Duty JSON of DESIGN.md §4 (roles in text order, concepts once each)."""
    duty = row["duty"]
    concepts, seen = [], set()
    for entry in sorted(row.get("concepts") or [], key=lambda c: (c.get("start") or 0, c["id"])):
        if entry["id"] in seen:
            continue
        seen.add(entry["id"])
        concepts.append({"id": entry["id"], "name": entry.get("name") or "", "nameEn": entry.get("nameEn") or "",
                         "type": entry.get("type") or ""})
    stated_in = sorted(label for label in row.get("statedIn") or [] if label)
    return {
        "id": duty["id"],
        "regulation": duty.get("regulationId") or "",
        "citation": {"article": duty.get("article"), "paragraph": duty.get("paragraph"), "item": duty.get("item"),
                     "label": stated_in[0] if stated_in else duty.get("label") or "", "cite": duty.get("cite") or ""},
        "modality": duty.get("modality") or "",
        "trigger": duty.get("trigger") or "",
        "text": duty.get("text") or "",
        "implicit": bool(duty.get("implicit")),
        "bearers": _ordered_roles(row.get("bearers") or []),
        "partners": _ordered_roles(row.get("partners") or []),
        "targets": _ordered_roles(row.get("targets") or []),
        "concepts": concepts,
    }


def duties(store: GraphStore, concept_ids: Iterable[str] | None = None, actor: str | None = None,
           level: str | None = None, modality: str | None = None, article: int | None = None,
           regulation: str | None = None, limit: int = DEFAULT_LIMIT) -> list[dict[str, Any]]:
    """Duties matching every filter, in document order, as Duty JSON.

    `concept_ids`: duties concerning any of them or a narrower concept (BROADER*0..6); `actor`: a
    bearer's name or alias (Chinese or English); `level`: the level on the BEARS relationship.
    """
    actor_ids = resolve_actor(store, actor) if actor else None
    concepts = list(concept_ids) if concept_ids is not None else None
    if article is not None and (not isinstance(article, int) or article <= 0):
        raise QueryError(f"article must be a positive number, not {article!r}")
    params = {
        "regulation": regulation, "modality": modality, "level": level or None,
        "article": str(article) if article is not None else None,
        "paragraphPrefix": f"{article}." if article is not None else None,
        "itemPrefix": f"{article}(" if article is not None else None,
        "actorIds": actor_ids, "conceptIds": concepts, "limit": limit,
    }
    if concepts is not None:
        statement = cypher.DUTIES_BY_CONCEPT
    elif actor_ids is not None:
        statement = cypher.DUTIES_BY_ACTOR
    else:
        statement = cypher.DUTIES
    rows = store.read(statement, params, limit=limit)
    found = [duty_json(row) for row in rows]
    starts = {row["duty"]["id"]: row["duty"].get("start") or 0 for row in rows}
    found.sort(key=lambda d: (d["regulation"], starts[d["id"]], d["id"]))
    return found


def actors(store: GraphStore, regulation: str | None = None, limit: int = DEFAULT_LIMIT) -> list[dict[str, Any]]:
    """Actors with the number of duties they bear, co-operate in and are targeted by (most duties first)."""
    out = []
    for row in store.read(cypher.ACTORS, {"regulation": regulation, "limit": limit}, limit=limit):
        counts = {key: len(set(row.get(key) or [])) for key in ("bears", "partners", "targeted")}
        if regulation and not any(counts.values()):
            continue
        actor = row["actor"]
        out.append({"id": actor["id"], "name": actor.get("name") or "", "nameEn": actor.get("nameEn") or "",
                    "kind": actor.get("kind") or "", "jurisdiction": actor.get("jurisdiction") or "",
                    "aliases": list(actor.get("aliases") or []), "duties": counts["bears"],
                    "partnerDuties": counts["partners"], "targetedBy": counts["targeted"]})
    out.sort(key=lambda a: (-a["duties"], -a["partnerDuties"], a["id"]))
    return out


def concepts(store: GraphStore, regulation: str | None = None, limit: int = DEFAULT_LIMIT) -> list[dict[str, Any]]:
    """Taxonomy concepts with their broader concepts and the number of duties that concern them directly."""
    out = []
    for row in store.read(cypher.CONCEPTS, {"regulation": regulation, "limit": limit}, limit=limit):
        concept = row["concept"]
        out.append({"id": concept["id"], "name": concept.get("name") or "", "nameEn": concept.get("nameEn") or "",
                    "type": concept.get("type") or "", "aliases": list(concept.get("aliases") or []),
                    "broader": sorted(row.get("broader") or []), "duties": len(set(row.get("duties") or []))})
    out.sort(key=lambda c: (-c["duties"], c["id"]))
    return out


def regulations(store: GraphStore) -> list[dict[str, Any]]:
    """The stored regulations with metadata and article and duty counts."""
    return store.regulations()


def neighbourhood(store: GraphStore, node_id: str, depth: int = 1, limit: int = 500) -> dict[str, Any]:
    """Nodes and relationships within `depth` (1..3) hops of a node, either direction: {"nodes", "relationships"}."""
    if not isinstance(depth, int) or not 1 <= depth <= cypher.MAX_NEIGHBOURHOOD_DEPTH:
        raise QueryError(f"depth must be 1..{cypher.MAX_NEIGHBOURHOOD_DEPTH}, not {depth!r}")
    found = store.read(cypher.NODE_LABELS_BY_ID, {"id": node_id}, limit=len(S.PRIMARY_LABELS))
    if not found:
        raise NotFoundError(f"no node with id {node_id!r}")
    labels = [label for label in found[0]["labels"] if label in S.PRIMARY_LABELS]
    rows = store.read(cypher.neighbourhood(labels[0], depth), {"id": node_id, "paths": limit, "limit": limit},
                      limit=limit)
    nodes: dict[str, dict[str, Any]] = {}
    relationships = []
    for row in rows:
        for end in ("source", "target"):
            nodes.setdefault(row[end], {"id": row[end], "labels": list(row[f"{end}Labels"]),
                                        **ordered(row[f"{end}Props"])})
        relationships.append({"source": row["source"], "target": row["target"], "type": row["type"],
                              **ordered(row["props"] or {})})
    if not nodes:
        nodes[node_id] = {"id": node_id, "labels": labels}
    return {"nodes": sorted(nodes.values(), key=lambda n: n["id"]),
            "relationships": sorted(relationships, key=lambda r: (r["source"], r["type"], r["target"],
                                                                  str(sorted(r.items())))),
            "truncated": rows.truncated}
