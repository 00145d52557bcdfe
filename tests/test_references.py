"""《…》 titles become law references: REPEALS when their sentence repeals them (废止), else CITES."""

from __future__ import annotations

from regkg.loaders.facts import law_id
from regkg.loaders.parse import parse_text
from regkg.loaders.references import extract_references


def test_draft_repeals_its_predecessor(draft):
    [ref] = extract_references(draft)
    assert (ref.name, ref.relation, ref.citation.cite) == ("《广州市信息化促进条例》", "REPEALS", "97.1")
    assert draft.source[ref.start:ref.end] == ref.name
    assert law_id(ref.name) == "law:广州市信息化促进条例"


def test_charity_regulation_cites_the_charity_law_and_repeals_the_fundraising_rules(corpus_docs):
    refs = extract_references(corpus_docs["guangzhou_charity_promotion_2021.txt"])
    cites = [(r.citation.cite, r.relation) for r in refs if r.name == "《中华人民共和国慈善法》"]
    assert cites == [("1.1", "CITES"), ("9.1", "CITES"), ("9.2", "CITES"), ("35.1", "CITES")]
    assert [(r.name, r.relation, r.citation.cite) for r in refs if r.relation == "REPEALS"] == [
        ("《广州市募捐条例》", "REPEALS", "39.1")]


def test_zhejiang_repeals_its_informatisation_regulation(corpus_docs):
    refs = extract_references(corpus_docs["zhejiang_digital_economy_2020.txt"])
    assert [(r.name, r.relation) for r in refs] == [("《浙江省信息化促进条例》", "REPEALS")]


def test_repeal_is_decided_per_sentence():
    doc = parse_text("第一条 根据《甲法》制定本条例。\n"
                     "第二条 本条例自公布之日起施行，《乙条例》同时废止。依照《丙法》处理。\n", "t")
    assert [(r.name, r.relation, r.citation.cite) for r in extract_references(doc)] == [
        ("《甲法》", "CITES", "1.1"), ("《乙条例》", "REPEALS", "2.1"), ("《丙法》", "CITES", "2.1")]
