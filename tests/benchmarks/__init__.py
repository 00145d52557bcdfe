"""Benchmarks (pytest-benchmark): skipped in the normal run, `make bench` runs them."""
