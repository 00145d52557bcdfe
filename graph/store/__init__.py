"""Graph stores: `open_store()` picks Neo4j when REGKG_NEO4J_URI is set, else the embedded FalkorDB engine."""

from __future__ import annotations

from regkg.graph.store.base import GraphStore, Rows, check_read_only
from regkg.settings import Settings, load_settings

__all__ = ["GraphStore", "Rows", "check_read_only", "open_store"]


def open_store(settings: Settings | None = None) -> GraphStore:
    """The configured store: Neo4j when `neo4j_uri` is set, else embedded FalkorDB in REGKG_HOME."""
    settings = settings or load_settings()
    if settings.neo4j_uri:
        from regkg.graph.store.neo4j import Neo4jStore

        return Neo4jStore(settings)
    from regkg.graph.store.embedded import EmbeddedStore

    return EmbeddedStore(settings)
