"""Subject phrases → actors: enumeration grammar, levels, canonical names, kinds, English names."""

from __future__ import annotations

import pytest

from regkg.loaders.actors import english_name, kind_of, load_lexicon, parse_actors


def parsed(text: str) -> list[tuple[str, str]]:
    found = parse_actors(text, 0)
    assert found is not None, text
    return [(m.name, m.level) for m in found[0]]


@pytest.mark.parametrize(("text", "expected"), [
    ("市、区人民政府及发展改革、科技等部门应当", [("市人民政府", "市"), ("区人民政府", "区"),
                                    ("发展改革部门", ""), ("科技部门", "")]),
    ("市规划和自然资源、住房城乡建设等部门", [("规划和自然资源部门", "市"), ("住房城乡建设部门", "市")]),
    ("市、属地区人民政府应当", [("市人民政府", "市"), ("区人民政府", "区")]),
    ("市中级人民法院应当", [("中级人民法院", "市")]),
    ("宣传、文化广电旅游部门负责", [("宣传部门", ""), ("文化广电旅游部门", "")]),
    ("县级以上人民政府及其卫生健康、医疗保障等有关部门应当",
     [("县级以上人民政府", "县级以上"), ("卫生健康部门", ""), ("医疗保障部门", "")]),
    ("省经济和信息化主管部门负责", [("经济和信息化部门", "省")]),
    ("省公安机关、市场监督管理等部门应当", [("公安机关", "省"), ("市场监管部门", "省")]),
    ("重点排污单位等生产经营单位应当", [("重点排污单位", "")]),
    ("电信运营等企业拓展", [("电信运营企业", "")]),
    ("工会、共青团、妇联和红十字会等群团组织应当", [("工会", ""), ("共青团", ""), ("妇联", ""), ("红十字会", "")]),
    ("执法部门和镇人民政府、街道办事处应当", [("执法部门", ""), ("镇人民政府", "镇"), ("街道办事处", "街道")]),
    ("开展慈善活动的其他组织应当", [("开展慈善活动的其他组织", "")]),
    ("具有公开募捐资格的慈善组织开展公开募捐", [("慈善组织", "")]),
    ("市政府依据有关法律法规另行制定", [("市人民政府", "市")]),
    ("任何组织和个人不得", [("任何组织和个人", "")]),
    ("住房与建设等部门应当", [("住房城乡建设部门", "")]),
    ("人力资源和社会保障、民政部门应当", [("人力资源社会保障部门", ""), ("民政部门", "")]),
    ("区政务服务中心应当", [("政务服务中心", "区")]),
    ("商品交易所应当", [("商品交易所", "")]),
    ("滨海新区应当", [("滨海新区", "")]),
    ("被委托运营单位应当", [("被委托运营单位", "")]),
    ("市档案馆办公室、市档案中心、运营企业等单位应当",
     [("档案馆办公室", "市"), ("档案中心", "市"), ("运营企业", "")]),
    ("未经登记的单位，不得", [("未经登记的单位", "")]),
    ("经依法授权具有管理公共事务职能的组织应当", [("经依法授权具有管理公共事务职能的组织", "")]),
    ("在本省开展跨境贸易活动的自然人、法人和非法人组织，应当", [("自然人", ""), ("法人", ""), ("非法人组织", "")]),
])
def test_enumerations_expand_into_actors(text, expected):
    assert parsed(text) == expected


@pytest.mark.parametrize("text", ["数字经济发展规划应当", "未经通信管理部门竣工验收备案的项目不得",
                                  "设立慈善组织，应当", "确实无法联系到捐赠人的，应当", "市场化配置", "应用场景"])
def test_non_actor_phrases_are_not_actors(text):
    found = parse_actors(text, 0, text.find("，") if "，" in text else None)
    assert found is None or all(m.name not in ("市人民政府", "数字经济发展规划") for m in found[0])
    if text.startswith(("数字经济", "未经", "设立", "确实", "应用")):
        assert found is None


def test_market_is_not_a_level_prefix():
    assert parsed("市场监管部门应当") == [("市场监管部门", "")]
    assert parsed("市民政部门负责") == [("民政部门", "市")]


def test_offsets_point_at_each_member():
    text = "市、区人民政府及发展改革、科技等部门应当"
    mentions, end = parse_actors(text, 0)
    assert text[end:] == "应当"
    assert [text[m.start:m.end] for m in mentions] == ["市", "区人民政府", "发展改革", "科技"]
    assert [m.written for m in mentions] == ["市人民政府", "区人民政府", "发展改革部门", "科技部门"]


def test_kinds_and_english_names():
    assert kind_of("县级以上人民政府") == "government"
    assert kind_of("人民代表大会常务委员会") == "legislature"
    assert kind_of("平台经营者") == "enterprise"
    assert kind_of("公安机关") == "department"
    assert kind_of("老年人") == "public"
    assert english_name("市人民政府") == "municipal people's government"
    assert english_name("发展改革部门") == "development and reform department"
    assert english_name("港务单位")  # unknown cores fall back to pinyin, never empty
    assert not any("\u4e00" <= ch <= "\u9fff" for ch in english_name("港务单位"))


def test_lexicon_is_data_with_class_words_and_variants():
    lex = load_lexicon()
    class_words = {"部门", "人民政府", "机关", "机构", "委员会", "法院", "单位", "经营者", "企业", "组织", "个人"}
    assert class_words <= set(lex.classes)
    assert dict(lex.core_variants)["市场监督管理"] == "市场监管"
    assert lex.name_variants["市政府"] == "市人民政府"


@pytest.mark.parametrize(("text", "expected"), [
    ("经营餐饮服务的单位和个人应当", [("经营餐饮服务的单位和个人", "")]),  # one party, its clause kept (issue 13)
    ("单位和个人不得", [("单位和个人", "")]),
    ("教育、培训等单位和个人应当", [("教育单位", ""), ("培训单位", ""), ("个人", "")]),  # 等-summary: 个人 apart
    ("承担工程建设的建设单位应当", [("建设单位", "")]),
])
def test_unit_and_individual_pairs(text, expected):
    assert parsed(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("委托检验的委托人应当", [("委托人", "")]),            # a standalone role: the clause only describes it
    ("举办展会的组织者应当", [("举办展会的组织者", "")]),    # a relational role: whose organiser is part of it
    ("承接项目的其他机构应当", [("承接项目的其他机构", "")]),  # a bare class word names nobody on its own
])
def test_a_relative_clause_stays_in_the_name_only_when_the_head_needs_it(text, expected):
    assert parsed(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("审计机关、银行保险监管、外汇管理等有关机构应当",
     [("审计机关", ""), ("银行保险监管机构", ""), ("外汇管理机构", "")]),  # 等有关<class> shares its class word
    ("银行业金融机构应当", [("银行业金融机构", "")]),
    ("农村商业银行应当", [("农村商业银行", "")]),
])
def test_bank_opens_a_core_and_summaries_share_their_class(text, expected):
    assert parsed(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("县级以上人民政府有关部门、机构及其工作人员违反",
     [("有关部门", "县级以上"), ("有关机构", "县级以上"), ("工作人员", "")]),  # 县级以上人民政府有关 is shared
    ("镇有关部门、单位和个人应当", [("有关部门", "镇"), ("有关单位", "镇"), ("个人", "")]),
])
def test_a_shared_modifier_prefix_reaches_a_bare_class_word(text, expected):
    assert parsed(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("桥梁、隧道的所有者、管理者或者使用者应当",
     [("桥梁的所有者", ""), ("桥梁的管理者", ""), ("桥梁的使用者", ""),
      ("隧道的所有者", ""), ("隧道的管理者", ""), ("隧道的使用者", "")]),
    ("仓库的所有者和管理者应当", [("仓库的所有者", ""), ("仓库的管理者", "")]),
    ("开展培训活动的其他机构、个人应当", [("开展培训活动的其他机构", ""), ("个人", "")]),  # 个人 is no role of …
])
def test_possessors_before_的_distribute_over_relational_heads(text, expected):
    assert parsed(text) == expected
    assert all(name not in ("桥梁", "隧道") for name, _ in parsed(text))  # a member with no class word: no actor


@pytest.mark.parametrize(("text", "expected"), [
    ("行业协会、商会和其他组织应当", [("行业协会", ""), ("商会", ""), ("其他组织", "")]),  # 和其他: 其他 is a modifier
    ("自然人、法人及其他组织应当", [("自然人", ""), ("法人", ""), ("其他组织", "")]),  # 其他 kept on a bare class word
])
def test_other_organisations_after_a_conjunction(text, expected):
    assert parsed(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("省和市、县人民政府应当", [("省人民政府", "省"), ("市人民政府", "市"), ("县人民政府", "县")]),
    ("省和区县人民政府应当", [("省人民政府", "省"), ("区人民政府", "区"), ("县人民政府", "县")]),
    ("省或者市、县人民政府可以", [("省人民政府", "省"), ("市人民政府", "市"), ("县人民政府", "县")]),
    ("省和市、县交通运输主管部门负责",
     [("交通运输部门", "省"), ("交通运输部门", "市"), ("交通运输部门", "县")]),
])
def test_levels_joined_by_和_or_written_together_share_the_body(text, expected):
    assert parsed(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("省政府办公厅应当", [("政府办公厅", "省")]),           # the general office is its own body …
    ("县人民政府办公室负责", [("人民政府办公室", "县")]),
    ("省政府办理", [("省人民政府", "省")]),                  # … while 办理 after 政府 is a verb
    ("县政府应当", [("县人民政府", "县")]),                  # the whole-name variant still applies
])
def test_a_governments_general_office_is_not_the_government(text, expected):
    assert parsed(text) == expected


@pytest.mark.parametrize("text", ["要求经营者提供", "处理消费者个人信息", "明确本机构职责", "会同有关部门制定",
                                  "负责本行业单位", "督促平台经营者", "征得用户同意", "本部门应当", "本机构可以"])
def test_a_phrase_opening_with_a_verb_or_本_is_not_an_actor(text):
    assert parse_actors(text, 0) is None


@pytest.mark.parametrize(("text", "expected"), [
    ("处理者应当", [("处理者", "")]),                   # the class words themselves still open a body
    ("负责人应当", [("负责人", "")]),
    ("规章、规范性文件授权的组织应当", [("规章、规范性文件授权的组织", "")]),  # bare members belong to the clause
])
def test_verb_like_class_words_and_clauses_listing_sources(text, expected):
    assert parsed(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("各级人民政府有关部门以及人民法院、人民检察院应当", [("有关部门", ""), ("人民法院", ""), ("人民检察院", "")]),
    ("工会组织和其他社会团体应当", [("工会", ""), ("其他社会团体", "")]),  # a generic word after a name is the name's
    ("居民委员会、村民委员会和有关单位对老年人应当", [("居民委员会", ""), ("村民委员会", ""), ("有关单位", "")]),
])
def test_lists_keep_every_member(text, expected):
    assert parsed(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("本市国家机关应当", [("国家机关", "")]),
    ("本省各级国家机关应当", [("国家机关", "")]),
    ("本自治区各级人民政府有关部门应当", [("有关部门", "")]),
    ("本区卫生健康部门和本县教育部门应当", [("卫生健康部门", ""), ("教育部门", "")]),
])
def test_a_jurisdiction_word_before_a_body_is_neither_its_name_nor_its_level(text, expected):
    assert parsed(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("电子商务服务提供商应当", [("电子商务服务提供商", "")]),   # 提供商 is a class word like 服务商
    ("网络服务者应当", [("网络服务者", "")]),
    ("政务信息需求单位应当", [("政务信息需求单位", "")]),         # 需 inside the noun 需求 is no modal
])
def test_provider_class_words_and_nouns_holding_a_modal_character(text, expected):
    assert parsed(text) == expected


def test_a_modal_character_outside_a_listed_noun_still_ends_a_core():
    assert parse_actors("数据需要单位应当", 0) is None


@pytest.mark.parametrize(("text", "expected"), [
    ("文化、体育等公共服务单位应当", [("文化公共服务单位", ""), ("体育公共服务单位", "")]),
    ("旅游、交通等行政管理部门负责", [("旅游部门", ""), ("交通部门", "")]),   # a generic administrative core drops
    ("省林业、水利等行政主管部门应当", [("林业部门", "省"), ("水利部门", "省")]),
    ("绿化等城市设施管理部门应当", [("城市设施管理部门", "")]),              # a lone example keeps the summary
    ("文化、体育等部门应当", [("文化部门", ""), ("体育部门", "")]),
])
def test_a_summary_with_its_own_core_names_the_members_listed_before_it(text, expected):
    assert parsed(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("市和区、县文化、体育等部门应当", [("文化部门", "市"), ("体育部门", "市"), ("文化部门", "区"), ("体育部门", "区"),
                                      ("文化部门", "县"), ("体育部门", "县")]),
    ("市、区水务、园林及其他有关部门应当", [("水务部门", "市"), ("园林部门", "市"), ("水务部门", "区"),
                                        ("园林部门", "区"), ("其他有关部门", "市"), ("其他有关部门", "区")]),
    ("市、区人民政府及文化、体育等部门应当", [("市人民政府", "市"), ("区人民政府", "区"), ("文化部门", ""),
                                          ("体育部门", "")]),       # levels of one complete body stay its own
])
def test_levels_before_an_enumeration_of_fields_prefix_every_member(text, expected):
    assert parsed(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("审计、监察及人事主管部门应当", [("审计部门", ""), ("监察部门", ""), ("人事部门", "")]),
    ("广播、电视以及网络服务提供者应当", [("广播", ""), ("电视", ""), ("网络服务提供者", "")]),  # not a department
])
def test_bare_fields_before_及_take_the_department_class_of_the_next_member(text, expected):
    assert parsed(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("政府信息公开主管部门应当", [("政府信息公开部门", "")]),   # 政府 opens the core, it owns nothing
    ("政府有关部门应当", [("有关部门", "")]),
    ("各级政府教育部门应当", [("教育部门", "")]),
])
def test_a_bare_政府_before_a_core_is_part_of_the_core(text, expected):
    assert parsed(text) == expected


def test_an_unincorporated_organisation_is_one_class_word_not_法人():
    assert parsed("自然人、法人和非法人组织应当") == [("自然人", ""), ("法人", ""), ("非法人组织", "")]


@pytest.mark.parametrize("text", ["中心城区应当", "以企业为中心"])
def test_centre_is_no_body_when_it_means_central(text):
    assert parse_actors(text, 0) is None
