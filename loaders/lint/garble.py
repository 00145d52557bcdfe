"""Garbled wording, found by statistics rather than by a list: words split and scattered, words repeated.

Two sources of statistics, both general:
- a word list with frequencies (jieba's dictionary, 349k words of general Chinese): a character is
  *covered* where some word of 2–4 characters spans it;
- per-character counts over a reference corpus of regulations (charstats.json, built from corpus/*.txt by
  tools/build_lint_stats.py): how often each character occurs and how often it stands outside any word.
  A character that almost always sits inside a word there is *bound*.

Checks (parameters in rules.yaml):
- garble.split-word: two bound characters stand uncovered in one clause and together form a frequent word
  (推动传汽车…等统优势 → 传 + 统 = 传统): a word split and its halves scattered.
- garble.repeated-word: one word twice within a few characters of one clause (建设体系建设).
- garble.orphan-char: a bound character uncovered, which is also rare as a word of its own (note).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from functools import lru_cache
from importlib.resources import files
from importlib.util import find_spec
from pathlib import Path

from regkg.loaders.document import Document
from regkg.loaders.lint.model import Finding, Locator, load_rules

HAN = re.compile(r"[\u4e00-\u9fff]")
NUMERALS = set("零〇一二两三四五六七八九十百千万亿第")
CLAUSE_BREAKS = "，。；：！？,;:!?\n"
CharStats = dict[str, tuple[int, int]]  # character → (occurrences, occurrences outside any word)


def _dictionary_path() -> Path:
    """jieba's dictionary file, found without importing jieba (its segmenter is not used)."""
    spec = find_spec("jieba")
    if spec is None or not spec.submodule_search_locations:
        from regkg.errors import ConfigError

        raise ConfigError("the garble check needs the jieba word list (pip install jieba)")
    return Path(next(iter(spec.submodule_search_locations))) / "dict.txt"


@lru_cache(maxsize=1)
def word_list() -> dict[str, str]:
    """Words of 2..max_word characters with at least min_word_freq, from jieba's dictionary: word → frequency (text).

    Lines are `word frequency tag`; the frequency stays a string (compared as int only where needed).
    """
    params = load_rules()["garble"]
    longest, low = params["max_word"], {str(n) for n in range(params["min_word_freq"])}
    tokens = _dictionary_path().read_text(encoding="utf-8").split()
    if len(tokens) % 3:  # not the usual three fields a line: parse line by line
        rows = [line.split()[:2] for line in _dictionary_path().read_text(encoding="utf-8").splitlines()]
        return {w: f for w, f in (r for r in rows if len(r) == 2) if 1 < len(w) <= longest and f not in low}
    return {w: f for w, f in zip(tokens[0::3], tokens[1::3], strict=True) if 1 < len(w) <= longest and f not in low}


def freeness_of(chars: Iterable[str]) -> dict[str, float]:
    """How free each character is in the word list: its frequency as a word / (that + its frequency inside words).

    的 0.86, 在 0.86, 其 0.36, 统 0.02. Slow (a pass over the whole list): the tool that builds charstats.json
    stores it for the corpus's characters.
    """
    wanted = set(chars)
    single: dict[str, int] = {}
    inside: dict[str, int] = {}
    tokens = _dictionary_path().read_text(encoding="utf-8").split()
    for word, freq in zip(tokens[0::3], tokens[1::3], strict=False):
        if len(word) == 1:
            if word in wanted:
                single[word] = int(freq)
            continue
        hits = wanted.intersection(word)
        if hits:
            value = int(freq)
            for ch in hits:
                inside[ch] = inside.get(ch, 0) + value
    return {ch: round(single.get(ch, 0) / (single.get(ch, 0) + inside.get(ch, 0) + 1), 4) for ch in sorted(wanted)}


def covered(text: str) -> list[bool]:
    """For each character: does a word of the word list span it?"""
    words = word_list()
    longest = load_rules()["garble"]["max_word"]
    out = [False] * len(text)
    for i in range(len(text)):
        for length in range(2, longest + 1):
            if i + length <= len(text) and text[i:i + length] in words:
                for k in range(i, i + length):
                    out[k] = True
    return out


def char_stats(texts: Iterable[str]) -> CharStats:
    """Per Chinese character: occurrences and occurrences outside any word, over some texts."""
    seen: dict[str, list[int]] = {}
    for text in texts:
        for ch, inside in zip(text, covered(text), strict=True):
            if HAN.match(ch):
                counts = seen.setdefault(ch, [0, 0])
                counts[0] += 1
                counts[1] += 0 if inside else 1
    return {ch: (n, free) for ch, (n, free) in seen.items()}


@lru_cache(maxsize=1)
def _bundled() -> dict:
    return json.loads((files("regkg.loaders.lint") / "charstats.json").read_text(encoding="utf-8"))


def bundled_stats() -> CharStats:
    """The reference statistics shipped with regkg (built from the bundled corpus)."""
    return {ch: (n, free) for ch, (n, free) in _bundled()["chars"].items()}


def bundled_freeness() -> dict[str, float]:
    """Each corpus character's freeness in the word list (see freeness_of), shipped in charstats.json."""
    return _bundled()["freeness"]


def _bound(ch: str, stats: CharStats) -> bool:
    params = load_rules()["garble"]
    n, free = stats.get(ch, (0, 0))
    return n >= params["min_seen"] and free <= params["max_free_rate"] * n


def _clauses(text: str) -> list[tuple[int, int]]:
    spans, begin = [], 0
    for i, ch in enumerate(text):
        if ch in CLAUSE_BREAKS:
            if i > begin:
                spans.append((begin, i))
            begin = i + 1
    if begin < len(text):
        spans.append((begin, len(text)))
    return spans


def check_garble(doc: Document, locator: Locator, stats: CharStats | None = None) -> list[Finding]:
    """garble.split-word, garble.repeated-word and garble.orphan-char over the text's paragraphs and items."""
    stats = stats if stats is not None else bundled_stats()
    params = load_rules()["garble"]
    words, freeness = word_list(), bundled_freeness()
    out: list[Finding] = []
    for unit in doc.nodes():
        if unit.kind not in ("paragraph", "item", "subitem"):
            continue
        own = unit.text[: unit.children[0].start - unit.start] if unit.children else unit.text
        cover = covered(own)
        for begin, end in _clauses(own):
            loose = [i for i in range(begin, end) if HAN.match(own[i]) and not cover[i] and _bound(own[i], stats)
                     and begin < i < end - 1 and HAN.match(own[i - 1]) and HAN.match(own[i + 1])]
            split: set[int] = set()
            for a_index, i in enumerate(loose):
                for j in loose[a_index + 1:]:
                    word = own[i] + own[j]
                    if j - i >= 2 and own[i] != own[j] and int(words.get(word, 0)) >= params["min_split_word_freq"]:
                        split.update((i, j))
                        out.append(locator.finding(
                            "garble.split-word", f"「{own[i]}」 and 「{own[j]}」 stand outside any word here but "
                            f"make the word 「{word}」 together: split and scattered? "
                            f"「{own[max(begin, i - 6):min(end, j + 7)]}」",
                            unit.start + i, unit.start + j + 1))
            for i in loose:
                if i not in split and freeness.get(own[i], 0.0) <= params["max_orphan_freeness"]:
                    out.append(locator.finding(
                        "garble.orphan-char", f"「{own[i]}」 stands outside any word (it almost always sits inside "
                        f"one): 「{own[max(begin, i - 6):min(end, i + 7)]}」", unit.start + i, unit.start + i + 1))
            out += _repeats(own[begin:end], unit.start + begin, words, freeness, locator, doc.source)
    return out


def _repeats(clause: str, offset: int, words: dict[str, str], freeness: dict[str, float],
             locator: Locator, source: str) -> list[Finding]:
    """One word twice within repeat_max_gap characters of one clause (数字化全民建设体系建设)."""
    params = load_rules()["garble"]
    allowed = set(params["repeat_allowed"])
    longest = load_rules()["garble"]["max_word"]
    out = []
    reported: set[int] = set()
    for length in range(longest, params["repeat_min_len"] - 1, -1):
        for i in range(len(clause) - length + 1):
            word = clause[i:i + length]
            if word not in words or word in allowed or not all(HAN.match(c) and c not in NUMERALS for c in word):
                continue
            for k in range(i + length, min(len(clause) - length, i + length + params["repeat_max_gap"]) + 1):
                gap = clause[i + length:k]
                if any(sep in gap for sep in params["repeat_separators"]) or any(
                        freeness.get(ch, 0.0) >= params["repeat_free_gap"] for ch in gap):
                    break
                if clause[k:k + length] != word or reported & set(range(i, k + length)):
                    continue
                if gap and (word + gap in words or gap + word in words):
                    continue  # one occurrence is inside a compound of the word list (信息系统信息, 中心分中心)
                if gap and source.count(word + gap) >= params["repeat_term_count"] and \
                        source.count(gap + word) >= params["repeat_term_count"]:
                    continue  # both joins are this text's own terms (个人信息处理者处理…)
                reported.update(range(i, k + length))
                out.append(locator.finding(
                    "garble.repeated-word", f"「{word}」 twice within {k - i - length} character(s): "
                    f"「{clause[max(0, i - 4):k + length + 4]}」", offset + i, offset + k + length))
    return out
