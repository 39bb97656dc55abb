"""The benchmark suite: one command, every measurement, ratios measured in one run.

    python benchmarks/run.py            # the whole suite (about ten minutes on 2 cores)
    python benchmarks/run.py --smoke    # 1k entries, one round: checks it all still runs

The targets are ratios, and each is measured **per round**: the two contenders of a ratio
(the engine and polars; JSON in-out and the floor) run back to back in the same round, in
an order that alternates from round to round, and the round's ratio is their quotient.  A
noisy neighbour slows both halves of a round alike; the table reports the median of the
per-round ratios and their interquartile range.  A third contender, the same engine and
writer fed input read with no check at all (``trusted.py``), is timed against polars too:
the bound on what faster checking could save.  JSON in-out is measured twice: with the
standard json module only (msgspec hidden, as without the ``fast`` extra) and with msgspec
when it is installed.  Before timing, the polars baseline is checked to agree with the
engine, and both JSON roads to write the same bytes.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import statistics
import subprocess
import sys
import time
import tracemalloc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate import profile  # noqa: E402
from polars_impl import resolve_polars  # noqa: E402
from trusted import resolve_trusted  # noqa: E402

import history_resolver as hr  # noqa: E402
from history_resolver import _jsonio  # noqa: E402
from history_resolver._time import format_instant  # noqa: E402

ROUNDS = {1_000: 21, 10_000: 21, 100_000: 15, 1_000_000: 3}


@contextmanager
def standard_json() -> Iterator[None]:
    """msgspec hidden from resolve_json, as when the ``fast`` extra is not installed."""
    saved = _jsonio.msgspec, _jsonio._decoder
    _jsonio.msgspec, _jsonio._decoder = None, None  # type: ignore[assignment]
    try:
        yield
    finally:
        _jsonio.msgspec, _jsonio._decoder = saved


def resolve_json_standard(data: bytes) -> bytes:
    with standard_json():
        return hr.resolve_json(data)


def load() -> str:
    """The load averages (1, 5, 15 minutes): the machine is shared."""
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return " ".join(f"{x:.2f}" for x in os.getloadavg())


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


Pair = tuple[Callable[[], object], Callable[[], object]]


def paired(pairs: dict[str, Pair], rounds: int) -> dict[str, Any]:
    """Per-round ratios: each round times both halves of each pair back to back (the
    order alternating between rounds) and takes their quotient.  Returns, per pair, the
    ratios and both halves' seconds."""
    found: dict[str, Any] = {name: ([], [], []) for name in pairs}
    for round_ in range(rounds):
        for name, (numerator, denominator) in pairs.items():
            seconds = []
            calls = [numerator, denominator] if round_ % 2 == 0 else [denominator, numerator]
            for call in calls:
                gc.collect()
                start = time.perf_counter()
                call()
                seconds.append(time.perf_counter() - start)
            top, bottom = seconds if round_ % 2 == 0 else seconds[::-1]
            ratios, tops, bottoms = found[name]
            ratios.append(top / bottom)
            tops.append(top)
            bottoms.append(bottom)
    return found


def summary(values: list[float]) -> tuple[float, float, float]:
    """Median and interquartile range (first and third quartile)."""
    if len(values) < 2:
        return values[0], values[0], values[0]
    first, _, third = statistics.quantiles(values, n=4, method="inclusive")
    return statistics.median(values), first, third


def measure_size(entries: int, rounds: int) -> dict[str, Any]:
    document = profile(entries)
    data = json.dumps(document).encode()
    output = hr.resolve_document(document)
    check_agreement(document, output)
    if resolve_trusted(document) != output:
        raise SystemExit("resolve_trusted and the engine disagree: benchmark results are void")
    fast = _jsonio.msgspec is not None
    standard = resolve_json_standard(data)
    if standard != json.dumps(hr.resolve_document(json.loads(data))).encode():
        raise SystemExit("resolve_json and json.dumps disagree: benchmark results are void")
    if fast and hr.resolve_json(data) != standard:
        raise SystemExit("resolve_json with msgspec and without disagree: results are void")

    def floor() -> object:
        return json.loads(data), json.dumps(output).encode()

    pairs: dict[str, Pair] = {
        "engine/polars": (lambda: hr.resolve_document(document), lambda: resolve_polars(document)),
        "trusted/polars": (lambda: resolve_trusted(document), lambda: resolve_polars(document)),
        "json/floor": (lambda: resolve_json_standard(data), floor),
    }
    if fast:
        pairs["fast/floor"] = (lambda: hr.resolve_json(data), floor)
    return {"entries": entries, "rounds": rounds, **paired(pairs, rounds)}


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


def seconds(result: dict[str, Any]) -> dict[str, float]:
    """Median seconds of each contender (for the plot and the table's milliseconds)."""
    engine = result["engine/polars"]
    standard = result["json/floor"]
    found = {
        "engine": statistics.median(engine[1]),
        "polars": statistics.median(engine[2]),
        "trusted": statistics.median(result["trusted/polars"][1]),
        "json": statistics.median(standard[1]),
        "floor": statistics.median(standard[2]),
    }
    if "fast/floor" in result:
        found["fast"] = statistics.median(result["fast/floor"][1])
    return found


def plot(results: list[dict[str, Any]], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    sizes = [r["entries"] for r in results]
    medians = [seconds(r) for r in results]
    figure, axes = plt.subplots(figsize=(7, 4.5))
    for name, label in (
        ("engine", "history_resolver.resolve_document"),
        ("polars", "polars (same rules)"),
        ("trusted", "the engine, input read with no check"),
        ("json", "resolve_json, standard json"),
        ("fast", "resolve_json, fast extra (msgspec)"),
        ("floor", "floor: loads + dumps"),
    ):
        if all(name in m for m in medians):
            times = [m[name] / size * 1e6 for m, size in zip(medians, sizes, strict=True)]
            axes.plot(sizes, times, marker="o", label=label)
    axes.set_xscale("log")
    axes.set_xlabel("history entries")
    axes.set_ylabel("microseconds per entry (median)")
    axes.set_title("Time per entry against profile size")
    axes.grid(True, which="both", alpha=0.3)
    axes.legend()
    figure.tight_layout()
    figure.savefig(path, dpi=120)


def ratio(result: dict[str, Any], name: str) -> str:
    """``median [first quartile..third quartile]`` of a pair's per-round ratios."""
    if name not in result:
        return "n/a"
    median, first, third = summary(result[name][0])
    return f"{median:.2f}x [{first:.2f}..{third:.2f}]"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--smoke", action="store_true", help="1k entries, one round")
    parser.add_argument("--sizes", type=int, nargs="+", help="history sizes to run")
    parser.add_argument("--rounds", type=int, help="rounds per size (default: by size)")
    parser.add_argument("--no-extras", action="store_true", help="sizes only: no memory etc.")
    parser.add_argument("--out", type=Path, default=HERE / "results", help="where to write")
    args = parser.parse_args()
    sizes = args.sizes or ([1_000] if args.smoke else sorted(ROUNDS))
    rounds = {size: 1 if args.smoke else args.rounds or ROUNDS.get(size, 3) for size in sizes}
    started_load = load()

    results = []
    for size in sizes:
        print(f"measuring {size:,} entries ...", file=sys.stderr, flush=True)
        results.append(measure_size(size, rounds[size]))

    lines = [
        "| entries | rounds | engine / polars | input trusted / polars "
        "| JSON in-out / floor, standard json | JSON in-out / floor, fast extra | engine "
        "| input trusted | polars | floor | JSON standard | JSON fast |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in results:
        m = seconds(r)
        fast = f"{m['fast'] * 1000:.1f} ms" if "fast" in m else "n/a"
        lines.append(
            f"| {int(r['entries']):,} | {r['rounds']} | {ratio(r, 'engine/polars')} | "
            f"{ratio(r, 'trusted/polars')} | {ratio(r, 'json/floor')} | "
            f"{ratio(r, 'fast/floor')} | {m['engine'] * 1000:.1f} ms | "
            f"{m['trusted'] * 1000:.1f} ms | {m['polars'] * 1000:.1f} ms | "
            f"{m['floor'] * 1000:.1f} ms | {m['json'] * 1000:.1f} ms | {fast} |"
        )
    lines.append("")
    lines.append(
        "Ratios: median of the per-round ratios [interquartile range]; milliseconds: medians. "
        "Input trusted: the same engine and writer, the input read with no check "
        "(trusted.py). "
        f"msgspec: {'installed' if _jsonio.msgspec is not None else 'not installed'}."
    )
    by_size = {int(r["entries"]): seconds(r) for r in results}
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
    if not args.no_extras:
        incremental_size = 1_000 if args.smoke else 100_000
        print(f"measuring incremental at {incremental_size:,} ...", file=sys.stderr, flush=True)
        incremental = measure_incremental(incremental_size, 1 if args.smoke else 5)
        memory_size = 1_000 if args.smoke else max(sizes)
        print(f"measuring memory at {memory_size:,} ...", file=sys.stderr, flush=True)
        peak_mib, per_entry = measure_memory(memory_size)
        import_ms, cold_ms = measure_import(3 if args.smoke else 7)
        lines.append(
            f"- incremental: adding one entry and reading its season at {incremental_size:,} "
            f"entries is {incremental['full'] / incremental['add']:,.0f}x cheaper than "
            f"resolving again ({incremental['add'] * 1e6:.1f} µs against "
            f"{incremental['full'] * 1000:.1f} ms; target >= 1000x)"
        )
        lines.append(
            f"- peak memory resolving {memory_size:,} entries (tracemalloc, input already "
            f"parsed): {peak_mib:.0f} MiB, {per_entry:.0f} bytes per entry (target <= 600)"
        )
        lines.append(
            f"- `import history_resolver`: {import_ms:.1f} ms (target < 50 ms); cold start, "
            f"the import and a first tiny `resolve_document`: {cold_ms:.1f} ms"
        )
    lines.append(f"- load average (1, 5, 15 min): {started_load} at the start, {load()} at the end")
    table = "\n".join(lines)
    print(table)
    if not args.smoke and not args.sizes:
        args.out.mkdir(exist_ok=True)
        (args.out / "latest.md").write_text(table + "\n")
        plot(results, args.out / "time-per-entry.png")
        print(f"\nwritten: {args.out / 'latest.md'}, {args.out / 'time-per-entry.png'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
