"""`regkg actors [FILE]`: who the regulation binds, with how many duties each bears, joins or is served by."""

from __future__ import annotations

import json

import click
from rich.table import Table

from regkg.cli import app
from regkg.cli.console import make_console
from regkg.cli.sources import answer_graph_of_file, check_stored, opened_store


def actors_from_file(file: str) -> list[dict]:
    """Actors of one regulation text, straight from the file (no store)."""
    from regkg.graph import local

    return local.actors(answer_graph_of_file(file))


def actors_from_store(regulation: str | None) -> list[dict]:
    """Actors in the graph store, optionally only those with duties in one regulation."""
    from regkg.graph import queries

    with opened_store() as store:
        check_stored(store, regulation)
        return queries.actors(store, regulation=regulation)


@app.command("actors")
@click.argument("file", required=False, type=click.Path(dir_okay=False))
@click.option("--regulation", help="Regulation id (store only).")
@click.option("--kind", help="Only actors of this kind (government, department, enterprise, …).")
@click.option("--json", "as_json", is_flag=True, help="Print JSON (a list).")
def actors_command(file: str | None, regulation: str | None, kind: str | None, as_json: bool) -> None:
    """List actors (canonical names, kind, English name, duty counts): from FILE when given, else from the store."""
    found = actors_from_file(file) if file else actors_from_store(regulation)
    if kind:
        found = [a for a in found if a["kind"] == kind]
    if as_json:
        click.echo(json.dumps(found, ensure_ascii=False, indent=2))
        return
    table = Table("actor", "kind", "English", "bears", "partner in", "targeted by", "aliases")
    for a in found:
        aliases = "、".join(x for x in a["aliases"] if x != a["name"])
        table.add_row(a["name"], a["kind"], a["nameEn"], str(a["duties"]), str(a["partnerDuties"]),
                      str(a["targetedBy"]), aliases)
    console = make_console()
    console.print(table)
    console.print(f"{len(found)} actors", highlight=False)
