"""`regkg duties [FILE] [filters]`: who must do what — from a regulation file, or from the store."""

from __future__ import annotations

import json

import click

from regkg.cli import app
from regkg.cli.sources import answer_graph_of_file, check_stored, opened_store
from regkg.loaders.facts import MODALITIES


def _concept_ids(concept: str | None) -> list[str] | None:
    """The concept a user named (any zh/en label or alias), as ids; narrower ones are added by the query."""
    if concept is None:
        return None
    from regkg.loaders.taxonomy import load_taxonomy

    return [load_taxonomy().resolve(concept).id]


def duties_from_file(file: str, *, concept: str | None = None, actor: str | None = None, level: str | None = None,
                     modality: str | None = None, article: int | None = None) -> list[dict]:
    """Duty JSON straight from a regulation text: parse, extract, build the in-memory graph, filter."""
    from regkg.graph import local

    G = answer_graph_of_file(file)
    actor_ids = local.resolve_actor(G, actor) if actor else None
    return local.duties(G, concept_ids=_concept_ids(concept), actor_ids=actor_ids, level=level,
                        modality=modality, article=article)


def duties_from_store(*, concept: str | None = None, actor: str | None = None, level: str | None = None,
                      modality: str | None = None, article: int | None = None,
                      regulation: str | None = None) -> list[dict]:
    """Duty JSON from the graph store (embedded FalkorDB or Neo4j), same filters and shape."""
    from regkg.graph import queries

    with opened_store() as store:
        check_stored(store, regulation)
        return queries.duties(store, concept_ids=_concept_ids(concept), actor=actor, level=level,
                              modality=modality, article=article, regulation=regulation)


@app.command("duties")
@click.argument("file", required=False, type=click.Path(dir_okay=False))
@click.option("--concept", help="Concept (Chinese or English label or alias); narrower concepts included.")
@click.option("--actor", help="Bearer (Chinese or English name or alias).")
@click.option("--level", help="Level the bearer is named at, as written: 市, 区, 省, 县级以上 …")
@click.option("--modality", type=click.Choice(MODALITIES), help="Kind of duty.")
@click.option("--article", type=int, help="Article number.")
@click.option("--regulation", help="Regulation id (store only).")
@click.option("--json", "as_json", is_flag=True, help="Print Duty JSON (a list).")
def duties_command(file, concept, actor, level, modality, article, regulation, as_json) -> None:
    """List duties: from FILE when given (no store needed), else from the store."""
    filters = {"concept": concept, "actor": actor, "level": level, "modality": modality, "article": article}
    found = duties_from_file(file, **filters) if file else duties_from_store(regulation=regulation, **filters)
    if getattr(found, "truncated", False):
        click.echo(f"regkg: note: the answer was cut at {len(found)} duties; narrow it (--regulation, "
                   "--article, --modality …)", err=True)
    if as_json:
        click.echo(json.dumps(found, ensure_ascii=False, indent=2))
    else:
        print_duties(found)


def _actors(roles: list[dict]) -> str:
    return "、".join(f"{r['level']}{r['name']}" if r["level"] and not r["name"].startswith(r["level"]) else r["name"]
                    for r in roles)


def print_duties(found: list[dict]) -> None:
    """A readable table: citation, modality, bearers, partners, concepts, text."""
    from rich.table import Table

    from regkg.cli.console import make_console

    table = Table("cite", "modality", "bearers", "partners", "concepts", "text", show_lines=False)
    for d in found:
        text = d["text"] if len(d["text"]) <= 60 else d["text"][:59] + "…"
        table.add_row(d["citation"]["cite"], d["modality"] + (" (implicit)" if d["implicit"] else ""),
                      _actors(d["bearers"]), _actors(d["partners"]),
                      "、".join(c["name"] for c in d["concepts"][:4]), text)
    console = make_console()
    console.print(table)
    console.print(f"{len(found)} duties", highlight=False)
