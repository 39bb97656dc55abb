"""Sharp, example-based pins of the input and engine rules (docs/rules.md, input to errors).

Written to close the gaps a mutation run of ``_validate`` and ``_engine`` found (see
``docs/mutation.md``): each test names the rule it pins, and asserts exact values, never
"something changed".
"""

from __future__ import annotations

from typing import Any

import pytest

import history_resolver._catalog as catalog_module
import history_resolver._history as history_module
from history_resolver import InvalidInputError, resolve_document

NOW = "2024-01-01T00:00:00.000Z"
LONG_DIGITS = "1" * 4001  # one more digit than an id may have
TOO_LONG = "has more than 4000 digits"


def clock() -> int:
    """A fixed current time: no test reads the real clock."""
    return 1_700_000_000_000_000_000


def problems(document: object) -> list[str]:
    """Every line of the rejection of ``document`` (which must be rejected)."""
    with pytest.raises(InvalidInputError) as caught:
        resolve_document(document, clock=clock)
    return str(caught.value).splitlines()


def rendered_long(text: str) -> str:
    """How a message shows a string longer than 60 characters."""
    return '"' + text[:60] + '..." (' + str(len(text)) + " characters)"


def catalog_doc(*rows: dict[str, Any], history: list[Any] | None = None) -> dict[str, Any]:
    """A document with the given catalog rows and history (empty by default)."""
    return {"history": history or [], "episodes": list(rows), "options": {"now": NOW}}


# --- section 1: catalog rows -------------------------------------------------------------


def test_catalog_media_id_with_too_many_digits_is_named() -> None:
    """Catalog ``mediaId``: an id with more than 4000 digits is invalid, and says so."""
    raw = "TV_" + LONG_DIGITS
    assert [f"episodes[0].mediaId: {rendered_long(raw)} {TOO_LONG}"] == problems(
        catalog_doc({"mediaId": raw, "season": 1, "episode": 1})
    )


def test_catalog_row_missing_season_and_episode_names_both() -> None:
    """Section 7: a rejection names every problem, so a row lacking both numbers names both."""
    assert [
        "episodes[0].season: is required",
        "episodes[0].episode: is required",
    ] == problems(catalog_doc({"mediaId": "TV_1"}))


def test_catalog_row_with_bad_season_and_bad_episode_names_both() -> None:
    """Section 7: a bad season does not hide a bad episode in the same catalog row."""
    assert [
        "episodes[0].season: -1 is less than 0",
        "episodes[0].episode: 0 is less than 1",
    ] == problems(catalog_doc({"mediaId": "TV_1", "season": -1, "episode": 0}))


# --- sections 3 and 4: which entry decides ------------------------------------------------

T1 = "2023-01-01T00:00:00.000Z"
T2 = "2023-02-01T00:00:00.000Z"
T3 = "2023-03-01T00:00:00.000Z"
AIR = "2023-01-15"  # between T1 and T2
AIR_AT = "2023-01-15T00:00:00.000Z"

Row = tuple[Any, ...]


def resolve(history: list[dict[str, Any]], **options: Any) -> dict[str, Any]:
    """Resolve ``history`` against a one-episode catalog (TV_1 1x1, aired on ``AIR``)."""
    document = {
        "history": history,
        "episodes": [{"mediaId": "TV_1", "season": 1, "episode": 1, "airDate": AIR}],
        "options": {"now": NOW, **options},
    }
    return resolve_document(document, clock=clock)


def episode_state(output: dict[str, Any]) -> Row:
    """``(progress, completed, basis, decidedBy, plays, lastWatchedAt)`` of TV_1 1x1."""
    [row] = [e for e in output["episodes"] if (e["season"], e["episode"]) == (1, 1)]
    return (
        row["progress"],
        row["completed"],
        row["basis"],
        row["decidedBy"],
        row["plays"],
        row["lastWatchedAt"],
    )


def movie_state(output: dict[str, Any]) -> Row:
    """``(progress, completed, decidedBy, plays, lastWatchedAt)`` of the only movie."""
    [row] = output["movies"]
    return (row["progress"], row["completed"], row["decidedBy"], row["plays"], row["lastWatchedAt"])


def explicit(updated: str, progress: float, **fields: Any) -> dict[str, Any]:
    """An explicit entry for TV_1 1x1."""
    return {"mediaId": "TV_1", "season": 1, "episode": 1, "updatedAt": updated,
            "progress": progress, **fields}  # fmt: skip


def default(updated: str, progress: float, **fields: Any) -> dict[str, Any]:
    """A season default for TV_1 season 1."""
    return {"mediaId": "TV_1", "season": 1, "updatedAt": updated, "progress": progress, **fields}


def film(updated: str, progress: float, **fields: Any) -> dict[str, Any]:
    """An entry for the movie MV_5."""
    return {"mediaId": "MV_5", "updatedAt": updated, "progress": progress, **fields}


def test_explicit_latest_by_updated_at_then_progress_then_imported() -> None:
    """Section 3: the key is (updatedAt, progress, imported or ""); the greatest decides."""
    history = [
        explicit(T1, 90),  # earlier, whatever its progress
        explicit(T2, 10),
        explicit(T2, 30, imported="trakt"),
        explicit(T2, 30),  # same time and progress, "" < "trakt"
        explicit(T2, 20, imported="zzz"),  # lower progress, whatever its source
    ]
    assert (30.0, False, "explicit", 2, 1, T1) == episode_state(resolve(history))
    assert (30.0, False, "explicit", 2, 1, T1) == episode_state(resolve(history[::-1]))


def test_explicit_full_tie_keeps_the_first_in_the_list() -> None:
    """Section 3: entries equal on the whole key give one state; the first of them decides."""
    history = [explicit(T1, 50), explicit(T2, 50), explicit(T2, 50), explicit(T1, 60)]
    assert (50.0, False, "explicit", 1, 0, None) == episode_state(resolve(history))


def test_explicit_plays_and_last_watched_count_every_completing_entry() -> None:
    """Section 4: plays counts the group's entries with progress >= t (t itself included);
    lastWatchedAt is the greatest updatedAt among them, in whatever order they come."""
    history = [
        explicit(T2, 80),  # exactly the threshold: completes
        explicit(T3, 79.5),  # latest, does not complete
        explicit(T1, 100),
    ]
    assert (79.5, False, "explicit", 1, 2, T2) == episode_state(resolve(history))
    reordered = [history[1], *history[::2]]
    assert (79.5, False, "explicit", 0, 2, T2) == episode_state(resolve(reordered))
    first_incomplete = [explicit(T1, 10), explicit(T2, 100), explicit(T3, 100)]
    assert (100.0, True, "explicit", 2, 2, T3) == episode_state(resolve(first_incomplete))


def test_completed_uses_the_threshold_option() -> None:
    """Section 4: completed = progress >= completionThreshold (not the default 80)."""
    assert (50.0, True, "explicit", 0, 1, T1) == episode_state(
        resolve([explicit(T1, 50)], completionThreshold=50)
    )
    assert (49.9, False, "explicit", 0, 0, None) == episode_state(
        resolve([explicit(T1, 49.9)], completionThreshold=50)
    )


def test_movie_latest_plays_and_last_watched() -> None:
    """Section 4, movies: the latest entry decides; plays and lastWatchedAt as for episodes."""
    history = [
        film(T2, 100, imported="trakt"),
        film(T3, 40),
        film(T3, 40, imported="trakt"),  # same time and progress: "trakt" > ""
        film(T1, 80),
        film(T3, 30, imported="zzz"),
    ]
    assert (40.0, False, 2, 2, T2) == movie_state(resolve(history))
    assert (100.0, True, 0, 1, T1) == movie_state(resolve([film(T1, 100)]))
    assert (10.0, False, 0, 0, None) == movie_state(resolve([film(T1, 10)]))
    full_tie = [film(T1, 10), film(T2, 70), film(T2, 70), film(T3, 90), film(T2, 95)]
    assert (90.0, True, 3, 2, T3) == movie_state(resolve(full_tie))
    assert (70.0, False, 1, 0, None) == movie_state(resolve(full_tie[:3]))


def test_season_default_covers_only_episodes_aired_strictly_before_it() -> None:
    """Section 4.2: a default covers an episode when airInstant < updatedAt, strictly."""
    assert (0.0, False, "none", None, 0, None) == episode_state(resolve([default(AIR_AT, 100)]))
    assert (100.0, True, "seasonDefault", 0, 1, T2) == episode_state(resolve([default(T2, 100)]))
    assert (0.0, False, "none", None, 0, None) == episode_state(resolve([default(T1, 100)]))


def test_season_default_plays_count_only_completing_defaults_that_cover() -> None:
    """Section 4: plays = the completing defaults that cover the episode; lastWatchedAt the
    latest of them; the latest default decides even when it does not complete."""
    history = [
        default(T3, 100),
        default(AIR_AT, 100),  # does not cover: aired at that very instant
        default("2023-04-01T00:00:00Z", 30),  # latest: decides
        default(T2, 100),
        default(T1, 100),  # does not cover: before the air date
    ]
    assert (30.0, False, "seasonDefault", 2, 2, T3) == episode_state(resolve(history))
    latest_completes = [
        default(T3, 90),
        default(T2, 90, imported="a"),
        default(T3, 90, imported="b"),
    ]
    assert (90.0, True, "seasonDefault", 2, 3, T3) == episode_state(resolve(latest_completes))
    none_complete = [default(T2, 10), default(T3, 20)]
    assert (20.0, False, "seasonDefault", 1, 0, None) == episode_state(resolve(none_complete))


def test_season_default_ties_are_broken_like_explicit_ones() -> None:
    """Section 3 for defaults: (updatedAt, progress, imported); a full tie keeps the first."""
    history = [default(T2, 50), default(T2, 60), default(T2, 60), default(T2, 55, imported="z")]
    assert (60.0, False, "seasonDefault", 1, 0, None) == episode_state(resolve(history))
    by_source = [default(T2, 60), default(T2, 60, imported="trakt"), default(T2, 60)]
    assert (60.0, False, "seasonDefault", 1, 0, None) == episode_state(resolve(by_source))


def test_explicit_entry_wins_over_any_default() -> None:
    """Section 4.1: with an explicit entry, season defaults are not looked at at all."""
    history = [default(T3, 100), explicit(T2, 10)]
    assert (10.0, False, "explicit", 1, 0, None) == episode_state(resolve(history))


def test_as_of_keeps_entries_at_that_instant_and_drops_later_ones() -> None:
    """Section 1, asOf: an entry whose updatedAt is later is left out; equal is kept."""
    history = [explicit(T1, 100), explicit(T2, 40), explicit(T3, 60), film(T3, 50)]
    output = resolve(history, asOf=T2)
    assert (40.0, False, "explicit", 1, 1, T1) == episode_state(output)
    assert [] == output["movies"]
    defaults = [default(T2, 100), default(T3, 20)]
    assert (100.0, True, "seasonDefault", 0, 1, T2) == episode_state(resolve(defaults, asOf=T2))


def test_explicit_episodes_outside_the_catalog_are_reported_sorted() -> None:
    """Section 5: every (S, s, e) named by a kept explicit entry is reported, airDate null;
    section 6: episodes sorted by (mediaId, season, episode), numbers as numbers."""
    history = [
        {"mediaId": "TV_2", "season": 1, "episode": 10, "updatedAt": T1},
        {"mediaId": "TV_2", "season": 1, "episode": 9, "updatedAt": T1, "progress": 20},
        {"mediaId": "TV_10", "season": 2, "episode": 1, "updatedAt": T1},
    ]
    output = resolve(history)
    assert [
        ("TV_TMDBID1", 1, 1, AIR, "none", None),
        ("TV_TMDBID10", 2, 1, None, "explicit", 2),
        ("TV_TMDBID2", 1, 9, None, "explicit", 1),
        ("TV_TMDBID2", 1, 10, None, "explicit", 0),
    ] == [
        (e["mediaId"], e["season"], e["episode"], e["airDate"], e["basis"], e["decidedBy"])
        for e in output["episodes"]
    ]


def test_season_default_without_catalog_season_warns_once_per_entry_by_position() -> None:
    """Section 5: a default whose season has no catalog episode is a warning, per entry,
    in history order; a default of a catalogued season is not."""
    history = [
        {"mediaId": "TV_7", "season": 2, "updatedAt": T1},
        default(T1, 100),  # TV_1 season 1 is in the catalog
        {"mediaId": "TV_1", "season": 2, "updatedAt": T1},
        {"mediaId": "TV_7", "season": 2, "updatedAt": T2},
    ]
    rule = "covers no episode: the catalog has no episode of that season"
    assert [
        {"severity": "warning", "path": "history[0]",
         "message": f"season default for TV_TMDBID7 season 2 {rule}"},
        {"severity": "warning", "path": "history[2]",
         "message": f"season default for TV_TMDBID1 season 2 {rule}"},
        {"severity": "warning", "path": "history[3]",
         "message": f"season default for TV_TMDBID7 season 2 {rule}"},
    ] == resolve(history)["diagnostics"]  # fmt: skip


# --- section 1: history entries, the fast loop and the thorough check agree ---------------

MAX_DIGITS = "9" * 4000  # the longest id allowed
MAX_COUNT = 2**53 - 1

COMMON_ENTRIES: list[dict[str, Any]] = [
    {"mediaId": "TV_TMDBID1", "season": 1, "episode": 1, "updatedAt": T1, "progress": 50},
    {"mediaId": "TV_1", "season": MAX_COUNT, "episode": MAX_COUNT, "progress": 0},
    {"mediaId": "TV_1", "season": 2, "updatedAt": "2023-01-01T01:00:00+01:00", "progress": 100},
    {"mediaId": "TV_1", "season": 3, "progress": 45.5, "imported": "trakt"},
    {"mediaId": "MV_" + MAX_DIGITS, "updatedAt": T2, "progress": -0.0},
    {"id": "TV_1", "mediaType": "tv", "season": 4, "updatedAt": T3},
    {"id": "MV_TMDBID6", "mediaType": "movie", "updatedAt": T3, "imported": "trakt"},
    {"id": MAX_DIGITS, "mediaType": "movie", "updatedAt": T1},
    {"id": "0012", "mediaType": "tv", "season": 1, "episode": 2, "updatedAt": T1},
    {"id": "MV_TMDBID" + MAX_DIGITS, "mediaType": "movie", "updatedAt": T1},
]


def test_common_valid_entries_never_take_the_thorough_path(monkeypatch: pytest.MonkeyPatch) -> None:
    """The history loop's fast path (``_history.entry_fast_path``) takes every common valid
    shape itself: the thorough check, which names problems, is only for the unusual."""

    def refuse(*args: object) -> None:
        raise AssertionError(f"thorough check used for {args[0]!r}")

    monkeypatch.setattr(history_module, "thorough_entry", refuse)
    output = resolve_document({"history": COMMON_ENTRIES, "options": {"now": NOW}}, clock=clock)
    assert [
        ("TV_TMDBID1", 1, 1, 50.0, 0, None),
        ("TV_TMDBID1", MAX_COUNT, MAX_COUNT, 0.0, 1, None),
        ("TV_TMDBID12", 1, 2, 100.0, 8, T1),
    ] == [
        (e["mediaId"], e["season"], e["episode"], e["progress"], e["decidedBy"], e["lastWatchedAt"])
        for e in output["episodes"]
    ]
    assert [
        ("MV_TMDBID6", 100.0, 6, 1, T3),
        ("MV_TMDBID" + MAX_DIGITS, 0.0, 4, 2, T1),
    ] == [
        (m["mediaId"], m["progress"], m["decidedBy"], m["plays"], m["lastWatchedAt"])
        for m in output["movies"]
    ]
    assert ["history[2]", "history[3]", "history[5]"] == [d["path"] for d in output["diagnostics"]]


def test_unusual_spellings_of_valid_entries_resolve_like_the_common_ones() -> None:
    """Section 1: an integer may be written 2.0, a matching mediaType may accompany mediaId;
    such entries (checked the thorough way) resolve exactly like their plain spellings."""
    unusual: list[dict[str, Any]] = []
    for entry in COMMON_ENTRIES:
        changed = dict(entry)
        if "mediaId" in changed:
            changed["mediaType"] = "tv" if changed["mediaId"].startswith("TV") else "movie"
        else:
            changed["mediaId"] = None  # null: the id field names the item
        for name in ("season", "episode"):
            if name in changed and changed[name] < 2**50:
                changed[name] = float(changed[name])
        unusual.append(changed)
    plain = resolve_document({"history": COMMON_ENTRIES, "options": {"now": NOW}}, clock=clock)
    other = resolve_document({"history": unusual, "options": {"now": NOW}}, clock=clock)
    assert plain == other
    assert ["100.0", "0.0"] == [repr(m["progress"]) for m in other["movies"]]


def test_entry_progress_bounds_on_the_thorough_path() -> None:
    """Section 1: 0 <= progress <= 100, both ends included, however the entry is spelt."""
    history = [
        {"mediaId": "TV_1", "mediaType": "tv", "season": 1, "episode": 1, "progress": 100},
        {"mediaId": "TV_1", "mediaType": "tv", "season": 1, "episode": 2, "progress": 0},
        {"mediaId": "MV_5", "mediaType": "movie", "progress": -0.0},
    ]
    output = resolve_document({"history": history, "options": {"now": NOW}}, clock=clock)
    assert [100.0, 0.0] == [e["progress"] for e in output["episodes"]]
    [movie_progress] = [m["progress"] for m in output["movies"]]
    assert "0.0" == repr(movie_progress)


def test_catalog_rows_spelt_unusually_resolve_like_plain_ones() -> None:
    """Section 1, catalog: ``season`` 1.0 is the integer 1; a date-only airDate starts at
    midnight in airDateZone and a timestamp airDate is its instant, however the row is spelt."""
    history = [default("2023-01-15T12:00:00Z", 100), {**default(T2, 100), "season": 2}]
    for zone in ("UTC", "Asia/Tokyo"):
        rows: list[dict[str, Any]] = [
            {"mediaId": "TV_1", "season": 1, "episode": 1, "airDate": "2023-01-15"},
            {"mediaId": "TV_1", "season": 2, "episode": 1, "airDate": "2023-01-20T00:00:00+09:00"},
        ]
        unusual = [{**row, "season": float(row["season"])} for row in rows]
        options = {"now": NOW, "airDateZone": zone}
        outputs = [
            resolve_document(
                {"history": history, "episodes": catalog, "options": options}, clock=clock
            )
            for catalog in (rows, unusual)
        ]
        assert outputs[0] == outputs[1]
        assert [("seasonDefault", 0), ("seasonDefault", 1)] == [
            (e["basis"], e["decidedBy"]) for e in outputs[1]["episodes"]
        ]


def test_catalog_row_keeps_its_media_id_on_the_thorough_path() -> None:
    """Section 6: a catalog row's mediaId goes out in its long form, however it is spelt."""
    output = resolve_document(
        catalog_doc({"mediaId": "TV_0042", "season": 1.0, "episode": 3, "airDate": None}),
        clock=clock,
    )
    assert [("TV_TMDBID42", 1, 3, None, "none")] == [
        (e["mediaId"], e["season"], e["episode"], e["airDate"], e["basis"])
        for e in output["episodes"]
    ]


def test_season_default_at_exactly_the_threshold_completes() -> None:
    """Section 4: completed = progress >= t also when a season default decides."""
    assert (80.0, True, "seasonDefault", 0, 1, T2) == episode_state(resolve([default(T2, 80)]))
    assert (79.9, False, "seasonDefault", 0, 0, None) == episode_state(resolve([default(T2, 79.9)]))


def test_id_with_too_many_digits_is_named_whatever_its_form() -> None:
    """Section 1: an ``id`` (with mediaType) of more than 4000 digits is invalid."""
    raw = "MV_TMDBID" + LONG_DIGITS
    document = {"history": [{"id": raw, "mediaType": "movie"}], "options": {"now": NOW}}
    assert [f"history[0].id: {rendered_long(raw)} {TOO_LONG}"] == problems(document)


# --- the catalog's fast loop, and what the fast loops must still refuse -----------------

COMMON_ROWS: list[dict[str, Any]] = [
    {"mediaId": "TV_TMDBID1", "season": 1, "episode": 1, "airDate": "2023-01-01"},
    {"mediaId": "TV_1", "season": 1, "episode": 2, "airDate": "2023-01-08T01:00:00.000Z"},
    {"mediaId": "TV_1", "season": 0, "episode": 1, "airDate": None, "name": "Special"},
    {"mediaId": "TV_1", "season": 1, "episode": 3},  # airDate missing: unknown
    {"mediaId": "TV_2", "season": MAX_COUNT, "episode": MAX_COUNT, "airDate": "2023-01-01"},
    {"mediaId": "TV_1", "season": 1, "episode": 1, "airDate": "2023-01-01"},  # same again
    {"mediaId": "TV_1", "season": 1, "episode": 4, "airDate": "2023-01-15T06:00:00+05:00"},
    {"mediaId": "TV_" + MAX_DIGITS, "season": 1, "episode": 1, "airDate": "2023-01-01"},
]


@pytest.mark.parametrize("zone", ["UTC", "Asia/Kolkata"])
def test_common_valid_catalog_rows_never_take_the_thorough_path(
    monkeypatch: pytest.MonkeyPatch, zone: str
) -> None:
    """The catalog loop's fast path (``_catalog.row_fast_path``) takes every common valid
    row itself, repeated rows included; the thorough check, which names problems, is for
    the rest."""

    def refuse(*args: object) -> None:
        raise AssertionError(f"thorough check used for {args[0]!r}")

    monkeypatch.setattr(catalog_module, "thorough_row", refuse)
    document = {
        "history": [],
        "episodes": COMMON_ROWS,
        "options": {"now": NOW, "airDateZone": zone},
    }
    output = resolve_document(document, clock=clock)
    assert [
        ("TV_TMDBID1", 0, 1, None),
        ("TV_TMDBID1", 1, 1, "2023-01-01"),
        ("TV_TMDBID1", 1, 2, "2023-01-08T01:00:00.000Z"),
        ("TV_TMDBID1", 1, 3, None),
        ("TV_TMDBID1", 1, 4, "2023-01-15T06:00:00+05:00"),
        ("TV_TMDBID2", MAX_COUNT, MAX_COUNT, "2023-01-01"),
        ("TV_TMDBID" + MAX_DIGITS, 1, 1, "2023-01-01"),
    ] == [(e["mediaId"], e["season"], e["episode"], e["airDate"]) for e in output["episodes"]]
    assert [] == output["diagnostics"]


@pytest.mark.parametrize(
    "field, value, message",
    [
        # the fast loop's own id check: 4001 digits is one too many
        ("mediaId", "TV_" + "1" * 4001, "has more than 4000 digits"),
        ("season", MAX_COUNT + 1, "is more than 9007199254740991 (2**53 - 1)"),
        ("episode", MAX_COUNT + 1, "is more than 9007199254740991 (2**53 - 1)"),
        ("season", -1, "is less than 0"),
        ("episode", 0, "is less than 1"),
        ("mediaId", "MV_550", "is a movie; catalog rows are episodes"),
        ("airDate", "2023-02-30", "day 30 does not exist in 2023-02"),
        ("airDate", "2023-01-01T25:00:00.000Z", "25:00:00 is not a time of day"),
    ],
)
def test_catalog_rows_the_fast_loop_must_not_accept(field: str, value: Any, message: str) -> None:
    """A catalog row breaking one rule is refused with its rule, however close it is to a
    common shape (the fast loop hands it to the thorough check, which words it)."""
    row: dict[str, Any] = {"mediaId": "TV_1", "season": 1, "episode": 1, "airDate": "2023-01-01"}
    row[field] = value
    with pytest.raises(InvalidInputError) as raised:
        resolve_document({"history": [], "episodes": [row], "options": {"now": NOW}}, clock=clock)
    (problem,) = raised.value.problems
    assert f"episodes[0].{field}" == problem.path
    assert problem.message.endswith(message)


def test_a_4001_digit_media_id_is_refused_in_the_common_shape() -> None:
    """Section 1 (this library's limit): an id of more than 4000 digits is invalid, also
    when the entry is otherwise of the most common shape."""
    entry = {"mediaId": "TV_" + "1" * 4001, "season": 1, "updatedAt": T1}
    with pytest.raises(InvalidInputError) as raised:
        resolve_document({"history": [entry], "options": {"now": NOW}}, clock=clock)
    assert ["history[0].mediaId"] == [p.path for p in raised.value.problems]


def test_an_entry_without_imported_loses_a_full_tie_to_any_imported_one() -> None:
    """Section 3: the key's last part is ``imported or ""``, and "" is below every source
    name, even one that sorts before letters ("AAA")."""
    history = [
        {"mediaId": "MV_1", "updatedAt": T1, "progress": 50},
        {"mediaId": "MV_1", "updatedAt": T1, "progress": 50, "imported": "AAA"},
    ]
    output = resolve_document({"history": history, "options": {"now": NOW}}, clock=clock)
    assert 1 == output["movies"][0]["decidedBy"]


def test_id_and_media_type_agreeing_with_4000_digits_are_accepted_anywhere() -> None:
    """An ``id`` of 4000 digits with its ``mediaType`` is valid, whether the entry is of the
    common shape or goes through the thorough check (a season written 1.0)."""
    history = [
        {"id": "1" * 4000, "mediaType": "tv", "season": 1, "updatedAt": T1},
        {"id": "1" * 4000, "mediaType": "tv", "season": 2.0, "updatedAt": T1},
    ]
    output = resolve_document({"history": history, "options": {"now": NOW}}, clock=clock)
    assert ["history[0]", "history[1]"] == [d["path"] for d in output["diagnostics"]]


def test_a_bare_id_of_4001_digits_with_its_media_type_is_named() -> None:
    """Section 1 (this library's limit): bare digits with a ``mediaType`` are an id too, and
    more than 4000 of them is invalid, named at ``id``."""
    entry = {"id": "1" * 4001, "mediaType": "tv", "season": 1, "updatedAt": T1}
    with pytest.raises(InvalidInputError) as raised:
        resolve_document({"history": [entry], "options": {"now": NOW}}, clock=clock)
    expected = 'history[0].id: "' + "1" * 60 + '..." (4001 characters) has more than 4000 digits'
    assert expected == str(raised.value)


def test_the_thorough_check_gives_the_same_defaults_as_the_fast_loop() -> None:
    """An entry taking the thorough path (its season written 1.0) still takes ``now`` when
    it has no ``updatedAt`` and ``""`` when it has no ``imported``: a full tie with an
    entry imported from "AAA" goes to the imported one."""
    history = [
        {"mediaId": "TV_1", "season": 1.0, "episode": 1, "progress": 50},
        {
            "mediaId": "TV_1",
            "season": 1,
            "episode": 1,
            "progress": 50,
            "updatedAt": NOW,
            "imported": "AAA",
        },
    ]
    output = resolve_document({"history": history, "options": {"now": NOW}}, clock=clock)
    (episode,) = output["episodes"]
    assert (1, 50.0) == (episode["decidedBy"], episode["progress"])
    assert [
        {"mediaId": "TV_TMDBID1", "season": 1, "episode": 1, "progress": 50.0, "updatedAt": NOW}
    ] == output["inProgress"]


def test_agreeing_duplicates_do_not_hide_a_later_conflict() -> None:
    """Section 1: rows repeating an episode with the same airDate merge; a later episode
    given twice with different airDates is still invalid, both rows named."""
    rows = [
        {"mediaId": "TV_1", "season": 1, "episode": 1, "airDate": "2023-01-01"},
        {"mediaId": "TV_1", "season": 1, "episode": 1, "airDate": "2023-01-01"},
        {"mediaId": "TV_1", "season": 1, "episode": 2, "airDate": "2023-01-08"},
        {"mediaId": "TV_1", "season": 1, "episode": 2, "airDate": "2023-01-09"},
    ]
    with pytest.raises(InvalidInputError) as raised:
        resolve_document({"history": [], "episodes": rows, "options": {"now": NOW}}, clock=clock)
    assert ["episodes[2].airDate", "episodes[3].airDate"] == [p.path for p in raised.value.problems]
