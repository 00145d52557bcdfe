"""Lint a regulation draft: variant names, duties without bearers, dangling references, garbled wording, punctuation.

Pure functions over a parsed Document and its Facts; each check lives in its own module and returns
Findings (rule, severity, message, line, column, citation). The rules and their data are in rules.yaml.
"""

from __future__ import annotations

from pathlib import Path

from regkg.loaders.document import Document
from regkg.loaders.facts import Facts
from regkg.loaders.lint.model import SEVERITIES, Finding, Locator, load_rules

__all__ = ["SEVERITIES", "Finding", "lint_document", "lint_file", "lint_report", "lint_text", "load_rules"]


def lint_document(doc: Document, facts: Facts | None = None, *, reference=None) -> list[Finding]:
    """Every finding for one parsed text, in source order; `reference` overrides the garble statistics."""
    from regkg.loaders.lint.duties import check_bearers, check_established
    from regkg.loaders.lint.garble import check_garble
    from regkg.loaders.lint.names import check_names
    from regkg.loaders.lint.punctuation import check_empty, check_layout, check_punctuation
    from regkg.loaders.lint.references import check_references
    from regkg.loaders.pipeline import extract_facts

    facts = facts if facts is not None else extract_facts(doc)
    locator = Locator(doc)
    findings = [
        *check_names(facts, locator),
        *check_bearers(facts, locator),
        *check_established(doc, facts, locator),
        *check_references(doc, locator),
        *check_garble(doc, locator, reference),
        *check_punctuation(doc, locator),
        *check_layout(doc, locator),
        *check_empty(doc, locator),
    ]
    findings.sort(key=lambda f: (f.start, f.end, f.rule))
    return findings


def lint_file(path: str | Path) -> tuple[Document, list[Finding]]:
    """Parse a regulation file and lint it (typed InputError/ParseError when it cannot be read)."""
    from regkg.loaders.parse import parse_file

    doc = parse_file(path)
    return doc, lint_document(doc)


def lint_text(text: str, name: str = "<text>") -> tuple[Document, list[Finding]]:
    """Lint a regulation given as a string (the API's POST /lint)."""
    from regkg.loaders.parse import parse_text

    doc = parse_text(text, path=name)
    return doc, lint_document(doc)


def lint_report(path: str, findings: list[Finding]) -> dict:
    """The JSON both the CLI (--json) and the API (POST /lint) answer with: file, counts by severity, findings."""
    counts = {severity: sum(1 for f in findings if f.severity == severity) for severity in SEVERITIES}
    return {"file": path, "counts": counts, "findings": [f.to_dict() for f in findings]}
