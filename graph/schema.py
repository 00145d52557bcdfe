"""The graph schema as a closed whitelist: labels, relationship types, their properties and naming helpers.

Every module that names a label, a relationship type or a property (graph.build, graph.cypher,
the stores, the exports) takes it from here, so a typo is an import error rather than an empty
query result, and a label or type that reaches Cypher text has been checked against this list.
"""

from __future__ import annotations

import re

# -- node labels ----------------------------------------------------------------------------------
REGULATION = "Regulation"
CHAPTER = "Chapter"
SECTION = "Section"
ARTICLE = "Article"
PARAGRAPH = "Paragraph"
ITEM = "Item"
SUBITEM = "Subitem"
DUTY = "Duty"
ACTOR = "Actor"
CONCEPT = "Concept"
SECTOR = "Sector"
INFRASTRUCTURE = "Infrastructure"
TECHNOLOGY = "Technology"
DATA_RESOURCE = "DataResource"
DEFINED_TERM = "DefinedTerm"
LAW = "Law"

STRUCTURE_LABELS = (REGULATION, CHAPTER, SECTION, ARTICLE, PARAGRAPH, ITEM, SUBITEM)
CONCEPT_TYPE_LABELS = (SECTOR, INFRASTRUCTURE, TECHNOLOGY, DATA_RESOURCE)
# Primary labels: every node has exactly one of these first in its `labels` tuple; each has a
# uniqueness constraint on `id`.
PRIMARY_LABELS = (*STRUCTURE_LABELS, DUTY, ACTOR, CONCEPT, DEFINED_TERM, LAW)
LABELS = (*PRIMARY_LABELS, *CONCEPT_TYPE_LABELS)
# Nodes owned by one regulation carry `regulationId`; shared nodes (Actor, Concept, Law) do not.
REGULATION_SCOPED_LABELS = (*STRUCTURE_LABELS, DUTY, DEFINED_TERM)
SHARED_LABELS = (ACTOR, CONCEPT, LAW)

# Document.Node.kind → primary label.
KIND_LABELS = {
    "regulation": REGULATION,
    "chapter": CHAPTER,
    "section": SECTION,
    "article": ARTICLE,
    "paragraph": PARAGRAPH,
    "item": ITEM,
    "subitem": SUBITEM,
}

# -- relationship types ---------------------------------------------------------------------------
HAS_CHAPTER = "HAS_CHAPTER"
HAS_SECTION = "HAS_SECTION"
HAS_ARTICLE = "HAS_ARTICLE"
HAS_PARAGRAPH = "HAS_PARAGRAPH"
HAS_ITEM = "HAS_ITEM"
HAS_SUBITEM = "HAS_SUBITEM"
STATED_IN = "STATED_IN"
BEARS = "BEARS"
PARTNERS_IN = "PARTNERS_IN"
TARGETS = "TARGETS"
CONCERNS = "CONCERNS"
BROADER = "BROADER"
MENTIONS = "MENTIONS"
DEFINES = "DEFINES"
CITES = "CITES"
REPEALS = "REPEALS"

STRUCTURE_TYPES = (HAS_CHAPTER, HAS_SECTION, HAS_ARTICLE, HAS_PARAGRAPH, HAS_ITEM, HAS_SUBITEM)
ROLE_TYPES = (BEARS, PARTNERS_IN, TARGETS)
LAW_TYPES = (CITES, REPEALS)
RELATIONSHIP_TYPES = (*STRUCTURE_TYPES, STATED_IN, *ROLE_TYPES, CONCERNS, BROADER, MENTIONS, DEFINES, *LAW_TYPES)

# Document.Node.kind of a child → the relationship from its parent.
CHILD_TYPES = {
    "chapter": HAS_CHAPTER,
    "section": HAS_SECTION,
    "article": HAS_ARTICLE,
    "paragraph": HAS_PARAGRAPH,
    "item": HAS_ITEM,
    "subitem": HAS_SUBITEM,
}

# -- properties -----------------------------------------------------------------------------------
_STRUCTURE_TEXT = ("number", "label", "cite", "text", "start", "end")
NODE_PROPERTIES: dict[str, tuple[str, ...]] = {
    REGULATION: ("id", "name", "title", "jurisdiction", "status", "sourceSha256", "encoding", "textLength",
                 "regulationId"),
    CHAPTER: ("id", "name", "number", "label", "cite", "start", "end", "regulationId"),
    SECTION: ("id", "name", "number", "label", "cite", "start", "end", "regulationId"),
    ARTICLE: ("id", "name", *_STRUCTURE_TEXT, "regulationId"),
    PARAGRAPH: ("id", "name", *_STRUCTURE_TEXT, "regulationId"),
    ITEM: ("id", "name", *_STRUCTURE_TEXT, "regulationId"),
    SUBITEM: ("id", "name", *_STRUCTURE_TEXT, "regulationId"),
    DUTY: ("id", "name", "cite", "label", "article", "paragraph", "item", "modality", "trigger", "text", "start",
           "end", "implicit", "regulationId"),
    ACTOR: ("id", "name", "nameEn", "kind", "aliases", "jurisdiction"),
    CONCEPT: ("id", "name", "nameEn", "aliases", "type", "definition"),
    DEFINED_TERM: ("id", "name", "definition", "cite", "start", "end", "regulationId"),
    LAW: ("id", "name"),
}
REL_PROPERTIES: dict[str, tuple[str, ...]] = {
    **{t: ("order",) for t in STRUCTURE_TYPES},
    STATED_IN: (),
    BEARS: ("level", "order"),
    PARTNERS_IN: ("level", "order"),
    TARGETS: ("level", "order"),
    CONCERNS: ("surface", "start", "end"),
    BROADER: (),
    MENTIONS: ("surface", "start", "end"),
    DEFINES: (),
    CITES: ("cite",),
    REPEALS: ("cite",),
}
# Allowed (source primary label, target primary label) of each relationship type.
REL_ENDPOINTS: dict[str, tuple[tuple[str, str], ...]] = {
    HAS_CHAPTER: ((REGULATION, CHAPTER),),
    HAS_SECTION: ((CHAPTER, SECTION),),
    HAS_ARTICLE: ((REGULATION, ARTICLE), (CHAPTER, ARTICLE), (SECTION, ARTICLE)),
    HAS_PARAGRAPH: ((ARTICLE, PARAGRAPH),),
    HAS_ITEM: ((PARAGRAPH, ITEM),),
    HAS_SUBITEM: ((ITEM, SUBITEM),),
    STATED_IN: ((DUTY, PARAGRAPH), (DUTY, ITEM)),
    BEARS: ((ACTOR, DUTY),),
    PARTNERS_IN: ((ACTOR, DUTY),),
    TARGETS: ((DUTY, ACTOR),),
    CONCERNS: ((DUTY, CONCEPT),),
    BROADER: ((CONCEPT, CONCEPT),),
    MENTIONS: ((PARAGRAPH, CONCEPT), (ITEM, CONCEPT), (PARAGRAPH, DEFINED_TERM), (ITEM, DEFINED_TERM)),
    DEFINES: ((PARAGRAPH, DEFINED_TERM), (ITEM, DEFINED_TERM)),
    CITES: ((REGULATION, LAW),),
    REPEALS: ((REGULATION, LAW),),
}

PROPERTY_NAME_RE = re.compile(r"^[a-z][A-Za-z0-9]*$")
PropertyValue = str | int | float | bool | list[str]


def camel_case(name: str) -> str:
    """`name_en` → `nameEn`, `source_sha256` → `sourceSha256`: Python field names to graph property names."""
    head, *rest = name.split("_")
    return head + "".join(part[:1].upper() + part[1:] for part in rest)


def snake_case(name: str) -> str:
    """`nameEn` → `name_en`: graph property names back to Python field names."""
    return re.sub(r"(?<=[a-z0-9])([A-Z])", lambda m: "_" + m.group(1).lower(), name)


def whitelisted(value: str, allowed: tuple[str, ...] | frozenset[str], what: str) -> str:
    """The value itself if it is one of `allowed`; ValueError naming `what` otherwise (guards Cypher text)."""
    if value not in allowed:
        raise ValueError(f"not {what}: {value!r}")
    return value


def check_label(label: str) -> str:
    """The label itself if the schema has it; ValueError otherwise (guards every label put into Cypher text)."""
    return whitelisted(label, LABELS, "a regkg label")


def check_type(rel_type: str) -> str:
    """The relationship type itself if the schema has it; ValueError otherwise."""
    return whitelisted(rel_type, RELATIONSHIP_TYPES, "a regkg relationship type")


def check_property(name: str) -> str:
    """The property name itself if it is a plain camelCase identifier (safe to write unquoted in Cypher)."""
    if not PROPERTY_NAME_RE.match(name):
        raise ValueError(f"not a camelCase property name: {name!r}")
    return name


def primary_label(labels: tuple[str, ...] | list[str]) -> str:
    """The first (primary) label of a node's `labels`, checked."""
    if not labels or labels[0] not in PRIMARY_LABELS:
        raise ValueError(f"node labels must start with a primary label: {labels!r}")
    return labels[0]


def concept_labels(concept_type: str) -> tuple[str, str]:
    """`("Concept", "Infrastructure")` for a concept of that type."""
    if concept_type not in CONCEPT_TYPE_LABELS:
        raise ValueError(f"not a concept type: {concept_type!r} (expected one of {', '.join(CONCEPT_TYPE_LABELS)})")
    return (CONCEPT, concept_type)


def property_value(value: object) -> PropertyValue | None:
    """A value in the graph's property types (str, int, float, bool, list[str]); None stays None (omitted)."""
    if value is None or isinstance(value, str | bool | int | float):
        return value
    if isinstance(value, list | tuple):
        return [str(v) for v in value]
    raise TypeError(f"unsupported property value type: {type(value).__name__}")


def properties(**values: object) -> dict[str, PropertyValue]:
    """Keyword values → checked camelCase properties, None omitted (keys may be given in snake_case)."""
    out: dict[str, PropertyValue] = {}
    for key, value in values.items():
        converted = property_value(value)
        if converted is not None:
            out[check_property(camel_case(key))] = converted
    return out
