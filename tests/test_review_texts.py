"""Regulation texts independent reviewers wrote and annotated in part, before seeing regkg's output.

Set 1 (`data/review_texts`): a national law with 章/节, a provincial 条例 with 目录, a municipal 办法 without
chapters, a 1995-style text numbered 第1条, a State Council 条例; blind score 63 of 89 annotated duties fully
right (same cite, modality and bearer set). Set 2 (`data/review_texts_2`, written after the rules for set 1
were added): a food-safety-style national law with a 法律责任 chapter, a provincial 河长制 条例, a municipal 养犬
规定, a State Council 条例 with items and sub-items; blind score 60 of 76. These keep the general rules added
since from sliding back."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from regkg.loaders.evaluate import merge_level, normalise
from regkg.loaders.parse import parse_file
from regkg.loaders.pipeline import extract_facts

DATA = Path(__file__).parent / "data"
# set → (annotated duties, fully right at least); the remaining misses are listed in the README (issue 13)
SETS = {"review_texts": (89, 80), "review_texts_2": (76, 70)}


def bearer_key(name: str, level: str) -> tuple:
    return merge_level(normalise(name, level), level)


def fully_right(path: Path) -> tuple[int, int]:
    from regkg.graph.build import build_graph
    from regkg.graph.lite import LiteMultiDiGraph
    from regkg.graph.local import duties
    from regkg.loaders.taxonomy import load_taxonomy

    doc = parse_file(path)
    G = build_graph(doc, extract_facts(doc), load_taxonomy().concepts, graph_factory=LiteMultiDiGraph)
    found = duties(G)
    gold = json.loads(path.with_suffix(".gold.json").read_text(encoding="utf-8"))
    right = 0
    for entry in gold:
        want = frozenset(bearer_key(*b.partition("@")[::2]) for b in entry["bearers"])
        right += any(d["citation"]["cite"] == entry["cite"] and d["modality"] == entry["modality"]
                     and frozenset(bearer_key(b["name"], b["level"]) for b in d["bearers"]) == want for d in found)
    return right, len(gold)


@pytest.mark.parametrize("name", sorted(SETS))
def test_the_reviewers_texts_keep_their_score(name: str) -> None:
    annotated, at_least = SETS[name]
    scores = {path.stem: fully_right(path) for path in sorted((DATA / name).glob("*.txt"))}
    assert sum(n for _, n in scores.values()) == annotated
    assert sum(right for right, _ in scores.values()) >= at_least, scores
