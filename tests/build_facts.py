"""Facts made by simple rules from a real parsed Document, so graph tests do not wait for the extractors.

The rules are crude (first sentence with a trigger word is a duty, 人民政府/部门 are actors, a tiny
taxonomy matched by substring) but every offset, cite and id is real, which is what the graph
builder and the exports are tested on.
"""

from __future__ import annotations

import re

from regkg.loaders.document import Document, Node
from regkg.loaders.facts import (
    Actor,
    ActorRole,
    Citation,
    Concept,
    ConceptMention,
    DefinedTerm,
    Duty,
    Facts,
    LawReference,
    Mention,
    actor_id,
    duty_id,
    law_id,
    term_id,
)

TRIGGERS = {"应当": "obligation", "不得": "prohibition", "可以": "permission", "鼓励": "encouragement"}
TAXONOMY = [
    Concept("concept:digital-infrastructure", "Infrastructure", "数字基础设施", "digital infrastructure"),
    Concept("concept:computing-infrastructure", "Infrastructure", "算力基础设施", "computing infrastructure",
            broader=["concept:digital-infrastructure"]),
    Concept("concept:data-centre", "Infrastructure", "数据中心", "data centre", aliases_en=["data center"],
            broader=["concept:computing-infrastructure"]),
    Concept("concept:artificial-intelligence", "Technology", "人工智能", "artificial intelligence", aliases=["AI"]),
    Concept("concept:public-data", "DataResource", "公共数据", "public data"),
    Concept("concept:manufacturing", "Sector", "制造业", "manufacturing"),
]
ACTOR_SURFACES = [("人民政府", "government", "people's government"), ("部门", "department", "department")]


def _citation(node: Node) -> Citation:
    m = re.match(r"^(\d+)(?:\.(\d+))?(?:\((\d+)\))?", node.cite)
    article, paragraph, item = (int(g) if g else None for g in m.groups())
    return Citation(article, paragraph, item, node.label, node.cite)


def _mentions(text: str, offset: int) -> list[ConceptMention]:
    found = []
    for concept in TAXONOMY:
        for surface in [concept.name, *concept.aliases]:
            found += [ConceptMention(concept.id, surface, offset + m.start(), offset + m.end())
                      for m in re.finditer(re.escape(surface), text)]
    return found


def facts_for(doc: Document) -> Facts:
    """Rule-made facts over the real document: duties, actors, taxonomy, mentions, defined terms, laws."""
    facts = Facts(doc.id)
    facts.concepts = {c.id: c for c in TAXONOMY}
    for node in doc.nodes():
        if node.kind not in ("paragraph", "item") or any(c.kind == "item" for c in node.children):
            continue
        index = 0
        for sentence in re.finditer(r"[^。；]+[。；]?", node.text):
            trigger = next((t for t in TRIGGERS if t in sentence.group()), None)
            if trigger is None:
                continue
            index += 1
            start, end = node.start + sentence.start(), node.start + sentence.end()
            duty = Duty(duty_id(doc.id, node.cite, index), _citation(node), TRIGGERS[trigger], trigger,
                        sentence.group(), start, end)
            for surface, kind, english in ACTOR_SURFACES:
                for m in re.finditer(rf"[市区]?[^，、。；（）\s]{{0,6}}{surface}", sentence.group()):
                    level = m.group()[0] if m.group()[0] in "市区" else ""
                    name = m.group()[1:] if level else m.group()
                    aid = actor_id(doc.jurisdiction, name)
                    actor = facts.actors.setdefault(aid, Actor(aid, name, english, kind))
                    if m.group() not in actor.aliases:
                        actor.aliases.append(m.group())
                    role = ActorRole(aid, level, m.group(), start + m.start(), start + m.end())
                    (duty.bearers if not duty.bearers else duty.partners).append(role)
            duty.concepts = _mentions(sentence.group(), start)
            facts.duties.append(duty)
        if index == 0:
            facts.mentions += [Mention(node.cite, m.concept_id, m.surface, m.start, m.end)
                               for m in _mentions(node.text, node.start)]
        definition = re.match(r"^（[一二三四五六七八九十]+）([^，]+)，是指(.+)$", node.text)
        if definition:
            name = definition.group(1)
            facts.terms.append(DefinedTerm(term_id(doc.id, name), name, definition.group(2), _citation(node),
                                           node.start, node.end))
    duty_cites = {d.citation.cite for d in facts.duties}
    for node in doc.nodes("paragraph"):
        for term in facts.terms:
            if node.cite not in duty_cites and node.cite != term.citation.cite and term.name in node.text:
                at = node.start + node.text.index(term.name)
                facts.mentions.append(Mention(node.cite, term.id, term.name, at, at + len(term.name)))
    for m in re.finditer(r"《[^》]+》", doc.source):
        article = next(a for a in doc.articles if a.start <= m.start() < a.end)
        relation = "REPEALS" if "废止" in doc.source[m.end():article.end] else "CITES"
        facts.laws.append(LawReference(m.group(), relation, _citation(article), m.start(), m.end()))
        assert law_id(m.group()).startswith("law:")
    return facts
