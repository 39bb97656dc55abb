"""The typed values: what goes into a resolution and what comes out of it.

The values going in check themselves when built, with the same rule functions the JSON
document's reader calls (docs/rules.md#the-input-document), so a value that exists is valid
and a problem is worded alike on either road.  A problem's path here is the field's name.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import final

from ._catalog import check_row_number, check_show
from ._engine import Basis
from ._errors import Problems, render_value
from ._history import check_imported, check_season_and_episode
from ._ids import MediaId
from ._numbers import (
    DEFAULT_PROGRESS,
    DEFAULT_THRESHOLD,
    check_progress,
    check_threshold,
)
from ._options import OnInvalid, check_now_given, check_on_invalid
from ._time import Timestamp, check_zone

__all__ = [
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


def _is_a(value: object, kind: type, hint: str, problems: Problems, path: str, rule: str) -> bool:
    """Whether a typed value's field holds the type it is declared with (Python, unlike
    JSON, lets any object in)."""
    if isinstance(value, kind):
        return True
    problems.error(path, f"{render_value(value)} is not a {kind.__name__}{hint}", rule)
    return False


def _media_id(value: object, hint: str) -> None:
    problems = Problems()
    _is_a(value, MediaId, hint, problems, "media_id", "media-ids")
    problems.raise_if_any()  # nothing else can be checked without it


def _normalise(value: object, field: str, normal: object) -> None:
    """Store a field's checked, normal form (``2.0`` as 2, progress ``50`` as 50.0)."""
    object.__setattr__(value, field, normal)


@final
@dataclass(frozen=True, slots=True)
class HistoryEntry:
    """One watch-history entry.

    A show entry names a ``season`` and, optionally, an ``episode``; one without an episode is
    a *season default*.  A movie entry names neither.  ``updated_at=None`` means "now" (the
    resolution's ``now``), as the API does when it creates an entry.  Built from the API's
    JSON by :func:`~history_resolver.history_from_json`.
    """

    media_id: MediaId
    updated_at: Timestamp | None = None
    progress: float = DEFAULT_PROGRESS
    season: int | None = None
    episode: int | None = None
    imported: str | None = None

    def __post_init__(self) -> None:
        _media_id(self.media_id, " (use MediaId.parse, or watched_*)")
        problems = Problems()
        if self.updated_at is not None:
            hint = " (use Timestamp.parse)"
            _is_a(self.updated_at, Timestamp, hint, problems, "updated_at", "updatedat")
        progress = check_progress(self.progress, problems, "progress")
        numbers = check_season_and_episode(
            self.media_id.kind, self.season, self.episode, problems, ""
        )
        if self.imported is not None:
            check_imported(self.imported, problems, "imported")
        problems.raise_if_any()
        assert numbers is not None
        _normalise(self, "progress", progress)
        _normalise(self, "season", numbers[0] or None)
        _normalise(self, "episode", numbers[1] or None)

    @classmethod
    def watched_episode(
        cls,
        media_id: MediaId | str,
        season: int,
        episode: int,
        updated_at: Timestamp | None = None,
        progress: float = DEFAULT_PROGRESS,
    ) -> HistoryEntry:
        """An entry for one episode of a show."""
        return cls(_media(media_id), updated_at, progress, season, episode)

    @classmethod
    def watched_season(
        cls,
        media_id: MediaId | str,
        season: int,
        updated_at: Timestamp | None = None,
        progress: float = DEFAULT_PROGRESS,
    ) -> HistoryEntry:
        """A season default: every episode of the season aired before ``updated_at``."""
        return cls(_media(media_id), updated_at, progress, season)

    @classmethod
    def watched_movie(
        cls,
        media_id: MediaId | str,
        updated_at: Timestamp | None = None,
        progress: float = DEFAULT_PROGRESS,
    ) -> HistoryEntry:
        """An entry for a movie."""
        return cls(_media(media_id), updated_at, progress)


def _media(media_id: MediaId | str) -> MediaId:
    return media_id if isinstance(media_id, MediaId) else MediaId.parse(media_id)


def _check_air_date(air_date: object, problems: Problems) -> None:
    """A typed air date is a date, a Timestamp, or None (docs/rules.md#catalog-rows)."""
    if isinstance(air_date, datetime):
        message = "a datetime is not a date: give a date, or Timestamp.from_datetime(...)"
        problems.error("air_date", message, "catalog-rows")
    elif air_date is not None and not isinstance(air_date, (date, Timestamp)):
        message = f"{render_value(air_date)} is not a date or a Timestamp"
        problems.error("air_date", message, "catalog-rows")


@final
@dataclass(frozen=True, slots=True)
class CatalogEpisode:
    """What the client knows of one episode: where it is and when it aired.

    ``air_date`` is a calendar date (it starts at midnight in the resolution's
    ``air_date_zone``), an exact :class:`Timestamp`, or ``None`` when unknown.  Built from
    the API's JSON by :func:`~history_resolver.catalog_from_json`.
    """

    media_id: MediaId
    season: int
    episode: int
    air_date: date | Timestamp | None = None

    def __post_init__(self) -> None:
        _media_id(self.media_id, " (use MediaId.parse, or of)")
        problems = Problems()
        check_show(self.media_id.kind, str(self.media_id), problems, "media_id")
        season = check_row_number(self.season, 0, problems, "season")
        episode = check_row_number(self.episode, 1, problems, "episode")
        _check_air_date(self.air_date, problems)
        problems.raise_if_any()
        _normalise(self, "season", season)
        _normalise(self, "episode", episode)

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
    """How to resolve (docs/rules.md#options).

    ``now`` is the instant the state is computed for: entries without ``updated_at`` take it,
    and an episode counts as aired when it aired strictly before it.  The engine never reads a
    clock: when ``now`` is ``None`` it is ``as_of``, and one of the two is required.
    ``as_of`` leaves out every entry updated after it.  A progress of at least
    ``completion_threshold`` percent is a completed watch.  A catalog date without a time
    starts at midnight in ``air_date_zone`` (an IANA name).  With ``on_invalid="skip"``,
    catalog episodes given twice with different air dates are left out and reported in the
    resolution's diagnostics instead of failing the call.  Built from the API's JSON by
    :func:`~history_resolver.options_from_json`.
    """

    now: Timestamp | None = None
    as_of: Timestamp | None = None
    completion_threshold: float = DEFAULT_THRESHOLD
    air_date_zone: str = "UTC"
    on_invalid: OnInvalid = "reject"

    def __post_init__(self) -> None:
        problems = Problems()
        for name, value in (("now", self.now), ("as_of", self.as_of)):
            if value is not None:
                _is_a(value, Timestamp, " (use Timestamp.parse)", problems, name, "now-and-asof")
        check_now_given(self.now, self.as_of, problems, "now", "as_of")
        threshold = check_threshold(self.completion_threshold, problems, "completion_threshold")
        check_zone(self.air_date_zone, problems, "air_date_zone")
        check_on_invalid(self.on_invalid, problems, "on_invalid")
        problems.raise_if_any()
        _normalise(self, "completion_threshold", threshold)

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
