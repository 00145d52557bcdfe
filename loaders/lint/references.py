"""References to articles, paragraphs and items that do not exist (本条例第X条, 本条第Y款, 前款, 第Z项 …).

A reference is resolved against the parsed structure from where it is written: 第X条 (after 本条例/本法, or
bare) is an article of this text; 第Y款 alone is a paragraph of the current article; 前款 / 前两款 count back
from the current paragraph; 第Z项 alone names an item of the current paragraph, the previous one (the
paragraph after an item list) or, failing both, any paragraph of the article. A chain after a 《title》
(《…法》第十条、第十二条) cites another law and is skipped.
"""

from __future__ import annotations

import re

from regkg.loaders.document import Document, Node
from regkg.loaders.lint.model import Finding, Locator
from regkg.loaders.numerals import to_int

_N = r"[一二两三四五六七八九十百零〇\d]+"
REF_RE = re.compile(
    rf"(?P<scope>本条例|本法|本规定|本办法|本细则|本条|本款|前款|前条|前两款|前三款)?"
    rf"(?:第(?P<art>{_N})条)?(?:第(?P<para>{_N})款)?(?:第[（(]?(?P<item>{_N})[）)]?项)?")
_CHAIN = set("第条款项、和及或者至（）()一二两三四五六七八九十百零〇0123456789")
_SELF = ("本条例", "本法", "本规定", "本办法", "本细则")


def _paragraphs(article: Node) -> list[Node]:
    return [c for c in article.children if c.kind == "paragraph"]


def _items(paragraph: Node) -> list[Node]:
    return [c for c in paragraph.children if c.kind == "item"]


def _external(text: str, pos: int) -> bool:
    """The reference continues a chain that starts after a 《title》 (another law's articles)."""
    i = pos - 1
    while i >= 0 and text[i] in _CHAIN:
        i -= 1
    return i >= 0 and text[i] == "》"


def check_references(doc: Document, locator: Locator) -> list[Finding]:
    """ref.missing-article / -paragraph / -item for every reference the structure cannot satisfy."""
    articles = {a.number: a for a in doc.nodes("article")}
    out: list[Finding] = []
    for article in articles.values():
        paragraphs = _paragraphs(article)
        for paragraph in paragraphs:
            units = [paragraph, *[n for n in paragraph.walk() if n.kind in ("item", "subitem")]]
            for unit in units:
                own = unit.text[: unit.children[0].start - unit.start] if unit.children else unit.text
                context: Node | None = None  # the paragraph a bare 第Z项 after 至/、 refers to
                for m in REF_RE.finditer(own):
                    if not (m.group("art") or m.group("para") or m.group("item")) and m.group("scope") not in (
                            "前款", "前条", "前两款", "前三款"):
                        continue
                    if _external(own, m.start()) or (m.group("scope") is None and m.start() > 0
                                                     and own[m.start() - 1] == "》"):
                        continue
                    start, end = unit.start + m.start(), unit.start + m.end()
                    try:
                        finding, context = _resolve(m, article, paragraph, articles, context, locator, start, end)
                    except ValueError as error:  # a malformed numeral (第十十条): numerals.NumeralError
                        finding, context = locator.finding("ref.malformed", f"{m.group(0)}: {error}", start,
                                                           end), None
                    if finding:
                        out.append(finding)
    return out


def _resolve(m: re.Match, article: Node, paragraph: Node, articles: dict[int, Node], context: Node | None,
             locator: Locator, start: int, end: int) -> tuple[Finding | None, Node | None]:
    scope, art, para, item = m.group("scope"), m.group("art"), m.group("para"), m.group("item")
    written = m.group(0)
    target_article = article
    if art:
        number = to_int(art)
        if number not in articles:
            return locator.finding("ref.missing-article", f"{written} cites article {number}; the text has "
                                   f"articles 1–{max(articles)}", start, end), None
        target_article = articles[number]
    elif scope == "前条":
        if article.number == 1:
            return locator.finding("ref.missing-article", f"{written} in the first article: there is no "
                                   "preceding article", start, end), None
        target_article = articles.get(article.number - 1, article)
    paragraphs = _paragraphs(target_article)
    target_paragraph: Node | None = None
    if para:
        number = to_int(para)
        if not 1 <= number <= len(paragraphs):
            return locator.finding("ref.missing-paragraph", f"{written}: {target_article.label} has "
                                   f"{len(paragraphs)} paragraph(s)", start, end), None
        target_paragraph = paragraphs[number - 1]
    elif scope in ("前款", "前两款", "前三款"):
        back = {"前款": 1, "前两款": 2, "前三款": 3}[scope]
        if paragraph.number - back < 1:
            return locator.finding("ref.missing-paragraph", f"{written} in {paragraph.label}: there are only "
                                   f"{paragraph.number - 1} paragraph(s) before it", start, end), None
        target_paragraph = paragraphs[paragraph.number - 2] if back == 1 else None
    elif scope == "本款":
        target_paragraph = paragraph
    if item:
        number = to_int(item)
        if target_paragraph is not None:
            candidates = [target_paragraph]
        elif art or scope == "前条":
            candidates = paragraphs
        elif context is not None:
            candidates = [context]
        else:
            previous = paragraphs[paragraph.number - 2] if paragraph.number > 1 else None
            candidates = [p for p in (paragraph, previous) if p is not None and _items(p)] or paragraphs
        if not any(number <= len(_items(p)) for p in candidates):
            counts = max((len(_items(p)) for p in candidates), default=0)
            where = candidates[0].label if len(candidates) == 1 else target_article.label
            return locator.finding("ref.missing-item", f"{written}: {where} has {counts} item(s)",
                                   start, end), context
        context = next((p for p in candidates if number <= len(_items(p))), context)
    return None, target_paragraph or context
