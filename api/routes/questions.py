"""`/questions`: the catalogue of named, parameterised questions, and running one by name."""

from __future__ import annotations

from fastapi import APIRouter, Request

from regkg.api.deps import FREE_PARAMETERS, StoreDep
from regkg.api.models import Answer, Problem, QuestionInfo
from regkg.graph import questions as catalogue

router = APIRouter(tags=["questions"])


@router.get("/questions", response_model=list[QuestionInfo], summary="The named questions, with their Cypher.")
def list_questions() -> list[dict]:
    """Each question's name, title, parameters (type, required, example) and Cypher."""
    return [q.as_json() for q in catalogue.catalogue().values()]


@router.get("/questions/{name}", response_model=Answer, summary="Run a named question (parameters as query "
                                                                  "parameters).",
            responses={400: {"model": Problem, "description": "missing or unknown parameter"},
                       404: {"model": Problem, "description": "unknown question, concept, actor or regulation"},
                       504: {"model": Problem}},
            openapi_extra={FREE_PARAMETERS: True})  # the question's own parameters, checked by catalogue.ask
def ask(name: str, request: Request, store: StoreDep) -> dict:
    """`/questions/duties-touching-concept?concept=data%20centres`: rows, the Cypher and the parameters it ran
    with (labels resolved to ids), and whether the row cap cut the answer."""
    given = dict(request.query_params)
    return catalogue.ask(store, name, given)
