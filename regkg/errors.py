"""One exception root for regkg: every failure a user can cause has a type, a message and an HTTP status."""

from __future__ import annotations


class RegkgError(Exception):
    """Root of every error regkg raises on purpose; `status` is the HTTP status the API answers with."""

    status: int = 500
    title: str = "regkg error"

    def __init__(self, message: str, **details: object) -> None:
        super().__init__(message)
        self.message = message
        self.details = {k: v for k, v in details.items() if v is not None}

    def __str__(self) -> str:
        return self.message


class InputError(RegkgError):
    """The input file cannot be read as a regulation text (missing, binary, wrong encoding, empty)."""

    status = 422
    title = "unreadable input"


class ParseError(InputError):
    """The text is readable but does not have a regulation's structure (no articles, broken numbering)."""

    title = "not a well-formed regulation"

    def __init__(self, message: str, *, path: str | None = None, line: int | None = None, **details: object) -> None:
        where = ""
        if path and line:
            where = f"{path}:{line}: "
        elif path:
            where = f"{path}: "
        elif line:
            where = f"line {line}: "
        super().__init__(where + message, path=path, line=line, **details)


class NotFoundError(RegkgError):
    """A named thing (regulation, article, actor, concept) does not exist."""

    status = 404
    title = "not found"


class UnknownConceptError(NotFoundError):
    """A concept label matches nothing in the taxonomy; carries the closest known labels."""

    title = "unknown concept"


class UnknownActorError(NotFoundError):
    """An actor name matches no actor; carries the closest known names."""

    title = "unknown actor"


class QueryError(RegkgError):
    """A query is invalid or refused (syntax error, write attempt, bad parameter)."""

    status = 400
    title = "bad query"


class WriteRefusedError(QueryError):
    """A read-only entry point was given a query that writes (HTTP 403: the request is understood and refused)."""

    status = 403
    title = "write refused"


class QueryTimeoutError(RegkgError):
    """A query ran past its time limit."""

    status = 504
    title = "query timed out"


class StoreUnavailableError(RegkgError):
    """The graph store cannot be reached or started (binary missing, engine down, Neo4j unreachable)."""

    status = 503
    title = "store unavailable"


class ConfigError(RegkgError):
    """A setting is missing or invalid."""

    status = 500
    title = "configuration error"


class AuthError(RegkgError):
    """A protected entry point was called without the right credentials (missing or wrong token)."""

    status = 401
    title = "unauthorized"


class PayloadTooLargeError(InputError):
    """An upload is larger than the configured limit."""

    status = 413
    title = "payload too large"
