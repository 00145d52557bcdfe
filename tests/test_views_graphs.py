"""What each view draws (networkx subgraphs of the draft's real graph), checked against the Duty JSON questions."""

from __future__ import annotations

import pytest

from regkg.graph import local
from regkg.graph.build import build_graph
from regkg.loaders.pipeline import extract_facts
from regkg.loaders.taxonomy import load_taxonomy
from regkg.visualizations import subgraphs
from regkg.visualizations.style import node_kind


@pytest.fixture(scope="module")
def G(draft):
    return build_graph(draft, extract_facts(draft), load_taxonomy().concepts)


def _of(H, label):
    return {n for n, d in H.nodes(data=True) if d["labels"][0] == label}


def test_concept_view_holds_every_duty_touching_it_or_narrower(G):
    H = subgraphs.concept_view(G, "data centres")
    expected = {d["id"] for d in local.duties(G, concept_ids=["concept:data-centre"])}
    assert _of(H, "Duty") == expected and "guangzhou_digital_economy_draft:60.2#1" in expected  # via 绿色数据中心
    bearers = {b["id"] for d in local.duties(G, concept_ids=["concept:data-centre"]) for b in d["bearers"]}
    assert bearers <= _of(H, "Actor")
    assert {"concept:green-data-centre", "concept:computing-infrastructure"} <= _of(H, "Concept")
    assert H.graph["centre"] == ["concept:data-centre"]


def test_actor_view_holds_its_duties_and_their_partners(G):
    H = subgraphs.actor_view(G, "工业和信息化部门")
    [actor] = H.graph["centre"]
    borne = {d["id"] for d in local.duties(G, actor_ids=[actor])}
    assert borne <= _of(H, "Duty")
    partners = {p["id"] for d in local.duties(G, actor_ids=[actor]) for p in d["partners"]}
    assert partners <= _of(H, "Actor")
    assert {d.get("type") for _, _, d in H.edges(data=True)} <= {"BEARS", "PARTNERS_IN", "TARGETS", "CONCERNS"}


def test_article_view_holds_its_paragraphs_duties_and_marks_the_cited_one(G):
    H = subgraphs.article_view(G, "60.2")
    assert {"guangzhou_digital_economy_draft:60.1", "guangzhou_digital_economy_draft:60.2"} <= set(H)
    assert _of(H, "Duty") == {d["id"] for d in local.duties(G, article=60)}
    source, reg = H.graph["source"], "guangzhou_digital_economy_draft"
    assert source["label"] == "第六十条" and source["marked"] == G.nodes[f"{reg}:60.2"]["text"]
    assert source["before"] + source["marked"] + source["after"] == G.nodes[f"{reg}:60"]["text"]


def test_overview_is_bounded_and_folds_the_rest(G):
    H = subgraphs.overview(G)
    actors = _of(H, "Actor")
    concepts = _of(H, "Concept")
    assert len(actors) == subgraphs.OVERVIEW_ACTORS and len(concepts) == subgraphs.OVERVIEW_CONCEPTS
    assert {"more:actors", "more:concepts"} <= set(H)
    every = {n for n in H if not n.startswith("more:")}
    assert all(H.degree(n) >= 1 for n in every)  # each node keeps at least its heaviest link
    assert H.number_of_edges() <= subgraphs.MAX_OVERVIEW_EDGES + len(H)
    assert all(d["weight"] >= 1 for _, _, d in H.edges(data=True))
    # the busiest actor's heaviest link is drawn with its real duty count
    top = max(actors, key=lambda a: H.degree(a, weight="weight"))
    assert max(d["weight"] for _, _, d in H.out_edges(top, data=True)) >= 3
    assert set(H.graph["positions"]) == set(H)


def test_node_kinds_follow_the_style_table(G):
    kinds = {node_kind(d["labels"], d) for _, d in G.nodes(data=True)}
    assert {"actor:government", "actor:department", "actor:other", "duty:obligation", "duty:prohibition",
            "concept:Infrastructure", "concept:Technology", "article"} <= kinds
    assert "other" not in {node_kind(d["labels"], d) for n, d in G.nodes(data=True)
                           if d["labels"][0] in ("Actor", "Duty", "Concept")}
