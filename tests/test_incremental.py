"""The incremental resolver agrees exactly with a full resolve, whatever arrives in between."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule

from history_resolver import (
    CatalogEpisode,
    HistoryEntry,
    InvalidInputError,
    MediaId,
    Options,
    Resolver,
    Timestamp,
    resolve,
)
from support import messages

SHOW = MediaId.tv(1396)
OTHER = MediaId.tv(11)
MOVIE = MediaId.movie(550)
NOW = Timestamp.parse("2024-01-01T00:00:00Z")
DAY = 86_400 * 10**9
ID_RULE = "is not a media id (TV_TMDBID<digits>, MV_TMDBID<digits>, TV_<digits> or MV_<digits>)"


def untyped(value: object) -> Any:
    """``value`` hidden from the type checker: a test passing a deliberately wrong type."""
    return value


CATALOG = [
    CatalogEpisode(show, season, episode, date(2020, 1, 7 * season + episode))
    for show in (SHOW, OTHER)
    for season in (1, 2)
    for episode in (1, 2, 3)
] + [CatalogEpisode(SHOW, 2, 4, None)]  # an unknown air date

# Instants around the air dates (2020-01-08 .. 2020-01-17), including their exact midnights.
_START = (date(2020, 1, 6).toordinal() - date(1970, 1, 1).toordinal()) * DAY
instants = st.integers(0, 14 * 24).map(lambda hours: Timestamp(_START + hours * 3600 * 10**9))
progresses = st.sampled_from([0.0, 30.0, 79.9, 80.0, 100.0])


@st.composite
def entries(draw: st.DrawFn) -> HistoryEntry:
    """A show episode, a season default (seasons 1-3: 3 is not in the catalog) or a movie."""
    kind = draw(st.sampled_from(["episode", "season", "movie"]))
    updated = draw(instants | st.none())
    progress = draw(progresses)
    imported = draw(st.sampled_from([None, "trakt"]))
    if kind == "movie":
        return HistoryEntry(MOVIE, updated, progress, imported=imported)
    show = draw(st.sampled_from([SHOW, OTHER]))
    season = draw(st.integers(1, 3))
    episode = draw(st.integers(1, 5)) if kind == "episode" else None
    return HistoryEntry(show, updated, progress, season, episode, imported)


class IncrementalAgreesWithFull(RuleBasedStateMachine):
    """Resolver.add, one entry at a time, against resolve() of the whole history."""

    def __init__(self) -> None:
        super().__init__()
        self.history: list[HistoryEntry] = []
        self.options = Options(now=NOW)
        self.resolver = Resolver(CATALOG, self.options)

    @initialize(as_of=st.none() | instants, threshold=st.sampled_from([80.0, 50.0, 100.0]))
    def start(self, as_of: Timestamp | None, threshold: float) -> None:
        """Start from an empty history with some options."""
        self.options = Options(now=NOW, as_of=as_of, completion_threshold=threshold)
        self.resolver = Resolver(CATALOG, self.options)

    @rule(entry=entries())
    def add(self, entry: HistoryEntry) -> None:
        """Add one entry; its position is its index in the history."""
        expected = len(self.history)
        self.history.append(entry)
        assert expected == self.resolver.add(entry)

    @precondition(lambda self: bool(self.history))
    @rule(data=st.data())
    def season_view(self, data: st.DataObject) -> None:
        """One season read from the resolver equals that season of a full resolve."""
        show = data.draw(st.sampled_from([SHOW, OTHER]))
        season = data.draw(st.integers(1, 3))
        full = resolve(self.history, CATALOG, self.options)
        expected = tuple(e for e in full.episodes() if e.media_id == show and e.season == season)
        assert expected == self.resolver.season(show, season)

    @invariant()
    def agrees_with_a_full_resolve(self) -> None:
        """Every episode, movie and warning equals what resolve() gives for the history."""
        full = resolve(self.history, CATALOG, self.options)
        mine = self.resolver.resolution()
        assert list(full.episodes()) == list(mine.episodes())
        assert list(full.movies()) == list(mine.movies())
        assert full.diagnostics == mine.diagnostics


IncrementalAgreesWithFull.TestCase.settings = settings(max_examples=60, stateful_step_count=25)
TestIncremental = IncrementalAgreesWithFull.TestCase


def test_lookups_of_one_episode_and_one_movie() -> None:
    """episode() and movie() read one state, by either id form; what is not reported is
    None, as in a Resolution."""
    resolver = Resolver(CATALOG, Options(now=NOW))
    stamp = Timestamp.parse("2020-01-20T00:00:00Z")
    assert resolver.movie("MV_550") is None  # before any entry names it
    assert 0 == resolver.add(HistoryEntry.watched_season("TV_1396", 1, stamp))
    assert 1 == resolver.add(HistoryEntry.watched_movie("MV_550", stamp, progress=40))
    episode = resolver.episode("TV_TMDBID1396", 1, 2)
    assert episode is not None
    assert ("seasonDefault", 0, True) == (episode.basis, episode.decided_by, episode.completed)
    movie = resolver.movie("MV_TMDBID550")
    assert movie is not None
    assert (40.0, False, 1) == (movie.progress, movie.completed, movie.decided_by)
    assert resolver.episode(SHOW, 9, 9) is None
    assert resolver.episode(SHOW, 1, 9) is None  # a season the catalog has, not the episode
    assert () == resolver.season(SHOW, 9)


def test_an_explicit_entry_reports_its_episode_unless_as_of_leaves_it_out() -> None:
    """An entry for an episode the catalog lacks reports it (air date unknown); one later
    than as_of does not (docs/rules.md#reported-episodes)."""
    as_of = Timestamp.parse("2020-01-20T00:00:00Z")
    resolver = Resolver(CATALOG, Options(now=NOW, as_of=as_of))
    resolver.add(HistoryEntry.watched_episode(SHOW, 1, 9, Timestamp(as_of.ns + 1)))
    assert resolver.episode(SHOW, 1, 9) is None
    resolver.add(HistoryEntry.watched_episode(SHOW, 1, 9, as_of))
    state = resolver.episode(SHOW, 1, 9)
    assert state is not None
    assert (None, False, "explicit", 1) == (
        state.air_date,
        state.aired,
        state.basis,
        state.decided_by,
    )
    assert [9] == [e.episode for e in resolver.season(SHOW, 1) if e.episode > 3]


LOOKUP_ERRORS: list[tuple[Callable[[Resolver], object], str]] = [
    (lambda r: r.episode("TV-1", 1, 1), f'mediaId: "TV-1" {ID_RULE}'),
    (lambda r: r.season("MV_550", 1), 'media_id: "MV_TMDBID550" is not a show'),
    (lambda r: r.movie(SHOW), 'media_id: "TV_TMDBID1396" is not a movie'),
    (lambda r: r.season(SHOW, untyped("1")), 'season: "1" is not an integer'),
    (lambda r: r.episode(SHOW, 1, untyped(None)), "episode: null is not an integer"),
]


@pytest.mark.parametrize(("lookup", "expected"), LOOKUP_ERRORS)
def test_malformed_lookups_raise_invalid_input(
    lookup: Callable[[Resolver], object], expected: str
) -> None:
    """A malformed question raises InvalidInputError naming the value and the rule, as a
    Resolution's lookups do."""
    with pytest.raises(InvalidInputError) as excinfo:
        lookup(Resolver(CATALOG, Options(now=NOW)))
    assert expected == str(excinfo.value)


# --- Resolver: how it starts --------------------------------------------------------------


def test_resolver_requires_now() -> None:
    """docs/rules.md#now-and-asof: ``Resolver()`` without options has no ``now`` and the
    engine reads no clock: refused."""
    with pytest.raises(InvalidInputError) as error:
        Resolver()
    assert ["now: is required when as_of is not given (the engine reads no clock)"] == messages(
        error
    )


def test_resolver_starts_from_a_history_and_continues_its_positions() -> None:
    """``Resolver(catalog, options, history)`` equals ``resolve`` on that history, and an
    entry added later takes the next position as its ``decided_by``."""
    now = NOW
    catalog = [CatalogEpisode.of(SHOW, 1, 1, date(2008, 1, 20))]
    history = [
        HistoryEntry.watched_season(SHOW, 1, Timestamp.parse("2023-01-15T00:00:00Z")),
        HistoryEntry.watched_movie(MOVIE, Timestamp.parse("2023-01-16T00:00:00Z"), 40),
    ]
    resolver = Resolver(catalog, Options(now=now), history)
    assert list(resolve(history, catalog, now=now).episodes()) == list(
        resolver.resolution().episodes()
    )
    state = resolver.episode(SHOW, 1, 1)
    assert state is not None
    assert ("seasonDefault", 0) == (state.basis, state.decided_by)
    later = HistoryEntry.watched_episode(SHOW, 1, 1, Timestamp.parse("2023-01-17T00:00:00Z"), 50)
    assert 2 == resolver.add(later)
    state = resolver.episode(SHOW, 1, 1)
    assert state is not None
    assert ("explicit", 2, 50.0) == (state.basis, state.decided_by, state.progress)
