"""The named questions over the in-memory networkx graph: what `regkg duties FILE` answers without a store.

Free functions taking the graph first (networkx style). They read the same node and relationship
properties that the store queries read, so both answer with the same Duty JSON.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import lru_cache
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:  # any graph with networkx's MultiDiGraph reading API: networkx's own, or graph.lite's
    import networkx as nx

ACTOR_ROLES = (("BEARS", "bearers"), ("PARTNERS_IN", "partners"))


def _labels(G: nx.MultiDiGraph, node: str) -> tuple[str, ...]:
    return tuple(G.nodes[node].get("labels", ()))


def nodes_with_label(G: nx.MultiDiGraph, label: str) -> list[str]:
    """Ids of every node carrying `label`."""
    return [n for n, data in G.nodes(data=True) if label in data.get("labels", ())]


def _edges(G: nx.MultiDiGraph, node: str, rel: str, *, incoming: bool = False) -> list[tuple[str, dict]]:
    edges = G.in_edges(node, data=True) if incoming else G.out_edges(node, data=True)
    return [((u if incoming else v), data) for u, v, data in edges if data.get("type") == rel]


def narrower_closure(G: nx.MultiDiGraph, concept_ids: Iterable[str]) -> set[str]:
    """The given concepts plus every concept below them through BROADER (x -[:BROADER]-> given)."""
    out: set[str] = set()
    todo = [c for c in concept_ids if c in G]
    while todo:
        cid = todo.pop()
        if cid in out:
            continue
        out.add(cid)
        todo.extend(src for src, _ in _edges(G, cid, "BROADER", incoming=True))
    return out


def _actor_json(G: nx.MultiDiGraph, actor: str, level: str) -> dict:
    data = G.nodes[actor]
    return {"id": actor, "name": data.get("name", ""), "nameEn": data.get("nameEn", ""), "level": level,
            "kind": data.get("kind", "")}


def duty_json(G: nx.MultiDiGraph, duty: str) -> dict:
    """The Duty JSON of DESIGN.md §4 for one Duty node."""
    data = G.nodes[duty]
    where = [v for v, _ in _edges(G, duty, "STATED_IN")]
    cited = G.nodes[where[0]] if where else {}
    article, paragraph, item = _cite_numbers(data.get("cite", ""))
    roles: dict[str, list[dict]] = {"bearers": [], "partners": [], "targets": []}
    for rel, key in ACTOR_ROLES:
        for actor, edge in sorted(_edges(G, duty, rel, incoming=True), key=lambda e: e[1].get("order", 0)):
            roles[key].append(_actor_json(G, actor, edge.get("level", "")))
    for actor, edge in sorted(_edges(G, duty, "TARGETS"), key=lambda e: e[1].get("order", 0)):
        roles["targets"].append(_actor_json(G, actor, edge.get("level", "")))
    concepts, seen = [], set()
    # the same order as graph/queries.duty_json: a compound and its parts share a start (区块链算力中心, 区块链)
    for concept, _edge in sorted(_edges(G, duty, "CONCERNS"), key=lambda e: (e[1].get("start") or 0, e[0])):
        if concept in seen:
            continue
        seen.add(concept)
        c = G.nodes[concept]
        concepts.append({"id": concept, "name": c.get("name", ""), "nameEn": c.get("nameEn", ""),
                         "type": c.get("type", "")})
    return {
        "id": duty,
        "regulation": data.get("regulationId", ""),
        "citation": {"article": article, "paragraph": paragraph, "item": item,
                     "label": cited.get("label", data.get("label", "")), "cite": data.get("cite", "")},
        "modality": data.get("modality", ""),
        "trigger": data.get("trigger", ""),
        "text": data.get("text", ""),
        "implicit": bool(data.get("implicit", False)),
        **roles,
        "concepts": concepts,
    }


def _cite_numbers(cite: str) -> tuple[int | None, int | None, int | None]:
    """`14.1(2)` → (14, 1, 2); `60.2` → (60, 2, None)."""
    import re

    m = re.match(r"^(\d+)(?:\.(\d+))?(?:\((\d+)\))?", cite)
    if not m:
        return None, None, None
    return tuple(int(g) if g else None for g in m.groups())  # type: ignore[return-value]


def duties(
    G: nx.MultiDiGraph,
    *,
    concept_ids: Iterable[str] | None = None,
    actor_ids: Iterable[str] | None = None,
    level: str | None = None,
    modality: str | None = None,
    article: int | None = None,
    regulation: str | None = None,
) -> list[dict]:
    """Duties matching every given filter, in document order, as Duty JSON.

    `concept_ids` match a duty concerning any of them or a narrower concept; `actor_ids` match the
    duty's bearers (narrowed by `level` on the BEARS relationship when given).
    """
    concepts = narrower_closure(G, concept_ids) if concept_ids is not None else None
    actors = set(actor_ids) if actor_ids is not None else None
    found = []
    for duty in nodes_with_label(G, "Duty"):
        data = G.nodes[duty]
        if regulation and data.get("regulationId") != regulation:
            continue
        if modality and data.get("modality") != modality:
            continue
        if article is not None and _cite_numbers(data.get("cite", ""))[0] != article:
            continue
        if concepts is not None and not any(c in concepts for c, _ in _edges(G, duty, "CONCERNS")):
            continue
        if actors is not None or level:
            bearers = _edges(G, duty, "BEARS", incoming=True)
            if not any((actors is None or a in actors) and (not level or e.get("level") == level) for a, e in bearers):
                continue
        found.append(duty)
    found.sort(key=lambda d: (G.nodes[d].get("regulationId", ""), G.nodes[d].get("start", 0)))
    return [duty_json(G, d) for d in found]


_APOSTROPHES = str.maketrans("", "", "'\u2019\u2018\u02bc`\u00b4\u2032")
# The class word an English actor name ends with; `cyberspace affairs` names `cyberspace affairs department` when
# that is the only such name.
CLASS_WORDS = frozenset({"department", "government", "commission", "committee", "bureau", "office", "agency",
                         "authority", "administration", "unit", "organ", "body", "institution", "centre", "center",
                         "platform", "organization", "organisation"})


@lru_cache(maxsize=1 << 16)
def _tokens(name: str) -> tuple[str, ...]:
    """A name's comparable pieces: NFKC, lower case, apostrophes and hyphens dropped, 主管 ignored; English words
    without `the` and without a plural s; every other character (Chinese) one piece each; spaces dropped."""
    import re
    import unicodedata

    text = unicodedata.normalize("NFKC", name).lower().translate(_APOSTROPHES).replace("-", "").replace("主管", "")
    out = []
    for token in re.findall(r"[a-z0-9]+|[^\sa-z0-9]", text):
        if token == "the":
            continue
        if token.isascii() and len(token) > 3 and token.endswith("s") and not token.endswith("ss"):
            token = token[:-1]
        out.append(token)
    return tuple(out)  # cached: every question with an actor compares the query with every stored name


@lru_cache(maxsize=1 << 16)
def _norm(name: str) -> str:
    """A whole name as compared (`_tokens` joined): case, spaces, hyphens, apostrophes, 主管, `the`, a plural s and
    full-width forms make no difference."""
    return "".join(_tokens(name))


def _english(text: str) -> bool:
    import unicodedata

    return unicodedata.normalize("NFKC", text).isascii()


class ActorMatch(NamedTuple):
    """What a user's actor name means: the actor ids, the level its level prefix named (`市` in 市公共数据部门; None
    without one), and, when an English query fits several names, those names (then `ids` is empty)."""

    ids: frozenset[str]
    level: str | None = None
    ambiguous: tuple[str, ...] = ()
    elsewhere: tuple[str, ...] = ()  # a level prefix's name as other levels (or none) name it: 区公共数据主管部门


def match_actor_query(entries: Iterable[tuple[str, Iterable[str]]], query: str,
                      levels: Mapping[str, Iterable[str]] | None = None,
                      level_words: Iterable[str] = ()) -> ActorMatch:
    """`match_actor` with the level a level prefix named and the names an ambiguous English query fits.

    `levels`: each actor's levels on its BEARS relationships (what a level prefix is checked against);
    `level_words`: level prefixes known besides those (the actor lexicon's), so a prefix at which the
    named actors bear nothing is still read as a level."""
    import unicodedata

    wanted = _norm(query)
    if not wanted:
        return ActorMatch(frozenset())
    entries = [(actor, [label for label in labels if label]) for actor, labels in entries]
    folded = unicodedata.normalize("NFKC", query).strip().casefold()
    by_id = frozenset(actor for actor, _ in entries if actor.casefold() == folded)
    if by_id:
        return ActorMatch(by_id)
    levels = {actor: set(found) for actor, found in (levels or {}).items()}
    known_levels = sorted({lv for found in levels.values() for lv in found if lv} | {w for w in level_words if w},
                          key=len, reverse=True)
    scopes = [(entries, query)]
    jurisdictions = sorted({actor.split(":")[1] for actor, _ in entries if actor.count(":") >= 2}, key=len,
                           reverse=True)
    for place in jurisdictions:
        if folded.startswith(place.casefold()) and len(folded) > len(place):
            rest = unicodedata.normalize("NFKC", query).strip()[len(place):].lstrip(" :")
            scopes.append(([e for e in entries if e[0].split(":")[1:2] == [place]], rest))
    for scope, text in scopes:  # a whole name or alias, in every place, then in the named jurisdiction
        key = _norm(text)
        whole = frozenset(actor for actor, labels in scope if any(_norm(label) == key for label in labels))
        if whole:
            return ActorMatch(whole)
    elsewhere: tuple[str, ...] = ()
    elsewhere_level = None
    for scope, text in scopes:  # a level prefix and a whole name or alias: the actors named at that level
        key = _norm(text)
        for level in known_levels:
            if key.startswith(_norm(level)) and len(key) > len(_norm(level)):
                rest = key[len(_norm(level)):]
                named = {actor for actor, labels in scope if any(_norm(label) == rest for label in labels)}
                at_level = frozenset(actor for actor in named if level in levels.get(actor, ()))
                if at_level:
                    return ActorMatch(at_level, level)
                if named and not elsewhere:
                    elsewhere_level = level
                    name = next(label for actor, labels in scope if actor in named for label in labels
                                if _norm(label) == rest)
                    elsewhere = (name, *sorted({lv + name for actor in named for lv in levels.get(actor, ())}))
    if not _english(query):
        return ActorMatch(frozenset(), elsewhere_level, elsewhere=elsewhere)
    words = _tokens(query)  # an English name without its class word: only when one name fits
    fits: dict[str, set[str]] = {}  # each fitting name (compared form) → its actors
    written: dict[str, str] = {}  # … → the name as written
    for actor, labels in entries:
        for label in labels:
            have = _tokens(label)
            if _english(label) and len(have) > len(words) and have[-1] in CLASS_WORDS and have[:-1] == words:
                fits.setdefault(_norm(label), set()).add(actor)
                written.setdefault(_norm(label), label.lower())
    if len(fits) == 1:
        return ActorMatch(frozenset(next(iter(fits.values()))))
    return ActorMatch(frozenset(), ambiguous=tuple(sorted(written.values())))


def match_actor(entries: Iterable[tuple[str, Iterable[str]]], query: str,
                levels: Mapping[str, Iterable[str]] | None = None) -> set[str]:
    """The actor ids `query` names among `entries` (id, its names and aliases): empty when it names none.

    The rules (the CLI, the API and the views share them), first that answers:
    1. an actor id, in any case, names that actor;
    2. a whole name, English name or alias, compared by `_norm` (case, spaces, hyphens, straight or curly
       apostrophes, 主管, `the`, a plural s and full-width letters make no difference);
    3. a jurisdiction before it (`上海市网信部门`, `上海市:网信部门`): rule 2 among that jurisdiction's actors;
    4. a level prefix before a whole name or alias (`市公共数据部门`): the actors so named that bear duties at that
       level (`levels`);
    5. an English name without its class word (`cyberspace affairs` for `cyberspace affairs department`), when
       exactly one name fits.
    Never part of a name: 人民政府 is not 市人民政府, `department` and `information technology department` name
    nothing.
    """
    return set(match_actor_query(entries, query, levels).ids)


def actor_levels(G: nx.MultiDiGraph) -> dict[str, set[str]]:
    """Each actor's levels on its BEARS relationships."""
    out: dict[str, set[str]] = {}
    for actor in nodes_with_label(G, "Actor"):
        out[actor] = {edge.get("level") for _, edge in _edges(G, actor, "BEARS") if edge.get("level")}
    return out


def actor_suggestions(entries: Iterable[tuple[str, Iterable[str]]], query: str, limit: int = 5) -> list[str]:
    """The names and aliases closest to `query`, in its own script (English names for an English query)."""
    from rapidfuzz import fuzz, process

    english = _english(query)
    labels = sorted({label for _, found in entries for label in found if label and _english(label) == english})
    if not labels:
        return []
    keyed = {label: " ".join(_tokens(label)) for label in labels}
    found = process.extract(" ".join(_tokens(query)), keyed, scorer=fuzz.WRatio, limit=limit * 3)
    out: list[str] = []
    for _key, _score, label in found:
        if label.lower() not in {o.lower() for o in out}:
            out.append(label)
    return out[:limit]


def named_by_suffix(entries: Iterable[tuple[str, Iterable[str]]], query: str) -> set[str]:
    """Actors one of whose names or aliases the query ends with (市网信部门, 上海市网信部门 → 网信部门's actors):
    the only ones whose levels can matter to `match_actor_query`."""
    key = _norm(query)
    return {actor for actor, labels in entries if any(label and _norm(label) and key.endswith(_norm(label))
                                                      for label in labels)}


def more_specific(entries: Iterable[tuple[str, Iterable[str]]], query: str, bearing: Iterable[str]) -> list[str]:
    """Names of actors among `bearing` whose name or alias ends with `query` and is longer (市人民政府 for 人民政府)."""
    key = _norm(query)
    bearing = set(bearing)
    return sorted({label for actor, labels in entries if actor in bearing for label in labels
                   if label and _english(label) == _english(query) and _norm(label).endswith(key)
                   and _norm(label) != key})


def actor_entries(G: nx.MultiDiGraph) -> list[tuple[str, list[str]]]:
    """Every actor id with its names: canonical, English and aliases."""
    out = []
    for actor in nodes_with_label(G, "Actor"):
        data = G.nodes[actor]
        out.append((actor, [data.get("name", ""), data.get("nameEn", ""), *data.get("aliases", [])]))
    return out


def resolve_actor(G: nx.MultiDiGraph, query: str) -> set[str]:
    """Actor ids a user's name means (`match_actor`'s rules).

    Raises UnknownActorError with the closest names in the query's script when nothing matches."""

    entries = actor_entries(G)
    return set(found_or_raise(match_actor_query(entries, query, actor_levels(G)), entries, query))


def found_or_raise(found: ActorMatch, entries: list[tuple[str, list[str]]], query: str) -> frozenset[str]:
    """The ids a match found, else UnknownActorError saying why (ambiguous, not at that level, no such name)
    with the names to try instead: the one wording for the store and the file paths."""
    from regkg.errors import UnknownActorError

    if found.ids:
        return found.ids
    if found.ambiguous:
        raise UnknownActorError(f"{query!r} fits {len(found.ambiguous)} actor names; ask for one",
                                suggestions=list(found.ambiguous))
    if found.elsewhere:
        raise UnknownActorError(f"{found.elsewhere[0]!r} bears no duty at level {found.level!r}",
                                suggestions=list(found.elsewhere))
    raise UnknownActorError(f"no actor named {query!r}", suggestions=actor_suggestions(entries, query))


def actors(G: nx.MultiDiGraph, regulation: str | None = None) -> list[dict]:
    """Actors with the number of duties they bear, co-operate in and are targeted by (as graph.queries.actors)."""

    def count(actor: str, rel: str, incoming: bool) -> int:
        duties = {d for d, _ in _edges(G, actor, rel, incoming=incoming)
                  if not regulation or G.nodes[d].get("regulationId") == regulation}
        return len(duties)

    out = []
    for actor in nodes_with_label(G, "Actor"):
        data = G.nodes[actor]
        counts = (count(actor, "BEARS", False), count(actor, "PARTNERS_IN", False), count(actor, "TARGETS", True))
        if regulation and not any(counts):
            continue
        out.append({"id": actor, "name": data.get("name", ""), "nameEn": data.get("nameEn", ""),
                    "kind": data.get("kind", ""), "jurisdiction": data.get("jurisdiction", ""),
                    "aliases": list(data.get("aliases", [])), "duties": counts[0], "partnerDuties": counts[1],
                    "targetedBy": counts[2]})
    out.sort(key=lambda a: (-a["duties"], -a["partnerDuties"], a["id"]))
    return out
