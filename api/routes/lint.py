"""`POST /lint`: lint a draft sent as the request body (raw text, any encoding the CLI reads); nothing is stored."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request

from regkg.api.deps import SettingsDep
from regkg.api.models import Problem

router = APIRouter(tags=["lint"])


@router.post("/lint", summary="Lint a regulation draft: the same JSON as `regkg lint --json` (or SARIF 2.1.0).",
             responses={413: {"model": Problem, "description": "larger than REGKG_API_UPLOAD_MAX_BYTES"},
                        422: {"model": Problem, "description": "not a regulation text (the parser's message)"}},
             openapi_extra={"requestBody": {"required": True, "content": {"text/plain": {"schema": {
                 "type": "string", "example": "示例条例\n第一条 为了……，制定本条例。\n"}}}}})
async def lint(request: Request, settings: SettingsDep,
               name: Annotated[str, Query(max_length=200, description="file name shown in the report")] = "draft.txt",
               format: Annotated[Literal["json", "sarif"], Query(description="json (default) or sarif")] = "json",
               ) -> dict[str, Any]:
    """Findings with rule, severity, message, line, column and citation; the text is read up to the upload limit."""
    from starlette.concurrency import run_in_threadpool

    from regkg.api.routes.upload import read_limited
    from regkg.loaders.lint import lint_document, lint_report
    from regkg.loaders.parse import parse_bytes

    body = await read_limited(request, settings.api_upload_max_bytes)

    def run() -> dict[str, Any]:
        doc = parse_bytes(body, "draft", name)
        findings = lint_document(doc)
        if format == "sarif":
            from regkg.loaders.lint.sarif import to_sarif

            return to_sarif(findings, name)
        return lint_report(name, findings)

    return await run_in_threadpool(run)
