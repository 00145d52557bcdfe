"""Deontic trigger words and the tests that tell a trigger from the same characters inside a word or noun phrase.

应当/应/必须/须 oblige, 不得/禁止/严禁/不予 forbid, 可以/可 permit; 负责, 按照职责分工做好 and 由<body>…制定 assign
responsibility; 由<body>责令/处罚 after a "…的，" condition is a liability clause; 鼓励/支持/引导 encourage.
The same characters are not triggers inside words (应用, 响应, 可穿戴, 可靠, 禁止性, 负责人) or inside a noun
phrase (…不得开放的公共数据，应当…; 可以…获取的公共数据，…不得…).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MODAL_WORDS = {
    "应当": "obligation", "必须": "obligation", "应": "obligation", "须": "obligation",
    "不得": "prohibition", "禁止": "prohibition", "严禁": "prohibition", "不予": "prohibition",
    "可以": "permission", "可": "permission",
}
ENCOURAGE_WORDS = ("鼓励", "支持", "引导")
ASSIGN_WORDS = ("负责", "做好", "由", "承担", "履行")
# a body's function stated without a modal (市信息化主管部门组织编制…; X对…进行监督检查): an obligation of that body
BODY_ENDS = ("人民政府", "政府", "办事处", "部门", "机关", "委员会")  # class words no body name runs past
FUNCTION_WORDS = ("组织编制", "组织审查", "组织建立", "组织开展", "组织实施", "组织制定", "统一建设", "进行监督检查",
                  "进行监督", "进行检查")
TRIGGER_RE = re.compile("应当|必须|不得|禁止|严禁|不予|可以|负责|做好|承担|履行|" + "|".join(FUNCTION_WORDS)
                        + "|鼓励|支持|引导|应|须|可|由")
# 承担/履行 assign a duty only with a responsibility as object (X在各自职责范围内承担数据安全监管职责)
RESPONSIBILITY_RE = re.compile(r"^[^，,；;。：:]{0,30}?(?:职责|责任|管理)$")

# characters around a single-character modal that make it part of another word
IN_WORD_BEFORE = {
    "应": set("响适相供反对回呼顺效感答报照理"),
    "须": set("必无毋胡触"),
    "可": set("许认不宁即尚"),
}
IN_WORD_AFTER = {
    "应": set("用急对聘届征收变力答试运激"),
    "须": set("知臾"),
    "可": set("穿靠视信控复追回用持行能读供机见观比及再量扩编操验乐口塑溯共贵爱怜惜疑恶笑谓"),
    "禁止": set("性"),
    "负责": set("人"),
}
WORDS_ENDING_IN_DE = ("目的", "有的", "似的")
ATTRIBUTE_HEADS = ("情形", "情况", "事项", "行为")
# 由X报Y审批 / 由X审批: X is assigned the submission or the approval
ASSIGN_VERBS = re.compile(r"(另行)?(制定|负责|组织|确定|编制|公布|承担|规定|实施|指定|开展|统筹|落实|研究提出|自行"
                          r"|审批|批准|报(?:请|送)?[^，,；;。]{1,20}?(?:审批|批准|备案))")
# 由X确定的组织: the assignment verb describes a noun (a relative clause), it assigns nothing
# (由X报Y审批的规划: the submission too); not a 的 further on (由X组织业主履行前款规定的义务 assigns)
ATTRIBUTIVE_ASSIGNMENT = re.compile(
    r"报(?:请|送)?[^，,；;。的]{1,20}?(?:审批|批准|备案)的"
    r"|[\u4e00-\u9fff]{0,4}?(制定|确定|公布|规定|指定|认定|批准|审批|备案|授权|委托|开展|组织|实施)的")
# 依照《…》等有关规定责令改正: the basis may name several laws; 给予表彰/奖励 is a reward, not a sanction
LIABILITY_VERBS = re.compile(
    r"(依法|(?:按照|依照|依据|根据)(?:《[^》]{1,40}》[、和及]?|[^，；。《]){0,60}?)?(责令|(?:给予|予以)(?!表彰|奖励|表扬|嘉奖|褒扬|补贴|补助|资助|奖补|支持|扶持|优惠|帮助|便利|保障|照顾|优先)|处以|处罚|没收|吊销|追究|罚款|警告|通报(?!表扬))")
PENALISED_RE = re.compile(r"^对[^，,；;。]{1,40}?(?=(?:依法)?(?:给予|予以|处以|追究))")
# 按照职责分工做好; 在各自职责范围内，配合X做好: a duty scope, then 做好 (after a body it assists)
DUTY_SCOPE = re.compile(r"(?:(?:按照|根据|依照)(?:职责分工|各自职责|职责)|在各自(?:的)?职责范围内)[，,]?"
                        r"(?:(?:配合|协助|协同|会同)[^，,；;。]{2,20}?)?$")
ATTRIBUTIVE_VERB = re.compile(r"(依法)?[\u4e00-\u9fff]{1,2}的[\u4e00-\u9fff]")  # modal + bare verb + 的 + noun
OTHER_WORDS = ("其他", "其它")  # 其他可以…的工作: the modal describes the head noun
CAPABILITY_LIST = re.compile(r"可[\u4e00-\u9fff]{1,3}、可")  # 可对账、可校验、可稽核: capabilities, not permissions
MODAL_RE = re.compile("应当|必须|不得|可以|应|须")
# 应交水费, 应缴纳税额, 应得利益: an amount payable, a noun; a noun where it follows a verb taking it (处, 按) or is
# followed by what measures it (的, 3倍, 百分之…)
PAYABLE_RE = re.compile(r"应(?:交|缴|付|纳|得|收|退|补|扣|计)[\u4e00-\u9fff]{0,6}?(?:费|款|额|金|税|息|租|资|利益|价)")
PAYABLE_BEFORE = set("处按照据依过补交缴收扣退于")
PAYABLE_AFTER = set("的倍之%％0123456789０１２３４５６７８９一二两三四五六七八九十百千万总")
# 可以处…罚款, 可以并处…, 并可处…: a modal before a fine is part of a penalty, not a permission
SANCTION_MODAL_RE = re.compile(r"(?:依法)?并?(?:处以|处|责令|给予|予以|没收|吊销)")
CLAUSE_END = re.compile(r"[，,；;。：:！？!?\n]")


@dataclass(slots=True)
class Hit:
    """One occurrence of trigger characters in a text, and why it is not a trigger (skip) if it is not."""

    pos: int
    word: str
    modality: str
    skip: str = ""

    @property
    def end(self) -> int:
        """Offset just after the trigger word."""
        return self.pos + len(self.word)


def clause_end(text: str, pos: int, limit: int) -> int:
    """Offset of the next clause mark (，；。：) at or after pos, or limit."""
    m = CLAUSE_END.search(text, pos, limit)
    return m.start() if m else limit


def find_hits(text: str, start: int, end: int) -> list[Hit]:
    """Every trigger candidate in text[start:end], each judged: a live trigger or a skip with its reason."""
    hits: list[Hit] = []
    for m in TRIGGER_RE.finditer(text, start, end):
        word = m.group()
        pos = m.start()
        modality = MODAL_WORDS.get(word, "encouragement" if word in ENCOURAGE_WORDS else "obligation")
        hit = Hit(pos, word, modality)
        if word in MODAL_WORDS or word in ("负责",):
            hit.skip = _modal_skip(text, pos, word, end)
        elif word in FUNCTION_WORDS:
            if text[pos + len(word):pos + len(word) + 1] == "的":
                hit.skip = "inside a noun phrase"
            elif _inside_body_name(text, pos, start, end):
                hit.skip = "inside a body's name (非法人组织开展)"
            elif (text[clause_end(text, pos, end):clause_end(text, pos, end) + 1] in ("，", ",")
                  and _opens_with_modal(text, clause_end(text, pos, end) + 1, end)):
                hit.skip = "the occasion of the modal after it (X进行监督检查，可以采取…)"
        elif word in ("承担", "履行"):
            stop = clause_end(text, pos, end)
            final = text[stop:stop + 1] in ("", "。", "；", ";") or (
                text[stop:stop + 1] in "，," and not _opens_with_modal(text, stop + 1, end))
            if (not RESPONSIBILITY_RE.match(text[pos + len(word):stop]) or not final
                    or text[pos - 1:pos] in ("为", "在", "于")):
                continue  # an ordinary verb (承担费用, 履行合同) or the setting of another duty (X履行职责，可以…)
            hit.skip = _modal_skip(text, pos, word, end)
        elif word == "做好":
            if not DUTY_SCOPE.search(text[max(start, pos - 40):pos]):
                continue  # an ordinary verb, not a responsibility assignment
        elif word == "由":
            kind = assignment_kind(text, pos, end)
            if not kind:
                continue
            hit.modality = kind
        hits.append(hit)
    return hits


def _inside_body_name(text: str, pos: int, start: int, end: int) -> bool:
    """Whether the actor phrase opening pos's clause runs past pos (非法人组织开展: 组织 ends the body's name);
    the clause starts no earlier than the paragraph's own text (not at its article label)."""
    from regkg.loaders.actors import parse_actors

    if text[max(start, pos - 4):pos].endswith(BODY_ENDS):
        return False  # 县人民政府组织编制: a body's name ends at its class word, 组织 is its verb
    i = pos - 1
    while i >= start and text[i] not in "，,；;。：:！？!?\n":
        i -= 1
    q = i + 1 + len(LABEL_RE.match(text, i + 1).group())
    parsed = parse_actors(text, q, clause_end(text, pos, end))
    return parsed is not None and parsed[1] > pos


def _in_word(text: str, pos: int, word: str) -> bool:
    before = text[pos - 1] if pos else ""
    after = text[pos + len(word):pos + len(word) + 1]
    return before in IN_WORD_BEFORE.get(word, ()) or after in IN_WORD_AFTER.get(word, ())


def _has_live_modal(text: str, start: int, end: int) -> bool:
    """Whether text[start:end] holds a modal word that is not inside another word."""
    return any(not _in_word(text, m.start(), m.group()) for m in MODAL_RE.finditer(text, start, end))


def _opens_with_modal(text: str, pos: int, end: int) -> bool:
    """The clause at pos starts with a live modal, possibly after an actor subject (the topic's predicate)."""
    from regkg.loaders.actors import parse_actors

    nxt = clause_end(text, pos, end)
    q = pos + 1 if text.startswith("并", pos) else pos
    parsed = parse_actors(text, q, nxt)
    if parsed is not None:
        q = parsed[1]
    m = MODAL_RE.match(text, q)
    return bool(m) and not _in_word(text, q, m.group())


def _modal_skip(text: str, pos: int, word: str, end: int) -> str:
    if _in_word(text, pos, word):
        return "inside a word"
    payable = PAYABLE_RE.match(text, pos) if word == "应" else None
    if payable and (text[pos - 1:pos] in PAYABLE_BEFORE or text[payable.end():payable.end() + 1] in PAYABLE_AFTER):
        return "an amount payable (应交水费)"
    after = text[pos + len(word):pos + len(word) + 1]
    before = text[pos - 1] if pos else ""
    if word == "负责" and after == "的":
        return "attribute (负责的…)"
    if word == "负责" and after == "、":
        return "inside a list of principles (…负责、…)"
    if word == "不予" and before in "和、或与":
        return "inside a noun phrase"
    listed = before == "、" and "可" in text[max(0, pos - 5):pos - 1]
    if word == "可" and (CAPABILITY_LIST.match(text, pos) or listed):
        return "a capability (可对账、可校验)"
    stop = clause_end(text, pos, end)
    rest = text[pos + len(word):stop]
    if rest.endswith("的除外"):
        return "inside an exception (…的除外)"
    if rest.endswith("的") and not rest.endswith(WORDS_ENDING_IN_DE):
        return "inside a condition (…的，)"
    if "的" in rest:
        described, head = rest.rsplit("的", 1)  # 应当取得的许可: a short verb, 的, the head
        attributive = (ATTRIBUTIVE_VERB.match(rest) and word not in ("负责", "承担", "履行")
                       and not rest.startswith(("本", "全", "各")))
        if ((head.endswith(ATTRIBUTE_HEADS) and len(head) <= 6 and len(described) <= 6) or attributive
                or text[max(0, pos - 2):pos] in OTHER_WORDS):
            return "inside a noun phrase"  # 应当取得的许可, 可以共享的数据, 其他可以促进…的工作
        if (stop < end and text[stop] in "，," and _opens_with_modal(text, stop + 1, end)
                and not _after_clause(text, pos) and rest.count("的") == 1 and not bare_noun_before(text, pos)):
            return "inside a noun phrase"  # 依法不得开放的公共数据，应当…: the phrase is the next modal's subject
    return ""


LABEL_RE = re.compile(r"(?:第[一二三四五六七八九十百零〇\d]+条(?:之[一二三四五六七八九十]+)?\s*)?"
                      r"(?:[（(][一二三四五六七八九十\d]+[）)])?")  # the article or item label before a clause
BARE_NOUN_RE = re.compile(r"[\u4e00-\u9fff]{1,6}")
NOT_A_SUBJECT = re.compile(r"^(?:根据|依照|按照|依据|依法|经|通过|或者|或|和|及|以及|对|为|在|由|其他|其它|凡|未)"
                           r"|(?:规定|要求|明确|确定|同意|批准|依法)$")


def bare_noun_before(text: str, pos: int) -> bool:
    """A bare noun opens the modal's clause (村民应当…的收集点，不得…): the modal's subject, even when it is no
    known actor, so the clause is no noun phrase; an adverbial opening (依法, 根据…规定) leaves it one."""
    i = pos - 1
    while i >= 0 and text[i] not in "，,；;。：:！？!?\n":
        i -= 1
    pre = text[i + 1:pos].strip()
    pre = pre[LABEL_RE.match(pre).end():].strip()
    return bool(BARE_NOUN_RE.fullmatch(pre)) and not NOT_A_SUBJECT.search(pre)


def _after_clause(text: str, pos: int) -> bool:
    """Whether the clause holding pos follows another clause of its sentence (X为…，应当…，不得…): then a
    trigger there is the predicate of that sentence's subject, not part of a noun phrase opening it."""
    i = pos - 1
    while i >= 0 and text[i] not in "，,；;。：:！？!?\n":
        i -= 1
    return i >= 0 and text[i] in "，,"


def assignment_kind(text: str, pos: int, end: int) -> str:
    """For 由 at pos: "liability" (…的，由X责令), "obligation" (由X制定/负责), or "" (ordinary 由)."""
    from regkg.loaders.actors import class_word_at, department_class, parse_actors

    stop = clause_end(text, pos, end)
    body_start = pos + 2 if text.startswith("由其", pos) else pos + 1  # 由其主管部门: "its" competent department
    lead = text[max(0, pos - 2):pos]
    after_condition = "的" in lead or "，" in lead or "," in lead
    if after_condition and _sanction_after_body(text, body_start, stop):
        return "liability"  # …的，由<any body>责令…: whether or not the enforcing body is a known actor
    parsed = parse_actors(text, body_start, stop)  # 由变更后的数据处理者继续落实: a party with its clause
    its_class = class_word_at(text, body_start) if parsed is None else ""
    if its_class and body_start == pos + 1 and not department_class(its_class):
        its_class = ""  # 由主管部门责令: a bare department class word names the enforcer as vaguely as 由其
    if its_class:
        parsed = ([], body_start + len(its_class))  # only a liability may name "its" body so vaguely
    if parsed is None:
        return ""
    rest = PENALISED_RE.sub("", text[parsed[1]:stop])  # 由有权机关对责任人员给予处分: the party, then the penalty
    if LIABILITY_VERBS.match(rest) and after_condition:
        return "liability"
    if ASSIGN_VERBS.search(rest) and not LIABILITY_VERBS.match(rest) and not its_class:
        if lead.endswith(("并", "或者", "或", "经")) or ATTRIBUTIVE_ASSIGNMENT.match(rest):
            return ""
        return "obligation"
    return ""


def _sanction_after_body(text: str, body_start: int, stop: int) -> bool:
    """由<body>责令/处罚…: a sanction verb right after a phrase ending in a class word (部门, 机关, 人民政府 …),
    the enforcing body, recognised as an actor or not (所在地城市、县人民政府城乡规划主管部门)."""
    from regkg.loaders.actors import class_word_at

    limit = min(stop, body_start + 40)
    for i in range(body_start + 1, limit):
        if text[i] in "的“”《》（）()":
            return False  # a relative clause or a quotation: not a body's name
        if not LIABILITY_VERBS.match(text, i):
            continue
        return any(class_word_at(text, j) and j + len(class_word_at(text, j)) == i
                   for j in range(max(body_start, i - 6), i))
    return False
