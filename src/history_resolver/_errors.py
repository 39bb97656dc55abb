"""Diagnostics and the error hierarchy.

Every problem the library finds is a :class:`Diagnostic`: where (a JSON path), how bad
(``"error"`` or ``"warning"``) and what rule it breaks.  A rejected call raises
:class:`InvalidInputError` carrying every problem found, never only the first.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Literal, final

__all__ = [
    "Diagnostic",
    "HistoryResolverError",
    "InvalidInputError",
    "Severity",
    "render_value",
]

Severity = Literal["error", "warning"]


@final
@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One problem, named by the JSON path of the place it was found."""

    severity: Severity
    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"

    def to_json(self) -> dict[str, str]:
        """The diagnostic as it appears in the output document."""
        return {"severity": self.severity, "path": self.path, "message": self.message}


class HistoryResolverError(ValueError):
    """Root of every error this library raises on purpose."""


@final
class InvalidInputError(HistoryResolverError):
    """The input breaks the contract; ``problems`` lists every problem found.

    ``str(error)`` is one line per problem, each starting with its JSON path.
    """

    problems: tuple[Diagnostic, ...]

    def __init__(self, problems: tuple[Diagnostic, ...] | list[Diagnostic]) -> None:
        self.problems = tuple(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


_MAX_SHOWN = 60
_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")


def render_value(value: object) -> str:
    """Show an offending JSON value in a message: short, and safe for any value."""
    if value is None or isinstance(value, bool):
        return json.dumps(value)
    if isinstance(value, int):
        if value.bit_length() > 200:
            return "an integer of more than 60 digits"
        return str(value)
    if isinstance(value, float):
        return json.dumps(value)  # NaN, Infinity and -Infinity spelt as JavaScript does
    if isinstance(value, str):
        if len(value) > _MAX_SHOWN:
            return (
                json.dumps(value[:_MAX_SHOWN], ensure_ascii=False)[:-1]
                + '..." ('
                + (f"{len(value)} characters)")
            )
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list):
        return "an array"
    return f"a {type(value).__name__}"


def key_path(parent: str, key: str) -> str:
    """The JSON path of ``key`` inside the object at ``parent``."""
    if _IDENTIFIER.match(key) and len(key) <= _MAX_SHOWN:
        return f"{parent}.{key}" if parent else key
    shown = json.dumps(key[:_MAX_SHOWN], ensure_ascii=False)
    return f"{parent}[{shown}]"
