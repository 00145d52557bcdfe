"""Subjects regkg's lexicon does not list, and departments owned by a government in a list (issue 12).

Every sentence here is made up for the test (the rule, not one regulation's wording, is under test).
"""

from __future__ import annotations

import pytest

from regkg.loaders.actors import parse_actors
from regkg.loaders.extract import extract_duties
from regkg.loaders.facts import Duty, Facts
from regkg.loaders.parse import parse_text


def synthetic(*paragraphs: str) -> Facts:
    body = "\n".join(paragraphs)
    return extract_duties(parse_text(f"示例条例\n第一条 {body}\n", "example"))


def bearers(facts: Facts, duty: Duty) -> list[tuple[str, str]]:
    return [(facts.actors[r.actor_id].name, r.level) for r in duty.bearers]


def parsed(text: str) -> list[tuple[str, str]]:
    found = parse_actors(text, 0)
    assert found is not None, text
    return [(m.name, m.level) for m in found[0]]


@pytest.mark.parametrize(("sentence", "name", "modality"), [
    ("出租人应当如实告知房屋状况。", "出租人", "obligation"),
    ("快递派送员不得私自拆开包裹。", "快递派送员", "prohibition"),
    ("农业用水户应当计量用水。", "农业用水户", "obligation"),
    ("渔民可以在规定水域捕捞。", "渔民", "permission"),
    ("本市渔民应当遵守休渔期。", "渔民", "obligation"),
    ("共享单车运营方应当及时清理车辆。", "共享单车运营方", "obligation"),
    ("商户也应当明码标价。", "商户", "obligation"),
])
def test_a_party_the_lexicon_does_not_list_is_kept_as_written(sentence, name, modality):
    facts = synthetic(sentence)
    duty = facts.duties[0]
    assert duty.modality == modality
    assert bearers(facts, duty) == [(name, "")]


@pytest.mark.parametrize("sentence", [
    "依法登记的应当公示。",           # a condition, not a subject
    "对违规停放的车辆应当清理。",     # an object introduced by 对
    "在公共场所应当佩戴口罩。",       # a place adverbial
    "按照规定应当报送材料。",         # a manner adverbial
    "采取限制或者禁止出售等措施。",   # 或者 ends like a person word but is a conjunction
    "银行账户应当实名登记。",         # 账户 is a thing
])
def test_adverbials_objects_and_things_are_not_taken_for_parties(sentence):
    facts = synthetic(sentence)
    assert all(not d.bearers for d in facts.duties)


def test_a_body_running_on_into_a_second_head_is_one_body():
    facts = synthetic("河道整治组织实施机构应当公布方案。小区居民委员会应当协助开展调查。")
    assert [bearers(facts, d) for d in facts.duties] == [[("河道整治组织实施机构", "")], [("小区居民委员会", "")]]


@pytest.mark.parametrize(("text", "expected"), [
    ("县级以上人民政府交通运输、农业农村等部门应当",
     [("交通运输部门", "县级以上"), ("农业农村部门", "县级以上")]),
    ("设区的市人民政府教育、体育部门应当", [("教育部门", "设区的市"), ("体育部门", "设区的市")]),
    ("县级以上地方人民政府林业主管部门应当", [("林业部门", "县级以上")]),
    ("县级以上地方人民政府应当", [("县级以上地方人民政府", "县级以上")]),
    ("县级以上人民政府及其有关部门应当", [("县级以上人民政府", "县级以上"), ("有关部门", "")]),
    ("市人民政府文化旅游（文物）主管部门应当", [("文化旅游（文物）部门", "市")]),
    ("省、自治区、直辖市人民政府应当", [("省人民政府", "省"), ("自治区人民政府", "自治区"),
                                       ("直辖市人民政府", "直辖市")]),
    ("所在地乡镇人民政府应当", [("乡镇人民政府", "乡镇")]),
    ("公共停车场的产权单位应当", [("公共停车场的产权单位", "")]),
    ("港口设施的管理单位应当", [("港口设施的管理单位", "")]),
    ("政府采购的采购人应当", [("采购人", "")]),
    ("市、区人民政府应当", [("市人民政府", "市"), ("区人民政府", "区")]),
])
def test_governments_own_listed_departments_and_lists_share_the_government_class(text, expected):
    assert parsed(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("受检查的单位和人员应当", [("受检查的单位", ""), ("受检查的人员", "")]),
    ("从事数据交易的单位和个人应当", [("从事数据交易的单位和个人", "")]),
    ("消费者协会、快递派送员，应当", [("消费者协会", ""), ("快递派送员", "")]),
])
def test_a_clause_is_shared_by_bare_heads_and_a_listed_party_closes_its_clause(text, expected):
    assert parsed(text) == expected


def test_listed_unknown_parties_are_partners_and_guided_parties_are_targets():
    facts = synthetic("镇人民政府应当会同业主委员会、房屋出租人，建立巡查制度。",
                      "区交通运输部门负责指导、监督运输企业落实安全责任。")
    first, second = facts.duties
    assert [facts.actors[r.actor_id].name for r in first.partners] == ["业主委员会", "房屋出租人"]
    assert [facts.actors[r.actor_id].name for r in second.targets] == ["运输企业"]


def test_a_verb_after_an_unknown_party_in_a_list_keeps_it_out():
    assert parsed("公安机关、出租车驾驶员设置场所") == [("公安机关", "")]


# -- a level before an owning government covers its departments joined by 和/及/以及/、 (issue 13) ------------
@pytest.mark.parametrize(("text", "expected"), [
    ("县级以上地方人民政府林业主管部门和水行政主管部门按照职责分工，应当",
     [("林业部门", "县级以上"), ("水行政部门", "县级以上")]),
    ("设区的市人民政府文化旅游部门及体育部门应当", [("文化旅游部门", "设区的市"), ("体育部门", "设区的市")]),
    ("省人民政府交通运输主管部门以及其他承担港口管理职责的部门应当",
     [("交通运输部门", "省"), ("其他承担港口管理职责的部门", "省")]),
    ("县级以上人民政府民政、财政等部门和审计部门应当",
     [("民政部门", "县级以上"), ("财政部门", "县级以上"), ("审计部门", "县级以上")]),
    ("市人民政府商务部门、统计部门以及税务部门应当",
     [("商务部门", "市"), ("统计部门", "市"), ("税务部门", "市")]),
])
def test_a_department_joined_to_a_department_of_a_prefixed_government_takes_its_level(text, expected):
    assert parsed(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    # another government, or a body with its own level: never the first government's
    ("县级以上人民政府林业部门和乡镇人民政府应当", [("林业部门", "县级以上"), ("乡镇人民政府", "乡镇")]),
    ("省人民政府有关部门和设区的市人民政府应当", [("有关部门", "省"), ("设区的市人民政府", "设区的市")]),
    ("县级以上人民政府林业部门和区水务部门应当", [("林业部门", "县级以上"), ("水务部门", "区")]),
    # a party that is not a department: no level
    ("县级以上人民政府教育部门和学校应当", [("教育部门", "县级以上"), ("学校", "")]),
    ("县级以上人民政府体育部门和体育协会应当", [("体育部门", "县级以上"), ("体育协会", "")]),
    ("县级以上人民政府林业部门及其工作人员应当", [("林业部门", "县级以上"), ("工作人员", "")]),
    # no owning government (the level prefixes that department only), or the government itself listed first
    ("市林业部门和其他承担护林职责的部门应当", [("林业部门", "市"), ("其他承担护林职责的部门", "")]),
    ("县级以上人民政府及其林业部门应当", [("县级以上人民政府", "县级以上"), ("林业部门", "")]),
    ("区人民政府及文化旅游部门应当", [("区人民政府", "区"), ("文化旅游部门", "")]),
])
def test_a_level_before_a_government_is_not_lent_to_bodies_it_does_not_own(text, expected):
    assert parsed(text) == expected


def test_a_shared_government_level_reaches_duty_bearers_and_partners():
    facts = synthetic("县级以上地方人民政府林业主管部门和水行政主管部门应当会同省人民政府自然资源部门和气象部门，"
                      "建立联合巡查制度。")
    (duty,) = facts.duties
    assert bearers(facts, duty) == [("林业部门", "县级以上"), ("水行政部门", "县级以上")]
    assert [(facts.actors[r.actor_id].name, r.level) for r in duty.partners] == [("自然资源部门", "省"),
                                                                                 ("气象部门", "省")]
