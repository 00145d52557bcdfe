"""One regulation's part of a networkx graph as Cypher writes, the same for every backend.

A load replaces a regulation: delete its nodes (and actors/laws nothing refers to any more), upsert
the shared nodes (taxonomy concepts, actors, laws: list properties unioned in Cypher with what other
regulations put there), upsert its own nodes, then create its relationships (MERGE only between two
shared nodes, which every regulation's graph repeats). The embedded store sends all of it as ONE
statement (`replace_statement`); Neo4j runs the same writes in batches inside one transaction.
Property values are checked here, before anything is sent.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import networkx as nx

from regkg.errors import InputError
from regkg.graph import cypher
from regkg.graph import schema as S

Step = tuple[str, dict[str, Any]]


@dataclass
class LoadPlan:
    """The nodes and relationships of one regulation in a graph, grouped by the statement that writes them."""

    regulation_id: str
    nodes: dict[tuple[str, ...], list[dict[str, Any]]] = field(default_factory=dict)
    relationships: dict[tuple[str, str, str, bool], list[dict[str, Any]]] = field(default_factory=dict)
    linked_concepts: set[str] = field(default_factory=set)

    def node_count(self) -> int:
        """Nodes written (the regulation's and the shared ones it brings)."""
        return sum(len(rows) for rows in self.nodes.values())

    def relationship_count(self) -> int:
        """Relationships written."""
        return sum(len(rows) for rows in self.relationships.values())

    def label_count(self, label: str) -> int:
        """Nodes of one primary label in the plan."""
        return sum(len(rows) for labels, rows in self.nodes.items() if labels[0] == label)

    def summary(self) -> dict[str, int]:
        """What `regkg load` prints: articles, duties, actors, concepts the text links to, nodes, relationships."""
        return {"articles": self.label_count(S.ARTICLE), "duties": self.label_count(S.DUTY),
                "actors": self.label_count(S.ACTOR), "concepts": len(self.linked_concepts),
                "nodes": self.node_count(), "relationships": self.relationship_count()}


def _belongs(data: dict[str, Any], regulation_id: str) -> bool:
    labels = tuple(data.get("labels", ()))
    if not labels:
        raise InputError(f"graph node {data.get('id')!r} has no labels")
    if S.primary_label(labels) in S.SHARED_LABELS:
        return True
    return data.get("regulationId") == regulation_id


def _scalar(value: Any) -> bool:
    if isinstance(value, bool | str):
        return True
    if isinstance(value, int):
        return -(1 << 63) <= value < (1 << 63)
    return isinstance(value, float) and math.isfinite(value)


def storable(value: Any, where: str, name: str) -> Any:
    """A property value every backend stores (scalar, list of scalars, or None); else InputError.

    Checked before anything is sent: a statement that fails half-way inside FalkorDB 4.16 is undone with
    its deleted nodes' relationships re-attached wrongly, so the one-statement replace must never fail there.
    """
    if value is None or _scalar(value) or (isinstance(value, list | tuple) and all(_scalar(v) for v in value)):
        return list(value) if isinstance(value, tuple) else value
    raise InputError(f"property {name!r} of {where!r} cannot be stored: {type(value).__name__} {value!r:.80}")


def plan_load(G: nx.MultiDiGraph, regulation_id: str) -> LoadPlan:
    """Group the regulation's nodes by labels and its relationships by (source label, type, target label)."""
    if regulation_id not in G or G.nodes[regulation_id].get("labels", ("",))[0] != S.REGULATION:
        raise InputError(f"the graph holds no regulation {regulation_id!r}")
    plan = LoadPlan(regulation_id)
    nodes: dict[tuple[str, ...], list[dict[str, Any]]] = defaultdict(list)
    kept: dict[str, str] = {}
    for key, data in G.nodes(data=True):
        if not _belongs(data, regulation_id):
            continue
        labels = tuple(S.check_label(label) for label in data["labels"])
        props = {S.check_property(k): storable(v, key, k) for k, v in data.items() if k != "labels"}
        props["id"] = key
        nodes[labels].append({"id": key, "props": props})
        kept[key] = labels[0]
    relationships: dict[tuple[str, str, str, bool], list[dict[str, Any]]] = defaultdict(list)
    for source, target, data in G.edges(data=True):
        if source not in kept or target not in kept:
            continue
        rel_type = S.check_type(data["type"])
        shared = kept[source] in S.SHARED_LABELS and kept[target] in S.SHARED_LABELS
        if kept[target] == S.CONCEPT and rel_type in (S.CONCERNS, S.MENTIONS):
            plan.linked_concepts.add(target)
        props = {S.check_property(k): storable(v, f"{source}->{target}", k) for k, v in data.items() if k != "type"}
        relationships[(kept[source], rel_type, kept[target], shared)].append(
            {"source": source, "target": target, "props": props})
    plan.nodes = dict(sorted(nodes.items()))
    plan.relationships = dict(sorted(relationships.items()))
    return plan


def _batches(rows: list[Any], size: int) -> Iterator[list[Any]]:
    for start in range(0, len(rows), size):
        yield rows[start:start + size]


def delete_steps(regulation_id: str, plan: LoadPlan | None = None) -> Iterator[Step]:
    """Remove a regulation's nodes, then the actors and laws no regulation refers to any more (except those
    the new version `plan` brings back: they are merged, their lists unioned, on both backends alike)."""
    for label in S.REGULATION_SCOPED_LABELS:
        yield cypher.delete_regulation_nodes(label), {"regulationId": regulation_id}
    for label in cypher.ORPHAN_LABELS:
        yield cypher.delete_orphans(label), {"keep": kept_shared_ids(plan)}


def kept_shared_ids(plan: LoadPlan | None) -> list[str]:
    """Ids of the actors and laws the new version writes again (not checked as orphans)."""
    if plan is None:
        return []
    return sorted(row["id"] for labels, rows in plan.nodes.items() if labels[0] in cypher.ORPHAN_LABELS
                  for row in rows)


def write_parts(plan: LoadPlan) -> list[tuple[str, list[dict[str, Any]]]]:
    """Each write statement (taking `$rows`) with all its rows: shared nodes, own nodes, then relationships."""
    parts: list[tuple[str, list[dict[str, Any]]]] = []
    for labels, rows in plan.nodes.items():
        if labels[0] not in S.SHARED_LABELS:
            parts.append((cypher.merge_nodes(labels), rows))
            continue
        groups: dict[tuple[str, ...], list[dict[str, Any]]] = defaultdict(list)
        for row in rows:
            lists = tuple(sorted(name for name, value in row["props"].items() if isinstance(value, list)))
            groups[lists].append(row)
        for lists, group in sorted(groups.items()):
            parts.append((cypher.merge_shared_nodes(labels, lists), group))
    for (source, rel_type, target, shared), rows in plan.relationships.items():
        make = cypher.merge_relationships if shared else cypher.create_relationships
        parts.append((make(source, rel_type, target), rows))
    return parts


def write_steps(plan: LoadPlan, batch_size: int) -> Iterator[Step]:
    """The write parts as batched statements (shared nodes merged with what is stored, lists unioned)."""
    for statement, rows in write_parts(plan):
        for batch in _batches(rows, batch_size):
            yield statement, {"rows": batch}


def replace_statement(plan: LoadPlan | None, regulation_id: str) -> Step:
    """The whole replace (delete the stored version, write the plan's) as ONE statement and its parameters."""
    params: dict[str, Any] = {"regulationId": regulation_id, "keep": kept_shared_ids(plan)}
    parts = []
    for index, (statement, rows) in enumerate(write_parts(plan) if plan is not None else []):
        if "$rows" not in statement:
            raise AssertionError(f"write statement without $rows: {statement}")
        parts.append(statement.replace("$rows", f"$p{index}"))
        params[f"p{index}"] = rows
    return cypher.replace_regulation_statement(parts), params
