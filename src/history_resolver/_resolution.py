"""The typed, in-process API: :func:`resolve` and the :class:`Resolution` it returns."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import final

from ._catalog import typed_catalog
from ._engine import Catalog, Decisions, EntryRow, EpisodeRow, MovieRow, decide
from ._errors import Diagnostic, InvalidInputError, Problems
from ._gc import collector_paused
from ._ids import MediaId
from ._model import (
    CatalogEpisode,
    EpisodeRef,
    EpisodeState,
    HistoryEntry,
    InProgressItem,
    MovieState,
    Options,
    SeasonSummary,
    ShowSummary,
)
from ._summaries import EpisodePointer, SeasonRow, ShowRow, in_progress, summarise
from ._time import Instant, Timestamp, aired

__all__ = ["Resolution", "resolve"]


def resolve(
    history: Iterable[HistoryEntry],
    catalog: Iterable[CatalogEpisode] = (),
    options: Options | None = None,
    *,
    now: Timestamp | None = None,
) -> Resolution:
    """Resolve a watch history against a catalog.

    Give either ``options`` or just ``now`` (``resolve(history, catalog, now=...)`` is
    ``Options(now=...)`` with every other option at its default).  ``decided_by`` in the
    result is the position of the deciding entry in ``history``.  Catalog episodes given
    twice with different air dates raise :class:`InvalidInputError` naming every such row
    (docs/rules.md#catalog-conflicts), or, with ``on_invalid="skip"``, are left out and
    reported in the resolution's ``diagnostics``.
    """
    if options is None:
        options = Options(now=now)  # without now, this raises: the engine reads no clock
    elif now is not None:
        problems = Problems()
        problems.error("now", "is given twice: as an argument and in options", "now-and-asof")
        problems.raise_if_any()
    now_ns = options.effective_now.ns
    as_of = options.as_of.ns if options.as_of is not None else None
    threshold = float(options.completion_threshold)
    with collector_paused():
        entries = [entry_row(entry, index, now_ns) for index, entry in enumerate(history)]
        rows, skipped = checked_catalog(catalog, options)
        decisions = decide(entries, rows, threshold, as_of)
        decisions.warnings[:0] = skipped  # the rows left out come first, as in a document
        return Resolution(decisions, threshold, now_ns)


def checked_catalog(
    catalog: Iterable[CatalogEpisode], options: Options
) -> tuple[Catalog, list[Diagnostic]]:
    """The engine's catalog of typed episodes, and the problems of the rows left out of it
    (only with ``on_invalid="skip"``: else they raise)."""
    problems = Problems()
    rows = typed_catalog(catalog, options.air_date_zone, problems)
    if options.on_invalid == "reject":
        problems.raise_if_any()
    return rows, problems.items


def entry_row(entry: HistoryEntry, position: int, now: Instant) -> EntryRow:
    """The engine row of a typed entry at ``position`` in its history."""
    return (
        str(entry.media_id),
        entry.season or 0,
        entry.episode or 0,
        entry.updated_at.ns if entry.updated_at is not None else now,
        entry.progress,
        entry.imported or "",
        position,
    )


def media_key(media_id: MediaId | str) -> str:
    """The long-form id string of either form (``KeyError`` for what is not an id, as a
    lookup of a missing key)."""
    if isinstance(media_id, MediaId):
        return str(media_id)
    try:
        return str(MediaId.parse(media_id))
    except InvalidInputError:
        raise KeyError(media_id) from None


def _stamp(instant: Instant | None) -> Timestamp | None:
    return None if instant is None else Timestamp(instant)


@final
class Resolution:
    """Every resolved episode and movie, with lookups by id (either form).

    Episodes iterate in ``(mediaId, season, episode)`` order, movies by ``mediaId``.
    """

    __slots__ = (
        "_by_episode",
        "_by_movie",
        "_ids",
        "_now",
        "_resolved",
        "_summaries",
        "_threshold",
    )

    def __init__(self, resolved: Decisions, threshold: float, now: Instant) -> None:
        self._resolved = resolved
        self._threshold = threshold
        self._now = Timestamp(now)
        self._ids: dict[str, MediaId] = {}
        self._by_episode: dict[tuple[str, int, int], EpisodeRow] | None = None
        self._by_movie: dict[str, MovieRow] | None = None
        self._summaries: tuple[list[SeasonRow], list[ShowRow]] | None = None

    @property
    def now(self) -> Timestamp:
        """The instant this resolution is for (what "aired" is measured against)."""
        return self._now

    @property
    def threshold(self) -> float:
        """The completion threshold, in percent."""
        return self._threshold

    @property
    def diagnostics(self) -> tuple[Diagnostic, ...]:
        """What resolving found: catalog episodes left out with ``on_invalid="skip"``
        (errors), then warnings (a season default that covers no episode)."""
        return tuple(self._resolved.warnings)

    def _media(self, key: str) -> MediaId:
        media = self._ids.get(key)
        if media is None:
            media = self._ids[key] = MediaId.parse(key)
        return media

    def _episode_state(self, row: EpisodeRow) -> EpisodeState:
        media, season, episode, air_text, air, progress, completed, basis = row[:8]
        decided_by, decided_at, plays, last = row[8:]
        return EpisodeState(
            self._media(media),
            season,
            episode,
            air_text,
            aired(air, self.now.ns),
            progress,
            completed,
            basis,
            decided_by,
            _stamp(decided_at),
            plays,
            _stamp(last),
        )

    def _movie_state(self, row: MovieRow) -> MovieState:
        return MovieState(
            self._media(row.media),
            row.progress,
            row.completed,
            row.decided_by,
            Timestamp(row.decided_at),
            row.plays,
            _stamp(row.last_watched),
        )

    def episodes(self) -> Iterator[EpisodeState]:
        """Every reported episode: each catalog episode and each one an entry names."""
        return (self._episode_state(row) for row in self._resolved.episodes)

    def movies(self) -> Iterator[MovieState]:
        """Every movie the history names."""
        return (self._movie_state(row) for row in self._resolved.movies)

    def episode(self, media_id: MediaId | str, season: int, episode: int) -> EpisodeState:
        """One episode's state; ``KeyError`` if it was not reported."""
        if self._by_episode is None:
            self._by_episode = {row[:3]: row for row in self._resolved.episodes}
        return self._episode_state(self._by_episode[(media_key(media_id), season, episode)])

    def movie(self, media_id: MediaId | str) -> MovieState:
        """One movie's state; ``KeyError`` if the history does not name it."""
        if self._by_movie is None:
            self._by_movie = {r.media: r for r in self._resolved.movies}
        return self._movie_state(self._by_movie[media_key(media_id)])

    def summary_rows(self) -> tuple[list[SeasonRow], list[ShowRow]]:
        """The season and show summary rows (computed once)."""
        if self._summaries is None:
            self._summaries = summarise(self._resolved.episodes, self.now.ns)
        return self._summaries

    def seasons(self) -> Iterator[SeasonSummary]:
        """Each season's counts and percent, by ``(mediaId, season)``."""
        for row in self.summary_rows()[0]:
            yield SeasonSummary(
                self._media(row.media),
                row.season,
                row.episodes,
                row.aired,
                row.completed,
                row.percent,
                _stamp(row.last_watched),
            )

    def shows(self) -> Iterator[ShowSummary]:
        """Each show's counts, percent, last completed and next episode, by ``mediaId``."""
        for row in self.summary_rows()[1]:
            yield ShowSummary(
                self._media(row.media),
                row.aired,
                row.completed,
                row.percent,
                _stamp(row.last_watched),
                _episode_ref(row.last_episode),
                _episode_ref(row.next_episode),
            )

    def in_progress(self) -> Iterator[InProgressItem]:
        """Continue watching: started, unfinished episodes and movies, newest first."""
        for row in in_progress(self._resolved.episodes, self._resolved.movies, self.threshold):
            yield InProgressItem(
                self._media(row.media),
                row.season,
                row.episode,
                row.progress,
                Timestamp(row.updated),
            )


def _episode_ref(row: EpisodePointer | None) -> EpisodeRef | None:
    return None if row is None else EpisodeRef(row.season, row.episode, row.air_text, row.aired)
