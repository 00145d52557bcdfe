"""Duty-level diff of two versions of one regulation, matched by content (text similarity), not article number.

Duties are paired first by identical text, then by rapidfuzz similarity of their text (best pairs first,
above a threshold); a pair reports what changed: its bearers, its partners (会同…), its modality
(应当 → 可以), the concepts it concerns, its wording, and its place — `moved` when it left the order of
the other duties (the longest run of pairs that keeps its order stays put), `renumbered` when only its
article number shifted because articles before it were added, removed or moved. Unpaired duties are
`removed` or `added`.
"""

from __future__ import annotations

from bisect import bisect_left
from typing import Any

from regkg.loaders.document import Document
from regkg.loaders.facts import Duty, Facts

MATCH_THRESHOLD = 60.0  # rapidfuzz ratio (0-100) two duty texts need to be the same duty rewritten
CHANGE_KINDS = ("added", "removed", "moved", "renumbered", "bearers", "partners", "modality", "concepts",
                "reworded")


def _bearers(duty: Duty, facts: Facts, roles: str = "bearers") -> list[str]:
    names = []
    for role in getattr(duty, roles):
        actor = facts.actors.get(role.actor_id)
        name = actor.name if actor else role.surface
        names.append(f"{role.level}{name}" if role.level and not name.startswith(role.level) else name)
    return sorted(set(names))


def _concepts(duty: Duty, facts: Facts) -> list[str]:
    return sorted({facts.concepts[c.concept_id].name if c.concept_id in facts.concepts else c.concept_id
                   for c in duty.concepts})


def duty_summary(duty: Duty, facts: Facts) -> dict[str, Any]:
    """The part of a duty a diff shows: citation, modality, trigger, bearers, concepts, text."""
    return {"id": duty.id, "cite": duty.citation.cite, "label": duty.citation.label,
            "article": duty.citation.article, "modality": duty.modality, "trigger": duty.trigger,
            "bearers": _bearers(duty, facts), "partners": _bearers(duty, facts, "partners"),
            "concepts": _concepts(duty, facts), "text": duty.text}


def _normal(text: str) -> str:
    return "".join(text.split())


def match_duties(old: list[dict[str, Any]], new: list[dict[str, Any]],
                 threshold: float = MATCH_THRESHOLD) -> list[tuple[int, int, float]]:
    """Pairs (old index, new index, similarity 0-100): identical texts first, then the most similar above threshold."""
    from rapidfuzz import fuzz, process

    pairs: list[tuple[int, int, float]] = []
    free_new: dict[str, list[int]] = {}
    for j, duty in enumerate(new):
        free_new.setdefault(_normal(duty["text"]), []).append(j)
    used_old, used_new = set(), set()
    for i, duty in enumerate(old):
        same = free_new.get(_normal(duty["text"]))
        if same:
            j = same.pop(0)
            pairs.append((i, j, 100.0))
            used_old.add(i)
            used_new.add(j)
    rest_old = [i for i in range(len(old)) if i not in used_old]
    rest_new = [j for j in range(len(new)) if j not in used_new]
    if rest_old and rest_new:
        new_texts = [_normal(new[j]["text"]) for j in rest_new]
        candidates = []
        for a, i in enumerate(rest_old):
            for _text, score, b in process.extract(_normal(old[i]["text"]), new_texts, scorer=fuzz.ratio,
                                                   score_cutoff=threshold, limit=None):
                candidates.append((float(score), a, b))
        candidates.sort(key=lambda t: (-t[0], t[1], t[2]))
        for score, a, b in candidates:
            i, j = rest_old[a], rest_new[b]
            if i in used_old or j in used_new:
                continue
            used_old.add(i)
            used_new.add(j)
            pairs.append((i, j, round(score, 1)))
    return sorted(pairs)


def _kept_in_order(pairs: list[tuple[int, int, float]]) -> set[int]:
    """Indices (into pairs, sorted by old position) of the longest run whose new positions also increase."""
    tails: list[int] = []
    tail_index: list[int] = []
    parent = [-1] * len(pairs)
    for k, (_i, j, _s) in enumerate(pairs):
        pos = bisect_left(tails, j)
        if pos == len(tails):
            tails.append(j)
            tail_index.append(k)
        else:
            tails[pos] = j
            tail_index[pos] = k
        parent[k] = tail_index[pos - 1] if pos else -1
    kept, k = set(), tail_index[-1] if tail_index else -1
    while k >= 0:
        kept.add(k)
        k = parent[k]
    return kept


def diff_facts(old_doc: Document, old: Facts, new_doc: Document, new: Facts,
               threshold: float = MATCH_THRESHOLD) -> dict[str, Any]:
    """The duty-level changes from `old` to `new` (JSON-ready; the CLI's --json and GET /diff)."""
    return diff_duties({"id": old_doc.id, "title": old_doc.title, "path": old_doc.path},
                       [duty_summary(d, old) for d in old.duties],
                       {"id": new_doc.id, "title": new_doc.title, "path": new_doc.path},
                       [duty_summary(d, new) for d in new.duties],
                       _all_concepts(old), _all_concepts(new), threshold)


def summary_of_duty_json(duty: dict[str, Any]) -> dict[str, Any]:
    """The same summary from Duty JSON (DESIGN.md §4): what a diff of two stored regulations compares."""
    def names(roles: list[dict[str, Any]]) -> list[str]:
        return sorted({f"{b['level']}{b['name']}" if b.get("level") and not b["name"].startswith(b["level"])
                       else b["name"] for b in roles})

    bearers, partners = names(duty.get("bearers", [])), names(duty.get("partners", []))
    return {"id": duty["id"], "cite": duty["citation"]["cite"], "label": duty["citation"]["label"],
            "article": duty["citation"]["article"], "modality": duty["modality"], "trigger": duty["trigger"],
            "bearers": bearers, "partners": partners, "concepts": sorted({c["name"] for c in duty.get("concepts", [])}),
            "text": duty["text"]}


def diff_duties(old_meta: dict[str, Any], old: list[dict[str, Any]], new_meta: dict[str, Any],
                new: list[dict[str, Any]], old_concepts: set[str] | None = None, new_concepts: set[str] | None = None,
                threshold: float = MATCH_THRESHOLD) -> dict[str, Any]:
    """The diff over duty summaries (from Facts or from Duty JSON), in document order on each side."""
    pairs = match_duties(old, new, threshold)
    kept = _kept_in_order(pairs)
    changes: list[dict[str, Any]] = []
    for k, (i, j, score) in enumerate(pairs):
        sa, sb = old[i], new[j]

        def change(kind: str, detail: str, sa=sa, sb=sb, score=score) -> None:
            changes.append({"kind": kind, "detail": detail, "similarity": score, "old": sa, "new": sb})

        if k not in kept:
            change("moved", f"{sa['label']} → {sb['label']}")
        elif sa["article"] != sb["article"]:
            change("renumbered", f"{sa['label']} → {sb['label']}")
        if sa["bearers"] != sb["bearers"]:
            change("bearers", f"{'、'.join(sa['bearers']) or '(none)'} → {'、'.join(sb['bearers']) or '(none)'}")
        if sa["partners"] != sb["partners"]:
            change("partners", f"{'、'.join(sa['partners']) or '(none)'} → {'、'.join(sb['partners']) or '(none)'}")
        if sa["modality"] != sb["modality"]:
            change("modality", f"{sa['modality']} ({sa['trigger']}) → {sb['modality']} ({sb['trigger']})")
        if sa["concepts"] != sb["concepts"]:
            added = sorted(set(sb["concepts"]) - set(sa["concepts"]))
            removed = sorted(set(sa["concepts"]) - set(sb["concepts"]))
            change("concepts", "; ".join(p for p in (f"+{'、'.join(added)}" if added else "",
                                                       f"-{'、'.join(removed)}" if removed else "") if p))
        if score < 100 and sa["bearers"] == sb["bearers"] and sa["partners"] == sb["partners"] \
                and sa["modality"] == sb["modality"]:
            change("reworded", f"similarity {score}")
    paired_old = {i for i, _, _ in pairs}
    paired_new = {j for _, j, _ in pairs}
    for i, duty in enumerate(old):
        if i not in paired_old:
            changes.append({"kind": "removed", "detail": duty["label"], "similarity": None, "old": duty, "new": None})
    for j, duty in enumerate(new):
        if j not in paired_new:
            changes.append({"kind": "added", "detail": duty["label"], "similarity": None, "old": None, "new": duty})
    changes.sort(key=lambda c: ((c["new"] or c["old"])["article"] or 0, CHANGE_KINDS.index(c["kind"])))
    if old_concepts is None:
        old_concepts = {c for d in old for c in d["concepts"]}
    if new_concepts is None:
        new_concepts = {c for d in new for c in d["concepts"]}
    summary = {kind: sum(1 for c in changes if c["kind"] == kind) for kind in CHANGE_KINDS}
    return {
        "old": {**old_meta, "duties": len(old)},
        "new": {**new_meta, "duties": len(new)},
        "matched": len(pairs),
        "summary": summary,
        "concepts": {"added": sorted(new_concepts - old_concepts), "removed": sorted(old_concepts - new_concepts)},
        "changes": changes,
    }


def _all_concepts(facts: Facts) -> set[str]:
    ids = {c.concept_id for d in facts.duties for c in d.concepts} | {m.target_id for m in facts.mentions}
    return {facts.concepts[c].name for c in ids if c in facts.concepts}


def diff_files(old_path: str, new_path: str, threshold: float = MATCH_THRESHOLD) -> dict[str, Any]:
    """Parse and extract both files, then diff them."""
    from regkg.loaders.parse import parse_file
    from regkg.loaders.pipeline import extract_facts

    old_doc, new_doc = parse_file(old_path), parse_file(new_path)
    return diff_facts(old_doc, extract_facts(old_doc), new_doc, extract_facts(new_doc), threshold)
