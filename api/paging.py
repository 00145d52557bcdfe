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


def check_limit(limit: int, most: int, where: str, setting: str) -> None:
    """A 422 validation problem, shaped like FastAPI's own `le` check, when a page size passes a limit that is a
    setting (so it cannot be in the OpenAPI bounds): paging out of range is one problem however it happens."""
    if limit > most:
        from fastapi.exceptions import RequestValidationError

        raise RequestValidationError([{"loc": [where, "limit"], "type": "less_than_equal",
                                       "msg": f"Input should be less than or equal to {most} ({setting})"}])
