"""JSON into typed values: ``history_from_json``, ``catalog_from_json``,
``options_from_json`` and ``Resolver.add_json`` read the API's JSON with the document's rules
(docs/rules.md#the-input-document), and the typed values they build resolve as the document
does.  Also: the typed values' normal forms, ``on_invalid`` in the typed API, and the
problem collector.
"""

from __future__ import annotations

import math
from datetime import date
from typing import Any

import pytest
from hypothesis import given, settings

from history_resolver import (
    CatalogEpisode,
    Diagnostic,
    HistoryEntry,
    InvalidInputError,
    MediaId,
    Options,
    Resolver,
    Timestamp,
    catalog_from_json,
    history_from_json,
    options_from_json,
    resolve,
    resolve_document,
)
from history_resolver._errors import Problems
from strategies import documents
from support import messages

NOW = Timestamp.parse("2024-01-01T00:00:00.000Z")
T1 = "2023-01-15T00:00:00.000Z"
SHOW = MediaId.tv(1396)
MOVIE = MediaId.movie(550)


def untyped(value: object) -> Any:
    """``value`` hidden from the type checker: a test passing a deliberately wrong type."""
    return value


# --- history_from_json ----------------------------------------------------------------------


def test_history_items_of_both_shapes_become_entries() -> None:
    """Both wire shapes, either id form; a missing ``updatedAt`` is ``None`` (the entry takes
    the resolution's ``now``, as in a document), a missing progress 100."""
    items = [
        {"mediaId": "TV_TMDBID1396", "season": 1, "episode": 2, "updatedAt": T1, "progress": 50},
        {"id": "1396", "mediaType": "tv", "season": 2, "imported": "trakt", "title": "x"},
        {"id": "MV_550", "mediaType": "movie", "progress": -0.0, "updatedAt": None},
        {"mediaId": "TV_1396", "season": 3.0, "episode": None, "progress": None},
    ]
    assert [
        HistoryEntry(SHOW, Timestamp.parse(T1), 50.0, 1, 2),
        HistoryEntry(SHOW, None, 100.0, 2, None, "trakt"),
        HistoryEntry(MOVIE, None, 0.0),
        HistoryEntry(SHOW, None, 100.0, 3),
    ] == history_from_json(items)


def test_history_from_json_names_every_problem_by_its_path() -> None:
    """Every problem of every item, each named by its JSON path, the reader's ``path``
    naming the array."""
    items = [{"mediaId": "TV_1", "season": 0, "progress": 120}, 7, {"mediaId": "MV_1", "season": 1}]
    with pytest.raises(InvalidInputError) as caught:
        history_from_json(items, path="page.items")
    assert [
        "page.items[0].progress: 120 is outside 0..100",
        "page.items[0].season: 0 is less than 1",
        "page.items[1]: 7 is not an object",
        "page.items[2].season: 1 is given for a movie",
    ] == messages(caught)


@pytest.mark.parametrize(("value", "shown"), [({}, "an object"), (None, "null"), ("x", '"x"')])
def test_history_from_json_takes_an_array(value: object, shown: str) -> None:
    """Anything but an array is refused, as a document's ``history`` is."""
    with pytest.raises(InvalidInputError) as caught:
        history_from_json(value)
    assert [f"history: {shown} is not an array"] == messages(caught)


# --- catalog_from_json ----------------------------------------------------------------------


def test_catalog_rows_become_catalog_episodes() -> None:
    """A date is a ``date``, a timestamp a :class:`Timestamp`, null or missing ``None``."""
    rows = [
        {"mediaId": "TV_1396", "season": 0, "episode": 1, "airDate": "2009-02-17"},
        {
            "mediaId": "TV_TMDBID1396",
            "season": 1,
            "episode": 1,
            "airDate": "2008-01-20T02:00:00-05:00",
        },
        {"mediaId": "TV_1396", "season": 1, "episode": 2, "airDate": None, "name": "x"},
        {"mediaId": "TV_1396", "season": 1.0, "episode": 3},
    ]
    assert [
        CatalogEpisode(SHOW, 0, 1, date(2009, 2, 17)),
        CatalogEpisode(SHOW, 1, 1, Timestamp.parse("2008-01-20T07:00:00Z")),
        CatalogEpisode(SHOW, 1, 2),
        CatalogEpisode(SHOW, 1, 3),
    ] == catalog_from_json(rows)


CONFLICT_ROWS = [
    {"mediaId": "TV_1396", "season": 1, "episode": 1, "airDate": "2008-01-20"},
    {"mediaId": "TV_TMDBID1396", "season": 1, "episode": 1, "airDate": "2008-01-20"},
    {"mediaId": "TV_1396", "season": 1, "episode": 1, "airDate": "2008-01-21"},
]
CONFLICT_MESSAGES = [
    '[0].airDate: "2008-01-20" contradicts "2008-01-21" at episodes[2] '
    "for TV_TMDBID1396 season 1 episode 1",
    '[1].airDate: "2008-01-20" contradicts "2008-01-21" at episodes[2] '
    "for TV_TMDBID1396 season 1 episode 1",
    '[2].airDate: "2008-01-21" contradicts "2008-01-20" at episodes[0] '
    "for TV_TMDBID1396 season 1 episode 1",
]


def test_conflicting_rows_are_all_named_by_every_road() -> None:
    """The issue's disagreement: rows 0 and 1 agree, row 2 conflicts.  The document, the
    catalog reader and ``resolve`` on typed values each name all three rows, each with the
    first row that disagrees with it (docs/rules.md#catalog-conflicts)."""
    document = {"history": [], "episodes": CONFLICT_ROWS, "options": {"now": str(NOW)}}
    with pytest.raises(InvalidInputError) as by_document:
        resolve_document(document)
    with pytest.raises(InvalidInputError) as by_reader:
        catalog_from_json(CONFLICT_ROWS)
    typed = [
        CatalogEpisode.of(SHOW, 1, 1, date(2008, 1, 20)),
        CatalogEpisode.of(SHOW, 1, 1, date(2008, 1, 20)),
        CatalogEpisode.of(SHOW, 1, 1, date(2008, 1, 21)),
    ]
    with pytest.raises(InvalidInputError) as by_values:
        resolve([], typed, now=NOW)
    expected = ["episodes" + message for message in CONFLICT_MESSAGES]
    assert expected == messages(by_document)
    assert expected == messages(by_reader)
    typed_expected = [
        line.replace("episodes[", "catalog[").replace(".airDate", ".air_date") for line in expected
    ]
    assert typed_expected == messages(by_values)


def test_agreeing_rows_are_one_episode() -> None:
    """Rows for one episode with the same ``airDate`` are one episode, in every road."""
    episodes = catalog_from_json(CONFLICT_ROWS[:2])
    resolution = resolve([], episodes, now=NOW)
    assert [(1, 1, "2008-01-20")] == [
        (e.season, e.episode, e.air_date) for e in resolution.episodes()
    ]


def test_timestamps_a_nanosecond_apart_conflict_in_the_typed_api() -> None:
    """Typed air dates conflict when their instants differ, though their ISO text (cut to
    milliseconds) is the same: both rows are named."""
    first = CatalogEpisode.of(SHOW, 1, 1, Timestamp(Timestamp.parse(T1).ns + 1))
    second = CatalogEpisode.of(SHOW, 1, 1, Timestamp(Timestamp.parse(T1).ns + 2))
    with pytest.raises(InvalidInputError) as caught:
        resolve([], [first, second], now=NOW)
    assert ["catalog[0].air_date", "catalog[1].air_date"] == [p.path for p in caught.value.problems]


# --- options_from_json ----------------------------------------------------------------------


def test_options_from_json_reads_every_option() -> None:
    """Each option in its typed form."""
    options = options_from_json(
        {
            "completionThreshold": 90,
            "now": "2024-02-01T00:00:00Z",
            "asOf": T1,
            "airDateZone": "Asia/Kolkata",
            "onInvalid": "skip",
        }
    )
    assert (
        Options(
            now=Timestamp.parse("2024-02-01T00:00:00Z"),
            as_of=Timestamp.parse(T1),
            completion_threshold=90.0,
            air_date_zone="Asia/Kolkata",
            on_invalid="skip",
        )
        == options
    )


@pytest.mark.parametrize(
    ("given", "now", "as_of"),
    [
        (None, NOW, None),  # no options: the caller's now
        ({}, NOW, None),
        ({"now": T1}, Timestamp.parse(T1), None),  # the object's now wins
        ({"asOf": T1}, None, Timestamp.parse(T1)),  # now is asOf, as in a document
    ],
)
def test_options_from_json_takes_now_as_a_document_does(
    given: dict[str, Any] | None, now: Timestamp | None, as_of: Timestamp | None
) -> None:
    """docs/rules.md#now-and-asof: ``now``, else ``asOf``, else the current time (here the
    reader's ``now`` argument: a reader reads no clock)."""
    options = options_from_json(given, now=NOW)
    assert (now, as_of) == (options.now, options.as_of)


def test_options_from_json_needs_a_now() -> None:
    """Without ``now``, ``asOf`` or the reader's ``now``, there is no instant to resolve for."""
    with pytest.raises(InvalidInputError) as caught:
        options_from_json({"completionThreshold": 90})
    assert ["options.now: is required when asOf is not given (the engine reads no clock)"] == (
        messages(caught)
    )


def test_options_from_json_names_every_problem() -> None:
    """Unknown options and invalid values, all at once, in the document's words."""
    with pytest.raises(InvalidInputError) as caught:
        options_from_json(
            {"threshold": 80, "completionThreshold": 0, "airDateZone": "Mars/Base", "onInvalid": 1},
            now=NOW,
        )
    assert [
        "options.threshold: unknown option "
        "(the options are completionThreshold, now, asOf, airDateZone, onInvalid)",
        "options.completionThreshold: 0 is outside 0..100 (0 excluded)",
        'options.airDateZone: "Mars/Base" is not an IANA time zone name',
        'options.onInvalid: 1 is not "reject" or "skip"',
    ] == messages(caught)
    with pytest.raises(InvalidInputError) as caught:
        options_from_json([], now=NOW)
    assert ["options: an array is not an object"] == messages(caught)


# --- the readers and the document agree -----------------------------------------------------


def typed_view(document: dict[str, Any]) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    """The episodes and movies of the typed API, fed through the readers."""
    options = options_from_json(document.get("options"), now=NOW)
    resolution = resolve(
        history_from_json(document["history"]),
        catalog_from_json(document.get("episodes", [])),
        options,
    )
    episodes = [
        (str(e.media_id), e.season, e.episode, e.progress, e.completed, e.basis, e.decided_by,
         e.plays, None if e.last_watched_at is None else str(e.last_watched_at))
        for e in resolution.episodes()
    ]  # fmt: skip
    movies = [
        (str(m.media_id), m.progress, m.completed, m.decided_by, m.plays,
         None if m.last_watched_at is None else str(m.last_watched_at))
        for m in resolution.movies()
    ]  # fmt: skip
    return episodes, movies


def document_view(document: dict[str, Any]) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    output = resolve_document(document, clock=lambda: int(NOW.ns))
    episodes = [
        (e["mediaId"], e["season"], e["episode"], e["progress"], e["completed"], e["basis"],
         e["decidedBy"], e["plays"], e["lastWatchedAt"])
        for e in output["episodes"]
    ]  # fmt: skip
    movies = [
        (
            m["mediaId"],
            m["progress"],
            m["completed"],
            m["decidedBy"],
            m["plays"],
            m["lastWatchedAt"],
        )
        for m in output["movies"]
    ]
    return episodes, movies


@settings(max_examples=150, deadline=None)
@given(document=documents())
def test_typed_values_read_from_json_resolve_as_the_document(document: dict[str, Any]) -> None:
    """A valid document, resolved as a document and as typed values read by the readers,
    gives the same episodes and movies."""
    assert document_view(document) == typed_view(document)


# --- Resolver.add_json ----------------------------------------------------------------------


def test_add_json_adds_as_add_does() -> None:
    """``add_json`` reads one item as ``history_from_json`` does and adds it in order."""
    catalog = [CatalogEpisode.of(SHOW, 1, 1, date(2008, 1, 20))]
    by_json = Resolver(catalog, Options(now=NOW))
    by_value = Resolver(catalog, Options(now=NOW))
    items = [{"id": "1396", "mediaType": "tv", "season": 1, "updatedAt": T1}, {"mediaId": "MV_550"}]
    assert [0, 1] == [by_json.add_json(item) for item in items]
    by_value.extend(history_from_json(items))
    assert by_value.resolution().episode(SHOW, 1, 1) == by_json.resolution().episode(SHOW, 1, 1)
    assert by_value.movie(MOVIE) == by_json.movie(MOVIE)


# --- on_invalid in the typed API ------------------------------------------------------------

TYPED_CONFLICT = [
    CatalogEpisode.of(SHOW, 1, 1, date(2008, 1, 20)),
    CatalogEpisode.of(SHOW, 1, 2, date(2008, 1, 27)),
    CatalogEpisode.of(SHOW, 1, 1),
]


def test_skip_leaves_conflicting_catalog_episodes_out_and_reports_them() -> None:
    """With ``on_invalid="skip"`` the rows of a conflicting episode are left out and each is
    reported in the resolution's diagnostics, before the warnings (docs/rules.md#oninvalid)."""
    history = [HistoryEntry.watched_season(SHOW, 2, NOW)]
    resolution = resolve(history, TYPED_CONFLICT, Options(now=NOW, on_invalid="skip"))
    assert [(1, 2)] == [(e.season, e.episode) for e in resolution.episodes()]
    assert [
        ("error", "catalog[0].air_date", "catalog-conflicts"),
        ("error", "catalog[2].air_date", "catalog-conflicts"),
        ("warning", "history[0]", "uncovered-season-defaults"),
    ] == [(d.severity, d.path, d.rule) for d in resolution.diagnostics]


def test_resolver_skips_as_resolve_does() -> None:
    """The incremental resolver leaves the same episodes out and says so alike."""
    resolver = Resolver(TYPED_CONFLICT, Options(now=NOW, on_invalid="skip"))
    expected = resolve([], TYPED_CONFLICT, Options(now=NOW, on_invalid="skip"))
    assert list(expected.diagnostics) == list(resolver.resolution().diagnostics)
    assert [(1, 2)] == [(e.season, e.episode) for e in resolver.resolution().episodes()]
    with pytest.raises(InvalidInputError):
        Resolver(TYPED_CONFLICT, Options(now=NOW))


# --- typed values keep the normal form ------------------------------------------------------


def test_typed_values_store_the_normal_form() -> None:
    """A checked field is stored as the engine reads it: a progress as a float (``-0.0`` as
    ``0.0``), a whole number given as ``2.0`` as the int 2, a threshold as a float."""
    entry = HistoryEntry(SHOW, progress=-0.0, season=2.0, episode=3)  # type: ignore[arg-type]
    row = CatalogEpisode(SHOW, 1.0, 2.0)  # type: ignore[arg-type]
    options = Options(now=NOW, completion_threshold=90)
    assert (0.0, float, 2, int, 1, int, 90.0, float) == (
        entry.progress, type(entry.progress), entry.season, type(entry.season),
        row.season, type(row.season), options.completion_threshold,
        type(options.completion_threshold),
    )  # fmt: skip
    assert math.copysign(1, entry.progress) == 1.0


@pytest.mark.parametrize(
    ("build", "expected"),
    [
        (lambda: HistoryEntry(SHOW, episode=2), "episode: 2 is given without a season"),
        (lambda: CatalogEpisode(SHOW, untyped(None), 1), "season: is required"),
        (
            lambda: Options(now=NOW, on_invalid=untyped("drop")),
            'on_invalid: "drop" is not "reject" or "skip"',
        ),
        (
            lambda: Options(now=NOW, air_date_zone=untyped(5)),
            "air_date_zone: 5 is not a string",
        ),
        (
            lambda: Options(now=NOW, air_date_zone="localtime"),
            'air_date_zone: "localtime" is not an IANA time zone name',
        ),
    ],
)
def test_typed_values_say_what_the_json_rules_say(build: Any, expected: str) -> None:
    """The typed values call the document's rules: the same words, at the field's name."""
    with pytest.raises(InvalidInputError) as caught:
        build()
    assert [expected] == messages(caught)


# --- the problem collector and the rule of a diagnostic -------------------------------------


def test_problems_collect_and_raise_every_problem() -> None:
    """``Problems`` records errors and warnings in order and raises them all at once."""
    problems = Problems()
    problems.raise_if_any()  # nothing yet
    problems.error("a", "is wrong", "progress")
    problems.warning("b", "is odd", "diagnostics")
    assert 2 == len(problems)
    with pytest.raises(InvalidInputError) as caught:
        problems.raise_if_any()
    assert [("error", "a", "progress"), ("warning", "b", "diagnostics")] == [
        (p.severity, p.path, p.rule) for p in caught.value.problems
    ]


def test_a_diagnostics_rule_is_metadata() -> None:
    """``rule`` names the docs/rules.md anchor of the rule broken; it takes no part in
    equality and stays out of the output document."""
    with_rule = Diagnostic("error", "history[0].progress", "120 is outside 0..100", "progress")
    without = Diagnostic("error", "history[0].progress", "120 is outside 0..100")
    assert with_rule == without
    assert hash(with_rule) == hash(without)
    assert {
        "severity": "error",
        "path": "history[0].progress",
        "message": "120 is outside 0..100",
    } == (with_rule.to_json())
