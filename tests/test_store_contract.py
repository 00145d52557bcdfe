"""One contract for every GraphStore backend: embedded FalkorDB always, Neo4j whenever REGKG_NEO4J_URI is set.

Each test loads the bundled draft (under its own regulation id) with facts made by tests/store_fixtures,
and checks the store against the in-memory graph and graph.local's answers (the oracle).
"""

from __future__ import annotations

import uuid
from collections import Counter
from collections.abc import Iterator

import networkx as nx
import pytest

from regkg.errors import InputError, NotFoundError, QueryError, QueryTimeoutError, UnknownActorError, WriteRefusedError
from regkg.graph import cypher, local, queries
from regkg.graph import schema as S
from regkg.graph.store import GraphStore, open_store
from regkg.loaders.parse import parse_file
from regkg.settings import load_settings
from tests.conftest import DRAFT
from tests.store_fixtures import embedded_settings, engine_home, make_graph

__all__ = ["engine_home"]

BACKENDS = ["embedded", pytest.param("neo4j", marks=pytest.mark.neo4j)]


@pytest.fixture(params=BACKENDS)
def store(request: pytest.FixtureRequest, engine_home) -> Iterator[GraphStore]:
    """A store per test: the embedded one on a fresh graph key, or the configured Neo4j database."""
    if request.param == "embedded":
        opened = open_store(embedded_settings(engine_home, graph_name=f"g{uuid.uuid4().hex[:12]}"))
    else:
        request.getfixturevalue("neo4j_env")  # a real Neo4j (tests/neo4j_server.py), REGKG_NEO4J_* set
        opened = open_store(load_settings())
    try:
        yield opened
    finally:
        opened.close()


@pytest.fixture
def regulation(store: GraphStore) -> Iterator[str]:
    """A fresh regulation id for this test (its nodes are dropped afterwards)."""
    rid = f"test_{uuid.uuid4().hex[:10]}"
    yield rid
    store.drop_regulation(rid)


def draft_graph(regulation_id: str, duties_per_paragraph: int = 1, variant: str = "") -> nx.MultiDiGraph:
    return make_graph(parse_file(DRAFT, regulation_id), duties_per_paragraph, variant=variant)


def scoped_counts(store: GraphStore, regulation_id: str) -> dict[str, int]:
    """Nodes per regulation-scoped label that belong to one regulation."""
    out = {}
    for label in S.REGULATION_SCOPED_LABELS:
        rows = store.read(cypher.count_label_by_regulation(label), {"limit": 100_000}, limit=100_000)
        out[label] = next((r["count"] for r in rows if r["regulation"] == regulation_id), 0)
    return out


def graph_scoped_counts(G: nx.MultiDiGraph, regulation_id: str) -> dict[str, int]:
    counts = Counter(d["labels"][0] for _, d in G.nodes(data=True) if d.get("regulationId") == regulation_id)
    return {label: counts.get(label, 0) for label in S.REGULATION_SCOPED_LABELS}


def is_fresh(store: GraphStore) -> bool:
    return store.backend == "falkordb"


def test_load_writes_every_node_and_relationship(store: GraphStore, regulation: str) -> None:
    G = draft_graph(regulation)
    summary = store.load_regulation(G, regulation)
    assert summary["duties"] == len(local.nodes_with_label(G, S.DUTY)) > 100
    assert scoped_counts(store, regulation) == graph_scoped_counts(G, regulation)
    if is_fresh(store):
        counts = store.counts()
        assert (counts["nodes"], counts["relationships"]) == (G.number_of_nodes(), G.number_of_edges())
        assert counts["types"] == dict(Counter(d["type"] for _, _, d in G.edges(data=True)))


def test_loading_twice_gives_identical_counts(store: GraphStore, regulation: str) -> None:
    G = draft_graph(regulation)
    store.load_regulation(G, regulation)
    first = store.counts()
    store.load_regulation(G, regulation)
    assert store.counts() == first


def test_reload_replaces_the_previous_version(store: GraphStore, regulation: str) -> None:
    store.load_regulation(draft_graph(regulation, duties_per_paragraph=2), regulation)
    smaller = draft_graph(regulation, duties_per_paragraph=1, variant="（新）")
    store.load_regulation(smaller, regulation)
    assert scoped_counts(store, regulation) == graph_scoped_counts(smaller, regulation)
    texts = {d["text"] for d in queries.duties(store, regulation=regulation)}
    assert texts and all(t.endswith("（新）") for t in texts)


def test_regulations_live_side_by_side_and_drop_alone(store: GraphStore, regulation: str) -> None:
    other = f"{regulation}_b"
    try:
        G_a, G_b = draft_graph(regulation), draft_graph(other)
        store.load_regulation(G_a, regulation)
        store.load_regulation(G_b, other)
        ids = {r["id"] for r in store.regulations()}
        assert {regulation, other} <= ids
        assert store.drop_regulation(regulation) is True
        assert store.drop_regulation(regulation) is False
        assert scoped_counts(store, regulation) == dict.fromkeys(S.REGULATION_SCOPED_LABELS, 0)
        assert scoped_counts(store, other) == graph_scoped_counts(G_b, other)
        assert len(queries.duties(store, concept_ids=["concept:data-centre"], regulation=other)) == len(
            local.duties(G_b, concept_ids=["concept:data-centre"]))
        if is_fresh(store):
            counts = store.counts()
            assert (counts["nodes"], counts["relationships"]) == (G_b.number_of_nodes(), G_b.number_of_edges())
    finally:
        store.drop_regulation(other)


def test_regulations_lists_metadata_and_counts(store: GraphStore, regulation: str) -> None:
    G = draft_graph(regulation)
    store.load_regulation(G, regulation)
    row = next(r for r in store.regulations() if r["id"] == regulation)
    assert row["name"] == G.nodes[regulation]["name"]
    assert row["sourceSha256"] == G.nodes[regulation]["sourceSha256"]
    assert row["articles"] == len(local.nodes_with_label(G, S.ARTICLE))
    assert row["duties"] == len(local.nodes_with_label(G, S.DUTY))


@pytest.mark.parametrize("filters", [
    {},
    {"concept_ids": ["concept:computing-infrastructure"]},
    {"concept_ids": ["concept:public-data", "concept:green-data-centre"], "modality": "obligation"},
    {"level": "区"},
    {"article": 6},
    {"modality": "encouragement", "level": "市"},
], ids=["all", "narrower-concepts", "two-concepts-modality", "level", "article", "modality-level"])
def test_duties_match_the_in_memory_answer(store: GraphStore, regulation: str, filters: dict) -> None:
    G = draft_graph(regulation)
    store.load_regulation(G, regulation)
    expected = local.duties(G, **filters)
    assert expected, "the filter should select something"
    assert queries.duties(store, regulation=regulation, **filters) == expected


@pytest.mark.parametrize("name", ["工业和信息化主管部门", "industry and information technology department",
                                  "市人民政府"])
def test_duties_by_actor_name_or_alias(store: GraphStore, regulation: str, name: str) -> None:
    G = draft_graph(regulation)
    store.load_regulation(G, regulation)
    expected = local.duties(G, actor_ids=local.resolve_actor(G, name), level="区")
    assert expected
    assert queries.duties(store, actor=name, level="区", regulation=regulation) == expected


def test_duty_json_shape_and_parallel_concern_edges(store: GraphStore, regulation: str) -> None:
    store.load_regulation(draft_graph(regulation), regulation)
    duty = queries.duties(store, concept_ids=["concept:green-data-centre"], regulation=regulation)[0]
    assert list(duty) == ["id", "regulation", "citation", "modality", "trigger", "text", "implicit", "bearers",
                          "partners", "targets", "concepts"]
    assert list(duty["citation"]) == ["article", "paragraph", "item", "label", "cite"]
    assert list(duty["bearers"][0]) == ["id", "name", "nameEn", "level", "kind"]
    assert duty["concepts"] == [{"id": "concept:green-data-centre", "name": "绿色数据中心",
                                 "nameEn": "green data centre", "type": "Infrastructure"}]  # 2 edges, listed once


def test_unknown_actor_suggests_names(store: GraphStore, regulation: str) -> None:
    store.load_regulation(draft_graph(regulation), regulation)
    with pytest.raises(UnknownActorError) as caught:
        queries.duties(store, actor="不存在的机关")
    assert caught.value.details["suggestions"]


def test_actors_and_concepts_count_duties(store: GraphStore, regulation: str) -> None:
    G = draft_graph(regulation)
    store.load_regulation(G, regulation)
    actors = {a["id"]: a for a in queries.actors(store, regulation=regulation)}
    for actor_id, row in actors.items():
        borne = {d for d, _ in local._edges(G, actor_id, S.BEARS)}
        assert row["duties"] == len(borne)
    concepts = {c["id"]: c for c in queries.concepts(store, regulation=regulation)}
    assert concepts["concept:data-centre"]["broader"] == ["concept:computing-infrastructure"]
    concerning = {d for d, _ in local._edges(G, "concept:data-centre", S.CONCERNS, incoming=True)}
    assert concepts["concept:data-centre"]["duties"] == len(concerning) > 0


def test_neighbourhood_of_a_duty(store: GraphStore, regulation: str) -> None:
    G = draft_graph(regulation)
    store.load_regulation(G, regulation)
    duty = local.nodes_with_label(G, S.DUTY)[0]
    found = queries.neighbourhood(store, duty, depth=1)
    ids = {n["id"] for n in found["nodes"]}
    assert ids == {duty, *G.successors(duty), *G.predecessors(duty)}
    assert len(found["relationships"]) == G.out_degree(duty) + G.in_degree(duty)
    with pytest.raises(NotFoundError):
        queries.neighbourhood(store, f"{regulation}:no-such-node")


def test_read_caps_rows_and_says_so(store: GraphStore, regulation: str) -> None:
    store.load_regulation(draft_graph(regulation), regulation)
    rows = store.read("MATCH (d:Duty {regulationId: $r}) RETURN d.id AS id ORDER BY id LIMIT 50", {"r": regulation},
                      limit=7)
    assert len(rows) == 7 and rows.truncated and rows.columns == ["id"]
    rows = store.read("MATCH (d:Duty {regulationId: $r}) RETURN d.id AS id LIMIT 5", {"r": regulation}, limit=7)
    assert len(rows) == 5 and not rows.truncated


def test_read_errors_are_typed(store: GraphStore) -> None:
    with pytest.raises(WriteRefusedError):
        store.read("CREATE (n:Article {id: 'x'}) RETURN n.id AS id")
    with pytest.raises(QueryError):
        store.read("MATCH (n RETURN n")
    with pytest.raises(QueryTimeoutError):
        store.read("UNWIND range(1, 100000) AS x UNWIND range(1, 100000) AS y WITH x, y WHERE (x * y) % 7 = 9 "
                   "RETURN count(x) AS c", timeout_ms=50)


def test_loading_a_graph_without_that_regulation_is_refused(store: GraphStore, regulation: str) -> None:
    with pytest.raises(InputError):
        store.load_regulation(draft_graph(regulation), f"{regulation}_absent")
    assert not store.read(cypher.REGULATION_BY_ID, {"regulationId": f"{regulation}_absent"})


def test_health(store: GraphStore) -> None:
    health = store.health()
    assert health["ok"] is True and health["backend"] == store.backend
