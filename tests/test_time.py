"""Time: exact instants, offsets, output form and air dates in zones (contract sections 2, 6).

Instants are observed through the public API: ``resolve_document`` (a season default covers
an episode only when ``airInstant < updatedAt``; an episode counts as aired only when
``airInstant < now``; ``lastWatchedAt`` shows an instant in the output form) and
``Timestamp``.  The private ``_time`` module is used only where the public API cannot reach.
"""

from __future__ import annotations

import json
import re
from datetime import date, datetime, timedelta, timezone
from fractions import Fraction
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from history_resolver import Diagnostic, InvalidInputError, Timestamp, resolve_document
from history_resolver._time import date_instant
from support import NOW, problems, shown

EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)
NS = 1_000_000_000
OUTPUT_FORM = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z")
SHOW = "TV_TMDBID1396"
FAR_FUTURE = "9999-12-31T00:00:00Z"


def instant_ns(text: str) -> int:
    """Nanoseconds since the epoch of an ISO timestamp, computed by the standard library
    (an oracle independent of the library's parser; microsecond precision at most)."""
    moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    return (moment - EPOCH) // timedelta(microseconds=1) * 1000


def untyped(value: object) -> Any:
    """``value`` hidden from the type checker: a test passing a deliberately wrong type."""
    return value


def wall_clock(moment: datetime) -> str:
    """``YYYY-MM-DDTHH:MM:SS`` of a datetime (``strftime`` does not pad years below 1000)."""
    return (
        f"{moment.year:04d}-{moment.month:02d}-{moment.day:02d}"
        f"T{moment.hour:02d}:{moment.minute:02d}:{moment.second:02d}"
    )


def full_precision(ns: int) -> str:
    """An instant written in UTC with all nine fractional digits (no digit is lost)."""
    seconds, fraction = divmod(ns, NS)
    return wall_clock(EPOCH + timedelta(seconds=seconds)) + f".{fraction:09d}Z"


def resolved(
    history: list[dict[str, Any]], catalog: list[dict[str, Any]], **options: Any
) -> dict[str, Any]:
    """The output document for a valid history and catalog."""
    document = {"history": history, "episodes": catalog, "options": options}
    return resolve_document(document, clock=lambda: 0)


def last_watched(updated_at: str) -> str:
    """The ``lastWatchedAt`` the output gives a completed movie entry with ``updated_at``."""
    out = resolved([{"mediaId": "MV_550", "updatedAt": updated_at}], [], now=FAR_FUTURE)
    (movie,) = out["movies"]
    text = movie["lastWatchedAt"]
    assert isinstance(text, str)
    return text


def default_covers(air_date: str, updated_at: str, zone: str = "UTC") -> bool:
    """Whether a season default updated at ``updated_at`` covers an episode of that season
    that aired on ``air_date`` (contract: ``airInstant < updatedAt``, strictly)."""
    out = resolved(
        [{"mediaId": SHOW, "season": 1, "updatedAt": updated_at}],
        [{"mediaId": SHOW, "season": 1, "episode": 1, "airDate": air_date}],
        now=FAR_FUTURE,
        airDateZone=zone,
    )
    (episode,) = out["episodes"]
    basis: str = episode["basis"]
    assert basis in ("seasonDefault", "none")
    return basis == "seasonDefault"


def aired(air_date: str, now: str, zone: str = "UTC") -> bool:
    """Whether an episode airing on ``air_date`` counts as aired at ``now``."""
    out = resolved(
        [],
        [{"mediaId": SHOW, "season": 1, "episode": 1, "airDate": air_date}],
        now=now,
        airDateZone=zone,
    )
    (season,) = out["seasons"]
    count: int = season["aired"]
    assert count in (0, 1)
    return count == 1


def assert_air_instant(air_date: str, zone: str, expected_ns: int) -> None:
    """The air instant of ``air_date`` in ``zone`` is exactly ``expected_ns``: an entry or a
    ``now`` at that instant is not after it, one nanosecond later is."""
    at, after = full_precision(expected_ns), full_precision(expected_ns + 1)
    expected = (False, True, False, True)
    actual = (
        default_covers(air_date, at, zone),
        default_covers(air_date, after, zone),
        aired(air_date, at, zone),
        aired(air_date, after, zone),
    )
    assert expected == actual


# --- exact comparisons beyond microseconds ------------------------------------------------


def test_one_nanosecond_after_midnight_covers_an_episode_and_midnight_does_not() -> None:
    """A default updated 1 ns after the air date's midnight covers it; one at midnight not."""
    expected = (False, False, True)
    actual = (
        default_covers("2008-01-20", "2008-01-20T00:00:00Z"),
        default_covers("2008-01-20", "2008-01-20T00:00:00.000000000Z"),
        default_covers("2008-01-20", "2008-01-20T00:00:00.000000001Z"),
    )
    assert expected == actual


def test_twelve_fraction_digits_are_compared_exactly() -> None:
    """Digits past the nanosecond still decide a comparison (1 ps after midnight is after)."""
    expected = (True, False, True, False)
    actual = (
        default_covers("2008-01-20", "2008-01-20T00:00:00.000000000001Z"),
        default_covers("2008-01-20T00:00:00.000000000002Z", "2008-01-20T00:00:00.000000000001Z"),
        default_covers("2008-01-20T00:00:00.000000000002Z", "2008-01-20T00:00:00.000000000003Z"),
        # the same instant written with a trailing zero: equal, so not before
        default_covers("2008-01-20T00:00:00.000000000002Z", "2008-01-20T00:00:00.0000000000020Z"),
    )
    assert expected == actual


def test_sub_nanosecond_digits_compare_across_offsets() -> None:
    """Equal instants written in different offsets with 12 digits are equal, not before."""
    air = "2008-01-20T05:30:00.000000000001+05:30"
    expected = (False, True)
    actual = (
        default_covers(air, "2008-01-19T21:00:00.000000000001-03:00"),
        default_covers(air, "2008-01-20T00:00:00.000000000002Z"),
    )
    assert expected == actual


def test_aired_is_strict_at_sub_nanosecond_precision() -> None:
    """An episode airing at an instant is not aired at that ``now``, aired 1 ps later."""
    air = "2008-01-20T00:00:00.000000000001Z"
    expected = (False, False, True)
    actual = (
        aired(air, "2008-01-20T00:00:00Z"),
        aired(air, "2008-01-20T00:00:00.000000000001Z"),
        aired(air, "2008-01-20T00:00:00.000000000002Z"),
    )
    assert expected == actual


def test_as_of_keeps_an_entry_at_the_same_instant_and_drops_one_a_picosecond_later() -> None:
    """``asOf`` leaves out entries later than it, compared exactly."""
    history = [
        {"mediaId": "MV_550", "updatedAt": "2023-01-15T00:00:00.000000000001Z", "progress": 40},
        {"mediaId": "MV_551", "updatedAt": "2023-01-15T00:00:00.000000000002Z", "progress": 40},
    ]
    out = resolved(history, [], asOf="2023-01-15T05:30:00.0000000000010+05:30")
    expected = ["MV_TMDBID550"]
    assert expected == [m["mediaId"] for m in out["movies"]]


def test_latest_entry_is_decided_by_digits_past_the_nanosecond() -> None:
    """Of two entries a picosecond apart, the later one decides, in either list order.

    (Were they cut to nanoseconds they would tie, and the higher progress would win.)"""
    earlier = {
        "mediaId": "MV_550",
        "updatedAt": "2023-01-15T00:00:00.000000000001Z",
        "progress": 90,
    }
    later = {"mediaId": "MV_550", "updatedAt": "2023-01-15T00:00:00.000000000002Z", "progress": 30}
    for history, later_index in (([earlier, later], 1), ([later, earlier], 0)):
        out = resolved(history, [], now=FAR_FUTURE)
        expected = [(later_index, 30.0)]
        assert expected == [(m["decidedBy"], m["progress"]) for m in out["movies"]]


def test_timestamps_order_and_equality_are_exact() -> None:
    """``Timestamp`` compares instants exactly, whatever the number of digits."""
    one_ps = Timestamp.parse("2023-01-15T00:00:00.000000000001Z")
    two_ps = Timestamp.parse("2023-01-15T00:00:00.000000000002Z")
    zero = Timestamp.parse("2023-01-15T00:00:00Z")
    one_ns = Timestamp.parse("2023-01-15T00:00:00.000000001Z")
    assert zero < one_ps < two_ps < one_ns
    assert one_ps == Timestamp.parse("2023-01-15T00:00:00.000000000001000Z")
    assert hash(one_ps) == hash(Timestamp.parse("2023-01-15T05:30:00.0000000000010+05:30"))
    assert zero == Timestamp.parse("2023-01-15T00:00:00.000000000000Z")
    assert instant_ns("2023-01-15T00:00:00Z") + 1 == one_ns.ns


# --- offsets ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "utc"),
    [
        ("2023-01-15T05:30:00+05:30", "2023-01-15T00:00:00.000Z"),  # extended offset
        ("2023-01-15T05:30:00+0530", "2023-01-15T00:00:00.000Z"),  # basic offset
        ("2023-01-15T05:00:00+05", "2023-01-15T00:00:00.000Z"),  # hours-only offset
        ("2023-01-14T21:00:00-03:00", "2023-01-15T00:00:00.000Z"),  # negative offset
        ("2023-01-14T21:00:00-0300", "2023-01-15T00:00:00.000Z"),  # negative basic offset
        ("2023-01-15T00:00:00Z", "2023-01-15T00:00:00.000Z"),  # Z
        ("2023-01-15T00:00:00z", "2023-01-15T00:00:00.000Z"),  # lower-case z
        ("2023-01-15T00:00:00+00:00", "2023-01-15T00:00:00.000Z"),  # +00:00
        ("2023-01-15T00:00:00-00:00", "2023-01-15T00:00:00.000Z"),  # -00:00
        ("2023-01-15T00:00:00.000Z", "2023-01-15T00:00:00.000Z"),  # the API's own form
        ("2023-01-15T23:59:00+23:59", "2023-01-15T00:00:00.000Z"),  # the largest offset
        ("2023-01-14T00:01:00-23:59", "2023-01-15T00:00:00.000Z"),  # the smallest offset
        ("2023-03-01T01:00:00+02:00", "2023-02-28T23:00:00.000Z"),  # crosses a month back
        ("2024-02-28T23:00:00-02:00", "2024-02-29T01:00:00.000Z"),  # into a leap day
    ],
)
def test_offsets_give_the_same_instant(text: str, utc: str) -> None:
    """Every offset form names the instant it should, in output and in ``Timestamp``."""
    assert utc == last_watched(text)
    assert utc == Timestamp.parse(text).isoformat()
    assert instant_ns(utc) == Timestamp.parse(text).ns


def test_offsets_are_compared_as_instants() -> None:
    """An entry written with an offset is compared by its instant, not its wall time."""
    # 2008-01-20T00:00Z is midnight of the air date; 05:29:59+05:30 is one second before it.
    expected = (False, True)
    actual = (
        default_covers("2008-01-20", "2008-01-20T05:29:59+05:30"),
        default_covers("2008-01-20", "2008-01-19T21:00:01-03:00"),
    )
    assert expected == actual


# --- the calendar's ends --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "utc"),
    [
        ("0001-01-01T00:00:00+23:59", "0000-12-31T00:01:00.000Z"),  # before year 1 in UTC
        ("0001-01-01T00:00:00-23:59", "0001-01-01T23:59:00.000Z"),
        ("0001-01-01T00:00:00Z", "0001-01-01T00:00:00.000Z"),
        ("9999-12-31T23:59:59.999+23:59", "9999-12-31T00:00:59.999Z"),
        ("9999-12-31T23:59:59.999Z", "9999-12-31T23:59:59.999Z"),
        # past year 9999 in UTC: JavaScript's six-digit signed year
        ("9999-12-31T23:59:59.999-23:59", "+010000-01-01T23:58:59.999Z"),
    ],
)
def test_years_0001_and_9999_with_extreme_offsets(text: str, utc: str) -> None:
    """Timestamps at the ends of the four-digit years, with ±23:59, have exact instants and
    go out as JavaScript's ``toISOString`` writes them."""
    assert utc == last_watched(text)
    assert utc == Timestamp.parse(text).isoformat()


def test_extreme_instants_compare_in_order() -> None:
    """Instants pushed past the calendar's ends by their offsets still order correctly."""
    texts = [
        "0001-01-01T00:00:00+23:59",
        "0001-01-01T00:00:00Z",
        "0001-01-01T00:00:00-23:59",
        "9999-12-31T23:59:59.999+23:59",
        "9999-12-31T23:59:59.999Z",
        "9999-12-31T23:59:59.999999999999-23:59",
    ]
    stamps = [Timestamp.parse(text) for text in texts]
    assert stamps == sorted(stamps)
    assert len(set(stamps)) == len(stamps)


# --- output form ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "utc"),
    [
        ("2023-01-15T00:00:00Z", "2023-01-15T00:00:00.000Z"),  # no fraction: .000
        ("2023-01-15T00:00:00.5Z", "2023-01-15T00:00:00.500Z"),  # padded to 3 digits
        ("2023-01-15T00:00:00.1239Z", "2023-01-15T00:00:00.123Z"),  # cut, not rounded
        ("2023-01-15T00:00:00.999999Z", "2023-01-15T00:00:00.999Z"),  # never rounds up
        ("2023-12-31T23:59:59.999999999999Z", "2023-12-31T23:59:59.999Z"),  # not to next year
        ("1970-01-01T00:00:00.0009Z", "1970-01-01T00:00:00.000Z"),  # at the epoch
        ("1969-12-31T23:59:59.9999Z", "1969-12-31T23:59:59.999Z"),  # before 1970: cut too
        ("1969-12-31T23:59:59.0001Z", "1969-12-31T23:59:59.000Z"),  # not toward the epoch
        ("1969-12-31T23:59:59.999999999999Z", "1969-12-31T23:59:59.999Z"),
        ("1900-02-28T23:59:59.9995-01:00", "1900-03-01T00:59:59.999Z"),  # 1900: no leap day
        ("0001-01-01T00:00:00.0001Z", "0001-01-01T00:00:00.000Z"),  # far before 1970
        ("2023-01-15T00:00:00.12345+05:30", "2023-01-14T18:30:00.123Z"),  # with an offset
        ("2023-01-15T00:00:00,25Z", "2023-01-15T00:00:00.250Z"),  # ISO's decimal comma
    ],
)
def test_output_form_truncates_to_milliseconds(text: str, utc: str) -> None:
    """Timestamps go out as ``YYYY-MM-DDTHH:MM:SS.sssZ``, finer digits cut, never rounded."""
    assert utc == last_watched(text)
    assert utc == str(Timestamp.parse(text))


def test_comparisons_are_not_truncated_like_the_output() -> None:
    """Two entries with the same output millisecond still compare by their exact instants."""
    out = resolved(
        [
            {"mediaId": "MV_550", "updatedAt": "2023-01-15T00:00:00.0002Z", "progress": 30},
            {"mediaId": "MV_550", "updatedAt": "2023-01-15T00:00:00.0001Z", "progress": 90},
        ],
        [],
        now=FAR_FUTURE,
    )
    expected = [(0, 30.0, "2023-01-15T00:00:00.000Z")]
    assert expected == [(m["decidedBy"], m["progress"], m["lastWatchedAt"]) for m in out["movies"]]


# --- air dates ------------------------------------------------------------------------------


def test_date_only_air_date_under_utc_is_javascripts_new_date() -> None:
    """With the default zone, "2008-01-20" is JavaScript's ``new Date("2008-01-20")``:
    1200787200000 ms since the epoch."""
    js_ns = 1_200_787_200_000 * 1_000_000
    assert js_ns == instant_ns("2008-01-20T00:00:00Z")
    assert js_ns == date_instant(2008, 1, 20, "UTC")
    out = resolved(
        [{"mediaId": SHOW, "season": 1, "updatedAt": full_precision(js_ns + 1)}],
        [{"mediaId": SHOW, "season": 1, "episode": 1, "airDate": "2008-01-20"}],
        now=FAR_FUTURE,
    )  # no airDateZone: the default
    expected = ["seasonDefault"]
    assert expected == [e["basis"] for e in out["episodes"]]
    assert_air_instant("2008-01-20", "UTC", js_ns)


@given(day=st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31)))
@settings(max_examples=200, deadline=None)
def test_utc_date_instant_is_days_since_epoch(day: date) -> None:
    """A UTC date starts at ``days since 1970-01-01 * 86400 s``, as ``Date.UTC`` counts."""
    assert (day - date(1970, 1, 1)).days * 86_400 * NS == date_instant(
        day.year, day.month, day.day, "UTC"
    )


@pytest.mark.parametrize(
    ("air_date", "zone", "first_instant"),
    [
        # midnight in Kolkata (+05:30) is 18:30Z the previous day
        pytest.param("2008-01-20", "Asia/Kolkata", "2008-01-19T18:30:00Z", id="kolkata"),
        # Santiago's clocks jump from 00:00 to 01:00: the day starts at 01:00-03:00
        pytest.param("2022-09-11", "America/Santiago", "2022-09-11T04:00:00Z", id="santiago"),
        # Sao Paulo's DST started at midnight in 2018: the day starts at 01:00-02:00
        pytest.param("2018-11-04", "America/Sao_Paulo", "2018-11-04T03:00:00Z", id="sao-paulo"),
        # Havana falls back from 01:00 CDT to 00:00 CST: midnight happens twice; the earlier
        pytest.param("2022-11-06", "America/Havana", "2022-11-06T04:00:00Z", id="havana-fold"),
        # Havana also springs forward at midnight: the day starts at 01:00 CDT
        pytest.param("2022-03-13", "America/Havana", "2022-03-13T05:00:00Z", id="havana-gap"),
        # Beirut falls back at 00:00 to 23:00 of the day before: Sunday's midnight is once
        pytest.param("2022-10-30", "Asia/Beirut", "2022-10-29T22:00:00Z", id="beirut"),
        # a plain summer day in a DST zone
        pytest.param("2023-07-01", "Europe/London", "2023-06-30T23:00:00Z", id="london-bst"),
        # a zone far east of UTC
        pytest.param("2023-01-01", "Pacific/Kiritimati", "2022-12-31T10:00:00Z", id="kiritimati"),
        # the default zone named explicitly
        pytest.param("2008-01-20", "UTC", "2008-01-20T00:00:00Z", id="utc"),
    ],
)
def test_date_only_air_date_starts_at_the_days_first_instant(
    air_date: str, zone: str, first_instant: str
) -> None:
    """A date-only airDate is midnight in airDateZone, or, when a DST change skips midnight,
    the day's first instant; an ambiguous midnight is its earlier instant."""
    assert_air_instant(air_date, zone, instant_ns(first_instant))


def test_air_date_timestamp_ignores_the_zone() -> None:
    """An airDate with an offset is an exact instant whatever airDateZone says."""
    air = "2008-01-20T21:00:00-05:00"
    for zone in ("UTC", "Asia/Kolkata", "America/Santiago"):
        assert_air_instant(air, zone, instant_ns("2008-01-21T02:00:00Z"))


EDGE_DAYS = [
    date(2022, 9, 11),
    date(2018, 11, 4),
    date(2022, 11, 6),
    date(2022, 3, 13),
    date(2022, 10, 30),
    date(2023, 3, 26),
    date(2023, 10, 29),
    date(2023, 4, 2),
    date(2023, 10, 1),
    date(2011, 12, 31),
    date(2024, 4, 7),
    date(1978, 8, 5),
]
ZONES = [
    "UTC",
    "Asia/Kolkata",
    "America/Santiago",
    "America/Sao_Paulo",
    "America/Havana",
    "Asia/Beirut",
    "Europe/London",
    "Australia/Lord_Howe",
    "Pacific/Chatham",
    "America/St_Johns",
    "Asia/Tehran",
    "America/Asuncion",
    "Pacific/Apia",
    "Europe/Dublin",
]


def first_instant_oracle(day: date, zone: str) -> int:
    """The first whole-minute instant whose wall-clock date in ``zone`` is ``day`` or later,
    found by walking the minutes around the day's UTC midnight (the standard library's zone
    data; after 1970 every transition of these zones falls on a whole minute)."""
    tz = ZoneInfo(zone)
    utc_midnight = datetime(day.year, day.month, day.day, tzinfo=timezone.utc)
    start = utc_midnight - timedelta(hours=15)
    for minute in range(30 * 60):
        moment = start + timedelta(minutes=minute)
        if moment.astimezone(tz).date() >= day:
            return (moment - EPOCH) // timedelta(microseconds=1) * 1000
    raise AssertionError(f"{day} never starts in {zone}")


@given(
    day=st.one_of(
        st.dates(min_value=date(1971, 1, 1), max_value=date(2037, 12, 31)),
        st.sampled_from(EDGE_DAYS),
    ),
    zone=st.sampled_from(ZONES),
)
@settings(max_examples=120, deadline=None)
def test_date_only_air_date_matches_the_zone_database(day: date, zone: str) -> None:
    """In any zone, a date-only airDate starts at the first instant whose local date is that
    date (checked at the nanosecond through resolve_document)."""
    assert_air_instant(day.isoformat(), zone, first_instant_oracle(day, zone))


# --- parsing against the standard library, and round trips ---------------------------------

OFFSETS = st.integers(min_value=-(23 * 60 + 59), max_value=23 * 60 + 59).map(
    lambda minutes: timezone(timedelta(minutes=minutes))
)


@given(
    moment=st.datetimes(
        min_value=datetime(1, 1, 2), max_value=datetime(9999, 12, 30), timezones=OFFSETS
    ),
    timespec=st.sampled_from(["auto", "seconds", "milliseconds", "microseconds"]),
)
@settings(max_examples=300, deadline=None)
def test_parsing_agrees_with_fromisoformat(moment: datetime, timespec: str) -> None:
    """For microsecond timestamps in datetime's range, the library's instant is the
    standard library's, and ``from_datetime`` agrees."""
    text = moment.isoformat(timespec=timespec)
    parsed = datetime.fromisoformat(text)
    expected = (parsed - EPOCH) // timedelta(microseconds=1) * 1000
    assert expected == Timestamp.parse(text).ns
    assert expected == Timestamp.from_datetime(parsed).ns


INSTANTS = st.integers(
    min_value=instant_ns("0001-01-01T00:00:00Z"),
    max_value=instant_ns("9999-12-31T23:59:59.999999Z") + 999,
)


INNER_DAYS = (instant_ns("0001-01-02T00:00:00Z"), instant_ns("9999-12-31T00:00:00Z"))


@given(ns=INSTANTS)
@settings(max_examples=300, deadline=None)
def test_output_form_round_trips_to_the_millisecond(ns: int) -> None:
    """The output form of any instant parses back to that instant cut to the millisecond,
    and agrees with the standard library's calendar."""
    text = Timestamp(ns).isoformat()
    assert OUTPUT_FORM.fullmatch(text)
    assert ns - ns % 1_000_000 == Timestamp.parse(text).ns
    moment = EPOCH + timedelta(microseconds=ns // 1000)
    expected = f"{wall_clock(moment)}.{moment.microsecond // 1000:03d}Z"
    assert expected == text


@given(ns=INSTANTS, digits=st.integers(min_value=0, max_value=9))
@settings(max_examples=200, deadline=None)
def test_full_precision_text_round_trips_exactly(ns: int, digits: int) -> None:
    """Nine fractional digits (and padding zeros after them) parse back to the same ns."""
    text = full_precision(ns)[:-1] + "0" * digits + "Z"
    assert ns == Timestamp.parse(text).ns


@given(
    ns=INSTANTS.filter(lambda ns: INNER_DAYS[0] <= ns < INNER_DAYS[1]),
    extra=st.integers(min_value=1, max_value=999),
    offset=st.integers(min_value=-(23 * 60 + 59), max_value=23 * 60 + 59),
)
@settings(max_examples=200, deadline=None)
def test_sub_nanosecond_digits_order_after_their_nanosecond(
    ns: int, extra: int, offset: int
) -> None:
    """Three more digits after nine put an instant strictly between ``ns`` and ``ns + 1``,
    in any offset."""
    sign = "+" if offset >= 0 else "-"
    hours, minutes = divmod(abs(offset), 60)
    local = EPOCH + timedelta(seconds=ns // NS + offset * 60)
    text = wall_clock(local) + f".{ns % NS:09d}{extra:03d}{sign}{hours:02d}:{minutes:02d}"
    stamp = Timestamp.parse(text)
    assert Timestamp(ns) < stamp < Timestamp(ns + 1)


def test_timestamp_to_datetime_cuts_to_microseconds() -> None:
    """``to_datetime`` gives the aware UTC datetime, digits past the microsecond cut."""
    stamp = Timestamp.parse("2023-01-15T05:30:00.1234567891+05:30")
    expected = datetime(2023, 1, 15, 0, 0, 0, 123456, tzinfo=timezone.utc)
    assert expected == stamp.to_datetime()


def test_invalid_timestamp_text_is_rejected() -> None:
    """``Timestamp.parse`` refuses a timestamp without an offset, naming the value."""
    with pytest.raises(InvalidInputError) as excinfo:
        Timestamp.parse("2023-01-15T00:00:00")
    expected = 'timestamp: "2023-01-15T00:00:00" has no UTC offset (end it with Z or +HH:MM)'
    assert expected == str(excinfo.value)


# --- repr: the instant, exactly, in text that parses back -------------------------------------

EARLIEST = int(Timestamp.parse("0001-01-01T00:00:00+23:59").ns)
LATEST = int(Timestamp.parse("9999-12-31T23:59:59.999999999-23:59").ns)


@pytest.mark.parametrize(
    ("timestamp", "expected"),
    [
        # a whole second: the output form's three digits
        (Timestamp.parse("2026-11-28T00:00:00Z"), "Timestamp.parse('2026-11-28T00:00:00.000Z')"),
        # a nanosecond is shown, not cut as the output form cuts it
        (
            Timestamp.parse("2026-11-28T00:00:00.000000001Z"),
            "Timestamp.parse('2026-11-28T00:00:00.000000001Z')",
        ),
        # an offset is taken to UTC; digits past the nanosecond are kept, trailing zeros not
        (
            Timestamp.parse("2026-11-28T01:00:00.12345678912300+01:00"),
            "Timestamp.parse('2026-11-28T00:00:00.123456789123Z')",
        ),
        # before the epoch
        (Timestamp(-NS // 2), "Timestamp.parse('1969-12-31T23:59:59.500Z')"),
        # year 0000 in UTC: written at the offset that makes it a year parse accepts
        (Timestamp(EARLIEST), "Timestamp.parse('0001-01-01T00:00:00.000+23:59')"),
        (Timestamp(LATEST), "Timestamp.parse('9999-12-31T23:59:59.999999999-23:59')"),
        # no text names these instants: the constructor call, as a dataclass writes it
        (Timestamp(Fraction(1, 3)), "Timestamp(ns=Fraction(1, 3))"),
        (Timestamp(EARLIEST - 1), f"Timestamp(ns={EARLIEST - 1})"),
        (Timestamp(LATEST + 1), f"Timestamp(ns={LATEST + 1})"),
        (Timestamp(untyped(True)), "Timestamp(ns=True)"),
        (Timestamp(untyped(1.5)), "Timestamp(ns=1.5)"),
        # more fractional digits than Timestamp.parse reads (4000)
        (Timestamp(Fraction(1, 10**4001)), "Timestamp(ns=Fraction(1, 1" + "0" * 4001 + "))"),
    ],
    ids=[
        "second",
        "nanosecond",
        "offset-and-beyond",
        "before-epoch",
        "earliest",
        "latest",
        "third",
        "too-early",
        "too-late",
        "bool",
        "float",
        "too-many-digits",
    ],
)
def test_repr_shows_the_instant(timestamp: Timestamp, expected: str) -> None:
    """``repr`` shows the instant as text, to the last digit it has."""
    assert expected == repr(timestamp)


@st.composite
def parseable_instants(draw: st.DrawFn) -> Timestamp:
    """Any instant a timestamp text can name: any nanosecond from the earliest to the latest,
    sometimes with up to 30 more decimal digits."""
    ns = draw(st.integers(min_value=EARLIEST, max_value=LATEST - 1))
    if draw(st.booleans()):
        return Timestamp(ns)
    digits = draw(st.integers(min_value=1, max_value=30))
    return Timestamp(ns + Fraction(draw(st.integers(1, 10**digits - 1)), 10**digits))


@given(timestamp=parseable_instants())
@example(timestamp=Timestamp(EARLIEST))
@example(timestamp=Timestamp(LATEST))
@example(timestamp=Timestamp(Timestamp.parse("0001-01-01T00:00:00Z").ns - 1))
@example(timestamp=Timestamp(Timestamp.parse("9999-12-31T23:59:59.999999999Z").ns + 1))
@settings(max_examples=300, deadline=None)
def test_repr_round_trips_through_parse(timestamp: Timestamp) -> None:
    """The text in ``repr`` parses back to an equal Timestamp, and the repr evaluates to one."""
    shown = re.fullmatch(r"Timestamp\.parse\('([^']*)'\)", repr(timestamp))
    assert shown is not None
    assert timestamp == Timestamp.parse(shown.group(1))
    assert timestamp == eval(repr(timestamp), {"Timestamp": Timestamp})


# --- the API's own form is read exactly like any other form ---------------------------------


def outcome(updated_at: str) -> str:
    """The ``lastWatchedAt`` a movie entry with ``updated_at`` gets, or the rule (the part of
    the error message after the quoted value) that refuses it."""
    try:
        return last_watched(updated_at)
    except InvalidInputError as error:
        (problem,) = error.problems
        expected_path = "history[0].updatedAt"
        assert expected_path == problem.path
        shown = json.dumps(updated_at, ensure_ascii=False)
        assert problem.message.startswith(shown + " ")
        return "refused: " + problem.message[len(shown) + 1 :]


@st.composite
def api_form_texts(draw: st.DrawFn) -> str:
    """Text shaped like ``YYYY-MM-DDTHH:MM:SS.sssZ``: fields near and past their ranges, and
    sometimes one character replaced by something that is not a digit."""
    fields = [
        draw(st.integers(0, 9999)),
        draw(st.integers(0, 13)),
        draw(st.integers(0, 32)),
        draw(st.integers(0, 25)),
        draw(st.integers(0, 61)),
        draw(st.integers(0, 61)),
    ]
    year, month, day, hour, minute, second = fields
    millis = draw(st.integers(0, 999))
    text = f"{year:04d}-{month:02d}-{day:02d}T{hour:02d}:{minute:02d}:{second:02d}.{millis:03d}Z"
    if draw(st.booleans()):
        position = draw(st.integers(0, len(text) - 2))
        odd = draw(st.sampled_from(["a", " ", "+", "-", ":", ".", "\u0661", "\uff11", "T", "_"]))
        text = text[:position] + odd + text[position + 1 :]
    return text


@given(text=api_form_texts())
@settings(max_examples=300, deadline=None)
def test_api_form_reads_like_the_same_text_with_an_explicit_offset(text: str) -> None:
    """``...sssZ`` (the API's form, which the library may read on a fast path) and the same
    text ending ``+00:00`` are accepted alike with the same output, or refused by one rule;
    when accepted they are the same instant (neither is before the other)."""
    offset_form = text[:-1] + "+00:00"
    expected = outcome(offset_form)
    assert expected == outcome(text)
    if expected.startswith("refused"):
        return
    for updated, air in ((text, offset_form), (offset_form, text)):
        out = resolved(
            [{"mediaId": SHOW, "season": 1, "updatedAt": updated}],
            [
                {"mediaId": SHOW, "season": 1, "episode": 1, "airDate": air},
                {"mediaId": SHOW, "season": 1, "episode": 2, "airDate": updated},
            ],
            now=FAR_FUTURE,
        )
        expected_bases = ["none", "none"]
        assert expected_bases == [e["basis"] for e in out["episodes"]]


# --- timestamps and air dates: edges ------------------------------------------------------


def test_updated_at_with_too_many_fractional_digits() -> None:
    """docs/rules.md#instants: a timestamp may carry up to 4000 fractional digits (compared exactly,
    cut to milliseconds on output); more are refused with the rule."""
    base = "2023-01-15T00:00:00."
    accepted = {"mediaId": "MV_TMDBID550", "updatedAt": base + "1" * 4000 + "Z"}
    output = resolve_document({"history": [accepted], "options": {"now": NOW}})
    assert "2023-01-15T00:00:00.111Z" == output["movies"][0]["lastWatchedAt"]
    refused = base + "1" * 4001 + "Z"
    assert [
        f"history[0].updatedAt: {shown(refused)} has more than 4000 fractional digits"
    ] == problems({"history": [{"mediaId": "MV_TMDBID550", "updatedAt": refused}]})


def test_air_date_on_a_day_whose_midnight_was_skipped_after_the_jump_began() -> None:
    """docs/rules.md#date-only-air-dates, #strictly-before: Toronto moved its clocks from 23:30 on
    1919-03-30 to 00:30 on 03-31, so 03-31 began at the jump, 04:30Z: a season default updated at
    that instant does not cover an episode airing that day (strictly before), one a millisecond
    later does."""

    def basis(updated: str) -> str:
        output = resolve_document(
            {
                "history": [{"mediaId": SHOW, "season": 1, "updatedAt": updated}],
                "episodes": [{"mediaId": SHOW, "season": 1, "episode": 1, "airDate": "1919-03-31"}],
                "options": {"now": NOW, "airDateZone": "America/Toronto"},
            }
        )
        return str(output["episodes"][0]["basis"])

    assert ("none", "seasonDefault") == (
        basis("1919-03-31T04:30:00.000Z"),
        basis("1919-03-31T04:30:00.001Z"),
    )


def test_timestamp_from_datetime_refuses_a_date() -> None:
    """docs/rules.md#instants: ``Timestamp.from_datetime`` given a ``date`` says it is not a
    datetime."""
    with pytest.raises(InvalidInputError) as error:
        Timestamp.from_datetime(date(2023, 1, 15))  # type: ignore[arg-type]
    assert [Diagnostic("error", "timestamp", "a date is not a datetime")] == list(
        error.value.problems
    )
