"""Variant names of one body: the same department written two ways in one text (工业与信息化 / 工业和信息化).

General, not a list of one text's bodies: every body the extractor found is reduced to its functional
core (level, modifiers and class word removed); two cores name one body when they are equal once the
joining characters (与/和/及) are dropped, when the actor lexicon's core variants or the abbreviation
pairs of rules.yaml make them equal, or when one is the other with characters left out (市场监管 ⊂
市场监督管理, 住房建设 ⊂ 住房城乡建设). Cores that are merely alike (rapidfuzz ratio) are a note.
Each occurrence of a form other than the text's most frequent one is reported.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass

from regkg.loaders.actors import load_lexicon
from regkg.loaders.facts import Facts
from regkg.loaders.lint.model import Finding, Locator, load_rules


@dataclass(frozen=True, slots=True)
class _Occurrence:
    core: str
    cls: str
    start: int
    end: int


def _split(surface: str) -> tuple[str, str] | None:
    """A body's written form → (core, class word), level and modifiers stripped; None if no class word."""
    lex = load_lexicon()
    cls = max((c for c in lex.classes if surface.endswith(c)), key=len, default="")
    if not cls:
        return None
    core = surface[: len(surface) - len(cls)]
    changed = True
    while changed and core:
        changed = False
        for written, _level in lex.levels:
            if core.startswith(written) and len(core) > len(written) and _level_here(core, written, lex):
                core, changed = core[len(written):], True
                break
        for modifier in lex.modifiers:
            if core.startswith(modifier) and len(core) > len(modifier):
                core, changed = core[len(modifier):], True
                break
    cls = lex.classes[cls].get("canonical", cls)
    return (core, cls) if core else None


def _level_here(core: str, level: str, lex) -> bool:
    """A level word at the start of a core is a level, not the start of a word (市场 is not 市 + 场)."""
    rest = core[len(level):]
    if any(rest.startswith(w) for w in lex.level_but_before.get(level, ())):
        return True
    return not any(rest.startswith(w) for w in lex.level_not_before.get(level, ()))


def _occurrences(facts: Facts, source: str) -> list[_Occurrence]:
    """Every body a duty names (bearer, partner, target), with the span of its core in the source."""
    out, seen = [], set()
    for duty in facts.duties:
        for role in (*duty.bearers, *duty.partners, *duty.targets):
            split = _split(role.surface)
            if split is None or role.start < 0:
                continue
            core, cls = split
            if "的" in core:  # a description (开展慈善活动的组织), not a body's name
                continue
            at = source.find(core, role.start, max(role.end, role.start + len(role.surface)))
            if at < 0:
                continue
            key = (at, core)
            if key not in seen:
                seen.add(key)
                out.append(_Occurrence(core, cls, at, at + len(core)))
    return out


def _normal(core: str) -> str:
    """A core with joiners dropped and known variants/abbreviations expanded to one form."""
    rules = load_rules()
    for written, canonical in load_lexicon().core_variants:
        core = core.replace(written, canonical)
    for short, full in sorted(rules["abbreviations"].items(), key=lambda kv: -len(kv[0])):
        if full not in core:
            core = core.replace(short, full)
    for joiner in rules["name_joiners"]:
        core = core.replace(joiner, "")
    return core


def _subsequence(short: str, long: str) -> bool:
    """`short` is `long` with characters left out, starting alike (市场监管 in 市场监督管理)."""
    if len(short) >= len(long) or short[0] != long[0]:
        return False
    it = iter(long)
    return all(ch in it for ch in short)


def _same_body(a: str, b: str, minimum: int) -> bool:
    na, nb = _normal(a), _normal(b)
    if na == nb:
        return True
    short, long = sorted((na, nb), key=len)
    return len(short) >= minimum and len(short) * 2 > len(long) and _subsequence(short, long)


def _similar(a: str, b: str, threshold: float) -> bool:
    """Much alike: a high rapidfuzz ratio, or one core is the other with a word added at its end (体育/体育管理)."""
    from rapidfuzz import fuzz

    short, long = sorted((a, b), key=len)
    if len(short) < 2:
        return False
    if long.startswith(short) and len(long) <= 2 * len(short):
        return True
    return len(short) >= 3 and fuzz.ratio(_normal(a), _normal(b)) >= threshold


def check_names(facts: Facts, locator: Locator) -> list[Finding]:
    """names.variant for one body written several ways, names.similar for cores that are much alike."""
    rules = load_rules()
    minimum = int(rules["name_min_core"])
    occurrences = _occurrences(facts, locator.doc.source)
    counts = Counter((o.core, o.cls) for o in occurrences)
    by_class: dict[str, list[str]] = defaultdict(list)
    for core, cls in sorted(counts, key=lambda k: (-counts[k], k)):
        by_class[cls].append(core)
    findings: list[Finding] = []
    for cls, cores in sorted(by_class.items()):
        groups: list[list[str]] = []
        for core in cores:  # most frequent first: the first member of a group is its preferred form
            for group in groups:
                if _same_body(group[0], core, minimum):
                    group.append(core)
                    break
            else:
                groups.append([core])
        for group in groups:
            preferred = group[0]
            for variant in group[1:]:
                findings += _report(locator, occurrences, "names.variant", cls, variant, preferred,
                                    counts[(preferred, cls)])
        heads = [g[0] for g in groups]
        for i, a in enumerate(heads):
            for b in heads[i + 1:]:
                if _similar(a, b, rules["name_similarity"]):
                    rare, common = sorted((a, b), key=lambda c: (counts[(c, cls)], c))
                    findings += _report(locator, occurrences, "names.similar", cls, rare, common,
                                        counts[(common, cls)])
    return findings


def _report(locator: Locator, occurrences: list[_Occurrence], rule: str, cls: str, variant: str, preferred: str,
            preferred_count: int) -> list[Finding]:
    where = [o for o in occurrences if o.core == preferred and o.cls == cls]
    related = [{"message": f"{preferred}{cls}", "start": o.start, "end": o.end,
                "line": locator.line_col(o.start)[0], "citation": locator.citation(o.start)} for o in where[:3]]
    verb = "may be the same body as"
    out = []
    for o in occurrences:
        if o.core == variant and o.cls == cls:
            message = (f"{variant}{cls} here, {preferred}{cls} elsewhere ({preferred_count}×): one body, two names"
                       if rule == "names.variant" else
                       f"{variant}{cls} {verb} {preferred}{cls} ({preferred_count}×)")
            out.append(locator.finding(rule, message, o.start, o.end, related=related))
    return out
