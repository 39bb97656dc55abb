"""The fast paths of the input: each returns exactly what the thorough path returns, or
declines, and never words a problem (docs/rules.md#the-input-document).

The history's and the catalog's fast paths are small pure functions
(:func:`history_resolver._history.entry_fast_path`,
:func:`history_resolver._catalog.row_fast_path`); these tests hold them against the thorough
paths on generated items and on items mutated from them (keys, types, values, boundaries).
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from history_resolver import _catalog, _history, resolve_document
from history_resolver._errors import Problems
from history_resolver._keys import HISTORY_KEYS, KeyMemo
from history_resolver._time import TimestampReader
from mutations import catalog_row_mutants, history_item_mutants

NOW = 1_700_000_000_123_456_789
PROPERTY = settings(max_examples=400, deadline=None)


def same(fast: object, thorough: object) -> bool:
    """Equal, and of the same types field by field (``100`` is not ``100.0`` here)."""
    if not (isinstance(fast, tuple) and isinstance(thorough, tuple)):
        return fast == thorough
    if len(fast) != len(thorough):
        return False
    return all(same(a, b) and type(a) is type(b) for a, b in zip(fast, thorough, strict=True))


def fast_entry(item: object, index: int = 3) -> object:
    """The history fast path, made for a history holding ``item``."""
    return _history.entry_fast_path(NOW, TimestampReader().read, [item])(item, index)


def thorough_entry(item: object, index: int = 3) -> object:
    return _history.thorough_entry(item, index, NOW, Problems())


def fast_row(item: object, zone: str | None) -> object:
    """The catalog fast path, made for a catalog holding ``item``."""
    air = _catalog.air_reader(zone or "UTC", TimestampReader().read)
    return _catalog.row_fast_path(zone, air, [item])(item)


def thorough_row(item: object, zone: str | None) -> object:
    return _catalog.thorough_row(item, 0, zone, Problems())


@PROPERTY
@given(item=history_item_mutants())
@example(item={"mediaId": "TV_1", "season": 1, "progress": -0.0})
@example(item={"mediaId": "TV_1", "season": 1, "progress": 100})
@example(item={"mediaId": "TV_1", "season": True})
@example(item={"mediaId": "TV_1", "season": 2.0, "episode": 1})
@example(item={"mediaId": "MV_1", "season": None, "episode": None, "progress": None})
@example(item={"mediaId": "TV_1", "season": 1, "progess": 10})
@example(item={"mediaId": "TV_1", "season": 1, "updatedAt": "2008-01-20 00:00:00.000Z"})
@example(item={"mediaId": "TV_1", "season": 1, "updatedAt": "2008-W03-7T00:00:00.000Z"})
@example(item={"mediaId": "TV_1", "season": 1, "updatedAt": "2008-01-20T24:00:00.000Z"})
@example(item={"id": "1396", "mediaType": "movie", "season": 1})
@example(item={"id": "TV_1396", "mediaType": "movie", "season": 1})
@example(item={"mediaId": "TV_1396", "mediaType": "tv", "season": 1})
@example(item={"id": "0" * 4001 + "7", "mediaType": "tv", "season": 1})
@example(item={"mediaId": "TV_1", "season": 2**53, "episode": 1})
@example(item={"mediaId": "TV_1", "season": 1, 7: "a key that JSON cannot give"})
def test_entry_fast_path_returns_the_thorough_row_or_declines(item: dict[str, Any]) -> None:
    """For any history item, valid or not, the fast path's answer is the thorough path's
    row or ``None``: never another row, and never a row for an invalid item."""
    fast = fast_entry(item)
    assert fast is None or same(fast, thorough_entry(item))


@PROPERTY
@given(item=catalog_row_mutants(), zone=st.sampled_from(["UTC", "America/Santiago", None]))
@example(item={"mediaId": "TV_1", "season": 0, "episode": 1, "airDate": "2008-01-20"}, zone=None)
@example(item={"mediaId": "MV_1", "season": 1, "episode": 1}, zone="UTC")
@example(item={"mediaId": "TV_1", "season": 1, "episode": 1, "air_date": None}, zone="UTC")
@example(item={"mediaId": "TV_1", "season": 1, "episode": 1, "airDate": "2008-02-30"}, zone="UTC")
@example(
    item={"mediaId": "TV_1", "season": 1, "episode": 1, "airDate": "2022-09-11"},
    zone="America/Santiago",
)
@example(
    item={"mediaId": "TV_1", "season": 1, "episode": 1, "airDate": "2008-01-20T00:00:00+05:30"},
    zone="UTC",
)
@example(
    item={"mediaId": "TV_1", "season": 1, "episode": 1, "airDate": "2008-01-20 00:00:00.000Z"},
    zone="UTC",
)
def test_row_fast_path_returns_the_thorough_row_or_declines(
    item: dict[str, Any], zone: str | None
) -> None:
    """For any catalog row, valid or not, in any zone (``None``: the zone given was
    invalid), the fast path's answer is the thorough path's row or ``None``."""
    fast = fast_row(item, zone)
    assert fast is None or same(fast, thorough_row(item, zone))


@pytest.mark.parametrize(
    "item",
    [
        {
            "mediaId": "TV_TMDBID1",
            "season": 1,
            "episode": 2,
            "updatedAt": "2023-01-15T00:00:00.000Z",
        },
        {"mediaId": "TV_1", "season": 3, "progress": 45.5, "imported": "trakt"},
        {"id": "1396", "mediaType": "tv", "season": 1, "createdAt": "x", "title": "Pilot"},
        {"id": "MV_550", "mediaType": "movie", "progress": 0},
        {"mediaId": "MV_550", "progress": -0.0, "watched_count": 2, "userNote": "x"},
    ],
)
def test_common_history_items_take_the_fast_path(item: dict[str, Any]) -> None:
    """The shapes the API sends are taken by the fast path itself (else it would be a path
    that exists but is never taken), and its row is the thorough one."""
    fast = fast_entry(item)
    assert fast is not None
    assert same(fast, thorough_entry(item))


@pytest.mark.parametrize("zone", ["UTC", "Asia/Kolkata"])
@pytest.mark.parametrize(
    "row",
    [
        {"mediaId": "TV_1", "season": 0, "episode": 1, "airDate": None, "name": "Special"},
        {"mediaId": "TV_TMDBID1", "season": 1, "episode": 1, "airDate": "2008-01-20"},
        {"mediaId": "TV_1", "season": 1, "episode": 2, "airDate": "2008-01-27T01:30:00.000Z"},
        {"mediaId": "TV_1", "season": 1, "episode": 3, "airDate": "2008-02-03T01:30:00-05:00"},
        {"mediaId": "TV_1", "season": 1, "episode": 4},
    ],
)
def test_common_catalog_rows_take_the_fast_path(row: dict[str, Any], zone: str) -> None:
    """The rows a client builds from TMDB are taken by the fast path itself."""
    fast = fast_row(row, zone)
    assert fast is not None
    assert same(fast, thorough_row(row, zone))


@pytest.mark.parametrize(
    "item",
    [
        {"mediaId": "TV_1", "season": 1, "Progress": 10},
        {"mediaId": "TV_1", "season": 1, "sesaon": 2},
        {"mediaId": "TV_1", "season": 1, "updated_at": "2023-01-15T00:00:00.000Z"},
    ],
)
def test_an_item_with_a_near_miss_is_left_to_the_thorough_path(item: dict[str, Any]) -> None:
    """A near-miss key makes the item invalid (docs/rules.md#near-misses): the fast path
    declines it, even in a history whose other items are clean."""
    clean = {"mediaId": "TV_1", "season": 1}
    fast = _history.entry_fast_path(NOW, TimestampReader().read, [clean, item])
    assert fast(clean, 0) is not None
    assert fast(item, 1) is None
    assert thorough_entry(item) is None


def test_keys_are_screened_once_for_a_whole_history() -> None:
    """A history whose keys are all harmless is cleared in one pass; one near miss anywhere
    makes every item's keys be looked at on its own."""
    clean = {"mediaId": "TV_1", "season": 1, "title": "x"}
    assert KeyMemo(HISTORY_KEYS, [clean, clean, 5, "s"]).all_fine
    assert not KeyMemo(HISTORY_KEYS, [clean, {"epsiode": 1}]).all_fine


def test_path_mode_thorough_takes_the_thorough_path_only(path_mode: str) -> None:
    """The ``path_mode`` fixture's "thorough" mode really leaves every item and row to the
    thorough paths, and "fast" really uses the fast ones; both give the same result."""
    calls: list[str] = []
    entry, row = _history.thorough_entry, _catalog.thorough_row

    def counted_entry(*args: Any) -> Any:
        calls.append("entry")
        return entry(*args)

    def counted_row(*args: Any) -> Any:
        calls.append("row")
        return row(*args)

    document = {
        "history": [{"mediaId": "TV_1", "season": 1, "episode": 1}],
        "episodes": [{"mediaId": "TV_1", "season": 1, "episode": 1, "airDate": "2008-01-20"}],
        "options": {"now": "2024-01-01T00:00:00.000Z"},
    }
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(_history, "thorough_entry", counted_entry)
        patch.setattr(_catalog, "thorough_row", counted_row)
        output = resolve_document(document)
    expected_calls = [] if path_mode == "fast" else ["entry", "row"]
    assert expected_calls == sorted(calls)
    assert [(100.0, "explicit")] == [(e["progress"], e["basis"]) for e in output["episodes"]]
