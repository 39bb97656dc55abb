"""The conformance vectors: reading them, and checking an implementation's answers.

The vectors (package data, ``history_resolver/conformance/vectors.jsonl``, written by
``conformance/generate.py``; see ``conformance/README.md``) pair input documents with what
``docs/rules.md`` says they resolve to: the output document, or, for a document that breaks
a rule, the JSON path and rule of each problem.  Any implementation, in any language, can be
checked against them; ``history-resolver conformance --command CMD``
(:mod:`history_resolver._cli_conformance`) does it for a command.

The protocol (the README states it for other runners):

- per vector (the default): ``CMD`` runs once per vector, gets the input document on stdin,
  and must exit 0 and write the output document on stdout; for an invalid document it must
  exit non-zero.  If it then writes ``{"problems": [{"path": ..., "rule": ...}, ...]}`` on
  stdout, the paths (and the rules, when every problem has one) must be the expected ones.
- ``--batch``: ``CMD`` runs once, gets one input document per line (JSON Lines) and writes
  one line per input, in order: the output document, or ``{"problems": [...]}`` for an
  input it refuses (an empty list when it cannot name them).

Comparison: numbers by value (``100`` equals ``100.0``), a boolean only equals a boolean,
objects must have exactly the expected keys; diagnostics are compared as a multiset of
``(severity, path)`` (and ``rule``, when the implementation gives one for every
diagnostic); messages are never compared.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, final

__all__ = [
    "Vector",
    "VectorsError",
    "answer_difference",
    "bundled_text",
    "output_difference",
    "problems_difference",
    "read_vectors",
    "run_batch",
    "run_each",
    "select",
]

FORMAT = "history-resolver conformance vectors"
_SHOWN = 80


@final
@dataclass(frozen=True, slots=True)
class Vector:
    """One conformance vector: an input and what a conforming implementation answers.

    Exactly one of ``expected`` (the output document) and ``problems`` (``(path, rule)``
    pairs, for an input that breaks a rule) is set.
    """

    id: str
    rules: tuple[str, ...]
    description: str
    input: Any
    expected: dict[str, Any] | None
    problems: tuple[tuple[str, str], ...] | None


class VectorsError(Exception):
    """A vectors file that cannot be read (one line, already worded)."""


def bundled_text() -> str:
    """The text of the vectors file shipped with the library."""
    from importlib import resources  # not at import: the command imports this module

    path = resources.files(__package__) / "conformance" / "vectors.jsonl"
    return path.read_text(encoding="utf-8")


def read_vectors(text: str) -> tuple[str, tuple[Vector, ...]]:
    """The version and the vectors of a vectors file's text."""
    lines = text.splitlines()
    try:
        header = json.loads(lines[0]) if lines else None
        if not isinstance(header, dict) or header.get("format") != FORMAT:
            raise VectorsError("its first line is not the header of a vectors file")
        vectors = tuple(_vector(json.loads(line)) for line in lines[1:])
    except (ValueError, KeyError, TypeError) as error:
        raise VectorsError(f"not a vectors file: {error}") from None
    return str(header["version"]), vectors


def _vector(item: dict[str, Any]) -> Vector:
    problems = item.get("expectedProblems")
    expected = item.get("expected")
    if (problems is None) == (expected is None):
        raise ValueError(f"vector {item['id']} needs exactly one of expected, expectedProblems")
    return Vector(
        id=str(item["id"]),
        rules=tuple(item["rules"]),
        description=str(item["description"]),
        input=item["input"],
        expected=expected,
        problems=None if problems is None else tuple((p["path"], p["rule"]) for p in problems),
    )


def select(
    vectors: Sequence[Vector], rules: Sequence[str] = (), ids: Sequence[str] = ()
) -> list[Vector]:
    """The vectors that exercise any of ``rules`` and whose id matches any of the ``ids``
    patterns (shell-style: ``season-defaults/*``); an empty filter selects everything."""
    from fnmatch import fnmatchcase

    return [
        v
        for v in vectors
        if (not rules or any(r in v.rules for r in rules))
        and (not ids or any(fnmatchcase(v.id, pattern) for pattern in ids))
    ]


# --- comparison ------------------------------------------------------------------------------


def _show(value: object) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= _SHOWN else text[: _SHOWN - 3] + "..."


def _is_number(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _difference(expected: Any, actual: Any, path: str) -> str | None:
    """Where ``actual`` first differs from ``expected`` (JSON values), or None."""
    same_kind = (
        (_is_number(expected) and _is_number(actual))
        or (isinstance(expected, bool) and isinstance(actual, bool))
        or (isinstance(expected, str) and isinstance(actual, str))
        or (expected is None and actual is None)
        or (isinstance(expected, list) and isinstance(actual, list))
        or (isinstance(expected, dict) and isinstance(actual, dict))
    )
    if not same_kind:
        return f"{path}: expected {_show(expected)}, got {_show(actual)}"
    if isinstance(expected, list):
        if len(expected) != len(actual):
            return f"{path}: expected {len(expected)} items, got {len(actual)}"
        for index, (want, got) in enumerate(zip(expected, actual, strict=True)):
            found = _difference(want, got, f"{path}[{index}]")
            if found is not None:
                return found
        return None
    if isinstance(expected, dict):
        return _object_difference(expected, actual, path)
    if expected != actual:
        return f"{path}: expected {_show(expected)}, got {_show(actual)}"
    return None


def _object_difference(expected: dict[str, Any], actual: dict[str, Any], path: str) -> str | None:
    prefix = f"{path}." if path else ""
    for key in expected:
        if key not in actual:
            return f"{prefix}{key}: missing"
    for key in actual:
        if key not in expected:
            return f"{prefix}{key}: unexpected key"
    for key, want in expected.items():
        found = _difference(want, actual[key], f"{prefix}{key}")
        if found is not None:
            return found
    return None


def _tally(items: Sequence[dict[str, Any]], names: tuple[str, ...]) -> Counter[str]:
    return Counter(", ".join(_show(item.get(name)) for name in names) for item in items)


def _multiset_difference(
    what: str, expected: Sequence[dict[str, Any]], actual: Sequence[dict[str, Any]]
) -> str | None:
    names = ("severity", "path") if what == "diagnostics" else ("path",)
    if actual and all("rule" in item for item in actual):
        names = (*names, "rule")
    want, got = _tally(expected, names), _tally(actual, names)
    missing, unexpected = sorted((want - got).elements()), sorted((got - want).elements())
    if not missing and not unexpected:
        return None
    parts = []
    if missing:
        parts.append("missing (" + "), (".join(missing) + ")")
    if unexpected:
        parts.append("unexpected (" + "), (".join(unexpected) + ")")
    return f"{what}: " + "; ".join(parts)


def _objects_with(value: Any, keys: tuple[str, ...]) -> bool:
    return isinstance(value, list) and all(
        isinstance(item, dict) and all(isinstance(item.get(k), str) for k in keys) for item in value
    )


def output_difference(expected: dict[str, Any], actual: Any) -> str | None:
    """Where an implementation's output document differs from the expected one, or None.

    Diagnostics are compared as a multiset of ``(severity, path)``, plus ``rule`` when the
    implementation gives a rule for every diagnostic; their messages are not compared.
    """
    if not isinstance(actual, dict):
        return f"the output is {_show(actual)}, not a JSON object"
    if "diagnostics" not in actual:
        return "diagnostics: missing"
    diagnostics: Any = actual["diagnostics"]
    if not _objects_with(diagnostics, ("severity", "path")):
        return "diagnostics: not a list of objects with a severity and a path"
    rest = {k: v for k, v in actual.items() if k != "diagnostics"}
    wanted = {k: v for k, v in expected.items() if k != "diagnostics"}
    return _object_difference(wanted, rest, "") or _multiset_difference(
        "diagnostics", expected["diagnostics"], diagnostics
    )


def problems_difference(expected: Sequence[tuple[str, str]], reported: Any) -> str | None:
    """Where the problems an implementation names for an invalid input differ from the
    expected ``(path, rule)`` pairs, or None.  An empty list names nothing and is not
    compared; rules are compared when every reported problem has one."""
    if not _objects_with(reported, ("path",)):
        return "problems: not a list of objects with a path"
    if not reported:
        return None
    wanted = [{"path": path, "rule": rule} for path, rule in expected]
    unique = {(p["path"], _show(p.get("rule"))): p for p in reported}  # named twice: once
    return _multiset_difference("problems", wanted, list(unique.values()))


def answer_difference(vector: Vector, answer: Any) -> str | None:
    """What is wrong with ``answer`` (a parsed JSON value: an output document, or a refusal
    ``{"problems": [...]}``) to ``vector``, or None."""
    refused = isinstance(answer, dict) and "problems" in answer and "episodes" not in answer
    if vector.expected is not None:
        if refused:
            return "refused a valid document: " + _show(answer["problems"])
        return output_difference(vector.expected, answer)
    assert vector.problems is not None
    if not refused:
        return "accepted a document that breaks " + ", ".join(
            sorted({r for _, r in vector.problems})
        )
    return problems_difference(vector.problems, answer["problems"])


def _status_difference(vector: Vector, status: int, stdout: bytes, stderr: bytes) -> str | None:
    """The per-vector protocol: exit status and standard output."""
    hint = stderr.decode("utf-8", "replace").strip().splitlines()
    said = f" ({hint[0][:_SHOWN]})" if hint else ""
    if vector.expected is not None:
        if status != 0:
            return f"exit status {status} for a valid document{said}"
        try:
            answer = json.loads(stdout)
        except ValueError:
            return "stdout is not one JSON document"
        return output_difference(vector.expected, answer)
    if status == 0:
        return answer_difference(vector, None)
    try:
        answer = json.loads(stdout)
    except ValueError:
        return None  # refused, without naming the problems: enough
    if isinstance(answer, dict) and "problems" in answer:
        return problems_difference(vector.problems or (), answer["problems"])
    return None


# --- running a command --------------------------------------------------------------------------


def _input_line(vector: Vector) -> bytes:
    return (json.dumps(vector.input, allow_nan=False) + "\n").encode("ascii")


def run_each(
    argv: list[str], vectors: Sequence[Vector], timeout: float, jobs: int
) -> list[str | None]:
    """Run ``argv`` once per vector, ``jobs`` at a time: what is wrong with each answer
    (None when right)."""
    import subprocess
    from concurrent.futures import ThreadPoolExecutor

    def one(vector: Vector) -> str | None:
        try:
            done = subprocess.run(
                argv, input=_input_line(vector), capture_output=True, timeout=timeout, check=False
            )
        except subprocess.TimeoutExpired:
            return f"no answer within {timeout:g} s"
        return _status_difference(vector, done.returncode, done.stdout, done.stderr)

    with ThreadPoolExecutor(max_workers=jobs) as pool:
        return list(pool.map(one, vectors))


def run_batch(argv: list[str], vectors: Sequence[Vector], timeout: float) -> list[str | None]:
    """Run ``argv`` once on every vector's input, one JSON line each: what is wrong with
    each answer line (None when right)."""
    import subprocess

    data = b"".join(_input_line(v) for v in vectors)
    try:
        done = subprocess.run(
            argv, input=data, capture_output=True, timeout=timeout * len(vectors), check=False
        )
    except subprocess.TimeoutExpired:
        return [f"no answer within {timeout:g} s per vector"] * len(vectors)
    lines = done.stdout.decode("utf-8", "replace").splitlines()
    results: list[str | None] = []
    for index, vector in enumerate(vectors):
        if index >= len(lines):
            results.append(f"no answer: {len(lines)} lines for {len(vectors)} inputs")
            continue
        try:
            answer = json.loads(lines[index])
        except ValueError:
            results.append(f"answer line {index + 1} is not JSON")
            continue
        results.append(answer_difference(vector, answer))
    return results
