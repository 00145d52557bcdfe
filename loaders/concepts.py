"""Concept linking: which taxonomy concepts (and defined terms) each duty concerns and each paragraph mentions.

Matching runs once over the whole source with a character trie of every Chinese and English label:
all candidate matches are collected, then accepted longest first (ties: leftmost), so a label never
matches inside a longer label of another concept (绿色数据中心 is green data centres, 大数据中心 is big
data centres — see the DECISION in taxonomy.yaml — and 数据 inside 数据资源 is data resources). A label
inside a longer string that is not a label still matches: 物联网 in 建筑物联网 is IoT (the domain
reading; 建筑物 is not a concept). Labels starting or ending in a Latin letter or digit need a
non-alphanumeric neighbour there; all-capital acronyms (AI, IDC, 5G) must match in case.

A match inside a department's name is the actor's name, not a concept: 教育部门, 地方金融监管部门,
`会同通信、供电、交通、金融等部门` (an enumeration closed by 等部门) are not the education, finance or
transport sectors.

Duties: a duty concerns the concepts in its scope — from its start to the next duty of the same
paragraph or item (a later sentence without its own subject continues it: 92.2's `推进粤港澳超算中心、
数据中心…` after the first `；`), at least its own span. A duty whose clause ends in a colon before an
item list governs the items that state no duty of their own (第十四条 `…推动关键数字技术攻关与突破：
（一）…`). Every other match in a paragraph or item becomes a Mention of the deepest node holding it.
Defined terms are linked wherever they are used (inside duties too: the paragraph MENTIONS the term),
except inside their own definition or inside a longer concept label (数据 in 大数据 is not the term 数据).
"""

from __future__ import annotations

import re
from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from dataclasses import dataclass

from regkg.loaders.definitions import extract_definitions
from regkg.loaders.document import Document, Node
from regkg.loaders.facts import ConceptMention, DefinedTerm, Duty, Facts, Mention
from regkg.loaders.references import extract_references
from regkg.loaders.taxonomy import Taxonomy, labels_of, load_taxonomy

STATEMENT_KINDS = ("paragraph", "item", "subitem")
STOP = ""  # target of a taxonomy stop phrase: it takes its span so no shorter label matches inside it
_ASCII_LOWER = str.maketrans({chr(c): chr(c + 32) for c in range(ord("A"), ord("Z") + 1)})
_END = ""  # trie key marking "a label ends here" (no character is the empty string)
# A department named through this match: `教育部门`, `地方金融监管部门`, `通信、供电、交通、金融等部门`.
# 应 ends the name (…部门应当) except inside a word such as 应急管理
_DEPARTMENT_TAIL_RE = re.compile(r"(?:(?!应(?!急))[^，,；;。：:\s（）()《》“”的对向由在将把为给]){0,24}?(?:部门|机关)")
_NOT_A_NAME_RE = re.compile(r"^[和与及、]?(?:有关|相关|其他|各)")


@dataclass(frozen=True, slots=True)
class Match:
    """One accepted label occurrence: [start, end) in the source, the surface text and what it names."""

    start: int
    end: int
    surface: str
    target: str


class LabelMatcher:
    """Longest-match-first multi-label search over a text with a character trie."""

    def __init__(self, entries: Iterable[tuple[str, str]]) -> None:
        self._root: dict = {}
        for label, target in entries:
            self.add(label, target)

    def add(self, label: str, target: str) -> None:
        """Register one label for one target (a label may name several targets; the first stays first)."""
        label = label.strip()
        if not label:
            return
        node = self._root
        for char in label.translate(_ASCII_LOWER):
            node = node.setdefault(char, {})
        exact = label if label.isascii() and label.isupper() else None
        targets = node.setdefault(_END, [])
        if all(t != target for t, _ in targets):
            targets.append((target, exact))

    def candidates(self, text: str, lowered: str | None = None) -> list[tuple[int, int, str]]:
        """Every (start, end, target) where some label occurs, before any overlap resolution."""
        lowered = lowered if lowered is not None else text.translate(_ASCII_LOWER)
        root = self._root
        n = len(lowered)
        out: list[tuple[int, int, str]] = []
        for i in range(n):
            node = root.get(lowered[i])
            if node is None:
                continue
            j = i + 1
            while True:
                ends = node.get(_END)
                if ends is not None and _boundaries_ok(lowered, i, j):
                    out.extend((i, j, target) for target, exact in ends if exact is None or text[i:j] == exact)
                if j >= n:
                    break
                node = node.get(lowered[j])
                if node is None:
                    break
                j += 1
        return out

    def find(self, text: str) -> list[Match]:
        """Non-overlapping matches, longest first then leftmost, returned in text order."""
        return select_longest(text, self.candidates(text))


def _boundaries_ok(text: str, start: int, end: int) -> bool:
    """A label with a Latin/digit edge may not continue a Latin word or number (5G in 15G, AI in MAIN)."""
    if _is_alnum_ascii(text[start]) and start > 0 and _is_alnum_ascii(text[start - 1]):
        return False
    return not (_is_alnum_ascii(text[end - 1]) and end < len(text) and _is_alnum_ascii(text[end]))


def _is_alnum_ascii(char: str) -> bool:
    return char.isascii() and char.isalnum()


def select_longest(text: str, candidates: list[tuple[int, int, str]]) -> list[Match]:
    """Accept candidates longest first (ties: leftmost, then first registered) where nothing is taken yet."""
    taken = bytearray(len(text))
    accepted: list[Match] = []
    span_owner: dict[tuple[int, int], int] = {}
    order = sorted(range(len(candidates)), key=lambda k: (candidates[k][0] - candidates[k][1], candidates[k][0], k))
    for k in order:
        start, end, target = candidates[k]
        if (start, end) in span_owner:
            continue  # one target per span: the first registered label owner
        if taken.find(1, start, end) != -1:
            continue
        taken[start:end] = b"\x01" * (end - start)
        span_owner[(start, end)] = k
        accepted.append(Match(start, end, text[start:end], target))
    accepted.sort(key=lambda m: (m.start, m.end))
    return accepted


def matcher_for(taxonomy: Taxonomy) -> LabelMatcher:
    """The label trie of a taxonomy, built once and kept in the taxonomy's cache."""
    matcher = taxonomy.cache.get("label_matcher")
    if not isinstance(matcher, LabelMatcher):
        matcher = LabelMatcher((label, c.id) for c in taxonomy.concepts.values() for label in labels_of(c))
        for phrase in taxonomy.stop_phrases:
            matcher.add(phrase, STOP)
        taxonomy.cache["label_matcher"] = matcher
    return matcher


def is_department_name(text: str, match_end: int) -> bool:
    """True when the text after a match closes a department's name (`…部门`, `…等部门`, `…监管部门`)."""
    tail = _DEPARTMENT_TAIL_RE.match(text, match_end)
    if tail is None:
        return False
    return _NOT_A_NAME_RE.match(text, match_end) is None


def find_concepts(text: str, taxonomy: Taxonomy | None = None) -> list[Match]:
    """Concept matches in a text: longest first, department names excluded, in text order; a compound made of
    other concepts' labels also counts for each of them (see compound_parts)."""
    taxonomy = taxonomy or load_taxonomy()
    candidates = matcher_for(taxonomy).candidates(text)
    matches = select_longest(text, candidates)
    kept = [m for m in matches if m.target != STOP and not is_department_name(text, m.end)]
    parts = compound_parts(text, kept, candidates, taxonomy)
    if not parts:
        return kept
    return sorted(kept + parts, key=lambda m: (m.start, -m.end, m.target))


COMPOUND_TAILS = ("产业", "行业", "技术", "领域", "产业链", " industry", " industries", " technology")
COMPOUND_JOINS = ("以及", "与", "和", "及", "、", " and ", ", ", " ")


def compound_parts(text: str, matches: list[Match], candidates: list[tuple[int, int, str]],
                   taxonomy: Taxonomy) -> list[Match]:
    """The parts of compound matches: a matched label that is, from end to end, two or more labels of concepts
    counts for those concepts too — a general rule over the taxonomy's labels, not a list of compounds.
    Joined by 与/和/及/、 (半导体与集成电路) it names each part; written together (区块链算力中心) its last part is
    the head (算力中心) and an earlier part counts only when it is a technology applied to the head (区块链),
    not a sector word that merely qualifies it (工业 in 工业互联网 is not the industry sector)."""
    by_start: dict[int, list[tuple[int, str]]] = {}
    for start, end, target in candidates:
        by_start.setdefault(start, []).append((end, target))
    out: list[Match] = []
    for m in matches:
        tiles = _tile(text, m, by_start)
        if tiles is None:
            continue
        seen = {m.target}
        joined = any(tiles[k][1] < tiles[k + 1][0] for k in range(len(tiles) - 1))
        for k, (start, end, target) in enumerate(tiles):
            head = k == len(tiles) - 1
            if not (joined or head or _is_technology(taxonomy, target)):
                continue
            if target not in seen and target != STOP:
                seen.add(target)
                out.append(Match(start, end, text[start:end], target))
    return out


def _is_technology(taxonomy: Taxonomy, concept_id: str) -> bool:
    concept = taxonomy.concepts.get(concept_id)
    return concept is not None and concept.type == "Technology"


def _tile(text: str, m: Match, by_start: dict[int, list[tuple[int, str]]]) -> list[tuple[int, int, str]] | None:
    """Cover m's span left to right with the longest shorter label at each point (joins skipped), or None."""
    tiles: list[tuple[int, int, str]] = []
    p = m.start
    while p < m.end:
        options = [(end, target) for end, target in by_start.get(p, ())
                   if end <= m.end and (p, end) != (m.start, m.end)]
        if options:  # the longest label of another concept (集成电路, not 集成电路产业 = the compound), else the
            others = [o for o in options if o[1] != m.target]  # shortest of the compound's own labels (半导体)
            end, target = max(others) if others else min(options)
            tiles.append((p, end, target))
            p = end
            continue
        if tiles and text[p:m.end] in COMPOUND_TAILS:
            return tiles if tiles[0][2] != m.target or len(tiles) >= 2 else None  # 集成电路产业 → 集成电路
        join = next((j for j in COMPOUND_JOINS if tiles and text.startswith(j, p) and p + len(j) < m.end), None)
        if join is None:
            return None
        p += len(join)
    return tiles if len(tiles) >= 2 else None


class StatementIndex:
    """Which paragraph, item or sub-item (the deepest) holds each offset of a document."""

    def __init__(self, doc: Document) -> None:
        self.nodes: list[Node] = [n for n in doc.nodes() if n.kind in STATEMENT_KINDS]
        self._owner = array("i", [-1]) * (len(doc.source) + 1)
        for index, node in enumerate(self.nodes):  # pre-order: children paint over their parents
            self._owner[node.start:node.end] = array("i", [index]) * (node.end - node.start)

    def at(self, offset: int) -> Node | None:
        """The deepest statement node containing `offset`, or None (headings, preamble)."""
        if offset < 0 or offset >= len(self._owner):
            return None
        index = self._owner[offset]
        return self.nodes[index] if index >= 0 else None


def own_end(node: Node) -> int:
    """Where a node's own text ends: its first child's start (a paragraph's lead before its items)."""
    return node.children[0].start if node.children else node.end


def duty_scopes(duties: list[Duty], index: StatementIndex) -> list[list[tuple[int, int]]]:
    """For each duty, the source ranges whose concepts it concerns (see the module docstring)."""
    by_node: dict[int, list[int]] = {}
    homes: list[Node | None] = []
    for k, duty in enumerate(duties):
        home = index.at(duty.start)
        homes.append(home)
        if home is not None:
            by_node.setdefault(id(home), []).append(k)
    duty_nodes = {id(h) for h in homes if h is not None}
    sibling_starts: dict[int, list[int]] = {}
    scopes: list[list[tuple[int, int]]] = []
    for k, duty in enumerate(duties):
        home = homes[k]
        if home is None:
            scopes.append([(duty.start, duty.end)] if 0 <= duty.start < duty.end else [])
            continue
        siblings = sibling_starts.get(id(home))
        if siblings is None:  # sorted once per node: a bisection per duty, not a scan of every sibling
            siblings = sibling_starts[id(home)] = sorted(duties[j].start for j in by_node[id(home)])
        k = bisect_right(siblings, duty.start)
        later = siblings[k:k + 1]
        end = max(duty.end, later[0]) if later else max(own_end(home), duty.end)
        ranges = [(duty.start, end)]
        if not later and _ends_in_colon(home):
            ranges += [(child.start, child.end) for child in home.children
                       if not any(id(n) in duty_nodes for n in child.walk())]
        scopes.append(ranges)
    return scopes


def _ends_in_colon(node: Node) -> bool:
    """A lead line that introduces an item list (`…在以下领域推动关键数字技术攻关与突破：`)."""
    if not node.children:
        return False
    lead = node.text[: node.children[0].start - node.start].rstrip()
    return lead.endswith(("：", ":"))


def link_concepts(doc: Document, facts: Facts, taxonomy: Taxonomy | None = None) -> None:
    """Fill facts.concepts (whole taxonomy), each Duty.concepts, facts.mentions, facts.terms and facts.laws."""
    taxonomy = taxonomy or load_taxonomy()
    source = doc.source
    index = StatementIndex(doc)
    facts.concepts = dict(taxonomy.concepts)
    concept_matches = [m for m in find_concepts(source, taxonomy) if index.at(m.start) is not None]
    starts = [m.start for m in concept_matches]

    covered: set[int] = set()
    for duty, ranges in zip(facts.duties, duty_scopes(facts.duties, index), strict=True):
        mentions: list[ConceptMention] = []
        for lo, hi in ranges:
            k = bisect_left(starts, lo)
            while k < len(concept_matches) and concept_matches[k].end <= hi:
                m = concept_matches[k]
                mentions.append(ConceptMention(m.target, m.surface, m.start, m.end))
                covered.add(k)
                k += 1
        duty.concepts = sorted(mentions, key=lambda c: (c.start, c.end))

    facts.mentions = [Mention(index.at(m.start).cite, m.target, m.surface, m.start, m.end)
                      for k, m in enumerate(concept_matches) if k not in covered]
    facts.terms = extract_definitions(doc)
    facts.mentions += term_mentions(doc, facts.terms, concept_matches, index)
    facts.mentions.sort(key=lambda m: (m.start, m.end, m.target_id))
    facts.laws = extract_references(doc)


def term_mentions(doc: Document, terms: list[DefinedTerm], concept_matches: list[Match],
                  index: StatementIndex) -> list[Mention]:
    """Uses of defined terms outside their definitions and not inside a longer concept label."""
    if not terms:
        return []
    matcher = LabelMatcher((t.name, t.id) for t in terms)
    defining = [(t.start, t.end) for t in terms]
    concept_starts = [m.start for m in concept_matches]
    out: list[Mention] = []
    for m in matcher.find(doc.source):
        node = index.at(m.start)
        if node is None or any(lo <= m.start < hi for lo, hi in defining):
            continue
        if _inside_other_label(m, concept_matches, concept_starts):
            continue
        out.append(Mention(node.cite, m.target, m.surface, m.start, m.end))
    return out


def _inside_other_label(term: Match, concept_matches: list[Match], concept_starts: list[int]) -> bool:
    """True when a concept label at least as long as the term overlaps it without being it (数据 in 大数据)."""
    k = max(bisect_left(concept_starts, term.start) - 1, 0)
    length = term.end - term.start
    while k < len(concept_matches) and concept_matches[k].start < term.end:
        c = concept_matches[k]
        if c.end > term.start and (c.start, c.end) != (term.start, term.end) and c.end - c.start >= length:
            return True
        k += 1
    return False


# -- vocabulary growth: enumeration members the taxonomy does not know ------------------------------
_CLAUSE_SPLIT_RE = re.compile(r"[，,；;。：:！？\n（）()《》“”]")
_ENUM_TAIL_RE = re.compile(
    r"[^、]{0,8}?(?:产业链|产业集群|产业|行业|领域|技术|设施|基础设施|建设|平台|系统|网络|设备|装备|业态|模式|资源|服务业|服务"
    r"|应用|工具|终端|场景|数据|项目|机制)")
_LEAD_VERBS = sorted([
    "培育壮大", "培育发展", "统筹推进", "统筹推动", "重点推进", "重点推动", "重点发展", "加快发展", "积极发展",
    "主要包括", "推动", "推进", "促进", "发展", "加强", "支持", "建设", "布局",
    "加快", "鼓励", "开展", "实施", "完善", "提升", "构建", "探索", "包括",
    "培育", "壮大", "打造", "引导", "强化", "优化", "依托", "运用", "利用",
    "采用", "开发", "研发", "突破", "聚焦", "围绕", "应用", "推广", "普及",
    "规范", "部署", "拓展", "深化", "形成", "实现", "提供", "关注", "推行",
    "建立", "参加", "参与", "基于", "提高", "设置",
], key=len, reverse=True)
_ACTOR_ENDINGS = (
    "部门", "政府", "机构", "企业", "单位", "协会", "联盟", "院校", "组织",
    "个人", "者", "人员", "机关", "学校", "医院", "法院", "团体", "委员会",
    "中心", "公众", "群众", "老年人", "残疾人", "农民",
)


@dataclass(slots=True)
class UnknownTerm:
    """An enumeration member that looks like a concept but is not in the taxonomy, with where it occurs."""

    term: str
    count: int
    cites: list[str]


_TAIL_BLOCK_RE = re.compile(r"部门|机关|政府|单位|企业|机构|应当|应|可以|不得")
_PREFIXES = ("以及", "并与", "及", "并", "将", "把", "向", "从", "对", "以", "如", "和", "与")
_LAST_SPLIT_RE = re.compile(r"以及|及|和")
_GENERIC = frozenset([
    "管理", "设计", "评价", "服务", "生产", "培训", "流通", "消费", "运营", "创新",
    "加工", "传输", "建造", "运维", "展览", "帮助", "救助", "护理", "福利", "薪酬",
    "出行", "就医", "办学", "教研", "空间", "终端", "规划", "研发", "应用", "使用",
    "交易", "保护", "开发", "利用", "采集", "分析", "共享", "开放", "监测", "存储",
    "计算", "经济", "社会", "政治", "文化", "健康", "家庭", "创业", "办事", "文娱",
    "文体", "休闲", "维修", "材料", "装备", "制造", "封测", "产业", "技术", "设施",
    "建设", "平台", "系统", "网络", "设备", "数据", "资源",
])


def enumeration_members(clause: str) -> list[str]:
    """Members of `<verb>A、B、C等<head>` enumerations in one clause (`培育壮大A、B等产业链` → [A, B])."""
    out: list[str] = []
    for position in [i for i, ch in enumerate(clause) if ch == "等"]:
        tail = _ENUM_TAIL_RE.match(clause, position + 1)
        if not tail or _TAIL_BLOCK_RE.search(tail.group()):
            continue
        before = clause[:position]
        if "、" not in before:
            continue
        out += _strip_lead(before.split("、"))
    return out


def _strip_lead(members: list[str]) -> list[str]:
    """Drop what precedes the enumeration (up to the last verb), split the last member on 和/及/以及."""
    for k in range(len(members) - 1, -1, -1):
        cut = _after_last_verb(members[k])
        if cut is not None:
            members = [cut, *members[k + 1:]]
            break
    else:
        members = list(members)
    if members and len(members[-1]) > 4:
        members = [*members[:-1], *_LAST_SPLIT_RE.split(members[-1])]
    cleaned = []
    for member in members:
        member = member.strip()
        for prefix in _PREFIXES:
            if member.startswith(prefix) and len(member) > len(prefix) + 1:
                member = member[len(prefix):]
                break
        if _looks_like_concept(member):
            cleaned.append(member)
    return cleaned


def _after_last_verb(member: str) -> str | None:
    """The text after the last lead verb in a member, or None when it has none."""
    best = -1
    for verb in _LEAD_VERBS:
        at = member.rfind(verb)
        if at >= 0 and at + len(verb) > best:
            best = at + len(verb)
    return member[best:] if best >= 0 else None


def _looks_like_concept(member: str) -> bool:
    """2–12 characters, no 的, not an actor (企业, 部门, 机构 …), not a generic process word, not a number."""
    return (2 <= len(member) <= 12 and "的" not in member and not member.endswith(_ACTOR_ENDINGS)
            and member not in _GENERIC and not member.isdigit() and "等" not in member
            and _TAIL_BLOCK_RE.search(member) is None)


def unknown_terms(doc: Document, taxonomy: Taxonomy | None = None) -> list[UnknownTerm]:
    """Enumeration members of a regulation not named by any taxonomy label, most frequent first."""
    taxonomy = taxonomy or load_taxonomy()
    found: dict[str, UnknownTerm] = {}
    for node in StatementIndex(doc).nodes:
        own = node.text[: own_end(node) - node.start]
        for clause in _CLAUSE_SPLIT_RE.split(own):
            for member in enumeration_members(clause):
                if _known(member, taxonomy):
                    continue
                entry = found.setdefault(member, UnknownTerm(member, 0, []))
                entry.count += 1
                if node.cite not in entry.cites:
                    entry.cites.append(node.cite)
    return sorted(found.values(), key=lambda u: (-u.count, u.term))


def _known(member: str, taxonomy: Taxonomy) -> bool:
    """A member is known when one taxonomy label (or stop phrase) covers all of it."""
    if taxonomy.lookup(member) is not None:
        return True
    matches = matcher_for(taxonomy).find(member)
    return any(m.start == 0 and m.end == len(member) for m in matches)
