"""The rules every query and path parameter obeys, and actor names, through a real `regkg serve`."""

from __future__ import annotations

import httpx
import pytest

from tests.test_api_endpoints import assert_problem, get

GZ_IT = "actor:广州市:工业和信息化部门"


def test_an_actor_id_works_wherever_an_actor_is_asked_for(api, api_home):
    from tests.test_api_cli_parity import cli

    duties = get(api, "/duties", actor=GZ_IT, limit=500).json()
    assert duties["total"] > 0 and all(any(b["id"] == GZ_IT for b in d["bearers"]) for d in duties["items"])
    at_level = get(api, "/questions/duties-of-actor-at-level", actor=GZ_IT, level="市")
    assert at_level.status_code == 200 and at_level.json()["rows"], at_level.text
    assert get(api, f"/views/actor/{GZ_IT}").status_code == 200
    assert len(cli(api_home, "duties", "--actor", GZ_IT, "--json")) == duties["total"]
    assert get(api, f"/actors/{GZ_IT}").json()["id"] == get(api, "/actors/工业和信息化部门").json()["id"] == GZ_IT


@pytest.mark.parametrize("name", ["nope", "a", "on", "人民政府局", "信息化"])
def test_a_name_matches_whole_names_only(api, name):
    body = assert_problem(get(api, "/duties", actor=name), 404, "/duties")
    assert body["suggestions"] and "no actor named" in body["detail"]
    assert_problem(get(api, f"/views/actor/{name}"), 404)
    assert_problem(get(api, "/questions/duties-of-actor-at-level", actor=name, level="市"), 404)


def test_english_names_match_whole_names_in_any_case(api):
    whole = get(api, "/duties", actor="工业和信息化部门", limit=1).json()["total"]
    assert get(api, "/duties", actor="Industry and Information Technology Department", limit=1).json()["total"] == whole
    assert get(api, "/duties", actor="主管 工业和 信息化部门", limit=1).json()["total"] == whole


def total(api, actor: str) -> int:
    response = get(api, "/duties", actor=actor, limit=1)
    assert response.status_code == 200, response.text
    return response.json()["total"]


@pytest.mark.parametrize("name", ["department", "government", "committee", "information technology department"])
def test_a_run_of_words_inside_a_longer_english_name_names_nothing(api, name):
    body = assert_problem(get(api, "/duties", actor=name), 404, "/duties")
    assert body["suggestions"] and all(s.isascii() for s in body["suggestions"]), body


def test_an_english_name_without_its_class_word_names_it_when_only_one_name_fits(api):
    assert total(api, "cyberspace affairs") == total(api, "Cyberspace Affairs Department") > 0


@pytest.mark.parametrize("written", ["municipal people\u2019s government", "municipal peoples government",
                                     "Municipal People's Governments", "the municipal people's government",
                                     "\uff4d\uff55\uff4e\uff49\uff43\uff49\uff50\uff41\uff4c people's government"])
def test_english_names_as_analysts_type_them(api, written):
    assert total(api, written) == total(api, "市人民政府") > 0


def test_unknown_english_names_get_english_suggestions_closest_first(api):
    body = assert_problem(get(api, "/duties", actor="municipal peeples govenment"), 404)
    assert body["suggestions"][0] == "municipal people's government", body


@pytest.mark.parametrize("written", ["上海市网信部门", "上海市:网信部门", "ACTOR:上海市:网信部门",
                                     "actor:上海市:网信部门"])
def test_a_jurisdiction_before_a_name_and_an_id_in_any_case(api, written):
    assert total(api, written) == total(api, "actor:上海市:网信部门") > 0


def test_a_level_prefix_works_on_any_name_or_alias_at_that_level(api):
    shanghai = "actor:上海市:公共数据部门"
    at_district = get(api, "/duties", actor=shanghai, level="区", limit=500).json()
    assert total(api, "区公共数据部门") == at_district["total"] > 0
    for written in ("市公共数据部门", "市公共数据主管部门"):  # named only at 区
        body = assert_problem(get(api, "/duties", actor=written), 404)
        assert "区公共数据部门" in body["suggestions"] and "level '市'" in body["detail"]


@pytest.mark.parametrize(("path", "params", "where"), [
    ("/actors/%00", {}, ["path", "actor_id"]),
    ("/concepts/x%00y", {}, ["path", "concept"]),
    ("/regulations/guangzhou_digital_economy_draft%00", {}, ["path", "regulation_id"]),
    ("/regulations/guangzhou_digital_economy_draft/articles/6%00", {}, ["path", "cite"]),
    ("/duties", {"q": "\u0000"}, ["query", "q"]),
    ("/duties", {"level": "\u0000"}, ["query", "level"]),
    ("/duties", {"regulation": "\u0000"}, ["query", "regulation"]),
    ("/duties", {"actor": "a\u0000b"}, ["query", "actor"]),
    ("/graph/neighbourhood", {"node": "\u0000"}, ["query", "node"]),
    ("/questions/duties-touching-concept", {"concept": "\u0000"}, ["query", "concept"]),
    ("/search", {"q": "数据\u0000"}, ["query", "q"]),
])
def test_a_nul_in_a_parameter_is_422_naming_it(api, path, params, where):
    body = assert_problem(get(api, path, **params), 422)
    assert body["errors"][0]["loc"] == where and "NUL" in body["errors"][0]["msg"]


@pytest.mark.parametrize(("path", "params"), [
    ("/duties", {"actor": ""}), ("/duties", {"level": ""}), ("/duties", {"concept": ""}),
    ("/duties", {"regulation": ""}), ("/actors", {"regulation": ""}), ("/questions/busiest-actors", {"regulation": ""}),
])
def test_an_empty_value_is_422_everywhere(api, path, params):
    body = assert_problem(get(api, path, **params), 422)
    assert body["errors"][0]["loc"] == ["query", next(iter(params))]


def test_a_parameter_given_twice_is_422_unless_it_is_a_list(api):
    body = assert_problem(httpx.get(f"{api}/duties?concept=x&concept=y", timeout=60), 422)
    assert body["errors"][0]["loc"] == ["query", "concept"]
    assert_problem(httpx.get(f"{api}/questions/busiest-actors?regulation=a&regulation=b", timeout=60), 422)
    kinds = httpx.get(f"{api}/search?q=数据&kind=actor&kind=concept", timeout=60)
    assert kinds.status_code == 200 and {i["kind"] for i in kinds.json()["items"]} <= {"actor", "concept"}


@pytest.mark.parametrize(("path", "query", "name"), [
    ("/duties", "foo=1", "foo"), ("/duties", "=x", ""), ("/duties", "actr=工业和信息化部门", "actr"),
    ("/actors", "limit=5&bogus=", "bogus"), ("/search", "q=数据&x=1&x=2", "x"), ("/regulations", "page=2", "page"),
])
def test_an_unknown_or_empty_named_parameter_is_422_naming_it(api, path, query, name):
    body = assert_problem(httpx.get(f"{api}{path}?{query}", timeout=60), 422, path)
    assert [e["loc"] for e in body["errors"]] == [["query", name]] and "not a parameter" in body["errors"][0]["msg"]


def test_pages_and_named_questions_keep_their_own_query_parameters(api):
    assert httpx.get(f"{api}/?node=x&lang=en", timeout=60).status_code == 200
    body = assert_problem(httpx.get(f"{api}/questions/busiest-actors?bogus=1", timeout=60), 400)
    assert "bogus" in body["detail"]


@pytest.mark.parametrize(("path", "params"), [
    ("/duties", {"limit": 0}), ("/duties", {"limit": 100_000}), ("/actors", {"limit": 0}),
    ("/actors", {"kind": "bogus"}), ("/search", {"kind": "bogus", "q": "数据"}),
])
def test_out_of_range_paging_and_unknown_enum_values_are_one_422_shape(api, path, params):
    body = assert_problem(get(api, path, **params), 422, path)
    assert body["type"] == "urn:regkg:problem:validation" and body["errors"][0]["loc"][:2] == ["query",
                                                                                             next(iter(params))]


def test_cypher_limit_past_the_row_cap_is_the_same_422(api):
    response = httpx.post(f"{api}/cypher", json={"query": "RETURN 1 AS one", "limit": 100_000}, timeout=60)
    assert assert_problem(response, 422, "/cypher")["errors"][0]["loc"] == ["body", "limit"]


def test_compare_all_with_an_unknown_regulation_is_404(api):
    response = httpx.get(f"{api}/compare?all=true&regulation=no_such_regulation", timeout=60)
    assert "no_such_regulation" in assert_problem(response, 404, "/compare")["detail"]


@pytest.mark.parametrize("path", ["/health", "/regulations", "/duties?limit=2", "/actors/actor:广州市:工业和信息化部门",
                                  "/search?q=数据", "/explorer/style.json", "/views/overview", "/openapi.json"])
def test_head_works_wherever_get_does(api, path):
    with httpx.Client(base_url=api, timeout=60) as client:
        got, head = client.get(path), client.head(path)
        assert head.status_code == got.status_code == 200 and head.content == b""
        for name in ("content-type", "etag", "cache-control"):
            assert head.headers.get(name) == got.headers.get(name), name
        if "etag" in got.headers:
            assert client.head(path, headers={"If-None-Match": got.headers["etag"]}).status_code == 304
    assert_problem(httpx.get(f"{api}/no-such-route", timeout=60), 404)
    assert httpx.head(f"{api}/no-such-route", timeout=60).status_code == 404


def test_a_trailing_slash_is_a_404_problem_never_a_redirect_to_the_host_header(api):
    response = httpx.get(f"{api}/duties/", headers={"Host": "evil.example"}, timeout=60)
    assert "location" not in response.headers
    assert_problem(response, 404, "/duties/")


def test_health_shows_no_local_paths(api, api_home):
    response = httpx.get(f"{api}/health", timeout=60)
    body = response.json()
    assert body["store"]["backend"] == "falkordb" and body["store"]["pid"] > 0 and body["counts"]
    assert "home" not in body["store"] and "socket" not in body["store"] and str(api_home) not in response.text


@pytest.mark.parametrize("written", ["第十四条第一款第（二）项", "第十四条第一款第二项", "第十四条第一款第(二)项",
                                     "14.1(2)"])
def test_an_item_is_found_by_every_usual_written_form(api, written):
    response = get(api, f"/regulations/guangzhou_digital_economy_draft/articles/{written}")
    assert response.status_code == 200, response.text
    assert response.json()["id"] == "guangzhou_digital_economy_draft:14.1(2)" and response.json()["kind"] == "Item"


@pytest.mark.parametrize("q", ["60", "第60条"])
def test_a_bare_article_number_finds_that_article_first(api, q):
    items = get(api, "/search", q=q, limit=10).json()["items"]
    assert items and items[0]["kind"] == "article" and items[0]["cite"] == "60" and items[0]["name"] == "第六十条"
    first = [i for i in items if i["score"] == items[0]["score"]]
    assert {i["regulation"] for i in first} == {r for r in ("guangzhou_digital_economy_draft", "shanghai_data_2021",
                                                            "zhejiang_digital_economy_2020")
                                                if get(api, f"/regulations/{r}/articles/60").status_code == 200}


@pytest.mark.parametrize(("accept", "gzipped"), [
    ("identity;q=1, gzip;q=0", False), ("gzip;q=0", False), ("*;q=0", False), ("br", False),
    ("gzip", True), ("gzip;q=0.5, identity", True), ("*", True),
])
def test_accept_encoding_q_values_are_honoured(api, accept, gzipped):
    for _ in range(2):  # the second answer comes from the response cache
        response = httpx.get(f"{api}/duties?limit=50", headers={"Accept-Encoding": accept}, timeout=60)
        assert response.status_code == 200 and (response.headers.get("content-encoding") == "gzip") == gzipped

