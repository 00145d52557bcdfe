"""One visual language for the pyvis views and the explorer: a node's kind, colour, shape and labels.

The table lives in `style.json` beside this module, so the explorer's JavaScript reads the very same
file (served at `/explorer/style.json`) and a colour changed there changes everywhere.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

GOVERNMENT_KINDS = ("government",)
DEPARTMENT_KINDS = ("department",)


@cache
def style_table() -> dict[str, Any]:
    """The parsed style.json (kinds and edges)."""
    return json.loads(resources.files(__package__).joinpath("style.json").read_text(encoding="utf-8"))


def style_json() -> str:
    """style.json's text, for the explorer."""
    return json.dumps(style_table(), ensure_ascii=False)


def node_kind(labels: tuple[str, ...] | list[str], data: dict[str, Any]) -> str:
    """The style key of a node: `actor:government`, `duty:obligation`, `concept:Infrastructure`, `article` …"""
    primary = labels[0] if labels else ""
    if primary == "Actor":
        kind = data.get("kind") or ""
        if kind in GOVERNMENT_KINDS:
            return "actor:government"
        return "actor:department" if kind in DEPARTMENT_KINDS else "actor:other"
    if primary == "Duty":
        key = f"duty:{data.get('modality') or ''}"
        return key if key in style_table()["kinds"] else "other"
    if primary == "Concept":
        ctype = data.get("type") or next((lab for lab in labels[1:]), "")
        key = f"concept:{ctype}"
        return key if key in style_table()["kinds"] else "other"
    if primary in ("Article", "Paragraph", "Item", "Subitem", "Chapter", "Section"):
        return "article"
    return {"Regulation": "regulation", "DefinedTerm": "term", "Law": "law", "More": "more"}.get(primary, "other")


def kind_style(kind: str) -> dict[str, Any]:
    """Colour, shape and legend labels of a style key."""
    kinds = style_table()["kinds"]
    return kinds.get(kind, kinds["other"])


def edge_style(rel: str) -> dict[str, Any]:
    """Colour, dashes and labels of a relationship type."""
    edges = style_table()["edges"]
    return edges.get(rel, edges["other"])


def node_label(labels: tuple[str, ...] | list[str], data: dict[str, Any], lang: str = "zh") -> str:
    """The caption drawn on a node in Chinese (`zh`) or English (`en`)."""
    primary = labels[0] if labels else ""
    name = str(data.get("name") or data.get("id") or "")
    if primary == "Duty":
        cite = data.get("cite") or ""
        return f"{cite} {data.get('modality') or ''}" if lang == "en" else f"{cite} {data.get('trigger') or ''}"
    if primary in ("Article", "Paragraph", "Item", "Subitem") and lang == "en":
        return f"Art. {data.get('cite') or name}"
    if lang == "en" and data.get("nameEn"):
        return str(data["nameEn"])
    return name


def hover_text(labels: tuple[str, ...] | list[str], data: dict[str, Any]) -> str:
    """Plain-text hover: a duty's verbatim text and its citation; an actor's or concept's names and kind."""
    primary = labels[0] if labels else ""
    if primary == "Duty":
        return (f"{data.get('label') or data.get('cite') or ''} · {data.get('modality') or ''} "
                f"({data.get('regulationId') or ''})\n{data.get('text') or ''}")
    if primary in ("Article", "Paragraph", "Item", "Subitem"):
        text = str(data.get("text") or "")
        cut = f"{text[:400]}…" if len(text) > 400 else text
        return f"{data.get('label') or ''} ({data.get('regulationId') or ''})\n{cut}"
    parts = [str(data.get("name") or "")]
    if data.get("nameEn"):
        parts.append(str(data["nameEn"]))
    extra = data.get("kind") or data.get("type") or primary
    return " / ".join(parts) + f"\n{extra}" + (f"\n{data['definition']}" if data.get("definition") else "")


def legend(kinds: list[str] | None = None) -> list[dict[str, Any]]:
    """Legend entries (key, colour, shape, labels) for the given style keys, in style.json order."""
    table = style_table()["kinds"]
    return [{"key": key, **value} for key, value in table.items() if kinds is None or key in kinds]
