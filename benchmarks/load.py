"""A bounded load test of ``history-resolver serve`` on 127.0.0.1.

    python benchmarks/load.py            # 1 and 2 workers x concurrency 1, 8, 32
    python benchmarks/load.py --smoke    # a few requests per cell: checks it all still runs

For each worker count the command starts the real server (``history-resolver serve --port 0
--workers N``), runs each concurrency level against it, then stops it with SIGTERM.  Each
cell sends at most ``--requests`` requests and stops early after ``--seconds``.

Every request carries a distinct document: one of several seeded 1,000-entry profiles
(``generate.profile``) with a movie entry of its own added and a fixed ``now``, so every
expected output differs.  After the cell, every response is checked to equal
``resolve_document`` of its own request: nothing lost, failed or mixed up under
concurrency.  A wrong or failed response makes the command exit 1.

The client is one asyncio process with httpx, on the same 2 cores as the server: its own
CPU use is reported (``client CPU``, of one core) because it competes with the server's.
``server CPU ms/request`` is the CPU time of the server's processes (from /proc) divided by
the requests of the cell (the 4 warm-up requests included in the time): unlike latency, it
hardly depends on what else the machine is doing.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "tests"))

from generate import profile  # noqa: E402

from history_resolver import resolve_document  # noqa: E402
from live_server import LiveServer  # noqa: E402

NOW = "2026-11-28T00:00:00.000Z"
PROFILES = 8  # distinct base profiles (seeds)


@dataclass
class Cell:
    workers: int
    concurrency: int
    sent: int
    seconds: float
    latencies: list[float]
    client_cpu: float
    server_cpu: float
    wrong: int

    def row(self) -> str:
        ordered = sorted(self.latencies)
        p50 = statistics.median(ordered) * 1000
        p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))] * 1000
        return (
            f"| {self.workers} | {self.concurrency} | {self.sent} | "
            f"{self.sent / self.seconds:.1f} | {p50:.1f} | {p99:.1f} | "
            f"{1000 * self.server_cpu / self.sent:.1f} | "
            f"{100 * self.client_cpu / self.seconds:.0f}% | {self.wrong} |"
        )


def cpu_seconds(pid: int) -> float:
    """CPU time (user + system) of process ``pid`` and of its descendants still running."""
    try:
        with open(f"/proc/{pid}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
        with open(f"/proc/{pid}/task/{pid}/children") as listed:
            children = [int(child) for child in listed.read().split()]
    except FileNotFoundError:  # ended meanwhile
        return 0.0
    own = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return own + sum(cpu_seconds(child) for child in children)


def requests(count: int) -> tuple[list[bytes], list[dict[str, Any]]]:
    """``count`` distinct request bodies and the output each must get."""
    bases = [profile(1000, seed=1396 + k) for k in range(PROFILES)]
    bodies: list[bytes] = []
    expected: list[dict[str, Any]] = []
    for i in range(count):
        base = bases[i % PROFILES]
        own = {
            "mediaId": f"MV_TMDBID{9_000_000 + i}",
            "progress": i % 101,
            "updatedAt": "2024-05-01T12:00:00.000Z",
        }
        document = {
            "history": [*base["history"], own],
            "episodes": base["episodes"],
            "options": {"now": NOW},
        }
        bodies.append(json.dumps(document).encode())
        expected.append(resolve_document(document))
    return bodies, expected


async def run_cell(
    url: str, bodies: list[bytes], concurrency: int, limit: int, seconds: float
) -> tuple[int, float, list[float], list[tuple[int, int, bytes]], float]:
    """Send up to ``limit`` requests, ``concurrency`` at a time, for at most ``seconds``."""
    headers = {"content-type": "application/json"}
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    answers: list[tuple[int, int, bytes]] = []
    latencies: list[float] = []
    async with httpx.AsyncClient(base_url=url, limits=limits, timeout=120) as http:
        # warm-up: open the connections, let every worker resolve once
        await asyncio.gather(
            *(http.post("/v1/resolve", content=bodies[0], headers=headers) for _ in range(4))
        )
        next_index = 0
        cpu_start, started = time.process_time(), time.perf_counter()
        deadline = started + seconds

        async def worker() -> None:
            nonlocal next_index
            while next_index < limit and time.perf_counter() < deadline:
                index = next_index
                next_index += 1
                sent = time.perf_counter()
                response = await http.post("/v1/resolve", content=bodies[index], headers=headers)
                latencies.append(time.perf_counter() - sent)
                answers.append((index, response.status_code, response.content))

        await asyncio.gather(*(worker() for _ in range(concurrency)))
        elapsed = time.perf_counter() - started
        cpu = time.process_time() - cpu_start
    return len(answers), elapsed, latencies, answers, cpu


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--smoke", action="store_true", help="a few requests per cell")
    parser.add_argument("--requests", type=int, default=400, help="per cell (default 400)")
    parser.add_argument("--seconds", type=float, default=30, help="per cell (default 30)")
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--concurrency", type=int, nargs="+", default=[1, 8, 32])
    args = parser.parse_args()
    count = 16 if args.smoke else args.requests
    bodies, expected = requests(count)
    started = time.process_time()
    for body in bodies[:50]:
        json.dumps(resolve_document(json.loads(body)), separators=(",", ":")).encode()
    in_process = (time.process_time() - started) / min(50, count) * 1000
    cells: list[Cell] = []
    for workers in [1] if args.smoke else args.workers:
        with LiveServer(workers=workers) as server:
            for concurrency in args.concurrency:
                before = cpu_seconds(server.process.pid)
                sent, elapsed, latencies, answers, cpu = asyncio.run(
                    run_cell(server.url, bodies, concurrency, count, args.seconds)
                )
                server_cpu = cpu_seconds(server.process.pid) - before  # (the warm-up too)
                wrong = sum(
                    status != 200 or json.loads(content) != expected[index]
                    for index, status, content in answers
                )
                cells.append(
                    Cell(workers, concurrency, sent, elapsed, latencies, cpu, server_cpu, wrong)
                )
                print(cells[-1].row(), flush=True)
            status = server.stop()
        if status != 0:
            print(f"the server exited with status {status}", file=sys.stderr)
            return 1
    table = "\n".join(
        [
            "| workers | concurrency | requests | requests/s | p50 ms | p99 ms "
            "| server CPU ms/request | client CPU | wrong |",
            "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
            *(cell.row() for cell in cells),
        ]
    )
    print()
    print(table)
    print(
        f"\nin process, one document (json.loads, resolve_document, json.dumps): "
        f"{in_process:.1f} ms of CPU; request body {sum(map(len, bodies)) / count / 1024:.0f} KiB "
        f"on average"
    )
    if any(cell.wrong for cell in cells):
        print("some responses were wrong or failed", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
