"""``history-resolver batch``: the command over :func:`history_resolver.batch.resolve_batch`.

Importing this module costs nothing: Dask is imported only when the command runs, so the
rest of the command works without the ``batch`` extra.  Exit status as for every command:
0 done, 1 invalid input (every problem on stderr, one per line), 2 usage error.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from ._errors import Diagnostic, InvalidInputError

__all__ = ["add_arguments", "run"]

HELP = "resolve every profile in history files against one catalog, on Dask"
DESCRIPTION = (
    "Read history items (JSON Lines or Parquet, each with a profileId) and a shared catalog, "
    "resolve every profile on a Dask cluster (a local one unless --scheduler is given) and "
    "write each output table as a Parquet dataset under --out."
)

# The options the flags set, and the flag that sets each (problems are named by the flag).
_FLAGS = {
    "now": "--now",
    "asOf": "--as-of",
    "completionThreshold": "--threshold",
    "airDateZone": "--air-date-zone",
    "onInvalid": "--skip-invalid",
}


def _count(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number of at least 1")
    return value


def _number(text: str) -> int | float:
    from ._cli import _number as number  # the resolve command's reading of a number flag

    return number(text)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The ``batch`` command's arguments."""
    parser.add_argument(
        "--history",
        nargs="+",
        action="extend",
        required=True,
        metavar="PATH",
        help="JSON Lines or Parquet files of history items with a profileId (or folders)",
    )
    parser.add_argument(
        "--catalog",
        nargs="+",
        action="extend",
        default=[],
        metavar="PATH",
        help="catalog rows: JSON Lines, a JSON array or Parquet (or folders)",
    )
    parser.add_argument(
        "--tmdb",
        nargs="+",
        action="extend",
        default=[],
        metavar="DIR",
        help="folders of TMDB season payloads named after their show (TV_1396-s1.json)",
    )
    parser.add_argument("--out", required=True, metavar="DIR", help="the output folder")
    parser.add_argument("--overwrite", action="store_true", help="replace --out if it exists")
    parser.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        help="a running Dask scheduler (tcp://host:8786); default: a local cluster",
    )
    parser.add_argument(
        "--workers",
        type=_count,
        metavar="N",
        help="worker processes of the local cluster (default: one per core)",
    )
    parser.add_argument(
        "--partitions",
        type=_count,
        metavar="N",
        help="partitions the profiles are shuffled into (default: 4 per worker at least)",
    )
    parser.add_argument("--now", metavar="TIMESTAMP", help="the instant to resolve for")
    parser.add_argument(
        "--as-of", metavar="TIMESTAMP", help="leave out entries updated after this instant"
    )
    parser.add_argument(
        "--threshold", type=_number, metavar="PERCENT", help="completion threshold (default 80)"
    )
    parser.add_argument(
        "--air-date-zone", metavar="ZONE", help="IANA zone in which date-only air dates start"
    )
    parser.add_argument(
        "--skip-invalid",
        action="store_true",
        help="leave invalid items out and report them in the diagnostics table",
    )


def _flag(problem: Diagnostic) -> Diagnostic:
    """An options problem named by the flag that set the option."""
    head, dot, option = problem.path.partition(".")
    if head == "options" and dot and option in _FLAGS:
        return Diagnostic(problem.severity, _FLAGS[option], problem.message)
    return problem


def run(args: argparse.Namespace) -> int:
    """Run the ``batch`` command for parsed arguments; returns the exit status."""
    err = sys.stderr
    try:
        from .batch import resolve_batch
    except ImportError as error:
        err.write(
            "history-resolver: error: the batch command needs the batch extra "
            f"(pip install 'history-resolver[batch]'): {error}\n"
        )
        return 2
    values: dict[str, Any] = {
        "now": args.now,
        "asOf": args.as_of,
        "completionThreshold": args.threshold,
        "airDateZone": args.air_date_zone,
        "onInvalid": "skip" if args.skip_invalid else None,
    }
    options = {key: value for key, value in values.items() if value is not None}
    try:
        result = resolve_batch(
            args.history,
            args.out,
            catalog=args.catalog,
            tmdb=args.tmdb,
            options=options,
            scheduler=args.scheduler,
            workers=args.workers,
            partitions=args.partitions,
            overwrite=args.overwrite,
            show_progress=err.isatty(),
        )
    except InvalidInputError as error:
        for problem in error.problems:
            err.write(f"{_flag(problem)}\n")
        return 1
    except OSError as error:
        err.write(f"history-resolver: error: {error}\n")
        return 2
    rows = ", ".join(f"{table} {count}" for table, count in result.rows.items())
    sys.stdout.write(f"resolved {result.profiles} profiles into {result.out} ({rows} rows)\n")
    return 0
