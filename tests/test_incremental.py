"""The incremental resolver agrees exactly with a full resolve, whatever arrives in between."""

from __future__ import annotations

from datetime import date

from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule

from history_resolver import (
    CatalogEpisode,
    HistoryEntry,
    MediaId,
    Options,
    Resolver,
    Timestamp,
    resolve,
)

SHOW = MediaId.tv(1396)
OTHER = MediaId.tv(11)
MOVIE = MediaId.movie(550)
NOW = Timestamp.parse("2024-01-01T00:00:00Z")
DAY = 86_400 * 10**9

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
    """episode() and movie() read one state, by either id form; unknown ones are KeyErrors."""
    resolver = Resolver(CATALOG, Options(now=NOW))
    stamp = Timestamp.parse("2020-01-20T00:00:00Z")
    assert 0 == resolver.add(HistoryEntry.watched_season("TV_1396", 1, stamp))
    assert 1 == resolver.add(HistoryEntry.watched_movie("MV_550", stamp, progress=40))
    episode = resolver.episode("TV_TMDBID1396", 1, 2)
    assert ("seasonDefault", 0, True) == (episode.basis, episode.decided_by, episode.completed)
    movie = resolver.movie("MV_TMDBID550")
    assert (40.0, False, 1) == (movie.progress, movie.completed, movie.decided_by)
    try:
        resolver.episode(SHOW, 9, 9)
    except KeyError:
        pass
    else:
        raise AssertionError("an episode nobody reported must be a KeyError")
