"""Speed of concept linking (pytest-benchmark; skipped in the normal run, `pytest --benchmark-only` runs it)."""

from __future__ import annotations

from regkg.loaders.concepts import link_concepts
from regkg.loaders.facts import Facts
from regkg.loaders.parse import parse_file
from regkg.loaders.taxonomy import load_taxonomy
from tests.conftest import DRAFT


def test_link_concepts_on_the_draft(benchmark, draft):
    load_taxonomy()  # the taxonomy and its trie are built once per process

    def link():
        facts = Facts(draft.id)
        link_concepts(draft, facts)
        return facts

    facts = benchmark(link)
    assert facts.mentions


def test_parse_extract_and_link_the_draft_within_100_ms(benchmark):
    from regkg.loaders.pipeline import extract_facts

    extract_facts(parse_file(DRAFT))  # warm caches (lexicons, taxonomy, trie)
    facts = benchmark(lambda: extract_facts(parse_file(DRAFT)))
    assert facts.duties
    assert benchmark.stats.stats.median < 0.100
