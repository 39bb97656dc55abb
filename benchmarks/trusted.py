"""The engine fed input it trusts: the bound on what faster input checking could save.

``resolve_trusted(document)`` is ``resolve_document`` with every input check taken out: it
reads each history item and catalog row of a benchmark profile (generate.py's documents:
valid, in UTC, every timestamp in the API's own ``...sssZ`` form) straight into the
engine's rows, with no type, range, key or timestamp check, and then runs the library's own
engine (``_engine.decide``) and output writer (``_document.render``): one engine, nothing
of the rules written again here but the reading of the fields.  It is not a resolver (it
accepts anything, and breaks on what it does not expect); ``run.py`` checks that it writes
exactly the output ``resolve_document`` writes for the profile before timing it.

What it measures: the time of a pure-Python resolve whose input checks cost nothing.  If
that is not under a target, no way of checking faster in pure Python reaches the target.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from history_resolver._document import render
from history_resolver._engine import UNKNOWN_AIR, AirDate, Catalog, EntryRow, decide
from history_resolver._gc import collector_paused
from history_resolver._history import Memo, long_id, long_pair
from history_resolver._numbers import DEFAULT_PROGRESS, DEFAULT_THRESHOLD

_DAY_START = "T00:00:00.000Z"  # a date-only air date's instant, on the text path in UTC


def _entries(history: list[dict[str, Any]]) -> Iterator[EntryRow]:
    ids, pairs = Memo(long_id), Memo(long_pair)
    for index, item in enumerate(history):
        get = item.get
        raw = get("mediaId")
        media = pairs[get("id"), get("mediaType")] if raw is None else ids[raw]
        assert media is not None
        yield (
            media,
            get("season") or 0,
            get("episode") or 0,
            item["updatedAt"],
            get("progress", DEFAULT_PROGRESS) + 0.0,
            get("imported") or "",
            index,
        )


def _catalog(rows: list[dict[str, Any]]) -> Catalog:
    ids = Memo(long_id)
    catalog: Catalog = {}
    for row in rows:
        text = row["airDate"]
        air: AirDate = UNKNOWN_AIR
        if text is not None:
            air = (text, text if len(text) == 24 else text + _DAY_START)
        key = (ids[row["mediaId"]] or "", row["season"], row["episode"])
        catalog.setdefault(key, air)
    return catalog


def resolve_trusted(document: dict[str, Any]) -> dict[str, Any]:
    """The output document of a benchmark profile, its input read without any check (the
    collector paused, as ``resolve_document`` pauses it)."""
    now = document["options"]["now"]
    with collector_paused(True):
        decisions = decide(
            _entries(document["history"]), _catalog(document["episodes"]), DEFAULT_THRESHOLD,
            None, now,
        )  # fmt: skip
        return render(decisions, now, DEFAULT_THRESHOLD, decisions.warnings, None, True)
