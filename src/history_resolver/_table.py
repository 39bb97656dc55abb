"""The command's human view: a line per show, a bar per season, and continue watching."""

from __future__ import annotations

from typing import Any

__all__ = ["LEGEND", "render_table"]

LEGEND = "# completed   > in progress   . not watched   _ not aired"


def _cell(episode: dict[str, Any], now_aired: bool) -> str:
    if episode["completed"]:
        return "#"
    if episode["progress"] > 0:
        return ">"
    return "." if now_aired else "_"


def _name(ref: dict[str, Any] | None) -> str:
    return "-" if ref is None else f"S{ref['season']}E{ref['episode']}"


def render_table(output: dict[str, Any], aired: dict[tuple[str, int, int], bool]) -> str:
    """The output document as text.  ``aired`` says, per episode, whether it aired by now."""
    lines: list[str] = []
    by_season: dict[tuple[str, int], list[dict[str, Any]]] = {}
    for episode in output["episodes"]:
        by_season.setdefault((episode["mediaId"], episode["season"]), []).append(episode)
    seasons: dict[str, list[dict[str, Any]]] = {}
    for season in output["seasons"]:
        seasons.setdefault(season["mediaId"], []).append(season)
    width = max((len(v) for v in by_season.values()), default=0)
    for show in output["shows"]:
        media = show["mediaId"]
        nxt = show["nextEpisode"]
        next_text = _name(nxt)
        if nxt is not None:
            when = nxt["airDate"] or "air date unknown"
            next_text += f" ({when}{'' if nxt['aired'] else ', not aired yet'})"
        lines.append(
            f"{media}  {show['percent']:.2f}% watched ({show['completed']} of "
            f"{show['aired']} aired)  last {_name(show['lastEpisode'])}  next {next_text}"
        )
        for season in seasons.get(media, []):
            episodes = by_season[(media, season["season"])]
            cells = "".join(_cell(e, aired[(media, e["season"], e["episode"])]) for e in episodes)
            label = "specials" if season["season"] == 0 else f"{season['percent']:6.2f}%"
            lines.append(
                f"  S{season['season']:<3} {cells:<{width}}  "
                f"{season['completed']:>3}/{season['aired']:<3} {label}"
            )
    for movie in output["movies"]:
        state = (
            "completed"
            if movie["completed"]
            else ("in progress" if movie["progress"] > 0 else "not watched")
        )
        lines.append(f"{movie['mediaId']}  {movie['progress']:g}%  {state}  plays {movie['plays']}")
    if output["inProgress"]:
        lines.append("")
        lines.append("Continue watching")
        for item in output["inProgress"]:
            where = f" S{item['season']}E{item['episode']}" if "season" in item else ""
            lines.append(
                f"  {item['mediaId']}{where}  {item['progress']:g}%  since {item['updatedAt']}"
            )
    if output["episodes"]:
        lines.append("")
        lines.append(LEGEND)
    for diagnostic in output["diagnostics"]:
        lines.append(f"{diagnostic['severity']}: {diagnostic['path']}: {diagnostic['message']}")
    return "\n".join(lines) + "\n"
