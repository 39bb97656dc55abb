"""The input document (docs/rules.md#the-input-document): its parts checked and turned into
engine rows.

A document is ``{"history": [...], "episodes": [...], "options": {...}}``.  Its history
entries are read by :mod:`._history`, its catalog rows by :mod:`._catalog`, its options by
:mod:`._options`; this module checks the document itself and hands each part to its reader.
Nothing raises on the first problem: every check records it and goes on, so a rejected
document names all that is wrong with it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from ._catalog import air_reader, catalog_rows
from ._engine import Catalog, EntryRow
from ._errors import Diagnostic, Problems, key_path, render_value
from ._history import entry_rows
from ._numbers import DEFAULT_THRESHOLD
from ._options import read_options
from ._time import (
    Moment,
    TextDeclined,
    TextInstants,
    TimestampReader,
    TimeSyntaxError,
    format_instant,
)

__all__ = ["TOP_LEVEL_KEYS", "ParsedDocument", "check_array", "parse_document"]

TOP_LEVEL_KEYS = ("history", "episodes", "options")


@dataclass(frozen=True, slots=True)
class ParsedDocument:
    """A checked input document: engine rows, options, and what was wrong with it."""

    entries: Iterator[EntryRow]  # lazy: consume it before reading the problems
    catalog: Catalog  # episode -> (airDate text, air instant)
    threshold: float
    now: Moment
    as_of: Moment | None
    skip: bool
    fatal: list[Diagnostic]  # problems no mode can skip: the call fails
    history_problems: list[Diagnostic]  # problems with single entries (once consumed)
    catalog_problems: list[Diagnostic]  # problems with single catalog rows
    canonical: dict[Moment, str] | None  # instants read from text in the output's form
    # (None: the text path, where every instant is its own output text)


def check_array(value: object, problems: Problems, path: str) -> list[object]:
    """docs/rules.md#the-input-document: the history and the catalog are arrays (an empty
    one stands in for one that is not, once its problem is recorded)."""
    if isinstance(value, list):
        return value
    problems.error(path, f"{render_value(value)} is not an array", "the-input-document")
    return []


def _unknown_keys(document: dict[object, object], problems: Problems) -> None:
    for key in document:
        if key not in TOP_LEVEL_KEYS:
            message = "unknown key (a document has history, episodes and options)"
            problems.error(key_path("", str(key)), message, "the-input-document")


def parse_document(
    document: object, clock: Callable[[], int], text: bool = False
) -> ParsedDocument:
    """Check a whole input document (already parsed JSON).

    ``clock`` gives the current instant in nanoseconds; it is called only when the document
    has neither ``options.now`` nor ``options.asOf`` (docs/rules.md#now-and-asof).

    ``text``: read it on the text path, every instant as its canonical text
    (:class:`~history_resolver._time.TextInstants`), or raise
    :class:`~history_resolver._time.TextDeclined` (possibly only while ``entries`` is
    consumed) when an instant of the document has no such text.  A declined document is
    read again the exact way, which alone words problems: the text path takes only
    documents whose options are valid.
    """
    fatal = Problems()
    if not isinstance(document, dict):
        if text:
            raise TextDeclined
        fatal.error("$", f"{render_value(document)} is not an object", "the-input-document")
        return ParsedDocument(
            iter(()), {}, DEFAULT_THRESHOLD, 0, None, False, fatal.items, [], [], {}
        )
    _unknown_keys(document, fatal)
    if "history" in document:
        history = check_array(document["history"], fatal, "history")
    else:
        history = []
        fatal.error("history", "is required", "the-input-document")
    catalog = document.get("episodes")
    catalog = [] if catalog is None else check_array(catalog, fatal, "episodes")
    options = read_options(document.get("options"), fatal)
    now: Moment | None = options.now if options.now is not None else options.as_of
    if now is None:
        now = clock()
    as_of: Moment | None = options.as_of
    history_problems, catalog_problems = Problems(), Problems()
    read: Callable[[str], Moment]
    air: Callable[[str], Moment]
    canonical: dict[Moment, str] | None
    if text:
        texts = TextInstants()
        now, as_of = _text_options(document, fatal, options.zone, now, texts)
        read, air, canonical = texts.read, texts.air, None
    else:
        reader = TimestampReader()
        read, canonical = reader.read, reader.canonical
        air = air_reader(options.zone or "UTC", reader.read)  # (no zone: the fast path declines)
    return ParsedDocument(
        entry_rows(history, now, read, history_problems, text),
        catalog_rows(catalog, options.zone, air, catalog_problems, text),
        options.threshold,
        now,
        as_of,
        options.on_invalid == "skip",
        fatal.items,
        history_problems.items,
        catalog_problems.items,
        canonical,
    )


def _text_options(
    document: dict[object, object],
    fatal: Problems,
    zone: str | None,
    now: Moment,
    texts: TextInstants,
) -> tuple[str, str | None]:
    """``now`` and ``asOf`` as text instants, for valid options in UTC whose instants have
    canonical text (``now`` from the clock: a whole millisecond); else the path declines."""
    if fatal or zone != "UTC":
        raise TextDeclined
    options = document.get("options")
    given = options if isinstance(options, dict) else {}
    raw_now, raw_as_of = given.get("now"), given.get("asOf")
    try:
        as_of = None if raw_as_of is None else texts.read(raw_as_of)
        if raw_now is not None:
            return texts.read(raw_now), as_of
        if as_of is not None:
            return as_of, as_of
        if now % 1_000_000:  # the clock's nanoseconds: no text says them
            raise TextDeclined
        return texts.read(format_instant(now)), as_of
    except TimeSyntaxError:
        raise TextDeclined from None
