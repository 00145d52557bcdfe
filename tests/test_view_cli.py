"""`regkg view` from a file and from the store, and the same views under /views in the API: files, errors."""

from __future__ import annotations

import httpx
import pytest

from tests.conftest import DRAFT
from tests.store_fixtures import engine_home, run_cli

__all__ = ["engine_home"]


@pytest.fixture(scope="module")
def loaded(api_home):
    """The session's API store (tests/api_server.py): the draft, Shanghai and Zhejiang regulations."""
    return api_home


def test_view_from_a_file_writes_one_offline_page(engine_home, tmp_path):
    out = tmp_path / "dc.html"
    done = run_cli(engine_home, "view", "concept", "data centres", "--file", str(DRAFT), "-o", str(out))
    assert done.returncode == 0, done.stderr
    html = out.read_text(encoding="utf-8")
    assert "<title>数据中心 — regkg</title>" in html and "new vis.Network" in html
    assert "市工业和信息化主管部门应当会同" in html  # hover text: the verbatim duty text
    assert 'src="http' not in html and 'href="http' not in html


def test_view_from_the_store_matches_the_file(loaded, tmp_path):
    from_store, from_file = tmp_path / "store.html", tmp_path / "file.html"
    ambiguous = run_cli(loaded, "view", "article", "第六十条", "-o", str(from_store))
    assert ambiguous.returncode == 2 and "choose one with --regulation" in ambiguous.stderr
    done = run_cli(loaded, "view", "article", "第六十条", "--regulation", "guangzhou_digital_economy_draft",
                   "-o", str(from_store))
    assert done.returncode == 0, done.stderr
    assert run_cli(loaded, "view", "article", "60", "--file", str(DRAFT), "-o", str(from_file)).returncode == 0
    store_html, file_html = from_store.read_text(encoding="utf-8"), from_file.read_text(encoding="utf-8")
    assert "第六十条" in store_html and store_html.count('"labelZh"') == file_html.count('"labelZh"')


@pytest.mark.parametrize(("args", "message"), [
    (("actor", "没有这个部门", "--file", str(DRAFT)), "no actor named"),
    (("concept", "no such concept", "--file", str(DRAFT)), "unknown concept"),
    (("article", "第九百条", "--file", str(DRAFT)), "no article 900"),
    (("article", "sixty", "--file", str(DRAFT)), "not an article number"),
    (("actor",), "needs a NAME"),
    (("overview", "--regulation", "nope", "--file", str(DRAFT)), "no regulation 'nope'"),
])
def test_view_errors_are_one_clear_line(engine_home, tmp_path, args, message):
    done = run_cli(engine_home, "view", *args, "-o", str(tmp_path / "x.html"))
    assert done.returncode == 2, done.stdout + done.stderr
    assert message in done.stderr and "Traceback" not in done.stderr
    assert not (tmp_path / "x.html").exists()


def test_views_in_the_api(api):
    base = api
    page = httpx.get(f"{base}/views/concept/data%20centres", timeout=60)
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert "default-src 'none'" in page.headers["content-security-policy"]
    assert "数据中心" in page.text and 'src="http' not in page.text
    article = httpx.get(f"{base}/views/article/guangzhou_digital_economy_draft/60.2", timeout=60)
    assert article.status_code == 200 and "第六十条" in article.text
    assert httpx.get(f"{base}/views/overview", timeout=60).status_code == 200
    assert httpx.get(f"{base}/views/actor/工业和信息化部门", timeout=60).status_code == 200
    missing = httpx.get(f"{base}/views/actor/nobody-at-all", timeout=60)
    assert missing.status_code == 404 and missing.json()["title"] == "unknown actor"
    assert missing.json()["suggestions"]
    wrong_reg = httpx.get(f"{base}/views/article/nope/60", timeout=60)
    assert wrong_reg.status_code == 404
    assert httpx.get(f"{base}/explorer/../pyproject.toml", timeout=10).status_code == 404
    assert httpx.get(f"{base}/explorer/style.json", timeout=10).json()["kinds"]["duty:obligation"]["shape"]
