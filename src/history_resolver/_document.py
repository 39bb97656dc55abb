"""The JSON document adapter: an input document in, the output document out.

The clock enters here: :func:`resolve_document` hands ``time.time_ns`` (or the caller's
``clock``) to the validation, which calls it only when the document names neither
``options.now`` nor ``options.asOf``.  The engine below never sees a clock.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Sequence
from json.encoder import encode_basestring_ascii
from typing import Any, NamedTuple

from ._engine import Decisions, decide
from ._errors import Diagnostic, InvalidInputError
from ._gc import collector_paused
from ._input import ParsedDocument, parse_document
from ._summaries import EpisodePointer, in_progress, summarise
from ._time import Moment, TextDeclined, format_instant

__all__ = ["dumps_output", "resolve_document"]

JSONObject = dict[str, Any]


class DocumentRun(NamedTuple):
    """What one checked and decided document gives an adapter: the output document and the
    engine's decisions (the command's table view reads them)."""

    output: JSONObject
    decisions: Decisions


def resolve_document(
    document: object, *, clock: Callable[[], int] | None = None, pause_gc: bool = True
) -> JSONObject:
    """Resolve an input document (parsed JSON, docs/rules.md#the-input-document) into the
    output document (docs/rules.md#the-output-document).

    ``clock`` returns the current time in nanoseconds since the epoch; it defaults to
    :func:`time.time_ns` and is called only when the document gives no ``now`` or ``asOf``.
    Raises :class:`InvalidInputError` listing every problem when the document is invalid
    (in ``"skip"`` mode only problems that cannot be skipped raise).

    While it runs, Python's cyclic garbage collector is paused **for the whole process**
    (every thread), as :func:`gc.disable` does; it is enabled again when the last resolve
    running in any thread ends, unless it was disabled before the first began.  Resolving
    creates no reference cycles, and the pause saves the collector walking every live object
    (the input document included) again and again while the output is built: a third of the
    time at a million entries.  ``pause_gc=False`` leaves the collector alone: pass it where
    several threads resolve at once under steady load, or where other threads must keep
    collecting while a large document resolves.  A service that resolves one document at a
    time per process, as ``history-resolver serve`` does, keeps the pause: each pause lasts
    one resolve and the collector runs between two (docs/server.md, "The collector pause").
    """
    with collector_paused(pause_gc):
        return run_document(document, clock or time.time_ns).output


def run_document(
    document: object, clock: Callable[[], int], extra: Sequence[Diagnostic] = ()
) -> DocumentRun:
    """:func:`resolve_document`, also returning the engine's decisions.

    ``extra`` are diagnostics an adapter found in input it turned into the document (a TMDB
    payload, list-endpoint pages).  Its errors fail the call in ``"reject"`` mode and are
    reported in ``"skip"`` mode; its warnings never fail the call and are always reported,
    after the errors and before the engine's warnings (docs/rules.md#diagnostics).
    """
    clock = once(clock)  # a declined text path and the exact path share one ``now``
    try:  # the text path (docs/design.md#two-kinds-of-instant), or the exact one
        parsed = parse_document(document, clock, text=True)
        # The engine consumes the history as it is checked; only then are its problems known.
        decisions = decide(
            parsed.entries, parsed.catalog, parsed.threshold, parsed.as_of, parsed.now
        )
    except TextDeclined:
        parsed = parse_document(document, clock)
        decisions = decide(
            parsed.entries, parsed.catalog, parsed.threshold, parsed.as_of, parsed.now
        )
    return finish(parsed, decisions, extra)


def finish(
    parsed: ParsedDocument, decisions: Decisions, extra: Sequence[Diagnostic] = ()
) -> DocumentRun:
    """The output document of a checked and decided document (``parsed.entries``
    consumed): :class:`InvalidInputError` when its problems fail the call (see
    :func:`run_document`'s ``extra``)."""
    warnings = [d for d in extra if d.severity == "warning"]
    skipped = parsed.history_problems + parsed.catalog_problems
    skipped += [d for d in extra if d.severity != "warning"]
    if parsed.fatal or (skipped and not parsed.skip):
        raise InvalidInputError(parsed.fatal + skipped)
    output = render(
        decisions,
        parsed.now,
        parsed.threshold,
        skipped + warnings + decisions.warnings,
        parsed.canonical,
        parsed.canonical is None,
    )
    return DocumentRun(output, decisions)


def once(clock: Callable[[], int]) -> Callable[[], int]:
    """``clock``, called at most once: every later call returns the first reading."""
    readings: list[int] = []

    def read() -> int:
        if not readings:
            readings.append(clock())
        return readings[0]

    return read


def _same(text: str | None) -> str | None:
    """The output text of a text instant: itself."""
    return text


def _pointer_json(ref: EpisodePointer | None, with_air: bool) -> JSONObject | None:
    if ref is None:
        return None
    if not with_air:
        return {"season": ref.season, "episode": ref.episode}
    return {
        "season": ref.season,
        "episode": ref.episode,
        "airDate": ref.air_text,
        "aired": ref.aired,
    }


def render(
    decisions: Decisions,
    now: Moment,
    threshold: float,
    diagnostics: list[Diagnostic],
    known: dict[Moment, str] | None = None,
    text: bool = False,
) -> JSONObject:
    """The output document (docs/rules.md#the-output-document) for decided rows: the one
    writer of it, used by :func:`resolve_document` and :meth:`Resolution.to_document`.

    ``known`` maps instants to their output text where it is already known (the input's
    own canonical timestamps); the rest are formatted once each and added to it.
    ``text``: the instants are text instants, each its own output text.
    """
    stamps: dict[Moment, str] = {} if known is None else known  # grown in place
    known_text = stamps.get

    def exact_stamp(instant: Moment | None) -> str | None:
        if instant is None:
            return None
        written = known_text(instant)
        if written is None:
            written = stamps[instant] = format_instant(instant)
        return written

    stamp = _same if text else exact_stamp

    seasons, shows = summarise(decisions.episodes)
    watching = in_progress(decisions.episodes, decisions.movies, threshold)
    return {
        "episodes": [
            {
                "mediaId": row.media,
                "season": row.season,
                "episode": row.episode,
                "airDate": row.air_text,
                "progress": row.progress,
                "completed": row.completed,
                "basis": row.basis,
                "decidedBy": row.decided_by,
                "plays": row.plays,
                "lastWatchedAt": stamp(row.last_watched),
            }
            for row in decisions.episodes
        ],
        "movies": [
            {
                "mediaId": row.media,
                "progress": row.progress,
                "completed": row.completed,
                "decidedBy": row.decided_by,
                "plays": row.plays,
                "lastWatchedAt": stamp(row.last_watched),
            }
            for row in decisions.movies
        ],
        "seasons": [
            {
                "mediaId": row.media,
                "season": row.season,
                "episodes": row.episodes,
                "aired": row.aired,
                "completed": row.completed,
                "percent": row.percent,
                "lastWatchedAt": stamp(row.last_watched),
            }
            for row in seasons
        ],
        "shows": [
            {
                "mediaId": row.media,
                "aired": row.aired,
                "completed": row.completed,
                "percent": row.percent,
                "lastWatchedAt": stamp(row.last_watched),
                "lastEpisode": _pointer_json(row.last_episode, with_air=False),
                "nextEpisode": _pointer_json(row.next_episode, with_air=True),
            }
            for row in shows
        ],
        "inProgress": [
            {"mediaId": row.media, "progress": row.progress, "updatedAt": stamp(row.updated)}
            if row.season is None
            else {
                "mediaId": row.media,
                "season": row.season,
                "episode": row.episode,
                "progress": row.progress,
                "updatedAt": stamp(row.updated),
            }
            for row in watching
        ],
        "diagnostics": [d.to_json() for d in diagnostics],
    }


_EPISODES_OPEN = '{"episodes": ['  # how json.dumps starts every output document


def dumps_output(output: JSONObject, indent: int | None = None) -> str:
    """``json.dumps(output, indent=indent)`` of an output document :func:`render` wrote, in
    two thirds of the time when ``indent`` is ``None``: its one big table, the episodes, is
    written here row by row in ``json.dumps``'s own words (the same key order, separators,
    string escapes, ``repr`` of numbers), the rest by ``json.dumps``.

    Exact only for what :func:`render` writes: every episode has its ten keys in render's
    order, with values of the types render gives them (the tests compare both writers on
    generated documents).  With ``indent`` it is ``json.dumps``'s.
    """
    rest = dict(output)
    episodes = rest.get("episodes")
    if indent is not None or not episodes:
        return json.dumps(output, indent=indent)
    rest["episodes"] = []
    written = json.dumps(rest)
    assert written.startswith(_EPISODES_OPEN + "]")  # (render's key order)
    return _EPISODES_OPEN + _episodes_text(episodes) + written[len(_EPISODES_OPEN) :]


def _episodes_text(rows: list[JSONObject]) -> str:
    """The episode rows as ``json.dumps`` writes the items of their list."""
    quote = encode_basestring_ascii  # json.dumps's own string writer (ensure_ascii)
    quoted: dict[str, str] = {}  # each media id and basis written once
    texts: list[str] = []
    add = texts.append
    for row in rows:
        media, basis = row["mediaId"], row["basis"]
        media_text = quoted.get(media) or quoted.setdefault(media, quote(media))
        basis_text = quoted.get(basis) or quoted.setdefault(basis, quote(basis))
        air, by, last = row["airDate"], row["decidedBy"], row["lastWatchedAt"]
        add(
            f'{{"mediaId": {media_text}, "season": {row["season"]}, '
            f'"episode": {row["episode"]}, "airDate": {"null" if air is None else quote(air)}, '
            f'"progress": {row["progress"]!r}, '
            f'"completed": {"true" if row["completed"] else "false"}, "basis": {basis_text}, '
            f'"decidedBy": {"null" if by is None else by}, "plays": {row["plays"]}, '
            f'"lastWatchedAt": {"null" if last is None else quote(last)}}}'
        )
    return ", ".join(texts)
