"""`regkg cypher "QUERY"`: run a read-only Cypher query on the store, with a time limit and a row cap."""

from __future__ import annotations

import json

import click

from regkg.cli import app
from regkg.cli.console import make_console
from regkg.cli.sources import opened_store


def _cell(value: object) -> str:
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False, default=str)


@app.command("cypher")
@click.argument("query")
@click.option("--param", "-p", "params", multiple=True, metavar="NAME=JSON",
              help="A query parameter, its value as JSON (or a plain string): -p id='\"gz:60\"' or -p n=3.")
@click.option("--json", "as_json", is_flag=True, help="Print {columns, rows, truncated} as JSON.")
@click.option("--timeout", "timeout_ms", type=click.IntRange(min=1), default=None,
              help="Time limit in ms (default REGKG_QUERY_TIMEOUT_MS).")
@click.option("--limit", type=click.IntRange(min=1), default=None, help="Row cap (default REGKG_MAX_ROWS).")
def cypher_command(query: str, params: tuple[str, ...], as_json: bool, timeout_ms: int | None,
                   limit: int | None) -> None:
    """Run a read-only QUERY; writes (CREATE, MERGE, SET, DELETE, REMOVE, DROP, …) are refused before sending."""
    from regkg.graph.cypher_guard import check_parameters, check_read_only

    check_read_only(query)
    values = dict(_parse_param(p) for p in params)
    check_parameters(values)
    with opened_store() as store:
        rows = store.read(query, values, timeout_ms=timeout_ms, limit=limit)
    if as_json:
        click.echo(json.dumps({"columns": rows.columns, "rows": list(rows), "truncated": rows.truncated},
                              ensure_ascii=False, indent=2, default=str))
        return
    from rich.table import Table

    table = Table(*rows.columns) if rows.columns else Table("(no columns)")
    for row in rows:
        table.add_row(*(_cell(row.get(c)) for c in rows.columns))
    console = make_console()
    console.print(table)
    note = f" (truncated at {len(rows)}: raise --limit to see more)" if rows.truncated else ""
    console.print(f"{len(rows)} row(s){note}", highlight=False)


def _parse_param(text: str) -> tuple[str, object]:
    name, sep, raw = text.partition("=")
    if not sep or not name.isidentifier():
        raise click.BadParameter(f"expected NAME=VALUE, got {text!r}", param_hint="--param")
    try:
        return name, json.loads(raw)
    except json.JSONDecodeError:
        return name, raw
