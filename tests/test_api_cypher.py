"""POST /cypher through a real server: read-only twice over, syntax errors, the time limit and the row cap."""

from __future__ import annotations

import json

import httpx
import pytest

from tests.test_api_endpoints import assert_problem

WRITES = [
    "CREATE (n:Actor {id: 'x'})",
    "MERGE (n:Actor {id: 'x'}) RETURN n",
    "MATCH (a:Actor) SET a.name = 'x'",
    "MATCH (a:Actor) DELETE a",
    "MATCH (a:Actor) DETACH DELETE a",
    "MATCH (a:Actor) REMOVE a.name",
    "DROP INDEX ON :Actor(id)",
    "CALL db.idx.fulltext.createNodeIndex('Actor', 'name')",
    "CALL db.idx.fulltext.drop('Actor')",
    "CALL dbms.procedures() YIELD name RETURN name",
    "MATCH (a:Actor) FOREACH (x IN [1] | SET a.name = 'x')",
    "LOAD CSV FROM 'file:///etc/passwd' AS line RETURN line",
    "cReAtE (n:Actor {id: 'x'})",
    "MATCH (a:Actor) /* only reading */ SET a.kind = 'x'",
    "MATCH (a:Actor) // a comment\nDELETE a",
    "MATCH (a:Actor)\tSET\ta.kind = 'x'",
    "RETURN 'a string' AS s CREATE (n:Actor {id: 'x'})",
    "RETURN \"it's\" AS s MERGE (n:Actor {id: 'x'})",
    "MATCH (a:Actor) WITH a LIMIT 1 CALL { CREATE (n:Actor {id: 'y'}) } RETURN a",
]


def post(base: str, query: str, **extra) -> httpx.Response:
    body = json.dumps({"query": query, **extra})  # ASCII escapes: lone surrogates travel as \udxxx
    return httpx.post(f"{base}/cypher", content=body, headers={"content-type": "application/json"}, timeout=60)


def node_count(base: str) -> int:
    return post(base, "MATCH (n) RETURN count(n) AS n").json()["rows"][0]["n"]


@pytest.mark.parametrize("query", WRITES)
def test_writes_are_refused_before_reaching_the_engine(api, query):
    before = node_count(api)
    body = assert_problem(post(api, query), 403, "/cypher")
    assert body["title"] == "write refused" and body["clause"]
    assert node_count(api) == before


def test_reads_that_only_mention_write_words_run(api):
    rows = post(api, "RETURN 'CREATE (n) SET x DELETE y' AS text, 1 AS `merge`").json()["rows"]
    assert rows == [{"text": "CREATE (n) SET x DELETE y", "merge": 1}]
    labels = post(api, "CALL db.labels() YIELD label RETURN label ORDER BY label").json()
    assert "Actor" in {r["label"] for r in labels["rows"]}


def test_rows_columns_parameters(api):
    result = post(api, "MATCH (d:Duty {regulationId: $r}) RETURN d.cite AS cite ORDER BY d.start LIMIT 3",
                  parameters={"r": "guangzhou_digital_economy_draft"}).json()
    assert result["columns"] == ["cite"] and len(result["rows"]) == 3 and result["truncated"] is False
    assert result["elapsedMs"] >= 0


def test_row_cap_cuts_and_says_so(api):
    capped = post(api, "UNWIND range(1, 500) AS x RETURN x").json()
    assert len(capped["rows"]) == 200 and capped["truncated"] is True, "REGKG_MAX_ROWS=200 on this server"
    asked = post(api, "UNWIND range(1, 500) AS x RETURN x", limit=10).json()
    assert [r["x"] for r in asked["rows"]] == list(range(1, 11)) and asked["truncated"] is True
    whole = post(api, "UNWIND range(1, 200) AS x RETURN x").json()
    assert len(whole["rows"]) == 200 and whole["truncated"] is False
    assert_problem(post(api, "RETURN 1", limit=201), 422)  # past REGKG_MAX_ROWS


def test_time_limit_gives_504(api):
    response = post(api, "MATCH (a)-[*1..6]-(b) RETURN count(*) AS n", timeout_ms=50)
    body = assert_problem(response, 504, "/cypher")
    assert "time limit" in body["detail"]
    assert_problem(post(api, "RETURN 1", timeout_ms=10_000_000), 400)
    assert httpx.get(f"{api}/health", timeout=30).status_code == 200, "the API stays up"


def test_syntax_error_is_400_with_the_engine_message(api):
    body = assert_problem(post(api, "MATCH (n RETURN n"), 400, "/cypher")
    assert body["title"] == "bad query" and "query failed" in body["detail"]


def test_malformed_requests_are_422(api):
    assert_problem(httpx.post(f"{api}/cypher", json={"parameters": {}}, timeout=10), 422)
    assert_problem(httpx.post(f"{api}/cypher", json={"query": ""}, timeout=10), 422)
    assert_problem(httpx.post(f"{api}/cypher", json={"query": "RETURN 1", "extra": 1}, timeout=10), 422)
    assert_problem(httpx.post(f"{api}/cypher", content=b"not json", timeout=10,
                              headers={"content-type": "application/json"}), 422)


@pytest.mark.parametrize("parameters", [
    {"a b": 1}, {"x=1 CREATE (n) //": 1}, {"a": 2**70}, {"a": "\ud800"}, {"a": {"bad key": 1}},
    {"a": [[[[[[[[[[1]]]]]]]]]]},
])
def test_parameters_must_be_plain_values_with_identifier_names(api, parameters):
    assert_problem(post(api, "RETURN 1 AS one", parameters=parameters), 422, "/cypher")


def test_quotes_in_parameters_stay_values(api):
    sneaky = "x'} RETURN 1 //\" \\"
    assert post(api, "RETURN $a AS a", parameters={"a": sneaky}).json()["rows"] == [{"a": sneaky}]


def test_temporal_values_are_iso_8601_text(api):
    response = post(api, "RETURN duration('P1D') AS d, duration({hours: 1, minutes: 30}) AS hm, "
                         "date('2020-01-02') AS day, localtime('10:11:12') AS t, "
                         "point({latitude: 1, longitude: 2}) AS p")
    assert response.status_code == 200, response.text
    assert response.json()["rows"] == [{"d": "P1D", "hm": "PT1H30M", "day": "2020-01-02", "t": "10:11:12",
                                        "p": {"latitude": 1.0, "longitude": 2.0}}]


def test_a_zone_less_datetime_gets_no_zone_and_durations_keep_what_the_engine_returns(api):
    response = post(api, "RETURN localdatetime('2020-01-02T03:04:05') AS ldt, duration({days: -2}) AS neg")
    assert response.json()["rows"] == [{"ldt": "2020-01-02T03:04:05", "neg": "-P2D"}], response.text


def test_a_duration_past_the_drivers_range_is_400_and_the_connection_lives_on(api):
    """Depends on the store catching the driver's OSError too (graph/store/embedded.py, the lead's change)."""
    with httpx.Client(base_url=api, timeout=60) as client:
        refused = client.post("/cypher", json={"query": "RETURN duration({days: 1e15}) AS a"})
        assert_problem(refused, 400, "/cypher")
        assert client.post("/cypher", json={"query": "RETURN 1 AS one"}).json()["rows"] == [{"one": 1}]


def test_a_value_the_driver_cannot_decode_is_400_naming_it_and_the_connection_lives_on(api):
    with httpx.Client(base_url=api, timeout=60) as client:  # one keep-alive connection for both requests
        body = json.dumps({"query": "RETURN date({year: 10000}) AS d"})
        refused = client.post("/cypher", content=body, headers={"content-type": "application/json"})
        assert "year 10000" in assert_problem(refused, 400, "/cypher")["detail"]
        assert client.post("/cypher", json={"query": "RETURN 1 AS one"}).json()["rows"] == [{"one": 1}]


@pytest.mark.parametrize("parameters", [{"x": "\u0000"}, {"x": ["a", "b\u0000"]}, {"x": {"k": "\u0000"}}])
def test_a_nul_in_a_parameter_is_refused_before_the_engine(api, parameters):
    body = assert_problem(post(api, "RETURN $x AS x", parameters=parameters), 400, "/cypher")
    assert "NUL" in body["detail"] and body["parameter"].startswith("x") and "column" not in body["detail"]


def test_a_body_past_the_limit_is_413_declared_or_streamed(api: str) -> None:
    big = {"query": "RETURN $x AS x", "parameters": {"x": "数" * 400_000}}  # 1.2 MB of UTF-8 > 1,000,000
    assert_problem(httpx.post(f"{api}/cypher", json=big, timeout=30), 413, "/cypher")

    def chunks():  # no Content-Length: counted as it arrives
        data = json.dumps(big).encode()
        for start in range(0, len(data), 65_536):
            yield data[start:start + 65_536]

    streamed = httpx.post(f"{api}/cypher", content=chunks(), headers={"content-type": "application/json"}, timeout=30)
    assert_problem(streamed, 413, "/cypher")
    small = httpx.post(f"{api}/cypher", json={"query": "RETURN $x AS x", "parameters": {"x": "数" * 1000}}, timeout=30)
    assert small.status_code == 200 and small.json()["rows"][0]["x"] == "数" * 1000
