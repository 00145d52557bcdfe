"""The HTTP API's app factory: settings, the store opened once per app, routes, and typed errors as problem+json."""

from __future__ import annotations

import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import APIRouter, FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.responses import JSONResponse

from regkg.errors import RegkgError, StoreUnavailableError

PROBLEM_JSON = "application/problem+json"


class StoreHolder:
    """Opens the graph store on first use (not at import or startup, so /docs works with the store down)."""

    def __init__(self, settings: Any) -> None:
        self.settings = settings
        self._store: Any = None
        self._lock = threading.Lock()

    def get(self) -> Any:
        """The open store; StoreUnavailableError when it cannot be opened."""
        with self._lock:
            if self._store is None:
                from regkg.graph.store import open_store

                self._store = open_store(self.settings)
            return self._store

    def close(self) -> None:
        """Close the store if it was opened."""
        with self._lock:
            if self._store is not None:
                self._store.close()
                self._store = None


def store_of(request: Request) -> Any:
    """The app's store (a FastAPI dependency for routes)."""
    return request.app.state.store.get()


def problem(error: RegkgError, instance: str) -> JSONResponse:
    """RFC 9457 problem details for a regkg error, with its HTTP status."""
    body: dict[str, Any] = {"type": "about:blank", "title": error.title, "status": error.status,
                            "detail": error.message, "instance": instance}
    body.update({k: v for k, v in error.details.items() if k not in body})
    return JSONResponse(jsonable_encoder(body), status_code=error.status, media_type=PROBLEM_JSON)


def _routes() -> APIRouter:
    router = APIRouter()

    @router.get("/health", tags=["meta"], summary="Is the API up and its graph store answering? (503 if not)")
    def health(request: Request) -> dict:
        report = request.app.state.store.get().health()
        if not report.get("ok"):
            raise StoreUnavailableError(f"the {report.get('backend', 'graph')} store does not answer: "
                                        f"{report.get('error', 'unknown error')}", store=report)
        return {"status": "ok", "store": report}

    @router.get("/regulations", tags=["regulations"], summary="The regulations loaded in the store.")
    def regulations(request: Request) -> list[dict]:
        return request.app.state.store.get().regulations()

    return router


def regkg_version() -> str:
    """The installed regkg version (shown in the OpenAPI document)."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("regkg")
    except PackageNotFoundError:
        return "0+unknown"


def create_app(settings: Any = None) -> FastAPI:
    """A regkg API app over the store the settings select (embedded FalkorDB, or Neo4j with REGKG_NEO4J_URI)."""
    from regkg.settings import load_settings

    settings = settings or load_settings()
    holder = StoreHolder(settings)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        holder.close()

    app = FastAPI(title="regkg", version=regkg_version(), lifespan=lifespan,
                  description="Who must do what, about what, and where the law says so: a Chinese-regulation "
                              "knowledge graph.")
    app.state.settings = settings
    app.state.store = holder
    app.include_router(_routes())

    @app.exception_handler(RegkgError)
    async def regkg_error(request: Request, error: RegkgError) -> JSONResponse:
        return problem(error, request.url.path)

    return app
