"""history_resolver in Pyodide (Node) against CPython, on the same documents.

For each size (1k and 10k entries by default; generate.py's profiles), each round times
resolving the profile once in each runtime, the order alternating between rounds:

- **CPython**: ``json.loads(_browser.resolve(json.dumps(document)))`` in this process;
- **Pyodide**: ``resolveDocument(document)`` of ``web/history-resolver.mjs`` in a Node
  process (web/bench/worker.mjs): JSON.stringify, the same ``_browser.resolve`` in
  Pyodide, JSON.parse.

Both take an object and give one back, through the same Python function.  The ratio
Pyodide / CPython is taken per round (paired) and reported as its median and interquartile
range.  Also: the cold load of the module (Pyodide, the wheels unpacked, the imports), each
in a fresh Node process.  Needs ``npm ci && npm run build`` in web/ first.

    .venv/bin/python benchmarks/web.py            # 1k and 10k, 15 rounds, 5 cold loads
    .venv/bin/python benchmarks/web.py --smoke    # 1k, 2 rounds, 1 cold load (CI)
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
WEB = ROOT / "web"
sys.path[:0] = [str(HERE), str(ROOT / "src")]

from generate import profile  # noqa: E402

from history_resolver._browser import resolve  # noqa: E402

WARM_UP = 3


def cpython(document: Any) -> float:
    """Milliseconds of one object-in, object-out resolve in this process."""
    start = time.perf_counter()
    json.loads(resolve(json.dumps(document)))
    return (time.perf_counter() - start) * 1000


class Worker:
    """The Node process that resolves in Pyodide."""

    def __init__(self) -> None:
        self.process = subprocess.Popen(
            ["node", str(WEB / "bench" / "worker.mjs")],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        self.loaded = self._read()

    def _read(self) -> dict[str, Any]:
        assert self.process.stdout is not None
        line = self.process.stdout.readline()
        if not line:
            raise SystemExit("web/bench/worker.mjs failed (npm ci && npm run build in web/?)")
        return dict(json.loads(line))

    def time(self, path: Path) -> float:
        assert self.process.stdin is not None
        self.process.stdin.write(json.dumps({"path": str(path)}) + "\n")
        self.process.stdin.flush()
        return float(self._read()["ms"])

    def close(self) -> None:
        assert self.process.stdin is not None
        self.process.stdin.close()
        self.process.wait()


def quartiles(values: list[float]) -> tuple[float, float, float]:
    """Median and the interquartile range's ends (the median thrice for one value)."""
    if len(values) == 1:
        return values[0], values[0], values[0]
    low, median, high = statistics.quantiles(values, n=4, method="inclusive")
    return median, low, high


def cold_loads(count: int) -> list[float]:
    """Milliseconds of loadResolver() in each of ``count`` fresh Node processes."""
    loads = []
    for _ in range(count):
        worker = Worker()
        loads.append(float(worker.loaded["loadMs"]))
        worker.close()
    return loads


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--smoke", action="store_true", help="1k entries, 2 rounds, 1 cold load")
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000])
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--loads", type=int, default=5, help="cold loads to time")
    args = parser.parse_args()
    if args.smoke:
        args.sizes, args.rounds, args.loads = [1_000], 2, 1

    loads = cold_loads(args.loads)
    worker = Worker()
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        for size in args.sizes:
            document = profile(size)
            path = Path(folder) / f"profile-{size}.json"
            path.write_text(json.dumps(document), "utf-8")
            for _ in range(WARM_UP):  # untimed: WebAssembly and the caches warm up
                cpython(document), worker.time(path)
            ratios, ours, theirs = [], [], []
            for round_ in range(args.rounds):
                if round_ % 2:
                    pyodide = worker.time(path)
                    native = cpython(document)
                else:
                    native = cpython(document)
                    pyodide = worker.time(path)
                ours.append(native)
                theirs.append(pyodide)
                ratios.append(pyodide / native)
            rows.append((size, quartiles(ours), quartiles(theirs), quartiles(ratios)))
    worker.close()

    python = worker.loaded["python"]
    print(
        f"Pyodide (Python {python}, Node {node_version()}) against CPython "
        f"{sys.version.split()[0]}; {args.rounds} paired rounds per size\n"
    )
    print(
        "| entries | CPython ms (median) | Pyodide ms (median) | Pyodide / CPython: median (IQR) |"
    )
    print("|--:|--:|--:|--:|")
    for size, native, pyodide, ratio in rows:
        print(
            f"| {size:,} | {native[0]:.1f} | {pyodide[0]:.1f} | "
            f"{ratio[0]:.2f}x ({ratio[1]:.2f}-{ratio[2]:.2f}) |"
        )
    median, low, high = quartiles(loads)
    print(
        f"\nCold load of the module (loadResolver, {len(loads)} fresh Node processes): "
        f"median {median / 1000:.2f} s (IQR {low / 1000:.2f}-{high / 1000:.2f} s)"
    )
    return 0


def node_version() -> str:
    return subprocess.run(["node", "--version"], capture_output=True, text=True).stdout.strip()


if __name__ == "__main__":
    sys.exit(main())
