"""The ``history-resolver`` command: a thin adapter over :func:`resolve_document`.

Exit status: 0 resolved, 1 invalid input (every problem on stderr, one per line),
2 usage error.  No traceback reaches the user.
"""

from __future__ import annotations

import argparse
import io
import json
import sys
import time
from collections.abc import Sequence
from typing import Any, NoReturn, TextIO

from . import _conformance
from ._document import run_document
from ._errors import Diagnostic, HistoryResolverError, InvalidInputError
from ._gc import collector_paused
from ._ids import MediaId
from ._table import render_table
from ._tmdb import read_tmdb

__all__ = ["main"]

EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2


class _InputError(Exception):
    """Input that is not a JSON document at all (one line, already worded)."""


class _UsageError(Exception):
    pass


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        raise _UsageError(message)


def _build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="history-resolver",
        description="Resolve a Discovr watch history into per-episode and per-movie state.",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    resolve = commands.add_parser(
        "resolve",
        help="resolve an input document (or separate history and catalog files)",
        description=(
            "Read the input document {history, episodes, options} from FILE (or - for stdin) "
            "and write the output document. Or pass the history and catalog separately with "
            "--history and --episodes / --tmdb-season."
        ),
    )
    resolve.add_argument("file", nargs="?", metavar="FILE", help="input document; - for stdin")
    resolve.add_argument(
        "--history",
        nargs="+",
        action="extend",
        metavar="FILE",
        help="history as a JSON array, the list endpoint's page object(s), or JSON Lines",
    )
    resolve.add_argument(
        "--episodes", metavar="FILE", help="catalog as a JSON array of episode rows, or JSON Lines"
    )
    resolve.add_argument(
        "--tmdb-season",
        action="append",
        default=[],
        metavar="MEDIA_ID=FILE",
        help="a TMDB season (or TV details with appended seasons) payload for a show; repeatable",
    )
    resolve.add_argument("--now", metavar="TIMESTAMP", help="the instant to resolve for")
    resolve.add_argument(
        "--as-of", metavar="TIMESTAMP", help="leave out entries updated after this instant"
    )
    resolve.add_argument(
        "--threshold", type=_number, metavar="PERCENT", help="completion threshold (default 80)"
    )
    resolve.add_argument(
        "--air-date-zone", metavar="ZONE", help="IANA zone in which date-only air dates start"
    )
    resolve.add_argument(
        "--skip-invalid",
        action="store_true",
        help="leave invalid entries out and report them in diagnostics instead of failing",
    )
    resolve.add_argument(
        "--format", choices=("json", "table"), default="json", help="output format"
    )
    resolve.add_argument(
        "--indent", type=int, metavar="N", help="indent the JSON output by N spaces"
    )
    schema = commands.add_parser(
        "schema",
        help="print the JSON Schema of the input or the output document",
        description="Print the JSON Schema (draft 2020-12) of the input or the output document.",
    )
    schema.add_argument("kind", choices=("input", "output"), help="which document")
    schema.add_argument("--indent", type=int, metavar="N", help="indent the JSON by N spaces")
    _conformance.add_arguments(
        commands.add_parser("conformance", help="check an implementation against the vectors")
    )
    return parser


def _print_schema(args: argparse.Namespace, out: TextIO) -> int:
    from ._schema import schema  # read only by this command

    out.write(json.dumps(schema(args.kind), indent=args.indent) + "\n")
    return EXIT_OK


def _read(name: str) -> str:
    try:
        if name == "-":
            data = sys.stdin.buffer.read()
            name = "stdin"
        else:
            with open(name, "rb") as handle:
                data = handle.read()
    except OSError as error:
        raise _UsageError(f"cannot read {name}: {error.strerror or error}") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise _InputError(
            f"{name}: not UTF-8 (byte 0x{data[error.start]:02x} at offset {error.start})"
        ) from None
    if not text.strip():
        raise _InputError(f"{name}: empty input; expected JSON")
    return text


def _loads(text: str, name: str) -> list[Any]:
    """Every JSON value in ``text``: one document, or several (JSON Lines, concatenated)."""
    decoder = json.JSONDecoder()
    values: list[Any] = []
    position, end = 0, len(text)
    try:
        while True:
            while position < end and text[position] in " \t\r\n":
                position += 1
            if position == end:
                return values
            value, position = decoder.raw_decode(text, position)
            values.append(value)
    except json.JSONDecodeError as error:
        raise _InputError(
            f"{name}: not valid JSON: {error.msg} (line {error.lineno}, column {error.colno})"
        ) from None
    except RecursionError:
        raise _InputError(f"{name}: not readable: JSON nested too deeply") from None
    except ValueError:  # the only other error json raises: an over-long integer literal
        raise _InputError(f"{name}: not readable: a number has too many digits") from None


def _one_document(name: str) -> Any:
    label = "stdin" if name == "-" else name
    values = _loads(_read(name), label)
    if len(values) != 1:
        raise _InputError(f"{label}: holds {len(values)} JSON values; expected one document")
    return values[0]


def _history_items(names: Sequence[str]) -> list[Any]:
    items: list[Any] = []
    for name in names:
        label = "stdin" if name == "-" else name
        for value in _loads(_read(name), label):
            if isinstance(value, list):
                items.extend(value)
            elif isinstance(value, dict) and isinstance(value.get("items"), list):
                items.extend(value["items"])  # a page of the list endpoint
            else:
                items.append(value)  # one entry (JSON Lines)
    return items


def _catalog_rows(name: str) -> list[Any]:
    label = "stdin" if name == "-" else name
    rows: list[Any] = []
    for value in _loads(_read(name), label):
        if isinstance(value, list):
            rows.extend(value)
        elif isinstance(value, dict) and isinstance(value.get("episodes"), list):
            rows.extend(value["episodes"])
        else:
            rows.append(value)
    return rows


def _tmdb_rows(specs: Sequence[str]) -> tuple[list[dict[str, Any]], list[Diagnostic]]:
    """Catalog rows from ``--tmdb-season`` payloads, and the problems found in them."""
    rows: list[dict[str, Any]] = []
    problems: list[Diagnostic] = []
    for spec in specs:
        media, sep, name = spec.partition("=")
        if not sep or not name:
            raise _UsageError(f"--tmdb-season takes MEDIA_ID=FILE, not {spec!r}")
        try:
            show = MediaId.parse(media)
        except InvalidInputError:
            raise _UsageError(f"--tmdb-season: {media!r} is not a media id") from None
        if show.kind != "tv":
            raise _UsageError(f"--tmdb-season: {media!r} is a movie, not a show")
        payload = _one_document(name)
        episodes, found = read_tmdb(show, payload, path=f"tmdb[{json.dumps(name)}]")
        problems.extend(found)
        rows.extend(
            {
                "mediaId": str(e.media_id),
                "season": e.season,
                "episode": e.episode,
                "airDate": None if e.air_date is None else e.air_date.isoformat(),
            }
            for e in episodes
        )
    return rows, problems


def _document(args: argparse.Namespace) -> tuple[Any, list[Diagnostic]]:
    """The input document the command line describes, options flags merged in, and the
    problems found in the TMDB payloads it took its catalog from."""
    if args.file is not None and args.history:
        raise _UsageError("give either FILE or --history, not both")
    if args.file is None and not args.history:
        raise _UsageError("give an input document FILE (or -), or --history")
    if args.file is not None:
        document = _one_document(args.file)
        if not isinstance(document, dict):
            return document, []  # the document layer words the problem
        document = dict(document)
    else:
        document = {"history": _history_items(args.history)}
    extra: list[Any] = []
    if args.episodes is not None:
        extra.extend(_catalog_rows(args.episodes))
    tmdb, problems = _tmdb_rows(args.tmdb_season)
    extra.extend(tmdb)
    existing = document.get("episodes")
    if extra and (existing is None or isinstance(existing, list)):
        # (an invalid "episodes" stays as it is, for the document layer to report)
        document["episodes"] = (existing or []) + extra
    flags = {
        "now": args.now,
        "asOf": args.as_of,
        "completionThreshold": args.threshold,
        "airDateZone": args.air_date_zone,
        "onInvalid": "skip" if args.skip_invalid else None,
    }
    options = document.get("options")
    if any(value is not None for value in flags.values()) and (
        options is None or isinstance(options, dict)
    ):
        merged = dict(options or {})
        merged.update({key: value for key, value in flags.items() if value is not None})
        document["options"] = merged
    return document, problems


def _number(text: str) -> int | float:
    """A number flag as the user wrote it (``80`` stays an integer in messages)."""
    try:
        return int(text)
    except ValueError:
        try:
            return float(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None


def _run(argv: Sequence[str] | None, out: TextIO, err: TextIO) -> int:
    parser = _build_parser()
    try:
        args = parser.parse_args(argv)
        if args.command is None:
            parser.print_usage(err)
            raise _UsageError("a command is required (resolve)")
        if args.command == "schema":
            return _print_schema(args, out)
        if args.command == "conformance":
            return _conformance.run(args, out, err)
        document, tmdb_problems = _document(args)
        with collector_paused():
            run = run_document(document, time.time_ns, tmdb_problems)
    except _UsageError as error:
        err.write(f"history-resolver: error: {error}\n")
        return EXIT_USAGE
    except _InputError as error:
        err.write(f"{error}\n")
        return EXIT_INVALID
    except HistoryResolverError as error:
        err.write(f"{error}\n")
        return EXIT_INVALID
    if args.format == "table":
        aired = {row[:3]: row[4] is not None and row[4] < run.now for row in run.decisions.episodes}
        text = render_table(run.output, aired)
    else:
        # ASCII: a lone surrogate (valid JSON) in a diagnostic must not break the output.
        text = json.dumps(run.output, indent=args.indent) + "\n"
    out.write(text)
    return EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command; returns the exit status (the console script exits with it)."""
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper):  # never fail on text the terminal can't show
            stream.reconfigure(errors="backslashreplace")
    try:
        return _run(argv, sys.stdout, sys.stderr)
    except BrokenPipeError:
        return EXIT_OK
    except KeyboardInterrupt:
        return 130
    except SystemExit as exit_:  # argparse's --help
        return exit_.code if isinstance(exit_.code, int) else EXIT_OK
    except Exception as error:  # no traceback ever reaches a user
        sys.stderr.write(f"history-resolver: internal error: {type(error).__name__}: {error}\n")
        return 70


def console_main() -> NoReturn:
    """Entry point of the ``history-resolver`` console script."""
    sys.exit(main())
