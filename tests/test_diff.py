"""regkg diff: duty-level changes between two versions, matched by content (moved, bearers, modality …)."""

from __future__ import annotations

import json
import subprocess
import sys

from regkg.loaders.diff import diff_files
from tests.diff_fixtures import DRAFT, modified_draft


def test_diff_of_modified_draft_finds_exactly_the_three_changes(tmp_path):
    result = diff_files(str(DRAFT), str(modified_draft(tmp_path)))
    real = [(c["kind"], c["old"]["cite"], c["new"]["cite"]) for c in result["changes"]
            if c["kind"] not in ("renumbered",)]
    assert sorted(real) == [("bearers", "60.1", "60.1"), ("modality", "25.1", "25.1"), ("moved", "26.1", "29.1")]
    assert result["summary"]["added"] == result["summary"]["removed"] == 0
    assert result["matched"] == result["old"]["duties"] == result["new"]["duties"]
    # the articles between only shifted by one: renumbered, not moved
    renumbered = {(c["old"]["article"], c["new"]["article"]) for c in result["changes"] if c["kind"] == "renumbered"}
    assert renumbered == {(27, 26), (28, 27), (29, 28)}
    change = {c["kind"]: c for c in result["changes"]}
    assert change["bearers"]["old"]["bearers"] == ["市工业和信息化部门"]
    assert change["bearers"]["new"]["bearers"] == ["市科技部门"]
    assert change["modality"]["old"]["modality"] == "obligation"
    assert change["modality"]["new"]["modality"] == "permission"


def test_diff_of_a_text_with_itself_is_empty():
    result = diff_files(str(DRAFT), str(DRAFT))
    assert result["changes"] == [] and result["matched"] == result["old"]["duties"] > 200


def test_diff_added_removed_and_concepts(tmp_path):
    text = DRAFT.read_text(encoding="utf-8")
    removed = "推动绿色数据中心建设，促进节能降耗。"
    assert removed in text
    new = text.replace(removed, "。").replace(
        "第九十七条", "第九十七条  市人民政府应当推动区块链技术在政务服务中的应用。\n第九十八条", 1)
    path = tmp_path / "new.txt"
    path.write_text(new, encoding="utf-8")
    result = diff_files(str(DRAFT), str(path))
    kinds = {c["kind"] for c in result["changes"]}
    assert "added" in kinds
    added = [c for c in result["changes"] if c["kind"] == "added"]
    assert any("区块链" in c["new"]["text"] for c in added)
    assert any(c["kind"] == "concepts" and "-绿色数据中心" in c["detail"] for c in result["changes"])


def test_cli_diff_json(tmp_path):
    done = subprocess.run([sys.executable, "-m", "regkg", "diff", str(DRAFT), str(modified_draft(tmp_path)), "--json"],
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert data["summary"]["moved"] == 1 and data["summary"]["bearers"] == 1 and data["summary"]["modality"] == 1


def test_cli_diff_missing_file_is_a_clear_error(tmp_path):
    done = subprocess.run([sys.executable, "-m", "regkg", "diff", str(DRAFT), str(tmp_path / "nope.txt")],
                          capture_output=True, text=True, check=False)
    assert done.returncode == 2
    assert "nope.txt" in done.stderr and "Traceback" not in done.stderr


def test_diff_partners_changed(tmp_path):
    text = DRAFT.read_text(encoding="utf-8")
    old = "市工业和信息化主管部门应当会同市规划和自然资源、住房城乡建设等部门"
    assert old in text
    path = tmp_path / "new.txt"
    new = "市工业和信息化主管部门应当会同市规划和自然资源、交通运输等部门"
    path.write_text(text.replace(old, new), encoding="utf-8")
    result = diff_files(str(DRAFT), str(path))
    real = [(c["kind"], c["old"]["cite"], c["detail"]) for c in result["changes"]]
    assert real == [("partners", "60.1",
                     "市住房城乡建设部门、市规划和自然资源部门 → 市交通运输部门、市规划和自然资源部门")]
