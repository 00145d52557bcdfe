"""The two backends are one product: the bundled corpus loaded into embedded FalkorDB and into a real Neo4j
answers every named question, over every concept, actor, level, modality and regulation, with the same JSON;
counts and GraphML exports match; and the exported Cypher script rebuilds the same graph in Neo4j, twice.

Needs the session's own Neo4j (tests/neo4j_server.py): the module empties its database.
"""

from __future__ import annotations

import itertools
import json
import os
from collections import Counter
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from regkg.cli.commands.export import graph_from_files
from regkg.graph import export, queries
from regkg.graph.store import GraphStore, open_store
from regkg.graph.store.neo4j import Neo4jStore
from tests.conftest import CORPUS_FILES, NEO4J_REPORT, neo4j_settings
from tests.store_fixtures import ROOT, embedded_settings, engine_home, run_cli

__all__ = ["engine_home"]

pytestmark = pytest.mark.neo4j

Question = tuple[str, Callable[[GraphStore], Any]]
FULL = os.environ.get("REGKG_TEST_EQUIVALENCE") == "full"  # every concept, actor, node and provision (slow)
SCRIPT_REGULATIONS = ("beijing_informatization_2007", "hangzhou_smart_economy_2015")


def empty_database(store: Neo4jStore) -> None:
    with store.driver.session(database=store.database) as session:  # IN TRANSACTIONS needs an auto-commit one
        session.run("MATCH (n) CALL { WITH n DETACH DELETE n } IN TRANSACTIONS OF 5000 ROWS").consume()


def load_corpus(home: Path, **env: str) -> list[dict]:
    """`regkg load --json corpus/*.txt` as a user runs it (embedded in `home`, or Neo4j through env)."""
    done = run_cli(home, "load", "--json", *(str(p) for p in CORPUS_FILES), timeout=600, **env)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)["regulations"]


@pytest.fixture(scope="module")
def stores(engine_home: Path, neo4j_owned: dict[str, str],
           tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[GraphStore, Neo4jStore]]:
    """The corpus in both stores, each loaded by `regkg load` (the embedded engine in its own REGKG_HOME)."""
    neo = Neo4jStore(neo4j_settings(neo4j_owned))
    embedded = open_store(embedded_settings(engine_home))
    try:
        empty_database(neo)
        loaded_embedded = load_corpus(engine_home)
        loaded_neo4j = load_corpus(tmp_path_factory.mktemp("neo4j-cli"), **neo4j_owned)
        strip = [{k: v for k, v in row.items() if k != "seconds"} for row in loaded_embedded]
        assert strip == [{k: v for k, v in row.items() if k != "seconds"} for row in loaded_neo4j]
        yield embedded, neo
    finally:
        empty_database(neo)
        neo.close()
        embedded.close()


def questions(store: GraphStore) -> list[Question]:
    """Every named question of graph.queries over a broad set of filters, built from what the store holds:
    every concept and actor that occurs, every level and modality, every regulation, every article of the
    draft, neighbourhoods of shared nodes and regulations. By default the 80 concepts and 80 actors with most duties
    and every 4th node (about 1,000 pairs); REGKG_TEST_EQUIVALENCE=full asks about all of them (~3,000 pairs)."""
    regulations = [r["id"] for r in queries.regulations(store)]
    concepts = [c for c in queries.concepts(store) if c["duties"]][:None if FULL else 80]
    actors = [a for a in queries.actors(store) if a["duties"] or a["partnerDuties"] or a["targetedBy"]]
    actors = actors[:None if FULL else 80]
    levels = sorted({row["level"] for row in store.read(
        "MATCH ()-[b:BEARS]->() RETURN DISTINCT b.level AS level LIMIT 100") if row["level"]})
    modalities = sorted({row["m"] for row in store.read("MATCH (d:Duty) RETURN DISTINCT d.modality AS m LIMIT 100")})
    asked: list[Question] = [("regulations", queries.regulations), ("duties", queries.duties)]
    for rid in [None, *regulations]:
        asked.append((f"actors regulation={rid}", lambda s, r=rid: queries.actors(s, regulation=r)))
        asked.append((f"concepts regulation={rid}", lambda s, r=rid: queries.concepts(s, regulation=r)))
    for rid in regulations:
        asked.append((f"duties regulation={rid}", lambda s, r=rid: queries.duties(s, regulation=r)))
    for concept in concepts:
        asked.append((f"duties concept={concept['id']}",
                      lambda s, c=concept["id"]: queries.duties(s, concept_ids=[c])))
    for concept in concepts[:10]:  # the most-cited concepts, under every modality
        for modality in modalities:
            asked.append((f"duties concept={concept['id']} modality={modality}",
                          lambda s, c=concept["id"], m=modality: queries.duties(s, concept_ids=[c], modality=m)))
    for index, actor in enumerate(actors):
        asked.append((f"duties actor={actor['name']}", lambda s, a=actor["name"]: queries.duties(s, actor=a)))
        if index < 20:  # the busiest actors: by English name and at every level too
            if actor["nameEn"]:
                asked.append((f"duties actor={actor['nameEn']}",
                              lambda s, a=actor["nameEn"]: queries.duties(s, actor=a)))
            for level in levels:
                asked.append((f"duties actor={actor['name']} level={level}",
                              lambda s, a=actor["name"], lv=level: queries.duties(s, actor=a, level=lv)))
    for level in levels:
        asked.append((f"duties level={level}", lambda s, lv=level: queries.duties(s, level=lv)))
    for modality in modalities:
        asked.append((f"duties modality={modality}", lambda s, m=modality: queries.duties(s, modality=m)))
        for level in levels:
            asked.append((f"duties modality={modality} level={level}",
                          lambda s, m=modality, lv=level: queries.duties(s, modality=m, level=lv)))
    draft = "guangzhou_digital_economy_draft"
    for row in store.read("MATCH (a:Article {regulationId: $r}) RETURN a.number AS n ORDER BY n LIMIT 1000",
                          {"r": draft}):
        asked.append((f"duties regulation={draft} article={row['n']}",
                      lambda s, n=row["n"]: queries.duties(s, regulation=draft, article=n)))
    nodes = [row["id"] for row in store.read(
        "MATCH (n) WHERE n:Regulation OR n:Actor OR n:Concept OR n:Law OR n:DefinedTerm RETURN n.id AS id "
        "ORDER BY id LIMIT 5000", limit=5000)]
    for node in nodes[::1 if FULL else 4]:
        asked.append((f"neighbourhood {node}", lambda s, n=node: queries.neighbourhood(s, n, depth=1)))
    for node in regulations[:2]:
        asked.append((f"neighbourhood {node} depth=2", lambda s, n=node: queries.neighbourhood(s, n, depth=2)))
    asked += api_questions(store, regulations, concepts, actors, levels, modalities)
    asked += catalogue_questions(concepts, actors, levels, modalities, regulations)
    return asked


def api_questions(store: GraphStore, regulations: list[str], concepts: list[dict], actors: list[dict],
                  levels: list[str], modalities: list[str]) -> list[Question]:
    """The API's questions in graph.queries (outline, provision, pages, actor and concept details, trees)."""
    asked: list[Question] = []
    optional = {"duties_page", "outline", "provision", "actor_summaries", "actor_detail", "concept_tree",
                "concept_detail"}
    if not optional <= set(dir(queries)):
        return asked
    draft = "guangzhou_digital_economy_draft"
    for rid in [None, *regulations]:
        asked.append((f"actor_summaries regulation={rid}", lambda s, r=rid: queries.actor_summaries(s, regulation=r)))
        asked.append((f"concept_tree regulation={rid}", lambda s, r=rid: queries.concept_tree(s, regulation=r)))
    for rid in regulations:
        asked.append((f"outline {rid}", lambda s, r=rid: queries.outline(s, r)))
    cites = [row["cite"] for row in store.read(
        "MATCH (n) WHERE (n:Article OR n:Paragraph OR n:Item) AND n.regulationId = $r RETURN n.cite AS cite "
        "ORDER BY n.start, cite LIMIT 2000", {"r": draft}, limit=2000)]
    for cite in cites[::1 if FULL else 6]:
        asked.append((f"provision {draft} {cite}", lambda s, c=cite: queries.provision(s, draft, c)))
    for concept in concepts[:None if FULL else 20]:
        asked.append((f"concept_detail {concept['id']}", lambda s, c=concept["id"]: queries.concept_detail(s, c)))
    for actor in actors[:None if FULL else 20]:
        asked.append((f"actor_detail {actor['id']}", lambda s, a=actor["id"]: queries.actor_detail(s, a)))
    for concept in concepts[:10]:
        for offset in (0, 5):
            asked.append((f"duties_page concept={concept['id']} offset={offset}",
                          lambda s, c=concept["id"], o=offset: queries.duties_page(s, concept_ids=[c], offset=o,
                                                                                   limit=5)))
    for word in ("数据", "平台", "安全", "应当"):
        asked.append((f"duties_page text={word}", lambda s, w=word: queries.duties_page(s, text=w, limit=50)))
    for modality in modalities:
        for level in levels:
            asked.append((f"duties_page modality={modality} level={level}",
                          lambda s, m=modality, lv=level: queries.duties_page(s, modality=m, level=lv, limit=20)))
    return asked


def catalogue_questions(concepts: list[dict], actors: list[dict], levels: list[str], modalities: list[str],
                        regulations: list[str]) -> list[Question]:
    """Every question of the named-questions catalogue (graph/questions.yaml), over values of each parameter type."""
    try:
        from regkg.graph import questions as catalogue
    except ImportError:
        return []
    values = {"concept": [c["id"] for c in concepts[:15]], "actor": [a["name"] for a in actors[:15]],
              "level": levels, "modality": modalities, "regulation": regulations}
    asked: list[Question] = []
    for question in catalogue.catalogue().values():
        choices = [[(p.name, v) for v in values.get(p.type, [p.example if p.example is not None else p.default])]
                   for p in question.params]
        for combination in list(itertools.product(*choices))[:60]:
            given = dict(combination)
            asked.append((f"ask {question.name} {given}",
                          lambda s, n=question.name, g=given: catalogue.ask(s, n, g)))
    return asked


# The API's questions (issue 11's graph.queries functions and graph/questions.yaml) are compared in their own test
# (test_api_questions_give_the_same_json), which says whether a difference is only one of key or list order.
# Once known defects: map projections returned straight (Neo4j does not keep their key order), lists collected and
# rows sorted with ties, duplicate responsibility-path rows on Neo4j with parallel CONCERNS relationships.
API_QUESTIONS = ("ask ", "outline ", "provision ", "concept_detail ", "actor_detail ")
DEFERRED: list[tuple[str, str, str]] = []


def unordered(text: str) -> str:
    """An answer with every list sorted (recursively): equal when two answers differ only in order."""
    def canonical(value: Any) -> Any:
        if isinstance(value, dict):
            return {k: canonical(v) for k, v in sorted(value.items())}
        if isinstance(value, list):
            return sorted((canonical(v) for v in value), key=lambda v: json.dumps(v, ensure_ascii=False))
        return value

    try:
        return json.dumps(canonical(json.loads(text)), ensure_ascii=False)
    except ValueError:
        return text


def answer(store: GraphStore, ask: Callable[[GraphStore], Any]) -> str:
    try:
        return json.dumps(ask(store), ensure_ascii=False)
    except Exception as error:  # a typed error is an answer too: both stores must give the same one
        return f"{type(error).__name__}: {error}"


def test_every_question_gets_the_same_json_from_both(stores) -> None:
    embedded, neo = stores
    asked = questions(embedded)
    assert [name for name, _ in asked] == [name for name, _ in questions(neo)]
    with ThreadPoolExecutor(2) as pool:  # each store answers in its own thread: the engines work side by side
        mine_all, theirs_all = pool.map(lambda store: [answer(store, ask) for _, ask in asked], (embedded, neo))
    differences, deferred, answered = [], [], 0
    for (name, _), mine, theirs in zip(asked, mine_all, theirs_all, strict=True):
        if name.startswith(API_QUESTIONS):
            deferred.append((name, mine, theirs))
        elif mine != theirs:
            differences.append(f"{name}:\n  embedded {mine[:300]}\n  neo4j    {theirs[:300]}")
        answered += mine not in ("[]", '{"nodes": [], "relationships": [], "truncated": false}')
    DEFERRED[:] = deferred
    NEO4J_REPORT.append(f"equivalence: {len(asked) - len(deferred)} (question, filter) pairs compared strictly, "
                        f"{answered} non-empty answers in all, {len(differences)} differences")
    assert not differences, f"{len(differences)} of {len(asked)} differ:\n" + "\n".join(differences[:10])
    assert len(asked) > 800 and answered > len(asked) // 2


def test_api_questions_give_the_same_json(stores) -> None:
    assert DEFERRED, "runs after test_every_question_gets_the_same_json_from_both"
    order_only = [name for name, mine, theirs in DEFERRED if mine != theirs and unordered(mine) == unordered(theirs)]
    content = [name for name, mine, theirs in DEFERRED if unordered(mine) != unordered(theirs)]
    which = ", ".join(sorted({name.split(" {")[0] for name in content}))
    NEO4J_REPORT.append(f"equivalence, API questions: {len(DEFERRED)} pairs, {len(order_only)} differ "
                        f"only in key or list order, {len(content)} in content ({which})")
    assert not order_only and not content, "\n".join(f"{n}:\n  {m[:400]}\n  {t[:400]}" for n, m, t in DEFERRED
                                                   if m != t)[:6000]


def test_counts_per_label_and_type_match(stores) -> None:
    embedded, neo = stores
    counts = embedded.counts()
    assert counts["nodes"] > 3000 and counts["relationships"] > 8000
    assert neo.counts() == counts
    NEO4J_REPORT.append(f"equivalence: {counts['nodes']} nodes, {counts['relationships']} relationships in each store")


def test_graphml_exports_match(stores, tmp_path: Path) -> None:
    embedded, neo = stores
    mine = export.write_graphml(export.graph_from_store(embedded), tmp_path / "embedded.graphml").read_bytes()
    theirs = export.write_graphml(export.graph_from_store(neo), tmp_path / "neo4j.graphml").read_bytes()
    assert len(mine) > 1_000_000
    assert mine == theirs


def test_deep_neighbourhood_of_a_busy_concept_is_the_same(stores) -> None:
    """Around the busiest concept, cut or whole, both backends keep the same part and say the same about the cut
    (once, paths were cut at `LIMIT $paths` before duplicates went: an engine-chosen part, "not truncated")."""
    embedded, neo = stores
    for depth, limit, cut in ((2, 500, True), (3, 500, True), (2, 5000, False)):
        mine = queries.neighbourhood(embedded, "concept:data", depth=depth, limit=limit)
        theirs = queries.neighbourhood(neo, "concept:data", depth=depth, limit=limit)
        assert mine["truncated"] is cut
        assert len(mine["relationships"]) == limit if cut else 1000 < len(mine["relationships"]) < limit
        assert json.dumps(mine, ensure_ascii=False) == json.dumps(theirs, ensure_ascii=False), (depth, limit)


def test_every_node_has_a_caption_for_neo4j_browser(stores) -> None:
    _, neo = stores
    rows = neo.read("MATCH (n) WHERE n.name IS NULL OR n.name = '' RETURN labels(n) AS labels, n.id AS id LIMIT 10")
    assert rows == []
    grass = (ROOT / "tools" / "neo4j" / "regkg.grass").read_text(encoding="utf-8")
    assert grass in (ROOT / "README.md").read_text(encoding="utf-8")  # the README shows the shipped stylesheet


def test_the_exported_cypher_script_rebuilds_the_graph_in_neo4j(stores, engine_home: Path, tmp_path: Path) -> None:
    """`regkg export --format cypher` of two regulations, run statement by statement in auto-commit transactions
    (as cypher-shell does), twice: the counts are those of the exported graph both times, other data untouched.
    (Two regulations, not eight: Neo4j parses each literal-laden statement afresh, ~0.2 s apiece here.)"""
    _, neo = stores
    files = [str(p) for p in CORPUS_FILES if p.stem in SCRIPT_REGULATIONS]
    script = tmp_path / "regkg.cypher"
    done = run_cli(engine_home, "export", *files, "--format", "cypher", "-o", str(script))
    assert done.returncode == 0, done.stderr
    statements = export.script_statements(script.read_text(encoding="utf-8"))
    G = graph_from_files(files)
    expected = {"nodes": G.number_of_nodes(), "relationships": G.number_of_edges(),
                "types": dict(Counter(d["type"] for _, _, d in G.edges(data=True)))}
    empty_database(neo)
    for run in (1, 2):
        with neo.driver.session(database=neo.database) as session:
            for statement in statements:
                session.run(statement).consume()
        counts = neo.counts()
        assert {k: counts[k] for k in expected} == expected, f"after run {run}"
    assert {r["id"] for r in neo.regulations()} == set(SCRIPT_REGULATIONS)
    NEO4J_REPORT.append(f"cypher script: {len(statements)} statements ({', '.join(SCRIPT_REGULATIONS)}) run twice, "
                        f"{expected['nodes']} nodes and {expected['relationships']} relationships both times")
