"""The named questions on a store with many regulations (issue 9a): a cut answer always says so, paging
runs in the engine, and a question restricted to one regulation starts from that regulation's duties."""

from __future__ import annotations

from pathlib import Path

import pytest

from regkg.graph import cypher, queries
from regkg.graph.store.embedded import EmbeddedStore
from regkg.loaders.parse import parse_file
from tests.conftest import DRAFT
from tests.store_fixtures import embedded_settings, engine_home, make_graph

__all__ = ["engine_home"]
REGULATIONS = ("q1", "q2", "q3")


@pytest.fixture(scope="module")
def store(engine_home: Path):
    """Three copies of the draft (fixture facts) side by side."""
    opened = EmbeddedStore(embedded_settings(engine_home, graph_name="questions"))
    for rid in REGULATIONS:
        opened.load_regulation(make_graph(parse_file(DRAFT, rid)), rid)
    try:
        yield opened
    finally:
        opened.close()


def test_a_cut_answer_is_flagged_and_a_whole_one_is_not(store: EmbeddedStore) -> None:
    everything = queries.duties(store, concept_ids=["concept:computing-infrastructure"])
    total = len(everything)
    assert total > 10 and not everything.truncated
    exact = queries.duties(store, concept_ids=["concept:computing-infrastructure"], limit=total)
    assert len(exact) == total and not exact.truncated  # was: the Cypher LIMIT equalled the cap, never flagged
    cut = queries.duties(store, concept_ids=["concept:computing-infrastructure"], limit=total - 1)
    assert len(cut) == total - 1 and cut.truncated
    assert [d["id"] for d in cut] == [d["id"] for d in everything][:total - 1]


def test_pages_follow_each_other_in_document_order(store: EmbeddedStore) -> None:
    whole = [d["id"] for d in queries.duties(store, regulation="q2")]
    pages = []
    for offset in range(0, len(whole), 50):
        pages += [d["id"] for d in queries.duties(store, regulation="q2", offset=offset, limit=50)]
    assert pages == whole


@pytest.mark.parametrize("filters", [
    {}, {"concept_ids": ["concept:data-centre"]}, {"actor": "工业和信息化部门"}, {"level": "区"},
    {"actor": "市人民政府", "level": "市", "modality": "encouragement"}])
def test_one_regulation_answers_like_the_filtered_whole(store: EmbeddedStore, filters: dict) -> None:
    restricted = queries.duties(store, regulation="q3", **filters)
    unrestricted = [d for d in queries.duties(store, **filters) if d["regulation"] == "q3"]
    assert restricted and restricted == unrestricted


def test_actor_and_concept_counts_per_regulation(store: EmbeddedStore) -> None:
    per_regulation = queries.actors(store, regulation="q1")
    everywhere = {a["id"]: a for a in queries.actors(store)}
    assert per_regulation
    for actor in per_regulation:
        assert everywhere[actor["id"]]["duties"] == len(REGULATIONS) * actor["duties"]
    concepts_here = {c["id"]: c["duties"] for c in queries.concepts(store, regulation="q1")}
    concepts_all = {c["id"]: c["duties"] for c in queries.concepts(store)}
    assert concepts_here.keys() == concepts_all.keys()
    assert all(concepts_all[k] == len(REGULATIONS) * v for k, v in concepts_here.items())


@pytest.mark.parametrize("start", ["all", "concept", "actor"])
def test_a_question_in_one_regulation_starts_from_its_indexed_duties(store: EmbeddedStore, start: str) -> None:
    params = {"regulation": "q1", "modality": None, "article": None, "paragraphPrefix": None, "itemPrefix": None,
              "actorIds": ["actor:广州市:人民政府"], "conceptIds": ["concept:data-centre"], "level": None,
              "limit": 10, "offset": 0}
    plan = store._admin.select_graph(store.graph_name).explain(cypher.duty_question(start, True, False), params)
    text = str(plan)
    assert "Node By Index Scan | (d:Duty)" in text, text
    assert "Node By Label Scan | (d:Duty)" not in text


def test_resolving_an_actor_in_one_regulation_reads_only_that_regulation(store: EmbeddedStore) -> None:
    params = {"regulation": "q1", "ids": ["actor:广州市:人民政府"], "limit": 1}
    text = str(store._admin.select_graph(store.graph_name).explain(cypher.ACTOR_LEVELS_IN_REGULATION, params))
    assert "Node By Index Scan | (d:Duty)" in text, text  # it scanned every BEARS of the store (459 ms at 1,000)
    levels = queries._bearing_levels(store, ["actor:广州市:人民政府"], "q1")
    everywhere = queries._bearing_levels(store, ["actor:广州市:人民政府"], None)
    assert levels and levels == everywhere  # the copies bear at the same levels
