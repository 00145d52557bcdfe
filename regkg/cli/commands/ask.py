"""`regkg ask [NAME] [--param k=v]…`: run a named question from graph/questions.yaml (the API's /questions)."""

from __future__ import annotations

import json

import click

from regkg.cli import app
from regkg.cli.console import make_console
from regkg.cli.sources import opened_store


@app.command("ask")
@click.argument("name", required=False)
@click.option("--param", "-p", "params", multiple=True, metavar="NAME=VALUE", help="A parameter: -p concept=数据中心.")
@click.option("--json", "as_json", is_flag=True, help="Print {name, title, cypher, parameters, columns, rows, "
                                                      "truncated} (the API's JSON).")
@click.option("--limit", type=click.IntRange(min=1), default=None, help="Row cap (default REGKG_MAX_ROWS).")
@click.option("--timeout", "timeout_ms", type=click.IntRange(min=1), default=None, help="Time limit in ms.")
def ask_command(name: str | None, params: tuple[str, ...], as_json: bool, limit: int | None,
                timeout_ms: int | None) -> None:
    """Run the named question NAME; without NAME, list the questions with their parameters."""
    from regkg.graph import questions

    if name is None:
        listed = [q.as_json() for q in questions.catalogue().values()]
        if as_json:
            click.echo(json.dumps(listed, ensure_ascii=False, indent=2))
            return
        for q in listed:
            args = " ".join(f"-p {p['name']}=…" + ("" if p["required"] else "?") for p in q["params"])
            click.echo(f"{q['name']:<28} {q['title']}  {args}")
        return
    given = {}
    for text in params:
        key, sep, value = text.partition("=")
        if not sep or not key.strip():
            raise click.BadParameter(f"expected NAME=VALUE, got {text!r}", param_hint="--param")
        given[key.strip()] = value
    with opened_store() as store:
        answer = questions.ask(store, name, given, limit=limit, timeout_ms=timeout_ms)
    if as_json:
        click.echo(json.dumps(answer, ensure_ascii=False, indent=2, default=str))
        return
    from rich.table import Table

    console = make_console()
    console.print(f"[bold]{answer['title']}[/bold]")
    console.print(answer["cypher"], highlight=False, markup=False)
    console.print(f"parameters: {json.dumps(answer['parameters'], ensure_ascii=False)}", highlight=False,
                  markup=False)
    table = Table(*answer["columns"]) if answer["columns"] else Table("(no columns)")
    for row in answer["rows"]:
        table.add_row(*(v if isinstance(v, str) else json.dumps(v, ensure_ascii=False, default=str)
                        for v in (row.get(c) for c in answer["columns"])))
    console.print(table)
    note = " (truncated: raise --limit to see more)" if answer["truncated"] else ""
    console.print(f"{len(answer['rows'])} row(s){note}", highlight=False)
