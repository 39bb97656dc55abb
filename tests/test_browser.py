"""The browser adapter's Python side (``history_resolver._browser``), run in CPython.

``web/history-resolver.mjs`` calls these functions in Pyodide with JSON text and gets JSON
text back; ``web/test/`` checks that Pyodide gives what CPython gives.  Here: that the
adapter decides nothing itself (every answer is the library's), reads each kind of dropped
file where the command would, and words every problem as ``{path, message}``.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given, settings

from history_resolver import resolve_document
from history_resolver import schema as library_schema
from history_resolver._browser import (
    MAX_DEPTH,
    RULE_OF_BASIS,
    WHY_OF_BASIS,
    resolve,
    resolve_files,
    schema,
    too_deep_problem,
)
from history_resolver._engine import Basis
from history_resolver._errors import render_value
from strategies import documents
from support import ROOT
from test_docs import anchors

EXAMPLES = ROOT / "examples"
NOW = {"now": "2026-11-28T00:00:00Z"}


def clock() -> int:
    """A clock no test should read: every document here names ``now``."""
    raise AssertionError("the clock was read")


def text(name: str) -> str:
    """A shipped example file's text."""
    return (EXAMPLES / name).read_text(encoding="utf-8")


def files(*items: dict[str, Any], options: object = None) -> Any:
    """``resolve_files`` on these files, its answer parsed."""
    request: dict[str, Any] = {"files": list(items)}
    if options is not None:
        request["options"] = options
    return json.loads(resolve_files(json.dumps(request), clock))


def dropped(name: str, value: object, **extra: object) -> dict[str, Any]:
    """A dropped file holding ``value`` as JSON."""
    return {"name": name, "text": json.dumps(value), **extra}


def problems(answer: Any) -> list[tuple[str, str]]:
    """The ``(path, message)`` of each problem in an answer."""
    assert set(answer) == {"problems"}
    return [(p["path"], p["message"]) for p in answer["problems"]]


ENTRY = {"mediaId": "TV_1", "season": 1, "episode": 1, "updatedAt": "2024-01-02T00:00:00Z"}
ROW = {"mediaId": "TV_1", "season": 1, "episode": 1, "airDate": "2024-01-01"}
NOT_JSON = "not valid JSON: Expecting property name enclosed in double quotes (line 1, column 2)"
MEDIA_ID_FORMS = "(TV_TMDBID<digits>, MV_TMDBID<digits>, TV_<digits> or MV_<digits>)"
NAMES_NO_SHOW = (
    "names no show (no integer show_id in an episode, no integer id of TV details): "
    "give the show's media id"
)
SEASON = {
    "season_number": 1,
    "episodes": [{"episode_number": 2, "air_date": "2024-01-08", "show_id": 1}],
}


# resolve: an input document's text in, the library's output (or problems) out


@settings(max_examples=40, deadline=None)
@given(documents())
def test_resolve_gives_what_resolve_document_gives(document: Any) -> None:
    """The output document is the library's, byte for byte (docs/rules.md#the-output-document)."""
    expected = resolve_document(document, clock=clock)
    assert json.dumps({"output": expected}) == resolve(json.dumps(document), clock)


def test_resolve_words_every_problem_as_the_library_does() -> None:
    """Invalid input gives every problem, as ``{path, message}`` (docs/rules.md#errors)."""
    document = {"history": [{"mediaId": "XX_1"}], "options": {"now": "soon"}}
    with pytest.raises(ValueError) as raised:
        resolve_document(document)
    expected = [tuple(str(p).split(": ", 1)) for p in raised.value.problems]  # type: ignore[attr-defined]
    assert expected == problems(json.loads(resolve(json.dumps(document))))


def test_schema_is_the_library_schema() -> None:
    """``schema(kind)`` is the shipped JSON Schema (docs/schemas.md)."""
    assert {"schema": library_schema("input")} == json.loads(schema("input"))


def test_an_unknown_schema_kind_is_a_problem() -> None:
    """Only "input" and "output" have schemas."""
    assert [("kind", '"both" is not "input" or "output"')] == problems(json.loads(schema("both")))


def test_every_basis_names_a_rule() -> None:
    """Each basis the engine gives names its rule in docs/rules.md."""
    assert set(Basis.__args__) == set(RULE_OF_BASIS)  # type: ignore[attr-defined]
    rules = anchors((ROOT / "docs" / "rules.md").read_text(encoding="utf-8"))
    assert [anchor for anchor in RULE_OF_BASIS.values() if anchor not in rules] == []


def section(anchor: str) -> str:
    """The text of the docs/rules.md section at ``anchor`` (a ``###`` heading), one line."""
    rules = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    heading = f"### {anchor.replace('-', ' ').capitalize()}\n"
    start = rules.index(heading) + len(heading)
    return " ".join(rules[start : rules.index("\n### ", start)].split())


def test_the_browser_cap_is_the_one_docs_rules_states() -> None:
    """docs/rules.md#limits states the browser's cap on nesting, MAX_DEPTH."""
    rules = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    assert f"than {MAX_DEPTH} (`MAX_DEPTH` of `history_resolver._browser`)" in rules


@pytest.mark.parametrize("basis", sorted(RULE_OF_BASIS))
def test_every_basis_has_one_sentence_in_the_words_of_its_rule(basis: Basis) -> None:
    """The sentence said of a basis is one sentence whose words for the rule (explicit
    entry, season default, latest, strictly before, progress 0) are those of docs/rules.md:
    its rule's section, or the sections of the rules looked at before it."""
    sentence = WHY_OF_BASIS[basis].lower()
    assert set(WHY_OF_BASIS) == set(RULE_OF_BASIS)
    assert sentence.endswith(".") and ". " not in sentence
    order: list[Basis] = ["explicit", "seasonDefault", "none"]
    sections = " ".join(section(RULE_OF_BASIS[b]) for b in order[: order.index(basis) + 1])
    words = ["explicit entr", "season default", "latest", "strictly before", "progress 0"]
    used = [w for w in words if w in sentence]
    assert used
    assert [w for w in used if w not in sections.replace("`", "").lower()] == []


# resolve_files: what each kind of dropped file is


def test_the_example_document_resolves_as_the_command_resolves_it() -> None:
    """A whole input document dropped alone is resolved as is."""
    answer = files({"name": "breaking-bad.json", "text": text("breaking-bad.json")})
    expected = resolve_document(json.loads(text("breaking-bad.json")), clock=clock)
    assert expected == answer["output"]
    assert len(json.loads(text("breaking-bad.json"))["history"]) == answer["entries"]
    assert {"output", "view", "entries"} == set(answer)


def test_the_view_says_aired_rule_and_deciding_entry_per_episode() -> None:
    """The view is read off the decisions: aired (docs/rules.md#aired), the rule of the
    basis, the deciding history entry; titles come from the deciding entries."""
    document = json.loads(text("breaking-bad.json"))
    answer = files({"name": "bb.json", "text": text("breaking-bad.json")})
    view = answer["view"]
    assert len(answer["output"]["episodes"]) == len(view["episodes"])
    for row, seen in zip(answer["output"]["episodes"], view["episodes"], strict=True):
        assert RULE_OF_BASIS[row["basis"]] == seen["rule"]
        assert WHY_OF_BASIS[row["basis"]] == seen["why"]
        decided = row["decidedBy"]
        entry = None if decided is None else document["history"][decided]
        shown = None if entry is None else {k: render_value(v) for k, v in entry.items()}
        assert shown == seen["entry"]
    assert all(seen["aired"] for seen in view["episodes"])
    assert {"MV_TMDBID559969": "El Camino: A Breaking Bad Movie"} == view["titles"]


def test_history_pages_catalog_and_tmdb_files_make_one_document() -> None:
    """Pages, a catalog file and a TMDB season (show from its show_id) are assembled as
    ``resolve --history --episodes --tmdb-season`` assembles them."""
    page = {"items": [ENTRY], "hasMore": False}
    answer = files(
        dropped("page.json", page),
        dropped("catalog.json", {"episodes": [ROW]}),
        dropped("season.json", SEASON),
        options=NOW,
    )
    expected_document = {
        "history": [ENTRY],
        "episodes": [
            ROW,
            {"mediaId": "TV_TMDBID1", "season": 1, "episode": 2, "airDate": "2024-01-08"},
        ],
        "options": NOW,
    }
    assert resolve_document(expected_document) == answer["output"]
    assert 1 == answer["entries"]


def test_an_episode_not_aired_by_now_is_said_so() -> None:
    """``aired`` is the engine's: strictly before now (docs/rules.md#aired)."""
    later = ROW | {"episode": 2, "airDate": "2030-01-01"}
    answer = files(dropped("h.json", [ENTRY]), dropped("c.json", [ROW, later]), options=NOW)
    assert [True, False] == [seen["aired"] for seen in answer["view"]["episodes"]]


@pytest.mark.parametrize(
    "catalog",
    [
        pytest.param({"name": "c.json", "text": json.dumps([ROW])}, id="array"),
        pytest.param({"name": "c.jsonl", "text": json.dumps(ROW) + "\n"}, id="json-lines"),
        pytest.param({"name": "c.json", "text": json.dumps({"episodes": [ROW]})}, id="catalog"),
    ],
)
def test_catalog_files_add_rows(catalog: dict[str, Any]) -> None:
    """Catalog rows come as an array, JSON Lines or ``{"episodes": [...]}``
    (docs/rules.md#catalog-rows)."""
    answer = files(dropped("h.json", [ENTRY]), catalog, options=NOW)
    assert (
        resolve_document({"history": [ENTRY], "episodes": [ROW], "options": NOW})
        == (answer["output"])
    )


def test_json_lines_and_arrays_are_history() -> None:
    """History may be JSON Lines or arrays, across files (docs/rules.md#history-shapes)."""
    lines = {"name": "h.jsonl", "text": json.dumps(ENTRY) + "\n" + json.dumps(ENTRY) + "\n"}
    answer = files(lines, dropped("h.json", [ENTRY]), options=NOW)
    assert 3 == answer["entries"]
    assert resolve_document({"history": [ENTRY] * 3, "options": NOW}) == answer["output"]


def test_the_last_page_saying_more_is_a_warning() -> None:
    """Incomplete pages are said in the output's diagnostics (docs/rules.md#incomplete-pages)."""
    answer = files(dropped("p.json", {"items": [ENTRY], "hasMore": True}), options=NOW)
    assert [
        {
            "severity": "warning",
            "path": "pages[0]",
            "message": "the last page given says there is more (hasMore: true): the history "
            "is incomplete, so states may be wrong; give every page",
        }
    ] == answer["output"]["diagnostics"]


@pytest.mark.parametrize(
    ("payload", "given", "expected"),
    [
        (SEASON, None, "TV_TMDBID1"),
        (SEASON, "TV_1", "TV_TMDBID1"),
        ([SEASON], None, "TV_TMDBID1"),
        (
            {"id": 7, "name": "x", "season/1": SEASON | {"episodes": [{"episode_number": 2}]}},
            None,
            "TV_TMDBID7",
        ),
    ],
)
def test_a_tmdb_payload_is_for_the_show_given_or_the_show_it_names(
    payload: object, given: str | None, expected: str
) -> None:
    """The show of a TMDB file: the media id given with it, else TV details' ``id`` or a
    season's episodes' ``show_id`` (docs/rules.md#tmdb-payloads)."""
    extra = {} if given is None else {"mediaId": given}
    answer = files(dropped("h.json", [ENTRY]), dropped("s.json", payload, **extra), options=NOW)
    reported = [(e["mediaId"], e["season"], e["episode"]) for e in answer["output"]["episodes"]]
    assert (expected, 1, 2) in reported


# resolve_files: problems, worded by the library


@pytest.mark.parametrize(
    ("items", "expected"),
    [
        pytest.param(
            [{"name": "bad.json", "text": "{"}],
            [
                (
                    "bad.json",
                    NOT_JSON,
                )
            ],
            id="not-json",
        ),
        pytest.param(
            [{"name": "e.json", "text": " "}],
            [("e.json", "empty input; expected JSON")],
            id="empty",
        ),
        pytest.param(
            [{"text": "{"}],
            [
                (
                    "files[0]",
                    NOT_JSON,
                )
            ],
            id="unnamed",
        ),
        pytest.param(["x"], [("files[0]", 'is not {"name", "text"}')], id="not-a-file"),
        pytest.param([{"name": "n"}], [("files[0]", 'is not {"name", "text"}')], id="no-text"),
        pytest.param(
            [{"name": "d.json", "text": '{"history": []} {"history": []}'}],
            [("d.json", "holds 2 JSON values; expected one document")],
            id="two-documents-in-one-file",
        ),
        pytest.param(
            [dropped("a.json", {"history": []}), dropped("b.json", {"history": []})],
            [("a.json, b.json", "give one input document, or history files, not both")],
            id="two-documents",
        ),
        pytest.param(
            [dropped("a.json", {"history": []}), dropped("h.json", [ENTRY])],
            [("a.json", "give one input document, or history files, not both")],
            id="document-and-history",
        ),
        pytest.param(
            [dropped("c.json", [ROW])],
            [("files", "no history: give a history export or an input document")],
            id="no-history",
        ),
        pytest.param(
            [{"name": "m.jsonl", "text": json.dumps(ENTRY) + "\n" + json.dumps(ROW)}],
            [
                (
                    "m.jsonl",
                    "looks like history entries (mediaId or id, season, updatedAt, progress) "
                    "and catalog rows (mediaId, season, episode, airDate): "
                    "give each in its own file",
                )
            ],
            id="mixed-kinds",
        ),
        pytest.param(
            [dropped("h.json", [ENTRY]), dropped("s.json", {"season_number": 1, "episodes": []})],
            [
                (
                    'tmdb["s.json"]',
                    NAMES_NO_SHOW,
                )
            ],
            id="tmdb-without-show",
        ),
        pytest.param(
            [
                dropped("h.json", [ENTRY]),
                dropped("s.json", {"season_number": 1, "episodes": [{"episode_number": 1}]}),
            ],
            [
                (
                    'tmdb["s.json"]',
                    NAMES_NO_SHOW,
                )
            ],
            id="tmdb-episode-without-show-id",
        ),
        pytest.param(
            [
                dropped("h.json", [ENTRY]),
                dropped("s.json", {"season_number": 1, "episodes": ["x"]}),
            ],
            [
                (
                    'tmdb["s.json"]',
                    NAMES_NO_SHOW,
                )
            ],
            id="tmdb-episode-not-an-object",
        ),
        pytest.param(
            [
                dropped("h.json", [ENTRY]),
                dropped("s.json", {"id": True, "name": "x", "seasons": []}),
            ],
            [
                (
                    'tmdb["s.json"]',
                    NAMES_NO_SHOW,
                )
            ],
            id="tmdb-details-id-not-a-number",
        ),
        pytest.param(
            [dropped("h.json", [ENTRY]), dropped("s.json", SEASON, mediaId=5)],
            [("s.json.mediaId", "5 is not a string")],
            id="media-id-not-text",
        ),
        pytest.param(
            [
                dropped("h.json", [ENTRY]),
                dropped("s.json", SEASON | {"episodes": [{"episode_number": 1, "show_id": -5}]}),
            ],
            [('tmdb["s.json"].episodes[0].show_id', "-5 is less than 0")],
            id="tmdb-negative-show-id",
        ),
        pytest.param(
            [dropped("h.json", [ENTRY]), dropped("s.json", SEASON, mediaId="XX_1")],
            [
                (
                    "s.json.mediaId",
                    '"XX_1" is not a media id '
                    "(TV_TMDBID<digits>, MV_TMDBID<digits>, TV_<digits> or MV_<digits>)",
                )
            ],
            id="media-id-invalid",
        ),
        pytest.param(
            [dropped("h.json", [ENTRY]), dropped("s.json", SEASON, mediaId="MV_1")],
            [('tmdb["s.json"]', '"MV_TMDBID1" is a movie; catalog rows are episodes')],
            id="tmdb-for-a-movie",
        ),
        pytest.param(
            [dropped("h.json", [{"mediaId": "TV_1"}])],
            [("history[0].season", "is required for a TV entry")],
            id="invalid-history",
        ),
    ],
)
def test_invalid_files_give_every_problem(
    items: list[Any], expected: list[tuple[str, str]]
) -> None:
    """Each problem names the file (or its JSON path) and is worded by the library."""
    assert expected == problems(files(*items, options=NOW))


def test_the_show_given_is_for_payloads_that_name_none() -> None:
    """The request's ``show`` is the show of TMDB payloads that name none; a payload that
    names its show keeps it (docs/rules.md#tmdb-payloads)."""
    unnamed = {"season_number": 1, "episodes": [{"episode_number": 2, "air_date": "2024-01-08"}]}
    request = {
        "files": [
            dropped("h.json", [ENTRY, ENTRY | {"mediaId": "TV_9"}]),
            dropped("named.json", SEASON),
            dropped("unnamed.json", unnamed),
        ],
        "options": NOW,
        "show": "TV_9",
    }
    answer = json.loads(resolve_files(json.dumps(request), clock))
    reported = [(e["mediaId"], e["episode"]) for e in answer["output"]["episodes"]]
    assert {("TV_TMDBID1", 2), ("TV_TMDBID9", 2)} <= set(reported)
    request["show"] = "XX"
    assert [
        ("show", '"XX" is not a media id ' + MEDIA_ID_FORMS),
        ('tmdb["unnamed.json"]', NAMES_NO_SHOW),
    ] == problems(json.loads(resolve_files(json.dumps(request), clock)))


def test_files_must_be_an_array() -> None:
    """The request names its files in an array."""
    assert [("files", "is not an array")] == problems(json.loads(resolve_files("{}", clock)))


@pytest.mark.parametrize("options", [[1], 0, False, "", []])
def test_options_must_be_an_object(options: object) -> None:
    """Options given with the files are an object (docs/rules.md#options); a falsy value
    that is not one is refused too, never taken for no options."""
    assert [("options", "is not an object")] == problems(
        files(dropped("h.json", [ENTRY]), options=options)
    )


# nesting: refused, in the words of docs/rules.md#json-text, never a RecursionError


DEEP = "[" * 10_000 + "]" * 10_000
TOO_DEEP = "not readable: JSON nested too deeply"


def nested(depth: int) -> str:
    """A history whose one entry has a key nested ``depth`` arrays deep."""
    entry = json.dumps(ENTRY)[:-1] + ', "x": ' + "[" * depth + "]" * depth + "}"
    return f"[{entry}]"


@pytest.mark.parametrize("depth", [500, MAX_DEPTH, 10_000])
def test_a_deeply_nested_document_is_a_problem_not_a_crash(depth: int) -> None:
    """JSON nested deeper than the parser goes is refused as unreadable
    (docs/rules.md#json-text), at MAX_DEPTH already; shallower, it is read and resolved."""
    text = '{"history": ' + nested(depth) + ', "options": {"now": "2026-11-28T00:00:00Z"}}'
    answer = json.loads(resolve(text, clock))
    if depth >= MAX_DEPTH:
        assert [("$", TOO_DEEP)] == problems(answer)
    else:
        assert [("TV_TMDBID1", 1, 1, "explicit")] == [
            (e["mediaId"], e["season"], e["episode"], e["basis"])
            for e in answer["output"]["episodes"]
        ]


@pytest.mark.parametrize("depth", [900, 10_000])
def test_a_deeply_nested_file_is_a_problem_not_a_crash(depth: int) -> None:
    """A dropped file nested too deeply is that file's problem; one shallower is read, and
    the answer counts its entries rather than echoing them (docs/rules.md#json-text)."""
    answer = files({"name": "h.json", "text": nested(depth)}, options=NOW)
    if depth > MAX_DEPTH:
        assert [("h.json", TOO_DEEP)] == problems(answer)
    else:
        assert 1 == answer["entries"]
        assert {"output", "view", "entries"} == set(answer)


def test_a_file_the_module_found_too_deep_is_said_in_the_library_words() -> None:
    """The module scans nesting and sends ``{"name", "tooDeep": true}`` for text deeper
    than MAX_DEPTH: the problem is the one the parser's refusal gives, beside every other."""
    answer = files({"name": "d.json", "tooDeep": True}, {"name": "bad.json", "text": "{"})
    assert [("d.json", TOO_DEEP), ("bad.json", NOT_JSON)] == problems(answer)
    assert [("h", TOO_DEEP)] == problems(json.loads(too_deep_problem("h")))
    assert problems(json.loads(resolve(DEEP, clock))) == problems(json.loads(too_deep_problem("$")))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "{",
            "not valid JSON: Expecting property name enclosed in double quotes (line 1, column 2)",
        ),
        (" ", "empty input; expected JSON"),
        ("{} {}", "holds 2 JSON values; expected one document"),
        (DEEP, TOO_DEEP),
    ],
)
def test_unreadable_request_text_is_a_problem(text: str, expected: str) -> None:
    """The text of a request or document is read as the command reads a file
    (docs/rules.md#json-text): one problem at ``$``."""
    assert [("$", expected)] == problems(json.loads(resolve(text, clock)))
    assert [("$", expected)] == problems(json.loads(resolve_files(text, clock)))
