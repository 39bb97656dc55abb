"""The typed, in-process API: :func:`resolve` and the :class:`Resolution` it returns."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any, final

from ._catalog import typed_catalog
from ._engine import Catalog, Decisions, EntryRow, EpisodeRow, MovieRow, decide
from ._errors import Diagnostic, Problems, render_value
from ._gc import collector_paused
from ._ids import MediaId, MediaKind
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
from ._summaries import EpisodePointer, Summaries, in_progress, summarise
from ._time import Instant, Timestamp

__all__ = ["Resolution", "resolve"]


def resolve(
    history: Iterable[HistoryEntry],
    catalog: Iterable[CatalogEpisode] = (),
    options: Options | None = None,
    *,
    now: Timestamp | None = None,
    pause_gc: bool = True,
) -> Resolution:
    """Resolve a watch history against a catalog.

    Give either ``options`` or just ``now`` (``resolve(history, catalog, now=...)`` is
    ``Options(now=...)`` with every other option at its default).  ``decided_by`` in the
    result is the position of the deciding entry in ``history``.  Catalog episodes given
    twice with different air dates raise :class:`InvalidInputError` naming every such row
    (docs/rules.md#catalog-conflicts), or, with ``on_invalid="skip"``, are left out and
    reported in the resolution's ``diagnostics``.

    While it runs, Python's cyclic garbage collector is paused **for the whole process**
    (every thread), as :func:`gc.disable` does; it is enabled again when the last resolve
    running in any thread ends, unless it was disabled before the first began.  Resolving
    creates no reference cycles, and the pause saves the collector walking every live object
    again and again while the result is built (a third of the time at a million entries).
    ``pause_gc=False`` leaves the collector alone: a server whose other threads must keep
    collecting passes it (see docs/server.md).
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
    with collector_paused(pause_gc):
        entries = [entry_row(entry, index, now_ns) for index, entry in enumerate(history)]
        rows, skipped = checked_catalog(catalog, options)
        decisions = decide(entries, rows, threshold, as_of, now_ns)
        decisions.warnings[:0] = skipped  # the rows left out come first, as in a document
        return Resolution._of(decisions, threshold, now_ns)


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
        entry.progress,  # a float, -0.0 as 0.0 (HistoryEntry keeps its normal form)
        entry.imported or "",
        position,
    )


def lookup_key(media_id: MediaId | str, kind: MediaKind) -> str:
    """The long-form id string of a lookup's ``media_id`` (either form, or a
    :class:`MediaId`); :class:`InvalidInputError` names the id and the rule it breaks when it
    is not an id, or not the id of a ``kind``."""
    media = media_id if isinstance(media_id, MediaId) else MediaId.parse(media_id)
    if media.kind != kind:
        what = "a show" if kind == "tv" else "a movie"
        problems = Problems()
        problems.error("media_id", f"{render_value(str(media))} is not {what}", "media-ids")
        problems.raise_if_any()
    return str(media)


def check_numbers(**numbers: int) -> None:
    """Raise :class:`InvalidInputError` for a lookup's season or episode that is not an
    ``int`` (``"1"`` from a URL would otherwise find nothing, silently)."""
    problems = Problems()
    for name, value in numbers.items():
        if not isinstance(value, int) or isinstance(value, bool):
            message = f"{render_value(value)} is not an integer"
            problems.error(name, message, "season-and-episode")
    problems.raise_if_any()


def _stamp(instant: Instant | None) -> Timestamp | None:
    return None if instant is None else Timestamp(instant)


@final
class Resolution:
    """Every resolved episode and movie, with lookups by id (either form).

    Made by :func:`resolve` and :meth:`Resolver.resolution`, not by calling the class.
    Episodes iterate in ``(mediaId, season, episode)`` order, movies by ``mediaId``.

    The lookups :meth:`episode` and :meth:`movie` return ``None`` for what was not reported,
    as :meth:`dict.get` does: asking for an episode a client's catalog lacks is an everyday
    case, not a mistake, and ``EpisodeState | None`` makes a type checker ask the caller to
    handle it, where an exception could be forgotten.  A mistake in the question itself (a
    malformed id, a movie's id for an episode, a season given as text) raises
    :class:`InvalidInputError`, naming the value and the rule.
    """

    __slots__ = (
        "_by_episode",
        "_by_movie",
        "_decisions",
        "_ids",
        "_now",
        "_summaries",
        "_threshold",
    )

    _decisions: Decisions
    _threshold: float
    _now: Timestamp
    _ids: dict[str, MediaId]
    _by_episode: dict[tuple[str, int, int], EpisodeRow] | None
    _by_movie: dict[str, MovieRow] | None
    _summaries: Summaries | None

    def __init__(self) -> None:
        raise TypeError("a Resolution is made by resolve() or Resolver.resolution()")

    @classmethod
    def _of(cls, decisions: Decisions, threshold: float, now: Instant) -> Resolution:
        """The resolution of the engine's decisions, made at ``now``."""
        self = cls.__new__(cls)
        self._decisions = decisions
        self._threshold = threshold
        self._now = Timestamp(now)
        self._ids = {}
        self._by_episode = None
        self._by_movie = None
        self._summaries = None
        return self

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
        """Warnings found while resolving (a season default that covers no episode)."""
        return tuple(self._decisions.warnings)

    def _media(self, key: str) -> MediaId:
        media = self._ids.get(key)
        if media is None:
            media = self._ids[key] = MediaId.parse(key)
        return media

    def _episode_state(self, row: EpisodeRow) -> EpisodeState:
        return EpisodeState(
            self._media(row.media),
            row.season,
            row.episode,
            row.air_text,
            row.aired,
            row.progress,
            row.completed,
            row.basis,
            row.decided_by,
            _stamp(row.decided_at),
            row.plays,
            _stamp(row.last_watched),
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
        return (self._episode_state(row) for row in self._decisions.episodes)

    def movies(self) -> Iterator[MovieState]:
        """Every movie the history names."""
        return (self._movie_state(row) for row in self._decisions.movies)

    def episode(self, media_id: MediaId | str, season: int, episode: int) -> EpisodeState | None:
        """One episode's state, or ``None`` if it was not reported (see the class).

        ``media_id`` is a show's id in either form.  Raises :class:`InvalidInputError` for
        a malformed id, a movie's id, or a season or episode that is not an ``int``.
        """
        media = lookup_key(media_id, "tv")
        check_numbers(season=season, episode=episode)
        if self._by_episode is None:
            self._by_episode = {
                (row.media, row.season, row.episode): row for row in self._decisions.episodes
            }
        row = self._by_episode.get((media, season, episode))
        return None if row is None else self._episode_state(row)

    def movie(self, media_id: MediaId | str) -> MovieState | None:
        """One movie's state, or ``None`` if no kept entry names it (see the class).

        ``media_id`` is a movie's id in either form.  Raises :class:`InvalidInputError` for a
        malformed id or a show's id.
        """
        media = lookup_key(media_id, "movie")
        if self._by_movie is None:
            self._by_movie = {row.media: row for row in self._decisions.movies}
        row = self._by_movie.get(media)
        return None if row is None else self._movie_state(row)

    def _summary_rows(self) -> Summaries:
        if self._summaries is None:
            self._summaries = summarise(self._decisions.episodes)
        return self._summaries

    def seasons(self) -> Iterator[SeasonSummary]:
        """Each season's counts and percent, by ``(mediaId, season)``."""
        for row in self._summary_rows().seasons:
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
        for row in self._summary_rows().shows:
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
        for row in in_progress(self._decisions.episodes, self._decisions.movies, self._threshold):
            yield InProgressItem(
                self._media(row.media),
                row.season,
                row.episode,
                row.progress,
                Timestamp(row.updated),
            )

    def to_document(self) -> dict[str, Any]:
        """The output document (docs/rules.md#the-output-document), exactly as
        :func:`resolve_document` writes it for the same input: the same dict, and the same
        text once ``json.dumps``-ed.

        One difference can only come from the input: ``airDate`` echoes the catalog's text in
        a document, while a :class:`CatalogEpisode` holds a value, written back as
        ``YYYY-MM-DD`` for a date and in the output form (milliseconds, ``Z``) for a
        :class:`Timestamp`.
        """
        from ._document import render  # the one writer of the output document

        decisions = self._decisions
        return render(decisions, self._now.ns, self._threshold, decisions.warnings)


def _episode_ref(row: EpisodePointer | None) -> EpisodeRef | None:
    return None if row is None else EpisodeRef(row.season, row.episode, row.air_text, row.aired)
