"""Law references: every 《…》 title a regulation names becomes a LawReference, REPEALS when its sentence repeals it.

A title in a sentence that says 废止 (`《广州市信息化促进条例》同时废止`) is REPEALS; every other title is
CITES. One reference per occurrence (with offsets and the citation of the paragraph or item that names
it); the graph merges them into one `Law` node per title.
"""

from __future__ import annotations

import re

from regkg.loaders.definitions import citation_for
from regkg.loaders.document import Document
from regkg.loaders.facts import LawReference

TITLE_RE = re.compile(r"《(?P<name>[^《》\n]{1,80})》")
REPEAL_RE = re.compile(r"废止|撤销")
_SENTENCE_END = "。；;\n"


def extract_references(doc: Document) -> list[LawReference]:
    """LawReferences for the 《…》 titles in paragraphs and items, in text order."""
    refs: list[LawReference] = []
    for node in doc.nodes():
        if node.kind not in ("paragraph", "item", "subitem"):
            continue
        own_end = node.children[0].start - node.start if node.children else len(node.text)
        own = node.text[:own_end]
        for match in TITLE_RE.finditer(own):
            relation = "REPEALS" if REPEAL_RE.search(_sentence_after(own, match.end())) else "CITES"
            title = f"《{match.group('name').strip()}》"
            refs.append(LawReference(name=title, relation=relation, citation=citation_for(node),
                                     start=node.start + match.start(), end=node.start + match.end()))
    return refs


def _sentence_after(text: str, position: int) -> str:
    """The rest of the sentence after a title: what decides whether the title is repealed."""
    end = position
    while end < len(text) and text[end] not in _SENTENCE_END:
        end += 1
    return text[position:end]
