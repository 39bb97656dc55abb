"""The resolution engine: history rows and catalog rows in, episode and movie rows out.

Pure: no clock, no I/O, no environment.  It works on plain tuples (built by the document
layer or by the typed API) and costs one pass over the history plus one over the catalog:

* explicit entries and movie entries are grouped by their episode (or movie), keeping only
  the latest entry, the count of completing ones and the latest completing ``updatedAt``;
* season defaults are grouped by season, keeping the latest default and the sorted
  ``updatedAt`` of the completing ones: the latest default covers every episode any older
  default covers, and a binary search counts the completing defaults that cover an episode.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from typing import Any, NamedTuple

from ._errors import Diagnostic
from ._model import Basis
from ._time import Instant

__all__ = ["CatalogRow", "EntryRow", "EpisodeRow", "MovieRow", "Resolved", "resolve_rows"]

EntryRow = tuple[str, int, int, Instant, float, str, int]
"""A valid history entry: ``(media, season, episode, updated, progress, imported, position)``.

``media`` is the long-form id; ``season == 0`` marks a movie and ``episode == 0`` a season
default; ``imported`` is ``""`` when absent; ``position`` is the index in the input history.
"""

CatalogRow = tuple[str, int, int, "str | None", "Instant | None"]
"""A valid, de-duplicated catalog episode: ``(media, season, episode, air_text, air)``."""


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


class Resolved(NamedTuple):
    episodes: list[EpisodeRow]  # sorted by (media, season, episode)
    movies: list[MovieRow]  # sorted by media
    warnings: list[Diagnostic]


# A group of competing entries, reduced as they arrive.  A list rather than an object: this
# is the innermost loop.  [updated, progress, imported, position, plays, last completing]
_Group = list[Any]


def resolve_rows(
    entries: Sequence[EntryRow],
    catalog: Sequence[CatalogRow],
    threshold: float,
    as_of: Instant | None,
) -> Resolved:
    """Resolve every reported episode and every movie (contract sections 3 to 5)."""
    explicit: dict[tuple[str, int, int], _Group] = {}
    movies: dict[str, _Group] = {}
    defaults: dict[tuple[str, int], _Group] = {}
    completing: dict[tuple[str, int], list[Instant]] = {}
    members: dict[tuple[str, int], list[int]] = {}

    for media, season, episode, updated, progress, imported, position in entries:
        if as_of is not None and updated > as_of:
            continue
        completes = progress >= threshold
        group: _Group | None
        if episode:
            key3 = (media, season, episode)
            group = explicit.get(key3)
            if group is None:
                explicit[key3] = [
                    updated,
                    progress,
                    imported,
                    position,
                    1 if completes else 0,
                    updated if completes else None,
                ]
                continue
        elif season:
            key2 = (media, season)
            members.setdefault(key2, []).append(position)
            if completes:
                completing.setdefault(key2, []).append(updated)
            group = defaults.get(key2)
            if group is None:
                defaults[key2] = [updated, progress, imported, position, 0, None]
                continue
        else:
            group = movies.get(media)
            if group is None:
                movies[media] = [
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
        # The latest entry has the greatest (updatedAt, progress, imported); on a full tie
        # the entry first in the list keeps the decision.
        latest = group[0]
        if updated > latest or (
            updated == latest
            and (progress > group[1] or (progress == group[1] and imported > group[2]))
        ):
            group[0] = updated
            group[1] = progress
            group[2] = imported
            group[3] = position

    reported: dict[tuple[str, int, int], tuple[str | None, Instant | None]] = {
        (media, season, episode): (air_text, air)
        for media, season, episode, air_text, air in catalog
    }
    catalog_seasons = {(media, season) for media, season, _ in reported} if defaults else set()
    for key3 in explicit:
        if key3 not in reported:
            reported[key3] = (None, None)
    for times in completing.values():
        times.sort()
    no_times: list[Instant] = []

    episode_rows: list[EpisodeRow] = []
    append = episode_rows.append
    for key3 in sorted(reported):
        air_text, air = reported[key3]
        group = explicit.get(key3)
        if group is not None:
            progress = group[1]
            append(
                (
                    *key3,
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
            )
            continue
        if air is not None:
            key2 = (key3[0], key3[1])
            group = defaults.get(key2)
            if group is not None and air < group[0]:
                times = completing.get(key2, no_times)
                plays = len(times) - bisect_right(times, air)
                progress = group[1]
                append(
                    (
                        *key3,
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
                )
                continue
        append((*key3, air_text, air, 0.0, False, "none", None, None, 0, None))

    movie_rows = [
        MovieRow(media, group[1], group[1] >= threshold, group[3], group[0], group[4], group[5])
        for media, group in sorted(movies.items())
    ]
    warnings = [
        Diagnostic(
            "warning",
            f"history[{position}]",
            f"season default for {media} season {season} covers no episode: "
            "the catalog has no episode of that season",
        )
        for position, media, season in sorted(
            (position, media, season)
            for (media, season), positions in members.items()
            if (media, season) not in catalog_seasons
            for position in positions
        )
    ]
    return Resolved(episode_rows, movie_rows, warnings)
