"""Media ids: ``TV_TMDBID1396`` names a show, ``MV_TMDBID550`` a movie.

Discovr writes the same id in two forms (``TV_TMDBID1396`` and ``TV_1396``); both parse to
one :class:`MediaId`, whose string is always the long form (docs/rules.md#media-ids).  The
list endpoint's items carry ``id`` and ``mediaType`` instead of ``mediaId``, and there the id
may be bare digits whose kind ``mediaType`` gives (docs/rules.md#history-shapes).

The rules are written once here, as checks that record problems in a
:class:`~history_resolver._errors.Problems`, and as the two pure readers the fast paths use
(:func:`media_id_of`, :func:`id_and_type`), which accept exactly what the checks accept.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal, final

from ._errors import Problems, render_value

__all__ = [
    "MediaId",
    "MediaKind",
    "check_entry_id",
    "check_media_id",
    "check_media_type",
    "from_long_form",
    "id_and_type",
    "media_id_of",
    "normalise_media_id",
]

MediaKind = Literal["tv", "movie"]

_MEDIA_ID = re.compile(r"(TV|MV)_(?:TMDBID)?([0-9]+)", re.ASCII)
_PREFIX: dict[str, MediaKind] = {"TV": "tv", "MV": "movie"}
_LONG_PREFIX: dict[MediaKind, str] = {"tv": "TV_TMDBID", "movie": "MV_TMDBID"}
_KINDS: dict[object, MediaKind] = {"tv": "tv", "movie": "movie"}
MAX_ID_DIGITS = 4000  # Python refuses to convert longer digit strings to int
TOO_LONG_RULE = f"has more than {MAX_ID_DIGITS} digits"
_TOO_LONG = 10**MAX_ID_DIGITS
ID_RULE = "is not a media id (TV_TMDBID<digits>, MV_TMDBID<digits>, TV_<digits> or MV_<digits>)"


def normalise_media_id(text: str) -> tuple[MediaKind, str] | None:
    """``(kind, long form)`` of a media id in either form, or ``None`` if it is not one
    (the digit limit aside: see :func:`media_id_of`)."""
    match = _MEDIA_ID.fullmatch(text)
    if match is None:
        return None
    kind = _PREFIX[match.group(1)]
    digits = match.group(2).lstrip("0") or "0"
    return kind, _LONG_PREFIX[kind] + digits


def long_form(kind: MediaKind, digits: str) -> str:
    """The long form of the id made of ``kind`` and a run of ASCII digits."""
    return _LONG_PREFIX[kind] + (digits.lstrip("0") or "0")


def _too_long(long: str) -> bool:
    return len(long) - len("TV_TMDBID") > MAX_ID_DIGITS


def _bare_digits(text: str) -> bool:
    return text.isascii() and text.isdigit()


def media_id_of(text: str) -> tuple[MediaKind, str] | None:
    """``(kind, long form)`` of a valid media id, else ``None`` (never words a problem)."""
    parsed = normalise_media_id(text)
    return None if parsed is None or _too_long(parsed[1]) else parsed


def id_and_type(raw: str, media_type: str) -> str | None:
    """The long form of a valid ``id`` + ``mediaType`` pair, else ``None``."""
    kind = _KINDS.get(media_type)
    if kind is None:
        return None
    if _bare_digits(raw):
        long = long_form(kind, raw)
        return None if _too_long(long) else long
    parsed = media_id_of(raw)
    return parsed[1] if parsed is not None and parsed[0] == kind else None


def check_media_id(value: object, problems: Problems, path: str) -> tuple[MediaKind, str] | None:
    """docs/rules.md#media-ids: either form of a show or movie id, at most 4000 digits.

    Returns ``(kind, long form)``.
    """
    if not isinstance(value, str):
        problems.error(path, f"{render_value(value)} is not a string", "media-ids")
        return None
    parsed = normalise_media_id(value)
    if parsed is None:
        problems.error(path, f"{render_value(value)} {ID_RULE}", "media-ids")
        return None
    if _too_long(parsed[1]):
        problems.error(path, f"{render_value(value)} {TOO_LONG_RULE}", "media-ids")
        return None
    return parsed


def check_media_type(value: object, problems: Problems, path: str) -> MediaKind | None:
    """docs/rules.md#history-shapes: a ``mediaType`` is ``"tv"`` or ``"movie"``."""
    kind = _KINDS.get(value) if isinstance(value, str) else None
    if kind is None:
        problems.error(path, f'{render_value(value)} is not "tv" or "movie"', "history-shapes")
    return kind


def check_entry_id(
    item: dict[str, object], problems: Problems, path: str
) -> tuple[MediaKind, str] | None:
    """docs/rules.md#history-shapes: the media id of a history entry.

    ``mediaId`` if given, else ``id``; bare digits in ``id`` take their kind from
    ``mediaType``, and a ``mediaType`` that contradicts the id is invalid.
    """
    media_type = item.get("mediaType")
    type_kind = (
        None if media_type is None else check_media_type(media_type, problems, path + ".mediaType")
    )
    field = "mediaId" if item.get("mediaId") is not None else "id"
    raw = item.get(field)
    if raw is None:
        problems.error(path, "has neither mediaId nor id", "history-shapes")
        return None
    if field == "id" and isinstance(raw, str) and _bare_digits(raw):
        return _bare_id(raw, type_kind, media_type is None, problems, path + ".id")
    parsed = check_media_id(raw, problems, f"{path}.{field}")
    if parsed is not None and type_kind not in (None, parsed[0]):
        message = f"{render_value(media_type)} contradicts {field} {render_value(raw)}"
        problems.error(path + ".mediaType", message, "history-shapes")
        return None
    return parsed


def _bare_id(
    raw: str, kind: MediaKind | None, untyped: bool, problems: Problems, path: str
) -> tuple[MediaKind, str] | None:
    if kind is None:
        if untyped:  # (an invalid mediaType is reported already)
            message = (
                f"{render_value(raw)} has no TV_ or MV_ prefix and no mediaType says which it is"
            )
            problems.error(path, message, "history-shapes")
        return None
    long = long_form(kind, raw)
    if _too_long(long):
        problems.error(path, f"{render_value(raw)} {TOO_LONG_RULE}", "media-ids")
        return None
    return kind, long


@final
@dataclass(frozen=True, slots=True)
class MediaId:
    """A show or a movie, by its TMDB id.  ``str()`` gives the long form."""

    kind: MediaKind
    tmdb_id: int

    def __post_init__(self) -> None:
        problems = Problems()
        check_media_type(self.kind, problems, "kind")
        tmdb_id = self.tmdb_id
        if not isinstance(tmdb_id, int) or isinstance(tmdb_id, bool):
            problems.error("tmdb_id", f"{render_value(tmdb_id)} is not an integer", "media-ids")
        elif tmdb_id < 0:
            problems.error("tmdb_id", f"{tmdb_id} is less than 0", "media-ids")
        elif tmdb_id >= _TOO_LONG:
            problems.error("tmdb_id", TOO_LONG_RULE, "media-ids")
        problems.raise_if_any()

    @classmethod
    def parse(cls, text: str) -> MediaId:
        """Parse either form (``TV_TMDBID1396`` or ``TV_1396``)."""
        problems = Problems()
        parsed = check_media_id(text, problems, "mediaId")
        problems.raise_if_any()
        assert parsed is not None
        return from_long_form(*parsed)

    @classmethod
    def tv(cls, tmdb_id: int) -> MediaId:
        """The show with this TMDB id."""
        return cls("tv", tmdb_id)

    @classmethod
    def movie(cls, tmdb_id: int) -> MediaId:
        """The movie with this TMDB id."""
        return cls("movie", tmdb_id)

    @property
    def is_show(self) -> bool:
        return self.kind == "tv"

    def __str__(self) -> str:
        return f"{_LONG_PREFIX[self.kind]}{self.tmdb_id}"


def from_long_form(kind: MediaKind, long: str) -> MediaId:
    """The :class:`MediaId` of a checked long-form id (``TV_TMDBID1396``)."""
    return MediaId(kind, int(long[len(_LONG_PREFIX[kind]) :]))
