"""`regkg concepts [FILE]`: the concepts a regulation concerns (duty and mention counts), or its unknown terms."""

from __future__ import annotations

import json

import click
from rich.table import Table

from regkg.cli import app
from regkg.cli.console import make_console
from regkg.cli.sources import check_stored, opened_store
from regkg.errors import InputError


def facts_for(doc):
    """Facts of a parsed regulation: the full pipeline (duties, actors, concepts)."""
    from regkg.loaders.pipeline import extract_facts

    return extract_facts(doc)


def concepts_in_file(file: str) -> list[dict]:
    """One row per concept the regulation names: how many duties concern it and how often it is mentioned."""
    from regkg.loaders.parse import parse_file

    doc = parse_file(file)
    facts = facts_for(doc)
    rows: dict[str, dict] = {}

    def row(concept_id: str) -> dict:
        concept = facts.concepts[concept_id]
        return rows.setdefault(concept_id, {
            "id": concept.id, "name": concept.name, "nameEn": concept.name_en, "type": concept.type,
            "broader": list(concept.broader), "duties": 0, "mentions": 0, "surfaces": []})

    for duty in facts.duties:
        for concept_id in dict.fromkeys(m.concept_id for m in duty.concepts):
            row(concept_id)["duties"] += 1
        for mention in duty.concepts:
            _add_surface(row(mention.concept_id), mention.surface)
    for mention in facts.mentions:
        if mention.target_id in facts.concepts:
            entry = row(mention.target_id)
            entry["mentions"] += 1
            _add_surface(entry, mention.surface)
    return sorted(rows.values(), key=lambda r: (-r["duties"], -r["mentions"], r["id"]))


def _add_surface(entry: dict, surface: str) -> None:
    if surface not in entry["surfaces"]:
        entry["surfaces"].append(surface)


def unknown_in_file(file: str) -> list[dict]:
    """Enumeration members of the regulation that the taxonomy does not know, with counts and cites."""
    from regkg.loaders.concepts import unknown_terms
    from regkg.loaders.parse import parse_file

    return [{"term": u.term, "count": u.count, "cites": u.cites} for u in unknown_terms(parse_file(file))]


def concepts_from_store(regulation: str | None) -> list[dict]:
    """Concepts with the number of duties concerning them, from the graph store."""
    from regkg.graph import queries

    with opened_store() as store:
        check_stored(store, regulation)
        return queries.concepts(store, regulation=regulation)


@app.command("concepts")
@click.argument("file", required=False, type=click.Path(dir_okay=False))
@click.option("--unknown", is_flag=True,
              help="List enumeration members (培育壮大A、B等产业链) that are not in the taxonomy, with counts.")
@click.option("--regulation", help="Regulation id (store only).")
@click.option("--json", "as_json", is_flag=True, help="Print JSON (a list).")
def concepts_command(file: str | None, unknown: bool, regulation: str | None, as_json: bool) -> None:
    """Concepts a regulation concerns: from FILE (duty and mention counts) or the store; --unknown FILE: gaps."""
    if unknown:
        if not file:
            raise InputError("--unknown needs a regulation FILE")
        found = unknown_in_file(file)
    else:
        found = concepts_in_file(file) if file else concepts_from_store(regulation)
    if as_json:
        click.echo(json.dumps(found, ensure_ascii=False, indent=2))
    elif unknown:
        print_unknown(found)
    else:
        print_concepts(found)


def print_concepts(found: list[dict]) -> None:
    """A table: type, Chinese and English names, duty and mention counts, surface forms."""
    table = Table("type", "concept", "english", "duties", "mentions", "surfaces")
    for c in found:
        table.add_row(c["type"], c["name"], c["nameEn"], str(c["duties"]), str(c.get("mentions", "")),
                      "、".join(c.get("surfaces", [])[:4]))
    console = make_console()
    console.print(table)
    console.print(f"{len(found)} concepts", highlight=False)


def print_unknown(found: list[dict]) -> None:
    """A table of candidate concepts for the taxonomy: term, count, where."""
    table = Table("term", "count", "cites")
    for u in found:
        table.add_row(u["term"], str(u["count"]), ", ".join(u["cites"][:6]))
    console = make_console()
    console.print(table)
    console.print(f"{len(found)} terms not in the taxonomy", highlight=False)
