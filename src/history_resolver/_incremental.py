"""An incremental resolver: a profile kept resolved while entries arrive one at a time.

A user presses "mark watched": one entry is added, and only its season (or movie) needs
deciding again.  :class:`Resolver` keeps the reduced groups of the engine and the catalog
indexed by season, so adding an entry costs O(log n) and reading a season costs O(its
episodes); it always agrees with :func:`~history_resolver.resolve` on the same entries.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import final

from ._engine import Decisions, EntryRow, EpisodeRow, Groups
from ._errors import Diagnostic
from ._ids import MediaId
from ._model import CatalogEpisode, EpisodeState, HistoryEntry, MovieState, Options
from ._readers import entry_from_json
from ._resolution import Resolution, checked_catalog, entry_row, media_key
from ._time import Instant

__all__ = ["Resolver"]


@final
class Resolver:
    """A resolution that takes more entries.

    ``Resolver(catalog, options)`` starts from an empty history; ``add`` appends entries in
    order (their positions, and so ``decided_by``, continue from the entries before), and
    ``add_json`` appends one given as the API's JSON.
    """

    __slots__ = ("_catalog", "_count", "_groups", "_now", "_options", "_seasons", "_skipped")

    def __init__(
        self,
        catalog: Iterable[CatalogEpisode] = (),
        options: Options | None = None,
        history: Iterable[HistoryEntry] = (),
    ) -> None:
        if options is None:
            options = Options()  # raises: ``now`` is required
        self._options = options
        self._now = options.effective_now.ns
        as_of = options.as_of.ns if options.as_of is not None else None
        self._groups = Groups(float(options.completion_threshold), as_of)
        # (media, season) -> {episode: (air_text, air)}: the catalog, then explicit entries
        self._seasons: dict[tuple[str, int], dict[int, tuple[str | None, Instant | None]]] = {}
        self._catalog: set[tuple[str, int]] = set()
        rows, self._skipped = checked_catalog(catalog, options)
        for (media, season, episode), air_date in rows.items():
            self._seasons.setdefault((media, season), {})[episode] = air_date
            self._catalog.add((media, season))
        self._count = 0
        self.extend(history)

    def add(self, entry: HistoryEntry) -> int:
        """Add one entry after all the others; returns its position (its ``decided_by``)."""
        position = self._count
        self._add_row(entry_row(entry, position, self._now))
        return position

    def add_json(self, item: object) -> int:
        """Add one Discovr history item, read as :func:`~history_resolver.history_from_json`
        reads one (its problems are named ``history[<position>]...``); returns its position.
        """
        return self.add(entry_from_json(item, path=f"history[{self._count}]"))

    def extend(self, entries: Iterable[HistoryEntry]) -> None:
        """Add entries in order."""
        for entry in entries:
            self.add(entry)

    def _add_row(self, row: EntryRow) -> None:
        self._count += 1
        self._groups.add((row,))
        media, season, episode = row[0], row[1], row[2]
        if episode and (self._groups.as_of is None or row[3] <= self._groups.as_of):
            self._seasons.setdefault((media, season), {}).setdefault(episode, (None, None))

    def _season_rows(self, media: str, season: int) -> list[EpisodeRow]:
        episodes = self._seasons.get((media, season), {})
        decide_one = self._groups.episode_row
        return [decide_one(media, season, e, *episodes[e]) for e in sorted(episodes)]

    def season(self, media_id: MediaId | str, season: int) -> tuple[EpisodeState, ...]:
        """The state of every reported episode of one season, by episode number."""
        rows = self._season_rows(media_key(media_id), season)
        view = Resolution(Decisions(rows, [], []), self._groups.threshold, self._now)
        return tuple(view.episodes())

    def episode(self, media_id: MediaId | str, season: int, episode: int) -> EpisodeState:
        """One episode's state; ``KeyError`` if it is not reported."""
        media = media_key(media_id)
        air_text, air = self._seasons.get((media, season), {})[episode]
        row = self._groups.episode_row(media, season, episode, air_text, air)
        return Resolution(Decisions([row], [], []), self._groups.threshold, self._now).episode(
            media, season, episode
        )

    def movie(self, media_id: MediaId | str) -> MovieState:
        """One movie's state; ``KeyError`` if no entry names it."""
        media = media_key(media_id)
        row = self._groups.movie_row(media, self._groups.movies[media])
        return Resolution(Decisions([], [row], []), self._groups.threshold, self._now).movie(media)

    def resolution(self) -> Resolution:
        """The whole resolution now (costs a full pass over the reported episodes)."""
        rows = [
            row
            for media, season in sorted(self._seasons)
            for row in self._season_rows(media, season)
        ]
        diagnostics: list[Diagnostic] = self._skipped + self._groups.warnings(self._catalog)
        decisions = Decisions(rows, self._groups.movie_rows(), diagnostics)
        return Resolution(decisions, self._groups.threshold, self._now)
