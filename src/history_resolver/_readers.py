"""JSON into typed values: the API's JSON read into :class:`HistoryEntry`,
:class:`CatalogEpisode` and :class:`Options`.

Each reader checks its JSON with the very rules the document layer uses
(docs/rules.md#the-input-document), near misses included (docs/rules.md#near-misses), and
names every problem by its JSON path, in the same words as
:func:`~history_resolver.resolve_document`.  A reader raises
:class:`~history_resolver.InvalidInputError` listing every problem; it never returns part of
its input as if it were whole.
"""

from __future__ import annotations

from datetime import date

from ._catalog import CatalogBuilder, CatalogFields, read_catalog_row
from ._errors import Problems
from ._history import EntryFields, read_entry
from ._ids import from_long_form
from ._input import check_array
from ._model import CatalogEpisode, HistoryEntry, Options
from ._options import check_now_given, read_options
from ._time import Timestamp

__all__ = ["catalog_from_json", "entry_from_json", "history_from_json", "options_from_json"]


def _entry(fields: EntryFields) -> HistoryEntry:
    updated = None if fields.updated is None else Timestamp(fields.updated)
    return HistoryEntry(
        from_long_form(fields.kind, fields.media),
        updated,
        fields.progress,
        fields.season or None,
        fields.episode or None,
        fields.imported,
    )


def history_from_json(items: object, *, path: str = "history") -> list[HistoryEntry]:
    """The history entries of a JSON array of Discovr history items (either shape: with
    ``mediaId``, or with ``id`` and ``mediaType`` as the list endpoint gives them).

    An item without ``updatedAt`` gives an entry whose ``updated_at`` is ``None``: it takes
    the resolution's ``now``, as in a document.  ``path`` names the array in problems
    (``history[3].progress``).  Raises :class:`InvalidInputError` naming every problem.
    """
    problems = Problems()
    entries = [
        read_entry(item, problems, f"{path}[{index}]")
        for index, item in enumerate(check_array(items, problems, path))
    ]
    problems.raise_if_any()
    return [_entry(fields) for fields in entries if fields is not None]


def entry_from_json(item: object, *, path: str = "history[0]") -> HistoryEntry:
    """One history entry of a Discovr history item; ``path`` names the item in problems."""
    problems = Problems()
    fields = read_entry(item, problems, path)
    problems.raise_if_any()
    assert fields is not None
    return _entry(fields)


def _episode(fields: CatalogFields) -> CatalogEpisode:
    air = fields.air
    air_date: date | Timestamp | None
    if isinstance(air, tuple):
        air_date = date(*air)
    else:
        air_date = None if air is None else Timestamp(air)
    show = from_long_form("tv", fields.media)
    return CatalogEpisode(show, fields.season, fields.episode, air_date)


def catalog_from_json(rows: object, *, path: str = "episodes") -> list[CatalogEpisode]:
    """The catalog episodes of a JSON array of catalog rows (``mediaId``, ``season``,
    ``episode``, ``airDate``).

    Rows for one episode must agree on their ``airDate`` string, as in a document
    (docs/rules.md#catalog-conflicts); rows that agree give one episode each time they are
    given.  ``path`` names the array in problems.  Raises :class:`InvalidInputError` naming
    every problem.
    """
    problems = Problems()
    read: list[CatalogFields] = []
    conflicts = CatalogBuilder()
    for index, row in enumerate(check_array(rows, problems, path)):
        fields = read_catalog_row(row, problems, f"{path}[{index}]")
        if fields is not None:
            read.append(fields)
            key = (fields.media, fields.season, fields.episode)
            conflicts.add(index, key, (fields.air_text, None))  # (the text decides)
    conflicts.drop_conflicts(problems, path, "airDate")
    problems.raise_if_any()
    return [_episode(fields) for fields in read]


def options_from_json(
    options: object, *, now: Timestamp | None = None, path: str = "options"
) -> Options:
    """The :class:`Options` of a JSON options object (``None`` or missing: the defaults).

    ``now`` is the current time, taken when the object gives neither ``now`` nor ``asOf``
    (a reader reads no clock).  Raises :class:`InvalidInputError` naming every problem.
    """
    problems = Problems()
    fields = read_options(options, problems, path)
    if now is None:
        check_now_given(fields.now, fields.as_of, problems, path + ".now", "asOf")
    problems.raise_if_any()
    assert fields.zone is not None
    as_of = None if fields.as_of is None else Timestamp(fields.as_of)
    if fields.now is not None:
        now = Timestamp(fields.now)
    elif as_of is not None:
        now = None  # as in a document, now is asOf
    return Options(
        now=now,
        as_of=as_of,
        completion_threshold=fields.threshold,
        air_date_zone=fields.zone,
        on_invalid=fields.on_invalid,
    )
