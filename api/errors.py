"""The one place errors become HTTP: regkg's typed errors, validation and routing errors as problem+json.

Every error body is RFC 9457 problem details — `type`, `title`, `status`, `detail`, `instance` —
plus the error's own details (`suggestions` for an unknown actor or concept, `clause` for a refused
write, `errors` for a validation failure). An unexpected exception is logged with its traceback and
answered as a bare 500 problem: no traceback ever reaches the client.
"""

from __future__ import annotations

import logging
import re
from typing import Any

from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from regkg.errors import RegkgError

PROBLEM_JSON = "application/problem+json"
log = logging.getLogger("regkg.api")


def problem_type(name: str) -> str:
    """A stable problem `type` URI from an error class or slug: WriteRefusedError → urn:regkg:problem:write-refused."""
    slug = re.sub(r"(?<!^)(?=[A-Z])", "-", name.removesuffix("Error")).lower()
    return f"urn:regkg:problem:{slug}"


def problem_response(*, status: int, title: str, detail: str, instance: str, type_: str = "about:blank",
                     headers: dict[str, str] | None = None, **extra: Any) -> JSONResponse:
    """One problem+json response."""
    body: dict[str, Any] = {"type": type_, "title": title, "status": status, "detail": detail, "instance": instance}
    body.update({k: v for k, v in extra.items() if k not in body and v is not None})
    return JSONResponse(jsonable_encoder(body), status_code=status, media_type=PROBLEM_JSON, headers=headers)


def problem(error: RegkgError, instance: str) -> JSONResponse:
    """RFC 9457 problem details for a regkg error, with its HTTP status."""
    headers = {"WWW-Authenticate": "Bearer"} if error.status == 401 else None
    if error.status == 503:
        headers = {"Retry-After": "1"}  # the engine is restarted on the next request
    return problem_response(status=error.status, title=error.title, detail=error.message, instance=instance,
                            type_=problem_type(type(error).__name__), headers=headers, **error.details)


def _validation_errors(error: RequestValidationError) -> list[dict[str, Any]]:
    return [{"loc": list(e.get("loc", ())), "msg": e.get("msg", ""), "type": e.get("type", "")}
            for e in error.errors()]


def install(app: FastAPI) -> None:
    """Register the handlers that turn every error into problem+json."""

    @app.exception_handler(RegkgError)
    async def regkg_error(request: Request, error: RegkgError) -> JSONResponse:
        if error.status >= 500 and error.status != 503:
            log.error("%s %s failed: %s", request.method, request.url.path, error)
        return problem(error, request.url.path)

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, error: RequestValidationError) -> JSONResponse:
        errors = _validation_errors(error)
        where = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in errors)
        return problem_response(status=422, title="invalid request", detail=where or "invalid request",
                                instance=request.url.path, type_=problem_type("Validation"), errors=errors)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, error: StarletteHTTPException) -> JSONResponse:
        titles = {404: "not found", 405: "method not allowed", 413: "payload too large", 401: "unauthorized"}
        title = titles.get(error.status_code, "http error")
        detail = error.detail if isinstance(error.detail, str) else title
        if error.status_code == 404 and detail == "Not Found":
            detail = f"no route {request.url.path}"
        return problem_response(status=error.status_code, title=title, detail=detail, instance=request.url.path,
                                type_=problem_type(title.title().replace(" ", "")),
                                headers=getattr(error, "headers", None))

    @app.exception_handler(Exception)
    async def unexpected(request: Request, error: Exception) -> JSONResponse:
        log.exception("unexpected error in %s %s", request.method, request.url.path)
        return problem_response(status=500, title="internal error", instance=request.url.path,
                                detail="an unexpected error occurred; the server log has the details",
                                type_=problem_type("Internal"))
