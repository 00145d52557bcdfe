"""Rebuild loaders/lint/charstats.json: per-character statistics of the bundled corpus for the garble check.

    python tools/build_lint_stats.py [corpus/*.txt]       (default: every corpus/*.txt)
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from regkg.loaders.lint.garble import char_stats, freeness_of
from regkg.loaders.parse import parse_file

ROOT = Path(__file__).resolve().parent.parent


def main(argv: list[str]) -> int:
    """Count each Chinese character's occurrences and occurrences outside any word over the texts."""
    paths = [Path(p) for p in argv] or sorted((ROOT / "corpus").glob("*.txt"))
    stats = char_stats(parse_file(p).source for p in paths)
    out = ROOT / "loaders" / "lint" / "charstats.json"
    data = {"about": "chars: per character [occurrences, occurrences outside any word of the word list]; freeness: "
                     "its frequency as a word / (that + its frequency inside words), from the word list",
            "texts": [p.name for p in paths],
            "chars": {ch: list(v) for ch, v in sorted(stats.items())},
            "freeness": freeness_of(stats)}
    out.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"{out}: {len(stats)} characters from {len(paths)} texts")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
