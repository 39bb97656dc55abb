"""What a user of the command sees beyond the resolution itself: ``--version``, ``--help``,
files given in the wrong place, warnings and skipped items on stderr, and the table (long
seasons, titles, nothing to show).

Every test runs the command as a real subprocess (``python -m history_resolver``), except the
last section's: odd arguments, a closed stdout, Ctrl-C, an unforeseen error and the console
script run the command in this process (``support.run_in_process``), where a failing stdout
can be handed in.
"""

from __future__ import annotations

import contextlib
import copy
import datetime as dt
import importlib.metadata
import io
import json
import sys
from pathlib import Path
from typing import Any

import pytest

import history_resolver
from clirun import ROOT, assert_usage, resolved, run_cli, said, write_json
from history_resolver import resolve_document
from history_resolver._cli import console_main
from support import run_in_process

EXAMPLES = ROOT / "examples"
EXAMPLE_FILE = EXAMPLES / "breaking-bad.json"
EXAMPLE: dict[str, Any] = json.loads(EXAMPLE_FILE.read_text(encoding="utf-8"))
NOW = "2026-11-28T00:00:00Z"

# --- --version and --help -------------------------------------------------------------------


def test_version() -> None:
    """``--version`` prints ``history-resolver X.Y.Z``: the installed distribution's version,
    which is ``history_resolver.__version__`` (the one place the version is written)."""
    run = run_cli("--version")
    version = importlib.metadata.version("history-resolver")
    assert version == history_resolver.__version__
    assert (0, f"history-resolver {version}\n", "") == (run.code, run.out, run.err)


def test_resolve_help_says_the_default_format_the_exit_statuses_and_examples() -> None:
    """``resolve --help`` names the default output format, every exit status, what goes to
    stderr, and shows examples."""
    run = run_cli("resolve", "--help")
    assert (0, "") == (run.code, run.err)
    text = " ".join(run.out.split())  # argparse wraps help text at the terminal's width
    for said_in_help in [
        "(default: json)",
        "exit status: 0 resolved",
        "1 invalid input: every problem on stderr, one per line",
        "2 usage error: an unknown flag, a bad flag value, a file that cannot be opened, or "
        "a file given in the wrong place",
        '"warning: PATH: MESSAGE"',
        '"skipped: PATH: MESSAGE"',
        "examples: history-resolver resolve examples/breaking-bad.json --format table",
        "--history page-1.json --history page-2.json",
        "one file per flag",
    ]:
        assert said_in_help in text


def test_top_level_help_lists_the_commands_and_version() -> None:
    """``history-resolver --help`` lists each subcommand and ``--version``."""
    run = run_cli("--help")
    assert (0, "") == (run.code, run.err)
    assert "--version" in run.out
    assert "resolve" in run.out


def test_the_first_help_example_runs() -> None:
    """The first example ``resolve --help`` shows prints the README's table."""
    help_text = run_cli("resolve", "--help").out
    line = next(line for line in help_text.splitlines() if "examples/breaking-bad.json" in line)
    args = line.split()
    assert ["history-resolver", "resolve"] == args[:2]
    run = run_cli(*args[1:])
    assert (0, "") == (run.code, run.err)
    assert run.out.startswith("TV_TMDBID1396  17.74% watched")


# --- a file in the wrong place: one line, exit 2 --------------------------------------------

TV_DETAILS = {
    "id": 1396,
    "name": "Breaking Bad",
    "number_of_seasons": 5,
    "season/1": json.loads((EXAMPLES / "tmdb/breaking-bad-season-1.json").read_text("utf-8")),
}
LOOKS = {
    "document": ("an input document ({history, episodes, options})", "as FILE"),
    "page": ("a list-endpoint page ({items, hasMore, nextPageToken})", "with --history"),
    "history": ("history entries (mediaId or id, season, updatedAt, progress)", "with --history"),
    "history lines": (
        "history entries (mediaId or id, season, updatedAt, progress)",
        "with --history",
    ),
    "catalog": ("catalog rows (mediaId, season, episode, airDate)", "with --episodes"),
    "catalog lines": ("catalog rows (mediaId, season, episode, airDate)", "with --episodes"),
    "tmdb season": ("a TMDB season or TV details payload", "with --tmdb-season MEDIA_ID=FILE"),
    "tv details": ("a TMDB season or TV details payload", "with --tmdb-season MEDIA_ID=FILE"),
}
ACCEPTS = {
    "FILE": {"document"},
    "--history": {"page", "history", "history lines"},
    "--episodes": {"catalog", "catalog lines"},
    "--tmdb-season": {"tmdb season", "tv details"},
}


def _kind_file(directory: Path, kind: str) -> str:
    """A file of ``kind`` in ``directory``, made of the shipped example; its name."""
    lines: list[Any] | None = None
    if kind == "document":
        value: Any = EXAMPLE
    elif kind == "page":
        value = json.loads((EXAMPLES / "breaking-bad-history-page.json").read_text("utf-8"))
    elif kind == "history":
        value = EXAMPLE["history"]
    elif kind == "catalog":
        value = EXAMPLE["episodes"]
    elif kind == "tmdb season":
        value = TV_DETAILS["season/1"]
    elif kind == "tv details":
        value = TV_DETAILS
    else:
        lines = EXAMPLE["history" if kind == "history lines" else "episodes"]
    name = kind.replace(" ", "-") + (".jsonl" if lines is not None else ".json")
    if lines is not None:
        text = "".join(json.dumps(line) + "\n" for line in lines)
        (directory / name).write_text(text, encoding="utf-8")
    else:
        write_json(directory / name, value)
    return name


def _args(place: str, name: str) -> list[str]:
    """A command line that gives ``name`` in ``place`` (the other parts valid)."""
    if place == "FILE":
        return ["resolve", name]
    if place == "--history":
        return ["resolve", "--history", name, "--now", NOW]
    if place == "--episodes":
        return ["resolve", "--history", "empty.json", "--episodes", name, "--now", NOW]
    return ["resolve", "--history", "empty.json", "--tmdb-season", f"TV_1396={name}", "--now", NOW]


PLACES = list(ACCEPTS)
WRONG = [(kind, place) for place in PLACES for kind in LOOKS if kind not in ACCEPTS[place]]
RIGHT = [(kind, place) for place in PLACES for kind in LOOKS if kind in ACCEPTS[place]]


@pytest.mark.parametrize(("kind", "place"), WRONG, ids=[f"{k} {p}" for k, p in WRONG])
def test_a_file_in_the_wrong_place_is_one_usage_error(
    tmp_path: Path, kind: str, place: str
) -> None:
    """A file of one kind given where another is read: exit 2 and ONE line naming the file,
    what it looks like and where it goes (not a line per entry about missing keys)."""
    write_json(tmp_path / "empty.json", [])
    name = _kind_file(tmp_path, kind)
    run = run_cli(*_args(place, name), cwd=tmp_path)
    looks, where = LOOKS[kind]
    given = "as FILE" if place == "FILE" else place
    line = f"history-resolver: error: {name}: looks like {looks}; give it {where}, not {given}"
    assert_usage(run, line)
    assert [line] == run.err_lines


@pytest.mark.parametrize(("kind", "place"), RIGHT, ids=[f"{k} {p}" for k, p in RIGHT])
def test_a_file_in_its_place_resolves(tmp_path: Path, kind: str, place: str) -> None:
    """Every kind of file is resolved where it belongs (exit 0)."""
    write_json(tmp_path / "empty.json", [])
    name = _kind_file(tmp_path, kind)
    run = run_cli(*_args(place, name), cwd=tmp_path)
    assert 0 == run.code, run.err
    assert run.out.startswith('{"episodes": [')


def test_the_reported_mistake(tmp_path: Path) -> None:
    """The mistake a user made: the document given after ``--history page.json`` is FILE
    beside --history (a usage error), and given to ``--history`` it is named as a document."""
    page = str(EXAMPLES / "breaking-bad-history-page.json")
    assert_usage(
        run_cli("resolve", "--history", page, "examples/breaking-bad.json"),
        "history-resolver: error: give either FILE or --history, not both "
        "(--history takes one file: repeat the flag for each file)",
    )
    assert_usage(
        run_cli("resolve", "--history", "examples/breaking-bad.json"),
        "history-resolver: error: examples/breaking-bad.json: looks like an input document "
        "({history, episodes, options}); give it as FILE, not --history",
    )


# --- stderr: warnings and skipped items, in every format -----------------------------------

WARNED = {
    "history": [
        {"mediaId": "TV_1", "season": 1, "updatedAt": "2020-01-01T00:00:00Z"},
        {"mediaId": "MV_7", "progress": 50, "updatedAt": "2020-01-02T00:00:00Z"},
    ],
    "options": {"now": NOW},
}
UNCOVERED = (
    "warning: history[0]: season default for TV_TMDBID1 season 1 covers no episode: "
    "the catalog has no episode of that season"
)


@pytest.mark.parametrize("form", ["json", "table"])
def test_a_warning_goes_to_stderr_in_every_format(tmp_path: Path, form: str) -> None:
    """A document whose only finding is a warning: exit 0, the output on stdout (the JSON
    keeps the warning in ``diagnostics``; the table is only the table), the warning on
    stderr."""
    written = write_json(tmp_path / "in.json", WARNED)
    run = run_cli("resolve", written, "--format", form)
    assert (0, UNCOVERED + "\n") == (run.code, run.err)
    if form == "json":
        assert resolve_document(copy.deepcopy(WARNED)) == json.loads(run.out)
    else:
        assert "MV_TMDBID7  50%  in progress  plays 0\n" == run.out.splitlines(True)[0]
        assert "warning" not in run.out


SKIPPED = {
    "history": [*WARNED["history"], {"mediaId": "XX"}],
    "options": {"now": NOW, "onInvalid": "skip"},
}


@pytest.mark.parametrize("form", ["json", "table"])
def test_skipped_items_go_to_stderr_in_every_format(tmp_path: Path, form: str) -> None:
    """``--skip-invalid``: each item left out is on stderr (``skipped: PATH: MESSAGE``) in
    either format, after the warnings; the JSON output keeps them in ``diagnostics``."""
    written = write_json(tmp_path / "in.json", {**SKIPPED, "options": {"now": NOW}})
    run = run_cli("resolve", written, "--skip-invalid", "--format", form)
    expected = resolve_document(copy.deepcopy(SKIPPED))
    assert 0 == run.code
    assert said(expected) == run.err
    assert [
        'skipped: history[2].mediaId: "XX" is not a media id '
        "(TV_TMDBID<digits>, MV_TMDBID<digits>, TV_<digits> or MV_<digits>)",
        UNCOVERED,
    ] == run.err_lines
    if form == "json":
        assert expected == json.loads(run.out)
    else:
        assert "skipped" not in run.out


def test_stdout_stays_clean_when_stderr_is_discarded(tmp_path: Path) -> None:
    """The JSON on stdout is the whole output document (diagnostics included), whatever
    goes to stderr: piping stdout to another program never mixes the two."""
    written = write_json(tmp_path / "in.json", WARNED)
    assert resolve_document(copy.deepcopy(WARNED)) == resolved(run_cli("resolve", written))


# --- the table --------------------------------------------------------------------------------


def _wide_document() -> dict[str, Any]:
    """A daily show with a 399-episode season (and a 3-episode one), and a weekly show."""
    start = dt.date(2020, 1, 1)
    catalog = [
        {"mediaId": "TV_1", "season": 1, "episode": n, "airDate": f"2019-0{n}-01"}
        for n in range(1, 4)
    ]
    catalog += [
        {
            "mediaId": "TV_1",
            "season": 2,
            "episode": n,
            "airDate": (start + dt.timedelta(days=n - 1)).isoformat(),
        }
        for n in range(1, 400)
    ]
    catalog += [
        {"mediaId": "TV_2", "season": 1, "episode": n, "airDate": f"2018-01-{n:02d}"}
        for n in range(1, 9)
    ]
    history = [
        {"mediaId": "TV_1", "season": 2, "updatedAt": "2020-05-10T12:00:00Z"},
        {"mediaId": "TV_1", "season": 2, "episode": 2, "progress": 0,
         "updatedAt": "2020-05-11T12:00:00Z"},
        {"mediaId": "TV_1", "season": 2, "episode": 200, "progress": 50,
         "updatedAt": "2020-08-01T12:00:00Z"},
        {"mediaId": "TV_1", "season": 1, "updatedAt": "2020-01-01T00:00:00Z"},
        {"mediaId": "TV_2", "season": 1, "episode": 3, "updatedAt": "2020-01-01T00:00:00Z"},
    ]  # fmt: skip
    return {"history": history, "episodes": catalog, "options": {"now": "2020-12-01T00:00:00Z"}}


WIDE_TABLE = """\
TV_TMDBID1  39.35% watched (133 of 338 aired)  last S2E131  next S2E132 (2020-05-11)
  S1   ###                                                   3/3   100.00%
  S2   #.################################################  130/335  38.81%
       ##################################################
       ###############################...................
       .................................................>
       ..................................................
       ..................................................
       ..................................._______________
       _________________________________________________
TV_TMDBID2  12.50% watched (1 of 8 aired)  last S1E3  next S1E4 (2018-01-04)
  S1   ..#.....                                              1/8    12.50%

Continue watching
  TV_TMDBID1 S2E200  50%  since 2020-08-01T12:00:00.000Z

# completed   > in progress   . not watched   _ not aired
"""


def test_a_long_season_wraps_at_50_cells(tmp_path: Path) -> None:
    """A 399-episode season wraps its bar at 50 cells a line, continuation lines under the
    bar; other seasons are padded to 50, not to 399; every line fits in 100 columns."""
    written = write_json(tmp_path / "in.json", _wide_document())
    run = run_cli("resolve", written, "--format", "table")
    assert (0, "", WIDE_TABLE) == (run.code, run.err, run.out)
    assert max(len(line) for line in run.out.splitlines()) <= 100


def test_a_50_episode_season_is_one_line(tmp_path: Path) -> None:
    """Exactly 50 cells fit on the season's line: nothing wraps."""
    catalog = [
        {"mediaId": "TV_1", "season": 1, "episode": n, "airDate": "2019-01-01"}
        for n in range(1, 51)
    ]
    history = [{"mediaId": "TV_1", "season": 1, "updatedAt": "2020-01-01T00:00:00Z"}]
    written = write_json(
        tmp_path / "in.json", {"history": history, "episodes": catalog, "options": {"now": NOW}}
    )
    run = run_cli("resolve", written, "--format", "table")
    assert 0 == run.code
    assert f"  S1   {'#' * 50}   50/50  100.00%" == run.out.splitlines()[1]
    assert "" == run.out.splitlines()[2]


TITLED_PAGE = {
    "items": [
        {"id": "TV_1396", "mediaType": "tv", "season": 1, "title": "Breaking Bad",
         "updatedAt": "2023-01-15T00:00:00.000Z"},
        {"id": "TV_1396", "mediaType": "tv", "season": 1, "episode": 4, "progress": 0,
         "updatedAt": "2023-01-20T18:00:00.000Z"},
        {"id": "MV_559969", "mediaType": "movie", "progress": 62,
         "updatedAt": "2023-02-10T21:30:00.000Z",
         "title": "El Camino:\u001b[31m A Breaking\nBad Movie"},
        {"id": "MV_550", "mediaType": "movie", "updatedAt": "2023-02-11T21:30:00.000Z",
         "title": "A title far too long to be shown whole in a table line"},
        {"id": "MV_551", "mediaType": "movie", "progress": 10,
         "updatedAt": "2023-02-11T21:30:00.000Z", "title": "   "},
    ],
    "hasMore": False,
    "nextPageToken": None,
}  # fmt: skip
TITLED_TABLE = """\
TV_TMDBID1396  "Breaking Bad"  85.71% watched (6 of 7 aired)  last S1E7  next -
  S1   ###.###    6/7    85.71%
MV_TMDBID550  "A title far too long to be shown whol..."  100%  completed  plays 1
MV_TMDBID551  10%  in progress  plays 0
MV_TMDBID559969  "El Camino: [31m A Breaking Bad Movie"  62%  in progress  plays 0

Continue watching
  MV_TMDBID551  10%  since 2023-02-11T21:30:00.000Z
  MV_TMDBID559969  "El Camino: [31m A Breaking Bad Movie"  62%  since 2023-02-10T21:30:00.000Z

# completed   > in progress   . not watched   _ not aired
"""


def test_titles_from_the_list_endpoint_are_shown_beside_the_id(tmp_path: Path) -> None:
    """Titles the history items carry are shown beside the media id, taken from any entry
    that decided a row of that show or movie (the TV title is on the season default, not on
    the entry of S1E4); control characters become spaces (no terminal escape gets through),
    a long title is cut to 40 characters, a blank one is not shown.  The JSON output has no
    titles."""
    write_json(tmp_path / "page.json", TITLED_PAGE)
    season = "TV_1396=" + str(EXAMPLES / "tmdb" / "breaking-bad-season-1.json")
    args = ("resolve", "--history", "page.json", "--tmdb-season", season, "--now", NOW)
    run = run_cli(*args, "--format", "table", cwd=tmp_path)
    assert (0, "", TITLED_TABLE) == (run.code, run.err, run.out)
    assert "title" not in run_cli(*args, cwd=tmp_path).out


def test_a_table_with_nothing_to_show_says_so(tmp_path: Path) -> None:
    """An empty history gives a table that says nothing was resolved, not a blank line."""
    written = write_json(tmp_path / "in.json", {"history": [], "options": {"now": NOW}})
    run = run_cli("resolve", written, "--format", "table")
    assert (0, "", "(nothing resolved: no episode and no movie)\n") == (
        run.code,
        run.err,
        run.out,
    )


# --- --episodes is repeatable ---------------------------------------------------------------


def test_episodes_flag_is_repeatable(tmp_path: Path) -> None:
    """``--episodes A --episodes B`` takes the rows of A then B (a repeated flag is never
    silently dropped)."""
    rows = EXAMPLE["episodes"]
    first = write_json(tmp_path / "a.json", rows[:20])
    second = write_json(tmp_path / "b.json", rows[20:])
    bare = write_json(tmp_path / "bare.json", {**EXAMPLE, "episodes": []})
    run = run_cli("resolve", bare, "--episodes", first, "--episodes", second)
    assert resolve_document(copy.deepcopy(EXAMPLE)) == resolved(run)


# --- the command in process: odd arguments, closed pipes, interrupts, the table -----------


SHOW = "TV_TMDBID1396"
MOVIE = "MV_TMDBID550"
WATCHED_S1 = [
    {"mediaId": SHOW, "season": 1, "episode": 1, "updatedAt": "2023-01-15T00:00:00.000Z"},
    {"mediaId": SHOW, "season": 1, "episode": 2, "updatedAt": "2023-01-16T00:00:00.000Z"},
]


CATALOG_S1 = [
    {"mediaId": SHOW, "season": 1, "episode": 1, "airDate": "2008-01-20"},
    {"mediaId": SHOW, "season": 1, "episode": 2, "airDate": "2008-01-27"},
]


def test_cli_episodes_file_may_be_a_catalog_object(tmp_path: Path) -> None:
    """``--episodes`` accepts an object holding only an ``episodes`` array and takes its rows
    as the catalog, exactly as if they were in the document.  (A whole input document there
    is refused: its history and options would be ignored; see test_command_surface.py.)"""
    history = write_json(tmp_path / "h.json", WATCHED_S1[:1])
    catalog = write_json(tmp_path / "c.json", {"episodes": CATALOG_S1})
    code, out, err = run_in_process(
        ["resolve", "--history", history, "--episodes", catalog, "--now", NOW]
    )
    expected = resolve_document(
        {"history": WATCHED_S1[:1], "episodes": CATALOG_S1, "options": {"now": NOW}}
    )
    assert (0, "") == (code, err)
    assert expected == json.loads(out)
    assert [(1, 1, "explicit"), (1, 2, "none")] == [
        (e["season"], e["episode"], e["basis"]) for e in expected["episodes"]
    ]


def test_cli_tmdb_season_with_a_bad_media_id_is_a_usage_error(tmp_path: Path) -> None:
    """``--tmdb-season`` whose MEDIA_ID is not a media id exits 2 naming it (no file read)."""
    history = write_json(tmp_path / "h.json", WATCHED_S1)
    code, out, err = run_in_process(
        ["resolve", "--history", history, "--tmdb-season", "TV_x=missing"]
    )
    assert (2, "") == (code, out)
    assert "history-resolver: error: --tmdb-season: 'TV_x' is not a media id\n" == err


def test_cli_tmdb_season_for_a_movie_is_a_usage_error(tmp_path: Path) -> None:
    """``--tmdb-season`` names a show; a movie id there exits 2 saying so."""
    history = write_json(tmp_path / "h.json", WATCHED_S1)
    code, out, err = run_in_process(
        ["resolve", "--history", history, "--tmdb-season", "MV_550=missing"]
    )
    assert (2, "") == (code, out)
    assert "history-resolver: error: --tmdb-season: 'MV_550' is a movie, not a show\n" == err


def test_cli_document_that_is_not_an_object(tmp_path: Path) -> None:
    """A FILE holding a JSON array (of no kind the command recognises) is invalid input
    (exit 1), worded by the document layer with the path ``$``, even with option flags that
    would otherwise be merged into it."""
    document = write_json(tmp_path / "doc.json", [1, 2])
    code, out, err = run_in_process(["resolve", document, "--now", NOW])
    assert (1, "") == (code, out)
    assert "$: an array is not an object\n" == err


@pytest.mark.parametrize("text", ["null", "\ufeffnull", " null\n"])
def test_cli_document_null_is_invalid_not_absent(tmp_path: Path, text: str) -> None:
    """A FILE holding ``null`` is a document that is not an object (exit 1,
    docs/rules.md#the-input-document), not the absence of a document: it never resolves to
    an empty result (found by the fuzz harness)."""
    document = tmp_path / "null.json"
    document.write_text(text, encoding="utf-8")
    code, out, err = run_in_process(["resolve", str(document), "--now", NOW])
    assert (1, "", "$: null is not an object\n") == (code, out, err)


class _FailingStream(io.StringIO):
    """A stdout whose every write raises ``error``."""

    def __init__(self, error: BaseException) -> None:
        super().__init__()
        self.error = error

    def write(self, text: str) -> int:
        raise self.error


def _document_file(tmp_path: Path) -> Path:
    return write_json(
        tmp_path / "doc.json",
        {"history": WATCHED_S1, "episodes": CATALOG_S1, "options": {"now": NOW}},
    )


def test_cli_closed_stdout_pipe_exits_quietly(tmp_path: Path) -> None:
    """When the reader of stdout has gone (``| head``), the command exits 0 without a word."""
    code, _, err = run_in_process(
        ["resolve", _document_file(tmp_path)], _FailingStream(BrokenPipeError())
    )
    assert (0, "") == (code, err)


def test_cli_interrupt_exits_130_without_traceback(tmp_path: Path) -> None:
    """Ctrl-C exits 130 (128 + SIGINT), the shell convention, and prints no traceback."""
    code, _, err = run_in_process(
        ["resolve", _document_file(tmp_path)], _FailingStream(KeyboardInterrupt())
    )
    assert (130, "") == (code, err)


def test_cli_unexpected_error_exits_70_with_one_line(tmp_path: Path) -> None:
    """An error nobody foresaw (here: the disk is full) exits 70 (EX_SOFTWARE) with one line
    naming it, never a traceback."""
    full = OSError(28, "No space left on device")
    code, _, err = run_in_process(["resolve", _document_file(tmp_path)], _FailingStream(full))
    assert 70 == code
    assert "history-resolver: internal error: OSError: [Errno 28] No space left on device\n" == err


def test_console_script_exits_with_the_status(monkeypatch: pytest.MonkeyPatch) -> None:
    """The ``history-resolver`` console script exits the process with ``main``'s status."""
    monkeypatch.setattr(sys, "argv", ["history-resolver", "resolve"])
    err = io.StringIO()
    with contextlib.redirect_stderr(err), pytest.raises(SystemExit) as exit_:
        console_main()
    assert 2 == exit_.value.code
    assert "history-resolver: error: give an input document FILE (or -), or --history\n" == (
        err.getvalue()
    )


def test_table_show_with_nothing_next_and_a_movie(tmp_path: Path) -> None:
    """A show whose every reported episode is completed has ``next -``; a movie gets its
    own line; the legend follows the episodes."""
    history = [*WATCHED_S1, {"mediaId": MOVIE, "updatedAt": "2023-02-01T00:00:00.000Z"}]
    document = write_json(
        tmp_path / "doc.json",
        {"history": history, "episodes": CATALOG_S1, "options": {"now": NOW}},
    )
    code, out, err = run_in_process(["resolve", document, "--format", "table"])
    assert (0, "") == (code, err)
    assert (
        "TV_TMDBID1396  100.00% watched (2 of 2 aired)  last S1E2  next -\n"
        "  S1   ##    2/2   100.00%\n"
        "MV_TMDBID550  100%  completed  plays 1\n"
        "\n"
        "# completed   > in progress   . not watched   _ not aired\n"
    ) == out


def test_table_without_episodes_has_no_legend_and_skipped_items_go_to_stderr(
    tmp_path: Path,
) -> None:
    """With only movies there is no episode legend; skipped problems (``--skip-invalid``)
    are on stderr, one per line, as ``skipped: path: message``, not in the table."""
    history = [
        {"mediaId": MOVIE, "progress": 0, "updatedAt": "2023-02-01T00:00:00.000Z"},
        {"mediaId": MOVIE, "progress": 120, "updatedAt": "2023-02-02T00:00:00.000Z"},
    ]
    document = write_json(tmp_path / "doc.json", {"history": history, "options": {"now": NOW}})
    code, out, err = run_in_process(["resolve", document, "--format", "table", "--skip-invalid"])
    assert (0, "MV_TMDBID550  0%  not watched  plays 0\n") == (code, out)
    assert "skipped: history[1].progress: 120 is outside 0..100\n" == err
