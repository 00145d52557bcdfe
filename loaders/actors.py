"""Subject phrases → individual actors: enumeration grammar, shared prefixes/suffixes, levels, canonical names.

A body is recognised by its shape, not by a list of bodies: ``[level][X人民政府][modifiers]<core><class word>``
(``市工业和信息化主管部门``, ``区人民政府有关部门``, ``平台经营者``), or a named body from the lexicon (工会).
Enumerations (``、`` inside a group; ``及``/``以及``/``及其``/``或者`` and, after a complete body, ``和``/``与``
between groups; ``等`` + a summarising class) share their level prefix and their class suffix:
``市、区人民政府及发展改革、科技等部门`` → 市人民政府@市, 区人民政府@区, 发展改革部门, 科技部门.

Canonical names (one Actor node per name and jurisdiction; the level sits on the role):
- ``主管`` is dropped and core variants are merged (市场监督管理→市场监管, 工业与信息化→工业和信息化 …, see
  ``actor_lexicon.yaml``); the forms written are kept as aliases.
- A government keeps its level in its name, as the gold guideline writes it: ``市人民政府``, ``区人民政府``,
  ``县级以上人民政府``, ``镇人民政府``, ``街道办事处`` (市政府 → 市人民政府). They are different bodies, each one node;
  the role repeats the level. Every other body is named without its level (``工业和信息化部门`` at 市 and at 区 is
  one node; ``市中级人民法院`` → ``中级人民法院`` at level 市), so "duties of X" finds every level.
- Modifiers 相关/有关/其他 are dropped when a core follows (相关行业组织 → 行业组织; 有关部门 stays).
- A "…的" clause stays in the name only when the head needs it (开展慈善活动的其他组织, 公共设施的所有者), not before
  a self-sufficient head (政府采购的采购人 → 采购人); possessors listed before 的 distribute over the relational
  heads after it (公共场所、公共设施的所有者、管理者 → 公共场所的所有者 … 公共设施的管理者).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import lru_cache

from regkg.loaders.datafile import load_yaml, packaged

LEXICON_PATH = packaged("actor_lexicon.yaml")
CLAUSE_STOPS = "，,；;。：:！？!?\n（）()“”\"《》"
GOVERNMENT_CLASSES = ("人民政府", "政府", "办事处")
# a government owning the body written after it; 地方 ("local", 县级以上地方人民政府) is no level of its own
OWNING_GOVERNMENTS = ("地方人民政府", "地方政府", "人民政府", "政府")
ETC_NOT_AFTER = "高同平对均上中初次优劣"
ETC_NOT_BEFORE = "级同待候于"
MODIFIES_NEXT = re.compile(r"[\u4e00-\u9fff]{1,4}的")
PREFIX_STOPS = "向对为与将把由在或"  # a "…的" modifier holding these is a verb phrase, not a body's description
OWNER_MODIFIERS = ("各级", "本级", "同级")  # written before an owning government: 各级人民政府有关部门
# "this city …", "where it is located": the regulation's own area or the party's place, not a level
JURISDICTIONS = ("本自治区", "本省", "本市", "本区", "本县", "所在地")
QUANTITY_RE = re.compile(r"[一二两三四五六七八九十\d]+(?:个|家|名)(?:以上|以下|或者)")
# 本法第三条第二款规定的…的处理者: a pointer to where the party is described, not part of its name
REFERENCE_CLAUSE_RE = re.compile(r"^本(?:法|条例|办法|规定)[^的，。；]{0,20}?规定的(?=.+的$)")
ROLE_QUALIFIERS = ("具有", "具备", "承担", "从事", "负责", "取得", "持有", "符合", "相应")
PREFIX_MODALS = ("应当", "不得", "可以", "必须")
PREFIX_NEVER_STARTS = ("由", "对", "按照", "根据", "依照", "依据", "通过", "为", "向", "除", "如")


@dataclass(frozen=True, slots=True)
class Lexicon:
    """The actor vocabulary loaded from actor_lexicon.yaml (levels, class words, variants, English)."""

    levels: tuple[tuple[str, str], ...]
    level_not_before: dict[str, tuple[str, ...]]
    level_but_before: dict[str, tuple[str, ...]]
    classes: dict[str, dict]
    class_not_before: dict[str, tuple[str, ...]]
    class_never_before: dict[str, tuple[str, ...]]
    named: dict[str, str]
    named_not_before: dict[str, tuple[str, ...]]
    never_starts: tuple[str, ...]
    never_contains: frozenset[str]
    allowed_words: tuple[str, ...]
    summary_generic_cores: frozenset[str]
    vague_cores: frozenset[str]
    outlets: frozenset[str]
    place_heads: tuple[str, ...]
    relational_cores: frozenset[str]
    max_core: int
    modifiers: tuple[str, ...]
    core_variants: tuple[tuple[str, str], ...]
    name_variants: dict[str, str]
    kind_by_keyword: tuple[tuple[str, str], ...]
    english: dict
    party_heads: tuple[tuple[str, str], ...] = ()
    party_head_never: tuple[str, ...] = ()
    class_first_chars: frozenset[str] = field(default_factory=frozenset)
    level_first_chars: frozenset[str] = field(default_factory=frozenset)
    named_first_chars: frozenset[str] = field(default_factory=frozenset)
    modifier_first_chars: frozenset[str] = field(default_factory=frozenset)
    allowed_at: dict[str, tuple[tuple[str, int], ...]] = field(default_factory=dict)  # char → (allowed word, index)


@lru_cache(maxsize=1)
def load_lexicon(path: str | None = None) -> Lexicon:
    """Read the lexicon data file once (it is data, edited without touching code)."""
    data = load_yaml(path or LEXICON_PATH)
    by_length = lambda items: tuple(sorted(items, key=lambda kv: -len(kv[0])))  # noqa: E731
    classes = data["class_words"]
    return Lexicon(
        levels=by_length(data["levels"].items()),
        level_not_before={k: tuple(v) for k, v in data.get("level_not_before", {}).items()},
        level_but_before={k: tuple(v) for k, v in data.get("level_but_before", {}).items()},
        classes=classes,
        class_not_before={k: tuple(v) for k, v in data.get("class_not_before", {}).items()},
        class_never_before={k: tuple(v) for k, v in data.get("class_never_before", {}).items()},
        named=data.get("named_bodies", {}),
        named_not_before={k: tuple(v) for k, v in data.get("named_not_before", {}).items()},
        never_starts=tuple(sorted(data["core_never_starts_with"], key=len, reverse=True)),
        never_contains=frozenset(data["core_never_contains"]),
        allowed_words=tuple(data.get("core_allowed_words", [])),
        summary_generic_cores=frozenset(data.get("summary_generic_cores", [])),
        vague_cores=frozenset(data.get("vague_cores", [])),
        outlets=frozenset(data.get("outlets", [])),
        place_heads=tuple(data.get("place_heads", [])),
        relational_cores=frozenset(data.get("relational_cores", [])),
        max_core=int(data.get("max_core", 16)),
        modifiers=tuple(sorted(data["modifiers"], key=len, reverse=True)),
        core_variants=by_length(data.get("core_variants", {}).items()),
        name_variants=data.get("name_variants", {}),
        kind_by_keyword=tuple((k, v) for k, v in data.get("kind_by_keyword", [])),
        english=data.get("english", {}),
        party_heads=by_length(data.get("party_heads", {}).items()),
        party_head_never=tuple(data.get("party_head_never", [])),
        class_first_chars=frozenset(w[0] for w in classes),
        level_first_chars=frozenset(w[0] for w in data["levels"]),
        named_first_chars=frozenset(w[0] for w in data.get("named_bodies", {})),
        modifier_first_chars=frozenset(w[0] for w in data["modifiers"]),
        allowed_at=_positions(data.get("core_allowed_words", [])),
    )


def _positions(words: list[str]) -> dict[str, tuple[tuple[str, int], ...]]:
    """For each character, the words holding it and at which index."""
    table: dict[str, list[tuple[str, int]]] = {}
    for word in words:
        for i, ch in enumerate(word):
            table.setdefault(ch, []).append((word, i))
    return {ch: tuple(v) for ch, v in table.items()}


@dataclass(slots=True)
class Body:
    """One written member of an enumeration before expansion (its own characters are text[start:end])."""

    start: int
    end: int
    level: str = ""            # level value (市, 区, 县级以上 …)
    level_written: str = ""    # the level word as written (属地区)
    level_only: bool = False   # a bare level waiting for the next member's body (市 in 市、区人民政府)
    owner: bool = False        # written after "X人民政府" (区人民政府有关部门): the level is the owner's
    modifiers: str = ""
    core: str = ""
    cls: str = ""              # class word as written ("" = incomplete member, e.g. 科技 in 科技、…等部门)
    named: str = ""            # a named body (工会)
    prefix: str = ""           # "…的" modifier clause before a bare head (开展慈善活动的其他组织)
    party: str = ""            # kind of a party the lexicon does not list, written whole (物业服务人)

    @property
    def complete(self) -> bool:
        """A body with a class word or a name; incomplete members borrow the group's suffix."""
        return bool(self.cls or self.named or self.party)

    @property
    def bare(self) -> bool:
        """A class word with no core (等部门, 等有关部门): a summariser whose class the members share."""
        return bool(self.cls) and not self.core and not self.named and not self.prefix


@dataclass(frozen=True, slots=True)
class ActorMention:
    """One actor found in a text: canonical name, the expanded written form, level, kind, English name."""

    name: str
    written: str
    level: str
    kind: str
    name_en: str
    start: int
    end: int
    complete: bool = True


# -- low-level matching -----------------------------------------------------------------------------
def _match_level(text: str, pos: int, lex: Lexicon) -> tuple[str, str] | None:
    if pos >= len(text) or text[pos] not in lex.level_first_chars:
        return None
    for word, value in lex.levels:
        if text.startswith(word, pos):
            after = text[pos + len(word):pos + len(word) + 4]
            if any(after.startswith(x) for x in lex.level_not_before.get(word, ())) and not any(
                    after.startswith(x) for x in lex.level_but_before.get(word, ())):
                continue
            return word, value
    return None


def _match_class(text: str, pos: int, lex: Lexicon, has_core: bool) -> str | None:
    if pos >= len(text) or text[pos] not in lex.class_first_chars:
        return None
    best = None
    for length in range(min(6, len(text) - pos), 0, -1):
        word = text[pos:pos + length]
        if word in lex.classes:
            nxt = text[pos + length:pos + length + 3]
            only = lex.classes[word].get("only_before")
            if only and not text.startswith(tuple(only), pos + length):
                continue
            if nxt and any(nxt.startswith(x) for x in lex.class_never_before.get(word, ())):
                continue
            if nxt and not has_core and any(nxt.startswith(x) for x in lex.class_not_before.get(word, ())):
                continue
            if word.endswith("人") and nxt.startswith("员"):
                continue  # 管理人员 is 管理 + 人员, not 管理人 + 员
            best = word
            break
    return best


def _match_named(text: str, pos: int, lex: Lexicon, compounds: bool = True) -> str | None:
    """A named body at pos; compounds=False skips pairs (单位和个人) so that 等单位和个人 sums up 单位 + 个人."""
    if pos >= len(text) or text[pos] not in lex.named_first_chars:
        return None
    for length in range(min(8, len(text) - pos), 1, -1):
        word = text[pos:pos + length]
        if word in lex.named and (compounds or ("和" not in word and "或" not in word)):
            if text.startswith(lex.named_not_before.get(word, ()), pos + length):
                continue
            return word
    return None


def class_word_at(text: str, pos: int) -> str:
    """The class word written at pos ("" if none): after 其 (其主管部门, "its department") it names a body alone."""
    return _match_class(text, pos, load_lexicon(), False) or ""


def department_class(word: str) -> bool:
    """Whether a class word names a government department (部门, 主管部门, 机关)."""
    return load_lexicon().classes.get(word, {}).get("kind") == "department"


def is_etc(text: str, pos: int) -> bool:
    """True when 等 at pos closes an enumeration (not 高等, 同等, 等级)."""
    if pos >= len(text) or text[pos] != "等":
        return False
    before = text[pos - 1] if pos else ""
    after = text[pos + 1:pos + 2]
    return before not in ETC_NOT_AFTER and after not in ETC_NOT_BEFORE


def _forbidden_at(text: str, pos: int, lex: Lexicon) -> bool:
    """A function character at pos that cannot be inside a core (unless an allowed word covers it)."""
    if text[pos] not in lex.never_contains:
        return False
    return not any(pos >= i and text.startswith(word, pos - i) for word, i in lex.allowed_at.get(text[pos], ()))


def _in_allowed_word(text: str, pos: int, lex: Lexicon) -> bool:
    """Whether the character at pos belongs to an allowed word (在线, 对外) rather than standing alone."""
    return any(pos >= i and text.startswith(word, pos - i) for word, i in lex.allowed_at.get(text[pos], ()))


def _starts_with_verb(text: str, pos: int, lex: Lexicon) -> bool:
    """Text at pos opens with a word no body starts with (未经, 涉及, 推动 …) and no allowed word."""
    return text.startswith(lex.never_starts, pos) and not text.startswith(lex.allowed_words, pos)


def _core_ok(core: str, lex: Lexicon) -> bool:
    if "\0" in core:
        return False
    if len(core) > lex.max_core:
        return False
    if core.startswith(lex.never_starts) and not core.startswith(lex.allowed_words):
        return False
    return not any(_forbidden_at(core, i, lex) for i in range(len(core)))


def _group_break(text: str, pos: int, previous_complete: bool) -> str | None:
    """The conjunction at pos that starts a new group of the enumeration, if any."""
    if text.startswith("及其他", pos):
        return "及"
    for word in ("及其", "以及", "或者", "及", "或"):
        if text.startswith(word, pos):
            return word
    if previous_complete and text.startswith("和", pos):
        return "和"  # 和其他组织: 其他 stays the next member's modifier
    return None


def _member_end(text: str, pos: int) -> bool:
    """Whether an incomplete member may end at pos (a list separator follows)."""
    return pos < len(text) and (text[pos] == "、" or is_etc(text, pos) or text.startswith(("及", "以及", "或者"), pos))


# -- one member -------------------------------------------------------------------------------------
def _parse_body(text: str, pos: int, limit: int, lex: Lexicon, bare_ok: bool = False,
                compounds: bool = True) -> Body | None:
    """[modifiers] (named body | <core><class word> | <core> before a list separator)."""
    start = pos
    modifiers = ""
    moved = True
    while moved:
        moved = False
        for mod in lex.modifiers if text[pos:pos + 1] in lex.modifier_first_chars else ():
            if text.startswith(mod, pos) and pos + len(mod) <= limit:
                modifiers += mod
                pos += len(mod)
                moved = True
                break
    named = _match_named(text, pos, lex, compounds)
    if named and pos + len(named) <= limit:
        end = pos + len(named)
        generic = _match_class(text, end, lex, True)  # 妇联组织: a generic organisation word after a name is the name's
        info = lex.classes.get(generic or "", {})
        if info.get("kind") == "organisation" and not info.get("standalone") and end + len(generic) <= limit:
            end += len(generic)
        return Body(start, end, modifiers=modifiers, named=named)
    if _starts_with_verb(text, pos, lex):
        return None
    end = min(limit, len(text), pos + lex.max_core + 6)
    k = pos
    while k < end:
        ch = text[k]
        cls = _match_class(text, k, lex, k > pos)
        if cls and k + len(cls) <= limit:
            core = text[pos:k]
            info = lex.classes[cls]
            sized = info.get("min_core", 1) <= len(core) <= info.get("max_core", lex.max_core)
            if core and (info.get("no_core") or not sized or core.startswith(tuple(info.get("core_never_starts", ())))
                         or core.endswith(tuple(info.get("core_never_ends", ())))):
                core = "\0"
            if (core and _core_ok(core, lex) and not core.endswith(("或", "和", "与", "及"))) or (
                    not core and (lex.classes[cls].get("standalone") or modifiers or bare_ok)):
                longer = None if core else _longer_body(text, pos, k + len(cls), limit, lex)
                if longer is not None:  # 消费者权益保护委员会: a standalone word opening a longer body's core
                    return replace(longer, start=start, modifiers=modifiers)
                return Body(start, k + len(cls), modifiers=modifiers, core=core, cls=cls)
            if not core:
                return None  # a bare class word cannot open a longer core (单位建立…组织)
        bracket = _core_bracket(text, k, pos, limit)
        if bracket:  # 住房城乡建设（环境卫生）主管部门: a bracketed part of the core, kept as written
            k = bracket
            continue
        if ch in CLAUSE_STOPS or ch == "、" or is_etc(text, k) or text.startswith(("及", "以及", "或者"), k):
            break
        if _forbidden_at(text, k, lex):
            return None
        k += 1
    core = text[pos:k]
    # 同级发展改革、财政等部门: a scope word (同级/各级/本级) may open an enumeration of bare cores
    if core and k <= limit and _member_end(text, k) and _core_ok(core, lex) and modifiers in ("", *OWNER_MODIFIERS):
        return Body(start, k, core=core)
    return None


BRACKET_INSIDE_RE = re.compile(r"[（(]([\u4e00-\u9fff、]{1,8})[）)]")
BRACKET_NOT_INSIDE = ("以下", "简称", "统称", "含", "包括", "不含", "除", "下同", "即")


def _core_bracket(text: str, k: int, pos: int, limit: int) -> int:
    """The end of a bracketed part inside a core at k (住房城乡建设（环境卫生）, 村（居）民), or 0: it follows a core
    character, holds a few characters, is no definition or gloss (（以下简称…）, （含…）) and the core runs on
    after it."""
    if k == pos or text[k] not in "（(":
        return 0
    m = BRACKET_INSIDE_RE.match(text, k)
    if m is None or m.end() >= limit or m.group(1).startswith(BRACKET_NOT_INSIDE):
        return 0
    nxt = text[m.end()]
    return m.end() if nxt == "、" or ("\u4e00" <= nxt <= "\u9fff" and nxt not in "的和与及或等") else 0


def _longer_body(text: str, pos: int, after: int, limit: int, lex: Lexicon) -> Body | None:
    """The body whose core starts with the standalone class word at pos, when the text runs straight on into
    another class word (消费者 → 消费者权益保护委员会, 企业 → 企业负责人)."""
    if _starts_with_verb(text, after, lex):
        return None  # 单位建立…组织: a verb follows, the word is a body on its own
    end = min(limit, len(text), pos + lex.max_core + 6)
    k = after
    while k < end:
        if text[k] in CLAUSE_STOPS or text[k] in "、和与" or is_etc(text, k) or text.startswith(("及", "或"), k):
            return None
        if _forbidden_at(text, k, lex):
            return None
        cls = _match_class(text, k, lex, True)
        if cls and k + len(cls) <= limit:
            core = text[pos:k]
            info = lex.classes[cls]
            if info.get("no_core") or len(core) > info.get("max_core", lex.max_core) or not _core_ok(core, lex):
                return None
            return Body(pos, k + len(cls), core=core, cls=cls)
        k += 1
    return None


def _parse_member(text: str, pos: int, limit: int, lex: Lexicon, allow_prefix: bool,
                  bare_ok: bool = False, compounds: bool = True) -> Body | None:
    """A member with its optional level word and owning government (区人民政府有关部门)."""
    jurisdiction = next((w for w in JURISDICTIONS if text.startswith(w, pos)), "")
    if jurisdiction:  # 本市（各级）国家机关 → 国家机关, level "": the jurisdiction word is not part of a name
        inner = _parse_member(text, pos + len(jurisdiction), limit, lex, allow_prefix, bare_ok, compounds)
        if inner is not None and not inner.level_only:
            return replace(inner, start=pos)
    if text.startswith("各", pos) and not text.startswith("各级", pos) and _match_level(text, pos + 1, lex):
        inner = _parse_member(text, pos + 1, limit, lex, allow_prefix, bare_ok, compounds)  # 各区人民政府: 区
        if inner is not None and inner.complete:
            return replace(inner, start=pos)
    level = _match_level(text, pos, lex) or _level_before_level(text, pos, lex)
    if level:
        word, value = level
        q = pos + len(word)
        if q < limit and (text[q] == "、" or _joins_next_level(text, q, limit, lex)):
            return Body(pos, q, level=value, level_written=word, level_only=True)
        for gov in OWNING_GOVERNMENTS:
            if text.startswith(gov, q):
                inner = _parse_body(text, q + len(gov), limit, lex)
                if _owned(text, inner, limit, lex):
                    return replace(inner, start=pos, level=value, level_written=word, owner=True)
        body = _parse_body(text, q, limit, lex, bare_ok, compounds)
        if body:
            return replace(body, start=pos, level=value, level_written=word)
    owned = pos + len(next((m for m in OWNER_MODIFIERS if text.startswith(m, pos)), ""))  # 各级人民政府有关部门
    for gov in ("人民政府", "政府"):
        if text.startswith(gov, owned):
            inner = _parse_body(text, owned + len(gov), limit, lex)
            # with no level or 各级 written, 政府 before a core is part of it (政府信息公开主管部门), not an owner
            unowned = gov == "政府" and owned == pos and inner is not None and bool(inner.core)
            if _owned(text, inner, limit, lex) and not unowned:
                return replace(inner, start=pos, owner=True)
    body = _parse_body(text, pos, limit, lex, bare_ok, compounds)
    if body or not allow_prefix:
        return body
    return _parse_with_prefix(text, pos, limit, lex)


def _owned(text: str, inner: Body | None, limit: int, lex: Lexicon) -> bool:
    """Whether the body after "<level>人民政府" is one of that government's own bodies: a complete non-government body
    (区人民政府有关部门), or the first bare field of a list of its departments (see _owned_list:
    县级以上人民政府卫生健康、网信、公安等部门: the departments, not the government, are the subject)."""
    if inner is None or inner.cls in GOVERNMENT_CLASSES or inner.level_only:
        return False
    return inner.complete or _owned_list(text, inner, limit, lex)


def _owned_list(text: str, first: Body, limit: int, lex: Lexicon) -> bool:
    """县级以上人民政府发展改革、财政等部门: an incomplete member right after an owning government opens a list of
    its departments when the list closes with a department class (等部门, 、财政部门), so every member is owned at
    the government's level rather than the list being read as the government itself."""
    if first.complete or not first.core or first.modifiers:
        return False
    found = _parse_enumeration(text, first.start, limit, lex, False, first)
    if found is None:
        return False
    group = found[0][0]
    closing = group.summary if group.summary is not None else group.members[-1]
    return (len(group.members) > 1 and closing.complete and not closing.named
            and lex.classes[closing.cls].get("kind") == "department")


def _level_before_level(text: str, pos: int, lex: Lexicon) -> tuple[str, str] | None:
    """A one-character level written directly before another level (区 in 区县人民政府), whatever follows it."""
    if pos >= len(text) or text[pos] not in lex.level_first_chars:
        return None
    for word, value in lex.levels:
        if len(word) == 1 and text.startswith(word, pos) and _match_level(text, pos + 1, lex):
            return word, value
    return None


def _level_join_length(text: str, q: int) -> int:
    """Length of the conjunction between two bare levels (市和区, 市或者区), 0 when they touch (区县)."""
    return next((len(w) for w in ("或者", "和", "或") if text.startswith(w, q)), 0)


def _joins_next_level(text: str, q: int, limit: int, lex: Lexicon) -> bool:
    """A bare level at q's left shares the body of the level after it: 市和区、县人民政府, 区县人民政府."""
    nxt = q + _level_join_length(text, q)
    return nxt < limit and (_match_level(text, nxt, lex) is not None or _level_before_level(text, nxt, lex) is not None)


def _parse_with_prefix(text: str, pos: int, limit: int, lex: Lexicon) -> Body | None:
    """"<modifier clause>的<body>": 具有公开募捐资格的慈善组织, 开展慈善活动的其他组织 (bare head keeps the clause)."""
    if text.startswith(PREFIX_NEVER_STARTS, pos) and not text.startswith(lex.allowed_words, pos):
        return None  # 由…的, 按照…的: a source or manner, not a description of a body
    stop = min(limit, pos + 30)
    k = pos + 1
    while k < stop and text[k] not in CLAUSE_STOPS and (text[k] not in PREFIX_STOPS or _in_allowed_word(text, k, lex)):
        if text.startswith(PREFIX_MODALS, k):
            return None  # …应当采用…的方式: a predicate, not a description of a body
        if text[k] == "的":
            head = _parse_member(text, k + 1, limit, lex, False, bare_ok=True)
            if head and head.complete:
                own = text[pos] == "其" and text[pos + 1:pos + 2] not in ("他", "它")  # 其: "its"; 其他: "other"
                prefix = REFERENCE_CLAUSE_RE.sub("", text[pos + 1 if own else pos:k + 1])
                return replace(head, start=pos, prefix=prefix) if _needs_clause(head, lex, prefix) else head
        k += 1
    return None


def _needs_clause(head: Body, lex: Lexicon, clause: str = "") -> bool:
    """A bare head names nobody without its "…的" clause (其他组织, 单位, 所有者 of …); 采购人 or 自然人 does.
    A pair under one clause (从事…的单位和个人, 提供…服务的组织或者个人) is one party, the clause kept."""
    if head.named and ("和" in head.named or "或" in head.named):
        return True
    # a bare adjective or a number (新的, 两个以上的) says how many or which, not who
    defining = len(clause) > 2 and not QUANTITY_RE.search(clause)
    info = lex.classes.get(head.cls, {})
    if head.cls and not head.named and info.get("relational"):
        return defining  # 重要数据的处理者, 变更后的数据处理者: whose processor is part of who it is
    if head.cls and not head.named and not head.modifiers and head.core in lex.relational_cores:
        # 基础数据库的建设单位, 二次供水设施的管理单位: the unit that builds or runs that thing; a clause that only
        # restates or qualifies the role (承担工程建设的建设单位, 具有资质的施工单位) names no thing
        thing = head.core not in clause and not clause.startswith(ROLE_QUALIFIERS) and not clause.startswith(
            lex.never_starts)
        return defining and thing
    if not head.bare:
        return False
    return bool(head.modifiers) or not info.get("standalone") or bool(info.get("relational"))


# -- enumeration ------------------------------------------------------------------------------------
@dataclass(slots=True)
class _Group:
    members: list[Body] = field(default_factory=list)
    summary: Body | None = None


def parse_actors(text: str, pos: int, limit: int | None = None, *, allow_prefix: bool = True
                 ) -> tuple[list[ActorMention], int] | None:
    """Parse the actor enumeration starting exactly at pos; (actors, end) or None if none starts there."""
    lex = load_lexicon()
    limit = len(text) if limit is None else min(limit, len(text))
    found = _parse_enumeration(text, pos, limit, lex, allow_prefix, None)
    bodies = _bodies(text, found, lex)
    if not bodies and allow_prefix:
        first = _parse_with_prefix(text, pos, limit, lex)
        if first is not None:
            found = _parse_enumeration(text, pos, limit, lex, allow_prefix, first)
            bodies = _bodies(text, found, lex)
    if not bodies or found is None:
        return None
    return [_mention(text, b, lex) for b in bodies], found[1]


def listed_members(text: str, pos: int, limit: int) -> tuple[list[ActorMention], int] | None:
    """广播、电视、报刊、网站等(应当): two or more media outlets (lexicon `outlets`) with no class word, closed by 等
    right before limit, as the subject of a trigger: each member as written."""
    if not text[pos:limit].rstrip().endswith("等") or text[pos:pos + 2] not in _outlet_starts():
        return None
    lex = load_lexicon()
    found = _parse_enumeration(text, pos, limit, lex, False, None)
    if found is None or len(found[0]) != 1:
        return None
    group, end = found[0][0], found[1]
    members = group.members
    if (group.summary is not None or len(members) < 2 or any(m.complete or m.level_only or m.level for m in members)
            or text[end - 1:end] != "等" or text[end:limit].strip() or any(m.core not in lex.outlets for m in members)):
        return None
    return [_mention(text, replace(m, cls="", named=""), lex) for m in members], end


CJK_RE = re.compile(r"[\u4e00-\u9fff]+")
PARTY_MAX = 12


def unlisted_party(text: str, pos: int, limit: int) -> ActorMention | None:
    """The whole text[pos:limit] as a party the lexicon does not list, when it is the subject written directly before a
    trigger: a short noun phrase ending in a person or organisation head (lexicon `party_heads`: 承租人, 用户,
    网约车驾驶员, 工业用水户, 村民 …), kept as written (guideline: non-government parties as written).

    Guards against adverbials, objects and conditions taken for a subject: the phrase is Chinese characters only (no
    punctuation, no "…的" clause), opens with no preposition or verb a body never starts with (对…, 在…, 依法…,
    按照…, 由…), holds no function character (在, 对, 向, 将, 被, 应, 可, 不 …), and its head is not a thing (账户)."""
    lex = load_lexicon()
    jurisdiction = next((w for w in JURISDICTIONS if text.startswith(w, pos)), "")
    start = pos + len(jurisdiction)  # 本市居民 → 居民: the jurisdiction word is not part of a name
    level = _match_level(text, start, lex) if not jurisdiction else None
    level_value = ""
    if level is not None and level[0].endswith("级"):  # 乡级河长 → 河长 at 乡级 (addendum: level as written)
        start += len(level[0])
        level_value = level[1]
    phrase = text[start:limit]
    if not 2 <= len(phrase) <= PARTY_MAX or not CJK_RE.fullmatch(phrase):
        return None
    if text.startswith(PREFIX_NEVER_STARTS, start) or _starts_with_verb(text, start, lex):
        return None
    # one "…的" naming what the party holds is part of its name (集中交易市场的开办者; addendum: keep defining
    # modifiers); the modifier before it is a noun phrase (no verb opening it, no function character)
    owner, _, role = phrase.rpartition("的")
    if owner and (len(owner) < 2 or len(role) < 2 or "的" in owner):
        return None
    if any(_forbidden_at(text, i, lex) for i in range(start, limit) if text[i] != "的" or not owner):
        return None
    if phrase.endswith(lex.party_head_never) or "或" in phrase:
        return None  # 采取限制或者(禁止): a conjunction, not a head
    head = next(((word, kind) for word, kind in lex.party_heads if phrase.endswith(word)), None)
    if head is None or len(phrase) == len(head[0]) or (owner and len(role) == len(head[0])):
        return None
    kind = head[1]
    for keyword, keyword_kind in lex.kind_by_keyword:
        if keyword in phrase:
            kind = keyword_kind
            break
    return ActorMention(name=phrase, written=phrase, level=level_value, kind=kind, name_en=english_name(phrase),
                        start=pos, end=limit)


def leading_party(text: str, pos: int, limit: int) -> ActorMention | None:
    """A party the lexicon does not list opening text[pos:limit] and followed by its predicate, as a body ending in
    a class word is (养犬人不再饲养…的, 养犬人违反…的, 农民专业合作社违反…): the longest phrase unlisted_party accepts
    whose next characters open a predicate (a modal, a function character, a verb no name starts with)."""
    lex = load_lexicon()
    for k in range(min(limit, pos + PARTY_MAX + 4), pos + 1, -1):
        if k < limit and not (_forbidden_at(text, k, lex) or _starts_with_verb(text, k, lex)):
            continue
        if k < limit and text[k] == "的":
            continue  # 养犬人的…: a possessive, the phrase goes on
        party = unlisted_party(text, pos, k)
        if party is not None:
            return party
    return None


def compound_subject(text: str, first: ActorMention, limit: int) -> ActorMention | None:
    """A body whose name runs on into a second head before the trigger (城乡规划组织 + 编制机关 → 城乡规划组织编制机关;
    国家机关 + 工作人员): when the rest of the subject, up to limit, is itself one complete body and nothing else, the
    whole phrase is one body named by its last head (the first one only modifies it)."""
    rest = text[first.end:limit]
    if not rest or not CJK_RE.fullmatch(rest) or not first.complete or "的" in first.name:
        return None
    lex = load_lexicon()
    if _starts_with_verb(text, first.end, lex) or text.startswith(("和", "与", "及", "或", "等"), first.end):
        return None
    found = parse_actors(text, first.end, limit, allow_prefix=False)
    if found is None or found[1] != limit or len(found[0]) != 1 or not found[0][0].complete:
        return None
    second = found[0][0]
    if second.level or second.kind == "government":
        return None  # 市人民政府区人民政府: two bodies, not one name
    name = first.name + second.name
    return ActorMention(name=name, written=first.written + second.written, level=first.level, kind=second.kind,
                        name_en=english_name(name), start=first.start, end=limit)


@lru_cache(maxsize=1)
def _outlet_starts() -> frozenset[str]:
    return frozenset(w[:2] for w in load_lexicon().outlets)


def _bodies(text: str, found: tuple[list[_Group], int] | None, lex: Lexicon) -> list[Body]:
    """The expanded members of a parsed enumeration, or [] when none of them is a complete body."""
    if found is None:
        return []
    split = [_leading_levels(group) for group in found[0]]
    groups = _borrow_department_class([group for _, group in split], lex)
    resolved: list[Body] = []
    spread: list[tuple[str, str]] = []
    previous: list[Body] = []
    previous_end = 0
    for (levels, _), group in zip(split, groups, strict=True):
        spread = levels or (spread if not any(m.level for m in group.members) else [])
        bodies = _resolve(text, group, lex)
        if spread:
            bodies = [replace(b, level=value, level_written=word) for word, value in spread for b in bodies]
        start = group.members[0].start if group.members else 0
        bodies = previous = _same_government(previous, text[previous_end:start], bodies, lex)
        previous_end = group.summary.end if group.summary is not None else group.members[-1].end
        resolved.extend(bodies)
    bodies = _distribute_possessors(text, resolved, lex)
    return bodies if any(b.complete for b in bodies) else []


OWNED_JOINS = ("、", "和", "及", "以及")  # not 及其: "and its", the owner is then the body before it


def _same_government(previous: list[Body], join: str, bodies: list[Body], lex: Lexicon) -> list[Body]:
    """县级以上地方人民政府农业农村主管部门和市场监督管理部门: a department joined to a department of a level-prefixed
    government belongs to that government, so it takes the government's level (as 、 shares it within a list).
    Only departments with no level, owner or name of their own do: not another government (市人民政府和区人民政府),
    a level-prefixed body (区市场监管部门), a party (医疗机构) or staff (及其工作人员); nor after a bare level
    (市网信部门以及其他…部门, silver shenzhen 89.1) or after the government itself (县级以上人民政府及其有关部门)."""
    if not previous or not bodies or not previous[0].owner or not all(_owned_department(b, previous[0].level, lex)
                                                                    for b in previous):
        return bodies
    owner = previous[0]
    if join not in OWNED_JOINS:
        return bodies
    if any(b.level or b.owner or b.named or b.party or not b.cls
           or lex.classes[b.cls].get("kind") != "department" for b in bodies):
        return bodies
    return [replace(b, level=owner.level, level_written=owner.level_written, owner=True) for b in bodies]


def _owned_department(body: Body, level: str, lex: Lexicon) -> bool:
    """A department at the level of the government that owns the list's first member (县级以上人民政府卫生健康、
    网信等部门)."""
    return (bool(level) and body.level == level and bool(body.cls) and not body.named
            and lex.classes[body.cls].get("kind") == "department")


def _leading_levels(group: _Group) -> tuple[list[tuple[str, str]], _Group]:
    """市和区、县发展改革、财政等部门: levels written before an incomplete member prefix the whole enumeration.

    Returns the levels (word, value) and the group without its bare levels; ([], group) when the levels belong to
    one complete body (市、区人民政府 keeps the guideline's reading: the levels are that body's only).
    """
    run = 0
    while run < len(group.members) and group.members[run].level_only:
        run += 1
    if run == 0 or run == len(group.members):
        return [], group
    first = group.members[run]
    if first.complete or not first.level:
        return [], group
    levels = [(m.level_written, m.level) for m in group.members[:run]] + [(first.level_written, first.level)]
    return levels, _Group(members=group.members[run:], summary=group.summary)


def _borrow_department_class(groups: list[_Group], lex: Lexicon) -> list[_Group]:
    """统计、监察及信息公开主管部门: bare fields before 及/和 take the department class of the next group."""
    out = list(groups)
    for i in range(len(out) - 1):
        group, after = out[i], out[i + 1]
        members = [m for m in group.members if not m.level_only]
        last = after.members[-1] if after.members and after.summary is None else after.summary
        if (group.summary is not None or not members or any(m.complete for m in members) or last is None
                or not last.cls or lex.classes[last.cls].get("kind") != "department"):
            continue
        out[i] = _Group(members=[m if m.level_only else replace(m, cls=last.cls) for m in group.members])
    return out


HEAD_JOINS = ("、", "或者", "或", "和", "及", "以及")


def _distribute_possessors(text: str, bodies: list[Body], lex: Lexicon) -> list[Body]:
    """公共场所、公共设施的所有者、管理者或者使用者: every possessor before 的 with every relational head after it."""
    for i, body in enumerate(bodies):
        if not body.prefix:
            continue
        first = i
        while first > 0 and _possessor(bodies[first - 1]) and text[bodies[first - 1].end:bodies[first].start] == "、":
            first -= 1
        if not lex.classes.get(body.cls, {}).get("relational") or body.prefix.count("的") != 1:
            if first == i:
                continue
            # 法律、法规授权的组织: the bare members belong to the clause of one body, not to the enumeration
            merged = replace(body, start=bodies[first].start, prefix=text[bodies[first].start:body.start] + body.prefix,
                             level=bodies[first].level, level_written=bodies[first].level_written)
            return [*bodies[:first], merged, *_distribute_possessors(text, bodies[i + 1:], lex)]
        last = i
        while (last + 1 < len(bodies) and _relational_head(bodies[last + 1], lex)
               and text[bodies[last].end:bodies[last + 1].start] in HEAD_JOINS):
            last += 1
        if first == i and last == i:
            continue
        owners = [(b.core, b) for b in bodies[first:i]] + [(body.prefix[:-1], body)]
        heads = [body, *bodies[i + 1:last + 1]]
        crossed = [replace(head, start=owner.start, end=max(owner.end, head.end), prefix=word + "的",
                           level=owner.level, level_written=owner.level_written)
                   for word, owner in owners for head in heads]
        return bodies[:first] + crossed + _distribute_possessors(text, bodies[last + 1:], lex)
    return bodies


def _possessor(body: Body) -> bool:
    """A member with no class word (公共场所) that can own the head after a 的."""
    return not body.complete and not body.level_only and bool(body.core)


def _relational_head(body: Body, lex: Lexicon) -> bool:
    return body.bare and not body.modifiers and bool(lex.classes[body.cls].get("relational"))


def _parse_enumeration(text: str, pos: int, limit: int, lex: Lexicon, allow_prefix: bool, first: Body | None
                       ) -> tuple[list[_Group], int] | None:
    """Members and groups of the enumeration at pos (before distributing prefixes and suffixes)."""
    groups = [_Group()]
    starts = [pos]
    end = pos
    p = pos
    while p < limit:
        member = first if first is not None and p == pos else _parse_member(text, p, limit, lex, allow_prefix)
        group = groups[-1]
        if (member is None or "和" in member.named) and group.members and text[p - 1] == "、":
            member = _shared_modifier_member(text, p, limit, lex, group.members[-1]) or member
        if member is None and len(groups) > 1 and not group.members and groups[-2].members:
            member = _shared_core_member(text, p, limit, lex, groups[-2].members[-1])
        if member is None and group.members and text[p - 1] == "、" and group.members[-1].complete:
            member = _listed_party(text, p, limit)
        if member is None and p > pos and (group.members or len(groups) > 1):
            previous = group.members[-1] if group.members else groups[-2].members[-1] if groups[-2].members else None
            member = _shared_clause_member(text, p, limit, lex, previous)
        if member is None:
            break
        group.members.append(member)
        p = end = member.end
        if p < limit and text[p] == "、":
            p += 1
            continue
        if member.level_only:  # 市和区、县…, 市或者区…, 区县…: the next level shares the same body
            p += _level_join_length(text, p)
            continue
        if is_etc(text, p):
            p += 1
            end = p
            summary = _parse_member(text, p, limit, lex, False, bare_ok=True, compounds=False)
            if summary and summary.complete:
                group.summary = summary
                p = end = summary.end
            if p < limit and text[p] == "、":
                groups.append(_Group())
                starts.append(p + 1)
                p += 1
                continue
        conj = _group_break(text, p, member.complete or bool(group.summary))
        if conj and p + len(conj) < limit:
            # 县级以上人民政府及其有关部门: the level prefixes the government only (gold guideline: a level
            # belongs to a body only when the text prefixes it, directly or through its enumeration)
            groups.append(_Group())
            starts.append(p)
            p += len(conj)
            continue
        break
    while groups and not groups[-1].members:
        groups.pop()
    # "…或者设区的市人民政府确定的其他部门": a last group that modifies what follows is not a member
    if len(groups) > 1 and MODIFIES_NEXT.match(text, end):
        groups.pop()
        end = starts[len(groups)]
    if not groups:
        return None
    return groups, end


def _shared_core_member(text: str, pos: int, limit: int, lex: Lexicon, previous: Body) -> Body | None:
    """行业协会和组织: a bare class word after a conjunction shares the core of the body before it (行业组织)."""
    if not (previous.complete and previous.core and not previous.named and not previous.prefix):
        return None
    body = _parse_body(text, pos, limit, lex, bare_ok=True, compounds=False)
    if body is None or not body.bare or body.modifiers or lex.classes[body.cls].get("standalone"):
        return None
    if lex.classes[previous.cls].get("kind") != "organisation" or lex.classes[body.cls].get("kind") != "organisation":
        return None  # 市场监管部门和单位: a department does not lend its field to a unit
    return replace(body, core=previous.core, level=previous.level, level_written=previous.level_written)


def _listed_party(text: str, pos: int, limit: int) -> Body | None:
    """业主委员会、物业服务人，…: after a complete body and 、, a party the lexicon does not list that runs to the end
    of the clause (or to 等) is the list's last member, kept as written (see unlisted_party)."""
    end = pos
    while end < limit and text[end] not in CLAUSE_STOPS and text[end] != "、" and not is_etc(text, end):
        end += 1
    if end < len(text) and text[end] not in CLAUSE_STOPS and not is_etc(text, end):
        return None  # the member must close the clause or the list; a verb may follow it otherwise
    party = unlisted_party(text, pos, end)
    if party is None or party.name != text[pos:end]:
        return None
    return Body(pos, end, core=party.name, party=party.kind)


def _shared_clause_member(text: str, pos: int, limit: int, lex: Lexicon, previous: Body | None) -> Body | None:
    """被监督检查的单位和人员: a bare head after a bare head with a "…的" clause shares that clause (人员 alone names
    nobody): 被监督检查的单位, 被监督检查的人员."""
    if previous is None or not previous.prefix or previous.core or previous.named:
        return None
    body = _parse_body(text, pos, limit, lex, bare_ok=True, compounds=False)
    if body is None or not body.bare or body.modifiers:
        return None
    return replace(body, prefix=previous.prefix, level=previous.level, level_written=previous.level_written)


def _shared_modifier_member(text: str, pos: int, limit: int, lex: Lexicon, previous: Body) -> Body | None:
    """A bare class word after "<level…>有关<class>、" shares that prefix (县级以上人民政府有关部门、单位: 有关单位)."""
    if not (previous.complete and previous.modifiers and not previous.core and not previous.named):
        return None
    body = _parse_body(text, pos, limit, lex, bare_ok=True, compounds=False)
    if body is None or not body.bare or body.modifiers:
        return None
    return replace(body, modifiers=previous.modifiers, level=previous.level, level_written=previous.level_written,
                   owner=previous.owner)


def _resolve(text: str, group: _Group, lex: Lexicon) -> list[Body]:
    """Distribute a group's shared level prefix and class suffix over its members."""
    members = group.members
    first = members[0]
    shared_level = (first.level, first.level_written) if first.level and not first.level_only else ("", "")
    if any(m.level for m in members[1:]):
        shared_level = ("", "")  # 市政府办公厅、市大数据中心、运营主体: a level written again is no shared prefix
    template = None
    if group.summary is not None and group.summary.bare:
        template = group.summary
    elif group.summary is None and members[-1].complete and all(not m.complete for m in members[:-1]):
        last = members[-1]
        if last.core or last.owner or all(m.level_only for m in members[:-1]):
            template = last
    out: list[Body] = []
    has_incomplete = any(not m.complete and not m.level_only for m in members)
    for m in members:
        if m.level_only:
            if template is None:
                continue
            body = replace(template, start=m.start, end=m.end, level=m.level, level_written=m.level_written,
                           owner=template.owner)
        elif m.complete:
            body = m
        elif template is not None:
            body = replace(m, cls=template.cls, modifiers=template.modifiers or m.modifiers)
        elif group.summary is None:
            body = m  # an as-written member of a mixed enumeration (广播、电视、报刊以及网络服务提供者)
        else:
            continue
        if not body.level and shared_level[0]:
            body = replace(body, level=shared_level[0], level_written=shared_level[1])
        out.append(body)
    if group.summary is not None and not group.summary.bare and has_incomplete and not out:
        out = _distribute_summary(group, shared_level, lex)
    if group.summary is not None and not group.summary.bare and has_incomplete and not out:
        s = group.summary
        if not s.level and shared_level[0]:
            s = replace(s, level=shared_level[0], level_written=shared_level[1])
        out.append(s)
    return out


def _distribute_summary(group: _Group, shared_level: tuple[str, str], lex: Lexicon) -> list[Body]:
    """教育、供水等公共企事业单位 → 教育公共企事业单位, 供水公共企事业单位: members with no class word of their own take
    the summary's core and class; a generic administrative core (发展改革、财政等行政管理部门) names no member.
    A lone member before 等 is an example of the summary's field, not a list (地下管线等地下市政设施管理部门)."""
    summary = group.summary
    assert summary is not None
    listed = [m for m in group.members if not m.complete and not m.level_only]
    if summary.named or summary.prefix or len(listed) < 2:
        return []
    info = lex.classes.get(summary.cls, {})
    operator = bool(info.get("operator") or info.get("relational")) and summary.core.endswith(lex.place_heads)
    shared = "" if summary.core in lex.summary_generic_cores or operator else summary.core
    out = []
    for m in group.members:
        if m.level_only:
            continue
        body = m if m.complete else replace(m, core=m.core + shared, cls=summary.cls)
        if not body.level and (summary.level or shared_level[0]):
            level = (summary.level, summary.level_written) if summary.level else shared_level
            body = replace(body, level=level[0], level_written=level[1])
        out.append(body)
    return out


# -- naming -----------------------------------------------------------------------------------------
def canonical_core(core: str, lex: Lexicon | None = None) -> str:
    """A functional core with its written variants merged (市场监督管理 → 市场监管)."""
    lex = lex or load_lexicon()
    for written, canonical in lex.core_variants:
        core = core.replace(written, canonical)
    return core


def _strip_modifiers(modifiers: str, core: str, lex: Lexicon | None = None, kind: str = "") -> str:
    """Keep 有关/相关/其他 when nothing but the class word would remain (有关部门, 其他组织) or the core alone is too
    vague to name a body (相关行业部门)."""
    if not core and "各" in modifiers and "各级" not in modifiers and "各类" not in modifiers:
        return "各"  # 各部门, 各地区: "every" is all the name says
    if core and "其他" in modifiers:
        return "其他"  # 其他数据监督管理部门: the others besides those listed, as written
    if core:
        lex = lex or load_lexicon()
        if core in lex.vague_cores and kind == "department":  # 相关行业部门, but 相关行业组织 → 行业组织
            return next((keep for keep in ("有关", "相关") if keep in modifiers), "")
        return ""
    for keep in ("有关", "相关", "其他"):
        if keep in modifiers:
            return "其他" + keep if keep != "其他" and "其他" in modifiers else keep  # 其他有关部门, as written
    return ""


def _mention(text: str, body: Body, lex: Lexicon) -> ActorMention:
    written_level = body.level_written if body.level_written and not body.owner else ""
    cls_written = body.cls
    if body.party:
        name = written = body.core
        return ActorMention(name=name, written=written, level=body.level, kind=body.party,
                            name_en=english_name(name), start=body.start, end=body.end)
    if not body.named and not cls_written:
        name = written = body.core
        return ActorMention(name=name, written=written, level=body.level, kind="organisation",
                            name_en=english_name(name), start=body.start, end=body.end,
                            complete=False)
    if body.named:
        name = body.prefix + body.named
        written = body.level_written + name if body.level_written else name
        kind = lex.named[body.named]
    else:
        info = lex.classes[cls_written]
        cls = info.get("canonical", cls_written)
        mods = _strip_modifiers(body.modifiers, body.core, lex, info["kind"])
        core = canonical_core(body.core, lex)
        if cls in GOVERNMENT_CLASSES and not body.owner:  # 各级人民政府: every level's government, as written
            every = "各级" if "各级" in body.modifiers and not body.level else ""
            name = body.level + every + core + ("人民政府" if cls == "政府" else cls)
        else:
            name = body.prefix + body.modifiers + core + cls if body.prefix else mods + core + cls
        name = lex.name_variants.get(name, name)
        written = written_level + body.prefix + body.modifiers + body.core + cls_written
        kind = info["kind"]
    for keyword, keyword_kind in lex.kind_by_keyword:
        if keyword in name:
            kind = keyword_kind
            break
    return ActorMention(name=name, written=written, level=body.level, kind=kind,
                        name_en=english_name(name), start=body.start, end=body.end)


@lru_cache(maxsize=4096)
def english_name(name: str) -> str:
    """An English name composed from the lexicon: level (governments), modifiers, core, class word."""
    lex = load_lexicon()
    en = lex.english
    if name in en.get("named", {}):
        return en["named"][name]
    for gov in ("人民政府", "办事处"):
        if name.endswith(gov) and name[: -len(gov)] in en.get("levels", {}):
            lvl = en["levels"][name[: -len(gov)]]
            return lvl if "government" in lvl else f"{lvl} {en['classes'][gov]}"
    if "的" in name:
        described, head = name.rsplit("的", 1)
        return f"{english_name(head)} ({' '.join(w for w in _segment_english(described, lex) if w)})"
    cls = next((c for c in sorted(en.get("classes", {}), key=len, reverse=True) if name.endswith(c)), "")
    rest = name[: len(name) - len(cls)]
    words = _segment_english(rest, lex)
    if cls:
        words.append(en["classes"][cls])
    return " ".join(w for w in words if w) or _pinyin(name)


def _segment_english(core: str, lex: Lexicon) -> list[str]:
    """Greedy longest-match translation of a core; unknown stretches fall back to pinyin."""
    cores = lex.english.get("cores", {})
    mods = lex.english.get("modifiers", {})
    table = {**cores, **mods}
    out: list[str] = []
    unknown = ""
    i = 0
    while i < len(core):
        for length in range(min(12, len(core) - i), 0, -1):
            piece = core[i:i + length]
            if piece in table:
                if unknown:
                    out.append(_pinyin(unknown))
                    unknown = ""
                out.append(table[piece])
                i += length
                break
        else:
            unknown += core[i]
            i += 1
    if unknown:
        out.append(_pinyin(unknown))
    return out


def _pinyin(chinese: str) -> str:
    """Romanise a stretch with no English in the lexicon (deterministic, offline).

    pypinyin costs ~0.2-0.8 s to import (its phrase dictionary), so answers are kept in the start-up cache.
    """
    if not chinese:
        return ""
    known = _pinyin_cache()
    if chinese not in known:
        try:
            from pypinyin import lazy_pinyin
        except ImportError:  # pragma: no cover - pypinyin is a declared dependency
            return chinese
        known[chinese] = "".join(lazy_pinyin(chinese)).capitalize()
        from regkg.loaders import cache

        directory = cache.usable_dir()
        if directory is not None:
            cache.store(directory / _PINYIN_FILE, dict(known))
    return known[chinese]


_PINYIN_FILE = "pinyin-1.pickle"


@lru_cache(maxsize=1)
def _pinyin_cache() -> dict[str, str]:
    """Romanisations computed by earlier runs (empty when there is no cache)."""
    from regkg.loaders import cache

    directory = cache.usable_dir()
    if directory is None:
        return {}
    try:
        loaded = cache.read_entry(directory / _PINYIN_FILE)
        ok = isinstance(loaded, dict) and all(isinstance(k, str) and isinstance(v, str) for k, v in loaded.items())
        return loaded if ok else {}
    except Exception:
        return {}


def kind_of(name: str) -> str:
    """The kind of an actor by its canonical name (keyword rules, then its class word)."""
    lex = load_lexicon()
    for keyword, kind in lex.kind_by_keyword:
        if keyword in name:
            return kind
    if name in lex.named:
        return lex.named[name]
    for cls in sorted(lex.classes, key=len, reverse=True):
        if name.endswith(cls):
            return lex.classes[cls]["kind"]
    return "organisation"
