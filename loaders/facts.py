"""The typed facts extracted from a Document: actors, duties, concepts, defined terms, law references.

These small dataclasses are the contract between `loaders` (which produce them) and `graph`
(which turns them into nodes and relationships). All offsets are into `Document.source`.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

MODALITIES = ("obligation", "prohibition", "permission", "encouragement", "liability")
ACTOR_KINDS = ("government", "department", "legislature", "judiciary", "enterprise", "organisation", "public")
CONCEPT_TYPES = ("Sector", "Infrastructure", "Technology", "DataResource")


@dataclass(slots=True)
class Actor:
    """A canonical actor of one jurisdiction; `aliases` are the surface forms seen in the text."""

    id: str
    name: str
    name_en: str
    kind: str
    aliases: list[str] = field(default_factory=list)


@dataclass(slots=True)
class ActorRole:
    """An actor's part in one duty: the actor, the level as written (市/区/省/县级以上/""), the surface form."""

    actor_id: str
    level: str
    surface: str
    start: int = -1
    end: int = -1


@dataclass(slots=True)
class Citation:
    """Where a fact is stated: article, paragraph and item numbers, Chinese label and compact cite."""

    article: int
    paragraph: int | None
    item: int | None
    label: str
    cite: str


@dataclass(slots=True)
class ConceptMention:
    """A concept found in a span of text (a duty's or a paragraph's), with the matched surface form."""

    concept_id: str
    surface: str
    start: int
    end: int


@dataclass(slots=True)
class Duty:
    """One duty statement: who (bearers), with whom (partners), for whom (targets), and how (modality)."""

    id: str
    citation: Citation
    modality: str
    trigger: str
    text: str
    start: int
    end: int
    implicit: bool = False
    bearers: list[ActorRole] = field(default_factory=list)
    partners: list[ActorRole] = field(default_factory=list)
    targets: list[ActorRole] = field(default_factory=list)
    concepts: list[ConceptMention] = field(default_factory=list)


@dataclass(slots=True)
class Concept:
    """A taxonomy concept (SKOS-like): labels in Chinese and English and its broader concepts."""

    id: str
    type: str
    name: str
    name_en: str
    aliases: list[str] = field(default_factory=list)
    aliases_en: list[str] = field(default_factory=list)
    broader: list[str] = field(default_factory=list)
    definition: str = ""


@dataclass(slots=True)
class DefinedTerm:
    """A term the regulation defines (用语含义), with its definition and where it is defined."""

    id: str
    name: str
    definition: str
    citation: Citation
    start: int
    end: int


@dataclass(slots=True)
class LawReference:
    """A law the text names in 《…》; `relation` is CITES or REPEALS."""

    name: str
    relation: str
    citation: Citation
    start: int
    end: int


@dataclass(slots=True)
class Mention:
    """A concept or defined term mentioned in a paragraph or item outside any duty."""

    node_cite: str
    target_id: str
    surface: str
    start: int
    end: int


@dataclass(slots=True)
class Facts:
    """Everything extracted from one regulation, ready for graph.build."""

    regulation_id: str
    actors: dict[str, Actor] = field(default_factory=dict)
    duties: list[Duty] = field(default_factory=list)
    concepts: dict[str, Concept] = field(default_factory=dict)
    terms: list[DefinedTerm] = field(default_factory=list)
    laws: list[LawReference] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)

    def to_dict(self) -> dict:
        """Plain-data form (for debugging and snapshots)."""
        return asdict(self)


# -- stable, human-readable ids (the graph's `id` property) ---------------------------------------
def node_id(regulation_id: str, cite: str) -> str:
    """Id of a structural node: `gz_draft` (regulation), `gz_draft:ch3`, `gz_draft:60`, `gz_draft:14.1(2)`."""
    return f"{regulation_id}:{cite}" if cite else regulation_id


def duty_id(regulation_id: str, cite: str, index: int) -> str:
    """Id of the index-th (1-based) duty stated in one paragraph or item: `gz_draft:60.2#1`."""
    return f"{regulation_id}:{cite}#{index}"


def actor_id(jurisdiction: str, name: str) -> str:
    """Id of a canonical actor within a jurisdiction: `actor:广州市:工业和信息化部门`."""
    return f"actor:{jurisdiction}:{name}" if jurisdiction else f"actor:{name}"


def term_id(regulation_id: str, name: str) -> str:
    """Id of a defined term of one regulation: `gz_draft:term:公共数据`."""
    return f"{regulation_id}:term:{name}"


def law_id(name: str) -> str:
    """Id of a cited law, by its title without 《》: `law:中华人民共和国数据安全法`."""
    return f"law:{name.strip('《》')}"
