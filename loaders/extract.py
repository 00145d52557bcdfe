"""Document → duty facts: each deontic trigger with its subject, partners, targets, modality and citation.

Follows gold/GUIDELINE.md. Per paragraph or item (its own text, before any item list), every trigger
(loaders/triggers.py) is judged in text order:
- its subject is the actor phrase that opens its clause (``市、区人民政府及有关部门应当``), else the one that
  opens its sentence (``数据处理者在数据的处理过程中，应当``); a non-actor subject (``数字经济发展规划应当``)
  gives a duty with a deliberately empty bearer; an elided subject after a condition (``…的，应当``) takes the
  bearers of the duty before it in the same paragraph;
- a trigger inside the span of the duty before it (up to ``；``/``。``) with no subject of its own is covered by
  that duty (``不得…，不得…`` is one duty) unless it opens a clause with another modality (``应当…，不得…``: a
  second duty of the same subject);
- 负责 / 按照职责分工做好 / 由<body>…制定 are obligations; ``…的，由有权机关责令…`` is a liability of the party
  named at the sentence start; a sentence opening with 鼓励/支持/引导 + parties is an encouragement whose
  targets are those parties;
- a paragraph with neither trigger nor subject after a paragraph with a duty continues it (``implicit``).
Partners follow 会同/协同/联合/协调/配合; targets follow 鼓励/支持/引导/督促/指导/推动 … within the duty.
"""

from __future__ import annotations

import bisect
import functools
import re
from dataclasses import dataclass, field, replace
from functools import lru_cache

from regkg.loaders.actors import (
    ActorMention,
    class_word_at,
    compound_subject,
    english_name,
    kind_of,
    leading_party,
    listed_members,
    load_lexicon,
    parse_actors,
    unlisted_party,
)
from regkg.loaders.document import Document, Node
from regkg.loaders.facts import Actor, ActorRole, Citation, Duty, Facts, actor_id, duty_id
from regkg.loaders.triggers import (
    ENCOURAGE_WORDS,
    FUNCTION_WORDS,
    LIABILITY_VERBS,
    MODAL_WORDS,
    SANCTION_MODAL_RE,
    Hit,
    bare_noun_before,
    clause_end,
    find_hits,
)

SEGMENT_MARKS = "；;。！？!?\n"
SENTENCE_MARKS = "。！？!?\n"
CLAUSE_MARKS = "，,；;。：:！？!?\n"
SPAN_END_MARKS = "；;。：:！？!?\n"
LEADING_FILLERS = ("同时", "此外", "另外", "其中", "并且", "并", "也", "还", "均", "亦", "都", "则", "而且", "具体",
                   "分别", "共同", "但是", "但")
# a scope phrase between a subject and its trigger (X在各自职责范围内，负责…; X按照职责分工，具体负责…)
SCOPE_RE = re.compile(r"^(?:在各自(?:的)?职责范围内|按照(?:各自的?)?职责(?:分工)?|根据(?:各自的?)?职责(?:分工)?"
                      r"|依照本(?:条例|法|办法|规定)(?:的)?规定|依据(?:各自)?职责)")
TRAILING_ADVERBS = re.compile(r"(依法|依规|依法依规|也|均|还|都|亦|同时|则|仍|才|就|并|积极|主动|及时|应当)+$")
PARTNER_RE = re.compile("会同|协同|联合|协调|配合")
ASSISTING_RE = re.compile("配合|协助|协同|会同")  # X…，配合Y做好…: the clause's subject is X
TARGET_RE = re.compile("鼓励|支持|引导|督促|指导|推动|帮助|扶持|带动|培育")
VERB_CHAIN_RE = re.compile(r"(?:[和、及](?:支持|鼓励|引导|规范|督促|推动|帮助|扶持|指导|监督))+")
PARTNER_LEAD_RE = re.compile(
    r"^(应当|必须|应|须|可以|负责|并|及时|依法|积极|主动|统筹|共同|要|也|还|和|或者|进一步|大力|加快)*$")
VERB_LIST_TAIL_RE = re.compile(r"(?:[\u4e00-\u9fff]{2}、)+$")
RELATIVE_VERB_RE = re.compile(r"(?:明确|确定|指定|设立|授权|委托|认定)的")
CONTINUING_VERBS = ("支持", "推进", "推动", "探索", "加强", "建立", "建设", "完善", "促进", "鼓励", "引导", "培育",
                    "发展", "加快", "提升", "实施", "开展", "组织", "制定", "健全", "强化", "优化", "深化", "统筹",
                    "落实", "保障", "扩大", "提高", "构建", "打造", "推广", "积极", "大力", "依法", "做好", "指导",
                    "督促", "规范")
NOT_DUTY_TEXT = ("是指", "本条例所称", "用语的含义")
DEONTIC = ("obligation", "prohibition", "permission")
NO_ENCOURAGED = "encouraging verb with neither a body nor parties"


@dataclass(slots=True)
class Trace:
    """What became of one trigger occurrence: a duty with a bearer, an empty bearer, covered, or skipped."""

    cite: str
    pos: int
    word: str
    outcome: str  # "bearer" | "empty" | "covered" | "skipped"
    reason: str = ""


@dataclass(slots=True)
class _Unit:
    node: Node
    citation: Citation
    start: int
    end: int
    first_in_article: bool
    is_item: bool


@dataclass(slots=True)
class _Draft:
    unit: _Unit
    modality: str
    trigger: str
    trigger_pos: int
    start: int
    span_end: int
    bearers: list[ActorMention]
    implicit: bool = False
    bearer_end: int = -1
    inherited: list[ActorMention] | None = None
    partners: list[ActorMention] = field(default_factory=list)
    targets: list[ActorMention] = field(default_factory=list)
    lead_partners: list[ActorMention] = field(default_factory=list)
    agent_pos: int = -1  # 可以由X处理: the position of the 由 whose body is this duty's bearer


@dataclass(slots=True)
class _Subject:
    mentions: list[ActorMention]
    start: int
    end: int


def extract_duties(doc: Document) -> Facts:
    """Every duty of a regulation with its actors (facts.actors, facts.duties in text order); pure."""
    return extract_with_trace(doc)[0]


def extract_with_trace(doc: Document) -> tuple[Facts, list[Trace]]:
    """The duties and, for every trigger occurrence, what became of it (for coverage reports)."""
    facts = Facts(regulation_id=doc.id)
    trace: list[Trace] = []
    text = doc.source
    previous: _Draft | None = None
    lead_in: _Draft | None = None
    previous_article = -1
    for unit in _units(doc):
        if unit.citation.article != previous_article:
            previous = None
            previous_article = unit.citation.article
        drafts = _unit_duties(text, unit, trace)
        if unit.is_item and lead_in is not None:
            _inherit_lead_in(text, unit, drafts, lead_in, trace)
        if not drafts and not unit.is_item and not unit.first_in_article and previous is not None:
            implicit = _implicit(text, unit, previous, trace)
            if implicit is not None:
                drafts = [implicit]
        starts = sorted((d.start, i) for i, d in enumerate(drafts))
        for index, draft in enumerate(drafts, 1):
            governed = _governed_end(text, draft, drafts, starts)
            _add_targets_and_partners(text, draft, drafts, governed)
            if draft.lead_partners and not draft.partners:
                draft.partners = list(draft.lead_partners)
            facts.duties.append(_to_duty(doc, facts, draft, index, governed))
        real = [d for d in drafts if d.bearers or d.inherited]
        if not unit.is_item:
            previous = real[-1] if real else None
            lead_in = None
            if text[unit.start:unit.end].rstrip().endswith(("：", ":")):
                lead_in = previous or _trigger_less_lead_in(text, unit, drafts)
    return facts, trace


def _trigger_less_lead_in(text: str, unit: _Unit, drafts: list[_Draft]) -> _Draft | None:
    """X统筹协调有关部门推进下列工作：(no trigger of its own): X, with its partners, for the items' own triggers."""
    if drafts:
        return None
    subject = _subject_at(text, unit.start, clause_end(text, unit.start, unit.end))
    if subject is None or not all(m.complete for m in subject.mentions):
        return None
    lead = _Draft(unit, "obligation", "", subject.end, subject.start, unit.end, subject.mentions,
                  bearer_end=subject.end)
    _add_targets_and_partners(text, lead, [lead])
    return lead


def _inherit_lead_in(text: str, unit: _Unit, drafts: list[_Draft], lead_in: _Draft, trace: list[Trace]) -> None:
    """An item with its own trigger and no subject of its own under "X应当遵守下列规定：" is a duty of X, with
    the item's own modality (（一）不得… is a prohibition of X)."""
    for draft in drafts:
        if draft.bearers or draft.inherited or draft.implicit:
            continue
        clause_start = _mark_before(text, draft.trigger_pos, unit.start, CLAUSE_MARKS)
        if _pre_core(text, _skip_fillers(text, clause_start, draft.trigger_pos), draft.trigger_pos):
            continue  # （四）备份数据应当加密: the item's own (non-actor) subject
        draft.inherited = _roles_of(lead_in)
        draft.lead_partners = list(lead_in.partners)
        for entry in trace:
            if entry.cite == unit.citation.cite and entry.pos == draft.trigger_pos and entry.outcome == "empty":
                entry.outcome = "bearer"


# -- units ------------------------------------------------------------------------------------------
def _units(doc: Document) -> list[_Unit]:
    units: list[_Unit] = []
    for article in doc.nodes("article"):
        for p_index, para in enumerate(c for c in article.children if c.kind == "paragraph"):
            own_end = para.children[0].start if para.children else para.end
            cit = Citation(article.number, para.number, None, para.label, para.cite)
            units.append(_Unit(para, cit, para.start, _trim_end(doc.source, para.start, own_end), p_index == 0, False))
            for item in (c for c in para.children if c.kind == "item"):
                icit = Citation(article.number, para.number, item.number, item.label, item.cite)
                units.append(_Unit(item, icit, item.start, _trim_end(doc.source, item.start, item.end), False, True))
    return units


def _trim_end(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1].isspace():
        end -= 1
    return end


def _mark_before(text: str, pos: int, floor: int, marks: str) -> int:
    """Offset just after the last mark before pos (or floor); a bisection, so long sentences stay linear."""
    positions = _mark_positions(text, marks)
    index = bisect.bisect_left(positions, pos) - 1
    if index >= 0 and positions[index] >= floor:
        return positions[index] + 1
    return floor


@functools.lru_cache(maxsize=4)
def _mark_positions(text: str, marks: str) -> list[int]:
    """Sorted offsets of every mark character in text (computed once per regulation and mark set)."""
    return [i for i, ch in enumerate(text) if ch in marks]


def _sentence_start(text: str, pos: int, unit: _Unit) -> int:
    return _mark_before(text, pos, unit.start, SENTENCE_MARKS)


def _span_end(text: str, pos: int, unit: _Unit) -> int:
    return _mark_after(text, pos, unit.end, SPAN_END_MARKS)


def _mark_after(text: str, pos: int, ceiling: int, marks: str) -> int:
    """Offset of the first mark at or after pos (or ceiling); a bisection like _mark_before."""
    positions = _mark_positions(text, marks)
    index = bisect.bisect_left(positions, pos)
    if index < len(positions) and positions[index] < ceiling:
        return positions[index]
    return ceiling


# -- one paragraph or item --------------------------------------------------------------------------
def _unit_duties(text: str, unit: _Unit, trace: list[Trace]) -> list[_Draft]:
    hits = find_hits(text, unit.start, unit.end)
    own = text[unit.start:unit.end]
    drafts: list[_Draft] = []
    current: _Draft | None = None
    definition = any(w in own for w in NOT_DUTY_TEXT)
    for hit in hits:
        if hit.skip in ("inside a noun phrase", "inside a condition (…的，)"):
            clause_start = _mark_before(text, hit.pos, unit.start, CLAUSE_MARKS)
            subject = _explicit_subject(text, clause_start, hit.pos)
            if subject is not None and not _pre_core(text, subject.end, hit.pos):
                hit.skip = ""  # a body written right before it: the trigger of its own duty
        if hit.skip:
            _record(trace, unit, hit, "skipped", hit.skip)
            continue
        if definition and hit.word not in ENCOURAGE_WORDS:
            _record(trace, unit, hit, "skipped", "definition")
            continue
        inside = current is not None and hit.pos < current.span_end
        if hit.word in ENCOURAGE_WORDS:
            inside = current is not None and _sentence_start(text, hit.pos, unit) <= current.trigger_pos
            if inside and current.modality == "encouragement" and _opens_segment(text, hit.pos, unit):
                inside = False  # 鼓励X…；支持Y…: each encouraging verb opening a part of the sentence is its own
            draft = None if inside else _encouragement(text, unit, hit)
            if draft is None:  # every occurrence is accounted for in the coverage report
                if inside:
                    _record(trace, unit, hit, "covered", f"a verb of the duty at {current.trigger}")
                else:
                    _record(trace, unit, hit, "skipped", NO_ENCOURAGED)
                continue
            _record(trace, unit, hit, "bearer" if draft.bearers else "empty")
        elif hit.word == "由" and current is not None and current.agent_pos == hit.pos:
            _record(trace, unit, hit, "covered", f"the agent of the duty at {current.trigger}")
            continue
        elif hit.word == "由":
            draft = _assignment(text, unit, hit)
            if draft is None:
                _record(trace, unit, hit, "skipped", "由 without a body")
                continue
            _record(trace, unit, hit, "bearer" if draft.bearers else "empty")
        else:
            draft = _modal(text, unit, hit, current, drafts, trace)
            if draft is None:
                continue
        drafts.append(draft)
        current = draft
    return drafts


def _opens_segment(text: str, pos: int, unit: _Unit) -> bool:
    """Whether pos opens a part of a sentence after ；(fillers aside)."""
    start = _mark_before(text, pos, unit.start, SEGMENT_MARKS)
    return start > unit.start and text[start - 1] in "；;" and _skip_fillers(text, start, pos) == pos


def _record(trace: list[Trace], unit: _Unit, hit: Hit, outcome: str, reason: str = "") -> None:
    trace.append(Trace(unit.citation.cite, hit.pos, hit.word, outcome, reason))


def _modal(text: str, unit: _Unit, hit: Hit, current: _Draft | None, drafts: list[_Draft],
           trace: list[Trace]) -> _Draft | None:
    """A modal trigger (应当 … 可以), 负责 or 做好: find its subject, or judge it covered or not a duty."""
    clause_start = _mark_before(text, hit.pos, unit.start, CLAUSE_MARKS)
    segment_start = _mark_before(text, hit.pos, unit.start, SEGMENT_MARKS)
    explicit = _explicit_subject(text, clause_start, hit.pos)
    pre_empty = not _pre_core(text, clause_start, hit.pos)
    inside = current is not None and hit.pos < current.span_end
    if inside and explicit is not None and explicit.start < current.trigger_pos:
        explicit = None  # the subject written before the duty's own trigger is that duty's
    subject = explicit
    if explicit is None and pre_empty and SANCTION_MODAL_RE.match(text, hit.end):
        penalty = _penalty_modal(text, unit, hit, segment_start, drafts, trace)
        if penalty is not False:
            return penalty
    agent = _agent_after(text, hit, unit) if explicit is None else None
    if agent is not None:  # 易腐垃圾可以由村民委员会处理: the body after 由 does what the modal says
        subject = agent
    if inside and subject is None:
        if pre_empty:
            subject = _previous_clause_subject(text, clause_start, current.trigger_pos)
        pre = _pre_core(text, clause_start, hit.pos)
        if subject is None and not pre_empty and hit.word in MODAL_WORDS and _opens_with_verb(pre):
            draft = _Draft(unit, hit.modality, hit.word, hit.pos, current.start, _span_end(text, hit.end, unit), [],
                           inherited=_roles_of(current))  # X应当…，发现问题应当及时处理: X's own further duty
            _record(trace, unit, hit, "bearer" if draft.inherited else "empty")
            return draft
        if subject is None and not pre_empty and hit.word in MODAL_WORDS and bare_noun_before(text, hit.pos):
            draft = _Draft(unit, hit.modality, hit.word, hit.pos, clause_start, _span_end(text, hit.end, unit), [])
            _record(trace, unit, hit, "empty")  # …，用户应当予以配合: a subject of its own, no known actor
            return draft
        if subject is None and pre_empty and (_changes_modality(hit, current)
                                              or _after_condition(text, clause_start, current.trigger_pos, hit)):
            draft = _Draft(unit, hit.modality, hit.word, hit.pos, current.start, _span_end(text, hit.end, unit), [],
                           inherited=_roles_of(current))
            _record(trace, unit, hit, "bearer" if draft.inherited else "empty")
            return draft
        if subject is None:
            _record(trace, unit, hit, "covered", f"part of the duty at {current.trigger}")
            return None
    inherited: list[ActorMention] | None = None
    if subject is None and pre_empty:
        subject = _topic_subject(text, segment_start, clause_start)
        same_sentence = bool(drafts) and _sentence_start(text, hit.pos, unit) <= drafts[-1].trigger_pos
        conditional = text[segment_start:clause_start].rstrip("，,").endswith("的")
        if subject is None and drafts and (conditional or (same_sentence and segment_start == clause_start)):
            inherited = _roles_of(drafts[-1])
        if subject is None and inherited is None and text.startswith(CONNECTIVES, segment_start):
            subject = _previous_sentence_subject(text, segment_start, unit)
    if (subject is None and inherited is None and hit.word == "做好" and not inside
            and ASSISTING_RE.match(text, _skip_fillers(text, clause_start, hit.pos))):
        subject = _topic_subject(text, segment_start, clause_start)  # X在各自职责范围内，配合Y做好…: X
    if subject is None and inherited is None and hit.word in FUNCTION_WORDS and not inside:
        subject = _topic_subject(text, segment_start, clause_start)  # X会同…，结合…组织编制: X, after a manner
        if subject is not None and not all(m.complete for m in subject.mentions):
            subject = None
    if subject is None and inherited is None:
        if hit.word in ("负责", "做好", "承担", "履行", *FUNCTION_WORDS):
            _record(trace, unit, hit, "skipped", "no responsible body named")
            return None
        tail = text[hit.end:clause_end(text, hit.end, unit.end)]
        if tail.startswith("遵循"):
            _record(trace, unit, hit, "skipped", "principle without a subject")
            return None
    start = subject.start if subject and subject is not agent else (clause_start if pre_empty is False or agent
                                                                      else segment_start)
    penalised = _penalised(text, hit, unit) if text[segment_start:start].rstrip("，, ").endswith("的") else None
    if penalised is not None:  # 违反…的，X可以对Y给予通报批评: a liability of Y, not a permission of X
        draft = _Draft(unit, "liability", hit.word, hit.pos, segment_start, _span_end(text, hit.end, unit), penalised)
        _record(trace, unit, hit, "bearer")
        return draft
    draft = _Draft(unit, hit.modality, hit.word, hit.pos, start, _span_end(text, hit.end, unit),
                   subject.mentions if subject else [], bearer_end=subject.end if subject else -1,
                   inherited=inherited, agent_pos=agent.start - 1 if agent is not None else -1)
    _record(trace, unit, hit, "bearer" if (draft.bearers or inherited) else "empty")
    return draft


def _penalty_modal(text: str, unit: _Unit, hit: Hit, segment_start: int, drafts: list[_Draft],
                   trace: list[Trace]) -> _Draft | bool | None:
    """A subject-less modal before a sanction (…，可以处…罚款; 拒不改正的，可以并处…): part of the paragraph's
    liability if it has one (covered); else, before a fine after a "…的，" condition, that condition's liability;
    else False (judge it as an ordinary modal: 发现…的，应当责令改正 is the inspecting body's duty)."""
    liability = next((d for d in reversed(drafts) if d.modality == "liability"), None)
    if liability is not None:
        _record(trace, unit, hit, "covered", f"part of the penalty at {liability.trigger}")
        return None
    fine = re.match(r"(?:依法)?并?处以?", text[hit.end:])
    if not fine or not text[segment_start:_mark_before(text, hit.pos, unit.start, CLAUSE_MARKS)].rstrip(
            "，, ").endswith("的"):
        return False
    party = _liable_party(text, segment_start, hit.pos)
    draft = _Draft(unit, "liability", hit.word, hit.pos, segment_start, _span_end(text, hit.end, unit),
                   party.mentions if party else [], bearer_end=party.end if party else -1)
    _record(trace, unit, hit, "bearer" if draft.bearers else "empty")
    return draft


def _agent_after(text: str, hit: Hit, unit: _Unit) -> _Subject | None:
    """The body a modal hands its act to, written straight after it as 由<body><verb> (…可以由交易双方自行交易,
    该同意应当由个人作出): the doer of the duty when no subject is written before the modal."""
    q = hit.end + (2 if text.startswith("依法", hit.end) else 0)
    if hit.word not in MODAL_WORDS or not text.startswith("由", q):
        return None
    stop = clause_end(text, q + 1, unit.end)
    found = parse_actors(text, q + 1, stop)
    if found is None or found[1] >= stop or not all(m.complete for m in found[0]):
        return None
    return _Subject(found[0], q + 1, found[1])


def _penalised(text: str, hit: Hit, unit: _Unit) -> list[ActorMention] | None:
    """The parties a modal's clause punishes (…可以对责任单位给予警告), or None when it punishes nobody."""
    q = hit.end + (2 if text.startswith("依法", hit.end) else 0)
    if not text.startswith("对", q):
        return None
    found = parse_actors(text, q + 1, clause_end(text, q + 1, unit.end), allow_prefix=False)
    if found is None or not LIABILITY_VERBS.match(text, found[1]):
        return None
    return found[0]


def _after_condition(text: str, clause_start: int, floor: int, hit: Hit) -> bool:
    """X应当建立…制度，发现…的，应当立即…: a modal after a condition of its own is a duty of its own (the
    subject's), not a further action of the duty before it."""
    if hit.word not in MODAL_WORDS or clause_start - 1 <= floor:
        return False
    prev_start = _mark_before(text, clause_start - 1, floor, CLAUSE_MARKS)
    return prev_start > floor and text[prev_start:clause_start - 1].rstrip().endswith("的")


def _opens_with_verb(pre: str) -> bool:
    """A clause before a modal that opens with a verb no subject starts with (发现问题, 接到举报后): a condition of
    the sentence's subject, not a subject of its own."""
    lex = load_lexicon()
    return pre.startswith(CONDITION_VERBS) and not pre.startswith(lex.allowed_words)


def _changes_modality(hit: Hit, current: _Draft) -> bool:
    """A modal opening a later clause of a duty with another modality (应当…，不得…): its own duty, same subject."""
    return hit.word in MODAL_WORDS and current.modality in DEONTIC and hit.modality != current.modality


def _pre_core(text: str, clause_start: int, pos: int) -> str:
    """What stands between the clause start and the trigger, fillers and adverbs removed."""
    pre = SCOPE_RE.sub("", text[clause_start:pos].strip())
    changed = True
    while changed:
        changed = False
        for filler in LEADING_FILLERS:
            if pre.startswith(filler):
                pre = pre[len(filler):]
                changed = True
    return TRAILING_ADVERBS.sub("", pre)


RELATIONAL_CLASSES = tuple(w for w, v in load_lexicon().classes.items() if v.get("relational"))  # 负责人, 管理者
CONDITION_VERBS = ("发现", "接到", "收到", "得知", "知悉", "获悉")  # …，发现问题应当: when the subject finds
JOINING_CHARS = "和与及或、等并"  # 市场监管部门和单位: a second member, not a longer name

ITEM_LABEL_RE = re.compile(r"[（(][一二三四五六七八九十百零〇\d]+[）)]|\d+[.．、]")


def _skip_fillers(text: str, pos: int, limit: int) -> int:
    label = ITEM_LABEL_RE.match(text, pos)
    if label:
        pos = label.end()
    changed = True
    while changed and pos < limit:
        changed = False
        while pos < limit and text[pos].isspace():
            pos += 1
        for filler in LEADING_FILLERS:
            if text.startswith(filler, pos):
                pos += len(filler)
                changed = True
                break
    return pos


def _subject_at(text: str, pos: int, limit: int) -> _Subject | None:
    """The actor enumeration opening text[pos:limit]; for "X的Y" with Y actors, Y (the head)."""
    q = _skip_fillers(text, pos, limit)
    if q >= limit:
        return None
    if text[q] == "其" and text[q + 1:q + 2] not in ("他", "它", "中", "余"):
        q += 1  # 其近亲属: "its/their" before a party
    parsed = parse_actors(text, q, limit) or listed_members(text, q, limit)
    if parsed is None:
        party = leading_party(text, q, limit)  # 养犬人不再饲养犬只的: a party the lexicon does not list
        return _Subject([party], q, party.end) if party is not None else None
    mentions, end = parsed
    last = mentions[-1]
    if last.complete and end < limit and text[last.start:end] == last.written and text[end] not in JOINING_CHARS:
        longer = leading_party(text, last.start, limit)  # 农民专业合作社 over 农民: the longest party name wins
        if longer is not None and longer.end > end + 1:  # (个人信息处理者方可: 方 opens the modal 方可)
            mentions, end = [*mentions[:-1], longer], longer.end
    if text.startswith("所属", end):
        return None  # 国家机关、公共场馆等所属建筑物: the bodies own the subject, they are not it
    if text[end:end + 1] == "的":
        head = parse_actors(text, end + 1, limit, allow_prefix=False)
        if head is not None:  # 市和区、县人民政府的相关部门: the owner's levels when the head has none
            owners = [m for m in mentions if m.kind == "government" and m.level]
            if owners and all(not m.level for m in head[0]):
                heads = [replace(m, level=o.level) for o in owners for m in head[0]]
                return _Subject(heads, q, head[1])
            if (len(mentions) == 1 and len(head[0]) == 1 and mentions[0].kind in ("organisation", "enterprise")
                    and head[0][0].name.endswith(RELATIONAL_CLASSES)):  # X单位的主要负责人: the owner defines who
                owner, role = mentions[0], head[0][0]
                name = f"{owner.name}的{role.name}"
                whole = replace(role, name=name, written=text[q:head[1]], level=owner.level,
                                name_en=english_name(name), start=q)
                return _Subject([whole], q, head[1])
            return _Subject(head[0], q, head[1])
    chosen = RELATIVE_VERB_RE.match(text, end, limit)
    if chosen and len(mentions) == 1 and mentions[0].complete:  # 区人民政府明确的数据主管部门: the head, at its level
        head = parse_actors(text, chosen.end(), limit, allow_prefix=False)
        if head is not None and all(m.complete for m in head[0]):
            owner = mentions[0]
            heads = [replace(m, level=m.level or owner.level) for m in head[0]]
            return _Subject(heads, q, head[1])
    return _Subject(mentions, q, end)


def _explicit_subject(text: str, clause_start: int, pos: int) -> _Subject | None:
    """The subject written in the trigger's own clause, directly before it."""
    if not _pre_core(text, clause_start, pos):
        return None
    found = (_defined_subject(text, clause_start, pos, at_definition=True)
             or _defined_subject(text, clause_start, pos, at_definition=False) or _subject_at(text, clause_start, pos))
    return _whole_subject(text, clause_start, pos, found)


def _whole_subject(text: str, clause_start: int, pos: int, found: _Subject | None) -> _Subject | None:
    """The subject when it fills the clause up to the trigger: a party the lexicon does not know (承租人应当), or a
    body running on into a second head (城乡规划组织编制机关应当)."""
    q = _skip_fillers(text, clause_start, pos)
    limit = q + len(TRAILING_ADVERBS.sub("", text[q:pos].rstrip()))
    if found is None:
        party = unlisted_party(text, q, limit)
        return _Subject([party], q, limit) if party is not None else None
    if len(found.mentions) == 1 and found.end < limit:
        whole = compound_subject(text, found.mentions[0], limit)
        if whole is not None:
            return _Subject([whole], found.start, limit)
    return found


DEFINED_RE = re.compile(r"（以下(?:简称|统称)([^（）“”，。；]{1,20})）")


@lru_cache(maxsize=8)
def _defined_actors(text: str) -> dict[str, tuple[int, int]]:
    """Names a regulation defines for an actor (…的机构（以下统称密码工作机构）): name → where it is defined."""
    defined: dict[str, tuple[int, int]] = {}
    for m in DEFINED_RE.finditer(text):
        head_start = max(0, m.start() - 8)
        if any(class_word_at(text, i) and i + len(class_word_at(text, i)) == m.start()
               for i in range(head_start, m.start())):
            defined.setdefault(m.group(1), m.span(1))
    return defined


def _defined_subject(text: str, clause_start: int, pos: int, at_definition: bool) -> _Subject | None:
    """A subject given by a definition: "…的机构（以下统称X）应当", or (later) "X应当" for the same X."""
    defined = _defined_actors(text)
    pre = TRAILING_ADVERBS.sub("", text[clause_start:pos].rstrip())
    q = _skip_fillers(text, clause_start, pos)
    for name, (start, end) in defined.items():
        if at_definition:
            if pre.endswith((f"（以下简称{name}）", f"（以下统称{name}）")):
                return _Subject([_named_mention(name, start, end)], q, clause_start + len(pre))
        elif text.startswith(name, q) and TRAILING_ADVERBS.sub("", text[q + len(name):pos].strip()) == "":
            return _Subject([_named_mention(name, q, q + len(name))], q, q + len(name))
    return None


def _named_mention(name: str, start: int, end: int) -> ActorMention:
    """An actor known by a defined name (its kind and English from its class word)."""
    return ActorMention(name=name, written=name, level="", kind=kind_of(name), name_en=english_name(name),
                        start=start, end=end)


ESTABLISH_RE = re.compile(r"(?:设立|成立|组建|设置|明确|指定|确定)")


def _established_body(text: str, segment_start: int, clause_start: int) -> _Subject | None:
    """X设立Y，负责…: the body a clause establishes (Y) is the subject of the subject-less clause after it."""
    prev_start = _mark_before(text, clause_start - 1, segment_start, CLAUSE_MARKS)
    owner = _subject_at(text, prev_start, clause_start - 1)
    if owner is None or not owner.mentions[0].complete:
        return None
    verb = ESTABLISH_RE.match(text, owner.end)
    if verb is None:
        return None
    body = _subject_at(text, verb.end(), clause_start - 1)
    if body is None or body.end != clause_start - 1 or not all(m.complete for m in body.mentions):
        return None
    return body


CONNECTIVES = ("但是", "但")


def _previous_sentence_subject(text: str, segment_start: int, unit: _Unit) -> _Subject | None:
    """但是，不得…: a sentence continuing the one before it with no subject of its own is about that sentence's
    subject, even when that sentence states no duty (X享有…权益。但是，不得…)."""
    if segment_start <= unit.start or text[segment_start - 1] not in SENTENCE_MARKS:
        return None
    start = _sentence_start(text, segment_start - 1, unit)
    subject = _subject_at(text, start, clause_end(text, start, segment_start))
    return subject if subject is not None and all(m.complete for m in subject.mentions) else None


def _topic_subject(text: str, segment_start: int, clause_start: int) -> _Subject | None:
    """The actor that opens the sentence when the trigger's clause has no subject (数据处理者在…中，应当).

    A body opening a clause after a condition (…的，) is preferred: 使用…的，建设单位在报…前，应当 → 建设单位; else the
    condition's own subject (慈善组织确需变更…的，应当 → 慈善组织).
    """
    if clause_start <= segment_start:
        return None
    established = _established_body(text, segment_start, clause_start)
    if established is not None:
        return established
    prev_start = _mark_before(text, clause_start - 1, segment_start, CLAUSE_MARKS)
    if prev_start > segment_start and text[prev_start:clause_start - 1].endswith("的"):
        condition = _subject_at(text, prev_start, clause_start - 1)  # A…，B认为…的，可以: B, the condition's body
        if condition is not None and all(m.complete for m in condition.mentions):
            return condition
    first_end = clause_end(text, segment_start, clause_start)
    start = first_end + 1
    if text[segment_start:first_end].rstrip().endswith("的") and start < clause_start:
        later = _subject_at(text, start, clause_end(text, start, clause_start))
        if later is not None and later.mentions[0].complete:
            return later
    first = _subject_at(text, segment_start, first_end)
    while first is None and start < clause_start:  # 处理…造成损害，处理者不能证明…的，应当: a later clause's body
        end = clause_end(text, start, clause_start)
        found = _subject_at(text, start, end)
        if found is not None and found.mentions[0].complete and text[start - 1] in "，,":
            return found
        start = end + 1
    return first


def _previous_clause_subject(text: str, clause_start: int, floor: int) -> _Subject | None:
    """A new subject in the clause just before (…，有关国家机关…履行职能时，应当…), not a condition (…的)."""
    prev_end = clause_start - 1
    prev_start = _mark_before(text, prev_end, floor, CLAUSE_MARKS)
    if prev_start <= floor or text[prev_start - 1] not in CLAUSE_MARKS or text[prev_start:prev_end].endswith("的"):
        return None
    subject = _subject_at(text, prev_start, prev_end)
    return subject if subject is not None and subject.mentions[0].complete else None


def _roles_of(draft: _Draft) -> list[ActorMention]:
    """The bearers a continuing duty takes over (those the earlier duty inherited, if it did)."""
    return list(draft.inherited) if draft.inherited is not None else list(draft.bearers)


def _encouragement(text: str, unit: _Unit, hit: Hit) -> _Draft | None:
    """鼓励/支持/引导 opening a sentence (targets = the parties), or after a body with no modal (X鼓励…)."""
    segment_start = _skip_fillers(text, _mark_before(text, hit.pos, unit.start, SEGMENT_MARKS), hit.pos)
    clause_start = _mark_before(text, hit.pos, unit.start, CLAUSE_MARKS)
    bearers: list[ActorMention] = []
    start = hit.pos
    after = hit.end
    chain = VERB_CHAIN_RE.match(text, after)
    if chain:
        after = chain.end()
    targets = parse_actors(text, after, clause_end(text, after, unit.end))
    opening = text[segment_start:hit.pos].strip()
    if opening in ("", "积极"):
        pass
    elif opening == "国家":  # 国家鼓励…: the State encourages (guideline Addendum)
        bearers, start = [_state_mention(segment_start)], segment_start
    elif not text[clause_start:hit.pos].strip() and targets is not None and unit.is_item:
        pass  # （四）推进…建设，支持有关机构开展…: a later clause of an item encouraging named parties
    else:
        subject = _explicit_subject(text, clause_start, hit.pos)
        if subject is None or text[subject.end:hit.pos].strip():
            return None
        bearers, start = subject.mentions, subject.start
    if hit.word != "鼓励" and targets is None and not bearers:
        return None
    return _Draft(unit, "encouragement", hit.word, hit.pos, start, _span_end(text, hit.end, unit), bearers)


def _state_mention(pos: int) -> ActorMention:
    """国家 as the encouraging or permitting body of a national law."""
    return ActorMention(name="国家", written="国家", level="", kind="government", name_en=english_name("国家"),
                        start=pos, end=pos + 2)


def _assignment(text: str, unit: _Unit, hit: Hit) -> _Draft | None:
    """由<body>…制定 (obligation of the body) or …的，由<body>责令… (liability of the party named first)."""
    segment_start = _mark_before(text, hit.pos, unit.start, SEGMENT_MARKS)
    body_start = hit.end + (1 if text[hit.end:hit.end + 1] == "其" else 0)
    stop = clause_end(text, hit.pos, unit.end)
    body = parse_actors(text, body_start, stop)
    if hit.modality == "liability":
        subject = _liable_party(text, segment_start, hit.pos)
        if subject is None and body is not None and text.startswith("对", body[1]):
            found = parse_actors(text, body[1] + 1, stop)  # 情节严重的，由有权机关对直接责任人员给予处分
            if found is not None:
                return _Draft(unit, "liability", "由", hit.pos, segment_start, _span_end(text, hit.end, unit),
                              found[0])
        return _Draft(unit, "liability", "由", hit.pos, segment_start, _span_end(text, hit.end, unit),
                      subject.mentions if subject else [], bearer_end=subject.end if subject else -1)
    if body is None:
        return None
    return _Draft(unit, "obligation", "由", hit.pos, segment_start, _span_end(text, hit.end, unit),
                  body[0], bearer_end=body[1])


def _liable_party(text: str, segment_start: int, pos: int) -> _Subject | None:
    """The party a penalty clause's condition names: at its start (X违反…的，由…), or right after the rule it
    breaks (违反本条例第七条规定，X未按照规定…的，由…)."""
    start = segment_start
    while start < pos:
        end = clause_end(text, start, pos)
        subject = _subject_at(text, start, end)
        if subject is not None or not text.startswith("违反", _skip_fillers(text, start, end)):
            return subject
        start = end + 1
    return None


def _implicit(text: str, unit: _Unit, previous: _Draft, trace: list[Trace]) -> _Draft | None:
    """A subject-less, trigger-less paragraph continuing the duty of the paragraph before it."""
    own = text[unit.start:unit.end]
    if any(w in own for w in (*NOT_DUTY_TEXT, "适用", "本条例", "从其规定")):
        return None
    if any(t.cite == unit.citation.cite and t.reason not in ("inside a word", NO_ENCOURAGED) for t in trace):
        return None
    if not own.startswith(CONTINUING_VERBS):
        return None
    if parse_actors(text, unit.start, clause_end(text, unit.start, unit.end)) is not None:
        return None
    return _Draft(unit, previous.modality, "", unit.start, unit.start, _span_end(text, unit.start, unit), [],
                  implicit=True, inherited=_roles_of(previous))


# -- partners and targets ---------------------------------------------------------------------------
def _governed_end(text: str, draft: _Draft, drafts: list[_Draft],
                  starts: list[tuple[int, int]] | None = None) -> int:
    """Where a duty's reach ends: the next duty of the sentence, or the sentence end.

    `starts` (the drafts' (start, index) sorted) makes it a bisection: a sentence of thousands of duties stays linear.
    """
    end = _mark_after(text, draft.trigger_pos, draft.unit.end, SENTENCE_MARKS)
    if starts is None:
        starts = sorted((d.start, i) for i, d in enumerate(drafts))
    for start, i in starts[bisect.bisect_right(starts, (draft.trigger_pos, len(drafts))):]:
        if start >= end:
            break
        if drafts[i] is not draft:
            return start
    return end


_CLIP_MARKS = "，,、 \t\u3000"


def _add_targets_and_partners(text: str, draft: _Draft, drafts: list[_Draft], end: int | None = None) -> None:
    end = _governed_end(text, draft, drafts) if end is None else end
    begin = draft.trigger_pos if draft.bearer_end < 0 else min(draft.bearer_end, draft.trigger_pos)
    partners: list[ActorMention] = []
    for m in PARTNER_RE.finditer(text, begin, end):
        clause_start = _mark_before(text, m.start(), draft.start, CLAUSE_MARKS)
        lead = text[max(clause_start, draft.trigger_pos if m.start() > draft.trigger_pos else clause_start):m.start()]
        lead = VERB_LIST_TAIL_RE.sub("", lead)  # 组织、协调有关单位: a cue sharing its object with verbs before it
        if not (PARTNER_LEAD_RE.match(lead) or m.start() == draft.bearer_end):
            continue
        found = parse_actors(text, m.end(), clause_end(text, m.end(), end))
        if found:
            partners.extend(x for x in found[0] if _is_body(x))
    targets: list[ActorMention] = []
    for m in TARGET_RE.finditer(text, draft.trigger_pos, end):
        clause_start = _mark_before(text, m.start(), draft.start, CLAUSE_MARKS)
        lead = text[max(clause_start, draft.trigger_pos + len(draft.trigger)):m.start()]
        if m.start() != draft.trigger_pos and not PARTNER_LEAD_RE.match(lead):
            continue
        after = m.end()
        chain = VERB_CHAIN_RE.match(text, after)
        if chain:
            after = chain.end()
        found = parse_actors(text, after, clause_end(text, after, end))
        if found and _is_body(found[0][0]):
            targets.extend(x for x in found[0] if _is_body(x))
    draft.partners = partners
    draft.targets = targets


def _is_body(mention: ActorMention) -> bool:
    """Members kept as written without a class word (广播、电视) are not partners or targets on their own."""
    return mention.complete


# -- facts ------------------------------------------------------------------------------------------
def _to_duty(doc: Document, facts: Facts, draft: _Draft, index: int, governed: int | None = None) -> Duty:
    unit = draft.unit
    start = min(draft.start, draft.trigger_pos)
    end = draft.span_end
    if governed is not None and draft.trigger_pos < governed < end:
        end = governed  # the next duty of the sentence starts here: its text is not this duty's
        while end > start and doc.source[end - 1] in _CLIP_MARKS:
            end -= 1
    text = doc.source[start:end]
    duty = Duty(id=duty_id(doc.id, unit.citation.cite, index), citation=unit.citation, modality=draft.modality,
                trigger=draft.trigger, text=text, start=start, end=end, implicit=draft.implicit)
    if draft.inherited is not None:
        duty.bearers = _dedupe([_role(doc, facts, m, written_here=False) for m in draft.inherited])
    else:
        duty.bearers = _dedupe([_role(doc, facts, m) for m in draft.bearers])
    duty.partners = _dedupe([_role(doc, facts, m) for m in draft.partners])
    duty.targets = _dedupe([_role(doc, facts, m) for m in draft.targets])
    return duty


def _role(doc: Document, facts: Facts, mention: ActorMention, written_here: bool = True) -> ActorRole:
    """Register the mention's actor (one per canonical name) and return its role (offsets -1 if not written here)."""
    aid = actor_id(doc.jurisdiction, mention.name)
    actor = facts.actors.get(aid)
    if actor is None:
        actor = facts.actors[aid] = Actor(aid, mention.name, mention.name_en, mention.kind, [])
    if mention.written not in actor.aliases:
        actor.aliases.append(mention.written)
    if not written_here:
        return ActorRole(aid, mention.level, mention.written)
    return ActorRole(aid, mention.level, mention.written, mention.start, mention.end)


def _dedupe(roles: list[ActorRole]) -> list[ActorRole]:
    seen: set[tuple[str, str]] = set()
    out = []
    for role in roles:
        key = (role.actor_id, role.level)
        if key not in seen:
            seen.add(key)
            out.append(role)
    return out


__all__ = ["MODAL_WORDS", "Trace", "extract_duties", "extract_with_trace"]
