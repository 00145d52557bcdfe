"""Persons and roles the lexicon does not list (…人, …者, …户, …长, …社) behave as bodies ending in 单位/部门 do:
as the subject of a condition (X…的，可以), of a penalty clause (X违反…的，由…), with a defining "…的" (X的开办者);
the longest party name wins over a dictionary word inside it; a level written with 级 stays as written; a clause
opening with 发现/接到 keeps the sentence's subject; a reward (给予表彰) is no penalty; X进行监督检查，可以… is
the occasion of the permission, not a duty of its own. Made-up sentences, not the reviewers' texts."""

from __future__ import annotations

from regkg.loaders.extract import extract_duties
from regkg.loaders.facts import Duty, Facts
from regkg.loaders.parse import parse_text


def synthetic(*paragraphs: str) -> Facts:
    numbered = "\n".join(f"第{n}条 {p}" for n, p in zip("一二三四五六七八九", paragraphs, strict=False))
    return extract_duties(parse_text(f"示例规定\n{numbered}\n", "example"))


def bearers(facts: Facts, duty: Duty) -> list[tuple[str, str]]:
    return [(facts.actors[r.actor_id].name, r.level) for r in duty.bearers]


def table(facts: Facts) -> list[tuple[str, str, list[tuple[str, str]]]]:
    return [(d.citation.cite, d.modality, bearers(facts, d)) for d in facts.duties]


def test_a_person_opening_a_condition_bears_the_modal_after_it():
    facts = synthetic("租车人不再使用车辆的，可以将车辆交还租赁网点。",
                      "承运人在运输途中发现货物损坏的，应当及时通知托运人。")
    assert table(facts) == [("1.1", "permission", [("租车人", "")]), ("2.1", "obligation", [("承运人", "")])]


def test_a_person_breaking_a_rule_bears_the_liability():
    facts = synthetic("经营户违反本规定第五条规定，未保持摊位整洁的，由城市管理部门责令改正。",
                      "驾驶人违反本规定的，由公安机关交通管理部门责令改正。")
    assert table(facts) == [("1.1", "liability", [("经营户", "")]), ("2.1", "liability", [("驾驶人", "")])]


def test_a_noun_without_a_party_head_is_not_made_a_party():
    facts = synthetic("摊贩违反本规定第五条规定，未保持摊位整洁的，由城市管理部门责令改正。")
    assert table(facts) == [("1.1", "liability", [])]


def test_a_role_keeps_the_thing_it_holds():
    facts = synthetic("农贸市场的经办者应当公示收费标准。", "停车场的管理人员可以拒绝车辆进入。")
    assert table(facts) == [("1.1", "obligation", [("农贸市场的经办者", "")]),
                            ("2.1", "permission", [("停车场的管理人员", "")])]


def test_the_longest_party_name_wins_over_a_word_inside_it():
    facts = synthetic("种植企业和农民用水合作社应当建立用水台账。", "旅行社违反本规定的，由文化和旅游部门责令改正。")
    assert table(facts) == [("1.1", "obligation", [("种植企业", ""), ("农民用水合作社", "")]),
                            ("2.1", "liability", [("旅行社", "")])]


def test_a_longer_name_swallows_neither_a_second_member_nor_a_modal():
    facts = synthetic("市场监管部门和单位应当配合。", "个人信息处理者方可处理敏感个人信息。")
    assert table(facts) == [("1.1", "obligation", [("市场监管部门", "")]),
                            ("2.1", "permission", [("个人信息处理者", "")])]


def test_office_holders_named_with_zhang_are_roles():
    facts = synthetic("总林长负责本行政区域林长制工作。", "湖长负责组织领导相应湖泊的保护工作。")
    assert table(facts) == [("1.1", "obligation", [("总林长", "")]), ("2.1", "obligation", [("湖长", "")])]


def test_zhang_of_a_verb_or_a_quality_is_no_role():
    facts = synthetic("审批期限延长不得超过十日。", "本规定所称河长制，是指由各级党政负责同志担任河长的制度。")
    assert table(facts) == [("1.1", "prohibition", [])]


def test_a_level_written_with_ji_stays_as_written():
    facts = synthetic("设区的市级人民政府交通运输部门应当作出决定。", "县级林长应当组织巡查。")
    assert table(facts) == [("1.1", "obligation", [("交通运输部门", "设区的市级")]),
                            ("2.1", "obligation", [("林长", "县级")])]


def test_a_clause_opening_with_finding_keeps_the_subject():
    facts = synthetic("乡级林长应当组织巡查，发现问题应当及时处理；不能处理的，应当及时报告上一级林长。",
                      "检查人员应当出示证件，建设单位应当予以配合。")
    assert table(facts) == [("1.1", "obligation", [("林长", "乡级")])] * 3 + [
        ("2.1", "obligation", [("检查人员", "")]), ("2.1", "obligation", [("建设单位", "")])]


def test_a_reward_is_no_liability_but_a_warning_is():
    facts = synthetic("对在保护工作中做出显著成绩的单位和个人，由县级以上人民政府给予表彰和奖励。",
                      "经营户违反本规定的，由公安机关给予警告。")
    assert [d for d in table(facts) if d[1] == "liability"] == [("2.1", "liability", [("经营户", "")])]


def test_an_inspection_before_a_permission_is_its_occasion_not_a_duty():
    facts = synthetic("市交通运输部门依法进行监督检查，可以查阅有关资料。", "市交通运输部门对道路运输进行监督检查。")
    assert table(facts) == [("1.1", "permission", [("交通运输部门", "市")]),
                            ("2.1", "obligation", [("交通运输部门", "市")])]


def test_the_person_in_charge_of_a_unit_keeps_the_unit_but_a_department_owner_does_not():
    facts = synthetic("仓储经营企业的主要负责人对本企业的安全工作全面负责。",
                      "市人民政府的有关部门应当配合。")
    assert table(facts) == [("1.1", "obligation", [("仓储经营企业的主要负责人", "")]),
                            ("2.1", "obligation", [("有关部门", "市")])]
