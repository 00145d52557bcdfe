"""The parsed document model: every structural unit of a regulation, citable and tied to source offsets."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

KINDS = ("regulation", "chapter", "section", "article", "paragraph", "item", "subitem")


@dataclass(slots=True)
class Node:
    """One structural unit (章/节/条/款/项/目); `text` is always `source[start:end]`."""

    kind: str
    number: int
    label: str
    cite: str
    text: str
    start: int
    end: int
    name: str = ""
    children: list[Node] = field(default_factory=list)

    def walk(self) -> Iterator[Node]:
        """Yield this node and every descendant in document order."""
        yield self
        for child in self.children:
            yield from child.walk()

    def to_dict(self) -> dict:
        """JSON-ready form: the node's fields and its children, recursively."""
        data = {
            "kind": self.kind,
            "number": self.number,
            "label": self.label,
            "cite": self.cite,
            "text": self.text,
            "start": self.start,
            "end": self.end,
        }
        if self.name:
            data["name"] = self.name
        data["children"] = [c.to_dict() for c in self.children]
        return data


@dataclass(slots=True)
class Document:
    """A parsed regulation: metadata, the source text and the structure tree rooted at `root`."""

    id: str
    title: str
    jurisdiction: str
    status: str
    source: str
    sha256: str
    encoding: str
    path: str
    root: Node
    preamble: list[str] = field(default_factory=list)
    trailer: list[str] = field(default_factory=list)

    def nodes(self, kind: str | None = None) -> Iterator[Node]:
        """Every structural node (optionally of one kind) in document order."""
        for node in self.root.walk():
            if kind is None or node.kind == kind:
                yield node

    @property
    def articles(self) -> list[Node]:
        """All articles in order, whatever chapters or sections hold them."""
        return list(self.nodes("article"))

    def article(self, number: int) -> Node:
        """The article with this number (KeyError if absent)."""
        for art in self.nodes("article"):
            if art.number == number:
                return art
        raise KeyError(number)

    def find(self, cite: str) -> Node:
        """The node with this compact cite (`60`, `60.2`, `14.1(2)`)."""
        for node in self.root.walk():
            if node.cite == cite:
                return node
        raise KeyError(cite)

    def counts(self) -> dict[str, int]:
        """How many nodes of each kind the document has."""
        out = {k: 0 for k in KINDS[1:]}
        for node in self.root.walk():
            if node.kind != "regulation":
                out[node.kind] += 1
        return out

    def to_dict(self) -> dict:
        """JSON-ready form of the whole document."""
        data = self.root.to_dict()
        data.update(
            id=self.id,
            title=self.title,
            jurisdiction=self.jurisdiction,
            status=self.status,
            sha256=self.sha256,
            encoding=self.encoding,
            preamble=self.preamble,
            trailer=self.trailer,
            counts=self.counts(),
        )
        return data
