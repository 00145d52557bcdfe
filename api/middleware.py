"""Plain ASGI middleware: a request id on every request and its log line; ETag and Cache-Control on reads."""

from __future__ import annotations

import hashlib
import logging
import re
import time
import uuid
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

log = logging.getLogger("regkg.api.access")
_REQUEST_ID = re.compile(r"^[A-Za-z0-9._:-]{1,128}$")


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers") or ():
        if key == name:
            return value.decode("latin-1")
    return None


def accepts_gzip(accept_encoding: str | None) -> bool:
    """Whether an Accept-Encoding header allows gzip (RFC 9110 §12.5.3): `gzip` (or `x-gzip`), else `*`, with a
    q-value above 0 (`identity;q=1, gzip;q=0` refuses it; a substring test would not)."""
    qualities: dict[str, float] = {}
    for item in (accept_encoding or "").split(","):
        coding, *params = [part.strip() for part in item.split(";")]
        q = 1.0
        for param in params:
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    q = float(value.strip())
                except ValueError:
                    q = 0.0
        if coding:
            qualities[coding.lower()] = q
    for coding in ("gzip", "x-gzip", "*"):
        if coding in qualities:
            return qualities[coding] > 0
    return False


class NegotiatedGZipMiddleware:
    """Starlette's GZipMiddleware only for requests whose Accept-Encoding allows gzip (`accepts_gzip`; Starlette
    itself tests for the substring `gzip`, so `gzip;q=0` got gzip)."""

    def __init__(self, app: ASGIApp, minimum_size: int = 500) -> None:
        from starlette.middleware.gzip import GZipMiddleware

        self.app = app
        self.gzip = GZipMiddleware(app, minimum_size=minimum_size)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and accepts_gzip(_header(scope, b"accept-encoding")):
            await self.gzip(scope, receive, send)
        else:
            await self.app(scope, receive, send)


class RequestIdMiddleware:
    """Takes the caller's X-Request-ID (if sane) or makes one; echoes it and logs method, path, status, ms."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        given = _header(scope, b"x-request-id")
        request_id = given if given and _REQUEST_ID.match(given) else uuid.uuid4().hex
        scope.setdefault("state", {})["request_id"] = request_id
        started = time.perf_counter()
        status = 500

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                message.setdefault("headers", [])
                message["headers"] = [*message["headers"], (b"x-request-id", request_id.encode())]
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        finally:
            query = scope.get("query_string", b"").decode("latin-1")
            log.info("request_id=%s %s %s%s %s %.1fms", request_id, scope["method"], scope["path"],
                     f"?{query}" if query else "", status, (time.perf_counter() - started) * 1000)


class ReadCacheMiddleware:
    """GET/HEAD 200 answers get a strong ETag (hash of the body) and Cache-Control, and are kept whole in the
    app's response cache for the current graph version; If-None-Match → 304. /health is never cached."""

    uncached = ("/health",)

    def __init__(self, app: ASGIApp, max_age: int = 0) -> None:
        self.app = app
        self.cache_control = f"public, max-age={max_age}" if max_age else "no-cache"

    async def _signature(self, scope: Scope) -> tuple[Any, ...] | None:
        import anyio

        state = scope["app"].state
        fresh = state.snapshots.signature.peek()
        if fresh is not None:
            return fresh
        try:
            store = state.store.get()
            return await anyio.to_thread.run_sync(state.snapshots.signature.get, store)
        except Exception:  # the store is down: no caching; the route answers with the right problem
            return None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] not in ("GET", "HEAD"):
            await self.app(scope, receive, send)
            return
        cacheable = scope["path"] not in self.uncached
        signature = await self._signature(scope) if cacheable else None
        gzip = accepts_gzip(_header(scope, b"accept-encoding"))
        key = (scope["method"], scope["path"], scope.get("query_string", b""), gzip, _header(scope, b"origin"))
        cache = scope["app"].state.snapshots.responses
        if signature is not None:
            hit = cache.get(signature, key)
            if hit is not None:
                await self._send(scope, send, *hit)
                return
        start: dict[str, Any] = {}
        chunks: list[bytes] = []
        passthrough = False

        async def buffer(message: Message) -> None:
            nonlocal passthrough
            if message["type"] == "http.response.start":
                start.update(message)
                if message["status"] != 200:
                    passthrough = True
                    await send(message)
                return
            if passthrough or message["type"] != "http.response.body":
                await send(message)
                return
            chunks.append(message.get("body", b""))
            if message.get("more_body"):
                return
            body = b"".join(chunks)
            etag = '"' + hashlib.blake2b(body, digest_size=12).hexdigest() + '"'
            headers = [(k, v) for k, v in start.get("headers", []) if k.lower() not in (b"etag", b"cache-control")]
            headers += [(b"etag", etag.encode()), (b"cache-control", self.cache_control.encode())]
            if signature is not None:
                cache.put(signature, key, (headers, body, etag), len(body))
            await self._send(scope, send, headers, body, etag)

        await self.app(scope, receive, buffer)

    @staticmethod
    async def _send(scope: Scope, send: Send, headers: list[tuple[bytes, bytes]], body: bytes, etag: str) -> None:
        wanted = _header(scope, b"if-none-match")
        if wanted and (wanted.strip() == "*" or etag in [t.strip().removeprefix("W/") for t in wanted.split(",")]):
            kept = [(k, v) for k, v in headers if k.lower() not in (b"content-length", b"content-type",
                                                                    b"content-encoding")]
            await send({"type": "http.response.start", "status": 304, "headers": kept})
            await send({"type": "http.response.body", "body": b""})
            return
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        await send({"type": "http.response.body", "body": b"" if scope["method"] == "HEAD" else body})


class HeadMiddleware:
    """HEAD wherever GET works (RFC 9110 §9.3.2): the request runs as a GET (same status, headers, ETag, cached
    answer and 304) and the body is dropped on the way out."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "HEAD":
            await self.app(scope, receive, send)
            return

        async def no_body(message: Message) -> None:
            if message["type"] == "http.response.body":
                message = {**message, "body": b""}
            await send(message)

        await self.app({**scope, "method": "GET"}, receive, no_body)


class BodyLimitMiddleware:
    """Caps the request body of the POST routes that read it whole as JSON (`/cypher`): 413 once it passes the limit.

    The body is counted as it arrives (a declared Content-Length over the limit is refused before any is
    read), and the refusal is an HTTPException raised where the route reads its body, so the one error
    handler turns it into a problem+json 413 like the upload's."""

    def __init__(self, app: ASGIApp, limits: dict[str, int]) -> None:
        self.app = app
        self.limits = limits

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        posted = scope["type"] == "http" and scope["method"] == "POST"
        limit = self.limits.get(scope.get("path", "")) if posted else None
        if limit is None:
            await self.app(scope, receive, send)
            return
        from starlette.exceptions import HTTPException

        declared = _header(scope, b"content-length")
        received = 0

        async def limited_receive() -> Message:
            nonlocal received
            if declared and declared.isdigit() and int(declared) > limit:
                raise HTTPException(413, f"the request body is {int(declared):,} bytes; the limit is {limit:,}")
            message = await receive()
            received += len(message.get("body", b""))
            if received > limit:
                raise HTTPException(413, f"the request body is larger than the limit of {limit:,} bytes")
            return message

        await self.app(scope, limited_receive, send)
