"""The HTTP API's app factory: settings, one store per app, middleware, the routers, the error handlers."""

from __future__ import annotations

import importlib
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import Depends, FastAPI
from fastapi.middleware.cors import CORSMiddleware

from regkg import heap
from regkg.api import errors, openapi
from regkg.api.deps import Snapshots, StoreHolder, plain_parameters
from regkg.api.middleware import (
    BodyLimitMiddleware,
    HeadMiddleware,
    NegotiatedGZipMiddleware,
    ReadCacheMiddleware,
    RequestIdMiddleware,
)
from regkg.settings import Settings

# Each module in api/routes/ exposes `router`; add yours here (one module per resource).
ROUTE_MODULES = ("health", "regulations", "duties", "actors", "concepts", "search", "graph", "questions", "cypher",
                 "compare", "lint", "views", "explorer", "docs")


def regkg_version() -> str:
    """The installed regkg version (shown in the OpenAPI document)."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("regkg")
    except PackageNotFoundError:
        return "0+unknown"


def create_app(settings: Settings | None = None) -> FastAPI:
    """A regkg API app over the store the settings select (embedded FalkorDB, or Neo4j with REGKG_NEO4J_URI)."""
    from regkg.settings import load_settings

    settings = settings or load_settings()
    holder = StoreHolder(settings)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        heap.settle()  # everything imported and built at start-up lives as long as the server
        yield
        holder.close()

    app = FastAPI(title="regkg", version=regkg_version(), lifespan=lifespan, dependencies=[Depends(plain_parameters)],
                  redirect_slashes=False,  # a redirect built from the Host header would send clients elsewhere
                  docs_url=None, redoc_url=None,  # /docs is served from vendored files (routes/docs.py); no ReDoc
                  description="Who must do what, about what, and where the law says so: a Chinese-regulation "
                              "knowledge graph. Errors are RFC 9457 problem+json.")
    app.state.settings = settings
    app.state.store = holder
    app.state.snapshots = Snapshots(settings)
    for name in ROUTE_MODULES:
        app.include_router(importlib.import_module(f"regkg.api.routes.{name}").router)
    if settings.api_token is not None:  # uploads exist only when a token guards them
        app.include_router(importlib.import_module("regkg.api.routes.upload").router)
    errors.install(app)
    openapi.install(app)
    # Outermost last: request id (and log line) → HEAD as GET → response cache and ETag → gzip → CORS → routes.
    origins = [o.strip() for o in settings.api_cors_origins.split(",") if o.strip()]
    if origins:
        app.add_middleware(CORSMiddleware, allow_origins=origins, allow_methods=["GET", "POST"],
                           allow_headers=["Authorization", "Content-Type", "If-None-Match", "X-Request-ID"],
                           expose_headers=["ETag", "X-Request-ID"])
    app.add_middleware(BodyLimitMiddleware, limits={"/cypher": settings.api_cypher_max_bytes})
    app.add_middleware(NegotiatedGZipMiddleware, minimum_size=1000)
    app.add_middleware(ReadCacheMiddleware, max_age=settings.api_cache_max_age)
    app.add_middleware(HeadMiddleware)
    app.add_middleware(RequestIdMiddleware)
    return app
