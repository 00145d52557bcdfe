"""`regkg load FILE…`: parse, extract, build and store each regulation (replacing its previous version)."""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import TYPE_CHECKING

import click

from regkg.cli import app
from regkg.cli.console import make_console
from regkg.cli.sources import graph_of_file, opened_store

if TYPE_CHECKING:
    import networkx as nx


@dataclass
class Prepared:
    """One input file turned into its in-memory graph, ready to store."""

    path: str
    regulation_id: str
    title: str
    graph: nx.MultiDiGraph


def prepare(path: str, regulation_id: str | None = None) -> Prepared:
    """Parse, extract and build one file (pure: nothing is written); bad input raises the typed error."""
    doc, G = graph_of_file(path, regulation_id)
    return Prepared(path, doc.id, doc.title, G)


@app.command("load")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option("--id", "regulation_id", default=None, help="Regulation id (one FILE only; default: from the name).")
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
def load_command(files: tuple[str, ...], regulation_id: str | None, as_json: bool) -> None:
    """Load regulations into the graph store; each replaces its previous version atomically.

    Every FILE is parsed and extracted before anything is written, so one bad file writes nothing.
    """
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    if regulation_id and len(files) > 1:
        raise click.UsageError("--id applies to a single FILE")
    console = make_console(stderr=True)
    show_progress = len(files) > 1 and not as_json
    started = time.perf_counter()
    with Progress(TextColumn("{task.description}"), BarColumn(), TextColumn("{task.completed}/{task.total}"),
                  TimeElapsedColumn(), console=console, disable=not show_progress, transient=True) as progress:
        reading = progress.add_task("parsing and extracting", total=len(files))
        prepared = []
        for path in files:
            prepared.append(prepare(path, regulation_id))
            progress.advance(reading)
        with opened_store() as store:
            writing = progress.add_task("loading into the store", total=len(prepared))
            summaries = []
            for item in prepared:
                summary = store.load_regulation(item.graph, item.regulation_id)
                summaries.append({"regulation": item.regulation_id, "title": item.title, "file": item.path,
                                  **summary})
                progress.advance(writing)
            backend = store.backend
    print_summary(summaries, backend, time.perf_counter() - started, as_json)


def print_summary(summaries: list[dict], backend: str, seconds: float, as_json: bool) -> None:
    """One row per regulation: articles, duties, actors, concepts, nodes, relationships."""
    if as_json:
        import json

        click.echo(json.dumps({"backend": backend, "seconds": round(seconds, 3), "regulations": summaries},
                              ensure_ascii=False, indent=2))
        return
    from rich.table import Table

    columns = ("articles", "duties", "actors", "concepts", "nodes", "relationships")
    table = Table("regulation", "title", *columns)
    for row in summaries:
        table.add_row(row["regulation"], row["title"], *(str(row[c]) for c in columns))
    console = make_console()
    console.print(table)
    console.print(f"loaded {len(summaries)} regulation(s) into {backend} in {seconds:.2f} s", highlight=False)
