"""Options: how to resolve (docs/rules.md#options).

:func:`read_options` checks the document's ``options`` object; :class:`~history_resolver.Options`
calls the same checks on its fields.  Every option's rule is written once, here or beside the
value it is about (:func:`~history_resolver._numbers.check_threshold`,
:func:`~history_resolver._time.check_zone`, :func:`~history_resolver._time.check_timestamp`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Literal, NamedTuple

from ._errors import Problems, key_path, render_value
from ._numbers import DEFAULT_THRESHOLD, check_threshold
from ._time import Instant, check_timestamp, check_zone

__all__ = [
    "OPTION_KEYS",
    "OnInvalid",
    "OptionFields",
    "check_now_given",
    "check_on_invalid",
    "read_option",
    "read_options",
]

OnInvalid = Literal["reject", "skip"]
"""What an invalid history entry or catalog row does: fail the call, or stay out of it."""

OPTION_KEYS = ("completionThreshold", "now", "asOf", "airDateZone", "onInvalid")
_ON_INVALID: dict[object, OnInvalid] = {"reject": "reject", "skip": "skip"}


class OptionFields(NamedTuple):
    """The options of a document, read (meaningful when they gave no problem)."""

    threshold: float = DEFAULT_THRESHOLD
    now: Instant | None = None  # None: not given
    as_of: Instant | None = None
    zone: str | None = "UTC"  # None: the zone given is invalid
    on_invalid: OnInvalid = "reject"


def check_on_invalid(value: object, problems: Problems, path: str) -> OnInvalid | None:
    """docs/rules.md#oninvalid: ``"reject"`` or ``"skip"``."""
    mode = _ON_INVALID.get(value) if isinstance(value, str) else None
    if mode is None:
        problems.error(path, f'{render_value(value)} is not "reject" or "skip"', "oninvalid")
    return mode


def check_now_given(now: object, as_of: object, problems: Problems, path: str, other: str) -> None:
    """docs/rules.md#now-and-asof: ``now`` defaults to ``asOf``; one of them is needed, as
    the engine reads no clock (``other`` is how the place names ``asOf``)."""
    if now is None and as_of is None:
        message = f"is required when {other} is not given (the engine reads no clock)"
        problems.error(path, message, "now-and-asof")


def _unknown_options(options: dict[object, object], problems: Problems, path: str) -> None:
    for key in options:
        if key not in OPTION_KEYS:
            message = "unknown option (the options are " + ", ".join(OPTION_KEYS) + ")"
            problems.error(key_path(path, str(key)), message, "options")


def _threshold(value: object, problems: Problems, path: str) -> float:
    if value is None:
        return DEFAULT_THRESHOLD
    return check_threshold(value, problems, path) or DEFAULT_THRESHOLD  # (never 0 if valid)


def _instant(value: object, problems: Problems, path: str) -> Instant | None:
    return None if value is None else check_timestamp(value, problems, path, "now-and-asof")


def _zone(value: object, problems: Problems, path: str) -> str | None:
    return "UTC" if value is None else check_zone(value, problems, path)


def _mode(value: object, problems: Problems, path: str) -> OnInvalid:
    return "reject" if value is None else check_on_invalid(value, problems, path) or "reject"


_READERS: dict[str, Callable[[object, Problems, str], object]] = {
    "completionThreshold": _threshold,
    "now": _instant,
    "asOf": _instant,
    "airDateZone": _zone,
    "onInvalid": _mode,
}


def read_option(key: str, value: object, problems: Problems, path: str) -> object:
    """The option ``key`` (one of :data:`OPTION_KEYS`) read from ``value`` by its rule, the
    rule :func:`read_options` applies to it; its problems are recorded at ``path``.  The
    command checks each option flag's value with it."""
    return _READERS[key](value, problems, path)


def read_options(options: object, problems: Problems, path: str = "options") -> OptionFields:
    """The ``options`` object of a document, checked (``None``: every option's default)."""
    if options is None:
        return OptionFields()
    if not isinstance(options, dict):
        problems.error(path, f"{render_value(options)} is not an object", "options")
        return OptionFields()
    _unknown_options(options, problems, path)
    return OptionFields(
        _threshold(options.get("completionThreshold"), problems, path + ".completionThreshold"),
        _instant(options.get("now"), problems, path + ".now"),
        _instant(options.get("asOf"), problems, path + ".asOf"),
        _zone(options.get("airDateZone"), problems, path + ".airDateZone"),
        _mode(options.get("onInvalid"), problems, path + ".onInvalid"),
    )
