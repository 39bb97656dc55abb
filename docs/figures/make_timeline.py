"""Draw the season-default timeline (``season-default.svg``) from the library's own result.

The figure shows one season of a show on a time axis: each episode at its air instant, the
season default's ``updatedAt``, which episodes the default covers (those that aired strictly
before it) and an explicit entry that unmarks one of them.  Nothing in it is drawn by hand:
the example document (``examples/season-default.json``) is resolved by
:func:`history_resolver.resolve_document` and each episode is drawn as the result says
(``basis``, ``progress``, ``decidedBy``), so the figure cannot contradict the library.

Writes SVG text directly (no plotting library), byte for byte the same on every run::

    python docs/figures/make_timeline.py            # write docs/figures/season-default.svg
    python docs/figures/make_timeline.py --check    # exit 1 if the committed file is stale

``tests/test_figures.py`` runs the check.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from history_resolver import Timestamp, resolve_document

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
EXAMPLE = ROOT / "examples" / "season-default.json"
OUTPUT = HERE / "season-default.svg"

WIDTH, HEIGHT = 820, 330
LEFT, RIGHT = 50, 30
EPISODE_Y, AXIS_Y, ENTRY_Y = 150, 205, 88
DAY_NS = 86_400 * 10**9
COVERED, UNMARKED, NOT_COVERED, BAND = "#2e7d32", "#c62828", "#9e9e9e", "#e8f5e9"
FONT = 'font-family="DejaVu Sans, Helvetica, Arial, sans-serif"'


def _air_ns(air_date: str) -> int:
    """The instant a date-only air date starts in UTC (the example's ``airDateZone``)."""
    day = dt.date.fromisoformat(air_date)
    return (day - dt.date(1970, 1, 1)).days * DAY_NS


def _stamp_ns(text: str) -> int:
    return int(Timestamp.parse(text).ns)


def _text(x: float, y: float, text: str, size: int = 12, **attributes: str) -> str:
    extra = "".join(f' {key.replace("_", "-")}="{value}"' for key, value in attributes.items())
    return f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}"{extra}>{escape(text)}</text>'


def render(document: dict[str, Any], source: str) -> str:
    """The SVG for ``document`` (one show, one season, one season default), resolved by the
    library; ``source`` names the document in the caption."""
    output = resolve_document(document)
    history = document["history"]
    episodes = output["episodes"]
    media, season = episodes[0]["mediaId"], episodes[0]["season"]
    defaults = sorted(
        {e["decidedBy"] for e in episodes if e["basis"] == "seasonDefault"},
        key=lambda index: _stamp_ns(history[index]["updatedAt"]),
    )
    default = defaults[-1]  # the latest season default decides every episode it covers
    default_ns = _stamp_ns(history[default]["updatedAt"])

    airs = [_air_ns(e["airDate"]) for e in episodes]
    start = min(airs) - 7 * DAY_NS
    end = max(airs) + 7 * DAY_NS

    def x(ns: int) -> float:
        return LEFT + (WIDTH - LEFT - RIGHT) * (ns - start) / (end - start)

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" '
        f'viewBox="0 0 {WIDTH} {HEIGHT}" {FONT}>',
        f"<title>A season default covers the episodes aired strictly before it: {media} "
        f"season {season}</title>",
        f'<rect width="{WIDTH}" height="{HEIGHT}" fill="white"/>',
        _text(
            LEFT, 26, "A season default covers the episodes aired strictly before it", 15,
            font_weight="bold",
        ),
        _text(LEFT, 46, f"{media} season {season}, resolved from {source}", 12, fill="#555"),
        # what the default covers: everything left of its updatedAt
        f'<rect x="{x(start):.1f}" y="{ENTRY_Y - 30}" width="{x(default_ns) - x(start):.1f}" '
        f'height="{AXIS_Y - ENTRY_Y + 30}" fill="{BAND}"/>',
        f'<line x1="{x(default_ns):.1f}" y1="{ENTRY_Y - 30}" x2="{x(default_ns):.1f}" '
        f'y2="{AXIS_Y + 8}" stroke="{COVERED}" stroke-width="2"/>',
        _text(
            x(default_ns) + 6, ENTRY_Y - 18,
            f"history[{default}]: season {season}, updatedAt {history[default]['updatedAt']}",
            11, fill=COVERED,
        ),
        _text(
            x(default_ns) - 6, ENTRY_Y - 18, "covered (aired before)", 11, fill=COVERED,
            text_anchor="end",
        ),
        # the time axis, a tick each week from the first air date
        f'<line x1="{LEFT}" y1="{AXIS_Y}" x2="{WIDTH - RIGHT}" y2="{AXIS_Y}" stroke="#333"/>',
    ]  # fmt: skip
    tick = min(airs)
    while tick <= end:
        day = dt.date(1970, 1, 1) + dt.timedelta(days=tick // DAY_NS)
        parts.append(
            f'<line x1="{x(tick):.1f}" y1="{AXIS_Y}" x2="{x(tick):.1f}" y2="{AXIS_Y + 5}" '
            'stroke="#333"/>'
        )
        parts.append(_text(x(tick), AXIS_Y + 18, day.strftime("%m-%d"), 10, text_anchor="middle"))
        tick += 7 * DAY_NS
    year = (dt.date(1970, 1, 1) + dt.timedelta(days=start // DAY_NS)).year
    axis_name = f"air dates, {year} (UTC)"
    parts.append(_text(WIDTH - RIGHT, AXIS_Y + 34, axis_name, 10, text_anchor="end"))

    for episode, air in zip(episodes, airs, strict=True):
        cx = x(air)
        name = f"E{episode['episode']}"
        if episode["basis"] == "explicit":
            entry = episode["decidedBy"]
            entry_x = x(_stamp_ns(history[entry]["updatedAt"]))
            parts += [
                f'<line x1="{entry_x:.1f}" y1="{ENTRY_Y}" x2="{cx:.1f}" y2="{EPISODE_Y - 10}" '
                f'stroke="{UNMARKED}" stroke-dasharray="4 3"/>',
                f'<path d="M {entry_x:.1f} {ENTRY_Y - 6} l 6 6 l -6 6 l -6 -6 z" '
                f'fill="{UNMARKED}"/>',
                _text(
                    entry_x + 10, ENTRY_Y + 4,
                    f"history[{entry}]: {name}, progress {episode['progress']:g}: explicit, "
                    "it wins over the default",
                    11, fill=UNMARKED,
                ),
                _text(
                    entry_x + 10, ENTRY_Y + 18, f"updatedAt {history[entry]['updatedAt']}", 11,
                    fill=UNMARKED,
                ),
            ]  # fmt: skip
            fill, stroke = "white", UNMARKED
        elif episode["basis"] == "seasonDefault":
            fill, stroke = COVERED, COVERED
        else:
            fill, stroke = "white", NOT_COVERED
        parts.append(
            f'<circle cx="{cx:.1f}" cy="{EPISODE_Y}" r="8" fill="{fill}" stroke="{stroke}" '
            'stroke-width="2"/>'
        )
        if episode["basis"] == "explicit":
            parts.append(
                f'<path d="M {cx - 4:.1f} {EPISODE_Y - 4} l 8 8 m 0 -8 l -8 8" '
                f'stroke="{UNMARKED}" stroke-width="2"/>'
            )
        parts.append(_text(cx, EPISODE_Y + 26, name, 11, text_anchor="middle"))

    legend_y = HEIGHT - 58
    covered = [e["episode"] for e in episodes if e["basis"] == "seasonDefault"]
    unmarked = [e["episode"] for e in episodes if e["basis"] == "explicit"]
    uncovered = [e["episode"] for e in episodes if e["basis"] == "none"]
    for row, (fill, stroke, words) in enumerate(
        [
            (COVERED, COVERED, f"completed by the season default: {_names(covered)}"),
            ("white", UNMARKED, f"decided by an explicit entry (unmarked): {_names(unmarked)}"),
            ("white", NOT_COVERED, f"aired after the default, not covered: {_names(uncovered)}"),
        ]
    ):
        y = legend_y + 18 * row
        parts.append(
            f'<circle cx="{LEFT + 6}" cy="{y - 4}" r="6" fill="{fill}" stroke="{stroke}" '
            'stroke-width="2"/>'
        )
        parts.append(_text(LEFT + 20, y, words, 12))
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


def _names(numbers: list[int]) -> str:
    """``E1, E2, E4`` or ``E6-E13`` for a run, ``none`` for nothing."""
    if not numbers:
        return "none"
    if numbers == list(range(numbers[0], numbers[-1] + 1)) and len(numbers) > 2:
        return f"E{numbers[0]}-E{numbers[-1]}"
    return ", ".join(f"E{n}" for n in numbers)


def main(argv: list[str] | None = None) -> int:
    """Write the figure, or with ``--check`` say whether the committed one is current."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0] if __doc__ else None)
    parser.add_argument("--check", action="store_true", help="exit 1 if the file is stale")
    args = parser.parse_args(argv)
    document = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    svg = render(document, EXAMPLE.relative_to(ROOT).as_posix())
    if args.check:
        current = OUTPUT.read_text(encoding="utf-8") if OUTPUT.exists() else ""
        if current != svg:
            print(f"{OUTPUT.relative_to(ROOT)} is stale: run {Path(__file__).name}")
            return 1
        return 0
    OUTPUT.write_text(svg, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
