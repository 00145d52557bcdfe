"""A modified copy of the Guangzhou draft for the diff tests: one article moved, one bearer and one modality changed."""

from __future__ import annotations

from pathlib import Path

from regkg.loaders.numerals import to_cn

DRAFT = Path(__file__).resolve().parent.parent / "corpus" / "guangzhou_digital_economy_draft.txt"
BEARER_FROM = "第六十条  市工业和信息化主管部门应当会同"
BEARER_TO = "第六十条  市科技主管部门应当会同"
MODALITY_FROM = "第二十五条  市、区人民政府及工业和信息化主管部门应当推动工业互联网基础设施建设"
MODALITY_TO = "第二十五条  市、区人民政府及工业和信息化主管部门可以推动工业互联网基础设施建设"


def move_article(text: str, number: int, after: int) -> str:
    """Move article `number` to just after article `after` (same chapter), renumbering the articles between."""
    lines = text.split("\n")

    def index(n: int) -> int:
        return next(i for i, line in enumerate(lines) if line.lstrip().startswith(f"第{to_cn(n)}条"))

    start, stop, end = index(number), index(number + 1), index(after + 1)
    moved, between = lines[start:stop], lines[stop:end]
    order = [*list(range(number + 1, after + 1)), number]
    out, blocks = lines[:start], []
    for n in order:
        blocks.append(moved if n == number else lines[index(n):index(n + 1)])
    assert sum(len(b) for b in blocks) == len(moved) + len(between)
    for new_number, (old_number, block) in enumerate(zip(order, blocks, strict=True), start=number):
        head = block[0].replace(f"第{to_cn(old_number)}条", f"第{to_cn(new_number)}条", 1)
        out += [head, *block[1:]]
    return "\n".join(out + lines[end:])


def modified_draft(tmp_path: Path) -> Path:
    """Write the modified copy: article 26 moved after article 29, 60's bearer and 25's modality changed."""
    text = DRAFT.read_text(encoding="utf-8")
    assert BEARER_FROM in text and MODALITY_FROM in text
    text = text.replace(BEARER_FROM, BEARER_TO).replace(MODALITY_FROM, MODALITY_TO)
    text = move_article(text, 26, 29)
    path = tmp_path / "guangzhou_digital_economy_draft.txt"
    path.write_text(text, encoding="utf-8")
    return path
