"""The parser on the real corpus: counts, citations, exact offsets and a lossless round trip."""

from __future__ import annotations

import re

import pytest

from regkg.loaders.document import Document, Node
from regkg.loaders.parse import parse_bytes, parse_text
from tests.conftest import CORPUS_FILES


def rebuild(doc: Document, node: Node) -> str:
    """Children's texts joined with the source text between them."""
    if not node.children:
        return node.text
    out, pos = [], node.start
    for child in node.children:
        out += [doc.source[pos:child.start], rebuild(doc, child)]
        pos = child.end
    out.append(doc.source[pos:node.end])
    return "".join(out)


def test_draft_counts(draft):
    counts = draft.counts()
    assert (counts["chapter"], counts["article"], counts["paragraph"], counts["item"]) == (11, 97, 203, 20)
    assert draft.title == "广州市数字经济促进条例"
    assert draft.jurisdiction == "广州市"
    assert draft.status == "draft"


@pytest.mark.parametrize("path", CORPUS_FILES, ids=lambda p: p.name)
def test_counts_match_the_text_itself(path, corpus_docs):
    doc = corpus_docs[path.name]
    text = doc.source
    headings = re.findall(r"^\s*第([一二三四五六七八九十百零]+)条", text, flags=re.M)
    chapters = re.findall(r"^\s*第[一二三四五六七八九十]+章", text, flags=re.M)
    assert doc.counts()["article"] == len(headings)
    assert doc.counts()["chapter"] == len(chapters)


def test_other_corpus_texts(corpus_docs):
    zj = corpus_docs["zhejiang_digital_economy_2020.txt"]
    assert (zj.counts()["chapter"], zj.counts()["article"]) == (9, 62)
    assert zj.jurisdiction == "浙江省" and zj.status == "adopted"
    charity = corpus_docs["guangzhou_charity_promotion_2021.txt"]
    assert (charity.counts()["chapter"], charity.counts()["article"]) == (0, 39)


@pytest.mark.parametrize("path", CORPUS_FILES, ids=lambda p: p.name)
def test_round_trip_is_exact(path, corpus_docs):
    doc = corpus_docs[path.name]
    assert rebuild(doc, doc.root) == doc.source
    for node in doc.root.walk():
        assert node.text == doc.source[node.start:node.end], node.cite


def test_citations_and_labels(draft):
    p = draft.find("60.2")
    assert p.label == "第六十条第二款"
    item = draft.find("14.1(2)")
    assert item.label == "第十四条第一款第（二）项"
    assert item.text.startswith("（二）新一代移动通信")
    # the paragraph after an item list is a new 款
    assert draft.find("93.2").text.startswith("符合前款规定条件之一的")
    assert draft.article(6).children[0].text.startswith("市工业和信息化主管部门负责推进")
    assert [c.cite for c in draft.article(6).children] == ["6.1", "6.2", "6.3"]


def test_article_text_starts_with_heading(draft):
    art = draft.article(96)
    assert art.text.startswith("第九十六条")
    assert art.label == "第九十六条"
    assert len(art.children[0].children) == 5


LAYOUT = (
    "某市测试条例\n\n目录\n第一章 总则\n第二章 附则\n\n第一章 总则\n第一节 一般规定\n第一条 为了测试。\n"
    "（一）甲；\n1.子一\n2.子二\n（二）乙。\n后一款。\n第二章 附则\n第二条　本条例自公布之日起施行。\n"
)


@pytest.mark.parametrize("encode", [
    lambda t: t.encode("utf-8"),
    lambda t: b"\xef\xbb\xbf" + t.encode("utf-8"),
    lambda t: t.replace("\n", "\r\n").encode("utf-8"),
    lambda t: t.encode("gbk"),
    lambda t: t.encode("gb18030"),
    lambda t: t.encode("utf-16"),
], ids=["utf8", "bom", "crlf", "gbk", "gb18030", "utf16"])
def test_real_world_layouts(encode):
    doc = parse_bytes(encode(LAYOUT), "t")
    counts = doc.counts()
    assert (counts["chapter"], counts["section"], counts["article"]) == (2, 1, 2)
    assert (counts["paragraph"], counts["item"], counts["subitem"]) == (3, 2, 2)
    assert doc.find("1.1(1)1").label == "第一条第一款第（一）项第1目"
    assert doc.find("ch1.s1").name == "一般规定"
    assert "目录" in doc.preamble
    assert rebuild(doc, doc.root) == doc.source


def test_no_chapters_and_indentation():
    doc = parse_text("条例\n    第一条  甲应当乙。 \n\u3000\u3000丙可以丁。\n第二条 施行。")
    assert [p.text for p in doc.article(1).children] == ["甲应当乙。", "丙可以丁。"]


def test_headings_without_space_and_trailing_attachment():
    doc = parse_text("条例\n第一章总则\n第一条 甲应当乙。\n第二章　附　则\n第二条 施行。\n附件：名录\n一、某某\n")
    assert [c.name for c in doc.nodes("chapter")] == ["总则", "附则"]
    assert doc.article(2).text == "第二条 施行。"
    assert doc.trailer == ["附件：名录", "一、某某"]
    assert rebuild(doc, doc.root) == doc.source


def test_text_between_chapter_heading_and_first_article_is_an_error():
    from regkg.errors import ParseError

    with pytest.raises(ParseError, match="before the first article"):
        parse_text("条例\n第一章 总则\n说明文字。\n第一条 甲。")


def test_parenthesised_arabic_numbers_are_subitems_or_items():
    doc = parse_text("条例\n第一条 甲：\n（一）乙：\n（1）子一；\n（2）子二；\n（二）丙。\n"
                     "第二条 丁：\n(1)戊；\n(2)己。\n后款。")
    assert [n.cite for n in doc.find("1.1(1)").children] == ["1.1(1)1", "1.1(1)2"]
    assert [n.cite for n in doc.find("2.1").children] == ["2.1(1)", "2.1(2)"]
    assert doc.find("2.2").text == "后款。"
    assert rebuild(doc, doc.root) == doc.source
