"""``history-resolver resolve``: an input document (or its parts) in, the output out.

A thin adapter over :func:`~history_resolver._document.run_document`: it reads the files
(:mod:`history_resolver._files`), takes list-endpoint pages apart
(:mod:`history_resolver._pages`), merges the option flags into the document's options and
writes the output as JSON or as the table (:mod:`history_resolver._table`).  The flag values
are checked by the library's own option rules and refused as usage errors naming the flag.
"""

from __future__ import annotations

import argparse
import json
import time
from collections.abc import Callable, Sequence
from typing import Any, TextIO

from ._assemble import NO_DOCUMENT, Assembled, TmdbPart, assemble, titles
from ._command import EXIT_OK, MAX_INDENT, Subcommand, UsageError, indent
from ._document import run_document
from ._errors import InvalidInputError, Problems
from ._files import Place, check_kind, label, read_document, read_values
from ._gc import collector_paused
from ._ids import MediaId
from ._jsonio import encode
from ._options import read_option
from ._summaries import aired_episodes
from ._table import render_table

__all__ = ["COMMAND", "add_option_flags"]

DESCRIPTION = """\
Read the input document {history, episodes, options} from FILE (or - for stdin) and
write the output document to stdout. Or give the parts: the history with --history (a JSON
array of entries, the list endpoint's page objects, or JSON Lines; one file per flag,
repeat the flag for more) and the catalog with --episodes and/or --tmdb-season. The option
flags override the document's options."""

EPILOG = """\
output:
  stdout gets the output document (JSON, the default) or the table (--format table).
  stderr gets each warning ("warning: PATH: MESSAGE") and, with --skip-invalid, each
  item left out ("skipped: PATH: MESSAGE"), one per line; the JSON output also keeps
  them in its "diagnostics".

exit status:
  0  resolved (warnings and skipped items included)
  1  invalid input: every problem on stderr, one per line ("PATH: MESSAGE"); a file
     that is not JSON, not UTF-8, empty or truncated is invalid input
  2  usage error: an unknown flag, a bad flag value, a file that cannot be opened, or
     a file given in the wrong place (a history page as FILE, an input document to
     --history, a TMDB payload to --episodes, ...): one line saying what it looks like

examples:
  history-resolver resolve examples/breaking-bad.json --format table
  history-resolver resolve - --now 2026-11-28T00:00:00Z < document.json
  history-resolver resolve --history page-1.json --history page-2.json \\
      --tmdb-season TV_1396=season-1.json --tmdb-season TV_1396=season-2.json
  history-resolver resolve --history history.jsonl --episodes catalog.json --skip-invalid
"""


def _option_problem(key: str, value: object) -> str | None:
    """What the library's rule for the option ``key`` says is wrong with ``value``, or
    ``None``: the rule is checked where it lives (:func:`~history_resolver._options.read_option`,
    the reading of the document's ``options``)."""
    problems = Problems()
    read_option(key, value, problems, f"options.{key}")
    return "; ".join(p.message for p in problems.items) or None


def _option(key: str, read: Callable[[str], object] = str) -> Callable[[str], object]:
    """An argparse type for a flag that stands for the option ``key``: its value as
    ``read`` reads it, refused (a usage error naming the flag) when the option's rule
    refuses it."""

    def check(text: str) -> object:
        value = read(text)
        problem = _option_problem(key, value)
        if problem is not None:
            raise argparse.ArgumentTypeError(problem)
        return value

    return check


def _number(text: str) -> object:
    """A number flag as a JSON number (``80`` stays an integer in messages); anything that
    is not a JSON number stays text, for the option's rule to refuse."""
    try:
        value = json.loads(text)
    except ValueError:
        return text
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return text
    return value


def add_option_flags(parser: argparse.ArgumentParser) -> None:
    """The flags that stand for options (``--now``, ``--as-of``, ``--threshold``,
    ``--air-date-zone``), each value checked by the option's rule as it is read; every
    command that takes options takes these."""
    parser.add_argument(
        "--now", type=_option("now"), metavar="TIMESTAMP", help="the instant to resolve for"
    )
    parser.add_argument(
        "--as-of",
        type=_option("asOf"),
        metavar="TIMESTAMP",
        help="leave out entries updated after this instant",
    )
    parser.add_argument(
        "--threshold",
        type=_option("completionThreshold", _number),
        metavar="PERCENT",
        help="completion threshold, 0 < PERCENT <= 100 (default: 80)",
    )
    parser.add_argument(
        "--air-date-zone",
        type=_option("airDateZone"),
        metavar="ZONE",
        help="IANA zone in which date-only air dates start (default: UTC)",
    )


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The arguments of ``resolve``."""
    parser.add_argument("file", nargs="?", metavar="FILE", help="input document; - for stdin")
    parser.add_argument(
        "--history",
        action="append",
        default=[],
        metavar="FILE",
        help="history: a JSON array of entries, list-endpoint page object(s), or JSON Lines; "
        "one file per flag, repeatable (pages are taken in the order given)",
    )
    parser.add_argument(
        "--episodes",
        action="append",
        default=[],
        metavar="FILE",
        help='catalog rows: a JSON array, JSON Lines, or {"episodes": [...]}; repeatable',
    )
    parser.add_argument(
        "--tmdb-season",
        action="append",
        default=[],
        metavar="MEDIA_ID=FILE",
        help="a TMDB season (or TV details with appended seasons) payload for a show; repeatable",
    )
    add_option_flags(parser)
    parser.add_argument(
        "--skip-invalid",
        action="store_true",
        help="leave invalid entries and rows out, report each (stderr and diagnostics) "
        "instead of failing",
    )
    parser.add_argument(
        "--format",
        choices=("json", "table"),
        default="json",
        help="output format: the JSON output document, or a table for people (default: json)",
    )
    parser.add_argument(
        "--indent",
        type=indent,
        metavar="N",
        help=f"indent the JSON output by N spaces, 0..{MAX_INDENT} (default: one line)",
    )


def _values(names: Sequence[str], place: Place) -> list[Any]:
    """The JSON values of the files given to ``place``, each file checked for its kind."""
    values: list[Any] = []
    for name in names:
        read = read_values(name)
        check_kind(read, label(name), place)
        values.extend(read)
    return values


def _tmdb_parts(specs: Sequence[str]) -> list[TmdbPart]:
    """The ``--tmdb-season MEDIA_ID=FILE`` payloads, each with its show."""

    parts: list[TmdbPart] = []
    for spec in specs:
        media, sep, name = spec.partition("=")
        if not sep or not name:
            raise UsageError(f"--tmdb-season takes MEDIA_ID=FILE, not {spec!r}")
        try:
            show = MediaId.parse(media)
        except InvalidInputError:
            raise UsageError(f"--tmdb-season: {media!r} is not a media id") from None
        if show.kind != "tv":
            raise UsageError(f"--tmdb-season: {media!r} is a movie, not a show")
        parts.append(TmdbPart(show, read_document(name, "--tmdb-season"), name))
    return parts


def _document(args: argparse.Namespace) -> Assembled:
    """The input document the command line describes, options flags merged in, and the
    diagnostics found in the parts it was made of (TMDB payloads, pages)."""

    if args.file is not None and args.history:
        raise UsageError(
            "give either FILE or --history, not both "
            "(--history takes one file: repeat the flag for each file)"
        )
    if args.file is None and not args.history:
        raise UsageError("give an input document FILE (or -), or --history")
    document = NO_DOCUMENT if args.file is None else read_document(args.file)
    history = _values(args.history, "--history")
    catalog = _values(args.episodes, "--episodes")
    flags = {
        "now": args.now,
        "asOf": args.as_of,
        "completionThreshold": args.threshold,
        "airDateZone": args.air_date_zone,
        "onInvalid": "skip" if args.skip_invalid else None,
    }
    return assemble(document, history, catalog, _tmdb_parts(args.tmdb_season), flags)


def run(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """Resolve what the command line describes; write the output, then the diagnostics."""

    document, extra = _document(args)
    with collector_paused():
        result = run_document(document, time.time_ns, extra)
    output = result.output
    if args.format == "table":
        aired = aired_episodes(result.decisions.episodes)
        out.write(render_table(output, aired, titles(output, document["history"])))
    else:
        # (resolve_json's writer: msgspec's bytes when the fast extra has them right)
        out.write(encode(output, args.indent).decode("ascii") + "\n")
    out.flush()
    for diagnostic in output["diagnostics"]:
        said = "warning" if diagnostic["severity"] == "warning" else "skipped"
        err.write(f"{said}: {diagnostic['path']}: {diagnostic['message']}\n")
    return EXIT_OK


COMMAND = Subcommand(
    name="resolve",
    help="resolve an input document (or separate history and catalog files)",
    description=DESCRIPTION,
    add_arguments=add_arguments,
    run=run,
    epilog=EPILOG,
)
