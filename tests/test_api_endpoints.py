"""Every read endpoint of the API through a real HTTP client against `regkg serve` on the embedded store."""

from __future__ import annotations

import gzip

import httpx
import pytest

from tests.api_server import LOGS

PROBLEM_KEYS = {"type", "title", "status", "detail", "instance"}
DRAFT = "guangzhou_digital_economy_draft"


def wait_for_log(base: str, text: str, seconds: float = 10.0) -> bool:
    """Whether `text` shows up in the server's log within `seconds` (the access line follows the response)."""
    import time

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if text in LOGS[base].read_text(encoding="utf-8", errors="replace"):
            return True
        time.sleep(0.05)
    return False


def get(base: str, path: str, **params) -> httpx.Response:
    return httpx.get(f"{base}{path}", params=params or None, timeout=60)


def assert_problem(response: httpx.Response, status: int, instance: str | None = None) -> dict:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    body = response.json()
    assert set(body) >= PROBLEM_KEYS and body["status"] == status and body["detail"]
    assert body["type"].startswith("urn:regkg:problem:")
    if instance:
        assert body["instance"] == instance
    assert "Traceback" not in response.text
    return body


def test_health_reports_engine_state_and_counts(api):
    body = get(api, "/health").json()
    assert body["status"] == "ok" and body["store"]["backend"] == "falkordb" and body["store"]["pid"] > 0
    assert body["counts"]["labels"]["Regulation"] == 3 and body["counts"]["labels"]["Duty"] > 300


def test_regulations_outline_and_provisions(api):
    listed = {r["id"]: r for r in get(api, "/regulations").json()}
    assert set(listed) == {DRAFT, "shanghai_data_2021", "zhejiang_digital_economy_2020"}
    outline = get(api, f"/regulations/{DRAFT}").json()
    assert outline["articles"] == 97 and len(outline["articleList"]) == 97
    first = outline["chapters"][0]
    assert first["label"] == "第一章" and first["articles"] == {"first": 1, "last": 11, "count": 11}
    by_modality = sum(outline["dutiesByModality"].values())
    assert sum(c["duties"] for c in outline["chapters"]) == outline["duties"] == by_modality
    shanghai = get(api, "/regulations/shanghai_data_2021").json()
    assert any(c["sections"] for c in shanghai["chapters"]), "sections under chapters"

    paragraph = get(api, f"/regulations/{DRAFT}/articles/60.2").json()
    assert paragraph["kind"] == "Paragraph" and paragraph["label"] == "第六十条第二款"
    assert paragraph["text"].startswith("市、区人民政府及工业和信息化") and paragraph["duties"]
    assert all(d["citation"]["cite"].startswith("60.2") for d in paragraph["duties"])
    assert "concept:green-data-centre" in {c["id"] for c in paragraph["concepts"]}
    by_label = get(api, f"/regulations/{DRAFT}/articles/第六十条第二款").json()
    assert by_label["id"] == paragraph["id"]
    article = get(api, f"/regulations/{DRAFT}/articles/60").json()
    children = [c["cite"] for c in article["children"]]
    assert article["kind"] == "Article" and children[:2] == ["60.1", "60.2"]
    assert all(c.startswith("60.") for c in children)
    assert {d["id"] for d in paragraph["duties"]} < {d["id"] for d in article["duties"]}


def test_provision_with_defined_terms_and_laws(api):
    shanghai = get(api, "/regulations/shanghai_data_2021").json()
    assert shanghai["laws"], "the Shanghai regulation cites laws"
    cite = shanghai["laws"][0]["cite"]
    provision = get(api, f"/regulations/shanghai_data_2021/articles/{cite}").json()
    assert shanghai["laws"][0]["name"] in {law["name"] for law in provision["laws"]}
    definitions = get(api, "/search", q="公共数据", kind="definedTerm").json()["items"]
    term = next(t for t in definitions if t["regulation"] == "shanghai_data_2021")
    defined_in = get(api, f"/regulations/shanghai_data_2021/articles/{term['cite']}").json()
    assert any(t["defined"] and t["name"] == "公共数据" for t in defined_in["definedTerms"])


def test_duties_pages_and_filters(api):
    first = get(api, "/duties", concept="数据中心", limit=2).json()
    assert first["total"] >= 3 and len(first["items"]) == 2 and first["offset"] == 0
    assert first["next"].startswith("/duties?")
    rest = httpx.get(f"{api}{first['next']}", timeout=30).json()
    assert rest["offset"] == 2 and {d["id"] for d in rest["items"]}.isdisjoint({d["id"] for d in first["items"]})
    english = get(api, "/duties", concept="data centres", limit=100).json()
    assert english["total"] == first["total"]
    assert "concept:green-data-centre" in {c["id"] for d in english["items"] for c in d["concepts"]}, "narrower"
    level = get(api, "/duties", actor="工业和信息化部门", level="市", modality="obligation", limit=500).json()
    assert level["total"] >= 5 and all(d["modality"] == "obligation" for d in level["items"])
    assert all(any(b["name"] == "工业和信息化部门" and b["level"] == "市" for b in d["bearers"])
               for d in level["items"])
    text = get(api, "/duties", q="绿色数据中心").json()
    assert text["total"] >= 1 and all("绿色数据中心" in d["text"] for d in text["items"])
    article = get(api, "/duties", article=60, regulation=DRAFT).json()
    assert {d["citation"]["article"] for d in article["items"]} == {60}
    last = get(api, "/duties", limit=5, offset=10_000).json()
    assert last["items"] == [] and last["next"] is None


def test_actors_and_one_actor(api):
    listed = get(api, "/actors", limit=5).json()
    assert listed["total"] > 50 and len(listed["items"]) == 5
    top = listed["items"][0]
    assert top["duties"] >= listed["items"][-1]["duties"] and sum(top["byModality"].values()) == top["duties"]
    departments = get(api, "/actors", kind="department", limit=500).json()["items"]
    assert departments and all(a["kind"] == "department" for a in departments)

    actor_id = "actor:广州市:工业和信息化部门"
    actor = get(api, f"/actors/{actor_id}").json()
    assert actor["id"] == actor_id and actor["levels"] == ["市"]
    assert sum(len(g["duties"]) for g in actor["dutiesByChapter"]) == actor["duties"]
    assert actor["dutiesByChapter"][0]["label"].startswith("第") and actor["dutiesByChapter"][0]["chapter"]
    partners = {p["name"]: p for p in actor["cooperation"]["partners"]}
    assert "规划和自然资源部门" in partners and partners["规划和自然资源部门"]["duties"] >= 1
    assert actor["concepts"] and actor["concepts"][0]["duties"] >= actor["concepts"][-1]["duties"]
    joined = get(api, "/actors/actor:广州市:规划和自然资源部门").json()
    assert actor_id in {lead["id"] for lead in joined["cooperation"]["leads"]}, "co-operation seen from both sides"


def test_concept_tree_and_one_concept(api):
    tree = get(api, "/concepts", used="true").json()
    assert tree and all(node["dutiesTotal"] > 0 for node in tree)
    def walk(nodes):
        for node in nodes:
            yield node
            yield from walk(node["children"])
    everything = list(walk(tree))
    centre = next(n for n in everything if n["id"] == "concept:data-centre")
    assert centre["dutiesTotal"] >= centre["duties"] and any(c["id"] == "concept:green-data-centre"
                                                             for c in centre["children"])
    concept = get(api, "/concepts/data centres").json()
    assert concept["id"] == "concept:data-centre"
    assert "concept:computing-infrastructure" in {b["id"] for b in concept["broader"]}
    assert "concept:green-data-centre" in {n["id"] for n in concept["narrower"]}
    assert concept["duties"]["total"] == get(api, "/duties", concept="concept:data-centre").json()["total"]
    bearers = {a["name"] for a in concept["actors"] if a["bears"]}
    assert "工业和信息化部门" in bearers
    assert any(a["partnersIn"] for a in concept["actors"]), "partners are responsible too"


def test_search_ranks_every_kind(api):
    hits = get(api, "/search", q="data centres").json()["items"]
    assert hits[0]["id"] == "concept:data-centre" and hits[0]["kind"] == "concept"
    zh = get(api, "/search", q="市工业和信息化主管部门", kind="actor").json()["items"]
    assert zh[0]["name"] == "工业和信息化部门" and all(h["kind"] == "actor" for h in zh)
    kinds = {h["kind"] for h in get(api, "/search", q="公共数据", limit=200).json()["items"]}
    assert {"concept", "definedTerm", "article"} <= kinds
    assert [h["score"] for h in hits] == sorted((h["score"] for h in hits), reverse=True)


def test_neighbourhood_is_capped_and_folds_fan_outs(api):
    small = get(api, "/graph/neighbourhood", node="concept:data-centre").json()
    ids = {n["id"] for n in small["nodes"]}
    assert small["nodes"][0]["id"] == "concept:data-centre" and small["truncated"] is False
    assert all(e["source"] in ids and e["target"] in ids for e in small["edges"])
    assert {"Duty", "Concept"} <= {n["kind"] for n in small["nodes"]}
    big = get(api, "/graph/neighbourhood", node="concept:data", depth=2, limit=60, fanout=10).json()
    assert len(big["nodes"]) <= 60 + 1 and big["truncated"] is True and big["omittedNodes"] > 0
    more = [n for n in big["nodes"] if n["kind"] == "More"]
    assert more and more[0]["aggregate"]["count"] > 0 and more[0]["caption"].startswith("+")


def test_error_shapes(api):
    body = assert_problem(get(api, "/duties", concept="data centeres"), 404, "/duties")
    assert "data centres" in body["suggestions"] or "data centre" in body["suggestions"]
    assert assert_problem(get(api, "/actors/no-such-body"), 404)["suggestions"]
    assert_problem(get(api, "/concepts/nothing-like-it"), 404)
    assert_problem(get(api, "/regulations/nope"), 404)
    assert_problem(get(api, f"/regulations/{DRAFT}/articles/999"), 404)
    assert_problem(get(api, f"/regulations/{DRAFT}/articles/abc"), 404)
    assert_problem(get(api, "/graph/neighbourhood", node="nope"), 404)
    assert_problem(get(api, "/no/such/route"), 404)
    invalid = assert_problem(get(api, "/duties", modality="sometimes"), 422)
    assert invalid["errors"][0]["loc"] == ["query", "modality"]
    assert_problem(get(api, "/duties", limit=0), 422)
    assert_problem(get(api, "/duties", limit=5000), 422)  # past REGKG_API_MAX_PAGE_LIMIT: the same shape as limit=0
    assert_problem(get(api, "/graph/neighbourhood", node="concept:data", depth=9), 422)
    assert_problem(httpx.delete(f"{api}/duties", timeout=10), 405)
    assert_problem(httpx.post(f"{api}/regulations", content="第一条 x", timeout=10), 405)


def test_etag_cache_control_gzip_and_request_ids(api):
    first = get(api, "/actors", limit=50)
    etag = first.headers["etag"]
    assert first.headers["cache-control"] == "no-cache" and first.headers["x-request-id"]
    again = httpx.get(f"{api}/actors", params={"limit": 50}, headers={"If-None-Match": etag}, timeout=30)
    assert again.status_code == 304 and again.content == b"" and again.headers["etag"] == etag
    zipped = httpx.get(f"{api}/actors", params={"limit": 50}, headers={"Accept-Encoding": "gzip"}, timeout=30)
    assert zipped.headers["content-encoding"] == "gzip" and zipped.json() == first.json()
    raw = httpx.Client(headers={"Accept-Encoding": "gzip"})
    with raw.stream("GET", f"{api}/actors?limit=50") as response:
        compressed = b"".join(response.iter_raw())
    assert gzip.decompress(compressed) == first.content
    poisoned = httpx.get(f"{api}/duties", params={"limit": 1}, headers={"Host": "evil.example"}, timeout=30)
    assert "evil.example" not in poisoned.text and "evil.example" not in get(api, "/duties", limit=1).text
    mine = httpx.get(f"{api}/health", headers={"X-Request-ID": "trace-42"}, timeout=30)
    assert mine.headers["x-request-id"] == "trace-42"
    assert wait_for_log(api, "request_id=trace-42 GET /health 200"), "the access line repeats the request id"
    forged = httpx.get(f"{api}/health", headers={"X-Request-ID": "bad id status=200 FAKE"}, timeout=30)
    assert forged.headers["x-request-id"] != "bad id status=200 FAKE", "no log injection through the request id"
    assert "access-control-allow-origin" not in get(api, "/regulations").headers, "CORS is off by default"


def test_questions_catalogue_and_answers(api):
    listed = {q["name"]: q for q in get(api, "/questions").json()}
    assert {"duties-touching-concept", "cooperation-on-concept", "duties-of-actor-at-level", "actors-in-two-concepts",
            "responsibility-path", "duties-without-bearer"} <= set(listed)
    assert all("MATCH" in q["cypher"] and "$limit" in q["cypher"] for q in listed.values())
    answer = get(api, "/questions/duties-touching-concept", concept="data centres").json()
    assert answer["parameters"]["concept"] == "concept:data-centre" and answer["cypher"] == listed[
        "duties-touching-concept"]["cypher"]
    assert len(answer["rows"]) == get(api, "/duties", concept="data centres").json()["total"]
    both = get(api, "/questions/actors-in-two-concepts", first="数据中心", second="人工智能").json()
    assert both["rows"] and all(r["firstDuties"] > 0 and r["secondDuties"] > 0 for r in both["rows"])
    level = get(api, "/questions/duties-of-actor-at-level", actor="工业和信息化部门", level="市").json()
    assert level["rows"] and {r["level"] for r in level["rows"]} == {"市"}
    orphan = get(api, "/questions/duties-without-bearer", regulation=DRAFT).json()
    assert all(r["regulation"] == DRAFT for r in orphan["rows"])
    capped = get(api, "/questions/laws-cited").json()
    assert capped["truncated"] is False and capped["rows"]
    assert_problem(get(api, "/questions/no-such-question"), 404)
    assert_problem(get(api, "/questions/duties-touching-concept"), 400)
    assert_problem(get(api, "/questions/duties-touching-concept", concept="x", bogus="1"), 400)
    assert_problem(get(api, "/questions/duties-touching-concept", concept="nothing-like-it"), 404)


@pytest.mark.parametrize("path", ["/docs", "/openapi.json"])
def test_openapi_documents_every_resource(api, path):
    response = get(api, path)
    assert response.status_code == 200
    if path == "/openapi.json":
        paths = set(response.json()["paths"])
        assert {"/health", "/regulations", "/regulations/{regulation_id}",
                "/regulations/{regulation_id}/articles/{cite}", "/duties", "/actors", "/actors/{actor_id}",
                "/concepts", "/concepts/{concept}", "/search",
                "/graph/neighbourhood", "/questions", "/questions/{name}", "/cypher"} <= paths
