"""A Redis reply parser that stops reading an answer past a byte budget, so one query cannot fill the client.

The row cap does not bound an answer's size: `RETURN collect(x)` is one row holding millions of values
(a 10-million-element list cost the API 1 GB). The engine caps a query's own memory, but the client
would still parse everything it sends. This parser counts the bytes of each reply as they arrive and
raises `AnswerTooLargeError` once a reply passes the budget; redis-py then drops the connection (the
rest of the reply is never read) and the next query gets a fresh one.
"""

from __future__ import annotations

from typing import Any

from redis._parsers import _HiredisParser

from regkg.errors import QueryError

BYTES_PER_LINE = 16  # the values budget: one RESP line per 16 bytes of the byte budget (a duty row: ~6 bytes a line)


class AnswerTooLargeError(QueryError):
    """A read's answer is larger than REGKG_MAX_ANSWER_BYTES."""


class _CountingSocket:
    """The connection's socket, counting what `recv_into` receives for the parser's current reply."""

    def __init__(self, sock: Any, parser: BoundedReplyParser) -> None:
        self._sock = sock
        self._parser = parser

    def recv_into(self, buffer: Any, *args: Any) -> int:
        received = self._sock.recv_into(buffer, *args)
        self._parser.count(received, bytes(memoryview(buffer)[:received]).count(b"\r\n"))
        return received

    def __getattr__(self, name: str) -> Any:
        return getattr(self._sock, name)


class BoundedReplyParser(_HiredisParser):
    """hiredis parsing with a per-reply byte budget (`max_reply_bytes`, set per connection pool)."""

    max_reply_bytes: int = 64 * 1024 * 1024

    def on_connect(self, connection: Any, **kwargs: Any) -> None:
        super().on_connect(connection, **kwargs)
        self._sock = _CountingSocket(self._sock, self)
        self._reply_bytes = self._reply_lines = 0

    def count(self, received: int, lines: int = 0) -> None:
        """Add bytes and RESP lines of the reply being read; past either budget the read stops (AnswerTooLargeError).

        Lines bound the values parsed: `[[]]` is 8 bytes on the wire but two Python lists (about 120 bytes),
        so a byte budget alone let one answer of tiny values take 1.4 GB. Every value has at least one CRLF."""
        self._reply_bytes += received
        self._reply_lines += lines
        if self._reply_bytes > self.max_reply_bytes or self._reply_lines > self.max_reply_bytes // BYTES_PER_LINE:
            raise AnswerTooLargeError(
                f"the answer is larger than {self.max_reply_bytes:,} bytes or "
                f"{self.max_reply_bytes // BYTES_PER_LINE:,} values (REGKG_MAX_ANSWER_BYTES); it was not read: narrow "
                "the query (a LIMIT, fewer or smaller columns, no collect() of everything)")

    def read_response(self, *args: Any, **kwargs: Any) -> Any:
        self._reply_bytes = self._reply_lines = 0
        return super().read_response(*args, **kwargs)


def bounded_parser(max_reply_bytes: int) -> type[BoundedReplyParser]:
    """A parser class with this budget (one per store, so settings of different stores do not mix)."""
    return type("BoundedReplyParser", (BoundedReplyParser,), {"max_reply_bytes": max_reply_bytes})
