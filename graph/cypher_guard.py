"""The read-only guard: tokenizes a Cypher query and refuses writes and shapes the engine cannot parse safely.

It reads the query the way FalkorDB 4.16 and Neo4j 5 do (strings with backslash escapes, backtick names,
non-nested `/* */` and `//` comments, `$params`, map keys, `n.prop`, aliases after AS, procedure names),
so a write keyword inside a string, a comment or a property name is not a write, and a write hidden by
case, comments or layout is still found. What it refuses:

- write and admin clauses (CREATE, MERGE, SET, DELETE, DETACH DELETE, REMOVE, DROP, LOAD CSV, FOREACH,
  INSERT, USE, SHOW, START/STOP, ALTER, GRANT/DENY/REVOKE, …) and `CALL {…} IN TRANSACTIONS`;
- CALL of any procedure not on the allow-list of read procedures;
- what the engine itself cannot parse safely: a comment next to the `.` of a namespaced name
  (`RETURN a/**/.b()` aborts FalkorDB 4.16), expressions nested deeper than MAX_DEPTH (its parser is
  exponential in nesting: depth 20 of `[` takes seconds, 40 never ends and blocks every client),
  `OPTIONAL MATCH (a), (b)` of two bare variables (a crash), queries longer than MAX_LENGTH,
  more than one statement, characters outside ASCII except inside strings, comments and backticks
  (look-alike letters such as `ＣＲＥＡＴＥ`), unterminated strings and comments.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from functools import lru_cache

from regkg.errors import WriteRefusedError

MAX_LENGTH = 32_768
MAX_DEPTH = 10

READ_PROCEDURES = frozenset(name.casefold() for name in (
    # FalkorDB 4.16 read procedures (graph algorithms and dbms.* introspection left out)
    "db.labels", "db.relationshipTypes", "db.propertyKeys", "db.indexes", "db.constraints", "db.meta.stats",
    "db.idx.fulltext.queryNodes", "db.idx.fulltext.queryRelationships",
    "db.idx.vector.queryNodes", "db.idx.vector.queryRelationships",
    # Neo4j 5 read procedures
    "db.index.fulltext.queryNodes", "db.index.fulltext.queryRelationships", "db.schema.visualization",
    "db.schema.nodeTypeProperties", "db.schema.relTypeProperties", "dbms.components",
))

# Words that start (or continue) a clause which writes, changes the schema, or administers the server.
WRITE_WORDS = frozenset((
    "CREATE", "MERGE", "SET", "DELETE", "DETACH", "NODETACH", "REMOVE", "DROP", "LOAD", "FOREACH", "INSERT",
    "USE", "SHOW", "START", "STOP", "ALTER", "GRANT", "DENY", "REVOKE", "TERMINATE", "ENABLE", "RENAME",
    "DEALLOCATE", "REALLOCATE",
))
# Before one of these, a write word is an operand (a variable named `set`), not a clause.
_OPERAND_BEFORE = frozenset((".", ":", "$", "(", "[", ",", "=", "<", ">", "<=", ">=", "<>", "!=", "=~", "+", "-",
                             "/", "%", "^", "+="))
_OPERAND_BEFORE_WORDS = frozenset(("AS", "IN", "AND", "OR", "XOR", "NOT", "WHEN", "THEN", "ELSE", "CASE", "RETURN",
                                   "WITH", "UNWIND", "BY", "DISTINCT", "WHERE", "YIELD", "CONTAINS", "IS"))
# After one of these, too.
_OPERAND_AFTER = frozenset((".", ":", ",", ")", "]", "}", "=", "<", ">", "<=", ">=", "<>", "!=", "=~", "+", "-",
                            "*", "/", "%", "^", "|", ";", ""))
_OPERAND_AFTER_WORDS = frozenset(("AS", "AND", "OR", "XOR", "IS", "IN", "CONTAINS", "STARTS", "ENDS", "ASC",
                                  "DESC", "ASCENDING", "DESCENDING"))
_UNARY_AFTER = frozenset(("(", "[", "{", ",", "=", "<", ">", "<=", ">=", "<>", "!=", "=~", "+", "-", "*", "/", "%",
                          "^", "|", ":", ""))
_OPEN, _CLOSE = "([{", ")]}"
_CLAUSE_WORDS = frozenset(("WHERE", "RETURN", "WITH", "MATCH", "OPTIONAL", "UNWIND", "CALL", "ORDER", "UNION", "SKIP",
                           "LIMIT"))

_TOKEN = re.compile(r"""
    (?P<space>[ \t\r\n\f\v]+)
  | (?P<comment>//[^\n]*|/\*(?:[^*]|\*(?!/))*\*/)
  | (?P<open_comment>/\*)
  | (?P<string>'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")
  | (?P<name>`[^`]*`)
  | (?P<param>\$(?:[A-Za-z_][A-Za-z0-9_]*|[0-9]+|`[^`]*`))
  | (?P<number>(?:0x[0-9A-Fa-f]+|[0-9]+(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?|\.[0-9]+(?:[eE][+-]?[0-9]+)?))
  | (?P<word>[A-Za-z_][A-Za-z0-9_]*)
  | (?P<op><=|>=|<>|!=|=~|\+=|\.\.|->|<-|[-+*/%^=<>.,:;|()\[\]{}!&])
""", re.X | re.S)


@dataclass(frozen=True)
class Token:
    """One lexical token: its kind (word, string, op, …), its text and where it starts in the query."""

    kind: str
    text: str
    start: int

    @property
    def upper(self) -> str:
        return self.text.upper() if self.kind == "word" else self.text


def _refuse(query: str, position: int, clause: str, why: str) -> WriteRefusedError:
    line = query.count("\n", 0, position) + 1
    column = position - (query.rfind("\n", 0, position) + 1) + 1
    return WriteRefusedError(f"read-only: {why} (line {line}, column {column})", clause=clause,
                             position=position, line=line, column=column)


def tokenize(query: str) -> list[Token]:
    """Every token of `query`, comments included (whitespace dropped); WriteRefusedError on what cannot be read."""
    tokens: list[Token] = []
    position = 0
    while position < len(query):
        match = _TOKEN.match(query, position)
        if match is None:
            char = query[position]
            if char in "'\"`":
                raise _refuse(query, position, "SYNTAX", f"unterminated {'string' if char != '`' else 'name'}")
            if ord(char) > 127:
                raise _refuse(query, position, "SYNTAX", f"character {char!r} (U+{ord(char):04X}) is only allowed "
                              "inside strings, comments and `names`")
            raise _refuse(query, position, "SYNTAX", f"unexpected character {char!r}")
        kind = match.lastgroup or ""
        if kind == "open_comment":
            raise _refuse(query, position, "SYNTAX", "unterminated /* comment")
        if kind != "space":
            tokens.append(Token(kind, match.group(), position))
        position = match.end()
    return tokens


def check_read_only(query: str) -> None:
    """Refuse a query that writes, calls a procedure not known to read, or that the engine cannot parse safely."""
    _check(query)


@lru_cache(maxsize=1024)
def _check(query: str) -> None:
    if len(query) > MAX_LENGTH:
        raise _refuse(query, MAX_LENGTH, "LENGTH", f"the query is {len(query):,} characters long "
                      f"(at most {MAX_LENGTH:,})")
    try:
        query.encode("utf-8")
    except UnicodeEncodeError as error:
        raise _refuse(query, error.start, "SYNTAX", f"character U+{ord(query[error.start]):04X} is not valid "
                      "Unicode text (a lone surrogate)") from None
    tokens = tokenize(query)
    _check_comments(query, tokens)
    code = [t for t in tokens if t.kind != "comment"]
    _check_statements(query, code)
    _check_depth(query, code)
    _check_words(query, code)
    _check_optional_match(query, code)


def _check_comments(query: str, tokens: list[Token]) -> None:
    """A comment touching the `.` of a name (`a/**/.b()`) aborts FalkorDB 4.16's parser."""
    for before, after in itertools.pairwise(tokens):
        dot_then_comment = before.kind == "op" and before.text == "." and after.kind == "comment"
        if dot_then_comment or (before.kind == "comment" and after.kind == "op" and after.text == "."):
            comment = after if dot_then_comment else before
            raise _refuse(query, comment.start, "COMMENT", "a comment next to the '.' of a name is refused "
                          "(it crashes the embedded engine)")


def _check_statements(query: str, code: list[Token]) -> None:
    for index, token in enumerate(code):
        if token.text == ";" and index != len(code) - 1:
            raise _refuse(query, token.start, ";", "one statement per query")


def _check_depth(query: str, code: list[Token]) -> None:
    """Bracket nesting plus chains of prefix operators (`-`, `+`, NOT): FalkorDB's parser is exponential in them."""
    stack = [0]
    previous = ""
    for token in code:
        text = token.upper
        if text in _OPEN:
            stack.append(0)
        elif text in _CLOSE:
            if len(stack) > 1:
                stack.pop()
            stack[-1] = 0
        elif text in ("-", "+", "NOT") and (previous in _UNARY_AFTER or previous in _OPERAND_BEFORE_WORDS):
            stack[-1] += 1
        elif token.kind in ("word", "string", "number", "param", "name"):
            stack[-1] = 0
        depth = len(stack) - 1 + sum(stack)
        if depth > MAX_DEPTH:
            raise _refuse(query, token.start, "DEPTH", f"expressions nested more than {MAX_DEPTH} deep "
                          "(brackets and prefix operators) are refused: the engine's parser cannot bound them")
        previous = text


def _procedure(code: list[Token], index: int) -> tuple[str, int]:
    """The dotted procedure name starting at code[index] and the index after it."""
    parts: list[str] = []
    while index < len(code) and code[index].kind in ("word", "name"):
        parts.append(code[index].text.strip("`") if code[index].kind == "name" else code[index].text)
        if index + 1 < len(code) and code[index + 1].text == ".":
            index += 2
        else:
            index += 1
            break
    return ".".join(parts), index


def _check_words(query: str, code: list[Token]) -> None:
    for index, token in enumerate(code):
        if token.kind != "word":
            continue
        word = token.upper
        before = code[index - 1].upper if index else ""
        after = code[index + 1].upper if index + 1 < len(code) else ""
        if before in (".", ":", "$"):
            continue  # property, label or parameter name
        if word == "CALL" and after not in ("{", "("):
            name, _ = _procedure(code, index + 1)
            if name.casefold() not in READ_PROCEDURES:
                raise _refuse(query, token.start, "CALL", f"CALL {name or '?'} is not allowed here (allowed "
                              "procedures: " + ", ".join(sorted(READ_PROCEDURES)) + ")")
        elif word == "TRANSACTIONS" and (before in ("OF", "ROWS", "CONCURRENT") or
                                        (before == "IN" and index >= 2 and code[index - 2].text == "}")):
            raise _refuse(query, token.start, "IN TRANSACTIONS", "CALL { … } IN TRANSACTIONS is not allowed here")
        elif word in WRITE_WORDS:
            if before in _OPERAND_BEFORE or before in _OPERAND_BEFORE_WORDS:
                continue
            if after in _OPERAND_AFTER or after in _OPERAND_AFTER_WORDS:
                continue
            clause = {"DETACH": "DETACH DELETE", "LOAD": "LOAD CSV"}.get(word, word)
            raise _refuse(query, token.start, clause, f"{clause} is not allowed here (queries may only read the "
                          "graph)")


def _check_optional_match(query: str, code: list[Token]) -> None:
    """`OPTIONAL MATCH (a), (b)` with two bare variables crashes FalkorDB 4.16."""
    for index, token in enumerate(code):
        if token.upper != "OPTIONAL" or index + 1 >= len(code) or code[index + 1].upper != "MATCH":
            continue
        parts: list[list[str]] = [[]]
        depth = 0
        for part_token in code[index + 2:]:
            text = part_token.upper
            if depth == 0 and part_token.kind == "word" and text in _CLAUSE_WORDS:
                break
            depth += text in _OPEN
            depth -= text in _CLOSE
            if depth == 0 and text == ",":
                parts.append([])
            else:
                parts[-1].append(part_token.kind if part_token.kind in ("word", "name") else text)
        if sum(part in (["(", "word", ")"], ["(", "name", ")"]) for part in parts) >= 2:
            raise _refuse(query, token.start, "OPTIONAL MATCH", "OPTIONAL MATCH of two bare variables "
                          "`(a), (b)` is refused (it crashes the embedded engine)")


def check_parameters(params: dict[str, object]) -> None:
    """Refuse parameter values the engine cannot take (QueryError naming the parameter), before sending them.

    FalkorDB's client inlines parameters into the query text: an empty map key or one with a backtick, or a
    string that is not valid Unicode (a lone surrogate), would fail deep in the driver with a traceback, and
    a NUL character ends the query text early (the engine's parser then complains about a column the caller
    never wrote).
    """
    from regkg.errors import QueryError

    def walk(value: object, where: str) -> None:
        if isinstance(value, str):
            if "\x00" in value:
                raise QueryError(f"parameter {where}: contains a NUL character (U+0000) at {value.index(chr(0))}",
                                 parameter=where)
            try:
                value.encode("utf-8")
            except UnicodeEncodeError as error:
                raise QueryError(f"parameter {where}: not valid Unicode text (character {error.start}: "
                                 f"U+{ord(value[error.start]):04X}, a lone surrogate)", parameter=where) from None
        elif isinstance(value, dict):
            for key, item in value.items():
                if not isinstance(key, str) or not key:
                    raise QueryError(f"parameter {where}: a map key is empty", parameter=where)
                if "`" in key:
                    raise QueryError(f"parameter {where}: map key {key!r} contains a backtick (not supported)",
                                     parameter=where)
                walk(key, where)
                walk(item, f"{where}.{key}")
        elif isinstance(value, list | tuple):
            for index, item in enumerate(value):
                walk(item, f"{where}[{index}]")

    for name, value in params.items():
        if not isinstance(name, str) or not name.isidentifier() or not name.isascii():
            raise QueryError(f"parameter name {name!r} must be an ASCII identifier", parameter=str(name))
        walk(value, name)
