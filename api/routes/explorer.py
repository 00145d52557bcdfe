"""`/`: the web explorer — its page, script, style table and the vendored vis-network, all from the package."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import HTMLResponse, JSONResponse, Response

from regkg.errors import NotFoundError
from regkg.visualizations import assets, style

router = APIRouter(tags=["explorer"])

# name in the URL → (file in regkg.visualizations, media type); nothing else under /explorer is served.
FILES = {
    "explorer.js": (f"{assets.EXPLORER_DIR}/explorer.js", "text/javascript; charset=utf-8"),
    "explorer.css": (f"{assets.EXPLORER_DIR}/explorer.css", "text/css; charset=utf-8"),
    "vendor/vis-network.min.js": (assets.VIS_NETWORK, "text/javascript; charset=utf-8"),
}
# The page runs only its own files: no inline script, nothing from another origin.
CSP = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
       "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'")


@router.get("/", response_class=HTMLResponse, include_in_schema=False)
def explorer_page() -> HTMLResponse:
    """The explorer (state in the query string: node, expand, q, modality, level, regulation, lang)."""
    return HTMLResponse(assets.asset_text(f"{assets.EXPLORER_DIR}/index.html"),
                        headers={"Content-Security-Policy": CSP, "X-Content-Type-Options": "nosniff"})


@router.get("/explorer/style.json", summary="Node and edge styles shared by the explorer and the pyvis views.")
def explorer_style() -> JSONResponse:
    """Colours and shapes by node kind (Actor by kind, Duty by modality, Concept by type …) and by edge type."""
    return JSONResponse(style.style_table())


@router.get("/explorer/{name:path}", include_in_schema=False)
def explorer_file(name: str) -> Response:
    """One of the explorer's own files (a fixed list: no path from the URL reaches the file system)."""
    if name not in FILES:
        raise NotFoundError(f"no explorer file {name!r}")
    path, media = FILES[name]
    return Response(assets.asset_text(path), media_type=media,
                    headers={"Cache-Control": "no-cache", "X-Content-Type-Options": "nosniff"})


@router.get("/favicon.ico", include_in_schema=False)
def favicon() -> Response:
    """No icon (browsers ask for one; a 204 keeps the log and the page's console clean)."""
    return Response(status_code=204)
