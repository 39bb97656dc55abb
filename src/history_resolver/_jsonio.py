"""JSON text in and out: :func:`resolve_json`, and the command's decoding and output.

The standard :mod:`json` module does it all.  When the optional ``fast`` extra (msgspec)
is installed, msgspec is tried first, as a fast path that gives exactly what the standard
module gives or declines:

* **in**: :func:`fast_decode` decodes a value only of the plain shapes a document, a page
  or a history file has (objects and arrays of scalars, at most three levels deep); on any
  failure, or anything else, it declines and the one reading of JSON text
  (:mod:`._json_text`, the command's, the service's and the batch's) decodes, or refuses in
  its own words;
* **in and checked**: :func:`resolve_json` first offers the text to the typed path
  (:mod:`._typed`), which decodes a document of the common valid shape straight into
  structs and makes them the text path's engine rows, or declines the whole document;
* **out**: :func:`encode` writes msgspec's bytes, reformatted with ``json.dumps``'s
  separators, only when they are ASCII and every number in them is one both write alike
  (a float from ``1e-4`` and below ``1e16``); otherwise ``json.dumps`` writes.

msgspec never words a problem and is never needed: it has no pure wheel (Pyodide has
none).  Without it everything here is the standard module's, unchanged.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any, Final, Union

from ._document import dumps_output
from ._errors import Diagnostic, InvalidInputError
from ._json_text import UnreadableJSON, json_document

try:  # the optional ``fast`` extra
    import msgspec
except ImportError:  # pragma: no cover - CI installs the extra; the tests hide it instead
    msgspec = None  # type: ignore[assignment]

__all__ = ["DECLINED", "decode", "encode", "fast_decode", "resolve_json"]

DECLINED: Final = object()
"""What :func:`fast_decode` returns when it leaves the text to the standard module."""

_Scalar = Union[str, int, float, bool, None]  # noqa: UP007 (msgspec reads the annotation)
_Item = dict[str, _Scalar]
_Shape = Union[dict[str, Union[list[_Item], _Item, _Scalar]], list[_Item]]  # noqa: UP007

_decoder: Any = None if msgspec is None else msgspec.json.Decoder(_Shape)


def fast_decode(data: bytes) -> Any:
    """The one JSON value in ``data`` decoded by msgspec, exactly as :func:`json.loads`
    decodes it, or :data:`DECLINED` (no msgspec, or a value of another shape, or anything
    msgspec refuses: another encoding, a byte order mark, several values, ``NaN``, a number
    out of range, a lone surrogate ...).

    The shape bounds the depth, so no value the standard module would find nested too
    deeply is decoded here.
    """
    if _decoder is None:
        return DECLINED
    try:
        return _decoder.decode(data)
    except Exception:  # whatever it is, the standard module decides
        return DECLINED


def decode(data: bytes) -> Any:
    """The JSON document ``data`` (UTF-8): :func:`fast_decode`'s value, or the one reading
    of JSON text's (:mod:`._json_text`); :class:`InvalidInputError` (at ``$``, in that
    reading's words) when it is not one JSON value."""
    value = fast_decode(data)
    if value is not DECLINED:
        return value
    try:
        return json_document(data)
    except UnreadableJSON as error:  # worded by the one reading of JSON text
        problem = Diagnostic("error", "$", str(error), "json-text")
        raise InvalidInputError([problem]) from None


def _plain_numbers(output: dict[str, Any]) -> bool:
    """Whether every float of an output document is one msgspec writes as ``json.dumps``
    does: 0, or from ``1e-4`` up (the percents are rounded to hundredths, every progress is
    at most 100, so only a progress can be smaller)."""
    for table in ("episodes", "movies"):
        for row in output[table]:
            progress = row["progress"]
            if 0 < progress < 1e-4:
                return False
    return True


def encode(output: dict[str, Any], indent: int | None = None) -> bytes:
    """An output document as ``json.dumps(output, indent=indent)`` writes it (ASCII)."""
    if msgspec is not None and indent != 0 and _plain_numbers(output):
        try:
            written = msgspec.json.encode(output)
        except Exception:  # a lone surrogate in a string, ...: json.dumps writes
            written = b"\x80"
        if written.isascii() and b"\x7f" not in written:  # json.dumps escapes the others
            # indent 0 is one line with ", " and ": ", as json.dumps writes without indent
            return msgspec.json.format(written, indent=indent or 0)
    return dumps_output(output, indent).encode("ascii")


def resolve_json(
    data: bytes,
    *,
    clock: Callable[[], int] | None = None,
    indent: int | None = None,
    pause_gc: bool = True,
) -> bytes:
    """Resolve an input document given as JSON text (UTF-8 bytes) into the output document
    as JSON text: ``json.dumps(resolve_document(json.loads(data)), indent=indent)``, encoded.

    With the optional ``fast`` extra installed (``pip install history-resolver[fast]``,
    msgspec) decoding and encoding are faster; the bytes out and every problem reported are
    the same either way.  ``clock`` and ``pause_gc`` are :func:`resolve_document`'s.
    Raises :class:`InvalidInputError` when ``data`` is not JSON (one problem at ``$``) or
    the document is invalid.
    """
    from ._document import once, resolve_document  # (the document layer loads on first use)

    clock = once(clock or time.time_ns)  # a declined typed path and the road share ``now``
    if msgspec is not None:
        from ._gc import collector_paused
        from ._typed import typed_resolve

        with collector_paused(pause_gc):
            output = typed_resolve(data, clock)
        if output is not None:
            return encode(output, indent)
    document = decode(data)
    return encode(resolve_document(document, clock=clock, pause_gc=pause_gc), indent)
