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


def test_english_names_match_whole_words_in_any_case(api):
    whole = get(api, "/duties", actor="工业和信息化部门", limit=1).json()["total"]
    assert get(api, "/duties", actor="Industry and Information Technology Department", limit=1).json()["total"] == whole
    assert get(api, "/duties", actor="information technology department", limit=1).json()["total"] >= whole
    assert get(api, "/duties", actor="主管 工业和 信息化部门", limit=1).json()["total"] == whole


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
