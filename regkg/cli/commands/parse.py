"""`regkg parse FILE`: the document outline, or the full structure as JSON."""

from __future__ import annotations

import json

import click
from rich.table import Table

from regkg.cli import app
from regkg.cli.console import make_console
from regkg.loaders.document import Document
from regkg.loaders.parse import parse_file


@app.command("parse")
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--json", "as_json", is_flag=True, help="Print the whole document tree as JSON.")
@click.option("--id", "regulation_id", default=None, help="Regulation id (default: from the file name).")
def parse_command(file: str, as_json: bool, regulation_id: str | None) -> None:
    """Parse a regulation and print its outline (chapters, article ranges, counts) or its JSON tree."""
    doc = parse_file(file, regulation_id)
    if as_json:
        click.echo(json.dumps(doc.to_dict(), ensure_ascii=False, indent=2))
        return
    print_outline(doc)


def print_outline(doc: Document) -> None:
    """A readable outline: title, metadata, one row per chapter with its article range, then counts."""
    console = make_console()
    console.print(f"[bold]{doc.title}[/bold]  id={doc.id}  jurisdiction={doc.jurisdiction or '-'}  "
                  f"status={doc.status}  encoding={doc.encoding}", highlight=False)
    chapters = list(doc.nodes("chapter"))
    if chapters:
        table = Table("chapter", "name", "articles", "sections", "paragraphs", "items")
        for ch in chapters:
            arts = [n for n in ch.walk() if n.kind == "article"]
            rng = f"{arts[0].number}–{arts[-1].number}" if arts else "-"
            table.add_row(ch.label, ch.name, rng, *(str(sum(1 for n in ch.walk() if n.kind == k))
                                                    for k in ("section", "paragraph", "item")))
        console.print(table)
    console.print(", ".join(f"{v} {k}s" for k, v in doc.counts().items()), highlight=False)
