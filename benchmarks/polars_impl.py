"""The episode rules written with polars, as a data engineer would: joins and group-bys.

A benchmark baseline only (``polars`` is never a runtime dependency).  It takes the same
parsed input document as ``resolve_document`` (valid, with ``options.now``) and returns the
``episodes`` and ``movies`` rows of the output document, as Python dicts.
"""

from __future__ import annotations

from typing import Any

import polars as pl

_MEDIA = r"^(TV|MV)_(?:TMDBID)?0*([0-9]+)$"


def _normalised(column: pl.Expr) -> pl.Expr:
    prefix = column.str.extract(_MEDIA, 1)
    digits = column.str.extract(_MEDIA, 2)
    return pl.concat_str(
        [prefix, pl.lit("_TMDBID"), pl.when(digits == "").then(pl.lit("0")).otherwise(digits)]
    )


def _instant(column: pl.Expr) -> pl.Expr:
    """Timestamps with offsets (and date-only strings, at UTC midnight) as ns since epoch."""
    stamp = column.str.to_datetime("%Y-%m-%dT%H:%M:%S%.f%#z", time_unit="ns", strict=False)
    day = column.str.to_date("%Y-%m-%d", strict=False).cast(pl.Datetime("ns"))
    return (
        pl.when(column.str.len_chars() == 10)
        .then(day.dt.replace_time_zone("UTC"))
        .otherwise(stamp.dt.convert_time_zone("UTC"))
    ).dt.epoch("ns")


def _latest(group: list[str], threshold: float) -> list[pl.Expr]:
    key = [pl.col("updated"), pl.col("progress"), pl.col("imported")]
    completes = pl.col("progress") >= threshold
    return [
        pl.col("progress").sort_by(key).last().alias("progress"),
        pl.col("index").sort_by([*key, -pl.col("index")]).last().alias("decidedBy"),
        completes.sum().alias("plays"),
        pl.col("updated").filter(completes).max().alias("lastWatched"),
    ]


def resolve_polars(document: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    """``episodes`` and ``movies`` of the output document (without the summaries)."""
    threshold = float(document.get("options", {}).get("completionThreshold", 80))
    now = document["options"]["now"]
    history = (
        pl.DataFrame(
            {
                "raw": [h.get("mediaId") or h.get("id") for h in document["history"]],
                "mediaType": [h.get("mediaType") for h in document["history"]],
                "season": [h.get("season") for h in document["history"]],
                "episode": [h.get("episode") for h in document["history"]],
                "progress": [h.get("progress") for h in document["history"]],
                "updatedAt": [h.get("updatedAt") or now for h in document["history"]],
                "imported": [h.get("imported") or "" for h in document["history"]],
            },
            schema={
                "raw": pl.String,
                "mediaType": pl.String,
                "season": pl.Int64,
                "episode": pl.Int64,
                "progress": pl.Float64,
                "updatedAt": pl.String,
                "imported": pl.String,
            },
        )
        .with_row_index("index")
        .with_columns(pl.col("index").cast(pl.Int64))
    )
    history = history.with_columns(
        media=pl.when(pl.col("raw").str.contains(r"^[0-9]+$"))
        .then(
            pl.when(pl.col("mediaType") == "tv").then(pl.lit("TV_")).otherwise(pl.lit("MV_"))
            + pl.col("raw")
        )
        .otherwise(pl.col("raw")),
    ).with_columns(
        media=_normalised(pl.col("media")),
        progress=pl.col("progress").fill_null(100.0),
        updated=_instant(pl.col("updatedAt")),
    )
    catalog = (
        pl.DataFrame(
            {
                "media": [e["mediaId"] for e in document["episodes"]],
                "season": [e["season"] for e in document["episodes"]],
                "episode": [e["episode"] for e in document["episodes"]],
                "airDate": [e.get("airDate") for e in document["episodes"]],
            },
            schema={
                "media": pl.String,
                "season": pl.Int64,
                "episode": pl.Int64,
                "airDate": pl.String,
            },
        )
        .with_columns(media=_normalised(pl.col("media")), air=_instant(pl.col("airDate")))
        .unique(["media", "season", "episode"], keep="first")
    )

    shows = history.filter(pl.col("media").str.starts_with("TV"))
    explicit = (
        shows.filter(pl.col("episode").is_not_null())
        .group_by(["media", "season", "episode"])
        .agg(_latest([], threshold))
        .with_columns(basis=pl.lit("explicit"))
    )
    defaults = shows.filter(pl.col("episode").is_null()).drop("episode")
    covered = (
        catalog.join(defaults, on=["media", "season"], how="inner")
        .filter(pl.col("air") < pl.col("updated"))
        .group_by(["media", "season", "episode"])
        .agg(_latest([], threshold))
        .with_columns(basis=pl.lit("seasonDefault"))
    )
    reported = pl.concat(
        [
            catalog.select("media", "season", "episode", "airDate"),
            explicit.select("media", "season", "episode").with_columns(
                airDate=pl.lit(None, pl.String)
            ),
        ]
    ).unique(["media", "season", "episode"], keep="first")
    decided = pl.concat(
        [explicit, covered.join(explicit, on=["media", "season", "episode"], how="anti")]
    )
    episodes = (
        reported.join(decided, on=["media", "season", "episode"], how="left")
        .with_columns(
            progress=pl.col("progress").fill_null(0.0),
            basis=pl.col("basis").fill_null("none"),
            plays=pl.col("plays").fill_null(0),
        )
        .with_columns(completed=pl.col("progress") >= threshold)
        .sort(["media", "season", "episode"])
    )
    movies = (
        history.filter(pl.col("media").str.starts_with("MV"))
        .group_by("media")
        .agg(_latest([], threshold))
        .with_columns(completed=pl.col("progress") >= threshold)
        .sort("media")
    )
    return {
        "episodes": episodes.select(
            "media",
            "season",
            "episode",
            "airDate",
            "progress",
            "completed",
            "basis",
            "decidedBy",
            "plays",
            "lastWatched",
        ).to_dicts(),
        "movies": movies.select(
            "media", "progress", "completed", "decidedBy", "plays", "lastWatched"
        ).to_dicts(),
    }
