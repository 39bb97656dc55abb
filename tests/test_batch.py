"""The batch adapter (``history_resolver.batch``, ``history-resolver batch``) on a real cluster.

A local Dask cluster of two worker processes is started once for the module.  Every batch
is checked the same way: each output table, read back from its Parquet dataset, must hold
exactly the rows that :func:`resolve_document` gives for each profile's document, where a
profile's history list is its items in file order, then line (or row) order.  The
per-partition functions are also called in this process, so that their coverage is
measured (code run inside the workers is not).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import logging
import operator
import os
import random
import shutil
import signal
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from types import FrameType
from typing import Any

import cloudpickle
import pandas as pd
import psutil
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from distributed import Client, LocalCluster, WorkerPlugin

from history_resolver import InvalidInputError, resolve_document
from history_resolver._batch_cli import _count
from history_resolver._cli import main
from history_resolver.batch import (
    SCHEMAS,
    TABLES,
    BatchResult,
    _catalog_rows,
    _label,
    read_history,
    resolve_batch,
    resolve_partition,
)
from support import ROOT, load_generate

generate = load_generate()

JSON = dict[str, Any]
CATALOG_SEED = 7
# Three shows of 5 x 12 episodes: every generated profile below draws its history from them.
CATALOG: list[JSON] = generate.profile(300, seed=0, catalog_seed=CATALOG_SEED)["episodes"]
NOW = "2026-11-28T00:00:00.000Z"
OPTIONS: JSON = {"now": NOW}
# --- the cluster -----------------------------------------------------------------------------


COVERAGE_VARIABLES = ("COVERAGE_PROCESS_CONFIG", "COVERAGE_PROCESS_START")


@contextlib.contextmanager
def unmeasured_children() -> Iterator[None]:
    """Processes started meanwhile (Dask workers) are not measured by coverage: the code
    they run is measured in this process instead, and tracing makes them several times
    slower."""
    saved = {name: os.environ.pop(name) for name in COVERAGE_VARIABLES if name in os.environ}
    try:
        yield
    finally:
        os.environ.update(saved)


@pytest.fixture(scope="module")
def client() -> Iterator[Client]:
    """Two worker processes, one thread each, for the whole module; closed at the end."""
    with unmeasured_children():
        cluster = LocalCluster(
            n_workers=2,
            threads_per_worker=1,
            processes=True,
            dashboard_address=":0",
            silence_logs=logging.ERROR,
        )
    with cluster, Client(cluster) as connected:
        yield connected


def address(client: Client) -> str:
    """The scheduler's address, as a command line names it."""
    return str(client.scheduler_info()["address"])


@pytest.fixture(autouse=True)
def bounded() -> Iterator[None]:
    """No test of this module may run for more than two minutes (a hung cluster fails)."""

    def expire(signum: int, frame: FrameType | None) -> None:
        raise TimeoutError("the test ran for more than 120 s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.alarm(120)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


# --- input: profiles spread over files, and what resolve_document says about each -----------


@dataclass
class Batch:
    """Profiles written to history files, each item's place recorded."""

    files: list[Path]
    # profile id -> [(file number, line, item)] in no particular order
    placed: dict[str, list[tuple[int, int, JSON]]]

    def history(self, profile: str) -> list[JSON]:
        """The profile's history list as the batch defines it: file order, then line order."""
        return [item for _, _, item in sorted(self.placed[profile], key=lambda p: p[:2])]


def write_batch(
    folder: Path,
    profiles: dict[str | int, list[JSON]],
    *,
    formats: tuple[str, ...] = ("jsonl", "parquet", "jsonl", "parquet"),
    seed: int = 13,
) -> Batch:
    """Deal every item of every profile into ``formats`` files at random, in random order;
    integer profile ids are written as integers to JSON Lines and as text to Parquet."""
    rng = random.Random(seed)
    lines: list[list[tuple[str | int, JSON]]] = [[] for _ in formats]
    for profile, items in profiles.items():
        for item in items:
            lines[rng.randrange(len(formats))].append((profile, item))
    placed: dict[str, list[tuple[int, int, JSON]]] = {str(p): [] for p in profiles}
    folder.mkdir(parents=True, exist_ok=True)
    files = []
    for number, (kind, content) in enumerate(zip(formats, lines, strict=True)):
        rng.shuffle(content)
        path = folder / f"history-{number}.{kind}"
        for line, (profile, item) in enumerate(content):
            placed[str(profile)].append((number, line, item))
        if kind == "jsonl":
            with path.open("w", encoding="utf-8") as handle:
                for profile, item in content:
                    handle.write(json.dumps({"profileId": profile, **item}) + "\n")
        else:
            rows = [{"profileId": str(profile), **item} for profile, item in content]
            keys = list(dict.fromkeys(key for row in rows for key in row)) or ["profileId"]
            pq.write_table(pa.table({k: [row.get(k) for row in rows] for k in keys}), path)
        files.append(path)
    return Batch(files, placed)


def generated_profiles(count: int, seed: int = 1) -> dict[str | int, list[JSON]]:
    """``count`` realistic profiles (benchmarks/generate.py) drawn against :data:`CATALOG`:
    1 to 219 entries each, both id forms; string ids and a few integer ids."""
    rng = random.Random(seed)
    profiles: dict[str | int, list[JSON]] = {}
    for number in range(count):
        entries = rng.randrange(1, 220)
        history = generate.profile(entries, seed=seed * 10_000 + number, catalog_seed=CATALOG_SEED)
        key: str | int = number if number % 10 == 0 else f"profile-{number}"
        profiles[key] = history["history"]
    return profiles


def expected_tables(
    batch: Batch, options: JSON, catalog: list[JSON] = CATALOG
) -> dict[str, dict[str, list[JSON]]]:
    """table -> profile -> rows, from :func:`resolve_document` on each profile's document."""
    tables: dict[str, dict[str, list[JSON]]] = {table: {} for table in TABLES}
    for profile in batch.placed:
        document = {"history": batch.history(profile), "episodes": catalog, "options": options}
        output = resolve_document(document)
        for table in TABLES:
            rows = [row_form(table, {"profileId": profile, **row}) for row in output[table]]
            if rows:
                tables[table][profile] = rows
    return tables


def row_form(table: str, row: JSON) -> JSON:
    """A row with every column of its table (a movie's inProgress row has no season)."""
    return {name: row.get(name) for name in SCHEMAS[table].names}


def written_tables(out: Path) -> dict[str, dict[str, list[JSON]]]:
    """table -> profile -> rows, read back from the Parquet datasets; every part file must
    have the table's declared schema, and each profile's rows must sit in one part."""
    tables: dict[str, dict[str, list[JSON]]] = {}
    for table in TABLES:
        by_profile: dict[str, list[JSON]] = {}
        seen_in: dict[str, Path] = {}
        parts = sorted((out / table).iterdir())
        assert parts, table
        for part in parts:
            content = pq.read_table(part)
            assert content.schema.equals(SCHEMAS[table]), (table, part)
            for row in content.to_pylist():
                profile = row["profileId"]
                key = "" if profile is None else profile
                assert seen_in.setdefault(key, part) == part, f"{profile} is split over parts"
                by_profile.setdefault(key, []).append(row)
        tables[table] = by_profile
    return tables


TIE = {"mediaId": "TV_TMDBID1000", "season": 1, "episode": 1, "progress": 50}
STAMP = "2024-03-10T20:00:00.000Z"
# Appended to the two JSON Lines files (numbers 0 and 2), in this order.
APPENDED: dict[int, list[tuple[str, JSON | None]]] = {
    0: [
        ("empty", None),  # declares the profile: no item
        ("ties", None),  # declares it again: no item, not counted
        ("ties", {**TIE, "updatedAt": "2024-03-10T21:00:00+01:00", "title": "second"}),
        (
            "ties",
            {
                "id": "TV_1000",
                "mediaType": "tv",
                "season": 1,
                "episode": 1,
                "progress": 50,
                "updatedAt": STAMP,
            },
        ),
        ("order", {"mediaId": "MV_550", "progress": 10, "updatedAt": "2023-01-01T00:00:00Z"}),
    ],
    2: [
        ("ties", {**TIE, "updatedAt": STAMP, "title": "first"}),
        ("order", {"mediaId": "MV_550", "progress": 20, "updatedAt": "2024-01-01T00:00:00Z"}),
    ],
}


@pytest.fixture(scope="module")
def many(tmp_path_factory: pytest.TempPathFactory) -> Batch:
    """200 generated profiles over two JSON Lines and two Parquet files, and, appended to the
    JSON Lines files: a profile of full ties, a profile whose latest entry is in the later
    file, and a profile declared by a line holding only its profileId."""
    folder = tmp_path_factory.mktemp("many")
    batch = write_batch(folder / "history", generated_profiles(200))
    for number, lines in APPENDED.items():
        with batch.files[number].open("a", encoding="utf-8") as handle:
            line = sum(1 for _ in batch.files[number].open(encoding="utf-8"))
            for profile, item in lines:
                handle.write(json.dumps({"profileId": profile, **(item or {})}) + "\n")
                placed = batch.placed.setdefault(profile, [])
                if item is not None:
                    placed.append((number, line, item))
                line += 1
    (folder / "catalog.json").write_text(json.dumps(CATALOG), encoding="utf-8")
    return batch


def catalog_file(batch: Batch) -> Path:
    return batch.files[0].parent.parent / "catalog.json"


@pytest.fixture(scope="module")
def many_written(many: Batch, client: Client, tmp_path_factory: pytest.TempPathFactory) -> Any:
    """The batch of :func:`many`, run once: its result, tables written and tables expected."""
    out = tmp_path_factory.mktemp("many-out") / "out"
    result = resolve_batch(
        many.files, out, catalog=[catalog_file(many)], options=OPTIONS, scheduler=client
    )
    return result, written_tables(out), expected_tables(many, OPTIONS)


@pytest.fixture(scope="module")
def many_expected(many_written: Any) -> dict[str, dict[str, list[JSON]]]:
    expected: dict[str, dict[str, list[JSON]]] = many_written[2]
    return expected


# --- every table equals resolve_document, profile by profile ---------------------------------


def test_every_table_equals_resolve_document_per_profile(many: Batch, many_written: Any) -> None:
    """Each profile is resolved once, by resolve_document on its own document: its history
    list in file order then line order, the shared catalog and the batch's options.  JSON
    Lines and Parquet files mix; an integer profileId and its text are one profile."""
    result, written, expected = many_written
    assert expected == written
    assert len(many.placed) == result.profiles == 203
    assert {t: sum(map(len, expected[t].values())) for t in TABLES} == dict(result.rows)


def test_decided_by_counts_file_order_then_line_order(many_written: Any) -> None:
    """decidedBy is an index into the profile's history list: history files in the order
    given, then lines, lines holding only a profileId not counted.  Of full ties the
    earliest in that list decides; a later entry decides wherever it is."""
    written = many_written[1]
    [tie] = written["episodes"]["ties"][:1]
    assert (1, 1, "explicit", 0) == (tie["season"], tie["episode"], tie["basis"], tie["decidedBy"])
    [movie] = written["movies"]["order"]
    assert (20.0, 1) == (movie["progress"], movie["decidedBy"])


def test_a_declared_profile_with_no_item_is_resolved_on_an_empty_history(
    many_written: Any,
) -> None:
    """A line holding only a profileId declares the profile: it is resolved with an empty
    history (every catalog episode unwatched)."""
    written = many_written[1]
    alone = resolve_document({"history": [], "episodes": CATALOG, "options": OPTIONS})
    assert [row_form("episodes", {"profileId": "empty", **row}) for row in alone["episodes"]] == (
        written["episodes"]["empty"]
    )
    assert {"empty"} == {row["profileId"] for row in written["shows"]["empty"]}
    assert "empty" not in written["inProgress"]


def test_one_huge_profile(client: Client, tmp_path: Path) -> None:
    """A profile of 50,000 entries is resolved whole, in one task, beside small ones."""
    huge = generate.profile(200, seed=5, catalog_seed=CATALOG_SEED)["history"] * 250
    profiles: dict[str | int, list[JSON]] = {"huge": huge, **generated_profiles(3, seed=2)}
    batch = write_batch(tmp_path / "history", profiles, formats=("jsonl",))
    (tmp_path / "catalog.jsonl").write_text(
        "".join(json.dumps(row) + "\n" for row in CATALOG), encoding="utf-8"
    )
    out = tmp_path / "out"
    resolve_batch(
        batch.files, out, catalog=[tmp_path / "catalog.jsonl"], options=OPTIONS, scheduler=client
    )
    assert 50_000 == len(batch.history("huge"))
    assert expected_tables(batch, OPTIONS) == written_tables(out)


# --- invalid input: reject and skip -----------------------------------------------------------

BAD_PROFILES: dict[str | int, list[JSON]] = {
    42: [
        {"mediaId": "TV_1000", "season": 1, "updatedAt": NOW},
        {"mediaId": "TV_1000", "season": 1, "episode": 2, "updatedAt": NOW},
        {"mediaId": "MV_550", "updatedAt": NOW},
        {"mediaId": "TV_1000", "season": 1, "episode": 3, "progress": 120, "updatedAt": NOW},
    ],
    "a b": [
        {"mediaId": "TV_1000", "season": 2, "updatedAt": "2023-01-15"},
    ],
    "fine": [{"mediaId": "TV_1000", "season": 1, "episode": 1, "progress": 30, "updatedAt": NOW}],
}
BAD_LINES = [
    "{not json",
    json.dumps({"mediaId": "TV_1000", "season": 1}),
    json.dumps({"profileId": 4.5, "mediaId": "TV_1000", "season": 1}),
    "[1, 2]",
]


def bad_batch(folder: Path) -> Batch:
    """Profiles 42 and "a b" invalid, "fine" valid, and four lines that name no profile."""
    batch = write_batch(folder, BAD_PROFILES, formats=("jsonl",))
    # Ordered within its file so that history[3] is the 120.
    with batch.files[0].open("w", encoding="utf-8") as handle:
        for profile, items in BAD_PROFILES.items():
            for item in items:
                handle.write(json.dumps({"profileId": profile, **item}) + "\n")
        for line in BAD_LINES:
            handle.write(line + "\n")
    batch.placed = {
        str(p): [(0, n, item) for n, item in enumerate(items)] for p, items in BAD_PROFILES.items()
    }
    return batch


def test_reject_names_every_bad_profile_and_line_and_writes_nothing(
    client: Client, tmp_path: Path
) -> None:
    """In "reject" mode one invalid profile fails the job: the error names every problem,
    lines that name no profile first (in file order), then profile by profile, each as
    `profile ID: path: rule`; --out never appears, and nothing is left beside it."""
    batch = bad_batch(tmp_path / "history")
    out = tmp_path / "out"
    with pytest.raises(InvalidInputError) as caught:
        resolve_batch(
            batch.files, out, catalog=[catalog_file_of(tmp_path)], options=OPTIONS, scheduler=client
        )
    name = json.dumps(str(batch.files[0]))
    assert [
        f"history[{name}][6]: not valid JSON: Expecting property name enclosed in double quotes"
        " (line 1, column 2)",
        f"history[{name}][7].profileId: is required",
        f"history[{name}][8].profileId: 4.5 is not a non-empty string or an integer",
        f"history[{name}][9]: an array is not an object",
        "profile 42: history[3].progress: 120 is outside 0..100",
        'profile "a b": history[0].updatedAt: "2023-01-15" is a date without a time; a timestamp'
        " with a UTC offset is needed",
    ] == str(caught.value).splitlines()
    # each problem keeps its rule (docs/rules.md), the profiles' from the document layer;
    # profileId is the batch's own (docs/batch.md), no rule of docs/rules.md
    assert ["json-text", "", "", "the-input-document", "progress", "updatedat"] == [
        p.rule for p in caught.value.problems
    ]
    assert sorted(os.listdir(tmp_path)) == ["catalog.json", "history"]


def catalog_file_of(folder: Path) -> Path:
    path = folder / "catalog.json"
    path.write_text(json.dumps(CATALOG), encoding="utf-8")
    return path


def test_skip_reports_bad_items_in_diagnostics_and_writes_the_rest(
    client: Client, tmp_path: Path
) -> None:
    """In "skip" mode bad items are left out and reported in the diagnostics table with
    their profile; lines that name no profile are reported with a null profileId; a profile
    whose every item is invalid is resolved on what is left (nothing)."""
    batch = bad_batch(tmp_path / "history")
    out = tmp_path / "out"
    options = {**OPTIONS, "onInvalid": "skip"}
    result = resolve_batch(
        batch.files, out, catalog=[catalog_file_of(tmp_path)], options=options, scheduler=client
    )
    written = written_tables(out)
    expected = expected_tables(batch, options)
    name = json.dumps(str(batch.files[0]))
    unattributed = [
        {"profileId": None, "severity": "error", "path": f"history[{name}][{n}]", "message": m}
        for n, m in [
            (
                6,
                "not valid JSON: Expecting property name enclosed in double quotes "
                "(line 1, column 2)",
            ),
            (9, "an array is not an object"),
        ]
    ] + [
        {
            "profileId": None,
            "severity": "error",
            "path": f"history[{name}][7].profileId",
            "message": "is required",
        },
        {
            "profileId": None,
            "severity": "error",
            "path": f"history[{name}][8].profileId",
            "message": "4.5 is not a non-empty string or an integer",
        },
    ]
    expected["diagnostics"][""] = unattributed
    written["diagnostics"][""].sort(key=lambda row: row["path"])
    expected["diagnostics"][""].sort(key=lambda row: row["path"])
    assert expected == written
    assert 3 == result.profiles
    assert [
        {
            "profileId": "a b",
            "severity": "error",
            "path": "history[0].updatedAt",
            "message": '"2023-01-15" is a date without a time; a timestamp with a UTC offset'
            " is needed",
        }
    ] == written["diagnostics"]["a b"]
    assert 0 == sum(row["completed"] for row in written["episodes"]["a b"])


# --- faults ----------------------------------------------------------------------------------


def by_value() -> Iterator[None]:
    """Plugins defined here are sent to the workers by value (they cannot import tests)."""
    module = sys.modules[__name__]
    cloudpickle.register_pickle_by_value(module)
    try:
        yield
    finally:
        cloudpickle.unregister_pickle_by_value(module)


pickled_by_value = pytest.fixture(by_value)


class KillOnce(WorkerPlugin):
    """Kills the worker process that starts the first resolve task, once (a marker file
    remembers it across the worker's replacement)."""

    def __init__(self, marker: str) -> None:
        self.marker = marker

    def transition(self, key: Any, start: str, finish: str, **kwargs: Any) -> None:
        if finish == "executing" and "resolve_partition" in str(key):
            try:  # created atomically: of two workers starting at once, only one dies
                os.close(os.open(self.marker, os.O_CREAT | os.O_EXCL | os.O_WRONLY))
            except FileExistsError:
                return
            os._exit(1)


@pytest.mark.usefixtures("pickled_by_value")
def test_a_worker_killed_mid_job_changes_nothing(
    many: Batch, many_expected: dict[str, dict[str, list[JSON]]], client: Client, tmp_path: Path
) -> None:
    """A worker process dies while resolving a partition: Dask runs the lost tasks again
    on a new worker, and the output is still exact (each part is replaced whole)."""
    marker = tmp_path / "killed"
    out = tmp_path / "out"
    client.register_plugin(KillOnce(str(marker)), name="kill-once")
    try:
        with unmeasured_children():  # the worker that replaces the dead one too
            resolve_batch(
                many.files, out, catalog=[catalog_file(many)], options=OPTIONS, scheduler=client
            )
            client.wait_for_workers(2, timeout=60)
    finally:
        client.unregister_worker_plugin("kill-once")
    assert marker.exists()  # the kill happened
    assert many_expected == written_tables(out)


class RemoveOnRead(WorkerPlugin):
    """Removes a file as soon as any task that reads history starts."""

    def __init__(self, path: str) -> None:
        self.path = path

    def transition(self, key: Any, start: str, finish: str, **kwargs: Any) -> None:
        if finish == "executing" and "read_history" in str(key):
            Path(self.path).unlink(missing_ok=True)


@pytest.mark.usefixtures("pickled_by_value")
def test_a_failing_job_leaves_no_out_and_keeps_the_old_one(
    many: Batch, client: Client, tmp_path: Path
) -> None:
    """A job that fails part way (a history file removed once the job has started) raises
    the error; a new --out never appears, an old one (--overwrite) is left as it was, and
    no staging folder is left beside it."""
    gone = tmp_path / "gone.jsonl"
    gone.write_text(json.dumps({"profileId": "x", "mediaId": "MV_1"}) + "\n", encoding="utf-8")
    old = tmp_path / "out"
    old.mkdir()
    (old / "keep").write_text("old", encoding="utf-8")
    client.register_plugin(RemoveOnRead(str(gone)), name="remove-on-read")
    try:
        for out, overwrite in ((tmp_path / "new", False), (old, True)):
            gone.touch()
            with pytest.raises(FileNotFoundError):
                resolve_batch(
                    [*many.files, gone],
                    out,
                    catalog=[catalog_file(many)],
                    options=OPTIONS,
                    scheduler=client,
                    overwrite=overwrite,
                    retries=0,
                )
    finally:
        client.unregister_worker_plugin("remove-on-read")
    assert not (tmp_path / "new").exists()
    assert ["keep"] == os.listdir(old)
    assert [] == [p.name for p in tmp_path.iterdir() if p.name.startswith(".")]


# --- the per-partition functions, in this process ----------------------------------------------


def test_read_history_names_every_line_that_names_no_profile(tmp_path: Path) -> None:
    """Each JSON Lines line becomes one row: its profileId (an integer as its text), the
    file's number, the line's index and the item as JSON.  Blank lines are skipped but
    counted; a line that names no profile gets profile "" and its problem, by file and line."""
    path = tmp_path / "h.jsonl"
    lines = [
        json.dumps({"profileId": "p", "mediaId": "MV_1"}),  # 0
        "",  # 1: blank
        json.dumps({"profileId": 7, "mediaId": "MV_2"}),  # 2
        "\xff".encode("latin-1").decode("latin-1"),  # 3: replaced below by a non-UTF-8 byte
        "[1",  # 4
        "[" * 100_000,  # 5: nested too deeply
        "1" * 5000,  # 6: an integer too long to read
        json.dumps("text"),  # 7
        json.dumps({"profileId": True}),  # 8
        json.dumps({"profileId": ""}),  # 9
        json.dumps({"profileId": None, "mediaId": "MV_1"}),  # 10
    ]
    data = "\n".join(lines).encode("utf-8").replace("ÿ".encode(), b'{"a": "\xff"}') + b"\n"
    path.write_bytes(data)
    frame = read_history((3, str(path)))
    where = f"history[{json.dumps(str(path))}]"
    assert [
        ("p", 3, 0, {"profileId": "p", "mediaId": "MV_1"}),
        ("7", 3, 2, {"profileId": 7, "mediaId": "MV_2"}),
        ("", 3, 3, ["error", f"{where}[3]", "not UTF-8 (byte 0xff at offset 7)", "json-text"]),
        (
            "",
            3,
            4,
            [
                "error",
                f"{where}[4]",
                "not valid JSON: Expecting ',' delimiter (line 1, column 3)",
                "json-text",
            ],
        ),
        ("", 3, 5, ["error", f"{where}[5]", "not readable: JSON nested too deeply", "json-text"]),
        (
            "",
            3,
            6,
            ["error", f"{where}[6]", "not readable: a number has too many digits", "json-text"],
        ),
        ("", 3, 7, ["error", f"{where}[7]", '"text" is not an object', "the-input-document"]),
        (
            "",
            3,
            8,
            ["error", f"{where}[8].profileId", "true is not a non-empty string or an integer", ""],
        ),
        (
            "",
            3,
            9,
            ["error", f"{where}[9].profileId", '"" is not a non-empty string or an integer', ""],
        ),
        ("", 3, 10, ["error", f"{where}[10].profileId", "is required", ""]),
    ] == [
        (row.profileId, row.file, row.line, json.loads(row.item))
        for row in frame.itertuples(index=False)
    ]


def test_read_history_parquet_null_cells_are_absent_keys(tmp_path: Path) -> None:
    """A Parquet row is an item whose null cells are absent keys; an integer profileId
    column is read as text; a timestamp column as ISO 8601 text; a value JSON cannot carry
    (bytes), a file without a profileId column and a file that is not Parquet are named."""
    from datetime import datetime, timezone

    path = tmp_path / "h.parquet"
    table = pa.table(
        {
            "profileId": pa.array([1, 2, 3], pa.int64()),
            "mediaId": ["MV_1", "TV_2", "MV_3"],
            "season": pa.array([None, 1, None], pa.int64()),
            "updatedAt": pa.array(
                [datetime(2023, 1, 15, tzinfo=timezone.utc), None, None],
                pa.timestamp("ms", tz="UTC"),
            ),
            "poster": pa.array([None, None, b"\x00"], pa.binary()),
        }
    )
    pq.write_table(table, path)
    where = f"history[{json.dumps(str(path))}]"
    frame = read_history((0, str(path)))
    assert [
        ("1", {"profileId": 1, "mediaId": "MV_1", "updatedAt": "2023-01-15T00:00:00+00:00"}),
        ("2", {"profileId": 2, "mediaId": "TV_2", "season": 1}),
        ("", ["error", f"{where}[2]", "a bytes is not a JSON value", ""]),
    ] == [(row.profileId, json.loads(row.item)) for row in frame.itertuples(index=False)]

    pq.write_table(pa.table({"mediaId": ["MV_1"]}), path)
    assert [["error", f"{where}[0].profileId", "is required", ""]] == [
        json.loads(item) for item in read_history((0, str(path)))["item"]
    ]
    path.write_bytes(b"not parquet")
    [problem] = [json.loads(item) for item in read_history((0, str(path)))["item"]]
    assert problem[1] == where
    assert problem[2].startswith("not readable as Parquet: ")


def staging(folder: Path) -> Path:
    for table in TABLES:
        (folder / table).mkdir(parents=True)
    return folder


def test_an_empty_partition_writes_every_table_with_its_declared_schema(tmp_path: Path) -> None:
    """A partition with no row writes one part per table, with no row and the schema fixed
    in the code (never one inferred from data)."""
    frame = pd.DataFrame(
        {
            "profileId": pd.Series([], dtype="string"),
            "file": pd.Series([], dtype="int64"),
            "line": pd.Series([], dtype="int64"),
            "item": pd.Series([], dtype="string"),
        }
    )
    report = resolve_partition(frame, CATALOG, OPTIONS, 0, str(staging(tmp_path)))
    assert [(0, json.dumps(dict.fromkeys(TABLES, 0)), "[]")] == list(
        report.itertuples(index=False, name=None)
    )
    for table in TABLES:
        content = pq.read_table(tmp_path / table / "part-00000.parquet")
        assert (0, True) == (content.num_rows, content.schema.equals(SCHEMAS[table]))


def test_a_partition_in_reject_mode_returns_every_problem(tmp_path: Path) -> None:
    """In "reject" mode a partition resolves the valid profiles, and returns the problems
    of the others, each with its profile (none for a line that names no profile).  An item
    with no updatedAt takes the batch's one "now" when the options give none."""
    path = tmp_path / "h.jsonl"
    path.write_text(
        "\n".join(
            [
                json.dumps({"profileId": "ok", "mediaId": "MV_1"}),  # updated "now"
                json.dumps({"profileId": "bad", "mediaId": "MV_1", "progress": -1}),
                "{",
            ]
        ),
        encoding="utf-8",
    )
    frame = read_history((0, str(path)))
    now = 1_700_000_000_123_000_000  # the batch's "now" (the options give none)
    report = resolve_partition(
        frame, [], {}, now, str(staging(tmp_path / "s")), partition_info={"number": 7}
    )
    where = f"history[{json.dumps(str(path))}]"
    assert [
        [
            None,
            "error",
            f"{where}[2]",
            "not valid JSON: Expecting property name enclosed in double quotes (line 1, column 2)",
            "json-text",
        ],
        ["bad", "error", "profile bad: history[0].progress", "-1 is outside 0..100", "progress"],
    ] == json.loads(report["problems"][0])
    assert 2 == report["profiles"][0]
    [movie] = pq.read_table(tmp_path / "s" / "movies" / "part-00007.parquet").to_pylist()
    assert ("ok", "2023-11-14T22:13:20.123Z") == (movie["profileId"], movie["lastWatchedAt"])


def test_a_partition_in_skip_mode_reports_instead(tmp_path: Path) -> None:
    """In "skip" mode a partition reports lines that name no profile in its diagnostics
    part (null profileId); a line holding only a profileId (or nulls beside it) adds no
    item, so the history indexes count items only."""
    path = tmp_path / "h.jsonl"
    lines = [
        {"profileId": "p"},
        {"profileId": "p", "mediaId": "MV_1", "progress": 20, "updatedAt": NOW},
        {"profileId": "p", "mediaId": None, "season": None},
        {"profileId": "p", "mediaId": "MV_1", "progress": 101, "updatedAt": NOW},
    ]
    path.write_text("".join(json.dumps(line) + "\n" for line in lines) + "[]\n", "utf-8")
    options = {**OPTIONS, "onInvalid": "skip"}
    report = resolve_partition(
        read_history((0, str(path))), [], options, 0, str(staging(tmp_path / "s"))
    )
    assert (1, "[]") == (report["profiles"][0], report["problems"][0])
    where = f"history[{json.dumps(str(path))}]"
    assert [
        {
            "profileId": None,
            "severity": "error",
            "path": f"{where}[4]",
            "message": "an array is not an object",
        },
        {
            "profileId": "p",
            "severity": "error",
            "path": "history[1].progress",
            "message": "101 is outside 0..100",
        },
    ] == pq.read_table(tmp_path / "s" / "diagnostics" / "part-00000.parquet").to_pylist()
    [movie] = pq.read_table(tmp_path / "s" / "movies" / "part-00000.parquet").to_pylist()
    assert (20.0, 0) == (movie["progress"], movie["decidedBy"])


@pytest.mark.parametrize(
    ("profile", "label"),
    [
        ("42", "42"),
        ("user-7.a_b", "user-7.a_b"),
        ("a b", '"a b"'),
        ("x: y", '"x: y"'),
        ("профиль", '"профиль"'),
        ('q"', '"q\\""'),
    ],
)
def test_profile_labels_in_messages(profile: str, label: str) -> None:
    """A profile id is shown as it is in messages, or quoted as JSON when it holds anything
    but ASCII letters, digits and ``_.-`` (so a message can never be misread)."""
    assert label == _label(profile)


# --- the catalog --------------------------------------------------------------------------------


def tmdb_folder(folder: Path) -> Path:
    """The Breaking Bad TMDB payloads, named after their show as the batch expects."""
    folder.mkdir()
    for season in range(6):
        source = ROOT / "examples" / "tmdb" / f"breaking-bad-season-{season}.json"
        shutil.copy(source, folder / f"TV_1396-season-{season}.json")
    (folder / "README.txt").write_text("not a payload", encoding="utf-8")
    return folder


def test_catalog_files_of_every_form_give_their_rows_in_order(tmp_path: Path) -> None:
    """Catalog rows come from JSON Lines, a JSON array, an {"episodes": [...]} object, a single
    JSON object, Parquet (null cells absent) and TMDB folders, in the order given."""
    row = {"mediaId": "TV_1", "season": 1, "episode": 1, "airDate": "2008-01-20"}
    (tmp_path / "a.jsonl").write_text(json.dumps(row) + "\n\n", encoding="utf-8")
    (tmp_path / "b.json").write_text(json.dumps([{**row, "episode": 2}]), encoding="utf-8")
    (tmp_path / "c.json").write_text(json.dumps({"episodes": [{**row, "episode": 3}]}), "utf-8")
    (tmp_path / "d.json").write_text(json.dumps({**row, "episode": 4}), encoding="utf-8")
    pq.write_table(
        pa.table({"mediaId": ["TV_1"], "season": [1], "episode": [5], "airDate": [None]}),
        tmp_path / "e.parquet",
    )
    folder = tmdb_folder(tmp_path / "tmdb")
    rows, problems = _catalog_rows([tmp_path], [folder])
    assert [] == problems
    assert [
        row,
        {**row, "episode": 2},
        {**row, "episode": 3},
        {**row, "episode": 4},
        {"mediaId": "TV_1", "season": 1, "episode": 5},
    ] == rows[:5]
    example = json.loads((ROOT / "examples" / "breaking-bad.json").read_text("utf-8"))
    key = operator.itemgetter("season", "episode")
    assert sorted(
        ({k: v for k, v in r.items() if k != "title"} for r in example["episodes"]), key=key
    ) == sorted(rows[5:], key=key)  # type: ignore[arg-type]


def test_catalog_problems_are_named_by_file(tmp_path: Path) -> None:
    """A catalog file that is not JSON, a JSON Lines line that is not JSON, a TMDB payload
    that is not JSON, one not named after its show and one with a bad episode are named
    by their file (and line or JSON path)."""
    (tmp_path / "a.json").write_text("[", encoding="utf-8")
    (tmp_path / "b.jsonl").write_text("{}\n{\n", encoding="utf-8")
    folder = tmp_path / "tmdb"
    folder.mkdir()
    (folder / "TV_1.json").write_text("{", encoding="utf-8")
    (folder / "breaking-bad.json").write_text("{}", encoding="utf-8")
    (folder / "TV_2-s1.json").write_text(
        json.dumps({"season_number": 1, "episodes": [{"episode_number": 0}]}), encoding="utf-8"
    )
    rows, problems = _catalog_rows([tmp_path / "a.json", tmp_path / "b.jsonl"], [folder])
    a = json.dumps(str(tmp_path / "a.json"))
    b = json.dumps(str(tmp_path / "b.jsonl"))
    assert [{}] == rows
    assert [
        f"catalog[{a}]: not valid JSON: Expecting value (line 1, column 2)",
        f"catalog[{b}][1]: not valid JSON: Expecting property name enclosed in double quotes "
        "(line 1, column 2)",
        'tmdb["TV_1.json"]: not valid JSON: Expecting property name enclosed in double '
        "quotes (line 1, column 2)",
        'tmdb["TV_2-s1.json"].episodes[0].episode_number: 0 is less than 1',
        'tmdb["breaking-bad.json"]: is not named after its show (TV_<id>.json or '
        "TV_<id>-<anything>.json)",
    ] == [str(p) for p in problems]
    assert ["json-text", "json-text", "json-text", "season-and-episode", ""] == [
        p.rule for p in problems
    ]


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (
            lambda d: resolve_batch([d / "nowhere"], d / "out"),
            FileNotFoundError,
            "history: {d}/nowhere is not a file or a folder",
        ),
        (
            lambda d: resolve_batch([d / "empty"], d / "out"),
            FileNotFoundError,
            "history: no .jsonl, .ndjson, .json or .parquet file found",
        ),
        (
            lambda d: resolve_batch([d / "h.jsonl"], d / "empty"),
            FileExistsError,
            "{d}/empty exists (replace it with overwrite, --overwrite)",
        ),
        (
            lambda d: resolve_batch([d / "h.jsonl"], d / "out", tmdb=[d / "h.jsonl"]),
            FileNotFoundError,
            "tmdb: {d}/h.jsonl is not a folder",
        ),
        (
            lambda d: resolve_batch(
                [d / "h.jsonl"], d / "out", options={"completionThreshold": 0, "x": 1}
            ),
            InvalidInputError,
            "options.x: unknown option (the options are completionThreshold, now, asOf, "
            "airDateZone, onInvalid)\noptions.completionThreshold: 0 is outside 0..100 (0 "
            "excluded)",
        ),
        (
            lambda d: resolve_batch(
                [d / "h.jsonl"], d / "out", catalog=[d / "cat.jsonl"], options=OPTIONS
            ),
            InvalidInputError,
            "episodes[0].season: -1 is less than 0",
        ),
    ],
)
def test_what_fails_before_any_cluster_starts(
    tmp_path: Path, call: Any, error: type[Exception], message: str
) -> None:
    """Missing files, an existing --out, bad options and (in "reject" mode) a bad catalog
    fail at once, with no cluster started and nothing written."""
    (tmp_path / "empty").mkdir()
    (tmp_path / "h.jsonl").write_text("", encoding="utf-8")
    (tmp_path / "cat.jsonl").write_text(
        json.dumps({"mediaId": "TV_1", "season": -1, "episode": 1}) + "\n", encoding="utf-8"
    )
    before = sorted(os.listdir(tmp_path))
    with pytest.raises(error) as caught:
        call(tmp_path)
    shown = caught.value.args[-1] if isinstance(caught.value, OSError) else str(caught.value)
    assert message.format(d=tmp_path) == shown
    assert before == sorted(os.listdir(tmp_path))


# --- small jobs: catalog diagnostics, overwrite, progress, a scheduler address -------------------


def test_skip_reports_catalog_problems_once_and_overwrites(
    client: Client, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """In "skip" mode a bad catalog row is reported once, with a null profileId, and left
    out of every profile's catalog; --overwrite replaces an existing --out (here a file);
    the progress bar goes to stderr; a scheduler can be named by its address."""
    bad_row = {"mediaId": "TV_1000", "season": 9, "episode": 1, "airDate": "someday"}
    (tmp_path / "cat.jsonl").write_text(
        "".join(json.dumps(row) + "\n" for row in [*CATALOG[:10], bad_row]), encoding="utf-8"
    )
    batch = write_batch(tmp_path / "history", generated_profiles(3, seed=3), formats=("jsonl",))
    out = tmp_path / "out"
    out.write_text("an old file", encoding="utf-8")
    options = {**OPTIONS, "onInvalid": "skip"}
    result = resolve_batch(
        batch.files,
        out,
        catalog=[tmp_path / "cat.jsonl"],
        options=options,
        scheduler=address(client),
        overwrite=True,
        show_progress=True,
        partitions=1,
    )
    written = written_tables(out)
    expected = expected_tables(batch, options, CATALOG[:10])
    expected["diagnostics"][""] = [
        {
            "profileId": None,
            "severity": "error",
            "path": "episodes[10].airDate",
            "message": '"someday" is neither a date (YYYY-MM-DD) nor a timestamp with a UTC offset',
        },
    ]
    assert expected == written
    assert 1 + sum(map(len, expected["diagnostics"].values())) - 1 == result.rows["diagnostics"]
    assert "100% Completed" in capsys.readouterr().err
    assert ["diagnostics", "episodes", "inProgress", "movies", "seasons", "shows"] == sorted(
        os.listdir(out)
    )


# --- the command ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Run:
    """What one run of the command gave."""

    code: int
    out: str
    err: str


def run_cli(*args: str | Path) -> Run:
    """``python -m history_resolver batch ARGS`` as a real subprocess."""
    completed = subprocess.run(
        [sys.executable, "-m", "history_resolver", "batch", *map(str, args)],
        capture_output=True,
        timeout=110,
        check=False,
        cwd=ROOT,
    )
    return Run(completed.returncode, completed.stdout.decode(), completed.stderr.decode())


def test_command_end_to_end(client: Client, tmp_path: Path) -> None:
    """The command reads the history from a folder (JSON Lines and Parquet) and the catalog
    from a TMDB folder, writes every table and says what it wrote; exit 0 and nothing on
    stderr (no progress bar when stderr is not a terminal)."""
    document = json.loads((ROOT / "examples" / "breaking-bad.json").read_text("utf-8"))
    profiles: dict[str | int, list[JSON]] = {
        "walt": document["history"],
        2: document["history"][:3],
    }
    batch = write_batch(tmp_path / "history", profiles, formats=("jsonl", "parquet"))
    out = tmp_path / "out"
    run = run_cli(
        "--history",
        tmp_path / "history",
        "--tmdb",
        tmdb_folder(tmp_path / "tmdb"),
        "--out",
        out,
        "--scheduler",
        address(client),
        "--now",
        NOW,
    )
    assert (0, "") == (run.code, run.err)
    assert (
        f"resolved 2 profiles into {out} (episodes 126, movies 2, seasons 12, shows 2, "
        "inProgress 3, diagnostics 0 rows)\n"
    ) == run.out
    assert expected_tables(batch, OPTIONS, document["episodes"]) == written_tables(out)


def test_without_a_scheduler_a_local_cluster_is_started_and_closed(tmp_path: Path) -> None:
    """With no scheduler the batch starts a local cluster of ``workers`` processes, and
    closes it: no process of it outlives the call."""
    batch = write_batch(tmp_path / "history", generated_profiles(2, seed=4), formats=("jsonl",))
    before = {p.pid for p in psutil.Process().children(recursive=True)}
    with unmeasured_children():
        result = resolve_batch(
            batch.files,
            tmp_path / "out",
            catalog=[catalog_file_of(tmp_path)],
            options=OPTIONS,
            workers=1,
        )
    assert 2 == result.profiles
    assert expected_tables(batch, OPTIONS) == written_tables(tmp_path / "out")
    after = {p.pid for p in psutil.Process().children(recursive=True) if p.is_running()}
    assert set() == after - before


def test_command_invalid_input_exits_1_naming_every_problem(client: Client, tmp_path: Path) -> None:
    """Invalid profiles: exit 1, one problem per line on stderr, no traceback, no --out."""
    batch = bad_batch(tmp_path / "history")
    run = run_cli(
        "--history",
        *batch.files,
        "--catalog",
        catalog_file_of(tmp_path),
        "--out",
        tmp_path / "out",
        "--scheduler",
        address(client),
        "--now",
        NOW,
    )
    assert (1, "") == (run.code, run.out)
    assert "Traceback" not in run.err
    assert [
        "profile 42: history[3].progress: 120 is outside 0..100",
        'profile "a b": history[0].updatedAt: "2023-01-15" is a date without a time; a '
        "timestamp with a UTC offset is needed",
    ] == run.err.splitlines()[-2:]
    assert 6 == len(run.err.splitlines())
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(
    ("args", "code", "last_line"),
    [
        (
            ["--history", "{d}/h.jsonl", "--out", "{d}/existing"],
            2,
            "history-resolver: error: {d}/existing exists (replace it with overwrite, --overwrite)",
        ),
        (
            ["--history", "{d}/missing.jsonl", "--out", "{d}/out"],
            2,
            "history-resolver: error: history: {d}/missing.jsonl is not a file or a folder",
        ),
        (
            ["--history", "{d}/h.jsonl"],
            2,
            "history-resolver: error: the following arguments are required: --out",
        ),
        (
            ["--history", "{d}/h.jsonl", "--out", "{d}/out", "--workers", "0"],
            2,
            "history-resolver: error: argument --workers: '0' is not a whole number of at least 1",
        ),
        (
            ["--history", "{d}/h.jsonl", "--out", "{d}/out", "--partitions", "x"],
            2,
            "history-resolver: error: argument --partitions: 'x' is not a whole number of at "
            "least 1",
        ),
        (
            ["--history", "{d}/h.jsonl", "--out", "{d}/out", "--threshold", "150"],
            2,
            "history-resolver: error: argument --threshold: 150 is outside 0..100 (0 excluded)",
        ),
        (
            ["--history", "{d}/h.jsonl", "--out", "{d}/out", "--now", "2023-01-15"],
            2,
            'history-resolver: error: argument --now: "2023-01-15" is a date without a time; a '
            "timestamp with a UTC offset is needed",
        ),
        (
            ["--history", "{d}/h.jsonl", "--out", "{d}/out", "--as-of", "x"],
            2,
            'history-resolver: error: argument --as-of: "x" is not an ISO 8601 timestamp with a '
            "UTC offset",
        ),
        (
            ["--history", "{d}/h.jsonl", "--out", "{d}/out", "--air-date-zone", "Mars/Base"],
            2,
            'history-resolver: error: argument --air-date-zone: "Mars/Base" is not an IANA time '
            "zone name",
        ),
    ],
)
def test_command_usage_and_option_errors(
    tmp_path: Path, args: list[str], code: int, last_line: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """Usage errors, bad option values among them (checked by the library's option rules,
    named by their flag), exit 2 before any cluster starts (in process: the subprocess
    test below shows the same for one of them)."""
    (tmp_path / "h.jsonl").write_text("", encoding="utf-8")
    (tmp_path / "existing").mkdir()
    exit_code = main(["batch", *(a.format(d=tmp_path) for a in args)])
    captured = capsys.readouterr()
    assert (code, "") == (exit_code, captured.out)
    assert last_line.format(d=tmp_path) == captured.err.splitlines()[-1]


def test_command_usage_error_in_a_subprocess(tmp_path: Path) -> None:
    """An existing --out: exit 2, one line on stderr, no traceback."""
    (tmp_path / "h.jsonl").write_text("", encoding="utf-8")
    (tmp_path / "out").mkdir()
    run = run_cli("--history", tmp_path / "h.jsonl", "--out", tmp_path / "out")
    assert (2, "") == (run.code, run.out)
    assert [
        f"history-resolver: error: {tmp_path}/out exists (replace it with overwrite, --overwrite)"
    ] == run.err.splitlines()


def test_command_help_says_the_exit_statuses(capsys: pytest.CaptureFixture[str]) -> None:
    """``batch --help`` lists the tables, every exit status and examples."""
    assert 0 == main(["batch", "--help"])
    text = " ".join(capsys.readouterr().out.split())
    for said in [
        "inProgress, diagnostics",
        "0 written",
        "1 invalid input",
        '"profile ID: PATH: MESSAGE"',
        "2 usage error",
        "history-resolver batch --history exports/ --catalog catalog.jsonl --out screens/",
    ]:
        assert said in text


def test_command_in_process_skip_mode_and_summary(
    client: Client, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """--skip-invalid writes the valid profiles and reports the rest in diagnostics;
    --overwrite replaces an old output folder whole."""
    batch = bad_batch(tmp_path / "history")
    out = tmp_path / "out"
    (out / "episodes").mkdir(parents=True)  # an old output, replaced whole
    (out / "old.txt").touch()
    code = main(
        [
            "batch",
            "--history",
            *map(str, batch.files),
            "--catalog",
            str(catalog_file_of(tmp_path)),
            "--out",
            str(out),
            "--scheduler",
            address(client),
            "--now",
            NOW,
            "--skip-invalid",
            "--partitions",
            "2",
            "--overwrite",
        ]
    )
    captured = capsys.readouterr()
    assert (0, "") == (code, captured.err)
    assert captured.out.startswith(f"resolved 3 profiles into {out} (episodes 540, ")
    assert captured.out.endswith(", diagnostics 6 rows)\n")
    assert sorted(TABLES) == sorted(os.listdir(out))


def test_command_without_the_batch_extra(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Without Dask installed the command says which extra to install; exit 2."""
    monkeypatch.setitem(sys.modules, "history_resolver.batch", None)
    code = main(["batch", "--history", "h.jsonl", "--out", str(tmp_path / "out")])
    assert 2 == code
    assert capsys.readouterr().err.startswith(
        "history-resolver: error: the batch command needs the batch extra "
        "(pip install 'history-resolver[batch]'): "
    )


def test_count_flag() -> None:
    """--workers and --partitions take a whole number of at least 1."""
    assert 3 == _count("3")
    for text in ("0", "-1", "1.5", "x"):
        with pytest.raises(argparse.ArgumentTypeError):
            _count(text)


def test_batch_result_is_a_frozen_value(tmp_path: Path) -> None:
    """BatchResult is a frozen, slotted value."""
    result = BatchResult(tmp_path, 1, {"episodes": 2})
    with pytest.raises(AttributeError):
        result.profiles = 2  # type: ignore[misc]
    assert not hasattr(result, "__dict__")
