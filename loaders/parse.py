"""Text → Document: 章/节/条/款/项/目 with labels, compact cites and exact source offsets."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from regkg.errors import InputError, ParseError
from regkg.loaders.document import Document, Node
from regkg.loaders.numerals import CN_DIGITS, NumeralError, to_cn, to_int
from regkg.loaders.source import SourceText, decode_bytes, read_source

_ID_SEPARATORS = ":#/\\`'\"$"
_NUM = rf"[{CN_DIGITS}]+|\d+"
_SPACE = " \t\u3000\u00a0\ufeff\r\n"
# a heading's name may follow without a space, but a heading is short and is not a sentence
CHAPTER_RE = re.compile(rf"^第({_NUM})章[{_SPACE}]*([^。；;，,：:]{{0,30}})$")
SECTION_RE = re.compile(rf"^第({_NUM})节[{_SPACE}]*([^。；;，,：:]{{0,30}})$")
# a Markdown copy may bold the heading: **第一条** …
ARTICLE_RE = re.compile(rf"^(?:\*\*)?第({_NUM})条(?:\*\*)?(?P<sep>[{_SPACE}]*)")
# an article inserted by an amendment (第十六条之一) has no number of its own in this model
INSERTED_ARTICLE_RE = re.compile(rf"^(?:\*\*)?第({_NUM})条之([{CN_DIGITS}]+)(?:\*\*)?(?:[{_SPACE}]|$)")
ITEM_RE = re.compile(rf"^[（(]([{CN_DIGITS}]+)[）)]")
# 目 are written 1. / 1． / 1、 or (1) / （1）; a paragraph whose list is numbered (1) (2) has them as its items
SUBITEM_RE = re.compile(r"^(?:(\d+)[.．、](?!\d)|[（(](\d+)[）)])")
ARABIC_ITEM_RE = re.compile(r"^[（(](\d+)[）)]")
TOC_RE = re.compile(rf"^目[{_SPACE}]*录$")
# 附件 / 附表 / 附录 heads what follows the last article (forms, tables, lists)
ATTACHMENT_RE = re.compile(r"^附\s*[件表录]\s*[0-9一二三四五六七八九十]*(?:[:：].{0,40})?$")
DATE_LINE_RE = re.compile(r"(\d{4}|[〇零一二三四五六七八九]{4})\s*年.*(通过|批准|公布|修订|修正|施行)")
JURISDICTION_RE = re.compile(r"^(中华人民共和国|.{2,8}?(?:自治区|特别行政区|省|自治州|市|县|区))")
# what may follow the last article without belonging to it: the enacting body's name, a bare date
SIGNATURE_RE = re.compile(r"^\S{2,24}(?:人民代表大会常务委员会|人民代表大会|人民政府|委员会)$")
DATE_ONLY_RE = re.compile(r"^[（(]?[\d〇零一二三四五六七八九]{4}\s*年\s*[\d一二三四五六七八九十]{1,2}\s*月"
                          r"\s*[\d一二三四五六七八九十]{1,3}\s*日[）)]?$")
PART_RE = re.compile(rf"^第({_NUM})编(?:[{_SPACE}]|$)")
MIN_WRAPPED_LINE = 16
SENTENCE_END = "。；;：:！!？?）)”」』…"
DRAFT_RE = re.compile(r"草案|征求意见稿|送审稿|修订稿")
# a regulation's name ends in its genre, maybe followed by (草案) / （修订） …
TITLE_RE = re.compile(r"(?:法|条例|办法|规定|细则|规则|决定|规程|章程|纲要|准则)(?:[（(][^）)]{1,12}[）)])?$")
# lines of a promulgation header or sentence that merely quote the name: 《…办法》已经…通过，现予公布
PROMULGATION_RE = re.compile(r"[，。；,;]|现予公布|予以公布|^《")
# Markdown copies (LawRefBook): `### 第一章 总则`, `**第一章 总则**`, `<!-- INFO END -->`
MD_HEADING_RE = re.compile(r"^#{1,6}[ \t\u3000]+")
MD_COMMENT_RE = re.compile(r"^<!--.*-->$")


@dataclass(slots=True)
class _Line:
    """A non-empty line: its 1-based number and the offsets of its content without surrounding spaces."""

    number: int
    start: int
    end: int
    text: str


def parse_file(path: str | Path, regulation_id: str | None = None) -> Document:
    """Read, decode and parse a regulation file."""
    src = read_source(path)
    return parse_source(src, regulation_id)


def parse_text(text: str, regulation_id: str = "regulation", path: str = "<text>") -> Document:
    """Parse already-decoded text (tests, API uploads)."""
    import hashlib

    sha = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return parse_source(SourceText(path=path, text=text, encoding="utf-8", sha256=sha), regulation_id)


def parse_bytes(data: bytes, regulation_id: str = "regulation", name: str = "<bytes>") -> Document:
    """Decode and parse raw bytes."""
    import hashlib

    text, enc = decode_bytes(data, name)
    return parse_source(SourceText(path=name, text=text, encoding=enc, sha256=hashlib.sha256(data).hexdigest()),
                        regulation_id)


def regulation_id_for(path: str) -> str:
    """A stable, human-readable id from the file name (`guangzhou_digital_economy_draft`)."""
    stem = Path(path).stem.lower()
    slug = re.sub(r"[^a-z0-9]+", "_", stem).strip("_")
    return slug or "regulation"


def check_regulation_id(regulation_id: str) -> str:
    """A regulation id given by the user: 1–100 printable characters, none of the separators ids are built with."""
    bad = next((ch for ch in regulation_id if not ch.isprintable() or ch.isspace() or ch in _ID_SEPARATORS
                or "\ud800" <= ch <= "\udfff"), None)
    if not regulation_id or len(regulation_id) > 100 or bad is not None:
        shown = regulation_id.encode("utf-8", "backslashreplace").decode("ascii", "backslashreplace")[:40]
        why = f"character {bad!r} is not allowed" if bad is not None else "it must be 1–100 characters long"
        raise InputError(f"invalid regulation id {shown!r}: {why} (use letters, digits, _ - .)", regulation_id=shown)
    return regulation_id


def parse_source(src: SourceText, regulation_id: str | None = None) -> Document:
    """Parse decoded source text into a Document, validating its numbering."""
    if regulation_id is not None:
        check_regulation_id(regulation_id)
    return _Parser(src, regulation_id or regulation_id_for(src.path)).run()


def _lines(text: str) -> list[_Line]:
    out = []
    for number, m in enumerate(re.finditer(r"[^\r\n]*(?:\r\n|\n|\r|$)", text), start=1):
        if m.start() == len(text) and m.end() == len(text):
            break
        raw = m.group(0)
        body = raw.rstrip("\r\n")
        lead = len(body) - len(body.lstrip(_SPACE))
        content = body.strip(_SPACE)
        if not content or MD_COMMENT_RE.match(content):
            continue
        start = m.start() + lead
        content, start = _strip_markdown(content, start)
        if content:
            out.append(_Line(number, start, start + len(content), content))
    return out


def _strip_markdown(content: str, start: int) -> tuple[str, int]:
    """A line's content without Markdown heading marks or a bold wrapper, and where it then starts."""
    if m := MD_HEADING_RE.match(content):
        content, start = content[m.end():], start + m.end()
    inner = content[2:-2]
    if len(content) > 4 and content.startswith("**") and content.endswith("**") and "**" not in inner:
        lead = len(inner) - len(inner.lstrip(_SPACE))
        content, start = inner.strip(_SPACE), start + 2 + lead
    return content, start


def _compact(name: str) -> str:
    return re.sub(rf"[{_SPACE}]+", "", name)


class _Parser:
    """One pass over the lines, keeping the open chapter/section/article/paragraph/item."""

    def __init__(self, src: SourceText, regulation_id: str) -> None:
        self.src = src
        self.text = src.text
        self.rid = regulation_id
        self.root = Node("regulation", 0, "", "", src.text, 0, len(src.text))
        self.chapter: Node | None = None
        self.section: Node | None = None
        self.article: Node | None = None
        self.paragraph: Node | None = None
        self.item: Node | None = None
        self.preamble: list[_Line] = []
        self.trailer: list[_Line] = []
        self.signature: list[_Line] = []
        self.arabic_items = False
        self.articles_seen = 0

    def fail(self, message: str, line: _Line | None = None) -> ParseError:
        return ParseError(message, path=self.src.path, line=line.number if line else None)

    def number(self, numeral: str, line: _Line) -> int:
        """The value of a heading's numeral; ParseError naming the line when it is malformed or too large."""
        try:
            return to_int(numeral)
        except NumeralError as error:
            raise self.fail(f"{error}: {line.text[:30]!r}", line) from None

    def run(self) -> Document:
        lines = _lines(self.text)
        toc_end = _table_of_contents_end(lines)
        self.preamble.extend(lines[:toc_end])
        for line in lines[toc_end:]:
            self.feed(line)
        if not self.articles_seen:
            raise self.fail("no articles found: a regulation has lines beginning 第一条, 第二条 … "
                            f"(read as {self.src.encoding})")
        self.trailer[:0] = self.signature
        self.close_all()
        title = self.title()
        return Document(
            id=self.rid,
            title=title,
            jurisdiction=_jurisdiction(title),
            status="draft" if DRAFT_RE.search(title) or "draft" in Path(self.src.path).stem.lower() else "adopted",
            source=self.text,
            sha256=self.src.sha256,
            encoding=self.src.encoding,
            path=self.src.path,
            root=_finish_root(self.root, title),
            preamble=[ln.text for ln in self.preamble],
            trailer=[ln.text for ln in self.trailer],
        )

    def title(self) -> str:
        """The regulation's name: the first preamble line named like one (…条例, …办法, …法), so that a
        promulgation header before it (XX人民政府令 / 第345号 / …现予公布 / 市长 …) is not taken for the title;
        else the first line that is not a date, a contents heading or a bracketed note."""
        candidates = []
        for ln in self.preamble:
            if ATTACHMENT_RE.match(ln.text) or DATE_LINE_RE.search(ln.text) or TOC_RE.match(ln.text):
                continue
            if ln.text.startswith(("（", "(")) and ln.text.endswith(("）", ")")):
                continue
            candidates.append(_compact(ln.text))
        named = next((text for text in candidates if TITLE_RE.search(text) and not PROMULGATION_RE.search(text)),
                     None)
        return named or (candidates[0] if candidates else self.rid)

    # -- line dispatch -------------------------------------------------------------------------
    def feed(self, line: _Line) -> None:
        t = line.text
        if self.trailer or (self.articles_seen and ATTACHMENT_RE.match(t)):
            # an attachment after the last article is not part of that article
            self.close_article()
            self.trailer.append(line)
            return
        if self.articles_seen and (SIGNATURE_RE.match(t) or DATE_ONLY_RE.match(t)):
            # the enacting body and date close the text only if nothing but more of them follows
            self.signature.append(line)
            return
        if self.signature:
            pending, self.signature = self.signature, []
            for earlier in pending:
                self.feed_content(earlier)
        self.feed_content(line)

    def feed_content(self, line: _Line) -> None:
        """Dispatch a line that is not part of a closing signature or attachment."""
        t = line.text
        if PART_RE.match(t):
            raise self.fail(f"parts (编) are not supported: {t[:20]!r}; split the code into one file per part", line)
        if m := CHAPTER_RE.match(t):
            return self.open_chapter(line, self.number(m.group(1), line), m.group(2) or "")
        if m := SECTION_RE.match(t):
            return self.open_section(line, self.number(m.group(1), line), m.group(2) or "")
        if m := INSERTED_ARTICLE_RE.match(t):
            raise self.fail(f"inserted article 第{m.group(1)}条之{m.group(2)} (added by an amendment) is not "
                            "supported: articles must be numbered 第一条, 第二条 … without 之N", line)
        if (m := ARTICLE_RE.match(t)) and self.is_article_heading(m, t):
            return self.open_article(line, self.number(m.group(1), line), m.end())
        if self.article is None:
            if self.chapter is not None:
                raise self.fail(f"text before the first article of {self.chapter.label}: {t[:20]!r}", line)
            self.preamble.append(line)
            return
        if (m := ITEM_RE.match(t)) and self.paragraph is not None:
            return self.open_item(line, self.number(m.group(1), line))
        if (m := SUBITEM_RE.match(t)) and self.item is not None and not self.arabic_items:
            return self.add_subitem(line, int(m.group(1) or m.group(2)))
        if (m := ARABIC_ITEM_RE.match(t)) and self.paragraph is not None and (
                self.arabic_items or (self.item is None and m.group(1) == "1")):
            self.arabic_items = True
            return self.open_item(line, int(m.group(1)))
        if self.wrapped:
            # a hard-wrapped line: the previous line stopped mid-sentence, so this one continues it
            return self._extend(line.end)
        self.open_paragraph(line, line.start)

    def is_article_heading(self, m: re.Match, t: str) -> bool:
        """第X条 starts an article when a space follows, or the number is the next one expected."""
        if m.group("sep") or m.end() == len(t):
            return True
        return _int_or_none(m.group(1)) == self.articles_seen + 1

    # -- structure -----------------------------------------------------------------------------
    def open_chapter(self, line: _Line, number: int, name: str) -> None:
        self.close_article()
        expected = (self.chapter.number + 1) if self.chapter else 1
        if number != expected:
            raise self.fail(f"chapter numbering broken: 第{to_cn(number)}章 where 第{to_cn(expected)}章 "
                            "was expected", line)
        self.chapter = Node("chapter", number, f"第{to_cn(number)}章", f"ch{number}",
                            "", line.start, line.end, name=_compact(name))
        self.section = None
        self.root.children.append(self.chapter)

    def open_section(self, line: _Line, number: int, name: str) -> None:
        if self.chapter is None:
            raise self.fail(f"section 第{to_cn(number)}节 outside any chapter", line)
        self.close_article()
        expected = (self.section.number + 1) if self.section else 1
        if number != expected:
            raise self.fail(f"section numbering broken in {self.chapter.label}: 第{to_cn(number)}节 where "
                            f"第{to_cn(expected)}节 was expected", line)
        self.section = Node("section", number, f"{self.chapter.label}第{to_cn(number)}节",
                            f"{self.chapter.cite}.s{number}", "", line.start, line.end, name=_compact(name))
        self.chapter.children.append(self.section)

    def open_article(self, line: _Line, number: int, heading_len: int) -> None:
        self.close_article()
        expected = self.articles_seen + 1
        if number != expected:
            what = "repeated" if number <= self.articles_seen else "missing"
            raise self.fail(f"article numbering broken: 第{to_cn(number)}条 where 第{to_cn(expected)}条 was "
                            f"expected (article {what})", line)
        self.articles_seen = number
        self.article = Node("article", number, f"第{to_cn(number)}条", str(number), "", line.start, line.end)
        parent = self.section or self.chapter or self.root
        parent.children.append(self.article)
        body_start = line.start + heading_len
        if body_start < line.end:
            self.open_paragraph(line, body_start)

    def open_paragraph(self, line: _Line, start: int) -> None:
        art = self.article
        assert art is not None
        self.item = None
        self.arabic_items = False
        number = len(art.children) + 1
        self.paragraph = Node("paragraph", number, f"{art.label}第{to_cn(number)}款", f"{art.number}.{number}",
                              "", start, line.end)
        art.children.append(self.paragraph)
        self._extend(line.end)

    def open_item(self, line: _Line, number: int) -> None:
        para = self.paragraph
        assert para is not None
        expected = len(para.children) + 1
        if number != expected:
            raise self.fail(f"item numbering broken in {para.label}: （{to_cn(number)}） where （{to_cn(expected)}） "
                            "was expected", line)
        self.item = Node("item", number, f"{para.label}第（{to_cn(number)}）项", f"{para.cite}({number})", "",
                         line.start, line.end)
        para.children.append(self.item)
        self._extend(line.end)

    def add_subitem(self, line: _Line, number: int) -> None:
        item = self.item
        assert item is not None
        expected = len(item.children) + 1
        if number != expected:
            raise self.fail(f"sub-item numbering broken in {item.label}: {number}. where {expected}. was expected",
                            line)
        item.children.append(Node("subitem", number, f"{item.label}第{number}目", f"{item.cite}{number}", "",
                                  line.start, line.end))
        self._extend(line.end)

    @property
    def wrapped(self) -> bool:
        """True when the open paragraph (or item) ends without sentence-final punctuation."""
        leaf = self.item or self.paragraph
        if leaf is None or self.article is None:
            return False
        tail = self.text[leaf.start:leaf.end].rstrip(_SPACE)
        last_line = re.split(r"[\r\n]", tail)[-1].strip(_SPACE)
        # a short unpunctuated line is a title (第二条 用语含义), not a line cut by wrapping
        return len(last_line) >= MIN_WRAPPED_LINE and last_line[-1] not in SENTENCE_END

    def _extend(self, end: int) -> None:
        for node in (self.item, self.paragraph, self.article, self.section, self.chapter):
            if node is not None:
                node.end = max(node.end, end)

    def close_article(self) -> None:
        self.article = self.paragraph = self.item = None
        self.arabic_items = False

    def close_all(self) -> None:
        self.close_article()
        for node in self.root.walk():
            node.text = self.text[node.start:node.end]


def _int_or_none(numeral: str) -> int | None:
    """The numeral's value, or None when it is malformed (then it cannot be the number expected)."""
    try:
        return to_int(numeral)
    except NumeralError:
        return None


def _table_of_contents_end(lines: list[_Line]) -> int:
    """Index of the first line after a table of contents (0 when there is none).

    A 目录 repeats the chapter headings before the text proper; it ends where the first chapter
    heading appears for the second time. Without a 目录 line, a first chapter heading that recurs
    before any article marks the same thing.
    """
    first_article = next((i for i, ln in enumerate(lines) if ARTICLE_RE.match(ln.text)), len(lines))
    firsts = [i for i, ln in enumerate(lines[:first_article])
              if (m := CHAPTER_RE.match(ln.text)) and _int_or_none(m.group(1)) == 1]
    if len(firsts) >= 2:
        return firsts[-1]
    return 0


def _finish_root(root: Node, title: str) -> Node:
    root.label = title
    root.name = title
    return root


def _jurisdiction(title: str) -> str:
    m = JURISDICTION_RE.match(title)
    return m.group(1) if m else ""
