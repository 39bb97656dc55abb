"""Paired timing of the working tree against a git revision, in one process.

    python benchmarks/compare.py                     # against main, 10k and 100k, 15 rounds
    python benchmarks/compare.py --base HEAD~1 --sizes 1000 10000 --rounds 21

The package as it is at ``--base`` is extracted (``git archive``) into a temporary
directory under another name and imported beside the working tree's package.  Each round
times ``resolve_document`` once with each, in alternating order, and takes the ratio
new / base of that round: a noisy neighbour slows both halves of a round alike, so the
per-round ratios are what to read.  The report gives their median and interquartile range.
Times are the process's CPU time (``time.process_time``), not wall time, so that minutes
when a neighbour holds both cores do not count as ours.
Both packages must give the same output document on the profile, or nothing is timed.

``--part engine`` times only what follows the reading of the document (the engine, the
summaries and the output document) on entries read once beforehand: a change there shows
up in a ratio undiluted by the reading, which is most of ``resolve_document``.
``--part json`` times ``resolve_json`` on the profile as JSON text (bytes in, bytes out,
with the ``fast`` extra when it is installed; ``--standard`` hides it from both packages,
as when the extra is absent).
"""

from __future__ import annotations

import argparse
import gc
import importlib
import inspect
import io
import json
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
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from generate import profile  # noqa: E402

import history_resolver as new  # noqa: E402

BASE_NAME = "history_resolver_base"


def load_base(revision: str, into: Path) -> Any:
    """Import the package as it is at ``revision`` as ``history_resolver_base``."""
    archive = subprocess.run(
        ["git", "archive", "--format=tar", revision, "src/history_resolver"],
        cwd=ROOT,
        check=True,
        capture_output=True,
    ).stdout
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(into, filter="data")
    (into / "src" / "history_resolver").rename(into / BASE_NAME)
    sys.path.insert(0, str(into))
    return importlib.import_module(BASE_NAME)


def _reader(package: Any) -> Any:
    """The package's reader of the input document (``_input``, ``_validate`` before it)."""
    try:
        return importlib.import_module(f"{package.__name__}._input")
    except ModuleNotFoundError:
        return importlib.import_module(f"{package.__name__}._validate")


def engine_part(package: Any, document: dict[str, Any]) -> Callable[[], object]:
    """A call of the package's engine, summaries and renderer on the document, read once."""
    parsed = _reader(package).parse_document(document, time.time_ns)
    entries = list(parsed.entries)
    decide = importlib.import_module(f"{package.__name__}._engine").decide
    render = importlib.import_module(f"{package.__name__}._document").render

    # decide took no ``now`` before the engine decided "aired" itself
    extra = (parsed.now,) if "now" in inspect.signature(decide).parameters else ()

    def run() -> object:
        gc.disable()  # as resolve_document does
        try:
            decisions = decide(entries, parsed.catalog, parsed.threshold, parsed.as_of, *extra)
            return render(decisions, parsed.now, parsed.threshold, list(decisions.warnings))
        finally:
            gc.enable()

    return run


def paired(base: Any, entries: int, rounds: int, part: str) -> tuple[float, float, float, float]:
    """Median and quartiles of the per-round ratio new / base, and the median new time."""
    document = profile(entries)
    calls: dict[str, Callable[[], object]]
    if part == "engine":
        calls = {"new": engine_part(new, document), "base": engine_part(base, document)}
    elif part == "json":
        data = json.dumps(document).encode()
        calls = {
            "new": lambda: new.resolve_json(data),
            "base": lambda: base.resolve_json(data),
        }
    else:
        calls = {
            "new": lambda: new.resolve_document(document),
            "base": lambda: base.resolve_document(document),
        }
    if calls["new"]() != calls["base"]():
        raise SystemExit(f"the two packages disagree at {entries} entries: nothing timed")
    ratios: list[float] = []
    new_times: list[float] = []
    for round_ in range(rounds):
        order = ["new", "base"] if round_ % 2 == 0 else ["base", "new"]
        taken: dict[str, float] = {}
        for name in order:
            gc.collect()
            start = time.process_time()
            calls[name]()
            taken[name] = time.process_time() - start
        ratios.append(taken["new"] / taken["base"])
        new_times.append(taken["new"])
    q1, median, q3 = statistics.quantiles(ratios, n=4, method="inclusive")
    return median, q1, q3, statistics.median(new_times)


def hide_msgspec(package: Any) -> None:
    """The package's JSON text module as without the ``fast`` extra."""
    jsonio = importlib.import_module(f"{package.__name__}._jsonio")
    jsonio.msgspec = None
    jsonio._decoder = None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base", default="main", help="git revision to compare against")
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--part", choices=["document", "engine", "json"], default="document")
    parser.add_argument("--standard", action="store_true", help="json: without msgspec")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temp:
        base = load_base(args.base, Path(temp))
        if args.standard:
            hide_msgspec(new)
            hide_msgspec(base)
        what = {
            "document": "resolve_document",
            "engine": "engine + summaries + output",
            "json": "resolve_json (bytes in, bytes out)",
        }[args.part] + (", msgspec hidden" if args.standard else "")
        print(f"new / {args.base}, {what}, {args.rounds} paired rounds, CPU time")
        print("| entries | median ratio | IQR | new (median) |")
        print("| ---: | ---: | ---: | ---: |")
        for entries in args.sizes:
            median, q1, q3, taken = paired(base, entries, args.rounds, args.part)
            print(
                f"| {entries:,} | {median:.3f} | {q1:.3f} .. {q3:.3f} | {taken * 1000:.1f} ms |",
                flush=True,
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
