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
