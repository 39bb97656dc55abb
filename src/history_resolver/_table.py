"""The command's human view: a line per show, a bar per season, and continue watching.

A bar has one cell per reported episode.  Bars are padded to the longest one, up to
:data:`MAX_CELLS`; a longer season (a daily show has hundreds of episodes) wraps, its
continuation lines indented under the bar, so that the table stays readable in 100
columns.  Titles are not part of the output document: the command passes the ones it found
in the history items it read, by media id, and they are shown beside the id.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

__all__ = ["LEGEND", "MAX_CELLS", "MAX_TITLE", "render_table"]

LEGEND = "# completed   > in progress   . not watched   _ not aired"
MAX_CELLS = 50  # cells on one line of a season's bar
MAX_TITLE = 40  # characters of a title shown
_INDENT = " " * len("  S1   ")  # continuation lines start under the bar
_NOTHING = "(nothing resolved: no episode and no movie)"


def _cell(episode: dict[str, Any], now_aired: bool) -> str:
    if episode["completed"]:
        return "#"
    if episode["progress"] > 0:
        return ">"
    return "." if now_aired else "_"


def _name(ref: dict[str, Any] | None) -> str:
    return "-" if ref is None else f"S{ref['season']}E{ref['episode']}"


def _shown_title(title: str) -> str:
    """A title as one safe, short piece of a line: control characters (a newline, a
    terminal escape) become spaces, runs of spaces one, and a long title is cut."""
    text = " ".join(
        "".join(" " if ord(c) < 32 or 127 <= ord(c) < 160 else c for c in title).split()
    )
    if len(text) > MAX_TITLE:
        text = text[: MAX_TITLE - 3] + "..."
    return f'  "{text}"' if text else ""


def render_table(
    output: dict[str, Any],
    aired: dict[tuple[str, int, int], bool],
    titles: Mapping[str, str] | None = None,
) -> str:
    """The output document as text.  ``aired`` says, per episode, whether it aired by now;
    ``titles`` maps a media id (long form) to its title, where one is known.

    Diagnostics are not part of the table: the command writes them to stderr.
    """
    titled = {media: _shown_title(title) for media, title in (titles or {}).items()}
    lines: list[str] = []
    by_season: dict[tuple[str, int], list[dict[str, Any]]] = {}
    for episode in output["episodes"]:
        by_season.setdefault((episode["mediaId"], episode["season"]), []).append(episode)
    seasons: dict[str, list[dict[str, Any]]] = {}
    for season in output["seasons"]:
        seasons.setdefault(season["mediaId"], []).append(season)
    width = min(max((len(v) for v in by_season.values()), default=0), MAX_CELLS)
    for show in output["shows"]:
        media = show["mediaId"]
        nxt = show["nextEpisode"]
        next_text = _name(nxt)
        if nxt is not None:
            when = nxt["airDate"] or "air date unknown"
            next_text += f" ({when}{'' if nxt['aired'] else ', not aired yet'})"
        lines.append(
            f"{media}{titled.get(media, '')}  {show['percent']:.2f}% watched "
            f"({show['completed']} of {show['aired']} aired)  last {_name(show['lastEpisode'])}"
            f"  next {next_text}"
        )
        for season in seasons.get(media, []):
            episodes = by_season[(media, season["season"])]
            cells = "".join(_cell(e, aired[(media, e["season"], e["episode"])]) for e in episodes)
            label = "specials" if season["season"] == 0 else f"{season['percent']:6.2f}%"
            lines.append(
                f"  S{season['season']:<3} {cells[:MAX_CELLS]:<{width}}  "
                f"{season['completed']:>3}/{season['aired']:<3} {label}"
            )
            lines.extend(
                _INDENT + cells[start : start + MAX_CELLS]
                for start in range(MAX_CELLS, len(cells), MAX_CELLS)
            )
    for movie in output["movies"]:
        state = (
            "completed"
            if movie["completed"]
            else ("in progress" if movie["progress"] > 0 else "not watched")
        )
        lines.append(
            f"{movie['mediaId']}{titled.get(movie['mediaId'], '')}  {movie['progress']:g}%  "
            f"{state}  plays {movie['plays']}"
        )
    if output["inProgress"]:
        lines.append("")
        lines.append("Continue watching")
        for item in output["inProgress"]:
            where = f" S{item['season']}E{item['episode']}" if "season" in item else ""
            lines.append(
                f"  {item['mediaId']}{where}{titled.get(item['mediaId'], '')}  "
                f"{item['progress']:g}%  since {item['updatedAt']}"
            )
    if output["episodes"]:
        lines.append("")
        lines.append(LEGEND)
    if not lines:
        lines.append(_NOTHING)
    return "\n".join(lines) + "\n"
