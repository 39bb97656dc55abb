"""The numbers of the input: progress, season and episode numbers, the completion threshold.

Each rule is one function that takes a value (JSON, or a typed value's field), records what
is wrong with it in a :class:`~history_resolver._errors.Problems`, and returns the value as
the engine takes it, or ``None`` when it is invalid.  A boolean is never a number.
"""

from __future__ import annotations

import math

from ._errors import Problems, render_value

__all__ = [
    "DEFAULT_PROGRESS",
    "DEFAULT_THRESHOLD",
    "MAX_COUNT",
    "check_count",
    "check_progress",
    "check_threshold",
]

DEFAULT_PROGRESS = 100.0
"""The progress of an entry that gives none: a history entry records a watch."""

DEFAULT_THRESHOLD = 80.0

MAX_COUNT = 2**53 - 1
"""The largest season or episode number: JavaScript's ``Number.MAX_SAFE_INTEGER``, so that a
JavaScript client reading the output sees exactly the number that went in."""


def _is_number(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def check_progress(value: object, problems: Problems, path: str) -> float | None:
    """docs/rules.md#progress: a finite number in ``0..100``, fractions allowed.

    Returns it as a float, ``-0.0`` as ``0.0`` (the two are one progress).
    """
    if not _is_number(value):
        problems.error(path, f"{render_value(value)} is not a number", "progress")
        return None
    assert isinstance(value, (int, float))
    if isinstance(value, float) and not math.isfinite(value):
        problems.error(path, f"{render_value(value)} is not a finite number", "progress")
        return None
    if not 0 <= value <= 100:
        problems.error(path, f"{render_value(value)} is outside 0..100", "progress")
        return None
    return value + 0.0  # a float, and -0.0 turns into 0.0


def check_count(value: object, minimum: int, problems: Problems, path: str) -> int | None:
    """docs/rules.md#season-and-episode: a season or episode number, ``minimum..MAX_COUNT``.

    A number with no fractional part counts, as in JSON (``2.0`` is 2); it is returned as an
    ``int``.
    """
    if not _is_number(value) or (isinstance(value, float) and not value.is_integer()):
        # (is_integer is also false for NaN and the infinities)
        problems.error(path, f"{render_value(value)} is not an integer", "season-and-episode")
        return None
    assert isinstance(value, (int, float))
    number = int(value)
    if number < minimum:
        problems.error(path, f"{render_value(number)} is less than {minimum}", "season-and-episode")
        return None
    if number > MAX_COUNT:
        problems.error(
            path,
            f"{render_value(number)} is more than {MAX_COUNT} (2**53 - 1)",
            "season-and-episode",
        )
        return None
    return number


def check_threshold(value: object, problems: Problems, path: str) -> float | None:
    """docs/rules.md#completion-threshold: a number with ``0 < t <= 100``."""
    if not _is_number(value):
        problems.error(path, f"{render_value(value)} is not a number", "completion-threshold")
        return None
    assert isinstance(value, (int, float))
    if not 0 < value <= 100:  # also false for NaN
        problems.error(
            path, f"{render_value(value)} is outside 0..100 (0 excluded)", "completion-threshold"
        )
        return None
    return float(value)
