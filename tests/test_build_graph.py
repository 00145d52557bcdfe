"""graph.build on the real draft: the contract's labels, types, properties, provenance and determinism."""

from __future__ import annotations

import collections

import networkx as nx
import pytest

from regkg.graph import schema as S
from regkg.graph.build import build_graph, build_many, merge_graphs
from regkg.loaders.facts import Facts, node_id
from tests.build_facts import facts_for

VALUE_TYPES = (str, int, float, bool)


@pytest.fixture(scope="module", params=["rules", "pipeline"])
def facts(request, draft) -> Facts:
    """The draft's facts: made by the simple rules of tests/build_facts.py, or by the real extraction pipeline."""
    if request.param == "rules":
        return facts_for(draft)
    from regkg.loaders.pipeline import extract_facts

    return extract_facts(draft)


@pytest.fixture(scope="module")
def G(draft, facts) -> nx.MultiDiGraph:
    return build_graph(draft, facts)


@pytest.fixture(scope="module")
def rules_facts(draft) -> Facts:
    return facts_for(draft)


@pytest.fixture(scope="module")
def rules_G(draft, rules_facts) -> nx.MultiDiGraph:
    return build_graph(draft, rules_facts)


def _labels(G, label):
    return [n for n, d in G.nodes(data=True) if label in d["labels"]]


def _edges(G, rel):
    return [(u, v, d) for u, v, d in G.edges(data=True) if d["type"] == rel]


def _is_value(value) -> bool:
    return isinstance(value, VALUE_TYPES) or (isinstance(value, list) and all(isinstance(v, str) for v in value))


def test_every_node_follows_the_contract(G, draft):
    assert G.graph["regulations"] == [draft.id]
    for key, data in G.nodes(data=True):
        labels = data["labels"]
        assert isinstance(labels, tuple) and labels[0] in S.PRIMARY_LABELS, key
        assert all(label in S.LABELS for label in labels)
        assert data["id"] == key and data["name"], key
        allowed = set(S.NODE_PROPERTIES[labels[0]])
        props = {k: v for k, v in data.items() if k != "labels"}
        assert set(props) <= allowed, (key, set(props) - allowed)
        assert all(v is not None and _is_value(v) for v in props.values()), key
        if labels[0] in S.REGULATION_SCOPED_LABELS:
            assert data["regulationId"] == draft.id, key
        else:
            assert "regulationId" not in data, key


def test_every_edge_follows_the_contract(G):
    signatures = collections.Counter()
    for u, v, data in G.edges(data=True):
        rel = data["type"]
        ends = (G.nodes[u]["labels"][0], G.nodes[v]["labels"][0])
        assert ends in S.REL_ENDPOINTS[rel], (rel, u, v)
        props = {k: val for k, val in data.items() if k != "type"}
        assert set(props) <= set(S.REL_PROPERTIES[rel]), (rel, props)
        assert all(_is_value(val) for val in props.values())
        signatures[(u, v, tuple(sorted(data.items())))] += 1
    assert max(signatures.values()) == 1  # no two identical parallel edges (the Cypher export MERGEs on them)


def test_structure_matches_the_document(G, draft):
    counts = collections.Counter(G.nodes[n]["labels"][0] for n in G)
    for kind, number in draft.counts().items():
        assert counts[S.KIND_LABELS[kind]] == number, kind
    assert counts["Regulation"] == 1
    reg = G.nodes[draft.id]
    assert reg["name"] == reg["title"] == draft.title
    assert reg["sourceSha256"] == draft.sha256 and reg["textLength"] == len(draft.source)
    assert reg["status"] == "draft" and reg["jurisdiction"] == "广州市"
    # every structural node but the root has exactly one parent, through the type of its kind, with an order
    for node in draft.nodes():
        key = node_id(draft.id, node.cite)
        parents = [e for e in G.in_edges(key, data=True) if e[2]["type"] in S.STRUCTURE_TYPES]
        if node.kind == "regulation":
            assert parents == []
            continue
        assert len(parents) == 1 and parents[0][2]["type"] == S.CHILD_TYPES[node.kind]
        assert parents[0][2]["order"] >= 1
    article_60 = G.nodes[node_id(draft.id, "60")]
    assert article_60["label"] == "第六十条" and article_60["number"] == 60 and article_60["cite"] == "60"
    first_chapter = G.nodes[node_id(draft.id, "ch1")]
    assert first_chapter["name"] == "总则" and first_chapter["label"] == "第一章"


def test_node_text_is_the_source_slice(G, draft):
    checked = 0
    for label in ("Article", "Paragraph", "Item", "Subitem", "Duty"):
        for key in _labels(G, label):
            data = G.nodes[key]
            assert draft.source[data["start"]:data["end"]] == data["text"], key
            checked += 1
    assert checked > 500


def test_every_duty_is_stated_in_exactly_one_paragraph_or_item(G, facts):
    duties = _labels(G, "Duty")
    assert len(duties) == len(facts.duties) > 100
    for duty in duties:
        stated = [v for _, v, d in G.out_edges(duty, data=True) if d["type"] == "STATED_IN"]
        assert len(stated) == 1, duty
        where = G.nodes[stated[0]]
        assert where["labels"][0] in ("Paragraph", "Item")
        data = G.nodes[duty]
        assert where["start"] <= data["start"] < data["end"] <= where["end"]
        assert where["cite"] == data["cite"]
        assert data["name"] == f"{data['cite']} {data['trigger'] or data['modality']}"


def test_roles_and_concerns_match_the_facts(G, facts):
    for rel, field in (("BEARS", "bearers"), ("PARTNERS_IN", "partners"), ("TARGETS", "targets")):
        expected = sum(len({(r.actor_id, r.level) for r in getattr(d, field)}) for d in facts.duties)
        assert len(_edges(G, rel)) == expected, rel
    concerns = sum(len({(m.concept_id, m.surface, m.start, m.end) for m in d.concepts}) for d in facts.duties)
    assert len(_edges(G, "CONCERNS")) == concerns > 0
    for u, v, _d in _edges(G, "CONCERNS"):
        assert G.nodes[u]["labels"] == ("Duty",) and G.nodes[v]["labels"][0] == "Concept"
    # the whole taxonomy is in the graph: every concept of the facts, each BROADER target present
    assert set(_labels(G, "Concept")) == set(facts.concepts)
    assert len(_edges(G, "BROADER")) == sum(len(set(c.broader)) for c in facts.concepts.values())


def test_roles_concepts_and_taxonomy(rules_G, rules_facts):
    G, facts = rules_G, rules_facts
    bears = _edges(G, "BEARS")
    assert len(bears) == sum(len({(r.actor_id, r.level) for r in d.bearers}) for d in facts.duties) > 0
    assert {d["level"] for _, _, d in bears} >= {"市", ""}
    for u, v, _ in bears + _edges(G, "PARTNERS_IN"):
        assert G.nodes[u]["labels"] == ("Actor",) and G.nodes[v]["labels"] == ("Duty",)
        assert G.nodes[u]["jurisdiction"] == "广州市"
    for u, _v, d in _edges(G, "CONCERNS"):
        assert G.nodes[u]["text"][d["start"] - G.nodes[u]["start"]:d["end"] - G.nodes[u]["start"]] == d["surface"]
    # the whole taxonomy is present with its BROADER chain, mentioned or not
    assert set(_labels(G, "Concept")) == set(facts.concepts)
    chain = nx.shortest_path(G, "concept:data-centre", "concept:digital-infrastructure")
    assert len(chain) == 3
    assert G.nodes["concept:data-centre"]["labels"] == ("Concept", "Infrastructure")
    assert G.nodes["concept:data-centre"]["aliases"] == ["data center"]


def test_terms_mentions_and_laws(rules_G, draft):
    G = rules_G
    terms = _labels(G, "DefinedTerm")
    assert f"{draft.id}:term:公共数据" in terms
    for term in terms:
        definers = [u for u, _, d in G.in_edges(term, data=True) if d["type"] == "DEFINES"]
        assert len(definers) == 1 and G.nodes[definers[0]]["labels"][0] in ("Paragraph", "Item")
    mentions = _edges(G, "MENTIONS")
    assert {G.nodes[v]["labels"][0] for _, v, _ in mentions} == {"Concept", "DefinedTerm"}
    for u, _, d in mentions:
        assert draft.source[d["start"]:d["end"]] == d["surface"]
        assert G.nodes[u]["start"] <= d["start"] < d["end"] <= G.nodes[u]["end"]
    repeals = _edges(G, "REPEALS")
    assert [(u, v, d["cite"]) for u, v, d in repeals] == [(draft.id, "law:广州市信息化促进条例", "97")]
    assert G.nodes["law:广州市信息化促进条例"]["name"] == "广州市信息化促进条例"


def _snapshot(G):
    return (list(G.nodes(data=True)), list(G.edges(keys=True, data=True)), G.graph)


def test_build_is_deterministic(draft):
    assert _snapshot(build_graph(draft, facts_for(draft))) == _snapshot(build_graph(draft, facts_for(draft)))


def test_dangling_references_are_errors(draft):
    facts = facts_for(draft)
    next(d for d in facts.duties if d.bearers).bearers[0].actor_id = "actor:广州市:不存在的部门"
    with pytest.raises(ValueError, match="不存在的部门"):
        build_graph(draft, facts)
    wrong = facts_for(draft)
    wrong.regulation_id = "other"
    with pytest.raises(ValueError, match="facts are for"):
        build_graph(draft, wrong)


def test_several_regulations_side_by_side(corpus_docs):
    docs = list(corpus_docs.values())
    graphs = [build_graph(doc, facts_for(doc)) for doc in docs]
    merged = build_many((doc, facts_for(doc)) for doc in docs)
    assert merged.graph["regulations"] == [doc.id for doc in docs]
    scoped = sum(1 for G in graphs for n in G if G.nodes[n]["labels"][0] in S.REGULATION_SCOPED_LABELS)
    assert sum(1 for n in merged if merged.nodes[n]["labels"][0] in S.REGULATION_SCOPED_LABELS) == scoped
    # the taxonomy appears once, with its BROADER edges once
    assert len(_labels(merged, "Concept")) == len(_labels(graphs[0], "Concept"))
    assert len(_edges(merged, "BROADER")) == len(_edges(graphs[0], "BROADER"))
    assert {merged.nodes[n]["regulationId"] for n in _labels(merged, "Duty")} == {doc.id for doc in docs}
    with pytest.raises(ValueError, match="twice"):
        merge_graphs([graphs[0], graphs[0]])
