"""Hard-wrapped paragraphs (a line break mid-sentence, as in PDF copies) made invisible to extraction.

Extraction reads a copy of the source in which the line breaks inside a paragraph or item (and the
indentation around them) are removed, then every offset it produced is mapped back to the real
source, so facts still cite `source[start:end]` exactly.
"""

from __future__ import annotations

import re
from dataclasses import fields, is_dataclass

from regkg.loaders.document import Document
from regkg.loaders.parse import parse_source
from regkg.loaders.source import SourceText

_BREAK = re.compile(r"[ \t\u3000]*(?:\r\n|\n|\r)[ \t\u3000]*")
LEAF_KINDS = ("paragraph", "item", "subitem")


def _own_end(node) -> int:
    return node.children[0].start if node.children else node.end


def unwrap(doc: Document) -> tuple[Document, list[int]] | None:
    """The document re-parsed without in-paragraph line breaks, and clean offset → source offset; None if unwrapped."""
    src = doc.source
    cuts: list[tuple[int, int, str]] = []
    for node in doc.nodes():
        if node.kind not in LEAF_KINDS:
            continue
        own = src[node.start:_own_end(node)].rstrip()
        for m in _BREAK.finditer(own):
            a, b = node.start + m.start(), node.start + m.end()
            latin = a > 0 and b < len(src) and src[a - 1].isascii() and src[a - 1].isalnum() and src[b].isascii()
            cuts.append((a, b, " " if latin else ""))
    if not cuts:
        return None
    pieces, positions, pos = [], [], 0
    for a, b, keep in sorted(cuts):
        pieces.append(src[pos:a])
        positions.extend(range(pos, a))
        pieces.append(keep)
        positions.extend([a] * len(keep))
        pos = b
    pieces.append(src[pos:])
    positions.extend(range(pos, len(src)))
    clean = "".join(pieces)
    positions.append(len(src))
    view = SourceText(path=doc.path, text=clean, encoding=doc.encoding, sha256=doc.sha256)
    clean_doc = parse_source(view, doc.id)
    if clean_doc.counts() != doc.counts():
        return None
    return clean_doc, positions


def map_offsets(obj: object, positions: list[int], source: str) -> None:
    """Rewrite every start/end (and a duty's verbatim text) of a facts object tree from clean to source offsets."""
    if isinstance(obj, list):
        for x in obj:
            map_offsets(x, positions, source)
        return
    if isinstance(obj, dict):
        for x in obj.values():
            map_offsets(x, positions, source)
        return
    if not is_dataclass(obj):
        return
    names = {f.name for f in fields(obj)}
    if {"start", "end"} <= names and obj.start >= 0:
        obj.start, obj.end = positions[obj.start], positions[obj.end - 1] + 1 if obj.end > 0 else 0
        if "text" in names and "citation" in names:
            obj.text = source[obj.start:obj.end]
    for name in names:
        value = getattr(obj, name)
        if isinstance(value, list | dict) or is_dataclass(value):
            map_offsets(value, positions, source)
