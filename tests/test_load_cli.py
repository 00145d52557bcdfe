"""`regkg load FILE…` end to end (real parse, extraction, build, embedded engine, subprocess CLI)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from regkg.graph.build import build_graph
from regkg.graph.store.embedded import EmbeddedStore
from regkg.loaders.parse import parse_file
from regkg.loaders.pipeline import extract_facts
from regkg.loaders.taxonomy import load_taxonomy
from tests.conftest import CORPUS_FILES, DRAFT
from tests.store_fixtures import embedded_settings, run_cli, stop_engine


@pytest.fixture
def home(tmp_path: Path):
    """A fresh REGKG_HOME whose engine is stopped afterwards, pass or fail."""
    try:
        yield tmp_path
    finally:
        stop_engine(tmp_path)


def load_json(home: Path, *files: Path) -> dict:
    done = run_cli(home, "load", *map(str, files), "--json")
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def store_counts(home: Path) -> dict:
    store = EmbeddedStore(embedded_settings(home))
    try:
        return store.counts()
    finally:
        store.close()


def test_load_prints_a_summary_matching_the_store(home: Path) -> None:
    doc = parse_file(DRAFT)
    G = build_graph(doc, extract_facts(doc), load_taxonomy().concepts)
    summary = load_json(home, DRAFT)["regulations"][0]
    assert summary["regulation"] == doc.id
    assert summary["duties"] == sum(1 for _, d in G.nodes(data=True) if d["labels"][0] == "Duty") > 100
    assert summary["articles"] == len(doc.articles)
    assert 0 < summary["concepts"] < len(load_taxonomy())  # the concepts this text links to, not the taxonomy
    counts = store_counts(home)
    assert (counts["nodes"], counts["relationships"]) == (G.number_of_nodes(), G.number_of_edges())
    table = run_cli(home, "load", str(DRAFT))
    assert table.returncode == 0 and "loaded 1 regulation(s) into falkordb" in table.stdout


def test_loading_the_corpus_twice_is_idempotent(home: Path) -> None:
    first = load_json(home, *CORPUS_FILES)
    counts = store_counts(home)
    again = load_json(home, *CORPUS_FILES)
    assert store_counts(home) == counts
    assert [r["regulation"] for r in first["regulations"]] == [r["regulation"] for r in again["regulations"]]
    assert len(first["regulations"]) == len(CORPUS_FILES) >= 2


def test_bad_input_writes_nothing(home: Path, tmp_path: Path) -> None:
    bad = tmp_path / "not-a-regulation.txt"
    bad.write_text("这只是一段没有条文结构的文字。\n", encoding="utf-8")
    done = run_cli(home, "load", str(DRAFT), str(bad))
    assert done.returncode == 2
    assert "not-a-regulation.txt" in done.stderr and "Traceback" not in done.stderr
    store = EmbeddedStore(embedded_settings(home))
    try:
        assert store.regulations() == []
    finally:
        store.close()


def test_store_answers_like_the_file(home: Path) -> None:
    load_json(home, DRAFT)
    from_store = run_cli(home, "duties", "--concept", "数据中心", "--json")
    from_file = run_cli(home, "duties", str(DRAFT), "--concept", "数据中心", "--json")
    assert from_store.returncode == 0 and from_file.returncode == 0, from_store.stderr + from_file.stderr
    assert json.loads(from_store.stdout) == json.loads(from_file.stdout) != []
