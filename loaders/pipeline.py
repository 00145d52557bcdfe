"""Document → Facts: the extraction stages in order (duties and actors, then concepts, terms, laws)."""

from __future__ import annotations

from regkg.loaders.document import Document
from regkg.loaders.facts import Facts


def extract_facts(doc: Document) -> Facts:
    """Every fact regkg extracts from one parsed regulation; pure and deterministic."""
    from regkg.loaders.concepts import link_concepts
    from regkg.loaders.extract import extract_duties
    from regkg.loaders.unwrap import map_offsets, unwrap

    unwrapped = unwrap(doc)
    view = unwrapped[0] if unwrapped else doc
    facts = extract_duties(view)
    link_concepts(view, facts)
    if unwrapped:
        map_offsets(facts, unwrapped[1], doc.source)
    return facts
