"""The named questions: a catalogue of parameterised read-only Cypher (graph/questions.yaml) and its runner.

Like Datasette's canned queries: each question has a name, a title, typed parameters and Cypher an
analyst can copy into Neo4j Browser. The CLI (`regkg ask`) and the API (`/questions`) run them here,
so both answer with the same JSON: {name, title, cypher, parameters, columns, rows, truncated}.
The Cypher lives in the data file rather than graph/cypher.py so analysts can add questions without
touching code; the test suite runs every question on the embedded engine and through the read-only guard.
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass, field
from typing import Any

from regkg.errors import NotFoundError, QueryError
from regkg.graph.store.base import GraphStore, check_read_only

PARAM_TYPES = ("concept", "actor", "regulation", "level", "modality", "string", "integer")
MODALITIES = ("obligation", "prohibition", "permission", "encouragement", "liability")


@dataclass(frozen=True)
class Param:
    """One parameter of a question."""

    name: str
    type: str
    required: bool = True
    default: Any = None
    description: str = ""
    example: Any = None


@dataclass(frozen=True)
class Question:
    """A named, parameterised, read-only Cypher question."""

    name: str
    title: str
    description: str
    cypher: str
    params: tuple[Param, ...] = field(default_factory=tuple)

    def as_json(self) -> dict[str, Any]:
        """What `GET /questions` lists."""
        return {"name": self.name, "title": self.title, "description": self.description, "cypher": self.cypher,
                "params": [{"name": p.name, "type": p.type, "required": p.required, "default": p.default,
                            "description": p.description, "example": p.example} for p in self.params]}


@functools.cache
def catalogue() -> dict[str, Question]:
    """The questions of graph/questions.yaml, by name (validated: types known, Cypher read-only)."""
    from importlib.resources import files

    import yaml

    data = yaml.safe_load(files("regkg.graph").joinpath("questions.yaml").read_text(encoding="utf-8"))
    out: dict[str, Question] = {}
    for entry in data["questions"]:
        params = tuple(Param(**p) for p in entry.get("params") or [])
        for p in params:
            if p.type not in PARAM_TYPES:
                raise ValueError(f"question {entry['name']}: parameter {p.name} has unknown type {p.type!r}")
        question = Question(name=entry["name"], title=entry["title"], description=entry.get("description", ""),
                            cypher=entry["cypher"].strip(), params=params)
        check_read_only(question.cypher)
        if question.name in out:
            raise ValueError(f"question {question.name!r} is defined twice")
        out[question.name] = question
    return out


def get(name: str) -> Question:
    """One question by name; NotFoundError with the closest names."""
    questions = catalogue()
    if name not in questions:
        from rapidfuzz import process

        suggestions = [m[0] for m in process.extract(name, list(questions), limit=3)]
        raise NotFoundError(f"no question named {name!r}", suggestions=suggestions)
    return questions[name]


def _value(store: GraphStore, param: Param, raw: Any) -> Any:
    """A caller's value as the Cypher parameter: labels resolved to ids, numbers parsed, choices checked."""
    from regkg.graph import queries

    if param.type == "concept":
        return queries.resolve_concept(store, str(raw))
    if param.type == "actor":
        return queries.resolve_actor(store, str(raw))
    if param.type == "regulation":
        queries.check_regulation(store, str(raw))
        return str(raw)
    if param.type == "integer":
        try:
            return int(raw)
        except (TypeError, ValueError):
            raise QueryError(f"parameter {param.name} must be an integer, not {raw!r}", parameter=param.name) from None
    if param.type == "modality" and raw not in MODALITIES:
        raise QueryError(f"parameter {param.name} must be one of {', '.join(MODALITIES)}", parameter=param.name)
    return str(raw)


def bind(store: GraphStore, question: Question, given: dict[str, Any]) -> dict[str, Any]:
    """The Cypher parameters for the caller's values: unknown names refused, required ones demanded."""
    known = {p.name for p in question.params}
    unknown = sorted(set(given) - known)
    if unknown:
        raise QueryError(f"question {question.name} has no parameter {', '.join(unknown)} "
                         f"(it takes: {', '.join(sorted(known)) or 'none'})", parameter=unknown[0])
    values: dict[str, Any] = {}
    for param in question.params:
        raw = given.get(param.name)
        if raw is None or raw == "":
            if param.required and param.default is None:
                raise QueryError(f"question {question.name} needs parameter {param.name} ({param.type})",
                                 parameter=param.name)
            raw = param.default
        values[param.name] = None if raw is None else _value(store, param, raw)
    return values


def ask(store: GraphStore, name: str, given: dict[str, Any], *, limit: int | None = None,
        timeout_ms: int | None = None) -> dict[str, Any]:
    """Run a named question: {name, title, cypher, parameters, columns, rows, truncated}."""
    question = get(name)
    values = bind(store, question, given)
    cap = limit or getattr(getattr(store, "settings", None), "max_rows", 1000)
    rows = store.read(question.cypher, {**values, "limit": cap + 1}, timeout_ms=timeout_ms, limit=cap)
    return {"name": question.name, "title": question.title, "cypher": question.cypher,
            "parameters": {**values, "limit": cap + 1}, "columns": rows.columns,
            "rows": [_sorted_lists(row) for row in rows],
            "truncated": rows.truncated}


def _sorted_lists(row: dict[str, Any]) -> dict[str, Any]:
    """A row with its list cells sorted (each engine collects in its own order), except …Path columns (ordered)."""
    def key(value: Any) -> tuple[bool, str]:
        return (value is None, json.dumps(value, ensure_ascii=False, sort_keys=True))

    return {column: sorted(value, key=key) if isinstance(value, list) and not column.endswith("Path") else value
            for column, value in row.items()}
