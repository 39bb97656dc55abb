"""``catalog_from_tmdb``: catalog episodes from TMDB payloads as TMDB sends them.

The shipped season payloads (``examples/tmdb``) are checked against facts about the show and
against the example document's own catalog, which was written independently of them.
"""

from __future__ import annotations

import copy
import json
from datetime import date
from typing import Any

import pytest

from history_resolver import CatalogEpisode, InvalidInputError, MediaId
from history_resolver._errors import Problems
from history_resolver._tmdb import catalog_from_tmdb, named_show
from support import ROOT

TMDB = ROOT / "examples" / "tmdb"
SHOW = MediaId.tv(1396)
EPISODE_COUNTS = {0: 1, 1: 7, 2: 13, 3: 13, 4: 13, 5: 16}

Key = tuple[int, int, date | None]


def season_payload(season: int) -> dict[str, Any]:
    """The shipped TMDB payload of one Breaking Bad season (a fresh copy)."""
    text = (TMDB / f"breaking-bad-season-{season}.json").read_text(encoding="utf-8")
    payload: dict[str, Any] = json.loads(text)
    return payload


def keys(episodes: list[CatalogEpisode]) -> list[Key]:
    """``(season, episode, air date)`` of each episode, sorted; the show is checked apart."""
    air: list[Key] = []
    for episode in episodes:
        assert SHOW == episode.media_id
        aired = episode.air_date
        assert aired is None or (isinstance(aired, date) and type(aired) is date)
        air.append((episode.season, episode.episode, aired))
    return sorted(air, key=lambda key: (key[0], key[1]))


def example_catalog() -> list[Key]:
    """The catalog of ``examples/breaking-bad.json``, as sorted keys."""
    document = json.loads((ROOT / "examples" / "breaking-bad.json").read_text(encoding="utf-8"))
    return sorted(
        (row["season"], row["episode"], date.fromisoformat(row["airDate"]))
        for row in document["episodes"]
    )


def problems(media_id: MediaId | str, payload: object, path: str = "$") -> list[str]:
    """The problems ``catalog_from_tmdb`` raises, one string per problem."""
    with pytest.raises(InvalidInputError) as caught:
        catalog_from_tmdb(media_id, payload, path=path)
    assert all("error" == problem.severity for problem in caught.value.problems)
    return [str(problem) for problem in caught.value.problems]


def one_season(*episodes: object, number: int = 1) -> dict[str, Any]:
    """A TMDB season object holding ``episodes`` as given."""
    return {"season_number": number, "episodes": list(episodes)}


# --- the shipped payloads --------------------------------------------------------------------


@pytest.mark.parametrize(("season", "count"), sorted(EPISODE_COUNTS.items()))
def test_example_season_episode_counts(season: int, count: int) -> None:
    """Each shipped season payload gives its episodes 1..n, all in that season."""
    got = keys(catalog_from_tmdb(SHOW, season_payload(season)))
    assert [(season, number) for number in range(1, count + 1)] == [(s, e) for s, e, _ in got]


@pytest.mark.parametrize(
    ("season", "episode", "aired"),
    [
        (0, 1, date(2009, 2, 17)),
        (1, 1, date(2008, 1, 20)),
        (1, 7, date(2008, 3, 9)),
        (2, 13, date(2009, 5, 31)),
        (4, 1, date(2011, 7, 17)),
        (5, 9, date(2013, 8, 11)),
        (5, 16, date(2013, 9, 29)),
    ],
)
def test_example_air_dates(season: int, episode: int, aired: date) -> None:
    """Known air dates come out as calendar dates."""
    got = {(s, e): a for s, e, a in keys(catalog_from_tmdb(SHOW, season_payload(season)))}
    assert aired == got[(season, episode)]


def test_example_seasons_equal_the_example_catalog() -> None:
    """The six shipped seasons together are exactly the example document's catalog."""
    got: list[CatalogEpisode] = []
    for season in EPISODE_COUNTS:
        got += catalog_from_tmdb("TV_TMDBID1396", season_payload(season))
    assert example_catalog() == keys(got)


def test_list_of_season_objects() -> None:
    """A list of season objects gives the episodes of every season in it."""
    payload = [season_payload(season) for season in EPISODE_COUNTS]
    assert example_catalog() == keys(catalog_from_tmdb(SHOW, payload))


def test_tv_details_with_appended_seasons() -> None:
    """TV details with ``append_to_response=season/1,season/2`` give those two seasons'
    episodes; the details' own ``seasons`` summary list adds nothing."""
    details = {
        "id": 1396,
        "name": "Breaking Bad",
        "number_of_seasons": 5,
        "seasons": [
            {"season_number": n, "episode_count": c, "id": 3572 + n}
            for n, c in EPISODE_COUNTS.items()
        ],
        "season/1": season_payload(1),
        "season/2": season_payload(2),
    }
    expected = [key for key in example_catalog() if key[0] in (1, 2)]
    assert expected == keys(catalog_from_tmdb(SHOW, details))
    assert 20 == len(catalog_from_tmdb(SHOW, details))


def test_tv_details_with_many_appended_seasons() -> None:
    """Appended seasons are all read, ``season/10`` as well as ``season/2``."""
    details = {
        "id": 1396,
        "season/10": one_season({"episode_number": 1, "air_date": "2030-01-01"}, number=10),
        "season/2": one_season({"episode_number": 1, "air_date": "2009-03-08"}, number=2),
    }
    expected = [(2, 1, date(2009, 3, 8)), (10, 1, date(2030, 1, 1))]
    assert expected == keys(catalog_from_tmdb(SHOW, details))


@pytest.mark.parametrize("media_id", [SHOW, "TV_TMDBID1396", "TV_1396"], ids=str)
def test_media_id_forms(media_id: MediaId | str) -> None:
    """The show may be a :class:`MediaId` or either string form; every episode gets it."""
    expected = [CatalogEpisode(SHOW, 0, 1, date(2009, 2, 17))]
    assert expected == catalog_from_tmdb(media_id, season_payload(0))


def test_unknown_air_dates() -> None:
    """An empty-string, null or missing ``air_date`` (TMDB's "not announced") is unknown."""
    payload = one_season(
        {"episode_number": 1, "air_date": ""},
        {"episode_number": 2, "air_date": None},
        {"episode_number": 3},
        {"episode_number": 4, "air_date": "2030-05-01"},
        number=6,
    )
    expected = [(6, 1, None), (6, 2, None), (6, 3, None), (6, 4, date(2030, 5, 1))]
    assert expected == keys(catalog_from_tmdb(SHOW, payload))


def test_episode_season_number_comes_from_the_season() -> None:
    """Episodes without their own ``season_number`` take the season object's."""
    payload = one_season({"episode_number": 1, "air_date": "2008-01-20"}, number=3)
    assert [CatalogEpisode(SHOW, 3, 1, date(2008, 1, 20))] == catalog_from_tmdb(SHOW, payload)


def test_integral_float_episode_number() -> None:
    """``2.0`` is an integer in JSON terms (no fractional part)."""
    payload = one_season({"episode_number": 2.0, "air_date": None})
    assert [CatalogEpisode(SHOW, 1, 2, None)] == catalog_from_tmdb(SHOW, payload)


def test_payload_is_not_modified() -> None:
    """Reading a payload leaves it as it was."""
    payload = season_payload(1)
    before = copy.deepcopy(payload)
    catalog_from_tmdb(SHOW, payload)
    assert before == payload


def test_empty_season() -> None:
    """A season with no episodes yet gives no catalog episodes, and is not an error."""
    assert [] == catalog_from_tmdb(SHOW, one_season(number=6))


# --- invalid payloads ------------------------------------------------------------------------

NOT_A_PAYLOAD = (
    '$: has no "episodes" and no appended "season/N": not a TMDB season or TV details with seasons'
)


@pytest.mark.parametrize(
    ("payload", "expected"),
    [
        (3, ["$: 3 is not an object"]),
        ("season", ['$: "season" is not an object']),
        (None, ["$: null is not an object"]),
        ({}, [NOT_A_PAYLOAD]),
        ({"season_number": 1, "name": "Season 1"}, [NOT_A_PAYLOAD]),
        ({"season_number": 1, "episodes": None}, ["$.episodes: null is not an array"]),
        ({"season_number": 1, "episodes": {}}, ["$.episodes: an object is not an array"]),
        (one_season(7), ["$.episodes[0]: 7 is not an object"]),
        (
            one_season({"episode_number": 0}),
            ["$.episodes[0].episode_number: 0 is less than 1"],
        ),
        (
            one_season({"episode_number": 1.5}),
            ["$.episodes[0].episode_number: 1.5 is not an integer"],
        ),
        (
            one_season({"episode_number": "2"}),
            ['$.episodes[0].episode_number: "2" is not an integer'],
        ),
        (
            one_season({"episode_number": True}),
            ["$.episodes[0].episode_number: true is not an integer"],
        ),
        (
            one_season({"episode_number": 1, "air_date": "2008-13-01"}),
            ['$.episodes[0].air_date: "2008-13-01" month 13 is outside 01..12'],
        ),
        (
            one_season({"episode_number": 1, "air_date": "2008-02-30"}),
            ['$.episodes[0].air_date: "2008-02-30" day 30 does not exist in 2008-02'],
        ),
        (
            one_season({"episode_number": 1, "air_date": "January 20"}),
            [
                '$.episodes[0].air_date: "January 20" is neither a date (YYYY-MM-DD) '
                "nor a timestamp with a UTC offset"
            ],
        ),
        (
            one_season({"episode_number": 1, "air_date": 20080120}),
            ["$.episodes[0].air_date: 20080120 is not a string"],
        ),
        (
            {"episodes": [{"episode_number": 1}]},
            ["$.episodes[0].season_number: is required"],
        ),
        (
            {"season_number": -1, "episodes": []},
            ["$.season_number: -1 is less than 0"],
        ),
        (
            {"id": 1397, "season/1": one_season({"episode_number": 1})},
            ["$.id: 1397 is not the id of TV_TMDBID1396"],
        ),
        (
            {"id": 1396, "season/1": 5},
            ['$["season/1"]: 5 is not an object'],
        ),
        (
            [one_season({"episode_number": 1}), "x"],
            ['$[1]: "x" is not an object'],
        ),
    ],
    ids=[
        "number",
        "string",
        "null",
        "empty-object",
        "no-episodes",
        "episodes-null",
        "episodes-object",
        "episode-not-object",
        "episode-number-0",
        "episode-number-fraction",
        "episode-number-string",
        "episode-number-bool",
        "month-13",
        "february-30",
        "air-date-words",
        "air-date-number",
        "no-season-number",
        "negative-season",
        "details-of-another-show",
        "appended-season-not-object",
        "list-item-not-object",
    ],
)
def test_invalid_payloads(payload: object, expected: list[str]) -> None:
    """Each invalid payload is rejected with exactly these problems, each by its path."""
    assert expected == problems(SHOW, payload)


def test_missing_episode_number() -> None:
    """An episode without ``episode_number`` is rejected at that path."""
    got = problems(SHOW, one_season({"air_date": "2008-01-20"}))
    assert ["$.episodes[0].episode_number"] == [line.split(":")[0] for line in got]


@pytest.mark.parametrize("media_id", ["MV_1396", "MV_TMDBID1396", MediaId.movie(1396)], ids=str)
def test_movie_media_id(media_id: MediaId | str) -> None:
    """A movie id cannot have TMDB seasons."""
    expected = ['$: "MV_TMDBID1396" is a movie; catalog rows are episodes']
    assert expected == problems(media_id, season_payload(1))


def test_details_of_another_show_and_no_seasons() -> None:
    """Details of another show with nothing appended: both problems at once."""
    assert [
        "$.id: 1397 is not the id of TV_TMDBID1396",
        NOT_A_PAYLOAD,
    ] == problems(SHOW, {"id": 1397, "seasons": []})


def test_every_problem_is_reported_at_once() -> None:
    """A payload with many problems reports all of them, not only the first."""
    bad = one_season(
        {"episode_number": 1, "air_date": "2008-01-20"},
        {"episode_number": 0, "air_date": "2008-13-01"},
        "x",
        {"episode_number": 3, "air_date": "January 20"},
        {"episode_number": 4.5, "air_date": ""},
    )
    payload = [season_payload(1), bad, {"season_number": 2}]
    assert [
        "$[1].episodes[1].episode_number: 0 is less than 1",
        '$[1].episodes[1].air_date: "2008-13-01" month 13 is outside 01..12',
        '$[1].episodes[2]: "x" is not an object',
        '$[1].episodes[3].air_date: "January 20" is neither a date (YYYY-MM-DD) '
        "nor a timestamp with a UTC offset",
        "$[1].episodes[4].episode_number: 4.5 is not an integer",
        "$[2].episodes: null is not an array",
    ] == problems(SHOW, payload)


def test_problems_in_appended_seasons_and_id_at_once() -> None:
    """Details of another show with a bad appended season: the id and the season's problems."""
    details = {
        "id": 1,
        "season/1": season_payload(1),
        "season/2": one_season({"episode_number": -2}, number=2),
    }
    assert [
        "$.id: 1 is not the id of TV_TMDBID1396",
        '$["season/2"].episodes[0].episode_number: -2 is less than 1',
    ] == problems(SHOW, details)


def test_path_prefix() -> None:
    """``path`` is the prefix of every problem's path."""
    payload = one_season({"episode_number": 0})
    assert ["tmdb.episodes[0].episode_number: 0 is less than 1"] == problems(
        SHOW, payload, path="tmdb"
    )


def test_bad_media_id_string() -> None:
    """A string that is not a media id is an input error."""
    with pytest.raises(InvalidInputError):
        catalog_from_tmdb("TV1396", season_payload(1))


# --- payload fields that contradict each other --------------------------------------------


def test_tmdb_appended_season_with_another_season_number() -> None:
    """docs/rules.md#tmdb-payloads: an appended ``season/2`` whose ``season_number`` is 3
    contradicts its key."""
    details = {
        "id": 1396,
        "season/2": {"season_number": 3, "episodes": [{"episode_number": 1}]},
    }
    assert [
        '$["season/2"].season_number: 3 contradicts the key season/2',
        '$["season/2"].episodes[0].season_number: is required',
    ] == problems(SHOW, details)


def test_tmdb_episode_with_an_invalid_season_number() -> None:
    """docs/rules.md#tmdb-payloads: an episode's own ``season_number`` is checked as a count from
    0."""
    season = {"season_number": 1, "episodes": [{"episode_number": 1, "season_number": -1}]}
    assert ["$.episodes[0].season_number: -1 is less than 0"] == problems(SHOW, season)


def test_tmdb_episode_of_another_show() -> None:
    """docs/rules.md#tmdb-payloads: an episode whose ``show_id`` is another show's is refused,
    naming both."""
    season = {"season_number": 1, "episodes": [{"episode_number": 1, "show_id": 1399}]}
    assert ["$.episodes[0].show_id: 1399 is not the id of TV_TMDBID1396"] == problems(SHOW, season)


def test_tmdb_air_date_must_be_a_date() -> None:
    """docs/rules.md#tmdb-payloads: TMDB's ``air_date`` is a calendar date: a timestamp there is
    refused."""
    stamp = "2008-01-20T00:00:00Z"
    season = {"season_number": 1, "episodes": [{"episode_number": 1, "air_date": stamp}]}
    assert [f'$.episodes[0].air_date: "{stamp}" is not a date (YYYY-MM-DD)'] == problems(
        SHOW, season
    )


# named_show: the show a payload given without a media id is for


NAMES_NO_SHOW = (
    "names no show (no integer show_id in an episode, no integer id of TV details): "
    "give the show's media id"
)


def named(payload: object) -> tuple[MediaId | None, list[str]]:
    """:func:`named_show` on ``payload`` at ``$``: the show, and each problem as a string."""
    problems = Problems()
    show = named_show(payload, problems)
    return show, [str(problem) for problem in problems.items]


@pytest.mark.parametrize(
    ("payload", "expected"),
    [
        pytest.param(season_payload(1), SHOW, id="season"),
        pytest.param([season_payload(1), season_payload(2)], SHOW, id="list-of-seasons"),
        pytest.param({"id": 1396, "name": "Breaking Bad"}, SHOW, id="details-id"),
        pytest.param(
            {"id": 1396, "season/1": {"episodes": [{"episode_number": 1, "show_id": 1396}]}},
            SHOW,
            id="details-id-and-show-ids-agree",
        ),
        pytest.param(
            {"episodes": [{"episode_number": 1}, {"episode_number": 2, "show_id": 1396}]},
            SHOW,
            id="a-later-episode-names-it",
        ),
        pytest.param(
            {"id": 3, "episodes": [{"episode_number": 1, "show_id": 1396}]},
            SHOW,
            id="a-season-id-is-not-the-show",
        ),
    ],
)
def test_a_payload_names_its_show(payload: object, expected: MediaId) -> None:
    """A payload given without a media id names its show by the ``show_id`` of its
    episodes and the ``id`` of TV details (docs/rules.md#tmdb-payloads)."""
    assert (expected, []) == named(payload)


def test_a_payload_that_names_no_show_is_for_the_default() -> None:
    """A payload that names no show is for the show given for such payloads; one that
    names its show is for that show whatever the default (docs/rules.md#tmdb-payloads)."""
    other = MediaId.tv(5)
    problems = Problems()
    assert other == named_show({"episodes": [{"episode_number": 1}]}, problems, default=other)
    assert SHOW == named_show(season_payload(1), problems, default=other)
    assert [] == problems.items


@pytest.mark.parametrize(
    ("payload", "expected"),
    [
        pytest.param({"episodes": []}, [f"$: {NAMES_NO_SHOW}"], id="no-episodes"),
        pytest.param("x", [f"$: {NAMES_NO_SHOW}"], id="not-a-payload"),
        pytest.param(
            {"episodes": ["x", {"episode_number": 1, "show_id": True}]},
            [f"$: {NAMES_NO_SHOW}"],
            id="no-integer-show-id",
        ),
        pytest.param(
            [{"episodes": [{"episode_number": 1, "showId": 1396}]}, "x"],
            [
                '$[0].episodes[0].showId: unknown key; did you mean "show_id"?',
                f"$: {NAMES_NO_SHOW}",
            ],
            id="a-near-miss-is-said",
        ),
        pytest.param(
            {"id": 1396, "season/2": {"episodes": [{"episode_number": 1, "show_id": 7}]}},
            ['$["season/2"].episodes[0].show_id: 7 is not 1396, the show named at $.id'],
            id="details-and-episode-disagree",
        ),
        pytest.param(
            {"episodes": [{"show_id": -5}]},
            ["$.episodes[0].show_id: -5 is less than 0"],
            id="negative-show-id",
        ),
    ],
)
def test_a_payload_that_names_no_show_or_several(payload: object, expected: list[str]) -> None:
    """A payload that names no show, several, or a show id that is no TMDB id cannot be
    read without its media id; a near miss of ``show_id`` is said too
    (docs/rules.md#tmdb-payloads, #near-misses)."""
    assert (None, expected) == named(payload)
