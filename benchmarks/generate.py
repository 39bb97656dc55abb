"""A seeded generator of realistic Discovr profiles for the benchmarks.

``profile(n, seed)`` returns an input document with ``n`` history entries: shows = n / 100,
each with a catalog of 5 seasons x 12 episodes (a mix of date-only and timestamp air dates);
5% of entries are movies, and of the show entries 90% name an episode and 10% are season
defaults; 30% carry no progress; some are imported from Trakt; both history shapes occur.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta, timezone
from typing import Any

SEASONS = 5
EPISODES_PER_SEASON = 12
_EPOCH = datetime(2008, 1, 20, tzinfo=timezone.utc)


def _stamp(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def profile(entries: int, seed: int = 1396, catalog_seed: int | None = None) -> dict[str, Any]:
    """An input document with ``entries`` history entries (deterministic for a seed).

    With ``catalog_seed``, the catalog (and so the air dates the history is drawn around)
    comes from that seed alone: profiles of the same size and catalog seed share one catalog,
    as the profiles of a batch do.
    """
    rng = random.Random(seed)
    catalog_rng = rng if catalog_seed is None else random.Random(catalog_seed)
    shows = max(1, entries // 100)
    show_ids = [1000 + 7 * i for i in range(shows)]
    movies = [500_000 + 3 * i for i in range(max(1, entries // 200))]
    catalog: list[dict[str, Any]] = []
    air: dict[tuple[int, int, int], datetime] = {}
    for show in show_ids:
        start = _EPOCH + timedelta(days=catalog_rng.randrange(0, 5000))
        for season in range(1, SEASONS + 1):
            season_start = start + timedelta(days=365 * (season - 1))
            for episode in range(1, EPISODES_PER_SEASON + 1):
                moment = season_start + timedelta(weeks=episode - 1)
                air[(show, season, episode)] = moment
                if catalog_rng.random() < 0.5:
                    air_text: str | None = moment.strftime("%Y-%m-%d")
                else:
                    moment = moment.replace(hour=1) + timedelta(
                        minutes=catalog_rng.randrange(0, 180)
                    )
                    air[(show, season, episode)] = moment
                    air_text = _stamp(moment)
                if catalog_rng.random() < 0.01:
                    air_text = None
                catalog.append(
                    {
                        "mediaId": f"TV_TMDBID{show}",
                        "season": season,
                        "episode": episode,
                        "airDate": air_text,
                        "name": f"Episode {episode}",
                    }
                )
    history: list[dict[str, Any]] = []
    for _ in range(entries):
        roll = rng.random()
        item: dict[str, Any]
        if roll < 0.05:
            moment = _EPOCH + timedelta(seconds=rng.randrange(0, 18 * 365 * 86400))
            item = {"mediaId": f"MV_TMDBID{rng.choice(movies)}"}
        else:
            show = rng.choice(show_ids)
            season = rng.randrange(1, SEASONS + 1)
            episode = rng.randrange(1, EPISODES_PER_SEASON + 1)
            moment = air[(show, season, episode)] + timedelta(
                seconds=rng.randrange(-86400, 4 * 365 * 86400)
            )
            item = {"mediaId": f"TV_TMDBID{show}", "season": season}
            if roll >= 0.05 + 0.95 * 0.10:
                item["episode"] = episode
            if rng.random() < 0.2:  # the list endpoint's shape
                item = {"id": item.pop("mediaId").replace("TMDBID", ""), "mediaType": "tv", **item}
        moment += timedelta(milliseconds=rng.randrange(0, 1000))
        item["updatedAt"] = _stamp(moment)
        if rng.random() >= 0.30:
            item["progress"] = 100 if rng.random() < 0.6 else round(rng.random() * 100, 1)
        if rng.random() < 0.1:
            item["imported"] = "trakt"
        item["createdAt"] = item["updatedAt"]
        history.append(item)
    return {
        "history": history,
        "episodes": catalog,
        "options": {"now": "2026-11-28T00:00:00.000Z"},
    }
