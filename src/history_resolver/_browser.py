"""The browser adapter: what ``web/history-resolver.mjs`` calls in Pyodide.

JSON text in, JSON text out, so that nothing but strings crosses between JavaScript and
Python: each function returns ``{"output": ...}`` (or ``{"schema": ...}``) on success and
``{"problems": [{"path", "message"}, ...]}`` when the input is invalid, worded by the
library.  Nothing here decides anything: documents are resolved by
:func:`~history_resolver._document.run_document`, dropped files are read by
:mod:`history_resolver._files` (JSON values, their kind), :mod:`history_resolver._assemble`
(pages, catalog rows, TMDB payloads) and the view's per-episode facts (aired, the deciding
entry) are read off the engine's decisions.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Sequence
from typing import Any

from ._assemble import TmdbPart, assemble, titles
from ._command import InputError
from ._document import run_document
from ._engine import Basis
from ._errors import Diagnostic, InvalidInputError, Problems, render_value
from ._files import LOOKS, Kind, kinds_of, values_from_bytes
from ._ids import MediaId
from ._schema import schema as _schema

__all__ = ["RULE_OF_BASIS", "resolve", "resolve_files", "schema"]

RULE_OF_BASIS: dict[Basis, str] = {
    "explicit": "explicit-entries",
    "seasonDefault": "season-defaults",
    "none": "nothing-decides",
}
"""The anchor in docs/rules.md of the rule each ``basis`` names (output.schema.json)."""

def _problems(problems: Sequence[Diagnostic]) -> str:
    return json.dumps({"problems": [{"path": p.path, "message": p.message} for p in problems]})


def resolve(text: str, clock: Callable[[], int] = time.time_ns) -> str:
    """The output document for the input document in ``text`` (JSON), or its problems."""
    try:
        document = json.loads(text)
        return json.dumps({"output": run_document(document, clock).output})
    except InvalidInputError as error:
        return _problems(error.problems)


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


def _show_of(payload: object, given: object, name: str, problems: Problems) -> MediaId | None:
    """The show a TMDB payload is for: the media id given with the file, else the TMDB id
    the payload names (TV details' ``id``, a season's episodes' ``show_id``)."""
    if given is None:
        found: object = None
        if isinstance(payload, dict):
            episodes = payload.get("episodes")
            if isinstance(episodes, list) and episodes and isinstance(episodes[0], dict):
                found = episodes[0].get("show_id")
            elif "episodes" not in payload:
                found = payload.get("id")
        if not isinstance(found, int) or isinstance(found, bool):
            problems.error(
                f"{name}.mediaId",
                "a TMDB payload that names no show (no show_id): give the show's media id",
                "tmdb-payloads",
            )
            return None
        given = f"TV_{found}"
    if not isinstance(given, str):
        problems.error(f"{name}.mediaId", f"{render_value(given)} is not a string", "media-ids")
        return None
    try:
        return MediaId.parse(given)
    except InvalidInputError as error:
        for problem in error.problems:
            problems.error(f"{name}.mediaId", problem.message, problem.rule)
        return None


def _file(item: object, index: int, read: _Read, problems: Problems) -> None:
    """Read one dropped file ``{"name", "text", "mediaId"?}`` into ``read``."""
    if not isinstance(item, dict) or not isinstance(item.get("text"), str):
        problems.error(f"files[{index}]", 'is not {"name", "text"}', "the-input-document")
        return
    name = item.get("name")
    name = name if isinstance(name, str) and name else f"files[{index}]"
    try:
        values = values_from_bytes(item["text"].encode("utf-8", "surrogatepass"), name)
    except InputError as error:
        problems.error(name, str(error).removeprefix(f"{name}: "), "the-input-document")
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
            show = _show_of(value, item.get("mediaId"), name, problems)
            if show is not None:
                read.tmdb.append(TmdbPart(show, value, name))
    else:
        read.history.extend(values)  # history, pages, or unrecognised: the document layer says


def _view(document: dict[str, Any], output: dict[str, Any], aired: list[bool]) -> dict[str, Any]:
    """What the demo shows beside the output: per episode whether it aired, the rule that
    decided it and the deciding entry; the titles found in the history."""
    history = document["history"]
    return {
        "episodes": [
            {
                "aired": now_aired,
                "rule": RULE_OF_BASIS[row["basis"]],
                "entry": None if row["decidedBy"] is None else history[row["decidedBy"]],
            }
            for row, now_aired in zip(output["episodes"], aired, strict=True)
        ],
        "titles": titles(output, history),
    }


def resolve_files(text: str, clock: Callable[[], int] = time.time_ns) -> str:
    """Resolve dropped files: ``text`` is ``{"files": [{"name", "text", "mediaId"?}],
    "options": {...}?}``.  Each file is a whole input document, history (an array,
    list-endpoint pages or JSON Lines), catalog rows or a TMDB payload, told apart by its
    keys.  Returns ``{"output", "view", "document"}`` (the view: :func:`_view`; the
    document: the input document the files made) or ``{"problems": [...]}``."""
    request = json.loads(text)
    problems = Problems()
    read = _Read()
    files = request.get("files") if isinstance(request, dict) else None
    if not isinstance(files, list):
        problems.error("files", "is not an array", "the-input-document")
        return _problems(problems.items)
    for index, item in enumerate(files):
        _file(item, index, read, problems)
    options = request.get("options") or {}
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
    document = read.documents[0][1] if read.documents else None
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
            "document": assembled.document,
        }
    )
