"""Regression tests for issue 9's input defects (7, 11, 12): each failed (traceback, hang, garbage) before the fix."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from regkg.errors import InputError, ParseError, QueryError, WriteRefusedError
from regkg.graph.cypher_guard import check_parameters, check_read_only
from regkg.loaders.parse import parse_file, parse_text
from regkg.loaders.source import read_source
from tests.conftest import DRAFT
from tests.store_fixtures import REGKG, cli_env

SOURCE = DRAFT.read_bytes()


def regkg(home: Path, *args: str, timeout: float = 30, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run([REGKG, *args], capture_output=True, text=True, timeout=timeout, check=False,
                          env=cli_env(home, **env))


# -- defect 7: no input size limit, /dev/zero eats memory, a FIFO blocks forever ----------------------
def test_dev_zero_is_refused_at_once(tmp_path: Path) -> None:
    done = regkg(tmp_path, "parse", "/dev/zero", timeout=20)
    assert done.returncode == 2 and "not a regular file (a character device)" in done.stderr


def test_a_fifo_is_refused_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    done = regkg(tmp_path, "duties", str(fifo), timeout=20)
    assert done.returncode == 2 and "not a regular file (a FIFO)" in done.stderr


def test_the_size_limit_is_checked_before_reading(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    with big.open("wb") as handle:
        handle.truncate(5 * 1024 * 1024)  # sparse: 5 MiB of NUL, never read
    with pytest.raises(InputError, match=r"5,242,880 bytes is larger than the input limit of 4,194,304"):
        read_source(big)
    done = regkg(tmp_path, "parse", str(DRAFT), REGKG_MAX_INPUT_BYTES="1000")
    assert done.returncode == 2 and "larger than the input limit of 1,000 bytes" in done.stderr
    assert read_source(DRAFT, max_bytes=len(SOURCE)).text


# -- defect 11: mixed encodings accepted as garbage; a cut UTF-8 file misreported ---------------------
def test_utf16_bom_then_utf8_is_refused(tmp_path: Path) -> None:
    half = len(SOURCE) // 2
    tail = SOURCE[half:] + (b"\n" if len(SOURCE[half:]) % 2 else b"")
    for data in (b"\xff\xfe" + SOURCE[:half].decode().encode("utf-16-le") + tail,
                 b"\xff\xfe" + SOURCE[:half].decode().encode("utf-16-le") + SOURCE[half:] + b"\n\n"):
        path = tmp_path / "mixed.txt"
        path.write_bytes(data)
        with pytest.raises(InputError, match="mixed encodings"):
            parse_file(path)


def test_utf8_then_gbk_is_refused_naming_the_line(tmp_path: Path) -> None:
    half = len(SOURCE) // 2
    path = tmp_path / "mixed.txt"
    path.write_bytes(SOURCE[:half] + SOURCE[half:].decode().encode("gb18030"))
    with pytest.raises(InputError, match=r"UTF-8 up to byte offset \d+, line \d+.*mixed encodings"):
        parse_file(path)


def test_utf8_cut_mid_character_says_truncated(tmp_path: Path) -> None:
    path = tmp_path / "cut.txt"
    path.write_bytes(SOURCE + "数据".encode()[:4])
    with pytest.raises(InputError, match=r"cut in the middle of a character.*truncated"):
        parse_file(path)


def test_every_corpus_text_still_reads(corpus_docs: dict) -> None:
    assert len(corpus_docs) >= 3


# -- defect 12: a BOM skipped the NUL check; tracebacks for odd parameters and ids ---------------------
@pytest.mark.parametrize("bom", [b"\xef\xbb\xbf", b""])
def test_nul_after_a_bom_is_refused(tmp_path: Path, bom: bytes) -> None:
    path = tmp_path / "nul.txt"
    cut = SOURCE.index(b"\n", 300)
    path.write_bytes(bom + SOURCE[:cut] + b"\x00" + SOURCE[cut:])
    with pytest.raises(InputError, match="NUL"):
        parse_file(path)


@pytest.mark.parametrize(("param", "message"), [
    ('m={"a`b":1}', "contains a backtick"), ('x={"":1}', "map key is empty"),
    ('x="\\ud800"', "lone surrogate"), ('x=[{"":1}]', "map key is empty"),
])
def test_odd_parameters_are_clear_errors(tmp_path: Path, param: str, message: str) -> None:
    done = regkg(tmp_path, "cypher", "-p", param, "RETURN 1 AS x")
    assert done.returncode == 2 and message in done.stderr and "Traceback" not in done.stderr


def test_parameter_checks_in_process() -> None:
    check_parameters({"ok": {"a": [1, "二", {"b": None}]}})
    with pytest.raises(QueryError):
        check_parameters({"x": {"": 1}})
    with pytest.raises(WriteRefusedError):
        check_read_only("RETURN '\udcff' AS x")


def test_an_undecodable_regulation_id_is_a_clear_error(tmp_path: Path) -> None:
    done = subprocess.run([REGKG, "load", "--id", os.fsdecode(b"\xff"), str(DRAFT)], capture_output=True,
                          timeout=60, check=False, env=cli_env(tmp_path))
    assert done.returncode == 2 and b"invalid regulation id" in done.stderr and b"Traceback" not in done.stderr
    with pytest.raises(InputError, match="invalid regulation id"):
        parse_text("第一条 甲应当做。", regulation_id="a:b")


def test_a_malformed_numeral_exits_2_without_traceback(tmp_path: Path) -> None:
    path = tmp_path / "n.txt"
    path.write_text("第一章 总则\n第一条 甲应当做。\n第十十条 乙应当做。\n", encoding="utf-8")
    done = regkg(tmp_path, "parse", str(path))
    assert done.returncode == 2 and f"{path}:3: malformed numeral 十十" in done.stderr


def test_parse_errors_name_the_line() -> None:
    with pytest.raises(ParseError) as error:
        parse_text("第一条 甲。\n第三条 乙。\n")
    assert error.value.details["line"] == 2


# -- defect 7: cost grew with the square of a sentence's length ------------------------------------------
def _repeated(clauses: int) -> str:
    return "第一条 " + "市人民政府应当加强数据中心建设，" * clauses + "。\n"


def test_a_long_sentence_of_duties_gives_output_linear_in_its_length() -> None:
    from regkg.loaders.pipeline import extract_facts

    sizes = {}
    for clauses in (50, 400):
        facts = extract_facts(parse_text(_repeated(clauses)))
        assert len(facts.duties) == clauses
        sizes[clauses] = (sum(len(d.text) for d in facts.duties), sum(len(d.concepts) for d in facts.duties))
        assert all(d.text.rstrip("，") == "市人民政府应当加强数据中心建设" for d in facts.duties)
    # each duty holds its own clause only: 8x the clauses is 8x the text and concept links (was 64x)
    assert sizes[400][0] - 1 == 8 * (sizes[50][0] - 1) and sizes[400][1] == 8 * sizes[50][1]


def test_a_duty_ends_where_the_next_duty_of_its_sentence_begins() -> None:
    from regkg.loaders.pipeline import extract_facts

    facts = extract_facts(parse_text("第一条 市大数据中心应当建设数据中心，区人民政府应当配合。\n"))
    assert [d.text for d in facts.duties] == ["市大数据中心应当建设数据中心", "区人民政府应当配合"]
