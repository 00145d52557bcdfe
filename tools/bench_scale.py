"""Scale benchmark of the embedded store (issue 9): 1, 10, 100 and 1,000 regulations side by side.

Copies of the bundled corpus are loaded under distinct ids (`copy0007_<file>`); after each size is
reached it reports the per-load time (a probe regulation, the Guangzhou draft, replaced 5 times), the
total load time so far, the engine's memory, and p50/p99 of the named questions (restricted to one
regulation, and the cross-regulation ones). Not part of the test run: `python tools/bench_scale.py
[--sizes 1,10,100,1000] [--rounds 30] [--markdown]`; it starts its own engine in a temporary REGKG_HOME.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import networkx as nx

from regkg.graph import queries
from regkg.graph.build import build_graph
from regkg.graph.store.embedded import EmbeddedStore
from regkg.graph.store.falkordb_server import FalkorDBServer
from regkg.loaders.parse import parse_file
from regkg.loaders.pipeline import extract_facts
from regkg.loaders.taxonomy import load_taxonomy
from regkg.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
CORPUS = sorted((ROOT / "corpus").glob("*.txt"))
DRAFT = ROOT / "corpus" / "guangzhou_digital_economy_draft.txt"
TEMPLATE = "tmplregulation"
PROBE = "probe_draft"


def template_graphs() -> list[nx.MultiDiGraph]:
    """Each corpus file parsed, extracted and built once, under a placeholder id to be renamed per copy."""
    taxonomy = load_taxonomy().concepts
    graphs = []
    for index, path in enumerate(CORPUS):
        doc = parse_file(path, f"{TEMPLATE}{index:02d}")
        graphs.append(build_graph(doc, extract_facts(doc), taxonomy))
    return graphs


def copy_as(G: nx.MultiDiGraph, old: str, new: str) -> nx.MultiDiGraph:
    """The same regulation graph under another id (node ids and regulationId renamed)."""
    mapping = {node: new + node[len(old):] for node in G if isinstance(node, str) and node.startswith(old)}
    H = nx.relabel_nodes(G, mapping, copy=True)
    for _node, data in H.nodes(data=True):
        if data.get("regulationId") == old:
            data["regulationId"] = new
    return H


def timed(fn: Callable[[], object], rounds: int) -> tuple[float, float]:
    """p50 and p99 (ms) of `rounds` runs after one warm-up."""
    fn()
    samples = []
    for _ in range(rounds):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    samples.sort()
    return statistics.median(samples), samples[min(len(samples) - 1, round(0.99 * (len(samples) - 1)))]


def questions(store: EmbeddedStore, regulation: str) -> dict[str, Callable[[], object]]:
    """The named questions: restricted to one regulation, then across every regulation."""
    taxonomy = load_taxonomy()
    data_centre = [taxonomy.resolve("数据中心").id]
    broadest = [taxonomy.resolve("数据").id]
    busiest = queries.actors(store, regulation=regulation)[0]["name"]
    return {
        "data-centre duties, one regulation": lambda: queries.duties(store, concept_ids=data_centre,
                                                                      regulation=regulation),
        "100 duties under 数据, one regulation": lambda: queries.duties(store, concept_ids=broadest,
                                                                        regulation=regulation, limit=100),
        "busiest actor's duties at 市, one regulation": lambda: queries.duties(store, actor=busiest, level="市",
                                                                             regulation=regulation),
        "article 60, one regulation": lambda: queries.duties(store, article=60, regulation=regulation),
        "actors of one regulation": lambda: queries.actors(store, regulation=regulation),
        "concepts of one regulation": lambda: queries.concepts(store, regulation=regulation),
        "data-centre duties, all regulations (first 100)": lambda: queries.duties(store, concept_ids=data_centre,
                                                                                  limit=100),
        "100 duties under 数据, all regulations": lambda: queries.duties(store, concept_ids=broadest, limit=100),
        "busiest actor's duties, all regulations (first 100)": lambda: queries.duties(store, actor=busiest,
                                                                                       limit=100),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1,10,100,1000")
    parser.add_argument("--rounds", type=int, default=30)
    parser.add_argument("--markdown", action="store_true", help="print the README tables")
    args = parser.parse_args()
    sizes = [int(size) for size in args.sizes.split(",")]
    home = Path(tempfile.mkdtemp(prefix="regkg-scale-"))
    store = EmbeddedStore(Settings(home=home, neo4j_uri=None))
    server = FalkorDBServer(home)
    templates = template_graphs()
    probe = copy_as(parse_and_build(DRAFT), TEMPLATE + "probe", PROBE)
    rows, question_rows = [], []
    try:
        store.read("RETURN 1 AS ok")
        empty = probe_load(store, probe)
        print(f"per-load into an empty store (draft, median of 5): {empty:.1f} ms", file=sys.stderr)
        loaded, load_seconds, load_times = 0, 0.0, []
        for size in sizes:
            while loaded < size:
                index = loaded % len(templates)
                copy = copy_as(templates[index], f"{TEMPLATE}{index:02d}", f"copy{loaded:04d}_{index:02d}")
                start = time.perf_counter()
                store.load_regulation(copy, f"copy{loaded:04d}_{index:02d}")
                elapsed = time.perf_counter() - start
                load_seconds += elapsed
                load_times.append(elapsed)
                loaded += 1
            per_load = probe_load(store, probe)
            with server.client() as conn:
                memory = int(conn.info("memory")["used_memory"])
            recent = load_times[-min(len(load_times), 50):]
            rows.append((size, per_load, statistics.median(recent) * 1000, load_seconds, memory / 2**20))
            print(f"{size} regulations: probe load {per_load:.1f} ms, recent loads "
                  f"{statistics.median(recent) * 1000:.1f} ms, total {load_seconds:.1f} s, "
                  f"memory {memory / 2**20:.0f} MiB", file=sys.stderr)
            for name, ask in questions(store, PROBE).items():
                p50, p99 = timed(ask, args.rounds)
                question_rows.append((size, name, p50, p99))
                print(f"  {name}: p50 {p50:.1f} ms, p99 {p99:.1f} ms", file=sys.stderr)
        if args.markdown:
            print_tables(empty, rows, question_rows, sizes)
    finally:
        store.close()
        server.stop()
        shutil.rmtree(home, ignore_errors=True)
    return 0


def parse_and_build(path: Path) -> nx.MultiDiGraph:
    doc = parse_file(path, TEMPLATE + "probe")
    return build_graph(doc, extract_facts(doc), load_taxonomy().concepts)


def probe_load(store: EmbeddedStore, probe: nx.MultiDiGraph) -> float:
    """Median ms of 5 replaces of the probe regulation."""
    samples = []
    for _ in range(5):
        start = time.perf_counter()
        store.load_regulation(probe, PROBE)
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def print_tables(empty: float, rows: list, question_rows: list, sizes: list[int]) -> None:
    print(f"Per-load into an empty store (the draft, median of 5): **{empty:.0f} ms**.\n")
    print("| regulations stored | per-load (draft replaced, median of 5) | ratio to empty | median load, last 50 "
          "| total load time | engine memory |")
    print("|---|---|---|---|---|---|")
    for size, per_load, recent, total, memory in rows:
        print(f"| {size:,} | {per_load:.0f} ms | {per_load / empty:.2f}× | {recent:.0f} ms | {total:.1f} s "
              f"| {memory:.0f} MiB |")
    print()
    names = list(dict.fromkeys(name for _size, name, _p50, _p99 in question_rows))
    print("| question (p50 / p99 ms) | " + " | ".join(f"{size:,} regs" for size in sizes) + " |")
    print("|---|" + "---|" * len(sizes))
    table = {(size, name): (p50, p99) for size, name, p50, p99 in question_rows}
    for name in names:
        cells = [f"{table[size, name][0]:.1f} / {table[size, name][1]:.1f}" for size in sizes]
        print(f"| {name} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    sys.exit(main())
