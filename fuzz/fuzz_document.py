"""Fuzz the input document path: bytes -> UTF-8 -> JSON -> resolve_document -> json.dumps.

Every input must end in one of the outcomes the command turns into an exit status:

* a result, which ``json.dumps(..., allow_nan=False)`` can write (exit 0);
* :class:`history_resolver.InvalidInputError` raised by the library, every line of its
  message a short ``path: rule`` (exit 1);
* an input the command refuses before the library sees it (exit 1): not UTF-8, not JSON,
  nested too deeply for the JSON parser (``RecursionError``), an integer literal too long
  for Python (``ValueError`` from :mod:`json`), or not exactly one JSON value;
* a file of another kind (a list-endpoint page, history entries, catalog rows, a TMDB
  payload) given as the input document: a usage error in one line (exit 2).

The bytes are read by the library's one reading of JSON text
(``history_resolver._json_text``, through the command's ``history_resolver._files``), which
the server and the batch use too, not by a copy of it: the harness is an independent
oracle for what it checks, not for reading.

Anything else (a ``RecursionError``, a ``ValueError`` that is not ``InvalidInputError`` or
any other exception raised from inside ``resolve_document``; an output that is not JSON; an
over-long message line) is a failure.  Each input also goes through the command itself,
``history_resolver._cli.main(["resolve", FILE])`` in this process (and, for a result, with
``--format table`` too): its exit status must be 0, 1 or 2 and match the library outcome,
stderr must be the library's message when it raised, and nothing on stderr may be a
traceback or an "internal error".  Three cheap differential oracles check that the fast paths of the
validation agree with the slow, thorough ones (see :func:`check_fast_paths`); two more that
the document's text path gives what the exact path alone gives (:func:`check_text_path`)
and that ``resolve_json`` (msgspec when the ``fast`` extra is installed) gives the bytes
and problems of ``json.loads``, ``resolve_document`` and ``json.dumps``
(:func:`check_resolve_json`).

Engines:

* atheris (coverage-guided, libFuzzer), used when ``import atheris`` works::

      python fuzz/fuzz_document.py --seconds 600

  extra arguments after ``--`` go to libFuzzer.  A structure-aware custom mutator replaces
  JSON values with hostile ones half of the time; the other half is libFuzzer's own.
* hypothesis (``--engine hypothesis``, or when atheris is missing): ``st.binary()``,
  structured documents and seed mutations (byte flips, spliced JSON fragments, values
  replaced by hostile ones), looped until the time is up.

``--reproduce FILE...`` runs single inputs and prints the outcome (or the traceback).
Failures are not fatal by default: each new kind (exception type and the library line that
raised it) is printed once and its first input saved under ``--artifacts``; ``--stop`` stops
at the first one instead.
"""

from __future__ import annotations

import argparse
import atexit
import contextlib
import importlib
import io
import json
import math
import os
import random
import sys
import tempfile
import time
import traceback
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any, Literal

HERE = Path(__file__).resolve().parent
CORPUS = HERE / "corpus"
CLOCK_NS = 1_700_000_000_000_000_000
LIBRARY = "history_resolver"
MAX_MESSAGE_LINE = 2_000  # a problem line names a path and a value cut to 60 characters


def _atheris() -> ModuleType | None:
    try:
        return importlib.import_module("atheris")
    except ImportError:
        return None


def _engine_from_argv(argv: list[str]) -> str:
    for index, arg in enumerate(argv):
        if arg == "--engine" and index + 1 < len(argv):
            return argv[index + 1]
        if arg.startswith("--engine="):
            return arg.partition("=")[2]
    return "auto"


_ATHERIS = _atheris() if __name__ == "__main__" else None  # never imported by the tests
_INSTRUMENT = (
    __name__ == "__main__"
    and _ATHERIS is not None
    and _engine_from_argv(sys.argv[1:]) in ("auto", "atheris")
    and "--reproduce" not in sys.argv
)
# Coverage feedback for the library's own code: instrument it as it is imported.
with (
    _ATHERIS.instrument_imports(include=[LIBRARY])
    if _INSTRUMENT and _ATHERIS is not None
    else contextlib.nullcontext()
):
    from history_resolver import InvalidInputError, resolve_document
    from history_resolver._cli import main as cli_main
    from history_resolver._command import InputError, UsageError
    from history_resolver._files import document_from_bytes
    from history_resolver._json_text import UnreadableJSON, json_document

    try:  # private: the differential oracles need them; they turn off if they move
        from history_resolver import _catalog as catalog_module
        from history_resolver import _document as document_module
        from history_resolver import _errors as errors_module
        from history_resolver import _history as history_module
        from history_resolver import _input as input_module
        from history_resolver import _jsonio as jsonio_module
        from history_resolver import _time as time_module
    except ImportError:  # pragma: no cover
        time_module = None  # type: ignore[assignment]

Outcome = Literal[
    "result",
    "invalid",
    "not-utf8",
    "empty",
    "not-json",
    "too-deep",
    "long-integer",
    "not-one-value",
    "wrong-kind",
]
EXIT_STATUS: dict[str, int] = {"result": 0, "wrong-kind": 2}  # every other outcome: 1


class FuzzFailure(AssertionError):
    """An input ended in an outcome the contract does not allow.

    ``kind`` names the failure without the input's details: failures of one kind are one bug.
    """

    def __init__(self, kind: str, detail: str = "") -> None:
        self.kind = kind
        super().__init__(f"{kind}: {detail}" if detail else kind)


def _clock() -> int:
    return CLOCK_NS


# --------------------------------------------------------------------------------------
# The checks


def parse_like_cli(data: bytes, name: str = "input") -> tuple[Outcome, Any]:
    """What the command does before the library, done by the command's own reading
    (``history_resolver._files``): ``(outcome, the one JSON value)``, or for a file of
    another kind ``("wrong-kind", the usage error's text)``.  ``name`` names the file."""
    try:
        return "result", document_from_bytes(data, name)
    except InputError as error:
        return error.kind, None
    except UsageError as error:
        return "wrong-kind", f"history-resolver: error: {error}"


def check_value(value: Any) -> tuple[Outcome, str]:
    """Resolve one parsed JSON value; ``(outcome, output JSON or error message)``.

    Raises :class:`FuzzFailure`, or lets any unexpected exception out, on a bug.
    """
    try:
        result = resolve_document(value, clock=_clock)
    except InvalidInputError as error:
        message = str(error)
        if not message or not error.problems:
            raise FuzzFailure("InvalidInputError with no problems") from error
        for line in message.split("\n"):
            if not line or len(line) > MAX_MESSAGE_LINE:
                shown = f"({len(line)} characters): {line[:200]!r}"
                raise FuzzFailure("problem line empty or too long", shown) from error
            if ": " not in line:
                raise FuzzFailure("problem line without a path", repr(line[:200])) from error
        return "invalid", message
    try:
        text = json.dumps(result, allow_nan=False)
    except ValueError as error:
        raise FuzzFailure("output is not JSON", str(error)) from error
    check_output(result)
    return "result", text


def check_output(result: dict[str, Any]) -> None:
    """Cheap invariants of an output document (contract sections 6 and 8)."""
    keys = ["episodes", "movies", "seasons", "shows", "inProgress", "diagnostics"]
    if list(result) != keys:
        raise FuzzFailure("output keys", str(list(result)))
    for row in result["episodes"] + result["movies"]:
        progress = row["progress"]
        if not (isinstance(progress, float) and 0 <= progress <= 100):
            raise FuzzFailure("progress out of range", str(row))
        if row["plays"] < 0 or (row["plays"] > 0) != (row["lastWatchedAt"] is not None):
            raise FuzzFailure("plays/lastWatchedAt disagree", str(row))
    for row in result["seasons"] + result["shows"]:
        if not 0 <= row["completed"] <= row["aired"]:
            raise FuzzFailure("completed > aired", str(row))
        if not 0 <= row["percent"] <= 100:
            raise FuzzFailure("percent out of range", str(row))
    episodes = [(r["mediaId"], r["season"], r["episode"]) for r in result["episodes"]]
    if episodes != sorted(episodes) or len(set(episodes)) != len(episodes):
        raise FuzzFailure("episodes not sorted or not unique")
    movies = [r["mediaId"] for r in result["movies"]]
    if movies != sorted(set(movies)):
        raise FuzzFailure("movies not sorted or not unique")


def check_fast_paths(value: Any) -> None:
    """Differential oracles: each fast path of the validation must accept exactly what its
    slow, thorough twin accepts, and read it the same way.

    * ``TimestampReader.read`` (``datetime.fromisoformat``) against ``parse_timestamp``, for
      every string in the document;
    * ``day_seconds`` (``date.fromisoformat``) against ``parse_air_date`` for 10-character
      strings;
    * the fast paths of ``_history`` / ``_catalog`` against their thorough paths for every
      history item and catalog row: the fast path returns what the thorough one returns,
      or declines.
    """
    if time_module is None:  # pragma: no cover
        return
    for text in _strings(value, depth=0):
        fast = _attempt(_read_cached, text)
        slow = _attempt(time_module.parse_timestamp, text)
        if fast != slow:
            raise FuzzFailure(
                "TimestampReader.read != parse_timestamp", f"{fast} != {slow} for {text!r}"
            )
        if len(text) == 10:
            fast = _attempt(_day_ns, text)
            slow = _attempt(_air_date_utc, text)
            if fast != slow:
                raise FuzzFailure("day_seconds != parse_air_date", f"{fast} != {slow} for {text!r}")
    if not isinstance(value, dict):
        return
    history = value.get("history")
    if isinstance(history, list):
        for item in history:
            _compare_entry(item)
    catalog = value.get("episodes")
    if isinstance(catalog, list):
        for row in catalog:
            for zone in ("UTC", "America/Santiago"):
                _compare_catalog_row(row, zone)


def _air_date_utc(text: str) -> object:
    parsed = time_module.parse_air_date(text)
    if not isinstance(parsed, tuple):
        raise time_module.TimeSyntaxError("a timestamp")
    return time_module.date_instant(*parsed, "UTC")


def _read_cached(text: str) -> object:
    return time_module.TimestampReader().read(text)


def _day_ns(text: str) -> object:
    return time_module.day_seconds(text) * 1_000_000_000


def _attempt(call: Callable[[str], object], text: str) -> str:
    try:
        return f"value {call(text)!r}"
    except time_module.TimeSyntaxError:
        return "refused"


def _strings(value: Any, depth: int) -> Iterator[str]:
    if depth > 20:
        return
    if isinstance(value, str):
        if len(value) < 200:
            yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item, depth + 1)
    elif isinstance(value, list):
        for item in value[:200]:
            yield from _strings(item, depth + 1)


def _compare_entry(item: Any) -> None:
    now = CLOCK_NS
    read = time_module.TimestampReader().read
    fast = history_module.entry_fast_path(now, read, [item])(item, 0)
    slow = history_module.thorough_entry(item, 0, now, errors_module.Problems())
    if fast is not None and fast != slow:
        raise FuzzFailure("entry fast path != thorough", f"{fast} != {slow} for {item!r:.300}")


def _compare_catalog_row(row: Any, zone: str) -> None:
    read = catalog_module.air_reader(zone, time_module.TimestampReader().read)
    fast = catalog_module.row_fast_path(zone, read, [row])(row)
    slow = catalog_module.thorough_row(row, 0, zone, errors_module.Problems())
    if fast is not None and fast != slow:
        raise FuzzFailure(
            "catalog fast path != thorough", f"{fast} != {slow} in {zone} for {row!r:.300}"
        )


def _outcome(value: Any, exact: bool) -> object:
    """The output document of ``value`` (or its error's message), by the text path where it
    takes the document, or by the exact path alone."""
    parse = input_module.parse_document

    def declining(document: object, clock: Callable[[], int], text: bool = False) -> Any:
        if text:
            raise time_module.TextDeclined
        return parse(document, clock)

    if exact:
        setattr(document_module, "parse_document", declining)  # noqa: B010
    try:
        return document_module.resolve_document(value, clock=_clock)
    except InvalidInputError as error:
        return f"error: {error}"
    finally:
        setattr(document_module, "parse_document", parse)  # noqa: B010


def check_text_path(value: Any) -> None:
    """Differential oracle: the document's text path (instants as their canonical text)
    gives exactly what the exact path (integer instants) gives."""
    if time_module is None:  # pragma: no cover
        return
    text, exact = _outcome(value, exact=False), _outcome(value, exact=True)
    if text != exact:
        raise FuzzFailure("text path != exact path", f"{text!r:.300} != {exact!r:.300}")


def check_resolve_json(data: bytes) -> None:
    """Differential oracle: ``resolve_json(data)`` is ``json.dumps`` of ``resolve_document``
    of ``json.loads(data)``, byte for byte, or raises the same problems; data that
    ``json.loads`` refuses is one problem at ``$``."""
    if time_module is None:  # pragma: no cover
        return
    try:
        value = json.loads(data)
    except (ValueError, RecursionError):
        expected: object = "not JSON"
    else:
        try:
            expected = json.dumps(resolve_document(value, clock=_clock)).encode()
        except InvalidInputError as error:
            expected = f"error: {error}"
    try:
        got: object = jsonio_module.resolve_json(data, clock=_clock)
    except InvalidInputError as error:
        problems = error.problems
        not_json = len(problems) == 1 and problems[0].path == "$"
        got = "not JSON" if expected == "not JSON" and not_json else f"error: {error}"
    if got != expected:
        raise FuzzFailure("resolve_json != json path", f"{got!r:.300} != {expected!r:.300}")


def check_bytes(data: bytes) -> Outcome:
    """The library path for one input; raises on a failure."""
    return _check_library(data)[0]


def _check_library(data: bytes) -> tuple[Outcome, str]:
    outcome, value = parse_like_cli(data, str(_cli_file()))
    if outcome == "wrong-kind":
        return outcome, value
    if outcome != "result":
        return outcome, ""
    check_fast_paths(value)
    check_text_path(value)
    check_resolve_json(data)
    return check_value(value)


_CLI_FILE: Path | None = None


def _cli_file() -> Path:
    global _CLI_FILE
    if _CLI_FILE is None:
        handle, name = tempfile.mkstemp(prefix="history-resolver-fuzz-", suffix=".json")
        os.close(handle)
        _CLI_FILE = Path(name)
        atexit.register(_CLI_FILE.unlink, missing_ok=True)
    return _CLI_FILE


def check_cli(
    data: bytes, expected: Outcome | None = None, table: bool = False, message: str = ""
) -> int:
    """The command, in process, on ``data`` written to a file; returns its exit status.

    ``expected`` is the library outcome for the same bytes: exit 0 exactly when it is a
    result, and then stdout must be JSON (or, with ``table``, the table view) and stderr one
    line per diagnostic; exit 2 for a file of another kind; exit 1 otherwise.  When
    ``message`` is given (the library's error, or the usage error's line), stderr is it.
    """
    path = _cli_file()
    path.write_bytes(data)
    out, err = io.StringIO(), io.StringIO()
    argv = ["resolve", str(path), *(["--format", "table"] if table else [])]
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = cli_main(argv)
    stderr = err.getvalue()
    if status not in (0, 1, 2):
        raise FuzzFailure(f"exit status {status}", repr(stderr[:500]))
    if "Traceback" in stderr or "internal error" in stderr:
        raise FuzzFailure("traceback or internal error on stderr", repr(stderr[:500]))
    if status == 0 and table:
        if not out.getvalue().endswith("\n"):
            raise FuzzFailure("table output does not end in a newline")
    elif status == 0:
        try:
            output = json.loads(out.getvalue())
        except ValueError as error:
            raise FuzzFailure("exit 0 but stdout is not JSON", str(error)) from error
        if len(stderr.splitlines()) != len(output["diagnostics"]):
            raise FuzzFailure("stderr is not one line per diagnostic", repr(stderr[:300]))
    elif not stderr.strip():
        raise FuzzFailure(f"exit {status} with nothing on stderr")
    if expected is not None and status != EXIT_STATUS.get(expected, 1):
        raise FuzzFailure(f"exit {status} but the library outcome is {expected}")
    if message and stderr != message + "\n":
        raise FuzzFailure("stderr is not the library's message", repr(stderr[:300]))
    return status


def check_both(data: bytes) -> Outcome:
    """Library and command on one input; raises on a failure."""
    outcome, message = _check_library(data)
    said = message if outcome in ("invalid", "wrong-kind") else ""
    status = check_cli(data, outcome, message=said)
    if outcome == "invalid" and status != 1:
        raise FuzzFailure(f"library rejected the input but the command exited {status}")
    if outcome == "result":
        check_cli(data, outcome, table=True)
    return outcome


# --------------------------------------------------------------------------------------
# Hostile values and mutations (shared by both engines)

FIELDS: tuple[str, ...] = (
    "history",
    "episodes",
    "options",
    "mediaId",
    "id",
    "mediaType",
    "updatedAt",
    "progress",
    "season",
    "episode",
    "imported",
    "airDate",
    "completionThreshold",
    "now",
    "asOf",
    "airDateZone",
    "onInvalid",
    "items",
    "title",
    "createdAt",
    "",
    "__proto__",
    "history ",
    "\u0000",
)

TIMESTAMPS: tuple[str, ...] = (
    "2023-01-15T00:00:00.000Z",
    "2023-01-15T00:00:00Z",
    "2023-01-15T00:00Z",
    "2023-01-15 00:00:00+05:30",
    "2023-01-15t00:00:00z",
    "2023-01-15T00:00:00,5-0300",
    "2023-01-15T00:00:00.123456789123456789+00:00",
    "2023-01-15T00:00:00." + "9" * 5000 + "Z",
    "2023-01-15T00:00:00." + "0" * 3999 + "1Z",
    "0001-01-01T00:00:00+23:59",
    "0001-01-01T00:00:00.000Z",
    "0001-01-01T00:00:00-23:59",
    "9999-12-31T23:59:59.999999999-23:59",
    "9999-12-31T23:59:59.999Z",
    "0000-01-01T00:00:00.000Z",
    "2016-12-31T23:59:60Z",
    "2016-12-31T23:59:60.000Z",
    "2023-01-15T24:00:00.000Z",
    "2023-01-15T24:00:00Z",
    "2023-02-29T00:00:00.000Z",
    "2024-02-29T00:00:00.000Z",
    "2023-13-01T00:00:00.000Z",
    "2023-01-15T00:00:00.000+24:00",
    "2023-01-15T00:00:00.000-00:60",
    "2023-01-15T00:00:00.000",
    "2023-01-15",
    "2023-01-15T00:00:00.000Z\n",
    "\n2023-01-15T00:00:00.000Z",
    "2023-01-15T00:00:00.0000Z",
    "2023-01-15T00:00:00.00Z",
    "2023-01-15T00:00:00.0\u0661\u0662Z",
    "\uff12\uff10\uff12\uff13-01-15T00:00:00.000Z",
    "2023-01-15T00:00:00.000z",
    "2023-01-15T00:00:00.000\u1e92",
    "+002023-01-15T00:00:00.000Z",
    "-000001-01-01T00:00:00.000Z",
    "2023-W02-7T00:00:00Z",
    "20230115T000000Z",
    "1969-12-31T23:59:59.9999999999Z",
    "2022-09-11T04:00:00.000Z",
    "2018-11-04T03:00:00.000Z",
)

AIR_DATES: tuple[str, ...] = (
    "2008-01-20",
    "2022-09-11",
    "2018-11-04",
    "2023-03-26",
    "2023-03-12",
    "0001-01-01",
    "9999-12-31",
    "0000-01-01",
    "2023-02-29",
    "2024-02-29",
    "2023-00-10",
    "2023-1-1",
    "20230115",
    "2023-W02-7",
    "2023-001",
    "2023-01-1\uff15",
    "2023-01-1\u0665",
    "2023-01-15 ",
    "+02023-01-1",
    "-0001-01-01",
    "2023-01-15T00:00:00Z",
)

ZONES: tuple[str, ...] = (
    "UTC",
    "utc",
    "America/Santiago",
    "America/Sao_Paulo",
    "Asia/Beirut",
    "America/Havana",
    "Pacific/Kiritimati",
    "Pacific/Apia",
    "Etc/GMT+12",
    "Etc/GMT-14",
    "Factory",
    "localtime",
    "posixrules",
    "EST5EDT",
    "right/UTC",
    "",
    "../../etc/passwd",
    "/etc/localtime",
    "America/New_York ",
    "America/New_York\u0000",
    "A" * 300,
    "Europe/Lond\u00f6n",
)

MEDIA_IDS: tuple[str, ...] = (
    "TV_TMDBID1396",
    "TV_1396",
    "MV_TMDBID550",
    "MV_550",
    "TV_0",
    "TV_TMDBID",
    "TV_" + "0" * 5000 + "1",
    "TV_TMDBID" + "9" * 4000,
    "TV_TMDBID" + "9" * 4001,
    "MV_" + "9" * 4001,
    "TV_\uff11\uff12",
    "TV_\u0661",
    "tv_1",
    "TV_1 ",
    "TV_TMDBID1\n",
    "1396",
    "0" * 4001 + "7",
    "9" * 4001,
)

STRINGS: tuple[str, ...] = (
    "",
    "tv",
    "movie",
    "TV",
    "skip",
    "reject",
    "trakt",
    "\ud800",
    "\udfff\ud800",
    "\u0000",
    "\u202e\u2066",
    "x" * 61,
    "\U0001f4fa" * 70,
    "\\",
    '"',
)

NUMBERS: tuple[object, ...] = (
    0,
    1,
    -1,
    2,
    80,
    100,
    101,
    2**53 - 1,
    2**53,
    2**63,
    10**29,
    -(10**29),
    10**300,
    10**4000,
    0.0,
    -0.0,
    0.5,
    45.5,
    79.99999999999999,
    80.00000000000001,
    100.00000000000001,
    1e-320,
    5e-324,
    1e308,
    2.0,
    1.5,
    9007199254740993.0,
    1e300,
    math.inf,
    -math.inf,
    math.nan,
)

# JSON text fragments spliced into the bytes (not all of them are valid JSON on purpose).
FRAGMENTS: tuple[bytes, ...] = (
    b"1e400",
    b"-1e400",
    b"1E-400",
    b"-0",
    b"-0.0",
    b"NaN",
    b"Infinity",
    b"-Infinity",
    b"1" + b"0" * 4400,
    b"1" + b"0" * 29,
    b"9007199254740993",
    b"true",
    b"null",
    b'"\\ud800"',
    b'"\\udc00\\ud800"',
    b'"\\u0000"',
    b"\xef\xbb\xbf",
    b"\xff",
    b"\xed\xa0\x80",
    b"\xc0\x80",
    b"[" * 50_000,
    b"{}",
    b"[]",
    b'{"a":1,"a":2}',
    b'"history":[],',
    b'{"history":[]}',
    b'{"history":[]}\n{"history":[]}',
    b'"season":',
    b'"progress":',
    b'"updatedAt":',
    b'"airDate":"2022-09-11"',
    b'"options":{"airDateZone":"America/Santiago"}',
    b'"options":{"onInvalid":"skip"}',
    b",",
    b":",
    b'"',
    b"\\",
    b" \t\r\n",
    b"\x0c",
    b"\x00",
)


def nested(depth: int, leaf: object = 1, kind: str = "list") -> object:
    """A value nested ``depth`` deep (built iteratively: no recursion)."""
    value: object = leaf
    for _ in range(depth):
        value = [value] if kind == "list" else {"a": value}
    return value


def hostile_value(rng: random.Random, key: str | None = None) -> object:
    """A value chosen to break the field ``key`` (or any field)."""
    roll = rng.random()
    if key in ("updatedAt", "now", "asOf") and roll < 0.7:
        return rng.choice(TIMESTAMPS)
    if key == "airDate" and roll < 0.7:
        return rng.choice(AIR_DATES + TIMESTAMPS)
    if key == "airDateZone" and roll < 0.7:
        return rng.choice(ZONES)
    if key in ("mediaId", "id") and roll < 0.7:
        return rng.choice(MEDIA_IDS)
    if key in ("season", "episode", "progress", "completionThreshold") and roll < 0.7:
        return rng.choice(NUMBERS)
    choice = rng.randrange(9)
    if choice == 0:
        return rng.choice(NUMBERS)
    if choice == 1:
        return rng.choice(STRINGS + TIMESTAMPS[:10] + MEDIA_IDS[:4])
    if choice == 2:
        return rng.choice((None, True, False))
    if choice == 3:
        depth = rng.choice((1, 2, 50, 500))
        return nested(depth, rng.choice((1, "x", None)), rng.choice(("list", "dict")))
    if choice == 4:
        return {}
    if choice == 5:
        return []
    if choice == 6:
        return "\ud800" * rng.randrange(1, 5) + "x" * rng.choice((0, 59, 60, 61, 10_000))
    if choice == 7:
        return rng.randrange(-(2**70), 2**70)
    return rng.uniform(-200, 200)


def _slots(value: Any, path: tuple[Any, ...], out: list[tuple[Any, ...]], depth: int) -> None:
    if depth > 12 or len(out) > 4000:
        return
    if isinstance(value, dict):
        for key, item in value.items():
            out.append((*path, key))
            _slots(item, (*path, key), out, depth + 1)
    elif isinstance(value, list):
        for index, item in enumerate(value[:300]):
            out.append((*path, index))
            _slots(item, (*path, index), out, depth + 1)


def _containers(value: Any, out: list[Any], depth: int) -> None:
    if depth > 12 or len(out) > 4000:
        return
    if isinstance(value, (dict, list)):
        out.append(value)
        items = value.values() if isinstance(value, dict) else value[:300]
        for item in items:
            _containers(item, out, depth + 1)


def mutate_tree(value: Any, rng: random.Random) -> Any:
    """``value`` (parsed JSON, changed in place where possible) with one structured edit."""
    slots: list[tuple[Any, ...]] = []
    _slots(value, (), slots, 0)
    containers: list[Any] = []
    _containers(value, containers, 0)
    if isinstance(value, dict) and rng.random() < 0.1:  # let invalid entries through
        options = value.get("options")
        if not isinstance(options, dict):
            options = value["options"] = {}
        options["onInvalid"] = "skip"
        return value
    action = rng.randrange(6)
    if action <= 1 and slots:  # replace a value with a hostile one
        path = rng.choice(slots)
        parent = value
        for step in path[:-1]:
            parent = parent[step]
        key = path[-1] if isinstance(path[-1], str) else (path[-2] if len(path) > 1 else None)
        parent[path[-1]] = hostile_value(rng, key if isinstance(key, str) else None)
        return value
    if action == 2 and containers:  # add a field, or an item
        target = rng.choice(containers)
        if isinstance(target, dict):
            key = rng.choice(FIELDS)
            target[key] = hostile_value(rng, key)
        else:
            target.insert(rng.randrange(len(target) + 1), _random_item(rng))
        return value
    if action == 3 and slots:  # delete a field or an item
        path = rng.choice(slots)
        parent = value
        for step in path[:-1]:
            parent = parent[step]
        del parent[path[-1]]
        return value
    if action == 4 and containers:  # duplicate or move a subtree
        source = rng.choice(containers)
        target = rng.choice(containers)
        if isinstance(target, list) and target is not source:
            copied = json.loads(json.dumps(source))
            target.insert(rng.randrange(len(target) + 1), copied)
        elif isinstance(target, dict) and isinstance(source, dict) and source:
            key = rng.choice(list(source))
            target[key] = json.loads(json.dumps(source[key]))
        return value
    if isinstance(value, dict):  # shuffle a list, or wrap the whole document
        lists = [c for c in containers if isinstance(c, list)]
        if lists:
            rng.shuffle(rng.choice(lists))
            return value
    return rng.choice(({"history": [value]}, [value], {"items": value}))


def _random_item(rng: random.Random) -> dict[str, Any]:
    item: dict[str, Any] = {}
    for key in rng.sample(FIELDS[3:12], rng.randrange(1, 7)):
        item[key] = hostile_value(rng, key)
    if rng.random() < 0.5:
        item["mediaId"] = rng.choice(("TV_TMDBID1396", "TV_1", "MV_550"))
    return item


def dump(value: Any, rng: random.Random) -> bytes:
    """JSON text of ``value`` in a random spelling."""
    indent = rng.choice((None, None, 0, 2))
    ensure_ascii = rng.random() < 0.5
    try:
        text = json.dumps(value, indent=indent, ensure_ascii=ensure_ascii)
    except (ValueError, RecursionError):  # an integer too long to write out
        text = "null"
    data = text.encode("utf-8", "surrogatepass")
    if rng.random() < 0.05:
        data = b"\xef\xbb\xbf" + data
    if rng.random() < 0.05:
        data += rng.choice((b"\n", b" ", b"\n{}", b"x", b"\x00"))
    return data


def mutate_bytes(data: bytes, rng: random.Random) -> bytes:
    """A byte-level edit: flip, delete, duplicate, or splice in a fragment."""
    action = rng.randrange(5)
    position = rng.randrange(len(data) + 1)
    if action == 0 and data:
        index = min(position, len(data) - 1)
        return data[:index] + bytes([data[index] ^ (1 << rng.randrange(8))]) + data[index + 1 :]
    if action == 1 and data:
        end = min(len(data), position + rng.randrange(1, 64))
        return data[:position] + data[end:]
    if action == 2 and data:
        start = rng.randrange(len(data))
        chunk = data[start : start + rng.randrange(1, 256)]
        return data[:position] + chunk + data[position:]
    if action == 3:
        return data[:position] + rng.choice(FRAGMENTS) + data[position:]
    # replace a token-ish run with a fragment
    end = min(len(data), position + rng.randrange(1, 16))
    return data[:position] + rng.choice(FRAGMENTS) + data[end:]


def mutate(data: bytes, rng: random.Random) -> bytes:
    """One structured edit when ``data`` is a JSON document, else a byte-level one."""
    if rng.random() < 0.65:
        try:
            value = json_document(data)
        except UnreadableJSON:
            pass
        else:
            return dump(mutate_tree(value, rng), rng)
    return mutate_bytes(data, rng)


def seeds() -> list[bytes]:
    """The seed corpus, smallest first."""
    files = sorted(p for p in CORPUS.iterdir() if p.is_file()) if CORPUS.is_dir() else []
    return sorted((p.read_bytes() for p in files), key=len)


# --------------------------------------------------------------------------------------
# Running: bookkeeping shared by the engines


@dataclass
class Stats:
    """What a run did."""

    executions: int = 0
    outcomes: dict[str, int] = field(default_factory=dict)
    failures: dict[str, bytes] = field(default_factory=dict)
    slow: list[tuple[float, bytes]] = field(default_factory=list)
    started: float = field(default_factory=time.monotonic)


STATS = Stats()
SLOW_SECONDS = 1.0


def signature(error: BaseException) -> str:
    """Exception type and the innermost library frame that raised it."""
    frames = traceback.extract_tb(error.__traceback__)
    where = "?"
    for frame in frames:
        if LIBRARY in frame.filename or frame.filename == __file__:
            where = f"{Path(frame.filename).name}:{frame.lineno}"
    if isinstance(error, FuzzFailure):
        return f"FuzzFailure: {error.kind}"
    return f"{type(error).__name__} at {where}"


def run_one(
    data: bytes,
    artifacts: Path | None,
    stop: bool,
    with_cli: bool = True,
) -> None:
    """Check one input, keeping statistics; a new kind of failure is printed and saved."""
    STATS.executions += 1
    started = time.monotonic()
    outcome: str
    try:
        outcome = check_both(data) if with_cli else check_bytes(data)
    except Exception as error:
        key = signature(error)
        if key not in STATS.failures:
            STATS.failures[key] = data
            print(f"\n=== new failure: {key}\n{traceback.format_exc()}", file=sys.__stderr__)
            if artifacts is not None:
                artifacts.mkdir(parents=True, exist_ok=True)
                name = f"failure-{len(STATS.failures)}.bin"
                (artifacts / name).write_bytes(data)
                print(f"    input saved as {artifacts / name}", file=sys.__stderr__)
        if stop:
            raise
        outcome = "failure"
    elapsed = time.monotonic() - started
    if elapsed > SLOW_SECONDS:
        STATS.slow.append((elapsed, data))
        if artifacts is not None:
            artifacts.mkdir(parents=True, exist_ok=True)
            (artifacts / f"slow-{len(STATS.slow)}.bin").write_bytes(data)
        print(f"\n=== slow input: {elapsed:.2f} s, {len(data)} bytes", file=sys.__stderr__)
    STATS.outcomes[outcome] = STATS.outcomes.get(outcome, 0) + 1


def report() -> str:
    """A summary of the run so far."""
    elapsed = time.monotonic() - STATS.started
    lines = [
        f"executions: {STATS.executions} in {elapsed:.0f} s",
        "outcomes: " + ", ".join(f"{k}={v}" for k, v in sorted(STATS.outcomes.items())),
        f"failures: {len(STATS.failures)}",
    ]
    lines += [f"  {key}: {data[:200]!r}" for key, data in STATS.failures.items()]
    lines.append(f"slow inputs (> {SLOW_SECONDS} s): {len(STATS.slow)}")
    lines += [f"  {t:.2f} s: {len(d)} bytes {d[:120]!r}" for t, d in STATS.slow[:10]]
    return "\n".join(lines)


# --------------------------------------------------------------------------------------
# Engine 1: atheris


def run_atheris(
    seconds: int, artifacts: Path, stop: bool, work: Path | None, extra: list[str]
) -> None:
    """Coverage-guided fuzzing with libFuzzer, a structure-aware mutator beside its own."""
    atheris = _ATHERIS
    assert atheris is not None
    work_dir = work or Path(tempfile.mkdtemp(prefix="history-resolver-corpus-"))
    work_dir.mkdir(parents=True, exist_ok=True)
    print(f"atheris: work corpus {work_dir}, seeds {CORPUS}", file=sys.__stderr__)

    last_report = [time.monotonic()]

    def test_one_input(data: bytes) -> None:
        run_one(data, artifacts, stop)
        if time.monotonic() - last_report[0] > 10:
            # libFuzzer ends the process with exit(): keep the summary on disk as we go.
            (artifacts / "report.txt").write_text(report() + "\n", encoding="utf-8")
            last_report[0] = time.monotonic()

    def custom_mutator(data: bytes, max_size: int, seed: int) -> bytes:
        rng = random.Random(seed)
        if rng.random() < 0.5:
            mutated: bytes = atheris.Mutate(data, max_size)
            return mutated
        result = mutate(data, rng)
        return result if len(result) <= max_size else result[:max_size]

    argv = [
        sys.argv[0],
        str(work_dir),
        str(CORPUS),
        f"-max_total_time={seconds}",
        "-max_len=65536",
        "-rss_limit_mb=4096",
        "-timeout=60",
        f"-artifact_prefix={artifacts}/",
        "-print_final_stats=1",
        *extra,
    ]
    artifacts.mkdir(parents=True, exist_ok=True)
    atheris.Setup(argv, test_one_input, custom_mutator=custom_mutator)
    try:
        atheris.Fuzz()
    finally:
        print(report(), file=sys.__stderr__, flush=True)


# --------------------------------------------------------------------------------------
# Engine 2: hypothesis (the fallback; also what the smoke test runs)


def hypothesis_tests(
    artifacts: Path | None, stop: bool, with_cli: bool
) -> list[Callable[[], None]]:
    """The hypothesis tests the fallback loops over; each runs one batch of examples."""
    from hypothesis import HealthCheck, Phase, given, settings
    from hypothesis import strategies as st

    seed_list = seeds() or [b'{"history": []}']
    # Failures are collected by run_one (stop=False), so hypothesis never sees one: the
    # shrink phase is not needed. With stop=True the exception reaches hypothesis, which
    # shrinks it to a minimal example.
    batch = settings(
        max_examples=100,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
        phases=[Phase.generate, Phase.shrink] if stop else [Phase.generate],
    )

    def run(data: bytes) -> None:
        run_one(data, artifacts, stop, with_cli)

    @batch
    @given(st.binary(max_size=512))
    def fuzz_binary(data: bytes) -> None:
        run(data)

    @batch
    @given(st.sampled_from(seed_list), st.randoms(use_true_random=False), st.integers(1, 5))
    def fuzz_mutated_seeds(seed: bytes, rng: random.Random, rounds: int) -> None:
        data = seed
        for _ in range(rounds):
            data = mutate(data, rng)
        run(data)

    scalars = st.one_of(
        st.sampled_from(NUMBERS),
        st.sampled_from(TIMESTAMPS + AIR_DATES + ZONES + MEDIA_IDS + STRINGS),
        st.none(),
        st.booleans(),
        st.integers(),
        st.floats(),
        st.text(max_size=30),
    )
    json_values = st.recursive(
        scalars,
        lambda inner: (
            st.lists(inner, max_size=4)
            | st.dictionaries(st.sampled_from(FIELDS) | st.text(max_size=8), inner, max_size=4)
        ),
        max_leaves=20,
    )
    field_values = st.sampled_from(FIELDS[3:12]).flatmap(
        lambda key: st.tuples(st.just(key), st.one_of(scalars, json_values))
    )
    items = st.lists(field_values, max_size=8).map(dict)
    option_values = st.dictionaries(
        st.sampled_from(FIELDS[12:17]) | st.text(max_size=5),
        st.one_of(scalars, json_values),
        max_size=5,
    )
    documents = st.fixed_dictionaries(
        {"history": st.lists(items | json_values, max_size=6)},
        optional={
            "episodes": st.lists(items | json_values, max_size=6) | json_values,
            "options": option_values | json_values,
            "episode": json_values,
        },
    )

    @batch
    @given(documents | json_values, st.randoms(use_true_random=False))
    def fuzz_structured(document: object, rng: random.Random) -> None:
        run(dump(document, rng))

    return [fuzz_mutated_seeds, fuzz_structured, fuzz_binary]


def run_hypothesis(
    seconds: float, artifacts: Path | None = None, stop: bool = False, with_cli: bool = True
) -> Stats:
    """Loop the hypothesis tests until ``seconds`` have passed; returns the statistics."""
    tests = hypothesis_tests(artifacts, stop, with_cli)
    deadline = time.monotonic() + seconds
    last_report = time.monotonic()
    while time.monotonic() < deadline:
        for test in tests:
            test()
            if time.monotonic() >= deadline:
                break
        if time.monotonic() - last_report > 60:
            print(report(), file=sys.__stderr__, flush=True)
            last_report = time.monotonic()
    return STATS


# --------------------------------------------------------------------------------------


def reproduce(paths: list[str]) -> int:
    """Run single inputs, printing the outcome or the traceback; 1 if any failed."""
    failed = 0
    for name in paths:
        data = Path(name).read_bytes()
        try:
            outcome = check_both(data)
        except Exception:
            failed = 1
            print(f"{name}: FAILURE\n{traceback.format_exc()}")
        else:
            print(f"{name}: {outcome}")
    return failed


def main(argv: list[str] | None = None) -> int:
    """The command line; see the module docstring."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0] if __doc__ else None)
    parser.add_argument("--seconds", type=int, default=60, help="how long to fuzz")
    parser.add_argument(
        "--engine",
        choices=("auto", "atheris", "hypothesis"),
        default="auto",
        help="atheris if installed (auto), or the hypothesis fallback",
    )
    parser.add_argument(
        "--artifacts",
        type=Path,
        default=Path(tempfile.gettempdir()) / "history-resolver-fuzz",
        help="where failing and slow inputs are saved",
    )
    parser.add_argument("--work-corpus", type=Path, help="atheris: where new inputs go")
    parser.add_argument("--stop", action="store_true", help="stop at the first failure")
    parser.add_argument("--no-cli", action="store_true", help="hypothesis: library path only")
    parser.add_argument("--reproduce", nargs="+", metavar="FILE", help="run these inputs")
    parser.add_argument("libfuzzer", nargs="*", help="after --: arguments for libFuzzer")
    args = parser.parse_args(argv)
    if args.reproduce:
        return reproduce(args.reproduce)
    engine = args.engine
    if engine == "auto":
        engine = "atheris" if _ATHERIS is not None else "hypothesis"
    if engine == "atheris":
        if not _INSTRUMENT:
            print("atheris is not installed (or not instrumenting)", file=sys.stderr)
            return 2
        run_atheris(args.seconds, args.artifacts, args.stop, args.work_corpus, args.libfuzzer)
    else:
        print(f"hypothesis fallback for {args.seconds} s", file=sys.stderr)
        run_hypothesis(args.seconds, args.artifacts, args.stop, not args.no_cli)
        print(report(), file=sys.stderr)
    return 1 if STATS.failures else 0


if __name__ == "__main__":
    sys.exit(main())
