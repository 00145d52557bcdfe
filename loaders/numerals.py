"""Chinese numerals both ways, through cn2an, with the narrow forms regulations use."""

from __future__ import annotations

import cn2an

CN_DIGITS = "零〇一二两三四五六七八九十百千"


def to_int(numeral: str) -> int:
    """第六十 → 60; accepts Arabic digits too; ValueError if not a numeral."""
    numeral = numeral.strip()
    if numeral.isdigit():
        return int(numeral)
    return int(cn2an.cn2an(numeral, "smart"))


def to_cn(number: int) -> str:
    """60 → 六十 (the form used in labels such as 第六十条)."""
    return cn2an.an2cn(number, "low")
