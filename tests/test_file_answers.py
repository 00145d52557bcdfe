"""Answers straight from a file (issue 9's fast CLI): the light graph answers exactly as networkx's does, and
the start-up cache of built file graphs never answers from a stale or unchecked file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from regkg.graph import local
from regkg.graph.build import build_graph
from regkg.graph.lite import LiteMultiDiGraph
from regkg.loaders.parse import parse_file
from regkg.loaders.pipeline import extract_facts
from regkg.loaders.taxonomy import load_taxonomy
from tests.conftest import CORPUS_FILES, DRAFT
from tests.store_fixtures import run_cli

FILTERS = ({}, {"concept_ids": ["concept:data-centre"]}, {"concept_ids": ["concept:data"]}, {"modality": "不得"},
           {"article": 12}, {"level": "市"})


@pytest.mark.parametrize("path", CORPUS_FILES, ids=lambda p: p.stem)
def test_the_light_graph_is_the_networkx_graph(path: Path) -> None:
    doc = parse_file(path)
    facts = extract_facts(doc)
    concepts = load_taxonomy().concepts
    G = build_graph(doc, facts, concepts)
    L = build_graph(doc, facts, concepts, graph_factory=LiteMultiDiGraph)
    assert list(L.nodes(data=True)) == list(G.nodes(data=True))
    assert L.edges(data=True) == list(G.edges(data=True))
    assert L.graph == G.graph and len(L) == len(G) and L.number_of_edges() == G.number_of_edges()
    for node in list(G)[::37]:
        assert L.in_edges(node, data=True) == list(G.in_edges(node, data=True))
        assert L.out_edges(node, data=True) == list(G.out_edges(node, data=True))
    for filters in FILTERS:
        assert local.duties(L, **filters) == local.duties(G, **filters), filters
    assert local.actors(L) == local.actors(G)


def duties_json(home: Path, path: Path, *extra: str, **env: str) -> list[dict]:
    done = run_cli(home, "duties", str(path), "--concept", "数据中心", "--json", *extra, **env)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_an_edited_file_is_answered_anew_and_checked_every_time(tmp_path: Path) -> None:
    cache = str(tmp_path / "cache")
    copy = tmp_path / "regulation.txt"
    copy.write_bytes(DRAFT.read_bytes())
    first = duties_json(tmp_path, copy, REGKG_CACHE_DIR=cache)
    assert list((tmp_path / "cache").glob("file-graph-*.pickle"))
    assert duties_json(tmp_path, copy, REGKG_CACHE_DIR=cache) == first  # from the cache: the same answer
    article = first[0]["citation"]["article"]
    text = copy.read_text(encoding="utf-8")
    copy.write_text(text.replace(first[0]["text"], "本条删去。"), encoding="utf-8")
    edited = duties_json(tmp_path, copy, REGKG_CACHE_DIR=cache)
    assert [d["citation"]["article"] for d in edited].count(article) < [
        d["citation"]["article"] for d in first].count(article)
    limited = run_cli(tmp_path, "duties", str(copy), "--json", REGKG_CACHE_DIR=cache, REGKG_MAX_INPUT_BYTES="1000")
    assert limited.returncode == 2 and "larger than the input limit" in limited.stderr  # cached, still checked
    copy.write_bytes(b"\xff\xfe\x00garbage")
    broken = run_cli(tmp_path, "duties", str(copy), "--json", REGKG_CACHE_DIR=cache)
    assert broken.returncode == 2 and "Traceback" not in broken.stderr


def test_the_cache_keeps_a_bounded_number_of_file_graphs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from regkg.cli import sources

    monkeypatch.setenv("REGKG_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(sources, "FILE_GRAPHS_KEPT", 2)
    text = DRAFT.read_text(encoding="utf-8")
    for index in range(4):
        path = tmp_path / f"copy{index}.txt"
        path.write_text(text, encoding="utf-8")
        assert local.duties(sources.answer_graph_of_file(str(path)), concept_ids=["concept:data-centre"])
    assert len(list((tmp_path / "cache").glob("file-graph-*.pickle"))) == 2


def test_a_cache_dir_others_can_write_is_not_used(tmp_path: Path) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o777)  # a pickle planted here by another user must never be loaded
    planted = shared / "planted.pickle"
    planted.write_bytes(b"not ours")
    done = run_cli(tmp_path, "duties", str(DRAFT), "--concept", "数据中心", "--json", REGKG_CACHE_DIR=str(shared))
    assert done.returncode == 0 and len(json.loads(done.stdout)) >= 4
    assert "not a directory only this user can write" in done.stderr
    assert sorted(path.name for path in shared.iterdir()) == ["planted.pickle"]  # nothing read or written there


def test_an_entry_of_the_wrong_type_is_rebuilt(tmp_path: Path) -> None:
    import pickle

    cache = tmp_path / "cache"
    first = duties_json(tmp_path, DRAFT, REGKG_CACHE_DIR=str(cache))
    for entry in cache.glob("*.pickle"):
        entry.write_bytes(pickle.dumps(42))  # a pickle, of the wrong type
    assert duties_json(tmp_path, DRAFT, REGKG_CACHE_DIR=str(cache)) == first
