"""Compound concepts count for their parts; aliases name the same thing (issue 13)."""

from __future__ import annotations

import pytest

from regkg.loaders.concepts import find_concepts
from regkg.loaders.pipeline import extract_facts
from regkg.loaders.taxonomy import load_taxonomy

ACTIVITY_ENDINGS = ("监测", "监控", "管理", "服务", "治理", "保护")
FACILITY_HEADS = ("网络", "设施", "平台", "系统", "中心", "设备")


def _ids(text: str) -> list[str]:
    return [m.target for m in find_concepts(text)]


@pytest.fixture(scope="module")
def draft_facts(draft):
    return extract_facts(draft)


def concerning(facts, label: str) -> set[str]:
    taxonomy = load_taxonomy()
    wanted = taxonomy.narrower_closure(taxonomy.resolve(label).id)
    return {d.citation.cite for d in facts.duties if any(c.concept_id in wanted for c in d.concepts)}


@pytest.mark.parametrize(("label", "cite"), [
    ("集成电路", "12.1"), ("integrated circuits", "12.1"), ("区块链", "60.2"), ("blockchain", "60.2"),
])
def test_concept_questions_find_compounds_of_the_draft(draft_facts, label, cite):
    assert cite in concerning(draft_facts, label)


def test_a_coordinated_compound_names_each_part():
    assert _ids("发展平台经济与共享经济") == ["concept:platform-and-sharing-economy", "concept:platform-economy",
                                        "concept:sharing-economy"]
    assert _ids("超高清视频及新型显示") == ["concept:uhd-video-and-new-display", "concept:uhd-video",
                                      "concept:new-display"]
    assert "concept:integrated-circuit" in _ids("培育半导体与集成电路产业")  # a generic 产业 tail is no part


def test_a_written_together_compound_counts_for_its_head_and_applied_technologies():
    assert _ids("布局区块链算力中心") == ["concept:blockchain-computing-centre", "concept:blockchain",
                                    "concept:computing-centre"]
    assert _ids("blockchain computing centres") == ["concept:blockchain-computing-centre", "concept:blockchain",
                                                   "concept:computing-centre"]
    found = _ids("推广工业机器人")
    assert "concept:robot" in found and "concept:industry" not in found  # 工业 only qualifies the head


def test_no_part_where_the_compound_is_not_made_of_labels():
    assert _ids("推动绿色数据中心建设") == ["concept:green-data-centre"]
    assert "concept:data-centre" not in _ids("建设人才大数据中心")


def test_an_activity_is_not_the_facility_that_serves_it():
    assert _ids("加强生态环境监测监控能力") == ["concept:environmental-monitoring"]
    assert _ids("完善生态环境监测网络") == ["concept:environmental-monitoring-network"]
    taxonomy = load_taxonomy()
    assert "concept:environmental-monitoring" in taxonomy.broader_closure("concept:environmental-monitoring-network")


def test_no_alias_drops_a_facility_head_to_name_an_activity():
    """An alias that is the preferred label minus its facility head and ends in an activity word (生态环境监测 for
    生态环境监测网络) names the activity, a different thing: the taxonomy data must not hold one."""
    loose = [(c.id, alias) for c in load_taxonomy().concepts.values() for alias in c.aliases
             if c.name.startswith(alias) and c.name[len(alias):] in FACILITY_HEADS
             and alias.endswith(ACTIVITY_ENDINGS)]
    assert loose == []
