"""Defect 6: malformed heading numerals are a ParseError naming the line, 第一万条 is article 10000, not 9999."""

from __future__ import annotations

import pytest

from regkg.errors import ParseError
from regkg.loaders.numerals import MAX_NUMBER, NumeralError, to_cn, to_int
from regkg.loaders.parse import parse_text


@pytest.mark.parametrize(("numeral", "value"), [
    ("一", 1), ("十", 10), ("十二", 12), ("二十", 20), ("一百一十", 110), ("一百十", 110), ("一百零五", 105),
    ("两百", 200), ("三千零五", 3005), ("一万", 10_000), ("一万零三", 10_003), ("二〇二三", 2023), ("60", 60),
    ("１２", 12),
])
def test_well_formed_numerals(numeral: str, value: int) -> None:
    assert to_int(numeral) == value


@pytest.mark.parametrize("numeral", ["十十", "百", "十百", "万", "一百五", "一二", "零", "十万", "九万九千九百九十九九",
                                     "12345678901234567", "一万三", "千", "零零一", "十零"])
def test_malformed_or_huge_numerals_are_refused(numeral: str) -> None:
    if numeral == "零":
        assert to_int(numeral) == 0
        return
    with pytest.raises(NumeralError):
        to_int(numeral)


def test_both_directions_agree_with_each_other_and_with_cn2an() -> None:
    cn2an = pytest.importorskip("cn2an")
    for number in range(0, MAX_NUMBER + 1, 7):
        assert to_int(to_cn(number)) == number
        assert to_cn(number) == cn2an.an2cn(number, "low")


@pytest.mark.parametrize(("line", "needle"), [
    ("第十十条 甲应当做。", "十十"), ("第百章 附则", "百"), ("（十百）乙", "十百"),
    ("第12345678901234567条 甲应当做。", "too large"),
])
def test_a_malformed_heading_is_a_parse_error_naming_the_line(line: str, needle: str) -> None:
    text = "第一章 总则\n第一条 甲应当做下列事项：\n" + line + "\n"
    with pytest.raises(ParseError) as error:
        parse_text(text, path="x.txt")
    assert error.value.details["line"] == 3 and needle in str(error.value)


def test_article_ten_thousand_is_read_as_ten_thousand() -> None:
    text = "".join(f"第{to_cn(n)}条 甲应当做第{n}件事。\n" for n in range(1, 10_001))
    doc = parse_text(text)
    articles = list(doc.nodes("article"))
    assert len(articles) == 10_000
    assert articles[-1].number == 10_000 and articles[-1].label == "第一万条"
