"""Pagination links: the URL of the next page, keeping every other query parameter."""

from __future__ import annotations

from fastapi import Request


def next_link(request: Request, total: int, limit: int, offset: int) -> str | None:
    """The request's path and query with `offset` moved one page on (relative: never built from the Host
    header, which a client controls and a cached answer must not repeat to others); None on the last page."""
    if offset + limit >= total:
        return None
    url = request.url.include_query_params(offset=offset + limit, limit=limit)
    return f"{url.path}?{url.query}"
