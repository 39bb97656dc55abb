"""Running the ``history-resolver`` command as a real subprocess, for the command's tests.

``python -m history_resolver`` in a child process: what a user runs, with coverage measured
in the child (``[tool.coverage.run] patch = ["subprocess"]``).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from support import ROOT, write_json

__all__ = [
    "ROOT",
    "Run",
    "assert_invalid",
    "assert_usage",
    "resolved",
    "run_cli",
    "said",
    "write_json",
]


@dataclass(frozen=True)
class Run:
    """What one run of the command gave."""

    code: int
    out: str
    err: str

    @property
    def err_lines(self) -> list[str]:
        return self.err.splitlines()


def run_cli(*args: str | Path, stdin: bytes = b"", cwd: Path = ROOT) -> Run:
    """Run ``python -m history_resolver ARGS`` in ``cwd`` with ``stdin`` as its input."""
    env = dict(os.environ, COLUMNS="80")
    completed = subprocess.run(
        [sys.executable, "-m", "history_resolver", *map(str, args)],
        input=stdin,
        capture_output=True,
        cwd=cwd,
        env=env,
        timeout=120,
        check=False,
    )
    return Run(
        completed.returncode,
        completed.stdout.decode("utf-8", errors="replace"),
        completed.stderr.decode("utf-8", errors="replace"),
    )


def resolved(run: Run) -> Any:
    """The JSON document a successful run printed (its diagnostics, and nothing else, on
    stderr)."""
    assert 0 == run.code, run.err
    assert "Traceback" not in run.out
    output = json.loads(run.out)
    assert said(output) == run.err
    return output


def said(output: dict[str, Any]) -> str:
    """What a successful run writes to stderr for ``output``: each diagnostic on a line,
    a warning as ``warning: PATH: MESSAGE``, an item left out as ``skipped: PATH: MESSAGE``."""
    word = {"warning": "warning", "error": "skipped"}
    text = "".join(
        f"{word[d['severity']]}: {d['path']}: {d['message']}\n" for d in output["diagnostics"]
    )
    # what a terminal cannot show (a lone surrogate) is written as an escape, never a crash
    return text.encode("utf-8", "backslashreplace").decode("utf-8")


def assert_invalid(run: Run) -> None:
    """Exit 1, nothing on stdout, a non-empty stderr and no traceback anywhere."""
    assert 1 == run.code, run.err
    assert "" == run.out
    assert run.err.strip() != ""
    assert "Traceback" not in run.err


def assert_usage(run: Run, last_line: str) -> None:
    """Exit 2, nothing on stdout, and ``last_line`` as the last line of stderr."""
    assert 2 == run.code, run.err
    assert "" == run.out
    assert "Traceback" not in run.err
    assert last_line == run.err_lines[-1]
