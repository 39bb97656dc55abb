"""Paired timing of ``resolve_document`` against the package as it was at a git revision.

    python benchmarks/paired.py --base main --sizes 10000 100000 --rounds 15

The base revision's ``src/history_resolver`` is exported (``git archive``) into a temporary
directory under another name and imported beside the working tree's package, so both run in
one process on the same parsed document.  Each round times both, the order alternating
between rounds; the ratio new/base is taken within the round, so the machine's drift from
minute to minute hits both sides alike.  Reported: the median of the per-round ratios and
their interquartile range.  Before timing, both outputs are checked to be equal.
"""

from __future__ import annotations

import argparse
import gc
import importlib
import io
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate import profile  # noqa: E402

import history_resolver as new  # noqa: E402

BASE_NAME = "history_resolver_base"


def import_base(revision: str, into: Path) -> Any:
    """The package at ``revision``, imported as ``history_resolver_base``."""
    archive = subprocess.run(
        ["git", "archive", revision, "src/history_resolver"],
        cwd=HERE.parent,
        check=True,
        capture_output=True,
    ).stdout
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(into, filter="data")
    (into / "src" / "history_resolver").rename(into / BASE_NAME)
    sys.path.insert(0, str(into))
    return importlib.import_module(BASE_NAME)


def timed(call: Callable[[], object]) -> float:
    gc.collect()
    start = time.perf_counter()
    call()
    return time.perf_counter() - start


def paired(base: Any, entries: int, rounds: int) -> dict[str, float]:
    """Per-round ratios new/base of ``resolve_document`` on one profile."""
    document = profile(entries)
    if new.resolve_document(document) != base.resolve_document(document):
        raise SystemExit(f"the outputs differ at {entries} entries: timings are void")
    ratios, new_times, base_times = [], [], []
    for round_ in range(rounds):
        sides = [("new", new), ("base", base)]
        if round_ % 2:
            sides.reverse()
        times = {
            name: timed(lambda m=module: m.resolve_document(document)) for name, module in sides
        }
        new_times.append(times["new"])
        base_times.append(times["base"])
        ratios.append(times["new"] / times["base"])
    q1, _, q3 = statistics.quantiles(ratios, n=4)
    return {
        "entries": entries,
        "median": statistics.median(ratios),
        "q1": q1,
        "q3": q3,
        "new_ms": statistics.median(new_times) * 1000,
        "base_ms": statistics.median(base_times) * 1000,
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base", default="main", help="git revision to compare with")
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--rounds", type=int, default=15)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        base = import_base(args.base, Path(folder))
        print(f"new/base, resolve_document, {args.rounds} rounds, base {args.base}")
        print("| entries | median ratio | IQR | new | base |")
        print("| ---: | ---: | ---: | ---: | ---: |")
        for size in args.sizes:
            r = paired(base, size, args.rounds)
            print(
                f"| {size:,} | {r['median']:.3f} | {r['q1']:.3f}..{r['q3']:.3f} "
                f"| {r['new_ms']:.1f} ms | {r['base_ms']:.1f} ms |",
                flush=True,
            )


if __name__ == "__main__":
    main()
