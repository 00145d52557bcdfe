"""`regkg parse` as a user runs it: real subprocess, exit codes, messages naming the problem."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.conftest import DRAFT


def regkg(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "regkg", *args], capture_output=True, text=True, timeout=120)


def test_outline():
    out = regkg("parse", str(DRAFT))
    assert out.returncode == 0, out.stderr
    assert "广州市数字经济促进条例" in out.stdout
    assert "97 articles" in out.stdout and "203 paragraphs" in out.stdout
    assert "96–97" in out.stdout


def test_json_tree():
    out = regkg("parse", str(DRAFT), "--json")
    data = json.loads(out.stdout)
    assert data["kind"] == "regulation"
    chapter = data["children"][0]
    article = chapter["children"][0]
    for node in (data, chapter, article, article["children"][0]):
        assert {"kind", "number", "label", "cite", "text", "start", "end", "children"} <= node.keys()
    assert article["cite"] == "1" and article["label"] == "第一条"


@pytest.mark.parametrize("content, message", [
    (b"", "file is empty"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file"),
    (b"Just some English prose.\nNo articles here.", "no articles found"),
    ("第一条 甲。\n第三条 乙。".encode(), "article numbering broken: 第三条 where 第二条 was expected"),
    ("第一条 甲。\n第一条 乙。".encode(), "article repeated"),
    ("第一条 甲。\n（一）a\n（三）b".encode(), "item numbering broken"),
    (b"\xa4\xa4\xa4\xe5\xff\xff\xfe\x80\x81", "not UTF-8"),
])
def test_bad_input(tmp_path, content, message):
    f = tmp_path / "bad.txt"
    f.write_bytes(content)
    out = regkg("parse", str(f))
    assert out.returncode == 2
    assert message in out.stderr
    assert str(f) in out.stderr
    assert out.stdout == ""


def test_missing_file(tmp_path):
    out = regkg("parse", str(tmp_path / "nope.txt"))
    assert out.returncode == 2 and "no such file" in out.stderr
