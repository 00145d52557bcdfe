"""The API's response models (the JSON contract in /docs), separate from the graph's own node models."""

from __future__ import annotations

import math
import re
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator


class Model(BaseModel):
    """Base of the response models: extra keys pass through (graph properties added later stay visible)."""

    model_config = ConfigDict(extra="allow")


class Problem(Model):
    """RFC 9457 problem details: every error the API answers."""

    type: str = Field(examples=["urn:regkg:problem:unknown-concept"])
    title: str = Field(examples=["unknown concept"])
    status: int = Field(examples=[404])
    detail: str = Field(examples=["no concept matches 'data centeres'"])
    instance: str = Field(examples=["/duties"])
    suggestions: list[str] | None = Field(None, description="Closest known labels (unknown actor or concept).")


class Citation(Model):
    """Where a duty is stated."""

    article: int | None
    paragraph: int | None
    item: int | None
    label: str = Field(examples=["第六十条第一款"])
    cite: str = Field(examples=["60.1"])


class Role(Model):
    """An actor in one role of a duty (bearer, partner, target), with the level it is named at."""

    id: str = Field(examples=["actor:广州市:工业和信息化部门"])
    name: str
    nameEn: str
    level: str = Field(examples=["市"])
    kind: str = Field(examples=["department"])


class ConceptRef(Model):
    """A concept a duty concerns."""

    id: str = Field(examples=["concept:data-centre"])
    name: str
    nameEn: str
    type: str = Field(examples=["Infrastructure"])


class Duty(Model):
    """The Duty JSON shared with `regkg duties --json` (DESIGN.md §4)."""

    id: str
    regulation: str
    citation: Citation
    modality: str = Field(examples=["obligation"])
    trigger: str = Field(examples=["应当"])
    text: str
    implicit: bool
    bearers: list[Role]
    partners: list[Role]
    targets: list[Role]
    concepts: list[ConceptRef]


class Page(Model):
    """One page of a listing: `next` is the URL of the following page (null on the last)."""

    total: int
    limit: int
    offset: int
    next: str | None


class DutyPage(Page):
    """A page of duties."""

    items: list[Duty]


class Regulation(Model):
    """A stored regulation with its metadata and counts."""

    id: str
    title: str | None = None
    name: str | None = None
    jurisdiction: str | None = None
    status: str | None = None
    sourceSha256: str | None = None
    textLength: int | None = None
    articles: int = 0
    duties: int = 0


class Health(Model):
    """The API is up and its store answers."""

    status: str = Field(examples=["ok"])
    store: dict[str, Any] = Field(description="backend, engine state (pid, version), and whether it answers")
    counts: dict[str, Any] | None = Field(None, description="nodes and relationships, per label and type")


class SearchHit(Model):
    """One search hit: its kind (actor, concept, article, definedTerm, regulation), id, name and rank."""

    kind: str = Field(examples=["concept"])
    id: str = Field(examples=["concept:data-centre"])
    name: str = Field(examples=["数据中心"])
    score: int = Field(description="100 exact label, 85 prefix, 70 contains, 55 inside the query, ≤50 close "
                                   "spelling, 40 article or definition text; aliases 5 less")
    matched: str = Field(description="the label, alias or text that matched")
    snippet: str | None = Field(None, description="text around the match (articles, defined terms)")


class SearchResult(Page):
    """Search hits, best first."""

    q: str
    items: list[SearchHit]


class GraphNode(Model):
    """A node as the explorer draws it; `kind` "More" is an aggregate of folded neighbours."""

    id: str
    kind: str = Field(examples=["Duty"])
    labels: list[str]
    caption: str
    depth: int
    properties: dict[str, Any]
    aggregate: dict[str, Any] | None = Field(None, description="{of, type, direction, kind, count} for a folded "
                                                               "group (kind 'More')")


class GraphEdge(Model):
    """A relationship between two shown nodes."""

    id: str
    source: str
    target: str
    type: str = Field(examples=["BEARS"])
    properties: dict[str, Any]
    aggregate: bool | None = None


class Neighbourhood(Model):
    """Nodes and edges around `center`; `truncated` when the node limit (or the row cap) cut it."""

    center: str
    depth: int
    limit: int
    fanout: int
    nodes: list[GraphNode]
    edges: list[GraphEdge]
    truncated: bool
    omittedNodes: int
    aggregated: int


class ActorSummary(Model):
    """An actor with its counts: duties borne (by modality), co-operated in, targeted by; levels named at."""

    id: str
    name: str
    nameEn: str
    kind: str
    jurisdiction: str
    aliases: list[str]
    duties: int
    partnerDuties: int
    targetedBy: int
    levels: list[str]
    byModality: dict[str, int]


class ActorPage(Page):
    """A page of actors, most duties first."""

    items: list[ActorSummary]


class ChapterDuties(Model):
    """An actor's duties in one chapter of one regulation."""

    regulation: str
    chapter: str | None
    label: str
    name: str
    number: int | None
    duties: list[Duty]


class Counterpart(Model):
    """Another actor (or concept) and on how many duties they meet."""

    id: str
    name: str | None
    nameEn: str | None
    duties: int


class ActorDetail(Model):
    """One actor: duties by chapter, co-operation both ways, parties served, concepts it answers for."""

    id: str
    name: str
    nameEn: str | None
    kind: str | None
    jurisdiction: str | None
    aliases: list[str]
    levels: list[str]
    duties: int
    byModality: dict[str, int]
    dutiesByChapter: list[ChapterDuties]
    cooperation: dict[str, list[Counterpart]] = Field(description="partners: bodies co-operating in its duties "
                                                                  "(会同/配合); leads: bodies whose duties it joins")
    serves: list[Counterpart]
    concepts: list[Counterpart]


class ConceptNode(Model):
    """A concept in the taxonomy tree: duties concerning it directly, and it or anything narrower."""

    id: str
    name: str
    nameEn: str | None
    type: str | None
    duties: int
    dutiesTotal: int
    children: list[ConceptNode]


class ResponsibleActor(Model):
    """An actor bearing or joining duties under a concept."""

    id: str
    name: str
    nameEn: str
    kind: str
    bears: int
    partnersIn: int
    levels: list[str]


class ConceptDetail(Model):
    """One concept: broader, narrower, the duties under it (first page) and who is responsible."""

    id: str
    name: str
    nameEn: str | None
    type: str | None
    aliases: list[str]
    broader: list[dict[str, Any]]
    narrower: list[dict[str, Any]]
    duties: dict[str, Any] = Field(description="{items: [Duty], total, limit}; all of them at /duties?concept=ID")
    actors: list[ResponsibleActor]


class Outline(Regulation):
    """A regulation's outline."""

    chapters: list[dict[str, Any]] = Field(description="chapters with sections, article ranges and duty counts")
    articleList: list[dict[str, Any]]
    dutiesByModality: dict[str, int]
    laws: list[dict[str, Any]]


class Provision(Model):
    """An article, paragraph or item with everything stated in it."""

    id: str
    regulation: str
    kind: str = Field(examples=["Paragraph"])
    label: str = Field(examples=["第六十条第二款"])
    cite: str = Field(examples=["60.2"])
    text: str
    start: int | None
    end: int | None
    children: list[dict[str, Any]]
    duties: list[Duty]
    concepts: list[dict[str, Any]]
    definedTerms: list[dict[str, Any]]
    laws: list[dict[str, Any]]


class Loaded(Model):
    """What an upload wrote."""

    regulation: str
    title: str
    articles: int
    duties: int
    actors: int
    concepts: int
    nodes: int
    relationships: int


class QuestionParam(Model):
    """A parameter of a named question."""

    name: str
    type: str = Field(description="concept, actor, regulation, level, modality, string or integer")
    required: bool
    default: Any = None
    description: str
    example: Any = None


class QuestionInfo(Model):
    """A named question: what it asks, its parameters and its Cypher (copy it into Neo4j Browser)."""

    name: str = Field(examples=["duties-touching-concept"])
    title: str
    description: str
    cypher: str
    params: list[QuestionParam]


class Rows(Model):
    """Rows of a read-only query: `truncated` when the row cap cut the result."""

    columns: list[str]
    rows: list[dict[str, Any]]
    truncated: bool


class Answer(Rows):
    """A named question's answer, with the Cypher and the parameters it ran with."""

    name: str
    title: str
    cypher: str
    parameters: dict[str, Any]


class CypherRequest(BaseModel):
    """A read-only Cypher query with its parameters; limits default to the settings and cannot exceed them."""

    model_config = ConfigDict(extra="forbid")

    query: str = Field(min_length=1, max_length=20_000,
                       examples=["MATCH (a:Actor)-[:BEARS]->(d:Duty) RETURN a.name AS actor, count(d) AS duties "
                                 "ORDER BY duties DESC LIMIT 10"])
    parameters: dict[str, Any] = Field(default_factory=dict, examples=[{}])
    timeout_ms: int | None = Field(None, ge=1, description="time limit (default REGKG_QUERY_TIMEOUT_MS, at most "
                                                           "REGKG_MAX_QUERY_TIMEOUT_MS)")
    limit: int | None = Field(None, ge=1, description="row cap (default and maximum REGKG_MAX_ROWS)")

    @field_validator("parameters")
    @classmethod
    def _plain_parameters(cls, parameters: dict[str, Any]) -> dict[str, Any]:
        for name, value in parameters.items():
            if not PARAMETER_NAME.match(name):
                raise ValueError(f"parameter name {name!r} must be an identifier (letters, digits, _)")
            _check_value(name, value, 0)
        return parameters


PARAMETER_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,63}$")
MAX_NESTING = 8


def _check_value(name: str, value: Any, depth: int) -> None:
    """Parameter values the engines take: null, bool, 64-bit int, finite float, string, lists and maps of them."""
    if depth > MAX_NESTING:
        raise ValueError(f"parameter {name!r} is nested more than {MAX_NESTING} levels deep")
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            raise ValueError(f"parameter {name!r} holds a string that is not valid Unicode") from None
        return
    if value is None or isinstance(value, bool):
        return
    if isinstance(value, int):
        if not -(2**63) <= value < 2**63:
            raise ValueError(f"parameter {name!r} holds an integer outside 64 bits")
        return
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError(f"parameter {name!r} holds a non-finite number")
        return
    if isinstance(value, list):
        for item in value:
            _check_value(name, item, depth + 1)
        return
    if isinstance(value, dict):
        for key, item in value.items():
            if not PARAMETER_NAME.match(key):
                raise ValueError(f"parameter {name!r} has a map key {key!r} that is not an identifier")
            _check_value(name, item, depth + 1)
        return
    raise ValueError(f"parameter {name!r} has an unsupported value type")


class CypherResult(Rows):
    """The rows of a POST /cypher query."""

    elapsedMs: float
