"""Batch throughput: profiles per second, a plain loop against a process pool and Dask.

    python benchmarks/batch.py [--profiles 2000] [--entries 500] [--files 8] [--write]
    python benchmarks/batch.py --smoke      # a small run, as CI does

Every contender goes from the same history files on disk (JSON Lines, each profile's items
dealt over ``--files`` files) and catalog file to the six Parquet tables written, and runs
the same per-partition code (:func:`history_resolver.batch.resolve_partition`):

- **loop**: one process reads every file, then resolves all profiles in one partition;
- **pool x2**: :class:`concurrent.futures.ProcessPoolExecutor` with 2 processes reads the
  files, the parent groups the rows by profile into 8 partitions (a hash of profileId, as
  Dask does), the pool resolves them;
- **dask x1**, **dask x2**: :func:`~history_resolver.batch.resolve_batch` on a local cluster
  of 1 or 2 worker processes, started before the clock starts (its start-up is reported
  apart).

Also measured: the **pure resolve** part, ``resolve_document`` alone on documents already
grouped, in this process; and, from Dask's task stream, the seconds the workers spent in
each kind of task (reading, shuffling, resolving and writing), which give the per-worker
throughput.  Prints a Markdown table; ``--write`` also puts it in benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import json
import logging
import os
import random
import re
import shutil
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

import pandas as pd
from distributed import Client, LocalCluster, get_task_stream

sys.path.insert(0, str(Path(__file__).resolve().parent))
import generate

from history_resolver import resolve_document
from history_resolver.batch import TABLES, read_history, resolve_batch, resolve_partition

NOW = "2026-11-28T00:00:00.000Z"
OPTIONS: dict[str, object] = {"now": NOW}
CATALOG_SEED = 1396
README = Path(__file__).resolve().parent / "README.md"
SECTION = "## Batch: many profiles on Dask"


def write_input(
    folder: Path, profiles: int, entries: int, files: int
) -> tuple[list[Path], Path, list[list[dict[str, Any]]]]:
    """History files, the catalog file, and each profile's history list in batch order."""
    rng = random.Random(7)
    handles = [(folder / f"history-{n}.jsonl").open("w", encoding="utf-8") for n in range(files)]
    placed: list[list[tuple[int, int, dict[str, Any]]]] = []
    counts = [0] * files
    catalog: list[dict[str, Any]] = []
    for number in range(profiles):
        document = generate.profile(entries, seed=number, catalog_seed=CATALOG_SEED)
        catalog = document["episodes"]
        mine = []
        for item in document["history"]:
            file = rng.randrange(files)
            handles[file].write(json.dumps({"profileId": f"profile-{number}", **item}) + "\n")
            mine.append((file, counts[file], item))
            counts[file] += 1
        placed.append(mine)
    for handle in handles:
        handle.close()
    (folder / "catalog.json").write_text(json.dumps(catalog), encoding="utf-8")
    histories = [[item for _, _, item in sorted(mine, key=lambda p: p[:2])] for mine in placed]
    return [folder / f"history-{n}.jsonl" for n in range(files)], folder / "catalog.json", histories


def staging(folder: Path) -> str:
    shutil.rmtree(folder, ignore_errors=True)
    for table in TABLES:
        (folder / table).mkdir(parents=True)
    return str(folder)


def checked_catalog(path: Path) -> list[dict[str, Any]]:
    rows = json.loads(path.read_text(encoding="utf-8"))
    output = resolve_document({"history": [], "episodes": rows, "options": OPTIONS})
    return [
        {key: row[key] for key in ("mediaId", "season", "episode", "airDate")}
        for row in output["episodes"]
    ]


def run_loop(files: list[Path], catalog: Path, out: Path) -> int:
    """Read every file, resolve every profile in one partition, write the tables."""
    frame = pd.concat([read_history((n, str(f))) for n, f in enumerate(files)])
    report = resolve_partition(frame, checked_catalog(catalog), OPTIONS, 0, staging(out))
    return int(report["profiles"].sum())


def _resolve_part(args: tuple[pd.DataFrame, list[dict[str, Any]], str, int]) -> int:
    frame, catalog, out, number = args
    report = resolve_partition(frame, catalog, OPTIONS, 0, out, {"number": number})
    return int(report["profiles"].sum())


def run_pool(files: list[Path], catalog: Path, out: Path, pool: Any, parts: int = 8) -> int:
    """The same with a process pool: read in the pool, group here, resolve in the pool."""
    frames = list(pool.map(read_history, [(n, str(f)) for n, f in enumerate(files)]))
    frame = pd.concat(frames)
    bucket = pd.util.hash_pandas_object(frame["profileId"], index=False) % parts
    rows = checked_catalog(catalog)
    target = staging(out)
    jobs = [(frame[bucket == n], rows, target, n) for n in range(parts)]
    return sum(pool.map(_resolve_part, jobs))


def run_dask(
    files: list[Path], catalog: Path, out: Path, client: Client
) -> tuple[int, dict[str, float]]:
    """resolve_batch on a running cluster; also the task seconds by kind of task."""
    with get_task_stream(client) as stream:
        result = resolve_batch(
            files, out, catalog=[catalog], options=OPTIONS, scheduler=client, overwrite=True
        )
    seconds: dict[str, float] = defaultdict(float)
    for record in stream.data:
        key = record["key"][0] if isinstance(record["key"], tuple) else record["key"]
        kind = re.sub(r"-[0-9a-f]{32}$", "", key)
        for span in record["startstops"]:
            if span["action"] == "compute":
                seconds[kind] += span["stop"] - span["start"]
    return result.profiles, dict(seconds)


def pure_resolve(histories: list[list[dict[str, Any]]], catalog: list[dict[str, Any]]) -> float:
    """Seconds of resolve_document alone over every profile's grouped document."""
    started = time.perf_counter()
    for history in histories:
        resolve_document({"history": history, "episodes": catalog, "options": OPTIONS})
    return time.perf_counter() - started


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--profiles", type=int, default=2000)
    parser.add_argument("--entries", type=int, default=500)
    parser.add_argument("--files", type=int, default=8)
    parser.add_argument("--write", action="store_true", help="update benchmarks/README.md")
    parser.add_argument(
        "--smoke", action="store_true", help="40 profiles of 50 entries: checks that it runs"
    )
    args = parser.parse_args(argv)
    if args.smoke:
        args.profiles, args.entries, args.files = 40, 50, 4
    logging.getLogger("distributed").setLevel(logging.ERROR)
    n = args.profiles
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        started = time.perf_counter()
        files, catalog, histories = write_input(folder, n, args.entries, args.files)
        size = sum(f.stat().st_size for f in files)
        print(
            f"input: {n} profiles x {args.entries} entries in {len(files)} files "
            f"({size / 1e6:.0f} MB), written in {time.perf_counter() - started:.1f} s",
            file=sys.stderr,
        )
        rows = checked_catalog(catalog)
        results: dict[str, float] = {}
        started = time.perf_counter()
        assert n == run_loop(files, catalog, folder / "loop")
        results["loop"] = time.perf_counter() - started
        with concurrent.futures.ProcessPoolExecutor(2) as pool:
            started = time.perf_counter()
            assert n == run_pool(files, catalog, folder / "pool", pool)
            results["pool x2"] = time.perf_counter() - started
        tasks: dict[str, dict[str, float]] = {}
        startup: dict[str, float] = {}
        for workers in (1, 2):
            name = f"dask x{workers}"
            started = time.perf_counter()
            with (
                LocalCluster(
                    n_workers=workers,
                    threads_per_worker=1,
                    processes=True,
                    dashboard_address=":0",
                    silence_logs=logging.ERROR,
                ) as cluster,
                Client(cluster) as client,
            ):
                startup[name] = time.perf_counter() - started
                started = time.perf_counter()
                profiles, tasks[name] = run_dask(files, catalog, folder / name, client)
                results[name] = time.perf_counter() - started
            assert n == profiles
        resolve_seconds = pure_resolve(histories, rows)
    table = report(n, args.entries, results, startup, tasks, resolve_seconds)
    print(table)
    if args.write:
        write_readme(table, n, args.entries, args.files)
    return 0


def report(
    n: int,
    entries: int,
    results: dict[str, float],
    startup: dict[str, float],
    tasks: dict[str, dict[str, float]],
    resolve_seconds: float,
) -> str:
    base = results["loop"]
    lines = [
        "| contender | end to end | profiles/s | vs loop | cluster start |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    for name, seconds in results.items():
        start = f"{startup[name]:.1f} s" if name in startup else ""
        lines.append(
            f"| {name} | {seconds:.1f} s | {n / seconds:,.0f} | {base / seconds:.2f}x | {start} |"
        )
    lines += [
        "",
        f"Pure resolve (`resolve_document` on grouped documents, one process):\n"
        f"{resolve_seconds:.1f} s, {n / resolve_seconds:,.0f} profiles/s "
        f"({n * entries / resolve_seconds:,.0f} entries/s).",
        "",
        "| task seconds (dask x2, summed over workers) | seconds | per worker |",
        "| --- | ---: | ---: |",
    ]
    spent = tasks["dask x2"]
    total = sum(spent.values())
    for kind, seconds in sorted(spent.items(), key=lambda kv: -kv[1])[:6]:
        lines.append(f"| {kind} | {seconds:.1f} | {seconds / 2:.1f} |")
    resolving = spent.get("resolve_partition", float("nan"))
    lines += [
        f"| all tasks | {total:.1f} | {total / 2:.1f} |",
        "",
        f"Per worker: {n / resolving:,.0f} profiles/s in resolve tasks (JSON decoding,\n"
        f"resolve_document, Parquet writing); {n / total:,.0f} profiles/s over all its tasks.",
    ]
    return "\n".join(lines)


def write_readme(table: str, n: int, entries: int, files: int) -> None:
    text = README.read_text(encoding="utf-8")
    command = (
        f"python benchmarks/batch.py --profiles {n} --entries {entries} --files {files} --write"
    )
    load = os.getloadavg()[0]
    body = (
        f"{SECTION}\n\nOne run of `{command}`\n({time.strftime('%Y-%m-%d')}, "
        f"{os.cpu_count()} cores, load average {load:.1f} at the end: the machine is shared).\n"
        "What the numbers mean and what they imply for a cluster: "
        "[docs/batch.md](../docs/batch.md#numbers).\n\n"
        f"{table}\n"
    )
    if SECTION in text:
        head, _, rest = text.partition(SECTION)
        tail = rest.split("\n## ", 1)
        text = head + body + ("\n## " + tail[1] if len(tail) > 1 else "")
    else:
        text = text.rstrip("\n") + "\n\n" + body
    README.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
