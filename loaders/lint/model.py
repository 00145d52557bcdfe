"""The lint finding and the rule data: one shape for every check, with line, column and citation."""

from __future__ import annotations

import bisect
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from importlib.resources import files
from typing import Any

from regkg.loaders.datafile import load_yaml
from regkg.loaders.document import Document, Node

SEVERITIES = ("error", "warning", "note")


@dataclass(slots=True)
class Finding:
    """One problem in a text: rule, severity, message, where (offsets, line/column 1-based, citation)."""

    rule: str
    severity: str
    message: str
    start: int
    end: int
    line: int = 0
    column: int = 0
    end_line: int = 0
    end_column: int = 0
    citation: dict[str, Any] = field(default_factory=dict)
    snippet: str = ""
    related: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form (the CLI's --json and the API share it)."""
        return asdict(self)


@lru_cache(maxsize=1)
def load_rules() -> dict[str, Any]:
    """The lint rule data file (rules, severities, abbreviation pairs, garble and punctuation parameters)."""
    return load_yaml(files("regkg.loaders.lint") / "rules.yaml")


class Locator:
    """Turns source offsets into line/column and the citation (第X条第Y款第Z项, cite) of the deepest unit."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self._line_starts = [0] + [i + 1 for i, ch in enumerate(doc.source) if ch == "\n"]
        units = [n for n in doc.nodes() if n.kind in ("article", "paragraph", "item", "subitem")]
        self._units = sorted(units, key=lambda n: (n.start, -n.end))  # parents before the children they start with
        self._starts = [n.start for n in self._units]

    def line_col(self, offset: int) -> tuple[int, int]:
        """1-based line and column (in characters) of an offset."""
        line = bisect.bisect_right(self._line_starts, offset) - 1
        return line + 1, offset - self._line_starts[line] + 1

    def unit_at(self, offset: int) -> Node | None:
        """The deepest article/paragraph/item/sub-item holding an offset (a bisect, then a short walk back)."""
        index = bisect.bisect_right(self._starts, offset) - 1
        while index >= 0:
            node = self._units[index]
            if node.start <= offset < node.end:
                return node
            index -= 1
        return None

    def citation(self, offset: int) -> dict[str, Any]:
        """{label, cite} of the unit at an offset ({} outside the articles: title, preamble)."""
        node = self.unit_at(offset)
        return {"label": node.label, "cite": node.cite} if node else {}

    def finding(self, rule: str, message: str, start: int, end: int, **extra: Any) -> Finding:
        """A Finding with its severity from the rule data and its position filled in."""
        severity = load_rules()["rules"][rule]["severity"]
        line, column = self.line_col(start)
        end_line, end_column = self.line_col(max(start, end))
        snippet = self.doc.source[max(0, start - 8):min(len(self.doc.source), end + 8)].replace("\n", " ")
        return Finding(rule=rule, severity=severity, message=message, start=start, end=end, line=line,
                       column=column, end_line=end_line, end_column=end_column, citation=self.citation(start),
                       snippet=snippet, **extra)
