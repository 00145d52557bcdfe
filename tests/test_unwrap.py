"""Hard-wrapped text (line breaks mid-sentence) gives the same duties as the one-line-per-paragraph text."""

from __future__ import annotations

from regkg.loaders.parse import parse_text
from regkg.loaders.pipeline import extract_facts
from tests.conftest import DRAFT


def hard_wrap(text: str, width: int) -> str:
    out = []
    for line in text.split("\n"):
        while len(line) > width:
            out.append(line[:width])
            line = line[width:]
        out.append(line)
    return "\n".join(out)


def keys(facts) -> set[tuple]:
    return {(d.citation.cite, d.modality, tuple(sorted(r.actor_id for r in d.bearers)),
             tuple(sorted({c.concept_id for c in d.concepts}))) for d in facts.duties}


def test_wrapped_paragraphs_are_one_paragraph():
    first = "市工业和信息化主管部门应当会同有关部门制定"
    item = "（一）集成电路、基础软件、基础算法、核心算法"
    second = f"丁可以戊。\n{item}\n等领域；\n（二）辛。"
    doc = parse_text(f"条例\n第一条 {first}\n  规划。\n{second}\n第二条 用语含义\n甲，是指乙。")
    assert [p.text for p in doc.article(1).children] == [f"{first}\n  规划。", second]
    assert doc.find("1.2(1)").text == f"{item}\n等领域；"
    # a short line without punctuation is a title, not a wrapped line
    assert [p.text for p in doc.article(2).children] == ["用语含义", "甲，是指乙。"]


def test_wrapped_draft_extracts_like_the_original():
    source = DRAFT.read_text(encoding="utf-8")
    original = extract_facts(parse_text(source, "gz"))
    wrapped_doc = parse_text(hard_wrap(source, 37), "gz")
    wrapped = extract_facts(wrapped_doc)
    same = keys(original) & keys(wrapped)
    assert len(same) >= 0.97 * len(keys(original))
    for duty in wrapped.duties:
        assert duty.text == wrapped_doc.source[duty.start:duty.end]
        for mention in duty.concepts:
            assert wrapped_doc.source[mention.start:mention.end].replace("\n", "") == mention.surface
    split = [d for d in wrapped.duties if "\n" in d.text]
    assert split, "the wrap should cut through some duty spans"
