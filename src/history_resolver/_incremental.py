"""An incremental resolver: a profile kept resolved while entries arrive one at a time.

A user presses "mark watched": one entry is added, and only its season (or movie) needs
deciding again.  :class:`Resolver` keeps the reduced groups of the engine and the catalog
indexed by season, so adding an entry costs O(log n) and reading a season costs O(its
episodes); it always agrees with :func:`~history_resolver.resolve` on the same entries.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import final

from ._engine import UNKNOWN_AIR, AirDate, Decisions, EpisodeRow, Groups
from ._errors import Diagnostic
from ._gc import collector_paused
from ._ids import MediaId
from ._model import CatalogEpisode, EpisodeState, HistoryEntry, MovieState, Options
from ._readers import entry_from_json
from ._resolution import Resolution, check_numbers, checked_catalog, entry_row, lookup_key

__all__ = ["Resolver"]


@final
class Resolver:
    """A resolution that takes more entries.

    ``Resolver(catalog, options)`` starts from an empty history; ``add`` appends entries in
    order (their positions, and so ``decided_by``, continue from the entries before), and
    ``add_json`` appends one given as the API's JSON.  Catalog episodes given twice with
    different air dates fail, or with ``on_invalid="skip"`` are left out and reported in
    :meth:`resolution`'s diagnostics, as :func:`resolve` does.

    Lookups answer as :class:`Resolution`'s do: ``None`` for an episode or movie that is not
    reported, :class:`InvalidInputError` for a malformed question.

    Building the resolver (``history``), :meth:`extend` and :meth:`resolution` pause Python's
    cyclic garbage collector for the whole process while they run, as :func:`resolve` does;
    ``pause_gc=False`` leaves it alone (see docs/server.md).  :meth:`add` never touches it.
    """

    __slots__ = (
        "_catalog",
        "_count",
        "_groups",
        "_now",
        "_options",
        "_pause_gc",
        "_seasons",
        "_skipped",
    )

    def __init__(
        self,
        catalog: Iterable[CatalogEpisode] = (),
        options: Options | None = None,
        history: Iterable[HistoryEntry] = (),
        *,
        pause_gc: bool = True,
    ) -> None:
        if options is None:
            options = Options()  # raises: ``now`` is required
        self._options = options
        self._pause_gc = pause_gc
        self._now = options.effective_now.ns
        as_of = options.as_of.ns if options.as_of is not None else None
        self._groups = Groups(float(options.completion_threshold), as_of, self._now)
        # (media, season) -> {episode: air date}: the catalog, then explicit entries
        self._seasons: dict[tuple[str, int], dict[int, AirDate]] = {}
        self._catalog: set[tuple[str, int]] = set()
        self._count = 0
        with collector_paused(pause_gc):
            rows, self._skipped = checked_catalog(catalog, options)
            for (media, season, episode), air_date in rows.items():
                self._seasons.setdefault((media, season), {})[episode] = air_date
                self._catalog.add((media, season))
            self._extend(history)

    def add(self, entry: HistoryEntry) -> int:
        """Add one entry after all the others; returns its position (its ``decided_by``)."""
        position = self._count
        self._count += 1
        self._groups.add((entry_row(entry, position, self._now),))
        episode = entry.episode
        if episode is not None:  # an entry for one episode reports it, if kept
            media, season = str(entry.media_id), entry.season
            assert season is not None  # HistoryEntry requires it of a TV entry
            if (media, season, episode) in self._groups.explicit:  # not later than as_of
                self._seasons.setdefault((media, season), {}).setdefault(episode, UNKNOWN_AIR)
        return position

    def add_json(self, item: object) -> int:
        """Add one Discovr history item, read as :func:`~history_resolver.history_from_json`
        reads one (its problems are named ``history[<position>]...``); returns its position.
        """
        return self.add(entry_from_json(item, path=f"history[{self._count}]"))

    def extend(self, entries: Iterable[HistoryEntry]) -> None:
        """Add entries in order."""
        with collector_paused(self._pause_gc):
            self._extend(entries)

    def _extend(self, entries: Iterable[HistoryEntry]) -> None:
        for entry in entries:
            self.add(entry)

    def _season_rows(self, media: str, season: int) -> list[EpisodeRow]:
        episodes = self._seasons.get((media, season), {})
        decide_one = self._groups.episode_row
        return [decide_one((media, season, e), episodes[e]) for e in sorted(episodes)]

    def _view(self, decisions: Decisions) -> Resolution:
        return Resolution._of(decisions, self._groups.threshold, self._now)

    def season(self, media_id: MediaId | str, season: int) -> tuple[EpisodeState, ...]:
        """The state of every reported episode of one season, by episode number (empty when
        none is reported).  A malformed question raises :class:`InvalidInputError`."""
        media = lookup_key(media_id, "tv")
        check_numbers(season=season)
        rows = self._season_rows(media, season)
        return tuple(self._view(Decisions(rows, [], [])).episodes())

    def episode(self, media_id: MediaId | str, season: int, episode: int) -> EpisodeState | None:
        """One episode's state, or ``None`` if it is not reported."""
        media = lookup_key(media_id, "tv")
        check_numbers(season=season, episode=episode)
        air_date = self._seasons.get((media, season), {}).get(episode)
        if air_date is None:
            return None
        row = self._groups.episode_row((media, season, episode), air_date)
        return next(self._view(Decisions([row], [], [])).episodes())

    def movie(self, media_id: MediaId | str) -> MovieState | None:
        """One movie's state, or ``None`` if no kept entry names it."""
        row = self._groups.movie_row(lookup_key(media_id, "movie"))
        if row is None:
            return None
        return next(self._view(Decisions([], [row], [])).movies())

    def resolution(self) -> Resolution:
        """The whole resolution now (costs a full pass over the reported episodes)."""
        with collector_paused(self._pause_gc):
            rows = [
                row
                for media, season in sorted(self._seasons)
                for row in self._season_rows(media, season)
            ]
            diagnostics: list[Diagnostic] = self._skipped + self._groups.warnings(self._catalog)
            decisions = Decisions(rows, self._groups.movie_rows(), diagnostics)
            return self._view(decisions)
