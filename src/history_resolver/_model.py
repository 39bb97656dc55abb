"""The typed values: what goes into a resolution and what comes out of it."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, datetime
from typing import Literal, final

from ._errors import Diagnostic, InvalidInputError, render_value
from ._ids import MediaId
from ._time import Timestamp, ZoneError, check_zone

__all__ = [
    "Basis",
    "CatalogEpisode",
    "EpisodeRef",
    "EpisodeState",
    "HistoryEntry",
    "InProgressItem",
    "MovieState",
    "Options",
    "SeasonSummary",
    "ShowSummary",
]

Basis = Literal["explicit", "seasonDefault", "none"]
"""Which rule decided an episode: its own entry, a season default, or nothing."""

DEFAULT_THRESHOLD = 80.0


def _fail(problems: list[Diagnostic]) -> None:
    if problems:
        raise InvalidInputError(problems)


def _error(problems: list[Diagnostic], path: str, message: str) -> None:
    problems.append(Diagnostic("error", path, message))


MAX_COUNT = 2**53 - 1
"""The largest season or episode number: JavaScript's ``Number.MAX_SAFE_INTEGER``, so that a
JavaScript client reading the output sees exactly the number that went in."""


def as_count(value: object, minimum: int) -> int | str:
    """``value`` as a season or episode number, or the rule it breaks (value shown).

    A JSON number with no fractional part counts (``2.0`` is 2); a boolean never does.
    """
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return f"{render_value(value)} is not an integer"
    if isinstance(value, float):
        if not value.is_integer():  # also false for NaN and the infinities
            return f"{render_value(value)} is not an integer"
        value = int(value)
    if value < minimum:
        return f"{render_value(value)} is less than {minimum}"
    if value > MAX_COUNT:
        return f"{render_value(value)} is more than {MAX_COUNT} (2**53 - 1)"
    return value


def _check_count(problems: list[Diagnostic], name: str, value: object, minimum: int) -> None:
    # In Python an int is an int: 1.0 is a float, unlike in JSON.
    checked = as_count(value, minimum) if isinstance(value, int) else None
    if checked is None:
        _error(problems, name, f"{render_value(value)} is not an integer")
    elif isinstance(checked, str):
        _error(problems, name, checked)


def _check_type(
    problems: list[Diagnostic], name: str, value: object, kind: type, hint: str
) -> bool:
    if isinstance(value, kind):
        return True
    _error(problems, name, f"{render_value(value)} is not a {kind.__name__}{hint}")
    return False


@final
@dataclass(frozen=True, slots=True)
class HistoryEntry:
    """One watch-history entry.

    A show entry names a ``season`` and, optionally, an ``episode``; one without an episode is
    a *season default*.  A movie entry names neither.  ``updated_at=None`` means "now" (the
    resolution's ``now``), as the API does when it creates an entry.
    """

    media_id: MediaId
    updated_at: Timestamp | None = None
    progress: float = 100.0
    season: int | None = None
    episode: int | None = None
    imported: str | None = None

    def __post_init__(self) -> None:
        problems: list[Diagnostic] = []
        if not _check_type(
            problems, "media_id", self.media_id, MediaId, " (use MediaId.parse, or watched_*)"
        ):
            _fail(problems)
        if self.updated_at is not None:
            _check_type(
                problems, "updated_at", self.updated_at, Timestamp, " (use Timestamp.parse)"
            )
        progress = self.progress
        if not isinstance(progress, (int, float)) or isinstance(progress, bool):
            _error(problems, "progress", f"{render_value(progress)} is not a number")
        elif not math.isfinite(progress):
            _error(problems, "progress", f"{render_value(progress)} is not a finite number")
        elif not 0 <= progress <= 100:
            _error(problems, "progress", f"{render_value(progress)} is outside 0..100")
        if self.media_id.kind == "movie":
            for name, value in (("season", self.season), ("episode", self.episode)):
                if value is not None:
                    _error(problems, name, f"{render_value(value)} is given for a movie")
        else:
            if self.season is None:
                _error(problems, "season", "is required for a TV entry")
            else:
                _check_count(problems, "season", self.season, 1)
            if self.episode is not None:
                _check_count(problems, "episode", self.episode, 1)
        if self.imported is not None and not isinstance(self.imported, str):
            _error(problems, "imported", f"{render_value(self.imported)} is not a string")
        _fail(problems)

    @classmethod
    def watched_episode(
        cls,
        media_id: MediaId | str,
        season: int,
        episode: int,
        updated_at: Timestamp | None = None,
        progress: float = 100.0,
    ) -> HistoryEntry:
        """An entry for one episode of a show."""
        return cls(_media(media_id), updated_at, progress, season, episode)

    @classmethod
    def watched_season(
        cls,
        media_id: MediaId | str,
        season: int,
        updated_at: Timestamp | None = None,
        progress: float = 100.0,
    ) -> HistoryEntry:
        """A season default: every episode of the season aired before ``updated_at``."""
        return cls(_media(media_id), updated_at, progress, season)

    @classmethod
    def watched_movie(
        cls,
        media_id: MediaId | str,
        updated_at: Timestamp | None = None,
        progress: float = 100.0,
    ) -> HistoryEntry:
        """An entry for a movie."""
        return cls(_media(media_id), updated_at, progress)


def _media(media_id: MediaId | str) -> MediaId:
    return media_id if isinstance(media_id, MediaId) else MediaId.parse(media_id)


@final
@dataclass(frozen=True, slots=True)
class CatalogEpisode:
    """What the client knows of one episode: where it is and when it aired.

    ``air_date`` is a calendar date (it starts at midnight in the resolution's
    ``air_date_zone``), an exact :class:`Timestamp`, or ``None`` when unknown.
    """

    media_id: MediaId
    season: int
    episode: int
    air_date: date | Timestamp | None = None

    def __post_init__(self) -> None:
        problems: list[Diagnostic] = []
        if not _check_type(
            problems, "media_id", self.media_id, MediaId, " (use MediaId.parse, or of)"
        ):
            _fail(problems)
        if self.media_id.kind != "tv":
            _error(problems, "media_id", f"{render_value(str(self.media_id))} is not a show")
        _check_count(problems, "season", self.season, 0)
        _check_count(problems, "episode", self.episode, 1)
        air_date = self.air_date
        if isinstance(air_date, datetime):
            _error(
                problems,
                "air_date",
                "a datetime is not a date: give a date, or Timestamp.from_datetime(...)",
            )
        elif air_date is not None and not isinstance(air_date, (date, Timestamp)):
            _error(problems, "air_date", f"{render_value(air_date)} is not a date or a Timestamp")
        _fail(problems)

    @classmethod
    def of(
        cls,
        media_id: MediaId | str,
        season: int,
        episode: int,
        air_date: date | Timestamp | None = None,
    ) -> CatalogEpisode:
        """A catalog episode, taking the media id in either string form."""
        return cls(_media(media_id), season, episode, air_date)


@final
@dataclass(frozen=True, slots=True)
class Options:
    """How to resolve.

    ``now`` is the instant the state is computed for: entries without ``updated_at`` take it,
    and an episode counts as aired when it aired strictly before it.  The engine never reads a
    clock: when ``now`` is ``None`` it is ``as_of``, and one of the two is required.
    ``as_of`` leaves out every entry updated after it.  A progress of at least
    ``completion_threshold`` percent is a completed watch.  A catalog date without a time
    starts at midnight in ``air_date_zone`` (an IANA name).
    """

    now: Timestamp | None = None
    as_of: Timestamp | None = None
    completion_threshold: float = DEFAULT_THRESHOLD
    air_date_zone: str = "UTC"

    def __post_init__(self) -> None:
        problems: list[Diagnostic] = []
        for name, value in (("now", self.now), ("as_of", self.as_of)):
            if value is not None:
                _check_type(problems, name, value, Timestamp, " (use Timestamp.parse)")
        if self.now is None and self.as_of is None:
            _error(
                problems, "now", "is required when as_of is not given (the engine reads no clock)"
            )
        threshold = self.completion_threshold
        if not isinstance(threshold, (int, float)) or isinstance(threshold, bool):
            _error(problems, "completion_threshold", f"{render_value(threshold)} is not a number")
        elif not (0 < threshold <= 100):  # also false for NaN
            _error(
                problems,
                "completion_threshold",
                f"{render_value(threshold)} is outside 0..100 (0 excluded)",
            )
        if not isinstance(self.air_date_zone, str):
            _error(problems, "air_date_zone", f"{render_value(self.air_date_zone)} is not a string")
        else:
            try:
                check_zone(self.air_date_zone)
            except ZoneError:
                _error(
                    problems,
                    "air_date_zone",
                    f"{render_value(self.air_date_zone)} is not an IANA time zone name",
                )
        _fail(problems)

    @property
    def effective_now(self) -> Timestamp:
        """``now``, or ``as_of`` when ``now`` was not given."""
        now = self.now if self.now is not None else self.as_of
        assert now is not None  # checked in __post_init__
        return now


@final
@dataclass(frozen=True, slots=True)
class EpisodeState:
    """The resolved state of one episode, and why.

    ``basis`` names the rule that decided (``"explicit"``: an entry for this episode;
    ``"seasonDefault"``: an entry for its season, updated after it aired; ``"none"``).
    ``decided_by`` is the index of the deciding entry in the input history, and
    ``decided_at`` its ``updatedAt``.  ``plays`` counts the completed watches in the deciding
    group; ``last_watched_at`` is the latest of them.  ``aired`` is whether the episode
    aired strictly before ``now``.
    """

    media_id: MediaId
    season: int
    episode: int
    air_date: str | None
    aired: bool
    progress: float
    completed: bool
    basis: Basis
    decided_by: int | None
    decided_at: Timestamp | None
    plays: int
    last_watched_at: Timestamp | None


@final
@dataclass(frozen=True, slots=True)
class MovieState:
    """The resolved state of one movie: the latest of its entries decides."""

    media_id: MediaId
    progress: float
    completed: bool
    decided_by: int
    decided_at: Timestamp
    plays: int
    last_watched_at: Timestamp | None


@final
@dataclass(frozen=True, slots=True)
class EpisodeRef:
    """An episode named in a show summary, with its air date and whether it has aired."""

    season: int
    episode: int
    air_date: str | None
    aired: bool


@final
@dataclass(frozen=True, slots=True)
class SeasonSummary:
    """One season's progress bar: ``completed`` counts episodes both aired and completed,
    so ``completed <= aired <= episodes`` and ``percent`` never passes 100."""

    media_id: MediaId
    season: int
    episodes: int
    aired: int
    completed: int
    percent: float
    last_watched_at: Timestamp | None


@final
@dataclass(frozen=True, slots=True)
class ShowSummary:
    """A show's progress over its seasons ``>= 1`` (specials never count), the furthest
    completed episode and the one after it."""

    media_id: MediaId
    aired: int
    completed: int
    percent: float
    last_watched_at: Timestamp | None
    last_episode: EpisodeRef | None
    next_episode: EpisodeRef | None


@final
@dataclass(frozen=True, slots=True)
class InProgressItem:
    """A started, unfinished episode (``season`` and ``episode`` set) or movie (both None)."""

    media_id: MediaId
    season: int | None
    episode: int | None
    progress: float
    updated_at: Timestamp
