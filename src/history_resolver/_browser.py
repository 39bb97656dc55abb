"""The browser adapter: what ``web/history-resolver.mjs`` calls in Pyodide.

JSON text in, JSON text out, so that nothing but strings crosses between JavaScript and
Python: each function returns ``{"output": ...}`` (or ``{"schema": ...}``) on success and
``{"problems": [{"path", "message"}, ...]}`` when the input is invalid, worded by the
library.  Nothing here decides anything: text is read by the one reading of JSON text
(:mod:`history_resolver._json_text`), documents are resolved by
:func:`~history_resolver._document.run_document`, dropped files are told apart by
:mod:`history_resolver._files` (their kind) and put together by
:mod:`history_resolver._assemble` (pages, catalog rows, TMDB payloads, whose show
:func:`~history_resolver._tmdb.named_show` finds), and the view's per-episode facts (aired,
the deciding entry) are read off the engine's decisions.  No input is echoed back: a value
of the input appears only as the library renders it in a message.

Pyodide's JavaScript stack overflows on JSON nested far less deep than its parser's own
limit, so the module scans each text's nesting first and does not hand Python text nested
deeper than :data:`MAX_DEPTH`; it asks :func:`too_deep` for the problem instead.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Sequence
from typing import Any

from ._assemble import NO_DOCUMENT, TmdbPart, assemble, titles
from ._document import dumps_output, run_document
from ._engine import Basis
from ._errors import Diagnostic, InvalidInputError, Problems, render_value
from ._files import LOOKS, Kind, kinds_of
from ._ids import MediaId, check_media_id
from ._json_text import UnreadableJSON, text_document, text_values, too_deep
from ._schema import schema as _schema
from ._tmdb import named_show

__all__ = [
    "MAX_DEPTH",
    "RULE_OF_BASIS",
    "WHY_OF_BASIS",
    "resolve",
    "resolve_files",
    "schema",
    "too_deep_problem",
]

MAX_DEPTH = 1000
"""The deepest nesting of JSON text the browser module hands to Python
(docs/rules.md#limits); deeper text is refused with :func:`too_deep_problem`.  CPython's
parser refuses at about the same depth (its recursion limit)."""

RULE_OF_BASIS: dict[Basis, str] = {
    "explicit": "explicit-entries",
    "seasonDefault": "season-defaults",
    "none": "nothing-decides",
}
"""The anchor in docs/rules.md of the rule each ``basis`` names (output.schema.json)."""

WHY_OF_BASIS: dict[Basis, str] = {
    "explicit": "The latest explicit entry for the episode decides it.",
    "seasonDefault": "No explicit entry for the episode: the latest season default of its "
    "season that it aired strictly before decides it.",
    "none": "No explicit entry for the episode and no season default it aired strictly "
    "before: progress 0, not completed.",
}
"""The rule each ``basis`` names, in one sentence in the words of docs/rules.md (the section
at its :data:`RULE_OF_BASIS` anchor): what the demo says beside an episode."""


def _problems(problems: Sequence[Diagnostic]) -> str:
    return json.dumps({"problems": [{"path": p.path, "message": p.message} for p in problems]})


def _unreadable(path: str, error: UnreadableJSON) -> Diagnostic:
    return Diagnostic("error", path, str(error), "json-text")


def too_deep_problem(path: str) -> str:
    """The problem of the text at ``path`` (``$``: the document; a file's name) nested
    deeper than :data:`MAX_DEPTH`, in the library's words (docs/rules.md#json-text)."""
    return _problems([_unreadable(path, too_deep())])


def resolve(text: str, clock: Callable[[], int] = time.time_ns) -> str:
    """The output document for the input document in ``text`` (JSON), or its problems."""
    try:
        document = text_document(text)
    except UnreadableJSON as error:
        return _problems([_unreadable("$", error)])
    try:
        output = run_document(document, clock).output
    except InvalidInputError as error:
        return _problems(error.problems)
    return '{"output": ' + dumps_output(output) + "}"  # json.dumps({"output": output})


def schema(kind: str) -> str:
    """The JSON Schema of the ``"input"`` or ``"output"`` document, or the problem."""
    try:
        return json.dumps({"schema": _schema(kind)})  # type: ignore[arg-type]
    except InvalidInputError as error:
        return _problems(error.problems)


class _Read:
    """The parts of the dropped files, by kind."""

    def __init__(self) -> None:
        self.documents: list[tuple[str, object]] = []
        self.history: list[object] = []
        self.catalog: list[object] = []
        self.tmdb: list[TmdbPart] = []


def _media_id(given: object, path: str, problems: Problems) -> MediaId | None:
    """The media id given at ``path`` (a file's ``mediaId``, the request's ``show``), by
    the rule's own check (docs/rules.md#media-ids)."""
    checked = check_media_id(given, problems, path)
    return None if checked is None else MediaId.parse(checked[1])


def _show_of(
    payload: object, given: object, name: str, default: MediaId | None, problems: Problems
) -> MediaId | None:
    """The show a TMDB payload is for: the media id given with the file, else the show it
    names, else the request's ``show`` (docs/rules.md#tmdb-payloads)."""
    if given is None:
        return named_show(payload, problems, f"tmdb[{json.dumps(name)}]", default)
    return _media_id(given, f"{name}.mediaId", problems)


def _file(
    item: object, index: int, default: MediaId | None, read: _Read, problems: Problems
) -> None:
    """Read one dropped file ``{"name", "text", "mediaId"?}`` into ``read``; a file whose
    text the module found nested too deeply comes as ``{"name", "tooDeep": true}``."""
    deep = isinstance(item, dict) and item.get("tooDeep") is True
    if not isinstance(item, dict) or not (deep or isinstance(item.get("text"), str)):
        problems.error(f"files[{index}]", 'is not {"name", "text"}', "the-input-document")
        return
    name = item.get("name")
    name = name if isinstance(name, str) and name else f"files[{index}]"
    try:
        if deep:
            raise too_deep()
        values = text_values(item["text"])
    except UnreadableJSON as error:
        problems.items.append(_unreadable(name, error))
        return
    kinds: list[Kind] = kinds_of(values)
    if len(kinds) > 1:
        looks = " and ".join(LOOKS[kind][0] for kind in kinds)
        problems.error(name, f"looks like {looks}: give each in its own file", "history-shapes")
    elif kinds == ["document"]:
        if len(values) != 1:
            message = f"holds {len(values)} JSON values; expected one document"
            problems.error(name, message, "the-input-document")
        else:
            read.documents.append((name, values[0]))
    elif kinds == ["catalog"]:
        read.catalog.extend(values)
    elif kinds == ["tmdb"]:
        for value in values:
            show = _show_of(value, item.get("mediaId"), name, default, problems)
            if show is not None:
                read.tmdb.append(TmdbPart(show, value, name))
    else:
        read.history.extend(values)  # history, pages, or unrecognised: the document layer says


def _rendered(entry: dict[str, object]) -> dict[str, str]:
    """A history entry's keys and values, each value as :func:`render_value` shows it."""
    return {key: render_value(value) for key, value in entry.items()}


def _view(document: dict[str, Any], output: dict[str, Any], aired: list[bool]) -> dict[str, Any]:
    """What the demo shows beside the output: per episode whether it aired, the rule that
    decided it (its anchor, its sentence) and the deciding entry, each value as the library
    renders values in messages; the titles found in the history."""
    history = document["history"]
    return {
        "episodes": [
            {
                "aired": now_aired,
                "rule": RULE_OF_BASIS[row["basis"]],
                "why": WHY_OF_BASIS[row["basis"]],
                "entry": None if row["decidedBy"] is None else _rendered(history[row["decidedBy"]]),
            }
            for row, now_aired in zip(output["episodes"], aired, strict=True)
        ],
        "titles": titles(output, history),
    }


def resolve_files(text: str, clock: Callable[[], int] = time.time_ns) -> str:
    """Resolve dropped files: ``text`` is ``{"files": [{"name", "text", "mediaId"?}],
    "options": {...}?, "show": MEDIA_ID?}`` (``show``: the show of TMDB payloads that name
    none and are given no ``mediaId``).  Each file is a whole input document, history (an array,
    list-endpoint pages or JSON Lines), catalog rows or a TMDB payload, told apart by its
    keys.  Returns ``{"output", "view", "entries"}`` (the view: :func:`_view`; entries: how
    many history entries the files hold) or ``{"problems": [...]}``."""
    try:
        request = text_document(text)
    except UnreadableJSON as error:
        return _problems([_unreadable("$", error)])
    problems = Problems()
    read = _Read()
    files = request.get("files") if isinstance(request, dict) else None
    if not isinstance(files, list):
        problems.error("files", "is not an array", "the-input-document")
        return _problems(problems.items)
    given = request.get("show")
    default = None if given is None else _media_id(given, "show", problems)
    for index, item in enumerate(files):
        _file(item, index, default, read, problems)
    options = request.get("options")
    options = {} if options is None else options
    if not isinstance(options, dict):
        problems.error("options", "is not an object", "options")
    if len(read.documents) > 1 or (read.documents and read.history):
        names = ", ".join([name for name, _ in read.documents])
        problems.error(
            names, "give one input document, or history files, not both", "the-input-document"
        )
    elif not read.documents and not read.history and not problems.items:
        message = "no history: give a history export or an input document"
        problems.error("files", message, "history-shapes")
    if problems.items:
        return _problems(problems.items)
    document = read.documents[0][1] if read.documents else NO_DOCUMENT
    assembled = assemble(document, read.history, read.catalog, read.tmdb, options)
    try:
        result = run_document(assembled.document, clock, assembled.diagnostics)
    except InvalidInputError as error:
        return _problems(error.problems)
    aired = [row.aired for row in result.decisions.episodes]
    return json.dumps(
        {
            "output": result.output,
            "view": _view(assembled.document, result.output, aired),
            "entries": len(assembled.document["history"]),
        }
    )
