"""Input validation of the JSON document layer (docs/rules.md#the-input-document,
#diagnostics and #errors).

Every invalid document must raise :class:`history_resolver.InvalidInputError` (a
``ValueError``) whose message names every problem, one line each, as ``path: value rule``.
"""

from __future__ import annotations

import json
import math
from datetime import date
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from history_resolver import (
    HistoryResolverError,
    InvalidInputError,
    Timestamp,
    resolve_document,
)
from support import CLOCK_TEXT, NOW, T1, catalog_doc, clock, problems, shown

LONG_DIGITS = "1" * 4001  # one more digit than an id may have
TOO_LONG = "has more than 4000 digits"
OUTPUT_KEYS = {"episodes", "movies", "seasons", "shows", "inProgress", "diagnostics"}

ID_RULE = "is not a media id (TV_TMDBID<digits>, MV_TMDBID<digits>, TV_<digits> or MV_<digits>)"
UNKNOWN_KEY = "unknown key (a document has history, episodes and options)"
UNKNOWN_OPTION = (
    "unknown option (the options are completionThreshold, now, asOf, airDateZone, onInvalid)"
)
NO_OFFSET = "has no UTC offset (end it with Z or +HH:MM)"
BARE_DATE = "is a date without a time; a timestamp with a UTC offset is needed"
NOT_TIMESTAMP = "is not an ISO 8601 timestamp with a UTC offset"
NOT_AIR_DATE = "is neither a date (YYYY-MM-DD) nor a timestamp with a UTC offset"

FULLWIDTH_ID = "TV_\uff11\uff12"  # fullwidth digits one and two

# Every test here runs twice: with the fast paths, and with the thorough paths alone.
pytestmark = pytest.mark.usefixtures("path_mode")

DROP: Any = object()
"""A field value meaning "leave this field out"."""

TV_ITEM: dict[str, Any] = {"mediaId": "TV_1396", "season": 1, "updatedAt": "2023-01-15T00:00:00Z"}
EPISODE_ITEM: dict[str, Any] = {**TV_ITEM, "episode": 1}
MOVIE_ITEM: dict[str, Any] = {"mediaId": "MV_550", "updatedAt": "2023-01-15T00:00:00Z"}
ROW: dict[str, Any] = {"mediaId": "TV_1396", "season": 1, "episode": 1, "airDate": "2008-01-20"}


def with_fields(base: dict[str, Any], **fields: Any) -> dict[str, Any]:
    """``base`` with ``fields`` set (a field set to ``DROP`` is left out)."""
    merged = {**base, **fields}
    return {key: value for key, value in merged.items() if value is not DROP}


def item(**fields: Any) -> dict[str, Any]:
    """A document whose only history item is a valid TV season default changed by ``fields``."""
    return {"history": [with_fields(TV_ITEM, **fields)], "options": {"now": NOW}}


def movie(**fields: Any) -> dict[str, Any]:
    """A document whose only history item is a valid movie entry changed by ``fields``."""
    return {"history": [with_fields(MOVIE_ITEM, **fields)], "options": {"now": NOW}}


def row(**fields: Any) -> dict[str, Any]:
    """A document whose only catalog row is a valid episode row changed by ``fields``."""
    return {"history": [], "episodes": [with_fields(ROW, **fields)], "options": {"now": NOW}}


def options(**fields: Any) -> dict[str, Any]:
    """A document with an empty history and the given options (``now`` unless overridden)."""
    return {"history": [], "options": with_fields({"now": NOW}, **fields)}


def error_of(document: object) -> str:
    """The message of the ``InvalidInputError`` that resolving ``document`` must raise."""
    with pytest.raises(InvalidInputError) as excinfo:
        resolve_document(document, clock=clock)
    return str(excinfo.value)


INVALID_DOCUMENTS = [
    # --- the document itself ---
    # an array is not a document
    pytest.param([], "$: an array is not an object", id="root-array"),
    # a string is not a document
    pytest.param('{"history": []}', '$: "{\\"history\\": []}" is not an object', id="root-string"),
    # null is not a document
    pytest.param(None, "$: null is not an object", id="root-null"),
    # a number is not a document
    pytest.param(3, "$: 3 is not an object", id="root-number"),
    # a misspelt "episodes" must not silently drop the catalog
    pytest.param({"history": [], "episode": [ROW]}, f"episode: {UNKNOWN_KEY}", id="key-episode"),
    # any other unknown top-level key is invalid too
    pytest.param({"history": [], "Options": {}}, f"Options: {UNKNOWN_KEY}", id="key-Options"),
    # a key that is not an identifier is quoted in the path
    pytest.param({"history": [], "a b": 1}, f'["a b"]: {UNKNOWN_KEY}', id="key-with-space"),
    # history is required
    pytest.param({}, "history: is required", id="history-missing"),
    # history is required even when the catalog is given
    pytest.param({"episodes": []}, "history: is required", id="history-missing-with-catalog"),
    # history null is not a list
    pytest.param({"history": None}, "history: null is not an array", id="history-null"),
    # history as an object is not a list
    pytest.param(
        {"history": {"0": TV_ITEM}}, "history: an object is not an array", id="history-obj"
    ),
    # history as a string is not a list
    pytest.param({"history": "TV_1396"}, 'history: "TV_1396" is not an array', id="history-str"),
    # the catalog must be a list
    pytest.param(
        {"history": [], "episodes": {"0": ROW}},
        "episodes: an object is not an array",
        id="episodes-object",
    ),
    # the catalog must be a list, not a string
    pytest.param(
        {"history": [], "episodes": "x"}, 'episodes: "x" is not an array', id="episodes-str"
    ),
    # --- options ---
    # options must be an object
    pytest.param(
        {"history": [], "options": []}, "options: an array is not an object", id="opt-list"
    ),
    # options must be an object, not a string
    pytest.param(
        {"history": [], "options": "skip"}, 'options: "skip" is not an object', id="opt-str"
    ),
    # a misspelt option must never be silently ignored
    pytest.param(options(treshold=80), f"options.treshold: {UNKNOWN_OPTION}", id="opt-unknown"),
    # option names are case-sensitive
    pytest.param(options(asof=NOW), f"options.asof: {UNKNOWN_OPTION}", id="opt-case"),
    # the threshold excludes 0
    pytest.param(
        options(completionThreshold=0),
        "options.completionThreshold: 0 is outside 0..100 (0 excluded)",
        id="threshold-0",
    ),
    # the threshold is at most 100
    pytest.param(
        options(completionThreshold=101),
        "options.completionThreshold: 101 is outside 0..100 (0 excluded)",
        id="threshold-101",
    ),
    # a fraction just over 100 is outside too
    pytest.param(
        options(completionThreshold=100.5),
        "options.completionThreshold: 100.5 is outside 0..100 (0 excluded)",
        id="threshold-100.5",
    ),
    # a negative threshold is outside
    pytest.param(
        options(completionThreshold=-5),
        "options.completionThreshold: -5 is outside 0..100 (0 excluded)",
        id="threshold-negative",
    ),
    # a boolean is never a number
    pytest.param(
        options(completionThreshold=True),
        "options.completionThreshold: true is not a number",
        id="threshold-true",
    ),
    # a numeric string is not a number
    pytest.param(
        options(completionThreshold="80"),
        'options.completionThreshold: "80" is not a number',
        id="threshold-string",
    ),
    # NaN is not in 0..100
    pytest.param(
        options(completionThreshold=math.nan),
        "options.completionThreshold: NaN is outside 0..100 (0 excluded)",
        id="threshold-nan",
    ),
    # infinity is not in 0..100
    pytest.param(
        options(completionThreshold=math.inf),
        "options.completionThreshold: Infinity is outside 0..100 (0 excluded)",
        id="threshold-inf",
    ),
    # now needs a UTC offset
    pytest.param(
        options(now="2024-01-01T00:00:00"),
        f'options.now: "2024-01-01T00:00:00" {NO_OFFSET}',
        id="now-no-offset",
    ),
    # now cannot be a bare date
    pytest.param(
        options(now="2024-01-01"), f'options.now: "2024-01-01" {BARE_DATE}', id="now-date"
    ),
    # now must be a string, not epoch milliseconds
    pytest.param(
        options(now=1704067200000),
        "options.now: 1704067200000 is not a string",
        id="now-number",
    ),
    # asOf needs a UTC offset
    pytest.param(
        options(asOf="2024-01-01T12:00:00.000"),
        f'options.asOf: "2024-01-01T12:00:00.000" {NO_OFFSET}',
        id="asof-no-offset",
    ),
    # asOf cannot be a bare date
    pytest.param(
        options(asOf="2024-01-01"), f'options.asOf: "2024-01-01" {BARE_DATE}', id="asof-date"
    ),
    # asOf garbage
    pytest.param(
        options(asOf="yesterday"), f'options.asOf: "yesterday" {NOT_TIMESTAMP}', id="asof-garbage"
    ),
    # an unknown zone name
    pytest.param(
        options(airDateZone="Mars/Olympus_Mons"),
        'options.airDateZone: "Mars/Olympus_Mons" is not an IANA time zone name',
        id="zone-unknown",
    ),
    # an empty zone name
    pytest.param(
        options(airDateZone=""),
        'options.airDateZone: "" is not an IANA time zone name',
        id="zone-empty",
    ),
    # a path is not a zone name
    pytest.param(
        options(airDateZone="../../etc/passwd"),
        'options.airDateZone: "../../etc/passwd" is not an IANA time zone name',
        id="zone-path",
    ),
    # a zone given as an offset number
    pytest.param(
        options(airDateZone=5.5), "options.airDateZone: 5.5 is not a string", id="zone-number"
    ),
    # onInvalid accepts only "reject" and "skip"
    pytest.param(
        options(onInvalid="ignore"),
        'options.onInvalid: "ignore" is not "reject" or "skip"',
        id="oninvalid-ignore",
    ),
    # onInvalid is case-sensitive
    pytest.param(
        options(onInvalid="Skip"),
        'options.onInvalid: "Skip" is not "reject" or "skip"',
        id="oninvalid-case",
    ),
    # onInvalid is not a boolean
    pytest.param(
        options(onInvalid=True),
        'options.onInvalid: true is not "reject" or "skip"',
        id="oninvalid-true",
    ),
    # --- history items: shape and id ---
    # an item must be an object
    pytest.param({"history": [1396]}, "history[0]: 1396 is not an object", id="item-number"),
    # an item must be an object, not a bare id string
    pytest.param(
        {"history": ["TV_1396"]}, 'history[0]: "TV_1396" is not an object', id="item-string"
    ),
    # an item must be an object, not null
    pytest.param({"history": [None]}, "history[0]: null is not an object", id="item-null"),
    # one of mediaId / id is required
    pytest.param(item(mediaId=DROP), "history[0]: has neither mediaId nor id", id="no-id"),
    # a null mediaId with no id is the same as none
    pytest.param(item(mediaId=None), "history[0]: has neither mediaId nor id", id="null-id"),
    # a hyphen is not the separator
    pytest.param(item(mediaId="TV-1396"), f'history[0].mediaId: "TV-1396" {ID_RULE}', id="TV-1396"),
    # the prefix is upper case
    pytest.param(item(mediaId="tv_1396"), f'history[0].mediaId: "tv_1396" {ID_RULE}', id="tv_1396"),
    # digits are required
    pytest.param(item(mediaId="TV_"), f'history[0].mediaId: "TV_" {ID_RULE}', id="TV_"),
    # digits are required after TMDBID too
    pytest.param(
        item(mediaId="TV_TMDBID"), f'history[0].mediaId: "TV_TMDBID" {ID_RULE}', id="TV_TMDBID"
    ),
    # only digits follow the prefix
    pytest.param(
        item(mediaId="TV_TMDBID12a"),
        f'history[0].mediaId: "TV_TMDBID12a" {ID_RULE}',
        id="TV_TMDBID12a",
    ),
    # Arabic-Indic digits are not ASCII digits
    pytest.param(item(mediaId="TV_١٢٣"), f'history[0].mediaId: "TV_١٢٣" {ID_RULE}', id="TV_arabic"),
    # fullwidth digits are not ASCII digits
    pytest.param(
        item(mediaId=FULLWIDTH_ID), f'history[0].mediaId: "{FULLWIDTH_ID}" {ID_RULE}', id="TV_fw"
    ),
    # surrounding white space is not trimmed
    pytest.param(item(mediaId=" TV_1"), f'history[0].mediaId: " TV_1" {ID_RULE}', id="TV-space"),
    # a trailing newline is not accepted
    pytest.param(item(mediaId="TV_1\n"), f'history[0].mediaId: "TV_1\\n" {ID_RULE}', id="TV-nl"),
    # a sign is not a digit
    pytest.param(item(mediaId="TV_-1"), f'history[0].mediaId: "TV_-1" {ID_RULE}', id="TV-sign"),
    # bare digits are not a mediaId (only the id + mediaType shape takes bare digits)
    pytest.param(
        item(mediaId="1396", mediaType="tv"),
        f'history[0].mediaId: "1396" {ID_RULE}',
        id="mediaId-bare-digits",
    ),
    # the id is a string, not a number
    pytest.param(item(mediaId=1396), "history[0].mediaId: 1396 is not a string", id="id-number"),
    # the id is a string, not an object
    pytest.param(
        item(mediaId={"tmdb": 1396}), "history[0].mediaId: an object is not a string", id="id-obj"
    ),
    # --- history items: the id + mediaType shape ---
    # bare digits need a mediaType to say which kind they are
    pytest.param(
        item(mediaId=DROP, id="1396"),
        'history[0].id: "1396" has no TV_ or MV_ prefix and no mediaType says which it is',
        id="id-digits-no-type",
    ),
    # a mediaType that contradicts the id's prefix
    pytest.param(
        item(mediaId=DROP, id="TV_1396", mediaType="movie"),
        'history[0].mediaType: "movie" contradicts id "TV_1396"',
        id="id-type-contradicts-tv",
    ),
    # a movie id with mediaType tv
    pytest.param(
        movie(mediaId=DROP, id="MV_550", mediaType="tv"),
        'history[0].mediaType: "tv" contradicts id "MV_550"',
        id="id-type-contradicts-movie",
    ),
    # a mediaType that contradicts mediaId is invalid too
    pytest.param(
        item(mediaType="movie"),
        'history[0].mediaType: "movie" contradicts mediaId "TV_1396"',
        id="mediaId-type-contradicts",
    ),
    # an unknown mediaType
    pytest.param(
        item(mediaId=DROP, id="1396", mediaType="anime"),
        'history[0].mediaType: "anime" is not "tv" or "movie"',
        id="type-unknown",
    ),
    # mediaType is case-sensitive
    pytest.param(
        item(mediaId=DROP, id="TV_1396", mediaType="TV"),
        'history[0].mediaType: "TV" is not "tv" or "movie"',
        id="type-case",
    ),
    # a non-string mediaType
    pytest.param(
        item(mediaId=DROP, id="1396", mediaType=1),
        'history[0].mediaType: 1 is not "tv" or "movie"',
        id="type-number",
    ),
    # a malformed id in the id field is named by its own path
    pytest.param(
        item(mediaId=DROP, id="tv_1396", mediaType="tv"),
        f'history[0].id: "tv_1396" {ID_RULE}',
        id="id-malformed",
    ),
    # --- history items: updatedAt ---
    # a bare date is ambiguous by hours
    pytest.param(
        item(updatedAt="2023-01-15"), f'history[0].updatedAt: "2023-01-15" {BARE_DATE}', id="date"
    ),
    # a timestamp without an offset is ambiguous by hours
    pytest.param(
        item(updatedAt="2023-01-15T00:00:00.000"),
        f'history[0].updatedAt: "2023-01-15T00:00:00.000" {NO_OFFSET}',
        id="no-offset",
    ),
    # not a timestamp at all
    pytest.param(
        item(updatedAt="garbage"), f'history[0].updatedAt: "garbage" {NOT_TIMESTAMP}', id="junk"
    ),
    # an empty string is not a timestamp
    pytest.param(item(updatedAt=""), f'history[0].updatedAt: "" {NOT_TIMESTAMP}', id="empty"),
    # RFC 2822 dates are not ISO 8601
    pytest.param(
        item(updatedAt="Sun, 15 Jan 2023 00:00:00 GMT"),
        f'history[0].updatedAt: "Sun, 15 Jan 2023 00:00:00 GMT" {NOT_TIMESTAMP}',
        id="rfc2822",
    ),
    # an offset of 24 hours does not exist
    pytest.param(
        item(updatedAt="2023-01-15T00:00:00+24:00"),
        'history[0].updatedAt: "2023-01-15T00:00:00+24:00" has a UTC offset outside -23:59..+23:59',
        id="offset-24h",
    ),
    # offset minutes stop at 59
    pytest.param(
        item(updatedAt="2023-01-15T00:00:00+05:60"),
        'history[0].updatedAt: "2023-01-15T00:00:00+05:60" has a UTC offset outside -23:59..+23:59',
        id="offset-60min",
    ),
    # a leap second is not accepted
    pytest.param(
        item(updatedAt="2016-12-31T23:59:60Z"),
        'history[0].updatedAt: "2016-12-31T23:59:60Z" 23:59:60 is not a time of day',
        id="leap-second",
    ),
    # 24:00 is not a time of day
    pytest.param(
        item(updatedAt="2023-01-15T24:00:00Z"),
        'history[0].updatedAt: "2023-01-15T24:00:00Z" 24:00:00 is not a time of day',
        id="hour-24",
    ),
    # February has no 30th
    pytest.param(
        item(updatedAt="2023-02-30T00:00:00Z"),
        'history[0].updatedAt: "2023-02-30T00:00:00Z" day 30 does not exist in 2023-02',
        id="feb-30",
    ),
    # 2023 is not a leap year
    pytest.param(
        item(updatedAt="2023-02-29T00:00:00Z"),
        'history[0].updatedAt: "2023-02-29T00:00:00Z" day 29 does not exist in 2023-02',
        id="feb-29-2023",
    ),
    # there is no month 13
    pytest.param(
        item(updatedAt="2023-13-01T00:00:00Z"),
        'history[0].updatedAt: "2023-13-01T00:00:00Z" month 13 is outside 01..12',
        id="month-13",
    ),
    # there is no year 0000
    pytest.param(
        item(updatedAt="0000-06-01T00:00:00Z"),
        'history[0].updatedAt: "0000-06-01T00:00:00Z" year 0000 is outside 0001..9999',
        id="year-0",
    ),
    # the API's own form (YYYY-MM-DDTHH:MM:SS.sssZ) with a bad hour: same rule as any form
    pytest.param(
        item(updatedAt="2023-01-15T24:00:00.000Z"),
        'history[0].updatedAt: "2023-01-15T24:00:00.000Z" 24:00:00 is not a time of day',
        id="api-form-hour-24",
    ),
    # the API's own form with a leap second
    pytest.param(
        item(updatedAt="2016-12-31T23:59:60.000Z"),
        'history[0].updatedAt: "2016-12-31T23:59:60.000Z" 23:59:60 is not a time of day',
        id="api-form-leap-second",
    ),
    # the API's own form with minute 60
    pytest.param(
        item(updatedAt="2023-01-15T10:60:00.000Z"),
        'history[0].updatedAt: "2023-01-15T10:60:00.000Z" 10:60:00 is not a time of day',
        id="api-form-minute-60",
    ),
    # the API's own form on a day that does not exist
    pytest.param(
        item(updatedAt="2023-04-31T00:00:00.000Z"),
        'history[0].updatedAt: "2023-04-31T00:00:00.000Z" day 31 does not exist in 2023-04',
        id="api-form-apr-31",
    ),
    # the API's own form in year 0000
    pytest.param(
        item(updatedAt="0000-01-01T00:00:00.000Z"),
        'history[0].updatedAt: "0000-01-01T00:00:00.000Z" year 0000 is outside 0001..9999',
        id="api-form-year-0",
    ),
    # the API's own form with a letter among the milliseconds
    pytest.param(
        item(updatedAt="2023-01-15T00:00:00.0a0Z"),
        f'history[0].updatedAt: "2023-01-15T00:00:00.0a0Z" {NOT_TIMESTAMP}',
        id="api-form-letter",
    ),
    # the API's own form with non-ASCII digits
    pytest.param(
        item(updatedAt="2023-01-15T00:00:00.\u0661\u0662\u0663Z"),
        'history[0].updatedAt: "2023-01-15T00:00:00.\u0661\u0662\u0663Z" ' + NOT_TIMESTAMP,
        id="api-form-arabic-digits",
    ),
    # the API's own form with signs where digits go
    pytest.param(
        item(updatedAt="2023-01-15T-1:+1:00.000Z"),
        f'history[0].updatedAt: "2023-01-15T-1:+1:00.000Z" {NOT_TIMESTAMP}',
        id="api-form-signs",
    ),
    # epoch milliseconds are not a timestamp string
    pytest.param(
        item(updatedAt=1673740800000),
        "history[0].updatedAt: 1673740800000 is not a string",
        id="updated-number",
    ),
    # a boolean is not a timestamp
    pytest.param(
        item(updatedAt=False), "history[0].updatedAt: false is not a string", id="updated-bool"
    ),
    # --- history items: progress ---
    # above 100
    pytest.param(item(progress=120), "history[0].progress: 120 is outside 0..100", id="p-120"),
    # just above 100
    pytest.param(
        item(progress=100.01), "history[0].progress: 100.01 is outside 0..100", id="p-100.01"
    ),
    # below 0
    pytest.param(item(progress=-1), "history[0].progress: -1 is outside 0..100", id="p-minus-1"),
    # a numeric string is not a number
    pytest.param(item(progress="50"), 'history[0].progress: "50" is not a number', id="p-str"),
    # a boolean is never a number
    pytest.param(item(progress=True), "history[0].progress: true is not a number", id="p-true"),
    # false is not 0
    pytest.param(item(progress=False), "history[0].progress: false is not a number", id="p-false"),
    # NaN is invalid
    pytest.param(
        item(progress=math.nan), "history[0].progress: NaN is not a finite number", id="p-nan"
    ),
    # infinity is invalid
    pytest.param(
        item(progress=math.inf), "history[0].progress: Infinity is not a finite number", id="p-inf"
    ),
    # minus infinity is invalid
    pytest.param(
        item(progress=-math.inf),
        "history[0].progress: -Infinity is not a finite number",
        id="p-minus-inf",
    ),
    # 1e400 as Python's json module parses it (to float infinity)
    pytest.param(
        item(progress=json.loads("1e400")),
        "history[0].progress: Infinity is not a finite number",
        id="p-1e400",
    ),
    # a huge integer is outside the range, and is shown short
    pytest.param(
        item(progress=10**400),
        "history[0].progress: an integer of more than 60 digits is outside 0..100",
        id="p-huge-int",
    ),
    # --- history items: season ---
    # a TV entry needs a season
    pytest.param(item(season=DROP), "history[0].season: is required for a TV entry", id="s-miss"),
    # a null season is a missing season
    pytest.param(item(season=None), "history[0].season: is required for a TV entry", id="s-null"),
    # history can never name season 0
    pytest.param(item(season=0), "history[0].season: 0 is less than 1", id="s-0"),
    # negative seasons
    pytest.param(item(season=-1), "history[0].season: -1 is less than 1", id="s-minus-1"),
    # a fractional season
    pytest.param(item(season=1.5), "history[0].season: 1.5 is not an integer", id="s-1.5"),
    # a boolean is never a number
    pytest.param(item(season=True), "history[0].season: true is not an integer", id="s-true"),
    # a numeric string is not an integer
    pytest.param(item(season="1"), 'history[0].season: "1" is not an integer', id="s-str"),
    # NaN is not an integer
    pytest.param(item(season=math.nan), "history[0].season: NaN is not an integer", id="s-nan"),
    # infinity is not an integer
    pytest.param(
        item(season=math.inf), "history[0].season: Infinity is not an integer", id="s-inf"
    ),
    # a movie has no season
    pytest.param(movie(season=1), "history[0].season: 1 is given for a movie", id="s-movie"),
    # a movie has no season, even season 0
    pytest.param(movie(season=0), "history[0].season: 0 is given for a movie", id="s-movie-0"),
    # bare digits with mediaType movie make a movie, which has no season
    pytest.param(
        item(mediaId=DROP, id="550", mediaType="movie"),
        "history[0].season: 1 is given for a movie",
        id="s-movie-by-type",
    ),
    # --- history items: episode ---
    # episode numbers start at 1
    pytest.param(item(episode=0), "history[0].episode: 0 is less than 1", id="e-0"),
    # a fractional episode
    pytest.param(item(episode=2.5), "history[0].episode: 2.5 is not an integer", id="e-2.5"),
    # a boolean is never a number
    pytest.param(item(episode=True), "history[0].episode: true is not an integer", id="e-true"),
    # a numeric string is not an integer
    pytest.param(item(episode="3"), 'history[0].episode: "3" is not an integer', id="e-str"),
    # an episode without a season is invalid
    pytest.param(
        item(season=DROP, episode=3),
        "history[0].episode: 3 is given without a season",
        id="e-without-season",
    ),
    # an episode with a null season is invalid too
    pytest.param(
        item(season=None, episode=3),
        "history[0].episode: 3 is given without a season",
        id="e-null-season",
    ),
    # a movie has no episode
    pytest.param(movie(episode=1), "history[0].episode: 1 is given for a movie", id="e-movie"),
    # --- history items: imported ---
    # imported is a string
    pytest.param(item(imported=5), "history[0].imported: 5 is not a string", id="imported-num"),
    # imported is a string, not a boolean
    pytest.param(
        item(imported=True), "history[0].imported: true is not a string", id="imported-bool"
    ),
    # imported is a string, not a list
    pytest.param(
        item(imported=["trakt"]), "history[0].imported: an array is not a string", id="imp-list"
    ),
    # --- catalog rows ---
    # a row must be an object
    pytest.param(
        {"history": [], "episodes": ["TV_1396"]},
        'episodes[0]: "TV_1396" is not an object',
        id="row-string",
    ),
    # a row must be an object, not null
    pytest.param(
        {"history": [], "episodes": [None]}, "episodes[0]: null is not an object", id="row-null"
    ),
    # catalog rows are episodes: a movie id is invalid
    pytest.param(
        row(mediaId="MV_550"),
        'episodes[0].mediaId: "MV_550" is a movie; catalog rows are episodes',
        id="row-movie",
    ),
    # the long movie form is invalid too
    pytest.param(
        row(mediaId="MV_TMDBID550"),
        'episodes[0].mediaId: "MV_TMDBID550" is a movie; catalog rows are episodes',
        id="row-movie-long",
    ),
    # a row needs a mediaId
    pytest.param(row(mediaId=DROP), "episodes[0].mediaId: is required", id="row-no-id"),
    # the id + mediaType shape is a history shape, not a catalog one
    pytest.param(
        row(mediaId=DROP, id="TV_1396"), "episodes[0].mediaId: is required", id="row-id-only"
    ),
    # a malformed id
    pytest.param(row(mediaId="TV-1396"), f'episodes[0].mediaId: "TV-1396" {ID_RULE}', id="row-id"),
    # a numeric id
    pytest.param(row(mediaId=1396), "episodes[0].mediaId: 1396 is not a string", id="row-id-num"),
    # a row needs a season
    pytest.param(row(season=DROP), "episodes[0].season: is required", id="row-no-season"),
    # a null season is missing
    pytest.param(row(season=None), "episodes[0].season: is required", id="row-null-season"),
    # a row needs an episode
    pytest.param(row(episode=DROP), "episodes[0].episode: is required", id="row-no-episode"),
    # seasons start at 0 (specials)
    pytest.param(row(season=-1), "episodes[0].season: -1 is less than 0", id="row-season-neg"),
    # a fractional season
    pytest.param(row(season=0.5), "episodes[0].season: 0.5 is not an integer", id="row-s-frac"),
    # a boolean season
    pytest.param(row(season=False), "episodes[0].season: false is not an integer", id="row-s-b"),
    # episodes start at 1
    pytest.param(row(episode=0), "episodes[0].episode: 0 is less than 1", id="row-episode-0"),
    # a string episode
    pytest.param(row(episode="1"), 'episodes[0].episode: "1" is not an integer', id="row-e-str"),
    # slashes are not TMDB's date form
    pytest.param(
        row(airDate="2008/01/20"),
        f'episodes[0].airDate: "2008/01/20" {NOT_AIR_DATE}',
        id="air-slashes",
    ),
    # the basic (no dashes) form is not accepted
    pytest.param(
        row(airDate="20080120"), f'episodes[0].airDate: "20080120" {NOT_AIR_DATE}', id="air-basic"
    ),
    # month and day need two digits
    pytest.param(
        row(airDate="2008-1-20"), f'episodes[0].airDate: "2008-1-20" {NOT_AIR_DATE}', id="air-1d"
    ),
    # a written-out date
    pytest.param(
        row(airDate="January 20, 2008"),
        f'episodes[0].airDate: "January 20, 2008" {NOT_AIR_DATE}',
        id="air-words",
    ),
    # a year and month only
    pytest.param(
        row(airDate="2008-01"), f'episodes[0].airDate: "2008-01" {NOT_AIR_DATE}', id="air-month"
    ),
    # an empty string is not "unknown" (that is null)
    pytest.param(row(airDate=""), f'episodes[0].airDate: "" {NOT_AIR_DATE}', id="air-empty"),
    # a date that does not exist
    pytest.param(
        row(airDate="2008-02-30"),
        'episodes[0].airDate: "2008-02-30" day 30 does not exist in 2008-02',
        id="air-feb-30",
    ),
    # a timestamp air date needs an offset
    pytest.param(
        row(airDate="2008-01-20T21:00:00"),
        f'episodes[0].airDate: "2008-01-20T21:00:00" {NO_OFFSET}',
        id="air-no-offset",
    ),
    # a date-only air date in the API's timestamp form, with a bad month
    pytest.param(
        row(airDate="2008-00-20"),
        'episodes[0].airDate: "2008-00-20" month 00 is outside 01..12',
        id="air-month-0",
    ),
    # an air date in the API's own timestamp form, on a day that does not exist
    pytest.param(
        row(airDate="2007-02-29T00:00:00.000Z"),
        'episodes[0].airDate: "2007-02-29T00:00:00.000Z" day 29 does not exist in 2007-02',
        id="air-api-form-feb-29",
    ),
    # a numeric air date
    pytest.param(
        row(airDate=20080120), "episodes[0].airDate: 20080120 is not a string", id="air-number"
    ),
    # an air date given as an object
    pytest.param(
        row(airDate={"y": 2008}), "episodes[0].airDate: an object is not a string", id="air-obj"
    ),
    # two rows for one episode with different air dates: both rows are named
    pytest.param(
        {
            "history": [],
            "episodes": [ROW, with_fields(ROW, episode=2), with_fields(ROW, airDate="2008-01-21")],
            "options": {"now": NOW},
        },
        'episodes[0].airDate: "2008-01-20" contradicts "2008-01-21" at episodes[2] '
        "for TV_TMDBID1396 season 1 episode 1\n"
        'episodes[2].airDate: "2008-01-21" contradicts "2008-01-20" at episodes[0] '
        "for TV_TMDBID1396 season 1 episode 1",
        id="row-conflict",
    ),
    # the two id forms name the same episode, so their air dates conflict
    pytest.param(
        {
            "history": [],
            "episodes": [ROW, with_fields(ROW, mediaId="TV_TMDBID1396", airDate=None)],
            "options": {"now": NOW},
        },
        'episodes[0].airDate: "2008-01-20" contradicts null at episodes[1] '
        "for TV_TMDBID1396 season 1 episode 1\n"
        'episodes[1].airDate: null contradicts "2008-01-20" at episodes[0] '
        "for TV_TMDBID1396 season 1 episode 1",
        id="row-conflict-forms",
    ),
]


@pytest.mark.parametrize(("document", "expected"), INVALID_DOCUMENTS)
def test_invalid_document_is_rejected_with_exact_message(document: object, expected: str) -> None:
    """Each invalid document raises InvalidInputError naming path, value and rule."""
    assert expected == error_of(document)


def test_invalid_input_error_is_a_value_error() -> None:
    """InvalidInputError is a ValueError (through the library's root error)."""
    assert issubclass(InvalidInputError, HistoryResolverError)
    assert issubclass(InvalidInputError, ValueError)
    with pytest.raises(ValueError, match=r"^history: is required$"):
        resolve_document({}, clock=clock)


def test_error_carries_each_problem_as_a_diagnostic() -> None:
    """``problems`` holds one error diagnostic per line of the message."""
    with pytest.raises(InvalidInputError) as excinfo:
        resolve_document(item(progress=120, season=0), clock=clock)
    problems = [(p.severity, p.path, p.message) for p in excinfo.value.problems]
    expected = [
        ("error", "history[0].progress", "120 is outside 0..100"),
        ("error", "history[0].season", "0 is less than 1"),
    ]
    assert expected == problems
    assert str(excinfo.value).split("\n") == [str(p) for p in excinfo.value.problems]


def test_long_values_are_shown_short() -> None:
    """A very long offending string is cut in the message, which still says its length."""
    long_id = "X" * 500
    expected = 'history[0].mediaId: "' + "X" * 60 + f'..." (500 characters) {ID_RULE}'
    assert expected == error_of(item(mediaId=long_id))


def test_every_problem_of_a_document_is_reported() -> None:
    """Several problems in one document are all reported, not only the first.

    Problems inside ``history`` and ``episodes`` come in index order, history before catalog;
    problems of the document's frame (unknown keys, options) come first.
    """
    document = {
        "history": [
            {"mediaId": "TV_1396", "season": 0, "progress": 120, "updatedAt": "2023-01-15"},
            {"mediaId": "MV_550", "updatedAt": NOW},  # valid
            "TV_1396",
            {"id": "1396", "season": 1, "episode": 0, "imported": 7},
        ],
        "episodes": [
            ROW,  # valid
            {"mediaId": "MV_550", "season": -1, "episode": 1},
            {"mediaId": "TV_1396", "season": 1, "airDate": "2008/01/27"},
        ],
        "options": {"completionThreshold": 0, "now": NOW, "colour": "blue"},
        "episode": [],
    }
    expected = [
        f"episode: {UNKNOWN_KEY}",
        f"options.colour: {UNKNOWN_OPTION}",
        "options.completionThreshold: 0 is outside 0..100 (0 excluded)",
        f'history[0].updatedAt: "2023-01-15" {BARE_DATE}',
        "history[0].progress: 120 is outside 0..100",
        "history[0].season: 0 is less than 1",
        'history[2]: "TV_1396" is not an object',
        'history[3].id: "1396" has no TV_ or MV_ prefix and no mediaType says which it is',
        "history[3].episode: 0 is less than 1",
        "history[3].imported: 7 is not a string",
        'episodes[1].mediaId: "MV_550" is a movie; catalog rows are episodes',
        "episodes[1].season: -1 is less than 0",
        "episodes[2].episode: is required",
        f'episodes[2].airDate: "2008/01/27" {NOT_AIR_DATE}',
    ]
    assert expected == error_of(document).split("\n")


def test_problems_of_many_items_come_in_index_order() -> None:
    """With many invalid items, every one is reported, in the order of the list."""
    history: list[Any] = [item(progress=100 + i)["history"][0] for i in range(1, 41)]
    catalog: list[Any] = [with_fields(ROW, episode=-i) for i in range(1, 11)]
    expected = [f"history[{i}].progress: {101 + i} is outside 0..100" for i in range(40)] + [
        f"episodes[{i}].episode: {-1 - i} is less than 1" for i in range(10)
    ]
    document = {"history": history, "episodes": catalog, "options": {"now": NOW}}
    assert expected == error_of(document).split("\n")


# --- onInvalid: "skip" -----------------------------------------------------------------


def test_skip_mode_leaves_invalid_entries_out_and_reports_them() -> None:
    """Invalid entries and rows are left out, each reported as an error diagnostic with its
    path; the rest is resolved and ``decidedBy`` still indexes the original list."""
    document = {
        "history": [
            {"mediaId": "TV_1396", "season": 1, "episode": 1, "progress": 120},
            {"mediaId": "TV_1396", "season": 1, "episode": 2, "updatedAt": NOW},
            "garbage",
            {"mediaId": "MV_550", "progress": 45.5, "updatedAt": NOW},
            {"mediaId": "MV_551", "updatedAt": "2023-01-15"},
            {"mediaId": "TV_1396", "season": 1, "episode": 3, "progress": 50, "updatedAt": NOW},
        ],
        "episodes": [
            {"mediaId": "TV_1396", "season": 1, "episode": 1, "airDate": "2008-01-20"},
            {"mediaId": "MV_550", "season": 1, "episode": 1},
            {"mediaId": "TV_1396", "season": 1, "episode": 2, "airDate": "2008-01-27"},
        ],
        "options": {"onInvalid": "skip", "now": NOW},
    }
    out = resolve_document(document, clock=clock)
    expected = [
        {"severity": "error", "path": "history[0].progress", "message": "120 is outside 0..100"},
        {"severity": "error", "path": "history[2]", "message": '"garbage" is not an object'},
        {
            "severity": "error",
            "path": "history[4].updatedAt",
            "message": f'"2023-01-15" {BARE_DATE}',
        },
        {
            "severity": "error",
            "path": "episodes[1].mediaId",
            "message": '"MV_550" is a movie; catalog rows are episodes',
        },
    ]
    assert expected == out["diagnostics"]
    episodes = [(e["episode"], e["basis"], e["decidedBy"], e["progress"]) for e in out["episodes"]]
    expected_episodes = [
        (1, "none", None, 0.0),
        (2, "explicit", 1, 100.0),
        (3, "explicit", 5, 50.0),
    ]
    assert expected_episodes == episodes
    expected_movies = [("MV_TMDBID550", 3, 45.5)]
    assert expected_movies == [(m["mediaId"], m["decidedBy"], m["progress"]) for m in out["movies"]]


def test_skip_mode_leaves_out_both_conflicting_catalog_rows() -> None:
    """Rows that disagree on airDate are both left out in skip mode, and both reported."""
    document = {
        "history": [],
        "episodes": [
            ROW,
            with_fields(ROW, airDate="2008-01-21"),
            with_fields(ROW, episode=2, airDate="2008-01-27"),
        ],
        "options": {"onInvalid": "skip", "now": NOW},
    }
    out = resolve_document(document, clock=clock)
    expected_episodes = [(1, 2)]
    assert expected_episodes == [(e["season"], e["episode"]) for e in out["episodes"]]
    expected_errors = [("error", "episodes[0].airDate"), ("error", "episodes[1].airDate")]
    assert expected_errors == [(d["severity"], d["path"]) for d in out["diagnostics"]]


def test_skip_mode_with_everything_invalid_returns_an_empty_result() -> None:
    """When every entry is invalid, skip mode returns the empty result plus the errors."""
    document = {"history": [1, 2], "options": {"onInvalid": "skip", "now": NOW}}
    out = resolve_document(document, clock=clock)
    expected = {
        "episodes": [],
        "movies": [],
        "seasons": [],
        "shows": [],
        "inProgress": [],
        "diagnostics": [
            {"severity": "error", "path": "history[0]", "message": "1 is not an object"},
            {"severity": "error", "path": "history[1]", "message": "2 is not an object"},
        ],
    }
    assert expected == out


def test_reject_mode_is_the_default_and_explicit() -> None:
    """``"reject"`` (given or by default) fails the call on one invalid entry."""
    for extra in ({}, {"onInvalid": "reject"}):
        document = {"history": [TV_ITEM, 5], "options": {"now": NOW, **extra}}
        expected = "history[1]: 5 is not an object"
        assert expected == error_of(document)


@pytest.mark.parametrize(
    ("document", "expected"),
    [
        # an unknown top-level key still fails the call
        pytest.param(
            {"history": [5], "episode": [], "options": {"onInvalid": "skip", "now": NOW}},
            f"episode: {UNKNOWN_KEY}\nhistory[0]: 5 is not an object",
            id="unknown-key",
        ),
        # an unknown option still fails the call
        pytest.param(
            {"history": [5], "options": {"onInvalid": "skip", "now": NOW, "limit": 3}},
            f"options.limit: {UNKNOWN_OPTION}\nhistory[0]: 5 is not an object",
            id="unknown-option",
        ),
        # a bad option value still fails the call
        pytest.param(
            {"history": [], "options": {"onInvalid": "skip", "completionThreshold": 0}},
            "options.completionThreshold: 0 is outside 0..100 (0 excluded)",
            id="bad-threshold",
        ),
        # a bad asOf still fails the call
        pytest.param(
            {"history": [], "options": {"onInvalid": "skip", "asOf": "2024-01-01"}},
            f'options.asOf: "2024-01-01" {BARE_DATE}',
            id="bad-asof",
        ),
        # a bad zone still fails the call
        pytest.param(
            {"history": [], "options": {"onInvalid": "skip", "airDateZone": "Nowhere"}},
            'options.airDateZone: "Nowhere" is not an IANA time zone name',
            id="bad-zone",
        ),
        # a history that is not a list still fails the call
        pytest.param(
            {"history": {}, "options": {"onInvalid": "skip"}},
            "history: an object is not an array",
            id="history-object",
        ),
        # a missing history still fails the call
        pytest.param(
            {"options": {"onInvalid": "skip"}}, "history: is required", id="history-missing"
        ),
        # a catalog that is not a list still fails the call
        pytest.param(
            {"history": [], "episodes": 1, "options": {"onInvalid": "skip"}},
            "episodes: 1 is not an array",
            id="catalog-number",
        ),
    ],
)
def test_skip_mode_still_rejects_document_and_option_problems(
    document: dict[str, Any], expected: str
) -> None:
    """Problems of the document's frame or options cannot be skipped."""
    assert expected == error_of(document)


# --- valid edge forms ------------------------------------------------------------------


def resolve(document: dict[str, Any]) -> dict[str, Any]:
    """Resolve a document that must be valid, with the fixed clock."""
    return resolve_document(document, clock=clock)


@pytest.mark.parametrize(
    "progress_fields",
    [
        pytest.param({"progress": None}, id="null"),  # null progress is a full watch
        pytest.param({}, id="missing"),  # missing progress is a full watch
    ],
)
def test_missing_or_null_progress_means_100(progress_fields: dict[str, Any]) -> None:
    """A history entry without a progress records a full watch."""
    out = resolve({"history": [{**MOVIE_ITEM, **progress_fields}], "options": {"now": NOW}})
    expected = [(100.0, True, 1)]
    assert expected == [(m["progress"], m["completed"], m["plays"]) for m in out["movies"]]


def test_integer_valued_floats_are_integers() -> None:
    """``1.0`` is an integer for season and episode, and goes out as a JSON integer."""
    out = resolve(
        {
            "history": [{**EPISODE_ITEM, "season": 1.0, "episode": 2.0}],
            "episodes": [{**ROW, "season": 1.0, "episode": 2.0}],
            "options": {"now": NOW},
        }
    )
    expected = [("1", "2", "explicit", 0)]
    assert expected == [
        (json.dumps(e["season"]), json.dumps(e["episode"]), e["basis"], e["decidedBy"])
        for e in out["episodes"]
    ]


def test_negative_zero_progress_is_zero() -> None:
    """``-0.0`` is inside 0..100 and goes out as ``0.0``, never ``-0.0``."""
    out = resolve({"history": [{**MOVIE_ITEM, "progress": -0.0}], "options": {"now": NOW}})
    (found,) = out["movies"]
    expected = "0.0"
    assert expected == json.dumps(found["progress"])
    expected_counts = (False, 0)
    assert expected_counts == (found["completed"], found["plays"])


@pytest.mark.parametrize(
    ("given", "normalised"),
    [
        ("TV_01396", "TV_TMDBID1396"),  # leading zeros of the short form are dropped
        ("TV_TMDBID001396", "TV_TMDBID1396"),  # and of the long form
        ("TV_1396", "TV_TMDBID1396"),  # the short form becomes the long form
        ("TV_0", "TV_TMDBID0"),  # zero keeps one digit
        ("TV_TMDBID1396", "TV_TMDBID1396"),  # the long form stays as it is
    ],
)
def test_media_ids_are_normalised(given: str, normalised: str) -> None:
    """Both id forms, with or without leading zeros, go out in the long form."""
    out = resolve({"history": [{**EPISODE_ITEM, "mediaId": given}], "options": {"now": NOW}})
    expected = [normalised]
    assert expected == [e["mediaId"] for e in out["episodes"]]


@pytest.mark.parametrize(
    ("given", "normalised"),
    [
        ("01396", "TV_TMDBID1396"),  # leading zeros are dropped
        ("00", "TV_TMDBID0"),  # zero keeps one digit
    ],
)
def test_bare_ids_are_normalised(given: str, normalised: str) -> None:
    """docs/rules.md#media-ids, #history-shapes: bare digits in ``id``, their kind given by
    ``mediaType``, go out in the long form without leading zeros, as the two forms do
    (``TV_0`` is ``TV_TMDBID0``)."""
    entry = {**with_fields(EPISODE_ITEM, mediaId=DROP), "id": given, "mediaType": "tv"}
    out = resolve({"history": [entry], "options": {"now": NOW}})
    assert [normalised] == [e["mediaId"] for e in out["episodes"]]


def test_updated_at_null_or_missing_takes_now() -> None:
    """An entry without updatedAt is stamped with ``now``."""
    for entry in ({**MOVIE_ITEM, "updatedAt": None}, {"mediaId": "MV_550"}):
        out = resolve({"history": [entry], "options": {"now": "2024-03-01T12:00:00.5+01:00"}})
        expected = ["2024-03-01T11:00:00.500Z"]
        assert expected == [m["lastWatchedAt"] for m in out["movies"]]


def test_updated_at_missing_takes_as_of_when_now_is_not_given() -> None:
    """``now`` defaults to ``asOf``, and an entry without updatedAt takes it (so it is kept)."""
    out = resolve({"history": [{"mediaId": "MV_550"}], "options": {"asOf": "2022-05-05T05:05Z"}})
    expected = ["2022-05-05T05:05:00.000Z"]
    assert expected == [m["lastWatchedAt"] for m in out["movies"]]


def test_updated_at_missing_takes_the_clock_when_no_options() -> None:
    """With neither now nor asOf (options missing), the adapter reads the clock."""
    out = resolve({"history": [{"mediaId": "MV_550"}]})
    expected = [CLOCK_TEXT]
    assert expected == [m["lastWatchedAt"] for m in out["movies"]]


def test_clock_is_not_read_when_now_is_given() -> None:
    """The adapter reads the clock only when the document names neither now nor asOf."""

    def forbidden() -> int:
        raise AssertionError("the clock was read")

    for opts in ({"now": NOW}, {"asOf": NOW}):
        out = resolve_document(
            {"history": [{"mediaId": "MV_550"}], "options": opts}, clock=forbidden
        )
        expected = ["2024-01-01T00:00:00.000Z"]
        assert expected == [m["lastWatchedAt"] for m in out["movies"]]


def test_extra_fields_are_ignored() -> None:
    """Fields the rules do not read (as the API returns them) change nothing
    (docs/rules.md#keys-discovr-and-tmdb-send)."""
    plain = {
        "history": [dict(EPISODE_ITEM), dict(MOVIE_ITEM)],
        "episodes": [dict(ROW)],
        "options": {"now": NOW},
    }
    noisy = {
        "history": [
            {
                **EPISODE_ITEM,
                "createdAt": "not even a date",
                "title": "Pilot",
                "poster_path": None,
                "completed": False,
                "watched_count": "many",
                "id": "MV_1",  # mediaId wins over id
                "nested": {"progress": 999, "season": -1},
            },
            {**MOVIE_ITEM, "season_count": 3, "episode_title": [1, 2]},
        ],
        "episodes": [{**ROW, "name": "Pilot", "overview": None, "runtime": 58.5}],
        "options": {"now": NOW},
    }
    assert resolve(plain) == resolve(noisy)


def test_episodes_and_options_may_be_missing() -> None:
    """Only ``history`` is required: the catalog defaults to [] and options to {}."""
    out = resolve({"history": [dict(EPISODE_ITEM)]})
    assert not out["diagnostics"]
    expected_episodes = [("TV_TMDBID1396", 1, 1, None, "explicit")]
    assert expected_episodes == [
        (e["mediaId"], e["season"], e["episode"], e["airDate"], e["basis"]) for e in out["episodes"]
    ]
    expected: dict[str, Any] = {
        "episodes": [],
        "movies": [],
        "seasons": [],
        "shows": [],
        "inProgress": [],
        "diagnostics": [],
    }
    assert expected == resolve({"history": []})


@pytest.mark.parametrize(
    "entry",
    [
        # the GET /profile/history shape with a prefixed id
        pytest.param({"id": "TV_1396", "mediaType": "tv"}, id="id-prefixed-tv"),
        # bare digits take their prefix from mediaType
        pytest.param({"id": "1396", "mediaType": "tv"}, id="id-bare-tv"),
        # bare digits with leading zeros
        pytest.param({"id": "001396", "mediaType": "tv"}, id="id-bare-zeros"),
        # the long form in id
        pytest.param({"id": "TV_TMDBID1396"}, id="id-long-no-type"),
        # an agreeing mediaType next to mediaId
        pytest.param({"mediaId": "TV_1396", "mediaType": "tv"}, id="mediaId-with-type"),
        # a null mediaId falls back to id
        pytest.param({"mediaId": None, "id": "TV_1396"}, id="mediaId-null"),
        # a null mediaType says nothing
        pytest.param({"id": "TV_1396", "mediaType": None}, id="type-null"),
    ],
)
def test_id_and_media_type_shapes_are_accepted(entry: dict[str, Any]) -> None:
    """Every accepted way of naming a show resolves to the long-form id."""
    fields = {"season": 1, "episode": 1, "updatedAt": NOW}
    out = resolve({"history": [{**entry, **fields}], "options": {"now": NOW}})
    expected = [("TV_TMDBID1396", "explicit", 0)]
    assert expected == [(e["mediaId"], e["basis"], e["decidedBy"]) for e in out["episodes"]]


def test_bare_movie_id_with_media_type_movie_is_a_movie() -> None:
    """``{"id": "550", "mediaType": "movie"}`` names MV_TMDBID550."""
    out = resolve({"history": [{"id": "550", "mediaType": "movie", "progress": 45.5}]})
    expected = [("MV_TMDBID550", 45.5, False)]
    assert expected == [(m["mediaId"], m["progress"], m["completed"]) for m in out["movies"]]


@pytest.mark.parametrize(
    "fields",
    [
        pytest.param({"progress": 0}, id="progress-0"),  # the lower bound is inside
        pytest.param({"progress": 100}, id="progress-100"),  # the upper bound is inside
        pytest.param({"progress": 45.5}, id="progress-fraction"),  # fractions are allowed
        pytest.param({"season": 12, "episode": 13}, id="big-numbers"),  # any season >= 1
        pytest.param({"episode": None}, id="episode-null"),  # null episode: a season default
        pytest.param({"imported": "trakt"}, id="imported"),  # carried, never interpreted
        pytest.param({"imported": None}, id="imported-null"),  # null imported is none
        pytest.param({"updatedAt": "2023-01-15T05:30:00+05:30"}, id="offset"),  # any offset
        pytest.param({"updatedAt": "2023-01-15T00:00:00.123456789012Z"}, id="digits"),  # digits
    ],
)
def test_valid_entry_variants_are_accepted(fields: dict[str, Any]) -> None:
    """Entries at the edges of each rule are valid (no error diagnostics)."""
    out = resolve({"history": [with_fields(TV_ITEM, **fields)], "episodes": [ROW]})
    assert not [d for d in out["diagnostics"] if d["severity"] == "error"]
    assert out["episodes"]


@pytest.mark.parametrize(
    "fields",
    [
        pytest.param({"season": 0}, id="season-0-specials"),  # specials live in season 0
        pytest.param({"airDate": None}, id="air-null"),  # unknown air date
        pytest.param({"airDate": DROP}, id="air-missing"),  # unknown air date
        pytest.param({"airDate": "2008-01-20T21:00:00-05:00"}, id="air-timestamp"),  # with offset
        pytest.param({"mediaId": "TV_TMDBID1396"}, id="long-id"),  # the long form
        pytest.param({"season": 1.0, "episode": 1.0}, id="integral-floats"),  # 1.0 is 1
    ],
)
def test_valid_catalog_variants_are_accepted(fields: dict[str, Any]) -> None:
    """Catalog rows at the edges of each rule are valid, and their airDate is echoed."""
    fixed = with_fields(ROW, **fields)
    out = resolve({"history": [], "episodes": [fixed], "options": {"now": NOW}})
    expected = [(fixed["season"], fixed.get("airDate"))]
    assert expected == [(e["season"], e["airDate"]) for e in out["episodes"]]
    assert not out["diagnostics"]


def test_identical_duplicate_catalog_rows_are_one_episode() -> None:
    """Two rows for one episode with the same airDate (in either id form) are one episode."""
    catalog = [ROW, dict(ROW), {**ROW, "mediaId": "TV_TMDBID01396", "title": "Pilot"}]
    out = resolve({"history": [], "episodes": catalog, "options": {"now": NOW}})
    expected = [("TV_TMDBID1396", 1, 1, "2008-01-20")]
    assert expected == [
        (e["mediaId"], e["season"], e["episode"], e["airDate"]) for e in out["episodes"]
    ]
    assert not out["diagnostics"]


@pytest.mark.parametrize(
    "value",
    [
        pytest.param(100, id="100"),  # the upper bound is inside
        pytest.param(0.001, id="tiny"),  # anything above 0 is inside
        pytest.param(50, id="integer"),  # integers are numbers
    ],
)
def test_valid_thresholds_are_accepted(value: float) -> None:
    """Thresholds in (0, 100] are accepted and decide completion."""
    entry = {**MOVIE_ITEM, "progress": value}
    out = resolve({"history": [entry], "options": {"now": NOW, "completionThreshold": value}})
    expected = [True]
    assert expected == [m["completed"] for m in out["movies"]]


def test_regression_huge_season_of_a_season_default_is_resolved() -> None:
    """A valid entry with a season of 5000 digits resolves (its warning is not a crash).

    docs/rules.md#season-and-episode: a season is an integer >= 1 (at most 2**53 - 1); the
    default covers no catalog episode, which is a warning in ``diagnostics``.
    """
    document = {"history": [{"mediaId": "TV_1", "season": 10**5000}], "options": {"now": NOW}}
    try:
        out = resolve_document(document, clock=clock)
    except InvalidInputError:  # refusing the number, with a message, is acceptable too
        return
    expected = [("warning", "history[0]")]
    assert expected == [(d["severity"], d["path"]) for d in out["diagnostics"]]


def test_regression_huge_season_in_conflicting_rows_is_rejected_cleanly() -> None:
    """Conflicting catalog rows with a 5000-digit season raise InvalidInputError naming both
    rows (as a conflict, or because the season is out of range), never a bare ValueError."""
    rows = [
        {"mediaId": "TV_1", "season": 10**5000, "episode": 1, "airDate": "2008-01-20"},
        {"mediaId": "TV_1", "season": 10**5000, "episode": 1, "airDate": "2008-01-21"},
    ]
    with pytest.raises(InvalidInputError) as excinfo:
        resolve_document({"history": [], "episodes": rows, "options": {"now": NOW}}, clock=clock)
    expected = {"episodes[0]", "episodes[1]"}
    assert expected == {p.path.split(".")[0] for p in excinfo.value.problems}


# --- fuzz: any JSON value anywhere -----------------------------------------------------

HISTORY_FIELDS = [
    "mediaId",
    "id",
    "mediaType",
    "updatedAt",
    "progress",
    "season",
    "episode",
    "imported",
    "title",
]
ROW_FIELDS = ["mediaId", "season", "episode", "airDate", "name"]
OPTION_NAMES = ["completionThreshold", "now", "asOf", "airDateZone", "onInvalid", "other"]
LIKELY_STRINGS = [
    "TV_1396",
    "MV_550",
    "TV_TMDBID1396",
    "1396",
    "TV_" + "9" * 4001,
    "tv",
    "movie",
    "skip",
    "reject",
    "UTC",
    "Asia/Kolkata",
    "America/Santiago",
    "2008-01-20",
    "2023-01-15T00:00:00Z",
    "2023-01-15T00:00:00.123456789012+05:30",
    "9999-12-31T23:59:59.999-23:59",
    "0001-01-01T00:00:00+23:59",
    "2023-01-15T00:00:00." + "1" * 5000 + "Z",
]
EXTREME_FLOATS = [1e308, -1e308, 5e-324, -0.0, 1e300, 1.0]


def power_of_ten(exponent: int) -> int:
    """``10 ** exponent``: built lazily, as a strategy's repr cannot show a 5000-digit int."""
    return int(10**exponent)


HUGE_INTEGERS = st.sampled_from([19, 400, 5000]).map(power_of_ten)

SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.integers(min_value=-3, max_value=120),
    HUGE_INTEGERS,
    HUGE_INTEGERS.map(lambda n: -n),
    st.sampled_from(EXTREME_FLOATS),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=12),
    st.sampled_from(LIKELY_STRINGS),
)
KEYS = st.one_of(st.text(max_size=8), st.sampled_from(HISTORY_FIELDS + OPTION_NAMES))
JSON_VALUES = st.recursive(
    SCALARS,
    lambda children: st.one_of(
        st.lists(children, max_size=4), st.dictionaries(KEYS, children, max_size=4)
    ),
    max_leaves=10,
)
BASE_ITEMS = st.sampled_from(
    [
        TV_ITEM,
        EPISODE_ITEM,
        MOVIE_ITEM,
        {"id": "1396", "mediaType": "tv", "season": 2},
        {"id": "MV_550", "mediaType": "movie", "progress": 50},
    ]
)
MODES = st.sampled_from([{}, {"onInvalid": "skip"}, {"onInvalid": "reject"}])
FUZZ = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def returns_result_or_invalid_input(document: object) -> None:
    """Resolve ``document``: a full output document, or InvalidInputError, nothing else."""
    try:
        out = resolve_document(document, clock=clock)
    except InvalidInputError as error:
        lines = str(error).split("\n")
        assert len(error.problems) == len(lines) > 0
        assert all(": " in line for line in lines)
        return
    assert isinstance(out, dict)
    expected = OUTPUT_KEYS
    assert expected == set(out)


@FUZZ
@given(document=JSON_VALUES)
def test_fuzz_any_value_as_the_document(document: Any) -> None:
    """Any JSON value as the whole document: a result or InvalidInputError."""
    returns_result_or_invalid_input(document)


@FUZZ
@given(value=JSON_VALUES, base=BASE_ITEMS, mode=MODES)
def test_fuzz_any_value_as_a_history_item(
    value: Any, base: dict[str, Any], mode: dict[str, Any]
) -> None:
    """Any JSON value as a history item beside a valid one."""
    document = {"history": [base, value], "episodes": [ROW], "options": {"now": NOW, **mode}}
    returns_result_or_invalid_input(document)


@FUZZ
@given(
    value=JSON_VALUES,
    field=st.sampled_from(HISTORY_FIELDS),
    base=BASE_ITEMS,
    mode=MODES,
)
@example(value=power_of_ten(5000), field="season", base=TV_ITEM, mode={})  # a known crash
def test_fuzz_any_value_as_a_history_field(
    value: Any, field: str, base: dict[str, Any], mode: dict[str, Any]
) -> None:
    """Any JSON value as one field of an otherwise valid history item."""
    document = {
        "history": [base, {**base, field: value}],
        "episodes": [ROW, {**ROW, "episode": 2, "airDate": None}],
        "options": {"now": NOW, **mode},
    }
    returns_result_or_invalid_input(document)


@FUZZ
@given(value=JSON_VALUES, name=st.sampled_from(OPTION_NAMES), whole=st.booleans())
def test_fuzz_any_value_as_options(value: Any, name: str, whole: bool) -> None:
    """Any JSON value as the options object, or as the value of one option."""
    opts: Any = value if whole else {"now": NOW, name: value}
    document = {"history": [TV_ITEM, MOVIE_ITEM], "episodes": [ROW], "options": opts}
    returns_result_or_invalid_input(document)


@FUZZ
@given(
    value=JSON_VALUES,
    field=st.sampled_from([*ROW_FIELDS, None]),
    copy=st.sampled_from(["none", "same", "other airDate"]),
    mode=MODES,
)
@example(value=power_of_ten(5000), field="season", copy="other airDate", mode={})  # known crash
def test_fuzz_any_value_as_a_catalog_row(
    value: Any, field: str | None, copy: str, mode: dict[str, Any]
) -> None:
    """Any JSON value as a catalog row, or as one field of a valid row (maybe repeated, with
    the same or another airDate)."""
    fuzzed: Any = value if field is None else {**ROW, field: value}
    catalog = [ROW, fuzzed]
    if copy == "same":
        catalog.append(fuzzed)
    elif copy == "other airDate" and isinstance(fuzzed, dict):
        catalog.append({**fuzzed, "airDate": "1999-09-09"})
    document = {"history": [TV_ITEM], "episodes": catalog, "options": {"now": NOW, **mode}}
    returns_result_or_invalid_input(document)


# --- equivalent spellings give equal results ------------------------------------------------

STAMP_MS = st.integers(min_value=946_684_800_000, max_value=1_893_456_000_000)  # 2000..2030
API_STAMPS = STAMP_MS.map(lambda ms: Timestamp(ms * 1_000_000).isoformat())
AIR_DATES = st.one_of(
    st.none(),
    st.dates(min_value=date(2000, 1, 1), max_value=date(2030, 1, 1)).map(date.isoformat),
    API_STAMPS,
)
TV_ENTRIES = st.fixed_dictionaries(
    {
        "mediaId": st.sampled_from(["TV_1", "TV_TMDBID2"]),
        "season": st.integers(min_value=1, max_value=2),
        "updatedAt": st.one_of(st.none(), API_STAMPS),
        "progress": st.one_of(st.none(), st.integers(0, 100), st.floats(0, 100)),
    },
    optional={"episode": st.integers(min_value=1, max_value=3)},
)
MOVIE_ENTRIES = st.fixed_dictionaries(
    {
        "mediaId": st.sampled_from(["MV_5", "MV_TMDBID6"]),
        "updatedAt": st.one_of(st.none(), API_STAMPS),
        "progress": st.one_of(st.none(), st.integers(0, 100), st.floats(0, 100)),
    }
)
CATALOG_ROWS = st.fixed_dictionaries(
    {
        "mediaId": st.sampled_from(["TV_1", "TV_TMDBID2"]),
        "season": st.integers(min_value=0, max_value=2),
        "episode": st.integers(min_value=1, max_value=3),
        "airDate": AIR_DATES,
    }
)


def spelled_otherwise(fields: dict[str, Any]) -> dict[str, Any]:
    """The same entry or row in other valid spellings: integral floats for numbers, an
    agreeing ``mediaType``, and timestamps with ``+00:00`` instead of ``Z``."""
    other = dict(fields)
    for name in ("season", "episode"):
        if isinstance(other.get(name), int):
            other[name] = float(other[name])
    if "airDate" not in other:
        other["mediaType"] = "tv" if other["mediaId"].startswith("TV") else "movie"
    if isinstance(other.get("updatedAt"), str):
        other["updatedAt"] = other["updatedAt"][:-1] + "+00:00"
    return other


def episode_key(fields: dict[str, Any]) -> tuple[str, int, int]:
    """Which episode a generated catalog row names (its id's last digit names the show)."""
    return fields["mediaId"][-1], fields["season"], fields["episode"]


@settings(max_examples=100, deadline=None)
@given(
    history=st.lists(st.one_of(TV_ENTRIES, MOVIE_ENTRIES), max_size=8),
    catalog=st.lists(CATALOG_ROWS, max_size=8, unique_by=episode_key),
    now=API_STAMPS,
)
def test_equivalent_spellings_resolve_alike(
    history: list[dict[str, Any]], catalog: list[dict[str, Any]], now: str
) -> None:
    """A document and the same document spelt otherwise (``1.0`` for 1, an agreeing
    mediaType, ``+00:00`` for ``Z``, the zone ``Etc/UTC`` for ``UTC``) resolve alike."""
    plain = {"history": history, "episodes": catalog, "options": {"now": now}}
    other = {
        "history": [spelled_otherwise(entry) for entry in history],
        "episodes": [spelled_otherwise(r) for r in catalog],
        "options": {"now": now[:-1] + "+00:00", "airDateZone": "Etc/UTC"},
    }
    assert resolve_document(plain, clock=clock) == resolve_document(other, clock=clock)


# --- ids of more than 4000 digits (docs/rules.md#media-ids) -------------------------------


def test_history_media_id_with_too_many_digits() -> None:
    """docs/rules.md#media-ids: a history ``mediaId`` of more than 4000 significant digits is
    refused with the rule."""
    raw = "TV_TMDBID" + "1" * 4001
    entry = {"mediaId": raw, "season": 1}
    assert [f"history[0].mediaId: {shown(raw)} has more than 4000 digits"] == problems(
        {"history": [entry]}
    )


def test_history_bare_id_with_too_many_digits() -> None:
    """docs/rules.md#media-ids: the list endpoint's bare ``id`` with a ``mediaType`` obeys the
    same 4000-digit limit."""
    raw = "1" * 4001
    entry = {"id": raw, "mediaType": "tv", "season": 1}
    assert [f"history[0].id: {shown(raw)} has more than 4000 digits"] == problems(
        {"history": [entry]}
    )


# --- every problem named, ids too long, catalog conflicts (docs/rules.md#errors) ----------


def test_catalog_media_id_with_too_many_digits_is_named() -> None:
    """docs/rules.md#media-ids: a catalog row's ``mediaId`` obeys the same 4000-digit limit;
    an id with more than 4000 digits is invalid, and says so."""
    raw = "TV_" + LONG_DIGITS
    assert [f"episodes[0].mediaId: {shown(raw)} {TOO_LONG}"] == problems(
        catalog_doc({"mediaId": raw, "season": 1, "episode": 1})
    )


def test_catalog_row_missing_season_and_episode_names_both() -> None:
    """docs/rules.md#errors: a rejection names every problem, so a row lacking both numbers names
    both."""
    assert [
        "episodes[0].season: is required",
        "episodes[0].episode: is required",
    ] == problems(catalog_doc({"mediaId": "TV_1"}))


def test_catalog_row_with_bad_season_and_bad_episode_names_both() -> None:
    """docs/rules.md#errors: a bad season does not hide a bad episode in the same catalog row."""
    assert [
        "episodes[0].season: -1 is less than 0",
        "episodes[0].episode: 0 is less than 1",
    ] == problems(catalog_doc({"mediaId": "TV_1", "season": -1, "episode": 0}))


def test_entry_progress_bounds_on_the_thorough_path() -> None:
    """docs/rules.md#progress: 0 <= progress <= 100, both ends included, however the entry is
    spelt."""
    history = [
        {"mediaId": "TV_1", "mediaType": "tv", "season": 1, "episode": 1, "progress": 100},
        {"mediaId": "TV_1", "mediaType": "tv", "season": 1, "episode": 2, "progress": 0},
        {"mediaId": "MV_5", "mediaType": "movie", "progress": -0.0},
    ]
    output = resolve_document({"history": history, "options": {"now": NOW}}, clock=clock)
    assert [100.0, 0.0] == [e["progress"] for e in output["episodes"]]
    [movie_progress] = [m["progress"] for m in output["movies"]]
    assert "0.0" == repr(movie_progress)


def test_id_with_too_many_digits_is_named_whatever_its_form() -> None:
    """docs/rules.md#media-ids: an ``id`` (with mediaType) of more than 4000 digits is invalid."""
    raw = "MV_TMDBID" + LONG_DIGITS
    document = {"history": [{"id": raw, "mediaType": "movie"}], "options": {"now": NOW}}
    assert [f"history[0].id: {shown(raw)} {TOO_LONG}"] == problems(document)


def test_a_bare_id_of_4001_digits_with_its_media_type_is_named() -> None:
    """docs/rules.md#media-ids (this library's limit): bare digits with a ``mediaType`` are an id
    too, and more than 4000 of them is invalid, named at ``id``."""
    entry = {"id": "1" * 4001, "mediaType": "tv", "season": 1, "updatedAt": T1}
    with pytest.raises(InvalidInputError) as raised:
        resolve_document({"history": [entry], "options": {"now": NOW}}, clock=clock)
    expected = 'history[0].id: "' + "1" * 60 + '..." (4001 characters) has more than 4000 digits'
    assert expected == str(raised.value)


def test_agreeing_duplicates_do_not_hide_a_later_conflict() -> None:
    """docs/rules.md#catalog-conflicts: rows repeating an episode with the same airDate merge; a
    later episode given twice with different airDates is still invalid, both rows named."""
    rows = [
        {"mediaId": "TV_1", "season": 1, "episode": 1, "airDate": "2023-01-01"},
        {"mediaId": "TV_1", "season": 1, "episode": 1, "airDate": "2023-01-01"},
        {"mediaId": "TV_1", "season": 1, "episode": 2, "airDate": "2023-01-08"},
        {"mediaId": "TV_1", "season": 1, "episode": 2, "airDate": "2023-01-09"},
    ]
    with pytest.raises(InvalidInputError) as raised:
        resolve_document({"history": [], "episodes": rows, "options": {"now": NOW}}, clock=clock)
    assert ["episodes[2].airDate", "episodes[3].airDate"] == [p.path for p in raised.value.problems]


# --- each problem names its rule (docs/rules.md#diagnostics) -----------------------------------

ENTRY = {"mediaId": "TV_1", "season": 1, "episode": 1, "updatedAt": T1}

PROBLEM_RULES: list[Any] = [
    pytest.param(5, [("$", "5 is not an object", "the-input-document")], id="document"),
    pytest.param(
        {"history": 5, "options": {"now": NOW}},
        [("history", "5 is not an array", "the-input-document")],
        id="history-array",
    ),
    pytest.param(
        {"history": [5], "options": {"now": NOW}},
        [("history[0]", "5 is not an object", "the-input-document")],
        id="entry-object",
    ),
    pytest.param(
        {"history": [{**ENTRY, "progress": math.nan}], "options": {"now": NOW}},
        [("history[0].progress", "NaN is not a finite number", "progress")],
        id="progress-nan",
    ),
    pytest.param(
        {"history": [], "options": {"now": NOW, "completionThreshold": 0}},
        [
            (
                "options.completionThreshold",
                "0 is outside 0..100 (0 excluded)",
                "completion-threshold",
            )
        ],
        id="threshold",
    ),
    pytest.param(
        {"history": [{"id": "1" * 4001, "mediaType": "tv", "season": 1}], "options": {"now": NOW}},
        [("history[0].id", '"' + "1" * 60 + '..." (4001 characters) ' + TOO_LONG, "media-ids")],
        id="bare-id-too-long",
    ),
    pytest.param(
        {"history": [{**ENTRY, "mediaType": "movie"}], "options": {"now": NOW}},
        [("history[0].mediaType", '"movie" contradicts mediaId "TV_1"', "history-shapes")],
        id="contradicting-media-type",
    ),
    pytest.param(
        {"history": [], "options": {"now": NOW, "bogus": 1}},
        [
            (
                "options.bogus",
                "unknown option (the options are completionThreshold, now, asOf, airDateZone, "
                "onInvalid)",
                "options",
            )
        ],
        id="unknown-option",
    ),
]


@pytest.mark.parametrize(("document", "expected"), PROBLEM_RULES)
def test_each_problem_names_its_rule(
    document: object, expected: list[tuple[str, str, str]]
) -> None:
    """docs/rules.md#diagnostics: a diagnostic names the JSON path, the offending value and the
    rule it breaks; its ``rule`` is that rule's anchor in docs/rules.md."""
    with pytest.raises(InvalidInputError) as raised:
        resolve_document(document, clock=clock)
    assert expected == [(p.path, p.message, p.rule) for p in raised.value.problems]
