"""Hypothesis strategies that break valid input a little: one key, one type, one value.

Valid items come from :mod:`strategies`; a mutation then renames a key (to a near miss, to a
key Discovr or TMDB sends, to anything), drops one, adds one, or gives a field a value of
another type or one just past a boundary.  Most mutants are invalid and a few stay valid,
which is what a test of "the fast path agrees with the thorough path" and "every road gives
the same problems" needs.
"""

from __future__ import annotations

import math
from typing import Any

from hypothesis import strategies as st

from history_resolver._keys import CATALOG_KEYS, HISTORY_KEYS
from strategies import documents, history_items, timestamp_texts, wide_instants

__all__ = [
    "BOUNDARY_VALUES",
    "FIELD_BOUNDARIES",
    "catalog_rows",
    "mutated",
    "mutated_documents",
    "near_miss_keys",
]

JSON = dict[str, Any]

HISTORY_READ = HISTORY_KEYS.read
CATALOG_READ = CATALOG_KEYS.read
SENT = ("createdAt", "title", "name", "poster_path", "still_path", "completed", "air_date",
        "episode_number", "season_number", "show_id", "overview", "runtime")  # fmt: skip

BOUNDARY_VALUES: tuple[object, ...] = (
    None, True, False, 0, -0.0, 1, -1, 0.5, 1.5, 2.0, 99.99, 100, 100.0, 100.0000001, 101,
    math.nan, math.inf, -math.inf, 1e308, 2**53 - 1, 2**53, 2**53 + 0.0, -(2**53), 10**400,
    "", "x", "1396", "TV_1396", "MV_550", "TV_TMDBID0", "TV_" + "9" * 4001, "TV_1396x",
    "tv", "movie", "TV", "2008-01-20", "2008-02-30", "2008-01-20T00:00:00",
    "2008-01-20T00:00:00.000Z", "2008-01-20 00:00:00.000Z", "2008-01-20T00:00:00,000Z",
    "2008-01-20T24:00:00.000Z", "2008-W03-7T00:00:00.000Z", "0000-01-01T00:00:00.000Z",
    "9999-12-31T23:59:59.999Z", "2008-01-20T00:00:00.0000000001+05:30", [], [1], {}, {"a": 1},
)  # fmt: skip
"""Values at and just past the edges of the rules, of every JSON type."""


def _near_misses_of(key: str) -> list[str]:
    """Spellings a person would take for ``key``: case, separators, one or two slips."""
    out = [key.lower(), key.upper(), key[:1].upper() + key[1:], key + "s", key[:-1]]
    snake = "".join("_" + c.lower() if c.isupper() else c for c in key)
    out += [snake, snake.replace("_", "-")]
    if len(key) >= 3:
        out.append(key[0] + key[2] + key[1] + key[3:])  # two neighbours swapped
        out.append(key[:2] + "x" + key[3:])  # one letter replaced
    return [k for k in dict.fromkeys(out) if k != key]


NEAR_MISSES: dict[str, list[str]] = {k: _near_misses_of(k) for k in HISTORY_READ + CATALOG_READ}


def near_miss_keys(read: tuple[str, ...]) -> st.SearchStrategy[str]:
    """A near miss of one of the ``read`` keys (the short ``id`` has only its case ones)."""
    keys = [k for key in read for k in NEAR_MISSES[key] if key != "id" or k.lower() == "id"]
    return st.sampled_from(keys)


_COUNTS = (-1, 0, 1, 2**53 - 1, 2**53, 1.0, 2.5, True, "1", None)
_TIMES = ("2008-01-20", "2008-01-20T00:00:00", "2008-01-20T00:00:00.000Z",
          "2008-01-20 00:00:00.000Z", "2008-01-20T00:00:00,000Z", "2008-01-20T24:00:00.000Z",
          "2008-W03-7T00:00:00.000Z", "2008-02-30T00:00:00.000Z", "2008-01-20T00:00:00.000z",
          "2008-01-20T00:00:00.000+24:00", 20080120, None)  # fmt: skip
FIELD_BOUNDARIES: dict[str, tuple[object, ...]] = {
    "mediaId": ("TV_0", "TV_" + "9" * 4000, "TV_" + "9" * 4001, "TV_01", "MV_1", "tv_1", "1",
                "TV_\u0661", 1396, None),
    "id": ("1396", "0" * 4001 + "1", "9" * 4001, "TV_1", "MV_1", "", "x", 1396, None),
    "mediaType": ("tv", "movie", "TV", "show", "", 1, None),
    "updatedAt": _TIMES,
    "airDate": (*_TIMES, "2008-13-01", "2022-09-11", "0000-01-01", "9999-12-31"),
    "progress": (-0.0, -1e-9, 0, 100, 100.0, 100.0000001, 1e-300, math.nan, math.inf, "50",
                 True, None),
    "season": _COUNTS,
    "episode": _COUNTS,
    "imported": ("", "trakt", 0, [], None),
}  # fmt: skip
"""For each read field, values at its edges: just inside, just outside, of the wrong type."""

_ANY_KEY = st.one_of(st.text(max_size=10), st.sampled_from(SENT))
_VALUES = st.one_of(st.sampled_from(BOUNDARY_VALUES), st.integers(), st.text(max_size=6))


@st.composite
def mutated(draw: st.DrawFn, valid: JSON, read: tuple[str, ...]) -> JSON:
    """``valid`` with one to three mutations of its keys, types and values."""
    item = dict(valid)
    for _ in range(draw(st.integers(1, 3))):
        what = draw(st.sampled_from(("rename", "drop", "add", "value", "field", "edge", "edge")))
        keys = sorted(item)
        if what == "rename" and keys:
            old = draw(st.sampled_from(keys))
            new = draw(st.one_of(near_miss_keys(read), _ANY_KEY))
            item[new] = item.pop(old)
        elif what == "drop" and keys:
            del item[draw(st.sampled_from(keys))]
        elif what == "add":
            item[draw(st.one_of(_ANY_KEY, near_miss_keys(read)))] = draw(_VALUES)
        elif what == "value" and keys:
            item[draw(st.sampled_from(keys))] = draw(_VALUES)
        elif what == "field":
            item[draw(st.sampled_from(read))] = draw(_VALUES)
        else:
            field = draw(st.sampled_from(read))
            item[field] = draw(st.sampled_from(FIELD_BOUNDARIES[field]))
    return item


_STAMPS = timestamp_texts(wide_instants())
_DATES = st.dates().map(lambda day: day.isoformat())


@st.composite
def catalog_rows(draw: st.DrawFn) -> JSON:
    """One valid catalog row: either id form, a date, a timestamp, null or no airDate."""
    number = draw(st.sampled_from((11, 100, 1396)))
    row: JSON = {
        "mediaId": draw(st.sampled_from((f"TV_{number}", f"TV_TMDBID{number}"))),
        "season": draw(st.integers(0, 3)),
        "episode": draw(st.integers(1, 4)),
    }
    air = draw(st.sampled_from(("date", "stamp", "null", "missing")))
    if air != "missing":
        row["airDate"] = {"date": draw(_DATES), "stamp": draw(_STAMPS), "null": None}[air]
    if draw(st.booleans()):
        row["name"] = "Pilot"
    return row


def history_item_mutants() -> st.SearchStrategy[JSON]:
    """Valid history items, and items mutated from them."""
    valid = history_items(_STAMPS)
    return st.one_of(valid, valid.flatmap(lambda item: mutated(item, HISTORY_READ)))


def catalog_row_mutants() -> st.SearchStrategy[JSON]:
    """Valid catalog rows, and rows mutated from them."""
    valid = catalog_rows()
    return st.one_of(valid, valid.flatmap(lambda row: mutated(row, CATALOG_READ)))


_OPTION_READ = ("completionThreshold", "now", "asOf", "airDateZone", "onInvalid")


@st.composite
def mutated_documents(draw: st.DrawFn) -> JSON:
    """A valid document, or one with some of its entries, rows and options mutated."""
    document: JSON = draw(documents(max_history=6))
    history = list(document["history"])
    for index in draw(st.sets(st.integers(0, max(0, len(history) - 1)), max_size=3)):
        if index < len(history):
            history[index] = draw(mutated(history[index], HISTORY_READ))
    document["history"] = history
    catalog = list(document.get("episodes", []))
    for index in draw(st.sets(st.integers(0, max(0, len(catalog) - 1)), max_size=3)):
        if index < len(catalog):
            catalog[index] = draw(mutated(catalog[index], CATALOG_READ))
    if catalog:
        document["episodes"] = catalog
    if draw(st.booleans()):
        options = {**document["options"], draw(st.sampled_from(_OPTION_READ)): draw(_VALUES)}
        document["options"] = options
    return document
