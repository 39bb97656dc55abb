"""The resolution engine: history rows and catalog rows in, episode and movie rows out.

Pure: no clock, no I/O, no environment.  It works on plain tuples (built by ``_history`` and
``_catalog`` from a document, or by ``_resolution`` from typed values) and costs one pass over
the history plus one over the catalog:

* explicit entries and movie entries are grouped by their episode (or movie), keeping only
  the latest entry, the count of completing ones and the latest completing ``updatedAt``;
* season defaults are grouped by season, keeping the latest default and the sorted
  ``updatedAt`` of the completing ones: the latest default covers every episode any older
  default covers, and a binary search counts the completing defaults that cover an episode.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Container, Iterable
from typing import Any, Literal, NamedTuple

from ._errors import Diagnostic, render_value
from ._time import Instant

__all__ = [
    "Basis",
    "Catalog",
    "Decisions",
    "EntryRow",
    "EpisodeRow",
    "Groups",
    "MovieRow",
    "decide",
]

Basis = Literal["explicit", "seasonDefault", "none"]
"""Which rule decided an episode: its own entry, a season default, or nothing."""

EntryRow = tuple[str, int, int, Instant, float, str, int]
"""A valid history entry: ``(media, season, episode, updated, progress, imported, position)``.

``media`` is the long-form id; ``season == 0`` marks a movie and ``episode == 0`` a season
default; ``imported`` is ``""`` when absent; ``position`` is the index in the input history.
"""

Catalog = dict[tuple[str, int, int], tuple["str | None", "Instant | None"]]
"""The catalog, one entry per episode: ``(media, season, episode) -> (air_text, air)``."""


EpisodeRow = tuple[
    str, int, int, "str | None", "Instant | None", float, bool, Basis,
    "int | None", "Instant | None", int, "Instant | None",
]  # fmt: skip
"""A resolved episode: ``(media, season, episode, air_text, air, progress, completed, basis,
decided_by, decided_at, plays, last_watched)``.  A plain tuple: there are many of them."""


class MovieRow(NamedTuple):
    media: str
    progress: float
    completed: bool
    decided_by: int
    decided_at: Instant
    plays: int
    last_watched: Instant | None


class Decisions(NamedTuple):
    episodes: list[EpisodeRow]  # sorted by (media, season, episode)
    movies: list[MovieRow]  # sorted by media
    warnings: list[Diagnostic]


# A group of competing entries, reduced as they arrive.  A list rather than an object: this
# is the innermost loop.  [updated, progress, imported, position, plays, last completing]
_Group = list[Any]


class Groups:
    """The history reduced to what decides: per episode, per season (defaults), per movie.

    ``add`` takes entries in input order, any number of times (the incremental resolver
    adds one at a time); ``episode_row`` then decides any one episode in O(log n).
    """

    __slots__ = (
        "_unsorted",
        "as_of",
        "completing",
        "defaults",
        "explicit",
        "members",
        "movies",
        "threshold",
    )

    def __init__(self, threshold: float, as_of: Instant | None) -> None:
        self.threshold = threshold
        self.as_of = as_of
        self.explicit: dict[tuple[str, int, int], _Group] = {}
        self.movies: dict[str, _Group] = {}
        self.defaults: dict[tuple[str, int], _Group] = {}
        # the updatedAt of each completing default, sorted before use
        self.completing: dict[tuple[str, int], list[Instant]] = {}
        self.members: dict[tuple[str, int], list[int]] = {}  # positions of the defaults
        self._unsorted: set[tuple[str, int]] = set()

    def add(self, entries: Iterable[EntryRow]) -> None:
        """Reduce more entries into the groups (entries later than ``as_of`` are left out)."""
        threshold, as_of = self.threshold, self.as_of
        # keyed by episode, by movie and by season: one code path reduces all three
        explicit: dict[Any, _Group] = self.explicit
        movies: dict[Any, _Group] = self.movies
        defaults: dict[Any, _Group] = self.defaults
        completing, members, unsorted = self.completing, self.members, self._unsorted
        for media, season, episode, updated, progress, imported, position in entries:
            if as_of is not None and updated > as_of:
                continue
            completes = progress >= threshold
            key: Any
            if episode:
                table, key = explicit, (media, season, episode)
            elif season:
                table, key = defaults, (media, season)
                members.setdefault(key, []).append(position)
                if completes:
                    completing.setdefault(key, []).append(updated)
                    unsorted.add(key)
            else:
                table, key = movies, media
            group = table.get(key)
            if group is None:
                # (plays and the last completing instant are read for explicit and movie
                # groups only: a season default's come from ``completing``)
                table[key] = [
                    updated,
                    progress,
                    imported,
                    position,
                    1 if completes else 0,
                    updated if completes else None,
                ]
                continue
            if completes:
                group[4] += 1
                last = group[5]
                if last is None or updated > last:
                    group[5] = updated
            # The latest entry has the greatest (updatedAt, progress, imported); on a full
            # tie the entry first in the list keeps the decision.
            latest = group[0]
            if updated > latest or (
                updated == latest
                and (progress > group[1] or (progress == group[1] and imported > group[2]))
            ):
                group[0] = updated
                group[1] = progress
                group[2] = imported
                group[3] = position
        if unsorted:
            for key2 in unsorted:
                completing[key2].sort()
            unsorted.clear()

    def episode_row(
        self, media: str, season: int, episode: int, air_text: str | None, air: Instant | None
    ) -> EpisodeRow:
        """Decide one episode: its explicit entries, else the season defaults that cover it."""
        threshold = self.threshold
        group = self.explicit.get((media, season, episode))
        if group is not None:
            progress = group[1]
            return (
                media,
                season,
                episode,
                air_text,
                air,
                progress,
                progress >= threshold,
                "explicit",
                group[3],
                group[0],
                group[4],
                group[5],
            )
        if air is not None:
            group = self.defaults.get((media, season))
            if group is not None and air < group[0]:
                times = self.completing.get((media, season), _NO_TIMES)
                plays = len(times) - bisect_right(times, air)
                progress = group[1]
                return (
                    media,
                    season,
                    episode,
                    air_text,
                    air,
                    progress,
                    progress >= threshold,
                    "seasonDefault",
                    group[3],
                    group[0],
                    plays,
                    times[-1] if plays else None,
                )
        return (media, season, episode, air_text, air, 0.0, False, "none", None, None, 0, None)

    def movie_row(self, media: str, group: _Group) -> MovieRow:
        """Decide one movie from its group: the latest of its entries."""
        progress = group[1]
        return MovieRow(
            media, progress, progress >= self.threshold, group[3], group[0], group[4], group[5]
        )

    def movie_rows(self) -> list[MovieRow]:
        """Every movie, by media id."""
        return [self.movie_row(media, group) for media, group in sorted(self.movies.items())]

    def warnings(self, catalog_seasons: Container[tuple[str, int]]) -> list[Diagnostic]:
        """A warning for each season default whose season the catalog lacks, by position."""
        return [
            Diagnostic(
                "warning",
                f"history[{position}]",
                f"season default for {media} season {render_value(season)} covers no episode: "
                "the catalog has no episode of that season",
                "uncovered-season-defaults",
            )
            for position, media, season in sorted(
                (position, media, season)
                for (media, season), positions in self.members.items()
                if (media, season) not in catalog_seasons
                for position in positions
            )
        ]


_NO_TIMES: list[Instant] = []


def decide(
    entries: Iterable[EntryRow],
    catalog: Catalog,
    threshold: float,
    as_of: Instant | None,
) -> Decisions:
    """Resolve every reported episode and every movie (contract sections 3 to 5)."""
    groups = Groups(threshold, as_of)
    groups.add(entries)
    reported = dict(catalog)
    catalog_seasons = {(media, season) for media, season, _ in catalog}
    for key3 in groups.explicit:
        if key3 not in reported:
            reported[key3] = (None, None)
    decide_one = groups.episode_row
    episodes = [decide_one(*key3, *reported[key3]) for key3 in sorted(reported)]
    return Decisions(episodes, groups.movie_rows(), groups.warnings(catalog_seasons))
