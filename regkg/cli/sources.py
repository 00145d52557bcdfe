"""Where a command's graph comes from: a regulation file (parsed, extracted, built now) or the store."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import networkx as nx

    from regkg.graph.lite import LiteMultiDiGraph
    from regkg.graph.store.base import GraphStore
    from regkg.loaders.document import Document


def graph_of_file(path: str, regulation_id: str | None = None) -> tuple[Document, nx.MultiDiGraph]:
    """Parse, extract and build one regulation file with the whole taxonomy (pure: nothing is written)."""
    from regkg.graph.build import build_graph
    from regkg.loaders.parse import parse_file
    from regkg.loaders.pipeline import extract_facts
    from regkg.loaders.taxonomy import load_taxonomy

    doc = parse_file(path, regulation_id)
    return doc, build_graph(doc, extract_facts(doc), load_taxonomy().concepts)


FILE_GRAPHS_KEPT = 64  # start-up cache entries of answer graphs (one per file version, about 0.5 MB each)


def answer_graph_of_file(path: str) -> LiteMultiDiGraph:
    """One regulation file's graph for answering a question at once: no store, no networkx.

    The file is read and checked (size, encoding, content) every time; the parse, extraction and build
    come from the start-up cache when this exact file, path, taxonomy and regkg code were built before.
    """
    from pathlib import Path

    from regkg.graph import build as build_module
    from regkg.graph.lite import LiteMultiDiGraph
    from regkg.loaders import cache
    from regkg.loaders.source import read_source
    from regkg.loaders.taxonomy import taxonomy_path

    src = read_source(path)
    code = cache.package_digest(Path(cache.__file__).parent, Path(build_module.__file__).parent)
    key = cache.digest(src.sha256, src.path, taxonomy_path().read_bytes(), code)

    def build() -> LiteMultiDiGraph:
        from regkg.loaders.parse import parse_source
        from regkg.loaders.pipeline import extract_facts
        from regkg.loaders.taxonomy import load_taxonomy

        doc = parse_source(src)
        return build_module.build_graph(doc, extract_facts(doc), load_taxonomy().concepts,
                                        graph_factory=LiteMultiDiGraph)

    return cache.cached("file-graph", key, build, keep=FILE_GRAPHS_KEPT, expect=LiteMultiDiGraph)


@contextmanager
def opened_store() -> Iterator[GraphStore]:
    """The configured store (embedded FalkorDB, or Neo4j when REGKG_NEO4J_URI is set), closed afterwards."""
    from regkg.graph.store import open_store

    store = open_store()
    try:
        yield store
    finally:
        store.close()


def check_stored(store: GraphStore, regulation: str | None) -> None:
    """Fail clearly when the store holds nothing, or not the regulation asked for, instead of answering []."""
    from regkg.errors import NotFoundError

    loaded = [r["id"] for r in store.regulations()]
    if not loaded:
        raise NotFoundError("the store holds no regulation yet: load one with `regkg load FILE`")
    if regulation and regulation not in loaded:
        raise NotFoundError(f"no regulation {regulation!r} in the store", suggestions=loaded)
