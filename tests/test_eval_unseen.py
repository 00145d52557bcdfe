"""Set scoring with levels merged into names, guards on the sets regkg was not written against, coverage (issue 13)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from regkg.loaders.evaluate import coverage, evaluate, load_gold, merge_level
from regkg.loaders.parse import parse_text
from regkg.loaders.triggers import find_hits
from tests.conftest import CORPUS, ROOT

SILVER = ROOT / "gold" / "silver"
NEW_SETS = [
    ("pipl.json", "prc_personal_information_protection_law_2021.txt", (1, 70), 0.96),
    ("shenzhen_data.json", "shenzhen_data_regulation_2021.txt", (1, 99), 0.985),
    ("hangzhou_smart.json", "hangzhou_smart_economy_2015.txt", (1, 50), 0.985),
]
DOC = parse_text("示例法\n第一条 国家网信部门应当制定规则，不得泄露数据。\n第二条 网络运营者应当保存日志。\n",
                 "example")


def duty(cite: str, name: str, level: str = "", modality: str = "obligation") -> dict:
    return {"cite": cite, "modality": modality, "bearers": [{"name": name, "level": level}], "partners": []}


def test_merge_level_writes_the_level_in_front_once():
    assert merge_level("网信", "国家") == "国家网信"
    assert merge_level("国家网信", "国家") == "国家网信"
    assert merge_level("人民政府", "") == "人民政府"


def test_a_level_written_in_the_name_is_the_same_party_as_sets():
    gold = [duty("1.1", "国家网信部门"), duty("1.1", "国家网信部门", modality="prohibition"),
            duty("2.1", "网络运营者")]
    result = evaluate(DOC, gold)
    assert result.bearers.f1 < 1.0  # the multiset scoring keeps level and name apart
    assert (result.bearer_sets.tp, result.bearer_sets.fp, result.bearer_sets.fn) == (2, 0, 0)


def test_repeated_triggers_count_once_as_sets():
    gold = [duty("1.1", "网信部门", "国家")] + [duty("2.1", "网络运营者")] * 3
    result = evaluate(DOC, gold)
    assert result.bearers.fn == 2  # multiset: two gold tuples unmatched
    assert result.bearer_sets.f1 == 1.0


def test_a_wrong_party_is_still_wrong_as_sets():
    result = evaluate(DOC, [duty("1.1", "网信部门", "省"), duty("2.1", "网络运营者")])
    assert [t.actor for t in result.bearer_sets.misses] == ["省网信"]
    assert [t.actor for t in result.bearer_sets.false_alarms] == ["国家网信"]


@pytest.mark.parametrize("gold_file, text, articles, set_f1", NEW_SETS, ids=["pipl", "shenzhen", "hangzhou"])
def test_new_silver_sets_meet_the_targets_as_sets(corpus_docs, gold_file, text, articles, set_f1):
    result = evaluate(corpus_docs[text], load_gold(SILVER / gold_file), articles)
    assert result.bearer_sets.f1 >= set_f1
    assert result.partner_sets.f1 >= 0.90
    assert result.modality_accuracy >= 0.98


@pytest.mark.parametrize("text", [t for _, t, _, _ in NEW_SETS])
def test_coverage_accounts_for_every_trigger_of_the_new_texts(corpus_docs, text):
    doc = corpus_docs[text]
    report = coverage(doc)
    hits = 0
    for node in doc.nodes():
        if node.kind in ("paragraph", "item"):
            own_end = node.children[0].start if node.kind == "paragraph" and node.children else node.end
            hits += len(find_hits(doc.source, node.start, own_end))
    totals = report.totals
    assert sum(totals.values()) == hits  # every trigger occurrence has an outcome
    assert set(totals) <= {"bearer", "empty", "covered", "skipped"}
    assert sum(report.reasons.values()) == totals["skipped"] and "" not in report.reasons


def test_cli_prints_set_scores_and_json():
    gold, text, articles, _ = NEW_SETS[0]
    args = [sys.executable, "-m", "regkg", "eval", str(SILVER / gold), "--file", str(CORPUS / text),
            "--articles", f"{articles[0]}-{articles[1]}"]
    proc = subprocess.run(args, cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert "bearer sets" in proc.stdout and "partner sets" in proc.stdout
    proc = subprocess.run([*args, "--json"], cwd=ROOT, capture_output=True, text=True, timeout=120)
    data = json.loads(proc.stdout)
    assert data["bearerSets"]["f1"] >= 0.96 and data["partnerSets"]["f1"] >= 0.90
