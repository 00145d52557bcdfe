"""pyvis views: one self-contained HTML file each, no web reference, drawn by Chromium with the network off."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from regkg.graph.build import build_graph
from regkg.loaders.pipeline import extract_facts
from regkg.loaders.taxonomy import load_taxonomy
from regkg.visualizations.views import view_graph, view_html
from tests.browser import artifact

pytestmark = pytest.mark.browser

VIEWS = [("actor", "工业和信息化部门"), ("concept", "data centres"), ("article", "第六十条"), ("overview", None)]


@pytest.fixture(scope="module")
def graph(draft):
    """The draft's whole graph, built in memory."""
    return build_graph(draft, extract_facts(draft), load_taxonomy().concepts)


class _Refs(HTMLParser):
    """Every src/href of script, link, img, iframe elements."""

    def __init__(self) -> None:
        super().__init__()
        self.refs: list[tuple[str, str]] = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in ("src", "href") and value:
                self.refs.append((tag, value))


@pytest.fixture(scope="module")
def pages(graph, tmp_path_factory) -> dict[str, Path]:
    """The four views written to files."""
    out = tmp_path_factory.mktemp("views")
    written = {}
    for kind, name in VIEWS:
        path = out / f"{kind}.html"
        path.write_text(view_html(graph, kind, name), encoding="utf-8")
        written[kind] = path
    return written


@pytest.mark.parametrize("kind", [k for k, _ in VIEWS])
def test_view_file_references_nothing_outside(pages, kind):
    text = pages[kind].read_text(encoding="utf-8")
    parser = _Refs()
    parser.feed(text)
    assert parser.refs == [], parser.refs
    assert not re.search(r"<(script|link)[^>]+(src|href)=", text)
    assert "vis-network" in text and "new vis.Network" in text


def test_views_draw_their_nodes_offline(browser, pages, graph):
    context = browser.new_context(offline=True, viewport={"width": 1280, "height": 800})
    requests: list[str] = []
    context.on("request", lambda r: requests.append(r.url))
    try:
        for kind, name in VIEWS:
            expected = view_graph(graph, kind, name).number_of_nodes()
            page = context.new_page()
            errors: list[str] = []
            page.on("pageerror", lambda e, errors=errors: errors.append(str(e)))
            page.goto(pages[kind].as_uri())
            page.wait_for_function("document.body.dataset.drawn !== undefined", timeout=20_000)
            drawn = page.evaluate("""() => ({drawn: +document.body.dataset.drawn,
                nodes: window.regkgView.nodes.length,
                placed: Object.keys(window.regkgView.network.getPositions()).length,
                canvas: !!document.querySelector('#graph canvas')})""")
            assert errors == []
            assert drawn == {"drawn": expected, "nodes": expected, "placed": expected, "canvas": True}, kind
            if kind in ("concept", "actor"):
                page.wait_for_timeout(1500)
                page.screenshot(path=str(artifact(f"view-{kind}.png")))
            if kind == "article":
                assert "第六十条" in page.inner_text("#source")
            page.close()
    finally:
        context.close()
    assert all(url.startswith("file://") for url in requests), requests


def test_view_escapes_script_in_text(graph):
    """A regulation text holding `</script>` cannot break out of the page's data script."""
    H = view_graph(graph, "concept", "数据中心")
    duty = next(n for n, d in H.nodes(data=True) if d["labels"][0] == "Duty")
    H.nodes[duty]["text"] = "</script><script>alert(1)</script>"
    from regkg.visualizations.pyvis_views import render_html

    html = render_html(H)
    assert "<script>alert(1)" not in html
    assert html.count("<script>") == 2


def test_big_views_get_a_fixed_layout_without_numpy(graph, browser, tmp_path):
    """Past the physics limit every node is placed here (radial layout, no numpy) and physics is off."""
    import json

    from regkg.visualizations.pyvis_views import network_of, render_html

    H = view_graph(graph, "actor", "工业和信息化部门")
    net, physics = network_of(H, physics_limit=10)
    assert physics is False
    assert all(isinstance(n.get("x"), float) and isinstance(n.get("y"), float) for n in net.nodes)
    assert len({(round(n["x"]), round(n["y"])) for n in net.nodes}) == len(net.nodes)  # no two nodes on one spot
    path = tmp_path / "fixed.html"
    path.write_text(render_html(H, physics_limit=10), encoding="utf-8")
    page = browser.new_page()
    try:
        page.goto(path.as_uri())
        page.wait_for_function("() => document.body.dataset.drawn !== undefined", timeout=20_000)
        assert int(page.evaluate("document.body.dataset.drawn")) == H.number_of_nodes()
        options = json.loads(page.evaluate("JSON.stringify(window.regkgView.network.physics.options.enabled)"))
        assert options is False
    finally:
        page.close()
