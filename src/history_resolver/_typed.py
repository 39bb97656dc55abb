"""The typed fast path of :func:`~history_resolver.resolve_json`, with the ``fast`` extra.

msgspec decodes a document straight into structs whose fields are the common valid shape
of a history entry and of a catalog row, so that C does what the text path's fast paths
(``_history.entry_fast_path``, ``_catalog.row_fast_path``) do in Python; the structs then
become the very engine rows those fast paths build, in the same order, and the engine and
the writer of the output are the document path's own.

It is a fast path: every constraint below is a visibly smaller set than what those fast
paths accept, and any doubt declines **the whole document** (:func:`typed_resolve` returns
``None``): a msgspec error (a value of another type or range, an unknown key, anything
msgspec refuses), an id the rules refuse, a timestamp or air date without canonical text,
options the text path does not take, rows that conflict.  The document then takes the
ordinary road, which alone words problems.  This module is imported only when msgspec is
installed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import replace
from typing import Annotated, Any, Union

import msgspec

from ._catalog import CatalogBuilder, ShowIds
from ._document import JSONObject, finish
from ._engine import UNKNOWN_AIR, Catalog, EntryRow, decide
from ._errors import Problems
from ._history import Memo, long_id, long_pair
from ._input import ParsedDocument, parse_document
from ._keys import CATALOG_KEYS, HISTORY_KEYS, Keys
from ._numbers import DEFAULT_PROGRESS, MAX_COUNT
from ._time import TextDeclined, TextInstants, TimeSyntaxError

__all__ = ["DECLINES", "typed_document", "typed_parse", "typed_resolve"]

_Scalar = Union[str, int, float, bool, None]  # noqa: UP007 (msgspec reads the annotation)
# docs/rules.md#season-and-episode: a count is a whole JSON number 1..2**53-1 (a catalog
# season from 0, docs/rules.md#catalog-rows); msgspec takes no bool and no 1.0 for an int.
_Count = Annotated[int, msgspec.Meta(ge=1, le=MAX_COUNT)]
_Season = Annotated[int, msgspec.Meta(ge=0, le=MAX_COUNT)]
# docs/rules.md#progress: a number 0..100 (no bool; an integer is read as its float).
_Progress = Annotated[float, msgspec.Meta(ge=0, le=100)]
_Text = Union[str, None]  # noqa: UP007
_Optional = Union[_Count, None]  # noqa: UP007
_OptionalProgress = Union[_Progress, None]  # noqa: UP007


def _struct(name: str, keys: Keys, read: dict[str, tuple[Any, ...]]) -> Any:
    """A struct of the keys ``keys`` knows (docs/rules.md#near-misses): the read ones typed
    as ``read`` says (``(type,)`` is required, ``(type, default)`` optional), every key
    Discovr and TMDB send (docs/rules.md#keys-discovr-and-tmdb-send) an ignored scalar, and
    any other key refused (it may be a near miss: the ordinary road decides)."""
    assert set(read) <= keys.known
    fields = [(key, *read.get(key, (_Scalar, None))) for key in sorted(keys.known)]
    return msgspec.defstruct(name, fields, kw_only=True, forbid_unknown_fields=True, gc=False)


# docs/rules.md#history-entries: a subset of what _history.entry_fast_path takes
_Entry = _struct(
    "_Entry",
    HISTORY_KEYS,
    {
        "mediaId": (_Text, None),  # docs/rules.md#media-ids (read by _ids, below)
        # docs/rules.md#history-shapes: the list endpoint's shape (ignored beside mediaId)
        "id": (_Scalar, None),
        "mediaType": (_Text, None),
        "updatedAt": (_Text, None),  # docs/rules.md#updatedat (read by TextInstants)
        "progress": (_OptionalProgress, None),  # (missing or null: DEFAULT_PROGRESS)
        "season": (_Optional, None),
        "episode": (_Optional, None),
        "imported": (_Text, None),  # docs/rules.md#imported
    },
)
# docs/rules.md#catalog-rows: a subset of what _catalog.row_fast_path takes
_Row = _struct(
    "_Row",
    CATALOG_KEYS,
    {
        "mediaId": (str,),
        "season": (_Season,),
        "episode": (_Count,),
        "airDate": (_Text, None),  # read by TextInstants.air
    },
)
# docs/rules.md#the-input-document: options as the ordinary reader takes them
_Document = msgspec.defstruct(
    "_Document",
    [
        ("history", list[_Entry]),  # type: ignore[valid-type]
        ("episodes", Union[list[_Row], None], None),  # type: ignore[valid-type]  # noqa: UP007
        ("options", Union[dict[str, _Scalar], None], None),  # noqa: UP007
    ],
    kw_only=True,
    forbid_unknown_fields=True,
    gc=False,
)
_decoder = msgspec.json.Decoder(_Document)


class _Declined(Exception):
    """The typed path leaves the document to the ordinary road."""


DECLINES = (_Declined, TextDeclined, TimeSyntaxError)
"""What :func:`typed_parse` (or consuming its entries) raises when the path declines."""


def typed_document(data: bytes) -> Any:
    """The JSON text ``data`` decoded into the typed document, or ``None`` (declined)."""
    try:
        return _decoder.decode(data)
    except msgspec.MsgspecError:
        return None


def typed_parse(document: Any, clock: Callable[[], int]) -> ParsedDocument:
    """The checked document of a typed one, as the text path's ``parse_document`` gives it
    (its entries lazy: consuming them may raise one of :data:`DECLINES` too)."""
    # The options, read by the one reader (the text path: valid, in UTC, or declined).
    options = {"history": [], "episodes": [], "options": document.options}
    parsed = parse_document(options, clock, text=True)
    texts = TextInstants()
    return replace(
        parsed,
        entries=_entries(document.history, parsed.now, texts.read),
        catalog=_catalog(document.episodes or (), texts.air),
    )


def typed_resolve(data: bytes, clock: Callable[[], int]) -> JSONObject | None:
    """The output document of the JSON text ``data``, exactly as ``resolve_document`` of
    its ``json.loads`` gives it, for a valid document of the common shape; ``None`` (the
    document declined) for anything else.  ``clock`` is called at most as the ordinary road
    calls it (the caller shares its one reading with the road)."""
    document = typed_document(data)
    if document is None:
        return None
    try:
        parsed = typed_parse(document, clock)
        decisions = decide(
            parsed.entries, parsed.catalog, parsed.threshold, parsed.as_of, parsed.now
        )
    except DECLINES:
        return None
    return finish(parsed, decisions).output


def _entries(history: Sequence[Any], now: str, read: Callable[[str], str]) -> Iterator[EntryRow]:
    """The engine rows of typed history entries, as ``entry_fast_path`` builds them (its
    checks that the struct has not made, written out the same way); an entry it would
    decline declines the document."""
    ids, pairs = Memo(long_id), Memo(long_pair)
    for index, entry in enumerate(history):
        raw, season, episode = entry.mediaId, entry.season, entry.episode
        if raw is None:  # the list endpoint's shape: id and mediaType
            raw, media_type = entry.id, entry.mediaType
            both = type(raw) is str and media_type is not None
            media = pairs[raw, media_type] if both else None
        else:
            media = ids[raw] if entry.mediaType is None else None
        if media is None:
            raise _Declined
        if media[0] == "M":  # a movie names no season and no episode
            if season is not None or episode is not None:
                raise _Declined
        elif season is None:  # a show entry names a season
            raise _Declined
        updated, progress = entry.updatedAt, entry.progress
        # (progress + 0.0: -0.0 is 0.0, as check_progress returns it)
        yield (media, season or 0, episode or 0, now if updated is None else read(updated),
               DEFAULT_PROGRESS if progress is None else progress + 0.0,
               entry.imported or "", index)  # fmt: skip


def _catalog(rows: Sequence[Any], air: Callable[[str], str]) -> Catalog:
    """The engine's catalog of typed rows, as ``catalog_rows`` builds it from the rows
    ``row_fast_path`` takes; a row it would decline, or a conflict, declines the document."""
    ids, builder = ShowIds(), CatalogBuilder()
    catalog, first, repeat = builder.catalog, builder.first, builder.repeat
    for index, row in enumerate(rows):
        media = ids[row.mediaId]
        if media is None:
            raise _Declined
        key, text = (media, row.season, row.episode), row.airDate
        value = UNKNOWN_AIR if text is None else (text, air(text))
        if first.setdefault(key, index) == index:  # (CatalogBuilder.add, written out)
            catalog[key] = value
        else:
            repeat(index, key, value)
    problems = Problems()
    builder.drop_conflicts(problems, "episodes", "airDate")
    if problems:
        raise _Declined  # a conflict: the ordinary road words it
    return catalog
