"""Concept linking on the real draft: longest match, department names, duty scopes, colon-governed items, mentions."""

from __future__ import annotations

import pytest

from regkg.loaders.concepts import find_concepts, link_concepts, own_end
from regkg.loaders.definitions import citation_for
from regkg.loaders.document import Document
from regkg.loaders.facts import Duty, Facts
from regkg.loaders.parse import parse_text
from regkg.loaders.taxonomy import load_taxonomy


@pytest.fixture(scope="module")
def taxonomy():
    return load_taxonomy()


def _ids(text: str) -> list[str]:
    return [m.target for m in find_concepts(text)]


def guideline_duty(doc: Document, cite: str) -> Duty:
    """A duty as the gold guideline spans it: from the node's first character to its first `；` or `。`."""
    node = doc.find(cite)
    lead = node.text[: own_end(node) - node.start]
    cut = min((i for i in (lead.find("；"), lead.find("。")) if i >= 0), default=len(lead.rstrip()))
    return Duty(f"{doc.id}:{cite}#1", citation_for(node), "obligation", "应当", lead[:cut], node.start,
                node.start + cut)


def facts_with_duties(doc: Document, cites: list[str]) -> Facts:
    facts = Facts(doc.id)
    facts.duties = [guideline_duty(doc, cite) for cite in cites]
    link_concepts(doc, facts)
    return facts


def concerning(facts: Facts, taxonomy, label: str) -> list[str]:
    """Cites of the duties that concern a concept or any narrower one (what `--concept` answers)."""
    wanted = taxonomy.narrower_closure(taxonomy.resolve(label).id)
    return sorted({d.citation.cite for d in facts.duties if any(c.concept_id in wanted for c in d.concepts)},
                  key=lambda c: tuple(map(int, c.split("."))))


@pytest.fixture(scope="module")
def all_paragraph_facts(draft):
    """Every paragraph of the draft carries one guideline-spanned duty: the densest realistic linking."""
    return facts_with_duties(draft, [p.cite for p in draft.nodes("paragraph")])


# -- matching ----------------------------------------------------------------------------------------------
def test_longest_match_green_data_centre_is_not_also_a_data_centre():
    assert _ids("推动绿色数据中心建设") == ["concept:green-data-centre"]
    # a compound of two concepts' labels counts for both parts too (issue 13), still not for 数据中心
    assert _ids("区块链算力中心") == ["concept:blockchain-computing-centre", "concept:blockchain",
                                   "concept:computing-centre"]


def test_big_data_centre_is_its_own_concept_not_a_data_centre():
    found = _ids("构建交通信息基础设施和综合交通大数据中心体系")
    # 交通信息基础设施 is also information infrastructure (its head); 交通 qualifies it (a sector word, not counted)
    assert found == ["concept:intelligent-transport", "concept:digital-infrastructure", "concept:transport",
                     "concept:big-data-centre"]
    assert "concept:data-centre" not in _ids("建设粤港澳大湾区人才大数据中心")


def test_iot_inside_building_iot_is_iot():
    text = "近场通讯及二维码识别等建筑物联网技术应用"
    match = find_concepts(text)[-1]
    assert (match.target, match.start) == ("concept:iot", text.index("物联网"))
    assert match.surface.startswith("物联网")


def test_department_names_are_not_sectors():
    text = ("应急管理部门应当会同通信、供电、交通、金融等部门"
            "探索建立极端灾害条件下城市供电、通信、数据中心、道路、金融等快速恢复机制")
    found = find_concepts(text)
    assert [m.target for m in found] == ["concept:electric-power", "concept:data-centre", "concept:finance"]
    assert all(m.start > text.index("探索") for m in found)  # nothing from the department enumeration
    assert found[2].start == text.rindex("金融")
    assert _ids("教育部门应当推进数字技术在基础教育领域的应用") == ["concept:digital-technology", "concept:education"]
    assert _ids("市地方金融监管部门应当建设数字金融科技创新平台") == ["concept:digital-finance"]


def test_stop_phrases_block_labels_inside_them():
    assert _ids("推动建筑工业化和工业化生产") == ["concept:construction-industrialisation"]
    assert "concept:industry" not in _ids("市工业和信息化主管部门应当推进工业互联网")


def test_latin_labels_need_word_boundaries_and_acronyms_their_case():
    assert _ids("发展AI产业和5G基站") == ["concept:artificial-intelligence", "concept:base-station",
                                       "concept:next-generation-mobile-communications"]  # 5G + 基站: both
    assert _ids("MAIN 15G ai") == []
    assert _ids("Data centres and the Internet of Things") == ["concept:data-centre", "concept:iot"]


def test_offsets_are_exact(draft, all_paragraph_facts):
    for duty in all_paragraph_facts.duties:
        for c in duty.concepts:
            assert draft.source[c.start:c.end] == c.surface
            assert duty.start <= c.start
    for m in all_paragraph_facts.mentions:
        assert draft.source[m.start:m.end] == m.surface


# -- duties ------------------------------------------------------------------------------------------------
def test_duties_concerning_data_centres(all_paragraph_facts, taxonomy):
    assert concerning(all_paragraph_facts, taxonomy, "数据中心") == ["60.1", "60.2", "81.4", "92.2"]
    assert concerning(all_paragraph_facts, taxonomy, "data centres") == ["60.1", "60.2", "81.4", "92.2"]


def test_computing_infrastructure_adds_its_narrower_concepts(all_paragraph_facts, taxonomy):
    found = concerning(all_paragraph_facts, taxonomy, "算力基础设施")
    assert found == ["56.1", "60.1", "60.2", "60.3", "81.4", "92.2"]
    assert concerning(all_paragraph_facts, taxonomy, "computing infrastructure") == found


def test_big_data_centre_paragraphs_are_found_under_big_data_not_data_centres(all_paragraph_facts, taxonomy):
    assert concerning(all_paragraph_facts, taxonomy, "大数据中心") == ["61.1", "92.5"]
    assert {"61.1", "92.5"} <= set(concerning(all_paragraph_facts, taxonomy, "big data"))


def test_a_duty_covers_the_clauses_after_its_first_semicolon(draft):
    facts = facts_with_duties(draft, ["92.2"])
    duty = facts.duties[0]
    assert "数据中心" not in duty.text  # the guideline span stops at the first ；
    assert "concept:data-centre" in {c.concept_id for c in duty.concepts}
    assert not [m for m in facts.mentions if m.node_cite == "92.2" and m.target_id.startswith("concept:")]


def test_next_duty_in_the_same_paragraph_ends_the_scope(draft):
    node = draft.find("60.2")
    second_at = node.start + node.text.index("探索建立算力交易平台")
    facts = Facts(draft.id)
    first = guideline_duty(draft, "60.2")
    second = Duty(f"{draft.id}:60.2#2", first.citation, "obligation", "", "探索建立算力交易平台",
                  second_at, second_at + 10)
    facts.duties = [first, second]
    link_concepts(draft, facts)
    assert all(c.end <= second_at for c in first.concepts)
    assert {c.surface for c in second.concepts} >= {"算力交易平台"}


def test_colon_lead_duty_governs_its_items(draft):
    facts = facts_with_duties(draft, ["14.1"])
    duty = facts.duties[0]
    assert duty.text.endswith("推动关键数字技术攻关与突破：")
    concerned = {c.concept_id for c in duty.concepts}
    assert {"concept:integrated-circuit", "concept:artificial-intelligence", "concept:iot", "concept:blockchain",
            "concept:brain-inspired-intelligence"} <= concerned
    assert not [m for m in facts.mentions if m.node_cite.startswith("14.1(") and m.target_id.startswith("concept:")]


def test_mentions_outside_duties_cite_the_deepest_node(draft):
    facts = facts_with_duties(draft, ["60.1"])
    by_cite = {(m.node_cite, m.target_id) for m in facts.mentions}
    assert ("92.2", "concept:data-centre") in by_cite
    assert ("14.1(2)", "concept:iot") in by_cite  # an item, not its paragraph
    assert ("60.1", "concept:data-centre") not in by_cite  # inside the duty: CONCERNS, not MENTIONS
    assert not [m for m in facts.mentions if m.node_cite in ("ch7", "60")]


def test_facts_carry_the_whole_taxonomy_terms_and_laws(draft, taxonomy):
    facts = facts_with_duties(draft, ["60.1"])
    assert facts.concepts.keys() == taxonomy.concepts.keys()
    assert [t.name for t in facts.terms] == ["数字经济", "数字技术", "数据", "公共管理和服务机构", "公共数据"]
    assert [(law.name, law.relation) for law in facts.laws] == [("《广州市信息化促进条例》", "REPEALS")]


def test_defined_terms_are_linked_where_used_but_not_inside_longer_labels(draft):
    facts = facts_with_duties(draft, ["60.1"])
    public_data = [m for m in facts.mentions if m.target_id == f"{draft.id}:term:公共数据"]
    assert {m.node_cite for m in public_data} >= {"69.1", "70.2", "77.2"}
    data_uses = [m for m in facts.mentions if m.target_id == f"{draft.id}:term:数据"]
    assert data_uses and all(draft.source[m.start - 1] != "大" for m in data_uses)
    definitions = {t.name: (t.start, t.end) for t in facts.terms}
    assert not [m for m in facts.mentions if m.target_id.endswith(":term:数字技术")
                and definitions["数字技术"][0] <= m.start < definitions["数字技术"][1]]


def test_linking_is_deterministic(draft):
    first = facts_with_duties(draft, ["60.1", "92.2", "14.1"]).to_dict()
    second = facts_with_duties(draft, ["60.1", "92.2", "14.1"]).to_dict()
    assert first == second


def test_linking_a_small_text_without_duties():
    doc = parse_text("第一条 推进数据中心和车联网建设。\n第二条 本条例所称车联网，是指车辆联网。", "t")
    facts = Facts(doc.id)
    link_concepts(doc, facts)
    assert [(m.node_cite, m.target_id) for m in facts.mentions if m.target_id.startswith("concept:")] == [
        ("1.1", "concept:data-centre"), ("1.1", "concept:internet-of-vehicles"),
        ("2.1", "concept:internet-of-vehicles")]
    assert [(m.node_cite, m.surface) for m in facts.mentions if m.target_id == "t:term:车联网"] == [("1.1", "车联网")]


def test_pipeline_duties_concerning_data_centres(draft, taxonomy):
    from regkg.loaders.pipeline import extract_facts

    facts = extract_facts(draft)
    assert concerning(facts, taxonomy, "数据中心") == ["60.1", "60.2", "81.4", "92.2"]
    assert concerning(facts, taxonomy, "data centres") == ["60.1", "60.2", "81.4", "92.2"]
    assert concerning(facts, taxonomy, "算力基础设施") == ["56.1", "60.1", "60.2", "60.3", "81.4", "92.2"]


# -- general regulatory vocabulary ----------------------------------------------------------------------
def test_data_law_sentence_links_the_new_concepts_with_exact_offsets():
    text = "国家对重要数据和核心数据实行更加严格的管理，敏感个人信息包括生物识别、行踪轨迹等信息。"
    found = find_concepts(text)
    assert [(m.surface, m.target) for m in found] == [
        ("重要数据", "concept:important-data"), ("核心数据", "concept:core-data"),
        ("敏感个人信息", "concept:sensitive-personal-information"), ("生物识别", "concept:biometric-information"),
        ("行踪轨迹", "concept:location-information")]
    for m in found:
        assert text[m.start:m.end] == m.surface
    assert found[1].start == text.index("核心数据")


def test_short_new_labels_do_not_match_inside_other_words():
    assert _ids("在上海运营的企业应当加强个人防护，集中试点开通航线，涉农机构坚持发展道路") == []
    assert _ids("用电信息采集系统和来电信息显示") == []  # 电信 inside 用电信息 / 来电信息 is a stop phrase
    assert _ids("加强政务网络安全") == ["concept:cybersecurity"]


def test_data_centre_keeps_labels_that_end_in_data_centre():
    """网络数据 / 工业数据 / 核心数据 are concepts, but 网络数据中心 etc. are data centres."""
    assert _ids("建设工业数据中心、网络数据中心和核心数据中心") == ["concept:data-centre"] * 3


def test_department_enumerations_stay_actors_for_the_new_sectors():
    assert _ids("交通运输、电力、市场监督管理、邮政等部门应当加强协作") == []


def test_transport_duties_include_intelligent_transport_through_the_new_link(all_paragraph_facts, taxonomy):
    cites = concerning(all_paragraph_facts, taxonomy, "transport")
    assert {"61.1", "61.2"} <= set(cites)
    assert "58.1" in cites  # 智能交通 / 车联网 paragraphs come in through intelligent-transport → transport


def test_department_list_with_a_word_holding_ying_is_still_a_department_name():
    from regkg.loaders.concepts import is_department_name

    text = "市人民政府应当会同交通运输、应急管理等部门制定方案"
    assert is_department_name(text, text.index("交通运输") + len("交通运输"))
    text = "推进交通运输发展，应当加强部门协作"
    assert not is_department_name(text, text.index("交通运输") + len("交通运输"))
