"""Helpers shared by the test files: fixed times, problem extraction, the command run in
process, the benchmark generator, and builders of one-episode documents.

Strategies for generated input are in ``strategies.py``; the reference model is
``reference.py``; the command as a real subprocess is ``clirun.py``.  See docs/testing.md.
"""

from __future__ import annotations

import contextlib
import functools
import importlib.util
import io
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest

from history_resolver import InvalidInputError, resolve_document
from history_resolver._cli import main

__all__ = [
    "AIR",
    "AIR_AT",
    "CLOCK_NS",
    "CLOCK_TEXT",
    "NOW",
    "ROOT",
    "T1",
    "T2",
    "T3",
    "catalog_doc",
    "clock",
    "default",
    "episode_state",
    "explicit",
    "film",
    "load_generate",
    "messages",
    "movie_state",
    "one_episode",
    "problems",
    "run_in_process",
    "shown",
    "write_json",
]

ROOT = Path(__file__).resolve().parents[1]

NOW = "2024-01-01T00:00:00.000Z"
"""The ``options.now`` of hand-written documents."""

CLOCK_NS = 1_700_000_000_123_456_789  # 2023-11-14T22:13:20.123456789Z
CLOCK_TEXT = "2023-11-14T22:13:20.123Z"
""":data:`CLOCK_NS` as the output writes it (cut to milliseconds)."""


def clock() -> int:
    """A fixed current time (:data:`CLOCK_NS`), so no test depends on the real clock."""
    return CLOCK_NS


# --- problems ---------------------------------------------------------------------------------


def messages(error: pytest.ExceptionInfo[InvalidInputError]) -> list[str]:
    """Each problem of a rejected call as ``path: message``."""
    return [str(problem) for problem in error.value.problems]


def problems(document: object) -> list[str]:
    """Each problem ``resolve_document`` (with :func:`clock`) names for ``document``, which
    must be rejected, as ``path: message``."""
    with pytest.raises(InvalidInputError) as error:
        resolve_document(document, clock=clock)
    return messages(error)


def shown(text: str) -> str:
    """How a message shows a string longer than 60 characters (``render_value``)."""
    return json.dumps(text[:60])[:-1] + f'..." ({len(text)} characters)'


# --- the command, in this process ---------------------------------------------------------------


def run_in_process(
    argv: Sequence[str | Path], stdout: io.StringIO | None = None
) -> tuple[int, str, str]:
    """``history-resolver ARGV`` in this process: (exit status, stdout, stderr)."""
    out = io.StringIO() if stdout is None else stdout
    err = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main([str(arg) for arg in argv])
    return code, out.getvalue(), err.getvalue()


def write_json(path: Path, value: object) -> Path:
    """``value`` written to ``path`` as JSON."""
    path.write_text(json.dumps(value), encoding="utf-8")
    return path


# --- benchmarks/generate.py ---------------------------------------------------------------------


@functools.cache
def load_generate() -> Any:
    """``benchmarks/generate.py``: seeded, realistic profiles (loaded once)."""
    spec = importlib.util.spec_from_file_location("generate", ROOT / "benchmarks" / "generate.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# --- one episode, one movie: hand-picked timelines ---------------------------------------------

T1 = "2023-01-01T00:00:00.000Z"
T2 = "2023-02-01T00:00:00.000Z"
T3 = "2023-03-01T00:00:00.000Z"
AIR = "2023-01-15"  # between T1 and T2
AIR_AT = "2023-01-15T00:00:00.000Z"

Row = tuple[Any, ...]


def one_episode(history: list[dict[str, Any]], **options: Any) -> dict[str, Any]:
    """Resolve ``history`` against a one-episode catalog (TV_1 1x1, aired on ``AIR``)."""
    document = {
        "history": history,
        "episodes": [{"mediaId": "TV_1", "season": 1, "episode": 1, "airDate": AIR}],
        "options": {"now": NOW, **options},
    }
    return resolve_document(document, clock=clock)


def episode_state(output: dict[str, Any]) -> Row:
    """``(progress, completed, basis, decidedBy, plays, lastWatchedAt)`` of TV_1 1x1."""
    [row] = [e for e in output["episodes"] if (e["season"], e["episode"]) == (1, 1)]
    return (
        row["progress"],
        row["completed"],
        row["basis"],
        row["decidedBy"],
        row["plays"],
        row["lastWatchedAt"],
    )


def movie_state(output: dict[str, Any]) -> Row:
    """``(progress, completed, decidedBy, plays, lastWatchedAt)`` of the only movie."""
    [row] = output["movies"]
    return (row["progress"], row["completed"], row["decidedBy"], row["plays"], row["lastWatchedAt"])


def explicit(updated: str, progress: float, **fields: Any) -> dict[str, Any]:
    """An explicit entry for TV_1 1x1."""
    return {"mediaId": "TV_1", "season": 1, "episode": 1, "updatedAt": updated,
            "progress": progress, **fields}  # fmt: skip


def default(updated: str, progress: float, **fields: Any) -> dict[str, Any]:
    """A season default for TV_1 season 1."""
    return {"mediaId": "TV_1", "season": 1, "updatedAt": updated, "progress": progress, **fields}


def film(updated: str, progress: float, **fields: Any) -> dict[str, Any]:
    """An entry for the movie MV_5."""
    return {"mediaId": "MV_5", "updatedAt": updated, "progress": progress, **fields}


def catalog_doc(*rows: dict[str, Any], history: list[Any] | None = None) -> dict[str, Any]:
    """A document with the given catalog rows and history (empty by default)."""
    return {"history": history or [], "episodes": list(rows), "options": {"now": NOW}}
