"""The OpenAPI document as the API really answers: every error is problem+json, on every operation."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

from regkg.api.errors import PROBLEM_JSON

COMMON_ERRORS = {
    "400": "bad parameter or query",
    "404": "unknown regulation, provision, actor, concept, node or question (with the closest labels)",
    "422": "invalid request",
    "503": "the graph store is down (the API recovers by itself)",
    "504": "the query ran past its time limit",
}


def problem_only(schema: dict[str, Any]) -> dict[str, Any]:
    """Every 4xx/5xx response of every operation documented as application/problem+json with the Problem schema."""
    ref = {"$ref": "#/components/schemas/Problem"}
    for operations in schema.get("paths", {}).values():
        for operation in operations.values():
            responses = operation.setdefault("responses", {})
            for status, description in COMMON_ERRORS.items():
                responses.setdefault(status, {"description": description})
            for status, response in responses.items():
                if status[0] in "45":
                    response["content"] = {PROBLEM_JSON: {"schema": ref}}
    return schema


def install(app: FastAPI) -> None:
    """Replace the app's OpenAPI generator with one that documents the problem+json errors."""

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            schema = get_openapi(title=app.title, version=app.version, description=app.description,
                                 routes=app.routes, tags=app.openapi_tags)
            app.openapi_schema = problem_only(schema)
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
