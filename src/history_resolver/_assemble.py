"""An input document from its parts: history, catalog rows, TMDB payloads and options.

The command (``resolve --history ... --episodes ... --tmdb-season ...``) and the browser
adapter (:mod:`history_resolver._browser`) both get a history and a catalog in pieces, read
from files; :func:`assemble` puts the pieces together into the one input document the
document layer checks, and :func:`titles` finds the titles a view shows beside the media
ids.  How the pieces are *read* (files, flags, dropped files) stays with each adapter.
"""

from __future__ import annotations

import enum
import json
from collections.abc import Iterable, Mapping, Sequence
from itertools import chain
from typing import Any, Final, NamedTuple

from ._errors import Diagnostic
from ._ids import MediaId
from ._pages import history_from_pages
from ._tmdb import read_tmdb_rows

__all__ = ["NO_DOCUMENT", "Assembled", "TmdbPart", "assemble", "catalog_rows", "titles"]


class _Absent(enum.Enum):
    NO_DOCUMENT = "no document"


NO_DOCUMENT: Final = _Absent.NO_DOCUMENT
"""No whole input document was given (only history pieces): not ``None``, which is what a
file holding ``null`` reads as, and which the document layer refuses."""


class TmdbPart(NamedTuple):
    """A TMDB payload for ``show``, read from the file named ``name``."""

    show: MediaId
    payload: object
    name: str


class Assembled(NamedTuple):
    """The input document made of the parts, and the diagnostics found in the parts
    (list-endpoint pages, TMDB payloads), for :func:`~history_resolver._document.run_document`."""

    document: Any
    diagnostics: list[Diagnostic]


def catalog_rows(values: Iterable[object]) -> list[Any]:
    """The catalog rows in the JSON values of catalog files: an array of rows,
    ``{"episodes": [...]}`` (a catalog on its own) or one row (a line of JSON Lines)."""
    rows: list[Any] = []
    for value in values:
        if isinstance(value, list):
            rows.extend(value)
        elif isinstance(value, dict) and isinstance(value.get("episodes"), list):
            rows.extend(value["episodes"])
        else:
            rows.append(value)
    return rows


def assemble(
    document: object,
    history: Sequence[object],
    catalog: Sequence[object],
    tmdb: Sequence[TmdbPart],
    options: Mapping[str, object],
) -> Assembled:
    """The input document made of ``document`` (a whole input document, or
    :data:`NO_DOCUMENT`) or
    else of the ``history`` values (arrays, list-endpoint pages, JSON Lines items), with
    the ``catalog`` values' rows and the ``tmdb`` payloads' episodes added to its
    ``episodes`` and the ``options`` that are not ``None`` merged into its options.

    A ``document`` that is not an object, an ``episodes`` or ``options`` that is not an
    array or object, stays as it is, for the document layer to report.
    """
    if document is not NO_DOCUMENT and not isinstance(document, dict):
        return Assembled(document, [])
    found: list[Diagnostic] = []
    if not isinstance(document, dict):
        items, found = history_from_pages(history)
        assembled: dict[str, Any] = {"history": items}
    else:
        assembled = dict(document)
    extra = catalog_rows(catalog)
    for part in tmdb:
        rows, problems = read_tmdb_rows(
            part.show, part.payload, path=f"tmdb[{json.dumps(part.name)}]"
        )
        found += problems
        extra.extend(rows)
    existing = assembled.get("episodes")
    if extra and (existing is None or isinstance(existing, list)):
        assembled["episodes"] = (existing or []) + extra
    given = {key: value for key, value in options.items() if value is not None}
    present = assembled.get("options")
    if given and (present is None or isinstance(present, dict)):
        assembled["options"] = {**(present or {}), **given}
    return Assembled(assembled, found)


def titles(output: Mapping[str, Any], history: Sequence[object]) -> dict[str, str]:
    """Titles by media id, from the history items that decided a row (the list endpoint
    sends a ``title``); the media id is the library's, so no id rule is repeated here."""
    found: dict[str, str] = {}
    for row in chain(output["episodes"], output["movies"]):
        index = row["decidedBy"]
        if index is None or row["mediaId"] in found:
            continue
        item = history[index]
        title = item.get("title") if isinstance(item, dict) else None
        if isinstance(title, str) and title.strip():
            found[row["mediaId"]] = title
    return found
