"""The neighbourhood of one node for the explorer: nodes and edges within a few hops, capped, fan-outs folded.

Expanded hop by hop (one query per primary label per hop, through `cypher.neighbour_edges`). At
each node, the relationships of one type and direction to one kind of node form a group; a group
larger than `fanout` shows its first `fanout` members and folds the rest into one aggregate node
("+190 Duty") that is not expanded further. Once `limit` nodes are shown, nothing more is added and
the answer says so (`truncated`, `omittedNodes`).
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from regkg.errors import NotFoundError, QueryError
from regkg.graph import cypher
from regkg.graph import schema as S
from regkg.graph.store.base import GraphStore

MAX_DEPTH = 3
MAX_LIMIT = 2_000
MAX_FANOUT = 500
MAX_ROWS = 100_000
TEXT_CUT = 300


def _shown(props: dict[str, Any]) -> dict[str, Any]:
    out = {}
    for key, value in (props or {}).items():
        if value is None or value == "" or value == []:
            continue
        if isinstance(value, str) and len(value) > TEXT_CUT:
            value = value[:TEXT_CUT] + "…"
        out[key] = value
    return out


def _primary(labels: list[str]) -> str:
    return next((label for label in labels if label in S.PRIMARY_LABELS), labels[0] if labels else "")


def _caption(kind: str, props: dict[str, Any]) -> str:
    if kind == S.DUTY:
        text = props.get("text") or ""
        return f"{props.get('cite', '')} {text[:18]}{'…' if len(text) > 18 else ''}".strip()
    if kind == S.CHAPTER or kind == S.SECTION:
        return f"{props.get('label', '')} {props.get('name', '')}".strip()
    return str(props.get("title") or props.get("name") or props.get("label") or props.get("id") or "")


def node_json(node_id: str, labels: list[str], props: dict[str, Any], depth: int) -> dict[str, Any]:
    """One node as the explorer draws it: id, kind (primary label), labels, caption, hop, shown properties."""
    kind = _primary(labels)
    shown = _shown(props)
    return {"id": node_id, "kind": kind, "labels": list(labels), "caption": _caption(kind, shown), "depth": depth,
            "properties": shown}


def _order(row: dict[str, Any]) -> tuple:
    props = row["otherProps"] or {}
    number = props.get("number")
    return (props.get("regulationId") or "", number if isinstance(number, int) else 0, row["other"] or "")


def neighbourhood(store: GraphStore, node_id: str, depth: int = 1, limit: int = 200,
                  fanout: int = 25) -> dict[str, Any]:
    """{center, depth, nodes, edges, truncated, omittedNodes, aggregated} around `node_id`."""
    if not isinstance(depth, int) or not 1 <= depth <= MAX_DEPTH:
        raise QueryError(f"depth must be 1..{MAX_DEPTH}, not {depth!r}")
    if not 1 <= limit <= MAX_LIMIT:
        raise QueryError(f"limit must be 1..{MAX_LIMIT}, not {limit!r}")
    if not 1 <= fanout <= MAX_FANOUT:
        raise QueryError(f"fanout must be 1..{MAX_FANOUT}, not {fanout!r}")
    found = store.read(cypher.NODE_LABELS_BY_ID, {"id": node_id}, limit=len(S.PRIMARY_LABELS))
    if not found:
        raise NotFoundError(f"no node with id {node_id!r}", node=node_id)
    label = _primary(list(found[0]["labels"]))
    start = store.read(cypher.node_by_id(label), {"id": node_id}, limit=1)[0]
    nodes: dict[str, dict[str, Any]] = {node_id: node_json(node_id, list(start["labels"]), start["props"], 0)}
    edges: dict[tuple[str, str, str], dict[str, Any]] = {}
    omitted = aggregated = 0
    truncated = False
    frontier = [node_id]
    for hop in range(1, depth + 1):
        by_label: dict[str, list[str]] = defaultdict(list)
        for nid in frontier:
            by_label[nodes[nid]["kind"]].append(nid)
        groups: dict[tuple[str, str, bool, str], list[dict[str, Any]]] = defaultdict(list)
        for kind, ids in by_label.items():
            rows = store.read(cypher.neighbour_edges(kind), {"ids": ids, "limit": MAX_ROWS}, limit=MAX_ROWS)
            truncated |= rows.truncated
            for row in rows:
                key = (row["node"], row["type"], bool(row["outgoing"]), _primary(list(row["otherLabels"])))
                groups[key].append(row)
        next_frontier: list[str] = []
        for (nid, rel_type, outgoing, other_kind), rows in sorted(groups.items(), key=lambda g: g[0]):
            members = sorted({row["other"]: row for row in rows}.values(), key=_order)
            fresh = [row for row in members if row["other"] not in nodes]
            known = [row for row in members if row["other"] in nodes]
            shown_fresh = fresh[:fanout]
            folded = len(fresh) - len(shown_fresh)
            for row in [*known, *shown_fresh]:
                other = row["other"]
                if other not in nodes:
                    if len(nodes) >= limit:
                        omitted += 1
                        truncated = True
                        continue
                    nodes[other] = node_json(other, list(row["otherLabels"]), row["otherProps"], hop)
                    next_frontier.append(other)
                source, target = (nid, other) if outgoing else (other, nid)
                edges.setdefault((source, rel_type, target), {
                    "id": f"{source}|{rel_type}|{target}", "source": source, "target": target, "type": rel_type,
                    "properties": _shown(row["props"])})
            if folded:
                if len(nodes) >= limit:
                    omitted += folded
                    truncated = True
                    continue
                more_id = f"more:{nid}:{rel_type}:{'out' if outgoing else 'in'}:{other_kind}"
                nodes[more_id] = {"id": more_id, "kind": "More", "labels": [], "depth": hop,
                                  "caption": f"+{folded} {other_kind}", "properties": {},
                                  "aggregate": {"of": nid, "type": rel_type, "direction": "out" if outgoing else "in",
                                                "kind": other_kind, "count": folded}}
                aggregated += folded
                source, target = (nid, more_id) if outgoing else (more_id, nid)
                edges[(source, rel_type, target)] = {"id": f"{source}|{rel_type}|{target}", "source": source,
                                                     "target": target, "type": rel_type, "properties": {},
                                                     "aggregate": True}
        frontier = next_frontier
        if not frontier:
            break
    return {"center": node_id, "depth": depth, "limit": limit, "fanout": fanout,
            "nodes": list(nodes.values()), "edges": list(edges.values()),
            "truncated": truncated, "omittedNodes": omitted, "aggregated": aggregated}
