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

from ._catalog import catalog_rows
from ._engine import Catalog, EntryRow
from ._errors import Diagnostic, Problems, key_path, render_value
from ._history import entry_rows
from ._numbers import DEFAULT_THRESHOLD
from ._options import read_options
from ._time import Instant, TimestampReader

__all__ = ["TOP_LEVEL_KEYS", "ParsedDocument", "check_array", "parse_document"]

TOP_LEVEL_KEYS = ("history", "episodes", "options")


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


def parse_document(document: object, clock: Callable[[], int]) -> ParsedDocument:
    """Check a whole input document (already parsed JSON).

    ``clock`` gives the current instant in nanoseconds; it is called only when the document
    has neither ``options.now`` nor ``options.asOf`` (docs/rules.md#now-and-asof).
    """
    fatal = Problems()
    if not isinstance(document, dict):
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
    now = options.now if options.now is not None else options.as_of
    if now is None:
        now = clock()
    history_problems, catalog_problems, reader = Problems(), Problems(), TimestampReader()
    return ParsedDocument(
        entry_rows(history, now, reader, history_problems),
        catalog_rows(catalog, options.zone, reader, catalog_problems),
        options.threshold,
        now,
        options.as_of,
        options.on_invalid == "skip",
        fatal.items,
        history_problems.items,
        catalog_problems.items,
        reader.canonical,
    )
