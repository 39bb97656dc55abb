"""The ``history-resolver`` command: its subcommands, and what they all share.

Each subcommand is a :class:`~history_resolver._command.Subcommand` defined in its own
module (``resolve``: :mod:`history_resolver._cli_resolve`); :data:`SUBCOMMANDS` lists them,
in the order ``--help`` shows them.  Adding one is a module and a line here.

Exit status: 0 done, 1 invalid input (every problem on stderr, one per line), 2 usage
error.  No traceback reaches the user.
"""

from __future__ import annotations

import argparse
import io
import sys
from collections.abc import Sequence
from typing import NoReturn, TextIO

from . import __version__
from ._batch_cli import COMMAND as BATCH
from ._cli_conformance import COMMAND as CONFORMANCE
from ._cli_resolve import COMMAND as RESOLVE
from ._cli_schema import COMMAND as SCHEMA
from ._command import EXIT_INVALID, EXIT_OK, EXIT_USAGE, InputError, Subcommand, UsageError
from ._errors import HistoryResolverError
from ._serve import COMMAND as SERVE

__all__ = ["SUBCOMMANDS", "build_parser", "console_main", "main"]

SUBCOMMANDS: tuple[Subcommand, ...] = (RESOLVE, SCHEMA, SERVE, BATCH, CONFORMANCE)


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        raise UsageError(message)


def build_parser() -> argparse.ArgumentParser:
    """The command's parser, one subparser per entry of :data:`SUBCOMMANDS`."""
    parser = _Parser(
        prog="history-resolver",
        description="Resolve a Discovr watch history into per-episode and per-movie state.",
        epilog="Run 'history-resolver COMMAND --help' for a command's options.",
    )
    parser.add_argument("--version", action="version", version=f"history-resolver {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for command in SUBCOMMANDS:
        sub = commands.add_parser(
            command.name,
            help=command.help,
            description=command.description,
            epilog=command.epilog or None,
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        command.add_arguments(sub)
        sub.set_defaults(run=command.run)
    return parser


def _run(argv: Sequence[str] | None, out: TextIO, err: TextIO) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
        if args.command is None:
            parser.print_usage(err)
            names = ", ".join(command.name for command in SUBCOMMANDS)
            raise UsageError(f"a command is required ({names})")
        status: int = args.run(args, out, err)
    except UsageError as error:
        err.write(f"history-resolver: error: {error}\n")
        return EXIT_USAGE
    except (InputError, HistoryResolverError) as error:
        err.write(f"{error}\n")
        return EXIT_INVALID
    return status


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
    except SystemExit as exit_:  # argparse's --help and --version
        return exit_.code if isinstance(exit_.code, int) else EXIT_OK
    except Exception as error:  # no traceback ever reaches a user
        sys.stderr.write(f"history-resolver: internal error: {type(error).__name__}: {error}\n")
        return 70


def console_main() -> NoReturn:
    """Entry point of the ``history-resolver`` console script."""
    sys.exit(main())
