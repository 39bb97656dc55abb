"""Option flags and options are one rule (docs/rules.md#options).

``--threshold``, ``--now``, ``--as-of`` and ``--air-date-zone`` stand for the document's
options.  Their values are checked by the options' own rules
(:func:`history_resolver._options.read_option`), so a bad flag value is refused (a usage
error naming the flag, exit 2) with exactly the words the document's option gets.
"""

from __future__ import annotations

import contextlib
import io

import pytest

from history_resolver import InvalidInputError, resolve_document
from history_resolver._cli import main as cli_main
from history_resolver._errors import Problems
from history_resolver._options import OPTION_KEYS, OptionFields, read_option

# (flag, its text, the option it stands for, the same value in a document)
BAD_VALUES = [
    pytest.param("--threshold", "0", "completionThreshold", 0, id="threshold-0"),
    pytest.param("--threshold", "150", "completionThreshold", 150, id="threshold-150"),
    pytest.param("--threshold", "-0.5", "completionThreshold", -0.5, id="threshold-negative"),
    pytest.param("--threshold", "abc", "completionThreshold", "abc", id="threshold-text"),
    pytest.param("--threshold", "1e999", "completionThreshold", float("inf"), id="threshold-inf"),
    pytest.param("--now", "2023-01-15", "now", "2023-01-15", id="now-date"),
    pytest.param("--now", "2023-01-15T00:00:00", "now", "2023-01-15T00:00:00", id="now-no-offset"),
    pytest.param("--as-of", "yesterday", "asOf", "yesterday", id="as-of-text"),
    pytest.param("--as-of", "2023-02-30T00:00Z", "asOf", "2023-02-30T00:00Z", id="as-of-day"),
    pytest.param("--air-date-zone", "Mars/Base", "airDateZone", "Mars/Base", id="zone-unknown"),
    pytest.param("--air-date-zone", "localtime", "airDateZone", "localtime", id="zone-local"),
]


def option_message(key: str, value: object) -> str:
    """What the document layer says of ``options.<key>`` holding ``value``."""
    with pytest.raises(InvalidInputError) as raised:
        resolve_document({"history": [], "options": {key: value}}, clock=lambda: 0)
    [problem] = raised.value.problems
    assert f"options.{key}" == problem.path
    return problem.message


def flag_error(*argv: str) -> tuple[int, str]:
    """The command's exit status and last stderr line, in process."""
    err = io.StringIO()
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(err):
        status = cli_main(list(argv))
    return status, err.getvalue().splitlines()[-1]


@pytest.mark.parametrize(("flag", "text", "key", "value"), BAD_VALUES)
def test_a_bad_flag_value_gets_the_options_own_words(
    flag: str, text: str, key: str, value: object
) -> None:
    """``resolve`` and ``batch`` refuse a bad flag value as a usage error (exit 2) naming
    the flag, in exactly the words the document's option gets for the same value."""
    message = option_message(key, value)
    expected = (2, f"history-resolver: error: argument {flag}: {message}")
    assert expected == flag_error("resolve", "nowhere.json", f"{flag}={text}")
    batch = ("batch", "--history", "h.jsonl", "--out", "out")
    assert expected == flag_error(*batch, f"{flag}={text}")


@pytest.mark.parametrize(
    ("flag", "text"),
    [
        ("--threshold", "80"),
        ("--threshold", "0.5"),
        ("--now", "2024-01-01T00:00:00Z"),
        ("--as-of", "2024-01-01t00:00z"),
        ("--air-date-zone", "America/Santiago"),
    ],
)
def test_a_good_flag_value_is_taken(flag: str, text: str) -> None:
    """A value the option's rule accepts passes the flag: the command goes on to its file
    (which does not exist here: a usage error about the file, not the flag)."""
    status, line = flag_error("resolve", "nowhere.json", f"{flag}={text}")
    assert (2, "history-resolver: error: cannot read nowhere.json") == (status, line[:49])


def test_every_option_has_its_rule_for_the_flags() -> None:
    """Each option of the document (docs/rules.md#options) can be checked on its own, as a
    flag's value is: unset, it reads as its default with no problem."""
    problems = Problems()
    defaults = [read_option(key, None, problems, f"options.{key}") for key in OPTION_KEYS]
    assert list(OptionFields()) == defaults
    assert [] == problems.items
