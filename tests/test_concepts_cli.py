"""`regkg concepts` as a user runs it: a real subprocess on the bundled regulations."""

from __future__ import annotations

import json
import subprocess
import sys

from tests.conftest import CORPUS, DRAFT


def regkg(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "regkg", *args], capture_output=True, text=True, timeout=120)


def test_concepts_of_a_file_as_json():
    done = regkg("concepts", str(DRAFT), "--json")
    assert done.returncode == 0, done.stderr
    rows = {r["id"]: r for r in json.loads(done.stdout)}
    centre = rows["concept:data-centre"]
    assert (centre["name"], centre["nameEn"], centre["type"]) == ("数据中心", "data centre", "Infrastructure")
    assert centre["duties"] + centre["mentions"] == 3  # 60.1, 81.4, 92.2 (60.2 says 绿色数据中心)
    assert centre["surfaces"] == ["数据中心"]
    assert rows["concept:green-data-centre"]["broader"] == ["concept:data-centre"]
    assert "concept:big-data-centre" in rows


def test_concepts_table_output():
    done = regkg("concepts", str(DRAFT))
    assert done.returncode == 0, done.stderr
    assert "数据中心" in done.stdout and "concepts" in done.stdout.splitlines()[-1]


def test_unknown_terms_of_a_new_regulation():
    done = regkg("concepts", "--unknown", str(CORPUS / "zhejiang_digital_economy_2020.txt"), "--json")
    assert done.returncode == 0, done.stderr
    found = {u["term"]: u for u in json.loads(done.stdout)}
    assert found["防雷"]["count"] == 2 and found["防雷"]["cites"] == ["16.2", "60.1"]
    assert "云计算" not in found and "物联网" not in found  # known concepts are not reported
    assert not [t for t in found if t.endswith(("部门", "企业", "机构"))]  # actors are not concepts


def test_unknown_needs_a_file():
    done = regkg("concepts", "--unknown")
    assert done.returncode == 2
    assert "--unknown needs a regulation FILE" in done.stderr


def test_missing_file_is_a_clear_error():
    done = regkg("concepts", "no/such/file.txt")
    assert done.returncode == 2
    assert done.stderr.startswith("regkg: error:")
