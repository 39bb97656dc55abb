"""Edge cases of each module that the rule, CLI and property tests do not reach.

Grouped by the module whose behaviour they pin; every test goes through the public API
(``resolve_document``, ``resolve``, ``Resolver``, ``catalog_from_tmdb``, the command run
in-process through ``history_resolver._cli.main``) unless noted.
"""

from __future__ import annotations

import contextlib
import io
import json
import sys
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from history_resolver import (
    CatalogEpisode,
    Diagnostic,
    HistoryEntry,
    InvalidInputError,
    MediaId,
    Options,
    Resolver,
    Timestamp,
    catalog_from_tmdb,
    resolve,
    resolve_document,
)
from history_resolver._cli import console_main, main

SHOW = "TV_TMDBID1396"
MOVIE = "MV_TMDBID550"
NOW = "2024-01-01T00:00:00.000Z"


def messages(error: pytest.ExceptionInfo[InvalidInputError]) -> list[str]:
    """Each problem of a rejected call as ``path: message``."""
    return [str(problem) for problem in error.value.problems]


def shown(text: str) -> str:
    """How a message shows a string longer than 60 characters (``render_value``)."""
    return json.dumps(text[:60])[:-1] + f'..." ({len(text)} characters)'


def document_problems(document: dict[str, Any]) -> list[str]:
    """The problems ``resolve_document`` names for an invalid document."""
    with pytest.raises(InvalidInputError) as error:
        resolve_document(document)
    return messages(error)


# --- _cli: the command, in-process -----------------------------------------------------------


def run(argv: list[str], stdout: io.StringIO | None = None) -> tuple[int, str, str]:
    """``history-resolver ARGV`` in this process: (exit status, stdout, stderr)."""
    out = io.StringIO() if stdout is None else stdout
    err = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(argv)
    return code, out.getvalue(), err.getvalue()


def write_json(path: Path, value: object) -> str:
    path.write_text(json.dumps(value), encoding="utf-8")
    return str(path)


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
    code, out, err = run(["resolve", "--history", history, "--episodes", catalog, "--now", NOW])
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
    code, out, err = run(["resolve", "--history", history, "--tmdb-season", "TV_x=missing"])
    assert (2, "") == (code, out)
    assert "history-resolver: error: --tmdb-season: 'TV_x' is not a media id\n" == err


def test_cli_tmdb_season_for_a_movie_is_a_usage_error(tmp_path: Path) -> None:
    """``--tmdb-season`` names a show; a movie id there exits 2 saying so."""
    history = write_json(tmp_path / "h.json", WATCHED_S1)
    code, out, err = run(["resolve", "--history", history, "--tmdb-season", "MV_550=missing"])
    assert (2, "") == (code, out)
    assert "history-resolver: error: --tmdb-season: 'MV_550' is a movie, not a show\n" == err


def test_cli_document_that_is_not_an_object(tmp_path: Path) -> None:
    """A FILE holding a JSON array (of no kind the command recognises) is invalid input
    (exit 1), worded by the document layer with the path ``$``, even with option flags that
    would otherwise be merged into it."""
    document = write_json(tmp_path / "doc.json", [1, 2])
    code, out, err = run(["resolve", document, "--now", NOW])
    assert (1, "") == (code, out)
    assert "$: an array is not an object\n" == err


class _FailingStream(io.StringIO):
    """A stdout whose every write raises ``error``."""

    def __init__(self, error: BaseException) -> None:
        super().__init__()
        self.error = error

    def write(self, text: str) -> int:
        raise self.error


def _document_file(tmp_path: Path) -> str:
    return write_json(
        tmp_path / "doc.json",
        {"history": WATCHED_S1, "episodes": CATALOG_S1, "options": {"now": NOW}},
    )


def test_cli_closed_stdout_pipe_exits_quietly(tmp_path: Path) -> None:
    """When the reader of stdout has gone (``| head``), the command exits 0 without a word."""
    code, _, err = run(["resolve", _document_file(tmp_path)], _FailingStream(BrokenPipeError()))
    assert (0, "") == (code, err)


def test_cli_interrupt_exits_130_without_traceback(tmp_path: Path) -> None:
    """Ctrl-C exits 130 (128 + SIGINT), the shell convention, and prints no traceback."""
    code, _, err = run(["resolve", _document_file(tmp_path)], _FailingStream(KeyboardInterrupt()))
    assert (130, "") == (code, err)


def test_cli_unexpected_error_exits_70_with_one_line(tmp_path: Path) -> None:
    """An error nobody foresaw (here: the disk is full) exits 70 (EX_SOFTWARE) with one line
    naming it, never a traceback."""
    full = OSError(28, "No space left on device")
    code, _, err = run(["resolve", _document_file(tmp_path)], _FailingStream(full))
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


# --- _table: --format table ------------------------------------------------------------------


def test_table_show_with_nothing_next_and_a_movie(tmp_path: Path) -> None:
    """A show whose every reported episode is completed has ``next -``; a movie gets its
    own line; the legend follows the episodes."""
    history = [*WATCHED_S1, {"mediaId": MOVIE, "updatedAt": "2023-02-01T00:00:00.000Z"}]
    document = write_json(
        tmp_path / "doc.json",
        {"history": history, "episodes": CATALOG_S1, "options": {"now": NOW}},
    )
    code, out, err = run(["resolve", document, "--format", "table"])
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
    code, out, err = run(["resolve", document, "--format", "table", "--skip-invalid"])
    assert (0, "MV_TMDBID550  0%  not watched  plays 0\n") == (code, out)
    assert "skipped: history[1].progress: 120 is outside 0..100\n" == err


# --- _ids: MediaId ---------------------------------------------------------------------------


def test_media_id_is_show() -> None:
    """``is_show`` is true for a TV id in either form and false for a movie."""
    assert (True, True, False) == (
        MediaId.parse("TV_1396").is_show,
        MediaId.tv(1396).is_show,
        MediaId.parse(MOVIE).is_show,
    )


def test_media_id_with_a_huge_tmdb_id_is_refused() -> None:
    """A ``MediaId`` built from an int of thousands of digits is refused by the rule."""
    with pytest.raises(InvalidInputError) as error:
        MediaId("tv", 10**5000)
    assert ["tmdb_id: has more than 4000 digits"] == messages(error)


def test_media_id_parse_accepts_every_id_the_document_accepts() -> None:
    """BUG: an id of 3950 digits is within the 4000-digit limit: the document layer takes
    it, but ``MediaId.parse`` (and so ``--tmdb-season`` and the typed API) refuses it with
    the false message "has more than 4000 digits" (``__post_init__`` limits the bit length
    to 13000, about 3913 digits)."""
    digits = "9" * 3950
    entry = {"mediaId": f"TV_{digits}", "season": 1, "episode": 1}
    output = resolve_document({"history": [entry], "options": {"now": NOW}})
    assert f"TV_TMDBID{digits}" == output["episodes"][0]["mediaId"]
    assert f"TV_TMDBID{digits}" == str(MediaId.parse(f"TV_{digits}"))


# --- _incremental: Resolver ------------------------------------------------------------------


def test_resolver_requires_now() -> None:
    """``Resolver()`` without options has no ``now`` and the engine reads no clock: refused."""
    with pytest.raises(InvalidInputError) as error:
        Resolver()
    assert ["now: is required when as_of is not given (the engine reads no clock)"] == messages(
        error
    )


def test_resolver_starts_from_a_history_and_continues_its_positions() -> None:
    """``Resolver(catalog, options, history)`` equals ``resolve`` on that history, and an
    entry added later takes the next position as its ``decided_by``."""
    now = Timestamp.parse(NOW)
    catalog = [CatalogEpisode.of(SHOW, 1, 1, date(2008, 1, 20))]
    history = [
        HistoryEntry.watched_season(SHOW, 1, Timestamp.parse("2023-01-15T00:00:00Z")),
        HistoryEntry.watched_movie(MOVIE, Timestamp.parse("2023-01-16T00:00:00Z"), 40),
    ]
    resolver = Resolver(catalog, Options(now=now), history)
    assert list(resolve(history, catalog, now=now).episodes()) == list(
        resolver.resolution().episodes()
    )
    state = resolver.episode(SHOW, 1, 1)
    assert state is not None
    assert ("seasonDefault", 0) == (state.basis, state.decided_by)
    later = HistoryEntry.watched_episode(SHOW, 1, 1, Timestamp.parse("2023-01-17T00:00:00Z"), 50)
    assert 2 == resolver.add(later)
    state = resolver.episode(SHOW, 1, 1)
    assert state is not None
    assert ("explicit", 2, 50.0) == (state.basis, state.decided_by, state.progress)


# --- _model: typed values --------------------------------------------------------------------


def test_catalog_episode_needs_a_media_id_object() -> None:
    """``CatalogEpisode`` given a string id (instead of a ``MediaId``) says which
    constructor to use."""
    with pytest.raises(InvalidInputError) as error:
        CatalogEpisode("TV_1396", 1, 1)  # type: ignore[arg-type]
    assert ['media_id: "TV_1396" is not a MediaId (use MediaId.parse, or of)'] == messages(error)


def test_options_air_date_zone_must_be_a_string() -> None:
    """A non-string ``air_date_zone`` is refused with its value."""
    with pytest.raises(InvalidInputError) as error:
        Options(now=Timestamp.parse(NOW), air_date_zone=5)  # type: ignore[arg-type]
    assert ["air_date_zone: 5 is not a string"] == messages(error)


# --- _time: timestamps and air dates ---------------------------------------------------------


def test_updated_at_with_too_many_fractional_digits() -> None:
    """A timestamp may carry up to 4000 fractional digits (compared exactly, cut to
    milliseconds on output); more are refused with the rule."""
    base = "2023-01-15T00:00:00."
    accepted = {"mediaId": MOVIE, "updatedAt": base + "1" * 4000 + "Z"}
    output = resolve_document({"history": [accepted], "options": {"now": NOW}})
    assert "2023-01-15T00:00:00.111Z" == output["movies"][0]["lastWatchedAt"]
    refused = base + "1" * 4001 + "Z"
    assert [
        f"history[0].updatedAt: {shown(refused)} has more than 4000 fractional digits"
    ] == document_problems({"history": [{"mediaId": MOVIE, "updatedAt": refused}]})


def test_air_date_on_a_day_whose_midnight_was_skipped_after_the_jump_began() -> None:
    """Toronto moved its clocks from 23:30 on 1919-03-30 to 00:30 on 03-31, so 03-31 began
    at the jump, 04:30Z: a season default updated at that instant does not cover an episode
    airing that day (strictly before), one a millisecond later does."""

    def basis(updated: str) -> str:
        output = resolve_document(
            {
                "history": [{"mediaId": SHOW, "season": 1, "updatedAt": updated}],
                "episodes": [{"mediaId": SHOW, "season": 1, "episode": 1, "airDate": "1919-03-31"}],
                "options": {"now": NOW, "airDateZone": "America/Toronto"},
            }
        )
        return str(output["episodes"][0]["basis"])

    assert ("none", "seasonDefault") == (
        basis("1919-03-31T04:30:00.000Z"),
        basis("1919-03-31T04:30:00.001Z"),
    )


def test_timestamp_from_datetime_refuses_a_date() -> None:
    """``Timestamp.from_datetime`` given a ``date`` says it is not a datetime."""
    with pytest.raises(InvalidInputError) as error:
        Timestamp.from_datetime(date(2023, 1, 15))  # type: ignore[arg-type]
    assert [Diagnostic("error", "timestamp", "a date is not a datetime")] == list(
        error.value.problems
    )


# --- _tmdb: catalogs from TMDB payloads ------------------------------------------------------


def tmdb_problems(payload: object) -> list[str]:
    with pytest.raises(InvalidInputError) as error:
        catalog_from_tmdb(SHOW, payload)
    return messages(error)


def test_tmdb_appended_season_with_another_season_number() -> None:
    """An appended ``season/2`` whose ``season_number`` is 3 contradicts its key."""
    details = {
        "id": 1396,
        "season/2": {"season_number": 3, "episodes": [{"episode_number": 1}]},
    }
    assert [
        '$["season/2"].season_number: 3 contradicts the key season/2',
        '$["season/2"].episodes[0].season_number: is required',
    ] == tmdb_problems(details)


def test_tmdb_episode_with_an_invalid_season_number() -> None:
    """An episode's own ``season_number`` is checked as a count from 0."""
    season = {"season_number": 1, "episodes": [{"episode_number": 1, "season_number": -1}]}
    assert ["$.episodes[0].season_number: -1 is less than 0"] == tmdb_problems(season)


def test_tmdb_episode_of_another_show() -> None:
    """An episode whose ``show_id`` is another show's is refused, naming both."""
    season = {"season_number": 1, "episodes": [{"episode_number": 1, "show_id": 1399}]}
    assert ["$.episodes[0].show_id: 1399 is not the id of TV_TMDBID1396"] == tmdb_problems(season)


def test_tmdb_air_date_must_be_a_date() -> None:
    """TMDB's ``air_date`` is a calendar date: a timestamp there is refused."""
    stamp = "2008-01-20T00:00:00Z"
    season = {"season_number": 1, "episodes": [{"episode_number": 1, "air_date": stamp}]}
    assert [f'$.episodes[0].air_date: "{stamp}" is not a date (YYYY-MM-DD)'] == tmdb_problems(
        season
    )


# --- _input: the input document ------------------------------------------------------------


def test_history_media_id_with_too_many_digits() -> None:
    """A history ``mediaId`` of more than 4000 significant digits is refused with the rule."""
    raw = "TV_TMDBID" + "1" * 4001
    entry = {"mediaId": raw, "season": 1}
    assert [f"history[0].mediaId: {shown(raw)} has more than 4000 digits"] == document_problems(
        {"history": [entry]}
    )


def test_history_bare_id_with_too_many_digits() -> None:
    """The list endpoint's bare ``id`` with a ``mediaType`` obeys the same 4000-digit limit."""
    raw = "1" * 4001
    entry = {"id": raw, "mediaType": "tv", "season": 1}
    assert [f"history[0].id: {shown(raw)} has more than 4000 digits"] == document_problems(
        {"history": [entry]}
    )


def test_catalog_media_id_with_too_many_digits() -> None:
    """A catalog row's ``mediaId`` obeys the same 4000-digit limit."""
    raw = "TV_" + "1" * 4001
    row = {"mediaId": raw, "season": 1, "episode": 1}
    assert [f"episodes[0].mediaId: {shown(raw)} has more than 4000 digits"] == document_problems(
        {"history": [], "episodes": [row]}
    )
