"""Diagnostics, the one problem collector, and the error hierarchy.

Every problem the library finds is a :class:`Diagnostic`: where (a JSON path), how bad
(``"error"`` or ``"warning"``), what is wrong, and which rule of ``docs/rules.md`` it breaks.
Every check records its problems in a :class:`Problems` and goes on, so a rejected call
raises :class:`InvalidInputError` carrying every problem found, never only the first
(docs/rules.md#errors).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Literal, final

__all__ = [
    "Diagnostic",
    "HistoryResolverError",
    "InvalidInputError",
    "Problems",
    "Severity",
    "key_path",
    "render_value",
]

Severity = Literal["error", "warning"]


@final
@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One problem, named by the JSON path of the place it was found.

    ``rule`` is the anchor, in ``docs/rules.md``, of the rule broken (``"progress"``,
    ``"near-misses"``, ...).  It is metadata: it takes no part in equality and does not
    appear in the output document, whose diagnostics are exactly severity, path and message.
    It is empty only where no rule of docs/rules.md applies: an unknown ``kind`` given to
    :func:`~history_resolver.schema` (an argument, not input) and the batch's own checks of
    its files (a ``profileId``, a Parquet file; docs/batch.md).
    """

    severity: Severity
    path: str
    message: str
    rule: str = field(default="", compare=False)

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"

    def to_json(self) -> dict[str, str]:
        """The diagnostic as it appears in the output document."""
        return {"severity": self.severity, "path": self.path, "message": self.message}


class HistoryResolverError(ValueError):
    """Root of every error this library raises on purpose."""


@final
class InvalidInputError(HistoryResolverError):
    """The input breaks the rules; ``problems`` lists every problem found.

    ``str(error)`` is one line per problem, each starting with its JSON path.
    """

    problems: tuple[Diagnostic, ...]

    def __init__(self, problems: tuple[Diagnostic, ...] | list[Diagnostic]) -> None:
        self.problems = tuple(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


@final
class Problems:
    """The one collector of problems: every check of the input records what it finds here.

    A check records and goes on; the caller decides what the problems mean (fail the call,
    or, with ``onInvalid: "skip"``, leave the item out and report them).
    """

    __slots__ = ("items",)

    def __init__(self) -> None:
        self.items: list[Diagnostic] = []

    def __len__(self) -> int:
        return len(self.items)

    def error(self, path: str, message: str, rule: str) -> None:
        """Record that the value at ``path`` breaks the rule at ``docs/rules.md#<rule>``."""
        self.items.append(Diagnostic("error", path, message, rule))

    def warning(self, path: str, message: str, rule: str) -> None:
        """Record something worth saying that does not make the input invalid."""
        self.items.append(Diagnostic("warning", path, message, rule))

    def raise_if_any(self) -> None:
        """Raise :class:`InvalidInputError` naming every problem, if there is any."""
        if self.items:
            raise InvalidInputError(self.items)


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
