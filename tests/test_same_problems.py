"""Every road into the library gives the same problems, in the same words, for the same input
(docs/rules.md#the-input-document): the document API (:func:`resolve_document`), the typed
API fed through the JSON readers (:func:`history_from_json`, :func:`catalog_from_json`,
:func:`options_from_json`), and typed values built directly, where a JSON field is a typed
value's field (``history[0].progress`` is ``HistoryEntry.progress``).
"""

from __future__ import annotations

import ast
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from history_resolver import (
    CatalogEpisode,
    HistoryEntry,
    InvalidInputError,
    MediaId,
    Options,
    Timestamp,
    catalog_from_json,
    history_from_json,
    options_from_json,
    resolve_document,
)
from mutations import BOUNDARY_VALUES, FIELD_BOUNDARIES, mutated_documents
from support import ROOT
from test_docs import anchors

pytestmark = pytest.mark.usefixtures("path_mode")

NOW = Timestamp.parse("2024-01-01T00:00:00.000Z")
PROPERTY = settings(max_examples=150, deadline=None)

Problem = tuple[str, str, str]  # severity, path, message


def by_document(document: dict[str, Any]) -> list[Problem]:
    """The errors the document API finds: raised, or (skip mode) reported."""
    try:
        output = resolve_document(document, clock=lambda: int(NOW.ns))
    except InvalidInputError as error:
        return [(p.severity, p.path, p.message) for p in error.problems]
    return [
        (d["severity"], d["path"], d["message"])
        for d in output["diagnostics"]
        if d["severity"] == "error"
    ]


def raised(read: Callable[[], object]) -> list[Problem]:
    try:
        read()
    except InvalidInputError as error:
        return [(p.severity, p.path, p.message) for p in error.problems]
    return []


def by_readers(document: dict[str, Any]) -> list[Problem]:
    """The problems the JSON readers raise for the document's parts, in the document's
    order: options, history, catalog."""
    return (
        raised(lambda: options_from_json(document.get("options"), now=NOW))
        + raised(lambda: history_from_json(document["history"]))
        + raised(lambda: catalog_from_json(document.get("episodes", [])))
    )


@PROPERTY
@given(document=mutated_documents())
@example(
    document={
        "history": [{"mediaId": "TV_1", "season": 1, "progess": 10}, {"id": "1", "mediaType": "x"}],
        "episodes": [
            {"mediaId": "TV_1", "season": 1, "episode": 1, "airDate": "2008-01-20"},
            {"mediaId": "TV_TMDBID1", "season": 1, "episode": 1, "airDate": "2008-01-20"},
            {"mediaId": "TV_1", "season": 1, "episode": 1, "airDate": "2008-01-21"},
            {"mediaId": "TV_1", "season": 1, "episode": 2, "airdate": "2008-01-27"},
        ],
        "options": {"now": "2024-01-01T00:00:00Z", "airDateZone": "Nowhere/Else"},
    }
)
@example(document={"history": [], "options": {"onInvalid": "skip", "now": 5}})
def test_the_document_and_the_readers_find_the_same_problems(document: dict[str, Any]) -> None:
    """A document, valid or mutated, and its parts read by the typed API's readers: the same
    problems, in the same order and words, at the same paths."""
    assert by_document(document) == by_readers(document)


# --- typed values built directly ------------------------------------------------------------

BASE_ENTRY: dict[str, Any] = {"mediaId": "TV_1396", "season": 1, "episode": 2}
BASE_MOVIE: dict[str, Any] = {"mediaId": "MV_550"}
BASE_ROW: dict[str, Any] = {"mediaId": "TV_1396", "season": 1, "episode": 2}
TYPED_NAME = {
    "progress": "progress",
    "season": "season",
    "episode": "episode",
    "imported": "imported",
    "completionThreshold": "completion_threshold",
    "airDateZone": "air_date_zone",
    "onInvalid": "on_invalid",
}


def typed(build: Callable[[], object]) -> list[tuple[str, str]]:
    try:
        build()
    except InvalidInputError as error:
        return [(p.path, p.message) for p in error.problems]
    return []


def json_fields(problems: list[Problem], prefix: str) -> list[tuple[str, str]]:
    """The document's problems as a typed value would name them (``history[0].progress``
    is the field ``progress``)."""
    return [(TYPED_NAME[path.removeprefix(prefix)], message) for _, path, message in problems]


VALUES = st.one_of(
    st.sampled_from(BOUNDARY_VALUES),
    st.sampled_from([v for values in FIELD_BOUNDARIES.values() for v in values]),
    st.integers(),
    st.floats(),
)


@PROPERTY
@given(
    base=st.sampled_from([BASE_ENTRY, BASE_MOVIE]),
    field=st.sampled_from(["progress", "season", "episode", "imported"]),
    value=VALUES,
)
@example(base=BASE_ENTRY, field="season", value=None)  # an episode without a season
@example(base=BASE_MOVIE, field="episode", value=1)
def test_a_history_entry_says_what_the_document_says(
    base: dict[str, Any], field: str, value: object
) -> None:
    """A history field given one value, in a document and as a :class:`HistoryEntry` field:
    the same problems, the same words (a JSON null is a missing field)."""
    item = {**base, field: value}
    document = {"history": [item], "options": {"now": str(NOW)}}
    fields = {TYPED_NAME[k]: v for k, v in item.items() if k != "mediaId" and v is not None}
    media = MediaId.parse(item["mediaId"])
    assert json_fields(by_document(document), "history[0].") == typed(
        lambda: HistoryEntry(media, **fields)
    )


@PROPERTY
@given(field=st.sampled_from(["season", "episode"]), value=VALUES)
@example(field="season", value=None)
def test_a_catalog_episode_says_what_the_document_says(field: str, value: object) -> None:
    """A catalog row's season or episode, in a document and as a :class:`CatalogEpisode`."""
    row = {**BASE_ROW, field: value}
    document = {"history": [], "episodes": [row], "options": {"now": str(NOW)}}
    media = MediaId.parse(row["mediaId"])
    assert json_fields(by_document(document), "episodes[0].") == typed(
        lambda: CatalogEpisode(media, row["season"], row["episode"])
    )


@PROPERTY
@given(field=st.sampled_from(["completionThreshold", "airDateZone", "onInvalid"]), value=VALUES)
@example(field="airDateZone", value="Mars/Olympus")
def test_options_say_what_the_document_says(field: str, value: object) -> None:
    """An option, in a document and as an :class:`Options` field."""
    document = {"history": [], "options": {"now": str(NOW), field: value}}
    fields: dict[str, Any] = {} if value is None else {TYPED_NAME[field]: value}
    assert json_fields(by_document(document), "options.") == typed(
        lambda: Options(now=NOW, **fields)
    )


# --- every problem names its rule -----------------------------------------------------------

RULE_ANCHORS = frozenset(anchors((ROOT / "docs" / "rules.md").read_text(encoding="utf-8")))


def rejected(document: dict[str, Any]) -> dict[str, Any]:
    """``document`` in ``"reject"`` mode, so that every problem is raised with its rule."""
    options = document.get("options")
    if isinstance(options, dict) and options.get("onInvalid") == "skip":
        return {**document, "options": {**options, "onInvalid": "reject"}}
    return document


@PROPERTY
@given(document=mutated_documents())
def test_every_problem_names_a_rule_of_the_rules_document(document: dict[str, Any]) -> None:
    """A problem's ``rule`` is the anchor of the rule it breaks in docs/rules.md (a
    conformance suite reads it), whichever rule and road it comes from."""
    found: list[str] = []
    for read in (
        lambda: resolve_document(rejected(document), clock=lambda: int(NOW.ns)),
        lambda: options_from_json(document.get("options"), now=NOW),
        lambda: history_from_json(document["history"]),
        lambda: catalog_from_json(document.get("episodes", [])),
    ):
        try:
            read()
        except InvalidInputError as error:
            found.extend(problem.rule for problem in error.problems)
    assert set(found) <= RULE_ANCHORS


def test_every_rule_named_in_the_source_is_an_anchor() -> None:
    """Each rule the source names when it records a problem (the last argument of
    ``error``, ``warning``, ``check_timestamp`` and a four-argument ``Diagnostic``) is a
    heading of docs/rules.md."""
    named: set[str] = set()
    for path in sorted((ROOT / "src" / "history_resolver").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call) or not node.args:
                continue
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            last = node.args[-1]
            takes_rule = name in ("error", "warning", "check_timestamp") or (
                name == "Diagnostic" and len(node.args) == 4
            )
            if takes_rule and isinstance(last, ast.Constant) and isinstance(last.value, str):
                named.add(last.value)
    assert {"near-misses", "catalog-conflicts", "progress", "tmdb-payloads"} <= named
    assert set() == named - RULE_ANCHORS
