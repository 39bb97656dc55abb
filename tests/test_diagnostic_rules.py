"""Every diagnostic names its rule (docs/rules.md#diagnostics, docs/rules.md#errors).

A :class:`~history_resolver.Diagnostic`'s ``rule`` is the anchor, in docs/rules.md, of the
rule it reports; a conformance suite reads it.  Here every diagnostic the library makes on
the invalid documents of ``tests/test_validation.py``, on list-endpoint pages and on TMDB
payloads is collected where it is made (before any adapter renders it) and its rule checked
against the anchors that docs/rules.md really has.
"""

from __future__ import annotations

from typing import Any

import pytest

from history_resolver import Diagnostic
from history_resolver._engine import decide
from history_resolver._input import parse_document
from history_resolver._pages import history_from_pages
from history_resolver._tmdb import read_tmdb_rows
from test_docs import ROOT, anchors
from test_validation import INVALID_DOCUMENTS

RULE_ANCHORS = frozenset(anchors((ROOT / "docs" / "rules.md").read_text(encoding="utf-8")))
NOW_NS = 1_704_067_200 * 10**9  # 2024-01-01T00:00:00Z
SHOW = {"mediaId": "TV_1", "season": 1, "episode": 1, "updatedAt": "2023-01-02T00:00:00Z"}


def document_diagnostics(document: object) -> list[Diagnostic]:
    """Every diagnostic the document layer and the engine make on ``document``, in either
    mode: the problems that fail it, those of single items, and the engine's warnings."""
    parsed = parse_document(document, lambda: NOW_NS)
    decisions = decide(parsed.entries, parsed.catalog, parsed.threshold, parsed.as_of, parsed.now)
    return [
        *parsed.fatal,
        *parsed.history_problems,
        *parsed.catalog_problems,
        *decisions.warnings,
    ]


def page(items: object, has_more: object = False, token: object = None) -> dict[str, Any]:
    """A list-endpoint page."""
    return {"items": items, "hasMore": has_more, "nextPageToken": token}


@pytest.mark.parametrize(("document", "expected"), INVALID_DOCUMENTS)
def test_every_problem_of_an_invalid_document_names_a_rule(document: object, expected: str) -> None:
    """Each diagnostic made on an invalid document of the validation table carries the
    anchor of a heading of docs/rules.md, one per line of the error's message."""
    found = document_diagnostics(document)
    assert len(expected.splitlines()) <= len(found)
    assert [] == [(str(d), d.rule) for d in found if d.rule not in RULE_ANCHORS]


def test_the_engines_warning_names_its_rule() -> None:
    """A season default that covers no catalog season: a warning citing its rule."""
    document = {"history": [{**SHOW, "episode": None}], "options": {"now": "2024-01-01T00:00Z"}}
    [warning] = document_diagnostics(document)
    assert ("warning", "uncovered-season-defaults") == (warning.severity, warning.rule)


@pytest.mark.parametrize(
    ("values", "rules"),
    [
        ([page([SHOW], True)], ["incomplete-pages"]),
        ([page([SHOW], False, "next")], ["incomplete-pages"]),
        ([page(3)], ["history-shapes"]),
        ([page({"0": SHOW}, True), page([])], ["history-shapes"]),
        ([page([]), page("x", True, "t")], ["history-shapes", "incomplete-pages"]),
    ],
    ids=["has-more", "next-token", "items-not-array", "first-page-bad", "both"],
)
def test_page_diagnostics_name_their_rules(values: list[object], rules: list[str]) -> None:
    """The incomplete-pages warning cites docs/rules.md#incomplete-pages, a page whose
    ``items`` is not an array docs/rules.md#history-shapes."""
    found = history_from_pages(values).diagnostics
    assert rules == [d.rule for d in found]
    assert set(rules) <= RULE_ANCHORS


@pytest.mark.parametrize(
    "payload",
    [
        3,
        {"season_number": 1},
        {"season_number": 1, "episodes": [{"episode_number": 0, "air_date": "x"}]},
        {"name": "x", "season/1": {"season_number": 2, "episodes": []}},
    ],
    ids=["not-an-object", "no-episodes", "bad-episode", "contradicting-key"],
)
def test_tmdb_payload_problems_name_their_rules(payload: object) -> None:
    """Every problem found in a TMDB payload cites a heading of docs/rules.md."""
    _, found = read_tmdb_rows("TV_1", payload, path="tmdb")
    assert found
    assert [] == [(str(d), d.rule) for d in found if d.rule not in RULE_ANCHORS]
