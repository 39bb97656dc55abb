"""The conformance vectors (conformance/README.md) and the ``conformance`` command.

The engine and the reference model reproduce every vector; the committed file is exactly
what ``conformance/generate.py`` writes; the rules document shows the inputs and results of
the examples the vectors hold; every rule and every boundary class has vectors; and the
``conformance`` command (and the Node runner) passes the real command and fails a
deliberately wrong implementation on exactly the vectors of the rule it breaks.
"""

from __future__ import annotations

import copy
import json
import re
import shlex
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "conformance"))

import cases  # noqa: E402
import generate  # noqa: E402

import reference as ref  # noqa: E402
import test_docs  # noqa: E402
from history_resolver import InvalidInputError, resolve_document  # noqa: E402
from history_resolver._cli import main  # noqa: E402
from history_resolver._conformance import (  # noqa: E402
    Vector,
    answer_difference,
    bundled_text,
    output_difference,
    problems_difference,
    read_vectors,
)

JSON = dict[str, Any]

TEXT = bundled_text()
VERSION, VECTORS = read_vectors(TEXT)
BY_ID = {vector.id: vector for vector in VECTORS}
VALID = [v for v in VECTORS if v.expected is not None]
RULES_TEXT = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
WRONG = ROOT / "tests" / "wrong_implementation.py"
RUNNER = ROOT / "conformance" / "run.mjs"
PYTHON = shlex.quote(sys.executable)
RESOLVE = f"{PYTHON} -m history_resolver resolve -"


def no_clock() -> int:
    """Every vector gives ``now`` or ``asOf``: the clock must never be read."""
    raise AssertionError("a vector read the clock")


def vector_id(vector: Vector) -> str:
    return vector.id


def rules_of(name: str) -> str:
    """The rules of a vector as the command's lines show them."""
    return ", ".join(BY_ID[name].rules)


# --- the engine and the reference model reproduce every vector ----------------------------------


@pytest.mark.parametrize("vector", VECTORS, ids=vector_id)
def test_the_engine_reproduces_the_vector(vector: Vector) -> None:
    """``resolve_document`` gives the expected output document (diagnostics compared by
    severity, path and, for errors, rule), or refuses the input naming exactly the expected
    (path, rule) pairs."""
    if vector.problems is not None:
        with pytest.raises(InvalidInputError) as error:
            resolve_document(copy.deepcopy(vector.input), clock=lambda: generate.CLOCK)
        assert set(vector.problems) == {(p.path, p.rule) for p in error.value.problems}
        return
    assert vector.expected is not None
    output = resolve_document(copy.deepcopy(vector.input), clock=no_clock)
    assert None is output_difference(vector.expected, output)
    errors = {
        (d["path"], d["rule"]) for d in vector.expected["diagnostics"] if d["severity"] == "error"
    }
    if errors:  # skip mode: the same problems, rules and all, as reject mode names them
        assert errors == set(generate.library_problems(vector.input))


@pytest.mark.parametrize("vector", VALID, ids=vector_id)
def test_the_reference_model_reproduces_the_vector(vector: Vector) -> None:
    """The brute-force model of tests/reference.py, given the document less the items its
    error diagnostics name, gives the expected output document."""
    assert vector.expected is not None
    errors = [
        (d["path"], d["rule"]) for d in vector.expected["diagnostics"] if d["severity"] == "error"
    ]
    output = generate.expected_output(vector.input, errors, ref)
    assert None is output_difference(vector.expected, output)


def test_the_committed_vectors_are_what_the_generator_writes() -> None:
    """No drift: the generator, run in memory, writes the committed file byte for byte."""
    assert TEXT == generate.generate(previous=TEXT)


def test_the_vectors_file_is_the_package_data() -> None:
    """The generator writes the file the library ships (and the command reads)."""
    assert TEXT == generate.VECTORS.read_text(encoding="utf-8")


def test_the_header_and_the_vectors_agree() -> None:
    """The header names the format, the generator's version and the count; ids are unique and
    sorted; every vector has a description and at least one rule."""
    header = json.loads(TEXT.splitlines()[0])
    expected = {
        "format": "history-resolver conformance vectors",
        "version": generate.VERSION,
        "rules": "docs/rules.md",
        "vectors": len(VECTORS),
    }
    assert expected == header
    ids = [v.id for v in VECTORS]
    assert sorted(set(ids)) == ids
    assert [] == [v.id for v in VECTORS if not v.description or not v.rules]


def test_every_valid_vector_fixes_now() -> None:
    """Every valid vector gives ``options.now`` or ``options.asOf``: no result depends on a
    clock."""
    missing = [
        v.id
        for v in VALID
        if v.input["options"].get("now") is None and v.input["options"].get("asOf") is None
    ]
    assert [] == missing


def test_the_changelog_lists_the_version() -> None:
    """conformance/CHANGELOG.md has an entry for the version the file carries."""
    changelog = (ROOT / "conformance" / "CHANGELOG.md").read_text(encoding="utf-8")
    assert f"## {VERSION}" in changelog.splitlines()


# --- versioning --------------------------------------------------------------------------------


def _published(version: str, vectors: list[JSON]) -> str:
    return generate.render(vectors, version)


V1 = {"id": "a/1", "rules": ["progress"], "description": "x", "input": {"history": []}}


@pytest.mark.parametrize(
    ("previous", "now", "version", "message"),
    [
        # a published expectation changed without a new major version
        pytest.param(
            [{**V1, "expected": {"episodes": []}}],
            [{**V1, "expected": {"episodes": [1]}}],
            "1.1.0",
            "1 published vectors changed or removed (a/1): that takes a new major version",
            id="changed",
        ),
        # a published vector removed without a new major version
        pytest.param(
            [{**V1, "expected": {}}],
            [{**V1, "id": "a/2", "expected": {}}],
            "1.5.0",
            "1 published vectors changed or removed (a/1)",
            id="removed",
        ),
        # vectors added without a new version
        pytest.param(
            [{**V1, "expected": {}}],
            [{**V1, "expected": {}}, {**V1, "id": "a/2", "expected": {}}],
            "1.0.0",
            "vectors were added: raise the version above 1.0.0",
            id="added",
        ),
    ],
)
def test_versioning_refuses(
    previous: list[JSON], now: list[JSON], version: str, message: str
) -> None:
    """Vectors are only added (a new version); a changed or removed one takes a new major
    version."""
    with pytest.raises(generate.GeneratorError, match=re.escape(message)):
        generate.check_versioning(_published("1.0.0", previous), now, version)


@pytest.mark.parametrize(
    ("old", "previous", "now", "version"),
    [
        pytest.param(
            "1.0.0",
            [{**V1, "expected": {}}],
            [{**V1, "expected": {1: 2}}],
            "2.0.0",
            id="major-change",
        ),
        pytest.param(
            "1.0.0",
            [{**V1, "expected": {}}],
            [{**V1, "expected": {}}, {**V1, "id": "a/2", "expected": {}}],
            "1.1.0",
            id="minor-addition",
        ),
        pytest.param(
            "1.0.0",
            [{**V1, "expected": {}}],
            [{**V1, "description": "y", "rules": [], "expected": {}}],
            "1.0.0",
            id="metadata-only",
        ),
        pytest.param("0.3.0", [{**V1, "expected": {}}], [], "0.3.0", id="unpublished"),
    ],
)
def test_versioning_allows(old: str, previous: list[JSON], now: list[JSON], version: str) -> None:
    """A new major version may change anything; a new minor version may add; descriptions
    and rules are not expectations; 0.x versions are not published yet."""
    generate.check_versioning(_published(old, previous), now, version)
    generate.check_versioning("", now, version)


# --- the rules document shows what the vectors hold ----------------------------------------------


def _squeeze(text: str) -> str:
    return re.sub(r"\s+", " ", text)


SQUEEZED_RULES = _squeeze(RULES_TEXT)
SHOWN = [case for case in [*cases.example_cases(), *cases.profile_cases()] if case.shown]


def _part(vector: Vector, where: str, show: str) -> Any:
    """The part of a vector's expectation a ``Shown`` speaks of."""
    if where == "problems":
        assert vector.problems is not None
        return {"paths": sorted({path for path, _ in vector.problems})}
    assert vector.expected is not None
    expected = vector.expected
    if where == "diagnostics":
        return {"paths": sorted(d["path"] for d in expected["diagnostics"])}
    if where == "inProgress":
        return expected["inProgress"][0]
    if where == "show":
        return next(s for s in expected["shows"] if s["mediaId"] == show)
    kind, _, name = where.partition(":")
    if kind == "movie":
        return next(m for m in expected["movies"] if m["mediaId"] == name)
    if kind == "season":
        return next(
            s for s in expected["seasons"] if (s["mediaId"], s["season"]) == (show, int(name))
        )
    match = re.fullmatch(r"S(\d+)E(\d+)", where)
    assert match is not None, where
    key = (show, int(match.group(1)), int(match.group(2)))
    return next(e for e in expected["episodes"] if (e["mediaId"], e["season"], e["episode"]) == key)


def _cell(text: str) -> Any:
    """A table cell of the rules document as the JSON value it shows."""
    text = text.strip().strip("`")
    if text in ("null", "true", "false"):
        return json.loads(text)
    if re.fullmatch(r"-?\d+(\.\d+)?", text):
        return float(text)
    return text


def _holds(claimed: Any, actual: Any) -> bool:
    """``claimed`` is ``actual``, or for objects, a part of it."""
    if isinstance(claimed, dict):
        return isinstance(actual, dict) and all(
            k in actual and _holds(v, actual[k]) for k, v in claimed.items()
        )
    if isinstance(claimed, list):
        return sorted(claimed) == sorted(actual)
    return bool(claimed == actual and isinstance(claimed, bool) == isinstance(actual, bool))


@pytest.mark.parametrize("case", SHOWN, ids=lambda case: case.id)
def test_the_rules_document_shows_the_vectors_result(case: cases.Case) -> None:
    """Each quote of an example is in docs/rules.md, and says what the vector expects: a table
    row cell by cell, words by the fields they state."""
    vector = BY_ID[case.id]
    for shown in case.shown:
        assert _squeeze(shown.quote) in SQUEEZED_RULES
        part = _part(vector, shown.where, case.show)
        if shown.columns:
            cells = shown.quote.strip().strip("|").split("|")
            assert len(shown.columns) == len(cells)
            claimed = {c: _cell(cell) for c, cell in zip(shown.columns, cells, strict=True) if c}
        else:
            claimed = dict(shown.fields)
        assert _holds(claimed, part), (claimed, part)


def test_every_shown_example_is_a_vector_from_the_rules_document() -> None:
    """Examples that quote the rules document say where they come from."""
    assert [] == [c.id for c in SHOWN if "docs/rules.md#" not in BY_ID[c.id].description + c.source]


def _section(anchor: str) -> list[str]:
    """The lines of the section of docs/rules.md whose heading has ``anchor``."""
    lines = RULES_TEXT.splitlines()
    starts = [
        i
        for i, line in enumerate(lines)
        if line.startswith("#") and test_docs.github_slug(line.lstrip("#")) == anchor
    ]
    (start,) = starts
    level = len(lines[start]) - len(lines[start].lstrip("#"))
    end = next(
        (i for i in range(start + 1, len(lines)) if re.match(rf"#{{1,{level}}} ", lines[i])),
        len(lines),
    )
    return lines[start:end]


def _code_blocks(anchor: str) -> list[str]:
    blocks: list[str] = []
    current: list[str] | None = None
    for line in _section(anchor):
        if line.startswith("```"):
            if current is None:
                current = []
            else:
                blocks.append("\n".join(current))
                current = None
        elif current is not None:
            current.append(line)
    return blocks


def test_the_output_document_example_is_a_vector() -> None:
    """docs/rules.md#the-output-document shows the vector's input, and an output that equals
    its expectation (diagnostics by severity and path)."""
    vector = BY_ID[cases.OUTPUT_DOCUMENT_ID]
    shown_input, shown_output = (json.loads(b) for b in _code_blocks("the-output-document"))
    assert shown_input == vector.input
    assert vector.expected is not None
    assert None is output_difference(vector.expected, shown_output)


def test_the_errors_example_is_a_vector() -> None:
    """docs/rules.md#errors shows the vector's input and a problem at each expected path."""
    vector = BY_ID[cases.ERRORS_DOCUMENT_ID]
    blocks = _code_blocks("errors")
    assert json.loads(blocks[0]) == vector.input
    paths = [line.split(": ")[0] for line in blocks[1].splitlines()]
    assert vector.problems is not None
    assert sorted(paths) == sorted(path for path, _ in vector.problems)


# --- every rule, every boundary class ---------------------------------------------------------

NOT_IN_A_DOCUMENT = {
    # The list endpoint's pages reach the command, not the input document: the command's own
    # tests pin it (tests/test_cli.py).
    "incomplete-pages",
    # Bytes before they are a document (the command's files, a request body, a batch line):
    # tests/test_json_text.py pins it through every adapter.
    "json-text",
}


def test_every_rule_has_vectors() -> None:
    """Every anchor of docs/rules.md that code and tests cite has vectors, but the one rule
    about command-line input only."""
    named = {rule for v in VECTORS for rule in v.rules}
    assert [] == [a for a in test_docs.REQUIRED_ANCHORS if a not in named | NOT_IN_A_DOCUMENT]


def test_vectors_name_only_rules_of_the_rules_document() -> None:
    """Every rule a vector names is an anchor of docs/rules.md."""
    known = set(test_docs.anchors(RULES_TEXT))
    assert [] == sorted({r for v in VECTORS for r in v.rules} - known)


def test_every_boundary_class_is_met() -> None:
    """Every boundary class is hit by two vectors, one of them at least a generated document;
    the classes each generated input was chosen for are the ones it hits."""
    counts: Counter[str] = Counter()
    generated: Counter[str] = Counter()
    chosen_for = {}
    for line in generate.BOUNDARY_INPUTS.read_text(encoding="utf-8").splitlines():
        item = json.loads(line)
        chosen_for[item["id"]] = item["classes"]
    for vector in VALID:
        classes = generate.classify(vector.input)
        counts.update(classes)
        if vector.id in chosen_for:
            generated.update(classes)
            assert chosen_for[vector.id] == sorted(classes), vector.id
    assert set(chosen_for) <= set(BY_ID)
    assert [] == [c for c in generate.CLASSES if counts[c] < 2 or generated[c] < 1]


def test_the_strict_boundary_names_exactly_its_sensitive_vectors() -> None:
    """A vector names strictly-before exactly when the reference model with ``<=`` for
    ``<`` answers it differently."""
    number = next(
        n for n, (anchor, _, _) in enumerate(generate.MUTANTS) if anchor == "strictly-before"
    )
    wrong = generate.mutant(number)
    sensitive = {v.id for v in VALID if generate.answer(v.input, wrong) != generate.answer(v.input)}
    assert sensitive == {v.id for v in VECTORS if "strictly-before" in v.rules}
    assert len(sensitive) >= 10


# --- comparison ---------------------------------------------------------------------------------

OUT: JSON = {"episodes": [{"progress": 100.0, "completed": True}], "diagnostics": []}


@pytest.mark.parametrize(
    ("actual", "difference"),
    [
        # numbers compare by value
        pytest.param(
            {"episodes": [{"progress": 100, "completed": True}], "diagnostics": []},
            None,
            id="int-equals-float",
        ),
        # a boolean is not a number
        pytest.param(
            {"episodes": [{"progress": 100.0, "completed": 1}], "diagnostics": []},
            "episodes[0].completed: expected true, got 1",
            id="bool-vs-number",
        ),
        pytest.param(
            {"episodes": [{"progress": True, "completed": True}], "diagnostics": []},
            "episodes[0].progress: expected 100.0, got true",
            id="number-vs-bool",
        ),
        pytest.param(
            {"episodes": [{"progress": 99.5, "completed": True}], "diagnostics": []},
            "episodes[0].progress: expected 100.0, got 99.5",
            id="other-number",
        ),
        pytest.param(
            {"episodes": [], "diagnostics": []}, "episodes: expected 1 items, got 0", id="length"
        ),
        pytest.param(
            {"episodes": [{"progress": 100.0}], "diagnostics": []},
            "episodes[0].completed: missing",
            id="missing-key",
        ),
        pytest.param(
            {"episodes": [{**OUT["episodes"][0], "x": 1}], "diagnostics": []},
            "episodes[0].x: unexpected key",
            id="unexpected-key",
        ),
        pytest.param(
            {"episodes": None, "diagnostics": []},
            'episodes: expected [{"progress": 100.0, "completed": true}], got null',
            id="null",
        ),
        pytest.param([], "the output is [], not a JSON object", id="not-an-object"),
        pytest.param({"episodes": OUT["episodes"]}, "diagnostics: missing", id="no-diagnostics"),
        pytest.param(
            {**OUT, "diagnostics": [{"path": "x"}]},
            "diagnostics: not a list of objects with a severity and a path",
            id="diagnostic-without-severity",
        ),
        pytest.param(
            {**OUT, "diagnostics": [{"severity": "warning", "path": "history[0]"}]},
            'diagnostics: unexpected ("warning", "history[0]")',
            id="extra-diagnostic",
        ),
        pytest.param({**OUT, "movies": []}, "movies: unexpected key", id="extra-top-level-key"),
    ],
)
def test_output_difference(actual: Any, difference: str | None) -> None:
    """An output document differs at the first place it does, named by its JSON path."""
    assert difference == output_difference(OUT, actual)


DIAGNOSED: JSON = {
    "diagnostics": [
        {"severity": "error", "path": "history[0].progress", "rule": "progress"},
        {"severity": "warning", "path": "history[1]", "rule": "uncovered-season-defaults"},
    ]
}


@pytest.mark.parametrize(
    ("diagnostics", "difference"),
    [
        # messages and order do not matter; rules are not needed
        pytest.param(
            [
                {"severity": "warning", "path": "history[1]", "message": "m"},
                {"severity": "error", "path": "history[0].progress", "message": "n"},
            ],
            None,
            id="no-rules",
        ),
        # rules, when every diagnostic has one, must match
        pytest.param(
            [
                {"severity": "warning", "path": "history[1]", "rule": "uncovered-season-defaults"},
                {"severity": "error", "path": "history[0].progress", "rule": "limits"},
            ],
            'diagnostics: missing ("error", "history[0].progress", "progress"); '
            'unexpected ("error", "history[0].progress", "limits")',
            id="wrong-rule",
        ),
        # some with a rule, some without: rules are not compared
        pytest.param(
            [
                {"severity": "warning", "path": "history[1]"},
                {"severity": "error", "path": "history[0].progress", "rule": "limits"},
            ],
            None,
            id="partial-rules",
        ),
        # a severity is part of it
        pytest.param(
            [
                {"severity": "error", "path": "history[1]"},
                {"severity": "error", "path": "history[0].progress"},
            ],
            'diagnostics: missing ("warning", "history[1]"); unexpected ("error", "history[1]")',
            id="severity",
        ),
        # a diagnostic twice is one too many
        pytest.param(
            [
                {"severity": "warning", "path": "history[1]"},
                {"severity": "warning", "path": "history[1]"},
                {"severity": "error", "path": "history[0].progress"},
            ],
            'diagnostics: unexpected ("warning", "history[1]")',
            id="twice",
        ),
    ],
)
def test_diagnostics_compare_as_a_multiset(diagnostics: list[JSON], difference: str | None) -> None:
    """Diagnostics are a multiset of (severity, path), plus rule when every diagnostic gives
    one; messages are never compared."""
    assert difference == output_difference(DIAGNOSED, {"diagnostics": diagnostics})


PROBLEMS = (("history[0].progress", "progress"), ("history[1].season", "season-and-episode"))


@pytest.mark.parametrize(
    ("reported", "difference"),
    [
        pytest.param([], None, id="none-named"),
        pytest.param(
            [{"path": "history[1].season"}, {"path": "history[0].progress"}], None, id="paths"
        ),
        pytest.param(
            [
                {"path": "history[0].progress", "rule": "progress", "message": "x"},
                {"path": "history[0].progress", "rule": "progress", "message": "y"},
                {"path": "history[1].season", "rule": "season-and-episode"},
            ],
            None,
            id="a-path-named-twice",
        ),
        pytest.param(
            [{"path": "history[0].progress"}],
            'problems: missing ("history[1].season")',
            id="missing",
        ),
        pytest.param(
            [
                {"path": "history[0].progress", "rule": "progress"},
                {"path": "history[1].season", "rule": "season"},
            ],
            'problems: missing ("history[1].season", "season-and-episode"); '
            'unexpected ("history[1].season", "season")',
            id="wrong-rule",
        ),
        pytest.param({"path": "x"}, "problems: not a list of objects with a path", id="object"),
        pytest.param([{"path": 3}], "problems: not a list of objects with a path", id="path-3"),
    ],
)
def test_problems_difference(reported: Any, difference: str | None) -> None:
    """An invalid input's problems: each expected path (and rule, when every problem names
    one); an empty list names nothing and is not compared."""
    assert difference == problems_difference(PROBLEMS, reported)


def test_answer_difference() -> None:
    """In the batch protocol a refusal is ``{"problems": [...]}``: it fails a valid vector
    and passes an invalid one (whose problems are compared)."""
    valid = BY_ID["examples/season-defaults/timeline"]
    invalid = BY_ID[cases.ERRORS_DOCUMENT_ID]
    assert "refused a valid document: []" == answer_difference(valid, {"problems": []})
    assert valid.expected is not None
    assert None is answer_difference(valid, valid.expected)
    assert None is answer_difference(invalid, {"problems": []})
    assert answer_difference(invalid, valid.expected) == (
        "accepted a document that breaks catalog-conflicts, history-shapes, progress, updatedat"
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [
        pytest.param("", "its first line is not the header of a vectors file", id="empty"),
        pytest.param('{"format": "x"}\n', "its first line is not the header", id="header"),
        pytest.param("[\n", "not a vectors file: Expecting value", id="not-json"),
        pytest.param(
            TEXT.splitlines()[0] + '\n{"id": "x", "expected": {}}\n',
            "not a vectors file: 'rules'",
            id="no-rules",
        ),
        pytest.param(
            TEXT.splitlines()[0] + '\n{"id": "x", "rules": [], "description": "", "input": {}}\n',
            "needs exactly one of expected, expectedProblems",
            id="no-expectation",
        ),
    ],
)
def test_read_vectors_refuses_what_is_not_a_vectors_file(text: str, message: str) -> None:
    """A file that is not a vectors file is refused with one line."""
    from history_resolver._conformance import VectorsError

    with pytest.raises(VectorsError, match=re.escape(message)):
        read_vectors(text)


# --- the conformance command -------------------------------------------------------------------


def command(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    """``history-resolver conformance ARGS`` in-process: status, stdout, stderr."""
    status = main(["conformance", *args])
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def failed_ids(stdout: str) -> set[str]:
    return {line.split()[1] for line in stdout.splitlines() if line.startswith("FAIL ")}


STRICT = {v.id for v in VECTORS if "strictly-before" in v.rules}


def test_the_real_command_passes(capsys: pytest.CaptureFixture[str]) -> None:
    """``history-resolver resolve -`` passes the vectors it is run on (valid and invalid),
    one process per vector."""
    status, out, _ = command(
        ["--command", RESOLVE, "--id", "examples/season-defaults/*", "--id", "examples/errors/*"],
        capsys,
    )
    assert (0, f"conformance {VERSION}: 4 of 4 vectors passed\n") == (status, out)


def test_a_wrong_implementation_fails_exactly_the_vectors_of_its_rule(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """An implementation that lets a season default cover an episode airing at its very
    instant fails every vector of strictly-before and no other (batch protocol)."""
    status, out, _ = command(["--command", f"{PYTHON} {WRONG} --batch", "--batch"], capsys)
    assert 1 == status
    assert STRICT == failed_ids(out)
    summary = f"{len(VECTORS) - len(STRICT)} of {len(VECTORS)} vectors passed, {len(STRICT)} failed"
    assert out.endswith(f"conformance {VERSION}: {summary}\n")


def test_a_wrong_implementation_fails_one_vector_at_a_time(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Per vector, the wrong implementation fails the strict-boundary vector, passes the
    others, and its refusal of an invalid document (exit 1, problems on stdout) passes."""
    ids = [
        "pinned/air-equals-updated",
        "examples/season-defaults/one-millisecond-later",
        cases.ERRORS_DOCUMENT_ID,
    ]
    status, out, _ = command(
        ["--command", f"{PYTHON} {WRONG}", *(a for i in ids for a in ("--id", i))], capsys
    )
    assert 1 == status
    assert [
        f"FAIL pinned/air-equals-updated [{rules_of('pinned/air-equals-updated')}]: "
        "episodes[1].progress: expected 0.0, got 100.0",
        f"conformance {VERSION}: 2 of 3 vectors passed, 1 failed",
    ] == out.splitlines()


def python(code: str) -> str:
    """A command running ``code`` in Python."""
    return f"{PYTHON} -c {shlex.quote(code)}"


def test_the_node_runner_fails_exactly_the_vectors_of_the_broken_rule() -> None:
    """conformance/run.mjs, with nothing but Node, reaches the same verdicts as the command:
    the wrong implementation fails exactly the strictly-before vectors."""
    node = shutil.which("node")
    assert node is not None, "Node is needed (.ci/run installs it)"
    done = subprocess.run(
        [node, str(RUNNER), "--command", f"{PYTHON} {WRONG} --batch", "--batch"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert 1 == done.returncode
    assert STRICT == failed_ids(done.stdout)


def test_the_node_runner_passes_the_real_command_and_runs_a_module(tmp_path: Path) -> None:
    """run.mjs passes ``history-resolver resolve -`` per vector; with --module it imports a
    module whose ``resolve`` throws for every input: the invalid vectors pass, the valid fail."""
    node = shutil.which("node")
    assert node is not None
    selection = ["--id", "examples/season-defaults/*", "--id", "examples/errors/*"]
    done = subprocess.run(
        [node, str(RUNNER), "--command", RESOLVE, *selection],
        capture_output=True,
        text=True,
        check=False,
    )
    assert (0, f"conformance {VERSION}: 4 of 4 vectors passed\n") == (done.returncode, done.stdout)
    module = tmp_path / "refuse.mjs"
    module.write_text("export function resolve() { throw new Error('no'); }\n", encoding="utf-8")
    done = subprocess.run(
        [node, str(RUNNER), "--module", str(module), *selection],
        capture_output=True,
        text=True,
        check=False,
    )
    assert 1 == done.returncode
    assert {
        "examples/season-defaults/timeline",
        "examples/season-defaults/one-millisecond-later",
    } == (failed_ids(done.stdout))


ONE_VALID = ["--id", "examples/season-defaults/timeline"]
ONE_INVALID = ["--id", cases.ERRORS_DOCUMENT_ID]


@pytest.mark.parametrize(
    ("args", "line"),
    [
        # per vector: a valid document refused
        pytest.param(
            [
                "--command",
                python("import sys; sys.stderr.write('boom\\n'); sys.exit(3)"),
                *ONE_VALID,
            ],
            "exit status 3 for a valid document (boom)",
            id="refused-valid",
        ),
        # per vector: a valid document refused, nothing said
        pytest.param(
            ["--command", python("exit(4)"), *ONE_VALID],
            "exit status 4 for a valid document",
            id="refused-valid-silently",
        ),
        # per vector: an answer that is not JSON
        pytest.param(
            ["--command", python("print('x')"), *ONE_VALID],
            "stdout is not one JSON document",
            id="not-json",
        ),
        # per vector: the wrong document
        pytest.param(
            ["--command", python("print('{}')"), *ONE_VALID],
            "diagnostics: missing",
            id="wrong-document",
        ),
        # per vector: an invalid document accepted
        pytest.param(
            ["--command", python("print('{}')"), *ONE_INVALID],
            "accepted a document that breaks catalog-conflicts, history-shapes, progress, "
            "updatedat",
            id="accepted-invalid",
        ),
        # per vector: refused, naming the wrong problems
        pytest.param(
            [
                "--command",
                python('print(\'{"problems": [{"path": "x"}]}\'); exit(1)'),
                *ONE_INVALID,
            ],
            'problems: missing ("episodes[0].airDate"), ("episodes[1].airDate"), '
            '("history[0].progress"), ("history[1].mediaType"), ("history[1].updatedAt"), '
            '("history[2].updatedAt"); unexpected ("x")',
            id="wrong-problems",
        ),
        # per vector: too slow
        pytest.param(
            ["--command", python("import time; time.sleep(30)"), "--timeout", "0.2", *ONE_VALID],
            "no answer within 0.2 s",
            id="timeout",
        ),
        # batch: too slow
        pytest.param(
            [
                "--command",
                python("import time; time.sleep(30)"),
                "--batch",
                "--timeout",
                "0.2",
                *ONE_VALID,
            ],
            "no answer within 0.2 s per vector",
            id="batch-timeout",
        ),
        # batch: fewer lines than inputs
        pytest.param(
            ["--command", python("pass"), "--batch", *ONE_VALID],
            "no answer: 0 lines for 1 inputs",
            id="batch-short",
        ),
        # batch: a line that is not JSON
        pytest.param(
            ["--command", python("print('x')"), "--batch", *ONE_VALID],
            "answer line 1 is not JSON",
            id="batch-not-json",
        ),
    ],
)
def test_a_failing_vector_says_why(
    args: list[str], line: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """Each way an implementation can fail a vector gives one FAIL line saying what differs,
    and exit status 1."""
    status, out, _ = command(args, capsys)
    vector = BY_ID[args[-1]]
    assert (1, f"FAIL {vector.id} [{rules_of(vector.id)}]: {line}") == (
        status,
        out.splitlines()[0],
    )


def test_a_refusal_without_named_problems_passes(capsys: pytest.CaptureFixture[str]) -> None:
    """Per vector, an invalid document refused with a non-zero exit passes, whatever the
    command writes besides (not JSON, or JSON that names no problems)."""
    for code in ("print('no'); exit(1)", "print('[1]'); exit(2)"):
        status, out, _ = command(["--command", python(code), *ONE_INVALID], capsys)
        assert (0, f"conformance {VERSION}: 1 of 1 vectors passed\n") == (status, out)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        pytest.param([], "give the implementation to check with --command CMD", id="no-command"),
        pytest.param(
            ["--command", ""], "give the implementation to check with --command CMD", id="empty"
        ),
        pytest.param(["--command", "  "], "--command: cannot run '  ': not found", id="blank"),
        pytest.param(
            ["--command", "no-such-program-xyz"],
            "--command: cannot run 'no-such-program-xyz': not found",
            id="not-found",
        ),
        pytest.param(["--command", 'echo "'], "--command: No closing quotation", id="quote"),
        pytest.param(
            ["--rule", "no-such-rule", "--command", "x"],
            "no vector matches the --rule and --id given",
            id="nothing-selected",
        ),
        pytest.param(
            ["--vectors", "/no/such/file", "--command", "x"],
            "cannot read /no/such/file: [Errno 2] No such file or directory: '/no/such/file'",
            id="missing-file",
        ),
    ],
)
def test_usage_errors(args: list[str], message: str, capsys: pytest.CaptureFixture[str]) -> None:
    """A command line that cannot run exits 2 with one line on stderr."""
    status, out, err = command(args, capsys)
    assert (2, "", f"history-resolver: error: {message}\n") == (status, out, err)


def test_a_bad_number_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    """--jobs and --timeout take numbers above 0."""
    for args in (["--jobs", "0"], ["--timeout", "soon"]):
        status, _, err = command([*args, "--command", "x"], capsys)
        assert 2 == status
        assert err.endswith("is not above 0\n") or err.endswith("is not a number\n")


def test_a_file_that_is_not_a_vectors_file_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """--vectors FILE must be a vectors file, in UTF-8."""
    path = tmp_path / "v.jsonl"
    path.write_text("{}\n", encoding="utf-8")
    status, _, err = command(["--vectors", str(path), "--command", "x"], capsys)
    assert (
        2,
        f"history-resolver: error: {path}: its first line is not the header of a vectors file\n",
    ) == (status, err)
    path.write_bytes(b"\xff\n")
    status, _, err = command(["--vectors", str(path), "--command", "x"], capsys)
    assert 2 == status
    assert err.startswith(f"history-resolver: error: cannot read {path}: 'utf-8' codec")


def test_another_vectors_file_and_list(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """--vectors reads another file; --list names the selected vectors and runs nothing."""
    path = tmp_path / "v.jsonl"
    path.write_text(TEXT, encoding="utf-8")
    status, out, _ = command(
        ["--vectors", str(path), "--list", "--rule", "strictly-before"], capsys
    )
    assert 0 == status
    assert sorted(STRICT) == [line.split()[0] for line in out.splitlines()]
    line = f"pinned/air-equals-updated  [{rules_of('pinned/air-equals-updated')}]"
    assert line in out.splitlines()


def test_dump_writes_the_bundled_file(capsys: pytest.CaptureFixture[str]) -> None:
    """--dump writes the vectors file shipped with the library, for runners elsewhere."""
    assert (0, TEXT, "") == command(["--dump"], capsys)
