"""Scale benchmark of the embedded store (issue 9): 1, 10, 100 and 1,000 regulations side by side.

Copies of the bundled corpus are loaded under distinct ids (`copy0007_<file>`); after each size is
reached it reports the per-load time (a probe regulation, the Guangzhou draft, replaced 5 times), the
total load time so far, the engine's memory, and p50/p99 of the named questions (restricted to one
regulation, and the cross-regulation ones). Not part of the test run: `python tools/bench_scale.py
[--sizes 1,10,100,1000] [--rounds 100] [--markdown]`; it starts its own engine in a temporary REGKG_HOME.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import networkx as nx

from regkg import heap
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


def engine_cpu_ms(pid: int) -> float:
    """CPU time (user + system, ms) the engine process has used so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) * 1000 / os.sysconf("SC_CLK_TCK")


def timed(fn: Callable[[], object], rounds: int, pid: int) -> tuple[float, float, float]:
    """p50 and p99 wall ms of `rounds` runs after one warm-up, and the mean CPU ms (engine + this process) per run.

    The CPU figure does not depend on what else the machine runs; wall times on a shared 2-core machine do."""
    fn()
    samples = []
    cpu_start, engine_start = time.process_time(), engine_cpu_ms(pid)
    for _ in range(rounds):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    cpu = ((time.process_time() - cpu_start) * 1000 + engine_cpu_ms(pid) - engine_start) / rounds
    samples.sort()
    return statistics.median(samples), samples[min(len(samples) - 1, round(0.99 * (len(samples) - 1)))], cpu


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
    parser.add_argument("--rounds", type=int, default=100)
    parser.add_argument("--markdown", action="store_true", help="print the README tables")
    args = parser.parse_args()
    sizes = [int(size) for size in args.sizes.split(",")]
    home = Path(tempfile.mkdtemp(prefix="regkg-scale-"))
    store = EmbeddedStore(Settings(home=home, neo4j_uri=None))
    server = FalkorDBServer(home)
    templates = template_graphs()
    probe = copy_as(parse_and_build(DRAFT), TEMPLATE + "probe", PROBE)
    heap.settle()  # as the API does after start-up: the templates are not scanned by every full collection
    rows, question_rows = [], []
    try:
        store.read("RETURN 1 AS ok")
        empty, empty_cpu = probe_load(store, probe)
        print(f"per-load into an empty store (draft, median of 5): {empty:.1f} ms, cpu {empty_cpu:.1f} ms",
              file=sys.stderr)
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
            per_load, per_load_cpu = probe_load(store, probe)
            with server.client() as conn:
                memory = int(conn.info("memory")["used_memory"])
            recent = load_times[-min(len(load_times), 50):]
            rows.append((size, per_load, per_load_cpu, statistics.median(recent) * 1000, load_seconds, memory / 2**20))
            print(f"{size} regulations: probe load {per_load:.1f} ms (cpu {per_load_cpu:.1f} ms), recent loads "
                  f"{statistics.median(recent) * 1000:.1f} ms, total {load_seconds:.1f} s, "
                  f"memory {memory / 2**20:.0f} MiB", file=sys.stderr)
            pid = server.pid() or 0
            for name, ask in questions(store, PROBE).items():
                p50, p99, cpu = timed(ask, args.rounds, pid)
                question_rows.append((size, name, p50, p99, cpu))
                print(f"  {name}: p50 {p50:.1f} ms, p99 {p99:.1f} ms, cpu {cpu:.1f} ms", file=sys.stderr)
        if args.markdown:
            print_tables((empty, empty_cpu), rows, question_rows, sizes)
    finally:
        store.close()
        server.stop()
        shutil.rmtree(home, ignore_errors=True)
    return 0


def parse_and_build(path: Path) -> nx.MultiDiGraph:
    doc = parse_file(path, TEMPLATE + "probe")
    return build_graph(doc, extract_facts(doc), load_taxonomy().concepts)


def probe_load(store: EmbeddedStore, probe: nx.MultiDiGraph) -> tuple[float, float]:
    """Median wall ms of 5 replaces of the probe regulation, and their mean CPU ms (engine + this process)."""
    samples = []
    pid = store.server.pid() or 0
    cpu_start, engine_start = time.process_time(), engine_cpu_ms(pid)
    for _ in range(5):
        start = time.perf_counter()
        store.load_regulation(probe, PROBE)
        samples.append((time.perf_counter() - start) * 1000)
    cpu = ((time.process_time() - cpu_start) * 1000 + engine_cpu_ms(pid) - engine_start) / 5
    return statistics.median(samples), cpu


def print_tables(empty: tuple[float, float], rows: list, question_rows: list, sizes: list[int]) -> None:
    wall, cpu = empty
    print(f"Per-load into an empty store (the draft replaced, median of 5): **{wall:.0f} ms** wall, "
          f"{cpu:.0f} ms CPU (engine + loader).\n")
    print("| regulations stored | per-load wall (draft, median of 5) | ratio | per-load CPU | ratio "
          "| median load, last 50 | total load time | engine memory |")
    print("|---|---|---|---|---|---|---|---|")
    for size, per_load, per_load_cpu, recent, total, memory in rows:
        print(f"| {size:,} | {per_load:.0f} ms | {per_load / wall:.2f}× | {per_load_cpu:.0f} ms | "
              f"{per_load_cpu / cpu:.2f}× | {recent:.0f} ms | {total:.1f} s | {memory:.0f} MiB |")
    print()
    names = list(dict.fromkeys(row[1] for row in question_rows))
    header = " | ".join(f"{size:,} regs" for size in sizes)
    print(f"| question: p50 / p99 wall ms (CPU ms per answer) | {header} |")
    print("|---|" + "---|" * len(sizes))
    table = {(size, name): (p50, p99, cpu) for size, name, p50, p99, cpu in question_rows}
    for name in names:
        cells = ["{:.0f} / {:.0f} ({:.0f})".format(*table[size, name]) for size in sizes]
        print(f"| {name} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    sys.exit(main())
