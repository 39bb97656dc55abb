"""``history-resolver conformance``: check an implementation against the conformance vectors.

Each selected vector's input goes to the implementation's command on stdin (or, with
``--batch``, all of them as JSON Lines to one run); its answers are compared with the
expectations (:mod:`history_resolver._conformance`).  One ``FAIL`` line per failing vector
and a summary go to stdout.
"""

from __future__ import annotations

import argparse
from typing import Any, TextIO

from ._command import EXIT_OK, Subcommand, UsageError

__all__ = ["COMMAND"]

EXIT_FAILED = 1

DESCRIPTION = """\
Check an implementation of docs/rules.md against the conformance vectors shipped with
this library: each vector's input document goes to CMD on stdin; CMD must write the
expected output document (exit status 0), or exit non-zero for an input that breaks a rule.
With --batch, CMD runs once and answers one JSON line per input line."""

EPILOG = """\
exit status:
  0  every selected vector passed
  1  some vector failed (one line each: FAIL id [rules]: what differs)
  2  usage error (no CMD, nothing selected, a vectors file that cannot be read)

examples:
  history-resolver conformance --command "history-resolver resolve -"
  history-resolver conformance --command "node my-resolver.mjs" --rule strictly-before
  history-resolver conformance --command "./resolver --lines" --batch --id 'examples/*'
  history-resolver conformance --dump > vectors.jsonl
"""


def _positive(kind: type[int] | type[float]) -> Any:
    def read(text: str) -> int | float:
        try:
            value = kind(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
        if not value > 0:
            raise argparse.ArgumentTypeError(f"{text!r} is not above 0")
        return value

    return read


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The arguments of ``conformance``."""
    parser.add_argument(  # not dest "command": the subcommand's name is there
        "--command", dest="implementation", metavar="CMD", help="the implementation to check"
    )
    parser.add_argument(
        "--batch", action="store_true", help="run CMD once; one JSON line in and out per vector"
    )
    parser.add_argument(
        "--rule",
        action="append",
        default=[],
        metavar="ANCHOR",
        help="only vectors that exercise this rule (a docs/rules.md anchor); repeatable",
    )
    parser.add_argument(
        "--id",
        action="append",
        default=[],
        metavar="PATTERN",
        help="only vectors whose id matches (shell-style, 'examples/*'); repeatable",
    )
    parser.add_argument(
        "--timeout",
        type=_positive(float),
        default=10.0,
        metavar="SECONDS",
        help="time allowed per vector (default 10)",
    )
    parser.add_argument(
        "--jobs",
        type=_positive(int),
        default=2,
        metavar="N",
        help="vectors run at once (default 2)",
    )
    parser.add_argument("--vectors", metavar="FILE", help="another vectors file")
    parser.add_argument("--list", action="store_true", help="list the selected vectors, run none")
    parser.add_argument("--dump", action="store_true", help="write the bundled vectors file")


def run(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """Run ``history-resolver conformance``; returns the exit status."""
    import shlex
    import shutil

    from ._conformance import VectorsError, bundled_text, read_vectors, run_batch, run_each, select

    if args.dump:
        out.write(bundled_text())
        return EXIT_OK
    try:
        if args.vectors is None:
            text = bundled_text()
        else:
            with open(args.vectors, encoding="utf-8") as handle:
                text = handle.read()
        version, vectors = read_vectors(text)
    except (OSError, UnicodeDecodeError) as error:
        raise UsageError(f"cannot read {args.vectors}: {error}") from None
    except VectorsError as error:
        raise UsageError(f"{args.vectors}: {error}") from None
    chosen = select(vectors, args.rule, args.id)
    if not chosen:
        raise UsageError("no vector matches the --rule and --id given")
    if args.list:
        for vector in chosen:
            out.write(f"{vector.id}  [{', '.join(vector.rules)}]\n")
        return EXIT_OK
    if not args.implementation:
        raise UsageError("give the implementation to check with --command CMD")
    try:
        argv = shlex.split(args.implementation)
    except ValueError as error:
        raise UsageError(f"--command: {error}") from None
    if not argv or shutil.which(argv[0]) is None:
        raise UsageError(f"--command: cannot run {args.implementation!r}: not found")
    if args.batch:
        results = run_batch(argv, chosen, args.timeout)
    else:
        results = run_each(argv, chosen, args.timeout, args.jobs)
    failed = 0
    for vector, result in zip(chosen, results, strict=True):
        if result is not None:
            failed += 1
            out.write(f"FAIL {vector.id} [{', '.join(vector.rules)}]: {result}\n")
    summary = f"conformance {version}: {len(chosen) - failed} of {len(chosen)} vectors passed"
    out.write(summary + (f", {failed} failed\n" if failed else "\n"))
    return EXIT_FAILED if failed else EXIT_OK


COMMAND = Subcommand(
    name="conformance",
    help="check an implementation of the rules against the conformance vectors",
    description=DESCRIPTION,
    add_arguments=add_arguments,
    run=run,
    epilog=EPILOG,
)
