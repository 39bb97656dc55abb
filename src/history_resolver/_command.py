"""What every subcommand of the ``history-resolver`` command shares.

A subcommand is a :class:`Subcommand`: its name, its help, a function that adds its
arguments to its parser and a function that runs it.  ``_cli.SUBCOMMANDS`` lists them; a new
one is a module with a ``COMMAND = Subcommand(...)`` and one line in that table.  Modules that
define a subcommand must stay cheap to import (every one is imported to build the parser):
import heavy machinery inside ``run``.

Exit statuses are the same for every subcommand: 0 done, 1 invalid input (every problem on
stderr, one per line), 2 usage error.  A subcommand raises :class:`UsageError` or
:class:`InputError` (or lets :class:`~history_resolver.HistoryResolverError` out) and the
command turns it into the status and the stderr line; no traceback reaches a user.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from dataclasses import dataclass
from typing import TextIO, final

from ._json_text import Unreadable

__all__ = [
    "EXIT_INVALID",
    "EXIT_OK",
    "EXIT_USAGE",
    "MAX_INDENT",
    "InputError",
    "Subcommand",
    "Unreadable",
    "UsageError",
    "indent",
]

EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2
MAX_INDENT = 16


class UsageError(Exception):
    """The command line is wrong (exit 2): the message is one line, already worded."""


class InputError(Exception):
    """An input file is not what the command reads (exit 1): one line naming the file.

    ``kind`` says which way it failed, for callers that tell the ways apart (the fuzz
    harness does).
    """

    def __init__(self, message: str, kind: Unreadable) -> None:
        super().__init__(message)
        self.kind: Unreadable = kind


@final
@dataclass(frozen=True, slots=True)
class Subcommand:
    """One subcommand: ``history-resolver NAME ...``.

    ``run(args, out, err)`` returns the exit status; ``epilog`` is printed verbatim at the end
    of ``--help`` (exit statuses, examples).
    """

    name: str
    help: str
    description: str
    add_arguments: Callable[[argparse.ArgumentParser], None]
    run: Callable[[argparse.Namespace, TextIO, TextIO], int]
    epilog: str = ""


def indent(text: str) -> int:
    """The argparse type of every ``--indent N`` flag: 0 to :data:`MAX_INDENT` spaces."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if not 0 <= value <= MAX_INDENT:
        raise argparse.ArgumentTypeError(f"{value} is outside 0..{MAX_INDENT}")
    return value
