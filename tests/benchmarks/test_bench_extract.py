"""Budget (DESIGN.md §5): parse + duty extraction of the Guangzhou draft ≤ 100 ms in-process."""

from __future__ import annotations

from regkg.loaders.extract import extract_duties
from regkg.loaders.parse import parse_file
from tests.conftest import DRAFT


def test_bench_parse_and_extract_duties_of_the_draft(benchmark):
    extract_duties(parse_file(DRAFT))  # lexicon loaded once per process

    facts = benchmark(lambda: extract_duties(parse_file(DRAFT)))
    assert len(facts.duties) > 150
    assert benchmark.stats.stats.mean < 0.100
