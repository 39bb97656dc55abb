"""Catalog rows: the rules of one row, rows that name the same episode, and the catalog as
the engine takes it.

:func:`read_catalog_row` is the thorough path (every problem named,
docs/rules.md#catalog-rows); :func:`row_fast_path` builds the fast path, a small pure
function that returns exactly what the thorough path returns for the common valid rows, or
declines (``None``) and never words a problem.  :class:`CatalogBuilder` keeps one row per
episode and holds the rule for rows that disagree (docs/rules.md#catalog-conflicts), for
the document's rows and the typed :class:`~history_resolver.CatalogEpisode` values alike.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import date
from typing import TYPE_CHECKING, NamedTuple, TypeAlias, final

from ._engine import UNKNOWN_AIR, AirDate, Catalog
from ._errors import Problems, render_value
from ._ids import MediaKind, check_media_id, media_id_of
from ._keys import CATALOG_KEYS, KeyMemo, check_keys, check_object
from ._numbers import MAX_COUNT, check_count
from ._time import (
    Instant,
    Moment,
    Timestamp,
    TimeSyntaxError,
    check_air_date,
    date_instant,
    day_seconds,
    parse_air_date,
)

if TYPE_CHECKING:
    from ._model import CatalogEpisode

__all__ = [
    "CatalogBuilder",
    "CatalogFields",
    "ShowIds",
    "catalog_rows",
    "check_row_number",
    "check_show",
    "read_catalog_row",
    "row_fast_path",
    "thorough_row",
    "typed_catalog",
]

EpisodeKey = tuple[str, int, int]
Row = tuple[EpisodeKey, AirDate]  # a valid row, as the engine's catalog takes it
ParsedAir: TypeAlias = "tuple[int, int, int] | Instant"  # a date, or a timestamp's instant
FastRow = Callable[[object], "Row | None"]
_NS = 1_000_000_000


class CatalogFields(NamedTuple):
    """A valid catalog row, read: the long-form show id, the numbers, the air date."""

    media: str
    season: int
    episode: int
    air_text: str | None  # as given: the output echoes it
    air: ParsedAir | None


def check_show(kind: MediaKind, shown: str, problems: Problems, path: str) -> bool:
    """docs/rules.md#catalog-rows: a catalog row is an episode, so its id names a show."""
    if kind != "tv":
        message = f"{render_value(shown)} is a movie; catalog rows are episodes"
        problems.error(path, message, "catalog-rows")
    return kind == "tv"


def _show_id(item: dict[str, object], problems: Problems, path: str) -> str | None:
    raw = item.get("mediaId")
    if raw is None:
        problems.error(path, "is required", "catalog-rows")
        return None
    media = check_media_id(raw, problems, path)
    if media is None or not check_show(media[0], str(raw), problems, path):
        return None
    return media[1]


def check_row_number(value: object, minimum: int, problems: Problems, path: str) -> int | None:
    """docs/rules.md#catalog-rows: a row's season (from 0: specials) and episode (from 1)
    are required counts (docs/rules.md#season-and-episode)."""
    if value is None:
        problems.error(path, "is required", "catalog-rows")
        return None
    return check_count(value, minimum, problems, path)


def read_catalog_row(item: object, problems: Problems, path: str) -> CatalogFields | None:
    """The thorough path: one catalog row checked, every problem named; ``None`` if invalid."""
    if not check_object(item, problems, path):
        return None
    before = len(problems)
    media = _show_id(item, problems, path + ".mediaId")
    season = check_row_number(item.get("season"), 0, problems, path + ".season")
    episode = check_row_number(item.get("episode"), 1, problems, path + ".episode")
    text = item.get("airDate")
    air = None if text is None else check_air_date(text, problems, path + ".airDate")
    check_keys(item, CATALOG_KEYS, path, problems)
    if len(problems) != before:
        return None
    assert media is not None and season is not None and episode is not None
    assert text is None or isinstance(text, str)
    return CatalogFields(media, season, episode, text, air)


def air_instant(air: ParsedAir | None, zone: str | None) -> Instant | None:
    """The instant an air date stands for: a date starts at its first instant in ``zone``
    (docs/rules.md#date-only-air-dates); ``None`` when unknown, or the zone is invalid."""
    if isinstance(air, tuple):
        return None if zone is None else date_instant(*air, zone)
    return air


def thorough_row(item: object, index: int, zone: str | None, problems: Problems) -> Row | None:
    """The engine row of ``episodes[index]``, the thorough way (``None`` if it is invalid)."""
    fields = read_catalog_row(item, problems, f"episodes[{index}]")
    if fields is None:
        return None
    media, season, episode, text, air = fields
    return (media, season, episode), (text, air_instant(air, zone))


class ShowIds(dict[str, "str | None"]):
    """The long form of each valid show id (``None`` for anything else), computed once."""

    __slots__ = ()

    def __missing__(self, raw: str) -> str | None:
        parsed = media_id_of(raw)
        value = self[raw] = parsed[1] if parsed is not None and parsed[0] == "tv" else None
        return value


def _other_air(text: str, zone: str, dates: dict[str, Instant]) -> Instant:
    """The instant of an ``airDate`` not in the API's timestamp form (remembered)."""
    air: Instant
    if len(text) == 10 and zone == "UTC":
        air = day_seconds(text) * _NS
    else:
        when = parse_air_date(text)
        air = date_instant(*when, zone) if isinstance(when, tuple) else when
    dates[text] = air
    return air


def air_reader(zone: str, read: Callable[[str], Instant]) -> Callable[[str], Instant]:
    """The exact path's reader of ``airDate`` texts in ``zone``: ``read`` (a
    :class:`TimestampReader`'s) for the API's own timestamps, and every other text read once
    (date-only air dates at their first instant in ``zone``)."""
    dates: dict[str, Instant] = {}

    def air(text: str) -> Instant:
        if len(text) == 24:  # the API's own timestamps
            return read(text)
        known = dates.get(text)
        return _other_air(text, zone, dates) if known is None else known

    return air


def row_fast_path(
    zone: str | None, read: Callable[[str], Moment], rows: Sequence[object]
) -> FastRow:
    """The fast path of one catalog: ``fast(row)`` is the engine row of a valid row of
    ``rows`` of a common shape (exactly :func:`thorough_row`'s), or ``None``.

    ``read`` reads an ``airDate`` text in ``zone`` (:func:`air_reader`'s, or on the text path
    :meth:`TextInstants.air`); the memos inside only save
    work, so the answer for a row never depends on the rows before it.  The keys of all of
    ``rows`` are screened for near misses at once, so the function is for its rows.  Every
    check is written out in the function itself: a call per check would cost more than the
    check.
    """
    ids, keys = ShowIds(), KeyMemo(CATALOG_KEYS, rows)
    all_fine, covers, learn = keys.all_fine, keys.covers, keys.learn

    def fast_row(item: object) -> Row | None:
        if type(item) is not dict or zone is None or not (all_fine or covers(item) or learn(item)):
            return None  # not an object, no zone, or a key that may be a near miss
        get = item.get
        raw, season, episode, text = get("mediaId"), get("season"), get("episode"), get("airDate")
        if (
            type(raw) is not str
            or type(season) is not int
            or type(episode) is not int
            or not 0 <= season <= MAX_COUNT
            or not 0 < episode <= MAX_COUNT
            or (media := ids[raw]) is None
        ):
            return None
        if text is None:
            return (media, season, episode), UNKNOWN_AIR
        if type(text) is not str:
            return None
        try:
            air = read(text)
        except TimeSyntaxError:
            return None
        return (media, season, episode), (text, air)

    return fast_row


@final
class CatalogBuilder:
    """One row per episode, in the order given; rows that name one episode agree or are
    invalid (docs/rules.md#catalog-conflicts).

    Rows agree when their air dates agree: the same ``airDate`` string in a document, the
    same date or :class:`Timestamp` among typed values (the same text *and* instant).
    """

    __slots__ = ("_repeated", "catalog", "first")

    def __init__(self) -> None:
        self.catalog: Catalog = {}
        self.first: dict[EpisodeKey, int] = {}  # the index of each episode's first row
        self._repeated: dict[EpisodeKey, list[tuple[int, AirDate]]] = {}

    def add(self, index: int, key: EpisodeKey, air: AirDate) -> None:
        """Add row ``index`` of episode ``key`` with its air date ``(text, instant)``."""
        if self.first.setdefault(key, index) == index:  # the episode's first row
            self.catalog[key] = air
        else:
            self.repeat(index, key, air)

    def repeat(self, index: int, key: EpisodeKey, air: AirDate) -> None:
        """Row ``index`` names an episode named before."""
        first = self.first[key]
        self._repeated.setdefault(key, [(first, self.catalog[key])]).append((index, air))

    def drop_conflicts(self, problems: Problems, rows: str, field: str) -> Catalog:
        """docs/rules.md#catalog-conflicts: rows for one episode merge when their air dates
        agree; when they disagree, every row of the episode is invalid, each reported (at
        ``rows[index].field``) with the first row that disagrees with it, and the episode
        leaves the catalog.  Returns the catalog."""
        found: list[tuple[int, str]] = []
        for key, repeated in self._repeated.items():
            if all(air == repeated[0][1] for _, air in repeated):
                continue
            del self.catalog[key]
            media, season, episode = key
            for index, air in repeated:
                other, (other_text, _) = next(row for row in repeated if row[1] != air)
                found.append((index, (
                    f"{render_value(air[0])} contradicts {render_value(other_text)} at "
                    f"{rows}[{other}] for {media} season {season} episode {episode}"
                )))  # fmt: skip
        for index, message in sorted(found):
            problems.error(f"{rows}[{index}].{field}", message, "catalog-conflicts")
        return self.catalog


def catalog_rows(
    rows: Sequence[object],
    zone: str | None,
    read: Callable[[str], Moment],
    problems: Problems,
    text: bool = False,
) -> Catalog:
    """The document's catalog: its valid rows, one per episode (conflicting rows left out,
    each reported).  Each row takes the fast path, and the thorough one when it declines.

    ``read`` reads an ``airDate`` (see :func:`row_fast_path`).  ``text``: the instants are
    text (``read`` is :meth:`TextInstants.air`); a valid row whose ``airDate`` is not one the
    text path reads raises :class:`TextDeclined`."""
    fast = row_fast_path(zone, read, rows)
    builder = CatalogBuilder()
    catalog, first, repeat = builder.catalog, builder.first, builder.repeat
    for index, item in enumerate(rows):
        row = fast(item)
        if row is None:
            row = thorough_row(item, index, zone, problems)
            if row is None:
                continue
            if text:
                row = _text_row(row, read)
        key, air = row
        if first.setdefault(key, index) == index:  # (CatalogBuilder.add, written out)
            catalog[key] = air
        else:
            repeat(index, key, air)
    return builder.drop_conflicts(problems, "episodes", "airDate")


def _text_row(row: Row, read: Callable[[str], Moment]) -> Row:
    """A thorough row of the text path, its air instant made text (or the path declined)."""
    key, (given, _) = row
    return row if given is None else (key, (given, read(given)))  # (valid: or TextDeclined)


def typed_catalog(catalog: Iterable[CatalogEpisode], zone: str, problems: Problems) -> Catalog:
    """The engine's catalog of typed episodes (``catalog[index].air_date`` names a conflict);
    an air date is shown in its ISO form."""
    builder = CatalogBuilder()
    for index, episode in enumerate(catalog):
        air_date = episode.air_date
        air: AirDate = UNKNOWN_AIR
        if isinstance(air_date, Timestamp):
            air = (air_date.isoformat(), air_date.ns)
        elif isinstance(air_date, date):
            instant = date_instant(air_date.year, air_date.month, air_date.day, zone)
            air = (air_date.isoformat(), instant)
        builder.add(index, (str(episode.media_id), episode.season, episode.episode), air)
    return builder.drop_conflicts(problems, "catalog", "air_date")
