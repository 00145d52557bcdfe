"""A regulation text holding HTML and script cannot run in the explorer or in a view: it is shown, as text."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.api_server import serving
from tests.store_fixtures import cli_env, engine_home, run_cli

__all__ = ["engine_home"]
pytestmark = pytest.mark.browser

HOSTILE = '<img src=x onerror="window.pwned=1"></script><script>window.pwned=2</script>'
TEXT = ("测试数据条例\n\n第一条 为了测试，制定本条例。\n\n"
        f"第二条 市人民政府应当建设数据中心{HOSTILE}并公开信息。\n\n"
        "第三条 市工业和信息化主管部门应当会同有关部门推进数据中心建设。\n")
DUTY = "hostile:2.1#1"


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("hostile") / "hostile.txt"
    path.write_text(TEXT, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def base(engine_home, hostile, tmp_path_factory) -> Iterator[str]:
    done = run_cli(engine_home, "load", str(hostile))
    assert done.returncode == 0, done.stderr
    with serving({**os.environ, **cli_env(engine_home)}, tmp_path_factory.mktemp("log") / "serve.log") as url:
        yield url


def test_hostile_duty_text_is_shown_not_run_in_the_explorer(browser, base):
    page = browser.new_page()
    try:
        page.goto(f"{base}/?node=concept%3Adata-centre")
        page.wait_for_function("() => document.body.dataset.ready === '1' && document.body.dataset.pending === '0'")
        assert DUTY in page.evaluate("() => window.regkgExplorer.nodes.getIds()")
        page.goto(f"{base}/?node=concept%3Adata-centre&expand={DUTY.replace('#', '%23')}")
        page.wait_for_selector("#detail-text")
        page.wait_for_timeout(300)
        assert HOSTILE in page.inner_text("#detail-text")
        assert page.evaluate("() => window.pwned === undefined")
        assert page.locator("#details img").count() == 0
    finally:
        page.close()


def test_hostile_text_is_shown_not_run_in_a_view(browser, base, engine_home, hostile, tmp_path):
    out = tmp_path / "article.html"
    done = run_cli(engine_home, "view", "article", "2", "--file", str(hostile), "-o", str(out))
    assert done.returncode == 0, done.stderr
    page = browser.new_page()
    try:
        for url in (out.as_uri(), f"{base}/views/article/hostile/2.1"):
            page.goto(url)
            page.wait_for_function("() => document.body.dataset.drawn !== undefined", timeout=20_000)
            assert HOSTILE in page.inner_text("#source")
            assert page.evaluate("() => window.pwned === undefined")
            assert page.evaluate(f"() => window.regkgView.nodes.get('{DUTY}').title").endswith(
                f"{HOSTILE}并公开信息")
    finally:
        page.close()
