"""A small multi-digraph with the part of networkx's MultiDiGraph API that build_graph and graph.local use.

Answering a question straight from a file (`regkg duties FILE …`) needs one regulation's graph for a moment;
importing networkx alone costs 100-140 ms of a CLI run (issue 9: such an answer must stay within 15× the
interpreter's start-up). This class is plain dicts, so it also pickles into the start-up cache and loads
back without importing networkx. Stores, exports and views keep using networkx.MultiDiGraph.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any


class NodeView:
    """`G.nodes`: iterate ids, `G.nodes[n]` is the attribute dict, `G.nodes(data=True)` yields (id, dict)."""

    __slots__ = ("_nodes",)

    def __init__(self, nodes: dict[Any, dict]) -> None:
        self._nodes = nodes

    def __call__(self, data: bool = False) -> Iterator:
        return iter(self._nodes.items()) if data else iter(self._nodes)

    def __getitem__(self, node: Any) -> dict:
        return self._nodes[node]

    def __iter__(self) -> Iterator:
        return iter(self._nodes)

    def __len__(self) -> int:
        return len(self._nodes)

    def __contains__(self, node: object) -> bool:
        return node in self._nodes


class LiteMultiDiGraph:
    """Nodes with attribute dicts; parallel directed edges with keys 0, 1, … per (u, v), as networkx numbers them."""

    def __init__(self) -> None:
        self.graph: dict[str, Any] = {}
        self._nodes: dict[Any, dict] = {}
        self._succ: dict[Any, dict[Any, dict[int, dict]]] = {}
        self._pred: dict[Any, dict[Any, dict[int, dict]]] = {}

    @property
    def nodes(self) -> NodeView:
        """The nodes (see NodeView)."""
        return NodeView(self._nodes)

    def add_node(self, node: Any, **attrs: Any) -> None:
        """Add a node, or update the attributes of an existing one."""
        if node not in self._nodes:
            self._nodes[node] = {}
            self._succ[node] = {}
            self._pred[node] = {}
        self._nodes[node].update(attrs)

    def add_edge(self, u: Any, v: Any, key: int | None = None, **attrs: Any) -> int:
        """Add an edge u → v (adding missing ends); returns its key."""
        for end in (u, v):
            if end not in self._nodes:
                self.add_node(end)
        parallel = self._succ[u].setdefault(v, {})
        self._pred[v].setdefault(u, parallel)
        if key is None:
            key = len(parallel)
            while key in parallel:
                key += 1
        parallel.setdefault(key, {}).update(attrs)
        return key

    def out_edges(self, node: Any, data: bool = False) -> list[tuple]:
        """Edges leaving `node`: (u, v) or (u, v, attrs)."""
        return [(node, v, d) if data else (node, v) for v, keyed in self._succ[node].items() for d in keyed.values()]

    def in_edges(self, node: Any, data: bool = False) -> list[tuple]:
        """Edges entering `node`: (u, v) or (u, v, attrs)."""
        return [(u, node, d) if data else (u, node) for u, keyed in self._pred[node].items() for d in keyed.values()]

    def edges(self, data: bool = False) -> list[tuple]:
        """Every edge, in insertion order of its source node."""
        return [edge for node in self._nodes for edge in self.out_edges(node, data=data)]

    def number_of_nodes(self) -> int:
        return len(self._nodes)

    def number_of_edges(self) -> int:
        return sum(len(keyed) for targets in self._succ.values() for keyed in targets.values())

    def __contains__(self, node: object) -> bool:
        return node in self._nodes

    def __iter__(self) -> Iterator:
        return iter(self._nodes)

    def __len__(self) -> int:
        return len(self._nodes)
