"""CLI start-up benchmark: `regkg --help` and an answer from a file against `python -c pass`, in one run.

Budgets (issue 9): `regkg duties FILE --concept 数据中心 --json` ≤ 15× and `regkg --help` ≤ 5× the
interpreter's own start-up. The commands run interleaved, `rounds` times each, and the median counts (the
machine is shared, so one slow round must not decide). Also: 100 separate `regkg parse` runs vs one process
parsing the 100 files (start-up cost multiplied). Run: `python tests/benchmarks/startup.py [rounds]`.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PYTHON = sys.executable
REGKG = str(Path(PYTHON).with_name("regkg"))
DRAFT = str(ROOT / "corpus" / "guangzhou_digital_economy_draft.txt")
COMMANDS = {
    "python -c pass": [PYTHON, "-c", "pass"],
    "regkg --help": [REGKG, "--help"],
    "regkg duties FILE --concept 数据中心 --json": [REGKG, "duties", DRAFT, "--concept", "数据中心", "--json"],
    "regkg parse FILE --json": [REGKG, "parse", DRAFT, "--json"],
}


def run(argv: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run(argv, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT)
    return time.perf_counter() - started


FIRST_ANSWER = "the same, a file never answered before"


def measure(rounds: int = 15) -> dict[str, float]:
    """Median wall seconds of each command; one warm-up round first (fills the start-up cache).

    Also the first answer from a file the cache has not seen (a fresh copy of the draft each round:
    parse, extract and build run; the taxonomy comes from the cache)."""
    import shutil
    import tempfile

    for argv in COMMANDS.values():
        run(argv)
    times: dict[str, list[float]] = {name: [] for name in [*COMMANDS, FIRST_ANSWER]}
    with tempfile.TemporaryDirectory() as scratch:
        for index in range(rounds):
            for name, argv in COMMANDS.items():
                times[name].append(run(argv))
            fresh = shutil.copy(DRAFT, Path(scratch) / f"unseen{index}_{time.time_ns()}.txt")
            times[FIRST_ANSWER].append(run([REGKG, "duties", fresh, "--concept", "数据中心", "--json"]))
    return {name: statistics.median(values) for name, values in times.items()}


def many_files(count: int = 100) -> tuple[float, float]:
    """Seconds for `count` separate `regkg parse` runs and for one process parsing the same files."""
    separate = sum(run([REGKG, "parse", DRAFT]) for _ in range(count))
    code = ("from regkg.loaders.parse import parse_file\n"
            f"for _ in range({count}): parse_file({DRAFT!r})")
    together = run([PYTHON, "-c", code])
    return separate, together


def report(medians: dict[str, float]) -> str:
    base = medians["python -c pass"]
    lines = [f"{'command':48} {'median ms':>10} {'× python':>9}"]
    for name, seconds in medians.items():
        lines.append(f"{name:48} {seconds * 1000:10.1f} {seconds / base:9.1f}")
    return "\n".join(lines)


if __name__ == "__main__":
    medians = measure(int(sys.argv[1]) if len(sys.argv) > 1 else 15)
    print(report(medians))
    separate, together = many_files()
    print(f"100 × `regkg parse FILE`: {separate:.1f} s; one process parsing 100 files: {together:.1f} s "
          f"({separate / together:.1f}×)")
