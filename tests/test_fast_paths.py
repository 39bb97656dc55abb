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

from history_resolver import InvalidInputError, _catalog, _history, resolve_document
from history_resolver._errors import Problems
from history_resolver._keys import HISTORY_KEYS, KeyMemo
from history_resolver._time import TimestampReader
from mutations import catalog_row_mutants, history_item_mutants
from support import NOW, T1, T2, T3, catalog_doc, clock, default

NOW_NS = 1_700_000_000_123_456_789
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
    return _history.entry_fast_path(NOW_NS, TimestampReader().read, [item])(item, index)


def thorough_entry(item: object, index: int = 3) -> object:
    return _history.thorough_entry(item, index, NOW_NS, Problems())


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
    fast = _history.entry_fast_path(NOW_NS, TimestampReader().read, [clean, item])
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


# --- the fast loops and the thorough checks agree on whole documents ----------------------


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

    monkeypatch.setattr(_history, "thorough_entry", refuse)
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
    """docs/rules.md#the-input-document: an integer may be written 2.0, a matching mediaType may
    accompany mediaId; such entries (checked the thorough way) resolve exactly like their plain
    spellings."""
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


def test_a_4001_digit_media_id_is_refused_in_the_common_shape() -> None:
    """docs/rules.md#media-ids (this library's limit): an id of more than 4000 digits is invalid,
    also when the entry is otherwise of the most common shape."""
    entry = {"mediaId": "TV_" + "1" * 4001, "season": 1, "updatedAt": T1}
    with pytest.raises(InvalidInputError) as raised:
        resolve_document({"history": [entry], "options": {"now": NOW}}, clock=clock)
    assert ["history[0].mediaId"] == [p.path for p in raised.value.problems]


def test_id_and_media_type_agreeing_with_4000_digits_are_accepted_anywhere() -> None:
    """An ``id`` of 4000 digits with its ``mediaType`` is valid, whether the entry is of the
    common shape or goes through the thorough check (a season written 1.0)."""
    history = [
        {"id": "1" * 4000, "mediaType": "tv", "season": 1, "updatedAt": T1},
        {"id": "1" * 4000, "mediaType": "tv", "season": 2.0, "updatedAt": T1},
    ]
    output = resolve_document({"history": history, "options": {"now": NOW}}, clock=clock)
    assert ["history[0]", "history[1]"] == [d["path"] for d in output["diagnostics"]]


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

    monkeypatch.setattr(_catalog, "thorough_row", refuse)
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


def test_catalog_rows_spelt_unusually_resolve_like_plain_ones() -> None:
    """docs/rules.md#catalog-rows: ``season`` 1.0 is the integer 1; a date-only airDate starts at
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
    """docs/rules.md#the-output-document: a catalog row's mediaId goes out in its long form, however
    it is spelt."""
    output = resolve_document(
        catalog_doc({"mediaId": "TV_0042", "season": 1.0, "episode": 3, "airDate": None}),
        clock=clock,
    )
    assert [("TV_TMDBID42", 1, 3, None, "none")] == [
        (e["mediaId"], e["season"], e["episode"], e["airDate"], e["basis"])
        for e in output["episodes"]
    ]


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
