"""Inconsistent punctuation: half-width marks in Chinese text, doubled marks, unbalanced brackets and quotes."""

from __future__ import annotations

import re

from regkg.loaders.document import Document
from regkg.loaders.lint.model import Finding, Locator, load_rules

HAN = re.compile(r"[\u4e00-\u9fff]")
FULL_WIDTH = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！", "(": "（", ")": "）"}


def _han_near(text: str, i: int) -> bool:
    """A Chinese character right before or after position i (skipping spaces): the mark sits in Chinese text."""
    before = text[:i].rstrip(" ")
    after = text[i + 1:].lstrip(" ")
    return bool((before and HAN.match(before[-1])) or (after and HAN.match(after[0])))


def check_punctuation(doc: Document, locator: Locator) -> list[Finding]:
    """punct.halfwidth, punct.doubled and punct.unbalanced over every line of the articles."""
    rules = load_rules()
    marks, doubled, pairs = rules["halfwidth_marks"], rules["doubled_marks"], rules["pairs"]
    closers = {close: open_ for open_, close in pairs.items()}
    out: list[Finding] = []
    articles = list(doc.nodes("article"))
    if not articles:
        return out
    begin, end = articles[0].start, articles[-1].end
    offset = begin
    for line in doc.source[begin:end].split("\n"):
        for i, ch in enumerate(line):
            if ch in marks and _han_near(line, i):
                out.append(locator.finding("punct.halfwidth", f"half-width 「{ch}」 in Chinese text: write "
                                           f"「{FULL_WIDTH.get(ch, ch)}」", offset + i, offset + i + 1))
            if ch in doubled and i + 1 < len(line) and line[i + 1] == ch and (i == 0 or line[i - 1] != ch):
                out.append(locator.finding("punct.doubled", f"「{ch}」 twice in a row", offset + i, offset + i + 2))
        stack: list[tuple[str, int]] = []
        for i, ch in enumerate(line):
            if ch in pairs and not (ch in closers and stack and stack[-1][0] == ch):
                stack.append((ch, i))
            elif ch in closers:
                if stack and stack[-1][0] == closers[ch]:
                    stack.pop()
                else:
                    out.append(locator.finding("punct.unbalanced", f"「{ch}」 closes nothing: no 「{closers[ch]}」 "
                                               "before it", offset + i, offset + i + 1))
                    stack = [s for s in stack if s[0] != closers[ch]]
        for ch, i in stack:
            out.append(locator.finding("punct.unbalanced", f"「{ch}」 is never closed: no 「{pairs[ch]}」 after it "
                                       "in this paragraph", offset + i, offset + i + 1))
        offset += len(line) + 1
    return out


def check_layout(doc: Document, locator: Locator) -> list[Finding]:
    """layout.heading and layout.indent: article headings and line starts that differ from the text's own habit.

    The habit is the majority: the space written between 第X条 and its text (two ASCII spaces, one, a
    full-width space …) and whether lines start at the margin; the minority is reported.
    """
    from collections import Counter

    articles = list(doc.nodes("article"))
    out: list[Finding] = []
    gaps = {}
    for article in articles:
        rest = article.text[len(article.label):] if article.text.startswith(article.label) else None
        if rest is None:
            continue
        gaps[article.number] = rest[: len(rest) - len(rest.lstrip(" \u3000\t"))]
    if gaps:
        habit, _ = Counter(gaps.values()).most_common(1)[0]
        for article in articles:
            gap = gaps.get(article.number)
            if gap is not None and gap != habit:
                at = article.start + len(article.label)
                out.append(locator.finding("layout.heading", f"{article.label} is followed by {_spaces(gap)}; "
                                           f"most articles by {_spaces(habit)}", at, at + max(1, len(gap))))
    if articles:
        begin, end = articles[0].start, articles[-1].end
        line_start = doc.source.rfind("\n", 0, begin) + 1
        lines = []
        for line in doc.source[line_start:end].split("\n"):
            if line.strip():
                lines.append((line_start, line))
            line_start += len(line) + 1
        indented = [(s, line) for s, line in lines if line[:1] in (" ", "\u3000", "\t")]
        if indented and len(indented) * 2 < len(lines):
            for s, line in indented:
                width = len(line) - len(line.lstrip(" \u3000\t"))
                finding = locator.finding("layout.indent", f"line starts with {_spaces(line[:width])}; "
                                          f"{len(lines) - len(indented)} of {len(lines)} lines start at the margin",
                                          s, s + width)
                finding.citation = locator.citation(s + width)  # the unit the line opens, not the gap before it
                out.append(finding)
    return out


def _spaces(gap: str) -> str:
    if not gap:
        return "no space"
    names = {" ": "ASCII space", "\u3000": "full-width space", "\t": "tab"}
    kinds = {ch: gap.count(ch) for ch in set(gap)}
    return " + ".join(f"{n} {names.get(ch, repr(ch))}{'s' if n > 1 else ''}" for ch, n in sorted(kinds.items()))


def check_empty(doc: Document, locator: Locator) -> list[Finding]:
    """layout.empty: an article heading with no text after it, a chapter or section with no article in it."""
    out: list[Finding] = []
    for node in doc.root.walk():
        if node.kind == "article" and not node.children and not node.text[len(node.label):].strip(" \u3000\t\r\n"):
            out.append(locator.finding("layout.empty", f"{node.label} has no text", node.start, node.end))
        elif node.kind in ("chapter", "section") and not any(n.kind == "article" for n in node.walk()):
            out.append(locator.finding("layout.empty", f"{node.label} {node.name}".strip() + " has no article",
                                       node.start, max(node.end, node.start + 1)))
    return out
