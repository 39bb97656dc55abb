"""How the command reads its files (``history_resolver._files``): JSON values from bytes, and
which kind of file they look like.

Each place on the command line reads one kind of file; a file that looks like another kind
is refused in one line saying what it looks like and where it goes (a usage error), and a
file whose kind the keys do not tell is left to the document layer.  The end-to-end tests
(the command run as a subprocess, exit statuses and stderr) are in ``test_command_surface.py``.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from history_resolver._command import InputError, UsageError
from history_resolver._files import (
    check_kind,
    document_from_bytes,
    kinds_of,
    values_from_bytes,
)
from support import ROOT

EXAMPLES = ROOT / "examples"


def example(name: str) -> Any:
    """A shipped example file, parsed."""
    return json.loads((EXAMPLES / name).read_text(encoding="utf-8"))


ENTRY = {"mediaId": "TV_1", "season": 1, "updatedAt": "2020-01-01T00:00:00Z"}
LIST_ENTRY = {"id": "TV_1", "mediaType": "tv", "season": 1, "progress": 40}
ROW = {"mediaId": "TV_1", "season": 1, "episode": 1, "airDate": "2020-01-01"}
TMDB_EPISODE = {"id": 62085, "episode_number": 1, "season_number": 1, "air_date": "2008-01-20"}
TV_DETAILS = {"id": 1396, "name": "Breaking Bad", "number_of_seasons": 5}

KIND_CASES: list[tuple[str, list[Any], list[str]]] = [
    ("example document", [example("breaking-bad.json")], ["document"]),
    ("document without history", [{"episodes": [ROW], "options": {}}], ["document"]),
    ("catalog object", [{"episodes": [ROW]}], ["catalog"]),
    ("options only", [{"options": {}}], ["document"]),
    ("example page", [example("breaking-bad-history-page.json")], ["pages"]),
    ("page without paging keys", [{"items": []}], ["pages"]),
    ("history array", [[ENTRY, LIST_ENTRY]], ["history"]),
    ("history json lines", [ENTRY, LIST_ENTRY], ["history"]),
    ("example catalog", [example("breaking-bad-catalog.json")], ["catalog"]),
    ("catalog json lines", [ROW, ROW], ["catalog"]),
    ("tmdb season", [example("tmdb/breaking-bad-season-1.json")], ["tmdb"]),
    ("tmdb seasons array", [[example("tmdb/breaking-bad-season-0.json")]], ["tmdb"]),
    ("tv details", [{**TV_DETAILS, "season/1": {}}], ["tmdb"]),
    ("tv details, no season", [TV_DETAILS], ["tmdb"]),
    ("tmdb episodes", [[TMDB_EPISODE]], ["tmdb"]),
    ("pages then lines", [{"items": []}, ENTRY], ["pages", "history"]),
    # what the keys do not tell: left to the document layer
    ("empty array", [[]], []),
    ("scalars", [1, "x", None], []),
    ("bare entry", [{"mediaId": "TV_1", "season": 1, "episode": 2}], []),
    ("both marks", [{"mediaId": "TV_1", "progress": 1, "airDate": "2020-01-01"}], []),
    ("mixed array", [[ENTRY, ROW]], []),
    ("unknown object", [{"foo": 1}], []),
]


@pytest.mark.parametrize(
    ("values", "kinds"),
    [case[1:] for case in KIND_CASES],
    ids=[case[0] for case in KIND_CASES],
)
def test_kinds_of(values: list[Any], kinds: list[str]) -> None:
    """The kinds a file's values look like, by their keys, each once, in order."""
    assert kinds == kinds_of(values)


def test_kind_is_read_from_the_first_values_only() -> None:
    """A file's kind is read from its first 20 values (and an array's first 20 items): a
    million-line file costs no more to recognise than a short one."""
    assert ["history"] == kinds_of([ENTRY] * 20 + [ROW])
    assert ["history"] == kinds_of([[ENTRY] * 20 + [ROW]])
    assert ["history", "catalog"] == kinds_of([ENTRY] * 19 + [ROW])


@pytest.mark.parametrize(
    ("values", "place", "message"),
    [
        (
            [example("breaking-bad.json")],
            "--history",
            "f.json: looks like an input document ({history, episodes, options}); "
            "give it as FILE, not --history",
        ),
        (
            [example("breaking-bad-history-page.json")],
            "FILE",
            "f.json: looks like a list-endpoint page ({items, hasMore, nextPageToken}); "
            "give it with --history, not as FILE",
        ),
        (
            [ENTRY],
            "--episodes",
            "f.json: looks like history entries (mediaId or id, season, updatedAt, progress); "
            "give it with --history, not --episodes",
        ),
        (
            [[ROW]],
            "--tmdb-season",
            "f.json: looks like catalog rows (mediaId, season, episode, airDate); "
            "give it with --episodes, not --tmdb-season",
        ),
        (
            [TV_DETAILS],
            "--history",
            "f.json: looks like a TMDB season or TV details payload; "
            "give it with --tmdb-season MEDIA_ID=FILE, not --history",
        ),
        (
            [{"items": []}, ROW],
            "--history",
            "f.json: looks like catalog rows (mediaId, season, episode, airDate); "
            "give it with --episodes, not --history",
        ),
    ],
    ids=["document", "page", "history", "catalog", "tmdb", "second-kind"],
)
def test_check_kind_refuses_in_one_line(values: list[Any], place: Any, message: str) -> None:
    """A file of a kind the place does not read: one usage error saying what the file looks
    like and where to give it."""
    with pytest.raises(UsageError) as raised:
        check_kind(values, "f.json", place)
    assert message == str(raised.value)


@pytest.mark.parametrize(
    ("values", "place"),
    [
        ([example("breaking-bad.json")], "FILE"),
        ([example("breaking-bad-history-page.json")], "--history"),
        ([[ENTRY]], "--history"),
        ([ROW], "--episodes"),
        ([example("tmdb/breaking-bad-season-1.json")], "--tmdb-season"),
        ([{"foo": 1}], "FILE"),
        ([{"foo": 1}], "--episodes"),
    ],
)
def test_check_kind_accepts_its_own_kind_and_unknown_files(values: list[Any], place: Any) -> None:
    """A file of the place's own kind, or of no kind the keys tell, passes."""
    check_kind(values, "f.json", place)


@pytest.mark.parametrize(
    ("data", "values"),
    [
        (b"[1]", [[1]]),
        (b'\xef\xbb\xbf{"a": 1}', [{"a": 1}]),
        (b'{"a": 1}\n{"b": 2}\n', [{"a": 1}, {"b": 2}]),
        (b'{"a": 1}{"b": 2} \r\n\t3', [{"a": 1}, {"b": 2}, 3]),
    ],
    ids=["one", "bom", "json-lines", "concatenated"],
)
def test_values_from_bytes(data: bytes, values: list[Any]) -> None:
    """UTF-8 (a byte order mark allowed) holding one JSON value or several."""
    assert values == values_from_bytes(data, "f")


@pytest.mark.parametrize(
    ("data", "kind", "message"),
    [
        (b"\xff", "not-utf8", "f: not UTF-8 (byte 0xff at offset 0)"),
        (b" \n", "empty", "f: empty input; expected JSON"),
        (b"{", "not-json", "f: not valid JSON: Expecting property name enclosed in double "
         "quotes (line 1, column 2)"),
        (b"[" * 100_000, "too-deep", "f: not readable: JSON nested too deeply"),
        (b"1" * 5000, "long-integer", "f: not readable: a number has too many digits"),
        (b"1 2", "not-one-value", "f: holds 2 JSON values; expected one document"),
        (b"", "empty", "f: empty input; expected JSON"),
    ],
    ids=["not-utf8", "blank", "not-json", "deep", "long-integer", "two-values", "empty"],
)  # fmt: skip
def test_unreadable_documents(data: bytes, kind: str, message: str) -> None:
    """Each way a document file can fail to be one JSON value: one line naming the file, and
    the kind of failure (the fuzz harness tells them apart)."""
    with pytest.raises(InputError) as raised:
        document_from_bytes(data, "f")
    assert (kind, message) == (raised.value.kind, str(raised.value))
