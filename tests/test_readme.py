"""What the README (and the rules' bundled example) show a reader is what the command does.

The README's sample table and the one in docs/rules.md#the-bundled-example are the command's
output on ``examples/breaking-bad.json``, byte for byte; the README's second command (the
list endpoint's page with TMDB seasons) runs as written.
"""

from __future__ import annotations

import re
import shlex

from clirun import ROOT, run_cli

README = (ROOT / "README.md").read_text(encoding="utf-8")
RULES = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
EXAMPLE_COMMAND = "history-resolver resolve examples/breaking-bad.json --format table"


def _block_after(text: str, marker: str, fence: str = "text") -> str:
    """The first fenced block of kind ``fence`` after ``marker`` in ``text``."""
    start = text.index(marker)
    match = re.compile(rf"```{fence}\n(.*?)```", re.S).search(text, start)
    assert match is not None
    return match.group(1)


def test_the_readme_table_is_the_commands_output() -> None:
    """The table the README says the first command prints is what it prints."""
    assert f".venv/bin/{EXAMPLE_COMMAND}" in README
    run = run_cli(*EXAMPLE_COMMAND.split()[1:])
    assert (0, "") == (run.code, run.err)
    assert _block_after(README, "The first command prints:") == run.out


def test_the_rules_bundled_example_is_the_commands_output() -> None:
    """docs/rules.md shows the same command and its output."""
    block = _block_after(RULES, "## The bundled example", fence="")
    command, _, table = block.partition("\n")
    assert f"$ {EXAMPLE_COMMAND}" == command
    assert table == run_cli(*EXAMPLE_COMMAND.split()[1:]).out


def test_the_readme_list_endpoint_command_runs() -> None:
    """The README's ``--history`` command (a page and two TMDB seasons) runs as written."""
    block = _block_after(README, "## The command", fence="sh")
    args = shlex.split(block.replace("\\\n", " "))
    assert ".venv/bin/history-resolver" == args[0]
    run = run_cli(*args[1:])
    assert (0, "") == (run.code, run.err)
    assert run.out.startswith("TV_TMDBID1396  ")
    assert '"El Camino: A Breaking Bad Movie"' in run.out
