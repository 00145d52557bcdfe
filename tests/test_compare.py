"""regkg compare: Guangzhou vs Zhejiang on 数据中心 and 公共数据, bodies aligned by function, the page."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from regkg.cli.commands.compare import comparison
from regkg.graph.compare import function_of, load_functions
from regkg.visualizations.compare_page import render_compare
from tests.conftest import CORPUS

GZ = str(CORPUS / "guangzhou_digital_economy_draft.txt")
ZJ = str(CORPUS / "zhejiang_digital_economy_2020.txt")
GZ_ID, ZJ_ID = "guangzhou_digital_economy_draft", "zhejiang_digital_economy_2020"


@pytest.fixture(scope="module")
def whole():
    return comparison([GZ, ZJ])


def test_data_centres_compared(tmp_path):
    result = comparison([GZ, ZJ], concept="数据中心")
    assert [g["concept"]["name"] for g in result["concepts"]] == ["数据中心"]
    group = result["concepts"][0]
    gz, zj = group["regulations"][GZ_ID], group["regulations"][ZJ_ID]
    assert gz["count"] >= 3 and zj["count"] >= 1
    assert any(d["cite"] == "60.1" for d in gz["duties"])          # 市工业和信息化主管部门 … 数据中心科学布局
    assert {f["id"] for f in gz["functions"]} >= {"industry-it", "government"}
    assert gz["bearerKinds"]["department"] >= 3
    assert group["coveredBy"] == [GZ_ID, ZJ_ID] and group["missingFrom"] == []


def test_public_data_compared():
    result = comparison([GZ, ZJ], concept="公共数据")
    group = result["concepts"][0]
    zj = group["regulations"][ZJ_ID]
    assert zj["count"] > group["regulations"][GZ_ID]["count"] > 0
    assert "data-administration" in {f["id"] for f in zj["functions"]}   # 浙江 公共数据主管部门
    # every duty listed concerns public data or a narrower concept
    assert all(d["text"] for d in zj["duties"])


def test_functions_align_across_jurisdictions(whole):
    row = next(r for r in whole["functions"] if r["id"] == "industry-it")
    assert row["regulations"][GZ_ID]["actors"] == ["工业和信息化部门"]
    assert "经济和信息化部门" in row["regulations"][ZJ_ID]["actors"]
    assert "rule" in whole["alignment"]
    assert any(whole["onlyIn"][GZ_ID]) and any(whole["onlyIn"][ZJ_ID])
    names = {g["concept"]["name"]: g for g in whole["concepts"]}
    for only in whole["onlyIn"][GZ_ID][:5]:
        assert names[only]["missingFrom"] == [ZJ_ID]


def test_alignment_is_overridable(tmp_path):
    data = tmp_path / "functions.yaml"
    data.write_text("functions:\n  economy:\n    name: 经济\n    cores: [经济和信息化]\n", encoding="utf-8")
    functions = load_functions(str(data))
    assert function_of({"name": "经济和信息化部门", "kind": "department"}, functions)["id"] == "economy"
    assert function_of({"name": "工业和信息化部门", "kind": "department"}, functions)["id"].startswith("department:")
    result = comparison([GZ, ZJ], concept="数据中心", functions=str(data))
    assert result["alignment"]["source"] == str(data)


def test_compare_page_is_self_contained(whole):
    html = render_compare(whole)
    assert html.startswith("<!doctype html>") and "数据中心" in html and "经济和信息化部门" in html
    assert "<script" not in html and "http" not in html.split("<body>")[1].split("actor_functions")[0]


def test_cli_compare(tmp_path):
    page = tmp_path / "page.html"
    done = subprocess.run([sys.executable, "-m", "regkg", "compare", GZ, ZJ, "--concept", "data centre", "--json",
                           "--html", str(page)], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["concepts"][0]["concept"]["name"] == "数据中心"
    assert "数据中心" in page.read_text(encoding="utf-8")
    bad = subprocess.run([sys.executable, "-m", "regkg", "compare", GZ, ZJ, "--concept", "数据中新"],
                         capture_output=True, text=True, check=False)
    assert bad.returncode == 2 and "Traceback" not in bad.stderr
    one = subprocess.run([sys.executable, "-m", "regkg", "compare", GZ], capture_output=True, text=True, check=False)
    assert one.returncode == 2 and "two or more" in one.stderr


@pytest.mark.parametrize("text, problem", [("functions: [\n", "functions.yaml"),
                                           ("functions:\n  x: {cores: [a]}\n", "needs a `name`"),
                                           ("- a\n", "expected a mapping")])
def test_bad_functions_file_is_a_clear_error(tmp_path, text, problem):
    from regkg.errors import InputError

    data = tmp_path / "functions.yaml"
    data.write_text(text, encoding="utf-8")
    with pytest.raises(InputError, match=problem.replace("`", ".")) as raised:
        load_functions(str(data))
    assert str(data) in str(raised.value)


def test_bad_functions_file_from_the_cli(tmp_path):
    data = tmp_path / "functions.yaml"
    data.write_text("functions: [\n", encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "regkg", "compare", GZ, ZJ, "--functions", str(data)],
                          capture_output=True, text=True, check=False)
    assert done.returncode == 2 and "functions.yaml" in done.stderr and "Traceback" not in done.stderr


def test_same_regulation_twice_is_refused():
    done = subprocess.run([sys.executable, "-m", "regkg", "compare", GZ, GZ], capture_output=True, text=True,
                          check=False)
    assert done.returncode == 2 and "given twice" in done.stderr


def test_alignment_examples():
    functions = load_functions()
    expect = {("工业和信息化部门", "department"): "industry-it", ("经济和信息化部门", "department"): "industry-it",
              ("公共数据部门", "department"): "data-administration", ("镇人民政府", "government"): "government",
              ("国家安全机关", "department"): "state-security", ("有关部门", "department"): "unspecified-departments",
              # `exact` entries are never matched by containment; only bodies are aligned by containment
              ("文化行业管理部门", "department"): "department:文化行业管理部门",
              ("数据服务企业", "enterprise"): "enterprise:数据服务企业"}
    assert {k: function_of({"name": k[0], "kind": k[1]}, functions)["id"] for k in expect} == expect
