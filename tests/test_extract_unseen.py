"""Drafting seen on regulations regkg was not written against: national laws, other cities (issue 13).

Every sentence here is made up for the test (the rule, not one regulation's wording, is under test).
"""

from __future__ import annotations

from regkg.loaders.extract import extract_duties
from regkg.loaders.facts import Duty, Facts
from regkg.loaders.parse import parse_text


def synthetic(*paragraphs: str) -> Facts:
    body = "\n".join(paragraphs)
    return extract_duties(parse_text(f"示例法\n第一条 {body}\n", "example"))


def bearers(facts: Facts, duty: Duty) -> list[tuple[str, str]]:
    return [(facts.actors[r.actor_id].name, r.level) for r in duty.bearers]


def targets(facts: Facts, duty: Duty) -> list[str]:
    return [facts.actors[r.actor_id].name for r in duty.targets]


def test_national_levels_are_levels_and_the_state_council_owns_its_departments():
    facts = synthetic("国家网信部门应当会同国务院有关部门制定标准。国务院有关部门可以委托专业机构开展评估。")
    first, second = facts.duties
    assert bearers(facts, first) == [("网信部门", "国家")]
    assert [(facts.actors[r.actor_id].name, r.level) for r in first.partners] == [("有关部门", "国务院")]
    assert bearers(facts, second) == [("有关部门", "国务院")]
    facts = synthetic("省级以上人民政府应当建立协调机制。中央网信部门负责统筹协调。")
    assert [bearers(facts, d) for d in facts.duties] == [[("省级以上人民政府", "省级以上")], [("网信部门", "中央")]]


def test_state_security_and_state_organs_are_not_levels():
    facts = synthetic("国家机关应当依法履行职责。国家安全机关可以依法调取数据。")
    assert [bearers(facts, d) for d in facts.duties] == [[("国家机关", "")], [("国家安全机关", "")]]


def test_the_republic_as_a_bearer_but_not_a_place():
    facts = synthetic("中华人民共和国可以根据对等原则采取措施。中华人民共和国境外的服务提供者应当指定代表。")
    first, second = facts.duties
    assert bearers(facts, first) == [("中华人民共和国", "")]
    assert ("中华人民共和国", "") not in bearers(facts, second)


def test_fang_ke_is_a_permission():
    facts = synthetic("取得书面同意后，服务提供者方可公开其信息。")
    assert [(d.modality, d.trigger) for d in facts.duties] == [("permission", "可")]
    assert bearers(facts, facts.duties[0]) == [("服务提供者", "")]


def test_a_later_clause_with_a_de_is_still_the_subjects_duty():
    facts = synthetic("网络运营者为履行安全义务处理数据，应当依照规定的程序进行，不得超出必要的范围。")
    assert [(d.modality, bearers(facts, d)) for d in facts.duties] == [
        ("obligation", [("网络运营者", "")]), ("prohibition", [("网络运营者", "")])]
    facts = synthetic("网络运营者在收集数据前，应当以清晰易懂的语言向用户告知下列事项：")
    assert [(d.modality, bearers(facts, d)) for d in facts.duties] == [("obligation", [("网络运营者", "")])]


def test_a_noun_phrase_opening_the_sentence_is_still_not_a_duty():
    facts = synthetic("依法不得公开的数据，应当按照规定管理。")
    assert [(d.trigger, bearers(facts, d)) for d in facts.duties] == [("应当", [])]


def test_bodies_named_by_what_they_are():
    facts = synthetic("数据交易平台应当建立交易规则。政府引导基金可以投资初创企业。")
    assert [bearers(facts, d) for d in facts.duties] == [[("数据交易平台", "")], [("政府引导基金", "")]]
    facts = synthetic("接收方应当按照约定处理数据。受托方不得转委托。")
    assert [bearers(facts, d) for d in facts.duties] == [[("接收方", "")], [("受托方", "")]]


def test_platform_operators_stay_operators():
    facts = synthetic("互联网平台经营者应当公示规则。")
    assert bearers(facts, facts.duties[0]) == [("互联网平台经营者", "")]


def test_relative_clause_parties_keep_their_clause():
    facts = synthetic("收到申诉、咨询的机构应当及时答复。受理委托加工数据的受托人不得留存数据。")
    assert [bearers(facts, d) for d in facts.duties] == [
        [("收到申诉、咨询的机构", "")], [("受理委托加工数据的受托人", "")]]
    facts = synthetic("核心数据的处理者应当每年开展评估。")
    assert bearers(facts, facts.duties[0]) == [("核心数据的处理者", "")]


def test_a_relative_clause_over_a_pair_is_one_party():
    facts = synthetic("提供在线支付服务的组织或者个人应当核验身份。经营网约车业务的单位和个人不得泄露行程。")
    assert [bearers(facts, d) for d in facts.duties] == [
        [("提供在线支付服务的组织或者个人", "")], [("经营网约车业务的单位和个人", "")]]
    facts = synthetic("任何组织、个人不得窃取数据。")
    assert bearers(facts, facts.duties[0]) == [("任何组织", ""), ("个人", "")]


def test_a_standalone_word_opening_a_longer_body():
    facts = synthetic("消费者权益保护委员会可以依法提起诉讼。")
    assert bearers(facts, facts.duties[0]) == [("消费者权益保护委员会", "")]


def test_the_subject_of_a_later_condition_clause():
    facts = synthetic("处理数据造成损害，网络运营者不能证明自己没有过错的，应当承担赔偿责任。")
    assert bearers(facts, facts.duties[0]) == [("网络运营者", "")]


def test_a_scope_phrase_between_subject_and_trigger():
    facts = synthetic("国务院有关部门依照本法的规定，在各自职责范围内负责监督管理工作。")
    assert bearers(facts, facts.duties[0]) == [("有关部门", "国务院")]
    facts = synthetic("区经济和信息化主管部门按照职责分工，具体负责本区的推进工作。")
    assert bearers(facts, facts.duties[0]) == [("经济和信息化部门", "区")]
    facts = synthetic("市发展改革、公安等部门以及市网信部门在各自职责范围内，负责数据安全监督管理工作。")
    assert [n for n, _ in bearers(facts, facts.duties[0])] == ["发展改革部门", "公安部门", "网信部门"]


def test_items_with_their_own_trigger_are_duties_of_the_lead_in_subject():
    facts = synthetic("网络数据处理者应当遵守下列规定：\n（一）不得泄露数据；\n（二）应当采取保护措施；\n"
                      "（三）定期开展风险评估；\n（四）备份数据应当加密。")
    got = [(d.citation.cite, d.modality, bearers(facts, d)) for d in facts.duties]
    assert got[:3] == [("1.1", "obligation", [("网络数据处理者", "")]),
                       ("1.1(1)", "prohibition", [("网络数据处理者", "")]),
                       ("1.1(2)", "obligation", [("网络数据处理者", "")])]
    assert ("1.1(4)", "obligation", []) in got  # a thing as the item's own subject: no bearer invented


def test_an_exception_clause_is_not_a_duty():
    facts = synthetic("网络运营者应当告知用户，依照本法规定可以不告知的除外。")
    assert [d.trigger for d in facts.duties] == ["应当"]


def test_every_level_government_and_each_district():
    facts = synthetic("各级人民政府应当加强领导。各区人民政府可以建设分中心。")
    assert [bearers(facts, d) for d in facts.duties] == [[("各级人民政府", "")], [("区人民政府", "区")]]


def test_other_bodies_defined_by_a_clause_keep_other():
    facts = synthetic("市网信部门以及其他承担监督职责的部门应当保守秘密。")
    assert bearers(facts, facts.duties[0]) == [("网信部门", "市"), ("其他承担监督职责的部门", "")]


def test_vague_cores_keep_their_modifier_for_departments_only():
    facts = synthetic("相关行业主管部门应当加强指导。相关行业组织应当加强自律。")
    assert [bearers(facts, d) for d in facts.duties] == [[("相关行业部门", "")], [("行业组织", "")]]


def test_places_before_an_operator_summary_take_only_the_role():
    facts = synthetic("机场、车站等公共服务场所经营者应当提供无线网络。教育、供水等公共企事业单位应当公开信息。")
    first, second = facts.duties
    assert [n for n, _ in bearers(facts, first)] == ["机场经营者", "车站经营者"]
    assert [n for n, _ in bearers(facts, second)] == ["教育公共企事业单位", "供水公共企事业单位"]


def test_but_not_after_a_permission_is_its_own_prohibition():
    facts = synthetic("数据处理者可以留存证据，但是不得超过必要期限。")
    assert [(d.modality, bearers(facts, d)) for d in facts.duties] == [
        ("permission", [("数据处理者", "")]), ("prohibition", [("数据处理者", "")])]


def test_a_cooperating_verb_is_not_a_body():
    facts = synthetic("服务提供商应当建立投诉机制，配合政府有关部门的管理活动，但不得妨碍正常交易。")
    assert all(bearers(facts, d) == [("服务提供商", "")] for d in facts.duties)


def test_a_body_established_in_the_clause_before_bears_the_duty():
    facts = synthetic("市人民政府设立市数据工作委员会，负责协调重大事项。")
    assert bearers(facts, facts.duties[0]) == [("数据工作委员会", "市")]


def test_owners_of_the_subject_are_not_its_bearers():
    facts = synthetic("国家机关、公共场馆等所属建筑物，应当向通信设施开放。")
    assert [bearers(facts, d) for d in facts.duties] == [[]]


def test_a_list_of_principles_is_not_a_responsibility():
    facts = synthetic("数据安全管理遵循政府监管、责任主体负责、综合防范的原则。")
    assert facts.duties == []


def test_the_body_of_the_condition_right_before_the_trigger():
    facts = synthetic("消费者组织提起公益诉讼，人民检察院认为有必要的，可以支持起诉。")
    assert bearers(facts, facts.duties[0]) == [("人民检察院", "")]


def test_an_assignment_to_a_party_with_its_clause_and_more_assignment_verbs():
    facts = synthetic("数据处理者因合并发生变更的，由变更后的数据处理者继续落实安全责任。",
                      "具体工作由市大数据主管部门统筹。")
    assert [bearers(facts, d) for d in facts.duties] == [[("变更后的数据处理者", "")], [("大数据部门", "市")]]


def test_a_but_sentence_continues_the_subject_of_the_sentence_before():
    facts = synthetic("自然人、法人对其数据产品享有财产权益。但是，不得损害公共利益。")
    assert [bearers(facts, d) for d in facts.duties] == [[("自然人", ""), ("法人", "")]]


def test_a_number_or_bare_adjective_is_no_defining_clause():
    facts = synthetic("两个以上的数据处理者共同处理数据的，应当约定各自的义务。",
                      "数据处理者发生变更的，由新的数据处理者承担责任。")
    assert [bearers(facts, d) for d in facts.duties] == [[("数据处理者", "")], [("数据处理者", "")]]


def test_their_party_and_a_pointer_clause():
    facts = synthetic("用户死亡的，其近亲属可以查阅相关信息。")
    assert bearers(facts, facts.duties[0]) == [("近亲属", "")]
    facts = synthetic("本法第三条规定的境外的数据处理者，应当设立专门机构。")
    assert bearers(facts, facts.duties[0]) == [("境外的数据处理者", "")]


def test_the_state_encourages_named_parties():
    facts = synthetic("国家鼓励行业组织制定行为准则。")
    duty = facts.duties[0]
    assert (duty.modality, bearers(facts, duty), targets(facts, duty)) == (
        "encouragement", [("国家", "")], ["行业组织"])
    assert facts.actors[duty.bearers[0].actor_id].name_en == "the State"


def test_items_under_a_lead_in_without_a_trigger_take_its_body_and_partners():
    facts = synthetic("国家网信部门统筹协调有关部门推进下列工作：\n（一）制定保护规则；\n"
                      "（二）推进服务体系建设，支持专业机构开展评估服务。")
    (duty,) = facts.duties
    assert duty.citation.cite == "1.1(2)" and duty.modality == "encouragement"
    assert bearers(facts, duty) == [("网信部门", "国家")]
    assert [facts.actors[r.actor_id].name for r in duty.partners] == ["有关部门"]
    assert targets(facts, duty) == ["专业机构"]


def test_taking_on_a_responsibility_is_an_assignment():
    facts = synthetic("市公安、国家安全机关在各自职责范围内承担数据安全监管职责。")
    assert [n for n, _ in bearers(facts, facts.duties[0])] == ["公安机关", "国家安全机关"]
    facts = synthetic("各数据处理者承担安全责任。")
    assert bearers(facts, facts.duties[0]) == [("数据处理者", "")]


def test_taking_on_costs_or_a_setting_clause_is_not():
    assert synthetic("申请人承担检测费用。").duties == []
    facts = synthetic("监管部门履行保护职责，可以采取下列措施：")
    assert [(d.trigger, d.modality) for d in facts.duties] == [("可以", "permission")]


def test_national_every_region_and_department():
    facts = synthetic("各地区、各部门应当对本地区、本部门收集的数据负责。")
    assert bearers(facts, facts.duties[0]) == [("各地区", ""), ("各部门", "")]
    facts = synthetic("国家支持贫困地区发展数字产业。")
    assert all(facts.actors[r.actor_id].name != "贫困地区" for d in facts.duties for r in d.targets)


def test_a_district_named_by_its_proper_name():
    facts = synthetic("南沙区应当建设数据中心。风景区经营者应当提供服务。")
    assert [bearers(facts, d) for d in facts.duties] == [[("南沙区", "")], [("风景区经营者", "")]]


def test_incubators_meetings_and_federations():
    facts = synthetic("政府投资开发的孵化载体应当安排场地。全体成员会议可以决定重大事项。",
                      "市工商联、市残疾人联合会和市慈善总会应当参与。")
    assert [bearers(facts, d) for d in facts.duties] == [
        [("政府投资开发的孵化载体", "")], [("全体成员会议", "")],
        [("工商联", "市"), ("残疾人联合会", "市"), ("慈善总会", "市")]]


def test_media_lists_are_expanded():
    facts = synthetic("广播、电视、报刊等新闻媒体应当开展公益宣传。")
    assert [n for n, _ in bearers(facts, facts.duties[0])] == ["广播新闻媒体", "电视新闻媒体", "报刊新闻媒体"]


def test_a_function_stated_without_a_modal_is_an_obligation():
    facts = synthetic("市信息化主管部门会同有关部门，组织编制本市信息化发展规划。",
                      "市和区、县财政、审计等部门对资金使用情况进行监督检查。")
    first, second = facts.duties
    assert (first.trigger, bearers(facts, first)) == ("组织编制", [("信息化部门", "市")])
    assert second.trigger == "进行监督检查"
    assert ("财政部门", "区") in bearers(facts, second) and ("审计部门", "市") in bearers(facts, second)


def test_a_function_word_inside_a_body_name_is_not_one():
    facts = synthetic("自然人、法人和非法人组织开展数据处理活动，应当遵守法律。")
    assert [(d.trigger, [n for n, _ in bearers(facts, d)]) for d in facts.duties] == [
        ("应当", ["自然人", "法人", "非法人组织"])]


def test_other_is_kept_as_written():
    facts = synthetic("民政部门和其他有关部门应当加强监督。网信部门以及其他数据监管部门应当保守秘密。")
    assert [bearers(facts, d) for d in facts.duties] == [
        [("民政部门", ""), ("其他有关部门", "")], [("网信部门", ""), ("其他数据监管部门", "")]]


def test_a_function_after_a_manner_phrase_and_owned_departments_take_the_owners_levels():
    facts = synthetic("区、县信息化主管部门会同有关部门，结合本区实际情况组织编制本区规划。")
    assert bearers(facts, facts.duties[0]) == [("信息化部门", "区"), ("信息化部门", "县")]
    facts = synthetic("市和区、县人民政府的相关行业主管部门应当组织检查。")
    assert sorted(bearers(facts, facts.duties[0])) == [("相关行业部门", "区"), ("相关行业部门", "县"),
                                                       ("相关行业部门", "市")]


def test_media_outlets_listed_before_a_trigger_are_bearers_but_things_are_not():
    facts = synthetic("广播、电视、报刊、网站等应当开展宣传。数据、算法等应当安全可控。")
    assert [bearers(facts, d) for d in facts.duties] == [
        [("广播", ""), ("电视", ""), ("报刊", ""), ("网站", "")], []]


def test_liability_of_the_persons_a_penalty_clause_names():
    facts = synthetic("情节严重的，由有权机关对直接负责的主管人员和其他直接责任人员依法给予处分。")
    (duty,) = facts.duties
    assert duty.modality == "liability"
    assert bearers(facts, duty) == [("直接负责的主管人员", ""), ("其他直接责任人员", "")]


def test_a_defined_name_wins_over_its_shape():
    facts = synthetic("本市设立负责数据工作的部门（以下简称省级责任部门）。省级责任部门应当编制目录。")
    assert [bearers(facts, d) for d in facts.duties] == [[("省级责任部门", "")]]


def test_an_association_and_organisations_share_their_field():
    facts = synthetic("行业协会和组织应当加强自律。市场监管部门和单位应当配合。")
    assert [bearers(facts, d) for d in facts.duties] == [[("行业协会", ""), ("行业组织", "")],
                                                          [("市场监管部门", "")]]


def test_an_activity_subject_gives_an_empty_bearer_not_an_invented_one():
    facts = synthetic("网络运营者应当保存日志。",
                      "开展数据处理活动，应当遵守法律。利用互联网等信息网络开展数据处理活动，不得危害国家安全。")
    assert [(d.citation.cite, d.modality, bearers(facts, d)) for d in facts.duties] == [
        ("1.1", "obligation", [("网络运营者", "")]), ("1.2", "obligation", []), ("1.2", "prohibition", [])]


def test_an_operator_summary_of_fields_keeps_its_core():
    facts = synthetic("通信、互联网等业务经营者不得订立排他性协议。")
    assert [n for n, _ in bearers(facts, facts.duties[0])] == ["通信业务经营者", "互联网业务经营者"]


def test_reporting_to_a_government_is_no_government():
    facts = synthetic("省经济和信息化主管部门会同省有关部门编制规划，报省人民政府批准后组织实施。")
    assert all(n != "报省人民政府" for d in facts.duties for n, _ in bearers(facts, d))
    assert bearers(facts, facts.duties[-1]) == [("经济和信息化部门", "省")]


def test_a_governments_own_departments_listed_after_it():
    """<level>(地方)人民政府 + an enumeration of fields + 等部门: the departments bear the duty, at the level."""
    facts = synthetic("县级以上地方人民政府教育、民政、财政等部门负责本行政区域内的相关工作。",
                      "设区的市人民政府交通运输（港口）、水利等部门应当加强监督。")
    first, second = facts.duties
    assert bearers(facts, first) == [("教育部门", "县级以上"), ("民政部门", "县级以上"), ("财政部门", "县级以上")]
    assert bearers(facts, second) == [("交通运输（港口）部门", "设区的市"), ("水利部门", "设区的市")]


def test_residents_users_and_households_are_parties():
    facts = synthetic("村民委员会应当组织村民议事。用电户不得擅自改变用电类别。业主应当配合。"
                      "所在地乡镇人民政府应当予以指导。承租人不得擅自转租。")
    assert [bearers(facts, d) for d in facts.duties] == [
        [("村民委员会", "")], [("用电户", "")], [("业主", "")], [("乡镇人民政府", "乡镇")], [("承租人", "")]]


def test_liability_of_the_party_named_after_the_rule_broken():
    """违反本条例第X条规定，<party>…的，由<body>责令…: the party in the second clause is liable; a bare 主管部门
    after 由 is still an enforcer."""
    facts = synthetic("违反本条例第三条规定，经营者未按照规定公示价格的，由主管部门责令改正，可以处一千元以下罚款。")
    first = facts.duties[0]
    assert first.modality == "liability"
    assert bearers(facts, first) == [("经营者", "")]


def test_a_modal_handing_the_act_to_a_body_after_you():
    """<thing>可以/应当由<body><verb>: the body does what the modal says."""
    facts = synthetic("闲置校舍可以由乡镇人民政府统筹使用；具体标准应当由省人民政府另行规定。")
    assert [(d.modality, bearers(facts, d)) for d in facts.duties] == [
        ("permission", [("乡镇人民政府", "乡镇")]), ("obligation", [("省人民政府", "省")])]


def test_the_unit_building_or_running_a_thing_keeps_the_thing():
    facts = synthetic("公共停车场的运营单位应当公示收费标准。承担工程施工的施工单位应当落实安全措施。")
    assert [bearers(facts, d) for d in facts.duties] == [[("公共停车场的运营单位", "")], [("施工单位", "")]]
