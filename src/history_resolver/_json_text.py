"""JSON text: bytes in, JSON values out, or one worded problem (docs/rules.md#json-text).

The one reading of JSON text, used by every adapter that is handed bytes: the command's
files and stdin (:mod:`history_resolver._files`), the body of ``POST /v1/resolve``
(:mod:`history_resolver.server`), the lines and files of a batch
(:mod:`history_resolver.batch`) and the fuzz harness.  The same bytes give the same value,
or the same message, wherever they arrive; each adapter only says where they came from
(a file name, ``$``, a line's path).

Text is UTF-8, with a byte order mark allowed at its start, and holds JSON values separated
by white space (one value: a document; one a line: JSON Lines).  Python's parser reads
``NaN``, ``Infinity`` and ``-Infinity``; the rule of the value they stand in then refuses
them (a progress, say), so they are no concern of this module.
"""

from __future__ import annotations

import json
from typing import Any, Literal, final

from ._errors import HistoryResolverError

__all__ = [
    "Unreadable",
    "UnreadableJSON",
    "json_document",
    "json_text",
    "json_values",
    "one_value",
    "text_document",
    "text_values",
    "too_deep",
]

Unreadable = Literal["not-utf8", "empty", "not-json", "too-deep", "long-integer", "not-one-value"]
"""The ways bytes fail to be JSON values (the fuzz harness tells them apart)."""

_WHITE = " \t\r\n"  # JSON's white space
_DECODER = json.JSONDecoder()


@final
class UnreadableJSON(HistoryResolverError):
    """Bytes that are not the JSON asked for: ``kind`` says which way, ``str(error)`` is the
    message, which names no place (the adapter says where the bytes came from)."""

    def __init__(self, message: str, kind: Unreadable) -> None:
        super().__init__(message)
        self.kind: Unreadable = kind


def too_deep() -> UnreadableJSON:
    """The problem of JSON nested deeper than the parser goes (an adapter that refuses such
    text before parsing it, as the browser module does, words it with this)."""
    return UnreadableJSON("not readable: JSON nested too deeply", "too-deep")


def json_text(data: bytes, bom: bool = True) -> str:
    """``data`` as text: UTF-8, a byte order mark at the start skipped when ``bom``."""
    try:
        return data.decode("utf-8-sig" if bom else "utf-8")
    except UnicodeDecodeError as error:
        raise UnreadableJSON(
            f"not UTF-8 (byte 0x{data[error.start]:02x} at offset {error.start})", "not-utf8"
        ) from None


def text_values(text: str) -> list[Any]:
    """Every JSON value in ``text``, in order (one, or several separated by white space);
    text that is only white space is empty input.  An adapter handed text rather than bytes
    (the browser module) starts here."""
    if not text.strip():
        raise UnreadableJSON("empty input; expected JSON", "empty")
    values: list[Any] = []
    position, end = 0, len(text)
    try:
        while True:
            while position < end and text[position] in _WHITE:
                position += 1
            if position == end:
                return values
            value, position = _DECODER.raw_decode(text, position)
            values.append(value)
    except json.JSONDecodeError as error:
        raise UnreadableJSON(
            f"not valid JSON: {error.msg} (line {error.lineno}, column {error.colno})",
            "not-json",
        ) from None
    except RecursionError:
        raise too_deep() from None
    except ValueError:  # the only other error json raises: an over-long integer literal
        raise UnreadableJSON("not readable: a number has too many digits", "long-integer") from None


def json_values(data: bytes, bom: bool = True) -> list[Any]:
    """Every JSON value in ``data``: one document, or several (JSON Lines, concatenated)."""
    return text_values(json_text(data, bom))


def one_value(values: list[Any]) -> Any:
    """The one value of ``values`` (what :func:`json_values` read): a document is one."""
    if len(values) != 1:
        raise UnreadableJSON(
            f"holds {len(values)} JSON values; expected one document", "not-one-value"
        )
    return values[0]


def text_document(text: str) -> Any:
    """The one JSON value in ``text``."""
    return one_value(text_values(text))


def json_document(data: bytes, bom: bool = True) -> Any:
    """The one JSON value in ``data`` (a request body, a line, a ``.json`` file)."""
    return text_document(json_text(data, bom))
