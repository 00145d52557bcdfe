"""How large a neighbourhood the web explorer keeps interactive (issue 12), measured in Debian Chromium.

All bundled regulations are loaded into a private store and served; the explorer is opened on the broadest
concept (数据) with 0, 1, 3, 6, 12, 20 and 30 of the busiest bodies expanded from the URL (its `expand`
state, capped at 30 like a shared link). For each: nodes and edges drawn, seconds until the page is
idle, and frames per second while the view zooms and pans for two seconds (requestAnimationFrame in the
page). Past what a link opens, nodes of the same styles are added to the page's own data set (layout fixed,
as the explorer does past 300 nodes) up to 1,000, 2,000 and 4,000 and measured the same way. Not part of
the test run: `python tests/benchmarks/explorer_scale.py [--sizes 0,1,3,6,12,20,30] [--grow 1000,2000,4000]`.
"""

from __future__ import annotations

import argparse
import collections
import os
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode

import httpx

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.api_server import load_into, serving, stop_engine  # noqa: E402
from tests.browser import CHROMIUM, CHROMIUM_ARGS  # noqa: E402

FILES = tuple(p.name for p in sorted((ROOT / "corpus").glob("*.txt")))
IDLE = "() => document.body.dataset.ready === '1' && document.body.dataset.pending === '0'"
FPS = """async () => {
  const net = window.regkgExplorer.network;
  let frames = 0, running = true;
  const tick = () => { frames++; if (running) requestAnimationFrame(tick); };
  requestAnimationFrame(tick);
  const start = performance.now();
  net.moveTo({scale: 0.3, animation: {duration: 1000, easingFunction: 'linear'}});
  await new Promise(r => setTimeout(r, 1000));
  net.moveTo({position: {x: 400, y: 300}, scale: 1.0, animation: {duration: 1000, easingFunction: 'linear'}});
  await new Promise(r => setTimeout(r, 1000));
  running = false;
  return frames * 1000 / (performance.now() - start);
}"""


GROW = """(total) => {
  const x = window.regkgExplorer, have = x.nodes.get(), add = [], links = [];
  for (let i = have.length; i < total; i++) {
    const like = have[i % have.length];
    add.push(Object.assign({}, like, {id: 'bench:' + i, label: (like.label || '') + ' ' + i,
                                      x: (Math.random() - 0.5) * 6000, y: (Math.random() - 0.5) * 6000}));
    links.push({id: 'bench-edge:' + i, from: 'bench:' + i, to: have[(i * 7) % have.length].id});
  }
  x.network.setOptions({physics: {enabled: false}});
  x.nodes.add(add);
  x.edges.add(links);
  return [x.nodes.length, x.edges.length];
}"""


def busiest_bodies(base: str, count: int) -> list[str]:
    """Ids of the bodies bearing the most duties under 数据 (what an analyst would open first)."""
    page = httpx.get(f"{base}/duties", params={"concept": "数据", "limit": 1000}, timeout=60).json()
    counts = collections.Counter(b["id"] for d in page["items"] for b in d["bearers"])
    return [actor for actor, _ in counts.most_common(count)]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="0,1,3,6,12,20,30")
    parser.add_argument("--grow", default="1000,2000,4000", help="then add nodes up to these totals")
    args = parser.parse_args()
    args.grow = [int(n) for n in args.grow.split(",") if n]
    sizes = [int(s) for s in args.sizes.split(",")]
    os.environ.setdefault("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")
    from playwright.sync_api import sync_playwright

    scratch = Path(tempfile.mkdtemp(prefix="regkg-explorer-bench-"))
    home = scratch / "home"
    load_into(home, FILES)
    rows = []
    try:
        with serving({"REGKG_HOME": str(home), "REGKG_API_TOKEN": ""}, scratch / "serve.log", "warning") as base, \
                sync_playwright() as p:
            bodies = busiest_bodies(base, max(sizes))
            browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
            try:
                for size in sizes:
                    page = browser.new_page(viewport={"width": 1400, "height": 900})
                    query = {"node": "concept:data", **({"expand": ",".join(bodies[:size])} if size else {})}
                    started = time.perf_counter()
                    page.goto(f"{base}/?{urlencode(query)}")
                    page.wait_for_function(IDLE, timeout=300_000, polling=100)
                    page.wait_for_timeout(300)
                    page.wait_for_function(IDLE, timeout=300_000, polling=100)
                    ready = time.perf_counter() - started
                    nodes, edges = page.evaluate("() => [window.regkgExplorer.nodes.length, "
                                                 "window.regkgExplorer.edges.length]")
                    fps = page.evaluate(FPS)
                    rows.append((str(size), nodes, edges, ready, fps))
                    print(f"{size} expanded: {nodes} nodes, {edges} edges, idle after {ready:.1f} s, {fps:.0f} fps",
                          file=sys.stderr)
                    if size == sizes[-1]:  # past what links open: more nodes of the same styles, layout fixed
                        for total in args.grow:
                            started = time.perf_counter()
                            nodes, edges = page.evaluate(GROW, total)
                            page.wait_for_timeout(200)
                            drawn = time.perf_counter() - started
                            fps = page.evaluate(FPS)
                            rows.append((f"{size} + added", nodes, edges, drawn, fps))
                            print(f"grown: {nodes} nodes, {fps:.0f} fps", file=sys.stderr)
                    page.close()
            finally:
                browser.close()
    finally:
        stop_engine(home)
    print("| bodies expanded | nodes | edges | idle (or drawn) after | frames/s while zooming and panning |")
    print("|---|---|---|---|---|")
    for size, nodes, edges, ready, fps in rows:
        print(f"| {size} | {nodes:,} | {edges:,} | {ready:.1f} s | {fps:.0f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
