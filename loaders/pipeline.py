"""Document → Facts: the extraction stages in order (duties and actors, then concepts, terms, laws)."""

from __future__ import annotations

from loaders.document import Document
from loaders.facts import Facts


def extract_facts(doc: Document) -> Facts:
    """Every fact regkg extracts from one parsed regulation; pure and deterministic."""
    from loaders.concepts import link_concepts
    from loaders.extract import extract_duties

    facts = extract_duties(doc)
    link_concepts(doc, facts)
    return facts
