"""Penalty clauses and clauses with several subjects, on sentences written for the tests (not corpus text)."""

from __future__ import annotations

import pytest

from regkg.loaders.extract import extract_duties, extract_with_trace
from regkg.loaders.facts import Facts
from regkg.loaders.parse import parse_text


def synthetic(paragraph: str) -> Facts:
    return extract_duties(parse_text(f"示例条例\n第一条 {paragraph}\n", "example"))


def view(facts: Facts) -> list[tuple[str, str, list[str]]]:
    """(modality, trigger, bearers) of every duty in text order."""
    return [(d.modality, d.trigger, [facts.actors[r.actor_id].name for r in d.bearers]) for d in facts.duties]


@pytest.mark.parametrize("enforcer", ["县级以上地方人民政府林业主管部门", "所在地市、县人民政府园林绿化主管部门",
                                      "园林绿化主管部门", "原发证机关"])
def test_a_penalty_clause_does_not_depend_on_recognising_the_enforcing_body(enforcer):
    facts = synthetic(f"养护单位违反本条例第九条规定的，由{enforcer}责令改正，处二千元以上二万元以下罚款。")
    assert view(facts) == [("liability", "由", ["养护单位"])]


def test_a_fine_after_may_is_part_of_the_penalty_not_a_permission():
    facts = synthetic("养护单位违反本条例第九条规定的，由主管部门责令改正，可以处二千元以上二万元以下的罚款。")
    assert view(facts) == [("liability", "由", ["养护单位"])]
    facts = synthetic("违反本条例第九条规定的，由主管部门责令改正；拒不改正的，可以并处一万元以下的罚款。")
    assert view(facts) == [("liability", "由", [])]
    facts = synthetic("养护单位擅自砍伐树木的，可以处二千元以下罚款。")
    assert view(facts) == [("liability", "可以", ["养护单位"])]


def test_a_modal_before_an_order_without_a_penalty_clause_stays_a_duty():
    facts = synthetic("检查人员发现违法行为的，应当责令改正。")
    assert [d.modality for d in facts.duties] == ["obligation"]


@pytest.mark.parametrize("phrase", ["并处应交电费二倍以上五倍以下的罚款", "按照应缴租金的百分之五加收滞纳金",
                                    "补缴应付款项的三倍"])
def test_an_amount_payable_is_a_noun_not_an_obligation(phrase):
    facts, trace = extract_with_trace(parse_text(f"示例条例\n第一条 承租单位逾期的，{phrase}。\n", "example"))
    assert not facts.duties
    assert any(t.word == "应" and t.outcome == "skipped" for t in trace)
    assert [d.modality for d in synthetic("承租单位应交纳租金。").duties] == ["obligation"]


@pytest.mark.parametrize("condition, party", [
    ("违反本条例第五条第一款规定，建设单位未按照规定配套建设停车设施的", "建设单位"),
    ("违反本条例规定，网络运营者未履行安全保护义务的", "网络运营者"),
])
def test_the_liable_party_named_after_the_rule_it_breaks(condition, party):
    facts = synthetic(f"{condition}，由有关主管部门责令改正，给予警告。")
    assert view(facts) == [("liability", "由", [party])]


def test_a_violation_without_a_party_keeps_an_empty_bearer():
    facts = synthetic("违反本条例第五条规定，损害消费者合法权益的，由有关主管部门责令改正。")
    assert view(facts) == [("liability", "由", [])]


def test_a_modal_after_a_bare_noun_is_no_noun_phrase_even_before_another_modal():
    facts = synthetic("摊贩应当将废弃物投放至指定的收集点或者收集容器，不得随意丢弃。")
    assert [(d.modality, d.trigger) for d in facts.duties] == [("obligation", "应当"), ("prohibition", "不得")]
    facts = synthetic("依法不得公开的档案信息，应当单独存放。")  # an adverbial opening: still a noun phrase
    assert [(d.modality, d.trigger) for d in facts.duties] == [("obligation", "应当")]


def test_a_second_subject_in_the_same_sentence_gives_a_second_duty():
    facts = synthetic("养护单位可以在小区内设置收集点，住户应当予以配合。")
    duties = facts.duties
    assert [(d.modality, d.trigger) for d in duties] == [("permission", "可以"), ("obligation", "应当")]
    assert duties[0].text == "养护单位可以在小区内设置收集点" and duties[1].text == "住户应当予以配合"


def test_a_modal_after_a_condition_of_its_own_is_a_second_duty_of_the_subject():
    facts = synthetic("养护单位应当建立巡查制度，发现树木倒伏隐患的，应当立即处置。")
    assert view(facts) == [("obligation", "应当", ["养护单位"]), ("obligation", "应当", ["养护单位"])]
    facts = synthetic("养护单位应当建立巡查制度，定期检查，及时处置。")  # one trigger, several actions: one duty
    assert view(facts) == [("obligation", "应当", ["养护单位"])]


def test_each_encouraging_verb_opening_a_part_of_the_sentence_is_its_own_encouragement():
    facts = synthetic("鼓励保险机构开发养护责任保险产品；支持养护单位投保相关保险。")
    targets = [[facts.actors[r.actor_id].name for r in d.targets] for d in facts.duties]
    assert [d.trigger for d in facts.duties] == ["鼓励", "支持"] and targets == [["保险机构"], ["养护单位"]]
    facts = synthetic("市人民政府应当推进树木普查；支持养护单位开展技术创新。")  # the obligation's own verb
    assert [d.trigger for d in facts.duties] == ["应当"]


@pytest.mark.parametrize("body", ["县人民政府", "城市人民政府", "市园林绿化主管部门"])
def test_a_function_word_after_a_government_or_department_is_its_duty_not_part_of_its_name(body):
    facts = synthetic(f"{body}组织编制绿地系统规划。")
    assert [(d.modality, d.trigger) for d in facts.duties] == [("obligation", "组织编制")]
    assert facts.duties[0].bearers


def test_由_with_a_submission_for_approval_assigns_it():
    facts = synthetic("区绿地系统规划由区人民政府报市人民政府审批。")
    assert view(facts) == [("obligation", "由", ["区人民政府"])]
    facts = synthetic("由区人民政府报市人民政府审批的规划，应当公布。")  # a relative clause assigns nothing
    assert [d.trigger for d in facts.duties] == ["应当"]
    assert not synthetic("经由区人民政府批准后实施。").duties


def test_由_with_a_规定的_object_further_on_still_assigns():
    # a 的 in the object (前款规定的义务) is no relative clause on the assignment (merge of fix-i13 and fix-i14)
    facts = synthetic("未设立管理单位的公园，由区园林绿化主管部门组织业主履行前款规定的义务。")
    assert view(facts) == [("obligation", "由", ["园林绿化部门"])]


def test_做好_after_a_scope_and_an_assisted_body_is_the_scope_subjects_duty():
    facts = synthetic("市发展改革、财政等部门依法在各自职责范围内，配合市园林绿化主管部门做好相关工作。")
    assert [(d.modality, d.trigger) for d in facts.duties] == [("obligation", "做好")]
    assert [facts.actors[r.actor_id].name for r in facts.duties[0].bearers] == ["发展改革部门", "财政部门"]
    assert [facts.actors[r.actor_id].name for r in facts.duties[0].partners] == ["园林绿化部门"]


def test_a_modal_before_由_and_a_body_is_that_bodys_duty():
    facts = synthetic("枯枝落叶可以由街道办事处集中处理；养护档案应当由区园林绿化主管部门统一保管。")
    assert view(facts) == [("permission", "可以", ["街道办事处"]), ("obligation", "应当", ["园林绿化部门"])]
