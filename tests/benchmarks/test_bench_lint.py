"""Speed of lint and diff on the draft (pytest-benchmark; skipped in the normal run, `make bench` runs it)."""

from __future__ import annotations

from regkg.loaders.diff import diff_facts
from regkg.loaders.lint import lint_document
from regkg.loaders.lint.garble import word_list
from regkg.loaders.pipeline import extract_facts


def test_lint_the_draft(benchmark, draft):
    facts = extract_facts(draft)
    word_list()  # the word list is read once per process
    findings = benchmark(lambda: lint_document(draft, facts))
    assert any(f.rule == "garble.split-word" for f in findings)
    assert benchmark.stats.stats.median < 1.0


def test_diff_the_draft_with_itself(benchmark, draft):
    facts = extract_facts(draft)
    result = benchmark(lambda: diff_facts(draft, facts, draft, facts))
    assert result["changes"] == []
