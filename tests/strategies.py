"""Hypothesis strategies for valid input documents (docs/rules.md#the-input-document).

The spaces are kept tiny on purpose so that the interesting collisions happen all the time:
two shows (``TV_TMDBID100`` sorts before ``TV_TMDBID11``), two movies, seasons 1-2 (the
catalog also has specials, season 0), episodes 1-4.  Every document draws a handful of
instants from a small set built around its air dates (each date's first instant in the
document's zone and in UTC, give or take a day, an hour, a microsecond), so entries tie,
override each other and sit exactly on an air date's midnight again and again.

Every instant is rendered with a random offset (``Z``, ``+00:00``, ``+05:30``, ``-03:00``,
...) and a random number (0-9) of fractional digits, so the same instant is spelt
differently from entry to entry.  Instants have microsecond precision unless a strategy is
asked for ``nanoseconds=True``.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any, Literal

from hypothesis import strategies as st

from reference import EPOCH, NS, day_start

__all__ = [
    "AIR_DATES",
    "MOVIES",
    "SHOWS",
    "THRESHOLDS",
    "ZONES",
    "documents",
    "history_items",
    "media_id_texts",
    "render_timestamp",
    "timestamp_texts",
    "wide_instants",
]

JSON = dict[str, Any]
Kind = Literal["tv", "movie"]

SHOWS: tuple[int, ...] = (11, 100)
MOVIES: tuple[int, ...] = (55, 550)
SEASONS: tuple[int, ...] = (1, 2)
CATALOG_SEASONS: tuple[int, ...] = (1, 2, 0)
EPISODES: tuple[int, ...] = (1, 2, 3, 4)
ZONES: tuple[str, ...] = (
    "UTC",
    "America/Santiago",
    "Asia/Kolkata",
    "Pacific/Auckland",
    "America/Sao_Paulo",
)
# 2018-11-04: Sao Paulo skips its midnight; 2022-09-11: Santiago skips its midnight.
AIR_DATES: tuple[str, ...] = ("2008-01-20", "2018-11-04", "2022-09-10", "2022-09-11")
PROGRESSES: tuple[int | float, ...] = (0, 0.5, 30, 45.5, 50, 79.99, 80, 80.0, 99.5, 100, 100.0)
THRESHOLDS: tuple[int | float, ...] = (80, 50, 45.5, 100, 0.5, 80.0)
IMPORTED: tuple[str, ...] = ("trakt", "tvtime", "")
# (minutes east of UTC, spelt as Z?)
OFFSETS: tuple[tuple[int, bool], ...] = (
    (0, True),
    (0, False),
    (330, False),
    (-180, False),
    (780, False),
    (-240, False),
    (-570, False),
)
US = 1_000
HOUR = 3600 * NS
DAY = 24 * HOUR
# In the order hypothesis prefers them: exactly on a boundary first, then just after it.
DELTAS: tuple[int, ...] = (0, US, -US, HOUR, DAY, -HOUR, -DAY)
FAR_FUTURE = 4_102_444_800 * NS  # 2100-01-01T00:00:00Z: everything has aired


def render_timestamp(instant: int, offset_minutes: int, zulu: bool, digits: int) -> str:
    """``instant`` (ns) as ISO 8601 text at the given offset with ``digits`` fractional digits.

    ``digits`` must be enough to spell the instant exactly (the caller checks).
    """
    local = instant + offset_minutes * 60 * NS
    seconds, fraction = divmod(local, NS)
    moment = EPOCH + timedelta(seconds=seconds)
    text = (
        f"{moment.year:04d}-{moment.month:02d}-{moment.day:02d}T"
        f"{moment.hour:02d}:{moment.minute:02d}:{moment.second:02d}"
    )
    if digits:
        text += "." + f"{fraction:09d}"[:digits]
    if zulu and offset_minutes == 0:
        return text + "Z"
    sign = "+" if offset_minutes >= 0 else "-"
    hours, minutes = divmod(abs(offset_minutes), 60)
    return f"{text}{sign}{hours:02d}:{minutes:02d}"


def _digits_needed(instant: int) -> int:
    fraction = f"{instant % NS:09d}".rstrip("0")
    return len(fraction)


# Strategies are built once: building one inside a draw costs more than drawing from it.
_OFFSETS = st.sampled_from(OFFSETS)
_DIGITS = {needed: st.integers(min_value=needed, max_value=9) for needed in range(10)}
_BOOLEANS = st.booleans()
_ONE_IN = {n: st.sampled_from((False,) * (n - 1) + (True,)) for n in (3, 4, 6, 8, 10)}


@st.composite
def timestamp_texts(draw: st.DrawFn, instants: st.SearchStrategy[int]) -> str:
    """One of ``instants``, spelt with a random offset and 0-9 fractional digits."""
    instant = draw(instants)
    offset, zulu = draw(_OFFSETS)
    digits = draw(_DIGITS[_digits_needed(instant)])
    return render_timestamp(instant, offset, zulu, digits)


def wide_instants() -> st.SearchStrategy[int]:
    """Any nanosecond between 1900 and 2100."""
    low = (datetime(1900, 1, 2, tzinfo=EPOCH.tzinfo) - EPOCH) // timedelta(seconds=1) * NS
    high = (datetime(2099, 12, 30, tzinfo=EPOCH.tzinfo) - EPOCH) // timedelta(seconds=1) * NS
    return st.integers(min_value=low, max_value=high)


def _one_in(draw: st.DrawFn, n: int) -> bool:
    """True about once in ``n`` draws (shrinking towards False)."""
    return draw(_ONE_IN[n])


def _long(kind: Kind, number: int) -> str:
    return f"{'TV' if kind == 'tv' else 'MV'}_TMDBID{number}"


def _short(kind: Kind, number: int) -> str:
    return f"{'TV' if kind == 'tv' else 'MV'}_{number}"


_KINDS: tuple[tuple[Kind, tuple[int, ...]], ...] = (("tv", SHOWS), ("movie", MOVIES))
_MEDIA_ID_TEXTS: dict[tuple[Kind, int], st.SearchStrategy[str]] = {
    (kind, number): st.sampled_from((_long(kind, number), _short(kind, number)))
    for kind, numbers in _KINDS
    for number in numbers
}
# The list endpoint's "id": either form, or bare digits (the prefix then comes from mediaType).
_ID_TEXTS: dict[tuple[Kind, int], st.SearchStrategy[str]] = {
    (kind, number): st.sampled_from((_long(kind, number), _short(kind, number), str(number)))
    for kind, number in _MEDIA_ID_TEXTS
}


def media_id_texts(kind: Kind, number: int) -> st.SearchStrategy[str]:
    """The id of a show or movie in its long or its short form."""
    known = _MEDIA_ID_TEXTS.get((kind, number))
    if known is not None:
        return known
    return st.sampled_from((_long(kind, number), _short(kind, number)))


_WHAT = st.sampled_from(("episode", "episode", "default", "default", "movie"))
_NUMBERS: dict[Kind, st.SearchStrategy[int]] = {
    "tv": st.sampled_from(SHOWS),
    "movie": st.sampled_from(MOVIES),
}
_SEASONS = st.sampled_from(SEASONS)
_EPISODES = st.sampled_from(EPISODES)
_PROGRESSES = st.sampled_from(PROGRESSES)
_IMPORTED = st.sampled_from(IMPORTED)
# Optional fields: given, null or missing, in these proportions.
_UPDATED_SHAPE = st.sampled_from(("value",) * 8 + ("null", "missing"))
_PROGRESS_SHAPE = st.sampled_from(("value",) * 4 + ("null", "missing"))
_IMPORTED_SHAPE = st.sampled_from(("missing",) * 3 + ("null", "value", "value"))
_AIR_SHAPE = st.sampled_from(("date",) * 6 + ("timestamp", "timestamp", "null", "missing"))


@st.composite
def history_items(draw: st.DrawFn, stamps: st.SearchStrategy[str]) -> JSON:
    """One history item in either wire shape: an episode, a season default or a movie.

    ``updatedAt`` is missing, null, or one of ``stamps``; ``progress`` missing, null, an int
    or a float; ``imported`` missing, null or a source.  Ignored fields come along sometimes.
    """
    what = draw(_WHAT)
    kind: Kind = "movie" if what == "movie" else "tv"
    return _item(
        draw, what, kind, draw(_NUMBERS[kind]), draw(_SEASONS), stamps, draw(_UPDATED_SHAPE)
    )


def _item(
    draw: st.DrawFn,
    what: str,
    kind: Kind,
    number: int,
    season: int,
    stamps: st.SearchStrategy[str],
    updated_shape: str,
) -> JSON:
    """A history item of ``what`` ("episode", "default" or "movie") for show or movie
    ``number`` (and ``season``), its ``updatedAt`` given (one of ``stamps``), null or missing
    as ``updated_shape`` says; the other fields drawn as :func:`history_items` says."""
    item: JSON = {}
    if draw(_BOOLEANS):
        item["mediaId"] = draw(_MEDIA_ID_TEXTS[(kind, number)])
        if _one_in(draw, 4):
            item["mediaType"] = kind
    else:
        # GET /profile/history: "id" plus "mediaType".
        item["id"] = draw(_ID_TEXTS[(kind, number)])
        item["mediaType"] = kind

    if kind == "tv":
        item["season"] = float(season) if _one_in(draw, 8) else season
        if what == "episode":
            item["episode"] = draw(_EPISODES)
        elif draw(_BOOLEANS):
            item["episode"] = None
    else:
        for name in ("season", "episode"):
            if _one_in(draw, 4):
                item[name] = None

    if updated_shape == "null":
        item["updatedAt"] = None
    elif updated_shape == "value":
        item["updatedAt"] = draw(stamps)

    shape = draw(_PROGRESS_SHAPE)
    if shape == "null":
        item["progress"] = None
    elif shape == "value":
        item["progress"] = draw(_PROGRESSES)

    shape = draw(_IMPORTED_SHAPE)
    if shape == "null":
        item["imported"] = None
    elif shape == "value":
        item["imported"] = draw(_IMPORTED)

    if _one_in(draw, 6):
        item.update({"title": "Pilot", "completed": True, "watched_count": 3, "createdAt": "x"})
    return item


def _air_date_text(
    draw: st.DrawFn, dates: st.SearchStrategy[str], stamps: st.SearchStrategy[str]
) -> object:
    """A catalog airDate: a date, a timestamp, null, or ``...`` for a missing key."""
    shape = draw(_AIR_SHAPE)
    if shape == "missing":
        return ...
    if shape == "null":
        return None
    if shape == "timestamp":
        return draw(stamps)
    return draw(dates)


_ZONE_LISTS: dict[tuple[str, ...], st.SearchStrategy[str]] = {}
_DATE_LISTS = st.lists(st.sampled_from(AIR_DATES), min_size=1, max_size=2, unique=True)
_SHOW_LISTS = st.lists(st.sampled_from(SHOWS), unique=True, min_size=1, max_size=2)
_SEASON_LISTS = st.lists(st.sampled_from(CATALOG_SEASONS), unique=True, min_size=1, max_size=3)
_EPISODE_LISTS = st.lists(_EPISODES, unique=True, min_size=1, max_size=4)
_THRESHOLDS = st.sampled_from(THRESHOLDS)
_ON_INVALID = st.sampled_from(("reject", "skip"))


@st.composite
def documents(
    draw: st.DrawFn,
    *,
    nanoseconds: bool = False,
    max_history: int = 10,
    zones: tuple[str, ...] = ZONES,
) -> JSON:
    """A whole valid input document; ``options.now`` is always set."""
    zone = draw(_ZONE_LISTS.setdefault(zones, st.sampled_from(zones)))
    dates = draw(_DATE_LISTS)
    anchor_zones = sorted({zone, "UTC"})
    anchors = [day_start(date.fromisoformat(d), z) for d in dates for z in anchor_zones]
    deltas = (*DELTAS, 1) if nanoseconds else DELTAS
    candidates = list(dict.fromkeys(a + delta for delta in deltas for a in anchors))
    pool = draw(st.lists(st.sampled_from(candidates), min_size=1, max_size=4, unique=True))
    stamps = timestamp_texts(st.sampled_from(pool))

    catalog: list[JSON] = []
    air_dates = st.sampled_from(dates)
    shows = draw(_SHOW_LISTS)
    if _one_in(draw, 10):
        shows = []  # no catalog at all
    for show in shows:
        for season in draw(_SEASON_LISTS):
            for episode in draw(_EPISODE_LISTS):
                row: JSON = {
                    "mediaId": draw(media_id_texts("tv", show)),
                    "season": season,
                    "episode": episode,
                }
                air = _air_date_text(draw, air_dates, stamps)
                if air is not ...:
                    row["airDate"] = air
                catalog.append(row)
                if _one_in(draw, 8):  # the same episode again, same airDate
                    catalog.append({**row, "mediaId": draw(media_id_texts("tv", show))})
    catalog = draw(st.permutations(catalog))

    history = draw(st.lists(history_items(stamps), max_size=max_history))
    # Most documents get a season default that can decide: one written strictly after a
    # catalogued episode's air date (docs/rules.md#season-defaults), and an asOf that keeps it
    # half the time.  Without them, about one document in eight reached a seasonDefault
    # decision; docs/testing.md says how it is measured, tests/test_strategies.py pins it.
    dated = [row for row in catalog if row["season"] in SEASONS and row.get("airDate") in dates]
    covered_at: int | None = None
    if dated and not _one_in(draw, 6):
        row = draw(st.sampled_from(dated))
        air = day_start(date.fromisoformat(row["airDate"]), zone)
        later = [instant for instant in pool if instant > air] or [
            instant for instant in candidates if instant > air
        ]
        covered_at = draw(st.sampled_from(later))
        number = int(row["mediaId"].rpartition("_")[2].removeprefix("TMDBID"))
        stamp = timestamp_texts(st.just(covered_at))
        covering = _item(draw, "default", "tv", number, row["season"], stamp, "value")
        history.insert(draw(st.integers(0, len(history))), covering)

    now = draw(st.sampled_from([*pool, *candidates, FAR_FUTURE]))
    options: JSON = {"now": draw(timestamp_texts(st.just(now)))}
    if _one_in(draw, 3):
        as_of = candidates
        if covered_at is not None and draw(_BOOLEANS):  # keeps the covering default
            as_of = [instant for instant in candidates if instant >= covered_at]
        options["asOf"] = draw(timestamp_texts(st.sampled_from(as_of)))
    if draw(_BOOLEANS):
        options["completionThreshold"] = draw(_THRESHOLDS)
    if zone != "UTC" or draw(_BOOLEANS):
        options["airDateZone"] = zone
    if _one_in(draw, 8):
        options["onInvalid"] = draw(_ON_INVALID)  # no effect on a valid document

    document: JSON = {"history": history, "options": options}
    spell_out_empty = draw(_BOOLEANS)
    if catalog or spell_out_empty:
        document["episodes"] = catalog
    return document
