"""Every Cypher statement regkg sends to a graph store, parameterised, in the portable subset of DESIGN.md.

Both backends (embedded FalkorDB, Neo4j) run exactly these strings. Values always travel as
parameters; labels, relationship types, property names and path lengths cannot, so the statements
that need one are produced by small functions that accept only names from the closed whitelist in
`graph.schema` (never user input). `all_statements()` lists every statement, so tests can run each
one on the embedded engine and through Neo4j's own linter.

Engine rules kept here (found on FalkorDB 4.16): a pattern comprehension may not stand in a
WHERE clause (compute it in WITH first); every pattern comprehension of one statement binds its own
variable names (two comprehensions with the same pattern and variables but different
projections return an empty list for the second); `sum()` is avoided (it returns floats); relationships
are counted through a bound relationship variable; no `OPTIONAL MATCH` on two bound variables; no
index DROP; `STARTS WITH` gets a plain parameter (an expression there is parsed differently).
"""

from __future__ import annotations

from collections.abc import Iterator

from regkg.graph import schema as S

MAX_NEIGHBOURHOOD_DEPTH = 3
INDEXED_PROPERTIES = ("id", "regulationId")
ORPHAN_LABELS = (S.ACTOR, S.LAW)  # shared nodes that exist only through a regulation's facts


def _label(label: str) -> str:
    return S.check_label(label)


def _primary(label: str) -> str:
    return S.whitelisted(label, S.PRIMARY_LABELS, "a primary label")


def _indexed(prop: str) -> str:
    return S.whitelisted(prop, INDEXED_PROPERTIES, "an indexed property")


# -- schema DDL (the only part that differs per backend) ----------------------------------------------
def falkordb_index(label: str, prop: str) -> str:
    """FalkorDB: an exact-match index (also valid Neo4j syntax); FalkorDB has no IF NOT EXISTS here."""
    return f"CREATE INDEX FOR (n:{_primary(label)}) ON (n.{_indexed(prop)})"


def neo4j_unique_id(label: str) -> str:
    """Neo4j only: uniqueness constraint on `id` per primary label (it brings its own index)."""
    return (f"CREATE CONSTRAINT regkg_{_primary(label).lower()}_id IF NOT EXISTS "
            f"FOR (n:{label}) REQUIRE n.id IS UNIQUE")


def neo4j_index(label: str, prop: str) -> str:
    """Neo4j only: a range index on a non-key property (`regulationId`)."""
    if _indexed(prop) == "id":
        raise ValueError("`id` is indexed by its uniqueness constraint on Neo4j")
    return f"CREATE INDEX regkg_{_primary(label).lower()}_{prop.lower()} IF NOT EXISTS FOR (n:{label}) ON (n.{prop})"


# -- loading a regulation ---------------------------------------------------------------------------
def delete_regulation_nodes(label: str) -> str:
    """Remove every node of one label that belongs to regulation `$regulationId`, with its relationships."""
    if label not in S.REGULATION_SCOPED_LABELS:
        raise ValueError(f"{label!r} is not owned by one regulation")
    return f"MATCH (n:{label} {{regulationId: $regulationId}}) DETACH DELETE n"


def delete_orphans(label: str) -> str:
    """Remove shared nodes (actors, laws) no regulation refers to any more, except `$keep` (the new version's)."""
    if label not in ORPHAN_LABELS:
        raise ValueError(f"{label!r} nodes are not cleaned up as orphans")
    return f"MATCH (n:{label}) WHERE NOT (n)--() AND NOT n.id IN $keep DELETE n"


def shared_node_properties(label: str) -> str:
    """Current properties of shared nodes `$ids` (merged with the new ones in Python: lists unioned)."""
    if label not in S.SHARED_LABELS:
        raise ValueError(f"{label!r} is not a shared label")
    return f"UNWIND $ids AS nodeId MATCH (n:{label} {{id: nodeId}}) RETURN n.id AS id, properties(n) AS props"


def merge_nodes(labels: tuple[str, ...]) -> str:
    """Upsert a batch `$rows` of nodes `{id, props}` with these labels (primary first); props replace the old."""
    primary, *extra = labels
    _primary(primary)
    statement = f"UNWIND $rows AS row MERGE (n:{primary} {{id: row.id}}) SET n = row.props"
    for label in extra:
        statement += f" SET n:{_label(label)}"
    return statement


def _relationship_pattern(source: str, rel_type: str, target: str) -> str:
    return (f"UNWIND $rows AS row MATCH (a:{_primary(source)} {{id: row.source}}) "
            f"MATCH (b:{_primary(target)} {{id: row.target}}) ")


def create_relationships(source: str, rel_type: str, target: str) -> str:
    """Create a batch `$rows` `{source, target, props}` of relationships (parallel ones allowed)."""
    return (_relationship_pattern(source, rel_type, target)
            + f"CREATE (a)-[r:{S.check_type(rel_type)}]->(b) SET r = row.props")


def merge_relationships(source: str, rel_type: str, target: str) -> str:
    """Upsert relationships between shared nodes (BROADER), which every regulation's graph repeats."""
    return (_relationship_pattern(source, rel_type, target)
            + f"MERGE (a)-[r:{S.check_type(rel_type)}]->(b) SET r = row.props")


# -- one-statement replace (issue 9a) -----------------------------------------------------------------
# A regulation is replaced by ONE statement on the embedded engine (the parts below joined by
# `WITH count(*) AS …`, which also makes each part finish before the next starts): the engine runs a
# statement under its write lock and undoes it whole if it fails, so readers and a killed client see the
# old or the new version. Shared nodes merge their list properties in Cypher (old order first), so no
# read-modify-write happens outside the statement and two concurrent loads cannot lose each other's aliases.
def merge_shared_nodes(labels: tuple[str, ...], list_properties: tuple[str, ...] = ()) -> str:
    """Upsert shared nodes `$rows` {id, props}: new scalars win, the named list properties are unioned."""
    primary, *extra = labels
    S.whitelisted(primary, S.SHARED_LABELS, "a shared label")
    names = [S.check_property(name) for name in list_properties]
    statement = f"UNWIND $rows AS row MERGE (n:{primary} {{id: row.id}})"
    if names:
        unions = ", ".join(f"reduce(acc = coalesce(n.{name}, []), x IN row.props.{name} | "
                           f"CASE WHEN x IN acc THEN acc ELSE acc + [x] END) AS u{i}" for i, name in enumerate(names))
        statement += f" WITH n, row, {unions}"
    statement += " SET n += row.props" + "".join(f", n.{name} = u{i}" for i, name in enumerate(names))
    for label in extra:
        statement += f" SET n:{_label(label)}"
    return statement


def _orphan_owners(label: str) -> list[str]:
    """Regulation-scoped labels a shared `label` node is linked to (by any relationship type)."""
    if label not in ORPHAN_LABELS:
        raise ValueError(f"{label!r} nodes are not cleaned up as orphans")
    ends = [pair for pairs in S.REL_ENDPOINTS.values() for pair in pairs if label in pair]
    return sorted({a if b == label else b for a, b in ends} & set(S.REGULATION_SCOPED_LABELS))


def replace_regulation_head() -> str:
    """First part: the ids of the actors and laws the stored version links to (orphan candidates)."""
    carried: list[str] = []
    parts = []
    for index, label in enumerate(ORPHAN_LABELS):
        for owner in _orphan_owners(label):
            name = f"cand{index}"
            found = f"collect(DISTINCT c{index}.id)"
            value = f"{name} + {found}" if name in carried else found
            keep = "".join(f"{c}, " for c in carried if c != name)
            parts.append(f"OPTIONAL MATCH (:{owner} {{regulationId: $regulationId}})--(c{index}:{label}) "
                         f"WITH {keep}{value} AS {name}")
            if name not in carried:
                carried.append(name)
    return " ".join(parts)


def replace_regulation_deletes() -> str:
    """Next parts: detach-delete the regulation's nodes, then the candidate actors and laws nothing refers to."""
    carried = [f"cand{index}" for index in range(len(ORPHAN_LABELS))]
    parts = []
    for label in S.REGULATION_SCOPED_LABELS:
        parts.append(f"WITH {', '.join(carried)} OPTIONAL MATCH (n:{label} {{regulationId: $regulationId}}) "
                     f"WITH {', '.join(carried)}, collect(n) AS doomed FOREACH (x IN doomed | DETACH DELETE x)")
    for index, label in enumerate(ORPHAN_LABELS):
        rest = [c for c in carried if c != f"cand{index}"]
        keep = "".join(f"{c}, " for c in rest)
        # only the candidates the new version does not bring back (`$keep`): checking whether a busy actor
        # still has relationships costs its degree, which grows with the store;
        # `+ [null]`: at least one row, so the ids still to check survive an empty candidate list
        parts.append(f"WITH {', '.join(carried)} UNWIND [i IN cand{index} WHERE NOT i IN $keep] + [null] AS orphanId "
                     f"OPTIONAL MATCH (o:{label} {{id: orphanId}}) WHERE NOT (o)--() "
                     f"WITH {keep}collect(o) AS orphans FOREACH (x IN orphans | DELETE x)")
        carried = rest
    return " ".join(parts)


def replace_regulation_statement(parts: list[str]) -> str:
    """The one statement: head, deletes, then each write part (`UNWIND $pN …`) after `WITH count(*)`."""
    statement = f"{replace_regulation_head()} {replace_regulation_deletes()}"
    for index, part in enumerate(parts):
        statement += f" WITH count(*) AS step{index} {part}"
    return statement


# -- counts and health --------------------------------------------------------------------------------
HEALTH = "RETURN 1 AS ok"
COUNT_NODES = "MATCH (n) RETURN count(n) AS count"
COUNT_RELATIONSHIPS_BY_TYPE = (
    "MATCH ()-[r]->() RETURN type(r) AS type, count(r) AS count ORDER BY type LIMIT 1000"
)


def count_label(label: str) -> str:
    """Number of nodes with one label."""
    return f"MATCH (n:{_label(label)}) RETURN count(n) AS count"


def count_label_by_regulation(label: str) -> str:
    """Number of nodes of one regulation-scoped label per regulation."""
    if label not in S.REGULATION_SCOPED_LABELS:
        raise ValueError(f"{label!r} is not owned by one regulation")
    return (f"MATCH (n:{label}) RETURN n.regulationId AS regulation, count(n) AS count "
            "ORDER BY regulation LIMIT $limit")


REGULATIONS = (
    "MATCH (r:Regulation) "
    "RETURN r {.id, .name, .title, .jurisdiction, .status, .sourceSha256, .textLength} AS regulation "
    "ORDER BY r.id LIMIT $limit"
)
REGULATION_BY_ID = "MATCH (r:Regulation {id: $regulationId}) RETURN r.id AS id LIMIT 1"

# -- named questions ------------------------------------------------------------------------------------
ACTOR_NAMES = (
    "MATCH (a:Actor) RETURN a.id AS id, a.name AS name, a.nameEn AS nameEn, a.aliases AS aliases "
    "ORDER BY id LIMIT $limit"
)

# Filters shared by the duty questions, applied to `d` after `WITH d, <bearers> AS borne` (FalkorDB cannot
# evaluate a pattern comprehension inside WHERE). `$article`, `$paragraphPrefix`, `$itemPrefix` are cite
# strings computed by the caller ("60", "60.", "60(").
_DUTY_FILTERS = (
    "WITH d, [(fa:Actor)-[fb:BEARS]->(d) | {actor: fa.id, level: fb.level}] AS borne "
    "WHERE ($regulation IS NULL OR d.regulationId = $regulation) "
    "AND ($modality IS NULL OR d.modality = $modality) "
    "AND ($article IS NULL OR d.cite = $article OR d.cite STARTS WITH $paragraphPrefix "
    "OR d.cite STARTS WITH $itemPrefix) "
    "AND ($actorIds IS NULL OR any(b IN borne WHERE b.actor IN $actorIds AND ($level IS NULL OR b.level = $level))) "
    "AND ($level IS NULL OR any(x IN borne WHERE x.level = $level))"
)
# One row per duty: the Duty node's fields plus its provenance, actors (with level and order) and concepts.
_DUTY_PROJECTION = (
    "WITH d ORDER BY d.regulationId, d.start, d.id LIMIT $limit "
    "RETURN d {.id, .regulationId, .cite, .label, .article, .paragraph, .item, .modality, .trigger, .text, "
    ".implicit, .start} AS duty, "
    "[(d)-[:STATED_IN]->(place) | place.label] AS statedIn, "
    "[(ba:Actor)-[br:BEARS]->(d) | {id: ba.id, name: ba.name, nameEn: ba.nameEn, kind: ba.kind, "
    "level: br.level, order: br.order}] AS bearers, "
    "[(pa:Actor)-[pr:PARTNERS_IN]->(d) | {id: pa.id, name: pa.name, nameEn: pa.nameEn, kind: pa.kind, "
    "level: pr.level, order: pr.order}] AS partners, "
    "[(d)-[tr:TARGETS]->(ta:Actor) | {id: ta.id, name: ta.name, nameEn: ta.nameEn, kind: ta.kind, "
    "level: tr.level, order: tr.order}] AS targets, "
    "[(d)-[cr:CONCERNS]->(cc:Concept) | {id: cc.id, name: cc.name, nameEn: cc.nameEn, type: cc.type, "
    "start: cr.start, end: cr.end}] AS concepts"
)
DUTIES = f"MATCH (d:Duty) {_DUTY_FILTERS} {_DUTY_PROJECTION}"
DUTIES_BY_CONCEPT = (
    "MATCH (g:Concept) WHERE g.id IN $conceptIds "
    "MATCH (c:Concept)-[:BROADER*0..6]->(g) "
    "MATCH (d:Duty)-[:CONCERNS]->(c) "
    f"WITH DISTINCT d {_DUTY_FILTERS} {_DUTY_PROJECTION}"
)
DUTIES_BY_ACTOR = (
    "MATCH (a:Actor)-[:BEARS]->(d:Duty) WHERE a.id IN $actorIds "
    f"WITH DISTINCT d {_DUTY_FILTERS} {_DUTY_PROJECTION}"
)
ACTORS = (
    "MATCH (a:Actor) "
    "RETURN a {.id, .name, .nameEn, .kind, .aliases, .jurisdiction} AS actor, "
    "[(a)-[br:BEARS]->(bd:Duty) WHERE $regulation IS NULL OR bd.regulationId = $regulation | bd.id] AS bears, "
    "[(a)-[pr:PARTNERS_IN]->(pd:Duty) WHERE $regulation IS NULL OR pd.regulationId = $regulation | pd.id] "
    "AS partners, "
    "[(td:Duty)-[tr:TARGETS]->(a) WHERE $regulation IS NULL OR td.regulationId = $regulation | td.id] AS targeted "
    "ORDER BY a.id LIMIT $limit"
)
CONCEPTS = (
    "MATCH (c:Concept) "
    "RETURN c {.id, .name, .nameEn, .type, .aliases} AS concept, "
    "[(c)-[:BROADER]->(up:Concept) | up.id] AS broader, "
    "[(d:Duty)-[cr:CONCERNS]->(c) WHERE $regulation IS NULL OR d.regulationId = $regulation | d.id] AS duties "
    "ORDER BY c.id LIMIT $limit"
)


# -- named questions whose cost follows their answer (issue 9a) ------------------------------------------
# Each duty question exists in variants chosen by the caller: anchored on the regulation's duties
# (`{regulationId: $regulation}`, an index lookup) when a regulation is named, so the cost is that of
# one regulation however many are stored; with the role filter (the `borne` list) only when an actor or
# a level is asked for; ORDER BY, SKIP and LIMIT run in the engine before the per-duty lists are built.
_DUTY_SCALAR_FILTERS = (
    "($modality IS NULL OR d.modality = $modality) "
    "AND ($article IS NULL OR d.cite = $article OR d.cite STARTS WITH $paragraphPrefix "
    "OR d.cite STARTS WITH $itemPrefix)"
)
# Bearer and level filters as a traversal from the (already bound) duty, not a pattern comprehension per
# duty: a duty passes when one BEARS relationship has an asked actor and the asked level.
_DUTY_ROLE_FILTERS = (
    "WITH d MATCH (fa:Actor)-[fb:BEARS]->(d) "
    "WHERE ($actorIds IS NULL OR fa.id IN $actorIds) AND ($level IS NULL OR fb.level = $level) WITH DISTINCT d"
)
# The page's relationships in ONE optional traversal, each as a list [type, id, name, nameEn, kind, type of
# concept, label, level, order, start] that graph.queries sorts into statedIn/bearers/partners/targets/
# concepts: on FalkorDB 4.16 a pattern comprehension per list cost about three times as much per row, and a
# chain of OPTIONAL MATCH + collect stages still twice as much (each stage groups by the lists before it).
# Aggregation loses the order, so the rows are sorted again (at most `$limit`) for the row cap to cut the last.
DUTY_LINK_FIELDS = ("type", "id", "name", "nameEn", "kind", "conceptType", "label", "level", "order", "start", "end")
_DUTY_PAGE = (
    "WITH d ORDER BY d.regulationId, d.start, d.id SKIP $offset LIMIT $limit "
    "OPTIONAL MATCH (d)-[r]-(x) WITH d, collect(CASE WHEN x IS NULL THEN null ELSE "
    "[type(r), x.id, x.name, x.nameEn, x.kind, x.type, x.label, r.level, r.order, r.start, r.end] END) AS links "
    "RETURN d {.id, .regulationId, .cite, .label, .article, .paragraph, .item, .modality, .trigger, .text, "
    ".implicit, .start} AS duty, links ORDER BY d.regulationId, d.start, d.id"
)
DUTY_QUESTION_STARTS = {
    "all": "MATCH (d:Duty) WITH d",
    "concept": ("MATCH (g:Concept) WHERE g.id IN $conceptIds MATCH (c:Concept)-[:BROADER*0..6]->(g) "
                "MATCH (d:Duty)-[:CONCERNS]->(c) WITH DISTINCT d"),
    "actor": "MATCH (a:Actor)-[:BEARS]->(d:Duty) WHERE a.id IN $actorIds WITH DISTINCT d",
}
DUTY_QUESTION_STARTS_IN_REGULATION = {
    "all": "MATCH (d:Duty {regulationId: $regulation}) WITH d",
    "concept": ("MATCH (d:Duty {regulationId: $regulation}) WITH d "
                "MATCH (d)-[:CONCERNS]->(:Concept)-[:BROADER*0..6]->(g:Concept) WHERE g.id IN $conceptIds "
                "WITH DISTINCT d"),
    "actor": ("MATCH (d:Duty {regulationId: $regulation}) WITH d "
              "MATCH (a:Actor)-[:BEARS]->(d) WHERE a.id IN $actorIds WITH DISTINCT d"),
}


def duty_question(start: str, in_regulation: bool, roles: bool) -> str:
    """The duties statement: `start` all|concept|actor, anchored on `$regulation` or not, role filter or not."""
    starts = DUTY_QUESTION_STARTS_IN_REGULATION if in_regulation else DUTY_QUESTION_STARTS
    statement = (f"{starts[start]} WHERE ($regulation IS NULL OR d.regulationId = $regulation) "
                 f"AND {_DUTY_SCALAR_FILTERS}")
    if roles:
        statement += f" {_DUTY_ROLE_FILTERS}"
    return f"{statement} {_DUTY_PAGE}"


def duty_questions() -> list[str]:
    """Every variant of the duties statement."""
    return [duty_question(start, in_regulation, roles) for start in DUTY_QUESTION_STARTS
            for in_regulation in (False, True) for roles in (False, True)]


ACTOR_COUNTS = (
    "MATCH (a:Actor) "
    "OPTIONAL MATCH (a)-[:BEARS]->(bd:Duty) WITH a, count(DISTINCT bd) AS bears "
    "OPTIONAL MATCH (a)-[:PARTNERS_IN]->(pd:Duty) WITH a, bears, count(DISTINCT pd) AS partners "
    "OPTIONAL MATCH (td:Duty)-[:TARGETS]->(a) WITH a, bears, partners, count(DISTINCT td) AS targeted "
    "RETURN a {.id, .name, .nameEn, .kind, .aliases, .jurisdiction} AS actor, bears, partners, targeted "
    "ORDER BY a.id LIMIT $limit"
)
ACTOR_COUNTS_IN_REGULATION = (
    "MATCH (d:Duty {regulationId: $regulation}) WITH d MATCH (d)-[r]-(a:Actor) "
    "WITH a, count(DISTINCT CASE WHEN type(r) = 'BEARS' THEN d.id END) AS bears, "
    "count(DISTINCT CASE WHEN type(r) = 'PARTNERS_IN' THEN d.id END) AS partners, "
    "count(DISTINCT CASE WHEN type(r) = 'TARGETS' THEN d.id END) AS targeted "
    "RETURN a {.id, .name, .nameEn, .kind, .aliases, .jurisdiction} AS actor, bears, partners, targeted "
    "ORDER BY a.id LIMIT $limit"
)
CONCEPT_LIST = (
    "MATCH (c:Concept) WITH c ORDER BY c.id LIMIT $limit "
    "OPTIONAL MATCH (c)-[:BROADER]->(up:Concept) WITH c, collect(up.id) AS broader "
    "RETURN c {.id, .name, .nameEn, .type, .aliases} AS concept, broader ORDER BY c.id"
)
CONCEPT_DUTY_COUNTS = (
    "MATCH (d:Duty)-[:CONCERNS]->(c:Concept) RETURN c.id AS id, count(DISTINCT d) AS duties ORDER BY id LIMIT $limit"
)
CONCEPT_DUTY_COUNTS_IN_REGULATION = (
    "MATCH (d:Duty {regulationId: $regulation}) WITH d MATCH (d)-[:CONCERNS]->(c:Concept) "
    "RETURN c.id AS id, count(DISTINCT d) AS duties ORDER BY id LIMIT $limit"
)
NAMED_QUESTIONS = (ACTOR_COUNTS, ACTOR_COUNTS_IN_REGULATION, CONCEPT_LIST, CONCEPT_DUTY_COUNTS,
                   CONCEPT_DUTY_COUNTS_IN_REGULATION)

def node_labels_by_id() -> str:
    """Which labels the node `$id` has: one indexed lookup per primary label, in one round trip."""
    return " UNION ".join(f"MATCH (n:{label} {{id: $id}}) RETURN n.id AS id, labels(n) AS labels"
                          for label in S.PRIMARY_LABELS)


NODE_LABELS_BY_ID = node_labels_by_id()


def neighbourhood(label: str, depth: int) -> str:
    """Relationships within `depth` hops (either direction) of node `$id` of this label, with both ends: those of
    every node within depth-1 hops, each once (nodes made distinct first, so no path cap drops an engine-chosen
    part), in one total order before `LIMIT $limit` (ask for one more row than shown to know when it cut)."""
    if not isinstance(depth, int) or not 1 <= depth <= MAX_NEIGHBOURHOOD_DEPTH:
        raise ValueError(f"depth must be 1..{MAX_NEIGHBOURHOOD_DEPTH}")
    return (
        f"MATCH (start:{_primary(label)} {{id: $id}})-[*0..{depth - 1}]-(n) WITH DISTINCT n "
        "MATCH (n)-[r]-() WITH DISTINCT r "
        "WITH r, startNode(r) AS s, endNode(r) AS e "
        "RETURN s.id AS source, labels(s) AS sourceLabels, properties(s) AS sourceProps, type(r) AS type, "
        "properties(r) AS props, e.id AS target, labels(e) AS targetLabels, properties(e) AS targetProps "
        "ORDER BY source, type, target, r.order, r.start, r.end, r.level, r.surface, r.cite LIMIT $limit"
    )


# -- the complete list (tests run and lint each one) ------------------------------------------------
def portable_statements() -> Iterator[str]:
    """Every statement both backends run (DDL excluded), each once."""
    seen: set[str] = set()

    def once(statement: str) -> Iterator[str]:
        if statement not in seen:
            seen.add(statement)
            yield statement

    for label in S.REGULATION_SCOPED_LABELS:
        yield from once(delete_regulation_nodes(label))
        yield from once(count_label_by_regulation(label))
    for label in ORPHAN_LABELS:
        yield from once(delete_orphans(label))
    for label in S.SHARED_LABELS:
        yield from once(shared_node_properties(label))
        yield from once(merge_shared_nodes((label,), ("aliases",)))
        yield from once(merge_shared_nodes((label,)))
    for concept_type in S.CONCEPT_TYPE_LABELS:
        yield from once(merge_shared_nodes(S.concept_labels(concept_type), ("aliases",)))
    for label in S.PRIMARY_LABELS:
        yield from once(merge_nodes((label,)))
        yield from once(dump_nodes(label))
        yield from once(dump_relationships(label))
        for depth in range(1, MAX_NEIGHBOURHOOD_DEPTH + 1):
            yield from once(neighbourhood(label, depth))
    for concept_type in S.CONCEPT_TYPE_LABELS:
        yield from once(merge_nodes(S.concept_labels(concept_type)))
    for label in S.LABELS:
        yield from once(count_label(label))
    for rel_type, ends in S.REL_ENDPOINTS.items():
        for source, target in ends:
            yield from once(create_relationships(source, rel_type, target))
            if source in S.SHARED_LABELS and target in S.SHARED_LABELS:
                yield from once(merge_relationships(source, rel_type, target))
    for statement in (HEALTH, COUNT_NODES, COUNT_RELATIONSHIPS_BY_TYPE, REGULATIONS, REGULATION_BY_ID, ACTOR_NAMES,
                      DUTIES, DUTIES_BY_CONCEPT, DUTIES_BY_ACTOR, ACTORS, CONCEPTS, NODE_LABELS_BY_ID,
                      *duty_questions(), *NAMED_QUESTIONS):
        yield from once(statement)
    for statement in api_statements():
        yield from once(statement)


def falkordb_ddl() -> list[str]:
    """The embedded backend's index statements."""
    return [falkordb_index(label, prop) for label in S.PRIMARY_LABELS for prop in INDEXED_PROPERTIES
            if prop == "id" or label in S.REGULATION_SCOPED_LABELS]


def neo4j_ddl() -> list[str]:
    """The Neo4j backend's constraints and indexes (IF NOT EXISTS: safe to run at every connect)."""
    return [*(neo4j_unique_id(label) for label in S.PRIMARY_LABELS),
            *(neo4j_index(label, "regulationId") for label in S.REGULATION_SCOPED_LABELS)]


def all_statements() -> list[str]:
    """Every statement in this module: the portable ones and both backends' DDL."""
    return [*portable_statements(), *falkordb_ddl(), *neo4j_ddl()]


# -- export script ----------------------------------------------------------------------------------
# Owned by graph/export.py (issue 5, part b). A script for `cypher-shell < file` carries no parameters,
# so it runs the load statements above with each `$name` written in as an escaped Cypher literal.
# Literals are plain single-quoted strings with \\ \' \n \r \t escapes only (FalkorDB reads no \uXXXX).
import math  # noqa: E402 (imports of this appended section kept inside it)
import re  # noqa: E402

_PARAMETER = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")

SCRIPT_HEADER = (
    "// regkg graph export: {regulations}\n"
    "// {nodes} nodes, {relationships} relationships. One statement per line; run it with\n"
    "//   cypher-shell -a neo4j://HOST:7687 -u neo4j < THIS_FILE\n"
    "// It creates the constraints (IF NOT EXISTS), deletes these regulations' previous nodes, then merges the graph.\n"
)


def cypher_literal(value: object) -> str:
    """A Cypher literal for a property value: str, int, finite float, bool, or lists and maps of them."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError(f"no Cypher literal for {value!r}")
        return repr(value)
    if isinstance(value, str):
        escaped = (value.replace("\\", "\\\\").replace("'", "\\'").replace("\n", "\\n").replace("\r", "\\r")
                   .replace("\t", "\\t"))
        return f"'{escaped}'"
    if isinstance(value, list | tuple):
        return "[" + ", ".join(cypher_literal(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{S.check_property(k)}: {cypher_literal(v)}" for k, v in value.items()) + "}"
    raise TypeError(f"no Cypher literal for a {type(value).__name__}")


def inline_parameters(statement: str, values: dict[str, object]) -> str:
    """The statement with every `$name` replaced by the literal of `values[name]` (all must be given)."""
    def literal(match: re.Match) -> str:
        name = match.group(1)
        if name not in values:
            raise ValueError(f"no value for ${name} in: {statement}")
        return cypher_literal(values[name])

    return _PARAMETER.sub(literal, statement)


def script_statement(statement: str, values: dict[str, object] | None = None) -> str:
    """One line of an export script: the statement with its parameters inlined, ended by `;`."""
    return inline_parameters(statement, values or {}) + ";"


def dump_nodes(label: str) -> str:
    """One page of the nodes of a primary label, ids after `$after` in order (keyset paging: no SKIP needed)."""
    return (f"MATCH (n:{_primary(label)}) WHERE n.id > $after "
            "RETURN n.id AS id, labels(n) AS labels, properties(n) AS props ORDER BY id LIMIT $limit")


def dump_relationships(label: str) -> str:
    """Every relationship leaving the nodes `$ids` of a primary label: type, properties and the other end's id."""
    return (f"UNWIND $ids AS sourceId MATCH (a:{_primary(label)} {{id: sourceId}})-[r]->(b) "
            "RETURN a.id AS source, type(r) AS type, properties(r) AS props, b.id AS target LIMIT $limit")


# -- HTTP API (issue 11): search, neighbourhood, outlines, actor and concept pages ------------------------
# Read-only statements behind the API's resources (graph/search.py, graph/neighbourhood.py, graph/queries.py).
GRAPH_SIGNATURE = (
    "MATCH (r:Regulation) RETURN r.id AS id, r.sourceSha256 AS sha ORDER BY id LIMIT $limit"
)
SEARCH_ACTORS = (
    "MATCH (a:Actor) RETURN a.id AS id, a.name AS name, a.nameEn AS nameEn, a.aliases AS aliases, a.kind AS kind, "
    "a.jurisdiction AS jurisdiction, size([(a)-[sab:BEARS]->(sad:Duty) | sad]) AS duties ORDER BY id LIMIT $limit"
)
SEARCH_CONCEPTS = (
    "MATCH (c:Concept) RETURN c.id AS id, c.name AS name, c.nameEn AS nameEn, c.aliases AS aliases, c.type AS type, "
    "size([(scd:Duty)-[scr:CONCERNS]->(c) | scd]) AS duties ORDER BY id LIMIT $limit"
)
SEARCH_TERMS = (
    "MATCH (t:DefinedTerm) RETURN t.id AS id, t.name AS name, t.definition AS definition, "
    "t.regulationId AS regulation, t.cite AS cite ORDER BY id LIMIT $limit"
)
SEARCH_ARTICLES = (
    "MATCH (a:Article) RETURN a.id AS id, a.label AS label, a.cite AS cite, a.text AS text, "
    "a.regulationId AS regulation ORDER BY a.regulationId, a.number LIMIT $limit"
)
SEARCH_REGULATIONS = (
    "MATCH (r:Regulation) RETURN r.id AS id, r.title AS title, r.name AS name ORDER BY id LIMIT $limit"
)
# Public properties a node shows in the explorer (a map projection per node; long texts cut in Python).
_SHOWN = (".id, .name, .label, .cite, .title, .nameEn, .kind, .type, .modality, .trigger, .level, .text, "
          ".definition, .regulationId, .jurisdiction, .status, .number")


def neighbour_edges(label: str) -> str:
    """Every relationship touching the nodes `$ids` of one primary label, with the other end's labels and shown
    properties; `outgoing` says the direction seen from the node."""
    return (f"UNWIND $ids AS nodeId MATCH (n:{_primary(label)} {{id: nodeId}})-[r]-(m) "
            "RETURN n.id AS node, type(r) AS type, startNode(r).id = n.id AS outgoing, properties(r) AS props, "
            f"m.id AS other, labels(m) AS otherLabels, m {{{_SHOWN}}} AS otherProps LIMIT $limit")


def node_by_id(label: str) -> str:
    """One node of a primary label by id: labels and shown properties."""
    return (f"MATCH (n:{_primary(label)} {{id: $id}}) RETURN n.id AS id, labels(n) AS labels, "
            f"n {{{_SHOWN}}} AS props LIMIT 1")


# Duties, one page at a time (the same filters and Duty projection as DUTIES…, plus a text filter and SKIP).
_PAGE_FILTERS = _DUTY_FILTERS + " AND ($text IS NULL OR toLower(d.text) CONTAINS $text)"
_PAGE_PROJECTION = _DUTY_PROJECTION.replace("LIMIT $limit", "SKIP $skip LIMIT $limit", 1)
_PAGE_MATCH = {
    "all": "MATCH (d:Duty) WITH DISTINCT d",
    "concept": ("MATCH (g:Concept) WHERE g.id IN $conceptIds MATCH (c:Concept)-[:BROADER*0..6]->(g) "
                "MATCH (d:Duty)-[:CONCERNS]->(c) WITH DISTINCT d"),
    "actor": "MATCH (a:Actor)-[:BEARS]->(d:Duty) WHERE a.id IN $actorIds WITH DISTINCT d",
}


def _page_start(anchor: str, in_regulation: bool) -> str:
    """Anchored on `$regulation` (its duties through the index first: cost of the regulation) or on the anchor."""
    return (DUTY_QUESTION_STARTS_IN_REGULATION if in_regulation else _PAGE_MATCH)[anchor]


def duties_page(anchor: str, in_regulation: bool = False) -> str:
    """One page (`$skip`, `$limit`) of duties found from all duties, a concept set or an actor set."""
    return f"{_page_start(anchor, in_regulation)} {_PAGE_FILTERS} {_PAGE_PROJECTION}"


def duties_total(anchor: str, in_regulation: bool = False) -> str:
    """How many duties the same filters find."""
    return f"{_page_start(anchor, in_regulation)} {_PAGE_FILTERS} RETURN count(d) AS total"


# An outline: chapters and sections with their article numbers, and articles with their duty counts.
OUTLINE_CHAPTERS = (
    "MATCH (r:Regulation {id: $regulationId})-[:HAS_CHAPTER]->(c:Chapter) "
    "RETURN c {.id, .number, .name, .label, .cite} AS chapter, "
    "[(c)-[:HAS_ARTICLE]->(ca:Article) | ca.number] AS articles ORDER BY c.number LIMIT $limit"
)
OUTLINE_SECTIONS = (
    "MATCH (c:Chapter {regulationId: $regulationId})-[:HAS_SECTION]->(s:Section) "
    "RETURN c.id AS chapter, s {.id, .number, .name, .label, .cite} AS section, "
    "[(s)-[:HAS_ARTICLE]->(sa:Article) | sa.number] AS articles ORDER BY c.number, s.number LIMIT $limit"
)
OUTLINE_ARTICLES = (
    "MATCH (a:Article {regulationId: $regulationId}) "
    "RETURN a.number AS number, a.id AS id, a.label AS label, a.cite AS cite, "
    "size([(a)-[:HAS_PARAGRAPH]->(ap:Paragraph) | ap]) AS paragraphs ORDER BY number LIMIT $limit"
)
DUTY_COUNTS_BY_ARTICLE = (
    "MATCH (d:Duty {regulationId: $regulationId}) RETURN d.article AS article, d.modality AS modality, "
    "count(d) AS duties ORDER BY article LIMIT $limit"
)
REGULATION_LAWS = (
    "MATCH (r:Regulation {id: $regulationId})-[c]->(l:Law) "
    "RETURN type(c) AS type, c.cite AS cite, l.id AS id, l.name AS name ORDER BY cite, name LIMIT $limit"
)
# The chapter each article sits in (directly or through a section), for every regulation.
ARTICLE_CHAPTERS = (
    "MATCH (c:Chapter)-[:HAS_ARTICLE]->(a:Article) "
    "RETURN a.id AS article, c.id AS chapter, c.label AS label, c.name AS name, c.number AS number LIMIT $limit "
    "UNION MATCH (c:Chapter)-[:HAS_SECTION]->(:Section)-[:HAS_ARTICLE]->(a:Article) "
    "RETURN a.id AS article, c.id AS chapter, c.label AS label, c.name AS name, c.number AS number LIMIT $limit"
)


def provision(label: str) -> str:
    """An article, paragraph, item or sub-item `$id`: its text and what hangs from it (children, mentions)."""
    if label not in (S.ARTICLE, S.PARAGRAPH, S.ITEM, S.SUBITEM):
        raise ValueError(f"{label!r} is not a provision label")
    return (f"MATCH (n:{label} {{id: $id}}) "
            "RETURN n {.id, .regulationId, .label, .cite, .number, .text, .start, .end} AS node, "
            "[(n)-[pc]->(child) WHERE type(pc) STARTS WITH 'HAS_' | child {.id, .label, .cite, .number, .text}] "
            "AS children LIMIT 1")


PROVISION_MENTIONS = (
    "MATCH (n) WHERE n.regulationId = $regulationId AND (n.id = $id OR n.id STARTS WITH $dotPrefix "
    "OR n.id STARTS WITH $itemPrefix) "
    "MATCH (n)-[m:MENTIONS|DEFINES]->(t) "
    "RETURN type(m) AS type, labels(t) AS labels, t.id AS id, t.name AS name, t.nameEn AS nameEn, "
    "t.definition AS definition, m.surface AS surface, n.cite AS cite LIMIT $limit"
)
PROVISION_IDS = (
    "MATCH (n:Article {regulationId: $regulationId, label: $label}) RETURN n.id AS id LIMIT 1 "
    "UNION MATCH (n:Paragraph {regulationId: $regulationId, label: $label}) RETURN n.id AS id LIMIT 1 "
    "UNION MATCH (n:Item {regulationId: $regulationId, label: $label}) RETURN n.id AS id LIMIT 1"
)
# Actors: role counts by modality and level; one actor's partners both ways, the parties it serves, its concepts.
ACTOR_ROLE_COUNTS = (
    "MATCH (a:Actor)-[b:BEARS]->(d:Duty) WHERE $regulation IS NULL OR d.regulationId = $regulation "
    "RETURN a.id AS id, b.level AS level, d.modality AS modality, count(b) AS duties LIMIT $limit"
)
# The levels the given actors bear duties at (resolving a level prefix such as 市网信部门): only those actors.
ACTOR_LEVELS = (
    "MATCH (a:Actor) WHERE a.id IN $ids MATCH (a)-[b:BEARS]->(:Duty) "
    "RETURN a.id AS id, collect(DISTINCT b.level) AS levels ORDER BY id LIMIT $limit"
)
ACTOR_LEVELS_IN_REGULATION = (
    "MATCH (d:Duty {regulationId: $regulation}) WITH d MATCH (a:Actor)-[b:BEARS]->(d) WHERE a.id IN $ids "
    "RETURN a.id AS id, collect(DISTINCT b.level) AS levels ORDER BY id LIMIT $limit"
)
ACTOR_BY_ID = (
    "MATCH (a:Actor {id: $id}) RETURN a {.id, .name, .nameEn, .kind, .aliases, .jurisdiction} AS actor LIMIT 1"
)
ACTOR_PARTNERS = (
    "MATCH (a:Actor {id: $id})-[:BEARS]->(d:Duty)<-[:PARTNERS_IN]-(o:Actor) WHERE o.id <> a.id "
    "RETURN o.id AS id, o.name AS name, o.nameEn AS nameEn, o.kind AS kind, count(DISTINCT d) AS duties, "
    "collect(DISTINCT d.id) AS dutyIds ORDER BY duties DESC, id LIMIT $limit"
)
ACTOR_LEADS = (
    "MATCH (a:Actor {id: $id})-[:PARTNERS_IN]->(d:Duty)<-[:BEARS]-(o:Actor) WHERE o.id <> a.id "
    "RETURN o.id AS id, o.name AS name, o.nameEn AS nameEn, o.kind AS kind, count(DISTINCT d) AS duties, "
    "collect(DISTINCT d.id) AS dutyIds ORDER BY duties DESC, id LIMIT $limit"
)
ACTOR_SERVES = (
    "MATCH (a:Actor {id: $id})-[:BEARS]->(d:Duty)-[:TARGETS]->(o:Actor) "
    "RETURN o.id AS id, o.name AS name, o.nameEn AS nameEn, o.kind AS kind, count(DISTINCT d) AS duties "
    "ORDER BY duties DESC, id LIMIT $limit"
)
ACTOR_CONCEPTS = (
    "MATCH (a:Actor {id: $id})-[:BEARS]->(d:Duty)-[:CONCERNS]->(c:Concept) "
    "RETURN c.id AS id, c.name AS name, c.nameEn AS nameEn, c.type AS type, count(DISTINCT d) AS duties "
    "ORDER BY duties DESC, id LIMIT $limit"
)
# Concepts: one concept with its broader chain and narrower ones; who bears or joins anything under it.
CONCEPT_BY_ID = (
    "MATCH (c:Concept {id: $id}) RETURN c {.id, .name, .nameEn, .type, .aliases, .definition} AS concept LIMIT 1"
)
CONCEPT_BROADER = (
    "MATCH (c:Concept {id: $id})-[:BROADER*1..6]->(up:Concept) "
    "RETURN DISTINCT up.id AS id, up.name AS name, up.nameEn AS nameEn, up.type AS type LIMIT $limit"
)
CONCEPT_NARROWER = (
    "MATCH (down:Concept)-[:BROADER*1..6]->(c:Concept {id: $id}) "
    "RETURN DISTINCT down.id AS id, down.name AS name, down.nameEn AS nameEn, down.type AS type, "
    "[(down)-[:BROADER]->(dup:Concept) | dup.id] AS broader LIMIT $limit"
)
CONCEPT_ACTORS = (
    "MATCH (c:Concept)-[:BROADER*0..6]->(g:Concept {id: $id}) MATCH (d:Duty)-[:CONCERNS]->(c) WITH DISTINCT d "
    "MATCH (a:Actor)-[r]->(d) WHERE type(r) = 'BEARS' OR type(r) = 'PARTNERS_IN' "
    "RETURN a.id AS id, a.name AS name, a.nameEn AS nameEn, a.kind AS kind, type(r) AS role, "
    "count(DISTINCT d) AS duties, collect(DISTINCT r.level) AS levels ORDER BY duties DESC, id LIMIT $limit"
)


def api_statements() -> Iterator[str]:
    """The statements of this section (tests run each one on the embedded engine)."""
    yield from (GRAPH_SIGNATURE, SEARCH_ACTORS, SEARCH_CONCEPTS, SEARCH_TERMS, SEARCH_ARTICLES, SEARCH_REGULATIONS)
    for anchor in _PAGE_MATCH:
        for in_regulation in (False, True):
            yield duties_page(anchor, in_regulation)
            yield duties_total(anchor, in_regulation)
    yield from (OUTLINE_CHAPTERS, OUTLINE_SECTIONS, OUTLINE_ARTICLES, DUTY_COUNTS_BY_ARTICLE, REGULATION_LAWS,
                ARTICLE_CHAPTERS, PROVISION_MENTIONS, PROVISION_IDS, ACTOR_ROLE_COUNTS, ACTOR_LEVELS,
                ACTOR_LEVELS_IN_REGULATION, ACTOR_BY_ID, ACTOR_PARTNERS,
                ACTOR_LEADS, ACTOR_SERVES, ACTOR_CONCEPTS, CONCEPT_BY_ID, CONCEPT_BROADER, CONCEPT_NARROWER,
                CONCEPT_ACTORS)
    for label in (S.ARTICLE, S.PARAGRAPH, S.ITEM, S.SUBITEM):
        yield provision(label)
    for label in S.PRIMARY_LABELS:
        yield neighbour_edges(label)
        yield node_by_id(label)
