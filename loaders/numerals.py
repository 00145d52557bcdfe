"""Chinese numerals both ways, strictly: the forms regulations number their parts with, anything else refused.

Written here rather than through cn2an: cn2an accepts malformed numerals or fails with a bare ValueError
(第十十条, 第百章), misreads others (第一万条 as 9999) and costs 70 ms of imports on every start.
"""

from __future__ import annotations

CN_DIGITS = "零〇一二两三四五六七八九十百千万"
MAX_NUMBER = 99_999  # no regulation numbers a part past this; bigger "numbers" are noise, not structure

_DIGIT = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_UNIT = {"十": 10, "百": 100, "千": 1000}
_CN = "零一二三四五六七八九"


class NumeralError(ValueError):
    """A numeral that is malformed or out of range; the message says why."""


def to_int(numeral: str) -> int:
    """第六十 → 60, 一万 → 10000, 二〇二三 → 2023; Arabic digits too; NumeralError when malformed or > MAX_NUMBER."""
    text = numeral.strip()
    if not text:
        raise NumeralError("empty numeral")
    if text.isdecimal():
        if len(text) > len(str(MAX_NUMBER)):
            raise NumeralError(f"number {text[:20]} is too large (at most {MAX_NUMBER:,})")
        value = int(text)
    elif all(ch in _DIGIT for ch in text):
        value = _digit_string(text)
    else:
        value = _with_units(text)
    if value > MAX_NUMBER:
        raise NumeralError(f"number {numeral} = {value:,} is too large (at most {MAX_NUMBER:,})")
    return value


def _digit_string(text: str) -> int:
    """一 → 1, 二〇二三 → 2023 (digit by digit with 〇, as years are written); 一二 is refused."""
    if len(text) > len(str(MAX_NUMBER)):
        raise NumeralError(f"number {text[:20]} is too large (at most {MAX_NUMBER:,})")
    if len(text) > 1 and ("〇" not in text or _DIGIT[text[0]] == 0):
        raise NumeralError(f"malformed numeral {text}: digits without units (write 十, 百 …)")
    return int("".join(str(_DIGIT[ch]) for ch in text))


def _with_units(text: str) -> int:
    """十二, 一百零五, 三千二百, 一万零三 — units in falling order, 零 only before a digit, 十 alone only as 十X."""
    total = 0
    section = 0
    last_unit = 10_000
    digit: int | None = None
    after_zero = False
    for index, ch in enumerate(text):
        if ch in _DIGIT:
            if digit is not None:
                raise NumeralError(f"malformed numeral {text}: two digits in a row")
            if _DIGIT[ch] == 0:
                if index == 0 or index == len(text) - 1 or after_zero:
                    raise NumeralError(f"malformed numeral {text}: misplaced 零")
                after_zero = True
                continue
            digit = _DIGIT[ch]
        elif ch in _UNIT:
            unit = _UNIT[ch]
            if unit >= last_unit:
                raise NumeralError(f"malformed numeral {text}: {ch} after a unit that is not larger")
            if digit is None:
                if unit != 10 or after_zero:
                    raise NumeralError(f"malformed numeral {text}: {ch} needs a digit before it")
                digit = 1
            section += digit * unit
            last_unit = unit
            digit = None
            after_zero = False
        elif ch == "万":
            if total or (section == 0 and digit is None):
                raise NumeralError(f"malformed numeral {text}: misplaced 万")
            total = (section + (digit or 0)) * 10_000
            section, last_unit, digit, after_zero = 0, 10_000, None, False
        else:
            raise NumeralError(f"malformed numeral {text}: {ch!r} is not a Chinese digit")
    if digit is not None:
        if last_unit != 10 and not after_zero:
            raise NumeralError(f"malformed numeral {text}: ambiguous trailing digit (write 零 before it)")
        section += digit
    return total + section


def to_cn(number: int) -> str:
    """60 → 六十, 110 → 一百一十, 10000 → 一万 (the form used in labels such as 第六十条)."""
    if number < 0:
        raise NumeralError(f"negative number {number}")
    if number == 0:
        return "零"
    if number >= 10_000:
        high, low = divmod(number, 10_000)
        rest = "" if low == 0 else ("零" if low < 1000 else "") + _below_10000(low, leading=False)
        return to_cn(high) + "万" + rest
    return _below_10000(number, leading=True)


def _below_10000(number: int, *, leading: bool) -> str:
    if leading and 10 <= number < 20:
        return "十" + (_CN[number - 10] if number > 10 else "")
    out = []
    zero = False
    for unit, name in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        d, number = divmod(number, unit)
        if d:
            if zero and out:
                out.append("零")
            out.append(_CN[d] + name)
            zero = False
        else:
            zero = True
    return "".join(out)
