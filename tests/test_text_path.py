"""The document's two roads for instants (docs/design.md#two-kinds-of-instant).

A document whose instants all have the API's canonical text (``YYYY-MM-DDTHH:MM:SS.sssZ``,
date-only air dates in UTC) is resolved with those texts as its instants; any other document
is declined to the exact path, which reads every instant as integer nanoseconds and alone
words problems.  These tests hold the text path to giving exactly what the exact path gives,
on generated documents and on the nasty timestamps pinned below, and check when it is taken.
"""

from __future__ import annotations

import contextlib
import copy
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st

from history_resolver import InvalidInputError, _document, _input
from history_resolver._time import (
    TextDeclined,
    TextInstants,
    TimestampReader,
    TimeSyntaxError,
    format_instant,
    parse_timestamp,
)
from strategies import documents

NOW = "2024-01-01T00:00:00.000Z"
PROPERTY = settings(
    max_examples=300,
    deadline=None,
    # (monkeypatch is used through monkeypatch.context(): undone after each example)
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)

# Timestamps a fast reader could get wrong: valid, invalid, canonical or only nearly so.
NASTY = [
    "2024-02-29T12:00:00.000Z",  # a leap day
    "2023-02-29T12:00:00.000Z",  # no such day
    "2100-02-29T00:00:00.000Z",  # no leap day in 2100
    "2000-02-29T00:00:00.000Z",  # but in 2000
    "2024-01-01T24:00:00.000Z",  # 24:00 is not a time of day here
    "2024-01-01T23:59:60.000Z",  # nor is a leap second
    "0000-01-01T00:00:00.000Z",  # year 0000
    "0001-01-01T00:00:00.000Z",  # the first instant there is
    "9999-12-31T23:59:59.999Z",  # the last millisecond there is
    "2024-01-01T00:00:00.000+00:00",  # an offset, not Z
    "2024-01-01T00:00:00.000z",  # a small z
    "2024-01-01t00:00:00.000Z",  # a small t
    "2024-01-01 00:00:00.000Z",  # a space
    "2024-01-01T00:00:00,000Z",  # a decimal comma
    "2024-01-01T00:00:00.0001Z",  # past the millisecond
    "2024-01-01T00:00:00.00Z",  # two digits
    "2024-01-01T00:00:00Z",  # no fraction
    "2024-01-01T00:00Z",  # no seconds
    "2024-01-01",  # a date
    "20240101T000000.000Z",  # the basic form
    "2024-13-01T00:00:00.000Z",  # no month 13
    "2024-01-01T00:00:00.000Z ",  # a space after
]


def exact_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make the document adapter decline the text path for every document."""
    parse = _input.parse_document

    def declining(document: object, clock: Callable[[], int], text: bool = False) -> Any:
        if text:
            raise TextDeclined
        return parse(document, clock)

    monkeypatch.setattr(_document, "parse_document", declining)


def outcome(document: object, clock: Callable[[], int] = lambda: 0) -> object:
    """The output document, or the message of the error raised."""
    try:
        return _document.resolve_document(copy.deepcopy(document), clock=clock)
    except InvalidInputError as error:
        return f"error: {error}"


def both_roads(
    monkeypatch: pytest.MonkeyPatch, document: object, clock: Callable[[], int] = lambda: 0
) -> tuple[object, object, bool]:
    """(as resolved, as the exact path alone resolves it, whether the text path decided)."""
    taken: list[bool] = []
    parse = _input.parse_document

    def spy(document: object, clock: Callable[[], int], text: bool = False) -> Any:
        parsed = parse(document, clock, text)
        taken.append(text)
        return parsed

    with monkeypatch.context() as patch:
        patch.setattr(_document, "parse_document", spy)
        resolved = outcome(document, clock)
    with monkeypatch.context() as patch:
        exact_only(patch)
        exact = outcome(document, clock)
    return resolved, exact, taken == [True]


def _canonical(text: object) -> object:
    """``text`` in the canonical form when it has one (a timestamp at a whole millisecond)."""
    if not isinstance(text, str) or len(text) <= 10:
        return text
    try:
        instant = parse_timestamp(text)
    except TimeSyntaxError:
        return text
    written = format_instant(instant)
    return written if parse_timestamp(written) == instant else text


@st.composite
def text_documents(draw: st.DrawFn) -> dict[str, Any]:
    """Valid documents, most of them with every instant in canonical text (so that the text
    path takes them), some with a nasty timestamp put in one place."""
    document: dict[str, Any] = draw(documents(zones=("UTC", "UTC", "UTC", "Asia/Kolkata")))
    if draw(st.integers(0, 9)) > 0:
        for item in document["history"]:
            if "updatedAt" in item:
                item["updatedAt"] = _canonical(item["updatedAt"])
        for row in document.get("episodes", []):
            if "airDate" in row:
                row["airDate"] = _canonical(row["airDate"])
        options = document["options"]
        for name in ("now", "asOf"):
            if name in options:
                options[name] = _canonical(options[name])
    if draw(st.integers(0, 3)) == 0:
        nasty = draw(st.sampled_from(NASTY))
        place = draw(st.sampled_from(["updatedAt", "airDate", "now", "asOf"]))
        if place in ("now", "asOf"):
            document["options"][place] = nasty
        elif place == "updatedAt" and document["history"]:
            document["history"][-1]["updatedAt"] = nasty
        elif place == "airDate" and document.get("episodes"):
            document["episodes"][-1]["airDate"] = nasty
        if draw(st.booleans()):
            document["options"]["onInvalid"] = "skip"
    return document


@PROPERTY
@given(document=text_documents())
@example(
    document={
        "history": [
            {"mediaId": "TV_1", "season": 1, "episode": 1, "updatedAt": "2024-01-01T00:00:00.000Z"},
            {"mediaId": "TV_1", "season": 1, "episode": 1, "updatedAt": "2024-01-01T00:00:00Z"},
        ],
        "options": {"now": NOW},
    }
).via("one instant in two spellings: the exact path")
def test_the_text_path_gives_what_the_exact_path_gives(
    monkeypatch: pytest.MonkeyPatch, document: dict[str, Any]
) -> None:
    """docs/design.md#two-kinds-of-instant: the output document (or the error) of the text
    path is exactly the exact path's, for every document it takes."""
    resolved, exact, taken = both_roads(monkeypatch, document)
    event("the text path" if taken else "the exact path")
    assert exact == resolved


for _nasty in NASTY:  # each nasty timestamp in every place, pinned
    for _place in ("updatedAt", "airDate", "now", "asOf"):
        _pinned: dict[str, Any] = {
            "history": [
                {"mediaId": "TV_1", "season": 1, "episode": 1, "updatedAt": NOW},
                {"mediaId": "TV_1", "season": 1, "progress": 100, "updatedAt": NOW},
            ],
            "episodes": [
                {"mediaId": "TV_1", "season": 1, "episode": 1, "airDate": "2023-12-01"},
                {"mediaId": "TV_1", "season": 1, "episode": 2, "airDate": NOW},
            ],
            "options": {"now": "2024-06-01T00:00:00.000Z", "onInvalid": "skip"},
        }
        if _place in ("now", "asOf"):
            _pinned["options"][_place] = _nasty
        elif _place == "updatedAt":
            _pinned["history"][0]["updatedAt"] = _nasty
        else:
            _pinned["episodes"][1]["airDate"] = _nasty
        test_the_text_path_gives_what_the_exact_path_gives = example(document=_pinned)(
            test_the_text_path_gives_what_the_exact_path_gives
        )


CANONICAL_DOCUMENT: dict[str, Any] = {
    "history": [
        {"mediaId": "TV_1", "season": 1, "episode": 1, "updatedAt": "2023-12-02T10:00:00.123Z"},
        {"id": "1", "mediaType": "tv", "season": 1, "progress": 100},  # takes now
        {"mediaId": "MV_5", "progress": 40, "updatedAt": "2023-12-03T10:00:00.000Z"},
        # a float season: the thorough path takes it, its instant made text
        {"mediaId": "TV_1", "season": 2.0, "episode": 1, "updatedAt": "2023-12-04T00:00:00.000Z"},
        {"mediaId": "TV_1", "season": 2.0, "episode": 2},
    ],
    "episodes": [
        {"mediaId": "TV_1", "season": 1, "episode": 1, "airDate": "2023-12-01"},
        {"mediaId": "TV_1", "season": 1, "episode": 2, "airDate": "2023-12-01T20:00:00.000Z"},
        {"mediaId": "TV_1", "season": 1, "episode": 3, "airDate": "2023-12-01"},  # (remembered)
        # a float season: the thorough path takes these rows
        {"mediaId": "TV_1", "season": 2.0, "episode": 1, "airDate": "2023-12-02"},
        {"mediaId": "TV_1", "season": 2.0, "episode": 2},
    ],
    "options": {"now": NOW},
}


def with_options(**options: Any) -> dict[str, Any]:
    document = copy.deepcopy(CANONICAL_DOCUMENT)
    document["options"] = options
    return document


@pytest.mark.parametrize(
    ("document", "clock_ns", "text"),
    [
        pytest.param(CANONICAL_DOCUMENT, 0, True, id="canonical"),
        pytest.param(with_options(asOf=NOW), 0, True, id="asOf-alone"),
        pytest.param(with_options(now=NOW, asOf="2023-12-03T00:00:00.000Z"), 0, True, id="asOf"),
        pytest.param(with_options(), 1_704_067_200_000_000_000, True, id="clock-millisecond"),
        pytest.param(with_options(), 1_704_067_200_000_000_001, False, id="clock-nanosecond"),
        pytest.param(with_options(), -62_135_596_801_000_000_000, False, id="clock-year-0"),
        pytest.param(with_options(now="2024-01-01T00:00:00Z"), 0, False, id="now-not-canonical"),
        pytest.param(with_options(now=NOW, asOf="2024-01-01T01:00+01:00"), 0, False, id="asOf"),
        pytest.param(with_options(now=NOW, airDateZone="Asia/Kolkata"), 0, False, id="zone"),
        pytest.param(with_options(now=NOW, airDateZone="UTC"), 0, True, id="zone-utc"),
        pytest.param(with_options(now=NOW, bogus=1), 0, False, id="option-problem"),
        pytest.param([], 0, False, id="not-an-object"),
    ],
)
def test_which_documents_take_the_text_path(
    monkeypatch: pytest.MonkeyPatch, document: object, clock_ns: int, text: bool
) -> None:
    """The text path takes a document with valid options in UTC whose every instant has
    canonical text (``now`` from the clock only at a whole millisecond); the exact path
    takes the others; both give the same result."""
    resolved, exact, taken = both_roads(monkeypatch, document, lambda: clock_ns)
    assert (text, exact) == (taken, resolved)


@pytest.mark.parametrize(
    ("place", "value"),
    [
        ("updatedAt", "2023-12-02T10:00:00+00:00"),
        ("updatedAt", "2023-12-02T10:00:00.123456Z"),
        ("airDate", "2023-12-02T10:00:00+00:00"),
        ("airDate", "2023-12-02T10:00:00.0001Z"),
        ("float-season-updatedAt", "2023-12-02T10:00:00Z"),
        ("float-season-airDate", "2023-12-02T10:00:00Z"),
    ],
)
def test_one_valid_instant_without_canonical_text_declines_the_document(
    monkeypatch: pytest.MonkeyPatch, place: str, value: str
) -> None:
    """One valid instant without canonical text, wherever it is, sends the whole document
    to the exact path (fast path or thorough path alike), with the same result."""
    document = copy.deepcopy(CANONICAL_DOCUMENT)
    if place == "updatedAt":
        document["history"][0]["updatedAt"] = value
    elif place == "airDate":
        document["episodes"][1]["airDate"] = value
    elif place == "float-season-updatedAt":
        document["history"][3]["updatedAt"] = value
    else:
        document["episodes"][3]["airDate"] = value
    resolved, exact, taken = both_roads(monkeypatch, document)
    assert (False, exact) == (taken, resolved)


def test_the_clock_is_read_once_when_the_text_path_declines() -> None:
    """A document without ``now`` read by both paths sees one reading of the clock."""
    readings: Iterator[int] = iter([1_704_067_200_000_000_001, 0])
    _document.resolve_document(with_options(), clock=lambda: next(readings))
    assert 0 == next(readings)  # the second reading was never taken


def test_text_instants_are_their_own_output_text() -> None:
    """On the text path every instant written out is the input's own text."""
    output = _document.resolve_document(copy.deepcopy(CANONICAL_DOCUMENT))
    assert ["2023-12-02T10:00:00.123Z", NOW, NOW, "2023-12-04T00:00:00.000Z", NOW] == [
        row["lastWatchedAt"] for row in output["episodes"]
    ]


@pytest.mark.parametrize(
    ("text", "instant"),
    [
        ("2024-02-29T12:00:00.000Z", "2024-02-29T12:00:00.000Z"),
        ("2024-01-01", "2024-01-01T00:00:00.000Z"),
        ("0001-01-01", "0001-01-01T00:00:00.000Z"),
        ("2024-01-01T00:00:00Z", TextDeclined),
        ("2024-01-01T00:00:00.000+00:00", TextDeclined),
        ("2024-02-30", TimeSyntaxError),
        ("2023-02-29T12:00:00.000Z", TimeSyntaxError),
        ("2024-01-01T24:00:00.000Z", TimeSyntaxError),
        ("0000-01-01", TimeSyntaxError),
        ("yesterday", TimeSyntaxError),
    ],
)
def test_text_instants_of_air_dates(text: str, instant: str | type[Exception]) -> None:
    """An air date's text instant: a canonical timestamp itself, a date its UTC midnight;
    a valid air date of another form declines, an invalid one is refused."""
    texts = TextInstants()
    if isinstance(instant, str):
        assert (instant, instant) == (texts.air(text), texts.air(text))  # (again: remembered)
    else:
        with pytest.raises(instant):
            texts.air(text)


@settings(max_examples=500, deadline=None)
@given(instant=st.integers(-62_135_596_800 * 10**9, 253_402_300_799_999_999_999))
@example(instant=-62_135_596_800 * 10**9)
@example(instant=253_402_300_799_999 * 10**6)
def test_a_canonical_text_is_its_instant_in_order_and_text(instant: int) -> None:
    """docs/design.md#two-kinds-of-instant: the text path reads a text exactly when it is
    what format_instant writes for its instant, so texts order as their instants do."""
    written = format_instant(instant)
    assert written == TextInstants().read(written)
    assert parse_timestamp(written) == instant - instant % 10**6


@settings(max_examples=500, deadline=None)
@given(text=st.sampled_from(NASTY) | st.from_regex(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z"))
def test_the_text_path_reads_the_texts_the_exact_reader_finds_canonical(text: str) -> None:
    """TextInstants.read takes a text as its own instant exactly when TimestampReader.read
    reads it as the output's own text (the same test of the form, and the same check)."""
    reader = TimestampReader()
    with contextlib.suppress(TimeSyntaxError):
        reader.read(text)
    try:
        own: object = TextInstants().read(text)
    except (TimeSyntaxError, TextDeclined):
        own = None
    assert (text if text in reader.canonical.values() else None) == own
