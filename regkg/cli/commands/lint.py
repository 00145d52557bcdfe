"""`regkg lint FILE`: check a draft before it is adopted (names, bearers, references, garbled wording, punctuation)."""

from __future__ import annotations

import json
import sys

import click
from rich.table import Table

from regkg.cli import app
from regkg.cli.console import make_console

FAIL_LEVELS = {"error": ("error",), "warning": ("error", "warning"), "note": ("error", "warning", "note"),
               "never": ()}


@app.command("lint")
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--json", "as_json", is_flag=True, help="Print the findings as JSON.")
@click.option("--sarif", is_flag=True, help="Print a SARIF 2.1.0 log (for editors and code scanning).")
@click.option("--rule", "rules", multiple=True, help="Only these rules (id or prefix: names, garble, ref …).")
@click.option("--fail-on", type=click.Choice(tuple(FAIL_LEVELS)), default="warning", show_default=True,
              help="Exit 1 when a finding of this severity or worse is found.")
def lint_command(file: str, as_json: bool, sarif: bool, rules: tuple[str, ...], fail_on: str) -> None:
    """Lint a regulation draft: variant names, duties without bearers, missing references, garbled wording."""
    from regkg.loaders.lint import lint_file, lint_report, load_rules

    known = load_rules()["rules"]
    for rule in rules:
        if not any(r == rule or r.startswith(rule + ".") for r in known):
            from regkg.errors import InputError

            raise InputError(f"unknown lint rule {rule!r}", suggestions=sorted(known))
    _doc, findings = lint_file(file)
    if rules:
        findings = [f for f in findings if any(f.rule == r or f.rule.startswith(r + ".") for r in rules)]
    if sarif:
        from regkg.loaders.lint.sarif import to_sarif

        click.echo(json.dumps(to_sarif(findings, file), ensure_ascii=False, indent=2))
    elif as_json:
        click.echo(json.dumps(lint_report(file, findings), ensure_ascii=False, indent=2))
    else:
        _print(file, findings)
    if any(f.severity in FAIL_LEVELS[fail_on] for f in findings):
        sys.exit(1)


def _print(file: str, findings: list) -> None:
    table = Table("where", "cite", "severity", "rule", "message", show_lines=False)
    for f in findings:
        table.add_row(f"{file}:{f.line}:{f.column}", f.citation.get("cite", ""), f.severity, f.rule, f.message)
    console = make_console()
    console.print(table)
    counts = {s: sum(1 for f in findings if f.severity == s) for s in ("error", "warning", "note")}
    console.print(f"{len(findings)} findings: " + ", ".join(f"{n} {s}" for s, n in counts.items()), highlight=False)
