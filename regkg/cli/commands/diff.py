"""`regkg diff OLD NEW`: what changed between two versions of one regulation, duty by duty."""

from __future__ import annotations

import json

import click
from rich.table import Table

from regkg.cli import app
from regkg.cli.console import make_console


@app.command("diff")
@click.argument("old", type=click.Path(dir_okay=False))
@click.argument("new", type=click.Path(dir_okay=False))
@click.option("--json", "as_json", is_flag=True, help="Print the changes as JSON.")
@click.option("--threshold", type=click.FloatRange(0, 100), default=60.0, show_default=True,
              help="Text similarity (0-100) two duties need to count as one duty rewritten.")
@click.option("--all", "show_all", is_flag=True, help="Also list duties only renumbered or reworded.")
def diff_command(old: str, new: str, as_json: bool, threshold: float, show_all: bool) -> None:
    """Duty-level changes from OLD to NEW: added, removed, moved, bearers, modality, concepts (matched by content)."""
    from regkg.loaders.diff import diff_files

    result = diff_files(old, new, threshold)
    if as_json:
        click.echo(json.dumps(result, ensure_ascii=False, indent=2))
        return
    console = make_console()
    table = Table("kind", "old", "new", "change", "text")
    quiet = () if show_all else ("renumbered", "reworded")
    for c in result["changes"]:
        if c["kind"] in quiet:
            continue
        text = (c["new"] or c["old"])["text"]
        table.add_row(c["kind"], c["old"]["cite"] if c["old"] else "", c["new"]["cite"] if c["new"] else "",
                      c["detail"], text if len(text) <= 50 else text[:49] + "…")
    console.print(table)
    summary = ", ".join(f"{n} {k}" for k, n in result["summary"].items() if n)
    console.print(f"{result['old']['duties']} → {result['new']['duties']} duties, {result['matched']} matched; "
                  f"{summary or 'no changes'}", highlight=False)
    if result["concepts"]["added"] or result["concepts"]["removed"]:
        console.print(f"concepts added: {'、'.join(result['concepts']['added']) or '-'}; removed: "
                      f"{'、'.join(result['concepts']['removed']) or '-'}", highlight=False)
