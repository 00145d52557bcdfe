"""Every statement of graph/cypher.py runs on the embedded engine and passes Neo4j's own Cypher linter;
the read-only guard refuses writes, also through the real `regkg cypher` command."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from regkg.errors import WriteRefusedError
from regkg.graph import cypher
from regkg.graph.store.base import check_read_only
from regkg.graph.store.embedded import EmbeddedStore
from regkg.graph.store.load_plan import delete_steps, plan_load, write_steps
from regkg.loaders.parse import parse_file
from tests.conftest import DRAFT
from tests.store_fixtures import ROOT, embedded_settings, engine_home, make_graph, run_cli

__all__ = ["engine_home"]

LINT_DIR = ROOT / "tools" / "cypher-lint"
PARAMETER = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")
RID = "gz_stmt"
SAMPLE_VALUES = {
    "regulationId": RID, "id": f"{RID}:60.2#1", "ids": ["concept:data-centre", "actor:广州市:人民政府"],
    "limit": 25, "offset": 0, "paths": 25, "after": "", "regulation": RID, "modality": "obligation", "article": "60",
    "paragraphPrefix": "60.", "itemPrefix": "60(", "actorIds": ["actor:广州市:人民政府"], "level": "市",
    "conceptIds": ["concept:computing-infrastructure"], "rows": [], "keep": [],
    "text": "数据", "skip": 0, "dotPrefix": f"{RID}:60.", "label": "第六十条",  # the API's statements (issue 11)
}


@pytest.fixture(scope="module")
def store(engine_home: Path):
    """An embedded store holding the draft (fixture facts)."""
    opened = EmbeddedStore(embedded_settings(engine_home, graph_name="statements"))
    opened.load_regulation(make_graph(parse_file(DRAFT, RID)), RID)
    try:
        yield opened
    finally:
        opened.close()


def sample_parameters() -> dict[str, dict]:
    """Real parameters for the load statements (from a load plan of the draft), by statement."""
    plan = plan_load(make_graph(parse_file(DRAFT, RID)), RID)
    found: dict[str, dict] = {}
    for statement, params in [*delete_steps(RID), *write_steps(plan, 50)]:
        found.setdefault(statement, params)
    return found


def test_every_statement_runs_on_the_embedded_engine(store: EmbeddedStore) -> None:
    statements = [*cypher.portable_statements(), *cypher.falkordb_ddl()]
    assert len(statements) > 100
    planned = sample_parameters()
    scratch_key = "statements:scratch"
    admin = store._admin
    admin.connection.delete(scratch_key)
    admin.connection.execute_command("GRAPH.COPY", store.graph_name, scratch_key)
    scratch = admin.select_graph(scratch_key)
    failures = []
    try:
        for statement in statements:
            params = planned.get(statement) or {name: SAMPLE_VALUES[name] for name in PARAMETER.findall(statement)}
            try:
                scratch.query(statement, params, timeout=30_000)
            except Exception as error:
                if "already indexed" not in str(error):  # the DDL ran when the graph was created
                    failures.append(f"{statement}\n  -> {error}")
    finally:
        admin.connection.delete(scratch_key)
    assert not failures, "\n".join(failures)
    assert len([s for s in statements if s in planned]) >= 20  # many ran with real batches, not empty lists


def test_read_statements_pass_the_read_only_guard() -> None:
    reads = [s for s in cypher.portable_statements() if s.startswith(("MATCH", "RETURN", "UNWIND $ids"))
             and not any(w in s for w in ("DELETE", "MERGE", "CREATE"))]
    assert len(reads) > 40
    for statement in reads:
        check_read_only(statement)


def lint(statements: list[str]) -> list[dict]:
    """Diagnostics of Neo4j's linter (@neo4j-cypher/language-support, offline) for each statement."""
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed: cannot run Neo4j's Cypher linter")
    if not (LINT_DIR / "node_modules" / "@neo4j-cypher").exists():
        subprocess.run(["npm", "ci", "--no-audit", "--no-fund"], cwd=LINT_DIR, check=True, capture_output=True,
                       timeout=600)
    done = subprocess.run([node, "lint.cjs"], cwd=LINT_DIR, input=json.dumps(statements), capture_output=True,
                          text=True, timeout=300, check=True)
    return json.loads(done.stdout)


def test_every_statement_passes_neo4js_linter() -> None:
    statements = cypher.all_statements()
    report = lint([*statements, "MATCH (n RETURN n"])
    assert report[-1]["diagnostics"], "the linter must flag a broken statement"
    problems = [f"{r['query']}\n  -> {r['diagnostics']}" for r in report[:-1] if r["diagnostics"]]
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("query", [
    "CREATE (n:Article {id: 'x'})",
    "match (n) merge (m:Actor {id: 'a'})",
    "MATCH (n:Duty) SET n.text = 'x'",
    "MATCH (n:Duty) DETACH DELETE n",
    "MATCH (n:Duty) REMOVE n.text",
    "DROP INDEX ON :Article(id)",
    "LOAD  CSV FROM 'file:///x' AS row RETURN row",
    "CALL db.idx.fulltext.createNodeIndex('Article', 'text')",
    "MATCH (n) FOREACH (x IN [1] | CREATE (:X))",
])
def test_guard_refuses_writes(query: str) -> None:
    with pytest.raises(WriteRefusedError):
        check_read_only(query)


@pytest.mark.parametrize("query", [
    "MATCH (n:Duty) WHERE n.text CONTAINS 'CREATE' RETURN n.id AS id LIMIT 5",
    "MATCH (n:Duty) RETURN n.set AS s, n.`delete` AS d LIMIT 1  // DELETE in a comment",
    "CALL db.labels()",
    "MATCH (n:Duty {modality: \"SET\"}) RETURN count(n) AS c",
])
def test_guard_lets_reads_through(query: str) -> None:
    check_read_only(query)


@pytest.fixture(scope="module")
def cli_home(engine_home: Path, store: EmbeddedStore) -> Path:
    """The module's REGKG_HOME, with the draft loaded into the default graph for the CLI."""
    default = EmbeddedStore(embedded_settings(engine_home))
    default.load_regulation(make_graph(parse_file(DRAFT, RID)), RID)
    default.close()
    return engine_home


@pytest.mark.parametrize("query", ["CREATE (n:Article {id: 'evil'}) RETURN n.id AS id",
                                   "MERGE (n:Article {id: 'evil'}) RETURN n.id AS id",
                                   "MATCH (n:Duty) SET n.text = 'evil' RETURN count(n) AS c",
                                   "MATCH (n:Duty) DELETE n"])
def test_regkg_cypher_refuses_writes(cli_home: Path, query: str) -> None:
    before = run_cli(cli_home, "cypher", "MATCH (n) RETURN count(n) AS c", "--json")
    done = run_cli(cli_home, "cypher", query)
    assert done.returncode == 2
    assert "read-only" in done.stderr and "Traceback" not in done.stderr
    after = run_cli(cli_home, "cypher", "MATCH (n) RETURN count(n) AS c", "--json")
    assert json.loads(after.stdout)["rows"] == json.loads(before.stdout)["rows"] != [{"c": 0}]


def test_regkg_cypher_caps_rows_and_prints_json(cli_home: Path) -> None:
    done = run_cli(cli_home, "cypher", "MATCH (d:Duty) RETURN d.id AS id, d.article AS article ORDER BY id",
                   "--json", "--limit", "3")
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["columns"] == ["id", "article"] and len(result["rows"]) == 3 and result["truncated"] is True
    table = run_cli(cli_home, "cypher", "MATCH (d:Duty {article: $n}) RETURN d.cite AS cite ORDER BY cite",
                    "-p", "n=60")
    assert table.returncode == 0 and "60.2" in table.stdout and "row(s)" in table.stdout


def test_regkg_cypher_time_limit_and_syntax_errors(cli_home: Path) -> None:
    slow = run_cli(cli_home, "cypher", "UNWIND range(1, 100000) AS x UNWIND range(1, 100000) AS y "
                                       "WITH x, y WHERE (x * y) % 7 = 9 RETURN count(x) AS c", "--timeout", "50")
    assert slow.returncode != 0 and "time limit" in slow.stderr
    broken = run_cli(cli_home, "cypher", "MATCH (n RETURN n")
    assert broken.returncode == 2 and "query failed" in broken.stderr
