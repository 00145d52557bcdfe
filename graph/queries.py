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
from regkg.graph.store.base import GraphStore, Rows, ordered

DEFAULT_LIMIT = 10_000
NAME_LIMIT = 100_000


def resolve_actor(store: GraphStore, name: str) -> list[str]:
    """Actor ids a user's name means (`graph.local.match_actor`'s rules); else UnknownActorError with the closest
    names in the query's own script."""
    return resolve_actor_at(store, name)[0]


def _bearing_levels(store: GraphStore, ids: Iterable[str], regulation: str | None) -> dict[str, set[str]]:
    """The levels each of these actors bears duties at (in one regulation when given): only they are looked up,
    so resolving a name costs what those actors bear, not the whole store."""
    ids = sorted(set(ids))
    if not ids:
        return {}
    statement = cypher.ACTOR_LEVELS_IN_REGULATION if regulation else cypher.ACTOR_LEVELS
    rows = store.read(statement, {"ids": ids, "regulation": regulation, "limit": len(ids)}, limit=len(ids))
    return {row["id"]: {level for level in row["levels"] or [] if level} for row in rows}


def resolve_actor_at(store: GraphStore, name: str, bearing: bool = False,
                     regulation: str | None = None) -> tuple[list[str], str | None]:
    """`resolve_actor` plus the level a level prefix named (`市` in `市公共数据部门`, else None).

    `bearing` (the duty filters): a name whose actors bear no duty while longer names ending with it do
    (`人民政府` beside `市人民政府`) is an UnknownActorError suggesting those, not an empty answer. Levels are
    looked up only for the actors whose names the query ends with (in `regulation` when given)."""
    from regkg.graph.local import found_or_raise, match_actor_query, more_specific, named_by_suffix

    rows = store.read(cypher.ACTOR_NAMES, {"limit": NAME_LIMIT}, limit=NAME_LIMIT)
    entries = [(row["id"], [row.get("name") or "", row.get("nameEn") or "", *(row.get("aliases") or [])])
               for row in rows]
    from regkg.loaders.actors import load_lexicon

    levels = _bearing_levels(store, named_by_suffix(entries, name), regulation)
    found = match_actor_query(entries, name, levels, [written for written, _ in load_lexicon().levels])
    found_or_raise(found, entries, name)
    if bearing and not any(actor in levels for actor in found.ids):
        longer = more_specific(entries, name, [actor for actor, _ in entries])
        longer_ids = [actor for actor, labels in entries if any(label in longer for label in labels)]
        specific = more_specific(entries, name, _bearing_levels(store, longer_ids, regulation))
        if specific:
            raise UnknownActorError(f"{name!r} names actors that bear no duty; more specific names do",
                                    suggestions=specific[:10])
    return sorted(found.ids), found.level


def _actor_filter(store: GraphStore, actor: str | None, level: str | None,
                  regulation: str | None = None) -> tuple[list[str] | None, str | None]:
    """The bearer ids and BEARS level the duty filters use: a level prefix in the name (`市网信部门`) is the level
    when none is given; a different given level is a QueryError."""
    if not actor:
        return None, level
    ids, named = resolve_actor_at(store, actor, bearing=True, regulation=regulation)
    if named and level and level != named:
        raise QueryError(f"actor {actor!r} names level {named!r} but level is {level!r}")
    return ids, level or named


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
           regulation: str | None = None, limit: int = DEFAULT_LIMIT, offset: int = 0) -> Rows:
    """Duties matching every filter, in document order, as Duty JSON (`.truncated` when more than `limit`).

    `concept_ids`: duties concerning any of them or a narrower concept (BROADER*0..6); `actor`: a
    bearer's name or alias (Chinese or English); `level`: the level on the BEARS relationship. With a
    `regulation` the engine starts from that regulation's duties (indexed), so the cost is that of one
    regulation; `offset`/`limit` page in the engine.
    """
    actor_ids, level = _actor_filter(store, actor, level, regulation)
    concepts = list(concept_ids) if concept_ids is not None else None
    if article is not None and (not isinstance(article, int) or article <= 0):
        raise QueryError(f"article must be a positive number, not {article!r}")
    if not isinstance(offset, int) or offset < 0:
        raise QueryError(f"offset must be 0 or more, not {offset!r}")
    params = {
        "regulation": regulation, "modality": modality, "level": level or None,
        "article": str(article) if article is not None else None,
        "paragraphPrefix": f"{article}." if article is not None else None,
        "itemPrefix": f"{article}(" if article is not None else None,
        "actorIds": actor_ids, "conceptIds": concepts, "limit": limit + 1, "offset": offset,
    }
    start = "concept" if concepts is not None else "actor" if actor_ids is not None else "all"
    statement = cypher.duty_question(start, regulation is not None, actor_ids is not None or bool(level))
    page = store.read(statement, params, limit=limit)
    truncated = page.truncated
    rows = [_with_lists(row) for row in page]
    found = [duty_json(row) for row in rows]
    starts = {row["duty"]["id"]: row["duty"].get("start") or 0 for row in rows}
    found.sort(key=lambda d: (d["regulation"], starts[d["id"]], d["id"]))
    return Rows(found, [], truncated)


_ROLE_LISTS = {S.BEARS: "bearers", S.PARTNERS_IN: "partners", S.TARGETS: "targets"}


def _with_lists(row: dict[str, Any]) -> dict[str, Any]:
    """A duty page row (`duty`, `links`) as duty_json reads it: statedIn, bearers, partners, targets, concepts."""
    out: dict[str, Any] = {"duty": row["duty"], "statedIn": [], "bearers": [], "partners": [], "targets": [],
                           "concepts": []}
    for link in row.get("links") or []:
        entry = dict(zip(cypher.DUTY_LINK_FIELDS, link, strict=True))
        if entry["type"] == S.STATED_IN:
            out["statedIn"].append(entry["label"])
        elif entry["type"] in _ROLE_LISTS:
            out[_ROLE_LISTS[entry["type"]]].append({key: entry[key] for key in
                                                    ("id", "name", "nameEn", "kind", "level", "order")})
        elif entry["type"] == S.CONCERNS:
            out["concepts"].append({"id": entry["id"], "name": entry["name"], "nameEn": entry["nameEn"],
                                    "type": entry["conceptType"], "start": entry["start"], "end": entry["end"]})
    return out


def actors(store: GraphStore, regulation: str | None = None, limit: int = DEFAULT_LIMIT) -> Rows:
    """Actors with the number of duties they bear, co-operate in and are targeted by (most duties first).

    Counted in the engine; with a `regulation` only that regulation's duties are visited."""
    statement = cypher.ACTOR_COUNTS_IN_REGULATION if regulation else cypher.ACTOR_COUNTS
    rows = store.read(statement, {"regulation": regulation, "limit": limit + 1}, limit=limit)
    out = []
    for row in rows:
        counts = {key: int(row.get(key) or 0) for key in ("bears", "partners", "targeted")}
        if regulation and not any(counts.values()):
            continue
        actor = row["actor"]
        out.append({"id": actor["id"], "name": actor.get("name") or "", "nameEn": actor.get("nameEn") or "",
                    "kind": actor.get("kind") or "", "jurisdiction": actor.get("jurisdiction") or "",
                    "aliases": list(actor.get("aliases") or []), "duties": counts["bears"],
                    "partnerDuties": counts["partners"], "targetedBy": counts["targeted"]})
    out.sort(key=lambda a: (-a["duties"], -a["partnerDuties"], a["id"]))
    return Rows(out, [], rows.truncated)


def concepts(store: GraphStore, regulation: str | None = None, limit: int = DEFAULT_LIMIT) -> Rows:
    """Taxonomy concepts with their broader concepts and the number of duties that concern them directly."""
    listed = store.read(cypher.CONCEPT_LIST, {"limit": limit + 1}, limit=limit)
    statement = cypher.CONCEPT_DUTY_COUNTS_IN_REGULATION if regulation else cypher.CONCEPT_DUTY_COUNTS
    counted = store.read(statement, {"regulation": regulation, "limit": NAME_LIMIT}, limit=NAME_LIMIT)
    counts = {row["id"]: int(row["duties"]) for row in counted}
    out = []
    for row in listed:
        concept = row["concept"]
        out.append({"id": concept["id"], "name": concept.get("name") or "", "nameEn": concept.get("nameEn") or "",
                    "type": concept.get("type") or "", "aliases": list(concept.get("aliases") or []),
                    "broader": sorted(row.get("broader") or []), "duties": counts.get(concept["id"], 0)})
    out.sort(key=lambda c: (-c["duties"], c["id"]))
    return Rows(out, [], listed.truncated)


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
    rows = store.read(cypher.neighbourhood(labels[0], depth), {"id": node_id, "limit": limit + 1}, limit=limit)
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


# -- HTTP API (issue 11): pages, outlines, actor and concept pages ----------------------------------------
# The CLI and the API ask these same functions, so both answer with the same JSON.
MAX_ROWS = 100_000
SECTION_FIELDS = ("id", "number", "name", "label", "cite", "text")  # map projections' keys, in this order


def check_regulation(store: GraphStore, regulation: str | None) -> None:
    """NotFoundError with the stored ids when `regulation` is given and not stored."""
    if regulation is None:
        return
    if not store.read(cypher.REGULATION_BY_ID, {"regulationId": regulation}, limit=1):
        from rapidfuzz import process

        stored = [row["id"] for row in store.read(cypher.GRAPH_SIGNATURE, {"limit": MAX_ROWS}, limit=MAX_ROWS)]
        suggestions = [m[0] for m in process.extract(regulation, stored, limit=5)] if stored else []
        raise NotFoundError(f"no regulation {regulation!r} in the store", regulation=regulation,
                            suggestions=suggestions)


def duties_page(store: GraphStore, concept_ids: Iterable[str] | None = None, actor: str | None = None,
                level: str | None = None, modality: str | None = None, article: int | None = None,
                regulation: str | None = None, text: str | None = None, offset: int = 0,
                limit: int = 100) -> tuple[list[dict[str, Any]], int]:
    """One page of the duties `duties()` finds (same order, same Duty JSON), plus how many there are in all.

    `text` keeps duties whose text contains it (case-insensitive)."""
    if article is not None and (not isinstance(article, int) or article <= 0):
        raise QueryError(f"article must be a positive number, not {article!r}")
    check_regulation(store, regulation)
    actor_ids, level = _actor_filter(store, actor, level, regulation)
    concepts = list(concept_ids) if concept_ids is not None else None
    params = {
        "regulation": regulation, "modality": modality, "level": level or None,
        "article": str(article) if article is not None else None,
        "paragraphPrefix": f"{article}." if article is not None else None,
        "itemPrefix": f"{article}(" if article is not None else None,
        "actorIds": actor_ids, "conceptIds": concepts, "text": text.lower() if text else None,
        "skip": offset, "limit": limit,
    }
    anchor = "concept" if concepts is not None else "actor" if actor_ids is not None else "all"
    in_regulation = regulation is not None
    total = store.read(cypher.duties_total(anchor, in_regulation), params, limit=1)[0]["total"]
    if offset >= total or limit == 0:
        return [], total
    rows = store.read(cypher.duties_page(anchor, in_regulation), params, limit=limit)
    return [duty_json(row) for row in rows], total


def _laws(store: GraphStore, regulation: str) -> list[dict[str, Any]]:
    """The laws a regulation cites or repeals, in one total order (by cite, name, relation, id)."""
    rows = store.read(cypher.REGULATION_LAWS, {"regulationId": regulation, "limit": MAX_ROWS}, limit=MAX_ROWS)
    return sorted((dict(row) for row in rows), key=lambda r: (r["cite"] is None, str(r["cite"] or ""),
                                                               r["name"] or "", r["type"], r["id"]))


def outline(store: GraphStore, regulation: str) -> dict[str, Any]:
    """A regulation's outline: metadata, chapters and sections with article ranges and counts, cited laws."""
    check_regulation(store, regulation)
    meta = next(r for r in store.regulations() if r["id"] == regulation)
    params = {"regulationId": regulation, "limit": MAX_ROWS}
    duties_by_article: dict[int, dict[str, int]] = {}
    for row in store.read(cypher.DUTY_COUNTS_BY_ARTICLE, params, limit=MAX_ROWS):
        duties_by_article.setdefault(row["article"], {})[row["modality"]] = row["duties"]
    articles = list(store.read(cypher.OUTLINE_ARTICLES, params, limit=MAX_ROWS))

    def span(numbers: list[int]) -> dict[str, Any]:
        numbers = sorted(n for n in numbers if isinstance(n, int))
        duties = sum(sum(duties_by_article.get(n, {}).values()) for n in numbers)
        return {"articles": {"first": numbers[0], "last": numbers[-1], "count": len(numbers)} if numbers else None,
                "duties": duties}

    sections: dict[str, list[dict[str, Any]]] = {}
    for row in store.read(cypher.OUTLINE_SECTIONS, params, limit=MAX_ROWS):
        section = ordered(dict(row["section"]), SECTION_FIELDS)
        sections.setdefault(row["chapter"], []).append({**section, **span(list(row["articles"]))})
    chapters = []
    for row in store.read(cypher.OUTLINE_CHAPTERS, params, limit=MAX_ROWS):
        chapter = ordered(dict(row["chapter"]), SECTION_FIELDS)
        numbers = list(row["articles"]) + [n for s in sections.get(chapter["id"], [])
                                           for n in range(s["articles"]["first"], s["articles"]["last"] + 1)
                                           if s["articles"]]
        chapters.append({**chapter, **span(numbers), "sections": sections.get(chapter["id"], [])})
    modalities: dict[str, int] = {}
    for counts in duties_by_article.values():
        for modality, n in counts.items():
            modalities[modality] = modalities.get(modality, 0) + n
    laws = _laws(store, regulation)
    return {**meta, "chapters": chapters,
            "articleList": [{"number": a["number"], "id": a["id"], "label": a["label"], "cite": a["cite"],
                             "paragraphs": a["paragraphs"],
                             "duties": sum(duties_by_article.get(a["number"], {}).values())} for a in articles],
            "dutiesByModality": dict(sorted(modalities.items())), "laws": laws}


def _provision_label(cite: str) -> str | None:
    """The primary label of a provision from its cite: 60 article, 60.2 paragraph, 60.2(1) item, 60.2(1)1 sub-item."""
    import re

    if re.fullmatch(r"\d+", cite):
        return S.ARTICLE
    if re.fullmatch(r"\d+\.\d+", cite):
        return S.PARAGRAPH
    if re.fullmatch(r"\d+\.\d+\(\d+\)", cite):
        return S.ITEM
    if re.fullmatch(r"\d+\.\d+\(\d+\)\d+", cite):
        return S.SUBITEM
    return None


def provision(store: GraphStore, regulation: str, cite: str) -> dict[str, Any]:
    """An article, paragraph or item (by cite `60.2(1)` or label 第六十条第二款第（一）项): verbatim text, label,
    children, its duties, concepts, defined terms and the laws cited in it."""
    check_regulation(store, regulation)
    cite = cite.strip()
    if cite.startswith("第"):  # an item is stored as 第（二）项; 第二项 and 第(二)项 are written too
        import re

        cite = re.sub(r"第[（(]?([〇零一二三四五六七八九十百\d]+)[)）]?项", r"第（\1）项", cite)
        found = store.read(cypher.PROVISION_IDS, {"regulationId": regulation, "label": cite}, limit=1)
        if found:
            cite = found[0]["id"].split(":", 1)[1]
    label = _provision_label(cite)
    if label is None:
        raise NotFoundError(f"{cite!r} is not a provision cite (like 60, 60.2, 60.2(1)) or label (like 第六十条第二款)",
                            regulation=regulation, cite=cite)
    node_id = f"{regulation}:{cite}"
    rows = store.read(cypher.provision(label), {"id": node_id}, limit=1)
    if not rows:
        raise NotFoundError(f"no provision {cite} in {regulation!r}", regulation=regulation, cite=cite)
    node = ordered(dict(rows[0]["node"]))
    article = int(cite.split(".", 1)[0].split("(", 1)[0])
    duties = [d for d in stated_duties(store, regulation, article) if _within(d["citation"]["cite"], cite)]
    mentions = store.read(cypher.PROVISION_MENTIONS, {"regulationId": regulation, "id": node_id,
                                                      "dotPrefix": f"{node_id}.", "itemPrefix": f"{node_id}(",
                                                      "limit": MAX_ROWS}, limit=MAX_ROWS)
    concepts: dict[str, dict[str, Any]] = {}
    terms: dict[str, dict[str, Any]] = {}
    for row in sorted(mentions, key=lambda r: (r["id"], r["type"], r["cite"] or "", r["surface"] or "")):
        if S.CONCEPT in row["labels"]:
            concepts.setdefault(row["id"], {"id": row["id"], "name": row["name"] or "", "nameEn": row["nameEn"] or "",
                                            "via": "mention"})
        elif S.DEFINED_TERM in row["labels"]:
            term = terms.setdefault(row["id"], {"id": row["id"], "name": row["name"] or "",
                                                "definition": row["definition"] or "", "defined": False})
            term["defined"] = term["defined"] or row["type"] == S.DEFINES
    for duty in duties:
        for concept in duty["concepts"]:
            concepts.setdefault(concept["id"], {**concept, "via": "duty"})
    laws = [row for row in _laws(store, regulation) if row["cite"] and _within(str(row["cite"]), cite)]
    children = sorted((ordered(dict(c), SECTION_FIELDS) for c in rows[0]["children"]),
                      key=lambda c: (c.get("number") or 0, c["id"]))
    return {"id": node_id, "regulation": regulation, "kind": label, "label": node.get("label") or "",
            "cite": node.get("cite") or cite, "text": node.get("text") or "", "start": node.get("start"),
            "end": node.get("end"), "children": children, "duties": duties, "concepts": list(concepts.values()),
            "definedTerms": sorted(terms.values(), key=lambda t: t["id"]), "laws": laws}


def _within(inner: str, outer: str) -> bool:
    """Whether cite `inner` (60.2(1)) is the provision `outer` (60, 60.2, 60.2(1)) or lies inside it."""
    rest = inner[len(outer):] if inner.startswith(outer) else None
    return rest is not None and (rest == "" or rest[0] in ".(" or (outer.endswith(")") and rest.isdigit()))


def stated_duties(store: GraphStore, regulation: str, article: int) -> list[dict[str, Any]]:
    """Every duty stated in one article (Duty JSON, document order)."""
    return duties(store, article=article, regulation=regulation)


def actor_summaries(store: GraphStore, regulation: str | None = None) -> list[dict[str, Any]]:
    """`actors()` plus, per actor, the levels it is named at and its borne duties counted by modality."""
    check_regulation(store, regulation)
    by_id: dict[str, dict[str, Any]] = {}
    for row in store.read(cypher.ACTOR_ROLE_COUNTS, {"regulation": regulation, "limit": MAX_ROWS}, limit=MAX_ROWS):
        entry = by_id.setdefault(row["id"], {"levels": set(), "byModality": {}})
        if row["level"]:
            entry["levels"].add(row["level"])
        entry["byModality"][row["modality"]] = entry["byModality"].get(row["modality"], 0) + row["duties"]
    out = []
    for actor in actors(store, regulation=regulation, limit=MAX_ROWS):
        extra = by_id.get(actor["id"], {"levels": set(), "byModality": {}})
        out.append({**actor, "levels": sorted(extra["levels"]),
                    "byModality": dict(sorted(extra["byModality"].items()))})
    return out


def actor_detail(store: GraphStore, actor_id: str, chapters: dict[str, dict[str, Any]] | None = None
                 ) -> dict[str, Any]:
    """One actor: its duties grouped by regulation and chapter, the bodies it co-operates with (both directions of
    会同/配合, with counts), the parties its duties serve, and the concepts it is responsible for."""
    found = store.read(cypher.ACTOR_BY_ID, {"id": actor_id}, limit=1)
    if not found:
        ids = resolve_actor(store, actor_id)  # a name or alias works too; unknown → UnknownActorError with names
        if len(ids) != 1:
            raise UnknownActorError(f"{actor_id!r} names {len(ids)} actors; ask for one by id", suggestions=ids)
        actor_id = ids[0]
        found = store.read(cypher.ACTOR_BY_ID, {"id": actor_id}, limit=1)
    actor = ordered(dict(found[0]["actor"]), ("id", "name", "nameEn", "kind", "aliases", "jurisdiction"))
    params = {"id": actor_id, "limit": MAX_ROWS}
    borne = _borne(store, actor_id)
    chapters = chapters if chapters is not None else article_chapters(store)
    groups: dict[tuple[str, str], dict[str, Any]] = {}
    for duty in borne:
        chapter = chapters.get(f"{duty['regulation']}:{duty['citation']['article']}")
        key = (duty["regulation"], chapter["chapter"] if chapter else "")
        group = groups.setdefault(key, {"regulation": duty["regulation"],
                                        "chapter": chapter["chapter"] if chapter else None,
                                        "label": chapter["label"] if chapter else "",
                                        "name": chapter["name"] if chapter else "",
                                        "number": chapter["number"] if chapter else 0, "duties": []})
        group["duties"].append(duty)

    def partners(statement: str) -> list[dict[str, Any]]:
        return [{k: row[k] for k in ("id", "name", "nameEn", "kind", "duties")} | {"dutyIds": sorted(row["dutyIds"])}
                for row in store.read(statement, params, limit=MAX_ROWS)]

    levels = sorted({b["level"] for d in borne for b in d["bearers"] if b["id"] == actor_id and b["level"]})
    by_modality: dict[str, int] = {}
    for duty in borne:
        by_modality[duty["modality"]] = by_modality.get(duty["modality"], 0) + 1
    return {**actor, "aliases": list(actor.get("aliases") or []), "levels": levels, "duties": len(borne),
            "byModality": dict(sorted(by_modality.items())),
            "dutiesByChapter": sorted(groups.values(), key=lambda g: (g["regulation"], g["number"] or 0)),
            "cooperation": {"partners": partners(cypher.ACTOR_PARTNERS), "leads": partners(cypher.ACTOR_LEADS)},
            "serves": [dict(row) for row in store.read(cypher.ACTOR_SERVES, params, limit=MAX_ROWS)],
            "concepts": [dict(row) for row in store.read(cypher.ACTOR_CONCEPTS, params, limit=MAX_ROWS)]}


def _borne(store: GraphStore, actor_id: str) -> list[dict[str, Any]]:
    """Duties one actor (by id) bears, Duty JSON in document order."""
    params = {"regulation": None, "modality": None, "level": None, "article": None, "paragraphPrefix": None,
              "itemPrefix": None, "actorIds": [actor_id], "conceptIds": None, "limit": MAX_ROWS}
    rows = store.read(cypher.DUTIES_BY_ACTOR, params, limit=MAX_ROWS)
    return [duty_json(row) for row in rows]


def article_chapters(store: GraphStore) -> dict[str, dict[str, Any]]:
    """Article id → the chapter it sits in (directly or through a section), for every stored regulation."""
    return {row["article"]: dict(row) for row in store.read(cypher.ARTICLE_CHAPTERS, {"limit": MAX_ROWS},
                                                            limit=MAX_ROWS)}


def resolve_concept(store: GraphStore, label: str) -> str:
    """A concept id from its id or any zh/en label or alias; UnknownConceptError with the closest labels."""
    if store.read(cypher.CONCEPT_BY_ID, {"id": label}, limit=1):
        return label
    from regkg.loaders.taxonomy import load_taxonomy

    return load_taxonomy().resolve(label).id


def concept_tree(store: GraphStore, regulation: str | None = None) -> list[dict[str, Any]]:
    """The taxonomy as a tree (roots first; a concept with two broader ones appears under both), each node with
    `duties` (concerning it directly) and `dutiesTotal` (it or anything narrower, each duty once)."""
    check_regulation(store, regulation)
    rows = concepts(store, regulation=regulation, limit=MAX_ROWS)
    by_id = {row["id"]: row for row in rows}
    children: dict[str, list[str]] = {}
    for row in rows:
        for up in row["broader"]:
            children.setdefault(up, []).append(row["id"])
    direct = {row["id"]: set() for row in rows}
    for row in store.read(cypher.CONCEPTS, {"regulation": regulation, "limit": MAX_ROWS}, limit=MAX_ROWS):
        direct[row["concept"]["id"]] = set(row.get("duties") or [])
    totals: dict[str, set[str]] = {}

    def total(cid: str, path: frozenset[str]) -> set[str]:
        if cid not in totals:
            found = set(direct.get(cid, ()))
            for child in children.get(cid, []):
                if child not in path:
                    found |= total(child, path | {child})
            totals[cid] = found
        return totals[cid]

    def node(cid: str, path: frozenset[str]) -> dict[str, Any]:
        row = by_id[cid]
        kids = sorted((c for c in children.get(cid, []) if c not in path), key=lambda c: (-len(total(c, path)), c))
        return {"id": cid, "name": row["name"], "nameEn": row["nameEn"], "type": row["type"],
                "duties": row["duties"], "dutiesTotal": len(total(cid, path)),
                "children": [node(c, path | {c}) for c in kids]}

    roots = sorted((cid for cid, row in by_id.items() if not any(up in by_id for up in row["broader"])),
                   key=lambda c: (-len(total(c, frozenset({c}))), c))
    return [node(cid, frozenset({cid})) for cid in roots]


def concept_detail(store: GraphStore, label: str, duty_limit: int = 100) -> dict[str, Any]:
    """One concept (by id or any label): broader chain, narrower concepts, the duties under it (itself and narrower;
    the first `duty_limit`, with the total) and every actor that bears or joins any of them — the multi-hop
    answer to "who is responsible for anything touching X"."""
    concept_id = resolve_concept(store, label)
    concept = ordered(dict(store.read(cypher.CONCEPT_BY_ID, {"id": concept_id}, limit=1)[0]["concept"]),
                      ("id", "name", "nameEn", "type", "aliases", "definition"))
    params = {"id": concept_id, "limit": MAX_ROWS}
    broader = [dict(row) for row in store.read(cypher.CONCEPT_BROADER, params, limit=MAX_ROWS)]
    narrower = [{**dict(row), "broader": sorted(row["broader"])}
                for row in store.read(cypher.CONCEPT_NARROWER, params, limit=MAX_ROWS)]
    found, total = duties_page(store, concept_ids=[concept_id], limit=duty_limit)
    responsible: dict[str, dict[str, Any]] = {}
    for row in store.read(cypher.CONCEPT_ACTORS, params, limit=MAX_ROWS):
        entry = responsible.setdefault(row["id"], {"id": row["id"], "name": row["name"] or "",
                                                   "nameEn": row["nameEn"] or "", "kind": row["kind"] or "",
                                                   "bears": 0, "partnersIn": 0, "levels": set()})
        entry["bears" if row["role"] == S.BEARS else "partnersIn"] += row["duties"]
        entry["levels"] |= {level for level in row["levels"] or [] if level}
    actors_out = sorted(({**a, "levels": sorted(a["levels"])} for a in responsible.values()),
                        key=lambda a: (-a["bears"], -a["partnersIn"], a["id"]))
    return {**concept, "aliases": list(concept.get("aliases") or []),
            "broader": sorted(broader, key=lambda c: c["id"]),
            "narrower": sorted(narrower, key=lambda c: c["id"]),
            "duties": {"items": found, "total": total, "limit": duty_limit},
            "actors": actors_out}
