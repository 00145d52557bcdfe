"""SARIF 2.1.0 output for lint findings, so editors and code-scanning tools can show them in place."""

from __future__ import annotations

from typing import Any

from regkg import __version__
from regkg.loaders.lint.model import Finding, load_rules

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_LEVEL = {"error": "error", "warning": "warning", "note": "note"}


def artifact_uri(path: str) -> str:
    """A file path as a SARIF artifact URI: file:///… when absolute, else a percent-encoded relative reference."""
    from pathlib import PurePosixPath, PureWindowsPath
    from urllib.parse import quote

    if path.startswith("/"):
        return PurePosixPath(path).as_uri()
    if PureWindowsPath(path).is_absolute():
        return PureWindowsPath(path).as_uri()
    return quote(path.replace("\\", "/"))


def to_sarif(findings: list[Finding], path: str) -> dict[str, Any]:
    """One SARIF log with one run: the rules regkg knows, and one result per finding (columns in code points)."""
    uri = artifact_uri(path)
    rules = load_rules()["rules"]
    ids = list(rules)
    return {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "regkg-lint",
                "version": __version__,
                "rules": [{"id": rule_id, "name": rules[rule_id]["name"],
                           "shortDescription": {"text": rules[rule_id]["name"]},
                           "fullDescription": {"text": rules[rule_id]["help"]},
                           "defaultConfiguration": {"level": _LEVEL[rules[rule_id]["severity"]]}}
                          for rule_id in ids],
            }},
            "columnKind": "unicodeCodePoints",
            "artifacts": [{"location": {"uri": uri}, "encoding": "utf-8"}],
            "results": [_result(f, uri, ids) for f in findings],
        }],
    }


def _result(finding: Finding, uri: str, ids: list[str]) -> dict[str, Any]:
    region = {"startLine": finding.line, "startColumn": finding.column,
              "endLine": finding.end_line, "endColumn": finding.end_column,
              "charOffset": finding.start, "charLength": finding.end - finding.start,
              "snippet": {"text": finding.snippet}}
    result: dict[str, Any] = {
        "ruleId": finding.rule,
        "ruleIndex": ids.index(finding.rule),
        "level": _LEVEL[finding.severity],
        "message": {"text": finding.message},
        "locations": [{"physicalLocation": {"artifactLocation": {"uri": uri, "index": 0}, "region": region},
                       "logicalLocations": [{"name": finding.citation.get("label", ""),
                                             "fullyQualifiedName": finding.citation.get("cite", ""),
                                             "kind": "member"}] if finding.citation else []}],
    }
    if finding.related:
        result["relatedLocations"] = [
            {"id": n, "message": {"text": r["message"]},
             "physicalLocation": {"artifactLocation": {"uri": uri, "index": 0},
                                  "region": {"startLine": r["line"], "charOffset": r["start"],
                                             "charLength": r["end"] - r["start"]}}}
            for n, r in enumerate(finding.related)]
    return result
