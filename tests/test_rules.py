"""Property tests of the resolution contract (``shared/contract.md``), rule by rule.

Each test quotes the contract sentence it checks.  Documents come from ``strategies`` (tiny
id, season and episode spaces, instants clustered on air-date boundaries); the model in
``reference`` computes the expected output by brute force, independently of the library.
Nasty cases are pinned with ``@example``: an ``updatedAt`` equal to an air date's midnight,
midnights skipped by DST, a midnight in another zone, full ties, a one-nanosecond lead.
"""

from __future__ import annotations

import copy
import re
from collections import Counter
from collections.abc import Callable
from datetime import date
from typing import Any, TypeVar

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

import history_resolver
import reference as ref
from history_resolver import resolve_document
from strategies import (
    MOVIES,
    SHOWS,
    ZONES,
    documents,
    render_timestamp,
    timestamp_texts,
    wide_instants,
)
from support import (
    AIR,
    AIR_AT,
    NOW,
    T1,
    T2,
    T3,
    clock,
    default,
    episode_state,
    explicit,
    film,
    movie_state,
    one_episode,
)

JSON = dict[str, Any]
Identity = tuple[object, ...]

STAMP = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z")
PATH = re.compile(r"history\[(\d+)\]")

# Every document test reads at least one non-UTC zone; the first load of a zone is slow.
REFERENCE = settings(max_examples=200, deadline=None)
RULE = settings(max_examples=100, deadline=None)
HEAVY = settings(max_examples=60, deadline=None)


# --- building documents by hand ----------------------------------------------------------------

SHOW = "TV_TMDBID1396"
FILM = "MV_TMDBID550"
LATER = "2030-01-01T00:00:00.000Z"


def watched(
    season: int,
    episode: int | None = None,
    updated: str | None = None,
    progress: float | None = None,
    imported: str | None = None,
    media: str = SHOW,
) -> JSON:
    """A history item for an episode, or a season default when ``episode`` is None."""
    item: JSON = {"mediaId": media, "season": season}
    if episode is not None:
        item["episode"] = episode
    if updated is not None:
        item["updatedAt"] = updated
    if progress is not None:
        item["progress"] = progress
    if imported is not None:
        item["imported"] = imported
    return item


def watched_movie(updated: str, progress: float | None = None, media: str = FILM) -> JSON:
    item: JSON = {"mediaId": media, "updatedAt": updated}
    if progress is not None:
        item["progress"] = progress
    return item


def aired_on(season: int, episode: int, air: str | None, media: str = SHOW) -> JSON:
    """A catalog row."""
    return {"mediaId": media, "season": season, "episode": episode, "airDate": air}


def make_doc(
    history: list[JSON], catalog: list[JSON] | None = None, now: str = LATER, **options: object
) -> JSON:
    return {"history": history, "episodes": catalog or [], "options": {"now": now, **options}}


# --- the pinned nasty documents --------------------------------------------------------------

# A season default whose updatedAt is exactly the air date's midnight covers nothing ("before"
# is strict); the episode of the day before is covered.
AIR_EQUALS_UPDATED = make_doc(
    [watched(1, updated="2008-01-20T00:00:00Z")],
    [aired_on(1, 1, "2008-01-19"), aired_on(1, 2, "2008-01-20"), aired_on(1, 3, None)],
    now="2008-01-20T00:00:00.000Z",
)
# America/Santiago skips 2022-09-11 00:00 (clocks jump to 01:00): the day starts at 04:00Z.
SANTIAGO_GAP = make_doc(
    [
        watched(1, updated="2022-09-11T00:00:00-04:00"),
        watched(2, updated="2022-09-11T04:00:00.000001Z"),
    ],
    [aired_on(1, 1, "2022-09-11"), aired_on(2, 1, "2022-09-11"), aired_on(2, 2, "2022-09-10")],
    now="2022-09-11T01:00:00-03:00",
    airDateZone="America/Santiago",
)
# America/Sao_Paulo skipped 2018-11-04 00:00: the day started at 03:00Z.
SAO_PAULO_GAP = make_doc(
    [
        watched(1, updated="2018-11-04T03:00:00.000Z", progress=50),
        watched(1, 1, updated="2018-11-04T02:59:59.999999Z", progress=45.5),
        watched(2, updated="2018-11-04T03:00:00.000000001Z"),
    ],
    [aired_on(1, 1, "2018-11-04"), aired_on(1, 2, "2018-11-03"), aired_on(2, 1, "2018-11-04")],
    now="2018-11-04T01:00:00-02:00",
    airDateZone="America/Sao_Paulo",
)
# Midnight in Asia/Kolkata is 18:30Z the day before: a default at 20:00Z covers the episode
# (it would not in UTC); one at exactly +05:30 midnight does not.
KOLKATA_MIDNIGHT = make_doc(
    [
        watched(1, updated="2008-01-19T20:00:00Z"),
        watched(2, updated="2008-01-20T00:00:00+05:30"),
    ],
    [aired_on(1, 1, "2008-01-20"), aired_on(2, 1, "2008-01-20"), aired_on(0, 1, "2008-01-19")],
    now="2008-01-19T18:30:00.000001Z",
    airDateZone="Asia/Kolkata",
)
# America/Havana falls back from 01:00 to 00:00 on 2022-11-06: midnight happens twice; the
# day starts at the first (04:00Z).
HAVANA_TWICE = make_doc(
    [watched(1, updated="2022-11-06T04:00:00.000001Z")],
    [aired_on(1, 1, "2022-11-06")],
    now="2022-11-06T04:30:00Z",
    airDateZone="America/Havana",
)
# The same instant spelt three ways, with equal progress and imported: a full tie, so the
# first entry in the list decides (for the episode, the season default and the movie).
FULL_TIE = make_doc(
    [
        watched(1, 1, updated="2023-01-15T05:30:00+05:30", progress=50, imported="trakt"),
        watched(1, 1, updated="2023-01-15T00:00:00.000000Z", progress=50, imported="trakt"),
        watched(1, updated="2023-01-14T21:00:00-03:00", progress=100),
        watched(1, updated="2023-01-15T00:00:00Z", progress=100),
        watched_movie("2023-01-15T00:00:00Z", 20),
        watched_movie("2023-01-15T13:00:00+13:00", 20),
        watched(1, 2, updated="2023-01-15T00:00:00Z", progress=50),
        watched(1, 2, updated="2023-01-15T00:00:00Z", progress=50, imported=""),
    ],
    [aired_on(1, 1, "2008-01-20"), aired_on(1, 2, "2008-01-27"), aired_on(1, 3, "2008-02-10")],
)
# Nine fractional digits: an entry one nanosecond later is later (the output still shows
# the same millisecond).
NANOSECOND_LATER = make_doc(
    [
        watched(1, 1, updated="2023-01-15T00:00:00.000000001Z", progress=30),
        watched(1, 1, updated="2023-01-15T00:00:00.000000000Z", progress=100),
        watched(1, updated="2023-01-15T00:00:00.000000001Z"),
        watched_movie("2023-01-15T05:30:00.000000001+05:30", 10),
        watched_movie("2023-01-15T00:00:00Z", 90),
    ],
    [aired_on(1, 1, "2023-01-15"), aired_on(1, 2, "2023-01-15"), aired_on(1, 3, "2023-01-16")],
    now="2023-01-15T00:00:00.000000001Z",
)

# Summary scenes (section 8).
NOTHING_WATCHED = make_doc(
    [],
    [aired_on(1, 1, "2008-01-20"), aired_on(1, 2, "2008-01-27"), aired_on(1, 3, "2008-02-10")],
)
EVERYTHING_WATCHED = make_doc(
    [watched(1, updated="2023-01-15T00:00:00Z")],
    [
        aired_on(0, 1, "2009-02-17"),
        aired_on(1, 1, "2008-01-20"),
        aired_on(1, 2, "2008-01-27"),
        aired_on(1, 3, "2008-02-10"),
    ],
)
ONLY_SPECIALS = make_doc([], [aired_on(0, 1, "2009-02-17"), aired_on(0, 2, "2009-02-24")])
NO_AIR_DATES = make_doc(
    [
        watched(2, 1, updated="2023-01-15T00:00:00Z"),
        watched(2, updated="2023-01-16T00:00:00Z"),
    ],
    [
        aired_on(1, 1, "2008-01-20"),
        aired_on(2, 1, None),
        {"mediaId": SHOW, "season": 2, "episode": 2},
    ],
)
NEXT_UNAIRED = make_doc(
    [watched(1, 1, updated="2023-01-15T00:00:00Z")],
    [aired_on(1, 1, "2008-01-20"), aired_on(1, 2, "2030-06-01")],
    now="2025-01-01T00:00:00Z",
)

PINNED = (
    AIR_EQUALS_UPDATED,
    SANTIAGO_GAP,
    SAO_PAULO_GAP,
    KOLKATA_MIDNIGHT,
    HAVANA_TWICE,
    FULL_TIE,
    NANOSECOND_LATER,
    NOTHING_WATCHED,
    EVERYTHING_WATCHED,
    ONLY_SPECIALS,
    NO_AIR_DATES,
    NEXT_UNAIRED,
)


Test = TypeVar("Test", bound=Callable[..., None])


def pin_documents(*docs: JSON) -> Callable[[Test], Test]:
    """``@example(document=...)`` for each pinned document."""

    def decorate(test: Test) -> Test:
        for doc in reversed(docs):
            test = example(document=doc)(test)
        return test

    return decorate


# --- helpers ---------------------------------------------------------------------------------


def run(doc: JSON) -> JSON:
    """The library's output document (on a copy: the input must not matter afterwards)."""
    return history_resolver.resolve_document(copy.deepcopy(doc))


def without_messages(output: JSON) -> JSON:
    """The output with each diagnostic reduced to severity and path, in a fixed order (the
    contract fixes neither the messages nor the order of diagnostics)."""
    return {
        **output,
        "diagnostics": sorted(
            ({"severity": d["severity"], "path": d["path"]} for d in output["diagnostics"]),
            key=lambda d: (d["path"], d["severity"]),
        ),
    }


def options_of(doc: JSON) -> JSON:
    options: JSON = doc.get("options") or {}
    return options


def threshold_of(doc: JSON) -> float:
    return float(options_of(doc).get("completionThreshold") or 80)


def zone_of(doc: JSON) -> str:
    zone: str = options_of(doc).get("airDateZone") or "UTC"
    return zone


def now_of(doc: JSON) -> ref.Instant:
    return ref.parse_instant(options_of(doc)["now"])


def kept_entries(doc: JSON) -> list[ref.Entry]:
    """The entries that take part: those not later than ``asOf``."""
    as_of = options_of(doc).get("asOf")
    limit = None if as_of is None else ref.parse_instant(as_of)
    return [e for e in ref.read_history(doc) if limit is None or e.updated <= limit]


def identity(entry: ref.Entry) -> Identity:
    """What an entry is, apart from its place in the list and its spelling."""
    return (entry.media, entry.season, entry.episode, entry.updated, entry.progress, entry.imported)


def diagnostic_index(diagnostic: JSON) -> int:
    match = PATH.fullmatch(diagnostic["path"])
    assert match is not None, diagnostic
    return int(match.group(1))


def canonical(output: JSON, doc: JSON) -> JSON:
    """``output`` with every history index replaced by the identity of the entry there."""
    entries = ref.read_history(doc)
    result = copy.deepcopy(output)
    for row in result["episodes"] + result["movies"]:
        if row["decidedBy"] is not None:
            row["decidedBy"] = identity(entries[row["decidedBy"]])
    result["diagnostics"] = Counter(
        repr((d["severity"], identity(entries[diagnostic_index(d)]), d["message"]))
        for d in output["diagnostics"]
    )
    return result


def episode_key(row: JSON) -> tuple[str, int, int]:
    return (row["mediaId"], row["season"], row["episode"])


def deciding_group(doc: JSON, row: JSON) -> list[ref.Entry]:
    """The group of section 4 that decides ``row`` (an episode or movie output row)."""
    kept = kept_entries(doc)
    if "season" not in row:
        return [e for e in kept if e.media == row["mediaId"]]
    if row["basis"] == "explicit":
        return [
            e
            for e in kept
            if (e.media, e.season, e.episode) == episode_key(row) and e.episode is not None
        ]
    air = ref.air_instant(row["airDate"], zone_of(doc))
    return [
        e
        for e in kept
        if not e.is_movie
        and e.media == row["mediaId"]
        and e.season == row["season"]
        and e.episode is None
        and air is not None
        and air < e.updated
    ]


def relabel_ids(doc: JSON, form: str) -> JSON:
    """The document with every media id written in one form (``long``, ``short``)."""
    result = copy.deepcopy(doc)

    def spell(text: str, media_type: str | None = None) -> str:
        long = ref.normalise_media(text, media_type)
        if form == "long":
            return long
        return long.replace("_TMDBID", "_")

    for item in result["history"]:
        if item.get("mediaId") is not None:
            item["mediaId"] = spell(item["mediaId"], item.get("mediaType"))
        else:
            item["id"] = spell(item["id"], item.get("mediaType"))
    for row in result.get("episodes") or []:
        row["mediaId"] = spell(row["mediaId"])
    return result


def reshape_history(doc: JSON, shape: str) -> JSON:
    """Every history item in one wire shape: ``mediaId``, or the list endpoint's
    ``id`` + ``mediaType`` (with the id as bare digits)."""
    result = copy.deepcopy(doc)
    for item in result["history"]:
        raw = item.pop("mediaId", None)
        if raw is None:
            raw = item.pop("id")
        else:
            item.pop("id", None)
        long = ref.normalise_media(raw, item.get("mediaType"))
        media_type = "movie" if long.startswith("MV_") else "tv"
        item.pop("mediaType", None)
        if shape == "mediaId":
            item["mediaId"] = long
        else:
            item["id"] = long.split("TMDBID")[1]
            item["mediaType"] = media_type
    return result


# --- the model ---------------------------------------------------------------------------------


@REFERENCE
@given(document=documents())
@pin_documents(*PINNED)
def test_engine_equals_reference_model(document: JSON) -> None:
    """Sections 2-6 and 8, all at once: the library's whole output document equals the one
    the brute-force model computes from the contract's rules (diagnostic messages aside)."""
    assert without_messages(ref.resolve(document)) == without_messages(run(document))


@RULE
@given(document=documents(nanoseconds=True))
@example(document=NANOSECOND_LATER)
def test_engine_equals_reference_model_to_the_nanosecond(document: JSON) -> None:
    """Contract: "digits finer than milliseconds are truncated on output, never in
    comparisons": with instants one nanosecond apart the library still equals the model."""
    assert without_messages(ref.resolve(document)) == without_messages(run(document))


# --- section 3: latest -------------------------------------------------------------------


def _order(keys: list[int], size: int) -> list[int]:
    padded = keys + [0] * max(0, size - len(keys))
    return sorted(range(size), key=lambda i: (padded[i], i))


@RULE
@given(document=documents(), keys=st.lists(st.integers(0, 20), max_size=12))
@example(document=FULL_TIE, keys=[7, 6, 5, 4, 3, 2, 1, 0])
@example(document=NANOSECOND_LATER, keys=[4, 3, 2, 1, 0])
@example(document=SAO_PAULO_GAP, keys=[2, 1, 0])
def test_history_order_never_changes_state(document: JSON, keys: list[int]) -> None:
    """Contract: "The order of the list never matters: the API returns history newest first, a local
    cache may hold it oldest first, and both must give the same result."  Every field but
    ``decidedBy`` is identical, and ``decidedBy`` names an entry with the same key."""
    order = _order(keys, len(document["history"]))
    shuffled = {**document, "history": [document["history"][i] for i in order]}
    assert canonical(run(document), document) == canonical(run(shuffled), shuffled)


@RULE
@given(document=documents(nanoseconds=True))
@pin_documents(FULL_TIE, NANOSECOND_LATER, SAO_PAULO_GAP)
def test_latest_entry_decides(document: JSON) -> None:
    """Contract: "Entries are ordered by the key (updatedAt instant, progress, imported or "").
    "Latest" is the greatest key."  The deciding entry has the greatest key of its group
    and, on a full tie, is the first of them in the list."""
    entries = ref.read_history(document)
    output = run(document)
    for row in output["episodes"] + output["movies"]:
        group = deciding_group(document, row)
        if row["decidedBy"] is None:
            assert [] == group
            continue
        decider = entries[row["decidedBy"]]
        assert decider in group
        best = max(e.key for e in group)
        assert best == decider.key
        assert min(e.index for e in group if e.key == best) == decider.index
        assert decider.progress == row["progress"]


@RULE
@given(document=documents(), pick=st.integers(0, 100))
@example(document=FULL_TIE, pick=0)
@example(document=FULL_TIE, pick=2)
@example(document=FULL_TIE, pick=4)
@example(document=SAO_PAULO_GAP, pick=0)
def test_exact_duplicate_changes_only_plays(document: JSON, pick: int) -> None:
    """Contract: "plays = how many entries of the deciding group (X, or D) have progress >= t": an
    exact copy of an entry, added at the end, adds one play where the entry is in the
    deciding group and completes, and changes nothing else (a full tie keeps the first
    entry, so ``decidedBy`` stays)."""
    history = document["history"]
    if not history:
        history = [watched(1, 1, media="TV_11")]
        document = {**document, "history": history}
    index = pick % len(history)
    twice = {**document, "history": [*history, copy.deepcopy(history[index])]}
    before, after = run(document), run(twice)
    copied = ref.read_history(twice)[-1]
    completes = copied.progress >= threshold_of(document)

    for name in ("episodes", "movies"):
        assert len(before[name]) == len(after[name])
        for old, new in zip(before[name], after[name], strict=True):
            in_group = any(e.index == index for e in deciding_group(document, old))
            expected = {**old, "plays": old["plays"] + (1 if in_group and completes else 0)}
            assert expected == new
    for name in ("seasons", "shows", "inProgress"):
        assert before[name] == after[name]
    repeated = [
        {**d, "path": f"history[{len(history)}]"}
        for d in before["diagnostics"]
        if d["path"] == f"history[{index}]"
    ]
    assert sorted(before["diagnostics"] + repeated, key=repr) == sorted(
        after["diagnostics"], key=repr
    )


# --- section 4: resolving one episode ------------------------------------------------------


@st.composite
def season_defaults(draw: st.DrawFn) -> list[JSON]:
    """Season defaults of every kind of recency, from long ago to far in the future."""
    instants = st.sampled_from(
        [0, 1_200_000_000 * ref.NS, 1_663_000_000 * ref.NS, 4_102_444_800 * ref.NS]
    )
    items = []
    for _ in range(draw(st.integers(1, 4))):
        item = watched(
            draw(st.sampled_from((1, 2))),
            updated=draw(timestamp_texts(instants)),
            progress=draw(st.sampled_from((0, 45.5, 100))),
            media=f"TV_TMDBID{draw(st.sampled_from(SHOWS))}",
        )
        items.append(item)
    return items


@RULE
@given(document=documents(), extra=season_defaults())
@example(document=FULL_TIE, extra=[watched(1, updated="2099-01-01T00:00:00Z", progress=0)])
def test_explicit_entry_ignores_season_defaults(document: JSON, extra: list[JSON]) -> None:
    """Contract: "Explicit. X = entries of S with season = s and episode = e. If X is not empty, the
    latest of X decides [...] Season defaults are not looked at, however recent they are."
    Adding season defaults, however recent, changes no explicitly decided episode."""
    with_defaults = {**document, "history": [*document["history"], *extra]}
    before = {episode_key(r): r for r in run(document)["episodes"]}
    after = {episode_key(r): r for r in run(with_defaults)["episodes"]}
    entries = ref.read_history(document)
    assert set(before) == set(after)
    for key, row in before.items():
        if row["basis"] == "explicit":
            assert row == after[key]
            decider = entries[row["decidedBy"]]
            assert key == (decider.media, decider.season, decider.episode)
        else:
            assert "explicit" != after[key]["basis"]


@HEAVY
@given(document=documents())
@pin_documents(AIR_EQUALS_UPDATED, SANTIAGO_GAP, SAO_PAULO_GAP, KOLKATA_MIDNIGHT, NO_AIR_DATES)
def test_season_default_never_covers_later_or_unknown_air(document: JSON) -> None:
    """Contract: "D = entries of S with season = s, no episode, where the episode's air instant is
    known and < entry.updatedAt."  A default updated at or before an episode's air instant,
    or one for an episode of unknown air date, never decides it, never counts as a play of
    it, and deleting it leaves the episode exactly as it was."""
    zone = zone_of(document)
    entries = ref.read_history(document)
    output = run(document)
    for row in output["episodes"]:
        air = ref.air_instant(row["airDate"], zone)
        if row["basis"] == "seasonDefault":
            decider = entries[row["decidedBy"]]
            assert air is not None
            assert air < decider.updated
            assert (row["mediaId"], row["season"], None) == (
                decider.media,
                decider.season,
                decider.episode,
            )
        if row["airDate"] is None:
            assert "seasonDefault" != row["basis"]

        pruned = {
            **document,
            "history": [
                item
                for item, entry in zip(document["history"], entries, strict=True)
                if entry.is_movie
                or entry.episode is not None
                or (entry.media, entry.season) != (row["mediaId"], row["season"])
                or (air is not None and air < entry.updated)
            ],
        }
        again = {episode_key(r): r for r in canonical(run(pruned), pruned)["episodes"]}
        mine = next(
            r for r in canonical(output, document)["episodes"] if episode_key(r) == episode_key(row)
        )
        assert mine == again[episode_key(row)]


@RULE
@given(document=documents())
@pin_documents(FULL_TIE, SAO_PAULO_GAP)
def test_completed_means_progress_reaches_threshold(document: JSON) -> None:
    """Contract: "Then completed = progress >= t" (for episodes and for movies); an episode decided
    by nothing has "progress = 0, basis = "none""."""
    threshold = threshold_of(document)
    output = run(document)
    for row in output["episodes"] + output["movies"]:
        assert (row["progress"] >= threshold) == row["completed"]
        assert 0 <= row["progress"] <= 100
    for row in output["episodes"]:
        if row["basis"] == "none":
            assert (0, False, None, 0, None) == (
                row["progress"],
                row["completed"],
                row["decidedBy"],
                row["plays"],
                row["lastWatchedAt"],
            )


@RULE
@given(document=documents(nanoseconds=True))
@pin_documents(FULL_TIE, NANOSECOND_LATER, SAO_PAULO_GAP)
def test_plays_and_last_watched_come_from_the_deciding_group(document: JSON) -> None:
    """Contract: "plays = how many entries of the deciding group (X, or D) have progress >= t;
    lastWatchedAt = the greatest updatedAt among those, or null."  Movies: "plays and
    lastWatchedAt as above"."""
    threshold = threshold_of(document)
    output = run(document)
    for row in output["episodes"] + output["movies"]:
        completing = [e for e in deciding_group(document, row) if e.progress >= threshold]
        assert len(completing) == row["plays"]
        expected = ref.format_instant(max(e.updated for e in completing)) if completing else None
        assert expected == row["lastWatchedAt"]


@RULE
@given(
    document=documents(),
    pick=st.integers(0, 100),
    nudge=st.sampled_from((-1000, -1, 0, 1, 1000)),
)
@example(document=FULL_TIE, pick=3, nudge=0)
@example(document=NANOSECOND_LATER, pick=1, nudge=0)
@example(document=SAO_PAULO_GAP, pick=1, nudge=1)
def test_as_of_equals_deleting_later_entries(document: JSON, pick: int, nudge: int) -> None:
    """Contract: "asOf: entries whose updatedAt is later are left out, so the result is the state as
    it stood at that instant."  With ``now`` fixed, ``asOf`` gives what deleting the later
    entries gives."""
    entries = ref.read_history(document)
    instants = [e.updated for e in entries] + [now_of(document)]
    as_of = instants[pick % len(instants)] + nudge
    assert isinstance(as_of, int)  # generated documents keep to nine fractional digits
    options = {**options_of(document), "asOf": render_timestamp(as_of, 330, False, 9)}
    limited = {**document, "options": options}
    options = {k: v for k, v in options.items() if k != "asOf"}
    deleted = {
        **document,
        "options": options,
        "history": [
            item
            for item, entry in zip(document["history"], entries, strict=True)
            if entry.updated <= as_of
        ],
    }
    assert canonical(run(deleted), deleted) == canonical(run(limited), limited)


# --- section 1 as it reaches the rules: id forms, wire shapes, defaults ---------------------------


@RULE
@given(document=documents())
@pin_documents(FULL_TIE, KOLKATA_MIDNIGHT)
def test_short_and_long_ids_resolve_identically(document: JSON) -> None:
    """Contract: "The short forms TV_<digits> and MV_<digits> [...] name the same item and are
    normalised to the long form."  Writing every id long, or every id short, gives the same
    output document as the mixed original."""
    output = run(document)
    assert output == run(relabel_ids(document, "long"))
    assert output == run(relabel_ids(document, "short"))


@RULE
@given(document=documents())
@pin_documents(FULL_TIE, NANOSECOND_LATER)
def test_history_shapes_resolve_identically(document: JSON) -> None:
    """Contract: "the shape GET /profile/history returns: no mediaId, but "id": "TV_1396",
    "mediaType": "tv" [...] bare digits take their prefix from mediaType."  Every item as
    ``mediaId``, or every item as ``id`` + ``mediaType``, gives the same output."""
    output = run(document)
    assert output == run(reshape_history(document, "mediaId"))
    assert output == run(reshape_history(document, "id"))


@RULE
@given(document=documents())
@pin_documents(FULL_TIE, NANOSECOND_LATER)
def test_now_defaults_to_as_of(document: JSON) -> None:
    """Contract: "now: asOf if given, else the current time".  A document with ``asOf`` and
    no ``now`` resolves as the one that sets ``now`` to that same instant."""
    options = options_of(document)
    as_of = options.get("asOf", options["now"])
    with_now = {**document, "options": {**options, "asOf": as_of, "now": as_of}}
    without_now = {
        **document,
        "options": {k: v for k, v in with_now["options"].items() if k != "now"},
    }
    assert run(with_now) == run(without_now)


@RULE
@given(document=documents())
@pin_documents(AIR_EQUALS_UPDATED, FULL_TIE)
def test_missing_updated_at_and_progress_take_their_defaults(document: JSON) -> None:
    """Contract: "updatedAt [...] Missing or null: the entry takes now" and "progress [...] Missing
    or null: 100".  Writing those values out changes nothing."""
    spelt = copy.deepcopy(document)
    for item in spelt["history"]:
        if item.get("updatedAt") is None:
            item["updatedAt"] = options_of(document)["now"]
        if item.get("progress") is None:
            item["progress"] = 100
    assert run(document) == run(spelt)


# --- section 5: which episodes are reported --------------------------------------------------


@RULE
@given(document=documents())
@pin_documents(NO_AIR_DATES, FULL_TIE)
def test_reported_episodes_are_catalog_and_explicit(document: JSON) -> None:
    """Contract: "Every catalog episode, and every (S, s, e) named by a kept explicit entry,
    even one the catalog lacks (its airDate is then null). A season default never invents
    episodes."  ``airDate`` "echoes the catalog's string, or null"."""
    catalog = {
        (ref.normalise_media(r["mediaId"]), int(r["season"]), int(r["episode"])): r.get("airDate")
        for r in document.get("episodes") or []
    }
    named = {
        (e.media, e.season, e.episode)
        for e in kept_entries(document)
        if not e.is_movie and e.episode is not None
    }
    output = run(document)
    reported = {episode_key(r): r["airDate"] for r in output["episodes"]}
    assert set(catalog) | named == set(reported)
    for key, air in reported.items():
        assert catalog.get(key) == air
    movies = {e.media for e in kept_entries(document) if e.is_movie}
    assert sorted(movies) == [r["mediaId"] for r in output["movies"]]


# --- section 2: time ------------------------------------------------------------------------


@settings(max_examples=150, deadline=None)
@given(
    zone=st.sampled_from((*ZONES, "America/Havana")),
    day=st.dates(min_value=date(2000, 1, 1), max_value=date(2035, 12, 31)),
)
@example(zone="America/Santiago", day=date(2022, 9, 11))
@example(zone="America/Santiago", day=date(2022, 4, 3))
@example(zone="America/Sao_Paulo", day=date(2018, 11, 4))
@example(zone="America/Sao_Paulo", day=date(2019, 2, 17))
@example(zone="Asia/Kolkata", day=date(2008, 1, 20))
@example(zone="America/Havana", day=date(2022, 11, 6))
@example(zone="Pacific/Auckland", day=date(2022, 9, 25))
@example(zone="UTC", day=date(2008, 1, 20))
def test_date_only_air_date_starts_at_first_instant_of_day(zone: str, day: date) -> None:
    """Contract: "A date-only airDate is the instant 00:00 of that date in airDateZone (on a
    day whose midnight a DST change skips, the day's first instant)" and "Episode airs
    before the entry means airInstant < entry.updatedAt, strictly."  A default updated
    exactly at that instant covers nothing; one a nanosecond later covers the episode.  "An
    episode is aired at now when airInstant < now"."""
    start = ref.day_start(day, zone)
    at = render_timestamp(start, 0, True, 9)
    just_after = render_timestamp(start + 1, -180, False, 9)
    history = [  # half watched, so each show's nextEpisode is its only episode
        watched(1, updated=at, progress=50, media="TV_1"),
        watched(1, updated=just_after, progress=50, media="TV_2"),
    ]
    catalog = [aired_on(1, 1, day.isoformat(), "TV_1"), aired_on(1, 1, day.isoformat(), "TV_2")]
    output = run(make_doc(history, catalog, now=at, airDateZone=zone))
    assert ["none", "seasonDefault"] == [r["basis"] for r in output["episodes"]]
    assert [0, 0] == [s["aired"] for s in output["seasons"]]
    assert [False, False] == [s["nextEpisode"]["aired"] for s in output["shows"]]
    output = run(make_doc(history, catalog, now=just_after, airDateZone=zone))
    assert [1, 1] == [s["aired"] for s in output["seasons"]]
    assert [True, True] == [s["nextEpisode"]["aired"] for s in output["shows"]]


@settings(max_examples=200)
@given(
    instant=wide_instants(),
    offset=st.sampled_from((0, 330, -180, 780, -570, 345)),
    extra_digits=st.integers(0, 9),
)
@example(instant=1_673_740_800_000_000_001, offset=0, extra_digits=0)
@example(instant=1_673_740_799_999_999_999, offset=330, extra_digits=0)
@example(instant=-1, offset=0, extra_digits=0)
def test_timestamps_go_out_as_utc_milliseconds(
    instant: int, offset: int, extra_digits: int
) -> None:
    """Contract: "Timestamps go out in UTC as YYYY-MM-DDTHH:MM:SS.sssZ (JavaScript's
    toISOString, and the API's own form); digits finer than milliseconds are truncated on
    output"."""
    digits = max(len(f"{instant % ref.NS:09d}".rstrip("0")), min(extra_digits, 9))
    text = render_timestamp(instant, offset, offset == 0, digits)
    doc = make_doc(
        [watched_movie(text, 100), watched(1, 1, text, 50, media="TV_11")],
        now=text,
    )
    output = run(doc)
    expected = ref.format_instant(instant)
    assert STAMP.fullmatch(expected)
    assert expected == output["movies"][0]["lastWatchedAt"]
    assert expected == output["inProgress"][0]["updatedAt"]


@RULE
@given(document=documents(nanoseconds=True))
@pin_documents(NANOSECOND_LATER, KOLKATA_MIDNIGHT)
def test_every_output_timestamp_is_a_utc_millisecond_stamp(document: JSON) -> None:
    """Contract: "Timestamps go out in UTC as YYYY-MM-DDTHH:MM:SS.sssZ": every ``lastWatchedAt`` and
    ``updatedAt`` in the output has that form and is the truncation of some entry's
    ``updatedAt``."""
    stamps = {ref.format_instant(e.updated) for e in kept_entries(document)}
    output = run(document)
    found = [
        r["lastWatchedAt"]
        for name in ("episodes", "movies", "seasons", "shows")
        for r in output[name]
    ]
    found += [r["updatedAt"] for r in output["inProgress"]]
    for text in found:
        if text is not None:
            assert STAMP.fullmatch(text), text
            assert text in stamps


# --- section 6: what goes out -----------------------------------------------------------------


@RULE
@given(document=documents())
@pin_documents(FULL_TIE, EVERYTHING_WATCHED)
def test_output_is_sorted(document: JSON) -> None:
    """Contract: "episodes are sorted by (mediaId, season, episode), movies by mediaId. A mediaId
    sorts as its normalised string, character by character (TV_TMDBID100 before
    TV_TMDBID11); season and episode numbers sort as numbers."  "Seasons sorted by
    (mediaId, season), shows by mediaId." Each appears once."""
    output = run(document)
    keys: dict[str, list[tuple[Any, ...]]] = {
        "episodes": [(r["mediaId"], r["season"], r["episode"]) for r in output["episodes"]],
        "movies": [(r["mediaId"],) for r in output["movies"]],
        "seasons": [(r["mediaId"], r["season"]) for r in output["seasons"]],
        "shows": [(r["mediaId"],) for r in output["shows"]],
    }
    for name, found in keys.items():
        assert sorted(set(found)) == found, name
        for key in found:
            assert re.fullmatch(r"(TV|MV)_TMDBID[1-9][0-9]*", key[0]), key
    assert isinstance(output["diagnostics"], list)


# --- section 8: summaries ---------------------------------------------------------------------


@RULE
@given(document=documents())
@pin_documents(*PINNED)
def test_summary_counts_are_ordered(document: JSON) -> None:
    """Contract: "completed those both aired and completed (so completed <= aired always)"; a
    season's aired episodes are among its episodes, and a show's among its seasons'.
    "percent is 100 * completed / aired rounded as Python's round(x, 2) does, 0 when
    nothing has aired"."""
    output = run(document)
    for season in output["seasons"]:
        assert season["completed"] <= season["aired"] <= season["episodes"]
    for show in output["shows"]:
        seasons = [
            s for s in output["seasons"] if s["mediaId"] == show["mediaId"] and s["season"] >= 1
        ]
        assert show["completed"] <= show["aired"] <= sum(s["episodes"] for s in seasons)
    for row in output["seasons"] + output["shows"]:
        expected = round(100 * row["completed"] / row["aired"], 2) if row["aired"] else 0
        assert expected == row["percent"]
        assert 0 <= row["percent"] <= 100


@RULE
@given(document=documents())
@pin_documents(EVERYTHING_WATCHED, ONLY_SPECIALS, KOLKATA_MIDNIGHT)
def test_specials_never_count_in_a_show(document: JSON) -> None:
    """Contract: "A show sums its seasons >= 1 (specials can never be marked, so they never count)."
    A show's counts are the sums of its seasons >= 1, and taking the specials out of the
    catalog leaves every show exactly as it was."""
    output = run(document)
    for show in output["shows"]:
        seasons = [
            s for s in output["seasons"] if s["mediaId"] == show["mediaId"] and s["season"] >= 1
        ]
        assert sum(s["aired"] for s in seasons) == show["aired"]
        assert sum(s["completed"] for s in seasons) == show["completed"]
        stamps = [s["lastWatchedAt"] for s in seasons if s["lastWatchedAt"] is not None]
        assert (max(stamps) if stamps else None) == show["lastWatchedAt"]
    for row in output["episodes"]:
        if row["season"] == 0:
            assert "none" == row["basis"]
    no_specials = {
        **document,
        "episodes": [r for r in document.get("episodes") or [] if r["season"] != 0],
    }
    shows = [
        s
        for s in output["shows"]
        if any(r["mediaId"] == s["mediaId"] and r["season"] >= 1 for r in output["episodes"])
    ]
    assert shows == run(no_specials)["shows"]


@RULE
@given(document=documents())
@pin_documents(*PINNED)
def test_next_episode_comes_after_last_episode(document: JSON) -> None:
    """Contract: "lastEpisode: the furthest completed episode, by (season, episode), season >= 1"
    and "nextEpisode: the first reported episode after lastEpisode [...]; with no
    lastEpisode, the first reported episode of season >= 1 that is not completed."  So
    nextEpisode is never at or before lastEpisode."""
    output = run(document)
    for show in output["shows"]:
        rows = [
            r for r in output["episodes"] if r["mediaId"] == show["mediaId"] and r["season"] >= 1
        ]
        done = [(r["season"], r["episode"]) for r in rows if r["completed"]]
        last, following = show["lastEpisode"], show["nextEpisode"]
        assert (max(done) if done else None) == (
            None if last is None else (last["season"], last["episode"])
        )
        if following is None:
            if last is None:
                assert [] == rows  # nothing completed and nothing left: no episodes at all
            else:
                after = (last["season"], last["episode"])
                assert [] == [r for r in rows if (r["season"], r["episode"]) > after]
            continue
        position = (following["season"], following["episode"])
        assert following["season"] >= 1
        if last is not None:
            assert position > (last["season"], last["episode"])
            between = [
                r
                for r in rows
                if (last["season"], last["episode"]) < (r["season"], r["episode"]) < position
            ]
            assert [] == between
        else:
            assert min((r["season"], r["episode"]) for r in rows) == position
        row = next(r for r in rows if (r["season"], r["episode"]) == position)
        assert row["airDate"] == following["airDate"]


@RULE
@given(document=documents())
@pin_documents(SANTIAGO_GAP, SAO_PAULO_GAP, KOLKATA_MIDNIGHT, HAVANA_TWICE, NEXT_UNAIRED)
def test_unaired_episodes_never_count_as_aired(document: JSON) -> None:
    """Contract: "An episode is aired at now when airInstant < now. Unknown air date: not aired."
    A season's ``aired`` counts exactly those, and ``nextEpisode.aired`` says the same."""
    zone, now = zone_of(document), now_of(document)
    output = run(document)

    def aired(row: JSON) -> bool:
        air = ref.air_instant(row["airDate"], zone)
        return air is not None and air < now

    for season in output["seasons"]:
        rows = [
            r
            for r in output["episodes"]
            if (r["mediaId"], r["season"]) == (season["mediaId"], season["season"])
        ]
        assert sum(1 for r in rows if aired(r)) == season["aired"]
        assert sum(1 for r in rows if aired(r) and r["completed"]) == season["completed"]
    for show in output["shows"]:
        following = show["nextEpisode"]
        if following is not None:
            assert aired(following) == following["aired"]


@RULE
@given(document=documents(nanoseconds=True))
@pin_documents(FULL_TIE, NANOSECOND_LATER, SAO_PAULO_GAP)
def test_in_progress_is_exactly_the_started_unfinished(document: JSON) -> None:
    """Contract: "inProgress (continue watching): every episode and movie with 0 < progress <
    threshold, newest deciding updatedAt first (ties by mediaId, season, episode); a movie
    has no season/episode keys."""
    threshold = threshold_of(document)
    entries = ref.read_history(document)
    output = run(document)
    started = [r for r in output["episodes"] + output["movies"] if 0 < r["progress"] < threshold]
    expected = sorted(
        started,
        key=lambda r: (
            -entries[r["decidedBy"]].updated,
            r["mediaId"],
            r.get("season", 0),
            r.get("episode", 0),
        ),
    )
    assert [
        {
            **{k: r[k] for k in ("mediaId", "season", "episode") if k in r},
            "progress": r["progress"],
            "updatedAt": ref.format_instant(entries[r["decidedBy"]].updated),
        }
        for r in expected
    ] == output["inProgress"]


# --- hand-picked timelines ----------------------------------------------------------------------

T = "2023-01-15T00:00:00.000Z"

TIMELINES = [
    # A season default updated after the episode aired covers it.
    pytest.param(
        make_doc([watched(1, updated=T)], [aired_on(1, 1, "2008-01-20")]),
        (1, 1),
        {
            "basis": "seasonDefault",
            "progress": 100.0,
            "decidedBy": 0,
            "plays": 1,
            "lastWatchedAt": T,
        },
        id="default-after-air",
    ),
    # updatedAt exactly at the air date's midnight: "before" is strict, nothing covers it.
    pytest.param(
        make_doc([watched(1, updated="2008-01-20T00:00:00Z")], [aired_on(1, 1, "2008-01-20")]),
        (1, 1),
        {"basis": "none", "progress": 0.0, "decidedBy": None, "plays": 0, "lastWatchedAt": None},
        id="default-at-air-midnight",
    ),
    # One millisecond after midnight covers it.
    pytest.param(
        make_doc([watched(1, updated="2008-01-20T00:00:00.001Z")], [aired_on(1, 1, "2008-01-20")]),
        (1, 1),
        {"basis": "seasonDefault", "decidedBy": 0, "lastWatchedAt": "2008-01-20T00:00:00.001Z"},
        id="default-a-millisecond-after-air",
    ),
    # An old explicit entry beats a much newer season default.
    pytest.param(
        make_doc(
            [watched(1, 1, "2020-01-01T00:00:00Z", 30), watched(1, updated=T)],
            [aired_on(1, 1, "2008-01-20")],
        ),
        (1, 1),
        {
            "basis": "explicit",
            "progress": 30.0,
            "completed": False,
            "decidedBy": 0,
            "plays": 0,
            "lastWatchedAt": None,
        },
        id="explicit-beats-newer-default",
    ),
    # The latest entry decides, not the highest progress; plays still counts the full watch.
    pytest.param(
        make_doc([watched(1, 1, "2023-01-01T00:00:00Z", 100), watched(1, 1, T, 20)]),
        (1, 1),
        {
            "basis": "explicit",
            "progress": 20.0,
            "decidedBy": 1,
            "plays": 1,
            "lastWatchedAt": "2023-01-01T00:00:00.000Z",
            "airDate": None,
        },
        id="latest-not-highest",
    ),
    # One instant spelt in two offsets ties on updatedAt: the higher progress wins.
    pytest.param(
        make_doc([watched(1, 1, "2023-01-15T05:30:00+05:30", 100), watched(1, 1, T, 50)]),
        (1, 1),
        {"progress": 100.0, "decidedBy": 0, "plays": 1},
        id="tie-on-instant-higher-progress",
    ),
    # Same instant and progress: imported "trakt" beats no import ("").
    pytest.param(
        make_doc([watched(1, 1, T, 50), watched(1, 1, T, 50, imported="trakt")]),
        (1, 1),
        {"progress": 50.0, "decidedBy": 1, "plays": 0},
        id="tie-broken-by-imported",
    ),
    # A full tie: the first entry in the list decides.
    pytest.param(
        make_doc(
            [watched(1, 1, T, 50, "trakt"), watched(1, 1, "2023-01-14T21:00:00-03:00", 50, "trakt")]
        ),
        (1, 1),
        {"decidedBy": 0},
        id="full-tie-first-wins",
    ),
    # asOf leaves out the later entry; the earlier one decides.
    pytest.param(
        make_doc(
            [watched(1, 1, "2023-01-01T00:00:00Z"), watched(1, 1, "2023-02-01T00:00:00Z", 10)],
            asOf=T,
        ),
        (1, 1),
        {"progress": 100.0, "decidedBy": 0, "plays": 1},
        id="as-of-drops-later",
    ),
    # asOf equal to an updatedAt keeps that entry ("later" is strict).
    pytest.param(
        make_doc([watched(1, 1, "2023-01-01T00:00:00Z"), watched(1, 1, T, 10)], asOf=T),
        (1, 1),
        {"progress": 10.0, "decidedBy": 1},
        id="as-of-keeps-equal",
    ),
    # No updatedAt: the entry takes now, and covers what aired before now.
    pytest.param(
        make_doc([watched(1)], [aired_on(1, 1, "2008-01-20")], now="2008-01-21T00:00:00+00:00"),
        (1, 1),
        {"basis": "seasonDefault", "decidedBy": 0, "lastWatchedAt": "2008-01-21T00:00:00.000Z"},
        id="missing-updated-at-is-now",
    ),
    # No progress: 100, a completed watch.
    pytest.param(
        make_doc([watched(1, 1, T)]),
        (1, 1),
        {"progress": 100.0, "completed": True, "plays": 1},
        id="missing-progress-is-100",
    ),
    # Progress equal to the threshold completes.
    pytest.param(
        make_doc([watched(1, 1, T, 45.5)], completionThreshold=45.5),
        (1, 1),
        {"completed": True, "plays": 1},
        id="progress-equal-to-threshold",
    ),
    # Asia/Kolkata: "2008-01-20" starts at 2008-01-19T18:30Z, so 20:00Z is after it.
    pytest.param(
        make_doc(
            [watched(1, updated="2008-01-19T20:00:00Z")],
            [aired_on(1, 1, "2008-01-20")],
            airDateZone="Asia/Kolkata",
        ),
        (1, 1),
        {"basis": "seasonDefault"},
        id="kolkata-midnight",
    ),
    # The same in UTC: 20:00Z on the 19th is before the episode.
    pytest.param(
        make_doc([watched(1, updated="2008-01-19T20:00:00Z")], [aired_on(1, 1, "2008-01-20")]),
        (1, 1),
        {"basis": "none"},
        id="utc-midnight",
    ),
    # America/Santiago skips 2022-09-11 00:00; the day starts at 04:00Z, 03:30Z is before it.
    pytest.param(
        make_doc(
            [watched(1, updated="2022-09-11T03:30:00Z")],
            [aired_on(1, 1, "2022-09-11")],
            airDateZone="America/Santiago",
        ),
        (1, 1),
        {"basis": "none"},
        id="santiago-gap-before",
    ),
    # ... and 04:00:00.001Z is after it.
    pytest.param(
        make_doc(
            [watched(1, updated="2022-09-11T04:00:00.001Z")],
            [aired_on(1, 1, "2022-09-11")],
            airDateZone="America/Santiago",
        ),
        (1, 1),
        {"basis": "seasonDefault"},
        id="santiago-gap-after",
    ),
    # The same two in the API's own form (...sssZ), the form the text path reads as text: a
    # date-only air date is a text instant only in UTC, so in another zone the day still
    # starts at 04:00Z (docs/design.md#two-kinds-of-instant).
    pytest.param(
        make_doc(
            [watched(1, updated="2022-09-11T03:30:00.000Z")],
            [aired_on(1, 1, "2022-09-11")],
            airDateZone="America/Santiago",
        ),
        (1, 1),
        {"basis": "none"},
        id="santiago-gap-before-canonical",
    ),
    pytest.param(
        make_doc(
            [watched(1, updated="2022-09-11T04:00:00.001Z")],
            [aired_on(1, 1, "2022-09-11")],
            airDateZone="America/Santiago",
        ),
        (1, 1),
        {"basis": "seasonDefault"},
        id="santiago-gap-after-canonical",
    ),
    # America/Sao_Paulo skipped 2018-11-04 00:00: exactly 03:00Z (01:00-02:00) is the start.
    pytest.param(
        make_doc(
            [watched(1, updated="2018-11-04T01:00:00-02:00")],
            [aired_on(1, 1, "2018-11-04")],
            airDateZone="America/Sao_Paulo",
        ),
        (1, 1),
        {"basis": "none"},
        id="sao-paulo-gap-exact",
    ),
    # A timestamp airDate is its own instant (21:00-05:00 is 02:00Z the next day).
    pytest.param(
        make_doc(
            [watched(1, updated="2008-01-21T01:59:59.999Z")],
            [aired_on(1, 1, "2008-01-20T21:00:00-05:00")],
        ),
        (1, 1),
        {"basis": "none", "airDate": "2008-01-20T21:00:00-05:00"},
        id="timestamp-air-date",
    ),
    # Nine digits: one nanosecond after midnight covers the episode; the output shows .000.
    pytest.param(
        make_doc(
            [watched(1, updated="2023-01-15T00:00:00.000000001Z")], [aired_on(1, 1, "2023-01-15")]
        ),
        (1, 1),
        {"basis": "seasonDefault", "lastWatchedAt": "2023-01-15T00:00:00.000Z"},
        id="one-nanosecond-after",
    ),
    # Twelve digits: a picosecond is still later (comparisons keep every digit).
    pytest.param(
        make_doc(
            [
                watched(1, 1, updated="2023-01-15T00:00:00.000000000001Z", progress=10),
                watched(1, 1, updated="2023-01-15T00:00:00Z", progress=100),
            ]
        ),
        (1, 1),
        {"progress": 10.0, "decidedBy": 0, "plays": 1, "lastWatchedAt": T},
        id="one-picosecond-later",
    ),
    # ... and a picosecond after midnight is after the episode aired.
    pytest.param(
        make_doc(
            [watched(1, updated="2023-01-15T00:00:00.000000000001Z")],
            [aired_on(1, 1, "2023-01-15")],
        ),
        (1, 1),
        {"basis": "seasonDefault", "lastWatchedAt": T},
        id="one-picosecond-after-air",
    ),
    # plays counts the completing defaults that themselves cover the episode: not the one
    # from before it aired, not the latest (40 < 80).
    pytest.param(
        make_doc(
            [
                watched(1, updated="2008-01-10T00:00:00Z"),
                watched(1, updated="2009-01-01T00:00:00Z"),
                watched(1, updated="2010-01-01T00:00:00Z", progress=40),
            ],
            [aired_on(1, 1, "2008-06-01")],
        ),
        (1, 1),
        {
            "basis": "seasonDefault",
            "progress": 40.0,
            "completed": False,
            "decidedBy": 2,
            "plays": 1,
            "lastWatchedAt": "2009-01-01T00:00:00.000Z",
        },
        id="plays-count-covering-defaults",
    ),
    # The latest default decides even where an older one covers too.
    pytest.param(
        make_doc(
            [
                watched(1, updated="2023-01-01T00:00:00Z", progress=100),
                watched(1, updated=T, progress=10),
            ],
            [aired_on(1, 1, "2008-01-20")],
        ),
        (1, 1),
        {"progress": 10.0, "decidedBy": 1, "plays": 1},
        id="latest-default-decides",
    ),
    # A season default never covers an episode whose air date is unknown.
    pytest.param(
        make_doc([watched(1, updated=T)], [aired_on(1, 1, None)]),
        (1, 1),
        {"basis": "none", "airDate": None},
        id="unknown-air-date",
    ),
]


@pytest.mark.parametrize(("doc", "episode", "expected"), TIMELINES)
def test_timeline(doc: JSON, episode: tuple[int, int], expected: JSON) -> None:
    """Hand-picked timelines of sections 2-4, one episode each: the fields named in the
    row have exactly those values (and the model agrees on the whole document)."""
    output = run(doc)
    row = next(r for r in output["episodes"] if (r["season"], r["episode"]) == episode)
    assert expected == {k: row[k] for k in expected}
    assert without_messages(ref.resolve(doc)) == without_messages(output)


# --- pinned summaries -----------------------------------------------------------------------------


def _show(output: JSON) -> JSON:
    (show,) = output["shows"]
    result: JSON = show
    return result


def test_summary_nothing_watched() -> None:
    """A show with nothing watched: nothing completed, percent 0, no lastEpisode, and
    nextEpisode is the first episode of season 1 ("with no lastEpisode, the first reported
    episode of season >= 1 that is not completed")."""
    output = run(NOTHING_WATCHED)
    assert [
        {
            "mediaId": SHOW,
            "season": 1,
            "episodes": 3,
            "aired": 3,
            "completed": 0,
            "percent": 0.0,
            "lastWatchedAt": None,
        }
    ] == output["seasons"]
    assert {
        "mediaId": SHOW,
        "aired": 3,
        "completed": 0,
        "percent": 0.0,
        "lastWatchedAt": None,
        "lastEpisode": None,
        "nextEpisode": {"season": 1, "episode": 1, "airDate": "2008-01-20", "aired": True},
    } == _show(output)
    assert [] == output["inProgress"]


def test_summary_everything_watched() -> None:
    """Everything of season 1 watched (by a season default): 100 percent, lastEpisode is the
    last episode, no nextEpisode; the unwatched special counts in its season only."""
    output = run(EVERYTHING_WATCHED)
    assert [
        {
            "mediaId": SHOW,
            "season": 0,
            "episodes": 1,
            "aired": 1,
            "completed": 0,
            "percent": 0.0,
            "lastWatchedAt": None,
        },
        {
            "mediaId": SHOW,
            "season": 1,
            "episodes": 3,
            "aired": 3,
            "completed": 3,
            "percent": 100.0,
            "lastWatchedAt": T,
        },
    ] == output["seasons"]
    assert {
        "mediaId": SHOW,
        "aired": 3,
        "completed": 3,
        "percent": 100.0,
        "lastWatchedAt": T,
        "lastEpisode": {"season": 1, "episode": 3},
        "nextEpisode": None,
    } == _show(output)


def test_summary_only_specials() -> None:
    """A catalog with only specials: the season-0 row counts them, the show counts nothing
    ("A show sums its seasons >= 1") and has neither lastEpisode nor nextEpisode."""
    output = run(ONLY_SPECIALS)
    assert [
        {
            "mediaId": SHOW,
            "season": 0,
            "episodes": 2,
            "aired": 2,
            "completed": 0,
            "percent": 0.0,
            "lastWatchedAt": None,
        },
    ] == output["seasons"]
    assert {
        "mediaId": SHOW,
        "aired": 0,
        "completed": 0,
        "percent": 0.0,
        "lastWatchedAt": None,
        "lastEpisode": None,
        "nextEpisode": None,
    } == _show(output)


def test_summary_season_without_air_dates() -> None:
    """A season with no air dates: nothing in it has aired ("Unknown air date: not
    aired"), so nothing in it counts as completed even when watched; the season default
    covers nothing; lastEpisode still names the watched episode and nextEpisode the one
    after it, unaired."""
    output = run(NO_AIR_DATES)
    assert [
        {
            "mediaId": SHOW,
            "season": 1,
            "episodes": 1,
            "aired": 1,
            "completed": 0,
            "percent": 0.0,
            "lastWatchedAt": None,
        },
        {
            "mediaId": SHOW,
            "season": 2,
            "episodes": 2,
            "aired": 0,
            "completed": 0,
            "percent": 0.0,
            "lastWatchedAt": T,
        },
    ] == output["seasons"]
    assert {
        "mediaId": SHOW,
        "aired": 1,
        "completed": 0,
        "percent": 0.0,
        "lastWatchedAt": T,
        "lastEpisode": {"season": 2, "episode": 1},
        "nextEpisode": {"season": 2, "episode": 2, "airDate": None, "aired": False},
    } == _show(output)
    assert ["explicit", "none"] == [r["basis"] for r in output["episodes"] if r["season"] == 2]
    assert [] == output["diagnostics"]


def test_summary_next_episode_unaired() -> None:
    """The next episode has not aired yet: it is still named, with ``aired`` false ("It may
    be unaired: aired says so"), and it does not count in ``aired``."""
    output = run(NEXT_UNAIRED)
    assert [
        {
            "mediaId": SHOW,
            "season": 1,
            "episodes": 2,
            "aired": 1,
            "completed": 1,
            "percent": 100.0,
            "lastWatchedAt": T,
        },
    ] == output["seasons"]
    assert {
        "mediaId": SHOW,
        "aired": 1,
        "completed": 1,
        "percent": 100.0,
        "lastWatchedAt": T,
        "lastEpisode": {"season": 1, "episode": 1},
        "nextEpisode": {"season": 1, "episode": 2, "airDate": "2030-06-01", "aired": False},
    } == _show(output)


def test_summary_percent_rounds_like_python() -> None:
    """Contract: "percent is 100 * completed / aired rounded as Python's round(x, 2) does": two of
    three is 66.67, one of three 33.33."""
    doc = make_doc(
        [watched(1, 1, T), watched(1, 2, T), watched(2, 1, T)],
        [aired_on(1, e, "2008-01-20") for e in (1, 2, 3)]
        + [aired_on(2, e, "2009-01-20") for e in (1, 2, 3)],
    )
    output = run(doc)
    assert [66.67, 33.33] == [s["percent"] for s in output["seasons"]]
    assert 50.0 == _show(output)["percent"]


def test_movies_named_in_summaries_without_season() -> None:
    """Contract: "a movie has no season/episode keys" in ``inProgress``; movies appear in no season
    or show summary."""
    doc = make_doc([watched_movie(T, 45.5), watched_movie(T, 10, media=f"MV_{MOVIES[0]}")])
    output = run(doc)
    assert [
        {"mediaId": "MV_TMDBID55", "progress": 10.0, "updatedAt": T},
        {"mediaId": FILM, "progress": 45.5, "updatedAt": T},
    ] == output["inProgress"]
    assert ([], []) == (output["seasons"], output["shows"])


# --- hand-picked timelines of one episode and one movie (support.one_episode), by rule -----


def test_explicit_latest_by_updated_at_then_progress_then_imported() -> None:
    """docs/rules.md#the-latest-entry: the key is (updatedAt, progress, imported or ""); the
    greatest decides."""
    history = [
        explicit(T1, 90),  # earlier, whatever its progress
        explicit(T2, 10),
        explicit(T2, 30, imported="trakt"),
        explicit(T2, 30),  # same time and progress, "" < "trakt"
        explicit(T2, 20, imported="zzz"),  # lower progress, whatever its source
    ]
    assert (30.0, False, "explicit", 2, 1, T1) == episode_state(one_episode(history))
    assert (30.0, False, "explicit", 2, 1, T1) == episode_state(one_episode(history[::-1]))


def test_explicit_full_tie_keeps_the_first_in_the_list() -> None:
    """docs/rules.md#the-latest-entry: entries equal on the whole key give one state; the first of
    them decides."""
    history = [explicit(T1, 50), explicit(T2, 50), explicit(T2, 50), explicit(T1, 60)]
    assert (50.0, False, "explicit", 1, 0, None) == episode_state(one_episode(history))


def test_an_entry_without_imported_loses_a_full_tie_to_any_imported_one() -> None:
    """docs/rules.md#the-latest-entry: the key's last part is ``imported or ""``, and "" is below
    every source name, even one that sorts before letters ("AAA")."""
    history = [
        {"mediaId": "MV_1", "updatedAt": T1, "progress": 50},
        {"mediaId": "MV_1", "updatedAt": T1, "progress": 50, "imported": "AAA"},
    ]
    output = resolve_document({"history": history, "options": {"now": NOW}}, clock=clock)
    assert 1 == output["movies"][0]["decidedBy"]


def test_season_default_ties_are_broken_like_explicit_ones() -> None:
    """docs/rules.md#the-latest-entry, for season defaults: (updatedAt, progress, imported); a full
    tie keeps the first."""
    history = [default(T2, 50), default(T2, 60), default(T2, 60), default(T2, 55, imported="z")]
    assert (60.0, False, "seasonDefault", 1, 0, None) == episode_state(one_episode(history))
    by_source = [default(T2, 60), default(T2, 60, imported="trakt"), default(T2, 60)]
    assert (60.0, False, "seasonDefault", 1, 0, None) == episode_state(one_episode(by_source))


def test_explicit_entry_wins_over_any_default() -> None:
    """docs/rules.md#explicit-entries: with an explicit entry, season defaults are not looked at at
    all."""
    history = [default(T3, 100), explicit(T2, 10)]
    assert (10.0, False, "explicit", 1, 0, None) == episode_state(one_episode(history))


def test_season_default_covers_only_episodes_aired_strictly_before_it() -> None:
    """docs/rules.md#season-defaults: a default covers an episode when airInstant < updatedAt,
    strictly."""
    assert (0.0, False, "none", None, 0, None) == episode_state(one_episode([default(AIR_AT, 100)]))
    assert (100.0, True, "seasonDefault", 0, 1, T2) == episode_state(
        one_episode([default(T2, 100)])
    )
    assert (0.0, False, "none", None, 0, None) == episode_state(one_episode([default(T1, 100)]))


def test_explicit_plays_and_last_watched_count_every_completing_entry() -> None:
    """docs/rules.md#completion-and-plays: plays counts the group's entries with progress >= t (t
    itself included); lastWatchedAt is the greatest updatedAt among them, in whatever order they
    come."""
    history = [
        explicit(T2, 80),  # exactly the threshold: completes
        explicit(T3, 79.5),  # latest, does not complete
        explicit(T1, 100),
    ]
    assert (79.5, False, "explicit", 1, 2, T2) == episode_state(one_episode(history))
    reordered = [history[1], *history[::2]]
    assert (79.5, False, "explicit", 0, 2, T2) == episode_state(one_episode(reordered))
    first_incomplete = [explicit(T1, 10), explicit(T2, 100), explicit(T3, 100)]
    assert (100.0, True, "explicit", 2, 2, T3) == episode_state(one_episode(first_incomplete))


def test_completed_uses_the_threshold_option() -> None:
    """docs/rules.md#completion-and-plays: completed = progress >= completionThreshold (not the
    default 80)."""
    assert (50.0, True, "explicit", 0, 1, T1) == episode_state(
        one_episode([explicit(T1, 50)], completionThreshold=50)
    )
    assert (49.9, False, "explicit", 0, 0, None) == episode_state(
        one_episode([explicit(T1, 49.9)], completionThreshold=50)
    )


def test_season_default_at_exactly_the_threshold_completes() -> None:
    """docs/rules.md#completion-and-plays: completed = progress >= t also when a season default
    decides."""
    assert (80.0, True, "seasonDefault", 0, 1, T2) == episode_state(one_episode([default(T2, 80)]))
    assert (79.9, False, "seasonDefault", 0, 0, None) == episode_state(
        one_episode([default(T2, 79.9)])
    )


def test_season_default_plays_count_only_completing_defaults_that_cover() -> None:
    """docs/rules.md#completion-and-plays: plays = the completing defaults that cover the episode;
    lastWatchedAt the latest of them; the latest default decides even when it does not complete."""
    history = [
        default(T3, 100),
        default(AIR_AT, 100),  # does not cover: aired at that very instant
        default("2023-04-01T00:00:00Z", 30),  # latest: decides
        default(T2, 100),
        default(T1, 100),  # does not cover: before the air date
    ]
    assert (30.0, False, "seasonDefault", 2, 2, T3) == episode_state(one_episode(history))
    latest_completes = [
        default(T3, 90),
        default(T2, 90, imported="a"),
        default(T3, 90, imported="b"),
    ]
    assert (90.0, True, "seasonDefault", 2, 3, T3) == episode_state(one_episode(latest_completes))
    none_complete = [default(T2, 10), default(T3, 20)]
    assert (20.0, False, "seasonDefault", 1, 0, None) == episode_state(one_episode(none_complete))


def test_movie_latest_plays_and_last_watched() -> None:
    """docs/rules.md#movies: the latest entry decides; plays and lastWatchedAt as for episodes."""
    history = [
        film(T2, 100, imported="trakt"),
        film(T3, 40),
        film(T3, 40, imported="trakt"),  # same time and progress: "trakt" > ""
        film(T1, 80),
        film(T3, 30, imported="zzz"),
    ]
    assert (40.0, False, 2, 2, T2) == movie_state(one_episode(history))
    assert (100.0, True, 0, 1, T1) == movie_state(one_episode([film(T1, 100)]))
    assert (10.0, False, 0, 0, None) == movie_state(one_episode([film(T1, 10)]))
    full_tie = [film(T1, 10), film(T2, 70), film(T2, 70), film(T3, 90), film(T2, 95)]
    assert (90.0, True, 3, 2, T3) == movie_state(one_episode(full_tie))
    assert (70.0, False, 1, 0, None) == movie_state(one_episode(full_tie[:3]))


def test_as_of_keeps_entries_at_that_instant_and_drops_later_ones() -> None:
    """docs/rules.md#now-and-asof: an entry whose updatedAt is later is left out; equal is kept."""
    history = [explicit(T1, 100), explicit(T2, 40), explicit(T3, 60), film(T3, 50)]
    output = one_episode(history, asOf=T2)
    assert (40.0, False, "explicit", 1, 1, T1) == episode_state(output)
    assert [] == output["movies"]
    defaults = [default(T2, 100), default(T3, 20)]
    assert (100.0, True, "seasonDefault", 0, 1, T2) == episode_state(one_episode(defaults, asOf=T2))


def test_explicit_episodes_outside_the_catalog_are_reported_sorted() -> None:
    """docs/rules.md#reported-episodes: every (S, s, e) named by a kept explicit entry is reported,
    airDate null; docs/rules.md#sort-order: episodes sorted by (mediaId, season, episode), numbers
    as numbers."""
    history = [
        {"mediaId": "TV_2", "season": 1, "episode": 10, "updatedAt": T1},
        {"mediaId": "TV_2", "season": 1, "episode": 9, "updatedAt": T1, "progress": 20},
        {"mediaId": "TV_10", "season": 2, "episode": 1, "updatedAt": T1},
    ]
    output = one_episode(history)
    assert [
        ("TV_TMDBID1", 1, 1, AIR, "none", None),
        ("TV_TMDBID10", 2, 1, None, "explicit", 2),
        ("TV_TMDBID2", 1, 9, None, "explicit", 1),
        ("TV_TMDBID2", 1, 10, None, "explicit", 0),
    ] == [
        (e["mediaId"], e["season"], e["episode"], e["airDate"], e["basis"], e["decidedBy"])
        for e in output["episodes"]
    ]


def test_season_default_without_catalog_season_warns_once_per_entry_by_position() -> None:
    """docs/rules.md#uncovered-season-defaults: a default whose season has no catalog episode is a
    warning, per entry, in history order; a default of a catalogued season is not."""
    history = [
        {"mediaId": "TV_7", "season": 2, "updatedAt": T1},
        default(T1, 100),  # TV_1 season 1 is in the catalog
        {"mediaId": "TV_1", "season": 2, "updatedAt": T1},
        {"mediaId": "TV_7", "season": 2, "updatedAt": T2},
    ]
    rule = "covers no episode: the catalog has no episode of that season"
    assert [
        {"severity": "warning", "path": "history[0]",
         "message": f"season default for TV_TMDBID7 season 2 {rule}"},
        {"severity": "warning", "path": "history[2]",
         "message": f"season default for TV_TMDBID1 season 2 {rule}"},
        {"severity": "warning", "path": "history[3]",
         "message": f"season default for TV_TMDBID7 season 2 {rule}"},
    ] == one_episode(history)["diagnostics"]  # fmt: skip
