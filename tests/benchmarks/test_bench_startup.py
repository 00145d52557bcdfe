"""Budgets (issue 9): `regkg duties FILE --concept 数据中心 --json` ≤ 15×, `regkg --help` ≤ 5× `python -c pass`."""

from __future__ import annotations

from tests.benchmarks.startup import measure, report


def test_bench_cli_start_up(benchmark):
    medians = benchmark.pedantic(measure, kwargs={"rounds": 11}, rounds=1, iterations=1)
    print("\n" + report(medians))
    base = medians["python -c pass"]
    assert medians["regkg --help"] <= 5 * base
    assert medians["regkg duties FILE --concept 数据中心 --json"] <= 15 * base
