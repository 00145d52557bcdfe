"""The read-only guard (graph/cypher_guard.py): bypass attempts refused, legitimate reads allowed and run for real.

The bypasses hide writes in case, comments, layout, look-alike letters, map keys, CALL subqueries and
procedure names; the crash shapes are queries FalkorDB 4.16 cannot parse safely (each one aborted or hung
the engine when tried): they are refused before anything reaches the engine. Every legitimate read is then
run on a real embedded engine holding the draft, and must answer without error.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from regkg.errors import WriteRefusedError
from regkg.graph.cypher_guard import MAX_DEPTH, check_read_only, tokenize
from regkg.graph.store.embedded import EmbeddedStore
from regkg.loaders.parse import parse_file
from tests.conftest import DRAFT
from tests.store_fixtures import embedded_settings, engine_home, make_graph, run_cli

__all__ = ["engine_home"]

BYPASSES = [
    # plain writes, any case
    ("CREATE (n:Article {id: 'x'})", "CREATE"),
    ("create (n:Article {id: 'x'})", "CREATE"),
    ("CrEaTe (n)", "CREATE"),
    ("match (n) merge (m:Actor {id: 'a'})", "MERGE"),
    ("MATCH (n:Duty) SET n.text = 'x'", "SET"),
    ("MATCH (n:Duty) SET n += {text: 'x'}", "SET"),
    ("MATCH (n:Duty) SET n:Hacked", "SET"),
    ("MATCH (n:Duty) DETACH DELETE n", "DETACH DELETE"),
    ("MATCH (n:Duty) DELETE n", "DELETE"),
    ("MATCH (n:Duty) DELETE (n)", "DELETE"),
    ("MATCH (n:Duty) REMOVE n.text", "REMOVE"),
    ("MATCH (n:Duty) REMOVE n:Duty", "REMOVE"),
    ("DROP INDEX ON :Article(id)", "DROP"),
    ("CREATE INDEX FOR (n:X) ON (n.y)", "CREATE"),
    ("LOAD  CSV FROM 'file:///etc/passwd' AS row RETURN row", "LOAD CSV"),
    ("MATCH (n) FOREACH (x IN [1] | CREATE (:X))", "FOREACH"),
    ("MATCH (n) MERGE (n)-[:R]->(m) ON CREATE SET m.x = 1", "MERGE"),
    ("INSERT (:X {a: 1})", "INSERT"),
    # hidden by layout and comments
    ("MATCH (n)\nDELETE\nn", "DELETE"),
    ("MATCH (n)/* read only */DELETE n", "DELETE"),
    ("MATCH (n) // just a comment\nDETACH DELETE n", "DETACH DELETE"),
    ("MATCH (n) /* ' */ SET n.x = 1 /* ' */", "SET"),
    ("MATCH (n) WHERE n.x = '/*' SET n.x = 1 //*/", "SET"),
    ("MATCH (n) WHERE n.x = 'it\\'s' SET n.x = 1 RETURN 'x'", "SET"),
    ("MATCH (n) WHERE n.x = \"a\\\"b\" DELETE n", "DELETE"),
    ("RETURN 1 /* /* */ CREATE (n) */", "CREATE"),
    ("MATCH (n) WITH * DELETE n", "DELETE"),
    ("MATCH (n) WITH n LIMIT 1 DELETE n", "DELETE"),
    ("MATCH (n) WITH n, n AS m DELETE m", "DELETE"),
    ("UNWIND [1] AS x CREATE (:X {v: x})", "CREATE"),
    ("RETURN 1 AS x UNION CREATE (n) RETURN 1 AS x", "CREATE"),
    # subqueries, procedures, transactions, multiple statements
    ("CALL { CREATE (n:X) } RETURN 1", "CREATE"),
    ("CALL { MATCH (n) RETURN n } IN TRANSACTIONS RETURN 1", "IN TRANSACTIONS"),
    ("MATCH (n) CALL (n) { DETACH DELETE n } IN 10 ROWS OF TRANSACTIONS", "DETACH DELETE"),
    ("CALL db.idx.fulltext.createNodeIndex('Article', 'text')", "CALL"),
    ("CALL db.idx.fulltext.drop('Article')", "CALL"),
    ("CALL db.idx.fulltext . createNodeIndex('Article', 'text')", "CALL"),
    ("CALL `db`.`idx`.fulltext.createNodeIndex('A', 'b')", "CALL"),
    ("CALL apoc.cypher.runWrite('CREATE (n)', {})", "CALL"),
    ("CALL algo.pageRank('Actor', 'BEARS')", "CALL"),
    ("CALL dbms.security.createUser('x', 'y', false)", "CALL"),
    ("RETURN 1; CREATE (n)", ";"),
    # admin commands
    ("USE system MATCH (n) RETURN n", "USE"),
    ("SHOW USERS", "SHOW"),
    ("STOP DATABASE neo4j", "STOP"),
    ("START DATABASE neo4j", "START"),
    ("ALTER USER neo4j SET PASSWORD 'x'", "ALTER"),
    ("GRANT ROLE admin TO reader", "GRANT"),
    ("DENY READ {*} ON GRAPH * TO reader", "DENY"),
    ("REVOKE ROLE admin FROM reader", "REVOKE"),
    ("TERMINATE TRANSACTIONS 'x'", "TERMINATE"),
    ("CREATE USER x SET PASSWORD 'y'", "CREATE"),
    # look-alike letters and odd characters outside strings
    ("ＣＲＥＡＴＥ (n)", "SYNTAX"),
    ("СREATE (n)", "SYNTAX"),  # Cyrillic С
    ("MATCH (n)\u00a0DELETE n", "SYNTAX"),
    ("MATCH (n) RETURN n /* unterminated", "SYNTAX"),
    ("MATCH (n) WHERE n.x = 'unterminated RETURN n", "SYNTAX"),
    # shapes that crash or hang FalkorDB 4.16
    ("RETURN a/**/.b()", "COMMENT"),
    ("CALL db.labels/**/.x()", "COMMENT"),
    ("RETURN a./**/b()", "COMMENT"),
    ("CALL db/**/.labels()", "COMMENT"),
    ("RETURN a // x\n.b()", "COMMENT"),
    ("RETURN " + "[" * 20 + "1" + "]" * 20, "DEPTH"),
    ("RETURN " + "(" * 40 + "1" + ")" * 40, "DEPTH"),
    ("RETURN " + "-" * 14 + "1", "DEPTH"),
    ("RETURN " + "NOT " * 14 + "true", "DEPTH"),
    ("RETURN " + "-(" * 6 + "1" + ")" * 6, "DEPTH"),
    ("MATCH (a:Actor), (b:Duty) OPTIONAL MATCH (a), (b) RETURN a.id", "OPTIONAL MATCH"),
    ("RETURN '" + "x" * 40_000 + "'", "LENGTH"),
]

LEGITIMATE = [
    "RETURN 1 AS set",
    "RETURN {set: 1} AS m",
    "RETURN {create: 1, delete: 2, merge: 3}.delete AS d",
    "MATCH (n:Article) WHERE n.text CONTAINS 'CREATE' RETURN n.id AS id LIMIT 5",
    "MATCH (n:Duty) RETURN n.set AS s, n.`delete` AS d LIMIT 1  // DELETE in a comment",
    "MATCH (n:Duty {modality: \"SET\"}) RETURN count(n) AS c",
    "MATCH (n:Duty) /* MERGE (x) */ RETURN count(n) AS c",
    "MATCH (n:Duty) WHERE n.text CONTAINS 'it\\'s; DROP' RETURN count(n) AS c",
    "CALL db.labels()",
    "CALL db.labels() YIELD label RETURN label ORDER BY label",
    "CALL db.relationshipTypes()",
    "CALL db.propertyKeys()",
    "CALL db.indexes()",
    "CALL DB.LABELS()",
    "CALL db.idx.fulltext.queryNodes('Article', '数据') YIELD node RETURN node.id AS id LIMIT 3",
    "MATCH (start:Article)-[:HAS_PARAGRAPH]->(end) RETURN start.id AS s, end.id AS e LIMIT 2",
    "MATCH (set:Article) RETURN set.id AS id LIMIT 1",
    "WITH 1 AS set RETURN set + 1 AS two",
    "MATCH (a:Actor)-[:BEARS]->(d:Duty) RETURN a.name AS actor, count(d) AS duties ORDER BY duties DESC LIMIT 5",
    "MATCH (d:Duty)<-[:BEARS]-(a:Actor) WHERE NOT (d)-[:CONCERNS]->() RETURN count(d) AS c",
    "MATCH p = (c:Concept)-[:BROADER*0..3]->(:Concept) RETURN length(p) AS hops LIMIT 3",
    "UNWIND [1, 2, 3] AS x RETURN x * -1 AS y",
    "MATCH (n:Article) RETURN n.id AS id ORDER BY n.id SKIP 1 LIMIT 2;",
    "RETURN [x IN range(1, 3) WHERE x > 1 | x * 2] AS xs",
    "RETURN CASE WHEN 1 < 2 THEN 'yes' ELSE 'no' END AS answer",
    "MATCH (n:Article) WITH n ORDER BY n.id LIMIT 1 RETURN n { .id, .cite } AS article",
    "MATCH (n:Article) WHERE n.id STARTS WITH $prefix RETURN count(n) AS c",
    "RETURN " + "(" * MAX_DEPTH + "1" + ")" * MAX_DEPTH + " AS deep",
    "MATCH (a:Actor) OPTIONAL MATCH (a)-[:BEARS]->(d:Duty) RETURN a.id AS a, count(d) AS c LIMIT 3",
    "CALL { MATCH (n:Article) RETURN n.id AS id LIMIT 1 } RETURN id",
]


@pytest.mark.parametrize(("query", "clause"), BYPASSES, ids=[f"bypass{i}" for i in range(len(BYPASSES))])
def test_bypass_attempts_are_refused(query: str, clause: str) -> None:
    with pytest.raises(WriteRefusedError) as refused:
        check_read_only(query)
    assert refused.value.details["clause"] == clause
    assert "line" in refused.value.message and "column" in refused.value.message


def test_the_corpus_is_big_enough() -> None:
    assert len(BYPASSES) >= 40 and len(LEGITIMATE) >= 15


@pytest.mark.parametrize("query", LEGITIMATE, ids=[f"read{i}" for i in range(len(LEGITIMATE))])
def test_legitimate_reads_pass_the_guard(query: str) -> None:
    check_read_only(query)


def test_the_refusal_names_the_clause_and_where_it_is() -> None:
    with pytest.raises(WriteRefusedError) as refused:
        check_read_only("MATCH (n)\n  WHERE n.x = 'SET'\n  detach delete n")
    assert refused.value.details == {"clause": "DETACH DELETE", "position": 32, "line": 3, "column": 3}
    assert str(refused.value).startswith("read-only: DETACH DELETE is not allowed here")


def test_tokens_keep_strings_comments_and_names_whole() -> None:
    tokens = tokenize("MATCH (n) // c\nWHERE n.`a b` = 'x\\'y' /* z */ RETURN $p")
    kinds = [(t.kind, t.text) for t in tokens]
    assert ("comment", "// c") in kinds and ("comment", "/* z */") in kinds
    assert ("name", "`a b`") in kinds and ("string", "'x\\'y'") in kinds and ("param", "$p") in kinds


@pytest.fixture(scope="module")
def store(engine_home: Path) -> Iterator[EmbeddedStore]:
    """A real engine holding the draft, with a full-text index on Article text for the queryNodes read."""
    store = EmbeddedStore(embedded_settings(engine_home))
    store.load_regulation(make_graph(parse_file(DRAFT, "gz")), "gz")
    store._admin.select_graph(store.graph_name).query("CALL db.idx.fulltext.createNodeIndex('Article', 'text')")
    yield store
    store.close()


def test_legitimate_reads_run_on_the_engine(store: EmbeddedStore) -> None:
    answered = {}
    for query in LEGITIMATE:
        answered[query] = store.read(query, {"prefix": "gz:"}, limit=50)
    assert answered["RETURN 1 AS set"] == [{"set": 1}]
    assert answered["WITH 1 AS set RETURN set + 1 AS two"] == [{"two": 2}]
    assert len(answered["MATCH (set:Article) RETURN set.id AS id LIMIT 1"]) == 1
    assert answered["MATCH (n:Article) WHERE n.id STARTS WITH $prefix RETURN count(n) AS c"][0]["c"] > 50
    assert store.read("RETURN 1 AS alive") == [{"alive": 1}]


@pytest.mark.parametrize("query", ["RETURN a/**/.b()", "CALL db.labels/**/.x()",
                                   "RETURN " + "[" * 20 + "1" + "]" * 20])
def test_crash_shapes_never_reach_the_engine(store: EmbeddedStore, query: str) -> None:
    pid = store.server.pid() if hasattr(store.server, "pid") else None
    with pytest.raises(WriteRefusedError):
        store.read(query)
    assert store.read("RETURN 1 AS alive", timeout_ms=2000) == [{"alive": 1}]
    if pid is not None:
        assert store.server.pid() == pid


def test_cli_refuses_with_exit_2_and_the_position(engine_home: Path, store: EmbeddedStore) -> None:
    done = run_cli(engine_home, "cypher", "RETURN a/**/.b()")
    assert done.returncode == 2, done.stderr
    assert "comment next to the '.'" in done.stderr and "line 1, column 9" in done.stderr
    assert "Traceback" not in done.stderr
