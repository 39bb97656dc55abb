"""The wire forms of contract section 1, checked and turned into engine rows.

Nothing here raises on the first problem: every check appends a :class:`Diagnostic` and
goes on, so a rejected document names all that is wrong with it.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from ._engine import Catalog, CatalogRow, EntryRow
from ._errors import Diagnostic, key_path, render_value
from ._ids import ID_RULE, MAX_ID_DIGITS, TOO_LONG_RULE, MediaKind, long_form, normalise_media_id
from ._model import DEFAULT_THRESHOLD, MAX_COUNT, as_count
from ._time import (
    Instant,
    TimestampReader,
    TimeSyntaxError,
    ZoneError,
    check_zone,
    date_instant,
    day_seconds,
    parse_air_date,
    parse_timestamp,
)

__all__ = ["ParsedDocument", "parse_document"]

TOP_LEVEL_KEYS = ("history", "episodes", "options")
OPTION_KEYS = ("completionThreshold", "now", "asOf", "airDateZone", "onInvalid")
_MEDIA_TYPES: dict[object, MediaKind] = {"tv": "tv", "movie": "movie"}


@dataclass(frozen=True, slots=True)
class ParsedDocument:
    """A checked input document: engine rows, options, and what was wrong with it."""

    entries: Iterator[EntryRow]  # lazy: consume it before reading the problems
    catalog: Catalog  # episode -> (airDate text, air instant)
    threshold: float
    now: Instant
    as_of: Instant | None
    skip: bool
    fatal: list[Diagnostic]  # problems no mode can skip: the call fails
    history_problems: list[Diagnostic]  # problems with single entries (once consumed)
    catalog_problems: list[Diagnostic]  # problems with single catalog rows
    canonical: dict[Instant, str]  # instants read from text already in the output's form


class _Problems:
    __slots__ = ("items",)

    def __init__(self) -> None:
        self.items: list[Diagnostic] = []

    def add(self, path: str, message: str) -> None:
        self.items.append(Diagnostic("error", path, message))


class _Invalid(Exception):
    """A field failed its check; the message is the rule (the value already rendered)."""


def _integer(value: object, minimum: int) -> int:
    checked = as_count(value, minimum)
    if isinstance(checked, str):
        raise _Invalid(checked)
    return checked


def _timestamp(value: object) -> Instant:
    if not isinstance(value, str):
        raise _Invalid(f"{render_value(value)} is not a string")
    try:
        return parse_timestamp(value)
    except TimeSyntaxError as error:
        raise _Invalid(f"{render_value(value)} {error}") from None


def _progress(value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise _Invalid(f"{render_value(value)} is not a number")
    if isinstance(value, float) and not math.isfinite(value):
        raise _Invalid(f"{render_value(value)} is not a finite number")
    if not 0 <= value <= 100:
        raise _Invalid(f"{render_value(value)} is outside 0..100")
    return float(value) + 0.0  # + 0.0 turns -0.0 into 0.0


def _media_id(text: str) -> tuple[MediaKind, str] | None:
    parsed = normalise_media_id(text)
    if parsed is not None and len(parsed[1]) - 9 > MAX_ID_DIGITS:
        raise _Invalid(f"{render_value(text)} {TOO_LONG_RULE}")
    return parsed


def _parse_entry(item: object, index: int, now: Instant, problems: _Problems) -> EntryRow | None:
    """Check one history item, the slow and thorough way: every problem is named."""
    path = f"history[{index}]"
    if not isinstance(item, dict):
        problems.add(path, f"{render_value(item)} is not an object")
        return None
    before = len(problems.items)
    kind: MediaKind | None = None
    media = ""

    media_type = item.get("mediaType")
    type_kind = _MEDIA_TYPES.get(media_type) if isinstance(media_type, str) else None
    if media_type is not None and type_kind is None:
        problems.add(f"{path}.mediaType", f'{render_value(media_type)} is not "tv" or "movie"')

    field = "mediaId"
    raw = item.get("mediaId")
    if raw is None:
        field = "id"
        raw = item.get("id")
    if raw is None:
        problems.add(path, "has neither mediaId nor id")
    elif not isinstance(raw, str):
        problems.add(f"{path}.{field}", f"{render_value(raw)} is not a string")
    else:
        try:
            parsed = _media_id(raw)
        except _Invalid as error:
            problems.add(f"{path}.{field}", str(error))
            parsed = None
        else:
            if parsed is None:
                if field == "id" and raw.isascii() and raw.isdigit():
                    if type_kind is not None:
                        if len(raw.lstrip("0")) > MAX_ID_DIGITS:
                            problems.add(f"{path}.id", f"{render_value(raw)} {TOO_LONG_RULE}")
                        else:
                            kind, media = type_kind, long_form(type_kind, raw)
                    elif media_type is None:
                        problems.add(
                            f"{path}.id",
                            f"{render_value(raw)} has no TV_ or MV_ prefix "
                            "and no mediaType says which it is",
                        )
                else:
                    problems.add(f"{path}.{field}", f"{render_value(raw)} {ID_RULE}")
            else:
                kind, media = parsed
                if type_kind is not None and type_kind != kind:
                    problems.add(
                        f"{path}.mediaType",
                        f"{render_value(media_type)} contradicts {field} {render_value(raw)}",
                    )
                    kind = None

    raw_updated = item.get("updatedAt")
    updated: Instant = now
    if raw_updated is not None:
        try:
            updated = _timestamp(raw_updated)
        except _Invalid as error:
            problems.add(f"{path}.updatedAt", str(error))

    raw_progress = item.get("progress")
    progress = 100.0
    if raw_progress is not None:
        try:
            progress = _progress(raw_progress)
        except _Invalid as error:
            problems.add(f"{path}.progress", str(error))

    season = episode = 0
    raw_season = item.get("season")
    raw_episode = item.get("episode")
    if kind == "movie":
        for name, value in (("season", raw_season), ("episode", raw_episode)):
            if value is not None:
                problems.add(f"{path}.{name}", f"{render_value(value)} is given for a movie")
    else:
        if raw_season is None:
            if raw_episode is not None:
                problems.add(
                    f"{path}.episode", f"{render_value(raw_episode)} is given without a season"
                )
            elif kind == "tv":
                problems.add(f"{path}.season", "is required for a TV entry")
        else:
            try:
                season = _integer(raw_season, 1)
            except _Invalid as error:
                problems.add(f"{path}.season", str(error))
        if raw_episode is not None and raw_season is not None:
            try:
                episode = _integer(raw_episode, 1)
            except _Invalid as error:
                problems.add(f"{path}.episode", str(error))

    imported = item.get("imported")
    if imported is None:
        imported = ""
    elif not isinstance(imported, str):
        problems.add(f"{path}.imported", f"{render_value(imported)} is not a string")

    if len(problems.items) != before or kind is None:
        return None
    return (media, season, episode, updated, progress, imported, index)


def _parse_catalog_row(
    item: object, index: int, zone: str | None, problems: _Problems
) -> CatalogRow | None:
    """Check one catalog row, the slow and thorough way: every problem is named."""
    path = f"episodes[{index}]"
    if not isinstance(item, dict):
        problems.add(path, f"{render_value(item)} is not an object")
        return None
    before = len(problems.items)
    media = ""
    raw = item.get("mediaId")
    if raw is None:
        problems.add(f"{path}.mediaId", "is required")
    elif not isinstance(raw, str):
        problems.add(f"{path}.mediaId", f"{render_value(raw)} is not a string")
    else:
        try:
            parsed = _media_id(raw)
        except _Invalid as error:
            problems.add(f"{path}.mediaId", str(error))
        else:
            if parsed is None:
                problems.add(f"{path}.mediaId", f"{render_value(raw)} {ID_RULE}")
            elif parsed[0] != "tv":
                problems.add(
                    f"{path}.mediaId", f"{render_value(raw)} is a movie; catalog rows are episodes"
                )
            else:
                media = parsed[1]
    season = episode = 0
    for name, minimum in (("season", 0), ("episode", 1)):
        value = item.get(name)
        if value is None:
            problems.add(f"{path}.{name}", "is required")
            continue
        try:
            number = _integer(value, minimum)
        except _Invalid as error:
            problems.add(f"{path}.{name}", str(error))
            continue
        if name == "season":
            season = number
        else:
            episode = number
    air_text = item.get("airDate")
    air: Instant | None = None
    if air_text is not None:
        if not isinstance(air_text, str):
            problems.add(f"{path}.airDate", f"{render_value(air_text)} is not a string")
        else:
            try:
                parsed_air = parse_air_date(air_text)
            except TimeSyntaxError as error:
                problems.add(f"{path}.airDate", f"{render_value(air_text)} {error}")
            else:
                if isinstance(parsed_air, tuple):
                    if zone is not None:
                        air = date_instant(*parsed_air, zone)
                else:
                    air = parsed_air
    if len(problems.items) != before:
        return None
    return (media, season, episode, air_text, air)


def _report_conflicts(
    repeated: dict[tuple[str, int, int], list[tuple[int, str | None]]],
    catalog: Catalog,
    problems: _Problems,
) -> None:
    """Rows for one episode merge when their ``airDate`` agree; when they disagree, every
    row of that episode is invalid, is reported with the first row that disagrees with it,
    and the episode leaves the catalog."""
    found: list[tuple[int, str]] = []
    for key, rows in repeated.items():
        if len({text for _, text in rows}) == 1:
            continue
        del catalog[key]
        media, season, episode = key
        for index, text in rows:
            other_index, other_text = next((i, t) for i, t in rows if t != text)
            found.append(
                (
                    index,
                    f"{render_value(text)} contradicts {render_value(other_text)} at "
                    f"episodes[{other_index}] for {media} season {season} episode {episode}",
                )
            )
    for index, message in sorted(found):
        problems.add(f"episodes[{index}].airDate", message)


def _parse_options(
    raw: object, clock: Callable[[], int], problems: _Problems
) -> tuple[float, Instant, Instant | None, str | None, bool]:
    threshold = DEFAULT_THRESHOLD
    now: Instant | None = None
    as_of: Instant | None = None
    zone: str | None = "UTC"
    skip = False
    if raw is None:
        return threshold, clock(), None, zone, skip
    if not isinstance(raw, dict):
        problems.add("options", f"{render_value(raw)} is not an object")
        return threshold, clock(), None, zone, skip
    for key in raw:
        if key not in OPTION_KEYS:
            problems.add(
                key_path("options", str(key)),
                "unknown option (the options are " + ", ".join(OPTION_KEYS) + ")",
            )
    value = raw.get("completionThreshold")
    if value is not None:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            problems.add("options.completionThreshold", f"{render_value(value)} is not a number")
        elif not 0 < value <= 100:  # also false for NaN
            problems.add(
                "options.completionThreshold",
                f"{render_value(value)} is outside 0..100 (0 excluded)",
            )
        else:
            threshold = float(value)
    for name in ("now", "asOf"):
        value = raw.get(name)
        if value is not None:
            try:
                instant = _timestamp(value)
            except _Invalid as error:
                problems.add(f"options.{name}", str(error))
            else:
                if name == "now":
                    now = instant
                else:
                    as_of = instant
    value = raw.get("airDateZone")
    if value is not None:
        if not isinstance(value, str):
            problems.add("options.airDateZone", f"{render_value(value)} is not a string")
            zone = None
        else:
            try:
                check_zone(value)
                zone = value
            except ZoneError:
                problems.add(
                    "options.airDateZone", f"{render_value(value)} is not an IANA time zone name"
                )
                zone = None
    value = raw.get("onInvalid")
    if value is not None:
        if value == "skip":
            skip = True
        elif value != "reject":
            problems.add("options.onInvalid", f'{render_value(value)} is not "reject" or "skip"')
    if now is None:
        now = as_of if as_of is not None else clock()
    return threshold, now, as_of, zone, skip


def parse_document(document: object, clock: Callable[[], int]) -> ParsedDocument:
    """Check a whole input document (already parsed JSON) against contract section 1.

    ``clock`` gives the current instant in nanoseconds; it is called only when the document
    has neither ``options.now`` nor ``options.asOf``.
    """
    fatal = _Problems()
    if not isinstance(document, dict):
        fatal.add("$", f"{render_value(document)} is not an object")
        return ParsedDocument(
            iter(()), {}, DEFAULT_THRESHOLD, 0, None, False, fatal.items, [], [], {}
        )
    for key in document:
        if key not in TOP_LEVEL_KEYS:
            fatal.add(
                key_path("", str(key)),
                "unknown key (a document has history, episodes and options)",
            )
    history = document.get("history")
    if "history" not in document:
        fatal.add("history", "is required")
        history = []
    elif not isinstance(history, list):
        fatal.add("history", f"{render_value(history)} is not an array")
        history = []
    catalog = document.get("episodes")
    if catalog is None:
        catalog = []
    elif not isinstance(catalog, list):
        fatal.add("episodes", f"{render_value(catalog)} is not an array")
        catalog = []
    threshold, now, as_of, zone, skip = _parse_options(document.get("options"), clock, fatal)

    history_problems = _Problems()
    catalog_problems = _Problems()
    reader = TimestampReader()
    entries = _entries(history, now, reader, history_problems)
    catalog_rows = _catalog(catalog, zone, reader, catalog_problems)
    return ParsedDocument(
        entries,
        catalog_rows,
        threshold,
        now,
        as_of,
        skip,
        fatal.items,
        history_problems.items,
        catalog_problems.items,
        reader.canonical,
    )


def _entries(
    history: list[Any], now: Instant, reader: TimestampReader, problems: _Problems
) -> Iterator[EntryRow]:
    """Every valid history item as an engine row, lazily: the engine reduces each row as it
    comes, so a million entries never stand in memory as a million rows.  ``problems`` is
    complete once the iterator is exhausted.

    The loop takes the common, valid shapes at full speed; anything unusual (a missing
    field that needs a default is not unusual) goes to :func:`_parse_entry`, which accepts
    exactly the same items and names every problem of the others.
    """
    read = reader.read
    by_media_id: dict[str, str | None] = {}
    by_id: dict[tuple[str, str], str | None] = {}
    for index, item in enumerate(history):
        if type(item) is dict:
            get = item.get
            raw = get("mediaId")
            media = None
            if type(raw) is str and get("mediaType") is None:
                media = by_media_id.get(raw)
                if media is None and raw not in by_media_id:
                    parsed = normalise_media_id(raw)
                    if parsed is not None and len(parsed[1]) - 9 <= MAX_ID_DIGITS:
                        media = parsed[1]
                    by_media_id[raw] = media
            elif raw is None:  # the list endpoint's shape: id and mediaType
                raw = get("id")
                media_type = get("mediaType")
                if type(raw) is str and type(media_type) is str:
                    id_key = (raw, media_type)
                    media = by_id.get(id_key)
                    if media is None and id_key not in by_id:
                        media = by_id[id_key] = _id_and_type(raw, media_type)
            if media is not None:
                season = get("season")
                episode = get("episode")
                progress = get("progress")
                updated = get("updatedAt")
                imported = get("imported")
                if (
                    (
                        (
                            (type(season) is int and 1 <= season <= MAX_COUNT and media[0] == "T")
                            and (
                                episode is None
                                or (type(episode) is int and 1 <= episode <= MAX_COUNT)
                            )
                        )
                        or (season is None and episode is None and media[0] == "M")
                    )
                    and (progress is None or type(progress) is int or type(progress) is float)
                    and (imported is None or type(imported) is str)
                    and (updated is None or type(updated) is str)
                ):
                    if progress is None:
                        progress = 100.0
                    elif 0 <= progress <= 100:  # false for NaN
                        progress = float(progress) + 0.0  # + 0.0 turns -0.0 into 0.0
                    else:
                        progress = -1.0
                    if progress >= 0:
                        try:
                            instant = now if updated is None else read(updated)
                        except TimeSyntaxError:
                            pass
                        else:
                            yield (
                                media,
                                season or 0,
                                episode or 0,
                                instant,
                                progress,
                                imported or "",
                                index,
                            )
                            continue
        row = _parse_entry(item, index, now, problems)
        if row is not None:
            yield row


def _id_and_type(raw: str, media_type: str) -> str | None:
    """The long-form id of a valid ``id`` + ``mediaType`` pair, else None."""
    kind = _MEDIA_TYPES.get(media_type)
    if kind is None:
        return None
    parsed = normalise_media_id(raw)
    if parsed is None:
        if raw.isascii() and raw.isdigit() and len(raw.lstrip("0")) <= MAX_ID_DIGITS:
            return long_form(kind, raw)
        return None
    if parsed[0] != kind or len(parsed[1]) - 9 > MAX_ID_DIGITS:
        return None
    return parsed[1]


def _catalog(
    catalog: list[Any], zone: str | None, reader: TimestampReader, problems: _Problems
) -> Catalog:
    """The valid catalog rows, one per episode; the fast loop mirrors :func:`_entries`."""
    found: Catalog = {}
    first_index: dict[tuple[str, int, int], int] = {}
    repeated: dict[tuple[str, int, int], list[tuple[int, str | None]]] = {}
    by_media_id: dict[str, str | None] = {}
    by_date: dict[str, Instant] = {}
    read = reader.read
    for index, item in enumerate(catalog):
        key: tuple[str, int, int] | None = None
        if type(item) is dict and zone is not None:
            get = item.get
            raw = get("mediaId")
            media = None
            if type(raw) is str:
                media = by_media_id.get(raw)
                if media is None and raw not in by_media_id:
                    parsed = normalise_media_id(raw)
                    if (
                        parsed is not None
                        and parsed[0] == "tv"
                        and len(parsed[1]) - 9 <= MAX_ID_DIGITS
                    ):
                        media = parsed[1]
                    by_media_id[raw] = media
            season = get("season")
            episode = get("episode")
            if (
                media is not None
                and type(season) is int
                and 0 <= season <= MAX_COUNT
                and type(episode) is int
                and 1 <= episode <= MAX_COUNT
            ):
                air_text = get("airDate")
                air: Instant | None = None
                if air_text is None:
                    key = (media, season, episode)
                elif type(air_text) is str:
                    air = by_date.get(air_text)
                    if air is None:
                        try:
                            if len(air_text) == 24:
                                air = read(air_text)
                            elif len(air_text) == 10 and zone == "UTC":
                                air = by_date[air_text] = day_seconds(air_text) * 1_000_000_000
                            else:
                                when = parse_air_date(air_text)
                                if isinstance(when, tuple):
                                    air = by_date[air_text] = date_instant(*when, zone)
                                else:
                                    air = when
                        except TimeSyntaxError:
                            air = None
                    if air is not None:
                        key = (media, season, episode)
        if key is None:
            row = _parse_catalog_row(item, index, zone, problems)
            if row is None:
                continue
            key, air_text, air = row[:3], row[3], row[4]
        seen = found.get(key)
        if seen is None:
            found[key] = (air_text, air)
            first_index[key] = index
        else:
            repeated.setdefault(key, [(first_index[key], seen[0])]).append((index, air_text))
    if repeated:
        _report_conflicts(repeated, found, problems)
    return found
