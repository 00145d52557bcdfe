"""API load benchmark (a script, not a timed test): `python tests/benchmarks/api_load.py` or `make bench-api`.

Loads every bundled regulation into a private REGKG_HOME, starts `regkg serve` (uvicorn, one process) on
127.0.0.1, and from this separate process drives it with 1 and 32 concurrent keep-alive clients (a small
asyncio HTTP/1.1 client, so the client costs little CPU on the same 2 cores): p50/p99 latency and requests/s
for /health (the floor) and the multi-hop questions. Run once with the response cache on (the default) and
once without it (REGKG_API_CACHE_ENTRIES=0), which shows the cost of answering each request from the store.
Budget (DESIGN.md §5): multi-hop p99 ≤ 50 ms at 32 clients, and ≤ 3× the /health p99 of the same run.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.api_server import CORPUS, load_into, serving, stop_engine  # noqa: E402

CORPUS_FILES = sorted(CORPUS.glob("*.txt"))

ENDPOINTS = {
    "/health (floor)": "/health",
    "/duties?concept=data centres": "/duties?concept=" + quote("data centres"),
    "/actors/{id}": "/actors/" + quote("actor:广州市:工业和信息化部门"),
    "/concepts/{id}": "/concepts/concept:data-centre",
    "/questions/cooperation-on-concept": "/questions/cooperation-on-concept?concept=" + quote("数据"),
}


async def _client(host: str, port: int, path: str, deadline: float, latencies: list[float]) -> None:
    reader, writer = await asyncio.open_connection(host, port)
    request = f"GET {path} HTTP/1.1\r\nHost: {host}\r\n\r\n".encode()
    try:
        while time.perf_counter() < deadline:
            started = time.perf_counter()
            writer.write(request)
            head = await reader.readuntil(b"\r\n\r\n")
            status = int(head.split(b" ", 2)[1])
            length = next(int(line.split(b":", 1)[1]) for line in head.split(b"\r\n")
                          if line.lower().startswith(b"content-length:"))
            await reader.readexactly(length)
            if status != 200:
                raise RuntimeError(f"{path} answered {status}")
            latencies.append(time.perf_counter() - started)
    finally:
        writer.close()


async def _run(base: str, path: str, clients: int, seconds: float) -> dict[str, float]:
    host, port = base.removeprefix("http://").split(":")
    warm: list[float] = []
    await asyncio.gather(*(_client(host, int(port), path, time.perf_counter() + 0.5, warm) for _ in range(clients)))
    latencies: list[float] = []
    started = time.perf_counter()
    await asyncio.gather(*(_client(host, int(port), path, started + seconds, latencies) for _ in range(clients)))
    elapsed = time.perf_counter() - started
    ms = sorted(x * 1000 for x in latencies)
    return {"requests": len(ms), "p50": statistics.median(ms), "p99": ms[min(len(ms) - 1, int(len(ms) * 0.99))],
            "rps": len(ms) / elapsed}


def measure(base: str, seconds: float) -> dict[str, dict[int, dict[str, float]]]:
    """Every endpoint at 1 and 32 clients."""
    return {name: {clients: asyncio.run(_run(base, path, clients, seconds)) for clients in (1, 32)}
            for name, path in ENDPOINTS.items()}


def table(title: str, results: dict[str, dict[int, dict[str, float]]]) -> str:
    """A markdown table of the figures, with the budget verdicts."""
    floor = results["/health (floor)"][32]["p99"]
    lines = [f"**{title}**", "",
             "| endpoint | 1 client p50 / p99 ms | 1 client req/s | 32 clients p50 / p99 ms | 32 clients req/s | "
             "p99 ≤ 50 ms and ≤ 3× /health |", "|---|---|---|---|---|---|"]
    for name, by in results.items():
        one, many = by[1], by[32]
        verdict = "—" if name.startswith("/health") else (
            "yes" if many["p99"] <= 50 and many["p99"] <= 3 * floor else "**no**")
        lines.append(f"| `{name}` | {one['p50']:.1f} / {one['p99']:.1f} | {one['rps']:.0f} | "
                     f"{many['p50']:.1f} / {many['p99']:.1f} | {many['rps']:.0f} | {verdict} |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=5.0, help="measuring time per endpoint and concurrency")
    parser.add_argument("--json", action="store_true", help="print the raw figures as JSON too")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="regkg-api-bench-") as tmp:
        home = Path(tmp) / "home"
        print(f"loading {len(CORPUS_FILES)} bundled regulations …", file=sys.stderr)
        load_into(home, tuple(p.name for p in CORPUS_FILES))
        try:
            for title, env in (("response cache on (default)", {}),
                               ("response cache off (REGKG_API_CACHE_ENTRIES=0)", {"REGKG_API_CACHE_ENTRIES": "0"})):
                with serving({"REGKG_HOME": str(home), **env},
                             Path(tmp) / "serve.log", log_level="warning") as base:
                    results = measure(base, args.seconds)
                print(table(title, results))
                print()
                if args.json:
                    print(json.dumps(results, indent=1))
        finally:
            stop_engine(home)


if __name__ == "__main__":
    main()
