"""Write the in-memory graph as GraphML (Gephi, Cytoscape), node-link JSON, or a Cypher script for any Neo4j.

All three take the graph of graph.build. The Cypher script is self-contained (values are escaped
literals, no parameters) so `cypher-shell < file` recreates the graph; its statement templates come
from regkg.graph.cypher, and every label, type and property name in it is checked against graph.schema.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import networkx as nx

from regkg.errors import StoreUnavailableError
from regkg.graph import cypher
from regkg.graph import schema as S
from regkg.graph.store.base import ordered  # engine-independent property order (Neo4j has its own)

if TYPE_CHECKING:
    from regkg.graph.store.base import GraphStore

DEFAULT_BATCH_SIZE = 200
DEFAULT_PAGE = 1_000


# -- the store's graph ----------------------------------------------------------------------------
def _ordered_labels(labels: list[str]) -> tuple[str, ...]:
    """Engine label lists in schema order, primary first (`("Concept", "Infrastructure")`)."""
    return tuple(sorted(labels, key=lambda label: S.LABELS.index(label) if label in S.LABELS else len(S.LABELS)))


def graph_from_store(store: GraphStore, page: int = DEFAULT_PAGE) -> nx.MultiDiGraph:
    """The whole graph a store holds, as the in-memory graph (nodes by label in id order, keyset-paged reads)."""
    G = nx.MultiDiGraph()
    ids_by_label: dict[str, list[str]] = {}
    for label in S.PRIMARY_LABELS:
        after, ids = "", []
        while True:
            rows = store.read(cypher.dump_nodes(label), {"after": after, "limit": page}, limit=page)
            for row in rows:
                G.add_node(row["id"], labels=_ordered_labels(row["labels"]), **ordered(row["props"]))
                ids.append(row["id"])
            if len(rows) < page:
                break
            after = rows[-1]["id"]
        ids_by_label[label] = ids
    edges = []
    for label, ids in ids_by_label.items():
        for batch in _batches(ids, page):
            limit = page * 100
            rows = store.read(cypher.dump_relationships(label), {"ids": batch, "limit": limit}, limit=limit)
            if rows.truncated:
                raise StoreUnavailableError(f"more than {limit} relationships leave {len(batch)} {label} nodes: "
                                            "read them with a smaller page")
            edges += [(row["source"], row["target"], row["type"], ordered(row["props"])) for row in rows]
    for source, target, rel, props in sorted(edges, key=lambda e: (e[0], e[2], e[1], json.dumps(e[3], sort_keys=True,
                                                                                               ensure_ascii=False))):
        G.add_edge(source, target, type=rel, **props)
    G.graph["regulations"] = sorted(n for n, d in G.nodes(data=True) if d["labels"][0] == S.REGULATION)
    return G


# -- GraphML --------------------------------------------------------------------------------------
def _graphml_value(value: object) -> object:
    """GraphML holds scalars only: lists become JSON strings (Chinese kept readable)."""
    if isinstance(value, list | tuple):
        return json.dumps(list(value), ensure_ascii=False)
    return value


def graphml_labels(labels: tuple[str, ...] | list[str]) -> str:
    """`("Concept", "Infrastructure")` → `:Concept:Infrastructure` (the form Neo4j's GraphML tools use)."""
    return "".join(f":{label}" for label in labels)


def to_graphml_graph(G: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """A copy of G whose attribute values GraphML can hold: `labels` as a string, lists as JSON strings."""
    out = nx.MultiDiGraph()
    out.graph.update({k: _graphml_value(v) for k, v in G.graph.items()})
    for key, data in G.nodes(data=True):
        attrs = {k: _graphml_value(v) for k, v in data.items() if k != "labels"}
        out.add_node(key, labels=graphml_labels(data["labels"]), **attrs)
    for u, v, k, data in G.edges(keys=True, data=True):
        out.add_edge(u, v, key=k, **{name: _graphml_value(val) for name, val in data.items()})
    return out


def write_graphml(G: nx.MultiDiGraph, path: str | Path) -> Path:
    """GraphML that opens in Gephi and Cytoscape: node attribute `labels` (`:Article`), edge attribute `type`."""
    path = Path(path)
    nx.write_graphml(to_graphml_graph(G), path, encoding="utf-8", prettyprint=True)
    return path


# -- node-link JSON -------------------------------------------------------------------------------
def node_link_data(G: nx.MultiDiGraph) -> dict:
    """networkx node-link data (`nodes`, `edges`), labels as lists."""
    data = nx.node_link_data(G, edges="edges")
    for node in data["nodes"]:
        node["labels"] = list(node["labels"])
    return data


def write_node_link_json(G: nx.MultiDiGraph, path: str | Path) -> Path:
    """networkx node-link JSON of the whole graph (UTF-8, Chinese unescaped)."""
    path = Path(path)
    path.write_text(json.dumps(node_link_data(G), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return path


def read_node_link_json(path: str | Path) -> nx.MultiDiGraph:
    """The graph written by write_node_link_json, with `labels` back as tuples."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    G = nx.node_link_graph(data, directed=True, multigraph=True, edges="edges")
    for key, attrs in G.nodes(data=True):
        # node-link's "id" holds the node key, which is also our `id` property: restore it in its place
        labels = tuple(attrs.pop("labels"))
        rest = dict(attrs)
        attrs.clear()
        attrs.update({"labels": labels, "id": key, **rest})
    return G


# -- Cypher script --------------------------------------------------------------------------------
def cypher_statements(G: nx.MultiDiGraph, batch_size: int = DEFAULT_BATCH_SIZE) -> Iterator[str]:
    """The script's statements, one per line, in the order the stores load: Neo4j's constraints and indexes;
    removal of the exported regulations' previous nodes (and of actors and laws left orphaned); then
    batched UNWIND … MERGE of nodes and UNWIND … CREATE/MERGE of relationships, parameters inlined."""
    if batch_size < 1:
        raise ValueError("batch_size must be at least 1")
    for ddl in cypher.neo4j_ddl():
        yield cypher.script_statement(ddl)
    for regulation in G.graph.get("regulations", []):
        for label in S.REGULATION_SCOPED_LABELS:
            yield cypher.script_statement(cypher.delete_regulation_nodes(label), {"regulationId": regulation})
    for label in cypher.ORPHAN_LABELS:
        yield cypher.script_statement(cypher.delete_orphans(label), {"keep": []})  # the script re-merges G's own
    node_groups: dict[tuple[str, ...], list[dict]] = {}
    for key, data in G.nodes(data=True):
        props = {k: v for k, v in data.items() if k != "labels"}
        node_groups.setdefault(tuple(data["labels"]), []).append({"id": key, "props": props})
    for labels, rows in node_groups.items():
        for batch in _batches(rows, batch_size):
            yield cypher.script_statement(cypher.merge_nodes(labels), {"rows": batch})
    edge_groups: dict[tuple[str, str, str], list[dict]] = {}
    for u, v, data in G.edges(data=True):
        group = (S.primary_label(G.nodes[u]["labels"]), data["type"], S.primary_label(G.nodes[v]["labels"]))
        props = {k: val for k, val in data.items() if k != "type"}
        edge_groups.setdefault(group, []).append({"source": u, "target": v, "props": props})
    for (source, rel, target), rows in edge_groups.items():
        shared = source in S.SHARED_LABELS and target in S.SHARED_LABELS
        template = (cypher.merge_relationships if shared else cypher.create_relationships)(source, rel, target)
        for batch in _batches(rows, batch_size):
            yield cypher.script_statement(template, {"rows": batch})


def write_cypher_script(G: nx.MultiDiGraph, path: str | Path, batch_size: int = DEFAULT_BATCH_SIZE) -> Path:
    """A script that recreates G in any Neo4j 5 with `cypher-shell < file` (one statement per line).

    It replaces the exported regulations as a load does: running it twice, or over an older version
    of them, leaves exactly this graph's version (other regulations untouched).
    """
    path = Path(path)
    header = cypher.SCRIPT_HEADER.format(regulations=", ".join(G.graph.get("regulations", [])) or "-",
                                         nodes=G.number_of_nodes(), relationships=G.number_of_edges())
    with path.open("w", encoding="utf-8", newline="\n") as out:
        out.write(header)
        for statement in cypher_statements(G, batch_size):
            out.write(statement + "\n")
    return path


def _batches(rows: list, size: int) -> Iterator[list]:
    for i in range(0, len(rows), size):
        yield rows[i:i + size]


def script_statements(text: str) -> list[str]:
    """The statements of a script written by write_cypher_script (comment lines dropped, `;` stripped)."""
    return [line.rstrip().removesuffix(";") for line in text.split("\n")
            if line.strip() and not line.lstrip().startswith("//")]
