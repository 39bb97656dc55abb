"""The resolution engine: history rows and catalog rows in, episode and movie rows out.

Pure: no clock, no I/O, no environment.  It works on compact tuples (built by the document
layer or by the typed API) so that one pass over the history is all it costs:

* explicit entries and movie entries are grouped by their episode (or movie), keeping only
  the latest entry, the count of completing ones and the latest completing ``updatedAt``;
* season defaults are grouped by season, keeping the latest default and the sorted
  ``updatedAt`` of the completing ones: the latest default covers every episode any older
  default covers, and a binary search counts the completing defaults that cover an episode.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from typing import NamedTuple

from ._errors import Diagnostic
from ._model import Basis
from ._time import Instant

__all__ = ["CatalogRow", "EntryRow", "EpisodeRow", "MovieRow", "Resolved", "resolve_rows"]


class EntryRow(NamedTuple):
    """A valid history entry.  ``season == 0`` marks a movie, ``episode == 0`` a season default."""

    media: str  # long-form media id
    season: int
    episode: int
    updated: Instant
    progress: float
    imported: str
    position: int  # index in the input history


class CatalogRow(NamedTuple):
    """A valid, de-duplicated catalog episode."""

    media: str
    season: int
    episode: int
    air_text: str | None
    air: Instant | None


class EpisodeRow(NamedTuple):
    media: str
    season: int
    episode: int
    air_text: str | None
    air: Instant | None
    progress: float
    completed: bool
    basis: Basis
    decided_by: int | None
    decided_at: Instant | None
    plays: int
    last_watched: Instant | None


class MovieRow(NamedTuple):
    media: str
    progress: float
    completed: bool
    decided_by: int
    decided_at: Instant
    plays: int
    last_watched: Instant | None


class Resolved(NamedTuple):
    episodes: list[EpisodeRow]  # sorted by (media, season, episode)
    movies: list[MovieRow]  # sorted by media
    warnings: list[Diagnostic]


class _Group:
    """The entries that compete for one episode or movie, reduced as they arrive."""

    __slots__ = ("imported", "index", "last", "plays", "progress", "updated")

    def __init__(self, row: EntryRow, completes: bool) -> None:
        self.updated = row.updated
        self.progress = row.progress
        self.imported = row.imported
        self.index = row.position
        self.plays = 1 if completes else 0
        self.last = row.updated if completes else None

    def add(self, row: EntryRow, completes: bool) -> None:
        updated = row.updated
        if completes:
            self.plays += 1
            if self.last is None or updated > self.last:
                self.last = updated
        # The latest entry has the greatest (updatedAt, progress, imported); on a full tie
        # the first in the list keeps the decision.
        if updated > self.updated or (
            updated == self.updated
            and (
                row.progress > self.progress
                or (row.progress == self.progress and row.imported > self.imported)
            )
        ):
            self.updated = updated
            self.progress = row.progress
            self.imported = row.imported
            self.index = row.position


class _Defaults:
    """The season defaults of one season."""

    __slots__ = ("completing", "latest", "members")

    def __init__(self) -> None:
        self.latest: _Group | None = None
        self.completing: list[Instant] = []
        self.members: list[int] = []


def resolve_rows(
    entries: Sequence[EntryRow],
    catalog: Sequence[CatalogRow],
    threshold: float,
    as_of: Instant | None,
) -> Resolved:
    """Resolve every reported episode and every movie (contract sections 3 to 5)."""
    explicit: dict[tuple[str, int, int], _Group] = {}
    movies: dict[str, _Group] = {}
    defaults: dict[tuple[str, int], _Defaults] = {}

    for row in entries:
        if as_of is not None and row.updated > as_of:
            continue
        completes = row.progress >= threshold
        if row.season == 0:
            group = movies.get(row.media)
            if group is None:
                movies[row.media] = _Group(row, completes)
            else:
                group.add(row, completes)
        elif row.episode:
            key = (row.media, row.season, row.episode)
            group = explicit.get(key)
            if group is None:
                explicit[key] = _Group(row, completes)
            else:
                group.add(row, completes)
        else:
            season_key = (row.media, row.season)
            season = defaults.get(season_key)
            if season is None:
                season = defaults[season_key] = _Defaults()
            if season.latest is None:
                season.latest = _Group(row, completes)
            else:
                season.latest.add(row, completes)
            if completes:
                season.completing.append(row.updated)
            season.members.append(row.position)

    reported: dict[tuple[str, int, int], tuple[str | None, Instant | None]] = {
        (row.media, row.season, row.episode): (row.air_text, row.air) for row in catalog
    }
    for key in explicit:
        reported.setdefault(key, (None, None))
    for season in defaults.values():
        season.completing.sort()

    episode_rows: list[EpisodeRow] = []
    for key in sorted(reported):
        air_text, air = reported[key]
        media, season_number, episode_number = key
        group = explicit.get(key)
        if group is not None:
            episode_rows.append(
                EpisodeRow(
                    media,
                    season_number,
                    episode_number,
                    air_text,
                    air,
                    group.progress,
                    group.progress >= threshold,
                    "explicit",
                    group.index,
                    group.updated,
                    group.plays,
                    group.last,
                )
            )
            continue
        season = defaults.get((media, season_number))
        latest = season.latest if season is not None else None
        if season is not None and latest is not None and air is not None and air < latest.updated:
            completing = season.completing
            plays = len(completing) - bisect_right(completing, air)
            episode_rows.append(
                EpisodeRow(
                    media,
                    season_number,
                    episode_number,
                    air_text,
                    air,
                    latest.progress,
                    latest.progress >= threshold,
                    "seasonDefault",
                    latest.index,
                    latest.updated,
                    plays,
                    completing[-1] if plays else None,
                )
            )
            continue
        episode_rows.append(
            EpisodeRow(
                media,
                season_number,
                episode_number,
                air_text,
                air,
                0.0,
                False,
                "none",
                None,
                None,
                0,
                None,
            )
        )

    movie_rows = [
        MovieRow(
            media,
            group.progress,
            group.progress >= threshold,
            group.index,
            group.updated,
            group.plays,
            group.last,
        )
        for media, group in sorted(movies.items())
    ]

    catalog_seasons = {(row.media, row.season) for row in catalog}
    warnings = [
        Diagnostic(
            "warning",
            f"history[{index}]",
            f"season default for {media} season {season_number} covers no episode: "
            "the catalog has no episode of that season",
        )
        for (media, season_number), season in defaults.items()
        if (media, season_number) not in catalog_seasons
        for index in season.members
    ]
    warnings.sort(key=lambda d: int(d.path[8:-1]))
    return Resolved(episode_rows, movie_rows, warnings)
