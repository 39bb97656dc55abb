"""History entries: the rules of one entry, and the entry as the engine takes it.

:func:`read_entry` is the thorough path: it checks a JSON history item field by field, names
every problem (docs/rules.md#the-input-document and the rules it links) and returns the
entry's fields.  :func:`entry_fast_path` builds the fast path, a small pure function that
takes the common valid shapes at full speed and returns exactly what the thorough path
returns, or declines (``None``) and leaves the item to it; it never words a problem.
:func:`entry_rows` runs both over a history.

The rules of an entry that are not about ids, numbers or time live here too, and
:class:`~history_resolver.HistoryEntry` calls them: :func:`check_season_and_episode` and
:func:`check_imported`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import NamedTuple, TypeVar

from ._engine import EntryRow
from ._errors import Problems, render_value
from ._ids import MediaKind, check_entry_id, id_and_type, media_id_of
from ._keys import HISTORY_KEYS, KeyMemo, check_keys, check_object
from ._numbers import DEFAULT_PROGRESS, MAX_COUNT, check_count, check_progress
from ._time import Instant, Moment, TimeSyntaxError, check_timestamp

__all__ = [
    "EntryFields",
    "Memo",
    "check_imported",
    "check_season_and_episode",
    "check_updated_at",
    "entry_fast_path",
    "entry_rows",
    "long_id",
    "long_pair",
    "read_entry",
    "thorough_entry",
]

FastEntry = Callable[[object, int], "EntryRow | None"]
T = TypeVar("T")


class EntryFields(NamedTuple):
    """A valid history item, read: the long-form id, and the fields as given (checked)."""

    kind: MediaKind
    media: str
    updated: Instant | None  # None: the entry takes ``now``
    progress: float
    season: int  # 0: a movie
    episode: int  # 0: a season default, or a movie
    imported: str | None


def at(path: str, name: str) -> str:
    """The path of field ``name`` in the object at ``path`` (a typed value's path is ``""``)."""
    return f"{path}.{name}" if path else name


def check_season_and_episode(
    kind: MediaKind | None, season: object, episode: object, problems: Problems, path: str
) -> tuple[int, int] | None:
    """docs/rules.md#season-and-episode: a show entry names a season ``>= 1`` and maybe an
    episode ``>= 1`` (no episode without a season); a movie entry names neither.

    ``kind`` is ``None`` when the id is invalid: the numbers are still checked, as far as
    they can be.  Returns ``(season, episode)``, 0 for what is absent.
    """
    if kind == "movie":
        return _movie_numbers(season, episode, problems, path)
    if season is None:
        if episode is not None:
            message = f"{render_value(episode)} is given without a season"
            problems.error(at(path, "episode"), message, "season-and-episode")
        elif kind == "tv":
            problems.error(at(path, "season"), "is required for a TV entry", "season-and-episode")
        return None
    number = check_count(season, 1, problems, at(path, "season"))
    in_season = 0 if episode is None else check_count(episode, 1, problems, at(path, "episode"))
    return None if number is None or in_season is None else (number, in_season)


def _movie_numbers(
    season: object, episode: object, problems: Problems, path: str
) -> tuple[int, int] | None:
    given = [(name, value) for name, value in (("season", season), ("episode", episode))
             if value is not None]  # fmt: skip
    for name, value in given:
        message = f"{render_value(value)} is given for a movie"
        problems.error(at(path, name), message, "season-and-episode")
    return None if given else (0, 0)


def check_imported(value: object, problems: Problems, path: str) -> str | None:
    """docs/rules.md#imported: where an entry was imported from, a string (never read)."""
    if not isinstance(value, str):
        problems.error(path, f"{render_value(value)} is not a string", "imported")
        return None
    return value


def read_entry(item: object, problems: Problems, path: str) -> EntryFields | None:
    """The thorough path: one history item checked, every problem named; ``None`` if invalid."""
    if not check_object(item, problems, path):
        return None
    before = len(problems)
    get = item.get
    media = check_entry_id(item, problems, path)
    updated = _given(get("updatedAt"), problems, at(path, "updatedAt"), check_updated_at)
    progress = _given(get("progress"), problems, at(path, "progress"), check_progress)
    kind = None if media is None else media[0]
    numbers = check_season_and_episode(kind, get("season"), get("episode"), problems, path)
    imported = _given(get("imported"), problems, at(path, "imported"), check_imported)
    check_keys(item, HISTORY_KEYS, path, problems)
    if len(problems) != before:
        return None
    assert media is not None and numbers is not None
    progress = DEFAULT_PROGRESS if progress is None else progress
    return EntryFields(*media, updated, progress, *numbers, imported)


def _given(
    value: object, problems: Problems, path: str, check: Callable[[object, Problems, str], T]
) -> T | None:
    """``check`` of a field that may be missing (or null, which is the same)."""
    return None if value is None else check(value, problems, path)


def check_updated_at(value: object, problems: Problems, path: str) -> Instant | None:
    """docs/rules.md#updatedat: a timestamp with a UTC offset (missing: ``now``)."""
    return check_timestamp(value, problems, path, "updatedat")


def thorough_entry(item: object, index: int, now: Moment, problems: Problems) -> EntryRow | None:
    """The engine row of ``history[index]``, the thorough way (``None`` if it is invalid)."""
    fields = read_entry(item, problems, f"history[{index}]")
    if fields is None:
        return None
    updated = now if fields.updated is None else fields.updated
    return (fields.media, fields.season, fields.episode, updated, fields.progress,
            fields.imported or "", index)  # fmt: skip


class Memo(dict[object, "str | None"]):
    """A dictionary that computes a missing value once, by ``compute``."""

    __slots__ = ("compute",)

    def __init__(self, compute: Callable[[object], str | None]) -> None:
        super().__init__()
        self.compute = compute

    def __missing__(self, key: object) -> str | None:
        value = self[key] = self.compute(key)
        return value


def long_id(raw: object) -> str | None:
    """The long form of a valid media id text (``None`` for anything else)."""
    assert isinstance(raw, str)
    parsed = media_id_of(raw)
    return None if parsed is None else parsed[1]


def long_pair(pair: object) -> str | None:
    """The long form of the list endpoint's valid ``(id, mediaType)`` (else ``None``)."""
    assert isinstance(pair, tuple)
    return id_and_type(*pair)


_NONE_OR_TEXT = (type(None), str)
_NUMBER = (int, float)


def entry_fast_path(
    now: Moment, read: Callable[[str], Moment], history: Sequence[object]
) -> FastEntry:
    """The fast path of one history: ``fast(item, index)`` is the engine row of a valid item
    of ``history`` of a common shape (exactly :func:`thorough_entry`'s), or ``None``.

    ``read`` reads a timestamp (a :class:`TimestampReader`'s, or on the text path a
    :class:`TextInstants`' with ``now`` a text instant too); the memos inside only save
    work, so the answer for an item never depends on the items before it.  The keys of all
    of ``history`` are screened for near misses at once, so the function is for its items.
    Every check is written out in the function itself: a call per check would cost more than
    the check.
    """
    ids, pairs, keys = Memo(long_id), Memo(long_pair), KeyMemo(HISTORY_KEYS, history)
    all_fine, covers, learn = keys.all_fine, keys.covers, keys.learn

    def fast_entry(item: object, index: int) -> EntryRow | None:
        if type(item) is not dict or not (all_fine or covers(item) or learn(item)):
            return None  # not an object, or a key that may be a near miss
        get = item.get
        raw, season, episode = get("mediaId"), get("season"), get("episode")
        if raw is None:  # the list endpoint's shape: id and mediaType
            raw, media_type = get("id"), get("mediaType")
            both = type(raw) is str and type(media_type) is str
            media = pairs[raw, media_type] if both else None
        else:
            media = ids[raw] if type(raw) is str and get("mediaType") is None else None
        if media is None:
            return None
        if media[0] == "M":  # a movie names no season and no episode
            if season is not None or episode is not None:
                return None
        elif not (
            type(season) is int
            and 0 < season <= MAX_COUNT
            and (episode is None or (type(episode) is int and 0 < episode <= MAX_COUNT))
        ):
            return None
        progress, updated, imported = (
            get("progress", DEFAULT_PROGRESS),
            get("updatedAt"),
            get("imported"),
        )
        if (
            type(progress) not in _NUMBER
            or not 0 <= progress <= 100  # (false for NaN)
            or type(imported) not in _NONE_OR_TEXT
            or type(updated) not in _NONE_OR_TEXT
        ):
            return None
        try:
            instant = now if updated is None else read(updated)
        except TimeSyntaxError:
            return None
        # (progress + 0.0: a float, and -0.0 is 0.0, as check_progress returns it)
        return (media, season or 0, episode or 0, instant, progress + 0.0,
                imported or "", index)  # fmt: skip

    return fast_entry


def entry_rows(
    history: Sequence[object],
    now: Moment,
    read: Callable[[str], Moment],
    problems: Problems,
    text: bool = False,
) -> Iterator[EntryRow]:
    """Every valid history item as an engine row, lazily: the engine reduces each row as it
    comes, so a million entries never stand in memory as a million rows.  ``problems`` is
    complete once the iterator is exhausted.  Each item takes the fast path, and the
    thorough path when the fast one declines.

    ``text``: the instants are text (``read`` is :meth:`TextInstants.read`); a valid item
    whose ``updatedAt`` is not canonical raises :class:`TextDeclined`."""
    fast = entry_fast_path(now, read, history)
    for index, item in enumerate(history):
        row = fast(item, index)
        if row is None:
            row = thorough_entry(item, index, now, problems)
            if row is None:
                continue
            if text:
                row = _text_row(row, item, read)
        yield row


def _text_row(row: EntryRow, item: object, read: Callable[[str], Moment]) -> EntryRow:
    """A thorough row of the text path, its instant made text (or the text path declined)."""
    assert isinstance(item, dict)  # (the thorough path took it)
    given = item.get("updatedAt")
    if given is None:
        return row  # it took ``now``, a text instant already
    updated = read(given)  # (valid: its text, or TextDeclined)
    media, season, episode, _, progress, imported, position = row
    return (media, season, episode, updated, progress, imported, position)
