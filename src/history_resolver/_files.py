"""How the command reads its input files: bytes, then JSON values, then which kind of file.

A file (or ``-``, stdin) is UTF-8 (a byte order mark is allowed) holding one JSON value or
several (JSON Lines, or values one after another), read by the one reading of JSON text
(:mod:`history_resolver._json_text`, docs/rules.md#json-text) that the server and the batch
use too.  Anything else is invalid input, said in one line that names the file
(:class:`~history_resolver._command.InputError`, exit 1).

Each place a file can be given reads one kind of file: ``FILE`` an input document,
``--history`` history entries or list-endpoint pages, ``--episodes`` catalog rows,
``--tmdb-season`` a TMDB payload.  :func:`check_kind` recognises the other kinds from their
keys and refuses a file given in the wrong place in one line (a usage error, exit 2: the
file is fine, the command line is not), instead of a wall of messages about missing keys.
A file whose kind is not recognised is left to the document layer, which names every
problem.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Sequence
from typing import Any, Literal

from ._command import InputError, UsageError
from ._json_text import UnreadableJSON, json_values, one_value
from ._jsonio import DECLINED, fast_decode

__all__ = [
    "Kind",
    "Place",
    "check_kind",
    "document_from_bytes",
    "kinds_of",
    "label",
    "read_bytes",
    "read_document",
    "read_values",
    "values_from_bytes",
]

Kind = Literal["document", "pages", "history", "catalog", "tmdb"]
Place = Literal["FILE", "--history", "--episodes", "--tmdb-season"]

# What each place reads; a file of any other recognised kind is refused.
ACCEPTS: dict[Place, frozenset[Kind]] = {
    "FILE": frozenset({"document"}),
    "--history": frozenset({"pages", "history"}),
    "--episodes": frozenset({"catalog"}),
    "--tmdb-season": frozenset({"tmdb"}),
}
# What a kind looks like, and where it goes.
LOOKS: dict[Kind, tuple[str, str]] = {
    "document": ("an input document ({history, episodes, options})", "as FILE"),
    "pages": ("a list-endpoint page ({items, hasMore, nextPageToken})", "with --history"),
    "history": ("history entries (mediaId or id, season, updatedAt, progress)", "with --history"),
    "catalog": ("catalog rows (mediaId, season, episode, airDate)", "with --episodes"),
    "tmdb": ("a TMDB season or TV details payload", "with --tmdb-season MEDIA_ID=FILE"),
}
# Keys that only one kind of item carries (a history entry, a catalog row, a TMDB episode).
_ITEM_MARKS: tuple[tuple[Kind, frozenset[str]], ...] = (
    (
        "history",
        frozenset({"updatedAt", "progress", "mediaType", "imported", "createdAt", "watched_count"}),
    ),
    ("catalog", frozenset({"airDate"})),
    ("tmdb", frozenset({"episode_number", "season_number", "air_date", "still_path", "show_id"})),
)
_TMDB_SEASON_MARKS = frozenset({"season_number", "_id", "air_date"})
_TMDB_SHOW_MARKS = frozenset({"number_of_seasons", "first_air_date", "seasons"})
_APPENDED_SEASON = re.compile(r"season/[0-9]+")
_SAMPLE = 20  # a file's kind is read from its first values (and an array's first items)


def label(name: str) -> str:
    """How messages name the file ``name`` (``-`` is stdin)."""
    return "stdin" if name == "-" else name


def read_bytes(name: str) -> bytes:
    """The bytes of the file ``name`` (``-``: stdin); a usage error if it cannot be read."""
    try:
        if name == "-":
            return sys.stdin.buffer.read()
        with open(name, "rb") as handle:
            return handle.read()
    except OSError as error:
        raise UsageError(f"cannot read {label(name)}: {error.strerror or error}") from None


def values_from_bytes(data: bytes, name: str) -> list[Any]:
    """Every JSON value in ``data``: one document, or several (JSON Lines, concatenated),
    read by the one reading of JSON text (:mod:`history_resolver._json_text`).

    ``name`` is how messages name the input.  Raises :class:`InputError` when ``data`` is
    not UTF-8, is empty, is not JSON, nests too deeply or holds an integer too long to read.
    A file of one plain value is decoded by msgspec when the ``fast`` extra is installed
    (the same value); the standard module reads everything else, and words every problem.
    """
    value = fast_decode(data)
    if value is not DECLINED:
        return [value]
    try:
        return json_values(data)
    except UnreadableJSON as error:
        raise InputError(f"{name}: {error}", error.kind) from None


def read_values(name: str) -> list[Any]:
    """Every JSON value in the file ``name`` (``-``: stdin)."""
    return values_from_bytes(read_bytes(name), label(name))


def _item_kind(value: object) -> Kind | None:
    """The kind of file one JSON value alone would be, if its keys say so."""
    if not isinstance(value, dict):
        return None
    if "history" in value:
        return "document"
    if "items" in value:
        return "pages"
    if (
        ("episodes" in value and not _TMDB_SEASON_MARKS.isdisjoint(value))
        or ("name" in value and not _TMDB_SHOW_MARKS.isdisjoint(value))
        or any(isinstance(key, str) and _APPENDED_SEASON.fullmatch(key) for key in value)
    ):
        return "tmdb"
    if "options" in value:
        return "document"
    if "episodes" in value:
        return "catalog"  # {"episodes": [...]}: a catalog on its own
    found = [kind for kind, marks in _ITEM_MARKS if not marks.isdisjoint(value)]
    return found[0] if len(found) == 1 else None


def _value_kind(value: object) -> Kind | None:
    if not isinstance(value, list):
        return _item_kind(value)
    kinds = {_item_kind(item) for item in value[:_SAMPLE]} - {None}
    return kinds.pop() if len(kinds) == 1 else None


def kinds_of(values: Sequence[object]) -> list[Kind]:
    """The kinds the first values of a file look like, each once, in the order found."""
    kinds: list[Kind] = []
    for value in values[:_SAMPLE]:
        kind = _value_kind(value)
        if kind is not None and kind not in kinds:
            kinds.append(kind)
    return kinds


def check_kind(values: Sequence[object], name: str, place: Place) -> None:
    """A usage error when the file ``name`` looks like a kind that ``place`` does not read."""
    for kind in kinds_of(values):
        if kind not in ACCEPTS[place]:
            looks, where = LOOKS[kind]
            given = "as FILE" if place == "FILE" else place
            raise UsageError(f"{name}: looks like {looks}; give it {where}, not {given}")


def document_from_bytes(data: bytes, name: str, place: Place = "FILE") -> Any:
    """The one JSON document in ``data``, as ``place`` reads it (``resolve FILE`` by
    default): a usage error if it looks like another kind of file, an input error if it
    holds more or less than one JSON value."""
    values = values_from_bytes(data, name)
    check_kind(values, name, place)
    try:
        return one_value(values)
    except UnreadableJSON as error:
        raise InputError(f"{name}: {error}", error.kind) from None


def read_document(name: str, place: Place = "FILE") -> Any:
    """The one JSON document in the file ``name`` (``-``: stdin), as ``place`` reads it."""
    return document_from_bytes(read_bytes(name), label(name), place)
