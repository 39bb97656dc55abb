"""The typed fast path of ``resolve_json`` with the ``fast`` extra (history_resolver._typed).

msgspec decodes the document into structs whose constraints are the common valid shape, and
the structs become the engine rows the text path builds.  A fast path returns exactly what
the thorough path returns, or declines (docs/rules.md#the-input-document): here for the
whole document, which then takes the ordinary road, which alone words problems.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from history_resolver import _catalog, _history, _jsonio, resolve_document, resolve_json
from history_resolver._input import parse_document
from mutations import CATALOG_READ, HISTORY_READ, mutated, mutated_documents
from strategies import documents
from support import NOW, T1, T2, clock, load_generate
from test_text_path import text_documents

pytest.importorskip("msgspec")

from history_resolver import _typed  # (only with the fast extra)

PROPERTY = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def typed_rows(data: bytes) -> tuple[list[Any], list[Any]] | None:
    """The typed path's engine rows and catalog items of ``data``, or ``None`` (declined)."""
    document = _typed.typed_document(data)
    if document is None:
        return None
    try:
        parsed = _typed.typed_parse(document, clock)
        return list(parsed.entries), list(parsed.catalog.items())
    except _typed.DECLINES:
        return None


def text_rows(document: object) -> tuple[list[Any], list[Any]]:
    """The text path's engine rows and catalog items of a valid document (no problems)."""
    parsed = parse_document(document, clock, text=True)
    rows = list(parsed.entries)
    assert not parsed.fatal and not parsed.history_problems and not parsed.catalog_problems
    return rows, list(parsed.catalog.items())


def thorough_text_rows(document: object) -> tuple[list[Any], list[Any]]:
    """:func:`text_rows` with the per-item fast paths declining, the thorough checks alone."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(_history, "entry_fast_path", lambda *_: lambda *_: None)
        patch.setattr(_catalog, "row_fast_path", lambda *_: lambda _: None)
        return text_rows(document)


def expected(document: object) -> bytes | str:
    """The standard road's answer: json.dumps of resolve_document, or the error's message."""
    try:
        return json.dumps(resolve_document(document, clock=clock)).encode()
    except ValueError as error:
        return f"error: {error}"


def check_same(document: object) -> bool:
    """Whether the typed path took ``document``; when it did, its rows, catalog and output
    are exactly the text path's (its fast paths on, and off) and the standard road's."""
    data = json.dumps(document).encode()
    rows = typed_rows(data)
    output = _typed.typed_resolve(data, clock)
    assert (rows is None) == (output is None)
    if rows is not None:
        assert text_rows(document) == rows
        assert thorough_text_rows(document) == rows
        assert expected(document) == json.dumps(output).encode()
    assert expected(document) == _answer(data)
    return rows is not None


def _answer(data: bytes) -> bytes | str:
    try:
        return json.dumps(json.loads(resolve_json(data, clock=clock))).encode()
    except ValueError as error:
        return f"error: {error}"


def entry(**fields: Any) -> dict[str, Any]:
    return {"mediaId": "TV_1", "season": 1, "episode": 1, "updatedAt": T1, **fields}


def doc(*history: dict[str, Any], **parts: Any) -> dict[str, Any]:
    return {"history": list(history), "options": {"now": NOW}, **parts}


ROW = {"mediaId": "TV_1", "season": 1, "episode": 1, "airDate": "2023-01-15"}


@st.composite
def typed_documents(draw: st.DrawFn) -> dict[str, Any]:
    """Valid documents most of which have every instant in canonical text (the text path's
    documents), a few of their entries and rows mutated in about half of them."""
    document: dict[str, Any] = draw(text_documents())
    if draw(st.booleans()):
        for part, read in (("history", HISTORY_READ), ("episodes", CATALOG_READ)):
            items = list(document.get(part, []))
            for index in draw(st.sets(st.integers(0, max(0, len(items) - 1)), max_size=2)):
                if index < len(items):
                    items[index] = draw(mutated(items[index], read))
            if items:
                document[part] = items
    return document


@PROPERTY
@given(document=typed_documents())
@example(document=doc(entry(progress=100.0000001)))
@example(document=doc(entry(), episodes=[ROW, {**ROW, "airDate": "2023-01-15T00:00:00.000Z"}]))
def test_canonical_documents_and_their_mutants_resolve_exactly(document: dict[str, Any]) -> None:
    """Documents the text path takes, and mutants of them: the typed path declines, or gives
    exactly the thorough path's rows, catalog and output."""
    check_same(document)


@PROPERTY
@given(document=documents())
@example(document=doc(entry(), {"id": "1", "mediaType": "movie", "progress": 5}))
def test_generated_documents_take_the_typed_path_exactly(document: dict[str, Any]) -> None:
    """A generated valid document gives the same rows, catalog and output on the typed path
    as on the thorough path, or declines."""
    check_same(document)


@PROPERTY
@given(document=mutated_documents())
@example(document=doc(entry(progess=5)))  # a near miss
@example(document=doc(entry(season=1.0)))
def test_mutated_documents_are_declined_or_resolved_exactly(document: dict[str, Any]) -> None:
    """A mutated document (a key renamed, dropped or added, a value of another type or past
    a boundary) is declined by the typed path, or gives exactly the thorough path's rows
    and output; its problems are the thorough path's."""
    check_same(document)


TAKEN: list[dict[str, Any]] = [
    doc(entry()),
    doc(entry(progress=50, imported="trakt", title="x", createdAt=T1, completed=True)),
    doc(entry(episode=None, season=2**53 - 1, progress=-0.0)),
    doc(entry(id=1396), entry(id="x", mediaId="TV_TMDBID1")),  # an id beside mediaId
    doc({"id": "TV_TMDBID1", "mediaType": "tv", "season": 1, "updatedAt": T2}),
    doc({"id": "550", "mediaType": "movie", "progress": 0}, {"mediaId": "MV_550"}),
    doc(entry(), episodes=[ROW, ROW, {**ROW, "episode": 2, "airDate": None, "name": "x"}]),
    doc(entry(), episodes=[{**ROW, "season": 0, "airDate": "2023-01-15T20:00:00.000Z"}]),
    doc(entry(), episodes=None),
    {"history": [entry()], "options": {"asOf": NOW, "completionThreshold": 0.5}},
    {  # docs/rules.md#now-and-asof: the later entry is left out
        "history": [entry(updatedAt=T1, progress=10), entry(updatedAt=T2, progress=90)],
        "options": {"asOf": "2023-01-15T00:00:00.000Z"},
    },
    doc(entry(updatedAt=None, progress=None)),  # the entry takes now, and progress 100
]


@pytest.mark.parametrize("document", TAKEN)
def test_common_valid_documents_take_the_typed_path(document: dict[str, Any]) -> None:
    """The common valid shapes (both history shapes, the keys Discovr sends, nulls, the
    largest counts, repeated catalog rows that agree) take the typed path, exactly."""
    assert check_same(document)


DECLINED: list[object] = [
    doc(entry(progess=5)),  # docs/rules.md#near-misses
    doc(entry(anything=5)),  # an unknown key that is no near miss: the road decides
    doc(entry(progress=True)),
    doc(entry(progress=100.5)),
    doc(entry(season=1.0)),
    doc(entry(season=0)),
    doc(entry(season=2**53)),
    doc(entry(title=[1])),  # a sent key with a value that is not a scalar
    doc(entry(mediaId="TV_x")),  # docs/rules.md#media-ids
    doc(entry(mediaType="tv")),  # an id and a type beside it
    doc({"id": "1", "season": 1}),  # an id without its type
    doc({"id": 1, "mediaType": "tv", "season": 1}),  # an id that is no string
    doc({"mediaId": "MV_1", "season": 1}),  # docs/rules.md#season-and-episode
    doc({"mediaId": "TV_1", "episode": 1}),
    doc(entry(updatedAt="2023-01-01T00:00:00Z")),  # valid, no canonical text
    doc(entry(updatedAt="2023-02-30T00:00:00.000Z")),  # docs/rules.md#updatedat
    doc(entry(), episodes=[{**ROW, "mediaId": "MV_1"}]),  # docs/rules.md#catalog-rows
    doc(entry(), episodes=[{**ROW, "airDate": "2023-02-30"}]),
    doc(entry(), episodes=[{**ROW, "air_date": "2023-01-15"}]),
    doc(entry(), episodes=[{key: ROW[key] for key in ("mediaId", "season")}]),
    doc(entry(), episodes=[ROW, {**ROW, "airDate": "2023-01-16"}]),  # catalog-conflicts
    {"history": [entry()], "options": {"now": NOW, "airDateZone": "Europe/Paris"}},
    {"history": [entry()], "options": {"now": NOW, "onInvalid": "maybe"}},
    {"history": [entry()], "options": {"now": NOW}, "extra": 1},
    {"history": [entry()], "options": 5},
    {"episodes": []},
    [entry()],
    {"history": [entry()]},  # now from the clock, which says nanoseconds: no text says them
]


@pytest.mark.parametrize("document", DECLINED)
def test_uncommon_or_invalid_documents_are_declined(document: object) -> None:
    """Anything outside the common valid shape declines the whole document, which the
    ordinary road then resolves, or refuses in its own words."""
    assert not check_same(document)


@pytest.mark.parametrize(
    "data",
    [
        b'{"history": [{"mediaId": "TV_\\ud800", "season": 1}], "options": {"asOf": "x"}}',
        b'\xef\xbb\xbf{"history": []}',
        b'{"history": []} []',
        b"{",
    ],
)
def test_text_msgspec_refuses_is_declined(data: bytes) -> None:
    """Text msgspec refuses (a lone surrogate, a byte order mark, two values, no value) is
    declined, and the ordinary road answers."""
    assert _typed.typed_resolve(data, clock) is None
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(_jsonio, "msgspec", None)
        patch.setattr(_jsonio, "_decoder", None)
        road = _answer(data)
    assert road == _answer(data)


def test_duplicate_keys_take_the_last_value_as_json_loads_does() -> None:
    """A key given twice in an entry takes its last value, on the typed path as in json.loads."""
    data = (
        b'{"history": [{"mediaId": "TV_1", "season": 1, "season": 2, "updatedAt": "'
        + T1.encode()
        + b'"}], "options": {"now": "'
        + NOW.encode()
        + b'"}}'
    )
    rows = typed_rows(data)
    assert rows is not None and rows == text_rows(json.loads(data))
    assert [("TV_TMDBID1", 2, 0)] == [row[:3] for row in rows[0]]


def test_the_benchmark_profile_takes_the_typed_path() -> None:
    """The benchmark's document (Discovr's shapes: createdAt, both id shapes, catalog names)
    takes the typed path whole, and gives the standard road's bytes."""
    document = load_generate().profile(300)
    assert check_same(document)


def test_without_msgspec_the_typed_path_is_never_tried(monkeypatch: pytest.MonkeyPatch) -> None:
    """With the extra hidden (as in Pyodide), resolve_json never calls the typed path."""

    def refuse(*args: object) -> None:
        raise AssertionError("the typed path was tried")

    monkeypatch.setattr(_jsonio, "msgspec", None)
    monkeypatch.setattr(_jsonio, "_decoder", None)
    monkeypatch.setattr(_typed, "typed_resolve", refuse)
    data = json.dumps(doc(entry())).encode()
    assert expected(doc(entry())) == _answer(data)


def test_the_clock_is_read_once_when_the_typed_path_declines() -> None:
    """A document without ``now`` that the typed path declines late (an invalid timestamp)
    reads the clock once: the road resolves at the same ``now``."""
    readings: list[int] = []

    def counting() -> int:
        readings.append(clock())
        return readings[-1]

    data = json.dumps({"history": [entry(), entry(updatedAt="2023-01-01T00:00:00Z")]}).encode()
    resolve_json(data, clock=counting)
    assert len(readings) == 1


@given(st.integers(0, 3))
def test_no_problem_is_worded_by_the_typed_path(count: int) -> None:
    """The typed path never raises: an invalid document is declined (``None``)."""
    document = doc(*[entry(season=0)] * count)
    output = _typed.typed_resolve(json.dumps(document).encode(), clock)
    assert (output is None) == (count > 0)
