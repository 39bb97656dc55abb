"""What the document layer hands its adapters (``_document.run_document``) is all used.

``DocumentRun`` carries what the adapters need beyond the output document; a field that no
adapter reads is dead weight that looks like a contract, so each field must be read by the
name of the field somewhere in the adapters.
"""

from __future__ import annotations

import ast
from pathlib import Path

from history_resolver._document import DocumentRun

SOURCE = Path(__file__).resolve().parents[1] / "src" / "history_resolver"
ADAPTERS = ("_cli_resolve.py", "batch.py", "server.py", "_document.py")


def _is_run(node: ast.AST, names: set[str]) -> bool:
    """``run_document(...)``, or a name bound to its result."""
    if isinstance(node, ast.Call):
        func = node.func
        return (isinstance(func, ast.Name) and func.id == "run_document") or (
            isinstance(func, ast.Attribute) and func.attr == "run_document"
        )
    return isinstance(node, ast.Name) and node.id in names


def fields_read(path: Path) -> set[str]:
    """Every ``run_document(...).name`` and ``result.name`` (``result`` bound to
    ``run_document(...)``) read in the module at ``path``."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = {
        target.id
        for node in ast.walk(tree)
        if isinstance(node, ast.Assign) and _is_run(node.value, set())
        for target in node.targets
        if isinstance(target, ast.Name)
    }
    return {
        node.attr
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute) and _is_run(node.value, names)
    }


def test_every_field_of_a_document_run_is_read_by_an_adapter() -> None:
    """Each field of ``DocumentRun`` is read (``run.<field>``) by the command, the batch,
    the server or the document adapter itself."""
    read = set().union(*(fields_read(SOURCE / name) for name in ADAPTERS))
    assert [] == [field for field in DocumentRun._fields if field not in read]
    assert ("output", "decisions") == DocumentRun._fields
