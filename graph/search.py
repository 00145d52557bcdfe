"""One search box over the graph: actors, concepts, articles, defined terms and regulations, ranked.

Chinese full-text search differs between the engines (DESIGN.md, portable Cypher note 7), so
labels and texts are read once per graph version (graph.snapshot) and matched here, in Python:
labels and aliases are compared after `normalise_label` (case, spaces, hyphens, plurals,
British/American spelling), article texts by substring.

Ranking, best first: exact label (100) > label starts with the query (85) > query inside a label
(70) > label inside the query (55, e.g. 市工业和信息化主管部门 finds 工业和信息化部门) > close spelling
(≤ 50) > article text containing the query (40). A bare article number (`60`, `第60条`) finds that article of
every regulation at 95, just below an exact label. Aliases and English names rank 5 below the
canonical name; ties go to the node with more duties, then to the shorter label.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from regkg.errors import QueryError
from regkg.graph import cypher
from regkg.graph.store.base import GraphStore
from regkg.loaders.taxonomy import normalise_label

KINDS = ("actor", "concept", "article", "definedTerm", "regulation")
MAX_NODES = 100_000  # per kind; the largest row cap a read may ask for (store.base.MAX_ROW_CAP)
MAX_QUERY_LENGTH = 200
SNIPPET = 40


@dataclass
class Entry:
    """One searchable node: its labels (canonical first) and what a hit shows."""

    kind: str
    id: str
    name: str
    labels: list[tuple[str, str, bool]]  # (normalised, written form, canonical?)
    weight: int = 0
    text: str = ""
    show: dict[str, Any] = field(default_factory=dict)


def _labels(name: str, *others: str) -> list[tuple[str, str, bool]]:
    out, seen = [], set()
    for i, label in enumerate([name, *others]):
        key = normalise_label(label) if label else ""
        if key and key not in seen:
            seen.add(key)
            out.append((key, label, i == 0))
    return out


def build_index(store: GraphStore) -> list[Entry]:
    """Every searchable node of the store, read in five queries."""
    entries: list[Entry] = []
    limit = {"limit": MAX_NODES}
    for row in store.read(cypher.SEARCH_ACTORS, limit, limit=MAX_NODES):
        entries.append(Entry("actor", row["id"], row["name"] or "",
                             _labels(row["name"] or "", row["nameEn"] or "", *(row["aliases"] or [])),
                             weight=row["duties"] or 0,
                             show={"nameEn": row["nameEn"] or "", "actorKind": row["kind"] or "",
                                   "jurisdiction": row["jurisdiction"] or "", "duties": row["duties"] or 0}))
    for row in store.read(cypher.SEARCH_CONCEPTS, limit, limit=MAX_NODES):
        entries.append(Entry("concept", row["id"], row["name"] or "",
                             _labels(row["name"] or "", row["nameEn"] or "", *(row["aliases"] or [])),
                             weight=row["duties"] or 0,
                             show={"nameEn": row["nameEn"] or "", "type": row["type"] or "",
                                   "duties": row["duties"] or 0}))
    for row in store.read(cypher.SEARCH_TERMS, limit, limit=MAX_NODES):
        entries.append(Entry("definedTerm", row["id"], row["name"] or "", _labels(row["name"] or ""),
                             text=row["definition"] or "",
                             show={"regulation": row["regulation"], "cite": row["cite"] or ""}))
    for row in store.read(cypher.SEARCH_ARTICLES, limit, limit=MAX_NODES):
        entries.append(Entry("article", row["id"], row["label"] or "", _labels(row["label"] or ""),
                             text=row["text"] or "",
                             show={"regulation": row["regulation"], "cite": row["cite"] or ""}))
    for row in store.read(cypher.SEARCH_REGULATIONS, limit, limit=MAX_NODES):
        title = row["title"] or row["name"] or ""
        entries.append(Entry("regulation", row["id"], title, _labels(title, row["id"]), show={"regulation": row["id"]}))
    return entries


def _label_score(query: str, key: str) -> int:
    if key == query:
        return 100
    if key.startswith(query):
        return 85
    if query in key:
        return 70
    if len(key) >= 2 and key in query:
        return 55
    return 0


def _article_number(q: str) -> str | None:
    """The article a bare number means (`60`, `６０`, `第60条`) as its cite, else None."""
    import re

    found = re.fullmatch(r"(?:第\s*)?(\d{1,5})(?:\s*条)?", q)
    return str(int(found.group(1))) if found else None


def _snippet(text: str, at: int, length: int) -> str:
    start = max(0, at - SNIPPET)
    end = min(len(text), at + length + SNIPPET)
    return ("…" if start else "") + text[start:end] + ("…" if end < len(text) else "")


def search(index: list[Entry], q: str, kinds: list[str] | None = None, limit: int = 20,
           offset: int = 0) -> tuple[list[dict[str, Any]], int]:
    """Hits for `q` (Chinese or English), best first — {kind, id, name, score, matched, …what the kind shows} —
    and how many there are in all."""
    q = (q or "").strip()
    if not q:
        raise QueryError("q must not be empty")
    if len(q) > MAX_QUERY_LENGTH:
        raise QueryError(f"q is too long ({len(q)} characters; at most {MAX_QUERY_LENGTH})")
    unknown = sorted(set(kinds or ()) - set(KINDS))
    if unknown:
        raise QueryError(f"unknown kind {', '.join(unknown)} (known: {', '.join(KINDS)})")
    from rapidfuzz import fuzz

    wanted = normalise_label(q)
    if not wanted:
        raise QueryError("q has no letters or characters to search for")
    raw = q.lower()
    number = _article_number(q)
    hits = []
    for entry in index:
        if kinds and entry.kind not in kinds:
            continue
        best, matched = 0, ""
        for key, written, canonical in entry.labels:
            score = _label_score(wanted, key)
            if score and not canonical:
                score -= 5
            if score > best:
                best, matched = score, written
        if number is not None and entry.kind == "article" and entry.show.get("cite") == number and best < 95:
            best, matched = 95, entry.name
        snippet = ""
        if best < 40 and entry.text:
            at = entry.text.lower().find(raw)
            if at >= 0:
                best, matched, snippet = 40, q, _snippet(entry.text, at, len(q))
        if not best and len(wanted) >= 3 and entry.kind in ("actor", "concept"):
            for key, written, _canonical in entry.labels:
                ratio = fuzz.ratio(wanted, key)
                if ratio >= 75 and ratio / 2 > best:
                    best, matched = int(ratio / 2), written
        if best:
            hits.append((best, entry, matched, snippet))
    hits.sort(key=lambda h: (-h[0], -h[1].weight, len(h[1].name), h[1].id))
    out = []
    for score, entry, matched, snippet in hits[offset:offset + limit]:
        hit = {"kind": entry.kind, "id": entry.id, "name": entry.name, "score": score, "matched": matched,
               **entry.show}
        if snippet:
            hit["snippet"] = snippet
        out.append(hit)
    return out, len(hits)
