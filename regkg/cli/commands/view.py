"""`regkg view actor|concept|article|overview [NAME] [--file FILE] [--regulation ID] [-o OUT] [--open]`."""

from __future__ import annotations

from pathlib import Path

import click

from regkg.cli import app
from regkg.errors import InputError


def _slug(text: str) -> str:
    keep = "".join(ch if ch.isalnum() else "-" for ch in text).strip("-")
    return keep[:60] or "view"


@app.command("view")
@click.argument("kind", type=click.Choice(["actor", "concept", "article", "overview"]))
@click.argument("name", required=False)
@click.option("--file", "file", type=click.Path(dir_okay=False), help="Draw from this regulation file (no store).")
@click.option("--regulation", help="Only this regulation's duties (and, for an article, the regulation it is in).")
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True),
              help="HTML file to write (default: regkg-KIND-NAME.html in the current directory).")
@click.option("--open", "open_it", is_flag=True, help="Open the written file in the default browser.")
def view_command(kind: str, name: str | None, file: str | None, regulation: str | None, output: str | None,
                 open_it: bool) -> None:
    """Write one self-contained HTML view (works offline): an actor, a concept, an article, or the overview."""
    from regkg.visualizations.views import view_html

    if kind != "overview" and not name:
        raise InputError(f"`regkg view {kind}` needs a NAME (e.g. regkg view {kind} "
                         f"{ {'actor': '工业和信息化部门', 'concept': '数据中心', 'article': '60'}[kind] })")
    target = Path(output or f"regkg-{kind}{'-' + _slug(name) if name else ''}.html")
    if not target.parent.is_dir():
        raise InputError(f"{target}: the output directory does not exist")
    if file:
        from regkg.cli.sources import graph_of_file

        G = graph_of_file(file)[1]
    else:
        from regkg.cli.sources import check_stored, opened_store
        from regkg.graph.export import graph_from_store

        with opened_store() as store:
            check_stored(store, regulation)
            G = graph_from_store(store)
    html = view_html(G, kind, name, regulation)
    target.write_text(html, encoding="utf-8")
    click.echo(f"wrote {target} ({len(html) // 1024} KB)", err=True)
    if open_it:
        import webbrowser

        webbrowser.open(target.resolve().as_uri())
