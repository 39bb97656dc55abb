"""An input document from its parts (``history_resolver._assemble``): what the command's
``--history/--episodes/--tmdb-season`` and the browser's dropped files are made into.

The parts' own rules are tested where they live (pages: ``test_pages.py``, TMDB payloads:
``test_tmdb.py``); here, only how the parts are put together.
"""

from __future__ import annotations

import pytest

from history_resolver._assemble import NO_DOCUMENT, assemble

ENTRY = {"mediaId": "TV_1", "season": 1, "updatedAt": "2024-01-02T00:00:00Z"}
ROW = {"mediaId": "TV_1", "season": 1, "episode": 1, "airDate": "2024-01-01"}


@pytest.mark.parametrize("document", [[], "x", 3, None])
def test_a_document_that_is_not_an_object_is_left_for_the_document_layer(
    document: object,
) -> None:
    """The document layer words what is wrong with it (docs/rules.md#the-input-document):
    a file holding ``null`` is such a document, not the absence of one."""
    assert (document, []) == assemble(document, [], [ROW], [], {"now": "x"})


def test_no_document_means_the_history_pieces_make_one() -> None:
    """Without a whole document (``NO_DOCUMENT``), the history pieces are the history."""
    expected = {"history": [ENTRY], "episodes": [ROW]}
    assert (expected, []) == assemble(NO_DOCUMENT, [[ENTRY]], [ROW], [], {})


@pytest.mark.parametrize("value", ["x", {"a": 1}])
def test_an_invalid_episodes_or_options_is_left_as_it_is(value: object) -> None:
    """Rows and options are not merged into an ``episodes`` or ``options`` of the wrong
    type: the document layer reports it (docs/rules.md#the-input-document)."""
    document = {"history": [ENTRY], "episodes": value, "options": [value]}
    assert (document, []) == assemble(document, [], [ROW], [], {"now": "x"})


def test_rows_and_options_are_added_to_the_documents_own() -> None:
    """Rows go after the document's rows; given options override the document's."""
    document = {"history": [ENTRY], "episodes": [ROW], "options": {"now": "a", "asOf": "b"}}
    expected = {
        "history": [ENTRY],
        "episodes": [ROW, ROW],
        "options": {"now": "c", "asOf": "b"},
    }
    assert (expected, []) == assemble(document, [], [[ROW]], [], {"now": "c", "asOf": None})
