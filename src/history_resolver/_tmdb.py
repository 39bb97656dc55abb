"""Catalogs from TMDB payloads as they come.

Discovr ids are TMDB ids, so a client gets air dates from TMDB's TV season endpoint
(``GET /3/tv/{id}/season/{n}``) or from TV details with seasons appended
(``GET /3/tv/{id}?append_to_response=season/1,season/2``).  :func:`catalog_from_tmdb` turns
either, or a list of season objects, into :class:`CatalogEpisode` values.  An empty or null
``air_date`` is an unknown air date (TMDB's way of saying "not announced").
"""

from __future__ import annotations

import re
from datetime import date

from ._errors import Diagnostic, InvalidInputError, key_path, render_value
from ._ids import MediaId
from ._model import CatalogEpisode, as_count
from ._time import TimeSyntaxError, parse_air_date

__all__ = ["catalog_from_tmdb", "read_tmdb", "read_tmdb_rows"]

_APPENDED_SEASON = re.compile(r"season/[0-9]{1,9}", re.ASCII)


def catalog_from_tmdb(
    media_id: MediaId | str, payload: object, *, path: str = "$"
) -> list[CatalogEpisode]:
    """The catalog episodes in a TMDB season object, TV details with appended seasons, or a
    list of season objects.

    Raises :class:`InvalidInputError` naming every problem by its JSON path below ``path``.
    """
    episodes, problems = read_tmdb(media_id, payload, path=path)
    if problems:
        raise InvalidInputError(problems)
    return episodes


def read_tmdb(
    media_id: MediaId | str, payload: object, *, path: str = "$"
) -> tuple[list[CatalogEpisode], list[Diagnostic]]:
    """:func:`catalog_from_tmdb` that returns the valid episodes *and* the problems, for a
    caller that leaves invalid episodes out (``onInvalid: "skip"``)."""
    show = media_id if isinstance(media_id, MediaId) else MediaId.parse(media_id)
    problems: list[Diagnostic] = []
    episodes: list[CatalogEpisode] = []
    if show.kind != "tv":
        problems.append(Diagnostic("error", path, f"{render_value(str(show))} is not a show"))
    elif isinstance(payload, list):
        for index, season in enumerate(payload):
            _season(show, season, None, f"{path}[{index}]", episodes, problems)
    elif isinstance(payload, dict) and "episodes" in payload:
        _season(show, payload, None, path, episodes, problems)
    elif isinstance(payload, dict):
        appended = sorted(
            (key for key in payload if _APPENDED_SEASON.fullmatch(key)),
            key=lambda key: int(key[7:]),
        )
        tmdb_id = payload.get("id")
        if isinstance(tmdb_id, int) and not isinstance(tmdb_id, bool) and tmdb_id != show.tmdb_id:
            problems.append(Diagnostic("error", f"{path}.id", f"{tmdb_id} is not the id of {show}"))
        if not appended:
            problems.append(
                Diagnostic(
                    "error",
                    path,
                    'has no "episodes" and no appended "season/N": '
                    "not a TMDB season or TV details with seasons",
                )
            )
        for key in appended:
            _season(show, payload[key], int(key[7:]), key_path(path, key), episodes, problems)
    else:
        problems.append(Diagnostic("error", path, f"{render_value(payload)} is not an object"))
    return episodes, problems


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
    problems: list[Diagnostic],
) -> None:
    if not isinstance(season, dict):
        problems.append(Diagnostic("error", path, f"{render_value(season)} is not an object"))
        return
    season_number = season.get("season_number")
    default_season: int | None = None
    if season_number is not None:
        checked = as_count(season_number, 0)
        if isinstance(checked, str):
            problems.append(Diagnostic("error", f"{path}.season_number", checked))
        elif expected_number is not None and checked != expected_number:
            problems.append(
                Diagnostic(
                    "error",
                    f"{path}.season_number",
                    f"{checked} contradicts the key season/{expected_number}",
                )
            )
        else:
            default_season = checked
    episodes = season.get("episodes")
    if not isinstance(episodes, list):
        problems.append(
            Diagnostic("error", f"{path}.episodes", f"{render_value(episodes)} is not an array")
        )
        return
    for index, episode in enumerate(episodes):
        where = f"{path}.episodes[{index}]"
        if not isinstance(episode, dict):
            problems.append(Diagnostic("error", where, f"{render_value(episode)} is not an object"))
            continue
        before = len(problems)
        number = as_count(episode.get("episode_number"), 1)
        if isinstance(number, str):
            problems.append(Diagnostic("error", f"{where}.episode_number", number))
        raw_season = episode.get("season_number")
        in_season: int | str | None = (
            default_season if raw_season is None else as_count(raw_season, 0)
        )
        if isinstance(in_season, str):
            problems.append(Diagnostic("error", f"{where}.season_number", in_season))
        elif in_season is None:
            problems.append(Diagnostic("error", f"{where}.season_number", "is required"))
        show_id = episode.get("show_id")
        if isinstance(show_id, int) and not isinstance(show_id, bool) and show_id != show.tmdb_id:
            problems.append(
                Diagnostic("error", f"{where}.show_id", f"{show_id} is not the id of {show}")
            )
        air_date = episode.get("air_date")
        air: date | None = None
        if air_date is not None and air_date != "":
            air = _air_date(air_date, f"{where}.air_date", problems)
        if len(problems) == before:
            assert isinstance(number, int) and isinstance(in_season, int)
            out.append(CatalogEpisode(show, in_season, number, air))


def _air_date(value: object, path: str, problems: list[Diagnostic]) -> date | None:
    if not isinstance(value, str):
        problems.append(Diagnostic("error", path, f"{render_value(value)} is not a string"))
        return None
    try:
        parsed = parse_air_date(value)
    except TimeSyntaxError as error:
        problems.append(Diagnostic("error", path, f"{render_value(value)} {error}"))
        return None
    if not isinstance(parsed, tuple):
        problems.append(
            Diagnostic("error", path, f"{render_value(value)} is not a date (YYYY-MM-DD)")
        )
        return None
    return date(*parsed)
