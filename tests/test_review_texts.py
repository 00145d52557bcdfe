"""Five regulation texts an independent reviewer wrote and annotated in part, before seeing regkg's output
(a national law with 章/节, a provincial 条例 with 目录, a municipal 办法 without chapters, a 1995-style text
numbered 第1条, a State Council 条例): their first, blind score was 63 of 89 annotated duties fully right
(same cite, modality and bearer set). This keeps the general rules added since from sliding back."""

from __future__ import annotations

import json
from pathlib import Path

from regkg.loaders.evaluate import merge_level, normalise
from regkg.loaders.parse import parse_file
from regkg.loaders.pipeline import extract_facts

TEXTS = sorted((Path(__file__).parent / "data" / "review_texts").glob("*.txt"))
FULLY_RIGHT_AT_LEAST = 80  # of 89; the remaining misses are listed in the README (issue 13)


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


def test_the_reviewers_texts_keep_their_score() -> None:
    scores = {path.stem: fully_right(path) for path in TEXTS}
    total = sum(right for right, _ in scores.values())
    assert sum(n for _, n in scores.values()) == 89
    assert total >= FULLY_RIGHT_AT_LEAST, scores
