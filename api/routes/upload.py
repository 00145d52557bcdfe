"""`POST /regulations`: upload a regulation text and load it — only when REGKG_API_TOKEN is set, and only with it.

Without a token setting this router is not included at all, so POST /regulations answers 405 (the
GET on the same path exists). The text is read up to the size limit, decoded, parsed and extracted
before anything is written; a text that is not a regulation is a 422 problem with the parser's
message and line, and the store is untouched.
"""

from __future__ import annotations

import hmac
from typing import Annotated

from fastapi import APIRouter, Header, Query, Request
from fastapi.responses import JSONResponse

from regkg.api.deps import SettingsDep, SnapshotsDep, StoreDep
from regkg.api.models import Loaded, Problem
from regkg.errors import AuthError, InputError, PayloadTooLargeError

router = APIRouter(tags=["regulations"])
ID_PATTERN = r"^[a-z0-9][a-z0-9_]{0,99}$"


def check_token(authorization: str | None, expected: str) -> None:
    """AuthError unless the header is `Bearer <expected>` (compared in constant time)."""
    scheme, _, given = (authorization or "").partition(" ")
    if scheme.lower() != "bearer" or not given.strip():
        raise AuthError("this endpoint needs `Authorization: Bearer <REGKG_API_TOKEN>`")
    if not hmac.compare_digest(given.strip().encode(), expected.encode()):
        raise AuthError("wrong token")


async def read_limited(request: Request, limit: int) -> bytes:
    """The request body, refused with PayloadTooLargeError as soon as it passes `limit` bytes."""
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > limit:
        raise PayloadTooLargeError(f"the text is {int(declared)} bytes; the limit is {limit} "
                                   "(REGKG_API_UPLOAD_MAX_BYTES)", limit=limit)
    body = bytearray()
    async for chunk in request.stream():
        body.extend(chunk)
        if len(body) > limit:
            raise PayloadTooLargeError(f"the text is larger than the limit of {limit} bytes "
                                       "(REGKG_API_UPLOAD_MAX_BYTES)", limit=limit)
    return bytes(body)


@router.post("/regulations", response_model=Loaded, status_code=201,
             summary="Upload a regulation text (the raw file as the body) and load it, replacing its previous "
                     "version.",
             responses={401: {"model": Problem}, 413: {"model": Problem},
                        422: {"model": Problem, "description": "not a regulation (the parser's message)"}},
             openapi_extra={"requestBody": {"required": True, "content": {"text/plain": {"schema": {
                 "type": "string", "example": "示例条例\n第一条 为了……，制定本条例。\n"}}}}})
async def upload(request: Request, store: StoreDep, settings: SettingsDep, snapshots: SnapshotsDep,
                 regulation_id: Annotated[str, Query(alias="id", pattern=ID_PATTERN,
                                                     description="regulation id (lower-case letters, digits, _)")],
                 authorization: Annotated[str | None, Header()] = None) -> JSONResponse:
    """Bearer token required; UTF-8, UTF-16 (BOM) or GB18030 text up to REGKG_API_UPLOAD_MAX_BYTES."""
    import anyio

    assert settings.api_token is not None
    check_token(authorization, settings.api_token.get_secret_value())
    data = await read_limited(request, settings.api_upload_max_bytes)
    if not data.strip():
        raise InputError("the request body is empty: send the regulation text")

    def load() -> dict:
        from regkg.graph.build import build_graph
        from regkg.loaders.parse import parse_bytes
        from regkg.loaders.pipeline import extract_facts
        from regkg.loaders.taxonomy import load_taxonomy

        doc = parse_bytes(data, regulation_id, name=f"upload:{regulation_id}")
        graph = build_graph(doc, extract_facts(doc), load_taxonomy().concepts)
        summary = store.load_regulation(graph, doc.id)
        snapshots.signature.forget()
        return {"regulation": doc.id, "title": doc.title, **summary}

    loaded = await anyio.to_thread.run_sync(load)
    body = Loaded(**loaded).model_dump()
    return JSONResponse(body, status_code=201, headers={"Location": f"/regulations/{loaded['regulation']}"})

