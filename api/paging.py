"""Pagination links: the URL of the next page, keeping every other query parameter."""

from __future__ import annotations

from fastapi import Request


def next_link(request: Request, total: int, limit: int, offset: int) -> str | None:
    """The request's URL with `offset` moved one page on; None on the last page."""
    if offset + limit >= total:
        return None
    return str(request.url.include_query_params(offset=offset + limit, limit=limit))
