"""The web explorer at `/`, in headless Chromium against a real `regkg serve` on the embedded store.

Three real regulations are loaded with the real pipeline (tests/api_server.py); the page is driven like
a user would (typing, clicking canvas nodes at their drawn positions) and every request it makes is recorded.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from urllib.parse import parse_qs, urlparse

import httpx
import pytest

from tests.browser import artifact
from tests.store_fixtures import run_cli

pytestmark = pytest.mark.browser

IDLE = "() => document.body.dataset.ready === '1' && document.body.dataset.pending === '0'"


@pytest.fixture(scope="module")
def base(api) -> str:
    """The session's `regkg serve` (tests/api_server.py): the Guangzhou draft, Shanghai and Zhejiang loaded."""
    return api


@pytest.fixture(scope="module")
def requests_made() -> list[str]:
    """Every URL any explorer page of this module asked for."""
    return []


@pytest.fixture(scope="module")
def context(browser, requests_made) -> Iterator[object]:
    ctx = browser.new_context(viewport={"width": 1400, "height": 850})
    ctx.on("request", lambda request: requests_made.append(request.url))
    try:
        yield ctx
    finally:
        ctx.close()


@pytest.fixture
def page(context) -> Iterator[object]:
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    yield page
    page.close()
    assert errors == [], errors


def idle(page) -> None:
    page.wait_for_function(IDLE, timeout=20_000)


def node_ids(page, label: str | None = None) -> set[str]:
    """Ids of the nodes drawn (after filters), optionally only those of one primary label."""
    return set(page.evaluate("""(label) => {
        const x = window.regkgExplorer;
        return x.view().getIds().filter(id => !label || (x.raw[id] && x.raw[id].labels[0] === label));
    }""", label))


def click_node(page, node: str, *, double: bool = False) -> None:
    """Click a node where the canvas draws it (a real mouse click, as a user would)."""
    point = page.evaluate("""(id) => {
        const net = window.regkgExplorer.network;
        net.focus(id, {scale: 1.2});
        const p = net.canvasToDOM(net.getPositions([id])[id]);
        const box = document.getElementById('graph').getBoundingClientRect();
        return {x: box.left + p.x, y: box.top + p.y};
    }""", node)
    if double:
        page.mouse.dblclick(point["x"], point["y"])
    else:
        page.mouse.click(point["x"], point["y"])
    page.wait_for_timeout(350)  # the explorer waits 250 ms to tell a click from a double-click
    idle(page)


def search_and_pick(page, base: str, q: str) -> str:
    """Type a query, submit, pick the first result; the id of the node now in focus."""
    page.fill("#q", q)
    page.click("#search-form button[type=submit]")
    page.wait_for_selector("#results li")
    idle(page)
    first = page.get_attribute("#results li >> nth=0", "data-id")
    page.click("#results li >> nth=0")
    idle(page)
    return first


def wait_settled(page) -> None:
    page.wait_for_timeout(400)
    idle(page)


def duty_json(home, concept: str) -> list[dict]:
    done = run_cli(home, "duties", "--concept", concept, "--json")
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_explorer_loads_with_legend_and_filters(page, base):
    response = page.goto(base + "/")
    assert response.status == 200
    assert "default-src 'self'" in response.headers["content-security-policy"]
    idle(page)
    assert page.title() == "regkg explorer"
    legend = page.inner_text("#legend")
    for word in ("政府", "部门", "义务", "禁止", "基础设施", "BEARS", "PARTNERS_IN", "CONCERNS", "BROADER"):
        assert word in legend
    regulations = page.eval_on_selector_all("#f-regulation option", "els => els.map(e => e.value)")
    assert set(regulations) == {"", "guangzhou_digital_economy_draft", "shanghai_data_2021",
                                "zhejiang_digital_economy_2020"}


def test_chinese_and_english_searches_show_the_same_duties(page, base, api_home):
    page.goto(base + "/")
    idle(page)
    zh_node = search_and_pick(page, base, "数据中心")
    zh_duties = node_ids(page, "Duty")
    en_node = search_and_pick(page, base, "data centres")
    en_duties = node_ids(page, "Duty")
    assert zh_node == en_node == "concept:data-centre"
    direct = {d["id"] for d in duty_json(api_home, "数据中心")
              if any(c["id"] == "concept:data-centre" for c in d["concepts"])}
    assert zh_duties == en_duties == direct
    assert "guangzhou_digital_economy_draft:60.1#1" in zh_duties
    page.wait_for_timeout(800)
    page.screenshot(path=str(artifact("explorer-data-centre.png")))


def test_clicking_a_duty_shows_its_citation_and_verbatim_text(page, base, api_home):
    page.goto(base + "/?node=concept%3Adata-centre")
    idle(page)
    duty = "guangzhou_digital_economy_draft:60.1#1"
    expected = next(d for d in duty_json(api_home, "数据中心") if d["id"] == duty)
    click_node(page, duty)
    page.wait_for_selector("#detail-citation")
    assert page.inner_text("#detail-citation") == expected["citation"]["label"] == "第六十条第一款"
    assert page.inner_text("#detail-text") == expected["text"]
    assert page.inner_text("#detail-text mark") == expected["trigger"]
    details = page.inner_text("#details")
    for bearer in expected["bearers"]:
        assert bearer["name"] in details
    # the citation opens the article view with the article's source text
    href = page.get_attribute("#detail-citation", "href")
    article = httpx.get(base + href, timeout=30)
    assert article.status_code == 200 and "第六十条" in article.text and expected["text"][:20] in article.text
    assert f'<mark id="cited">{expected["text"][:20]}' in article.text  # the cited paragraph is marked
    assert duty in parse_qs(urlparse(page.url).query)["expand"][0].split(",")
    page.wait_for_timeout(800)
    page.screenshot(path=str(artifact("explorer-duty.png")))


def test_expanding_an_actor_adds_its_neighbours(page, base):
    page.goto(base + "/?node=" + "guangzhou_digital_economy_draft%3A60.1%231")
    idle(page)
    actor = next(n for n in node_ids(page, "Actor") if "工业和信息化部门" in n)
    before = node_ids(page)
    click_node(page, actor)
    after = node_ids(page)
    assert before < after and len(after - before) >= 5
    borne = page.evaluate("""(a) => window.regkgExplorer.edges.get({filter: e => e.from === a && e.type === 'BEARS'})
                              .map(e => e.to)""", actor)
    assert len(borne) >= 5 and set(borne) <= after
    assert page.inner_text("#detail-title") == "工业和信息化部门"
    click_node(page, actor, double=True)  # double-click: the actor becomes the centre, the URL says so
    query = parse_qs(urlparse(page.url).query)
    assert query["node"] == [actor] and "expand" not in query
    focused = node_ids(page)
    assert actor in focused and len(node_ids(page, "Duty")) >= 25  # the first 25 it bears (rest as +N), partners
    assert any(n.startswith(f"more:{actor}:BEARS:out:Duty") for n in focused)


def test_language_switch_filters_and_reload_restore_the_view(page, base):
    page.goto(base + "/?node=concept%3Adata")
    idle(page)
    label = "() => window.regkgExplorer.nodes.get('concept:data').label"
    assert page.evaluate(label) == "数据"
    page.click("#lang")
    assert page.evaluate(label) == "data"
    assert page.inner_text("#search-form button") == "Search"
    duty = sorted(node_ids(page, "Duty"))[0]
    assert page.evaluate("(id) => window.regkgExplorer.nodes.get(id).label", duty).endswith(
        page.evaluate("(id) => window.regkgExplorer.raw[id].props.modality", duty))
    click_node(page, duty)
    all_nodes = node_ids(page)
    modalities = "(ids) => ids.map(id => window.regkgExplorer.raw[id]).filter(n => n.labels[0] === 'Duty')" \
                 ".map(n => n.props.modality)"
    assert len(set(page.evaluate(modalities, sorted(all_nodes)))) >= 2
    page.select_option("#f-modality", "obligation")
    wait_settled(page)
    shown = node_ids(page)
    assert shown < all_nodes
    assert set(page.evaluate(modalities, sorted(shown))) == {"obligation"}
    url = page.url
    query = parse_qs(urlparse(url).query)
    assert query["node"] == ["concept:data"] and query["lang"] == ["en"]
    assert query["modality"] == ["obligation"] and query["expand"] == [duty]
    page.reload()
    idle(page)
    wait_settled(page)
    assert node_ids(page) == shown
    assert page.evaluate(label) == "data"
    assert page.input_value("#f-modality") == "obligation"
    assert page.url == url
    page.click("#cypher-button")
    cypher = page.inner_text("#cypher-text")
    assert "'concept:data'" in cypher and f"'{duty}'" in cypher
    assert "m.modality = 'obligation'" in cypher
    page.screenshot(path=str(artifact("explorer-filtered-en.png")))


def test_a_large_neighbourhood_is_folded_and_unfolds_on_click(page, base):
    page.goto(base + "/?node=concept%3Adata")
    idle(page)
    more = [n for n in page.evaluate("() => window.regkgExplorer.nodes.getIds()") if n.startswith("more:")]
    duties_more = next(n for n in more if n.endswith(":CONCERNS:in:Duty"))
    count = page.evaluate("(id) => window.regkgExplorer.raw[id].props.aggregate.count", duties_more)
    duties_before = len(node_ids(page, "Duty"))
    assert duties_before == 25 and count > 0
    assert page.evaluate("(id) => window.regkgExplorer.nodes.get(id).label", duties_more) == f"+{count} 条职责"
    click_node(page, duties_more)
    assert len(node_ids(page, "Duty")) == duties_before + min(count, 100)
    assert (duties_more in node_ids(page)) == (count > 100)
    all_duties = node_ids(page, "Duty")
    page.select_option("#f-level", "区")
    wait_settled(page)
    district = node_ids(page, "Duty")
    assert district and district < all_duties
    for duty in sorted(all_duties):  # checked against the API: a duty is shown iff a body is named at 区 in it
        around = httpx.get(f"{base}/graph/neighbourhood", params={"node": duty, "fanout": 500}, timeout=30).json()
        levels = {e["properties"].get("level") for e in around["edges"] if e["type"] in ("BEARS", "PARTNERS_IN")}
        assert ("区" in levels) == (duty in district), duty
    assert parse_qs(urlparse(page.url).query)["level"] == ["区"]


def test_no_request_leaves_the_local_server(base, requests_made):
    assert len(requests_made) > 20
    outside = [url for url in requests_made if not url.startswith(base + "/")]
    assert outside == []
