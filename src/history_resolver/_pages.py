"""History as the list endpoint hands it over: arrays, page objects, JSON Lines.

``GET /profile/history`` returns the history a page at a time,
``{"items": [...], "hasMore": true, "nextPageToken": "..."}``; a client may also keep it as
a JSON array or as JSON Lines (one entry a line).  :func:`history_from_pages` takes the JSON
values of such input, in the order given, and returns the history items in that order and
what is to be said about them (docs/rules.md#history-shapes).

One rule lives here (docs/rules.md#incomplete-pages): when the history is given as page
objects and the last page given says there is more (``hasMore: true``, or a
``nextPageToken`` that is not null), the history is incomplete, so the states resolved from
it may be wrong.  That is a warning, not an error: the resolution goes on, and the warning
goes into the output's ``diagnostics``, at the path ``pages[N]`` (``N`` counts the page
objects given, from 0, across every value).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, NamedTuple

from ._errors import Diagnostic, render_value

__all__ = ["HistoryPages", "history_from_pages"]


class HistoryPages(NamedTuple):
    """The history items of some pages, arrays and lines, and the diagnostics about them:
    an ``"error"`` for a page whose ``items`` is not an array, a ``"warning"`` when the
    last page says there is more."""

    items: list[Any]
    diagnostics: list[Diagnostic]


def history_from_pages(values: Iterable[object]) -> HistoryPages:
    """The history items in ``values``, in order: each value is a JSON array of items, a
    page object (``{"items": [...], "hasMore": ..., "nextPageToken": ...}``) or one item
    (a line of JSON Lines).

    Items are not checked here (the document layer checks them as ``history[i]``).
    """
    items: list[Any] = []
    diagnostics: list[Diagnostic] = []
    pages = 0
    last: dict[str, Any] | None = None
    for value in values:
        if isinstance(value, list):
            items.extend(value)
        elif isinstance(value, dict) and "items" in value:
            page_items = value["items"]
            if isinstance(page_items, list):
                items.extend(page_items)
            else:
                diagnostics.append(
                    Diagnostic(
                        "error",
                        f"pages[{pages}].items",
                        f"{render_value(page_items)} is not an array",
                        "history-shapes",
                    )
                )
            last = value
            pages += 1
        else:
            items.append(value)
    if last is not None:
        more = _says_more(last)
        if more is not None:
            diagnostics.append(
                Diagnostic(
                    "warning",
                    f"pages[{pages - 1}]",
                    f"the last page given says there is more ({more}): the history is "
                    "incomplete, so states may be wrong; give every page",
                    "incomplete-pages",
                )
            )
    return HistoryPages(items, diagnostics)


def _says_more(page: dict[str, Any]) -> str | None:
    """How ``page`` says the list goes on, or ``None`` if it is the last page."""
    if page.get("hasMore") is True:
        return "hasMore: true"
    token = page.get("nextPageToken")
    if token is not None:
        return f"nextPageToken: {render_value(token)}"
    return None
