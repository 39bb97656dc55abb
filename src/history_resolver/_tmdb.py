"""Catalogs from TMDB payloads as they come.

Discovr ids are TMDB ids, so a client gets air dates from TMDB's TV season endpoint
(``GET /3/tv/{id}/season/{n}``) or from TV details with seasons appended
(``GET /3/tv/{id}?append_to_response=season/1,season/2``).  :func:`catalog_from_tmdb` turns
either, or a list of season objects, into :class:`CatalogEpisode` values.  An empty or null
``air_date`` is an unknown air date (TMDB's way of saying "not announced").

The payload obeys docs/rules.md#tmdb-payloads; its numbers, dates and keys obey the rules a
catalog row obeys, written once elsewhere
(docs/rules.md#catalog-rows, #near-misses); TMDB's own keys are never near misses
(docs/rules.md#keys-discovr-and-tmdb-send).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date

from ._catalog import check_show
from ._errors import Diagnostic, InvalidInputError, Problems, key_path, render_value
from ._ids import MediaId
from ._keys import TMDB_EPISODE_KEYS, check_keys
from ._model import CatalogEpisode
from ._numbers import check_count
from ._time import check_air_date

__all__ = ["catalog_from_tmdb", "named_show", "read_tmdb", "read_tmdb_rows"]

_APPENDED_SEASON = re.compile(r"season/[0-9]{1,9}", re.ASCII)
_NAMES_NO_SHOW = (
    "names no show (no integer show_id in an episode, no integer id of TV details): "
    "give the show's media id"
)
_NOT_A_PAYLOAD = (
    'has no "episodes" and no appended "season/N": not a TMDB season or TV details with seasons'
)


def catalog_from_tmdb(
    media_id: MediaId | str, payload: object, *, path: str = "$"
) -> list[CatalogEpisode]:
    """The catalog episodes in a TMDB season object, TV details with appended seasons, or a
    list of season objects.

    Raises :class:`InvalidInputError` naming every problem by its JSON path below ``path``.
    """
    problems = Problems()
    episodes = _read(media_id, payload, problems, path)
    problems.raise_if_any()
    return episodes


def read_tmdb(
    media_id: MediaId | str, payload: object, *, path: str = "$"
) -> tuple[list[CatalogEpisode], list[Diagnostic]]:
    """:func:`catalog_from_tmdb` that returns the valid episodes *and* the problems, for a
    caller that leaves invalid episodes out (``onInvalid: "skip"``)."""
    problems = Problems()
    return _read(media_id, payload, problems, path), problems.items


def _read(
    media_id: MediaId | str, payload: object, problems: Problems, path: str
) -> list[CatalogEpisode]:
    show = media_id if isinstance(media_id, MediaId) else MediaId.parse(media_id)
    episodes: list[CatalogEpisode] = []
    if not check_show(show.kind, str(show), problems, path):
        return episodes
    if isinstance(payload, list):
        for index, season in enumerate(payload):
            _season(show, season, None, f"{path}[{index}]", episodes, problems)
    elif isinstance(payload, dict) and "episodes" in payload:
        _season(show, payload, None, path, episodes, problems)
    elif isinstance(payload, dict):
        _details(show, payload, path, episodes, problems)
    else:
        problems.error(path, f"{render_value(payload)} is not an object", "tmdb-payloads")
    return episodes


def _tmdb_id(value: object) -> int | None:
    """A TMDB id in a payload (``show_id``, TV details' ``id``): an integer, else none."""
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _same_show(show: MediaId, value: object, problems: Problems, path: str) -> None:
    """A TMDB id in the payload, if any, is the show's."""
    found = _tmdb_id(value)
    if found is not None and found != show.tmdb_id:
        problems.error(path, f"{found} is not the id of {show}", "tmdb-payloads")


def _named_ids(payload: object, path: str, near: Problems) -> Iterator[tuple[object, str]]:
    """Each value in ``payload`` that names its show, with its path: TV details' ``id`` and
    every episode object's ``show_id``, read where :func:`catalog_from_tmdb` reads them; the
    episode objects' near-miss keys (a ``showId``, say) go to ``near``."""
    if isinstance(payload, list):
        seasons = [(season, f"{path}[{index}]") for index, season in enumerate(payload)]
    elif isinstance(payload, dict) and "episodes" in payload:
        seasons = [(payload, path)]
    elif isinstance(payload, dict):
        yield payload.get("id"), f"{path}.id"
        seasons = [
            (payload[key], key_path(path, key))
            for key in payload
            if _APPENDED_SEASON.fullmatch(key)
        ]
    else:
        return
    for season, season_path in seasons:
        episodes = season.get("episodes") if isinstance(season, dict) else None
        for index, episode in enumerate(episodes if isinstance(episodes, list) else []):
            if isinstance(episode, dict):
                episode_path = f"{season_path}.episodes[{index}]"
                check_keys(episode, TMDB_EPISODE_KEYS, episode_path, near)
                yield episode.get("show_id"), f"{episode_path}.show_id"


def named_show(
    payload: object, problems: Problems, path: str = "$", default: MediaId | None = None
) -> MediaId | None:
    """The show a TMDB payload given without a media id is for (docs/rules.md#tmdb-payloads):
    the one TMDB id its episodes' ``show_id`` and TV details' ``id`` name, all agreeing, else
    ``default``; ``None``, with the problem in ``problems``, when it names none (and there
    is no default), several, or a bad one."""
    named: dict[int, str] = {}
    near = Problems()
    for value, where in _named_ids(payload, path, near):
        found = _tmdb_id(value)
        if found is not None:
            named.setdefault(found, where)
    if not named and default is not None:
        return default
    if not named:  # a near miss may be why: say it too (else catalog_from_tmdb says it)
        problems.items.extend(near.items)
        problems.error(path, _NAMES_NO_SHOW, "tmdb-payloads")
        return None
    (first, first_path), *others = named.items()
    for other, other_path in others:
        message = f"{other} is not {first}, the show named at {first_path}"
        problems.error(other_path, message, "tmdb-payloads")
    if others:
        return None
    try:
        return MediaId.tv(first)
    except InvalidInputError as error:
        for problem in error.problems:
            problems.error(first_path, problem.message, problem.rule)
        return None


def _details(
    show: MediaId,
    payload: dict[str, object],
    path: str,
    out: list[CatalogEpisode],
    problems: Problems,
) -> None:
    """TV details with seasons appended (``season/1``, ``season/2``, ...)."""
    appended = sorted(
        (key for key in payload if _APPENDED_SEASON.fullmatch(key)),
        key=lambda key: int(key[7:]),
    )
    _same_show(show, payload.get("id"), problems, f"{path}.id")
    if not appended:
        problems.error(path, _NOT_A_PAYLOAD, "tmdb-payloads")
    for key in appended:
        _season(show, payload[key], int(key[7:]), key_path(path, key), out, problems)


def _season_number(
    season: dict[str, object], expected: int | None, problems: Problems, path: str
) -> int | None:
    """The season's own number, if it gives one that agrees with its key."""
    value = season.get("season_number")
    number = None if value is None else check_count(value, 0, problems, path)
    if number is not None and expected is not None and number != expected:
        problems.error(path, f"{number} contradicts the key season/{expected}", "tmdb-payloads")
        return None
    return number


def read_tmdb_rows(
    media_id: MediaId | str, payload: object, *, path: str = "$"
) -> tuple[list[dict[str, object]], list[Diagnostic]]:
    """:func:`read_tmdb` with the episodes as catalog rows of the input document (what an
    adapter adds to a document's ``episodes``)."""
    episodes, problems = read_tmdb(media_id, payload, path=path)
    rows: list[dict[str, object]] = [
        {
            "mediaId": str(e.media_id),
            "season": e.season,
            "episode": e.episode,
            "airDate": None if e.air_date is None else e.air_date.isoformat(),
        }
        for e in episodes
    ]
    return rows, problems


def _season(
    show: MediaId,
    season: object,
    expected_number: int | None,
    path: str,
    out: list[CatalogEpisode],
    problems: Problems,
) -> None:
    if not isinstance(season, dict):
        problems.error(path, f"{render_value(season)} is not an object", "tmdb-payloads")
        return
    default_season = _season_number(season, expected_number, problems, f"{path}.season_number")
    episodes = season.get("episodes")
    if not isinstance(episodes, list):
        message = f"{render_value(episodes)} is not an array"
        problems.error(f"{path}.episodes", message, "tmdb-payloads")
        return
    for index, episode in enumerate(episodes):
        found = _episode(show, episode, default_season, f"{path}.episodes[{index}]", problems)
        if found is not None:
            out.append(found)


def _episode(
    show: MediaId, episode: object, season: int | None, path: str, problems: Problems
) -> CatalogEpisode | None:
    if not isinstance(episode, dict):
        problems.error(path, f"{render_value(episode)} is not an object", "tmdb-payloads")
        return None
    before = len(problems)
    number = check_count(episode.get("episode_number"), 1, problems, f"{path}.episode_number")
    in_season = _episode_season(episode.get("season_number"), season, problems, path)
    _same_show(show, episode.get("show_id"), problems, f"{path}.show_id")
    air_date = episode.get("air_date")
    air = None if air_date in (None, "") else _air_date(air_date, problems, f"{path}.air_date")
    check_keys(episode, TMDB_EPISODE_KEYS, path, problems)
    if len(problems) != before:
        return None
    assert number is not None and in_season is not None
    return CatalogEpisode(show, in_season, number, air)


def _episode_season(value: object, season: int | None, problems: Problems, path: str) -> int | None:
    """An episode's ``season_number``, else its season's."""
    if value is not None:
        return check_count(value, 0, problems, f"{path}.season_number")
    if season is None:
        problems.error(f"{path}.season_number", "is required", "tmdb-payloads")
    return season


def _air_date(value: object, problems: Problems, path: str) -> date | None:
    """TMDB's ``air_date`` is a calendar date (a catalog row's may also be a timestamp)."""
    parsed = check_air_date(value, problems, path)
    if parsed is not None and not isinstance(parsed, tuple):
        message = f"{render_value(value)} is not a date (YYYY-MM-DD)"
        problems.error(path, message, "tmdb-payloads")
        return None
    return None if parsed is None else date(*parsed)
