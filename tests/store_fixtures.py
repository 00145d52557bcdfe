"""Small, realistic graphs for the store tests: a real parsed regulation plus hand-made facts built by graph.build."""

from __future__ import annotations

import networkx as nx

from graph.build import build_graph
from loaders.document import Document
from loaders.facts import Actor, ActorRole, Citation, Concept, ConceptMention, Duty, Facts, actor_id, duty_id

JURISDICTION = "广州市"
TAXONOMY = {
    "concept:digital-infrastructure": Concept("concept:digital-infrastructure", "Infrastructure", "数字基础设施",
                                              "digital infrastructure", ["新型基础设施"], ["new infrastructure"]),
    "concept:computing-infrastructure": Concept("concept:computing-infrastructure", "Infrastructure", "算力基础设施",
                                                "computing infrastructure", [], [],
                                                ["concept:digital-infrastructure"]),
    "concept:data-centre": Concept("concept:data-centre", "Infrastructure", "数据中心", "data centre", [],
                                   ["data center"], ["concept:computing-infrastructure"]),
    "concept:green-data-centre": Concept("concept:green-data-centre", "Infrastructure", "绿色数据中心",
                                         "green data centre", [], [], ["concept:data-centre"]),
    "concept:public-data": Concept("concept:public-data", "DataResource", "公共数据", "public data", [], []),
}
ACTORS = [
    Actor(actor_id(JURISDICTION, "工业和信息化部门"), "工业和信息化部门",
          "industry and information technology department", "department", ["工业和信息化主管部门"]),
    Actor(actor_id(JURISDICTION, "人民政府"), "人民政府", "people's government", "government", ["市人民政府"]),
    Actor(actor_id(JURISDICTION, "企业"), "企业", "enterprises", "enterprise", []),
]
CONCEPT_CYCLE = ["concept:green-data-centre", "concept:public-data", "concept:data-centre", None]


def make_facts(doc: Document, duties_per_paragraph: int = 1, *, variant: str = "") -> Facts:
    """Facts for `doc`: duties on its paragraphs, alternating actors, levels and concepts (deterministic)."""
    facts = Facts(doc.id, actors={a.id: a for a in ACTORS}, concepts=dict(TAXONOMY))
    paragraphs = list(doc.nodes("paragraph"))
    article_of = {}
    for article in doc.nodes("article"):
        for node in article.walk():
            article_of[node.cite] = article.number
    for index, para in enumerate(paragraphs):
        for k in range(1, duties_per_paragraph + 1):
            bearer = ACTORS[(index + k) % 2]
            level = "市" if index % 3 else "区"
            concept = CONCEPT_CYCLE[index % len(CONCEPT_CYCLE)]
            mentions = []
            if concept:
                mentions.append(ConceptMention(concept, TAXONOMY[concept].name, para.start, para.start + 2))
                mentions.append(ConceptMention(concept, TAXONOMY[concept].name_en, para.start + 2, para.start + 4))
            facts.duties.append(Duty(
                id=duty_id(doc.id, para.cite, k),
                citation=Citation(article_of[para.cite], para.number, None, para.label, para.cite),
                modality="obligation" if index % 2 else "encouragement", trigger="应当" if index % 2 else "鼓励",
                text=para.text[:30] + variant, start=para.start, end=min(para.end, para.start + 30),
                bearers=[ActorRole(bearer.id, level, bearer.name)],
                partners=[ActorRole(ACTORS[2].id, "", "企业")] if index % 4 == 1 else [],
                targets=[ActorRole(ACTORS[2].id, "", "企业")] if index % 5 == 2 else [],
                concepts=mentions))
    return facts


def make_graph(doc: Document, duties_per_paragraph: int = 1, *, variant: str = "") -> nx.MultiDiGraph:
    """The in-memory graph graph.build makes of `doc` with the facts above."""
    return build_graph(doc, make_facts(doc, duties_per_paragraph, variant=variant), TAXONOMY)
