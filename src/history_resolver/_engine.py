"""The resolution engine: history rows and catalog rows in, episode and movie rows out.

Pure: no clock, no I/O, no environment; ``now`` is a parameter.  It reads plain tuples
(built by ``_history`` and ``_catalog`` from a document, or by ``_resolution`` from typed
values), writes named rows (:class:`EpisodeRow`, :class:`MovieRow`) that the other modules
read by name, and costs one pass over the history plus one over the catalog:

* explicit entries and movie entries are grouped by their episode (or movie), keeping only
  the latest entry, the count of completing ones and the latest completing ``updatedAt``;
* season defaults are grouped by season, keeping the latest default and the sorted
  ``updatedAt`` of the completing ones: the latest default covers every episode any older
  default covers, and a binary search counts the completing defaults that cover an episode.

Speed: there is one :class:`Group` per episode, season or movie named in the history and one
:class:`EpisodeRow` per reported episode, so the engine builds them with ``object.__new__``
and slot stores rather than by calling the class: on CPython 3.11 a call to a class whose
``__init__`` is written in Python costs twice as much as building the instance this way
(``benchmarks/compare.py`` measures the difference end to end).
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Container, Iterable
from dataclasses import dataclass
from typing import Any, Literal, NamedTuple, final

from ._errors import Diagnostic, render_value
from ._time import Moment

__all__ = [
    "UNKNOWN_AIR",
    "AirDate",
    "Basis",
    "Catalog",
    "Decisions",
    "EntryRow",
    "EpisodeRow",
    "Group",
    "Groups",
    "MovieRow",
    "decide",
]

Basis = Literal["explicit", "seasonDefault", "none"]
"""Which rule decided an episode: its own entry, a season default, or nothing."""

EntryRow = tuple[str, int, int, Moment, float, str, int]
"""A valid history entry: ``(media, season, episode, updated, progress, imported, position)``.

``media`` is the long-form id; ``season == 0`` marks a movie and ``episode == 0`` a season
default; ``imported`` is ``""`` when absent; ``position`` is the index in the input history.
A plain tuple, built by the readers and unpacked only here: there is one per entry.

Every instant the engine compares (``updated``, ``now``, ``as_of``, air instants) is a
:data:`~history_resolver._time.Moment`: exact instants from the typed API and the document's
exact path, canonical text from the document's text path, never both in one call.  The
engine only compares them and hands them on, so it is the same code for both.
"""

AirDate = tuple["str | None", "Moment | None"]
"""A catalog episode's air date: ``(text as given, its instant)``, :data:`UNKNOWN_AIR` when
unknown.  Other modules pass it on to :meth:`Groups.episode_row` without looking inside."""

UNKNOWN_AIR: AirDate = (None, None)
"""The air date of an episode the catalog does not know."""

Catalog = dict[tuple[str, int, int], AirDate]
"""The catalog, one entry per episode: ``(media, season, episode) -> air date``."""


@final
@dataclass(slots=True)
class EpisodeRow:
    """A resolved episode, as the engine hands it to the summaries, the output document and
    the typed API.  Not frozen: a frozen dataclass costs a call per field to build."""

    media: str  # long-form id
    season: int
    episode: int
    air_text: str | None  # the catalog's airDate as given; None when unknown
    aired: bool  # aired strictly before now (docs/rules.md#aired)
    progress: float
    completed: bool
    basis: Basis
    decided_by: int | None  # position of the deciding entry in the history
    decided_at: Moment | None  # its updatedAt
    plays: int
    last_watched: Moment | None  # the latest completing updatedAt of the deciding group


@final
@dataclass(slots=True)
class MovieRow:
    """A resolved movie: the latest of its entries decides (docs/rules.md#movies)."""

    media: str
    progress: float
    completed: bool
    decided_by: int
    decided_at: Moment
    plays: int
    last_watched: Moment | None


class Decisions(NamedTuple):
    """What the engine decided for one history."""

    episodes: list[EpisodeRow]  # sorted by (media, season, episode)
    movies: list[MovieRow]  # sorted by media
    warnings: list[Diagnostic]


Group = list[Any]
"""Competing entries (of one episode, one movie, or one season's defaults), reduced as they
arrive to the latest of them (the decider) and the completing ones.  A list, read and written
only here through the names below: there is one per episode, season and movie the history
names, and a list costs less to build and to free than a slotted object."""

DECIDED_AT = 0  # the decider's updatedAt
PROGRESS = 1  # the decider's progress
IMPORTED = 2  # the decider's import source, "" when none: the last tie-breaker
DECIDED_BY = 3  # the decider's position in the history
PLAYS = 4  # how many entries completed (read for explicit and movie groups only)
LAST_WATCHED = 5  # the latest of their updatedAt (likewise)


_new = object.__new__  # see the module docstring


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
        "now",
        "threshold",
    )

    def __init__(self, threshold: float, as_of: Moment | None, now: Moment) -> None:
        self.threshold = threshold
        self.as_of = as_of
        self.now = now
        self.explicit: dict[tuple[str, int, int], Group] = {}
        self.movies: dict[str, Group] = {}
        self.defaults: dict[tuple[str, int], Group] = {}
        # the updatedAt of each completing default, sorted before use
        self.completing: dict[tuple[str, int], list[Moment]] = {}
        self.members: dict[tuple[str, int], list[int]] = {}  # positions of the defaults
        self._unsorted: set[tuple[str, int]] = set()

    def add(self, entries: Iterable[EntryRow]) -> None:
        """Reduce more entries into the groups (entries later than ``as_of`` are left out)."""
        threshold, as_of = self.threshold, self.as_of
        # keyed by episode, by movie and by season: one code path reduces all three
        explicit: dict[Any, Group] = self.explicit
        movies: dict[Any, Group] = self.movies
        defaults: dict[Any, Group] = self.defaults
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
                group[PLAYS] += 1
                last = group[LAST_WATCHED]
                if last is None or updated > last:
                    group[LAST_WATCHED] = updated
            # The latest entry has the greatest (updatedAt, progress, imported); on a full
            # tie the entry first in the list keeps the decision (docs/rules.md#the-latest-entry).
            latest = group[DECIDED_AT]
            if updated > latest or (
                updated == latest
                and (
                    progress > group[PROGRESS]
                    or (progress == group[PROGRESS] and imported > group[IMPORTED])
                )
            ):
                group[DECIDED_AT] = updated
                group[PROGRESS] = progress
                group[IMPORTED] = imported
                group[DECIDED_BY] = position
        if unsorted:
            for key2 in unsorted:
                completing[key2].sort()
            unsorted.clear()

    def episode_row(self, key: tuple[str, int, int], air_date: AirDate) -> EpisodeRow:
        """Decide one episode, ``key`` being ``(media, season, episode)``: its explicit
        entries, else the season defaults that cover it, else nothing
        (docs/rules.md#explicit-entries, #season-defaults, #nothing-decides)."""
        media, season, episode = key
        air_text, air = air_date
        row = _new(EpisodeRow)
        row.media = media
        row.season = season
        row.episode = episode
        row.air_text = air_text
        # The one home of the "aired" rule (docs/rules.md#aired): known, and before now.
        row.aired = air is not None and air < self.now
        group = self.explicit.get(key)
        if group is not None:
            row.basis = "explicit"
            row.plays = group[PLAYS]
            row.last_watched = group[LAST_WATCHED]
        elif (
            air is not None
            and (group := self.defaults.get((media, season))) is not None
            and (air < group[DECIDED_AT])
        ):
            times = self.completing.get((media, season), _NO_TIMES)
            plays = len(times) - bisect_right(times, air)
            row.basis = "seasonDefault"
            row.plays = plays
            row.last_watched = times[-1] if plays else None
        else:
            row.progress = 0.0
            row.completed = False
            row.basis = "none"
            row.decided_by = None
            row.decided_at = None
            row.plays = 0
            row.last_watched = None
            return row
        progress = row.progress = group[PROGRESS]
        row.completed = progress >= self.threshold
        row.decided_by = group[DECIDED_BY]
        row.decided_at = group[DECIDED_AT]
        return row

    def movie_row(self, media: str) -> MovieRow | None:
        """Decide one movie: the latest of its entries; ``None`` if no kept entry names it."""
        group = self.movies.get(media)
        return None if group is None else self._movie_row(media, group)

    def _movie_row(self, media: str, group: Group) -> MovieRow:
        progress = group[PROGRESS]
        return MovieRow(
            media,
            progress,
            progress >= self.threshold,
            group[DECIDED_BY],
            group[DECIDED_AT],
            group[PLAYS],
            group[LAST_WATCHED],
        )

    def movie_rows(self) -> list[MovieRow]:
        """Every movie, by media id."""
        return [self._movie_row(media, group) for media, group in sorted(self.movies.items())]

    def warnings(self, catalog_seasons: Container[tuple[str, int]]) -> list[Diagnostic]:
        """A warning for each season default whose season the catalog lacks, by position
        (docs/rules.md#uncovered-season-defaults)."""
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


_NO_TIMES: list[Moment] = []


def decide(
    entries: Iterable[EntryRow],
    catalog: Catalog,
    threshold: float,
    as_of: Moment | None,
    now: Moment,
) -> Decisions:
    """Resolve every reported episode and every movie at ``now`` (docs/rules.md, from
    #the-latest-entry to #reported-episodes)."""
    groups = Groups(threshold, as_of, now)
    groups.add(entries)
    reported = dict(catalog)
    catalog_seasons = {(media, season) for media, season, _ in catalog}
    for key3 in groups.explicit:
        if key3 not in reported:
            reported[key3] = UNKNOWN_AIR
    decide_one = groups.episode_row
    episodes = [decide_one(key3, reported[key3]) for key3 in sorted(reported)]
    return Decisions(episodes, groups.movie_rows(), groups.warnings(catalog_seasons))
