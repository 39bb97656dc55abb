"""The engine's rows: named, complete, and the one place the "aired" rule is decided.

The engine builds its rows field by field (``object.__new__`` and slot stores, for speed), so
these tests check that every field of every kind of row is set, and that the rows cannot be
read by position at all: any module that tried would fail under the suite's full coverage.
"""

from __future__ import annotations

import dataclasses
from datetime import date
from typing import Any

import pytest

from history_resolver import (
    CatalogEpisode,
    HistoryEntry,
    MediaId,
    Timestamp,
    resolve,
    resolve_document,
)
from history_resolver._engine import (
    UNKNOWN_AIR,
    AirDate,
    Catalog,
    EpisodeRow,
    Groups,
    MovieRow,
    decide,
)
from history_resolver._summaries import aired_episodes, summarise

SHOW = "TV_TMDBID1"
NS = 10**9
DAY = 86_400 * NS
NOW = 100 * DAY


def entry(
    season: int, episode: int, updated: int, progress: float = 100.0, position: int = 0
) -> tuple[str, int, int, int, float, str, int]:
    """An engine history row (``episode == 0``: a season default; ``season == 0``: a movie)."""
    return (SHOW if season else "MV_TMDBID5", season, episode, updated, progress, "", position)


def test_every_field_of_every_kind_of_row_is_set() -> None:
    """Explicit, season-default and undecided episode rows, and movie rows, have every field
    (``astuple`` reads each slot: a field left unset would raise AttributeError), equal to
    the row the class's own constructor builds from the same values."""
    catalog: Catalog = {
        (SHOW, 1, 1): ("1970-01-11", 10 * DAY),  # explicit
        (SHOW, 1, 2): ("1970-01-21", 20 * DAY),  # covered by the default
        (SHOW, 1, 3): ("1970-04-11", NOW),  # airs after the default: nothing decides
    }
    entries = [
        entry(1, 0, 30 * DAY, position=0),
        entry(1, 1, 40 * DAY, 50.0, position=1),
        entry(0, 0, 50 * DAY, 90.0, position=2),
    ]
    decisions = decide(entries, catalog, 80.0, None, NOW)
    expected: list[tuple[Any, ...]] = [
        (SHOW, 1, 1, "1970-01-11", True, 50.0, False, "explicit", 1, 40 * DAY, 0, None),
        (SHOW, 1, 2, "1970-01-21", True, 100.0, True, "seasonDefault", 0, 30 * DAY, 1, 30 * DAY),
        (SHOW, 1, 3, "1970-04-11", False, 0.0, False, "none", None, None, 0, None),
    ]
    assert expected == [dataclasses.astuple(row) for row in decisions.episodes]
    assert [EpisodeRow(*values) for values in expected] == decisions.episodes
    movie = ("MV_TMDBID5", 90.0, True, 2, 50 * DAY, 1, 50 * DAY)
    assert [MovieRow(*movie)] == decisions.movies


def test_rows_cannot_be_read_by_position() -> None:
    """Episode and movie rows are not tuples: indexing or unpacking one is a TypeError, so
    no module can come to depend on the order of their fields."""
    groups = Groups(80.0, None, NOW)
    groups.add([entry(0, 0, DAY)])
    rows: list[Any] = [
        groups.episode_row((SHOW, 1, 1), UNKNOWN_AIR),
        groups.movie_row("MV_TMDBID5"),
    ]
    for row in rows:
        with pytest.raises(TypeError):
            row[0]
        with pytest.raises(TypeError):
            _media, *_ = row
    assert groups.movie_row("MV_TMDBID6") is None


@pytest.mark.parametrize(
    ("air", "expected"),
    [
        pytest.param(NOW - 1, True, id="a nanosecond before now"),
        pytest.param(NOW, False, id="at now"),
        pytest.param(NOW + 1, False, id="after now"),
        pytest.param(None, False, id="unknown"),
    ],
)
def test_aired_is_decided_once_and_read_by_every_view(air: int | None, expected: bool) -> None:
    """An episode has aired when its air instant is known and strictly before now
    (docs/rules.md#aired); the engine decides it, and the season summary, the show's next
    episode and the table's marks all read that one answer."""
    air_date: AirDate = UNKNOWN_AIR if air is None else ("text", air)
    row = Groups(80.0, None, NOW).episode_row((SHOW, 1, 1), air_date)
    assert expected == row.aired
    seasons, shows = summarise([row])
    pointer = shows[0].next_episode
    assert pointer is not None
    assert (int(expected), expected) == (seasons[0].aired, pointer.aired)
    assert {(SHOW, 1, 1): expected} == aired_episodes([row])


def test_aired_agrees_between_the_typed_api_and_the_document() -> None:
    """At an air date's first instant ``now`` has not yet aired it, in both APIs."""
    now = Timestamp.parse("2008-01-20T00:00:00Z")
    catalog = [CatalogEpisode.of(SHOW, 1, 1, date(2008, 1, 20))]
    catalog += [CatalogEpisode.of(SHOW, 1, 2, date(2008, 1, 19))]
    typed = resolve([HistoryEntry.watched_movie(MediaId.movie(5), now)], catalog, now=now)
    assert [False, True] == [e.aired for e in typed.episodes()]
    document = resolve_document(
        {
            "history": [],
            "episodes": [
                {"mediaId": SHOW, "season": 1, "episode": 1, "airDate": "2008-01-20"},
                {"mediaId": SHOW, "season": 1, "episode": 2, "airDate": "2008-01-19"},
            ],
            "options": {"now": "2008-01-20T00:00:00Z"},
        }
    )
    assert [1] == [s["aired"] for s in document["seasons"]]
