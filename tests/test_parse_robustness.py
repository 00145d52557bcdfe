"""Parser robustness on layouts met in regulations outside the corpus: Markdown copies and inserted articles."""

from __future__ import annotations

import pytest

from regkg.errors import ParseError
from regkg.loaders.parse import parse_text

MARKDOWN = (
    "# 江城市数据条例\n\n"
    "2021年11月25日 江城市人民代表大会常务委员会第三十七次会议通过\n\n"
    "<!-- INFO END -->\n\n"
    "### 第一章  总则\n\n"
    "**第一条** 为了规范数据处理活动，制定本条例。\n\n"
    "第二条 市人民政府应当加强数据工作。\n\n"
    "区人民政府应当做好本行政区域数据工作。\n\n"
    "### 第二章  数据权益\n\n"
    "## 第一节  一般规定\n\n"
    "第三条 处理者应当取得个人同意。\n\n"
    "**第二节 个人信息**\n\n"
    "第四条 处理者不得泄露个人信息。\n"
)


def test_markdown_headings_open_chapters_and_sections_instead_of_paragraphs():
    doc = parse_text(MARKDOWN, "md")
    counts = doc.counts()
    assert (counts["chapter"], counts["section"], counts["article"], counts["paragraph"]) == (2, 2, 4, 5)
    assert [c.name for c in doc.root.children] == ["总则", "数据权益"]
    assert [s.name for s in doc.root.children[1].children] == ["一般规定", "个人信息"]


def test_markdown_title_and_jurisdiction_lose_the_heading_mark():
    doc = parse_text(MARKDOWN, "md")
    assert doc.title == "江城市数据条例"
    assert doc.jurisdiction == "江城市"
    assert not any("INFO END" in line for line in doc.preamble)


def test_bold_article_heading_keeps_exact_offsets_and_a_clean_body():
    doc = parse_text(MARKDOWN, "md")
    para = doc.find("1.1")
    assert para.text == "为了规范数据处理活动，制定本条例。"
    assert doc.source[para.start:para.end] == para.text
    chapter = doc.root.children[0]
    assert doc.source[chapter.start:chapter.end].startswith("第一章")


def test_inserted_article_is_refused_instead_of_merged_into_the_one_before():
    text = "第一条 甲应当做某事。\n\n第一条之一 乙应当做另一事。\n\n第二条 本规定自公布之日起施行。\n"
    with pytest.raises(ParseError, match="第一条之一") as info:
        parse_text(text, "inserted")
    assert info.value.details["line"] == 3


def test_a_cite_of_an_inserted_article_inside_a_paragraph_is_not_a_heading():
    text = "第一条 甲应当做某事。\n\n第二条 违反本规定\n第一条之一规定的，由乙处理。\n"
    doc = parse_text(text, "cite")
    assert doc.counts()["article"] == 2


@pytest.mark.parametrize("head", ["附表", "附表1", "附录：名词解释", "附件2：申请表"])
def test_an_attached_table_or_appendix_after_the_last_article_is_trailer(head):
    text = f"第一条 甲应当做某事。\n\n第二条 本规定自公布之日起施行。\n\n{head}\n\n序号 名称\n"
    doc = parse_text(text, "attached")
    assert doc.articles[-1].text == "第二条 本规定自公布之日起施行。"
    assert doc.trailer == [head, "序号 名称"]


def test_a_paragraph_citing_an_attached_table_stays_in_its_article():
    text = "第一条 甲应当做某事。\n\n附表一所列的项目，由乙负责。\n\n第二条 本规定自公布之日起施行。\n"
    doc = parse_text(text, "cites")
    assert doc.counts()["paragraph"] == 3
    assert doc.trailer == []


def test_signature_and_date_after_the_last_article_are_the_trailer():
    doc = parse_text("中华人民共和国某某法\n第一条 甲应当乙。\n第二条 本法自公布之日起施行。\n"
                     "上海市人民代表大会常务委员会\n2021年11月25日\n")
    assert doc.article(2).text == "第二条 本法自公布之日起施行。"
    assert doc.trailer == ["上海市人民代表大会常务委员会", "2021年11月25日"]
    assert doc.jurisdiction == "中华人民共和国"


def test_parts_are_refused_with_the_line():
    with pytest.raises(ParseError, match=r":2: parts \(编\) are not supported"):
        parse_text("某法\n第一编 总则\n第一条 甲。", path="code.txt")


def test_a_body_name_line_followed_by_more_text_stays_in_its_article():
    doc = parse_text("某条例\n第一条 下列单位应当报告：\n市人民政府\n第二条 本条例自公布之日起施行。\n2021年11月25日\n")
    assert [p.text for p in doc.article(1).children] == ["下列单位应当报告：", "市人民政府"]
    assert doc.trailer == ["2021年11月25日"]


def test_a_promulgation_header_is_not_the_title() -> None:
    text = ("某某市人民政府令\n第12号\n\n"
            "《某某市共享单车停放管理办法》已经2024年3月1日市人民政府常务会议审议通过，现予公布。\n\n"
            "市长　张某\n2024年3月8日\n\n某某市共享单车停放管理办法\n\n"
            "第一条　为了规范共享单车停放，制定本办法。\n第二条　运营企业应当规范停放。\n")
    doc = parse_text(text, "bikes")
    assert doc.title == "某某市共享单车停放管理办法" and doc.jurisdiction == "某某市"
    decision = parse_text("关于数据的决定（草案）\n\n第一条　本决定自公布之日起施行。\n", "d")
    assert decision.title == "关于数据的决定（草案）"
