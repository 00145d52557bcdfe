"""Where a command's graph comes from: a regulation file (parsed, extracted, built now) or the store."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import networkx as nx

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
