"""The shipped JSON Schemas (docs/schemas.md) agree with the library.

The input schema must accept every document the library resolves without an error, and
reject every document the library rejects, except for the few rules JSON Schema cannot
express (``INEXPRESSIBLE`` below, the same list as docs/schemas.md).  The output schema must
accept every output document the library produces.  Both directions are checked on the
examples, the fuzz corpus, the generated documents of ``strategies``, the table of invalid
documents of ``test_validation``, and differentially on generated values.
"""

from __future__ import annotations

import contextlib
import copy
import importlib.resources
import json
import os
import re
import subprocess
import sys
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

import history_resolver
from history_resolver import Diagnostic, InvalidInputError, resolve_document
from history_resolver._cli import main
from strategies import ZONES, documents
from support import NOW, ROOT, clock
from test_validation import (
    BASE_ITEMS,
    HISTORY_FIELDS,
    INVALID_DOCUMENTS,
    JSON_VALUES,
    MOVIE_ITEM,
    OPTION_NAMES,
    ROW,
    ROW_FIELDS,
    TV_ITEM,
)

SRC = ROOT / "src" / "history_resolver"
MAX = 2**53 - 1
BASE = "https://history-resolver.example/schemas/"

INPUT = Draft202012Validator(history_resolver.schema("input"))
OUTPUT = Draft202012Validator(history_resolver.schema("output"))

JSON = dict[str, Any]

# --- what JSON Schema cannot express ---------------------------------------------------------

NAN_REASON = (
    "NaN is not a JSON value, so no JSON Schema can refuse it; Python's json module reads it "
    "and number bounds never compare false for it"
)
ZONE_REASON = (
    "whether the zone database holds a name: the schema checks the name's shape only "
    "(docs/rules.md#air-date-zone)"
)
CONFLICT_REASON = (
    "catalog rows of one episode whose airDate disagree: a relation between array items, "
    "after the id is normalised (docs/rules.md#catalog-conflicts)"
)
NEAR_MISS_REASON = (
    "a near-miss key such as progess: history items and catalog rows are open objects "
    "(docs/rules.md#near-misses)"
)

INEXPRESSIBLE: dict[str, str] = {
    "threshold-nan": NAN_REASON,
    "p-nan": NAN_REASON,
    "zone-unknown": ZONE_REASON,
    "row-conflict": CONFLICT_REASON,
    "row-conflict-forms": CONFLICT_REASON,
}
"""The entries of ``test_validation.INVALID_DOCUMENTS`` the input schema accepts, and why.

Besides these, every entry whose message is a near miss (``did you mean``) is accepted
(NEAR_MISS_REASON).  The list is exact: every other entry must be rejected, and every entry
named here must be accepted (if the schema learns to express one, move it out of here and
out of docs/schemas.md)."""

NEAR_MISS = re.compile(r'unknown key; did you mean "')
NAN_MESSAGE = re.compile(r"NaN is (?:not a finite number|outside 0\.\.100 \(0 excluded\))\Z")
CONFLICT_MESSAGE = re.compile(r".* contradicts .* at episodes\[\d+\] for TV_TMDBID\d+ season ")
ZONE_MESSAGE = re.compile(r".* is not an IANA time zone name\Z")
ZONE_SHAPE = re.compile(history_resolver.schema("input")["$defs"]["zone"]["pattern"])


def inexpressible(problem: Diagnostic, document: Any) -> str | None:
    """Why JSON Schema cannot see ``problem`` of ``document``, or None if it can."""
    message = problem.message
    if NEAR_MISS.search(message):
        return NEAR_MISS_REASON
    if NAN_MESSAGE.match(message):
        return NAN_REASON
    if CONFLICT_MESSAGE.match(message):
        return CONFLICT_REASON
    if ZONE_MESSAGE.match(message) and ZONE_SHAPE.search(document["options"]["airDateZone"]):
        return ZONE_REASON
    return None


def library_problems(document: Any) -> list[Diagnostic]:
    """Every error the library finds in ``document`` (raised, or reported in skip mode).

    The output of a resolved document is checked against the output schema on the way.
    """
    try:
        out = resolve_document(document, clock=clock)
    except InvalidInputError as error:
        return list(error.problems)
    assert_valid_output(out)
    return [
        Diagnostic("error", d["path"], d["message"])
        for d in out["diagnostics"]
        if d["severity"] == "error"
    ]


def schema_errors(validator: Draft202012Validator, instance: Any) -> list[str]:
    """What ``validator`` says is wrong with ``instance`` (empty when valid).

    jsonschema puts ``repr(instance)`` in its messages, which Python refuses for an integer of
    more than 4300 digits unless the limit is lifted (as it must be to read one from JSON).
    """
    with contextlib.ExitStack() as stack:
        if hasattr(sys, "set_int_max_str_digits"):  # Python >= 3.10.7 limits the digits
            limit = sys.get_int_max_str_digits()
            sys.set_int_max_str_digits(0)
            stack.callback(sys.set_int_max_str_digits, limit)
        return [
            f"{error.json_path}: {error.message[:200]}" for error in validator.iter_errors(instance)
        ]


def accepts(validator: Draft202012Validator, instance: Any) -> bool:
    """Whether ``instance`` satisfies ``validator``'s schema."""
    return not schema_errors(validator, instance)


def assert_valid_input(document: Any) -> None:
    """``document`` satisfies the input schema."""
    assert [] == schema_errors(INPUT, document)


def assert_valid_output(out: Any) -> None:
    """``out`` satisfies the output schema."""
    assert [] == schema_errors(OUTPUT, out)


def assert_schema_agrees(document: Any) -> None:
    """The input schema accepts ``document`` exactly when every problem the library finds in
    it (none, for a valid document) is one JSON Schema cannot express."""
    problems = library_problems(document)
    unseen = [p for p in problems if inexpressible(p, document) is None]
    if unseen:
        assert not accepts(INPUT, document), f"the schema accepts {unseen}"
    else:
        assert [] == schema_errors(INPUT, document), f"the library finds only {problems}"


# --- the schemas themselves ------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["input", "output"])
def test_schema_is_a_valid_2020_12_schema(kind: history_resolver.SchemaKind) -> None:
    """Each schema is itself a valid JSON Schema of draft 2020-12, with a stable ``$id``."""
    document = history_resolver.schema(kind)
    Draft202012Validator.check_schema(document)
    expected = (
        "https://json-schema.org/draft/2020-12/schema",
        f"{BASE}{kind}.schema.json",
    )
    assert expected == (document["$schema"], document["$id"])
    assert document["title"] and document["description"]


def subschemas(node: Any, where: str = "#") -> Iterator[tuple[str, JSON]]:
    """Every schema object in ``node`` (keywords that hold schemas, walked recursively)."""
    if not isinstance(node, dict):
        return
    yield where, node
    for keyword in ("properties", "$defs"):
        for name, child in node.get(keyword, {}).items():
            yield from subschemas(child, f"{where}/{keyword}/{name}")
    for keyword in ("items", "if", "then", "else", "not"):
        if keyword in node:
            yield from subschemas(node[keyword], f"{where}/{keyword}")
    for keyword in ("allOf", "anyOf", "oneOf"):
        for index, child in enumerate(node.get(keyword, [])):
            yield from subschemas(child, f"{where}/{keyword}/{index}")


@pytest.mark.parametrize("kind", ["input", "output"])
def test_every_property_and_definition_is_described(kind: history_resolver.SchemaKind) -> None:
    """Every property of every object, and every definition, has a description for the
    developer of another service."""
    document = history_resolver.schema(kind)
    undescribed = [
        where
        for where, node in subschemas(document)
        if re.search(r"/(?:properties|\$defs)/[^/]+\Z", where)
        and "description" not in node
        and not re.search(r"/(?:if|then|else|not|allOf|anyOf|oneOf)/", where)
    ]
    assert [] == undescribed


@pytest.mark.parametrize("kind", ["input", "output"])
def test_every_pattern_is_anchored_and_ascii(kind: history_resolver.SchemaKind) -> None:
    """Every pattern is anchored at both ends (``$(?!\\n)``, so that Python's ``re``, whose
    ``$`` also matches before a final newline, agrees with ECMA-262) and uses no ``\\d``
    (Unicode digits in Python, ASCII in ECMA-262)."""
    patterns = [
        (where, node["pattern"])
        for where, node in subschemas(history_resolver.schema(kind))
        if "pattern" in node
    ]
    assert patterns
    wrong = [
        where
        for where, pattern in patterns
        if not (pattern.startswith("^") and pattern.endswith("$(?!\\n)")) or "\\d" in pattern
    ]
    assert [] == wrong


@pytest.mark.parametrize("kind", ["input", "output"])
def test_every_keyword_has_its_type_beside_it(kind: history_resolver.SchemaKind) -> None:
    """A schema with object keywords (properties, required) or number bounds says its type
    (Ajv's strict mode, which browser code may use, refuses the schema otherwise)."""
    untyped = [
        where
        for where, node in subschemas(history_resolver.schema(kind))
        if "type" not in node
        and not {"properties", "required", "minimum", "maximum"}.isdisjoint(node)
    ]
    assert [] == untyped


def test_the_objects_of_the_document_frame_are_closed() -> None:
    """The top level and the options are closed objects; history items and catalog rows are
    open (Discovr and TMDB send more keys than the library reads)."""
    document = history_resolver.schema("input")
    defs = document["$defs"]
    expected = (False, False, None, None)
    actual = tuple(
        node.get("additionalProperties")
        for node in (document, defs["options"], defs["historyItem"], defs["catalogRow"])
    )
    assert expected == actual


def test_every_object_of_the_output_is_closed() -> None:
    """Every object the output schema describes (the document, each definition of an object)
    is closed and names every key as required (nullable keys are present, with null)."""
    objects = [
        (where, node)
        for where, node in subschemas(history_resolver.schema("output"))
        if node.get("type") == "object" and re.fullmatch(r"#(?:/\$defs/[^/]+)?", where)
    ]
    assert 10 == len(objects)
    for where, node in objects:
        assert node.get("additionalProperties") is False, where
        assert sorted(node["required"]) == sorted(node["properties"]), where


# --- history_resolver.schema() -----------------------------------------------------------------


@pytest.mark.parametrize("kind", ["input", "output"])
def test_schema_returns_a_new_object_each_call(kind: history_resolver.SchemaKind) -> None:
    """A caller may change the returned schema: the next call is unaffected."""
    first = history_resolver.schema(kind)
    pristine = copy.deepcopy(first)
    first["$defs"].clear()
    first["title"] = "changed"
    assert pristine == history_resolver.schema(kind)


@pytest.mark.parametrize(
    ("kind", "expected"),
    [
        pytest.param("yaml", 'kind: "yaml" is not "input" or "output"', id="unknown"),
        pytest.param("Input", 'kind: "Input" is not "input" or "output"', id="case"),
        pytest.param(None, 'kind: null is not "input" or "output"', id="none"),
        pytest.param(["input"], 'kind: an array is not "input" or "output"', id="list"),
    ],
)
def test_schema_refuses_other_kinds(kind: Any, expected: str) -> None:
    """Any other kind raises InvalidInputError (a ValueError) naming the value and choices."""
    with pytest.raises(InvalidInputError) as excinfo:
        history_resolver.schema(kind)
    assert expected == str(excinfo.value)


def test_schema_is_exported() -> None:
    """``schema`` and ``SchemaKind`` are public names of the package."""
    assert {"schema", "SchemaKind"} <= set(history_resolver.__all__)
    assert {"schema", "SchemaKind"} <= set(dir(history_resolver))


@pytest.mark.parametrize("kind", ["input", "output"])
def test_schemas_are_package_resources(kind: history_resolver.SchemaKind) -> None:
    """The schemas are files of the package, found through importlib.resources (so a wheel
    carries them), and ``schema()`` returns their content."""
    resource = importlib.resources.files("history_resolver") / "schemas" / f"{kind}.schema.json"
    assert resource.is_file()
    assert json.loads(resource.read_text("utf-8")) == history_resolver.schema(kind)


def test_schemas_are_found_when_the_package_is_imported_from_a_zip(tmp_path: Path) -> None:
    """Imported from a zip (as from a wheel on sys.path, or in Pyodide), the package still
    finds its schemas."""
    archive = tmp_path / "package.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        for path in sorted(SRC.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                zipped.write(path, Path("history_resolver") / path.relative_to(SRC))
    code = (
        "import json, history_resolver as h\n"
        "assert '.zip' in h.__file__, h.__file__\n"
        "print(json.dumps([h.schema('input')['$id'], h.schema('output')['$id']]))\n"
    )
    env = {"PYTHONPATH": str(archive), "PATH": os.environ.get("PATH", "")}
    completed = subprocess.run(
        [sys.executable, "-S", "-c", code], capture_output=True, env=env, check=False, timeout=60
    )
    assert (0, b"") == (completed.returncode, completed.stderr)
    expected = [f"{BASE}input.schema.json", f"{BASE}output.schema.json"]
    assert expected == json.loads(completed.stdout)


# --- the command -------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["input", "output"])
def test_command_prints_the_schema(
    kind: history_resolver.SchemaKind, capsys: pytest.CaptureFixture[str]
) -> None:
    """``history-resolver schema KIND`` prints the schema as one line of JSON, exit 0."""
    assert 0 == main(["schema", kind])
    out, err = capsys.readouterr()
    assert ("", 1) == (err, out.count("\n"))
    assert history_resolver.schema(kind) == json.loads(out)


def test_command_indents_the_schema(capsys: pytest.CaptureFixture[str]) -> None:
    """``--indent N`` indents the printed schema by N spaces."""
    assert 0 == main(["schema", "output", "--indent", "2"])
    expected = json.dumps(history_resolver.schema("output"), indent=2) + "\n"
    assert expected == capsys.readouterr().out


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        pytest.param(
            ["schema", "yaml"],
            "history-resolver: error: argument kind: invalid choice: 'yaml' "
            "(choose from 'input', 'output')",
            id="unknown-kind",
        ),
        pytest.param(
            ["schema"],
            "history-resolver: error: the following arguments are required: kind",
            id="no-kind",
        ),
        pytest.param(
            ["schema", "input", "--indent", "two"],
            "history-resolver: error: argument --indent: 'two' is not a whole number",
            id="bad-indent",
        ),
    ],
)
def test_command_refuses_bad_arguments(
    args: list[str], expected: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """Anything but ``input`` or ``output`` is a usage error: exit 2, usage and the error."""
    assert 2 == main(args)
    out, err = capsys.readouterr()
    assert "" == out
    assert err.startswith("usage: history-resolver schema")
    assert expected == err.splitlines()[-1]


def test_command_runs_as_a_real_process() -> None:
    """``python -m history_resolver schema input`` prints the input schema."""
    completed = subprocess.run(
        [sys.executable, "-m", "history_resolver", "schema", "input"],
        capture_output=True,
        check=False,
        timeout=60,
    )
    assert (0, b"") == (completed.returncode, completed.stderr)
    assert history_resolver.schema("input") == json.loads(completed.stdout)


# --- examples, corpus and generated documents --------------------------------------------------


def example_documents() -> list[Any]:
    """The examples as input documents: the document itself, the catalog array as a document's
    catalog, the list endpoint's page as a document's history (as the command reads them)."""
    examples = ROOT / "examples"
    page = json.loads((examples / "breaking-bad-history-page.json").read_text("utf-8"))
    catalog = json.loads((examples / "breaking-bad-catalog.json").read_text("utf-8"))
    document = json.loads((examples / "breaking-bad.json").read_text("utf-8"))
    return [
        pytest.param(document, id="breaking-bad"),
        pytest.param({"history": page["items"], "episodes": catalog}, id="page-and-catalog"),
        pytest.param({**document, "history": page["items"] + document["history"]}, id="merged"),
    ]


@pytest.mark.parametrize("document", example_documents())
def test_examples_satisfy_both_schemas(document: JSON) -> None:
    """Each example is a valid input document and its output a valid output document."""
    assert_valid_input(document)
    assert_valid_output(resolve_document(document, clock=clock))


def corpus_documents() -> list[Any]:
    """Every input document of the fuzz corpus (a JSON object with a history key), valid or
    not; a .jsonl seed may hold several."""
    found = []
    for path in sorted((ROOT / "fuzz" / "corpus").iterdir()):
        text = path.read_text("utf-8-sig")
        if path.suffix == ".jsonl":
            values = [json.loads(line) for line in text.splitlines() if line.strip()]
        else:
            values = [json.loads(text)]
        for index, value in enumerate(values):
            if isinstance(value, dict) and "history" in value:
                found.append(pytest.param(value, id=f"{path.name}[{index}]"))
    return found


def test_the_corpus_has_valid_and_invalid_documents() -> None:
    """The corpus test below sees both valid and invalid documents (it can fail both ways)."""
    verdicts = {accepts(INPUT, p.values[0]) for p in corpus_documents()}
    assert {True, False} == verdicts


@pytest.mark.parametrize("document", corpus_documents())
def test_corpus_documents_get_the_libraries_verdict(document: JSON) -> None:
    """Each input document of the fuzz corpus: the schema accepts it exactly when the library
    finds no error the schema could express (and its output, if any, is valid)."""
    assert_schema_agrees(document)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(document=documents())
def test_generated_documents_satisfy_both_schemas(document: JSON) -> None:
    """Every valid document the strategies generate satisfies the input schema, and its
    output the output schema."""
    assert_valid_input(document)
    assert_valid_output(resolve_document(document, clock=clock))


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(document=documents(nanoseconds=True, zones=ZONES[:2]))
def test_generated_documents_with_nanoseconds_satisfy_both_schemas(document: JSON) -> None:
    """Timestamps with up to nine fractional digits satisfy the schemas too."""
    assert_valid_input(document)
    assert_valid_output(resolve_document(document, clock=clock))


# --- the output schema is precise ----------------------------------------------------------


def full_output() -> JSON:
    """An output with every kind of item: all three bases, a movie, seasons, a show with its
    last and next episodes, an episode and a movie in progress, and a warning."""
    examples = ROOT / "examples"
    page = json.loads((examples / "breaking-bad-history-page.json").read_text("utf-8"))
    document = json.loads((examples / "breaking-bad.json").read_text("utf-8"))
    document["history"] = [*page["items"], *document["history"], {"mediaId": "TV_1", "season": 1}]
    return resolve_document(document, clock=clock)


def first(items: list[JSON], **fields: Any) -> JSON:
    """The first of ``items`` with the given field values."""
    return next(item for item in items if fields.items() <= item.items())


Change = Callable[[JSON], object]

OUTPUT_CHANGES: list[Any] = [
    pytest.param(lambda o: o.update(extra=[]), id="extra-top-level-key"),
    pytest.param(lambda o: o.pop("diagnostics"), id="no-diagnostics"),
    pytest.param(lambda o: o["episodes"][0].update(title="Pilot"), id="episode-extra-key"),
    pytest.param(lambda o: o["episodes"][0].pop("airDate"), id="episode-no-airDate"),
    pytest.param(lambda o: o["episodes"][0].update(basis="seasondefault"), id="basis-unknown"),
    pytest.param(lambda o: o["episodes"][0].update(mediaId="TV_1396"), id="short-id"),
    pytest.param(lambda o: o["episodes"][0].update(mediaId="TV_TMDBID01396"), id="leading-zero"),
    pytest.param(lambda o: o["episodes"][0].update(episode=0), id="episode-0"),
    pytest.param(lambda o: o["episodes"][0].update(airDate="2008/01/20"), id="air-date-form"),
    pytest.param(
        lambda o: first(o["episodes"], basis="explicit").update(decidedBy=None),
        id="explicit-without-decidedBy",
    ),
    pytest.param(
        lambda o: first(o["episodes"], basis="none").update(decidedBy=0), id="none-decidedBy"
    ),
    pytest.param(
        lambda o: first(o["episodes"], basis="none").update(progress=50.0), id="none-progress"
    ),
    pytest.param(
        lambda o: first(o["episodes"], basis="explicit", completed=True).update(
            lastWatchedAt="2024-03-10T19:00:00+00:00"
        ),
        id="timestamp-with-offset",
    ),
    pytest.param(
        lambda o: first(o["episodes"], basis="explicit", completed=True).update(
            lastWatchedAt="2024-03-10T19:00:00Z"
        ),
        id="timestamp-without-milliseconds",
    ),
    pytest.param(
        lambda o: first(o["episodes"], completed=True).update(lastWatchedAt=None),
        id="plays-without-lastWatchedAt",
    ),
    pytest.param(
        lambda o: first(o["episodes"], completed=True).update(plays=0, lastWatchedAt=None),
        id="completed-without-plays",
    ),
    pytest.param(lambda o: o["movies"][0].update(season=1), id="movie-season"),
    pytest.param(lambda o: o["movies"][0].update(decidedBy=None), id="movie-decidedBy-null"),
    pytest.param(lambda o: o["movies"][0].update(mediaId="TV_TMDBID1"), id="movie-show-id"),
    pytest.param(lambda o: o["movies"][0].update(progress=100.5), id="movie-progress"),
    pytest.param(lambda o: o["seasons"][0].update(episodes=0), id="season-no-episodes"),
    pytest.param(lambda o: o["seasons"][0].update(percent=101), id="season-percent"),
    pytest.param(lambda o: o["seasons"][0].update(episodes=2**53), id="count-2**53"),
    pytest.param(
        lambda o: o["seasons"][0].update(aired=0, completed=1), id="season-completed-unaired"
    ),
    pytest.param(lambda o: o["seasons"][0].update(season=-1), id="season-negative"),
    pytest.param(
        lambda o: o["shows"][0].update(lastEpisode={"season": 0, "episode": 1}), id="last-s0"
    ),
    pytest.param(lambda o: o["shows"][0]["nextEpisode"].pop("aired"), id="next-no-aired"),
    pytest.param(
        lambda o: o["shows"][0]["nextEpisode"].update(airDate=None, aired=True),
        id="next-aired-without-airDate",
    ),
    pytest.param(lambda o: o["shows"][0].update(aired=1.5), id="show-aired-fraction"),
    pytest.param(
        lambda o: first(o["inProgress"], mediaId="MV_TMDBID559969").update(season=1),
        id="movie-in-progress-with-season",
    ),
    pytest.param(
        lambda o: first(o["inProgress"], mediaId="TV_TMDBID1396").pop("episode"),
        id="episode-in-progress-without-episode",
    ),
    pytest.param(lambda o: o["inProgress"][0].update(progress=0), id="in-progress-0"),
    pytest.param(lambda o: o["inProgress"][0].update(progress=100), id="in-progress-100"),
    pytest.param(lambda o: o["diagnostics"][0].update(severity="info"), id="severity"),
    pytest.param(lambda o: o["diagnostics"][0].update(path=""), id="empty-path"),
    pytest.param(lambda o: o["diagnostics"][0].pop("message"), id="no-message"),
]


def test_the_full_output_is_valid() -> None:
    """The output the changes below start from is valid and holds every kind of item."""
    out = full_output()
    assert_valid_output(out)
    assert {"explicit", "seasonDefault", "none"} == {e["basis"] for e in out["episodes"]}
    assert [1, 1, 1, 1] == [
        len(out["movies"]),
        len(out["shows"]),
        len(out["diagnostics"]),
        len(out["inProgress"]) - 1,
    ]


@pytest.mark.parametrize("change", OUTPUT_CHANGES)
def test_the_output_schema_rejects_what_the_library_never_outputs(change: Change) -> None:
    """A valid output changed into something the library never produces (an extra or missing
    key, a wrong form, an impossible combination) is rejected by the output schema."""
    out = full_output()
    change(out)
    assert not accepts(OUTPUT, out)


# --- the table of invalid documents ------------------------------------------------------------


def test_the_allow_list_names_entries_of_the_table() -> None:
    """Every id in INEXPRESSIBLE is an entry of the table (no stale entries)."""
    ids = {p.id for p in INVALID_DOCUMENTS}
    assert set() == set(INEXPRESSIBLE) - ids


@pytest.mark.parametrize(("document", "message"), INVALID_DOCUMENTS)
def test_invalid_documents_are_rejected_unless_inexpressible(
    document: object, message: str, request: pytest.FixtureRequest
) -> None:
    """Every invalid document of test_validation's table is rejected by the input schema,
    except exactly those whose rule JSON Schema cannot express (INEXPRESSIBLE, near misses),
    which it accepts."""
    entry = request.node.callspec.id
    reason = INEXPRESSIBLE.get(entry) or (NEAR_MISS_REASON if NEAR_MISS.search(message) else None)
    accepted = accepts(INPUT, document)
    assert (reason is not None) == accepted, reason or schema_errors(INPUT, document)


def skip_mode(document: object) -> object:
    """``document`` with ``onInvalid: "skip"`` (when it has options that can hold it)."""
    if not isinstance(document, dict) or not isinstance(document.get("options", {}), dict):
        return document
    return {**document, "options": {**document.get("options", {}), "onInvalid": "skip"}}


def test_skip_mode_outputs_satisfy_the_output_schema() -> None:
    """Where skip mode resolves an invalid document of the table, the output (with the error
    diagnostics of what it left out) satisfies the output schema."""
    with_errors = 0
    for param in INVALID_DOCUMENTS:
        try:
            out = resolve_document(skip_mode(param.values[0]), clock=clock)
        except InvalidInputError:
            continue  # a problem skip mode cannot skip
        assert_valid_output(out)
        with_errors += any(d["severity"] == "error" for d in out["diagnostics"])
    assert with_errors > 100


# --- edges the table does not hold ---------------------------------------------------------


def now_is(text: str) -> JSON:
    """A document whose options.now is ``text``."""
    return {"history": [], "options": {"now": text}}


def air_date_is(text: object) -> JSON:
    """A document whose only catalog row has the airDate ``text``."""
    return {"history": [], "episodes": [{**ROW, "airDate": text}], "options": {"now": NOW}}


def entry(**fields: Any) -> JSON:
    """A document whose only history item is ``fields``."""
    return {"history": [fields], "options": {"now": NOW}}


EDGES = [
    # --- valid ---
    pytest.param(now_is("2024-02-29T00:00:00Z"), True, id="leap-day"),
    pytest.param(now_is("2000-02-29T00:00:00Z"), True, id="leap-day-400"),
    pytest.param(now_is("0001-01-01T00:00:00+23:59"), True, id="first-instant"),
    pytest.param(now_is("9999-12-31T23:59:59.999999999-23:59"), True, id="last-instant"),
    pytest.param(now_is("2024-01-01t00:00z"), True, id="lower-case-no-seconds"),
    pytest.param(now_is("2024-01-01 00:00:00,5+0530"), True, id="space-comma-basic-offset"),
    pytest.param(now_is("2024-01-01T00:00:00+05"), True, id="offset-hours-only"),
    pytest.param(now_is("2024-01-01T00:00:00-00:00"), True, id="minus-zero-offset"),
    pytest.param(
        now_is("2024-01-01T00:00:00." + "1" * 4000 + "Z"), True, id="4000-fraction-digits"
    ),
    pytest.param(now_is("2024-01-01T00:00:00.1" + "0" * 5000 + "Z"), True, id="trailing-zeros"),
    pytest.param(air_date_is("2024-02-29"), True, id="air-leap-day"),
    pytest.param(air_date_is("2008-01-20T21:00:00-05:00"), True, id="air-timestamp"),
    pytest.param(entry(mediaId="TV_" + "9" * 4000, season=1), True, id="id-4000-digits"),
    pytest.param(entry(mediaId="TV_" + "0" * 5000 + "1", season=1), True, id="id-leading-zeros"),
    pytest.param(entry(mediaId="MV_TMDBID0"), True, id="id-zero"),
    pytest.param(entry(id="0" * 4001, mediaType="movie"), True, id="bare-zeros"),
    pytest.param(entry(mediaId="TV_1", season=MAX, episode=MAX), True, id="max-numbers"),
    pytest.param(entry(mediaId="TV_1", season=float(2**52)), True, id="integral-float"),
    pytest.param(entry(mediaId="TV_1", id=5, season=1), True, id="id-ignored-beside-mediaId"),
    pytest.param(entry(mediaId=None, id="MV_1", season=None, episode=None), True, id="null-fields"),
    pytest.param(entry(mediaId="MV_1", mediaType=None, progress=0.0001), True, id="null-type"),
    pytest.param(
        {"history": [], "episodes": None, "options": None}, True, id="null-catalog-and-options"
    ),
    pytest.param(
        {"history": [], "options": {k: None for k in OPTION_NAMES[:-1]}}, True, id="null-options"
    ),
    pytest.param(
        now_is("2024-01-01T00:00:00Z") | {"episodes": [{**ROW, "season": 0}]}, True, id="s0"
    ),
    # --- invalid ---
    pytest.param(now_is("1900-02-29T00:00:00Z"), False, id="no-leap-day-100"),
    pytest.param(now_is("2100-02-29T00:00:00Z"), False, id="no-leap-day-2100"),
    pytest.param(now_is("2024-06-31T00:00:00Z"), False, id="june-31"),
    pytest.param(now_is("2024-01-01T00:00:00.Z"), False, id="empty-fraction"),
    pytest.param(now_is("2024-01-01T00:00.5Z"), False, id="fraction-without-seconds"),
    pytest.param(now_is("2024-01-01T00:00:00+5"), False, id="one-digit-offset"),
    pytest.param(now_is("2024-01-01T00:00:00Z\n"), False, id="trailing-newline"),
    pytest.param(
        now_is("2024-01-01T00:00:00." + "1" * 4001 + "Z"), False, id="4001-fraction-digits"
    ),
    pytest.param(now_is("\uff12024-01-01T00:00:00Z"), False, id="fullwidth-year-digit"),
    pytest.param(air_date_is("2023-02-29"), False, id="air-no-leap-day"),
    pytest.param(air_date_is("2008-01-20\n"), False, id="air-trailing-newline"),
    pytest.param(air_date_is("2008-01-20T21:00"), False, id="air-timestamp-no-offset"),
    pytest.param(entry(mediaId="TV_" + "9" * 4001, season=1), False, id="id-4001-digits"),
    pytest.param(
        entry(id="1" + "0" * 4000, mediaType="tv", season=1), False, id="bare-4001-digits"
    ),
    pytest.param(entry(mediaId="TV_1", season=MAX + 1), False, id="season-2**53"),
    pytest.param(entry(mediaId="TV_1", season=1, episode=float(2**53)), False, id="episode-2**53"),
    pytest.param(entry(mediaId=None, id=None, season=1), False, id="null-ids"),
    pytest.param(
        entry(mediaId="MV_1", season=None, episode=1), False, id="movie-episode-null-season"
    ),
    pytest.param(entry(mediaId="TV_1", season=None, episode=None), False, id="tv-null-season"),
    pytest.param(entry(id="1", mediaType=None, season=1), False, id="bare-null-type"),
    pytest.param(entry(id="1", mediaType="tv"), False, id="bare-tv-without-season"),
    pytest.param(entry(id="1", mediaType="tv", season=None), False, id="bare-tv-null-season"),
    pytest.param(entry(id="1", mediaType="movie", episode=1), False, id="bare-movie-episode"),
    pytest.param(entry(id="TV_1", mediaType=None), False, id="tv-id-without-season"),
    pytest.param(entry(mediaId="TV_1", episode=1), False, id="episode-without-season"),
    pytest.param(entry(mediaId="MV_1", mediaType="tv"), False, id="movie-typed-tv"),
    pytest.param(
        {"history": [], "episodes": [{**ROW, "mediaId": None}], "options": {"now": NOW}},
        False,
        id="row-null-id",
    ),
    pytest.param(
        {"history": [], "options": {"airDateZone": "Europe/../Europe/Paris"}}, False, id="zone-dots"
    ),
    pytest.param({"history": [], "options": {"airDateZone": "/UTC"}}, False, id="zone-absolute"),
]


@pytest.mark.parametrize(("document", "valid"), EDGES)
def test_edges_get_the_libraries_verdict(document: JSON, valid: bool) -> None:
    """At the edges of each rule (calendar, fraction digits, id length, 2**53, null), the
    library and the schema both give the verdict of the table."""
    assert (valid, valid) == (not library_problems(document), accepts(INPUT, document))


def test_every_zone_name_of_the_zone_database_has_the_zones_shape() -> None:
    """No name the zone database holds is refused by the zone pattern (the schema never
    refuses a zone the library accepts)."""
    import zoneinfo

    names = zoneinfo.available_timezones() | {"UTC", "utc", "Etc/GMT+5", "EST5EDT", "GMT-0"}
    assert len(names) > 400
    assert [] == sorted(name for name in names if not ZONE_SHAPE.search(name))


# --- differential: generated values, the library's verdict against the schema's -----------

YEARS = [
    "0000",
    "0001",
    "1900",
    "2000",
    "2023",
    "2024",
    "2100",
    "9999",
    "123",
    "12345",
    "\u0662024",
]
MONTHS = ["00", "01", "02", "04", "06", "09", "11", "12", "13", "1"]
DAYS = ["00", "01", "28", "29", "30", "31", "32", "1"]
TIMES = ["T", "t", " ", "_", ""]
HOURS = ["00", "23", "24", "9"]
MINUTES = ["00", "59", "60"]
SECONDS = ["", ":00", ":59", ":60", ":5"]
FRACTIONS = ["", ".", ".0", ",5", ".123", ".1234567891", "." + "1" * 4000, "." + "1" * 4001]
OFFSETS = ["", "Z", "z", "+00:00", "-23:59", "+24:00", "+05:60", "+0530", "+05", "+5", "Zz"]
TAILS = ["", "", "", "\n", " ", "x"]


@st.composite
def time_texts(draw: st.DrawFn) -> str:
    """Strings built from the pieces of a timestamp or a date, each piece valid or nearly."""
    text = "-".join(
        (draw(st.sampled_from(YEARS)), draw(st.sampled_from(MONTHS)), draw(st.sampled_from(DAYS)))
    )
    if draw(st.booleans()):
        text += draw(st.sampled_from(TIMES)) + draw(st.sampled_from(HOURS))
        text += ":" + draw(st.sampled_from(MINUTES)) + draw(st.sampled_from(SECONDS))
        text += draw(st.sampled_from(FRACTIONS)) + draw(st.sampled_from(OFFSETS))
    return text + draw(st.sampled_from(TAILS))


DIFFERENTIAL = settings(
    max_examples=300,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@DIFFERENTIAL
@given(text=st.one_of(time_texts(), st.text(max_size=30)), where=st.sampled_from(["now", "air"]))
@example(text="2024-02-29T23:59:59.999+23:59", where="now")
@example(text="2023-02-29", where="air")
def test_timestamps_and_air_dates_get_the_libraries_verdict(text: str, where: str) -> None:
    """A string as options.now or as a catalog airDate: the schema accepts exactly what the
    library accepts."""
    assert_schema_agrees(now_is(text) if where == "now" else air_date_is(text))


PREFIXES = ["TV_", "MV_", "TV_TMDBID", "MV_TMDBID", "tv_", "TV-", "TMDBID", "", "TV__", "XX_"]
DIGITS = ["0", "00", "1396", "000001", "9" * 4000, "0" + "9" * 4000, "9" * 4001, "\u0661", "", "-1"]
MEDIA_TYPES = [None, "tv", "movie", "TV", 1, ...]  # ... leaves the key out
SEASONS = [1, None, 0, 1.0, ...]


@DIFFERENTIAL
@given(
    prefix=st.sampled_from(PREFIXES),
    digits=st.sampled_from(DIGITS),
    tail=st.sampled_from(TAILS),
    key=st.sampled_from(["mediaId", "id", "row"]),
    media_type=st.sampled_from(MEDIA_TYPES),
    season=st.sampled_from(SEASONS),
    episode=st.sampled_from([None, 2, ...]),
)
def test_media_ids_get_the_libraries_verdict(
    prefix: str, digits: str, tail: str, key: str, media_type: Any, season: Any, episode: Any
) -> None:
    """An id in mediaId, in the list endpoint's id (with or without mediaType), or in a
    catalog row, next to a season and an episode or not: the schema accepts exactly what the
    library accepts."""
    given_fields = {"season": season, "episode": episode, "mediaType": media_type}
    fields = {name: value for name, value in given_fields.items() if value is not ...}
    document: JSON
    if key == "row":
        fields.pop("mediaType", None)
        document = {"history": [], "episodes": [{"mediaId": prefix + digits + tail, **fields}]}
    else:
        document = {"history": [{key: prefix + digits + tail, **fields}]}
    assert_schema_agrees(document)


EDGE_VALUES: st.SearchStrategy[Any] = st.sampled_from(
    [
        None, True, 0, 1, -1, 1.0, 1.5, 100, 100.5, 0.0001, -0.0, MAX, MAX + 1, float(MAX + 1),
        "1", "", "tv", "movie", "skip", "UTC", "utc", "Europe/Paris", "Mars/Base",
        "2023-01-15T00:00:00Z", "2008-01-20", "TV_1", "MV_1", [], {},
    ]
)  # fmt: skip
FIELD_VALUES = st.one_of(EDGE_VALUES, JSON_VALUES)


@DIFFERENTIAL
@given(value=FIELD_VALUES, field=st.sampled_from(HISTORY_FIELDS), base=BASE_ITEMS)
@example(value=float("nan"), field="progress", base=MOVIE_ITEM)
@example(value=None, field="season", base=TV_ITEM)
def test_any_value_in_a_history_field_gets_the_libraries_verdict(
    value: Any, field: str, base: JSON
) -> None:
    """Any value in one field of a valid history item: the schema accepts exactly what the
    library accepts, but for the rules it cannot express."""
    assert_schema_agrees({"history": [{**base, field: value}], "options": {"now": NOW}})


@DIFFERENTIAL
@given(value=FIELD_VALUES, field=st.sampled_from(ROW_FIELDS), twice=st.booleans())
@example(value="2008-01-21", field="airDate", twice=True)
def test_any_value_in_a_catalog_field_gets_the_libraries_verdict(
    value: Any, field: str, twice: bool
) -> None:
    """Any value in one field of a catalog row (beside the row it may repeat): the schema
    accepts exactly what the library accepts, but for the rules it cannot express."""
    rows = [ROW, {**ROW, field: value}] if twice else [{**ROW, field: value}]
    assert_schema_agrees({"history": [TV_ITEM], "episodes": rows, "options": {"now": NOW}})


@DIFFERENTIAL
@given(value=FIELD_VALUES, name=st.sampled_from(OPTION_NAMES), whole=st.booleans())
@example(value=float("nan"), name="completionThreshold", whole=False)
@example(value="Mars/Base", name="airDateZone", whole=False)
def test_any_options_get_the_libraries_verdict(value: Any, name: str, whole: bool) -> None:
    """Any value as the options, or as one option: the schema accepts exactly what the library
    accepts, but for the rules it cannot express."""
    options = value if whole else {"now": NOW, name: value}
    assert_schema_agrees({"history": [TV_ITEM, MOVIE_ITEM], "options": options})


@DIFFERENTIAL
@given(document=JSON_VALUES, history=st.lists(JSON_VALUES, max_size=3))
def test_any_document_gets_the_libraries_verdict(document: Any, history: list[Any]) -> None:
    """Any JSON value as the document, or any values as the history: the schema accepts
    exactly what the library accepts, but for the rules it cannot express."""
    assert_schema_agrees(document)
    assert_schema_agrees({"history": history, "options": {"now": NOW}})
