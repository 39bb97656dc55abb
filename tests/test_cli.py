"""The ``history-resolver`` command, run as a real subprocess (``python -m history_resolver``).

The JSON it prints is checked against :func:`history_resolver.resolve_document` run in this
process on the equivalent document, so the command is tested as an adapter: every way of
handing over the input (a document file, stdin, ``--history`` pages or JSON Lines, ``--episodes``,
``--tmdb-season``, the option flags) must mean exactly what the equivalent document means.
"""

from __future__ import annotations

import copy
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from clirun import (
    ROOT,
    assert_invalid,
    assert_usage,
    resolved,
    run_cli,
    said,
    write_json,
)
from history_resolver import InvalidInputError, resolve_document

EXAMPLES = ROOT / "examples"
EXAMPLE_FILE = EXAMPLES / "breaking-bad.json"
EXAMPLE: dict[str, Any] = json.loads(EXAMPLE_FILE.read_text(encoding="utf-8"))
SHOW = "TV_TMDBID1396"

INCOMPLETE_HAS_MORE = (
    "the last page given says there is more (hasMore: true): the history is incomplete, "
    "so states may be wrong; give every page"
)

# A contract line on stderr: a JSON path (history[3].progress, options.asOf, episodes, ...),
# then ": " and the rule.
PROBLEM_LINE = re.compile(r"(history|episodes|options)(\[[0-9]+\]|\.[A-Za-z_]+)*: \S.*")

EXAMPLE_TABLE = """\
TV_TMDBID1396  17.74% watched (11 of 62 aired)  last S2E5  next S2E6 (2009-04-12)
  S0   .                   0/1   specials
  S1   ###.###             6/7    85.71%
  S2   #####>.......       5/13   38.46%
  S3   .............       0/13    0.00%
  S4   .............       0/13    0.00%
  S5   ................    0/16    0.00%
MV_TMDBID559969  "El Camino: A Breaking Bad Movie"  62%  in progress  plays 0

Continue watching
  MV_TMDBID559969  "El Camino: A Breaking Bad Movie"  62%  since 2023-02-10T21:30:00.000Z
  TV_TMDBID1396 S2E6  45.5%  since 2023-01-16T20:00:00.000Z

# completed   > in progress   . not watched   _ not aired
"""

EXAMPLE_TABLE_2013 = """\
TV_TMDBID1396  8.33% watched (5 of 60 aired)  last S2E5  next S2E6 (2009-04-12)
  S0   .                   0/1   specials
  S1   .......             0/7     0.00%
  S2   #####........       5/13   38.46%
  S3   .............       0/13    0.00%
  S4   .............       0/13    0.00%
  S5   ..............__    0/14    0.00%

# completed   > in progress   . not watched   _ not aired
"""


def in_process(document: object) -> dict[str, Any] | str:
    """``resolve_document``'s output, or the text of the error it raised."""
    try:
        return resolve_document(document)
    except InvalidInputError as error:
        return str(error)


def document(**parts: Any) -> dict[str, Any]:
    """A deep copy of the example document with ``parts`` replacing its top-level keys
    (``None`` drops a key)."""
    result = copy.deepcopy(EXAMPLE)
    for key, value in parts.items():
        if value is None:
            result.pop(key, None)
        else:
            result[key] = value
    return result


# --- resolve FILE / resolve - ---------------------------------------------------------------


@pytest.mark.parametrize(
    "extra", [[], ["--format", "json"], ["--indent", "2"]], ids=["plain", "format", "indent"]
)
def test_resolve_file_matches_resolve_document(extra: list[str]) -> None:
    """``resolve FILE`` prints what ``resolve_document`` returns for the same document."""
    expected = resolve_document(copy.deepcopy(EXAMPLE))
    assert expected == resolved(run_cli("resolve", EXAMPLE_FILE, *extra))


def test_resolve_stdin_matches_resolve_document() -> None:
    """``resolve -`` reads the document from stdin and prints the same JSON."""
    expected = resolve_document(copy.deepcopy(EXAMPLE))
    assert expected == resolved(run_cli("resolve", "-", stdin=EXAMPLE_FILE.read_bytes()))


def test_resolve_stdin_accepts_a_byte_order_mark() -> None:
    """A UTF-8 byte order mark in front of the document is not a JSON error."""
    expected = resolve_document(copy.deepcopy(EXAMPLE))
    data = b"\xef\xbb\xbf" + EXAMPLE_FILE.read_bytes()
    assert expected == resolved(run_cli("resolve", "-", stdin=data))


def test_output_is_one_json_document_ending_in_a_newline() -> None:
    """The JSON output is a single document followed by a newline."""
    run = run_cli("resolve", EXAMPLE_FILE)
    assert (0, True) == (run.code, run.out.endswith("}\n"))
    assert 1 == run.out.count("\n")


# --- --history, --episodes, --tmdb-season ---------------------------------------------------


def _history_files(tmp_path: Path, form: str) -> list[str]:
    history = EXAMPLE["history"]
    if form == "array":
        return [str(write_json(tmp_path / "history.json", history))]
    if form == "page":
        page = {"items": history, "hasMore": False, "nextPageToken": None}
        return [str(write_json(tmp_path / "page.json", page))]
    if form == "two pages":
        first = {"items": history[:3], "hasMore": True, "nextPageToken": "x"}
        second = {"items": history[3:], "hasMore": False, "nextPageToken": None}
        return [
            str(write_json(tmp_path / "page-1.json", first)),
            str(write_json(tmp_path / "page-2.json", second)),
        ]
    assert "json lines" == form
    lines = tmp_path / "history.jsonl"
    lines.write_text("".join(json.dumps(item) + "\n" for item in history), encoding="utf-8")
    return [str(lines)]


def _history_flags(files: list[str]) -> list[str]:
    return [flag for name in files for flag in ("--history", name)]


@pytest.mark.parametrize("form", ["array", "page", "two pages", "json lines"])
def test_history_forms_equal_the_document(tmp_path: Path, form: str) -> None:
    """``--history`` as an array, a page object, two pages (``--history A --history B``) or
    JSON Lines, with the catalog from ``--episodes`` and ``--now``, resolves exactly as the
    whole document does."""
    catalog = write_json(tmp_path / "catalog.json", EXAMPLE["episodes"])
    now = EXAMPLE["options"]["now"]
    flags = _history_flags(_history_files(tmp_path, form))
    run = run_cli("resolve", *flags, "--episodes", catalog, "--now", now)
    assert resolve_document(copy.deepcopy(EXAMPLE)) == resolved(run)


def test_history_takes_one_file_per_flag(tmp_path: Path) -> None:
    """``--history A B`` is not two history files: B is FILE, and FILE with --history is a
    usage error whose message says to repeat the flag."""
    files = _history_files(tmp_path, "two pages")
    assert_usage(
        run_cli("resolve", "--history", *files),
        "history-resolver: error: give either FILE or --history, not both "
        "(--history takes one file: repeat the flag for each file)",
    )


def test_history_page_order_is_the_item_order(tmp_path: Path) -> None:
    """Pages given in the other order put their items in that order (``decidedBy`` follows);
    the last page given now says there is more, so the history is incomplete
    (docs/rules.md#incomplete-pages): a warning at ``pages[1]``, on stderr and in
    ``diagnostics`` before the engine's warnings (no catalog: uncovered defaults); exit 0."""
    files = _history_files(tmp_path, "two pages")
    now = EXAMPLE["options"]["now"]
    history = EXAMPLE["history"]
    expected = resolve_document(
        {"history": history[3:] + history[:3], "episodes": [], "options": {"now": now}}
    )
    warning = {"severity": "warning", "path": "pages[1]", "message": INCOMPLETE_HAS_MORE}
    expected["diagnostics"] = [warning, *expected["diagnostics"]]
    run = run_cli("resolve", *_history_flags([files[1], files[0]]), "--now", now)
    assert (0, said(expected)) == (run.code, run.err)
    assert f"warning: pages[1]: {INCOMPLETE_HAS_MORE}" == run.err_lines[0]
    assert expected == json.loads(run.out)


def test_history_from_stdin() -> None:
    """``--history -`` reads the history (here JSON Lines) from stdin."""
    lines = "".join(json.dumps(item) + "\n" for item in EXAMPLE["history"]).encode()
    now = EXAMPLE["options"]["now"]
    expected = resolve_document(document(episodes=None))
    assert expected == resolved(run_cli("resolve", "--history", "-", "--now", now, stdin=lines))


def test_episodes_file_fills_the_catalog(tmp_path: Path) -> None:
    """``resolve FILE --episodes CATALOG`` is the document with CATALOG as its episodes."""
    bare = write_json(tmp_path / "bare.json", document(episodes=None))
    catalog = write_json(tmp_path / "catalog.json", EXAMPLE["episodes"])
    assert resolve_document(document()) == resolved(run_cli("resolve", bare, "--episodes", catalog))


def test_episodes_json_lines_are_appended_to_the_documents_catalog(tmp_path: Path) -> None:
    """``--episodes`` rows (JSON Lines) come after the document's own catalog rows."""
    rows = EXAMPLE["episodes"]
    half = write_json(tmp_path / "half.json", document(episodes=rows[:30]))
    rest = tmp_path / "rest.jsonl"
    rest.write_text("".join(json.dumps(row) + "\n" for row in rows[30:]), encoding="utf-8")
    assert resolve_document(document()) == resolved(run_cli("resolve", half, "--episodes", rest))


def test_episodes_file_errors_name_their_row(tmp_path: Path) -> None:
    """A bad ``--episodes`` row is an input error (exit 1) naming the catalog row."""
    bare = write_json(tmp_path / "bare.json", document(episodes=None))
    catalog = write_json(tmp_path / "catalog.json", [{"mediaId": SHOW, "season": 1, "episode": 0}])
    run = run_cli("resolve", bare, "--episodes", catalog)
    assert_invalid(run)
    assert ["episodes[0].episode: 0 is less than 1"] == run.err_lines


def _tmdb_rows(season: int) -> list[dict[str, Any]]:
    """The catalog rows a TMDB season payload stands for, read straight from the JSON."""
    path = EXAMPLES / "tmdb" / f"breaking-bad-season-{season}.json"
    payload = json.loads(path.read_text(encoding="utf-8"))
    return [
        {
            "mediaId": SHOW,
            "season": episode["season_number"],
            "episode": episode["episode_number"],
            "airDate": episode["air_date"] or None,
        }
        for episode in payload["episodes"]
    ]


def test_tmdb_season_equals_its_catalog_rows(tmp_path: Path) -> None:
    """``--tmdb-season TV_TMDBID1396=season-1.json`` is the same as passing the season's
    episodes as catalog rows."""
    bare = write_json(tmp_path / "bare.json", document(episodes=None))
    run = run_cli(
        "resolve", bare, "--tmdb-season", f"{SHOW}=examples/tmdb/breaking-bad-season-1.json"
    )
    assert resolve_document(document(episodes=_tmdb_rows(1))) == resolved(run)


def test_tmdb_seasons_repeated_with_the_short_id_equal_the_example(tmp_path: Path) -> None:
    """All six shipped TMDB seasons, named by the short id ``TV_1396``, give the example's own
    catalog (the same 63 episodes) and so the same output."""
    bare = write_json(tmp_path / "bare.json", document(episodes=None))
    flags: list[str] = []
    for season in range(6):
        flags += ["--tmdb-season", f"TV_1396=examples/tmdb/breaking-bad-season-{season}.json"]
    run = run_cli("resolve", bare, *flags)
    assert resolve_document(document()) == resolved(run)


def test_tmdb_seasons_with_history_flag(tmp_path: Path) -> None:
    """``--history`` with two ``--tmdb-season`` flags (long and short id) equals the document
    whose catalog is those two seasons' rows."""
    history = write_json(tmp_path / "history.json", EXAMPLE["history"])
    now = EXAMPLE["options"]["now"]
    run = run_cli(
        "resolve", "--history", history, "--now", now,
        "--tmdb-season", f"{SHOW}=examples/tmdb/breaking-bad-season-1.json",
        "--tmdb-season", "TV_1396=examples/tmdb/breaking-bad-season-2.json",
    )  # fmt: skip
    expected = resolve_document(document(episodes=_tmdb_rows(1) + _tmdb_rows(2)))
    assert expected == resolved(run)


def test_tmdb_season_problems_are_input_errors(tmp_path: Path) -> None:
    """A bad TMDB payload fails with exit 1, naming every problem, each on its own line."""
    payload = {
        "season_number": 1,
        "episodes": [
            {"episode_number": 1, "air_date": "2008-13-01"},
            {"episode_number": 0, "air_date": "January 20"},
        ],
    }
    write_json(tmp_path / "bad.json", payload)
    write_json(tmp_path / "history.json", [])
    run = run_cli(
        "resolve", "--history", "history.json", "--tmdb-season", "TV_1396=bad.json", cwd=tmp_path
    )
    assert_invalid(run)
    assert [
        'tmdb["bad.json"].episodes[0].air_date: "2008-13-01" month 13 is outside 01..12',
        'tmdb["bad.json"].episodes[1].episode_number: 0 is less than 1',
        'tmdb["bad.json"].episodes[1].air_date: "January 20" is neither a date (YYYY-MM-DD) '
        "nor a timestamp with a UTC offset",
    ] == run.err_lines


# --- option flags ----------------------------------------------------------------------------

NOW = "2020-06-01T00:00:00Z"
FLAG_HISTORY: list[dict[str, Any]] = [
    {"mediaId": "TV_1", "season": 1, "progress": 100, "updatedAt": "2020-01-01T03:00:00Z"},
    {"mediaId": "TV_1", "season": 1, "episode": 2, "progress": 50,
     "updatedAt": "2020-01-05T00:00:00Z"},
    {"mediaId": "MV_7", "progress": 90, "updatedAt": "2020-02-01T00:00:00Z"},
]  # fmt: skip
FLAG_CATALOG: list[dict[str, Any]] = [
    {"mediaId": "TV_1", "season": 1, "episode": 1, "airDate": "2020-01-01"},
    {"mediaId": "TV_1", "season": 1, "episode": 2, "airDate": "2019-12-25"},
    {"mediaId": "TV_1", "season": 1, "episode": 3, "airDate": "2020-03-01"},
]
INVALID_ENTRY: dict[str, Any] = {"mediaId": "TV_1", "season": 0}


@dataclass(frozen=True)
class FlagCase:
    """A flag, the option it stands for, its value, and a different value for the document."""

    flag: tuple[str, ...]
    key: str
    value: object
    other: object


FLAG_CASES = [
    # E3 (2020-03-01) has not aired on 2020-02-15.
    FlagCase(("--now", "2020-02-15T00:00:00Z"), "now", "2020-02-15T00:00:00Z", NOW),
    # The movie (2020-02-01) is left out.
    FlagCase(
        ("--as-of", "2020-01-10T00:00:00Z"), "asOf", "2020-01-10T00:00:00Z", "2020-12-31T00:00:00Z"
    ),
    # E2 at 50% completes at 40.
    FlagCase(("--threshold", "40"), "completionThreshold", 40, 80),
    # E1 starts 2020-01-01T05:00Z in New York: after the season default at 03:00Z.
    FlagCase(("--air-date-zone", "America/New_York"), "airDateZone", "America/New_York", "UTC"),
    # The invalid entry is left out and reported in diagnostics.
    FlagCase(("--skip-invalid",), "onInvalid", "skip", "reject"),
]
FLAG_IDS = [case.key for case in FLAG_CASES]


def _flag_document(case: FlagCase, options: dict[str, Any]) -> dict[str, Any]:
    history = copy.deepcopy(FLAG_HISTORY)
    if case.key == "onInvalid":
        history.append(dict(INVALID_ENTRY))
    return {"history": history, "episodes": copy.deepcopy(FLAG_CATALOG), "options": options}


@pytest.mark.parametrize("case", FLAG_CASES, ids=FLAG_IDS)
def test_option_flag_equals_the_document_option(tmp_path: Path, case: FlagCase) -> None:
    """Each option flag gives what the same option written in the document gives (and the
    value chosen does change the result)."""
    base = {"now": NOW}
    base.pop(case.key, None)
    without = write_json(tmp_path / "in.json", _flag_document(case, base))
    expected = resolve_document(_flag_document(case, {**base, case.key: case.value}))
    assert in_process(_flag_document(case, {"now": NOW, case.key: case.other})) != expected
    assert expected == resolved(run_cli("resolve", without, *case.flag))


@pytest.mark.parametrize("case", FLAG_CASES, ids=FLAG_IDS)
def test_option_flag_overrides_the_document_option(tmp_path: Path, case: FlagCase) -> None:
    """A flag wins over the same option given (with another value) in the document."""
    other = {"now": NOW, case.key: case.other}
    written = write_json(tmp_path / "in.json", _flag_document(case, other))
    expected = resolve_document(_flag_document(case, {"now": NOW, case.key: case.value}))
    assert in_process(_flag_document(case, other)) != expected
    assert expected == resolved(run_cli("resolve", written, *case.flag))


def test_option_flags_together(tmp_path: Path) -> None:
    """All the option flags at once equal all the options in the document."""
    options: dict[str, Any] = {
        "now": "2020-02-15T00:00:00Z",
        "asOf": "2020-01-10T00:00:00Z",
        "completionThreshold": 40,
        "airDateZone": "America/New_York",
        "onInvalid": "skip",
    }
    history = [*FLAG_HISTORY, INVALID_ENTRY]
    bare = write_json(tmp_path / "in.json", {"history": history, "episodes": FLAG_CATALOG})
    run = run_cli(
        "resolve", bare, "--now", "2020-02-15T00:00:00Z", "--as-of", "2020-01-10T00:00:00Z",
        "--threshold", "40", "--air-date-zone", "America/New_York", "--skip-invalid",
    )  # fmt: skip
    expected = resolve_document({"history": history, "episodes": FLAG_CATALOG, "options": options})
    assert expected == resolved(run)


def _option_rule(key: str, value: object) -> str:
    """The message the document layer gives for ``options.KEY: value`` (the rule's words)."""
    error = in_process({"history": [], "options": {key: value}})
    assert isinstance(error, str)
    path, _, message = error.partition(": ")
    assert f"options.{key}" == path
    return message


@pytest.mark.parametrize(
    ("flag", "key", "value"),
    [
        (("--now", "2023"), "now", "2023"),
        (("--now", "2023-01-15"), "now", "2023-01-15"),
        (("--as-of", "2023-01-01T00:00:00"), "asOf", "2023-01-01T00:00:00"),
        (("--air-date-zone", "Mars/Olympus"), "airDateZone", "Mars/Olympus"),
        (("--threshold", "150"), "completionThreshold", 150),
        (("--threshold", "0"), "completionThreshold", 0),
        (("--threshold", "-0.5"), "completionThreshold", -0.5),
        (("--threshold", "NaN"), "completionThreshold", float("nan")),
        (("--threshold", "abc"), "completionThreshold", "abc"),
        (("--threshold", "true"), "completionThreshold", "true"),
    ],
    ids=[
        "now-year", "now-date", "as-of-no-offset", "zone", "threshold-150", "threshold-0",
        "threshold-negative", "threshold-nan", "threshold-abc", "threshold-true",
    ],
)  # fmt: skip
def test_bad_option_flag_values_are_usage_errors(
    tmp_path: Path, flag: tuple[str, ...], key: str, value: object
) -> None:
    """A flag value the option's rule refuses is a usage error (exit 2) naming the flag, in
    the words of the library's rule for that option (the same words as for the option in a
    document), whatever the document holds."""
    written = write_json(tmp_path / "in.json", {"history": []})
    run = run_cli("resolve", written, *flag)
    assert_usage(run, f"history-resolver: error: argument {flag[0]}: {_option_rule(key, value)}")
    assert run.err.startswith("usage: history-resolver resolve")


def test_a_flag_value_refused_names_the_flag_not_the_option(tmp_path: Path) -> None:
    """``--threshold 150`` says ``argument --threshold``, never ``options.completionThreshold``
    (the user wrote no option)."""
    written = write_json(tmp_path / "in.json", {"history": []})
    run = run_cli("resolve", written, "--threshold", "150")
    assert_usage(
        run, "history-resolver: error: argument --threshold: 150 is outside 0..100 (0 excluded)"
    )
    assert "options." not in run.err


@pytest.mark.parametrize(
    ("value", "line"),
    [
        ("-3", "argument --indent: -3 is outside 0..16"),
        ("17", "argument --indent: 17 is outside 0..16"),
        ("two", "argument --indent: 'two' is not a whole number"),
    ],
    ids=["negative", "too-many", "not-a-number"],
)
def test_bad_indent_is_a_usage_error(value: str, line: str) -> None:
    """``--indent`` takes 0 to 16 spaces; anything else is a usage error naming the flag."""
    assert_usage(
        run_cli("resolve", EXAMPLE_FILE, "--indent", value), f"history-resolver: error: {line}"
    )


@pytest.mark.parametrize("indent", [0, 16])
def test_indent_bounds_are_accepted(indent: int) -> None:
    """``--indent 0`` and ``--indent 16`` indent the JSON as :func:`json.dumps` does."""
    run = run_cli("resolve", EXAMPLE_FILE, "--indent", str(indent))
    expected = resolve_document(copy.deepcopy(EXAMPLE))
    assert (0, json.dumps(expected, indent=indent) + "\n") == (run.code, run.out)


# --- the table -------------------------------------------------------------------------------


def test_table_of_the_example() -> None:
    """``--format table`` on the shipped example prints exactly this text."""
    run = run_cli("resolve", EXAMPLE_FILE, "--format", "table")
    assert (0, "", EXAMPLE_TABLE) == (run.code, run.err, run.out)


def test_table_marks_unaired_episodes() -> None:
    """Resolved for 2013-09-20, the table leaves out later entries and marks S5E15-16 as not
    aired (``_``)."""
    stamp = "2013-09-20T00:00:00Z"
    run = run_cli("resolve", EXAMPLE_FILE, "--format", "table", "--as-of", stamp, "--now", stamp)
    assert (0, "", EXAMPLE_TABLE_2013) == (run.code, run.err, run.out)


def test_table_of_an_invalid_document_is_an_input_error(tmp_path: Path) -> None:
    """``--format table`` does not change how invalid input fails."""
    written = write_json(tmp_path / "in.json", {"history": [{"mediaId": "XX"}]})
    run = run_cli("resolve", written, "--format", "table")
    assert_invalid(run)
    assert PROBLEM_LINE.fullmatch(run.err_lines[0])


# --- invalid input: exit 1 -------------------------------------------------------------------

INVALID_DOCUMENT: dict[str, Any] = {
    "history": [
        {"mediaId": SHOW, "season": 0, "progress": 120, "updatedAt": "2023-01-01"},
        {"mediaId": "XX"},
    ],
    "episodes": [{"mediaId": "MV_1", "season": -1, "episode": 1}],
    "options": {"bogus": 1, "completionThreshold": 0},
}
INVALID_LINES = [
    "options.bogus: unknown option "
    "(the options are completionThreshold, now, asOf, airDateZone, onInvalid)",
    "options.completionThreshold: 0 is outside 0..100 (0 excluded)",
    'history[0].updatedAt: "2023-01-01" is a date without a time; '
    "a timestamp with a UTC offset is needed",
    "history[0].progress: 120 is outside 0..100",
    "history[0].season: 0 is less than 1",
    'history[1].mediaId: "XX" is not a media id '
    "(TV_TMDBID<digits>, MV_TMDBID<digits>, TV_<digits> or MV_<digits>)",
    'episodes[0].mediaId: "MV_1" is a movie; catalog rows are episodes',
    "episodes[0].season: -1 is less than 0",
]


@pytest.mark.parametrize("source", ["file", "stdin"])
def test_invalid_document_names_every_problem(tmp_path: Path, source: str) -> None:
    """An invalid document exits 1 with every problem on stderr, one per line, each starting
    with its JSON path, and nothing on stdout."""
    written = write_json(tmp_path / "in.json", INVALID_DOCUMENT)
    if source == "file":
        run = run_cli("resolve", written)
    else:
        run = run_cli("resolve", "-", stdin=written.read_bytes())
    assert_invalid(run)
    assert sorted(INVALID_LINES) == sorted(run.err_lines)
    assert all(PROBLEM_LINE.fullmatch(line) for line in run.err_lines)


def test_invalid_document_matches_resolve_document_error(tmp_path: Path) -> None:
    """The command's stderr is the text of ``resolve_document``'s error on the document."""
    written = write_json(tmp_path / "in.json", INVALID_DOCUMENT)
    run = run_cli("resolve", written)
    assert_invalid(run)
    error = in_process(copy.deepcopy(INVALID_DOCUMENT))
    assert isinstance(error, str)
    assert error + "\n" == run.err


def test_skip_invalid_cannot_skip_option_problems(tmp_path: Path) -> None:
    """``--skip-invalid`` leaves out bad entries, but bad options still fail the call."""
    written = write_json(tmp_path / "in.json", INVALID_DOCUMENT)
    run = run_cli("resolve", written, "--skip-invalid")
    assert_invalid(run)
    assert {INVALID_LINES[0], INVALID_LINES[1]} <= set(run.err_lines)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"nope", "in.json: not valid JSON: Expecting value (line 1, column 1)"),
        (b'{"history": [', "in.json: not valid JSON: Expecting value (line 1, column 14)"),
        (b"", "in.json: empty input; expected JSON"),
        (b"  \n\t \r\n", "in.json: empty input; expected JSON"),
        (b'{"history": [\xff]}', "in.json: not UTF-8 (byte 0xff at offset 13)"),
        (b"[" * 100000, "in.json: not readable: JSON nested too deeply"),
        (
            b'{"history": []}\n{"history": []}\n',
            "in.json: holds 2 JSON values; expected one document",
        ),
    ],
    ids=["not-json", "truncated", "empty", "whitespace", "not-utf8", "deep", "two-documents"],
)
def test_unreadable_input_file(tmp_path: Path, content: bytes, message: str) -> None:
    """Input that is not one JSON document exits 1 with one line naming the file."""
    (tmp_path / "in.json").write_bytes(content)
    run = run_cli("resolve", "in.json", cwd=tmp_path)
    assert_invalid(run)
    assert message + "\n" == run.err


def test_huge_integer_literal(tmp_path: Path) -> None:
    """A 5000-digit integer literal exits 1 with a single line naming the file, no traceback."""
    text = '{"history": [{"mediaId": "MV_1", "progress": ' + "7" * 5000 + "}]}"
    (tmp_path / "in.json").write_text(text, encoding="ascii")
    run = run_cli("resolve", "in.json", cwd=tmp_path)
    assert_invalid(run)
    assert 1 == len(run.err_lines)
    assert run.err.startswith("in.json: ")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "stdin: empty input; expected JSON"),
        (b"\n \n", "stdin: empty input; expected JSON"),
        (b"\xc3\x28", "stdin: not UTF-8 (byte 0xc3 at offset 0)"),
        (b'{"history": [', "stdin: not valid JSON: Expecting value (line 1, column 14)"),
        (b"[" * 100000, "stdin: not readable: JSON nested too deeply"),
    ],
    ids=["empty", "whitespace", "not-utf8", "truncated", "deep"],
)
def test_unreadable_stdin(content: bytes, message: str) -> None:
    """The same failures read from stdin are named ``stdin``."""
    run = run_cli("resolve", "-", stdin=content)
    assert_invalid(run)
    assert message + "\n" == run.err


def test_unreadable_history_file(tmp_path: Path) -> None:
    """A ``--history`` file that is not JSON (Lines) exits 1 naming the file."""
    (tmp_path / "h.jsonl").write_text('{"mediaId": "MV_1"}\n{"mediaId" "MV_1"}\n', encoding="utf-8")
    run = run_cli("resolve", "--history", "h.jsonl", "--now", NOW, cwd=tmp_path)
    assert_invalid(run)
    assert "h.jsonl: not valid JSON: Expecting ':' delimiter (line 2, column 12)\n" == run.err


def test_nan_literal_is_invalid(tmp_path: Path) -> None:
    """A ``NaN`` progress (not JSON, but what some serialisers write) is an input error."""
    (tmp_path / "in.json").write_text(
        '{"history": [{"mediaId": "MV_1", "progress": NaN}], "options": {"now": "' + NOW + '"}}',
        encoding="utf-8",
    )
    run = run_cli("resolve", "in.json", cwd=tmp_path)
    assert_invalid(run)
    assert 1 == len(run.err_lines)
    assert run.err.startswith("history[0].progress: NaN ")


def test_skip_mode_diagnostic_with_a_lone_surrogate(tmp_path: Path) -> None:
    """A skipped entry whose bad value is a lone surrogate escape (valid JSON) is reported in
    ``diagnostics`` like any other: exit 0 and the whole document, never a crash."""
    doc = {
        "history": [{"mediaId": "\ud800"}, {"mediaId": "MV_1", "updatedAt": NOW}],
        "options": {"now": NOW, "onInvalid": "skip"},
    }
    written = write_json(tmp_path / "in.json", doc)  # json.dumps writes "\ud800"
    assert resolve_document(copy.deepcopy(doc)) == resolved(run_cli("resolve", written))


BAD_TMDB_SEASON: dict[str, Any] = {
    "season_number": 1,
    "episodes": [
        {"episode_number": 1, "air_date": "2008-01-20"},
        {"episode_number": 2, "air_date": "2008-13-01"},
    ],
}


def test_tmdb_and_document_problems_are_reported_together(tmp_path: Path) -> None:
    """A bad TMDB payload does not hide the document's own problems: every problem found is
    named, not only those of the first part read."""
    write_json(tmp_path / "bad.json", BAD_TMDB_SEASON)
    write_json(tmp_path / "in.json", {"history": [{"mediaId": "XX"}], "options": {"now": NOW}})
    run = run_cli("resolve", "in.json", "--tmdb-season", "TV_1396=bad.json", cwd=tmp_path)
    assert_invalid(run)
    tmdb_line = 'tmdb["bad.json"].episodes[1].air_date: "2008-13-01" month 13 is outside 01..12'
    history_line = (
        'history[0].mediaId: "XX" is not a media id '
        "(TV_TMDBID<digits>, MV_TMDBID<digits>, TV_<digits> or MV_<digits>)"
    )
    assert {tmdb_line, history_line} == set(run.err_lines)


def test_skip_invalid_skips_bad_tmdb_episodes_like_bad_catalog_rows(tmp_path: Path) -> None:
    """With ``--skip-invalid`` an invalid TMDB episode is left out and reported, as the same
    invalid row given through ``--episodes`` is; the valid episodes are resolved."""
    write_json(tmp_path / "bad.json", BAD_TMDB_SEASON)
    history = [{"mediaId": "TV_1396", "season": 1, "updatedAt": "2009-01-01T00:00:00Z"}]
    write_json(tmp_path / "in.json", {"history": history, "options": {"now": NOW}})
    rows = [
        {"mediaId": SHOW, "season": 1, "episode": 1, "airDate": "2008-01-20"},
        {"mediaId": SHOW, "season": 1, "episode": 2, "airDate": "2008-13-01"},
    ]
    write_json(tmp_path / "rows.json", rows)
    skip = ("--skip-invalid",)
    as_rows = resolved(
        run_cli("resolve", "in.json", "--episodes", "rows.json", *skip, cwd=tmp_path)
    )
    tmdb = ("--tmdb-season", "TV_1396=bad.json")
    as_tmdb = resolved(run_cli("resolve", "in.json", *tmdb, *skip, cwd=tmp_path))
    assert [(1, 1)] == [(e["season"], e["episode"]) for e in as_rows["episodes"]]
    assert {k: v for k, v in as_rows.items() if k != "diagnostics"} == {
        k: v for k, v in as_tmdb.items() if k != "diagnostics"
    }
    assert [("error", True)] == [
        (d["severity"], "2008-13-01" in d["message"]) for d in as_tmdb["diagnostics"]
    ]


def test_document_episodes_that_are_not_an_array_are_not_dropped_by_flags(
    tmp_path: Path,
) -> None:
    """``--episodes`` adds to the document's catalog; it must not silently replace an invalid
    ``episodes`` value (the call still fails on it)."""
    written = write_json(tmp_path / "in.json", {"history": [], "episodes": 3})
    catalog = write_json(tmp_path / "catalog.json", FLAG_CATALOG)
    run = run_cli("resolve", written, "--episodes", catalog, "--now", NOW)
    assert_invalid(run)
    assert ["episodes: 3 is not an array"] == run.err_lines


def test_document_options_that_are_not_an_object_are_not_dropped_by_flags(
    tmp_path: Path,
) -> None:
    """An option flag merges into the document's options; it must not silently replace an
    invalid ``options`` value (the call still fails on it)."""
    written = write_json(tmp_path / "in.json", {"history": [], "options": 3})
    run = run_cli("resolve", written, "--now", NOW)
    assert_invalid(run)
    assert ["options: 3 is not an object"] == run.err_lines


# --- usage errors: exit 2 --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "last_line"),
    [
        (
            (),
            "history-resolver: error: a command is required "
            "(resolve, schema, serve, batch, conformance)",
        ),
        (
            ("serv",),
            "history-resolver: error: argument COMMAND: invalid choice: 'serv' "
            "(choose from 'resolve', 'schema', 'serve', 'batch', 'conformance')",
        ),
        (
            ("resolve", "--bogus", "doc.json"),
            "history-resolver: error: unrecognized arguments: --bogus",
        ),
        (
            ("resolve", "doc.json", "--history", "h.json"),
            "history-resolver: error: give either FILE or --history, not both "
            "(--history takes one file: repeat the flag for each file)",
        ),
        (("resolve",), "history-resolver: error: give an input document FILE (or -), or --history"),
        (
            ("resolve", "missing.json"),
            "history-resolver: error: cannot read missing.json: No such file or directory",
        ),
        (
            ("resolve", "--history", "missing.json"),
            "history-resolver: error: cannot read missing.json: No such file or directory",
        ),
        (
            ("resolve", "--history", "h.json", "--tmdb-season", "TV_1396"),
            "history-resolver: error: --tmdb-season takes MEDIA_ID=FILE, not 'TV_1396'",
        ),
        (
            ("resolve", "--history", "h.json", "--threshold", "abc"),
            'history-resolver: error: argument --threshold: "abc" is not a number',
        ),
        (
            ("resolve", "--history", "h.json", "--format", "xml"),
            "history-resolver: error: argument --format: invalid choice: 'xml' "
            "(choose from 'json', 'table')",
        ),
    ],
    ids=[
        "no-command",
        "unknown-command",
        "unknown-flag",
        "file-and-history",
        "neither",
        "missing-file",
        "missing-history-file",
        "tmdb-without-equals",
        "threshold-abc",
        "format-xml",
    ],
)
def test_usage_errors(tmp_path: Path, args: tuple[str, ...], last_line: str) -> None:
    """Usage errors exit 2 with the reason as stderr's last line and nothing on stdout."""
    write_json(tmp_path / "doc.json", {"history": []})
    write_json(tmp_path / "h.json", [])
    assert_usage(run_cli(*args, cwd=tmp_path), last_line)


def test_argparse_usage_errors_print_the_usage(tmp_path: Path) -> None:
    """An unknown flag prints the usage line before the error."""
    run = run_cli("resolve", "--bogus", "doc.json", cwd=tmp_path)
    assert 2 == run.code
    assert run.err.startswith("usage: history-resolver")


@pytest.mark.parametrize("command", [(), ("resolve",)], ids=["top", "resolve"])
def test_help_exits_0(command: tuple[str, ...]) -> None:
    """``--help`` prints the usage on stdout and exits 0."""
    run = run_cli(*command, "--help")
    assert (0, "") == (run.code, run.err)
    assert run.out.startswith("usage: history-resolver")
    assert "resolve" in run.out
