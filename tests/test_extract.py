"""Duty extraction on the real corpus: specific duties, bearers, partners, targets, modalities, citations."""

from __future__ import annotations

import pytest

from regkg.loaders.extract import extract_duties, extract_with_trace
from regkg.loaders.facts import ACTOR_KINDS, MODALITIES, Duty, Facts
from regkg.loaders.parse import parse_text


@pytest.fixture(scope="module")
def draft_facts(draft) -> Facts:
    return extract_duties(draft)


@pytest.fixture(scope="module")
def zhejiang(corpus_docs):
    doc = corpus_docs["zhejiang_digital_economy_2020.txt"]
    return doc, extract_duties(doc)


@pytest.fixture(scope="module")
def charity(corpus_docs):
    doc = corpus_docs["guangzhou_charity_promotion_2021.txt"]
    return doc, extract_duties(doc)


def duties_at(facts: Facts, cite: str) -> list[Duty]:
    return [d for d in facts.duties if d.citation.cite == cite]


def roles(facts: Facts, duty: Duty, kind: str = "bearers") -> list[tuple[str, str]]:
    return [(facts.actors[r.actor_id].name, r.level) for r in getattr(duty, kind)]


def test_22_2_bearers_and_target(draft_facts):
    (duty,) = duties_at(draft_facts, "22.2")
    assert duty.modality == "obligation" and duty.trigger == "应当"
    assert roles(draft_facts, duty) == [("市场监管部门", ""), ("公安机关", "")]
    assert ("平台经营者", "") in roles(draft_facts, duty, "targets")


def test_8_1_partners_follow_会同(draft_facts):
    (duty,) = duties_at(draft_facts, "8.1")
    assert roles(draft_facts, duty) == [("工业和信息化部门", "")]
    assert roles(draft_facts, duty, "partners") == [
        ("发展改革部门", ""), ("规划和自然资源部门", ""), ("科技部门", ""), ("政务服务数据管理部门", "")]


def test_shared_level_prefix_and_class_suffix(draft_facts):
    (duty,) = duties_at(draft_facts, "13.1")
    assert roles(draft_facts, duty) == [("市人民政府", "市"), ("区人民政府", "区"), ("发展改革部门", ""),
                                        ("科技部门", ""), ("工业和信息化部门", ""), ("市场监管部门", "")]
    (duty,) = duties_at(draft_facts, "60.1")
    assert roles(draft_facts, duty, "partners") == [("规划和自然资源部门", "市"), ("住房城乡建设部门", "市")]
    (duty,) = duties_at(draft_facts, "6.3")
    assert roles(draft_facts, duty) == [("有关部门", "区")]


def test_implicit_duty_continues_the_paragraph_before(draft_facts):
    (duty,) = duties_at(draft_facts, "15.2")
    (before,) = duties_at(draft_facts, "15.1")
    assert duty.implicit and duty.trigger == ""
    assert duty.modality == before.modality
    assert roles(draft_facts, duty) == roles(draft_facts, before)
    assert all(r.start == -1 for r in duty.bearers)  # the bearers are not written in 15.2


def test_encouragement_has_targets_and_no_bearer(draft_facts):
    (duty,) = duties_at(draft_facts, "14.3")
    assert duty.modality == "encouragement" and duty.trigger == "支持"
    assert duty.bearers == []
    assert roles(draft_facts, duty, "targets") == [("高等院校", ""), ("科研机构", ""), ("企业", "")]


def test_obligation_to_encourage_keeps_the_governments_as_bearers(draft_facts):
    (duty,) = duties_at(draft_facts, "7.1")
    assert duty.modality == "obligation"
    assert roles(draft_facts, duty) == [("市人民政府", "市"), ("区人民政府", "区")]
    assert ("个人", "") in roles(draft_facts, duty, "targets")
    assert ("组织", "") not in roles(draft_facts, duty, "targets")


def test_responsibility_assignments_and_liability(draft_facts):
    assert [(d.trigger, d.modality) for d in duties_at(draft_facts, "6.1")] == [("负责", "obligation")]
    assert [(d.trigger, d.modality) for d in duties_at(draft_facts, "6.2")] == [("做好", "obligation")]
    (assigned,) = duties_at(draft_facts, "70.4")
    assert (assigned.trigger, assigned.modality) == ("由", "obligation")
    assert roles(draft_facts, assigned) == [("市人民政府", "市")]
    (liability,) = duties_at(draft_facts, "95.1")
    assert (liability.trigger, liability.modality) == ("由", "liability")
    assert roles(draft_facts, liability) == [("有关部门", ""), ("工作人员", "")]


def test_triggers_inside_words_and_noun_phrases_are_not_duties(draft, draft_facts):
    _, trace = extract_with_trace(draft)
    words = {(t.cite, t.word): t for t in trace}
    assert words[("3.1", "应")].reason == "inside a word"  # 应用先导
    assert all(d.trigger != "应" or d.text[d.text.index("应") + 1] != "用" for d in draft_facts.duties)
    in_70_3 = [t for t in trace if t.cite == "70.3" and t.word == "不得"]
    assert in_70_3 and in_70_3[0].outcome == "skipped"  # …不得开放的公共数据，应当纳入…
    assert not any(d.trigger == "可" for d in draft_facts.duties)  # 可穿戴, 可靠, 可视化 …
    (first, second, third) = duties_at(draft_facts, "70.2")  # 应当…，不得…；…，X不得…
    assert (first.trigger, second.trigger, third.trigger) == ("应当", "不得", "不得")
    assert roles(draft_facts, second) == roles(draft_facts, third) == [("公共管理和服务机构", "")]


def test_non_actor_subject_gives_a_deliberately_empty_bearer(draft_facts):
    (duty,) = duties_at(draft_facts, "8.2")
    assert duty.bearers == [] and duty.text.startswith("数字经济发展规划应当")


def test_every_duty_is_verbatim_cited_and_well_formed(corpus_docs):
    for doc in corpus_docs.values():
        facts = extract_duties(doc)
        assert facts.duties
        ids = [d.id for d in facts.duties]
        assert len(ids) == len(set(ids))
        for duty in facts.duties:
            assert duty.text == doc.source[duty.start:duty.end]
            assert duty.modality in MODALITIES
            node = doc.find(duty.citation.cite)
            assert node.start <= duty.start <= duty.end <= node.end
            assert duty.citation.label == node.label
            assert duty.id.startswith(f"{doc.id}:{duty.citation.cite}#")
            for role in duty.bearers + duty.partners + duty.targets:
                assert role.actor_id in facts.actors
                if role.start >= 0:
                    assert doc.source[role.start:role.end]
        assert all(a.kind in ACTOR_KINDS and a.name_en for a in facts.actors.values())
        assert not facts.concepts and not facts.terms and not facts.laws


def test_duties_are_in_text_order(draft_facts):
    starts = [(d.citation.article, d.start) for d in draft_facts.duties]
    assert starts == sorted(starts)


def test_zhejiang_county_level_governments(zhejiang):
    _doc, facts = zhejiang
    (duty,) = duties_at(facts, "4.1")
    assert roles(facts, duty) == [("县级以上人民政府", "县级以上")]
    (duty,) = duties_at(facts, "12.1")
    assert roles(facts, duty) == [("县级以上人民政府", "县级以上"), ("有关部门", ""), ("通信管理机构", "省")]
    (duty,) = duties_at(facts, "5.1")
    assert (duty.trigger, roles(facts, duty)) == ("负责", [("经济和信息化部门", "省")])
    (duty,) = duties_at(facts, "39.1")
    assert roles(facts, duty) == [("省人民政府", "省"), ("设区的市人民政府", "设区的市")]
    assert facts.actors["actor:浙江省:县级以上人民政府"].kind == "government"


def test_zhejiang_assignment_with_partners_and_second_subject(zhejiang):
    _doc, facts = zhejiang
    (duty,) = duties_at(facts, "16.3")
    assert (duty.trigger, roles(facts, duty)) == ("由", [("住房城乡建设部门", "省")])
    assert roles(facts, duty, "partners") == [("通信管理机构", "省"), ("有关单位", "")]
    _first, second = duties_at(facts, "32.1")
    assert roles(facts, second) == [("国家机关", ""), ("企事业单位", ""), ("社会组织", "")]
    (duty,) = duties_at(facts, "60.1")
    assert (duty.modality, roles(facts, duty)) == ("liability", [("建设单位", "")])


def test_charity_items_with_their_own_subjects(charity):
    _doc, facts = charity
    (duty,) = duties_at(facts, "4.2(7)")
    assert duty.citation.item == 7 and duty.citation.paragraph == 2
    assert ("住房城乡建设部门", "") in roles(facts, duty) and ("市场监管部门", "") in roles(facts, duty)
    (duty,) = duties_at(facts, "4.1")[:1]
    assert roles(facts, duty) == [("民政部门", "市")]
    (duty,) = duties_at(facts, "4.3")
    assert roles(facts, duty) == [("镇人民政府", "镇"), ("街道办事处", "街道")]
    prohibitions = duties_at(facts, "33.1")
    assert roles(facts, prohibitions[0]) == [("发起人", ""), ("主要捐赠人", ""), ("管理人员", "")]


def test_actors_merge_variants_and_keep_what_was_written(draft_facts):
    actor = draft_facts.actors["actor:广州市:工业和信息化部门"]
    assert "工业和信息化主管部门" in actor.aliases and "工业与信息化部门" in actor.aliases
    assert actor.kind == "department" and "industry and information technology" in actor.name_en
    market = draft_facts.actors["actor:广州市:市场监管部门"]
    assert "市场监督管理部门" in market.aliases
    assert draft_facts.actors["actor:广州市:人民代表大会常务委员会"].kind == "legislature"
    assert draft_facts.actors["actor:广州市:中级人民法院"].kind == "judiciary"


def synthetic(paragraph: str) -> Facts:
    """Duties of a one-article regulation written for a test (not corpus text)."""
    return extract_duties(parse_text(f"示例条例\n第一条 {paragraph}\n", "example"))


def test_a_later_clause_with_another_modality_is_a_second_duty_of_the_subject():
    facts = synthetic("档案保管单位调阅、复制档案材料，应当登记备查，不得擅自对外公开，不得转借他人。")
    duties = duties_at(facts, "1.1")
    assert [(d.trigger, d.modality) for d in duties] == [("应当", "obligation"), ("不得", "prohibition")]
    assert all(roles(facts, d) == [("档案保管单位", "")] for d in duties)
    assert duties[1].text.startswith("档案保管单位") and duties[1].text.endswith("不得转借他人")


def test_liability_bearers_share_the_prefix_of_the_enumeration():
    facts = synthetic("县级以上人民政府有关部门、单位及其工作人员在档案管理中玩忽职守的，由有权机关责令改正。")
    (duty,) = duties_at(facts, "1.1")
    assert (duty.modality, duty.trigger) == ("liability", "由")
    assert roles(facts, duty) == [("有关部门", "县级以上"), ("有关单位", "县级以上"), ("工作人员", "")]


def test_liability_by_its_own_competent_department():
    facts = synthetic("检测机构、认证机构出具虚假报告的，由其主管部门予以警告，责令改正。")
    (duty,) = duties_at(facts, "1.1")
    assert (duty.modality, duty.trigger) == ("liability", "由")
    assert roles(facts, duty) == [("检测机构", ""), ("认证机构", "")]
    assert not duties_at(synthetic("实施方案由其主管部门另行规定。"), "1.1")  # too vague to assign a duty


def test_a_defined_name_is_the_actor_of_its_definition_and_of_later_subjects():
    doc = parse_text("示例条例\n第一条 承担粮食储备任务的单位（以下简称承储方）应当建立台账。\n"
                     "第二条 承储方不得擅自动用储备粮。\n第三条 储备粮轮换（以下简称轮换）应当公开。\n", "example")
    facts = extract_duties(doc)
    (first,) = duties_at(facts, "1.1")
    assert roles(facts, first) == [("承储方", "")] and first.text.startswith("承担粮食储备任务的单位")
    (second,) = duties_at(facts, "2.1")
    assert (second.modality, roles(facts, second)) == ("prohibition", [("承储方", "")])
    (third,) = duties_at(facts, "3.1")
    assert roles(facts, third) == []  # a defined name for something that is no body is no actor


@pytest.mark.parametrize("paragraph", [
    "经营者公示其依法应当办理的备案、登记事项。",          # modal + bare verb + 的 + noun: an object, not a duty
    "制定本机构可以公开的信息目录。",
    "协会承担下列工作：其他可以提升行业水平的工作。",        # 其他 + modal …的 + head noun
    "系统建设应当实现记录可查询、可追溯、可核验。",          # 可X、可Y: capabilities, not permissions
])
def test_modals_inside_noun_phrases_and_capability_lists_are_no_duties(paragraph):
    facts = synthetic(paragraph)
    assert all(d.modality != "permission" for d in facts.duties)
    assert all(d.trigger != "应当" or d.text.startswith("系统建设") for d in facts.duties)


def test_a_modal_before_a_verb_with_its_own_object_stays_a_duty():
    facts = synthetic("经营者应当建立相应的制度，有关部门可对违法行为进行查处。")
    assert [(d.trigger, d.modality) for d in duties_at(facts, "1.1")] == [("应当", "obligation"), ("可", "permission")]


@pytest.mark.parametrize(("paragraph", "expected"), [
    ("新建档案馆的，施工单位在报住房城乡建设部门备案前，应当提交设计图纸。", [("施工单位", "")]),
    ("档案保管单位确需销毁档案的，应当报档案部门批准。", [("档案保管单位", "")]),   # the condition's own subject
    ("档案部门的阅览系统，凡不宜对外开放的，必须单独管理。", [("档案部门", "")]),
])
def test_a_body_opening_a_clause_after_a_condition_is_the_subject(paragraph, expected):
    facts = synthetic(paragraph)
    (duty,) = duties_at(facts, "1.1")
    assert roles(facts, duty) == expected


def test_partners_after_a_scope_word_before_an_enumeration():
    facts = synthetic("档案计划由档案主管部门会同同级民政、卫生健康等相关部门制定。")
    (duty,) = duties_at(facts, "1.1")
    assert roles(facts, duty, "partners") == [("民政部门", ""), ("卫生健康部门", "")]


def test_a_partner_cue_sharing_its_object_with_verbs_before_it():
    facts = synthetic("档案主管部门应当制定应急预案，组织、协调有关单位做好档案抢救工作。")
    (duty,) = duties_at(facts, "1.1")
    assert roles(facts, duty, "partners") == [("有关单位", "")]
    facts = synthetic("档案主管部门应当制定应急预案，企业协调有关单位做好档案抢救工作。")
    assert roles(facts, duties_at(facts, "1.1")[0], "partners") == []  # the cue has its own subject


def test_由_inside_a_relative_clause_assigns_nothing():
    facts = synthetic("档案馆、由档案主管部门确定的组织可以接收捐赠，由档案主管部门负责制定的标准应当公开。")
    assert all(d.trigger != "由" for d in facts.duties)
    assert ("由", "obligation") in [(d.trigger, d.modality) for d in synthetic("标准由档案主管部门制定。").duties]


def test_由_with_指定_assigns_the_designation():
    (duty,) = duties_at(synthetic("牵头单位由市档案主管部门指定。"), "1.1")
    assert (duty.trigger, duty.modality) == ("由", "obligation")


def test_未经_opening_a_condition_is_no_subject():
    facts = synthetic("未经批准，任何单位不得擅自销毁档案。")
    (duty,) = duties_at(facts, "1.1")
    assert roles(facts, duty) == [("任何单位", "")]


def test_a_经_condition_before_the_subject_is_no_body():
    facts = synthetic("经批准的，档案部门可以公开档案。")
    (duty,) = duties_at(facts, "1.1")
    assert roles(facts, duty) == [("档案部门", "")]


def test_a_body_chosen_by_a_government_is_the_subject_at_its_level():
    facts = synthetic("区人民政府明确的档案主管部门，负责本区档案工作。")
    (duty,) = duties_at(facts, "1.1")
    assert roles(facts, duty) == [("档案部门", "区")]


def test_由_with_开展_assigns_the_activity_but_not_inside_a_relative_clause():
    (duty,) = duties_at(synthetic("档案征集由区档案主管部门根据需求统筹开展。"), "1.1")
    assert (duty.trigger, duty.modality) == ("由", "obligation")
    assert all(d.trigger != "由" for d in synthetic("由档案主管部门组织的培训应当公开。").duties)


def test_a_modal_punishing_a_party_after_a_violation_is_its_liability():
    facts = synthetic("违反本条例规定，有下列行为之一的，档案主管部门可以对责任单位给予通报批评。")
    (duty,) = duties_at(facts, "1.1")
    assert (duty.modality, roles(facts, duty)) == ("liability", [("责任单位", "")])
    facts = synthetic("档案主管部门可以对责任单位给予奖励。")
    assert [d.modality for d in duties_at(facts, "1.1")] == ["permission"]


def test_a_liability_basis_may_cite_several_laws():
    facts = synthetic("违反本条例规定的，由有关部门依照《档案法》、《保密法》等有关规定责令改正。")
    assert [(d.trigger, d.modality) for d in duties_at(facts, "1.1")] == [("由", "liability")]


def test_个人_before_a_kind_of_personal_data_is_no_actor():
    facts = synthetic("所收集的个人图像、身份识别信息，不得用于其他目的。")
    (duty,) = duties_at(facts, "1.1")
    assert (duty.trigger, duty.bearers) == ("不得", [])
