"""Instants, timestamps and air dates, exactly.

An *instant* is a count of nanoseconds since 1970-01-01T00:00:00Z.  It is a plain ``int``
whenever the text had at most nine fractional digits (always, in practice) and a
``fractions.Fraction`` beyond that, so that no digit is ever lost in a comparison: only the
output form truncates (docs/rules.md#timestamps-out).  ``int`` and ``Fraction`` compare with
each other exactly.

Calendar arithmetic is done on integers (proleptic Gregorian, as JavaScript and ISO 8601 use),
so a timestamp at year 1 with a ``+23:59`` offset still has an instant.  Time zones other
than UTC come from pendulum, imported only when such a zone is asked for.

The input's rules about time are written here once each, as checks that record problems in
a :class:`~history_resolver._errors.Problems`: :func:`check_timestamp`
(docs/rules.md#updatedat, #now-and-asof), :func:`check_air_date` (docs/rules.md#catalog-rows),
:func:`check_zone` (docs/rules.md#air-date-zone).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone, tzinfo
from functools import lru_cache
from typing import TYPE_CHECKING, Any, TypeAlias, final

from ._errors import Problems, render_value

__all__ = [
    "Instant",
    "Moment",
    "TextDeclined",
    "TextInstants",
    "Timestamp",
    "TimestampReader",
    "ZoneError",
    "check_air_date",
    "check_timestamp",
    "check_zone",
    "date_instant",
    "day_seconds",
    "format_instant",
    "parse_air_date",
    "parse_timestamp",
]

if TYPE_CHECKING:
    from fractions import Fraction

Instant: TypeAlias = "int | Fraction"  # a string: fractions is imported only when needed
"""Nanoseconds since the Unix epoch, exact."""

Moment: TypeAlias = Any
"""An instant as the engine compares it: an exact :data:`Instant`, or, on the document's text
path, the canonical ``YYYY-MM-DDTHH:MM:SS.sssZ`` text of one (a ``str``, see
:class:`TextInstants`).  One call of the engine sees one kind only, and the two kinds order
alike (docs/design.md#two-kinds-of-instant); the type is ``Any`` because mypy cannot say
"one kind per call" without making every engine row generic."""

_NS = 1_000_000_000
_DAY_NS = 86_400 * _NS
_MAX_FRACTION_DIGITS = 4000

_TIMESTAMP = re.compile(
    r"(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?"
    r"(?:([Zz])|([+-])(\d{2})(?::?(\d{2}))?)?",
    re.ASCII,
)
_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})", re.ASCII)


class TimeSyntaxError(ValueError):
    """Raised by the parsers below; the message is the rule, without the path."""


def days_from_civil(year: int, month: int, day: int) -> int:
    """Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm)."""
    year -= month <= 2
    era = year // 400
    yoe = year - era * 400
    doy = (153 * (month + (-3 if month > 2 else 9)) + 2) // 5 + day - 1
    doe = yoe * 365 + yoe // 4 - yoe // 100 + doy
    return era * 146097 + doe - 719468


def civil_from_days(days: int) -> tuple[int, int, int]:
    """The inverse of :func:`days_from_civil`."""
    days += 719468
    era = days // 146097
    doe = days - era * 146097
    yoe = (doe - doe // 1460 + doe // 36524 - doe // 146096) // 365
    doy = doe - (365 * yoe + yoe // 4 - yoe // 100)
    mp = (5 * doy + 2) // 153
    day = doy - (153 * mp + 2) // 5 + 1
    month = mp + (3 if mp < 10 else -9)
    return yoe + era * 400 + (month <= 2), month, day


def _days_in_month(year: int, month: int) -> int:
    if month == 2:
        return 29 if (year % 4 == 0 and year % 100 != 0) or year % 400 == 0 else 28
    return 30 if month in (4, 6, 9, 11) else 31


def _check_date(year: int, month: int, day: int) -> None:
    if year < 1:
        raise TimeSyntaxError("year 0000 is outside 0001..9999")
    if not 1 <= month <= 12:
        raise TimeSyntaxError(f"month {month:02d} is outside 01..12")
    if not 1 <= day <= _days_in_month(year, month):
        raise TimeSyntaxError(f"day {day:02d} does not exist in {year:04d}-{month:02d}")


def _fraction_ns(digits: str) -> Instant:
    digits = digits.rstrip("0")
    if len(digits) <= 9:
        return int(digits.ljust(9, "0")) if digits else 0
    if len(digits) > _MAX_FRACTION_DIGITS:
        raise TimeSyntaxError(f"has more than {_MAX_FRACTION_DIGITS} fractional digits")
    from fractions import Fraction  # rare: more than nine fractional digits

    return int(digits[:9]) + Fraction(int(digits[9:]), 10 ** (len(digits) - 9))


def parse_timestamp(text: str) -> Instant:
    """The instant of an ISO 8601 timestamp that carries a UTC offset (or ``Z``).

    Raises :class:`TimeSyntaxError` for anything else, saying which part is wrong.
    """
    match = _TIMESTAMP.fullmatch(text)
    if match is None:
        if _DATE.fullmatch(text):
            raise TimeSyntaxError(
                "is a date without a time; a timestamp with a UTC offset is needed"
            )
        raise TimeSyntaxError("is not an ISO 8601 timestamp with a UTC offset")
    year, month, day, hour, minute = (int(match.group(i)) for i in range(1, 6))
    second = int(match.group(6) or 0)
    if match.group(8) is None and match.group(9) is None:
        raise TimeSyntaxError("has no UTC offset (end it with Z or +HH:MM)")
    _check_date(year, month, day)
    if hour > 23 or minute > 59 or second > 59:
        raise TimeSyntaxError(f"{hour:02d}:{minute:02d}:{second:02d} is not a time of day")
    offset = 0
    if match.group(9) is not None:
        off_hours, off_minutes = int(match.group(10)), int(match.group(11) or 0)
        if off_hours > 23 or off_minutes > 59:
            raise TimeSyntaxError("has a UTC offset outside -23:59..+23:59")
        offset = off_hours * 3600 + off_minutes * 60
        if match.group(9) == "-":
            offset = -offset
    seconds = days_from_civil(year, month, day) * 86400 + hour * 3600 + minute * 60 + second
    whole = (seconds - offset) * _NS
    fraction = match.group(7)
    return whole + _fraction_ns(fraction) if fraction else whole


def parse_air_date(text: str) -> tuple[int, int, int] | Instant:
    """A catalog ``airDate``: ``(year, month, day)`` for a date, an instant for a timestamp."""
    match = _DATE.fullmatch(text)
    if match is None:
        try:
            return parse_timestamp(text)
        except TimeSyntaxError as error:
            if _TIMESTAMP.fullmatch(text) is None:
                raise TimeSyntaxError(
                    "is neither a date (YYYY-MM-DD) nor a timestamp with a UTC offset"
                ) from None
            raise error from None
    year, month, day = int(match.group(1)), int(match.group(2)), int(match.group(3))
    _check_date(year, month, day)
    return year, month, day


class ZoneError(ValueError):
    """The name is not a time zone the zone database knows."""


_MACHINE_ZONES = frozenset({"localtime"})
"""Names the zone database answers with the machine's own zone, not with a zone."""


@lru_cache(maxsize=64)
def _load_zone(name: str) -> tzinfo:
    import pendulum  # imported here: only a non-UTC zone needs it

    try:
        return pendulum.timezone(name)
    except Exception:  # zoneinfo raises several unrelated types for bad keys
        raise ZoneError(name) from None


def check_zone(value: object, problems: Problems, path: str) -> str | None:
    """docs/rules.md#air-date-zone: the name of a zone the IANA database knows."""
    if not isinstance(value, str):
        problems.error(path, f"{render_value(value)} is not a string", "air-date-zone")
        return None
    if value != "UTC":
        try:
            if value in _MACHINE_ZONES:  # the machine's own setting: no result may hang on it
                raise ZoneError(value)
            _load_zone(value)
        except ZoneError:
            message = f"{render_value(value)} is not an IANA time zone name"
            problems.error(path, message, "air-date-zone")
            return None
    return value


def check_timestamp(value: object, problems: Problems, path: str, rule: str) -> Instant | None:
    """An ISO 8601 timestamp with a UTC offset (docs/rules.md#instants); ``rule`` names the
    rule of the place it is read (``"updatedat"``, ``"now-and-asof"``)."""
    if not isinstance(value, str):
        problems.error(path, f"{render_value(value)} is not a string", rule)
        return None
    try:
        return parse_timestamp(value)
    except TimeSyntaxError as error:
        problems.error(path, f"{render_value(value)} {error}", rule)
        return None


def check_air_date(
    value: object, problems: Problems, path: str
) -> tuple[int, int, int] | Instant | None:
    """docs/rules.md#catalog-rows: an ``airDate`` is a date (``YYYY-MM-DD``, returned as
    ``(year, month, day)``) or a timestamp with a UTC offset (returned as its instant)."""
    if not isinstance(value, str):
        problems.error(path, f"{render_value(value)} is not a string", "catalog-rows")
        return None
    try:
        return parse_air_date(value)
    except TimeSyntaxError as error:
        problems.error(path, f"{render_value(value)} {error}", "catalog-rows")
        return None


def date_instant(year: int, month: int, day: int, zone: str) -> int:
    """The first instant of a calendar day in ``zone``: its midnight, or, on a day whose
    midnight a DST change skips, the instant the clocks jump (the day's first instant)."""
    midnight = days_from_civil(year, month, day) * _DAY_NS
    if zone == "UTC":
        return midnight
    return midnight - _zone_midnight_offset_ns(year, month, day, zone)


@lru_cache(maxsize=65536)
def _zone_midnight_offset_ns(year: int, month: int, day: int, zone: str) -> int:
    tz = _load_zone(zone)
    local = datetime(year, month, day, tzinfo=tz)
    before = local.utcoffset()
    after = local.replace(fold=1).utcoffset()
    assert before is not None and after is not None
    if before >= after:
        # Midnight exists (once, or twice when clocks fall back: fold 0 is the earlier).
        return _td_ns(before)
    # Midnight is in a gap. The day starts when the clocks jump: the first UTC second,
    # between the two readings of midnight, at which the zone shows the later offset.
    naive_seconds = days_from_civil(year, month, day) * 86400
    low = naive_seconds - int(after.total_seconds())  # shows the earlier offset
    high = naive_seconds - int(before.total_seconds())  # shows the later offset
    while high - low > 1:
        middle = (low + high) // 2
        shown = datetime.fromtimestamp(middle, tz=timezone.utc).astimezone(tz).utcoffset()
        if shown == after:
            high = middle
        else:
            low = middle
    return (naive_seconds - high) * _NS


def _td_ns(delta: timedelta) -> int:
    return (delta.days * 86400 + delta.seconds) * _NS + delta.microseconds * 1000


def format_instant(instant: Instant) -> str:
    """``YYYY-MM-DDTHH:MM:SS.sssZ``, as JavaScript's ``toISOString`` (digits past the
    millisecond are cut, not rounded)."""
    millis = int(instant // 1_000_000)
    days, ms_of_day = divmod(millis, 86_400_000)
    year, month, day = civil_from_days(days)
    seconds, ms = divmod(ms_of_day, 1000)
    hour, rest = divmod(seconds, 3600)
    minute, second = divmod(rest, 60)
    if 0 <= year <= 9999:
        year_text = f"{year:04d}"
    else:
        year_text = f"{'+' if year > 0 else '-'}{abs(year):06d}"
    return f"{year_text}-{month:02d}-{day:02d}T{hour:02d}:{minute:02d}:{second:02d}.{ms:03d}Z"


_MIN_OFFSET_SECONDS = 23 * 3600 + 59 * 60  # the widest UTC offset a timestamp may carry


def _exact_text(instant: Instant) -> str | None:
    """Text that :func:`parse_timestamp` reads back to exactly ``instant``, or ``None`` when
    there is none (a fraction of a nanosecond with no finite decimal form, or an instant
    outside the years 0001..9999 at any offset).

    In UTC (``Z``) with at least the three fractional digits of the output form, and as many
    more as the instant has; an instant that is in year 0000 or 10000 in UTC but in
    0001..9999 at the widest offset is written at that offset.
    """
    if isinstance(instant, bool):
        return None
    if not isinstance(instant, int):
        from fractions import Fraction  # as where such instants are made

        if not isinstance(instant, Fraction):
            return None
    seconds = int(instant // _NS)
    fraction = instant - seconds * _NS  # 0 <= fraction < 10**9
    extra = 0  # decimal digits beyond the nanosecond
    if not isinstance(fraction, int):
        denominator = fraction.denominator
        twos = fives = 0
        while denominator % 2 == 0:
            denominator //= 2
            twos += 1
        while denominator % 5 == 0:
            denominator //= 5
            fives += 1
        if denominator != 1:
            return None
        extra = max(twos, fives)
        fraction = int(fraction * 10**extra)
    digits = f"{fraction:0{9 + extra}d}".rstrip("0").ljust(3, "0")
    if len(digits) > _MAX_FRACTION_DIGITS:
        return None
    suffix = "Z"
    year = civil_from_days(seconds // 86400)[0]
    if year == 0:
        seconds += _MIN_OFFSET_SECONDS
        suffix = "+23:59"
    elif year == 10000:
        seconds -= _MIN_OFFSET_SECONDS
        suffix = "-23:59"
    days, second_of_day = divmod(seconds, 86400)
    year, month, day = civil_from_days(days)
    if not 1 <= year <= 9999:
        return None
    hour, rest = divmod(second_of_day, 3600)
    minute, second = divmod(rest, 60)
    return f"{year:04d}-{month:02d}-{day:02d}T{hour:02d}:{minute:02d}:{second:02d}.{digits}{suffix}"


def instant_from_datetime(moment: datetime) -> int:
    """The instant of an aware ``datetime``; a naive one is refused."""
    offset = moment.utcoffset()
    if offset is None:
        raise TimeSyntaxError(f'"{moment.isoformat()}" has no UTC offset')
    days = days_from_civil(moment.year, moment.month, moment.day)
    seconds = days * 86400 + moment.hour * 3600 + moment.minute * 60 + moment.second
    return seconds * _NS + moment.microsecond * 1000 - _td_ns(offset)


@final
@dataclass(frozen=True, slots=True, order=True)
class Timestamp:
    """An exact instant, as nanoseconds since the Unix epoch (UTC)."""

    ns: Instant

    @classmethod
    def parse(cls, text: str) -> Timestamp:
        """Parse an ISO 8601 timestamp with a UTC offset; raise ``ValueError`` otherwise."""
        problems = Problems()
        instant = check_timestamp(text, problems, "timestamp", "instants")
        problems.raise_if_any()
        assert instant is not None
        return cls(instant)

    @classmethod
    def from_datetime(cls, moment: datetime) -> Timestamp:
        """The instant of an aware ``datetime``."""
        problems = Problems()
        instant: Instant | None = None
        if not isinstance(moment, datetime):
            problems.error("timestamp", f"{render_value(moment)} is not a datetime", "instants")
        else:
            try:
                instant = instant_from_datetime(moment)
            except TimeSyntaxError as error:
                problems.error("timestamp", str(error), "instants")
        problems.raise_if_any()
        assert instant is not None
        return cls(instant)

    def to_datetime(self) -> datetime:
        """The instant as an aware UTC ``datetime`` (microseconds: finer digits are cut)."""
        micros = int(self.ns // 1000)
        return datetime(1970, 1, 1, tzinfo=timezone.utc) + timedelta(microseconds=micros)

    def isoformat(self) -> str:
        """``YYYY-MM-DDTHH:MM:SS.sssZ``, the form the API and JavaScript write."""
        return format_instant(self.ns)

    def __str__(self) -> str:
        return format_instant(self.ns)

    def __repr__(self) -> str:
        """``Timestamp.parse('2026-11-28T00:00:00.000Z')``: the instant, every digit of it
        (``.000000001`` where there is a nanosecond), in text that parses back to it."""
        text = _exact_text(self.ns)
        if text is None:  # not an instant any text names (built from a bare number)
            return f"Timestamp(ns={self.ns!r})"
        return f"Timestamp.parse({text!r})"


class TimestampReader:
    """Reads many timestamps fast.

    The API's own form, ``YYYY-MM-DDTHH:MM:SS.sssZ``, is read by ``datetime.fromisoformat``
    (C speed); anything else, and anything that parser refuses, goes to
    :func:`parse_timestamp`, the reference, which either reads it too or says what is wrong.
    Both accept exactly the valid timestamps of that shape (the tests check this).

    ``canonical`` maps the instants read from that form back to their text: it is exactly
    what :func:`format_instant` would write, so the output needs no formatting for them.
    One reader serves one call, so nothing outlives the call.
    """

    __slots__ = ("canonical",)

    def __init__(self) -> None:
        self.canonical: dict[Instant, str] = {}

    def read(self, text: str) -> Instant:
        """The instant of ``text``; :class:`TimeSyntaxError` if it is not a timestamp."""
        if (
            len(text) == 24
            and text[4:20:3] == "--T::."  # the separators at 4, 7, 10, 13, 16 and 19
            and text[23] == "Z"
            and (text[11] != "2" or text[12] < "4")  # never 24:00, whatever the Python
        ):
            try:
                since = _fromisoformat(text) - _EPOCH
            except ValueError:
                return parse_timestamp(text)
            instant = (since.days * 86400 + since.seconds) * _NS + since.microseconds * 1000
            self.canonical[instant] = text
            return instant
        return parse_timestamp(text)


class TextDeclined(Exception):
    """The text path declines the document: an instant in it is not in the canonical form.
    Raised by the readers of the text path, caught by the document adapter alone, which
    then reads the document the exact way (nothing is worded: it is not a problem)."""


_DAY_START = "T00:00:00.000Z"


class TextInstants:
    """The document's text path: the API's canonical timestamps are their own instants.

    A valid ``YYYY-MM-DDTHH:MM:SS.sssZ`` timestamp (years 0001..9999) is exactly what
    :func:`format_instant` writes for its instant, so as text it orders as its instant does
    (fixed width, most significant digit first) and is already its output text.
    ``read`` returns such a text as it is; ``air`` also takes a date-only air date (UTC
    only: its instant is its midnight, ``YYYY-MM-DDT00:00:00.000Z``).  For any other text
    they ask the exact path's parser, the one home of the rule: a text it refuses is
    refused (:class:`TimeSyntaxError`, for the thorough path to word), and a valid text
    without a canonical form declines the whole document (:class:`TextDeclined`).  Which
    canonical texts are valid is checked by ``datetime.fromisoformat``, as in
    :meth:`TimestampReader.read`.
    """

    __slots__ = ("_dates",)

    def __init__(self) -> None:
        self._dates: dict[str, str] = {}

    def read(self, text: str) -> str:
        """``text`` itself, when it is a valid timestamp in the canonical form."""
        if (  # (TimestampReader.read's test of the form: the tests hold them alike)
            len(text) == 24
            and text[4:20:3] == "--T::."
            and text[23] == "Z"
            and (text[11] != "2" or text[12] < "4")
        ):
            try:
                _fromisoformat(text)  # (before Python 3.11 it refuses "Z": always declined)
            except ValueError:
                pass
            else:
                return text
        parse_timestamp(text)  # TimeSyntaxError if it is not a timestamp at all
        raise TextDeclined

    def air(self, text: str) -> str:
        """The text instant of a catalog ``airDate`` in UTC: a canonical timestamp, or the
        midnight of a valid ``YYYY-MM-DD`` date."""
        if len(text) == 24:
            return self.read(text)
        known = self._dates.get(text)
        if known is None:
            try:
                day_seconds(text)
            except TimeSyntaxError:
                parse_air_date(text)  # TimeSyntaxError if it is not an air date at all
                raise TextDeclined from None
            known = self._dates[text] = text + _DAY_START
        return known


def day_seconds(text: str) -> int:
    """Seconds from the epoch to the start (UTC) of the ``YYYY-MM-DD`` date ``text``.

    Exactly the dates :func:`parse_air_date` accepts; :class:`TimeSyntaxError` otherwise.
    """
    # The dashes rule out the other forms date.fromisoformat knows (20230115, 2023-W02-7).
    if len(text) == 10 and text[4] == "-" and text[7] == "-":
        try:
            return (date.fromisoformat(text).toordinal() - _EPOCH_ORDINAL) * 86400
        except ValueError:
            pass
    raise TimeSyntaxError("is not a date (YYYY-MM-DD)")


_EPOCH_ORDINAL = date(1970, 1, 1).toordinal()
_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)
_fromisoformat = datetime.fromisoformat
