"""History as the list endpoint hands it over (docs/rules.md#history-shapes), and the rule
for incomplete pages (docs/rules.md#incomplete-pages).

:func:`history_from_pages` (the rule's one home, in the library) is tested in process; the
command, which calls it for ``--history``, is tested end to end: the warning goes to stderr
and into ``diagnostics`` (after the errors, before the engine's warnings), and the exit
status stays 0.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from clirun import assert_invalid, resolved, run_cli, write_json
from history_resolver import Diagnostic, InvalidInputError, resolve_document
from history_resolver._document import run_document
from history_resolver._pages import HistoryPages, history_from_pages

NOW = "2024-01-01T00:00:00Z"
MOVIE = {"mediaId": "MV_1", "progress": 40, "updatedAt": "2023-01-01T00:00:00Z"}
SHOW = {"mediaId": "TV_1", "season": 1, "episode": 1, "updatedAt": "2023-01-02T00:00:00Z"}
ITEMS = [MOVIE, SHOW]


def incomplete(index: int, how: str) -> Diagnostic:
    """The warning for an incomplete history whose last page is ``pages[index]``."""
    return Diagnostic(
        "warning",
        f"pages[{index}]",
        f"the last page given says there is more ({how}): the history is incomplete, "
        "so states may be wrong; give every page",
    )


def page(items: list[Any], has_more: object = False, token: object = None) -> dict[str, Any]:
    """A list-endpoint page."""
    return {"items": items, "hasMore": has_more, "nextPageToken": token}


# --- history_from_pages ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ([], HistoryPages([], [])),
        ([ITEMS], HistoryPages(ITEMS, [])),
        ([MOVIE, SHOW], HistoryPages(ITEMS, [])),  # JSON Lines: one item a value
        ([page(ITEMS)], HistoryPages(ITEMS, [])),
        ([page([MOVIE], True, "t"), page([SHOW])], HistoryPages(ITEMS, [])),
        (
            [page([MOVIE]), page([SHOW], True)],
            HistoryPages(ITEMS, [incomplete(1, "hasMore: true")]),
        ),
        (
            [page([MOVIE]), page([SHOW], False, "abc")],
            HistoryPages(ITEMS, [incomplete(1, 'nextPageToken: "abc"')]),
        ),
        ([page(ITEMS, None, "")], HistoryPages(ITEMS, [incomplete(0, 'nextPageToken: ""')])),
        ([page(ITEMS, True, 7)], HistoryPages(ITEMS, [incomplete(0, "hasMore: true")])),
        ([page(ITEMS, "yes")], HistoryPages(ITEMS, [])),  # only true says there is more
        ([page(ITEMS, 1)], HistoryPages(ITEMS, [])),
        ([{"items": ITEMS}], HistoryPages(ITEMS, [])),  # no paging keys: the whole list
        # the last page decides even when JSON Lines items follow it
        ([page([MOVIE], True), SHOW], HistoryPages(ITEMS, [incomplete(0, "hasMore: true")])),
        # an array of pages is an array of items (each page an invalid item)
        ([[page([MOVIE], True)]], HistoryPages([page([MOVIE], True)], [])),
    ],
    ids=[
        "nothing", "array", "json-lines", "one-page", "complete", "has-more", "next-token",
        "empty-token", "both", "has-more-text", "has-more-one", "bare-page",
        "items-after-the-page", "array-of-pages",
    ],
)  # fmt: skip
def test_history_from_pages(values: list[object], expected: HistoryPages) -> None:
    """The items of arrays, pages and lines in order; a warning at ``pages[N]`` exactly when
    the last page object given says there is more (``hasMore: true``, or a non-null
    ``nextPageToken``), N counting page objects from 0."""
    assert expected == history_from_pages(values)


def test_page_items_that_are_not_an_array() -> None:
    """A page whose ``items`` is not an array is an error at ``pages[N].items``; its paging
    keys still count."""
    values = [page([MOVIE]), {"items": 3, "hasMore": True}]
    assert HistoryPages(
        [MOVIE],
        [
            Diagnostic("error", "pages[1].items", "3 is not an array"),
            incomplete(1, "hasMore: true"),
        ],
    ) == history_from_pages(values)


@given(st.lists(st.sampled_from(ITEMS)), st.integers(1, 6), st.booleans())
@example(items=[], pages=1, more=True)
def test_items_split_into_pages_are_the_same_history(
    items: list[dict[str, Any]], pages: int, more: bool
) -> None:
    """However a history is cut into pages, the items come out whole and in order, and the
    only diagnostic is the warning when the last page says there is more."""
    size = max(1, -(-len(items) // pages))
    chunks = [items[start : start + size] for start in range(0, len(items), size)] or [[]]
    values = [page(chunk, True, "t") for chunk in chunks[:-1]]
    values.append(page(chunks[-1], more, "t" if more else None))
    found = history_from_pages(values)
    assert items == found.items
    expected = [incomplete(len(values) - 1, "hasMore: true")] if more else []
    assert expected == found.diagnostics


# --- warnings pass through run_document -----------------------------------------------------


def _document(*history: dict[str, Any], skip: bool = False) -> dict[str, Any]:
    options = {"now": NOW, "onInvalid": "skip" if skip else "reject"}
    return {"history": list(history), "options": options}


def test_an_adapters_warning_does_not_fail_a_rejecting_call() -> None:
    """In ``"reject"`` mode a warning handed to run_document is reported in ``diagnostics``,
    before the engine's own warnings, and the rest of the output is unchanged."""
    warning = incomplete(0, "hasMore: true")
    document = _document(MOVIE, {**SHOW, "episode": None})  # an uncovered season default
    output = run_document(document, lambda: 0, [warning]).output
    expected = resolve_document(document)
    assert 1 == len(expected["diagnostics"])
    assert [warning.to_json(), *expected["diagnostics"]] == output["diagnostics"]
    assert {**expected, "diagnostics": output["diagnostics"]} == output


def test_an_adapters_error_still_fails_a_rejecting_call() -> None:
    """An error handed to run_document fails a ``"reject"`` call (the warning beside it is
    not a problem of the call)."""
    error = Diagnostic("error", "pages[0].items", "3 is not an array")
    warning = incomplete(0, "hasMore: true")
    with pytest.raises(InvalidInputError) as raised:
        run_document(_document(MOVIE), lambda: 0, [error, warning])
    assert (error,) == raised.value.problems


def test_diagnostics_order_in_skip_mode() -> None:
    """In ``"skip"`` mode errors come before warnings (docs/rules.md#diagnostics): the
    document's skipped items, then the adapter's errors, then its warnings, then the
    engine's."""
    error = Diagnostic("error", "pages[0].items", "3 is not an array")
    warning = incomplete(0, "hasMore: true")
    uncovered = {**SHOW, "episode": None}
    document = _document(MOVIE, {"mediaId": "XX"}, uncovered, skip=True)
    output = run_document(document, lambda: 0, [warning, error]).output
    assert [
        ("error", "history[1].mediaId"),
        ("error", "pages[0].items"),
        ("warning", "pages[0]"),
        ("warning", "history[2]"),
    ] == [(d["severity"], d["path"]) for d in output["diagnostics"]]


# --- the command ------------------------------------------------------------------------------


def _expected(items: list[Any], *warnings: Diagnostic) -> dict[str, Any]:
    """The output for ``items`` with the adapter's ``warnings`` (there are no errors here)."""
    output = resolve_document({"history": items, "options": {"now": NOW}})
    output["diagnostics"] = [w.to_json() for w in warnings] + output["diagnostics"]
    return output


def test_command_warns_when_the_last_page_has_more(tmp_path: Path) -> None:
    """``--history`` with a page that says ``hasMore: true``: exit 0, the output resolved from
    the items given, the warning in ``diagnostics`` and on stderr."""
    write_json(tmp_path / "p.json", page(ITEMS, True, "next"))
    run = run_cli("resolve", "--history", "p.json", "--now", NOW, cwd=tmp_path)
    assert _expected(ITEMS, incomplete(0, "hasMore: true")) == resolved(run)
    assert run.err_lines[0].startswith("warning: pages[0]: the last page given says there is")


def test_command_counts_pages_across_files(tmp_path: Path) -> None:
    """Pages are counted across files in the order given: two pages as JSON Lines in one
    file, then an array file, then a page saying ``nextPageToken`` in another: ``pages[2]``."""
    two = tmp_path / "two.jsonl"
    two.write_text(
        json.dumps(page([MOVIE], True, "a")) + "\n" + json.dumps(page([], True, "b")) + "\n",
        encoding="utf-8",
    )
    write_json(tmp_path / "array.json", [SHOW])
    write_json(tmp_path / "last.json", page([], False, "c"))
    args = ("--history", "two.jsonl", "--history", "array.json", "--history", "last.json")
    run = run_cli("resolve", *args, "--now", NOW, "--format", "table", cwd=tmp_path)
    assert 0 == run.code
    warning = incomplete(2, 'nextPageToken: "c"')
    assert f"warning: pages[2]: {warning.message}" == run.err_lines[0]


def test_command_says_nothing_of_complete_pages(tmp_path: Path) -> None:
    """The last page says there is no more: nothing on stderr, no diagnostic."""
    write_json(tmp_path / "p.json", page(ITEMS, False, None))
    run = run_cli("resolve", "--history", "p.json", "--now", NOW, cwd=tmp_path)
    assert _expected(ITEMS) == resolved(run)
    assert "" == run.err


def test_command_rejects_a_page_whose_items_are_not_an_array(tmp_path: Path) -> None:
    """A page whose ``items`` is not an array fails the call (exit 1) naming ``pages[0].items``;
    with ``--skip-invalid`` it is reported and the other pages are resolved."""
    write_json(tmp_path / "bad.json", {"items": {"0": MOVIE}, "hasMore": False})
    write_json(tmp_path / "good.json", page(ITEMS))
    args = ("resolve", "--history", "bad.json", "--history", "good.json", "--now", NOW)
    run = run_cli(*args, cwd=tmp_path)
    assert_invalid(run)
    assert ["pages[0].items: an object is not an array"] == run.err_lines
    skipped = resolved(run_cli(*args, "--skip-invalid", cwd=tmp_path))
    expected = _expected(ITEMS)
    expected["diagnostics"] = [
        {"severity": "error", "path": "pages[0].items", "message": "an object is not an array"}
    ]
    assert expected == skipped
