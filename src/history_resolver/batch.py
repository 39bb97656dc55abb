"""Many profiles at once: the batch adapter, on Dask.

A backend that holds every profile's history recomputes every profile's screens when the
catalog changes.  :func:`resolve_batch` does it on a Dask cluster (a local one on this
machine's cores, or an existing one): the history files are read in parallel, shuffled so
that each profile's items meet in one partition, and every profile is resolved there by
:func:`~history_resolver.resolve_document`, the same code as a single document.  Each
output table is written as a Parquet dataset with a schema fixed here (:data:`SCHEMAS`).

This module needs the ``batch`` extra (``dask[dataframe]``, ``distributed``, ``pyarrow``)
and imports it at once; nothing in the library imports this module.  What the input and
output look like, and how faults are handled: ``docs/batch.md``.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import re
import shutil
import sys
import time
import uuid
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any, Final, final

import dask.dataframe as dd
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
from distributed import Client, Future, LocalCluster, progress

from ._document import run_document
from ._errors import Diagnostic, InvalidInputError, render_value
from ._gc import collector_paused
from ._json_text import UnreadableJSON, json_document, json_text, text_document
from ._tmdb import read_tmdb_rows

__all__ = ["SCHEMAS", "TABLES", "BatchResult", "resolve_batch"]

TABLES: Final = ("episodes", "movies", "seasons", "shows", "inProgress", "diagnostics")
"""The output tables, one Parquet dataset (a folder of ``part-*.parquet`` files) each."""

_ID = pa.string()
_INT = pa.int64()
_TEXT = pa.string()


def _schema(*fields: tuple[str, pa.DataType, bool]) -> pa.Schema:
    return pa.schema([pa.field(name, kind, nullable=nullable) for name, kind, nullable in fields])


SCHEMAS: Final[Mapping[str, pa.Schema]] = {
    "episodes": _schema(
        ("profileId", _ID, False),
        ("mediaId", _TEXT, False),
        ("season", _INT, False),
        ("episode", _INT, False),
        ("airDate", _TEXT, True),
        ("progress", pa.float64(), False),
        ("completed", pa.bool_(), False),
        ("basis", _TEXT, False),
        ("decidedBy", _INT, True),
        ("plays", _INT, False),
        ("lastWatchedAt", _TEXT, True),
    ),
    "movies": _schema(
        ("profileId", _ID, False),
        ("mediaId", _TEXT, False),
        ("progress", pa.float64(), False),
        ("completed", pa.bool_(), False),
        ("decidedBy", _INT, True),
        ("plays", _INT, False),
        ("lastWatchedAt", _TEXT, True),
    ),
    "seasons": _schema(
        ("profileId", _ID, False),
        ("mediaId", _TEXT, False),
        ("season", _INT, False),
        ("episodes", _INT, False),
        ("aired", _INT, False),
        ("completed", _INT, False),
        ("percent", pa.float64(), False),
        ("lastWatchedAt", _TEXT, True),
    ),
    "shows": _schema(
        ("profileId", _ID, False),
        ("mediaId", _TEXT, False),
        ("aired", _INT, False),
        ("completed", _INT, False),
        ("percent", pa.float64(), False),
        ("lastWatchedAt", _TEXT, True),
        (
            "lastEpisode",
            pa.struct([pa.field("season", _INT, nullable=False), pa.field("episode", _INT, False)]),
            True,
        ),
        (
            "nextEpisode",
            pa.struct(
                [
                    pa.field("season", _INT, nullable=False),
                    pa.field("episode", _INT, nullable=False),
                    pa.field("airDate", _TEXT, nullable=True),
                    pa.field("aired", pa.bool_(), nullable=False),
                ]
            ),
            True,
        ),
    ),
    "inProgress": _schema(
        ("profileId", _ID, False),
        ("mediaId", _TEXT, False),
        ("season", _INT, True),  # null for a movie
        ("episode", _INT, True),  # null for a movie
        ("progress", pa.float64(), False),
        ("updatedAt", _TEXT, False),
    ),
    "diagnostics": _schema(
        ("profileId", _ID, True),  # null for a problem that belongs to no profile
        ("severity", _TEXT, False),
        ("path", _TEXT, False),
        ("message", _TEXT, False),
    ),
}
"""The schema of each output table, fixed here: an empty partition writes the same one."""

_SUFFIXES: Final = (".jsonl", ".ndjson", ".json", ".parquet")
_PROFILE_KEY: Final = "profileId"
_UNATTRIBUTED: Final = ""  # the shuffle key of an input line that names no profile
_TMDB_FILE = re.compile(r"(TV_(?:TMDBID)?[0-9]{1,4000})(?:[-_.].*)?\.json", re.ASCII | re.DOTALL)
_PLAIN_LABEL = re.compile(r"[A-Za-z0-9_.-]+", re.ASCII)

# The frame read from the history files and shuffled: one row per input line or row.
_HISTORY_META = pd.DataFrame(
    {
        "profileId": pd.Series([], dtype="string"),
        "file": pd.Series([], dtype="int64"),
        "line": pd.Series([], dtype="int64"),
        "item": pd.Series([], dtype="string"),
    }
)
# What each resolved partition reports back to the client: one row per partition.
_PARTITION_META = pd.DataFrame(
    {
        "profiles": pd.Series([], dtype="int64"),
        "rows": pd.Series([], dtype="string"),
        "problems": pd.Series([], dtype="string"),
    }
)


@final
@dataclass(frozen=True, slots=True)
class BatchResult:
    """What a finished batch wrote: the output folder, how many profiles it resolved and
    how many rows each table holds."""

    out: Path
    profiles: int
    rows: Mapping[str, int]


def resolve_batch(
    history: Sequence[str | os.PathLike[str]],
    out: str | os.PathLike[str],
    *,
    catalog: Sequence[str | os.PathLike[str]] = (),
    tmdb: Sequence[str | os.PathLike[str]] = (),
    options: Mapping[str, object] | None = None,
    scheduler: str | Client | None = None,
    workers: int | None = None,
    partitions: int | None = None,
    overwrite: bool = False,
    show_progress: bool = False,
    retries: int = 2,
    pause_gc: bool = True,
) -> BatchResult:
    """Resolve every profile in the ``history`` files against one shared catalog, on Dask,
    and write the output tables to ``out`` as Parquet datasets.

    ``history``: JSON Lines or Parquet files of history items with a ``profileId`` (or
    folders of them).  ``catalog``: JSON Lines, JSON or Parquet files of catalog rows;
    ``tmdb``: folders of TMDB season payloads named after their show (``TV_1396-s1.json``).
    ``options`` are the input document's options; ``now`` defaults to the time the batch
    starts, one instant for every profile.

    ``scheduler`` is the address of a running Dask scheduler, or a :class:`distributed.Client`;
    without one a local cluster of ``workers`` processes (default: one per core) is started
    and closed.  ``partitions`` is how many partitions the profiles are shuffled into
    (default: the number of history files, at least four per worker).  A task whose worker
    fails is run again (``retries``).

    ``out`` appears only once everything is written (the tables are written beside it, then
    renamed); an existing ``out`` is replaced only with ``overwrite``, else
    :class:`FileExistsError`.  An invalid input in ``"reject"`` mode (the default) raises
    :class:`~history_resolver.InvalidInputError` naming every problem of every profile
    (``profile 42: history[3].progress: 120 is outside 0..100``) and writes nothing.

    ``pause_gc`` is :func:`~history_resolver.resolve_document`'s: each task pauses the
    cyclic garbage collector of its worker process while it resolves its partition.  Leave
    it on with one thread per worker (a local cluster, ``--nthreads 1``); pass ``False``
    when workers run several threads that must keep collecting.
    """
    target = Path(out).absolute()
    if (target.exists() or target.is_symlink()) and not overwrite:
        raise FileExistsError(f"{target} exists (replace it with overwrite, --overwrite)")
    files = _expand(history, _SUFFIXES, "history")
    if not files:
        raise FileNotFoundError("history: no .jsonl, .ndjson, .json or .parquet file found")
    settings = dict(options or {})
    started = time.time_ns()  # the one "now" of the whole batch, unless the options give one
    rows, problems = _catalog_rows(catalog, tmdb)
    # The document layer checks the options and the catalog, once, for every profile.
    checked = run_document(
        {"history": [], "episodes": rows, "options": settings}, lambda: started, problems
    ).output
    shared = [
        {key: row[key] for key in ("mediaId", "season", "episode", "airDate")}
        for row in checked["episodes"]
    ]
    skip = settings.get("onInvalid") == "skip"
    staging = target.parent / f".{target.name}.tmp-{uuid.uuid4().hex}"
    try:
        for table in TABLES:
            (staging / table).mkdir(parents=True)
        catalog_diagnostics = [{"profileId": None, **d} for d in checked["diagnostics"]]
        _write(staging, "diagnostics", "catalog", catalog_diagnostics)
        with _connect(scheduler, workers) as client:
            reports = _run(
                client,
                files,
                shared,
                settings,
                started,
                staging,
                partitions,
                show_progress,
                retries,
                pause_gc,
            )
        found = [p for report in reports for p in json.loads(report[2])]
        if found and not skip:
            # Lines that name no profile first (in file and line order), then by profile.
            found.sort(key=lambda p: (p[0] is not None, p[0] or ""))
            raise InvalidInputError([Diagnostic(*p[1:]) for p in found])
        counts = dict.fromkeys(TABLES, 0)
        counts["diagnostics"] = len(catalog_diagnostics)
        for report in reports:
            for table, count in json.loads(report[1]).items():
                counts[table] += count
        _publish(staging, target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return BatchResult(target, sum(report[0] for report in reports), counts)


def _run(
    client: Client,
    files: list[Path],
    catalog: list[dict[str, Any]],
    options: dict[str, object],
    now: int,
    staging: Path,
    partitions: int | None,
    show_progress: bool,
    retries: int,
    pause_gc: bool,
) -> list[tuple[int, str, str]]:
    """The Dask job: read, shuffle by profile, resolve each partition; one report each."""
    workers = max(1, len(client.scheduler_info(n_workers=-1)["workers"]))
    count = partitions or max(len(files), 4 * workers)
    frame = dd.from_map(read_history, list(enumerate(str(f) for f in files)), meta=_HISTORY_META)
    # Sent to every worker once, not with every task: the tasks refer to it by its key.
    [shared] = client.scatter([catalog], broadcast=True, hash=False)
    resolved = frame.shuffle("profileId", npartitions=count).map_partitions(
        resolve_partition,
        shared,
        options,
        now,
        str(staging),
        pause_gc,
        meta=_PARTITION_META,
        enforce_metadata=False,
        align_dataframes=False,
    )
    future: Future[Any] = client.compute(resolved, retries=retries)
    if show_progress:
        with contextlib.redirect_stdout(sys.stderr):  # distributed draws on stdout
            progress(future)
            print(file=sys.stderr)
    result = future.result()
    return list(result.itertuples(index=False, name=None))


@contextlib.contextmanager
def _connect(scheduler: str | Client | None, workers: int | None) -> Iterator[Client]:
    if isinstance(scheduler, Client):
        yield scheduler  # the caller's: left open
    elif scheduler is not None:
        with Client(scheduler) as client:
            yield client
    else:
        with (
            LocalCluster(
                n_workers=workers or os.cpu_count() or 1,
                threads_per_worker=1,
                processes=True,
                dashboard_address=":0",  # any free port: never a clash, never a warning
                silence_logs=logging.ERROR,
            ) as cluster,
            Client(cluster) as client,
        ):
            yield client


def _publish(staging: Path, target: Path) -> None:
    """Move the finished tables to ``target``, replacing what was there."""
    old = target.parent / f".{target.name}.old-{uuid.uuid4().hex}"
    if target.exists() or target.is_symlink():
        target.rename(old)
    staging.rename(target)
    if old.is_dir() and not old.is_symlink():
        shutil.rmtree(old)
    else:
        old.unlink(missing_ok=True)


def _expand(
    paths: Sequence[str | os.PathLike[str]], suffixes: tuple[str, ...], what: str
) -> list[Path]:
    """Files in the order given; a folder stands for its files with ``suffixes``, by name."""
    files: list[Path] = []
    for name in paths:
        path = Path(name)
        if path.is_dir():
            files.extend(sorted(p for p in path.iterdir() if p.suffix in suffixes and p.is_file()))
        elif path.is_file():
            files.append(path)
        else:
            raise FileNotFoundError(f"{what}: {name} is not a file or a folder")
    return [f.absolute() for f in files]


# --- reading -------------------------------------------------------------------------------


def _json_value(value: object) -> str:
    if isinstance(value, (datetime, date)):  # a Parquet timestamp or date column
        return value.isoformat()
    raise TypeError(f"a {type(value).__name__} is not a JSON value")


def _parquet_rows(path: str) -> Iterator[tuple[int, object, str | None]]:
    """The rows of a Parquet file as JSON objects: a null cell is an absent key."""
    try:
        rows = pq.read_table(path).to_pylist()
    except pa.ArrowInvalid as error:
        yield 0, Diagnostic("error", "", f"not readable as Parquet: {error}"), None
        return
    for index, row in enumerate(rows):
        yield index, {key: value for key, value in row.items() if value is not None}, None


def _json_lines(path: str) -> Iterator[tuple[int, object, str | None]]:
    """The values of a JSON Lines file, one per non-blank line, with the line's text.  A
    line that is not one JSON value is a :class:`Diagnostic` instead, with the line's index
    as its path: each line is read by the one reading of JSON text
    (:mod:`history_resolver._json_text`), so it is worded as the command words a file
    holding that line without its line end (a byte order mark is allowed on the first line
    only)."""
    with open(path, "rb") as handle:
        for index, line in enumerate(handle):
            if not line.strip():
                continue
            try:
                text = json_text(line.rstrip(b"\r\n"), bom=index == 0)
                value = text_document(text)
            except UnreadableJSON as error:
                yield index, Diagnostic("error", f"[{index}]", str(error), "json-text"), None
            else:
                yield index, value, text


def _records(path: str) -> Iterator[tuple[int, object, str | None]]:
    """The objects of a JSON Lines or Parquet file (by its suffix), with their position and,
    from JSON Lines, their text."""
    return _parquet_rows(path) if path.endswith(".parquet") else _json_lines(path)


def read_history(piece: tuple[int, str]) -> pd.DataFrame:
    """One history file as the frame the batch shuffles: ``profileId``, ``file`` (its
    position among the history files), ``line`` (the line or row in it) and ``item`` (the
    item as JSON text).  A line that names no profile gets the profile ``""`` and its
    problem as ``item``.  This is the task that reads each file."""
    number, path = piece
    where = f"history[{json.dumps(path, ensure_ascii=False)}]"
    profiles: list[str] = []
    lines: list[int] = []
    items: list[str] = []
    for index, value, text in _records(path):
        problem: Diagnostic | None = None
        if isinstance(value, Diagnostic):
            problem = Diagnostic("error", where + value.path, value.message, value.rule)
        elif not isinstance(value, dict):
            problem = Diagnostic(
                "error",
                f"{where}[{index}]",
                f"{render_value(value)} is not an object",
                "the-input-document",  # as a history item that is not an object
            )
        else:
            profile = value.get(_PROFILE_KEY)
            if type(profile) is int:
                profile = str(profile)
            if profile is None:
                problem = Diagnostic("error", f"{where}[{index}].profileId", "is required")
            elif not isinstance(profile, str) or not profile:
                problem = Diagnostic(
                    "error",
                    f"{where}[{index}].profileId",
                    f"{render_value(profile)} is not a non-empty string or an integer",
                )
            else:
                try:
                    if text is None:
                        text = json.dumps(value, default=_json_value, allow_nan=True)
                except TypeError as error:
                    problem = Diagnostic("error", f"{where}[{index}]", str(error))
                else:
                    profiles.append(profile)
                    lines.append(index)
                    items.append(text)
        if problem is not None:
            profiles.append(_UNATTRIBUTED)
            lines.append(index)
            items.append(
                json.dumps([problem.severity, problem.path, problem.message, problem.rule])
            )
    return pd.DataFrame(
        {
            "profileId": pd.Series(profiles, dtype="string"),
            "file": pd.Series([number] * len(lines), dtype="int64"),
            "line": pd.Series(lines, dtype="int64"),
            "item": pd.Series(items, dtype="string"),
        }
    )


def _catalog_rows(
    catalog: Sequence[str | os.PathLike[str]], tmdb: Sequence[str | os.PathLike[str]]
) -> tuple[list[object], list[Diagnostic]]:
    """The catalog rows of the catalog files (in order) and the TMDB folders, and the
    problems found in the TMDB payloads and in files that could not be read as rows."""
    rows: list[object] = []
    problems: list[Diagnostic] = []
    for path in _expand(catalog, _SUFFIXES, "catalog"):
        where = f"catalog[{json.dumps(str(path), ensure_ascii=False)}]"
        if path.suffix == ".json":
            try:
                value = json_document(path.read_bytes())
            except UnreadableJSON as error:
                problems.append(Diagnostic("error", where, str(error), "json-text"))
                continue
            if isinstance(value, dict) and isinstance(value.get("episodes"), list):
                value = value["episodes"]
            rows.extend(value if isinstance(value, list) else [value])
        else:
            for _, value, _ in _records(str(path)):
                if isinstance(value, Diagnostic):
                    problems.append(
                        Diagnostic("error", where + value.path, value.message, value.rule)
                    )
                else:
                    rows.append(value)
    for folder in tmdb:
        directory = Path(folder)
        if not directory.is_dir():
            raise FileNotFoundError(f"tmdb: {folder} is not a folder")
        for path in sorted(directory.iterdir()):
            if path.suffix != ".json":
                continue
            where = f"tmdb[{json.dumps(path.name, ensure_ascii=False)}]"
            match = _TMDB_FILE.fullmatch(path.name)
            if match is None:
                problems.append(
                    Diagnostic(
                        "error",
                        where,
                        "is not named after its show (TV_<id>.json or TV_<id>-<anything>.json)",
                    )
                )
                continue
            try:
                payload = json_document(path.read_bytes())
            except UnreadableJSON as error:
                problems.append(Diagnostic("error", where, str(error), "json-text"))
                continue
            found_rows, found = read_tmdb_rows(match.group(1), payload, path=where)
            problems.extend(found)
            rows.extend(found_rows)
    return rows, problems


# --- resolving -----------------------------------------------------------------------------


def _label(profile: str) -> str:
    """A profile id as error messages show it: as it is, or quoted if it could mislead."""
    return profile if _PLAIN_LABEL.fullmatch(profile) else json.dumps(profile, ensure_ascii=False)


def resolve_partition(
    frame: pd.DataFrame,
    catalog: list[dict[str, Any]],
    options: dict[str, object],
    now: int,
    staging: str,
    pause_gc: bool = True,
    partition_info: dict[str, Any] | None = None,
) -> pd.DataFrame:
    """Resolve every profile in one shuffled partition and write its part of each table.

    A profile's history list is its items in input order (history file, then line or
    row); a line holding nothing but the ``profileId`` declares the profile and adds no
    item.  Each profile is resolved by :func:`resolve_document` with the shared catalog.
    Returns one row: how many profiles, the rows written per table (JSON) and, in
    ``"reject"`` mode, every problem found (JSON: profile, severity, path, message, rule).
    ``pause_gc``: the collector is paused while the partition resolves.
    """
    number = 0 if partition_info is None else int(partition_info["number"])
    ordered = frame.sort_values(["profileId", "file", "line"], kind="stable")
    tables: dict[str, list[dict[str, Any]]] = {table: [] for table in TABLES}
    problems: list[list[str | None]] = []
    skip = options.get("onInvalid") == "skip"
    profiles = 0

    def clock() -> int:  # the batch's one "now", for options that give neither now nor asOf
        return now

    with collector_paused(pause_gc):
        for profile, texts in _groups(ordered["profileId"].tolist(), ordered["item"].tolist()):
            if profile == _UNATTRIBUTED:
                found = [json.loads(text) for text in texts]
                if skip:
                    tables["diagnostics"].extend(
                        {"profileId": None, "severity": s, "path": p, "message": m}
                        for s, p, m, _ in found
                    )
                else:
                    problems.extend([None, *p] for p in found)
                continue
            profiles += 1
            history = []
            # Each text is one JSON object (read_history checked it): one parse for them all.
            for item in json.loads("[" + ",".join(texts) + "]"):
                del item[_PROFILE_KEY]
                if any(value is not None for value in item.values()):
                    history.append(item)
            document = {"history": history, "episodes": catalog, "options": options}
            try:
                output = run_document(document, clock).output
            except InvalidInputError as error:
                label = _label(profile)
                problems.extend(
                    [profile, p.severity, f"profile {label}: {p.path}", p.message, p.rule]
                    for p in error.problems
                )
                continue
            for table in TABLES:
                tables[table].extend({"profileId": profile, **row} for row in output[table])
    for table, rows in tables.items():
        _write(Path(staging), table, f"{number:05d}", rows)
    return pd.DataFrame(
        {
            "profiles": pd.Series([profiles], dtype="int64"),
            "rows": pd.Series([json.dumps({t: len(r) for t, r in tables.items()})], dtype="string"),
            "problems": pd.Series([json.dumps(problems)], dtype="string"),
        }
    )


def _groups(keys: list[str], values: list[str]) -> Iterator[tuple[str, list[str]]]:
    """Runs of equal keys in sorted ``keys``, with their values."""
    start = 0
    for end in range(1, len(keys) + 1):
        if end == len(keys) or keys[end] != keys[start]:
            yield keys[start], values[start:end]
            start = end


def _write(staging: Path, table: str, part: str, rows: list[dict[str, Any]]) -> None:
    """One part of a table, written under a temporary name and renamed: a task run again
    (after its worker died) replaces its part whole."""
    final_path = staging / table / f"part-{part}.parquet"
    partial = final_path.with_name(f".{final_path.name}.{uuid.uuid4().hex}")
    pq.write_table(pa.Table.from_pylist(rows, schema=SCHEMAS[table]), partial)
    os.replace(partial, final_path)
