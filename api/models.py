"""The API's response models (the JSON contract in /docs), separate from the graph's own node models."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field


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
