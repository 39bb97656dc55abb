"""Media ids: ``TV_TMDBID1396`` names a show, ``MV_TMDBID550`` a movie.

Discovr writes the same id in two forms (``TV_TMDBID1396`` and ``TV_1396``); both parse to
one :class:`MediaId`, whose string is always the long form.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal, final

from ._errors import Diagnostic, InvalidInputError, render_value

__all__ = ["MediaId", "MediaKind", "normalise_media_id"]

MediaKind = Literal["tv", "movie"]

_MEDIA_ID = re.compile(r"(TV|MV)_(?:TMDBID)?([0-9]+)", re.ASCII)
_PREFIX: dict[str, MediaKind] = {"TV": "tv", "MV": "movie"}
_LONG_PREFIX: dict[MediaKind, str] = {"tv": "TV_TMDBID", "movie": "MV_TMDBID"}
MAX_ID_DIGITS = 4000  # Python refuses to convert longer digit strings to int
TOO_LONG_RULE = f"has more than {MAX_ID_DIGITS} digits"
_TOO_LONG = 10**MAX_ID_DIGITS
ID_RULE = "is not a media id (TV_TMDBID<digits>, MV_TMDBID<digits>, TV_<digits> or MV_<digits>)"


def normalise_media_id(text: str) -> tuple[MediaKind, str] | None:
    """``(kind, long form)`` of a media id in either form, or ``None`` if it is not one."""
    match = _MEDIA_ID.fullmatch(text)
    if match is None:
        return None
    kind = _PREFIX[match.group(1)]
    digits = match.group(2).lstrip("0") or "0"
    return kind, _LONG_PREFIX[kind] + digits


def long_form(kind: MediaKind, digits: str) -> str:
    """The long form of the id made of ``kind`` and a run of ASCII digits."""
    return _LONG_PREFIX[kind] + (digits.lstrip("0") or "0")


@final
@dataclass(frozen=True, slots=True)
class MediaId:
    """A show or a movie, by its TMDB id.  ``str()`` gives the long form."""

    kind: MediaKind
    tmdb_id: int

    def __post_init__(self) -> None:
        problems = []
        if self.kind not in _LONG_PREFIX:
            problems.append(
                Diagnostic("error", "kind", f'{render_value(self.kind)} is not "tv" or "movie"')
            )
        tmdb_id = self.tmdb_id
        if not isinstance(tmdb_id, int) or isinstance(tmdb_id, bool):
            problems.append(
                Diagnostic("error", "tmdb_id", f"{render_value(tmdb_id)} is not an integer")
            )
        elif tmdb_id < 0:
            problems.append(Diagnostic("error", "tmdb_id", f"{tmdb_id} is less than 0"))
        elif tmdb_id >= _TOO_LONG:
            problems.append(Diagnostic("error", "tmdb_id", TOO_LONG_RULE))
        if problems:
            raise InvalidInputError(problems)

    @classmethod
    def parse(cls, text: str) -> MediaId:
        """Parse either form (``TV_TMDBID1396`` or ``TV_1396``)."""
        parsed = normalise_media_id(text) if isinstance(text, str) else None
        if parsed is None:
            raise InvalidInputError(
                [Diagnostic("error", "mediaId", f"{render_value(text)} {ID_RULE}")]
            )
        kind, long = parsed
        digits = long[len(_LONG_PREFIX[kind]) :]
        if len(digits) > MAX_ID_DIGITS:
            raise InvalidInputError(
                [Diagnostic("error", "mediaId", f"{render_value(text)} {TOO_LONG_RULE}")]
            )
        return cls(kind, int(digits))

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
