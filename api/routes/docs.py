"""`/docs`: the interactive API documentation (Swagger UI) from vendored files, so it works offline.

FastAPI's own page loads Swagger UI from a CDN (and its favicon from fastapi.tiangolo.com); this one serves
the pinned swagger-ui-dist files shipped in regkg.visualizations and turns the online validator off.
"""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse, Response

from regkg.errors import NotFoundError
from regkg.visualizations import assets

router = APIRouter(tags=["docs"])

# name in the URL → media type; nothing else under /docs/vendor is served.
FILES = {"swagger-ui-bundle.js": "text/javascript; charset=utf-8", "swagger-ui.css": "text/css; charset=utf-8"}


@router.get("/docs", response_class=HTMLResponse, include_in_schema=False)
def docs_page() -> HTMLResponse:
    """Swagger UI over /openapi.json, every file from this server."""
    return get_swagger_ui_html(openapi_url="/openapi.json", title="regkg API",
                               swagger_js_url="/docs/vendor/swagger-ui-bundle.js",
                               swagger_css_url="/docs/vendor/swagger-ui.css", swagger_favicon_url="/favicon.ico",
                               swagger_ui_parameters={"validatorUrl": None})


@router.get("/docs/vendor/{name}", include_in_schema=False)
def docs_file(name: str) -> Response:
    """One of the vendored Swagger UI files (a fixed list: no path from the URL reaches the file system)."""
    if name not in FILES:
        raise NotFoundError(f"no documentation file {name!r}")
    return Response(assets.asset_text(f"{assets.SWAGGER_UI_DIR}/{name}"), media_type=FILES[name],
                    headers={"Cache-Control": "public, max-age=86400", "X-Content-Type-Options": "nosniff"})
