"""Keys of the input's objects: which are read, which are sent, and which are near misses.

An object of the input (a history entry, a catalog row, a TMDB episode) may carry any key
besides the ones read, and those are ignored, except a *near miss*: a key a person would take
for one that is read, such as ``progess`` or ``air_date``.  Ignoring it would change a result
without anyone noticing (``progess`` leaves ``progress`` missing, so 100), so a near miss is
invalid (docs/rules.md#near-misses).  Keys that Discovr and TMDB send are never near misses,
whatever they look like (docs/rules.md#keys-discovr-and-tmdb-send).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, TypeGuard, cast, final

from ._errors import Problems, key_path, render_value

__all__ = [
    "CATALOG_KEYS",
    "HISTORY_KEYS",
    "TMDB_EPISODE_KEYS",
    "KeyMemo",
    "Keys",
    "check_keys",
    "check_object",
    "near_miss",
    "osa_distance",
]

SENT = frozenset(
    (
        "id",
        "mediaType",
        "createdAt",
        "title",
        "name",
        "poster_path",
        "still_path",
        "completed",
        "watched_count",
        "overview",
        "runtime",
        "vote_average",
        "vote_count",
        "episode_type",
        "production_code",
        "show_id",
        "crew",
        "guest_stars",
        "episode_number",
        "season_number",
        "air_date",
    )
)
"""Keys Discovr or TMDB send in their own objects (docs/rules.md#keys-discovr-and-tmdb-send).
``air_date`` is TMDB's, so it is sent only in a TMDB payload: in a catalog row, where
``airDate`` is read, it is a near miss."""


def _fold(key: str) -> str:
    return key.casefold().replace("_", "").replace("-", "")


@final
class Keys:
    """The keys one kind of object reads, and the other keys it takes as they are."""

    __slots__ = ("folded", "known", "read")

    def __init__(self, read: tuple[str, ...], sent: frozenset[str]) -> None:
        self.read = read
        self.folded = tuple((_fold(key), key) for key in read)
        self.known = frozenset(read) | sent


HISTORY_KEYS = Keys(
    ("mediaId", "id", "mediaType", "updatedAt", "progress", "season", "episode", "imported"), SENT
)
CATALOG_KEYS = Keys(("mediaId", "season", "episode", "airDate"), SENT - {"air_date"})
TMDB_EPISODE_KEYS = Keys(("episode_number", "season_number", "air_date", "show_id"), SENT)

_LONG = 5  # read keys of at least this many letters also match keys two edits away
_MAX_EDITS = 2


def osa_distance(a: str, b: str) -> int:
    """The optimal-string-alignment distance: the fewest single-letter insertions, deletions,
    substitutions and swaps of neighbours that turn ``a`` into ``b`` (no letter edited twice).
    """
    previous: list[int] = []
    row = list(range(len(b) + 1))
    for i, letter in enumerate(a, 1):
        before, previous, row = previous, row, [i] + [0] * len(b)
        for j, other in enumerate(b, 1):
            cost = letter != other
            row[j] = min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and letter == b[j - 2] and a[i - 2] == other:
                row[j] = min(row[j], before[j - 2] + 1)
    return row[-1]


def near_miss(key: str, keys: Keys) -> str | None:
    """The read key that ``key`` would be taken for, or ``None`` when it is no near miss.

    A key near-misses a read key when the two are equal after ignoring case, ``_`` and ``-``,
    or, for a read key of five or more letters, when they are at most two single-letter edits
    apart (compared the same way).  The closest read key wins; on a tie, the first read.
    """
    if key in keys.known:
        return None
    folded = _fold(key)
    best: tuple[int, str] | None = None
    for read_folded, read in keys.folded:
        if folded == read_folded:
            return read
        if len(read_folded) >= _LONG and abs(len(folded) - len(read_folded)) <= _MAX_EDITS:
            distance = osa_distance(folded, read_folded)
            if distance <= _MAX_EDITS and (best is None or distance < best[0]):
                best = (distance, read)
    return None if best is None else best[1]


def check_object(item: object, problems: Problems, path: str) -> TypeGuard[dict[str, object]]:
    """docs/rules.md#the-input-document: an entry or a row is a JSON object."""
    if isinstance(item, dict):
        return True
    problems.error(path, f"{render_value(item)} is not an object", "the-input-document")
    return False


def check_keys(item: Mapping[Any, object], keys: Keys, path: str, problems: Problems) -> None:
    """Record each near-miss key of ``item`` as an invalid key (docs/rules.md#near-misses)."""
    for key in item:
        if isinstance(key, str) and key not in keys.known:
            meant = near_miss(key, keys)
            if meant is not None:
                problems.error(
                    key_path(path, key), f'unknown key; did you mean "{meant}"?', "near-misses"
                )


@final
class KeyMemo:
    """Whether all keys of an object are harmless (read, sent, or no near miss), fast.

    ``fine`` grows with every key found harmless, so the usual objects are cleared by one
    set comparison; a key is looked at once per memo.  When the memo is made for a sequence
    of objects (a history, a catalog), it screens all their keys at once: ``all_fine`` is
    then true when none of them is a near miss, and no object of the sequence needs looking
    at again.  The answer for an object never depends on what the memo has seen before.
    """

    __slots__ = ("_keys", "all_fine", "covers", "fine")

    def __init__(self, keys: Keys, objects: Iterable[object] = ()) -> None:
        self._keys = keys
        self.fine: set[object] = set(keys.known)
        self.covers = self.fine.issuperset
        self.all_fine = self.learn(_every_key(objects))

    def learn(self, keys: Iterable[object]) -> bool:
        """Whether none of ``keys`` is a near miss (remembering the harmless ones)."""
        for key in keys:
            if key in self.fine:
                continue
            if not isinstance(key, str) or near_miss(key, self._keys) is not None:
                return False
            self.fine.add(key)
        return True


def _every_key(objects: Iterable[object]) -> set[object]:
    """Every key of every object, in one pass in C (``set.update`` reads a dict's keys with
    their stored hashes): far cheaper than a look at each object.

    An object that is not a dict adds its elements when it has any (a string its characters,
    never near misses; a list its items), which only makes the screen stricter; one that has
    none leaves the pass to the dicts alone.
    """
    seen: set[object] = set()
    try:
        seen.update(*cast("Iterable[Iterable[object]]", objects))
    except TypeError:  # an object with no elements, or unhashable ones
        seen.update(
            *cast("Iterable[dict[object, object]]", filter(dict.__instancecheck__, objects))
        )
    return seen
