"""The benchmark suite: one command, every measurement, ratios measured in one run.

    python benchmarks/run.py            # the whole suite (several minutes on 2 cores)
    python benchmarks/run.py --smoke    # 1k entries, one round: checks it all still runs

Each size is timed in interleaved rounds (every contender once per round, in rotating
order), so that a noisy neighbour slows all of them alike; the table reports medians and
the ratios between contenders of the same run.  Before timing, the polars baseline is
checked to agree with the engine on the same profile.
"""

from __future__ import annotations

import argparse
import gc
import json
import statistics
import subprocess
import sys
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate import profile  # noqa: E402
from polars_impl import resolve_polars  # noqa: E402

import history_resolver as hr  # noqa: E402
from history_resolver._time import format_instant  # noqa: E402

ROUNDS = {1_000: 15, 10_000: 9, 100_000: 5, 1_000_000: 3}


def check_agreement(document: dict[str, Any], output: dict[str, Any]) -> None:
    """The polars baseline and the engine must give the same episodes and movies."""
    baseline = resolve_polars(document)

    def stamp(value: int | None) -> str | None:
        return None if value is None else format_instant(value)

    fields = ("progress", "completed", "basis", "decidedBy", "plays")
    engine_episodes = [
        (
            e["mediaId"],
            e["season"],
            e["episode"],
            e["airDate"],
            *(e[f] for f in fields),
            e["lastWatchedAt"],
        )
        for e in output["episodes"]
    ]
    polars_episodes = [
        (
            e["media"],
            e["season"],
            e["episode"],
            e["airDate"],
            *(e[f] for f in fields),
            stamp(e["lastWatched"]),
        )
        for e in baseline["episodes"]
    ]
    movie_fields = ("progress", "completed", "decidedBy", "plays")
    engine_movies = [
        (m["mediaId"], *(m[f] for f in movie_fields), m["lastWatchedAt"]) for m in output["movies"]
    ]
    polars_movies = [
        (m["media"], *(m[f] for f in movie_fields), stamp(m["lastWatched"]))
        for m in baseline["movies"]
    ]
    if engine_episodes != polars_episodes or engine_movies != polars_movies:
        raise SystemExit("polars baseline and engine disagree: benchmark results are void")


def interleaved(contenders: dict[str, Callable[[], object]], rounds: int) -> dict[str, float]:
    """Median seconds of each contender over ``rounds`` rounds, run in rotating order."""
    times: dict[str, list[float]] = {name: [] for name in contenders}
    names = list(contenders)
    for round_ in range(rounds):
        order = names[round_ % len(names) :] + names[: round_ % len(names)]
        for name in order:
            gc.collect()
            start = time.perf_counter()
            contenders[name]()
            times[name].append(time.perf_counter() - start)
    return {name: statistics.median(values) for name, values in times.items()}


def measure_size(entries: int, rounds: int) -> dict[str, float]:
    document = profile(entries)
    text = json.dumps(document)
    output = hr.resolve_document(document)
    check_agreement(document, output)
    result = interleaved(
        {
            "engine": lambda: hr.resolve_document(document),
            "polars": lambda: resolve_polars(document),
            "floor": lambda: (json.loads(text), json.dumps(output)),
            "json": lambda: json.dumps(hr.resolve_document(json.loads(text))),
        },
        rounds,
    )
    result["entries"] = entries
    return result


def measure_incremental(entries: int, rounds: int) -> dict[str, float]:
    """Adding one entry (and reading its season) against resolving the profile again."""
    document = profile(entries)
    options = hr.Options(now=hr.Timestamp.parse(document["options"]["now"]))
    catalog = [
        hr.CatalogEpisode.of(
            row["mediaId"],
            row["season"],
            row["episode"],
            None
            if row["airDate"] is None
            else (
                hr.Timestamp.parse(row["airDate"])
                if len(row["airDate"]) > 10
                else _date(row["airDate"])
            ),
        )
        for row in document["episodes"]
    ]
    history = [_entry(item) for item in document["history"]]
    resolver = hr.Resolver(catalog, options, history)
    show = document["episodes"][0]["mediaId"]
    stamp = hr.Timestamp.parse("2026-11-27T21:00:00.000Z")

    def add_one() -> None:
        resolver.add(hr.HistoryEntry.watched_episode(show, 1, 3, stamp))
        resolver.season(show, 1)

    def full() -> None:
        hr.resolve(history, catalog, options)

    add_times, full_times = [], []
    for _ in range(rounds):
        start = time.perf_counter()
        for _ in range(100):
            add_one()
        add_times.append((time.perf_counter() - start) / 100)
        start = time.perf_counter()
        full()
        full_times.append(time.perf_counter() - start)
    return {"add": statistics.median(add_times), "full": statistics.median(full_times)}


def _date(text: str) -> Any:
    from datetime import date

    return date.fromisoformat(text)


def _entry(item: dict[str, Any]) -> hr.HistoryEntry:
    media = item.get("mediaId") or item["id"]
    return hr.HistoryEntry(
        hr.MediaId.parse(media),
        hr.Timestamp.parse(item["updatedAt"]),
        100.0 if item.get("progress") is None else item["progress"],
        item.get("season"),
        item.get("episode"),
        item.get("imported"),
    )


def measure_memory(entries: int) -> tuple[float, float]:
    """Peak MiB allocated while resolving (input already parsed), and bytes per entry."""
    document = profile(entries)
    gc.collect()
    tracemalloc.start()
    output = hr.resolve_document(document)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    del output
    return peak / 2**20, peak / entries


def measure_import(rounds: int = 7) -> tuple[float, float]:
    """Median milliseconds, in a fresh interpreter, of ``import history_resolver`` alone and
    of a cold start: the import and a first ``resolve_document`` of a tiny document (which
    loads the machinery the package defers)."""
    code = (
        "import time; t = time.perf_counter(); import history_resolver; "
        "a = time.perf_counter(); history_resolver.resolve_document("
        "{'history': [], 'options': {'now': '2024-01-01T00:00:00Z'}}); "
        "print(a - t, time.perf_counter() - t)"
    )
    runs = [
        subprocess.run(
            [sys.executable, "-c", code], check=True, capture_output=True, text=True
        ).stdout.split()
        for _ in range(rounds)
    ]
    return (
        statistics.median(float(run[0]) for run in runs) * 1000,
        statistics.median(float(run[1]) for run in runs) * 1000,
    )


def plot(results: list[dict[str, float]], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    sizes = [r["entries"] for r in results]
    figure, axes = plt.subplots(figsize=(7, 4.5))
    for name, label in (
        ("engine", "history_resolver.resolve_document"),
        ("polars", "polars (same rules)"),
        ("json", "loads + resolve_document + dumps"),
        ("floor", "floor: loads + dumps"),
    ):
        axes.plot(sizes, [r[name] / r["entries"] * 1e6 for r in results], marker="o", label=label)
    axes.set_xscale("log")
    axes.set_xlabel("history entries")
    axes.set_ylabel("microseconds per entry (median)")
    axes.set_title("Time per entry against profile size")
    axes.grid(True, which="both", alpha=0.3)
    axes.legend()
    figure.tight_layout()
    figure.savefig(path, dpi=120)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--smoke", action="store_true", help="1k entries, one round")
    parser.add_argument("--sizes", type=int, nargs="+", help="history sizes to run")
    parser.add_argument("--out", type=Path, default=HERE / "results", help="where to write")
    args = parser.parse_args()
    sizes = args.sizes or ([1_000] if args.smoke else sorted(ROUNDS))
    rounds = {size: 1 if args.smoke else ROUNDS.get(size, 3) for size in sizes}

    results = []
    for size in sizes:
        print(f"measuring {size:,} entries ...", file=sys.stderr, flush=True)
        results.append(measure_size(size, rounds[size]))
    incremental_size = 1_000 if args.smoke else 100_000
    print(f"measuring incremental at {incremental_size:,} ...", file=sys.stderr, flush=True)
    incremental = measure_incremental(incremental_size, 1 if args.smoke else 5)
    memory_size = 1_000 if args.smoke else max(sizes)
    print(f"measuring memory at {memory_size:,} ...", file=sys.stderr, flush=True)
    peak_mib, per_entry = measure_memory(memory_size)
    import_ms, cold_ms = measure_import(3 if args.smoke else 7)

    lines = [
        "| entries | engine / polars | JSON in-out / floor "
        "| engine | polars | floor | JSON in-out |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in results:
        lines.append(
            f"| {int(r['entries']):,} | {r['engine'] / r['polars']:.2f}x | "
            f"{r['json'] / r['floor']:.2f}x | {r['engine'] * 1000:.1f} ms | "
            f"{r['polars'] * 1000:.1f} ms | {r['floor'] * 1000:.1f} ms | "
            f"{r['json'] * 1000:.1f} ms |"
        )
    by_size = {int(r["entries"]): r for r in results}
    lines.append("")
    if 10_000 in by_size and 1_000_000 in by_size:
        small, large = by_size[10_000], by_size[1_000_000]

        def growth(name: str) -> str:
            return f"{(large[name] / 1_000_000) / (small[name] / 10_000):.2f}x"

        lines.append(
            f"- cost per entry at 1M / at 10k: engine {growth('engine')} "
            f"({large['engine'] * 1e6 / 1_000_000:.2f} µs against "
            f"{small['engine'] * 1e6 / 10_000:.2f} µs; target <= 1.5x); "
            f"for comparison, polars {growth('polars')}, the JSON floor {growth('floor')}"
        )
    lines.append(
        f"- incremental: adding one entry and reading its season at {incremental_size:,} "
        f"entries is {incremental['full'] / incremental['add']:,.0f}x cheaper than resolving "
        f"again ({incremental['add'] * 1e6:.1f} µs against {incremental['full'] * 1000:.1f} ms; "
        "target >= 1000x)"
    )
    lines.append(
        f"- peak memory resolving {memory_size:,} entries (tracemalloc, input already parsed): "
        f"{peak_mib:.0f} MiB, {per_entry:.0f} bytes per entry"
    )
    lines.append(
        f"- `import history_resolver`: {import_ms:.1f} ms (target < 50 ms); cold start, the "
        f"import and a first tiny `resolve_document`: {cold_ms:.1f} ms"
    )
    table = "\n".join(lines)
    print(table)
    if not args.smoke:
        args.out.mkdir(exist_ok=True)
        (args.out / "latest.md").write_text(table + "\n")
        plot(results, args.out / "time-per-entry.png")
        print(f"\nwritten: {args.out / 'latest.md'}, {args.out / 'time-per-entry.png'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
