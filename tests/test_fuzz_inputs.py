"""Property-based fuzzing of the input side: parser, extractor, decoder and the Cypher guard.

Arbitrary text and bytes, and real regulations from corpus/ mutated at random, either parse (and then
extract, with every node's offsets citing the source exactly) or fail with the typed error — never another
exception, never a hang (an alarm bounds every example). Derandomized, so CI runs the same examples each time.
"""

from __future__ import annotations

import signal
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from regkg.errors import InputError, WriteRefusedError
from regkg.graph.cypher_guard import check_read_only
from regkg.loaders.parse import parse_bytes, parse_text
from regkg.loaders.pipeline import extract_facts

CORPUS = sorted((Path(__file__).resolve().parent.parent / "corpus").glob("*.txt"))
TEXTS = [path.read_text(encoding="utf-8") for path in CORPUS]
STRUCTURE = ("第 条 章 节 一 二 十 百 千 万 零 〇 （ ） ( ) 。 ， ； ： "
             "应当 不得 可以 鼓励 由 负责 会同 市人民政府 数据中心 的， 之一 编 目录 附件")
ODD = ["1.", "**", "## ", "17", "\n", "\r\n", " ", "\u3000", "\ufeff", "\x00", "\ud7a3", "\ue000", "9" * 17]
PIECES = [*STRUCTURE.split(" "), *ODD]
FUZZ = settings(max_examples=100, deadline=None, derandomize=True, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
PER_EXAMPLE_S = 20


@contextmanager
def time_limit(seconds: int) -> Iterator[None]:
    """Fail the example (instead of hanging the suite) if it runs longer than `seconds`."""
    def expired(signum: int, frame: object) -> None:
        raise TimeoutError(f"example ran longer than {seconds} s")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def parse_and_extract(text: str) -> None:
    """Parse; if the text is a regulation, extract and check every node cites the source exactly."""
    with time_limit(PER_EXAMPLE_S):
        try:
            doc = parse_text(text, "fuzz")
        except InputError:
            return
        for node in doc.root.walk():
            assert doc.source[node.start:node.end] == node.text
        facts = extract_facts(doc)
        for duty in facts.duties:
            assert doc.source[duty.start:duty.end] == duty.text


@st.composite
def mutated_regulation(draw: st.DrawFn) -> str:
    """A slice of a real regulation with a few insertions, deletions and replacements of structural pieces."""
    text = draw(st.sampled_from(TEXTS))
    start = draw(st.integers(0, max(0, len(text) - 3000)))
    text = text[start:start + draw(st.integers(200, 3000))]
    if draw(st.booleans()):
        text = "第一条 " + text
    for _ in range(draw(st.integers(1, 8))):
        at = draw(st.integers(0, len(text)))
        action = draw(st.sampled_from(["insert", "delete", "replace"]))
        piece = draw(st.sampled_from(PIECES) | st.text(max_size=4))
        if action == "insert":
            text = text[:at] + piece + text[at:]
        elif action == "delete":
            text = text[:at] + text[at + draw(st.integers(1, 40)):]
        else:
            text = text[:at] + piece + text[at + len(piece):]
    return text


@FUZZ
@given(st.text(max_size=1500))
def test_arbitrary_text_parses_or_fails_typed(text: str) -> None:
    parse_and_extract(text)


@FUZZ
@given(st.lists(st.sampled_from(PIECES) | st.text(max_size=6), max_size=80).map("".join))
def test_structure_soup_parses_or_fails_typed(text: str) -> None:
    parse_and_extract(text)


@settings(FUZZ, max_examples=100)
@given(mutated_regulation())
def test_mutated_regulations_parse_or_fail_typed(text: str) -> None:
    parse_and_extract(text)


@FUZZ
@given(st.binary(max_size=800) | st.sampled_from(TEXTS).map(lambda t: t[:600].encode("utf-8"))
       .flatmap(lambda b: st.tuples(st.just(b), st.binary(max_size=20), st.integers(0, len(b))))
       .map(lambda t: t[0][:t[2]] + t[1] + t[0][t[2]:]))
def test_arbitrary_bytes_decode_or_fail_typed(data: bytes) -> None:
    with time_limit(PER_EXAMPLE_S), suppress(InputError):
        parse_bytes(data, "fuzz")


CYPHER_PIECES = ["MATCH", "(n)", "RETURN", "n", ".", "name", "CREATE", "SET", "'", '"', "`", "/*", "*/", "//", "\n",
                 "$p", "{", "}", "[", "]", "(", ")", ":", ",", "CALL", "db.labels()", "AS", "\\", "-", "NOT", ";", "é"]


@settings(FUZZ, max_examples=200)
@given(st.lists(st.sampled_from(CYPHER_PIECES) | st.text(max_size=3), max_size=40).map(" ".join))
def test_the_cypher_guard_answers_or_refuses_typed(query: str) -> None:
    with time_limit(5):
        try:
            check_read_only(query)
        except WriteRefusedError as refused:
            assert refused.details["clause"] and "line" in refused.details
