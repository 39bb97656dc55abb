"""The limits (docs/rules.md#limits): what the library decides at the edges of its input,
tried with hostile shapes.  Every shape must end in a result or a short, exact error, never a
crash: nesting 100,000 deep and over-long integer literals (the files), ``1e400`` and 30-digit
integers (numbers, season and episode at most 2**53 - 1), 10 MB strings (every shown value
cut short, docs/rules.md#errors), years 1 and 9999 with offsets of +-23:59 (years out of range
on output), leap seconds (timestamp spellings), days whose midnight is skipped or doubled,
thousands of conflicting catalog rows, and a million entries.

One test per shape.  The command is run as a real subprocess where the shape is about what
a command-line user sees (exit status, one clean line on stderr, no traceback); the library
is called directly where the shape is a Python object JSON could not even produce.

The 1M-entry run is slow (a minute or more): it runs only with ``HISTORY_RESOLVER_SLOW=1``.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from history_resolver import InvalidInputError, resolve_document
from support import clock, load_generate

MAX_SAFE = 2**53 - 1
THIRTY_DIGITS = 123456789012345678901234567890
TEN_MB = 10 * 1024 * 1024
ID_RULE = "is not a media id (TV_TMDBID<digits>, MV_TMDBID<digits>, TV_<digits> or MV_<digits>)"


def resolve(document: object) -> dict[str, Any]:
    return resolve_document(document, clock=clock)


def problems_of(document: object) -> str:
    """The message of the InvalidInputError the document must raise."""
    with pytest.raises(InvalidInputError) as caught:
        resolve(document)
    return str(caught.value)


def run_command(*args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "history_resolver", "resolve", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def nested_list(depth: int, leaf: object = 1) -> object:
    """``[[[...leaf...]]]``, ``depth`` deep (built without recursion)."""
    value: object = leaf
    for _ in range(depth):
        value = [value]
    return value


def nested_dict(depth: int, leaf: object = 1) -> object:
    """``{"a": {"a": ...leaf...}}``, ``depth`` deep (built without recursion)."""
    value: object = leaf
    for _ in range(depth):
        value = {"a": value}
    return value


def entry(**fields: object) -> dict[str, object]:
    """A valid TV entry with ``fields`` changed."""
    return {"mediaId": "TV_TMDBID1", "season": 1, "episode": 1, **fields}


# --------------------------------------------------------------------------------------
# Deep nesting


@pytest.mark.parametrize(
    "text",
    [
        "[" * 100_000 + "]" * 100_000,
        '{"history": ' + "[" * 100_000 + "]" * 100_000 + "}",
        '{"a": ' * 100_000 + "1" + "}" * 100_000,
    ],
    ids=["arrays", "history-arrays", "objects"],
)
def test_json_nested_100000_deep_is_exit_1_with_one_clean_line(tmp_path: Path, text: str) -> None:
    """docs/rules.md#limits: JSON nested 100,000 deep: the parser gives up (RecursionError); the
    command exits 1 with one line naming the file, never a traceback."""
    path = tmp_path / "deep.json"
    path.write_text(text, encoding="utf-8")
    done = run_command(str(path))
    assert 1 == done.returncode
    assert "" == done.stdout
    assert f"{path}: not readable: JSON nested too deeply\n" == done.stderr


def test_over_long_integer_literal_is_exit_1_with_one_clean_line(tmp_path: Path) -> None:
    """docs/rules.md#limits: an integer literal longer than Python converts (5,000 digits): exit 1,
    one line."""
    path = tmp_path / "long.json"
    path.write_text('{"history": [{"mediaId": "TV_1", "season": 1' + "0" * 5000 + "}]}")
    done = run_command(str(path))
    assert 1 == done.returncode
    assert f"{path}: not readable: a number has too many digits\n" == done.stderr


def test_deep_python_object_as_ignored_field_is_never_walked() -> None:
    """docs/rules.md#the-input-document: a Python object nested 100,000 deep in an ignored entry
    field: ignored, so a result."""
    document = {"history": [entry(title=nested_list(100_000), poster=nested_dict(100_000))]}
    output = resolve(document)
    assert "explicit" == output["episodes"][0]["basis"]
    json.dumps(output)  # the ignored value is not carried into the output


def test_deep_python_object_as_progress_is_invalid_not_recursion_error() -> None:
    """docs/rules.md#errors: deeply nested values where a number, string or object is expected: each
    is named as "an array" / "an object", never rendered recursively (no RecursionError)."""
    deep_list, deep_dict = nested_list(100_000), nested_dict(100_000)
    document = {
        "history": [
            entry(progress=deep_list),
            entry(updatedAt=deep_dict),
            entry(mediaId=deep_list),
            deep_list,
        ],
        "episodes": [{"mediaId": "TV_1", "season": 1, "episode": 1, "airDate": deep_dict}],
        "options": {"completionThreshold": deep_list, "airDateZone": deep_dict},
    }
    assert (
        "options.completionThreshold: an array is not a number\n"
        "options.airDateZone: an object is not a string\n"
        "history[0].progress: an array is not a number\n"
        "history[1].updatedAt: an object is not a string\n"
        "history[2].mediaId: an array is not a string\n"
        "history[3]: an array is not an object\n"
        "episodes[0].airDate: an object is not a string"
    ) == problems_of(document)


def test_deep_python_object_as_unknown_key_value_and_as_options() -> None:
    """docs/rules.md#errors: a deep object as the value of an unknown key, and as ``options``
    itself: the key is named, the value never rendered."""
    message = problems_of({"history": [], "extra": nested_dict(100_000)})
    assert "extra: unknown key (a document has history, episodes and options)" == message
    message = problems_of({"history": [], "options": nested_list(100_000)})
    assert "options: an array is not an object" == message


# --------------------------------------------------------------------------------------
# Numbers out of every range


@pytest.mark.parametrize(
    ("document_text", "expected"),
    [
        (
            '{"history": [{"mediaId": "TV_1", "season": 1, "progress": 1e400}]}',
            "history[0].progress: Infinity is not a finite number",
        ),
        (
            '{"history": [{"mediaId": "TV_1", "season": 1, "progress": -1e400}]}',
            "history[0].progress: -Infinity is not a finite number",
        ),
        (
            '{"history": [{"mediaId": "TV_1", "season": 1e400}]}',
            "history[0].season: Infinity is not an integer",
        ),
        (
            '{"history": [{"mediaId": "TV_1", "season": 1, "episode": 1e400}]}',
            "history[0].episode: Infinity is not an integer",
        ),
        (
            '{"history": [], "episodes": [{"mediaId": "TV_1", "season": 1e400, "episode": 1}]}',
            "episodes[0].season: Infinity is not an integer",
        ),
        (
            '{"history": [], "options": {"completionThreshold": 1e400}}',
            "options.completionThreshold: Infinity is outside 0..100 (0 excluded)",
        ),
        (
            '{"history": [], "options": {"completionThreshold": -1e400}}',
            "options.completionThreshold: -Infinity is outside 0..100 (0 excluded)",
        ),
    ],
    ids=[
        "progress",
        "progress-negative",
        "season",
        "episode",
        "catalog-season",
        "threshold",
        "threshold-negative",
    ],
)
def test_1e400_in_json_text_is_infinity_and_rejected_exactly(
    document_text: str, expected: str
) -> None:
    """docs/rules.md#errors: ``1e400`` in the JSON text parses to infinity: rejected with the exact
    message."""
    assert expected == problems_of(json.loads(document_text))


@pytest.mark.parametrize(
    ("document", "expected"),
    [
        (
            {"history": [entry(season=THIRTY_DIGITS)]},
            f"history[0].season: {THIRTY_DIGITS} is more than {MAX_SAFE} (2**53 - 1)",
        ),
        (
            {"history": [entry(episode=THIRTY_DIGITS)]},
            f"history[0].episode: {THIRTY_DIGITS} is more than {MAX_SAFE} (2**53 - 1)",
        ),
        (
            {"history": [entry(season=-THIRTY_DIGITS)]},
            f"history[0].season: -{THIRTY_DIGITS} is less than 1",
        ),
        (
            {"history": [entry(progress=THIRTY_DIGITS)]},
            f"history[0].progress: {THIRTY_DIGITS} is outside 0..100",
        ),
        (
            {"history": [], "options": {"completionThreshold": THIRTY_DIGITS}},
            f"options.completionThreshold: {THIRTY_DIGITS} is outside 0..100 (0 excluded)",
        ),
        (
            {
                "history": [],
                "episodes": [{"mediaId": "TV_1", "season": 1, "episode": THIRTY_DIGITS}],
            },
            f"episodes[0].episode: {THIRTY_DIGITS} is more than {MAX_SAFE} (2**53 - 1)",
        ),
        (
            {"history": [entry(season=MAX_SAFE + 1)]},
            f"history[0].season: {MAX_SAFE + 1} is more than {MAX_SAFE} (2**53 - 1)",
        ),
        (
            {"history": [entry(season=10**100)]},
            f"history[0].season: an integer of more than 60 digits is more than {MAX_SAFE} "
            "(2**53 - 1)",
        ),
    ],
    ids=[
        "season",
        "episode",
        "season-negative",
        "progress",
        "threshold",
        "catalog-episode",
        "season-2**53",
        "season-101-digits",
    ],
)
def test_huge_integers_are_rejected_exactly(document: object, expected: str) -> None:
    """docs/rules.md#limits: 30-digit integers (and 2**53, the first unsafe one) for season,
    episode, progress and threshold: rejected with the exact message (seasons above 2**53 - 1 are
    refused)."""
    assert expected == problems_of(document)


def test_largest_safe_season_and_episode_are_accepted() -> None:
    """docs/rules.md#limits: 2**53 - 1 itself is a valid season and episode, written out exactly."""
    output = resolve({"history": [entry(season=MAX_SAFE, episode=MAX_SAFE)]})
    assert (MAX_SAFE, MAX_SAFE) == (
        output["episodes"][0]["season"],
        output["episodes"][0]["episode"],
    )


# --------------------------------------------------------------------------------------
# 10 MB strings


def _shown(text: str) -> str:
    """How a long string value appears in a message: its first 60 characters and length."""
    return '"' + text[:60] + f'..." ({len(text)} characters)'


@pytest.mark.parametrize(
    ("field", "value", "rule"),
    [
        ("mediaId", "x" * TEN_MB, ID_RULE),
        ("mediaId", "TV_" + "1" * TEN_MB, "has more than 4000 digits"),
        ("updatedAt", "x" * TEN_MB, "is not an ISO 8601 timestamp with a UTC offset"),
        (
            "updatedAt",
            "2023-01-15T00:00:00." + "1" * TEN_MB + "Z",
            "has more than 4000 fractional digits",
        ),
    ],
    ids=["mediaId", "mediaId-digits", "updatedAt", "updatedAt-fraction"],
)
def test_10mb_string_in_entry_is_truncated_in_the_message(
    field: str, value: str, rule: str
) -> None:
    """docs/rules.md#errors: a 10 MB string as mediaId / updatedAt: the message shows 60 characters
    and the length, so it stays short; the call completes."""
    message = problems_of({"history": [entry(**{field: value})]})
    assert f"history[0].{field}: {_shown(value)} {rule}" == message
    assert len(message) < 300


def test_10mb_string_as_air_date_is_truncated_in_the_message() -> None:
    """docs/rules.md#errors: a 10 MB ``airDate``: a short message naming the row."""
    air = "2023-01-15" + "x" * TEN_MB
    message = problems_of(
        {
            "history": [],
            "episodes": [{"mediaId": "TV_1", "season": 1, "episode": 1, "airDate": air}],
        }
    )
    assert (
        f"episodes[0].airDate: {_shown(air)} is neither a date (YYYY-MM-DD) nor a timestamp "
        "with a UTC offset"
    ) == message


def test_10mb_string_as_ignored_field_is_ignored() -> None:
    """docs/rules.md#the-input-document: a 10 MB string in an ignored field (``title``, or inside a
    catalog row) and as ``imported`` (carried, never shown): a result, with nothing of it in the
    output."""
    big = "x" * TEN_MB
    output = resolve(
        {
            "history": [entry(title=big, imported=big)],
            "episodes": [{"mediaId": "TV_1", "season": 1, "episode": 1, "name": big}],
        }
    )
    assert len(json.dumps(output)) < 2000


def test_10mb_string_as_options_is_truncated_in_the_message() -> None:
    """docs/rules.md#errors: 10 MB strings as ``now`` / ``airDateZone`` / ``onInvalid``: short
    messages."""
    big = "x" * TEN_MB
    message = problems_of(
        {"history": [], "options": {"now": big, "airDateZone": big, "onInvalid": big}}
    )
    assert (
        f"options.now: {_shown(big)} is not an ISO 8601 timestamp with a UTC offset\n"
        f"options.airDateZone: {_shown(big)} is not an IANA time zone name\n"
        f'options.onInvalid: {_shown(big)} is not "reject" or "skip"'
    ) == message


@pytest.mark.parametrize("where", ["document", "options"])
def test_10mb_unknown_key_is_truncated_in_the_message(where: str) -> None:
    """docs/rules.md#errors: a 10 MB unknown key (letters only, so it looks like an identifier) at
    the top level or in ``options``: the path in the message must be cut short like any shown value.

    (It once failed: ``_errors.key_path`` cut short only keys that were not identifiers, so
    the whole 10 MB key went into the message, and onto a command-line user's terminal.)
    """
    key = "a" * TEN_MB
    document: dict[str, Any] = {"history": []}
    if where == "document":
        document[key] = 1
    else:
        document["options"] = {key: 1}
    size = len(problems_of(document))
    assert size < 1000, f"message of {size} characters"


# --------------------------------------------------------------------------------------
# Time at the edges: years 0001 and 9999 with +-23:59 offsets


MS_PER_DAY = 86_400_000


def _es_day_from_year(year: int) -> int:
    """ECMA-262 DayFromYear."""
    return 365 * (year - 1970) + (year - 1969) // 4 - (year - 1901) // 100 + (year - 1601) // 400


def _es_leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


def _es_month_starts(year: int) -> list[int]:
    lengths = [31, 29 if _es_leap(year) else 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
    starts = [0]
    for length in lengths:
        starts.append(starts[-1] + length)
    return starts


def es_time_value(text: str) -> int:
    """The time value (ms) JavaScript's Date would hold for a timestamp text
    ``YYYY-MM-DDTHH:MM:SS[.fff...](Z|+HH:MM)``: ECMA-262 MakeDay / MakeTime / MakeDate,
    digits past the millisecond dropped.  Independent of the library."""
    match = re.fullmatch(
        r"(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(Z|[+-]\d{2}:\d{2})", text
    )
    assert match is not None, text
    year, month, day, hour, minute, second = (int(match.group(i)) for i in range(1, 7))
    fraction = (match.group(7) or "").ljust(3, "0")[:3]
    days = _es_day_from_year(year) + _es_month_starts(year)[month - 1] + day - 1
    time_ms = ((hour * 60 + minute) * 60 + second) * 1000 + int(fraction)
    offset = match.group(8)
    offset_ms = 0
    if offset != "Z":
        sign = 1 if offset[0] == "+" else -1
        offset_ms = sign * (int(offset[1:3]) * 60 + int(offset[4:6])) * 60_000
    return days * MS_PER_DAY + time_ms - offset_ms


def es_to_iso_string(time_value: int) -> str:
    """ECMA-262 ``Date.prototype.toISOString`` for a time value: years 0..9999 as four
    digits, any other year as a sign and six digits."""
    days, ms_of_day = divmod(time_value, MS_PER_DAY)
    year = 1970 + days // 366
    while _es_day_from_year(year + 1) <= days:
        year += 1
    while _es_day_from_year(year) > days:
        year -= 1
    day_of_year = days - _es_day_from_year(year)
    starts = _es_month_starts(year)
    month = max(i for i in range(12) if starts[i] <= day_of_year)
    day = day_of_year - starts[month] + 1
    hour, rest = divmod(ms_of_day, 3_600_000)
    minute, rest = divmod(rest, 60_000)
    second, ms = divmod(rest, 1000)
    year_text = f"{year:04d}" if 0 <= year <= 9999 else f"{'+' if year > 0 else '-'}{abs(year):06d}"
    return f"{year_text}-{month + 1:02d}-{day:02d}T{hour:02d}:{minute:02d}:{second:02d}.{ms:03d}Z"


EDGE_STAMPS: list[tuple[str, str]] = [
    ("0001-01-01T00:00:00+23:59", "0000-12-31T00:01:00.000Z"),
    ("0001-01-01T00:00:00.000-23:59", "0001-01-01T23:59:00.000Z"),
    ("0001-01-01T00:00:00.000001+23:59", "0000-12-31T00:01:00.000Z"),
    ("0001-03-01T00:00:00+23:59", "0001-02-28T00:01:00.000Z"),
    ("9999-12-31T23:59:59.999-23:59", "+010000-01-01T23:58:59.999Z"),
    ("9999-12-31T23:59:59.999999999-23:59", "+010000-01-01T23:58:59.999Z"),
    ("9999-12-31T00:00:00+23:59", "9999-12-30T00:01:00.000Z"),
    ("9999-12-31T23:59:59.999Z", "9999-12-31T23:59:59.999Z"),
]


@pytest.mark.parametrize(("text", "expected"), EDGE_STAMPS, ids=[t for t, _ in EDGE_STAMPS])
def test_edge_year_timestamps_are_written_as_javascript_would(text: str, expected: str) -> None:
    """docs/rules.md#limits: timestamps at years 0001 and 9999 with offsets of +23:59 and -23:59,
    some outside ``datetime``'s range once in UTC: resolved, and written exactly as JavaScript's
    ``toISOString`` writes that instant (``0000-...``, ``+010000-...``)."""
    output = resolve({"history": [{"mediaId": "MV_1", "updatedAt": text}]})
    written = output["movies"][0]["lastWatchedAt"]
    assert expected == written
    assert es_to_iso_string(es_time_value(text)) == written


@pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")
def test_edge_year_timestamps_match_node() -> None:
    """docs/rules.md#limits: the same instants, checked against a real JavaScript engine: ``new
    Date(text)`` for the texts JavaScript can parse (three fraction digits at most), ``new
    Date(ms)`` for all."""
    node = shutil.which("node")
    assert node is not None
    texts = [text for text, _ in EDGE_STAMPS]
    script = (
        "const input = JSON.parse(process.argv[1]);"
        "console.log(JSON.stringify(input.map(([t, ms]) => ["
        "  /\\.\\d{4,}/.test(t) ? null : new Date(t).toISOString(),"
        "  new Date(ms).toISOString()])));"
    )
    argument = json.dumps([[t, es_time_value(t)] for t in texts])
    done = subprocess.run(
        [node, "-e", script, argument], capture_output=True, text=True, check=True, timeout=60
    )
    from_node = json.loads(done.stdout)
    for (text, expected), (parsed, from_ms) in zip(EDGE_STAMPS, from_node, strict=True):
        assert expected == from_ms, text
        assert parsed in (None, expected), text


def test_edge_year_instants_order_correctly() -> None:
    """docs/rules.md#instants: instants outside ``datetime``'s range still compare: the latest of
    three entries at year 0 / year 1 decides, and ``asOf`` at year 0 keeps only the earliest."""
    history = [
        {"mediaId": "MV_1", "progress": 10, "updatedAt": "0001-01-01T00:00:00+23:59"},
        {"mediaId": "MV_1", "progress": 30, "updatedAt": "0001-01-01T00:00:00-23:59"},
        {"mediaId": "MV_1", "progress": 20, "updatedAt": "0001-01-01T00:00:00Z"},
    ]
    movie = resolve({"history": history})["movies"][0]
    assert (1, 30.0) == (movie["decidedBy"], movie["progress"])
    as_of = {"asOf": "0001-01-01T00:00:00+23:00"}
    movie = resolve({"history": history, "options": as_of})["movies"][0]
    assert (0, 10.0) == (movie["decidedBy"], movie["progress"])


@pytest.mark.parametrize(
    ("document", "expected"),
    [
        (
            {"history": [entry(updatedAt="2016-12-31T23:59:60Z")]},
            'history[0].updatedAt: "2016-12-31T23:59:60Z" 23:59:60 is not a time of day',
        ),
        (
            {"history": [entry(updatedAt="2016-12-31T23:59:60.000Z")]},
            'history[0].updatedAt: "2016-12-31T23:59:60.000Z" 23:59:60 is not a time of day',
        ),
        (
            {"history": [], "options": {"now": "2016-12-31T23:59:60+00:00"}},
            'options.now: "2016-12-31T23:59:60+00:00" 23:59:60 is not a time of day',
        ),
        (
            {
                "history": [],
                "episodes": [
                    {
                        "mediaId": "TV_1",
                        "season": 1,
                        "episode": 1,
                        "airDate": "2016-12-31T23:59:60Z",
                    }
                ],
            },
            'episodes[0].airDate: "2016-12-31T23:59:60Z" 23:59:60 is not a time of day',
        ),
    ],
    ids=["updatedAt", "updatedAt-api-form", "now", "airDate"],
)
def test_leap_second_is_rejected_exactly(document: object, expected: str) -> None:
    """docs/rules.md#limits: ``23:59:60`` (a leap second) is not a time of day, in every place a
    timestamp goes."""
    assert expected == problems_of(document)


# --------------------------------------------------------------------------------------
# Days whose midnight does not exist (or exists twice)

NS = 1_000_000_000


def _ns_text(moment: datetime, extra_ns: int = 0) -> str:
    """A UTC timestamp text for ``moment`` plus ``extra_ns`` nanoseconds (9 digits)."""
    whole = moment.astimezone(timezone.utc)
    nanos = whole.microsecond * 1000 + extra_ns
    seconds = whole.replace(microsecond=0) + timedelta(seconds=nanos // NS)
    return seconds.strftime("%Y-%m-%dT%H:%M:%S") + f".{nanos % NS:09d}Z"


GAP_DAYS: list[tuple[str, str, datetime]] = [
    ("America/Santiago", "2022-09-11", datetime(2022, 9, 11, 4, tzinfo=timezone.utc)),
    ("America/Sao_Paulo", "2018-11-04", datetime(2018, 11, 4, 3, tzinfo=timezone.utc)),
    ("Asia/Beirut", "2022-03-27", datetime(2022, 3, 26, 22, tzinfo=timezone.utc)),
    ("America/Havana", "2023-03-12", datetime(2023, 3, 12, 5, tzinfo=timezone.utc)),
]


def _air_state(zone: str, day: str, now: str, entry_at: str) -> tuple[int, str]:
    """(aired count of the season, basis of the episode) for one episode airing on ``day``
    in ``zone``, at ``now``, with a season default updated at ``entry_at``."""
    output = resolve(
        {
            "history": [{"mediaId": "TV_1", "season": 1, "updatedAt": entry_at}],
            "episodes": [{"mediaId": "TV_1", "season": 1, "episode": 1, "airDate": day}],
            "options": {"airDateZone": zone, "now": now},
        }
    )
    return output["seasons"][0]["aired"], output["episodes"][0]["basis"]


@pytest.mark.parametrize(("zone", "day", "start"), GAP_DAYS, ids=[z for z, _, _ in GAP_DAYS])
def test_day_without_midnight_starts_at_the_transition(
    zone: str, day: str, start: datetime
) -> None:
    """docs/rules.md#limits: on a day whose midnight a DST change skips, a date-only ``airDate``
    starts at the instant the clocks jump: not aired at that instant, aired one nanosecond later; a
    season default at that instant does not cover it, one a nanosecond later does."""
    tz = ZoneInfo(zone)
    midnight = datetime.fromisoformat(day).replace(tzinfo=tz)
    # zoneinfo agrees that midnight is skipped and that the day starts at `start`:
    assert midnight.astimezone(timezone.utc).astimezone(tz).hour == 1
    assert start.astimezone(tz).date().isoformat() == day
    assert (start - timedelta(microseconds=1)).astimezone(tz).date().isoformat() < day
    at, after = _ns_text(start), _ns_text(start, 1)
    assert (0, "none") == _air_state(zone, day, now=at, entry_at=at)
    assert (1, "seasonDefault") == _air_state(zone, day, now=after, entry_at=after)


def test_day_with_two_midnights_starts_at_the_first() -> None:
    """docs/rules.md#limits: America/Havana 2022-11-06: clocks fall back from 01:00 to 00:00, so
    midnight happens twice; the day starts at the first (04:00Z), not the second (05:00Z)."""
    zone, day = "America/Havana", "2022-11-06"
    first = datetime(2022, 11, 6, 4, tzinfo=timezone.utc)
    midnight = datetime(2022, 11, 6, tzinfo=ZoneInfo(zone))
    assert first == midnight.astimezone(timezone.utc)  # fold=0: the earlier reading
    assert first + timedelta(hours=1) == midnight.replace(fold=1).astimezone(timezone.utc)
    assert (0, "none") == _air_state(zone, day, _ns_text(first), _ns_text(first))
    after = _ns_text(first, 1)
    assert (1, "seasonDefault") == _air_state(zone, day, after, after)


# --------------------------------------------------------------------------------------
# Size


def test_conflicting_catalog_rows_are_reported_in_linear_time(tmp_path: Path) -> None:
    """docs/rules.md#catalog-conflicts: 10,000 episodes each given twice with different ``airDate``
    (a 1.5 MB file): every conflict is reported (20,000 lines), and the command finishes well within
    10 s.

    (It once searched the whole catalog for the partner of each conflicting row, so the
    time grew with the square of the catalog: 111 s for 16,000 pairs.)
    """
    pairs = 10_000
    rows = [
        {"mediaId": "TV_1", "season": 1, "episode": e, "airDate": f"2020-01-0{1 + half}"}
        for half in range(2)
        for e in range(1, pairs + 1)
    ]
    path = tmp_path / "conflicts.json"
    path.write_text(json.dumps({"history": [], "episodes": rows}), encoding="utf-8")
    try:
        done = run_command(str(path), timeout=10)
    except subprocess.TimeoutExpired:
        pytest.fail(f"{2 * pairs} conflicting catalog rows took more than 10 s")
    assert 1 == done.returncode
    assert 2 * pairs == len(done.stderr.splitlines())


@pytest.mark.skipif(
    os.environ.get("HISTORY_RESOLVER_SLOW") != "1", reason="slow: set HISTORY_RESOLVER_SLOW=1"
)
def test_one_million_entries_through_the_command(tmp_path: Path) -> None:
    """A 1M-entry profile (``benchmarks/generate.py``) through the command: exit 0 and the
    output parses.  Prints the wall time and peak RSS of the command."""
    document = load_generate().profile(1_000_000)
    path = tmp_path / "million.json"
    with path.open("w", encoding="utf-8") as handle:
        json.dump(document, handle)
    del document
    out_path = tmp_path / "out.json"
    command = [sys.executable, "-m", "history_resolver", "resolve", str(path)]
    time_tool = Path("/usr/bin/time")
    if time_tool.exists():
        command = [str(time_tool), "-v", *command]
    started = time.monotonic()
    with out_path.open("wb") as out:
        done = subprocess.run(
            command, stdout=out, stderr=subprocess.PIPE, text=True, timeout=1800, check=False
        )
    elapsed = time.monotonic() - started
    assert 0 == done.returncode, done.stderr[-2000:]
    rss = re.search(r"Maximum resident set size \(kbytes\): (\d+)", done.stderr)
    if rss is None:
        import resource

        peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    else:
        peak_kb = int(rss.group(1))
    print(
        f"\n1M entries: {path.stat().st_size / 1e6:.0f} MB in, "
        f"{out_path.stat().st_size / 1e6:.0f} MB out, {elapsed:.1f} s, "
        f"peak RSS {peak_kb / 1024:.0f} MB"
    )
    # The budget: the input text and its parsed objects (about 1 GB for this profile), plus
    # the resolve peak the benchmark reports (504 MiB, target 600 bytes per entry), plus the
    # output text.  Measured: 1.55 to 1.62 GB.
    assert peak_kb < 2 * 1024 * 1024, f"peak RSS {peak_kb / 1024:.0f} MB is over 2 GiB"
    output = json.loads(out_path.read_bytes())
    assert [] == [d for d in output["diagnostics"] if d["severity"] == "error"]
    assert output["episodes"]
