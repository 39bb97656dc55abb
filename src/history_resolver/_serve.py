"""``history-resolver serve``: the HTTP service (:mod:`history_resolver.server`) under uvicorn.

Cheap to import (the command imports every subcommand to build its parser): Starlette and
uvicorn (the ``server`` extra) are imported only by :func:`run`, so the command works
without them until ``serve`` is asked for.

Worker processes (``--workers N``) import the app by name and build it with
:func:`app_from_environment` from the settings :func:`run` leaves in the environment (the
way uvicorn hands an app to the processes it starts).  On SIGTERM uvicorn stops accepting
connections, finishes every request in flight, and the command exits with status 0.
"""

from __future__ import annotations

import argparse
import copy
import json
import os
import signal
from typing import TYPE_CHECKING, Any, NoReturn, TextIO

from ._command import EXIT_OK, Subcommand, UsageError

if TYPE_CHECKING:
    from starlette.applications import Starlette

__all__ = ["COMMAND", "add_arguments", "app_from_environment", "run"]

ENVIRONMENT = "HISTORY_RESOLVER_SERVE"
FACTORY = "history_resolver._serve:app_from_environment"


def _count(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"{text} is not at least 1")
    return value


def _port(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = -1
    if not 0 <= value <= 65535:
        raise argparse.ArgumentTypeError(f"{text!r} is not a port (0 to 65535)")
    return value


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The ``serve`` subcommand's options."""
    parser.add_argument(
        "--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)"
    )
    parser.add_argument(
        "--port",
        type=_port,
        default=8000,
        help="port to listen on (default 8000; 0 picks a free one, named in the log)",
    )
    parser.add_argument(
        "--workers",
        type=_count,
        default=1,
        metavar="N",
        help="server processes (default 1); each resolves one document at a time",
    )
    parser.add_argument(
        "--max-body-bytes",
        type=_count,
        metavar="N",
        help="largest request body accepted, in bytes (default 67108864, 64 MiB)",
    )


def app_from_environment() -> Starlette:
    """The app with the settings :func:`run` put in the environment (uvicorn's factory)."""
    from .server import create_app

    settings: dict[str, Any] = json.loads(os.environ.get(ENVIRONMENT, "{}"))
    return create_app(**settings)


def _log_config() -> dict[str, Any]:
    """uvicorn's logging, plus the service's access log on the same stderr handler."""
    from uvicorn.config import LOGGING_CONFIG

    config = copy.deepcopy(LOGGING_CONFIG)
    config["loggers"]["history_resolver"] = {
        "handlers": ["default"],
        "level": "INFO",
        "propagate": False,
    }
    return config


def _stopped(signum: int, frame: object) -> NoReturn:
    raise SystemExit(0)


def run(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """Serve until SIGTERM or SIGINT; returns the exit status (logs go to stderr)."""
    try:
        import uvicorn

        from . import server  # noqa: F401 (Starlette is there)
    except ImportError as error:
        raise UsageError(
            f"serve needs the server extra (pip install 'history-resolver[server]'): {error}"
        ) from None
    settings = {} if args.max_body_bytes is None else {"max_body_bytes": args.max_body_bytes}
    os.environ[ENVIRONMENT] = json.dumps(settings)
    # uvicorn shuts down gracefully on SIGTERM, then raises the signal again for the handler
    # it found: this one ends the command normally (status 0), as does a SIGTERM that comes
    # before uvicorn is listening.
    signal.signal(signal.SIGTERM, _stopped)
    try:
        uvicorn.run(
            FACTORY,
            factory=True,
            host=args.host,
            port=args.port,
            workers=args.workers,
            log_config=_log_config(),
            access_log=False,  # the app logs each request itself, with duration and size
        )
    except SystemExit as exit_:  # uvicorn exits 3 when it cannot start (said in its log)
        return exit_.code if isinstance(exit_.code, int) else EXIT_OK
    return EXIT_OK


COMMAND = Subcommand(
    name="serve",
    help="run the HTTP service (needs the server extra)",
    description=(
        "Serve POST /v1/resolve, the JSON Schemas and /openapi.json over HTTP "
        "(docs/server.md). Logs, one line per request among them, go to stderr."
    ),
    add_arguments=add_arguments,
    run=run,
    epilog=(
        "On SIGTERM or Ctrl-C the requests in flight are answered, then it exits 0.\n"
        "Exit status: 0 stopped, 2 usage error (or the server extra missing), 3 could not\n"
        "start (the address is taken)."
    ),
)
