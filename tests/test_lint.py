"""regkg lint: variant names, duties without bearers, missing references, garbled wording, punctuation, SARIF."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from regkg.loaders.lint import lint_document, lint_file, lint_text
from regkg.loaders.lint.garble import char_stats
from regkg.loaders.lint.sarif import to_sarif
from regkg.loaders.parse import parse_file
from tests.conftest import CORPUS_FILES, DRAFT


@pytest.fixture(scope="module")
def draft_findings():
    return lint_file(DRAFT)[1]


def _rule(findings, rule):
    return [f for f in findings if f.rule == rule]


def test_variant_names_in_the_draft(draft_findings):
    variants = {(f.citation["cite"], f.message.split(" ")[0]) for f in _rule(draft_findings, "names.variant")}
    assert variants == {("23.1", "工业与信息化部门"), ("39.2", "市场监督管理部门"), ("64.1", "住房与建设部门")}
    first = next(f for f in draft_findings if f.rule == "names.variant")
    assert (first.line, first.column) == (63, 20)
    assert DRAFT.read_text(encoding="utf-8").split("\n")[62][first.column - 1:].startswith("工业与信息化")
    assert first.related and first.related[0]["message"] == "工业和信息化部门"


def test_similar_names_are_notes(draft_findings):
    similar = {f.message.split(" ")[0] for f in _rule(draft_findings, "names.similar")}
    assert {"体育部门", "交通部门"} <= similar
    assert all(f.severity == "note" for f in _rule(draft_findings, "names.similar"))


def test_garble_finds_the_split_and_the_repeated_word(draft_findings):
    split = _rule(draft_findings, "garble.split-word")
    assert [(f.citation["cite"], "传统" in f.message) for f in split] == [("24.1", True)]
    repeated = _rule(draft_findings, "garble.repeated-word")
    assert [(f.citation["cite"], "建设" in f.message) for f in repeated] == [("44.4", True)]


def test_garble_false_alarms_on_the_other_corpus_texts_leave_one_out():
    """Statistics from the other texts only; the warnings on the adopted texts are false alarms (README figure)."""
    docs = {p.name: parse_file(p) for p in CORPUS_FILES}
    alarms, references = {}, {}
    for name, doc in docs.items():
        stats = char_stats(d.source for n, d in docs.items() if n != name)
        findings = lint_document(doc, reference=stats)
        alarms[name] = len([f for f in findings if f.rule.startswith("garble.") and f.severity == "warning"])
        references[name] = [f.message for f in findings if f.rule.startswith("ref.")]
    assert alarms[DRAFT.name] == 2
    # the corpus's ~57 internal references (本条例第X条, 前款第二项至第七项 …) all resolve: no false alarm
    assert all(not found for found in references.values()), references
    others = sum(n for name, n in alarms.items() if name != DRAFT.name)
    assert others <= 5, alarms  # README: 5 repeated-word false alarms in ~63k characters


def test_bearers_and_general_provisions(draft_findings):
    no_bearer = {f.citation["cite"] for f in _rule(draft_findings, "duty.no-bearer")}
    assert {"37.1", "70.1", "94.3"} <= no_bearer
    not_established = {f.message.split(" ")[0] for f in _rule(draft_findings, "actor.not-established")}
    assert "住房城乡建设部门" in not_established and "农业农村部门" in not_established
    assert "工业和信息化部门" not in not_established  # 总则 names it


def test_halfwidth_parentheses_in_the_draft(draft_findings):
    marks = [(f.citation["cite"], f.message[:13]) for f in _rule(draft_findings, "punct.halfwidth")]
    assert [c for c, _ in marks] == ["57.1", "57.1"]


SMALL = """测试条例

第一章  总则

第一条  为了测试，制定本条例。
第二条  市人民政府应当依照本条例第九条的规定组织实施。
市人民政府可以依照前款规定，会同有关部门开展工作,并报告。
第三条  有下列情形之一的，由市场监管部门责令改正：
（一）未按规定报送数据的；
（二）拒绝检查的。
有前款第三项行为的，依照本条第四款处理。。
违反前条规定（见附件的，依照《中华人民共和国数据安全法》第四十五条处罚。
"""


def test_malformed_reference_is_a_finding_not_a_crash():
    _doc, findings = lint_text(SMALL.replace("本条例第九条", "本条例第十十条"))
    malformed = [f for f in findings if f.rule == "ref.malformed"]
    assert [(f.citation["cite"], f.severity) for f in malformed] == [("2.1", "error")]
    assert "第十十条" in malformed[0].message


def test_references_and_punctuation_on_a_small_text():
    _doc, findings = lint_text(SMALL)
    got = {(f.rule, f.citation["cite"]) for f in findings}
    assert ("ref.missing-article", "2.1") in got            # 本条例第九条: 3 articles only
    assert ("ref.missing-item", "3.2") in got               # 前款第三项: 3.1 has two items
    assert ("ref.missing-paragraph", "3.2") in got          # 本条第四款: article 3 has three paragraphs
    assert ("punct.halfwidth", "2.2") in got                # 工作,并
    assert ("punct.doubled", "3.2") in got                  # 。。
    assert ("punct.unbalanced", "3.3") in got               # （见附件的
    refs = [f for f in findings if f.rule.startswith("ref.")]
    assert len(refs) == 3  # 前款 in 2.2 and 前条 in 3.3 exist; 《…》第四十五条 is another law
    assert all(f.severity == "error" for f in refs)


def test_sarif_is_valid_2_1_0_shape(draft_findings):
    log = to_sarif(draft_findings, "corpus/guangzhou_digital_economy_draft.txt")
    assert log["version"] == "2.1.0" and log["$schema"].endswith("sarif-2.1.0.json")
    run = log["runs"][0]
    rule_ids = [r["id"] for r in run["tool"]["driver"]["rules"]]
    assert len(run["results"]) == len(draft_findings)
    for result in run["results"]:
        assert rule_ids[result["ruleIndex"]] == result["ruleId"]
        region = result["locations"][0]["physicalLocation"]["region"]
        assert region["startLine"] >= 1 and region["startColumn"] >= 1
        assert result["level"] in ("error", "warning", "note")
    assert run["artifacts"][0]["location"]["uri"] == "corpus/guangzhou_digital_economy_draft.txt"
    from regkg.loaders.lint.sarif import artifact_uri

    assert artifact_uri("/tmp/草案 v2.txt") == "file:///tmp/%E8%8D%89%E6%A1%88%20v2.txt"
    assert artifact_uri("drafts/草案.txt") == "drafts/%E8%8D%89%E6%A1%88.txt"


def test_cli_lint_json_sarif_and_exit_codes(tmp_path):
    run = lambda *a: subprocess.run([sys.executable, "-m", "regkg", "lint", *a],  # noqa: E731
                                    capture_output=True, text=True, check=False)
    done = run(str(DRAFT), "--json", "--rule", "names")
    assert done.returncode == 1, done.stderr
    data = json.loads(done.stdout)
    assert {f["rule"] for f in data["findings"]} == {"names.variant", "names.similar"}
    assert data["findings"][0]["citation"]["label"].startswith("第二十三条")
    sarif = json.loads(run(str(DRAFT), "--sarif").stdout)
    assert sarif["runs"][0]["results"]
    assert run(str(DRAFT), "--rule", "names", "--fail-on", "never").returncode == 0
    bad = run(str(DRAFT), "--rule", "nosuch")
    assert bad.returncode == 2 and "unknown lint rule" in bad.stderr
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    failed = run(str(empty))
    assert failed.returncode == 2 and "Traceback" not in failed.stderr


def test_layout_habits_of_the_draft(draft_findings):
    headings = {f.citation["cite"] for f in _rule(draft_findings, "layout.heading")}
    assert {"10", "15", "23", "32", "37"} <= headings                  # 第十条 积极… (one space; most have two)
    indents = _rule(draft_findings, "layout.indent")
    assert any(f.line == 14 and f.citation["cite"] == "6" for f in indents)   # '    第六条'
    assert all(f.severity == "note" for f in indents)


def test_a_heading_with_nothing_under_it_is_a_warning():
    text = ("某市条例\n第一章　总则\n第一条　为了规范管理，制定本条例。\n第二条\n"
            "第二章　管理\n第一节　规划\n第二节　建设\n第三条　市人民政府应当加强建设。\n第三章　附录\n")
    _doc, findings = lint_text(text, "empty.txt")
    empty = [(f.message, f.severity) for f in findings if f.rule == "layout.empty"]
    assert empty == [("第二条 has no text", "warning"), ("第二章第一节 规划 has no article", "warning"),
                     ("第三章 附录 has no article", "warning")]
    assert not [f for f in lint_file(DRAFT)[1] if f.rule == "layout.empty"]
