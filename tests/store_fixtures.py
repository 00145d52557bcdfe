"""Small, realistic graphs for the store tests: a real parsed regulation plus hand-made facts built by graph.build."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import networkx as nx
import pytest

from regkg.graph.build import build_graph
from regkg.loaders.document import Document
from regkg.loaders.facts import Actor, ActorRole, Citation, Concept, ConceptMention, Duty, Facts, actor_id, duty_id
from regkg.settings import Settings

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


# -- engines for the tests: a fresh REGKG_HOME per test module, always stopped ---------------------------
ROOT = Path(__file__).resolve().parent.parent
REGKG = str(Path(sys.executable).with_name("regkg"))


def embedded_settings(home: Path, **overrides: object) -> Settings:
    """Settings for an embedded store in `home` (never Neo4j, whatever the environment says)."""
    return Settings(home=home, neo4j_uri=None, **overrides)


def stop_engine(home: Path) -> None:
    """Stop the engine of `home` if one runs (used in fixture teardowns, also after failures)."""
    from regkg.graph.store.falkordb_server import FalkorDBServer

    FalkorDBServer(home).stop()


@pytest.fixture(scope="module")
def engine_home(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A fresh REGKG_HOME for this module's embedded engine; the engine is stopped afterwards, pass or fail."""
    home = tmp_path_factory.mktemp("regkg-home")
    try:
        yield home
    finally:
        stop_engine(home)


def cli_env(home: Path, **extra: str) -> dict[str, str]:
    """Environment for a `regkg` subprocess on the embedded store in `home`."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("REGKG_")}
    env.update({"REGKG_HOME": str(home), "COLUMNS": "200", **extra})
    return env


def run_cli(home: Path, *args: str, timeout: float = 120, **extra: str) -> subprocess.CompletedProcess:
    """Run the real `regkg` command against the embedded store in `home`."""
    return subprocess.run([REGKG, *args], capture_output=True, text=True, env=cli_env(home, **extra),
                          timeout=timeout, cwd=ROOT, check=False)
