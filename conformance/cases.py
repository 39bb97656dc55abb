"""The hand-made cases of the conformance vectors: their inputs, and what each is about.

Cases for every rule of docs/rules.md, the worked examples of that document (with what it
shows of each result: ``tests/test_conformance.py`` checks that the document shows the same),
the cases the property tests pin (tests/test_rules.py, tests/test_validation.py,
tests/test_schema.py) and a few realistic profiles.  Expectations are not here:
``generate.py`` computes them.
"""

from __future__ import annotations

import json
import math
import re
import sys
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT / "tests") not in sys.path:  # the reference model and the pinned cases live there
    sys.path.insert(0, str(ROOT / "tests"))

import reference as ref  # noqa: E402
import test_rules  # noqa: E402
import test_validation  # noqa: E402
from strategies import render_timestamp  # noqa: E402

__all__ = [
    "NOW",
    "Case",
    "Shown",
    "example_cases",
    "pinned_cases",
    "portable",
    "profile_cases",
    "rule_cases",
    "validation_cases",
]

JSON = dict[str, Any]

EXAMPLES = ROOT / "examples"
NOW = "2024-01-01T00:00:00.000Z"
TIMELINE_NOW = "2024-04-01T00:00:00.000Z"  # as in the timelines of docs/rules.md


# --- cases -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Shown:
    """What ``docs/rules.md`` shows of an example's result.

    ``quote`` must appear in the rules document (white space runs compared as one space).
    ``where`` names the part of the expected output it speaks of (``"S1E2"`` for an episode
    of the case's show, ``"movie:<id>"``, ``"season:<n>"``, ``"show"``, ``"inProgress"``,
    ``"problems"``).  With ``columns``, the quote is a table row whose cells are the values
    of those output fields (``None`` for a column that only labels the row); otherwise
    ``fields`` are the values the quote states in words.
    """

    quote: str
    where: str
    columns: tuple[str | None, ...] = ()
    fields: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Case:
    """One vector before its expectation is computed."""

    id: str
    description: str
    input: Any
    rules: tuple[str, ...] = ()
    source: str = ""
    shown: tuple[Shown, ...] = ()
    show: str = "TV_TMDBID1"  # the show ``Shown.where`` names by default


def doc(
    history: list[Any],
    catalog: list[Any] | None = None,
    now: str | None = TIMELINE_NOW,
    **options: Any,
) -> JSON:
    """An input document; ``now`` is 2024-04-01 unless given (as in the timelines of
    docs/rules.md); ``now=None`` leaves it out (to be defaulted from ``asOf``)."""
    opts: JSON = {} if now is None else {"now": now}
    opts.update(options)
    document: JSON = {"history": history}
    if catalog is not None:
        document["episodes"] = catalog
    document["options"] = opts
    return document


def entry(
    season: int | None = None,
    episode: int | None = None,
    at: str | None = None,
    progress: float | None = None,
    imported: str | None = None,
    media: str = "TV_TMDBID1",
    **extra: Any,
) -> JSON:
    """A history entry in the ``mediaId`` shape (fields left ``None`` are left out)."""
    item: JSON = {"mediaId": media}
    for key, value in (
        ("season", season),
        ("episode", episode),
        ("updatedAt", at),
        ("progress", progress),
        ("imported", imported),
    ):
        if value is not None:
            item[key] = value
    item.update(extra)
    return item


def movie(at: str | None, progress: float | None = None, media: str = "MV_TMDBID550") -> JSON:
    """A movie entry."""
    return entry(at=at, progress=progress, media=media)


def row(
    season: int, episode: int, air: str | None, media: str = "TV_TMDBID1", **extra: Any
) -> JSON:
    """A catalog row."""
    return {"mediaId": media, "season": season, "episode": episode, "airDate": air, **extra}


def weekly(media: str, season: int, first: str, count: int, start: int = 1) -> list[JSON]:
    """Catalog rows for ``count`` episodes of a season airing weekly from ``first``."""
    day = date.fromisoformat(first)
    return [
        row(season, start + n, (day + timedelta(weeks=n)).isoformat(), media) for n in range(count)
    ]


def t(day: str, clock: str = "00:00:00.000") -> str:
    """A timestamp in the API's own form; ``day`` may leave out the year 2024."""
    full = day if len(day) == 10 else f"2024-{day}"
    return f"{full}T{clock}Z"


# --- hand-written vectors, one group per rule ------------------------------------------------


def rule_cases() -> Iterator[Case]:
    """Vectors written for the rules of docs/rules.md, rule by rule."""
    s1 = [row(1, 1, "2024-03-01"), row(1, 2, "2024-03-08"), row(1, 3, "2024-03-15")]

    # -- the input document
    yield Case(
        "the-input-document/null-catalog-and-missing-keys",
        "a null catalog is an empty catalog; an explicit entry still reports its episode",
        doc([entry(1, 1, t("03-01"))], None, now=t("04-01")) | {"episodes": None},
        ("the-input-document", "reported-episodes"),
    )
    yield Case(
        "the-input-document/empty-history",
        "an empty history with a catalog: every episode is reported, nothing decides",
        doc([], s1, now=t("04-01")),
        ("the-input-document", "nothing-decides"),
    )
    yield Case(
        "the-input-document/null-fields-are-missing",
        "null updatedAt, progress, episode and imported are the same as missing",
        doc(
            [
                entry(1, media="TV_TMDBID1") | {"episode": None, "updatedAt": None},
                entry(1, 2, t("03-20"), imported=None) | {"progress": None},
            ],
            s1,
            now=t("03-10"),
        ),
        ("the-input-document", "updatedat", "progress", "imported"),
    )
    yield Case(
        "the-input-document/integral-floats",
        "2.0 is the integer 2 for season and episode, in history and catalog alike",
        doc(
            [entry(1.0, 2.0, t("03-20"), 50)],  # type: ignore[arg-type]
            [row(1.0, 2.0, "2024-03-08")],  # type: ignore[arg-type]
            now=t("04-01"),
        ),
        ("the-input-document", "season-and-episode", "limits"),
    )
    yield Case(
        "the-input-document/asof-without-now",
        "with asOf and no now, now is asOf: it decides what has aired",
        doc([entry(1, 1, t("03-05"), 40)], s1, now=None, asOf=t("03-08")),
        ("the-input-document", "now-and-asof", "aired"),
    )

    # -- media ids
    yield Case(
        "media-ids/forms-and-leading-zeros",
        "TV_1, TV_TMDBID1 and TV_TMDBID001 name one show; the output uses the long form",
        doc(
            [
                entry(1, 1, t("03-02"), 100, media="TV_1"),
                entry(1, 1, t("03-03"), 90, media="TV_TMDBID001"),
                entry(1, 1, t("03-04"), 20, media="TV_TMDBID1"),
            ],
            [row(1, 1, "2024-03-01", "TV_01")],
            now=t("04-01"),
        ),
        ("media-ids",),
    )
    yield Case(
        "media-ids/zero",
        "TV_0 and MV_0 normalise to TV_TMDBID0 and MV_TMDBID0",
        doc([entry(1, 1, t("03-02"), media="TV_00"), movie(t("03-02"), 50, "MV_000")]),
        ("media-ids",),
    )
    yield Case(
        "media-ids/media-id-before-id",
        "when an entry has both mediaId and id, mediaId is the id and id is not read",
        doc([entry(1, 1, t("03-02"), media="TV_5") | {"id": "MV_9", "mediaType": "tv"}]),
        ("media-ids", "history-shapes", "limits"),
    )
    yield Case(
        "media-ids/movie-and-show-same-number",
        "TV_550 and MV_550 are different items",
        doc([entry(1, 1, t("03-02"), media="TV_550"), movie(t("03-02"), media="MV_550")]),
        ("media-ids", "movies"),
    )
    yield Case(
        "media-ids/longest-id",
        "a media id of 4000 significant digits is valid and goes out in full",
        doc([movie(t("03-02"), 50, "MV_000" + "7" * 4000)]),
        ("media-ids", "limits"),
    )

    # -- history shapes
    yield Case(
        "history-shapes/list-endpoint-items",
        "the list endpoint's shape: id + mediaType, short ids and bare digits, mixed with mediaId",
        doc(
            [
                {
                    "id": "TV_7",
                    "mediaType": "tv",
                    "season": 1,
                    "episode": 1,
                    "updatedAt": t("03-02"),
                    "createdAt": t("03-02"),
                    "title": "Pilot",
                },
                {"id": "7", "mediaType": "tv", "season": 1, "updatedAt": t("03-20")},
                {"id": "551", "mediaType": "movie", "progress": 30, "updatedAt": t("03-21")},
                {"id": "MV_TMDBID551", "progress": 95, "updatedAt": t("03-22")},
                {
                    "mediaId": "TV_7",
                    "mediaType": "tv",
                    "season": 1,
                    "episode": 3,
                    "progress": 0,
                    "updatedAt": t("03-23"),
                },
                {
                    "mediaId": None,
                    "id": "TV_7",
                    "mediaType": None,
                    "season": 2,
                    "episode": 1,
                    "progress": 55,
                    "updatedAt": t("03-24"),
                },
            ],
            [row(1, n, f"2024-03-0{n}", "TV_7") for n in (1, 2, 3)],
            now=t("04-01"),
        ),
        ("history-shapes", "media-ids"),
    )

    # -- updatedAt, progress, imported
    yield Case(
        "updatedat/missing-takes-now",
        "an entry without updatedAt takes now: a season default then covers what aired before now",
        doc([entry(1)], s1, now="2024-03-08T00:00:00.001Z"),
        ("updatedat", "season-defaults"),
    )
    yield Case(
        "updatedat/missing-takes-now-exactly",
        "an entry without updatedAt takes now exactly: an episode airing at now is not covered",
        doc([entry(1)], s1, now="2024-03-08T00:00:00.000Z"),
        ("updatedat", "season-defaults"),
    )
    yield Case(
        "progress/bounds-and-fractions",
        "progress 0, 45.5, 100 and missing (100); 45.50 and 45.5 are equal",
        doc(
            [
                entry(1, 1, t("03-02"), 0),
                entry(1, 2, t("03-09"), 45.5),
                entry(1, 3, t("03-16"), 100),
                entry(1, 4, t("03-23")),
                movie(t("03-02"), 45.50),
            ],
            now=t("04-01"),
        ),
        ("progress", "completion-and-plays"),
    )
    yield Case(
        "imported/carried-not-interpreted",
        "imported changes nothing when the entries differ in updatedAt or progress",
        doc(
            [
                entry(1, 1, t("03-02"), 100, imported="trakt"),
                entry(1, 1, t("03-03"), 30),
                entry(1, 2, t("03-10"), 60, imported="tvtime"),
                entry(1, 2, t("03-10"), 70),
            ],
            now=t("04-01"),
        ),
        ("imported", "the-latest-entry"),
    )
    yield Case(
        "imported/empty-is-not-imported",
        'imported "" and a missing imported are the same: a full tie, the first decides',
        doc([entry(1, 1, t("03-10"), 50, imported=""), entry(1, 1, t("03-10"), 50)]),
        ("imported", "the-latest-entry"),
    )

    # -- catalog rows
    yield Case(
        "catalog-rows/specials-and-unknown-air-dates",
        "season 0 holds specials; airDate null or missing is unknown; extra keys are ignored",
        doc(
            [entry(1, at=t("04-01")), entry(1, 3, t("04-02"))],
            [
                row(0, 1, "2024-02-20", name="Special", overview="x"),
                row(1, 1, "2024-03-01", title="Pilot", runtime=58),
                row(1, 2, None),
                {"mediaId": "TV_1", "season": 1, "episode": 3},
            ],
            now=t("04-02"),
        ),
        ("catalog-rows", "season-summaries"),
    )
    yield Case(
        "catalog-rows/agreeing-duplicates",
        "rows for one episode with the same airDate text (any id form) are one episode",
        doc(
            [entry(1, at=t("03-05"))],
            [row(1, 1, "2024-03-01"), row(1, 1, "2024-03-01", "TV_01"), row(1, 1, "2024-03-01")],
            now=t("04-01"),
        ),
        ("catalog-rows", "catalog-conflicts"),
    )
    yield Case(
        "catalog-conflicts/same-instant-different-text",
        'airDates compare as text: "2024-01-01" and "2024-01-01T00:00:00Z" conflict',
        doc(
            [],
            [row(1, 1, "2024-01-01"), row(1, 1, "2024-01-01T00:00:00Z")],
            now=t("04-01"),
        ),
        ("catalog-conflicts", "limits"),
    )
    yield Case(
        "catalog-conflicts/skip-leaves-the-episode-out",
        "in skip mode both conflicting rows are left out and reported; the episode is not reported",
        doc(
            [entry(1, at=t("03-20"))],
            [row(1, 1, "2024-03-01"), row(1, 1, None), row(1, 2, "2024-03-08")],
            now=t("04-01"),
            onInvalid="skip",
        ),
        ("catalog-conflicts", "oninvalid"),
    )

    # -- near misses and the keys Discovr and TMDB send
    near_misses: list[tuple[str, str, JSON]] = [
        ("progess", "history", {"progess": 10}),
        ("updated-at", "history", {"updated_at": t("03-02")}),
        ("updatedat-case", "history", {"UpdatedAt": t("03-02")}),
        ("media-id", "history", {"media_id": "TV_2"}),
        ("sesaon", "history", {"sesaon": 2}),
        ("epsiode", "history", {"epsiode": 2}),
        ("improted", "history", {"improted": "trakt"}),
        ("trailing-space", "history", {"progress ": 10}),
        ("upper-id", "history", {"ID": "TV_2"}),
        ("air-date", "catalog", {"air_date": "2024-03-08"}),
        ("airdate", "catalog", {"airdate": "2024-03-08"}),
        ("AirDate", "catalog", {"AirDate": "2024-03-08"}),
        ("SEASON", "catalog", {"SEASON": 1}),
    ]
    for name, where, extra in near_misses:
        history = [entry(1, 1, t("03-02"), **(extra if where == "history" else {}))]
        catalog = [row(1, 1, "2024-03-01", **(extra if where == "catalog" else {}))]
        (key,) = extra
        yield Case(
            f"near-misses/{name}",
            f"{key!r} in a {'history entry' if where == 'history' else 'catalog row'} is a near "
            "miss of a key read there: invalid, never ignored",
            doc(history, catalog),
            ("near-misses",),
        )
    yield Case(
        "near-misses/skip-leaves-the-item-out",
        "with onInvalid skip an entry with a near miss is left out and reported",
        doc(
            [entry(1, 1, t("03-02"), progess=10), entry(1, 2, t("03-09"), 30)],
            s1,
            onInvalid="skip",
        ),
        ("near-misses", "oninvalid"),
    )
    yield Case(
        "near-misses/other-objects-keys",
        "airDate in a history entry and progress in a catalog row resemble nothing read there",
        doc(
            [entry(1, 1, t("03-02"), airDate="2024-03-01", Title="x")],
            [row(1, 1, "2024-03-01", progress=10, watched=True)],
        ),
        ("near-misses", "keys-discovr-and-tmdb-send"),
    )
    sent: JSON = {
        "id": "TV_1",
        "mediaType": "tv",
        "createdAt": "2024-03-02",
        "title": "Pilot",
        "name": "Pilot",
        "poster_path": "/p.jpg",
        "still_path": None,
        "completed": False,
        "watched_count": 3,
        "overview": "x",
        "runtime": 58,
        "vote_average": 8.2,
        "vote_count": 1200,
        "episode_type": "standard",
        "production_code": "",
        "show_id": 1,
        "crew": [],
        "guest_stars": [],
        "episode_number": 1,
        "season_number": 1,
    }
    yield Case(
        "keys-discovr-and-tmdb-send/all-ignored",
        "every key Discovr and TMDB send is ignored in an entry and in a catalog row",
        doc(
            [entry(1, 1, t("03-02"), 40) | sent],
            [row(1, 1, "2024-03-01") | {k: v for k, v in sent.items() if k != "mediaType"}],
        ),
        ("keys-discovr-and-tmdb-send", "near-misses"),
    )

    # -- options
    yield Case(
        "options/all-null",
        "null options take their defaults (threshold 80, zone UTC, reject)",
        doc(
            [entry(1, 1, t("03-02"), 80), entry(1, 2, t("03-09"), 79.99)],
            s1,
            completionThreshold=None,
            airDateZone=None,
            onInvalid=None,
            asOf=None,
        ),
        ("options", "completion-threshold"),
    )
    yield Case(
        "completion-threshold/custom",
        "with completionThreshold 45.5, progress 45.5 completes and 45.4 does not",
        doc(
            [entry(1, 1, t("03-02"), 45.5), entry(1, 2, t("03-09"), 45.4), movie(t("03-09"), 100)],
            s1,
            completionThreshold=45.5,
        ),
        ("completion-threshold", "completion-and-plays"),
    )
    yield Case(
        "completion-threshold/hundred",
        "with completionThreshold 100 only a full watch completes",
        doc([entry(1, 1, t("03-02"), 99.99), entry(1, 2, t("03-09"))], s1, completionThreshold=100),
        ("completion-threshold",),
    )
    yield Case(
        "completion-threshold/tiny",
        "with a tiny threshold any progress above it completes; progress 0 never does",
        doc(
            [entry(1, 1, t("03-02"), 0.01), entry(1, 2, t("03-09"), 0)],
            s1,
            completionThreshold=0.01,
        ),
        ("completion-threshold", "continue-watching"),
    )
    yield Case(
        "now-and-asof/now-before-entries",
        "nothing ties now to the entries: an entry written after now still decides",
        doc([entry(1, 1, t("05-02"), 40), entry(1, at=t("05-01"))], s1, now=t("03-05")),
        ("now-and-asof", "aired"),
    )
    yield Case(
        "now-and-asof/asof-before-now",
        "asOf earlier than now: later entries are left out, aired is measured at now",
        doc(
            [entry(1, 1, t("03-02")), entry(1, 1, t("03-20"), 20), entry(1, at=t("03-25"))],
            s1,
            now=t("04-01"),
            asOf=t("03-10"),
        ),
        ("now-and-asof", "aired"),
    )
    yield Case(
        "now-and-asof/asof-leaves-out-entry-without-updatedat",
        "an entry without updatedAt takes now; asOf earlier than now leaves it out",
        doc([entry(1, 1)], s1, now=t("04-01"), asOf=t("03-15")),
        ("now-and-asof", "updatedat"),
    )
    yield Case(
        "now-and-asof/asof-reports-nothing-left-out",
        "an entry left out by asOf reports no episode, no movie and no warning",
        doc(
            [entry(2, 9, t("05-01")), movie(t("05-01")), entry(3, at=t("05-01"))],
            s1,
            now=t("06-01"),
            asOf=t("04-30"),
        ),
        ("now-and-asof", "reported-episodes", "uncovered-season-defaults"),
    )

    # -- air date zone
    yield Case(
        "air-date-zone/new-york",
        "a date-only air date starts at midnight in America/New_York (05:00Z in winter)",
        doc(
            [entry(1, at="2024-01-10T04:59:59.999Z"), entry(2, at="2024-01-10T05:00:00.001Z")],
            [row(1, 1, "2024-01-10"), row(2, 1, "2024-01-10")],
            now=t("04-01"),
            airDateZone="America/New_York",
        ),
        ("air-date-zone", "date-only-air-dates"),
    )
    yield Case(
        "air-date-zone/etc-utc",
        "Etc/UTC is UTC",
        doc([entry(1, at="2024-03-08T00:00:00.001Z")], s1, now=t("04-01"), airDateZone="Etc/UTC"),
        ("air-date-zone",),
    )
    yield Case(
        "air-date-zone/timestamp-air-dates-ignore-the-zone",
        "an airDate written as a timestamp does not depend on airDateZone",
        doc(
            [entry(1, at="2024-03-22T06:00:00.001Z")],
            [row(1, 1, "2024-03-22T01:00:00-05:00"), row(1, 2, "2024-03-22")],
            now=t("04-01"),
            airDateZone="Pacific/Auckland",
        ),
        ("air-date-zone", "date-only-air-dates"),
    )

    # -- onInvalid
    yield Case(
        "oninvalid/skip-keeps-positions",
        "skip mode: invalid entries are left out, decidedBy and paths count them",
        doc(
            [
                entry(1, 1, progress=120),
                entry(1, 2, t("03-10")),
                "garbage",
                movie(t("03-10"), 45.5),
                entry(at="2024-03-11", media="MV_551"),
                entry(1, 3, t("03-20"), 50),
                entry(5, at=t("03-20")),
            ],
            [*s1, row(1, 4, "2024-03-22"), {"mediaId": "MV_550", "season": 1, "episode": 1}],
            now=t("04-01"),
            onInvalid="skip",
        ),
        ("oninvalid", "diagnostics", "uncovered-season-defaults"),
    )
    yield Case(
        "oninvalid/skip-everything-invalid",
        "skip mode with every item invalid: an empty result and the errors",
        doc([1, 2], [None], onInvalid="skip"),
        ("oninvalid", "diagnostics"),
    )
    yield Case(
        "oninvalid/skip-cannot-skip-options",
        "skip mode still fails on a problem of the options",
        doc([5], onInvalid="skip", limit=3),
        ("oninvalid", "options"),
    )
    yield Case(
        "oninvalid/skip-cannot-skip-the-document",
        "skip mode still fails on a problem of the document",
        doc([5], onInvalid="skip") | {"episode": []},
        ("oninvalid", "the-input-document"),
    )
    yield Case(
        "oninvalid/reject-names-every-problem",
        "reject mode fails on any invalid item and names every problem",
        doc([entry(0, progress=120, at="2024-03-01"), movie(t("03-02")), "x", entry(1, 0)]),
        ("oninvalid", "errors"),
    )

    # -- instants
    yield Case(
        "instants/spellings",
        "accepted timestamp spellings: t, z, a space, a comma, no seconds, +HHMM, +HH",
        doc(
            [
                entry(1, 1, "2024-03-02t20:00:00z", 10),
                entry(1, 2, "2024-03-09 20:00:00+00:00", 20),
                entry(1, 3, "2024-03-16T20:00:00,5Z", 30),
                entry(1, 4, "2024-03-23T20:00Z", 40),
                entry(2, 1, "2024-03-24T01:30:00+0530", 50),
                entry(2, 2, "2024-03-24T01:30:00-03", 60),
                entry(2, 3, "2024-03-24T01:30:00.123456789+05:30", 70),
            ],
            now="2024-04-01 00:00z",
        ),
        ("instants", "timestamps-out"),
    )
    yield Case(
        "instants/nanoseconds-around-air",
        "season defaults 1 ns before and 1 ns after an air instant: only the later covers it",
        doc(
            [
                entry(1, at="2024-03-07T23:59:59.999999999Z"),
                entry(2, at="2024-03-08T00:00:00.000000001Z"),
            ],
            [row(1, 1, "2024-03-08"), row(2, 1, "2024-03-08")],
            now=t("04-01"),
        ),
        ("instants", "season-defaults"),
    )
    yield Case(
        "instants/offsets-one-instant",
        "one instant in three offsets: the higher progress wins the tie on updatedAt",
        doc(
            [
                entry(1, 1, "2024-03-10T21:00:00+01:00", 40),
                entry(1, 1, "2024-03-10T20:00:00Z", 90),
                entry(1, 1, "2024-03-10T17:00:00-03:00", 60),
            ]
        ),
        ("instants", "the-latest-entry"),
    )
    yield Case(
        "instants/longest-fraction",
        "a fraction of 4000 digits takes part in comparisons: its last digit makes it later",
        doc(
            [
                entry(1, 1, "2024-03-10T20:00:00." + "0" * 3999 + "1Z", 30),
                entry(1, 1, "2024-03-10T20:00:00Z", 90),
            ]
        ),
        ("instants", "limits"),
    )
    yield Case(
        "instants/year-edges",
        "offsets carry instants across year 0001 and 9999; the output writes toISOString's years",
        doc(
            [
                movie("0001-01-01T00:00+23:59", 100, "MV_1"),
                movie("9999-12-31T23:59:59.999-23:59", 50, "MV_2"),
            ],
            now="9999-12-31T23:59:59.999-23:59",
        ),
        ("timestamps-out", "limits"),
    )
    yield Case(
        "timestamps-out/truncated-not-rounded",
        "digits past the millisecond are cut on output, not rounded",
        doc(
            [
                movie("2023-01-18T21:00:00.123999999Z", 30),
                entry(1, 1, "1969-12-31T23:59:59.9999Z", 20),
            ]
        ),
        ("timestamps-out",),
    )

    # -- the latest entry
    yield Case(
        "the-latest-entry/imported-code-points",
        'imported compares by code point: "trakt" beats "Trakt", U+1F600 beats U+FFFD '
        "(JavaScript's < on UTF-16 says the opposite)",
        doc(
            [
                entry(1, 1, t("03-10"), 50, imported="Trakt"),
                entry(1, 1, t("03-10"), 50, imported="trakt"),
                entry(1, 2, t("03-10"), 50, imported="\U0001f600"),
                entry(1, 2, t("03-10"), 50, imported="\ufffd"),
            ]
        ),
        ("the-latest-entry", "imported", "limits"),
    )
    yield Case(
        "the-latest-entry/newest-first-order",
        "the API's order (newest first) and the reverse give the same states",
        doc(
            [
                entry(1, 1, t("03-20"), 35),
                entry(1, at=t("03-18")),
                entry(1, 1, t("03-10"), 100),
                movie(t("03-09"), 60),
                movie(t("03-01"), 100),
            ],
            s1,
        ),
        ("the-latest-entry", "completion-and-plays"),
    )

    # -- explicit entries, season defaults, nothing
    yield Case(
        "explicit-entries/unmark-survives-newer-default",
        "an explicit progress 0 is not undone by a newer season default",
        doc([entry(1, 2, t("03-20"), 0), entry(1, at=t("03-25"))], s1),
        ("explicit-entries", "season-defaults"),
    )
    yield Case(
        "explicit-entries/explicit-for-unaired-episode",
        "an explicit entry decides its episode even before it airs",
        doc([entry(1, 3, t("03-10"))], s1, now=t("03-12")),
        ("explicit-entries", "aired", "last-episode"),
    )
    yield Case(
        "season-defaults/other-season-untouched",
        "a season default covers only its own season and show",
        doc(
            [entry(1, at=t("04-01")), entry(2, at=t("04-01"), media="TV_2")],
            [*s1, row(2, 1, "2024-03-01"), row(1, 1, "2024-03-01", "TV_2")],
        ),
        ("season-defaults", "uncovered-season-defaults"),
    )
    yield Case(
        "season-defaults/low-progress-default",
        "a season default with progress 10 decides its episodes at 10: in progress, not completed",
        doc([entry(1, at=t("03-10"), progress=10)], s1),
        ("season-defaults", "continue-watching"),
    )
    yield Case(
        "nothing-decides/movie-free-catalog",
        "with no entry for a show every catalog episode is 0, none",
        doc([movie(t("03-02"))], s1),
        ("nothing-decides", "movies"),
    )
    yield Case(
        "movies/rewatch",
        "a movie: the latest entry decides; plays counts completing entries",
        doc(
            [
                movie(t("01-01"), 100),
                movie(t("02-01"), 85),
                movie(t("03-01"), 30),
                movie(t("03-01"), 99, "MV_TMDBID551"),
            ]
        ),
        ("movies", "completion-and-plays", "continue-watching"),
    )
    yield Case(
        "reported-episodes/explicit-outside-catalog",
        "explicit entries report episodes the catalog lacks, with airDate null",
        doc(
            [entry(1, 9, t("03-02"), 50), entry(3, 1, t("03-02")), entry(2, at=t("03-02"))],
            s1,
        ),
        ("reported-episodes", "uncovered-season-defaults"),
    )
    yield Case(
        "uncovered-season-defaults/catalog-season-without-aired-episodes",
        "a default for a season with catalog episodes none of which aired before it: no warning",
        doc([entry(1, at=t("02-01")), entry(4, at=t("02-01"))], s1),
        ("uncovered-season-defaults", "season-defaults"),
    )

    # -- output
    yield Case(
        "sort-order/ids-as-text",
        "mediaId sorts as text (TV_TMDBID100 before TV_TMDBID11); numbers as numbers",
        doc(
            [
                entry(10, 2, t("03-02"), media="TV_11"),
                entry(2, 10, t("03-02"), media="TV_11"),
                entry(2, 9, t("03-02"), media="TV_11"),
                entry(1, 1, t("03-02"), media="TV_100"),
                movie(t("03-02"), 50, "MV_11"),
                movie(t("03-02"), 50, "MV_100"),
            ],
            [row(0, 1, "2024-01-01", "TV_11"), row(1, 1, "2024-01-01", "TV_9")],
        ),
        ("sort-order",),
    )
    yield Case(
        "the-output-document/everything-empty",
        "an empty history and catalog: every output key is present and empty",
        doc([]),
        ("the-output-document",),
    )

    # -- summaries
    yield Case(
        "season-summaries/percent-rounds-half-even",
        "percent is Python's round(100 * completed / aired, 2): 1 of 32 is 3.12, 3 of 32 9.38",
        doc(
            [entry(1, 1, t("03-02"))] + [entry(2, n, t("03-02")) for n in (1, 2, 3)],
            weekly("TV_TMDBID1", 1, "2023-01-01", 32) + weekly("TV_TMDBID1", 2, "2023-01-01", 32),
            now=t("03-03"),
        ),
        ("season-summaries", "show-summaries", "limits"),
    )
    yield Case(
        "season-summaries/thirds",
        "percent rounds to two decimals: 2 of 3 is 66.67, 1 of 3 is 33.33, the show 50.0",
        doc(
            [entry(1, 1, t("03-02")), entry(1, 2, t("03-02")), entry(2, 1, t("03-02"))],
            weekly("TV_TMDBID1", 1, "2023-01-01", 3) + weekly("TV_TMDBID1", 2, "2023-06-01", 3),
        ),
        ("season-summaries", "show-summaries"),
    )
    yield Case(
        "show-summaries/specials-only",
        "a show whose only reported episodes are specials: aired 0, percent 0, no pointers",
        doc([], [row(0, 1, "2023-01-01"), row(0, 2, "2023-01-08")]),
        ("show-summaries",),
    )
    yield Case(
        "last-episode/furthest-not-latest",
        "lastEpisode is the furthest completed episode, even when an earlier one was watched later",
        doc(
            [entry(1, 3, t("03-20")), entry(1, 1, t("03-25")), entry(2, 1, t("03-26"), 50)],
            s1 + weekly("TV_TMDBID1", 2, "2024-03-22", 2),
        ),
        ("last-episode", "next-episode"),
    )
    yield Case(
        "next-episode/crosses-seasons",
        "nextEpisode after the last episode of a season is the first of the next season",
        doc([entry(1, at=t("03-20"))], [*s1, row(2, 1, "2024-06-01"), row(0, 1, "2024-01-01")]),
        ("next-episode",),
    )
    yield Case(
        "next-episode/none-completed-skips-specials",
        "with nothing completed nextEpisode is the first not-completed episode of season >= 1",
        doc([entry(1, 1, t("03-02"), 50)], [row(0, 1, "2024-01-01"), *s1]),
        ("next-episode", "last-episode"),
    )
    yield Case(
        "continue-watching/order-and-ties",
        "inProgress: newest deciding updatedAt first; ties by mediaId, season, episode",
        doc(
            [
                entry(1, 2, t("03-10"), 50, media="TV_11"),
                entry(1, 1, t("03-10"), 50, media="TV_11"),
                entry(1, 1, t("03-10"), 50, media="TV_100"),
                movie(t("03-10"), 10, "MV_100"),
                movie(t("03-12"), 60),
                entry(2, 1, t("03-09"), 79.99, media="TV_11"),
                entry(2, 2, t("03-11"), 0, media="TV_11"),
                entry(2, 3, t("03-11"), 80, media="TV_11"),
            ]
        ),
        ("continue-watching",),
    )
    yield Case(
        "continue-watching/default-decided",
        "an episode decided by a season default with low progress is in progress, at its updatedAt",
        doc([entry(1, at=t("03-10"), progress=30), entry(1, 1, t("03-11"), 100)], s1),
        ("continue-watching", "season-defaults"),
    )
    yield Case(
        "aired/now-equals-air",
        "an episode whose air instant is now has not aired",
        doc([entry(1, 1, t("03-02"))], s1, now="2024-03-08T00:00:00.000Z"),
        ("aired", "season-summaries"),
    )

    # -- limits
    yield Case(
        "limits/largest-season-and-episode",
        "season and episode 9007199254740991 (2**53 - 1) are valid and go out exactly",
        doc([entry(9007199254740991, 9007199254740991, t("03-02"))]),
        ("limits", "season-and-episode"),
    )
    yield Case(
        "limits/season-above-2-53",
        "a season of 9007199254740992 (2**53) is invalid",
        doc([entry(9007199254740992, 1, t("03-02"))]),
        ("limits", "season-and-episode"),
    )
    yield Case(
        "limits/id-of-4001-digits",
        "a media id of more than 4000 significant digits is invalid",
        doc([movie(t("03-02"), 50, "MV_" + "7" * 4001)]),
        ("limits", "media-ids"),
    )
    yield Case(
        "limits/fraction-of-4001-digits",
        "a timestamp fraction of more than 4000 digits (trailing zeros not counted) is invalid",
        doc([movie("2024-03-02T00:00:00." + "1" * 4001 + "Z", 50)]),
        ("limits", "instants"),
    )
    yield Case(
        "limits/fraction-trailing-zeros",
        "trailing zeros of a fraction do not count toward the 4000 digits",
        doc([movie("2024-03-02T00:00:00.1" + "0" * 4100 + "Z", 50)]),
        ("limits", "instants"),
    )
    yield Case(
        "limits/localtime-refused",
        "localtime names the machine's setting, not a zone: invalid",
        doc([], airDateZone="localtime"),
        ("limits", "air-date-zone"),
    )
    yield Case(
        "limits/leap-second-and-24",
        "a leap second, 24:00 and year 0000 are not timestamps",
        doc(
            [
                movie("2016-12-31T23:59:60Z", 10, "MV_1"),
                movie("2024-03-02T24:00:00Z", 10, "MV_2"),
                movie("0000-03-02T00:00:00Z", 10, "MV_3"),
                movie("2024-03-02T00:00:00+24:00", 10, "MV_4"),
            ]
        ),
        ("limits", "instants"),
    )


# --- docs/rules.md: the worked examples, as data ------------------------------------------------

EPISODE_COLUMNS = ("progress", "completed", "basis", "decidedBy", "plays", "lastWatchedAt")


def episode_row(label: str, quote: str, columns: tuple[str | None, ...] | None = None) -> Shown:
    """A table row of the rules document about the episode ``label`` (``S1E2``)."""
    return Shown(quote, label, columns or (None, *EPISODE_COLUMNS))


def said(quote: str, where: str, **fields: Any) -> Shown:
    """Words of the rules document stating ``fields`` of one part of the output."""
    return Shown(quote, where, fields=fields)


def example_cases() -> Iterator[Case]:
    """The worked examples of docs/rules.md, with what the document shows of each result."""
    src = "docs/rules.md#"

    # History shapes
    shapes = [
        entry(1, 1, t("05-01"), media="TV_TMDBID1396"),
        entry(1, 1, t("05-02"), media="TV_1396"),
        {"id": "TV_1396", "mediaType": "tv", "season": 1, "episode": 1, "updatedAt": t("05-03")},
        {"id": "1396", "mediaType": "tv", "season": 1, "episode": 1, "updatedAt": t("05-04")},
        {"id": "MV_550", "mediaType": "movie", "updatedAt": t("05-05")},
        {"mediaId": "MV_TMDBID550", "updatedAt": t("05-06")},
        entry(1, 1, t("05-07"), 10, media="TV_TMDBID01396"),
    ]
    yield Case(
        "examples/history-shapes/one-episode-many-shapes",
        "entries in every shape and id form speak about one episode and one movie",
        doc(shapes, now="2024-06-01T00:00:00Z"),
        ("history-shapes", "media-ids"),
        src + "history-shapes",
        (
            said(
                "Result: `progress 10`, `decidedBy 6`, `plays 4`, "
                "`lastWatchedAt 2024-05-04T00:00:00.000Z`.",
                "S1E1",
                progress=10,
                decidedBy=6,
                plays=4,
                lastWatchedAt="2024-05-04T00:00:00.000Z",
            ),
            said(
                "are one movie, `MV_TMDBID550`: `decidedBy 5`, `plays 2`.",
                "movie:MV_TMDBID550",
                decidedBy=5,
                plays=2,
            ),
        ),
        show="TV_TMDBID1396",
    )
    yield Case(
        "examples/history-shapes/contradiction",
        "a mediaType that contradicts the id is invalid, reported at mediaType",
        doc([{"id": "TV_1396", "mediaType": "movie", "season": 1, "updatedAt": t("05-01")}]),
        ("history-shapes",),
        src + "history-shapes",
        (
            said(
                'gives\n`history[0].mediaType: "movie" contradicts id "TV_1396"`',
                "problems",
                paths=["history[0].mediaType"],
            ),
        ),
    )

    # Catalog conflicts
    yield Case(
        "examples/catalog-conflicts/two-air-dates",
        "two rows for one episode with different airDates: both are invalid",
        doc(
            [],
            [row(1, 1, "2008-01-20", "TV_TMDBID1396"), row(1, 1, "2008-01-21", "TV_TMDBID1396")],
        ),
        ("catalog-conflicts",),
        src + "catalog-conflicts",
        (
            said(
                'episodes[0].airDate: "2008-01-20" contradicts "2008-01-21" at episodes[1] '
                "for TV_TMDBID1396 season 1 episode 1",
                "problems",
                paths=["episodes[0].airDate", "episodes[1].airDate"],
            ),
        ),
    )

    # Near misses
    yield Case(
        "examples/near-misses/progess",
        "the near miss the rules document quotes: progess in a history entry",
        doc(
            [
                {
                    "mediaId": "TV_1396",
                    "season": 1,
                    "episode": 1,
                    "progess": 10,
                    "updatedAt": "2024-05-01T00:00:00Z",
                }
            ]
        ),
        ("near-misses",),
        src + "near-misses",
        (
            said(
                'history[0].progess: unknown key; did you mean "progress"?',
                "problems",
                paths=["history[0].progess"],
            ),
        ),
    )
    yield Case(
        "examples/near-misses/air-date-and-trailing-space",
        "air_date in catalog row 4 and 'progress ' in history entry 2 are near misses",
        doc(
            [
                entry(1, 1, t("03-02")),
                entry(1, 2, t("03-09")),
                entry(1, 3, t("03-16")) | {"progress ": 50},
            ],
            [row(1, n, f"2024-03-0{n}") for n in (1, 2, 3, 4)]
            + [{"mediaId": "TV_1", "season": 1, "episode": 5, "air_date": "2024-03-29"}],
        ),
        ("near-misses",),
        src + "near-misses",
        (
            said(
                'episodes[4].air_date: unknown key; did you mean "airDate"?',
                "problems",
                paths=["episodes[4].air_date", 'history[2]["progress "]'],
            ),
            said('history[2]["progress "]: unknown key; did you mean "progress"?', "problems"),
        ),
    )

    # now and asOf
    rewatch = [
        entry(1, 1, "2024-03-02T21:00:00Z", 100),
        entry(1, 1, "2024-04-10T21:00:00Z", 85),
        entry(1, 1, "2024-05-20T21:00:00Z", 30),
    ]
    e1 = [row(1, 1, "2024-03-01")]
    for number, (as_of, quote) in enumerate(
        [
            (
                "2024-04-15T00:00:00.000Z",
                "| 2024-04-15T00:00:00.000Z | 85 | true | explicit | "
                "1 | 2 | 2024-04-10T21:00:00.000Z |",
            ),
            (
                "2024-03-31T00:00:00.000Z",
                "| 2024-03-31T00:00:00.000Z | 100 | true | explicit | "
                "0 | 1 | 2024-03-02T21:00:00.000Z |",
            ),
            (
                "2024-03-02T21:00:00.000Z",
                "| 2024-03-02T21:00:00.000Z | 100 | true | explicit | "
                "0 | 1 | 2024-03-02T21:00:00.000Z |",
            ),
            (
                "2024-03-02T20:59:59.999Z",
                "| 2024-03-02T20:59:59.999Z | 0 | false | none | null | 0 | null |",
            ),
        ],
        start=1,
    ):
        yield Case(
            f"examples/now-and-asof/rewatch-{number:03d}",
            f"the rewatch history with asOf {as_of} alone",
            doc(rewatch, e1, now=None, asOf=as_of),
            ("now-and-asof",),
            src + "now-and-asof",
            (
                Shown(
                    quote,
                    "S1E1",
                    (None, "progress", "completed", "basis", "decidedBy", "plays", "lastWatchedAt"),
                ),
            ),
        )
    yield Case(
        "examples/now-and-asof/no-updatedat-asof-alone",
        "an entry without updatedAt, asOf alone: it takes asOf and is kept",
        doc([entry(1, 1)], e1, now=None, asOf="2024-03-15T00:00:00Z"),
        ("now-and-asof", "updatedat"),
        src + "now-and-asof",
        (
            said(
                "it is kept\n(`100`, `explicit`, `lastWatchedAt 2024-03-15T00:00:00.000Z`)",
                "S1E1",
                progress=100,
                basis="explicit",
                lastWatchedAt="2024-03-15T00:00:00.000Z",
            ),
        ),
    )
    yield Case(
        "examples/now-and-asof/no-updatedat-now-later",
        "an entry without updatedAt, now later than asOf: asOf leaves it out",
        doc([entry(1, 1)], e1, now="2024-04-01T00:00:00Z", asOf="2024-03-15T00:00:00Z"),
        ("now-and-asof", "updatedat"),
        src + "now-and-asof",
        (
            said(
                "2024-04-01T00:00:00Z` as well, it is left out (`0`, `none`)",
                "S1E1",
                progress=0,
                basis="none",
            ),
        ),
    )

    # Errors, and onInvalid skip on the same document
    errors_doc = {
        "history": [
            {
                "mediaId": "TV_1396",
                "season": 1,
                "episode": 1,
                "progress": 120,
                "updatedAt": "2024-05-01T00:00:00Z",
            },
            {"id": "TV_1396", "mediaType": "movie", "updatedAt": "2024-05-01"},
            {"mediaId": "TV_1396", "season": 1, "episode": 2, "updatedAt": "2024-05-01T20:00:00"},
            {"mediaId": "TV_1396", "season": 1, "episode": 3, "updatedAt": "2024-05-01T20:00:00Z"},
        ],
        "episodes": [
            {"mediaId": "TV_1396", "season": 1, "episode": 1, "airDate": "2008-01-20"},
            {"mediaId": "TV_1396", "season": 1, "episode": 1, "airDate": "2008-01-21"},
        ],
        "options": {"now": "2024-06-01T00:00:00Z"},
    }
    yield Case(
        "examples/errors/document",
        "the invalid document of the rules document: six problems, all named",
        errors_doc,
        ("errors",),
        src + "errors",
    )
    yield Case(
        "examples/oninvalid/errors-document-skipped",
        "the same document with onInvalid skip: six error diagnostics, S1E3 resolved",
        errors_doc | {"options": {"now": "2024-06-01T00:00:00Z", "onInvalid": "skip"}},
        ("oninvalid", "diagnostics"),
        src + "oninvalid",
        (
            said(
                "S1E3 is\nreported (`progress 100`, `explicit`, `decidedBy 3`, `airDate` null",
                "S1E3",
                progress=100,
                basis="explicit",
                decidedBy=3,
                airDate=None,
            ),
        ),
        show="TV_TMDBID1396",
    )
    yield Case(
        "examples/errors/options",
        "problems of the document and its options, as the rules document lists them",
        {
            "history": [],
            "episode": [],
            "options": {
                "now": NOW,
                "threshold": 80,
                "asOf": "2024-05-01",
                "airDateZone": "Mars/Olympus",
            },
        },
        ("errors", "options"),
        src + "errors",
        (
            said(
                'options.airDateZone: "Mars/Olympus" is not an IANA time zone name',
                "problems",
                paths=["episode", "options.threshold", "options.asOf", "options.airDateZone"],
            ),
        ),
    )

    # Instants
    default_at = [row(1, 1, "2024-03-01")]
    yield Case(
        "examples/instants/one-nanosecond-after",
        "a season default one nanosecond after the air instant covers the episode",
        doc([entry(1, at="2024-03-01T00:00:00.000000001Z")], default_at, now=t("04-01")),
        ("instants", "season-defaults"),
        src + "instants",
        (
            said(
                "E1 covered: `100`, `seasonDefault`, `lastWatchedAt 2024-03-01T00:00:00.000Z`",
                "S1E1",
                progress=100,
                basis="seasonDefault",
                lastWatchedAt="2024-03-01T00:00:00.000Z",
            ),
        ),
    )
    yield Case(
        "examples/instants/twenty-two-digits",
        "a season default 10^-22 s after the air instant covers the episode",
        doc([entry(1, at="2024-03-01T00:00:00." + "0" * 21 + "1Z")], default_at, now=t("04-01")),
        ("instants", "season-defaults"),
        src + "instants",
        (
            said(
                "followed by 21 zeros and a `1`, then `Z` | also covered, same output",
                "S1E1",
                progress=100,
                basis="seasonDefault",
                lastWatchedAt="2024-03-01T00:00:00.000Z",
            ),
        ),
    )
    yield Case(
        "examples/instants/sub-millisecond-order",
        "100 at .0004 is later than 20 at .0003: the 100 entry decides",
        doc(
            [
                entry(1, 1, "2024-03-05T20:00:00.0004Z", 100),
                entry(1, 1, "2024-03-05T20:00:00.0003Z", 20),
            ],
            default_at,
            now=t("04-01"),
        ),
        ("instants", "the-latest-entry"),
        src + "instants",
        (
            said(
                "the 100 entry is later: `progress 100`, `completed true`, "
                "`lastWatchedAt 2024-03-05T20:00:00.000Z`",
                "S1E1",
                progress=100,
                completed=True,
                lastWatchedAt="2024-03-05T20:00:00.000Z",
            ),
        ),
    )
    yield Case(
        "examples/instants/sub-millisecond-asof",
        "asOf 0.1 microsecond before the entry leaves it out",
        doc(
            [entry(1, 1, "2024-03-05T20:00:00.0004Z", 100)],
            default_at,
            now=t("04-01"),
            asOf="2024-03-05T20:00:00.0003999Z",
        ),
        ("instants", "now-and-asof"),
        src + "instants",
        (
            said(
                "`asOf 2024-03-05T20:00:00.0003999Z` | entry left out: `0`, `none`",
                "S1E1",
                progress=0,
                basis="none",
            ),
        ),
    )

    # Date-only air dates: UTC as JavaScript reads it
    e1_2008 = [row(1, 1, "2008-01-20")]
    for number, (at, quote, progress, basis) in enumerate(
        [
            (
                "2008-01-20T00:00:00.000Z",
                "[0] S1 at 2008-01-20T00:00:00.000Z   → E1: 0, none",
                0,
                "none",
            ),
            (
                "2008-01-20T00:00:00.001Z",
                "[0] S1 at 2008-01-20T00:00:00.001Z   → E1: 100, seasonDefault",
                100,
                "seasonDefault",
            ),
        ],
        start=1,
    ):
        yield Case(
            f"examples/date-only-air-dates/utc-{number:03d}",
            f"a date-only air date is UTC midnight by default (entry at {at})",
            doc([entry(1, at=at)], e1_2008, now=t("04-01")),
            ("date-only-air-dates",),
            src + "date-only-air-dates",
            (said(quote, "S1E1", progress=progress, basis=basis),),
        )
    kolkata = [
        ("2008-01-19T18:30:00.000Z", "| `2008-01-19T18:30:00.000Z` | 0, none |", 0, "none"),
        (
            "2008-01-19T18:30:00.001Z",
            "| `2008-01-19T18:30:00.001Z` | 100, seasonDefault |",
            100,
            "seasonDefault",
        ),
        (
            "2008-01-20T00:00:00.000+05:30",
            "| `2008-01-20T00:00:00.000+05:30` | 0, none (same instant as the first row) |",
            0,
            "none",
        ),
        (
            "2008-01-20T00:00:00.001+05:30",
            "| `2008-01-20T00:00:00.001+05:30` | 100, seasonDefault; `lastWatchedAt` "
            "`2008-01-19T18:30:00.001Z` |",
            100,
            "seasonDefault",
        ),
    ]
    for number, (at, quote, progress, basis) in enumerate(kolkata, start=1):
        yield Case(
            f"examples/date-only-air-dates/kolkata-{number:03d}",
            f"2008-01-20 begins at 2008-01-19T18:30Z in Asia/Kolkata (entry at {at})",
            doc([entry(1, at=at)], e1_2008, now=t("04-01"), airDateZone="Asia/Kolkata"),
            ("date-only-air-dates", "air-date-zone"),
            src + "date-only-air-dates",
            (said(quote, "S1E1", progress=progress, basis=basis),),
        )
    for number, zone in enumerate(("Asia/Kolkata", "UTC"), start=1):
        covered = zone != "UTC"
        yield Case(
            f"examples/date-only-air-dates/kolkata-or-utc-{number:03d}",
            f"a season default at 2008-01-19T20:00Z, airDateZone {zone}",
            doc(
                [entry(1, at="2008-01-19T20:00:00.000Z")], e1_2008, now=t("04-01"), airDateZone=zone
            ),
            ("date-only-air-dates", "air-date-zone"),
            src + "date-only-air-dates",
            (
                said(
                    "The same entry at `2008-01-19T20:00:00.000Z` covers E1 in Kolkata but not in "
                    "UTC.",
                    "S1E1",
                    basis="seasonDefault" if covered else "none",
                ),
            ),
        )
    santiago = [
        (
            "2022-09-10",
            "2022-09-10T04:00:00.000Z",
            "| `2022-09-10` | `2022-09-10T04:00:00.000Z` (00:00 \u221204:00) | 0, none | 100, "
            "seasonDefault |",
        ),
        (
            "2022-09-11",
            "2022-09-11T04:00:00.000Z",
            "| `2022-09-11` | `2022-09-11T04:00:00.000Z` (01:00 \u221203:00) | 0, none | 100, "
            "seasonDefault |",
        ),
        (
            "2022-09-12",
            "2022-09-12T03:00:00.000Z",
            "| `2022-09-12` | `2022-09-12T03:00:00.000Z` (00:00 \u221203:00) | 0, none | 100, "
            "seasonDefault |",
        ),
    ]
    number = 0
    for air, begins, quote in santiago:
        later = begins.replace(".000Z", ".001Z")
        for at, basis in ((begins, "none"), (later, "seasonDefault")):
            number += 1
            yield Case(
                f"examples/date-only-air-dates/santiago-{number:03d}",
                f"America/Santiago: {air} begins at {begins}; a season default at {at}",
                doc(
                    [entry(1, at=at)],
                    [row(1, 1, air)],
                    now="2022-10-01T00:00:00Z",
                    airDateZone="America/Santiago",
                ),
                ("date-only-air-dates", "air-date-zone"),
                src + "date-only-air-dates",
                (said(quote, "S1E1", basis=basis),),
            )
    yield Case(
        "examples/date-only-air-dates/santiago-007",
        "America/Santiago: a season default at 2022-09-11T01:00:00.000-03:00, when the day began",
        doc(
            [entry(1, at="2022-09-11T01:00:00.000-03:00")],
            [row(1, 1, "2022-09-11")],
            now="2022-10-01T00:00:00Z",
            airDateZone="America/Santiago",
        ),
        ("date-only-air-dates", "air-date-zone"),
        src + "date-only-air-dates",
        (
            said(
                "The 09-11 row was also checked with the entry written as "
                "`2022-09-11T01:00:00.000-03:00`\n(0, none).",
                "S1E1",
                progress=0,
                basis="none",
            ),
        ),
    )
    havana = [
        ("2022-11-06T04:00:00.000Z", "none"),
        ("2022-11-06T04:00:00.001Z", "seasonDefault"),
        ("2022-11-06T00:00:00.001-04:00", "seasonDefault"),
    ]
    for number, (at, basis) in enumerate(havana, start=1):
        yield Case(
            f"examples/date-only-air-dates/havana-{number:03d}",
            f"America/Havana: 2022-11-06 began at the first of two midnights; a default at {at}",
            doc(
                [entry(1, at=at)],
                [row(1, 1, "2022-11-06")],
                now="2022-12-01T00:00:00Z",
                airDateZone="America/Havana",
            ),
            ("date-only-air-dates", "air-date-zone"),
            src + "date-only-air-dates",
            (
                said(
                    "a season default at `2022-11-06T04:00:00.000Z` does not cover an episode of\n"
                    "`2022-11-06`; one at `2022-11-06T04:00:00.001Z` (or "
                    "`2022-11-06T00:00:00.001-04:00`) does.",
                    "S1E1",
                    basis=basis,
                ),
            ),
        )
    for number, (at, basis) in enumerate(
        [("2011-12-30T10:00:00.000Z", "none"), ("2011-12-30T10:00:00.001Z", "seasonDefault")],
        start=1,
    ):
        yield Case(
            f"examples/date-only-air-dates/apia-{number:03d}",
            f"Pacific/Apia skipped 2011-12-30: it and 2011-12-31 "
            f"begin at 10:00Z; a default at {at}",
            doc(
                [entry(1, at=at)],
                [row(1, 1, "2011-12-30"), row(1, 2, "2011-12-31")],
                now="2012-01-01T00:00:00Z",
                airDateZone="Pacific/Apia",
            ),
            ("date-only-air-dates", "air-date-zone", "limits"),
            src + "date-only-air-dates",
            (
                said(
                    "a season\ndefault written exactly then covers neither (0, none), one a "
                    "millisecond later covers both\n(100, seasonDefault).",
                    "S1E1",
                    basis=basis,
                ),
                said("covers both\n(100, seasonDefault)", "S1E2", basis=basis),
            ),
        )
    number = 0
    for zone in ("UTC", "Asia/Kolkata"):
        for at, basis in (
            ("2024-03-22T06:00:00.000Z", "none"),
            ("2024-03-22T06:00:00.001Z", "seasonDefault"),
        ):
            number += 1
            yield Case(
                f"examples/date-only-air-dates/timestamp-air-date-{number:03d}",
                f"a timestamp airDate is its own instant whatever "
                f"the zone ({zone}, default at {at})",
                doc(
                    [entry(1, at=at)],
                    [row(1, 1, "2024-03-22T01:00:00-05:00")],
                    now=t("04-01"),
                    airDateZone=zone,
                ),
                ("date-only-air-dates", "air-date-zone"),
                src + "date-only-air-dates",
                (
                    said(
                        "(a season default at "
                        "`2024-03-22T06:00:00.000Z` does not cover it, one at\n"
                        "`.001Z` does, in both zones)",
                        "S1E1",
                        basis=basis,
                    ),
                ),
            )

    # Aired
    yield Case(
        "examples/aired/unknown-air-dates",
        "unknown air dates: never covered by a default, never aired, still decided explicitly",
        doc(
            [entry(1, at=t("05-01")), entry(1, 3, t("05-02"), 100)],
            [
                row(1, 1, "2024-03-01"),
                row(1, 2, None),
                {"mediaId": "TV_TMDBID1", "season": 1, "episode": 3},
                row(1, 4, "2024-03-22T01:00:00-05:00"),
            ],
            now="2024-06-01T00:00:00.000Z",
        ),
        ("aired", "season-defaults", "season-summaries"),
        src + "aired",
        (
            *tuple(
                Shown(
                    quote, label, (None, "airDate", "progress", "completed", "basis", "decidedBy")
                )
                for label, quote in (
                    ("S1E1", "| S1E1 | `2024-03-01` | 100 | true | seasonDefault | 0 |"),
                    ("S1E2", "| S1E2 | null | 0 | false | none | null |"),
                    ("S1E3", "| S1E3 | null | 100 | true | explicit | 1 |"),
                    (
                        "S1E4",
                        "| S1E4 | `2024-03-22T01:00:00-05:00` | 100 | true | seasonDefault | 0 |",
                    ),
                )
            ),
            said(
                "The season summary counts 4 episodes, 2 aired, 2 completed: 100%.",
                "season:1",
                episodes=4,
                aired=2,
                completed=2,
                percent=100,
            ),
        ),
    )

    # The latest entry
    order = [entry(1, 1, "2024-03-10T20:00:00Z", 100), entry(1, 1, "2024-03-12T21:00:00Z", 35)]
    for name, history, quote in (
        (
            "newest-first",
            order[::-1],
            "| newest first: `[0]` = 35, `[1]` = 100 | 35 | false "
            "| 0 | 1 | 2024-03-10T20:00:00.000Z |",
        ),
        (
            "oldest-first",
            order,
            "| oldest first: `[0]` = 100, `[1]` = 35 | 35 | false "
            "| 1 | 1 | 2024-03-10T20:00:00.000Z |",
        ),
    ):
        yield Case(
            f"examples/the-latest-entry/{name}",
            f"the list order changes only decidedBy ({name.replace('-', ' ')})",
            doc(history, e1, now=t("04-01")),
            ("the-latest-entry",),
            src + "the-latest-entry",
            (
                Shown(
                    quote,
                    "S1E1",
                    (None, "progress", "completed", "decidedBy", "plays", "lastWatchedAt"),
                ),
            ),
        )
    at = "2024-03-10T20:00:00.000Z"
    ties = [
        (
            "progress",
            [entry(1, 1, at, 90), entry(1, 1, at, 40)],
            "| progress 90 and progress 40 | progress 90 | `progress 90`, `completed true`, "
            "`plays 1` |",
            {"progress": 90, "completed": True, "plays": 1},
        ),
        (
            "imported",
            [entry(1, 1, at, 50), entry(1, 1, at, 50, imported="trakt")],
            '| progress 50, and progress 50 with `imported: "trakt"` | the `"trakt"` one | '
            '`progress 50`, `completed false`, `decidedBy` = index of the `"trakt"` entry |',
            {"progress": 50, "completed": False},
        ),
        (
            "full",
            [entry(1, 1, at, 50), entry(1, 1, "2024-03-10T21:00:00+01:00", 50)],
            "| progress 50 twice, no `imported`, one written as `2024-03-10T21:00:00+01:00` (the "
            "same instant) | the one earlier in the list | `progress 50`, `decidedBy 0` in both "
            "orders |",
            {"progress": 50, "decidedBy": 0},
        ),
    ]
    for name, history, quote, fields in ties:
        for direction, items in (("given", history), ("reversed", history[::-1])):
            claimed = dict(fields)
            if name == "imported":
                claimed["decidedBy"] = next(
                    i for i, item in enumerate(items) if item.get("imported") == "trakt"
                )
            yield Case(
                f"examples/the-latest-entry/tie-{name}-{direction}",
                f"a tie on updatedAt broken by {name if name != 'full' else 'list order'} "
                f"({direction} order)",
                doc(items, e1, now=t("04-01")),
                ("the-latest-entry",),
                src + "the-latest-entry",
                (said(quote, "S1E1", **claimed),),
            )

    # Explicit entries
    yield Case(
        "examples/explicit-entries/unmark-then-mark-season",
        "E2 unmarked (progress 0), then the season marked watched: E2 stays unwatched",
        doc(
            [entry(1, 2, t("03-20"), 0), entry(1, at=t("03-25"))],
            [row(1, 1, "2024-03-01"), row(1, 2, "2024-03-08"), row(1, 3, "2024-03-15")],
            now=t("04-01"),
        ),
        ("explicit-entries", "season-defaults"),
        src + "explicit-entries",
        tuple(
            episode_row(label, quote)
            for label, quote in (
                (
                    "S1E1",
                    "| S1E1 | 100 | true | seasonDefault | 1 | 1 | 2024-03-25T00:00:00.000Z |",
                ),
                ("S1E2", "| S1E2 | 0 | false | explicit | 0 | 0 | null |"),
                (
                    "S1E3",
                    "| S1E3 | 100 | true | seasonDefault | 1 | 1 | 2024-03-25T00:00:00.000Z |",
                ),
            )
        ),
    )

    # Season defaults (also the document of "Checking an example yourself")
    three = [row(1, 1, "2024-03-01"), row(1, 2, "2024-03-08"), row(1, 3, "2024-03-15")]
    yield Case(
        "examples/season-defaults/timeline",
        "a season default written at E2's air instant covers E1 only",
        doc([entry(1, at="2024-03-08T00:00:00.000Z")], three, now="2024-04-01T00:00:00.000Z"),
        ("season-defaults",),
        src + "season-defaults",
        tuple(
            episode_row(label, quote)
            for label, quote in (
                (
                    "S1E1",
                    "| S1E1 | 100 | true | seasonDefault | 0 | 1 | 2024-03-08T00:00:00.000Z |",
                ),
                ("S1E2", "| S1E2 | 0 | false | none | null | 0 | null |"),
                ("S1E3", "| S1E3 | 0 | false | none | null | 0 | null |"),
            )
        ),
    )
    yield Case(
        "examples/season-defaults/one-millisecond-later",
        "the same season default one millisecond later covers E2 too",
        doc([entry(1, at="2024-03-08T00:00:00.001Z")], three, now="2024-04-01T00:00:00.000Z"),
        ("season-defaults",),
        src + "season-defaults",
        (
            said(
                "With the entry one millisecond later (`2024-03-08T00:00:00.001Z`), E2 is covered "
                "(`100`,\n`seasonDefault`, `decidedBy` 0) and E3 still is not.",
                "S1E2",
                progress=100,
                basis="seasonDefault",
                decidedBy=0,
            ),
            said("and E3 still is not.", "S1E3", basis="none"),
        ),
    )

    # Completion and plays
    for threshold, quote in (
        (None, "| 80 (default) | 30 | false | 2 | 2 | 2024-04-10T21:00:00.000Z |"),
        (90, "| 90 | 30 | false | 2 | 1 | 2024-03-02T21:00:00.000Z |"),
    ):
        options = {} if threshold is None else {"completionThreshold": threshold}
        yield Case(
            f"examples/completion-and-plays/rewatch-threshold-{threshold or 80}",
            f"a rewatch under way at threshold {threshold or 80}: plays count earlier watches",
            doc(rewatch, e1, now="2024-06-01T00:00:00.000Z", **options),
            ("completion-and-plays",),
            src + "completion-and-plays",
            (
                Shown(
                    quote,
                    "S1E1",
                    (None, "progress", "completed", "decidedBy", "plays", "lastWatchedAt"),
                ),
            )
            + (
                (
                    said(
                        "it appears in\n`inProgress` with `updatedAt 2024-05-20T21:00:00.000Z`",
                        "inProgress",
                        updatedAt="2024-05-20T21:00:00.000Z",
                    ),
                )
                if threshold is None
                else ()
            ),
        )
    yield Case(
        "examples/completion-and-plays/plays-per-episode",
        "plays of a season default count only the defaults that cover the episode",
        doc(
            [
                entry(1, at=t("03-05"), progress=100),
                entry(1, at=t("04-01"), progress=100),
                entry(1, at=t("05-01"), progress=10),
            ],
            [row(1, 1, "2024-03-01"), row(1, 2, "2024-03-08")],
            now="2024-06-01T00:00:00.000Z",
        ),
        ("completion-and-plays", "season-defaults"),
        src + "completion-and-plays",
        tuple(
            episode_row(label, quote)
            for label, quote in (
                (
                    "S1E1",
                    "| S1E1 | 10 | false | seasonDefault | 2 | 2 | 2024-04-01T00:00:00.000Z |",
                ),
                (
                    "S1E2",
                    "| S1E2 | 10 | false | seasonDefault | 2 | 1 | 2024-04-01T00:00:00.000Z |",
                ),
            )
        ),
    )

    # Reported episodes and uncovered season defaults
    yield Case(
        "examples/reported-episodes/catalog-and-explicit",
        "the catalog's episodes and explicitly named ones are reported; a default adds none",
        doc(
            [entry(2, 5, t("05-01"), 50), entry(3, at=t("05-02"))],
            [row(1, 1, "2024-01-01")],
            now="2024-06-01T00:00:00Z",
        ),
        ("reported-episodes", "uncovered-season-defaults"),
        src + "reported-episodes",
        (
            *tuple(
                Shown(quote, label, (None, "airDate", "progress", "basis", "decidedBy"))
                for label, quote in (
                    ("S1E1", "| S1E1 | `2024-01-01` | 0 | none | null |"),
                    ("S2E5", "| S2E5 | null | 50 | explicit | 0 |"),
                )
            ),
            said(
                '{"severity": "warning", "path": "history[1]", "message": "season default for '
                "TV_TMDBID1 season 3 covers no episode: the catalog has no episode of that "
                'season"}',
                "diagnostics",
                paths=["history[1]"],
            ),
        ),
    )

    # The output document
    yield Case(
        "examples/the-output-document/document",
        "the output document example: both history shapes, an invalid movie entry skipped",
        OUTPUT_DOCUMENT_INPUT,
        ("the-output-document", "oninvalid", "timestamps-out"),
        src + "the-output-document",
        show="TV_TMDBID1396",
    )

    # Summaries: one catalog, four histories
    summary_catalog = [
        row(0, 1, "2024-02-20"),
        *weekly("TV_TMDBID1", 1, "2024-03-01", 5),
        row(1, 6, "2024-06-07"),
    ]
    histories: dict[str, tuple[list[JSON], str, str, JSON]] = {
        "a": (
            [
                entry(1, 1, t("04-01")),
                entry(1, 2, t("04-02")),
                entry(1, 4, t("04-03")),
                entry(1, 1, t("04-20")),
            ],
            "2024-05-01T00:00:00.000Z",
            "| a: E1 04-01, E2 04-02, E4 04-03, E1 again 04-20 | 1 aired, 0 completed | "
            "5 / 3 / 60.0 | 60.0 | S1E4 | S1E5 (aired) |",
            {
                "aired": 5,
                "completed": 3,
                "percent": 60.0,
                "lastEpisode": {"season": 1, "episode": 4},
                "nextEpisode": {"season": 1, "episode": 5, "aired": True},
            },
        ),
        "b": (
            [entry(1, at=t("04-10"))],
            "2024-05-01T00:00:00.000Z",
            "| b: season 1 default at 04-10 | 1 aired, 0 completed | 5 / 5 / 100.0 | 100.0 | "
            "S1E5 | S1E6 (`aired: false`) |",
            {
                "aired": 5,
                "completed": 5,
                "percent": 100.0,
                "lastEpisode": {"season": 1, "episode": 5},
                "nextEpisode": {"season": 1, "episode": 6, "aired": False},
            },
        ),
        "c": (
            [entry(1, 2, "2024-04-02T20:00:00Z", 40)],
            "2024-05-01T00:00:00.000Z",
            "| c: E2 at 40% | 1 aired, 0 completed | 5 / 0 / 0.0 | 0.0 | null | S1E1 (aired) |",
            {
                "aired": 5,
                "completed": 0,
                "percent": 0.0,
                "lastEpisode": None,
                "nextEpisode": {"season": 1, "episode": 1, "aired": True},
            },
        ),
        "d": (
            [entry(1, 6, t("06-10"))],
            "2024-07-01T00:00:00.000Z",
            "| d: E6 at 06-10, `now` 07-01 | 1 aired, 0 completed | 6 / 1 / 16.67 | 16.67 | "
            "S1E6 | null |",
            {
                "aired": 6,
                "completed": 1,
                "percent": 16.67,
                "lastEpisode": {"season": 1, "episode": 6},
                "nextEpisode": None,
            },
        ),
    }
    for name, (history, now, quote, fields) in histories.items():
        shown: tuple[Shown, ...] = (
            said(quote, "show", **fields),
            said(quote, "season:0", aired=1, completed=0),
        )
        if name == "c":
            shown += (
                said(
                    '`[{"mediaId": "TV_TMDBID1", "season": 1, "episode": 2, "progress": 40.0, '
                    '"updatedAt": "2024-04-02T20:00:00.000Z"}]`',
                    "inProgress",
                    mediaId="TV_TMDBID1",
                    season=1,
                    episode=2,
                    progress=40.0,
                    updatedAt="2024-04-02T20:00:00.000Z",
                ),
            )
        yield Case(
            f"examples/summaries/history-{name}",
            f"the summaries' history {name}",
            doc(history, summary_catalog, now=now),
            (
                "season-summaries",
                "show-summaries",
                "last-episode",
                "next-episode",
                "continue-watching",
            ),
            src + "summaries",
            shown,
        )
    yield Case(
        "examples/last-episode/completed-outside-catalog",
        "an episode completed without a known air date is the lastEpisode; percent stays 0",
        doc(
            [entry(1, 3, t("04-10"))],
            [row(1, 1, "2024-03-01"), row(1, 2, "2024-03-08")],
            now="2024-05-01T00:00:00.000Z",
        ),
        ("last-episode", "next-episode", "show-summaries"),
        src + "last-episode",
        (
            said(
                "`lastEpisode` is S1E3\nwhile the show's `percent` "
                "stays 0 (S1E3 is not aired), and "
                "`nextEpisode` is null.",
                "show",
                lastEpisode={"season": 1, "episode": 3},
                percent=0,
                nextEpisode=None,
            ),
        ),
    )


OUTPUT_DOCUMENT_INPUT: JSON = {
    "history": [
        {"mediaId": "TV_1396", "season": 1, "updatedAt": "2023-01-15T00:00:00Z"},
        {
            "id": "1396",
            "mediaType": "tv",
            "season": 1,
            "episode": 2,
            "progress": 45.5,
            "updatedAt": "2023-01-16T20:00:00.000+01:00",
        },
        {"mediaId": "MV_TMDBID550", "progress": 120, "updatedAt": "2023-01-17T21:00:00Z"},
        {"mediaId": "MV_550", "progress": 100, "updatedAt": "2023-01-18T21:00:00.123456Z"},
    ],
    "episodes": [
        {"mediaId": "TV_TMDBID1396", "season": 1, "episode": 1, "airDate": "2008-01-20"},
        {"mediaId": "TV_TMDBID1396", "season": 1, "episode": 2, "airDate": "2008-01-27"},
        {"mediaId": "TV_TMDBID1396", "season": 1, "episode": 3, "airDate": None},
    ],
    "options": {"now": "2023-02-01T00:00:00Z", "onInvalid": "skip"},
}
"""The input of docs/rules.md#the-output-document (the test checks the document shows it)."""

ERRORS_DOCUMENT_ID = "examples/errors/document"
OUTPUT_DOCUMENT_ID = "examples/the-output-document/document"


# --- the property tests' pinned cases -------------------------------------------------------

PINNED_DESCRIPTIONS = {
    "AIR_EQUALS_UPDATED": (
        "a season default written exactly at an air date's midnight covers it not"
    ),
    "SANTIAGO_GAP": "America/Santiago skips 2022-09-11 00:00: the day starts at 04:00Z",
    "SAO_PAULO_GAP": "America/Sao_Paulo skipped 2018-11-04 00:00: the day started at 03:00Z",
    "KOLKATA_MIDNIGHT": "midnight in Asia/Kolkata is 18:30Z the day before",
    "HAVANA_TWICE": "America/Havana's midnight of 2022-11-06 happened twice: the first counts",
    "FULL_TIE": "one instant spelt three ways, equal progress and imported: the first decides",
    "NANOSECOND_LATER": "an entry one nanosecond later is later (the output shows one millisecond)",
    "NOTHING_WATCHED": "a show with nothing watched: percent 0, nextEpisode S1E1",
    "EVERYTHING_WATCHED": (
        "every episode of season 1 watched; the special counts in its season only"
    ),
    "ONLY_SPECIALS": "a catalog with only specials: the show counts nothing",
    "NO_AIR_DATES": "a season without air dates: nothing aired, the default covers nothing",
    "NEXT_UNAIRED": "the next episode has not aired: named, with aired false",
}
PINNED_RULES = {
    "AIR_EQUALS_UPDATED": ("season-defaults", "strictly-before", "aired"),
    "SANTIAGO_GAP": ("date-only-air-dates", "air-date-zone"),
    "SAO_PAULO_GAP": ("date-only-air-dates", "air-date-zone"),
    "KOLKATA_MIDNIGHT": ("date-only-air-dates", "air-date-zone"),
    "HAVANA_TWICE": ("date-only-air-dates", "air-date-zone"),
    "FULL_TIE": ("the-latest-entry", "instants"),
    "NANOSECOND_LATER": ("instants", "timestamps-out", "the-latest-entry"),
    "NOTHING_WATCHED": ("show-summaries", "next-episode"),
    "EVERYTHING_WATCHED": ("season-summaries", "show-summaries", "last-episode"),
    "ONLY_SPECIALS": ("show-summaries",),
    "NO_AIR_DATES": ("aired", "season-summaries", "next-episode"),
    "NEXT_UNAIRED": ("next-episode", "aired"),
}
TIMELINE_RULES = {
    "default-after-air": ("season-defaults",),
    "default-at-air-midnight": ("season-defaults", "strictly-before"),
    "default-a-millisecond-after-air": ("season-defaults", "instants"),
    "explicit-beats-newer-default": ("explicit-entries",),
    "latest-not-highest": ("the-latest-entry", "completion-and-plays"),
    "tie-on-instant-higher-progress": ("the-latest-entry", "instants"),
    "tie-broken-by-imported": ("the-latest-entry", "imported"),
    "full-tie-first-wins": ("the-latest-entry",),
    "as-of-drops-later": ("now-and-asof",),
    "as-of-keeps-equal": ("now-and-asof",),
    "missing-updated-at-is-now": ("updatedat",),
    "missing-progress-is-100": ("progress",),
    "progress-equal-to-threshold": ("completion-threshold",),
    "kolkata-midnight": ("date-only-air-dates", "air-date-zone"),
    "utc-midnight": ("date-only-air-dates",),
    "santiago-gap-before": ("date-only-air-dates", "air-date-zone"),
    "santiago-gap-after": ("date-only-air-dates", "air-date-zone"),
    "santiago-gap-before-canonical": ("date-only-air-dates", "air-date-zone"),
    "santiago-gap-after-canonical": ("date-only-air-dates", "air-date-zone"),
    "sao-paulo-gap-exact": ("date-only-air-dates", "strictly-before"),
    "timestamp-air-date": ("date-only-air-dates",),
    "one-nanosecond-after": ("instants", "timestamps-out"),
    "one-picosecond-later": ("instants", "the-latest-entry"),
    "one-picosecond-after-air": ("instants", "season-defaults"),
    "plays-count-covering-defaults": ("completion-and-plays", "season-defaults"),
    "latest-default-decides": ("season-defaults",),
    "unknown-air-date": ("season-defaults", "aired"),
}
# The @example pins of tests/test_rules.py::test_date_only_air_date_starts_at_first_instant_of_day
DAY_STARTS = (
    ("America/Santiago", "2022-09-11"),
    ("America/Santiago", "2022-04-03"),
    ("America/Sao_Paulo", "2018-11-04"),
    ("America/Sao_Paulo", "2019-02-17"),
    ("Asia/Kolkata", "2008-01-20"),
    ("America/Havana", "2022-11-06"),
    ("Pacific/Auckland", "2022-09-25"),
    ("UTC", "2008-01-20"),
)
# ... of tests/test_rules.py::test_timestamps_go_out_as_utc_milliseconds
STAMPS_OUT = (
    (1_673_740_800_000_000_001, 0),
    (1_673_740_799_999_999_999, 330),
    (-1, 0),
)


def _slug(name: str) -> str:
    return name.lower().replace("_", "-")


def pinned_cases() -> Iterator[Case]:
    """The documents pinned by the property tests of tests/test_rules.py, and the @example
    variations of them (history reversed, an entry repeated, asOf on an entry, a late default)."""
    source = "tests/test_rules.py"
    for name, description in PINNED_DESCRIPTIONS.items():
        yield Case(
            f"pinned/{_slug(name)}",
            description,
            getattr(test_rules, name),
            PINNED_RULES[name],
            f"{source}::{name}",
        )
    for param in test_rules.TIMELINES:
        document, _, _ = param.values
        yield Case(
            f"pinned/timeline/{param.id}",
            f"the timeline {param.id} of tests/test_rules.py",
            document,
            TIMELINE_RULES[str(param.id)],
            f"{source}::TIMELINES[{param.id}]",
        )
    for zone, day in DAY_STARTS:
        start = ref.day_start(date.fromisoformat(day), zone)
        at = render_timestamp(start, 0, True, 9)
        after = render_timestamp(start + 1, -180, False, 9)
        history = [
            test_rules.watched(1, updated=at, progress=50, media="TV_1"),
            test_rules.watched(1, updated=after, progress=50, media="TV_2"),
        ]
        catalog = [test_rules.aired_on(1, 1, day, "TV_1"), test_rules.aired_on(1, 1, day, "TV_2")]
        for label, now in (("at", at), ("after", after)):
            yield Case(
                f"pinned/day-start/{_slug(zone.replace('/', '-'))}-{day}-now-{label}",
                f"{day} in {zone}: defaults at its first instant and 1 ns later; now {label} it",
                test_rules.make_doc(history, catalog, now=now, airDateZone=zone),
                ("date-only-air-dates", "aired"),
                f"{source}::test_date_only_air_date_starts_at_first_instant_of_day",
            )
    for number, (instant, offset) in enumerate(STAMPS_OUT, start=1):
        text = render_timestamp(instant, offset, offset == 0, 9)
        yield Case(
            f"pinned/timestamps-out-{number:03d}",
            f"{text} goes out as UTC milliseconds, cut not rounded",
            test_rules.make_doc(
                [
                    test_rules.watched_movie(text, 100),
                    test_rules.watched(1, 1, text, 50, media="TV_11"),
                ],
                now=text,
            ),
            ("timestamps-out",),
            f"{source}::test_timestamps_go_out_as_utc_milliseconds",
        )
    # test_history_order_never_changes_state: FULL_TIE, NANOSECOND_LATER, SAO_PAULO_GAP reversed
    for name in ("FULL_TIE", "NANOSECOND_LATER", "SAO_PAULO_GAP"):
        document = getattr(test_rules, name)
        yield Case(
            f"pinned/{_slug(name)}-reversed",
            f"{_slug(name)} with the history reversed: only decidedBy may change",
            {**document, "history": document["history"][::-1]},
            ("the-latest-entry",),
            f"{source}::test_history_order_never_changes_state",
        )
    # test_exact_duplicate_changes_only_plays: FULL_TIE with entry 0, 2 or 4 repeated
    for pick in (0, 2, 4):
        document = test_rules.FULL_TIE
        yield Case(
            f"pinned/full-tie-repeat-{pick}",
            f"full-tie with entry {pick} repeated at the end: only plays may change",
            {**document, "history": [*document["history"], document["history"][pick]]},
            ("completion-and-plays", "the-latest-entry"),
            f"{source}::test_exact_duplicate_changes_only_plays",
        )
    yield Case(
        "pinned/full-tie-late-default",
        "full-tie with a season default in 2099 at progress 0: explicit entries ignore it",
        {
            **test_rules.FULL_TIE,
            "history": [
                *test_rules.FULL_TIE["history"],
                test_rules.watched(1, updated="2099-01-01T00:00:00Z", progress=0),
            ],
        },
        ("explicit-entries",),
        f"{source}::test_explicit_entry_ignores_season_defaults",
    )
    # test_as_of_equals_deleting_later_entries: asOf at an entry's instant (+ a nudge in ns)
    for name, pick, nudge in (
        ("FULL_TIE", 3, 0),
        ("NANOSECOND_LATER", 1, 0),
        ("SAO_PAULO_GAP", 1, 1),
    ):
        document = getattr(test_rules, name)
        entries = ref.read_history(document)
        as_of = entries[pick].updated + nudge
        assert isinstance(as_of, int)
        options = {**document["options"], "asOf": render_timestamp(as_of, 330, False, 9)}
        yield Case(
            f"pinned/{_slug(name)}-as-of-{pick}",
            f"{_slug(name)} with asOf at entry {pick}'s instant"
            + (f" plus {nudge} ns" if nudge else ""),
            {**document, "options": options},
            ("now-and-asof",),
            f"{source}::test_as_of_equals_deleting_later_entries",
        )
    # tests/test_schema.py pins these documents at the edges of what a schema can say
    yield Case(
        "pinned/schema-now-at-offset-edge",
        "now at +23:59 on a leap day, the largest offset",
        doc([movie("2024-02-29T23:59:59.999+23:59", 50)], now="2024-02-29T23:59:59.999+23:59"),
        ("instants",),
        "tests/test_schema.py::test_timestamps_and_air_dates_get_the_libraries_verdict",
    )
    yield Case(
        "pinned/schema-air-date-feb-29",
        "2023-02-29 is not a date",
        doc([], [row(1, 1, "2023-02-29")]),
        ("catalog-rows",),
        "tests/test_schema.py::test_timestamps_and_air_dates_get_the_libraries_verdict",
    )
    yield Case(
        "pinned/schema-season-null",
        "a TV entry with season null has no season",
        doc([{"mediaId": "TV_1396", "season": None, "updatedAt": NOW}]),
        ("season-and-episode",),
        "tests/test_schema.py::test_any_value_in_a_history_field_gets_the_libraries_verdict",
    )
    yield Case(
        "pinned/schema-zone-unknown",
        "Mars/Base is not an IANA zone",
        doc([], airDateZone="Mars/Base"),
        ("air-date-zone",),
        "tests/test_schema.py::test_any_options_get_the_libraries_verdict",
    )


def validation_cases() -> Iterator[Case]:
    """The invalid documents of tests/test_validation.py that JSON carries to any language."""
    for param in test_validation.INVALID_DOCUMENTS:
        document, _ = param.values
        if not portable(document):
            continue  # NaN, infinities, integers beyond 2**53: not JSON every parser reads
        yield Case(
            f"validation/{param.id}",
            "",  # worded from its problems
            _with_now(document),
            (),
            f"tests/test_validation.py::INVALID_DOCUMENTS[{param.id}]",
        )


def _with_now(document: Any) -> Any:
    """``document`` with ``options.now`` where it names neither ``now`` nor ``asOf`` (so that
    nothing about it depends on a clock), when that can be added without changing it."""
    if not isinstance(document, dict):
        return document
    options = document.get("options", None)
    if "options" not in document:
        return {**document, "options": {"now": NOW}}
    if isinstance(options, dict) and options.get("now") is None and options.get("asOf") is None:
        if "now" in options:
            return document  # now: null is what it tests
        return {**document, "options": {**options, "now": NOW}}
    return document


def profile_cases() -> Iterator[Case]:
    """Realistic watch histories, each a few screens of a real client."""
    breaking_bad = json.loads((EXAMPLES / "breaking-bad.json").read_text(encoding="utf-8"))
    bb = "TV_TMDBID1396"
    yield Case(
        "profiles/breaking-bad",
        "the bundled example: a season default, an unmark, a rewatch, an import, a movie",
        breaking_bad,
        (
            "season-defaults",
            "explicit-entries",
            "completion-and-plays",
            "show-summaries",
            "continue-watching",
            "history-shapes",
        ),
        "examples/breaking-bad.json; docs/rules.md#the-bundled-example",
        (
            said(
                "S1E3, E5, E6, E7: the season default `history[4]` (2023-01-15).",
                "S1E3",
                basis="seasonDefault",
                decidedBy=4,
            ),
            said(
                "S1E4: unmarked by `history[2]` (progress 0, 2023-01-20), explicit.",
                "S1E4",
                basis="explicit",
                decidedBy=2,
                progress=0,
            ),
            said(
                "S1E2: decided by `history[6]`, an explicit entry imported from Trakt in 2019.",
                "S1E2",
                basis="explicit",
                decidedBy=6,
            ),
            said(
                "are both\n  complete watches: `plays 2`, `decidedBy 1`.",
                "S1E1",
                plays=2,
                decidedBy=1,
            ),
            said(
                "S2E1\u2013E5: the imported season default `history[7]`",
                "S2E5",
                basis="seasonDefault",
                decidedBy=7,
            ),
            said(
                "S2E6 is decided by its own entry\n  (45.5%).",
                "S2E6",
                basis="explicit",
                progress=45.5,
            ),
            said(
                "The special S0E1 has aired but counts in no show total: 11 of 62.",
                "show",
                aired=62,
                completed=11,
            ),
        ),
        show=bb,
    )

    got = "TV_TMDBID1399"
    catalog = (
        [row(0, 1, "2011-03-27", got)]
        + weekly(got, 1, "2011-04-17", 10)
        + weekly(got, 2, "2012-04-01", 10)
        + [row(3, n, None, got) for n in (1, 2)]
    )
    history = [
        {"mediaId": got, "season": 1, "updatedAt": "2016-02-01T20:00:00.000Z", "imported": "trakt"},
        {
            "mediaId": got,
            "season": 2,
            "updatedAt": "2016-02-20T22:15:00.000Z",
            "imported": "trakt",
            "progress": 100,
        },
        {
            "mediaId": got,
            "season": 1,
            "episode": 1,
            "progress": 100,
            "updatedAt": "2023-05-01T19:00:00.000Z",
        },
        {
            "mediaId": got,
            "season": 1,
            "episode": 2,
            "progress": 100,
            "updatedAt": "2023-05-02T19:00:00.000Z",
        },
        {
            "mediaId": got,
            "season": 1,
            "episode": 3,
            "progress": 35.5,
            "updatedAt": "2023-05-03T19:45:00.000Z",
        },
        {
            "mediaId": got,
            "season": 2,
            "episode": 9,
            "progress": 0,
            "updatedAt": "2023-06-01T08:00:00.000Z",
        },
        {"mediaId": "MV_TMDBID24428", "progress": 100, "updatedAt": "2019-11-01T21:00:00.000Z"},
        {"mediaId": "MV_TMDBID24428", "progress": 92, "updatedAt": "2024-01-05T22:40:00.000Z"},
        {"mediaId": "MV_TMDBID299536", "progress": 15, "updatedAt": "2024-01-06T20:10:00.000Z"},
    ]
    rewatcher = doc(history, catalog, now="2024-02-01T00:00:00.000Z")
    yield Case(
        "profiles/imported-binge-and-rewatch",
        "seasons imported from Trakt, a rewatch under way, an episode unmarked, two movies",
        rewatcher,
        (
            "season-defaults",
            "explicit-entries",
            "completion-and-plays",
            "continue-watching",
            "last-episode",
            "next-episode",
        ),
        show=got,
    )
    yield Case(
        "profiles/imported-binge-and-rewatch-as-of-2020",
        "the same profile as it stood on 2020-01-01 (asOf)",
        rewatcher
        | {"options": {"now": "2024-02-01T00:00:00.000Z", "asOf": "2020-01-01T00:00:00.000Z"}},
        ("now-and-asof",),
        show=got,
    )

    # GET /profile/history as a client receives it: newest first, the list endpoint's shape,
    # nulls, extra keys; two shows (one airing now, in New York), a show's next season
    # announced with timestamps.
    sev, bear = "TV_95396", "TV_136315"
    items = [
        {
            "id": "136315",
            "mediaType": "tv",
            "season": 2,
            "episode": 3,
            "progress": 64,
            "updatedAt": "2023-06-30T23:10:00-04:00",
            "createdAt": "2023-06-30T22:20:00-04:00",
            "title": "The Bear",
            "poster_path": "/b.jpg",
            "completed": False,
        },
        {
            "id": "136315",
            "mediaType": "tv",
            "season": 2,
            "episode": 2,
            "progress": None,
            "updatedAt": "2023-06-30T22:15:00-04:00",
            "createdAt": "2023-06-30T21:45:00-04:00",
        },
        {
            "id": "TV_136315",
            "mediaType": "tv",
            "season": 1,
            "progress": 100,
            "updatedAt": "2023-06-22T01:00:00.000Z",
            "watched_count": 1,
        },
        {
            "id": "95396",
            "mediaType": "tv",
            "season": 1,
            "episode": 9,
            "progress": 100,
            "updatedAt": "2022-04-09T02:30:00.000Z",
        },
        {"id": "95396", "mediaType": "tv", "season": 1, "updatedAt": "2022-04-01T03:00:00.000Z"},
        {
            "id": "MV_872585",
            "mediaType": "movie",
            "progress": 47,
            "updatedAt": "2023-07-22T03:00:00.000Z",
        },
    ]
    yield Case(
        "profiles/list-endpoint-new-york",
        "the list endpoint's items, newest first, air dates in America/New_York",
        doc(
            items,
            weekly(bear, 1, "2022-06-23", 8)
            + [row(2, n, "2023-06-22", bear) for n in range(1, 11)]
            + weekly(sev, 1, "2022-02-18", 9)
            + [row(2, 1, "2025-01-17T05:00:00.000Z", sev), row(2, 2, "2025-01-24T05:00:00Z", sev)],
            now="2023-08-01T12:00:00-04:00",
            airDateZone="America/New_York",
        ),
        (
            "history-shapes",
            "date-only-air-dates",
            "air-date-zone",
            "next-episode",
            "continue-watching",
        ),
        show="TV_TMDBID136315",
    )

    # A weekly watcher in India: each week's season default is written the evening the
    # episode airs, at a stricter threshold.
    show = "TV_TMDBID84958"
    history = [
        entry(1, at=f"2021-06-{day:02d}T{clock}+05:30", media=show)
        for day, clock in (
            (9, "21:00:00"),
            (16, "00:00:00.000"),
            (23, "00:00:00.001"),
            (30, "23:59:59"),
        )
    ] + [entry(1, 6, "2021-07-08T22:00:00+05:30", 85, media=show)]
    yield Case(
        "profiles/weekly-watcher-kolkata",
        "a weekly watcher in Asia/Kolkata marking the season each evening, threshold 90",
        doc(
            history,
            weekly(show, 1, "2021-06-09", 6),
            now="2021-07-15T00:00:00+05:30",
            airDateZone="Asia/Kolkata",
            completionThreshold=90,
        ),
        ("date-only-air-dates", "air-date-zone", "season-defaults", "completion-threshold"),
        show=show,
    )


# --- JSON every language reads ---------------------------------------------------------------

MAX_SAFE = 2**53


def portable(value: Any) -> bool:
    """Whether ``value`` reads back the same in any JSON parser (JavaScript's included):
    finite numbers, integers within 2**53, strings without lone surrogates."""
    if isinstance(value, bool) or value is None:
        return True
    if isinstance(value, int):
        return abs(value) <= MAX_SAFE
    if isinstance(value, float):
        return math.isfinite(value)
    if isinstance(value, str):
        return not re.search("[\ud800-\udfff]", value)
    if isinstance(value, list):
        return all(portable(v) for v in value)
    if isinstance(value, dict):
        return all(portable(k) and portable(v) for k, v in value.items())
    return False
