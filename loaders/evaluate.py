"""Score extracted duties against gold annotations exactly as gold/README.md says, and count trigger coverage.

Each duty contributes one tuple per bearer (and, separately, per partner): (cite, normalised actor, level).
Precision, recall and F1 are micro-averaged over tuples of explicit (non-implicit) duties, matching tuples
as a multiset; modality accuracy is measured over the bearer tuples found by both sides; targets are not scored.
Beside it, the set scoring compares (cite, level + actor) as sets — the level merged into the name, so
国家网信部门 written with level `` and 网信部门 at level 国家 are the same party, and a trigger repeated in one
provision neither hides nor invents a difference.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from regkg.errors import InputError
from regkg.loaders.document import Document
from regkg.loaders.extract import Trace, extract_with_trace
from regkg.loaders.facts import Facts

# README normalisation, step 2: known variants mapped to one name
VARIANTS = (
    ("市场监督管理", "市场监管"),
    ("工业与信息化", "工业和信息化"),
    ("住房与建设", "住房城乡建设"),
    ("住房和城乡建设", "住房城乡建设"),
    ("发展和改革", "发展改革"),
    ("人力资源和社会保障", "人力资源社会保障"),
    ("属地区", "区"),
)
NOT_A_LEVEL_PREFIX = ("市场", "市民", "区块", "区域")


def normalise(name: str, level: str) -> str:
    """The gold README's actor normalisation: spaces and 主管 removed, variants merged, level prefix and
    a trailing 部门/单位 dropped."""
    name = "".join(name.split()).replace("主管", "")
    for written, canonical in VARIANTS:
        name = name.replace(written, canonical)
    if level and name.startswith(level) and not name.startswith(NOT_A_LEVEL_PREFIX):
        name = name[len(level):]
    for suffix in ("部门", "单位"):
        if name.endswith(suffix) and len(name) > len(suffix):
            name = name[: -len(suffix)]
            break
    return name


@dataclass(slots=True)
class Tuple_:
    """One scored tuple with the duty it came from (for readable misses and false alarms)."""

    cite: str
    actor: str
    level: str
    modality: str
    written: str
    span: str

    @property
    def key(self) -> tuple[str, str, str]:
        """What is compared: (cite, normalised actor, level)."""
        return (self.cite, self.actor, self.level)


@dataclass(slots=True)
class Score:
    """Micro precision/recall/F1 over tuples, with the unmatched tuples of each side."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    misses: list[Tuple_] = field(default_factory=list)
    false_alarms: list[Tuple_] = field(default_factory=list)

    @property
    def precision(self) -> float:
        """Share of predicted tuples that are in the gold."""
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        """Share of gold tuples that were predicted."""
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        """Harmonic mean of precision and recall."""
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def to_dict(self) -> dict:
        """Figures and readable lists for --json."""
        return {"precision": round(self.precision, 4), "recall": round(self.recall, 4), "f1": round(self.f1, 4),
                "tp": self.tp, "fp": self.fp, "fn": self.fn,
                "misses": [_tuple_dict(t) for t in self.misses],
                "falseAlarms": [_tuple_dict(t) for t in self.false_alarms]}


@dataclass(slots=True)
class Evaluation:
    """Everything `regkg eval` reports."""

    articles: tuple[int, int]
    bearers: Score
    partners: Score
    modality_matched: int
    modality_correct: int
    modality_errors: list[tuple[Tuple_, Tuple_]]
    implicit_gold: list[str]
    implicit_flagged: list[str]
    implicit_predicted: int
    bearer_sets: Score = field(default_factory=Score)
    partner_sets: Score = field(default_factory=Score)

    @property
    def modality_accuracy(self) -> float:
        """Correct modalities over bearer tuples found by both sides."""
        return self.modality_correct / self.modality_matched if self.modality_matched else 1.0

    def to_dict(self) -> dict:
        """Machine-readable form (regkg eval --json)."""
        return {
            "articles": list(self.articles),
            "bearers": self.bearers.to_dict(),
            "partners": self.partners.to_dict(),
            "bearerSets": self.bearer_sets.to_dict(),
            "partnerSets": self.partner_sets.to_dict(),
            "modality": {"accuracy": round(self.modality_accuracy, 4), "matched": self.modality_matched,
                         "correct": self.modality_correct,
                         "errors": [{"gold": _tuple_dict(g), "predicted": _tuple_dict(p)}
                                    for g, p in self.modality_errors]},
            "implicit": {"gold": self.implicit_gold, "flagged": self.implicit_flagged,
                         "predicted": self.implicit_predicted},
        }


def _tuple_dict(t: Tuple_) -> dict:
    return {"cite": t.cite, "actor": t.actor, "level": t.level, "modality": t.modality, "written": t.written,
            "span": t.span}


def load_gold(path: str | Path) -> list[dict]:
    """Read a gold file (a JSON list of duty annotations in the guideline's format)."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError as err:
        raise InputError(f"{path}: no such gold file") from err
    except (UnicodeDecodeError, json.JSONDecodeError) as err:
        raise InputError(f"{path}: not a JSON gold file ({err})") from err
    if not isinstance(data, list) or not all(isinstance(d, dict) and "cite" in d for d in data):
        raise InputError(f"{path}: expected a JSON list of duties with a 'cite' each")
    return data


def _article_of(cite: str) -> int:
    return int(cite.split(".")[0].split("(")[0])


def gold_tuples(gold: list[dict], role: str) -> list[Tuple_]:
    """Tuples of the explicit gold duties for one role ("bearers" or "partners")."""
    out = []
    for duty in gold:
        if duty.get("implicit"):
            continue
        for actor in duty.get(role, []):
            level = actor.get("level", "")
            out.append(Tuple_(duty["cite"], normalise(actor["name"], level), level, duty.get("modality", ""),
                              actor["name"], duty.get("span", "")))
    return out


def predicted_tuples(facts: Facts, role: str, articles: tuple[int, int]) -> list[Tuple_]:
    """Tuples of the explicit extracted duties within the scored articles, named by canonical actor name."""
    out = []
    for duty in facts.duties:
        if duty.implicit or not articles[0] <= duty.citation.article <= articles[1]:
            continue
        for r in getattr(duty, role):
            name = facts.actors[r.actor_id].name
            out.append(Tuple_(duty.citation.cite, normalise(name, r.level), r.level, duty.modality, name, duty.text))
    return out


def _score(gold: list[Tuple_], pred: list[Tuple_]) -> tuple[Score, list[tuple[Tuple_, Tuple_]]]:
    by_key_gold: dict[tuple, list[Tuple_]] = defaultdict(list)
    by_key_pred: dict[tuple, list[Tuple_]] = defaultdict(list)
    for t in gold:
        by_key_gold[t.key].append(t)
    for t in pred:
        by_key_pred[t.key].append(t)
    score = Score()
    pairs: list[tuple[Tuple_, Tuple_]] = []
    for key in sorted(set(by_key_gold) | set(by_key_pred), key=_key_order):
        g, p = by_key_gold.get(key, []), by_key_pred.get(key, [])
        n = min(len(g), len(p))
        score.tp += n
        pairs.extend(zip(g[:n], p[:n], strict=True))
        score.misses.extend(g[n:])
        score.false_alarms.extend(p[n:])
    score.fn = len(score.misses)
    score.fp = len(score.false_alarms)
    return score, pairs


def merged_sets(tuples: list[Tuple_]) -> list[Tuple_]:
    """One tuple per (cite, level + actor): the level merged into the name, repeated tuples counted once."""
    seen: dict[tuple[str, str, str], Tuple_] = {}
    for t in tuples:
        merged = Tuple_(t.cite, merge_level(t.actor, t.level), "", t.modality, t.written, t.span)
        seen.setdefault(merged.key, merged)
    return list(seen.values())


def merge_level(actor: str, level: str) -> str:
    """The normalised actor with its level written in front (网信 at 国家 → 国家网信), unless already there."""
    return actor if not level or actor.startswith(level) else level + actor


def _key_order(key: tuple[str, str, str]) -> tuple:
    """Cites in text order (4.2 before 4.2(1) before 4.3), then actor and level."""
    parts = [int(x) if x.isdigit() else 0 for x in key[0].replace("(", ".").replace(")", "").split(".")]
    return (tuple(parts + [-1] * (4 - len(parts))), key[1], key[2])


def evaluate(doc: Document, gold: list[dict], articles: tuple[int, int] | None = None,
             facts: Facts | None = None) -> Evaluation:
    """Score the extractor's duties of doc against the gold duties (by default articles 1..last gold article)."""
    if articles is None:
        last = max((_article_of(d["cite"]) for d in gold), default=0)
        articles = (1, last)
    if facts is None:
        facts = extract_with_trace(doc)[0]
    gold_b, pred_b = gold_tuples(gold, "bearers"), predicted_tuples(facts, "bearers", articles)
    gold_p, pred_p = gold_tuples(gold, "partners"), predicted_tuples(facts, "partners", articles)
    bearers, pairs = _score(gold_b, pred_b)
    partners, _ = _score(gold_p, pred_p)
    bearer_sets, _ = _score(merged_sets(gold_b), merged_sets(pred_b))
    partner_sets, _ = _score(merged_sets(gold_p), merged_sets(pred_p))
    errors = [(g, p) for g, p in pairs if g.modality != p.modality]
    implicit_gold = [d["cite"] for d in gold if d.get("implicit")]
    predicted_implicit = {d.citation.cite for d in facts.duties
                          if d.implicit and articles[0] <= d.citation.article <= articles[1]}
    return Evaluation(articles, bearers, partners, len(pairs), len(pairs) - len(errors), errors, implicit_gold,
                      [c for c in implicit_gold if c in predicted_implicit], len(predicted_implicit),
                      bearer_sets, partner_sets)


# -- trigger coverage -------------------------------------------------------------------------------
@dataclass(slots=True)
class Coverage:
    """What became of every trigger occurrence of one regulation."""

    by_word: dict[str, Counter]
    reasons: Counter
    duties: int
    implicit: int

    @property
    def totals(self) -> Counter:
        """Outcome counts over all words: bearer, empty, covered, skipped."""
        total: Counter = Counter()
        for counts in self.by_word.values():
            total.update(counts)
        return total

    def to_dict(self) -> dict:
        """Machine-readable form (regkg eval --coverage --json)."""
        return {"totals": dict(self.totals), "byWord": {w: dict(c) for w, c in self.by_word.items()},
                "skippedReasons": dict(self.reasons), "duties": self.duties, "implicitDuties": self.implicit}


def coverage(doc: Document) -> Coverage:
    """Count trigger occurrences by word and outcome (duty with a bearer, deliberate empty bearer, covered by
    the duty before it, skipped as not a duty — with the reason)."""
    facts, trace = extract_with_trace(doc)
    return coverage_of(facts, trace)


def coverage_of(facts: Facts, trace: list[Trace]) -> Coverage:
    """Coverage counts from an extraction's trace."""
    by_word: dict[str, Counter] = defaultdict(Counter)
    reasons: Counter = Counter()
    for entry in trace:
        by_word[entry.word][entry.outcome] += 1
        if entry.outcome == "skipped":
            reasons[entry.reason] += 1
    ordered = dict(sorted(by_word.items(), key=lambda kv: -sum(kv[1].values())))
    return Coverage(ordered, reasons, len(facts.duties), sum(1 for d in facts.duties if d.implicit))
