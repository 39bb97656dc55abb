"""A deliberately simple model of contract sections 2-6 and 8, written from the contract alone.

Nothing here imports ``history_resolver``: the property tests compare the library with this
model, so the two must not share code.  Everything is brute force: every episode scans the
whole history, every summary scans every episode.  Speed is irrelevant (inputs are tiny);
what matters is that each function can be checked against the contract by reading it.

Instants are nanoseconds since 1970-01-01T00:00:00Z: integers, or exact fractions for a
timestamp with more than nine fractional digits.  ``datetime.fromisoformat`` does the
calendar and offset arithmetic; it keeps only six fractional digits (Python 3.11 drops the
rest silently), so the fraction is taken apart first and added back exactly.

The input document must already be valid (section 1); the model does not validate.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from fractions import Fraction
from functools import cache
from typing import Any
from zoneinfo import ZoneInfo

__all__ = [
    "EPOCH",
    "NS",
    "Entry",
    "Instant",
    "air_instant",
    "day_start",
    "format_instant",
    "normalise_media",
    "parse_instant",
    "read_history",
    "resolve",
]

JSON = dict[str, Any]
Instant = int | Fraction

NS = 1_000_000_000
EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)

# The spellings of docs/rules.md#instants: "T", "t" or a space; seconds optional; a fraction
# after "." or ","; "Z", "z", "+HH:MM", "+HHMM" or "+HH".
_STAMP = re.compile(
    r"(\d{4}-\d\d-\d\d)[Tt ](\d\d:\d\d)(?::(\d\d)(?:[.,](\d+))?)?"
    r"([Zz]|[+-]\d\d(?::?\d\d)?)"
)
_DATE = re.compile(r"\d{4}-\d\d-\d\d")
_MEDIA = re.compile(r"(TV|MV)_(?:TMDBID)?(\d+)")


# --- section 2: time -------------------------------------------------------------------


def parse_instant(text: str) -> Instant:
    """The instant of an ISO 8601 timestamp with an offset, in ns (docs/rules.md#instants)."""
    match = _STAMP.fullmatch(text)
    assert match is not None, f"not a timestamp the model understands: {text!r}"
    day, clock, seconds, digits, zone = match.groups()
    if zone in ("Z", "z"):
        offset = "+00:00"
    else:
        offset = zone[:3] + ":" + (zone[3:].lstrip(":") or "00")
    moment = datetime.fromisoformat(f"{day}T{clock}:{seconds or '00'}{offset}")
    whole_seconds = (moment - EPOCH) // timedelta(seconds=1)
    digits = digits or "0"
    fraction = Fraction(int(digits) * NS, 10 ** len(digits))
    instant = whole_seconds * NS + fraction
    return instant.numerator if instant.denominator == 1 else instant


def format_instant(instant: Instant) -> str:
    """``YYYY-MM-DDTHH:MM:SS.sssZ`` in UTC, digits past the millisecond cut (floor); a year
    outside 0000-9999 as JavaScript's ``toISOString`` writes it (``+010000``)."""
    millis = int(instant // 1_000_000)
    days, ms_of_day = divmod(millis, 86_400_000)
    year, month, day = _civil(days)
    seconds, ms = divmod(ms_of_day, 1000)
    minutes, second = divmod(seconds, 60)
    hour, minute = divmod(minutes, 60)
    shown = f"{year:04d}" if 0 <= year <= 9999 else f"{'+' if year > 0 else '-'}{abs(year):06d}"
    return f"{shown}-{month:02d}-{day:02d}T{hour:02d}:{minute:02d}:{second:02d}.{ms:03d}Z"


def _civil(days: int) -> tuple[int, int, int]:
    """The proleptic Gregorian (year, month, day) ``days`` after 1970-01-01, any year."""
    days += 719_468  # from 0000-03-01
    era, day_of_era = divmod(days, 146_097)
    year_of_era = (
        day_of_era - day_of_era // 1460 + day_of_era // 36524 - day_of_era // 146096
    ) // 365
    day_of_year = day_of_era - (365 * year_of_era + year_of_era // 4 - year_of_era // 100)
    shifted_month = (5 * day_of_year + 2) // 153
    day = day_of_year - (153 * shifted_month + 2) // 5 + 1
    month = shifted_month + 3 if shifted_month < 10 else shifted_month - 9
    year = year_of_era + era * 400 + (1 if month <= 2 else 0)
    return year, month, day


def _to_ns(moment: datetime) -> int:
    return (moment - EPOCH) // timedelta(microseconds=1) * 1000


@cache
def day_start(day: date, zone: str) -> int:
    """The first instant of ``day`` in ``zone``: its midnight (the earlier one when clocks
    fall back over it), or, when a DST change skips midnight, the first second whose wall
    clock shows ``day`` (or a later day: on a day the zone skips altogether, Pacific/Apia
    2011-12-30, the instant the clocks jump)."""
    wall = datetime(day.year, day.month, day.day)
    tz = ZoneInfo(zone)
    readings = []
    for fold in (0, 1):
        instant = wall.replace(tzinfo=tz, fold=fold).astimezone(timezone.utc)
        if instant.astimezone(tz).replace(tzinfo=None, fold=0) == wall:
            readings.append(instant)  # this reading of midnight really happens
    if readings:
        return _to_ns(min(readings))
    # Midnight is skipped.  The two readings of it bracket the jump: walk through the gap a
    # second at a time until the wall clock shows the day.
    low, high = sorted(
        wall.replace(tzinfo=tz, fold=fold).astimezone(timezone.utc) for fold in (0, 1)
    )
    moment = low
    while moment.astimezone(tz).date() < day:
        moment += timedelta(seconds=1)
        assert moment <= high, (day, zone)
    return _to_ns(moment)


def air_instant(text: str | None, zone: str) -> Instant | None:
    """The instant a catalog ``airDate`` stands for; None when unknown."""
    if text is None:
        return None
    if _DATE.fullmatch(text):
        return day_start(date.fromisoformat(text), zone)
    return parse_instant(text)


# --- section 1, as far as a valid document needs it -----------------------------------------


def normalise_media(text: str, media_type: str | None = None) -> str:
    """The long form of a media id (``TV_TMDBID<n>`` / ``MV_TMDBID<n>``)."""
    match = _MEDIA.fullmatch(text)
    if match is not None:
        prefix, digits = match.group(1), match.group(2)
    else:
        assert text.isdigit() and media_type in ("tv", "movie"), (text, media_type)
        prefix, digits = ("TV" if media_type == "tv" else "MV"), text
    return f"{prefix}_TMDBID{int(digits)}"


@dataclass(frozen=True)
class Entry:
    """One history entry as the contract reads it."""

    index: int
    media: str  # long form
    is_movie: bool
    season: int | None  # None for a movie
    episode: int | None  # None for a movie or a season default
    updated: Instant
    progress: float
    imported: str

    @property
    def key(self) -> tuple[Instant, float, str]:
        """Section 3: ``(updatedAt instant, progress, imported or "")``."""
        return (self.updated, self.progress, self.imported)


def _number(value: Any) -> int | None:
    return None if value is None else int(value)


def read_history(document: JSON) -> list[Entry]:
    """Every history entry of a valid document (``updatedAt`` missing or null: ``now``)."""
    options = document.get("options") or {}
    now = parse_instant(options["now"])
    entries = []
    for index, item in enumerate(document["history"]):
        raw = item.get("mediaId")
        if raw is None:
            raw = item["id"]
        media = normalise_media(raw, item.get("mediaType"))
        updated = item.get("updatedAt")
        progress = item.get("progress")
        entries.append(
            Entry(
                index=index,
                media=media,
                is_movie=media.startswith("MV_"),
                season=_number(item.get("season")),
                episode=_number(item.get("episode")),
                updated=now if updated is None else parse_instant(updated),
                progress=100.0 if progress is None else float(progress),
                imported=item.get("imported") or "",
            )
        )
    return entries


# --- sections 3 to 6 ---------------------------------------------------------------------------


def latest(group: list[Entry]) -> Entry:
    """The greatest key; on a full tie, the entry that comes first in the list."""
    return max(group, key=lambda entry: (entry.key, -entry.index))


def resolve(document: JSON) -> JSON:
    """The output document for a valid input document.

    ``diagnostics`` hold only ``severity`` and ``path``: the contract does not fix messages.
    """
    options = document.get("options") or {}
    now = parse_instant(options["now"])
    as_of = parse_instant(options["asOf"]) if options.get("asOf") is not None else None
    threshold = float(options.get("completionThreshold") or 80)
    zone = options.get("airDateZone") or "UTC"

    kept = [e for e in read_history(document) if as_of is None or e.updated <= as_of]

    catalog: dict[tuple[str, int, int], str | None] = {}
    for row in document.get("episodes") or []:
        key = (normalise_media(row["mediaId"]), int(row["season"]), int(row["episode"]))
        catalog[key] = row.get("airDate")

    reported = dict(catalog)
    for entry in kept:
        if not entry.is_movie and entry.episode is not None:
            assert entry.season is not None
            reported.setdefault((entry.media, entry.season, entry.episode), None)

    episodes: list[JSON] = []
    decided_at: dict[tuple[str, int, int], Instant] = {}
    for media, season, number in sorted(reported):
        air_text = reported[(media, season, number)]
        air = air_instant(air_text, zone)
        explicit = [
            e
            for e in kept
            if not e.is_movie and e.media == media and e.season == season and e.episode == number
        ]
        defaults = [
            e
            for e in kept
            if not e.is_movie
            and e.media == media
            and e.season == season
            and e.episode is None
            and air is not None
            and air < e.updated
        ]
        group = explicit or defaults
        basis = "explicit" if explicit else "seasonDefault" if defaults else "none"
        decider = latest(group) if group else None
        progress = decider.progress if decider is not None else 0.0
        plays = [e for e in group if e.progress >= threshold]
        episodes.append(
            {
                "mediaId": media,
                "season": season,
                "episode": number,
                "airDate": air_text,
                "progress": progress,
                "completed": progress >= threshold,
                "basis": basis,
                "decidedBy": decider.index if decider is not None else None,
                "plays": len(plays),
                "lastWatchedAt": format_instant(max(e.updated for e in plays)) if plays else None,
            }
        )
        if decider is not None:
            decided_at[(media, season, number)] = decider.updated

    movies: list[JSON] = []
    movie_decided_at: dict[str, Instant] = {}
    for media in sorted({e.media for e in kept if e.is_movie}):
        group = [e for e in kept if e.media == media]
        decider = latest(group)
        plays = [e for e in group if e.progress >= threshold]
        movies.append(
            {
                "mediaId": media,
                "progress": decider.progress,
                "completed": decider.progress >= threshold,
                "decidedBy": decider.index,
                "plays": len(plays),
                "lastWatchedAt": format_instant(max(e.updated for e in plays)) if plays else None,
            }
        )
        movie_decided_at[media] = decider.updated

    catalog_seasons = {(media, season) for media, season, _ in catalog}
    diagnostics = [
        {"severity": "warning", "path": f"history[{e.index}]"}
        for e in kept
        if not e.is_movie and e.episode is None and (e.media, e.season) not in catalog_seasons
    ]

    seasons, shows = _summaries(episodes, zone, now)
    return {
        "episodes": episodes,
        "movies": movies,
        "seasons": seasons,
        "shows": shows,
        "inProgress": _in_progress(episodes, movies, decided_at, movie_decided_at, threshold),
        "diagnostics": diagnostics,
    }


# --- section 8 ------------------------------------------------------------------------------


def _percent(completed: int, aired: int) -> float:
    return round(100 * completed / aired, 2) if aired else 0.0


def _latest_text(texts: list[str | None]) -> str | None:
    # Same-width UTC strings sort as the instants they name (to the millisecond, which is
    # all the output keeps).
    present = [t for t in texts if t is not None]
    return max(present) if present else None


def _summaries(episodes: list[JSON], zone: str, now: Instant) -> tuple[list[JSON], list[JSON]]:
    def aired(row: JSON) -> bool:
        air = air_instant(row["airDate"], zone)
        return air is not None and air < now

    seasons: list[JSON] = []
    for media, season in sorted({(r["mediaId"], r["season"]) for r in episodes}):
        rows = [r for r in episodes if r["mediaId"] == media and r["season"] == season]
        n_aired = sum(1 for r in rows if aired(r))
        n_completed = sum(1 for r in rows if aired(r) and r["completed"])
        seasons.append(
            {
                "mediaId": media,
                "season": season,
                "episodes": len(rows),
                "aired": n_aired,
                "completed": n_completed,
                "percent": _percent(n_completed, n_aired),
                "lastWatchedAt": _latest_text([r["lastWatchedAt"] for r in rows]),
            }
        )

    shows: list[JSON] = []
    for media in sorted({r["mediaId"] for r in episodes}):
        counted = [s for s in seasons if s["mediaId"] == media and s["season"] >= 1]
        n_aired = sum(s["aired"] for s in counted)
        n_completed = sum(s["completed"] for s in counted)
        regular = [r for r in episodes if r["mediaId"] == media and r["season"] >= 1]
        done = [(r["season"], r["episode"]) for r in regular if r["completed"]]
        last = max(done) if done else None
        if last is not None:
            after = [r for r in regular if (r["season"], r["episode"]) > last]
        else:
            after = [r for r in regular if not r["completed"]]
        following = min(after, key=lambda r: (r["season"], r["episode"])) if after else None
        shows.append(
            {
                "mediaId": media,
                "aired": n_aired,
                "completed": n_completed,
                "percent": _percent(n_completed, n_aired),
                "lastWatchedAt": _latest_text([s["lastWatchedAt"] for s in counted]),
                "lastEpisode": None if last is None else {"season": last[0], "episode": last[1]},
                "nextEpisode": None
                if following is None
                else {
                    "season": following["season"],
                    "episode": following["episode"],
                    "airDate": following["airDate"],
                    "aired": aired(following),
                },
            }
        )
    return seasons, shows


def _in_progress(
    episodes: list[JSON],
    movies: list[JSON],
    decided_at: dict[tuple[str, int, int], Instant],
    movie_decided_at: dict[str, Instant],
    threshold: float,
) -> list[JSON]:
    items: list[tuple[tuple[Instant, str, int, int], JSON]] = []
    for row in episodes:
        if 0 < row["progress"] < threshold:
            key = (row["mediaId"], row["season"], row["episode"])
            updated = decided_at[key]
            items.append(
                (
                    (-updated, *key),
                    {
                        "mediaId": row["mediaId"],
                        "season": row["season"],
                        "episode": row["episode"],
                        "progress": row["progress"],
                        "updatedAt": format_instant(updated),
                    },
                )
            )
    for row in movies:
        if 0 < row["progress"] < threshold:
            updated = movie_decided_at[row["mediaId"]]
            items.append(
                (
                    (-updated, row["mediaId"], 0, 0),
                    {
                        "mediaId": row["mediaId"],
                        "progress": row["progress"],
                        "updatedAt": format_instant(updated),
                    },
                )
            )
    items.sort(key=lambda pair: pair[0])
    return [item for _, item in items]
