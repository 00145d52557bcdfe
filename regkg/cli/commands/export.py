"""`regkg export [FILE…] --format graphml|json|cypher [-o OUT]`: the graph as a file other tools open."""

from __future__ import annotations

import sys
from pathlib import Path

import click
import networkx as nx

from regkg.cli import app
from regkg.cli.sources import opened_store
from regkg.errors import InputError

FORMATS = {"graphml": ".graphml", "json": ".json", "cypher": ".cypher"}


def graph_from_files(files: list[str]) -> nx.MultiDiGraph:
    """Parse, extract and build every file; several regulations side by side in one graph, with the whole taxonomy."""
    from regkg.graph.build import build_many
    from regkg.loaders.parse import parse_file
    from regkg.loaders.pipeline import extract_facts
    from regkg.loaders.taxonomy import load_taxonomy

    docs = [parse_file(file) for file in files]
    return build_many(((doc, extract_facts(doc)) for doc in docs), load_taxonomy().concepts)


def graph_from_store() -> nx.MultiDiGraph:
    """The whole graph the store holds (every regulation loaded), through the store's dump read."""
    from regkg.graph.export import graph_from_store

    with opened_store() as store:
        return graph_from_store(store)


def write_graph(G: nx.MultiDiGraph, fmt: str, out: Path) -> Path:
    """Write G in one of FORMATS."""
    from regkg.graph import export

    writers = {"graphml": export.write_graphml, "json": export.write_node_link_json,
               "cypher": export.write_cypher_script}
    return writers[fmt](G, out)


@app.command("export")
@click.argument("files", nargs=-1, type=click.Path(dir_okay=False))
@click.option("--format", "fmt", type=click.Choice(sorted(FORMATS)), default="graphml", show_default=True,
              help="graphml (Gephi, Cytoscape), json (networkx node-link) or cypher (a cypher-shell script).")
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True),
              help="Output file (default: regkg<ext> in the current directory; '-' for stdout).")
def export_command(files: tuple[str, ...], fmt: str, output: str | None) -> None:
    """Export the graph of FILE… (parsed and extracted now), or of the whole store when no FILE is given."""
    target = None if output == "-" else Path(output or f"regkg{FORMATS[fmt]}")
    if target is not None and not target.parent.is_dir():
        raise InputError(f"{target}: the output directory does not exist")
    G = graph_from_files(list(files)) if files else graph_from_store()
    if target is None:
        import tempfile

        with tempfile.TemporaryDirectory() as tmp:
            written = write_graph(G, fmt, Path(tmp) / f"regkg{FORMATS[fmt]}")
            sys.stdout.write(written.read_text(encoding="utf-8"))
        return
    write_graph(G, fmt, target)
    click.echo(f"wrote {target} ({fmt}): {G.number_of_nodes()} nodes, {G.number_of_edges()} relationships, "
               f"regulations: {', '.join(G.graph.get('regulations', [])) or '-'}", err=True)
