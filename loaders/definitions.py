"""Defined terms: what a regulation says its words mean (用语含义), as DefinedTerm facts with their citation.

Two shapes are recognised, in any article:
- a definitions clause `本条例(中)下列用语的含义(是)：` followed by items or paragraphs `X，是指……`
  (the usual 附则 article, often titled 用语含义);
- a sentence `本条例所称X，是指……` (also 本办法/本规定/本法/本细则) anywhere in the text.
The term is what precedes 是指 (or 指); the definition runs to the end of its sentence.
"""

from __future__ import annotations

import re

from regkg.loaders.document import Document, Node
from regkg.loaders.facts import Citation, DefinedTerm, term_id

_INSTRUMENT = r"本(?:条例|办法|规定|法|细则|决定)"
DEFINITIONS_CLAUSE_RE = re.compile(rf"(?:{_INSTRUMENT})?(?:中|所称的?)?下列(?:用语|词语|术语)(?:的)?(?:含义|定义)")
DEFINITIONS_TITLE_RE = re.compile(r"(?:用语|术语)(?:的)?(?:含义|定义)|释义")
SO_CALLED_RE = re.compile(
    rf"{_INSTRUMENT}所称(?:的)?(?P<term>[^，,：:；;。“”\"\s]{{1,30}}?)[，,：:]?\s*(?:是指|指)(?P<definition>[^。]+)。?")
ITEM_DEFINITION_RE = re.compile(
    r"^\s*(?:[（(][一二三四五六七八九十百]+[）)]|\d+[.．、])?\s*[“\"]?(?P<term>[^，,：:；;。“”\"\s]{1,30}?)[”\"]?\s*"
    r"(?:[，,：:]\s*)?(?:是指|指)(?P<definition>.+?)[。；;]?\s*$", re.S)
_CITE_RE = re.compile(r"^(\d+)(?:\.(\d+))?(?:\((\d+)\))?")


def citation_for(node: Node) -> Citation:
    """The Citation of a paragraph, item or sub-item node, from its compact cite (`60.2`, `14.1(2)`)."""
    match = _CITE_RE.match(node.cite)
    if match is None:
        raise ValueError(f"node {node.label!r} has no article cite")
    article, paragraph, item = (int(g) if g else None for g in match.groups())
    return Citation(article=article, paragraph=paragraph, item=item, label=node.label, cite=node.cite)


def extract_definitions(doc: Document) -> list[DefinedTerm]:
    """Every term the regulation defines, in text order, one per term name (the first definition wins)."""
    found: dict[str, DefinedTerm] = {}
    for article in doc.nodes("article"):
        statements = [n for n in article.walk() if n.kind in ("paragraph", "item", "subitem")]
        in_clause = bool(DEFINITIONS_TITLE_RE.search(article.name or ""))
        for node in statements:
            own = _own_text(node)
            if DEFINITIONS_CLAUSE_RE.search(own) or DEFINITIONS_TITLE_RE.fullmatch(own.strip()):
                in_clause = True
                continue
            for term in _so_called(doc, node, own):
                found.setdefault(term.name, term)
            if in_clause:
                term = _listed(doc, node, own)
                if term is not None:
                    found.setdefault(term.name, term)
    return sorted(found.values(), key=lambda t: t.start)


def _own_text(node: Node) -> str:
    """The node's text before its first child (a paragraph's lead line without its items)."""
    if node.children:
        return node.text[: node.children[0].start - node.start]
    return node.text


def _so_called(doc: Document, node: Node, own: str) -> list[DefinedTerm]:
    """`本条例所称X，是指……` sentences in a node's own text."""
    out = []
    for match in SO_CALLED_RE.finditer(own):
        out.append(_term(doc, node, match.group("term"), match.group("definition"),
                         node.start + match.start(), node.start + match.end()))
    return out


def _listed(doc: Document, node: Node, own: str) -> DefinedTerm | None:
    """One `（一）X，是指……` entry of a definitions clause."""
    match = ITEM_DEFINITION_RE.match(own)
    if match is None:
        return None
    lead = len(own) - len(own.lstrip())
    end = len(own.rstrip())
    return _term(doc, node, match.group("term"), match.group("definition"), node.start + lead, node.start + end)


def _term(doc: Document, node: Node, name: str, definition: str, start: int, end: int) -> DefinedTerm:
    """A DefinedTerm with a clean name and definition (surrounding spaces, quotes and final 。 removed)."""
    name = name.strip().strip("“”\"'")
    definition = re.sub(r"\s+", "", definition).rstrip("。；;")
    return DefinedTerm(id=term_id(doc.id, name), name=name, definition=definition, citation=citation_for(node),
                       start=start, end=end)
