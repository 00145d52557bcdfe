"""Defined terms from the definitions article (用语含义) and `本条例所称X，是指…` sentences, with their citations."""

from __future__ import annotations

from regkg.loaders.definitions import extract_definitions
from regkg.loaders.parse import parse_text


def test_draft_article_96_items_become_defined_terms(draft):
    terms = extract_definitions(draft)
    assert [(t.name, t.citation.cite) for t in terms] == [
        ("数字经济", "96.1(1)"), ("数字技术", "96.1(2)"), ("数据", "96.1(3)"), ("公共管理和服务机构", "96.1(4)"),
        ("公共数据", "96.1(5)")]
    by_name = {t.name: t for t in terms}
    assert by_name["数据"].definition == "任何以电子或者其他方式对信息的记录"
    assert by_name["公共数据"].definition.startswith("公共管理和服务机构在依法履行职责")
    assert by_name["公共数据"].definition.endswith("其他数据资源")
    assert by_name["数字经济"].id == f"{draft.id}:term:数字经济"
    item = by_name["数字技术"].citation
    assert (item.article, item.paragraph, item.item, item.label) == (96, 1, 2, "第九十六条第一款第（二）项")
    for term in terms:
        assert draft.source[term.start:term.end].startswith("（")
        assert term.name in draft.source[term.start:term.end]


def test_so_called_sentences_anywhere(corpus_docs):
    zhejiang = corpus_docs["zhejiang_digital_economy_2020.txt"]
    terms = {t.name: t.citation.cite for t in extract_definitions(zhejiang)}
    assert terms == {"数字经济": "2.2", "数字基础设施": "10.1", "数据资源": "18.2", "公共数据": "18.3",
                     "数字产业化": "23.1", "产业数字化": "28.1", "治理数字化": "36.1"}
    infra = next(t for t in extract_definitions(zhejiang) if t.name == "数字基础设施")
    assert infra.definition.startswith("以信息技术为支撑") and infra.definition.endswith("信息安全基础设施等")


def test_a_regulation_without_definitions_has_none(corpus_docs):
    assert extract_definitions(corpus_docs["guangzhou_charity_promotion_2021.txt"]) == []


def test_definitions_clause_with_paragraphs_and_variants():
    doc = parse_text(
        "第一条 推进算力网络建设。\n"
        "第二条 本办法下列用语的含义是：\n"
        "算力网络，是指连接计算资源的网络。\n"
        "“数据经纪人”：指从事数据交易中介服务的机构。\n"
        "本办法自公布之日起施行。\n"
        "第三条 本办法所称智慧杆塔指集成多种设备的杆塔。\n", "t")
    terms = {t.name: (t.definition, t.citation.cite) for t in extract_definitions(doc)}
    assert terms == {"算力网络": ("连接计算资源的网络", "2.2"), "数据经纪人": ("从事数据交易中介服务的机构", "2.3"),
                     "智慧杆塔": ("集成多种设备的杆塔", "3.1")}


def test_definitions_article_recognised_by_its_title():
    doc = parse_text("第一条 总则。\n第二条 用语含义\n数字孪生，是指物理实体的数字映射。\n", "t")
    [term] = extract_definitions(doc)
    assert (term.name, term.definition, term.citation.cite) == ("数字孪生", "物理实体的数字映射", "2.2")
