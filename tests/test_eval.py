"""Scoring against the gold annotations (library and the real `regkg eval` CLI), and trigger coverage."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from regkg.errors import InputError
from regkg.loaders.evaluate import coverage, evaluate, load_gold, normalise
from tests.conftest import CORPUS, ROOT

GOLD = ROOT / "gold" / "duties_dev.json"
REGKG = [sys.executable, "-m", "regkg"]


def test_normalisation_follows_the_gold_readme():
    assert normalise("工业和信息化主管部门", "") == "工业和信息化"
    assert normalise("工业与信息化部门", "") == "工业和信息化"
    assert normalise("市人民政府", "市") == "人民政府"
    assert normalise("市场监督管理部门", "市") == "市场监管"  # 市场… is not a level prefix
    assert normalise("属地区人民政府", "区") == "人民政府"
    assert normalise("住房和城乡建设 部门", "") == "住房城乡建设"
    assert normalise("建设单位", "") == "建设"


def test_dev_gold_meets_the_targets(draft):
    result = evaluate(draft, load_gold(GOLD))
    assert result.articles == (1, 31)
    assert result.bearers.f1 >= 0.95
    assert result.partners.f1 >= 0.90
    assert result.modality_accuracy >= 0.97
    assert result.implicit_flagged == result.implicit_gold == ["15.2"]


def test_scoring_counts_misses_and_false_alarms(draft):
    gold = load_gold(GOLD)
    for duty in gold:
        if duty["cite"] == "22.2":
            duty["bearers"] = [{"name": "市场监督管理部门", "level": ""}, {"name": "网信部门", "level": ""}]
    result = evaluate(draft, gold)
    assert [(t.cite, t.actor) for t in result.bearers.misses] == [("22.2", "网信")]
    assert [(t.cite, t.actor) for t in result.bearers.false_alarms] == [("22.2", "公安机关")]
    assert result.bearers.fn == 1 and result.bearers.fp == 1


def test_modality_errors_are_reported(draft):
    gold = load_gold(GOLD)
    for duty in gold:
        if duty["cite"] == "14.2":
            duty["modality"] = "obligation"
    result = evaluate(draft, gold)
    assert [(g.cite, g.modality, p.modality) for g, p in result.modality_errors] == [
        ("14.2", "obligation", "permission")]
    assert result.modality_accuracy < 1.0


def test_bad_gold_file_is_a_typed_error(tmp_path):
    bad = tmp_path / "gold.json"
    bad.write_text("{not json", encoding="utf-8")
    with pytest.raises(InputError):
        load_gold(bad)
    with pytest.raises(InputError):
        load_gold(tmp_path / "missing.json")


def test_coverage_accounts_for_every_trigger(corpus_docs):
    for name in ("zhejiang_digital_economy_2020.txt", "guangzhou_charity_promotion_2021.txt"):
        report = coverage(corpus_docs[name])
        totals = report.totals
        assert totals["bearer"] > 50
        assert set(totals) <= {"bearer", "empty", "covered", "skipped"}
        应当 = report.by_word["应当"]
        assert 应当["bearer"] / sum(应当.values()) > 0.85
        assert sum(report.reasons.values()) == totals["skipped"]


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([*REGKG, *args], cwd=ROOT, capture_output=True, text=True, timeout=120)


def test_cli_prints_figures_and_lists():
    proc = run("eval", str(GOLD))
    assert proc.returncode == 0, proc.stderr
    assert "bearers" in proc.stdout and "partners" in proc.stdout
    assert "modality accuracy: 1.000" in proc.stdout
    assert "implicit duties flagged: 1/1" in proc.stdout
    assert "bearer false alarms" in proc.stdout


def test_cli_json_and_explicit_file():
    proc = run("eval", str(GOLD), "--file", str(CORPUS / "guangzhou_digital_economy_draft.txt"), "--json")
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert data["bearers"]["f1"] >= 0.95 and data["partners"]["f1"] >= 0.90
    assert data["modality"]["accuracy"] >= 0.97


def test_cli_coverage_json():
    proc = run("eval", "--coverage", str(CORPUS / "zhejiang_digital_economy_2020.txt"), "--json")
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert data["byWord"]["应当"]["bearer"] > 50
    assert data["skippedReasons"]["inside a word"] > 0


def test_cli_errors_exit_2(tmp_path):
    proc = run("eval", str(tmp_path / "none.json"))
    assert proc.returncode == 2 and "regkg: error:" in proc.stderr
    proc = run("eval")
    assert proc.returncode != 0


SILVER = ROOT / "gold" / "silver"


@pytest.mark.parametrize("gold_file, text, articles, bearer_f1, partner_f1", [
    ("draft_32_97.json", "guangzhou_digital_economy_draft.txt", (32, 97), 0.985, 0.95),
    ("zhejiang.json", "zhejiang_digital_economy_2020.txt", (1, 62), 0.97, 0.95),
    ("charity.json", "guangzhou_charity_promotion_2021.txt", (1, 39), 0.96, 0.95),
    ("shanghai_data.json", "shanghai_data_2021.txt", (1, 91), 0.95, 0.95),
    ("beijing_informatization.json", "beijing_informatization_2007.txt", (1, 49), 0.95, 0.95),
    ("pipl.json", "prc_personal_information_protection_law_2021.txt", (1, 70), 0.955, 0.95),
    ("shenzhen_data.json", "shenzhen_data_regulation_2021.txt", (1, 99), 0.965, 0.95),
    ("hangzhou_smart.json", "hangzhou_smart_economy_2015.txt", (1, 50), 0.98, 0.95),
], ids=["draft-32-97", "zhejiang", "charity", "shanghai", "beijing", "pipl", "shenzhen", "hangzhou"])
def test_silver_annotations_do_not_regress(corpus_docs, gold_file, text, articles, bearer_f1, partner_f1):
    """Independent (model-made) annotations beyond the dev gold: a guard against regressions, not a measurement."""
    result = evaluate(corpus_docs[text], load_gold(SILVER / gold_file), articles)
    assert result.bearers.f1 >= bearer_f1
    assert result.partners.f1 >= partner_f1
    assert result.modality_accuracy >= 0.98
