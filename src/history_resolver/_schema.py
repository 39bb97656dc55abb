"""JSON Schemas (draft 2020-12) of the input and output documents, for other services.

The schemas are package data (``history_resolver/schemas/*.schema.json``), read with
:mod:`importlib.resources` so that they are found in a wheel, a zip import and Pyodide alike.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any, Literal, get_args

from ._errors import Diagnostic, InvalidInputError, render_value

__all__ = ["SchemaKind", "schema"]

SchemaKind = Literal["input", "output"]
"""Which document a schema describes."""

_KINDS: tuple[str, ...] = get_args(SchemaKind)


@cache
def _text(kind: str) -> str:
    return (resources.files(__package__) / "schemas" / f"{kind}.schema.json").read_text("utf-8")


def schema(kind: SchemaKind) -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of the ``"input"`` or the ``"output"`` document.

    Each call returns a new object, which the caller may change freely.  Raises
    :class:`InvalidInputError` for any other ``kind``.
    """
    if kind not in _KINDS:
        choices = " or ".join(json.dumps(k) for k in _KINDS)
        raise InvalidInputError(
            [Diagnostic("error", "kind", f"{render_value(kind)} is not {choices}")]
        )
    loaded: dict[str, Any] = json.loads(_text(kind))
    return loaded
