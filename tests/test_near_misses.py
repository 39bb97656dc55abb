"""Nothing ignored silently: a key a person would take for one that is read is invalid
(docs/rules.md#near-misses), and the keys Discovr and TMDB send never are
(docs/rules.md#keys-discovr-and-tmdb-send).
"""

from __future__ import annotations

import functools
from typing import Any

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from history_resolver import (
    InvalidInputError,
    MediaId,
    Options,
    Resolver,
    Timestamp,
    catalog_from_json,
    catalog_from_tmdb,
    history_from_json,
    resolve_document,
)
from history_resolver._keys import CATALOG_KEYS, HISTORY_KEYS, SENT, near_miss, osa_distance
from support import NOW, problems

pytestmark = pytest.mark.usefixtures("path_mode")

ENTRY: dict[str, Any] = {"mediaId": "TV_TMDBID1", "season": 1, "episode": 1}
ROW: dict[str, Any] = {"mediaId": "TV_TMDBID1", "season": 1, "episode": 1, "airDate": "2008-01-20"}


def with_entry(**fields: Any) -> dict[str, Any]:
    return {"history": [{**ENTRY, **fields}], "options": {"now": NOW}}


def with_row(**fields: Any) -> dict[str, Any]:
    return {"history": [], "episodes": [{**ROW, **fields}], "options": {"now": NOW}}


def did_you_mean(path: str, key: str, meant: str) -> str:
    return f'{path}.{key}: unknown key; did you mean "{meant}"?'


# --- in a history entry ---------------------------------------------------------------------

HISTORY_NEAR_MISSES = [
    ("progess", "progress"),  # a letter left out
    ("progresss", "progress"),  # a letter too many
    ("prgoress", "progress"),  # two neighbours swapped
    ("progrezs", "progress"),  # a letter replaced
    ("Progress", "progress"),  # case
    ("sesaon", "season"),
    ("Season", "season"),
    ("seasons", "season"),
    ("epsiode", "episode"),
    ("episodes", "episode"),
    ("Episode", "episode"),
    ("updated_at", "updatedAt"),
    ("updatedat", "updatedAt"),
    ("UpdatedAt", "updatedAt"),
    ("Updated_At", "updatedAt"),
    ("media_id", "mediaId"),
    ("MediaID", "mediaId"),
    ("mediaid", "mediaId"),
    ("media_type", "mediaType"),
    ("improted", "imported"),
    ("ID", "id"),  # the short key: its case and separators only
    ("Id", "id"),
]


@pytest.mark.parametrize(("key", "meant"), HISTORY_NEAR_MISSES)
def test_near_miss_in_a_history_entry_is_invalid(key: str, meant: str) -> None:
    """The issue's own example and its kin: the near miss is named with the key it
    resembles, and the entry is refused."""
    document = with_entry(**{key: 10})
    assert [did_you_mean("history[0]", key, meant)] == problems(document)


@pytest.mark.parametrize(
    ("key", "meant"),
    [
        ("airdate", "airDate"),
        ("air_date", "airDate"),  # TMDB's own key, but a catalog row reads airDate
        ("AirDate", "airDate"),
        ("airDtae", "airDate"),
        ("sesaon", "season"),
        ("Episode", "episode"),
        ("media_id", "mediaId"),
    ],
)
def test_near_miss_in_a_catalog_row_is_invalid(key: str, meant: str) -> None:
    """A catalog row's near miss is invalid: ``"airdate"`` must not leave the air date
    unknown without a word."""
    document = with_row(**{key: "2008-01-20"})
    assert [did_you_mean("episodes[0]", key, meant)] == problems(document)


def test_the_issues_example_no_longer_resolves_to_100() -> None:
    """``"progess": 10`` once resolved to progress 100, completed, with no diagnostics."""
    document = {
        "history": [{"mediaId": "TV_TMDBID1", "season": 1, "episode": 1, "progess": 10}],
        "options": {"now": NOW},
    }
    assert ['history[0].progess: unknown key; did you mean "progress"?'] == problems(document)


def test_skip_mode_leaves_the_item_out_and_reports_it() -> None:
    """With ``onInvalid: "skip"`` an item with a near miss is left out and reported like any
    other invalid item; the rest is resolved."""
    document = {
        "history": [{**ENTRY, "progess": 10}, {**ENTRY, "episode": 2, "progress": 30}],
        "episodes": [{**ROW, "airdate": "2008-01-20"}, {**ROW, "episode": 2}],
        "options": {"now": NOW, "onInvalid": "skip"},
    }
    output = resolve_document(document)
    assert [
        {
            "severity": "error",
            "path": "history[0].progess",
            "message": 'unknown key; did you mean "progress"?',
        },
        {
            "severity": "error",
            "path": "episodes[0].airdate",
            "message": 'unknown key; did you mean "airDate"?',
        },
    ] == output["diagnostics"]
    assert [(2, 30.0, 1)] == [
        (e["episode"], e["progress"], e["decidedBy"]) for e in output["episodes"]
    ]


def test_every_near_miss_of_an_item_is_named_after_its_other_problems() -> None:
    """An item's near misses come after the problems of the fields it does read, in the
    order of its keys."""
    document = with_entry(progress=120, sesaon=1, progess=10)
    assert [
        "history[0].progress: 120 is outside 0..100",
        did_you_mean("history[0]", "sesaon", "season"),
        did_you_mean("history[0]", "progess", "progress"),
    ] == problems(document)


def test_an_odd_near_miss_key_is_named_by_a_json_path() -> None:
    """A key that is not an identifier is named in brackets, as every path names keys."""
    document = with_entry(**{"Progress ": 10, "updated-at": 5})
    assert [
        'history[0]["Progress "]: unknown key; did you mean "progress"?',
        'history[0]["updated-at"]: unknown key; did you mean "updatedAt"?',
    ] == problems(document)


# --- keys that are not near misses ----------------------------------------------------------


@pytest.mark.parametrize("key", sorted(SENT - set(HISTORY_KEYS.read)))
def test_keys_discovr_and_tmdb_send_are_never_near_misses_in_history(key: str) -> None:
    """Whatever they look like, the keys Discovr and TMDB send are taken as they are (``id``
    and ``mediaType`` are read, and checked by their own rules)."""
    output = resolve_document(with_entry(**{key: 1}))
    assert [] == output["diagnostics"]


@pytest.mark.parametrize("key", sorted(SENT - {"air_date"}))
def test_keys_discovr_and_tmdb_send_are_never_near_misses_in_the_catalog(key: str) -> None:
    """The same in a catalog row, except ``air_date``: a row reads ``airDate``, so TMDB's
    spelling of it there is a near miss (tested above)."""
    output = resolve_document(with_row(**{key: 1}))
    assert [] == output["diagnostics"]


@pytest.mark.parametrize(
    "key",
    ["progression", "notes", "ids", "idx", "seasonCount", "episode_count", "aired", "_", ""],
)
def test_other_unknown_keys_are_ignored(key: str) -> None:
    """A key three edits or more away from every read key (or not equal to the short
    ``id`` however spelt) is no near miss: it is ignored."""
    output = resolve_document(with_entry(**{key: 1}))
    assert [] == output["diagnostics"]
    assert [1] == [e["episode"] for e in output["episodes"]]


def test_a_key_that_is_not_a_string_is_no_near_miss() -> None:
    """docs/rules.md#near-misses: only a text key can be taken for one the library reads; a
    dict a Python caller builds may hold another key (``1``), which is ignored like any
    other unknown key."""
    entry: dict[object, object] = {1: "progress", None: 1}
    entry.update(ENTRY)
    output = resolve_document({"history": [entry], "options": {"now": NOW}})
    assert [] == output["diagnostics"]
    assert [1] == [e["episode"] for e in output["episodes"]]


# --- the rule itself ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("key", "expected"),
    [
        ("progress", None),  # read: no near miss
        ("createdAt", None),  # sent by Discovr
        ("proGRESS", "progress"),
        ("p_r_o_g_r_e_s_s", "progress"),  # separators are ignored
        ("pgoress", "progress"),  # two edits
        ("pogrss", "progress"),  # two letters left out
        ("pogrs", None),  # three left out
        ("seaosn", "season"),  # one swap
        ("sneaso", "season"),  # two edits: n out of place
        ("sxxxon", None),  # three edits
        ("di", None),  # id reversed: the short key matches only its own spellings
        ("i-d", "id"),
        ("mediatyp", "mediaType"),
        ("mediaI", "mediaId"),  # one letter from mediaId, two from mediaType: the closest
        ("media", "mediaId"),  # two letters short
        ("mediaty", "mediaId"),  # two edits from mediaId and from mediaType: the first read
    ],
)
def test_near_miss_rule(key: str, expected: str | None) -> None:
    """docs/rules.md#near-misses, case by case."""
    assert expected == near_miss(key, HISTORY_KEYS)


@pytest.mark.parametrize(
    ("a", "b", "distance"),
    [
        ("", "", 0),
        ("abc", "abc", 0),
        ("", "abc", 3),
        ("abc", "", 3),
        ("ab", "ba", 1),  # a swap of neighbours is one edit
        ("abc", "ca", 3),  # OSA: no letter edited twice (true Damerau would say 2)
        ("progress", "progess", 1),
        ("season", "sesaon", 1),
        ("kitten", "sitting", 3),
        # no swap at the first letter of b: a swap needs two letters of b (a mutant took
        # b's last letter for the one before its first and said 1)
        ("ccc", "c", 2),
    ],
)
def test_osa_distance(a: str, b: str, distance: int) -> None:
    """The optimal-string-alignment distance on known pairs."""
    assert distance == osa_distance(a, b)
    assert distance == osa_distance(b, a)


@functools.cache
def reference_osa(a: str, b: str) -> int:
    """The OSA distance by its recursive definition (slow, obviously right)."""
    if not a or not b:
        return len(a) + len(b)
    best = min(
        reference_osa(a[:-1], b) + 1,
        reference_osa(a, b[:-1]) + 1,
        reference_osa(a[:-1], b[:-1]) + (a[-1] != b[-1]),
    )
    if len(a) > 1 and len(b) > 1 and a[-1] == b[-2] and a[-2] == b[-1]:
        best = min(best, reference_osa(a[:-2], b[:-2]) + 1)
    return best


@given(a=st.text("abcs", max_size=7), b=st.text("abcs", max_size=7))
@example(a="ca", b="abc")
@example(a="ccc", b="c")
def test_osa_distance_agrees_with_its_definition(a: str, b: str) -> None:
    """The table-filling distance equals the recursive definition on any pair."""
    assert reference_osa(a, b) == osa_distance(a, b)


def test_catalog_rows_read_their_own_keys() -> None:
    """A history key is no near miss in a catalog row, and the reverse."""
    assert (None, None) == (near_miss("progress", CATALOG_KEYS), near_miss("airDate", HISTORY_KEYS))


# --- the typed API's readers ----------------------------------------------------------------


def test_history_from_json_names_near_misses_alike() -> None:
    """The reader of history items into typed entries applies the same rule, in the same
    words, at the same path."""
    with pytest.raises(InvalidInputError) as caught:
        history_from_json([ENTRY, {**ENTRY, "progess": 10}])
    assert [did_you_mean("history[1]", "progess", "progress")] == [
        str(p) for p in caught.value.problems
    ]


def test_catalog_from_json_names_near_misses_alike() -> None:
    """The catalog reader applies the rule too (``air_date`` is a near miss in a row)."""
    with pytest.raises(InvalidInputError) as caught:
        catalog_from_json([{**ROW, "air_date": "2008-01-20"}])
    assert [did_you_mean("episodes[0]", "air_date", "airDate")] == [
        str(p) for p in caught.value.problems
    ]


def test_resolver_add_json_names_near_misses_at_the_entrys_position() -> None:
    """``Resolver.add_json`` names the entry by the position it would have taken."""
    resolver = Resolver(options=Options(now=Timestamp.parse(NOW)))
    assert 0 == resolver.add_json(ENTRY)
    with pytest.raises(InvalidInputError) as caught:
        resolver.add_json({**ENTRY, "epsiode": 2})
    assert [did_you_mean("history[1]", "epsiode", "episode")] == [
        str(p) for p in caught.value.problems
    ]
    assert 1 == resolver.add_json({**ENTRY, "episode": 2})


def test_tmdb_episode_near_misses_are_invalid() -> None:
    """In a TMDB episode, ``air_date`` is read, so ``airDate`` there is the near miss."""
    season = {
        "season_number": 1,
        "episodes": [{"episode_number": 1, "airDate": "2008-01-20", "name": "Pilot"}],
    }
    with pytest.raises(InvalidInputError) as caught:
        catalog_from_tmdb(MediaId.tv(1396), season)
    assert ['$.episodes[0].airDate: unknown key; did you mean "air_date"?'] == [
        str(p) for p in caught.value.problems
    ]
