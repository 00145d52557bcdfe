"""`regkg compare A B … | --all`: per concept, the duties each regulation assigns and to which kinds of bodies."""

from __future__ import annotations

import json
import os
from typing import Any

import click
from rich.table import Table

from regkg.cli import app
from regkg.cli.console import make_console

STORE_LIMIT = 5000


def _concept(concept: str | None) -> tuple[set[str] | None, dict[str, dict[str, str]]]:
    if concept is None:
        return None, {}
    from regkg.loaders.taxonomy import load_taxonomy

    c = load_taxonomy().resolve(concept)
    return {c.id}, {c.id: {"id": c.id, "name": c.name, "nameEn": c.name_en, "type": c.type}}


def comparison(sources: list[str], *, all_loaded: bool = False, concept: str | None = None,
               functions: str | None = None) -> dict[str, Any]:
    """The comparison JSON: files are parsed now; other names are regulation ids in the store."""
    from regkg.errors import InputError
    from regkg.graph.compare import compare

    concept_ids, names = _concept(concept)
    files = [s for s in sources if os.path.isfile(s)]
    ids = [s for s in sources if not os.path.isfile(s)]
    duties: dict[str, list[dict]] = {}
    titles: dict[str, str] = {}
    for path in files:
        from regkg.cli.sources import graph_of_file
        from regkg.graph import local

        doc, G = graph_of_file(path)
        if doc.id in duties:
            raise InputError(f"{path}: regulation {doc.id!r} is given twice (or two files have one name)")
        duties[doc.id] = local.duties(G, concept_ids=concept_ids)
        titles[doc.id] = doc.title
    if ids or all_loaded:
        from regkg.cli.sources import check_stored, opened_store
        from regkg.graph import queries

        with opened_store() as store:
            check_stored(store, None)
            loaded = {r["id"]: r for r in store.regulations()}
            for rid in ids:
                check_stored(store, rid)
            for rid in (sorted(loaded) if all_loaded else ids):
                if rid in duties:
                    continue
                duties[rid] = queries.duties(store, concept_ids=concept_ids, regulation=rid, limit=STORE_LIMIT)
                titles[rid] = loaded[rid].get("title") or rid
    if len(duties) < 2 and not all_loaded:
        raise InputError("compare needs two or more regulations (files or loaded regulation ids), or --all")
    return compare(duties, concept_ids=concept_ids, concept_names=names, functions_path=functions, titles=titles)


@app.command("compare")
@click.argument("sources", nargs=-1)
@click.option("--all", "all_loaded", is_flag=True, help="Every regulation loaded in the store.")
@click.option("--concept", help="Only this concept (zh/en label or alias; narrower concepts included).")
@click.option("--functions", type=click.Path(dir_okay=False, exists=True),
              help="Actor-function alignment file (default: graph/actor_functions.yaml or REGKG_ACTOR_FUNCTIONS).")
@click.option("--json", "as_json", is_flag=True, help="Print the comparison as JSON.")
@click.option("--html", "html_out", type=click.Path(dir_okay=False), help="Also write the side-by-side page here.")
def compare_command(sources, all_loaded, concept, functions, as_json, html_out) -> None:
    """Compare regulations (FILEs or loaded ids): duties per concept, bodies aligned by function, gaps."""
    result = comparison(list(sources), all_loaded=all_loaded, concept=concept, functions=functions)
    if html_out:
        from regkg.visualizations.compare_page import render_compare

        with open(html_out, "w", encoding="utf-8") as out:
            out.write(render_compare(result))
    if as_json:
        click.echo(json.dumps(result, ensure_ascii=False, indent=2))
        return
    _print(result)


def _print(result: dict[str, Any]) -> None:
    """Few regulations: one column each; many (--all): one row per concept and regulation."""
    console = make_console()
    regs = [r["id"] for r in result["regulations"]]
    shown = result["concepts"][:40]
    if len(regs) <= 3:
        table = Table("concept", *[f"{r}\nduties · bodies (by function)" for r in regs], show_lines=True)
        for group in shown:
            table.add_row(group["concept"]["name"], *[_cell(group["regulations"][r]) for r in regs])
    else:
        table = Table("concept", "regulation", "duties", "kinds of body", "bodies (by function)")
        for group in shown:
            for r in group["coveredBy"]:
                side = group["regulations"][r]
                kinds = "、".join(f"{k}×{n}" for k, n in side["bearerKinds"].items())
                table.add_row(group["concept"]["name"], r, str(side["count"]), kinds, _functions(side))
            if group["missingFrom"]:
                table.add_row(group["concept"]["name"], "— " + "、".join(group["missingFrom"]), "0", "", "")
    console.print(table)
    if len(result["concepts"]) > 40:
        console.print(f"… {len(result['concepts']) - 40} more concepts (--json for all)", highlight=False)
    for r, only in result["onlyIn"].items():
        if only:
            console.print(f"only {r}: {'、'.join(only[:30])}{' …' if len(only) > 30 else ''}", highlight=False)
    console.print(f"alignment: {result['alignment']['rule']} ({result['alignment']['source']})", highlight=False)


def _functions(side: dict[str, Any]) -> str:
    return "、".join(f"{f['name']}×{f['duties']}" for f in side["functions"][:6])


def _cell(side: dict[str, Any]) -> str:
    return f"{side['count']} · {_functions(side)}" if side["count"] else "—"
