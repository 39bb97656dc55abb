"""What a client screen shows, computed from resolved rows and ``now`` (contract section 8).

Pure, like the engine.  Every summary is one pass over the sorted episode rows.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from ._engine import EpisodeRow, MovieRow
from ._time import Instant

__all__ = ["InProgressRow", "SeasonRow", "ShowRow", "in_progress", "percent", "summarise"]


class SeasonRow(NamedTuple):
    media: str
    season: int
    episodes: int
    aired: int
    completed: int  # aired and completed
    percent: float
    last_watched: Instant | None


class EpisodeRef(NamedTuple):
    season: int
    episode: int
    air_text: str | None
    aired: bool


class ShowRow(NamedTuple):
    media: str
    aired: int
    completed: int
    percent: float
    last_watched: Instant | None
    last_episode: EpisodeRef | None
    next_episode: EpisodeRef | None


class InProgressRow(NamedTuple):
    media: str
    season: int | None  # None for a movie
    episode: int | None
    progress: float
    updated: Instant


def percent(completed: int, aired: int) -> float:
    """``100 * completed / aired`` rounded to two places as ``round`` does; 0 when none aired."""
    return round(100 * completed / aired, 2) if aired else 0.0


def _later(a: Instant | None, b: Instant | None) -> Instant | None:
    if a is None:
        return b
    if b is None:
        return a
    return a if a >= b else b


def summarise(
    episodes: Sequence[EpisodeRow], now: Instant
) -> tuple[list[SeasonRow], list[ShowRow]]:
    """Season and show summaries of episode rows sorted by ``(media, season, episode)``."""
    seasons: list[SeasonRow] = []
    shows: list[ShowRow] = []
    count = len(episodes)
    start = 0
    while start < count:
        media = episodes[start].media
        end = start
        while end < count and episodes[end].media == media:
            end += 1
        show_aired = show_completed = 0
        show_last: Instant | None = None
        last_index = -1  # furthest completed episode of season >= 1
        first_open = -1  # first episode of season >= 1 that is not completed
        position = start
        while position < end:
            season = episodes[position].season
            n_episodes = n_aired = n_completed = 0
            season_last: Instant | None = None
            while position < end and episodes[position].season == season:
                row = episodes[position]
                n_episodes += 1
                if row.air is not None and row.air < now:
                    n_aired += 1
                    if row.completed:
                        n_completed += 1
                season_last = _later(season_last, row.last_watched)
                if season >= 1:
                    if row.completed:
                        last_index = position
                    elif first_open < 0:
                        first_open = position
                position += 1
            seasons.append(
                SeasonRow(
                    media,
                    season,
                    n_episodes,
                    n_aired,
                    n_completed,
                    percent(n_completed, n_aired),
                    season_last,
                )
            )
            if season >= 1:
                show_aired += n_aired
                show_completed += n_completed
                show_last = _later(show_last, season_last)
        if last_index >= 0:
            next_index = last_index + 1 if last_index + 1 < end else -1
        else:
            next_index = first_open
        shows.append(
            ShowRow(
                media,
                show_aired,
                show_completed,
                percent(show_completed, show_aired),
                show_last,
                _ref(episodes[last_index], now) if last_index >= 0 else None,
                _ref(episodes[next_index], now) if next_index >= 0 else None,
            )
        )
        start = end
    return seasons, shows


def _ref(row: EpisodeRow, now: Instant) -> EpisodeRef:
    return EpisodeRef(row.season, row.episode, row.air_text, row.air is not None and row.air < now)


def in_progress(
    episodes: Sequence[EpisodeRow], movies: Sequence[MovieRow], threshold: float
) -> list[InProgressRow]:
    """Episodes and movies started but not completed, newest deciding ``updatedAt`` first."""
    rows = [
        InProgressRow(row.media, row.season, row.episode, row.progress, row.decided_at)
        for row in episodes
        if 0 < row.progress < threshold and row.decided_at is not None
    ]
    rows.extend(
        InProgressRow(row.media, None, None, row.progress, row.decided_at)
        for row in movies
        if 0 < row.progress < threshold
    )
    rows.sort(key=lambda r: (-r.updated, r.media, r.season or 0, r.episode or 0))
    return rows
