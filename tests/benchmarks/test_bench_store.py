"""Store budgets (DESIGN.md §5): `regkg load` end to end with the engine start ≤ 2 s; multi-hop duty questions fast."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

from regkg.graph import queries
from regkg.graph.build import build_graph
from regkg.graph.store.embedded import EmbeddedStore
from regkg.loaders.parse import parse_file
from regkg.loaders.pipeline import extract_facts
from regkg.loaders.taxonomy import load_taxonomy
from tests.conftest import CORPUS_FILES, DRAFT
from tests.store_fixtures import cli_env, embedded_settings, engine_home, stop_engine

__all__ = ["engine_home"]
REGKG = str(Path(__file__).resolve().parents[2] / ".venv" / "bin" / "regkg")


def test_bench_regkg_load_cold(benchmark) -> None:
    """`regkg load` of the draft into a fresh REGKG_HOME: process start, parse, extract, engine start, load."""
    homes: list[Path] = []

    def fresh_home() -> tuple[tuple, dict]:
        home = Path(tempfile.mkdtemp(prefix="regkg-bench-"))
        homes.append(home)
        return (home,), {}

    def load(home: Path) -> None:
        subprocess.run([REGKG, "load", str(DRAFT)], env=cli_env(home), check=True, capture_output=True, timeout=60)

    try:
        benchmark.pedantic(load, setup=fresh_home, rounds=5, iterations=1)
    finally:
        for home in homes:
            stop_engine(home)
            shutil.rmtree(home, ignore_errors=True)
    assert benchmark.stats["median"] <= 2.0


@pytest.fixture(scope="module")
def corpus_store(engine_home: Path):
    """The whole bundled corpus in one embedded store."""
    store = EmbeddedStore(embedded_settings(engine_home))
    taxonomy = load_taxonomy().concepts
    for path in CORPUS_FILES:
        doc = parse_file(path)
        store.load_regulation(build_graph(doc, extract_facts(doc), taxonomy), doc.id)
    try:
        yield store
    finally:
        store.close()


def root_concept(store: EmbeddedStore) -> str:
    """The concept whose narrower closure concerns the most duties (a real multi-hop question)."""
    best = max((c for c in queries.concepts(store) if c["broader"]), key=lambda c: c["duties"])
    rows = store.read("MATCH (c:Concept {id: $id})-[:BROADER*1..6]->(up:Concept) RETURN up.id AS id",
                      {"id": best["id"]})
    return rows[-1]["id"]


PAGE = 100  # the API answers long lists page by page


def test_bench_duties_by_concept(benchmark, corpus_store: EmbeddedStore) -> None:
    """A page of duties concerning the broadest concept or anything narrower (BROADER*0..6), as Duty JSON."""
    concept = root_concept(corpus_store)
    found = benchmark(queries.duties, corpus_store, concept_ids=[concept], limit=PAGE)
    assert len(found) == PAGE
    assert benchmark.stats["median"] <= 0.05


def test_bench_all_duties_by_broad_concept(benchmark, corpus_store: EmbeddedStore) -> None:
    """Every duty under the broadest concept in one answer (hundreds): time grows with the answer, no budget."""
    concept = root_concept(corpus_store)
    found = benchmark(queries.duties, corpus_store, concept_ids=[concept])
    assert len(found) > PAGE


def test_bench_duties_touching_data_centres(benchmark, corpus_store: EmbeddedStore) -> None:
    """The product's question: all duties touching data centres (绿色数据中心 included)."""
    found = benchmark(queries.duties, corpus_store, concept_ids=["concept:data-centre"])
    assert {d["citation"]["cite"] for d in found} >= {"60.1", "60.2", "81.4", "92.2"}
    assert benchmark.stats["median"] <= 0.05


def test_bench_duties_by_actor_and_level(benchmark, corpus_store: EmbeddedStore) -> None:
    """Duties of one actor (name resolution included) at one level."""
    actor = queries.actors(corpus_store)[0]
    found = benchmark(queries.duties, corpus_store, actor=actor["name"])
    assert found
    assert benchmark.stats["median"] <= 0.05


def test_bench_engine_start(benchmark, tmp_path: Path) -> None:
    """Starting the embedded engine in an empty REGKG_HOME and stopping it again."""
    from regkg.graph.store.falkordb_server import FalkorDBServer

    server = FalkorDBServer(tmp_path / "h")

    def cycle() -> None:
        server.start()
        server.stop()

    try:
        benchmark.pedantic(cycle, rounds=5, iterations=1)
    finally:
        server.stop()
    assert benchmark.stats["median"] <= 0.5
