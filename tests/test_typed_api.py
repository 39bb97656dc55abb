"""The typed, in-process API: ``resolve``, its values and ``Resolution``'s lookups."""

from __future__ import annotations

import copy
import dataclasses
import fractions
import importlib
import inspect
import json
import math
import re
from collections.abc import Callable, Iterator
from datetime import date, datetime, timedelta, timezone
from importlib import resources
from pathlib import Path
from types import ModuleType
from typing import Any, Literal, TypeVar, get_args, get_origin, get_type_hints

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

import history_resolver
from history_resolver import (
    CatalogEpisode,
    Diagnostic,
    EpisodeRef,
    EpisodeState,
    HistoryEntry,
    InProgressItem,
    InvalidInputError,
    MediaId,
    MovieState,
    Options,
    Resolution,
    Resolver,
    SeasonSummary,
    ShowSummary,
    Timestamp,
    resolve,
    resolve_document,
)
from strategies import documents
from support import NOW as NOW_TEXT
from support import messages

PUBLIC_NAMES = {
    "Basis",
    "CatalogEpisode",
    "Diagnostic",
    "EpisodeRef",
    "EpisodeState",
    "HistoryEntry",
    "HistoryResolverError",
    "InProgressItem",
    "InvalidInputError",
    "MediaId",
    "MediaKind",
    "MovieState",
    "OnInvalid",
    "Options",
    "Resolution",
    "Resolver",
    "SchemaKind",
    "SeasonSummary",
    "Severity",
    "ShowSummary",
    "Timestamp",
    "catalog_from_json",
    "catalog_from_tmdb",
    "history_from_json",
    "options_from_json",
    "resolve",
    "resolve_document",
    "resolve_json",
    "schema",
}
ID_RULE = "is not a media id (TV_TMDBID<digits>, MV_TMDBID<digits>, TV_<digits> or MV_<digits>)"
NOW = Timestamp.parse("2024-01-01T00:00:00Z")
SHOW = MediaId.tv(1396)


def untyped(value: object) -> Any:
    """``value`` hidden from the type checker: a test passing a deliberately wrong type."""
    return value


T = TypeVar("T")


def present(value: T | None) -> T:
    """A lookup's answer that must be there."""
    assert value is not None
    return value


def stamp(text: str) -> Timestamp:
    """A timestamp from text that must be valid."""
    return Timestamp.parse(text)


def scenario_history() -> list[HistoryEntry]:
    """A small history touching every rule (indexes matter: they are ``decided_by``)."""
    return [
        # 0: a season default, after episodes 1 and 2 aired, before episode 3
        HistoryEntry.watched_season("TV_1396", 1, stamp("2008-02-01T00:00:00Z")),
        # 1: episode 3 watched, named by the long id form
        HistoryEntry.watched_episode("TV_TMDBID1396", 1, 3, stamp("2023-01-15T00:00:00Z")),
        # 2: season 2 episode 1 started
        HistoryEntry.watched_episode(SHOW, 2, 1, stamp("2023-01-16T20:00:00Z"), 45.5),
        # 3: a movie started
        HistoryEntry.watched_movie("MV_550", stamp("2023-01-10T00:00:00Z"), 45.5),
        # 4: a season default for a season the catalog lacks: a warning
        HistoryEntry.watched_season("TV_1396", 3, stamp("2023-01-01T00:00:00Z")),
        # 5: a movie watched "now" (no updated_at)
        HistoryEntry.watched_movie(MediaId.movie(551)),
    ]


def scenario_catalog() -> list[CatalogEpisode]:
    """The catalog of the scenario's show, with a special in season 0."""
    return [
        CatalogEpisode.of("TV_1396", 1, 1, date(2008, 1, 20)),
        CatalogEpisode.of("TV_1396", 1, 2, date(2008, 1, 27)),
        CatalogEpisode.of("TV_TMDBID1396", 1, 3, date(2008, 2, 10)),
        CatalogEpisode.of(SHOW, 2, 1, stamp("2009-03-08T02:00:00Z")),
        CatalogEpisode.of(SHOW, 0, 1, date(2008, 1, 1)),
        CatalogEpisode.of(SHOW, 1, 1, date(2008, 1, 20)),  # a duplicate, same air date
    ]


def scenario() -> Resolution:
    """The scenario resolved at NOW."""
    return resolve(scenario_history(), scenario_catalog(), now=NOW)


def text_of(value: Timestamp | None) -> str | None:
    """A timestamp's output form, or None."""
    return None if value is None else value.isoformat()


# --- what a resolution holds ---------------------------------------------------------------


DEFAULT_AT = "2008-02-01T00:00:00.000Z"
E3_AT = "2023-01-15T00:00:00.000Z"
S2_AT = "2023-01-16T20:00:00.000Z"


def test_episodes_are_resolved_by_the_contracts_rules() -> None:
    """Every catalog and explicitly named episode, sorted, with basis, decider and plays."""
    expected = [
        (0, 1, "2008-01-01", True, 0.0, False, "none", None, None, 0, None),
        (1, 1, "2008-01-20", True, 100.0, True, "seasonDefault", 0, DEFAULT_AT, 1, DEFAULT_AT),
        (1, 2, "2008-01-27", True, 100.0, True, "seasonDefault", 0, DEFAULT_AT, 1, DEFAULT_AT),
        (1, 3, "2008-02-10", True, 100.0, True, "explicit", 1, E3_AT, 1, E3_AT),
        (2, 1, "2009-03-08T02:00:00.000Z", True, 45.5, False, "explicit", 2, S2_AT, 0, None),
    ]
    episodes = list(scenario().episodes())
    assert {SHOW} == {e.media_id for e in episodes}
    assert expected == [
        (
            e.season,
            e.episode,
            e.air_date,
            e.aired,
            e.progress,
            e.completed,
            e.basis,
            e.decided_by,
            text_of(e.decided_at),
            e.plays,
            text_of(e.last_watched_at),
        )
        for e in episodes
    ]


def test_movies_are_resolved_and_sorted() -> None:
    """Movies sort by id; an entry without updated_at is stamped with ``now``."""
    expected = [
        (MediaId.movie(550), 45.5, False, 3, "2023-01-10T00:00:00.000Z", 0, None),
        (MediaId.movie(551), 100.0, True, 5, NOW.isoformat(), 1, NOW.isoformat()),
    ]
    assert expected == [
        (
            m.media_id,
            m.progress,
            m.completed,
            m.decided_by,
            m.decided_at.isoformat(),
            m.plays,
            text_of(m.last_watched_at),
        )
        for m in scenario().movies()
    ]


def test_season_and_show_summaries() -> None:
    """Seasons count reported, aired and completed episodes; the show sums seasons >= 1."""
    resolution = scenario()
    expected_seasons = [
        (SHOW, 0, 1, 1, 0, 0.0, None),
        (SHOW, 1, 3, 3, 3, 100.0, "2023-01-15T00:00:00.000Z"),
        (SHOW, 2, 1, 1, 0, 0.0, None),
    ]
    assert expected_seasons == [
        (
            s.media_id,
            s.season,
            s.episodes,
            s.aired,
            s.completed,
            s.percent,
            text_of(s.last_watched_at),
        )
        for s in resolution.seasons()
    ]
    expected_shows = [
        (
            SHOW,
            4,
            3,
            75.0,
            "2023-01-15T00:00:00.000Z",
            EpisodeRef(1, 3, "2008-02-10", True),
            EpisodeRef(2, 1, "2009-03-08T02:00:00.000Z", True),
        )
    ]
    assert expected_shows == [
        (
            s.media_id,
            s.aired,
            s.completed,
            s.percent,
            text_of(s.last_watched_at),
            s.last_episode,
            s.next_episode,
        )
        for s in resolution.shows()
    ]


def test_in_progress_is_newest_first() -> None:
    """Continue watching: started, unfinished episodes and movies, newest first."""
    expected = [
        InProgressItem(SHOW, 2, 1, 45.5, stamp("2023-01-16T20:00:00Z")),
        InProgressItem(MediaId.movie(550), None, None, 45.5, stamp("2023-01-10T00:00:00Z")),
    ]
    assert expected == list(scenario().in_progress())


def test_diagnostics_report_a_default_that_covers_nothing() -> None:
    """A season default whose season has no catalog episode is a warning on its entry."""
    diagnostics = scenario().diagnostics
    expected = [("warning", "history[4]")]
    assert expected == [(d.severity, d.path) for d in diagnostics]
    assert all(isinstance(d, Diagnostic) and d.message for d in diagnostics)


# --- lookups --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "key",
    [
        pytest.param("TV_1396", id="short"),
        pytest.param("TV_TMDBID1396", id="long"),
        pytest.param("TV_001396", id="leading-zeros"),
        pytest.param(MediaId.tv(1396), id="MediaId"),
        pytest.param(MediaId.parse("TV_TMDBID1396"), id="parsed"),
    ],
)
def test_episode_lookup_accepts_every_id_form(key: MediaId | str) -> None:
    """``episode(id, s, e)`` finds the episode whatever form names the show."""
    resolution = scenario()
    found = present(resolution.episode(key, 1, 3))
    expected = ("explicit", 1, SHOW)
    assert expected == (found.basis, found.decided_by, found.media_id)
    assert resolution.episode("TV_1396", 1, 3) == found


@pytest.mark.parametrize(
    "key",
    [
        pytest.param("MV_550", id="short"),
        pytest.param("MV_TMDBID550", id="long"),
        pytest.param("MV_0550", id="leading-zero"),
        pytest.param(MediaId.movie(550), id="MediaId"),
    ],
)
def test_movie_lookup_accepts_every_id_form(key: MediaId | str) -> None:
    """``movie(id)`` finds the movie whatever form names it."""
    found = present(scenario().movie(key))
    expected = (MediaId.movie(550), 45.5, 3)
    assert expected == (found.media_id, found.progress, found.decided_by)


def test_lookups_of_unreported_items_are_none() -> None:
    """An episode or movie that was not reported is ``None``, as ``dict.get`` answers:
    an episode the catalog lacks, a show nobody named, a movie nobody watched."""
    resolution = scenario()
    assert resolution.episode("TV_1396", 1, 4) is None  # past the catalog's season 1
    assert resolution.episode("TV_1397", 1, 1) is None  # another show
    assert resolution.episode(SHOW, 3, 1) is None  # a default's season, not in the catalog
    assert resolution.episode(SHOW, -1, 1) is None  # no such season can be reported
    assert resolution.movie("MV_1") is None


LOOKUP_ERRORS: list[Any] = [
    # a malformed id names the id and the id rule
    pytest.param(
        lambda r: r.episode("TV-1396", 1, 1), f'mediaId: "TV-1396" {ID_RULE}', id="episode-TV-"
    ),
    pytest.param(lambda r: r.movie("MV_"), f'mediaId: "MV_" {ID_RULE}', id="movie-MV_"),
    pytest.param(lambda r: r.episode("XX", 1, 1), f'mediaId: "XX" {ID_RULE}', id="episode-XX"),
    # not a string at all (the words of the JSON rule: docs/rules.md#media-ids)
    pytest.param(lambda r: r.movie(untyped(550)), "mediaId: 550 is not a string", id="movie-int"),
    # an id of the other kind
    pytest.param(
        lambda r: r.movie("TV_1396"), 'media_id: "TV_TMDBID1396" is not a movie', id="show-as-movie"
    ),
    pytest.param(
        lambda r: r.episode(MediaId.movie(550), 1, 1),
        'media_id: "MV_TMDBID550" is not a show',
        id="movie-as-show",
    ),
    # numbers that are not ints (text from a URL would silently find nothing)
    pytest.param(
        lambda r: r.episode(SHOW, untyped("1"), untyped(2.0)),
        'season: "1" is not an integer\nepisode: 2.0 is not an integer',
        id="numbers",
    ),
    pytest.param(
        lambda r: r.episode(SHOW, True, 1), "season: true is not an integer", id="season-bool"
    ),
]


@pytest.mark.parametrize(("lookup", "expected"), LOOKUP_ERRORS)
def test_malformed_lookups_raise_invalid_input(
    lookup: Callable[[Resolution], object], expected: str
) -> None:
    """A question that cannot name a reported item raises InvalidInputError naming the value
    and the rule (never KeyError, never a silent None)."""
    with pytest.raises(InvalidInputError) as excinfo:
        lookup(scenario())
    assert expected == str(excinfo.value)


def test_iterators_can_be_taken_again() -> None:
    """Each call gives a fresh iteration over the same rows."""
    resolution = scenario()
    assert list(resolution.episodes()) == list(resolution.episodes())
    assert list(resolution.seasons()) == list(resolution.seasons())
    expected = 5
    assert expected == len(list(resolution.episodes()))


def test_now_argument_equals_options_with_now() -> None:
    """``resolve(h, c, now=t)`` is ``resolve(h, c, Options(now=t))``."""
    by_argument = scenario()
    by_options = resolve(scenario_history(), scenario_catalog(), Options(now=NOW))
    assert list(by_argument.episodes()) == list(by_options.episodes())
    assert list(by_argument.movies()) == list(by_options.movies())
    assert list(by_argument.shows()) == list(by_options.shows())


def test_as_of_alone_is_now() -> None:
    """With only ``as_of``, ``now`` is ``as_of``: later entries are left out, and an entry
    without updated_at takes ``as_of`` (so it is kept)."""
    as_of = stamp("2023-01-15T00:00:00Z")
    resolution = resolve(scenario_history(), scenario_catalog(), Options(as_of=as_of))
    assert as_of == resolution.now
    bases = {(e.season, e.episode): (e.basis, e.decided_by) for e in resolution.episodes()}
    expected = (("explicit", 1), ("none", None))  # entry 1 is at as_of; entry 2 after it
    assert expected == (bases[1, 3], bases[2, 1])
    expected_movies = [(MediaId.movie(550), 3), (MediaId.movie(551), 5)]
    assert expected_movies == [(m.media_id, m.decided_by) for m in resolution.movies()]
    expected_stamp = as_of.isoformat()
    assert expected_stamp == present(resolution.movie("MV_551")).decided_at.isoformat()


def test_options_change_threshold_and_zone() -> None:
    """A lower threshold completes a started movie; a zone moves a date's start."""
    history = [HistoryEntry.watched_season(SHOW, 1, stamp("2008-01-19T20:00:00Z"))]
    catalog = [CatalogEpisode.of(SHOW, 1, 1, date(2008, 1, 20))]
    in_utc = present(resolve(history, catalog, now=NOW).episode(SHOW, 1, 1))
    in_kolkata = resolve(history, catalog, Options(now=NOW, air_date_zone="Asia/Kolkata"))
    expected = ("none", "seasonDefault")
    assert expected == (in_utc.basis, present(in_kolkata.episode(SHOW, 1, 1)).basis)
    started = [HistoryEntry.watched_movie("MV_5", NOW, 45.5)]
    lenient = resolve(started, options=Options(now=NOW, completion_threshold=45.5))
    movie = present(lenient.movie("MV_5"))
    expected_movie = (True, 1)
    assert expected_movie == (movie.completed, movie.plays)
    assert (45.5, movie) == (lenient.threshold, lenient.movie("MV_TMDBID5"))


# --- agreement with the document layer ------------------------------------------------------


def full_text(value: Timestamp) -> str:
    """A timestamp as text with nine fractional digits, so no digit is lost."""
    seconds, fraction = divmod(int(value.ns), 1_000_000_000)
    moment = datetime(1970, 1, 1, tzinfo=timezone.utc) + timedelta(seconds=seconds)
    return moment.strftime("%Y-%m-%dT%H:%M:%S") + f".{fraction:09d}Z"


def as_document(
    history: list[HistoryEntry], catalog: list[CatalogEpisode], options: Options
) -> dict[str, Any]:
    """The typed inputs as a contract input document."""
    entries = [
        {
            "mediaId": str(entry.media_id),
            "updatedAt": None if entry.updated_at is None else full_text(entry.updated_at),
            "progress": entry.progress,
            "season": entry.season,
            "episode": entry.episode,
            "imported": entry.imported,
        }
        for entry in history
    ]
    rows = [
        {
            "mediaId": str(row.media_id),
            "season": row.season,
            "episode": row.episode,
            "airDate": row.air_date.isoformat() if row.air_date is not None else None,
        }
        for row in catalog
    ]
    opts: dict[str, Any] = {
        "completionThreshold": options.completion_threshold,
        "airDateZone": options.air_date_zone,
    }
    if options.now is not None:
        opts["now"] = full_text(options.now)
    if options.as_of is not None:
        opts["asOf"] = full_text(options.as_of)
    return {"history": entries, "episodes": rows, "options": opts}


def as_output(resolution: Resolution) -> dict[str, Any]:
    """A resolution written as the contract's output document."""

    def ref(value: EpisodeRef | None, with_air: bool) -> dict[str, Any] | None:
        if value is None:
            return None
        shown: dict[str, Any] = {"season": value.season, "episode": value.episode}
        if with_air:
            shown.update(airDate=value.air_date, aired=value.aired)
        return shown

    def item(value: InProgressItem) -> dict[str, Any]:
        shown: dict[str, Any] = {"mediaId": str(value.media_id)}
        if value.season is not None:
            shown.update(season=value.season, episode=value.episode)
        shown.update(progress=value.progress, updatedAt=value.updated_at.isoformat())
        return shown

    return {
        "episodes": [
            {
                "mediaId": str(e.media_id),
                "season": e.season,
                "episode": e.episode,
                "airDate": e.air_date,
                "progress": e.progress,
                "completed": e.completed,
                "basis": e.basis,
                "decidedBy": e.decided_by,
                "plays": e.plays,
                "lastWatchedAt": text_of(e.last_watched_at),
            }
            for e in resolution.episodes()
        ],
        "movies": [
            {
                "mediaId": str(m.media_id),
                "progress": m.progress,
                "completed": m.completed,
                "decidedBy": m.decided_by,
                "plays": m.plays,
                "lastWatchedAt": text_of(m.last_watched_at),
            }
            for m in resolution.movies()
        ],
        "seasons": [
            {
                "mediaId": str(s.media_id),
                "season": s.season,
                "episodes": s.episodes,
                "aired": s.aired,
                "completed": s.completed,
                "percent": s.percent,
                "lastWatchedAt": text_of(s.last_watched_at),
            }
            for s in resolution.seasons()
        ],
        "shows": [
            {
                "mediaId": str(s.media_id),
                "aired": s.aired,
                "completed": s.completed,
                "percent": s.percent,
                "lastWatchedAt": text_of(s.last_watched_at),
                "lastEpisode": ref(s.last_episode, with_air=False),
                "nextEpisode": ref(s.next_episode, with_air=True),
            }
            for s in resolution.shows()
        ],
        "inProgress": [item(value) for value in resolution.in_progress()],
        "diagnostics": [d.to_json() for d in resolution.diagnostics],
    }


def test_typed_api_agrees_with_resolve_document_on_the_scenario() -> None:
    """The same data through both entry points gives the same output."""
    history, catalog, options = scenario_history(), scenario_catalog(), Options(now=NOW)
    document = as_document(history, catalog, options)
    assert resolve_document(document) == as_output(resolve(history, catalog, options))


STAMPS = st.integers(min_value=1_200_000_000_000, max_value=1_800_000_000_000).map(
    lambda ms: Timestamp(ms * 1_000_000)
)
SHOWS = st.sampled_from([MediaId.tv(1), MediaId.tv(22), MediaId.tv(100)])
ENTRIES = st.one_of(
    st.builds(
        HistoryEntry,
        media_id=SHOWS,
        updated_at=st.one_of(st.none(), STAMPS),
        progress=st.one_of(st.integers(0, 100), st.sampled_from([0.0, 45.5, 79.99, 80.0])),
        season=st.integers(1, 2),
        episode=st.one_of(st.none(), st.integers(1, 3)),
        imported=st.one_of(st.none(), st.sampled_from(["trakt", "imdb"])),
    ),
    st.builds(
        HistoryEntry,
        media_id=st.sampled_from([MediaId.movie(5), MediaId.movie(50)]),
        updated_at=st.one_of(st.none(), STAMPS),
        progress=st.integers(0, 100),
    ),
)
CATALOG = st.builds(
    CatalogEpisode,
    media_id=SHOWS,
    season=st.integers(0, 2),
    episode=st.integers(1, 3),
    air_date=st.one_of(
        st.none(), st.dates(min_value=date(2008, 1, 1), max_value=date(2027, 1, 1)), STAMPS
    ),
)


def catalog_key(row: CatalogEpisode) -> tuple[MediaId, int, int]:
    """The episode a catalog row describes."""
    return row.media_id, row.season, row.episode


@settings(max_examples=60, deadline=None)
@given(
    history=st.lists(ENTRIES, max_size=8),
    catalog=st.lists(CATALOG, max_size=8, unique_by=catalog_key),
    now=STAMPS,
    as_of=st.one_of(st.none(), STAMPS),
    threshold=st.sampled_from([80.0, 50.0, 100.0]),
    zone=st.sampled_from(["UTC", "Asia/Kolkata", "America/Santiago"]),
)
def test_typed_api_agrees_with_resolve_document(
    history: list[HistoryEntry],
    catalog: list[CatalogEpisode],
    now: Timestamp,
    as_of: Timestamp | None,
    threshold: float,
    zone: str,
) -> None:
    """On any valid data both entry points give the same output."""
    options = Options(now=now, as_of=as_of, completion_threshold=threshold, air_date_zone=zone)
    document = as_document(history, catalog, options)
    assert resolve_document(document) == as_output(resolve(history, catalog, options))


# --- Resolution.to_document: the output document, byte for byte ----------------------------


def typed_inputs(
    document: dict[str, Any],
) -> tuple[dict[str, Any], list[HistoryEntry], list[CatalogEpisode], Options]:
    """A valid input document and the same input as typed values.

    A :class:`CatalogEpisode` holds an air date as a value, which the output writes back in
    the output form (milliseconds, ``Z``), where a document echoes its own text: so each
    timestamp ``airDate`` is first rewritten as such text, of its instant cut to the
    millisecond.  Everything else is left as generated.
    """
    document = copy.deepcopy(document)
    history = []
    for item in document["history"]:
        if "mediaId" in item:
            media = MediaId.parse(item["mediaId"])
        elif item["id"].isdigit():
            media = MediaId(item["mediaType"], int(item["id"]))
        else:
            media = MediaId.parse(item["id"])
        updated = item.get("updatedAt")
        progress = item.get("progress")
        season, episode = item.get("season"), item.get("episode")
        history.append(
            HistoryEntry(
                media,
                None if updated is None else Timestamp.parse(updated),
                100.0 if progress is None else progress,
                None if season is None else int(season),
                episode,
                item.get("imported"),
            )
        )
    catalog = []
    for row in document.get("episodes", []):
        text = row.get("airDate")
        air: date | Timestamp | None = None
        if text is not None and len(text) == 10:
            air = date.fromisoformat(text)
        elif text is not None:
            air = Timestamp(Timestamp.parse(text).ns // 10**6 * 10**6)
            row["airDate"] = air.isoformat()
        catalog.append(CatalogEpisode.of(row["mediaId"], row["season"], row["episode"], air))
    given = document["options"]
    options = Options(
        now=Timestamp.parse(given["now"]),
        as_of=Timestamp.parse(given["asOf"]) if "asOf" in given else None,
        completion_threshold=given.get("completionThreshold", 80.0),
        air_date_zone=given.get("airDateZone", "UTC"),
    )
    return document, history, catalog, options


@settings(max_examples=200, deadline=None)
@given(document=documents(nanoseconds=True))
@example(  # an airDate timestamp with microseconds: the document is rewritten to milliseconds
    document={
        "history": [{"mediaId": "TV_11", "season": 1, "updatedAt": "2008-01-20T00:00:01Z"}],
        "episodes": [
            {
                "mediaId": "TV_11",
                "season": 1,
                "episode": 1,
                "airDate": "2008-01-20T00:00:00.5+00:00",
            }
        ],
        "options": {"now": "2024-01-01T00:00:00Z"},
    }
)
def test_to_document_is_what_resolve_document_writes(document: dict[str, Any]) -> None:
    """``resolve(...).to_document()`` is the very document ``resolve_document`` writes for
    the same input: equal as dicts, and equal text once ``json.dumps``-ed (``100`` and
    ``100.0`` are equal dict values but not equal text)."""
    document, history, catalog, options = typed_inputs(document)
    expected = resolve_document(document)
    written = resolve(history, catalog, options).to_document()
    assert expected == written
    assert json.dumps(expected) == json.dumps(written)


def test_to_document_of_the_scenario() -> None:
    """The scenario's output document: its warnings, summaries and continue-watching list,
    and a Resolver's resolution writes the same one."""
    written = scenario().to_document()
    assert ["history[4]"] == [d["path"] for d in written["diagnostics"]]
    assert as_output(scenario()) == written
    resolver = Resolver(scenario_catalog(), Options(now=NOW), scenario_history())
    assert json.dumps(written) == json.dumps(resolver.resolution().to_document())


# --- values are frozen and slotted ----------------------------------------------------------


def sample_values() -> list[object]:
    """One value of each public value type."""
    resolution = scenario()
    show = next(resolution.shows())
    return [
        MediaId.tv(1),
        NOW,
        scenario_history()[0],
        scenario_catalog()[0],
        Options(now=NOW),
        next(resolution.episodes()),
        next(resolution.movies()),
        show.last_episode,
        next(resolution.seasons()),
        show,
        next(resolution.in_progress()),
        resolution.diagnostics[0],
    ]


VALUE_TYPES = [
    MediaId,
    Timestamp,
    HistoryEntry,
    CatalogEpisode,
    Options,
    EpisodeState,
    MovieState,
    EpisodeRef,
    SeasonSummary,
    ShowSummary,
    InProgressItem,
    Diagnostic,
]


@pytest.mark.parametrize("index", range(len(VALUE_TYPES)), ids=[t.__name__ for t in VALUE_TYPES])
def test_values_are_frozen_and_slotted(index: int) -> None:
    """Assigning or deleting a field raises; no instance dict, so no stray attributes."""
    value: Any = sample_values()[index]
    kind: type[Any] = type(value)
    assert VALUE_TYPES[index] is kind
    name = dataclasses.fields(kind)[0].name
    before = getattr(value, name)
    with pytest.raises(dataclasses.FrozenInstanceError):
        setattr(value, name, before)
    with pytest.raises(dataclasses.FrozenInstanceError):
        delattr(value, name)
    assert "__slots__" in kind.__dict__
    assert not hasattr(value, "__dict__")
    # CPython 3.11 raises TypeError (not AttributeError) here for slotted frozen dataclasses
    with pytest.raises((AttributeError, TypeError)):
        value.extra = 1
    assert before == getattr(value, name)


def test_resolution_is_slotted() -> None:
    """A Resolution takes no stray attributes."""
    resolution = scenario()
    assert not hasattr(resolution, "__dict__")
    with pytest.raises(AttributeError):
        resolution.extra = 1  # type: ignore[attr-defined]


def test_values_are_hashable_and_compare_by_value() -> None:
    """Equal values built separately are equal and hash alike (usable as dict keys)."""
    assert MediaId.parse("TV_01396") == MediaId.tv(1396)
    assert hash(MediaId.parse("TV_01396")) == hash(MediaId.tv(1396))
    assert stamp("2023-01-15T05:30:00+05:30") == stamp("2023-01-15T00:00:00Z")
    assert len({*scenario().episodes(), *scenario().episodes()}) == 5


# --- invalid values -------------------------------------------------------------------------

TV = MediaId.tv(1396)
MOVIE = MediaId.movie(550)
NO_OFFSET = "has no UTC offset (end it with Z or +HH:MM)"

INVALID_VALUES: list[Any] = [
    # a hyphen is not the separator
    pytest.param(lambda: MediaId.parse("TV-1396"), f'mediaId: "TV-1396" {ID_RULE}', id="TV-1396"),
    # the prefix is upper case
    pytest.param(lambda: MediaId.parse("tv_1396"), f'mediaId: "tv_1396" {ID_RULE}', id="tv_1396"),
    # digits are required
    pytest.param(lambda: MediaId.parse("TV_"), f'mediaId: "TV_" {ID_RULE}', id="TV_"),
    # a non-string (the words of the JSON rule: docs/rules.md#media-ids)
    pytest.param(
        lambda: MediaId.parse(untyped(1396)), "mediaId: 1396 is not a string", id="parse-int"
    ),
    # more than 4000 digits
    pytest.param(
        lambda: MediaId.parse("TV_" + "1" * 4001),
        'mediaId: "TV_' + "1" * 57 + '..." (4004 characters) has more than 4000 digits',
        id="too-long",
    ),
    # an unknown kind
    pytest.param(
        lambda: MediaId(untyped("show"), 5), 'kind: "show" is not "tv" or "movie"', id="kind"
    ),
    # a negative TMDB id
    pytest.param(lambda: MediaId.tv(-1), "tmdb_id: -1 is less than 0", id="negative"),
    # a boolean TMDB id
    pytest.param(lambda: MediaId.movie(True), "tmdb_id: true is not an integer", id="bool"),
    # a bare date is not a timestamp
    pytest.param(
        lambda: Timestamp.parse("2023-01-15"),
        'timestamp: "2023-01-15" is a date without a time; a timestamp with a UTC offset is needed',
        id="ts-date",
    ),
    # no offset
    pytest.param(
        lambda: Timestamp.parse("2023-01-15T00:00:00"),
        f'timestamp: "2023-01-15T00:00:00" {NO_OFFSET}',
        id="ts-no-offset",
    ),
    # an offset of 24 hours
    pytest.param(
        lambda: Timestamp.parse("2023-01-15T00:00:00+24:00"),
        'timestamp: "2023-01-15T00:00:00+24:00" has a UTC offset outside -23:59..+23:59',
        id="ts-offset",
    ),
    # a naive datetime
    pytest.param(
        lambda: Timestamp.from_datetime(datetime(2023, 1, 1)),
        'timestamp: "2023-01-01T00:00:00" has no UTC offset',
        id="naive-datetime",
    ),
    # a TV entry needs a season
    pytest.param(lambda: HistoryEntry(TV), "season: is required for a TV entry", id="no-season"),
    # seasons start at 1 in history
    pytest.param(lambda: HistoryEntry(TV, season=0), "season: 0 is less than 1", id="season-0"),
    # a boolean season
    pytest.param(
        lambda: HistoryEntry(TV, season=True), "season: true is not an integer", id="season-bool"
    ),
    # a fractional season
    pytest.param(
        lambda: HistoryEntry(TV, season=untyped(1.5)),
        "season: 1.5 is not an integer",
        id="season-1.5",
    ),
    # episodes start at 1
    pytest.param(
        lambda: HistoryEntry(TV, season=1, episode=0), "episode: 0 is less than 1", id="ep-0"
    ),
    # progress above 100
    pytest.param(
        lambda: HistoryEntry(TV, progress=120, season=1),
        "progress: 120 is outside 0..100",
        id="progress-120",
    ),
    # NaN progress
    pytest.param(
        lambda: HistoryEntry(TV, progress=math.nan, season=1),
        "progress: NaN is not a finite number",
        id="progress-nan",
    ),
    # infinite progress
    pytest.param(
        lambda: HistoryEntry(MOVIE, progress=-math.inf),
        "progress: -Infinity is not a finite number",
        id="progress-inf",
    ),
    # a boolean progress
    pytest.param(
        lambda: HistoryEntry(MOVIE, progress=True),
        "progress: true is not a number",
        id="progress-bool",
    ),
    # a string progress
    pytest.param(
        lambda: HistoryEntry(MOVIE, progress=untyped("50")),
        'progress: "50" is not a number',
        id="progress-str",
    ),
    # a movie has neither season nor episode
    pytest.param(
        lambda: HistoryEntry(MOVIE, season=1, episode=2),
        "season: 1 is given for a movie\nepisode: 2 is given for a movie",
        id="movie-season",
    ),
    # imported is a string
    pytest.param(
        lambda: HistoryEntry(MOVIE, imported=untyped(5)),
        "imported: 5 is not a string",
        id="imported",
    ),
    # every problem of one value is named
    pytest.param(
        lambda: HistoryEntry(TV, progress=-1, season=0, episode=0),
        "progress: -1 is outside 0..100\nseason: 0 is less than 1\nepisode: 0 is less than 1",
        id="all-problems",
    ),
    # the helpers parse the id
    pytest.param(
        lambda: HistoryEntry.watched_episode("TV-1", 1, 1), f'mediaId: "TV-1" {ID_RULE}', id="w-ep"
    ),
    # a catalog episode belongs to a show
    pytest.param(
        lambda: CatalogEpisode(MOVIE, 1, 1),
        'media_id: "MV_TMDBID550" is a movie; catalog rows are episodes',
        id="catalog-movie",
    ),
    # catalog seasons start at 0, episodes at 1
    pytest.param(
        lambda: CatalogEpisode(TV, -1, 0),
        "season: -1 is less than 0\nepisode: 0 is less than 1",
        id="catalog-numbers",
    ),
    # an air date is a date or a Timestamp, not text
    pytest.param(
        lambda: CatalogEpisode(TV, 1, 1, untyped("2008-01-20")),
        'air_date: "2008-01-20" is not a date or a Timestamp',
        id="catalog-air-text",
    ),
    # options need now or as_of (the engine reads no clock)
    pytest.param(
        lambda: Options(),
        "now: is required when as_of is not given (the engine reads no clock)",
        id="options-no-now",
    ),
    # the threshold excludes 0
    pytest.param(
        lambda: Options(now=NOW, completion_threshold=0),
        "completion_threshold: 0 is outside 0..100 (0 excluded)",
        id="threshold-0",
    ),
    # NaN threshold
    pytest.param(
        lambda: Options(now=NOW, completion_threshold=math.nan),
        "completion_threshold: NaN is outside 0..100 (0 excluded)",
        id="threshold-nan",
    ),
    # a boolean threshold
    pytest.param(
        lambda: Options(now=NOW, completion_threshold=True),
        "completion_threshold: true is not a number",
        id="threshold-bool",
    ),
    # an unknown zone
    pytest.param(
        lambda: Options(now=NOW, air_date_zone="Mars/Olympus_Mons"),
        'air_date_zone: "Mars/Olympus_Mons" is not an IANA time zone name',
        id="zone",
    ),
    # every problem of the options is named
    pytest.param(
        lambda: Options(completion_threshold=101, air_date_zone="X/Y"),
        "now: is required when as_of is not given (the engine reads no clock)\n"
        "completion_threshold: 101 is outside 0..100 (0 excluded)\n"
        'air_date_zone: "X/Y" is not an IANA time zone name',
        id="options-all",
    ),
    # resolve without options needs now
    pytest.param(
        lambda: resolve([]),
        "now: is required when as_of is not given (the engine reads no clock)",
        id="no-now",
    ),
    # now given twice
    pytest.param(
        lambda: resolve([], options=Options(now=NOW), now=NOW),
        "now: is given twice: as an argument and in options",
        id="now-twice",
    ),
    # a catalog episode given twice with different air dates
    pytest.param(
        lambda: resolve(
            [],
            [CatalogEpisode.of(TV, 1, 1, date(2008, 1, 20)), CatalogEpisode.of(TV, 1, 1)],
            now=NOW,
        ),
        'catalog[0].air_date: "2008-01-20" contradicts null at catalog[1] '
        "for TV_TMDBID1396 season 1 episode 1\n"
        'catalog[1].air_date: null contradicts "2008-01-20" at catalog[0] '
        "for TV_TMDBID1396 season 1 episode 1",
        id="catalog-conflict",
    ),
]


@pytest.mark.parametrize(("build", "expected"), INVALID_VALUES)
def test_invalid_values_raise_with_exact_messages(
    build: Callable[[], object], expected: str
) -> None:
    """Constructing an invalid value raises InvalidInputError naming every problem."""
    with pytest.raises(InvalidInputError) as excinfo:
        build()
    assert expected == str(excinfo.value)
    assert isinstance(excinfo.value, ValueError)


@pytest.mark.parametrize(
    "build",
    [
        # a fractional TMDB id
        pytest.param(lambda: MediaId("tv", untyped(1.5)), id="MediaId-float"),
        # a TMDB id given as text
        pytest.param(lambda: MediaId("tv", untyped("1396")), id="MediaId-str"),
        # Timestamp.parse of a non-string (MediaId.parse refuses one cleanly)
        pytest.param(lambda: Timestamp.parse(untyped(1673740800000)), id="Timestamp-parse-int"),
        # an updated_at that is text, not a Timestamp
        pytest.param(
            lambda: HistoryEntry(MOVIE, updated_at=untyped("2023-01-15T00:00:00Z")),
            id="updated-at-str",
        ),
        # a now that is text, not a Timestamp
        pytest.param(lambda: Options(now=untyped("2024-01-01T00:00:00Z")), id="now-str"),
        # an as_of that is a datetime, not a Timestamp
        pytest.param(
            lambda: Options(as_of=untyped(datetime(2024, 1, 1, tzinfo=timezone.utc))),
            id="as-of-datetime",
        ),
        # a media id that is text, not a MediaId (the helpers parse it; the class does not)
        pytest.param(lambda: HistoryEntry(untyped("TV_1396"), season=1), id="media-id-str"),
    ],
)
def test_values_of_the_wrong_type_raise_invalid_input(build: Callable[[], object]) -> None:
    """A value of the wrong type raises InvalidInputError, not a later crash or a bad value."""
    with pytest.raises(InvalidInputError):
        build()


def test_integral_float_counts_are_stored_as_integers() -> None:
    """``season=1.0`` is either refused or stored as the integer 1 (it is typed ``int``)."""
    try:
        entry = HistoryEntry(TV, season=untyped(1.0), episode=untyped(2.0))
        row = CatalogEpisode(TV, untyped(1.0), untyped(2.0))
    except InvalidInputError:
        return
    expected = (int, int, int, int)
    assert expected == (
        type(entry.season),
        type(entry.episode),
        type(row.season),
        type(row.episode),
    )
    state = present(resolve([entry], [row], now=NOW).episode(TV, 1, 2))
    assert (int, int) == (type(state.season), type(state.episode))


def test_catalog_datetime_air_date_keeps_its_time() -> None:
    """A ``datetime`` air date is either refused or taken as its exact instant, never cut to
    its date (a default updated at 06:00Z does not cover an episode airing at 12:00Z)."""
    try:
        row = CatalogEpisode(TV, 1, 1, datetime(2008, 1, 20, 12, 0, tzinfo=timezone.utc))
    except InvalidInputError:
        return
    entry = HistoryEntry.watched_season(TV, 1, stamp("2008-01-20T06:00:00Z"))
    expected = "none"
    assert expected == present(resolve([entry], [row], now=NOW).episode(TV, 1, 1)).basis


def test_catalog_timestamps_a_nanosecond_apart_conflict() -> None:
    """Two air-date Timestamps for one episode that differ below the millisecond are
    different airDates, so the catalog is invalid (contract section 1)."""
    first = CatalogEpisode.of(TV, 1, 1, Timestamp(stamp("2008-01-20T00:00:00Z").ns + 1))
    second = CatalogEpisode.of(TV, 1, 1, Timestamp(stamp("2008-01-20T00:00:00Z").ns + 2))
    with pytest.raises(InvalidInputError):
        resolve([], [first, second], now=NOW)


# --- the package's surface ------------------------------------------------------------------


def test_all_lists_exactly_the_public_names() -> None:
    """``__all__`` names every public name once, and nothing public is left out of it."""
    exported = history_resolver.__all__
    expected = PUBLIC_NAMES
    assert expected == set(exported)
    assert len(exported) == len(set(exported))
    public = {name for name in dir(history_resolver) if not name.startswith("_")}
    assert expected == public


def test_every_public_name_is_importable() -> None:
    """Each name in ``__all__`` resolves, and ``from history_resolver import *`` gives them."""
    module = importlib.import_module("history_resolver")
    for name in module.__all__:
        assert getattr(module, name) is not None
    namespace: dict[str, object] = {}
    exec("from history_resolver import *", namespace)
    expected = PUBLIC_NAMES
    assert expected == {name for name in namespace if name != "__builtins__"}


def test_public_classes_and_functions_have_docstrings() -> None:
    """Public classes and functions have docstrings."""
    for name in history_resolver.__all__:
        value = getattr(history_resolver, name)
        if isinstance(value, type) or (callable(value) and not hasattr(value, "__origin__")):
            assert value.__doc__, name


def test_package_ships_py_typed() -> None:
    """The package carries the ``py.typed`` marker next to its modules."""
    marker = resources.files("history_resolver").joinpath("py.typed")
    assert marker.is_file()
    package_dir = Path(history_resolver.__file__).parent
    assert (package_dir / "py.typed").is_file()
    # the wheel ships the whole package directory, marker included
    root = Path(__file__).resolve().parents[1]
    config = (root / "pyproject.toml").read_text(encoding="utf-8")  # no tomllib on 3.10
    section = config.split("[tool.hatch.build.targets.wheel]", 1)[1].split("\n[", 1)[0]
    listed = re.search(r"^packages\s*=\s*\[(.*)\]", section, re.MULTILINE)
    assert listed is not None
    shipped = re.findall(r'"([^"]+)"', listed.group(1))
    expected = [package_dir.resolve()]
    assert expected == [(root / path).resolve() for path in shipped]


def test_an_unknown_name_is_an_attribute_error() -> None:
    """A name the package does not have raises AttributeError, as for any module."""
    with pytest.raises(AttributeError, match="has no attribute 'resolv'"):
        history_resolver.resolv  # noqa: B018


def public_modules() -> list[ModuleType]:
    """The package and its public submodules."""
    return [
        history_resolver,
        importlib.import_module("history_resolver.server"),
        importlib.import_module("history_resolver.batch"),
    ]


def public_annotations() -> Iterator[tuple[str, object]]:
    """``(where, type hint)`` for every annotation a user of the package can reach: each
    public function's parameters and return, and each public class's fields, properties
    and methods (public ones, and dunders such as ``__init__``) defined in the package."""
    # names a module imports only for type checkers (typing.TYPE_CHECKING)
    hidden = {"Fraction": fractions.Fraction}
    for module in public_modules():
        for name in module.__all__:
            value = getattr(module, name)
            if inspect.isfunction(value):
                for key, hint in get_type_hints(value, localns=hidden).items():
                    yield f"{name}({key})", hint
            if not isinstance(value, type):
                continue
            for key, hint in get_type_hints(value, localns=hidden).items():
                if not key.startswith("_"):
                    yield f"{name}.{key}", hint
            for member in dir(value):
                if member.startswith("_") and not (member.endswith("__") and len(member) > 4):
                    continue
                raw = inspect.getattr_static(value, member)
                if isinstance(raw, (staticmethod, classmethod)):
                    raw = raw.__func__
                elif isinstance(raw, property):
                    raw = raw.fget
                if inspect.isfunction(raw) and raw.__module__.startswith("history_resolver"):
                    for key, hint in get_type_hints(raw, localns=hidden).items():
                        yield f"{name}.{member}({key})", hint


def private_types(hint: object) -> set[str]:
    """The classes in ``hint`` (however nested) defined in a private module of the package
    and exported by no public module."""
    exported = {id(getattr(m, name)) for m in public_modules() for name in m.__all__}
    found: set[str] = set()
    stack = [hint]
    while stack:
        current = stack.pop()
        if get_origin(current) is not Literal:
            stack.extend(get_args(current))
        origin = get_origin(current)
        if origin is not None:
            stack.append(origin)
        if (
            isinstance(current, type)
            and current.__module__.startswith("history_resolver._")
            and id(current) not in exported
        ):
            found.add(f"{current.__module__}.{current.__qualname__}")
    return found


def test_public_signatures_name_only_public_types() -> None:
    """Nothing public takes or returns a private type: every class in a public annotation is
    either outside the package or re-exported in ``__all__``."""
    seen = dict(public_annotations())
    expected = {
        "Resolution.to_document(return)",
        "resolve(pause_gc)",
        "Timestamp.ns",
        "create_app(return)",
    }
    assert expected <= set(seen)
    leaks = {where: found for where, hint in seen.items() if (found := private_types(hint))}
    assert {} == leaks


def test_private_types_are_found_however_nested() -> None:
    """The check above sees a private class inside a union, a generic or a tuple, and passes
    public classes, builtins and literals."""
    from history_resolver._engine import EpisodeRow
    from history_resolver._summaries import SeasonRow

    expected = {"history_resolver._engine.EpisodeRow", "history_resolver._summaries.SeasonRow"}
    assert expected == private_types(tuple[list[SeasonRow], dict[str, EpisodeRow | None]])
    assert set() == private_types(Iterator[EpisodeState] | Literal["x"] | dict[str, Any] | None)


def test_a_resolution_is_made_only_by_resolving() -> None:
    """``Resolution()`` is refused with the way to get one: its parts are the engine's."""
    with pytest.raises(TypeError, match=r"made by resolve\(\) or Resolver.resolution\(\)"):
        Resolution()


# --- MediaId, CatalogEpisode and Options: edges (docs/rules.md#media-ids) -----------------


def test_media_id_is_show() -> None:
    """docs/rules.md#media-ids: ``is_show`` is true for a TV id in either form and false for a
    movie."""
    assert (True, True, False) == (
        MediaId.parse("TV_1396").is_show,
        MediaId.tv(1396).is_show,
        MediaId.parse("MV_TMDBID550").is_show,
    )


def test_media_id_with_a_huge_tmdb_id_is_refused() -> None:
    """docs/rules.md#media-ids: a ``MediaId`` built from an int of thousands of digits is
    refused by the rule (at most 4000 digits)."""
    with pytest.raises(InvalidInputError) as error:
        MediaId("tv", 10**5000)
    assert ["tmdb_id: has more than 4000 digits"] == messages(error)
    assert ["media-ids"] == [problem.rule for problem in error.value.problems]


MEDIA_ID_PROBLEMS: list[Any] = [
    pytest.param(lambda: MediaId.movie(True), "tmdb_id: true is not an integer", id="bool"),
    pytest.param(lambda: MediaId.tv(-1), "tmdb_id: -1 is less than 0", id="negative"),
    # 10**4000 is the smallest number of 4001 digits
    pytest.param(lambda: MediaId.tv(10**4000), "tmdb_id: has more than 4000 digits", id="4001"),
]


@pytest.mark.parametrize(("build", "message"), MEDIA_ID_PROBLEMS)
def test_media_id_problems_name_their_rule(build: Callable[[], object], message: str) -> None:
    """docs/rules.md#media-ids, #diagnostics: a TMDB id is a whole number from 0 of at most
    4000 digits; each problem of a ``MediaId`` says so and names the rule's anchor."""
    with pytest.raises(InvalidInputError) as error:
        build()
    assert [message] == messages(error)
    assert ["media-ids"] == [problem.rule for problem in error.value.problems]


def test_options_without_now_or_as_of_names_its_rule() -> None:
    """docs/rules.md#now-and-asof, #diagnostics: options need ``now`` or ``as_of`` (the
    engine reads no clock), and the problem names that rule's anchor."""
    with pytest.raises(InvalidInputError) as error:
        Options()
    assert ["now-and-asof"] == [problem.rule for problem in error.value.problems]


def test_media_id_bounds_are_valid() -> None:
    """docs/rules.md#media-ids: 0 and the largest number of 4000 digits are TMDB ids."""
    assert "TV_TMDBID0" == str(MediaId.tv(0))
    assert "MV_TMDBID" + "9" * 4000 == str(MediaId.movie(10**4000 - 1))


def test_media_id_parse_accepts_every_id_the_document_accepts() -> None:
    """docs/rules.md#media-ids: an id of 3950 digits is within the 4000-digit limit: the document
    layer takes it, and so does ``MediaId.parse`` (and so ``--tmdb-season`` and the typed API). (It
    once refused it with the false message "has more than 4000 digits": ``__post_init__`` limited
    the bit length to 13000, about 3913 digits.)"""
    digits = "9" * 3950
    entry = {"mediaId": f"TV_{digits}", "season": 1, "episode": 1}
    output = resolve_document({"history": [entry], "options": {"now": NOW_TEXT}})
    assert f"TV_TMDBID{digits}" == output["episodes"][0]["mediaId"]
    assert f"TV_TMDBID{digits}" == str(MediaId.parse(f"TV_{digits}"))


def test_catalog_episode_needs_a_media_id_object() -> None:
    """``CatalogEpisode`` given a string id (instead of a ``MediaId``) says which
    constructor to use."""
    with pytest.raises(InvalidInputError) as error:
        CatalogEpisode("TV_1396", 1, 1)  # type: ignore[arg-type]
    assert ['media_id: "TV_1396" is not a MediaId (use MediaId.parse, or of)'] == messages(error)


def test_options_air_date_zone_must_be_a_string() -> None:
    """docs/rules.md#air-date-zone: a non-string ``air_date_zone`` is refused with its value."""
    with pytest.raises(InvalidInputError) as error:
        Options(now=NOW, air_date_zone=5)  # type: ignore[arg-type]
    assert ["air_date_zone: 5 is not a string"] == messages(error)
