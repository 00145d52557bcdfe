"""How big a drawing stays usable in headless Chromium: vis-network stabilisation and redraw time by node count.

Figures behind PHYSICS_LIMIT (visualizations/pyvis_views.py) and the explorer's "largest interactive
neighbourhood" in the README. Synthetic graphs shaped like the views (duties with one bearer and two
concepts each); `make bench` runs it and prints a table.
"""

from __future__ import annotations

import random
import time

import networkx as nx
import pytest

from regkg.visualizations.pyvis_views import render_html

SIZES = (100, 300, 600, 1000, 2000, 4000)


def synthetic_view(n: int) -> nx.MultiDiGraph:
    """n nodes: 60 % duties, 20 % actors, 20 % concepts; each duty borne by one actor and concerning two concepts."""
    rng = random.Random(n)
    H = nx.MultiDiGraph(title=f"synthetic {n}", centre=[])
    actors = [f"a{i}" for i in range(max(1, n // 5))]
    concepts = [f"c{i}" for i in range(max(1, n // 5))]
    duties = [f"d{i}" for i in range(n - len(actors) - len(concepts))]
    for a in actors:
        H.add_node(a, labels=("Actor",), name=f"部门{a}", kind="department")
    for c in concepts:
        H.add_node(c, labels=("Concept", "Technology"), name=f"概念{c}", type="Technology")
    for d in duties:
        H.add_node(d, labels=("Duty",), name=d, cite="1.1", modality="obligation", trigger="应当", text="应当" * 20)
        H.add_edge(rng.choice(actors), d, type="BEARS")
        for c in rng.sample(concepts, min(2, len(concepts))):
            H.add_edge(d, c, type="CONCERNS")
    return H


@pytest.mark.parametrize("physics", [True, False], ids=["physics", "fixed-layout"])
def test_bench_view_draw_and_redraw(benchmark, physics, tmp_path):
    from pathlib import Path

    from tests.browser import CHROMIUM, CHROMIUM_ARGS

    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} is missing (apt-get install -y chromium)")
    playwright = pytest.importorskip("playwright.sync_api")
    rows = []
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 800})
        for n in SIZES:
            if physics and n > 2000:
                continue
            path = tmp_path / f"v{n}.html"
            path.write_text(render_html(synthetic_view(n), physics_limit=10**6 if physics else 0), encoding="utf-8")
            started = time.perf_counter()
            page.goto(path.as_uri())
            page.wait_for_function("() => document.body.dataset.drawn !== undefined", timeout=120_000)
            if physics:
                page.wait_for_function("() => document.body.dataset.stabilisedMs !== undefined", timeout=300_000)
            ready = time.perf_counter() - started
            redraw = page.evaluate("""() => { const net = window.regkgView.network; const t0 = performance.now();
                for (let i = 0; i < 10; i++) { net.moveTo({scale: 0.5 + i / 20}); net.redraw(); }
                return (performance.now() - t0) / 10; }""")
            rows.append((n, round(ready * 1000), round(redraw, 1)))
        browser.close()
    benchmark.extra_info["rows"] = rows
    print(f"\n{'physics' if physics else 'fixed layout'}: nodes, ms until drawn{' and settled' if physics else ''}, "
          "ms per redraw (zoom)")
    for row in rows:
        print("  ", *row)
    benchmark.pedantic(lambda: None, rounds=1, iterations=1)
