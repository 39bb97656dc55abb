"""``history-resolver schema``: print the JSON Schema of the input or the output document."""

from __future__ import annotations

import argparse
import json
from typing import TextIO

from ._command import EXIT_OK, MAX_INDENT, Subcommand, indent

__all__ = ["COMMAND"]


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The arguments of ``schema``."""
    parser.add_argument("kind", choices=("input", "output"), help="which document")
    parser.add_argument(
        "--indent",
        type=indent,
        metavar="N",
        help=f"indent the JSON by N spaces, 0..{MAX_INDENT} (default: one line)",
    )


def run(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """Print the schema."""
    from ._schema import schema  # read only by this command

    out.write(json.dumps(schema(args.kind), indent=args.indent) + "\n")
    return EXIT_OK


COMMAND = Subcommand(
    name="schema",
    help="print the JSON Schema of the input or the output document",
    description="Print the JSON Schema (draft 2020-12) of the input or the output document.",
    add_arguments=add_arguments,
    run=run,
)
