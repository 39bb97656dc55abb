"""``history-resolver batch``: the command over :func:`history_resolver.batch.resolve_batch`.

Importing this module costs nothing: Dask is imported only when the command runs, so the
other subcommands work without the ``batch`` extra.  The option flags are those of
``resolve``, checked by the library's own option rules when the command line is read.
"""

from __future__ import annotations

import argparse
from typing import Any, TextIO

from ._cli_resolve import add_option_flags
from ._command import EXIT_OK, Subcommand, UsageError

__all__ = ["COMMAND"]

DESCRIPTION = """\
Read history items (JSON Lines or Parquet files, each item with a profileId) and one catalog
shared by every profile, resolve every profile on a Dask cluster (a local one on this
machine's cores unless --scheduler names one) and write each output table as a Parquet
dataset under --out. --out appears only when everything is written."""

EPILOG = """\
output:
  --out/TABLE/part-NNNNN.parquet for each table: episodes, movies, seasons, shows,
  inProgress, diagnostics (docs/batch.md lists every column). stdout gets one line
  saying how many profiles and rows were written; a progress bar goes to stderr when
  stderr is a terminal.

exit status:
  0  written
  1  invalid input (without --skip-invalid): every problem on stderr, one per line,
     "profile ID: PATH: MESSAGE"; nothing is written
  2  usage error: a bad flag, a missing file, an existing --out without --overwrite

examples:
  history-resolver batch --history exports/ --catalog catalog.jsonl --out screens/ \\
      --now 2026-11-28T00:00:00Z
  history-resolver batch --history a.parquet b.parquet --tmdb tmdb/ --out screens/ \\
      --scheduler tcp://scheduler:8786 --skip-invalid --overwrite
"""


def _count(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number of at least 1")
    return value


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The arguments of ``batch``."""
    parser.add_argument(
        "--history",
        nargs="+",
        action="extend",
        required=True,
        metavar="PATH",
        help="JSON Lines or Parquet files of history items with a profileId, or folders",
    )
    parser.add_argument(
        "--catalog",
        nargs="+",
        action="extend",
        default=[],
        metavar="PATH",
        help="catalog rows: JSON Lines, a JSON array or Parquet files, or folders",
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
        help="partitions the profiles are shuffled into (default: at least 4 per worker)",
    )
    add_option_flags(parser)
    parser.add_argument(
        "--skip-invalid",
        action="store_true",
        help="leave invalid items out and report them in the diagnostics table",
    )


def run(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """Run the batch the command line describes; say what was written."""
    try:
        from .batch import resolve_batch
    except ImportError as error:
        raise UsageError(
            "the batch command needs the batch extra "
            f"(pip install 'history-resolver[batch]'): {error}"
        ) from None
    values: dict[str, Any] = {
        "now": args.now,
        "asOf": args.as_of,
        "completionThreshold": args.threshold,
        "airDateZone": args.air_date_zone,
        "onInvalid": "skip" if args.skip_invalid else None,
    }
    try:
        result = resolve_batch(
            args.history,
            args.out,
            catalog=args.catalog,
            tmdb=args.tmdb,
            options={key: value for key, value in values.items() if value is not None},
            scheduler=args.scheduler,
            workers=args.workers,
            partitions=args.partitions,
            overwrite=args.overwrite,
            show_progress=err.isatty(),
        )
    except OSError as error:  # a missing file, an existing --out, a file gone meanwhile
        raise UsageError(str(error)) from None
    rows = ", ".join(f"{table} {count}" for table, count in result.rows.items())
    out.write(f"resolved {result.profiles} profiles into {result.out} ({rows} rows)\n")
    return EXIT_OK


COMMAND = Subcommand(
    name="batch",
    help="resolve every profile in history files against one catalog, on Dask",
    description=DESCRIPTION,
    add_arguments=add_arguments,
    run=run,
    epilog=EPILOG,
)
