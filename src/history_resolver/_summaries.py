"""What a client screen shows, computed from resolved rows
(docs/rules.md#season-summaries, #show-summaries, #continue-watching).

Pure, like the engine.  Every summary is one pass over the sorted episode rows.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import groupby
from operator import attrgetter
from typing import NamedTuple

from ._engine import EpisodeRow, MovieRow
from ._time import Moment

__all__ = [
    "EpisodePointer",
    "InProgressRow",
    "SeasonRow",
    "ShowRow",
    "Summaries",
    "aired_episodes",
    "in_progress",
    "percent",
    "summarise",
]


class SeasonRow(NamedTuple):
    media: str
    season: int
    episodes: int
    aired: int
    completed: int  # aired and completed
    percent: float
    last_watched: Moment | None


class EpisodePointer(NamedTuple):
    season: int
    episode: int
    air_text: str | None
    aired: bool


class ShowRow(NamedTuple):
    media: str
    aired: int
    completed: int
    percent: float
    last_watched: Moment | None
    last_episode: EpisodePointer | None
    next_episode: EpisodePointer | None


class Summaries(NamedTuple):
    """The season and show summaries of a resolution."""

    seasons: list[SeasonRow]
    shows: list[ShowRow]


class InProgressRow(NamedTuple):
    media: str
    season: int | None  # None for a movie
    episode: int | None
    progress: float
    updated: Moment


_MEDIA = attrgetter("media")
_SEASON = attrgetter("season")
_UPDATED = attrgetter("updated")


def percent(completed: int, aired: int) -> float:
    """``100 * completed / aired`` rounded to two places as ``round`` does; 0 when none aired."""
    return round(100 * completed / aired, 2) if aired else 0.0


def _later(a: Moment | None, b: Moment | None) -> Moment | None:
    if a is None:
        return b
    if b is None:
        return a
    return a if a >= b else b


def summarise(episodes: Sequence[EpisodeRow]) -> Summaries:
    """Season and show summaries of episode rows sorted by ``(media, season, episode)``."""
    seasons: list[SeasonRow] = []
    shows: list[ShowRow] = []
    for media, show_group in groupby(episodes, key=_MEDIA):
        show = list(show_group)
        show_aired = show_completed = 0
        show_last: Moment | None = None
        last_index = -1  # furthest completed episode of a season >= 1
        first_open = -1  # first episode of a season >= 1 that is not completed
        position = 0
        for season, season_group in groupby(show, key=_SEASON):
            n_episodes = n_aired = n_completed = 0
            season_last: Moment | None = None
            for row in season_group:
                completed, last = row.completed, row.last_watched
                n_episodes += 1
                if row.aired:
                    n_aired += 1
                    if completed:
                        n_completed += 1
                if last is not None and (season_last is None or last > season_last):
                    season_last = last
                if season >= 1:
                    if completed:
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
            next_index = last_index + 1 if last_index + 1 < len(show) else -1
        else:
            next_index = first_open
        shows.append(
            ShowRow(
                media,
                show_aired,
                show_completed,
                percent(show_completed, show_aired),
                show_last,
                _pointer(show[last_index]) if last_index >= 0 else None,
                _pointer(show[next_index]) if next_index >= 0 else None,
            )
        )
    return Summaries(seasons, shows)


def _pointer(row: EpisodeRow) -> EpisodePointer:
    return EpisodePointer(row.season, row.episode, row.air_text, row.aired)


def aired_episodes(episodes: Sequence[EpisodeRow]) -> dict[tuple[str, int, int], bool]:
    """Whether each episode, by ``(media, season, episode)``, has aired (the table's marks)."""
    return {(row.media, row.season, row.episode): row.aired for row in episodes}


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
    # newest first, then by media, season and episode: two stable sorts, as an instant of
    # either kind (a number or canonical text) orders but does not negate
    rows.sort(key=lambda r: (r.media, r.season or 0, r.episode or 0))
    rows.sort(key=_UPDATED, reverse=True)
    return rows
