"""``resolve_json``: JSON text in, JSON text out, with the optional ``fast`` extra (msgspec)
or without it (history_resolver._jsonio).

Every test here runs twice: with msgspec as installed, and with it hidden (the import
guard's name set to ``None``, as when the extra is absent).  Either way the bytes out are
``json.dumps``'s and every problem is worded by the thorough path.
"""

from __future__ import annotations

import copy
import json
import math
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

import history_resolver
from history_resolver import InvalidInputError, resolve_document, resolve_json
from history_resolver import _jsonio as jsonio
from history_resolver._files import values_from_bytes
from strategies import documents
from test_validation import INVALID_DOCUMENTS

NOW = "2024-01-01T00:00:00.000Z"
PROPERTY = settings(
    max_examples=200,
    deadline=None,
    # (the fixture only chooses msgspec or not, the same for every example)
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)


@pytest.fixture(params=["msgspec", "standard"])
def json_mode(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """With the ``fast`` extra as installed (skipped when it is not), and with it hidden."""
    mode: str = request.param
    if mode == "msgspec":
        pytest.importorskip("msgspec")
    else:
        monkeypatch.setattr(jsonio, "msgspec", None)
        monkeypatch.setattr(jsonio, "_decoder", None)
    yield mode


def clock() -> int:
    return 1_704_067_200_000_000_000


def expected_bytes(data: bytes, indent: int | None = None) -> bytes | str:
    """What the standard road gives: json.dumps of resolve_document of json.loads, or the
    error's message."""
    try:
        output = resolve_document(json.loads(data), clock=clock)
    except InvalidInputError as error:
        return f"error: {error}"
    return json.dumps(output, indent=indent).encode()


def got_bytes(data: bytes, indent: int | None = None) -> bytes | str:
    try:
        return resolve_json(data, clock=clock, indent=indent)
    except InvalidInputError as error:
        return f"error: {error}"


def round_trips(document: object) -> bool:
    """Whether JSON text says ``document`` exactly (no tuple, NaN or non-string key)."""
    try:
        text = json.dumps(document, allow_nan=False)
    except (TypeError, ValueError):
        return False
    return bool(json.loads(text) == document)


def test_resolve_json_is_public() -> None:
    """``resolve_json`` is a public name of the package."""
    assert "resolve_json" in history_resolver.__all__
    assert resolve_json is history_resolver.resolve_json


@pytest.mark.parametrize(
    ("document", "expected"),
    [case for case in INVALID_DOCUMENTS if round_trips(case.values[0])],
)
def test_every_invalid_document_gets_the_same_message(
    json_mode: str, document: object, expected: str
) -> None:
    """The bad-input table (test_validation.py): resolve_json raises the very message
    resolve_document raises, whether msgspec decoded the text or not."""
    data = json.dumps(document).encode()
    with pytest.raises(InvalidInputError) as raised:
        resolve_json(data, clock=clock)
    assert expected == str(raised.value)


NASTY_OUTPUTS: list[dict[str, Any]] = [
    # a progress json.dumps writes with an exponent, one msgspec writes in full
    {"history": [{"mediaId": "MV_1", "progress": 1e-05, "updatedAt": NOW}]},
    {"history": [{"mediaId": "MV_1", "progress": 0.0001, "updatedAt": NOW}]},
    {"history": [{"mediaId": "MV_1", "progress": 33.333, "updatedAt": NOW}]},
    {"history": [{"mediaId": "MV_1", "progress": -0.0, "updatedAt": NOW}]},
    {"history": [{"mediaId": "MV_1", "progress": 5e-324, "updatedAt": NOW}]},
    # a percent of 17.74, as the example writes it
    {
        "history": [
            {"mediaId": "TV_1", "season": 1, "episode": n, "updatedAt": NOW} for n in (1, 2)
        ],
        "episodes": [
            {"mediaId": "TV_1", "season": 1, "episode": n, "airDate": "2020-01-01"}
            for n in range(1, 12)
        ],
    },
    # messages holding what json.dumps escapes: non-ASCII, DEL, control characters
    {"history": [{"mediaId": "TV_é"}], "options": {"onInvalid": "skip"}},
    {"history": [{"mediaId": "TV_\x7f"}], "options": {"onInvalid": "skip"}},
    {"history": [{"mediaId": 'TV_\x00\n\t"\\/'}], "options": {"onInvalid": "skip"}},
    {"history": [{"mediaId": "TV_\U0001f600"}], "options": {"onInvalid": "skip"}},
    {"history": [{"mediaId": "TV_\ud800"}], "options": {"onInvalid": "skip"}},  # a lone half
    # huge numbers in messages, empty tables
    {"history": [{"mediaId": "TV_1", "season": 10**30}], "options": {"onInvalid": "skip"}},
    {"history": []},
]


@pytest.mark.parametrize("indent", [None, 0, 1, 2, 4])
@pytest.mark.parametrize("document", NASTY_OUTPUTS)
def test_nasty_outputs_are_written_as_json_dumps_writes_them(
    json_mode: str, document: dict[str, Any], indent: int | None
) -> None:
    """Floats (17.74, 33.333, -0.0, 1e-05), escapes (ensure_ascii, DEL, lone surrogates),
    huge integers and every indent come out byte for byte as json.dumps writes them."""
    document = {**document, "options": {"now": NOW, **document.get("options", {})}}
    data = json.dumps(document).encode()
    assert expected_bytes(data, indent) == got_bytes(data, indent)


@st.composite
def document_texts(draw: st.DrawFn) -> tuple[bytes, int | None]:
    """A generated document as JSON text (ASCII or UTF-8, spaced or compact), an indent."""
    document = draw(documents())
    if draw(st.booleans()):
        document["options"]["onInvalid"] = "skip"
        document["history"].append({"mediaId": draw(st.text(max_size=5)), "season": 1})
    ascii_only, compact = draw(st.booleans()), draw(st.booleans())
    separators = (",", ":") if compact else None
    data = json.dumps(document, ensure_ascii=ascii_only, separators=separators).encode()
    return data, draw(st.sampled_from([None, None, 0, 2]))


@PROPERTY
@given(case=document_texts())
@example(case=(b'{"history": [], "options": {"now": "2024-01-01T00:00:00Z"}}', None))
@example(case=(b'\xef\xbb\xbf{"history": []}', None))  # a byte order mark: json.loads refuses
@example(case=(b'{"history": [], "history": [{"mediaId": "MV_1"}]}', 2))  # the last one wins
def test_generated_documents_give_the_same_bytes(
    json_mode: str, case: tuple[bytes, int | None]
) -> None:
    """For generated documents resolve_json gives json.dumps's bytes, or the same error."""
    data, indent = case
    try:
        json.loads(data)
    except ValueError:
        with pytest.raises(InvalidInputError):
            resolve_json(data, clock=clock)
        return
    assert expected_bytes(data, indent) == got_bytes(data, indent)


JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=12,
)


@PROPERTY
@given(value=JSON_VALUES, ascii_only=st.booleans())
@example(value={"history": [{"mediaId": "TV_1", "season": 1.0}], "a": 10**40}, ascii_only=True)
@example(value=[{"a": [1]}], ascii_only=True)  # too deep for the plain shape
@example(value={"a": {"b": {"c": 1}}}, ascii_only=True)
def test_the_fast_decoder_decodes_as_json_loads_or_declines(
    json_mode: str, value: Any, ascii_only: bool
) -> None:
    """fast_decode gives json.loads's value (the same types: 1 and 1.0 differ) or declines;
    the command's reading of a file gives the same values either way."""
    data = json.dumps(value, ensure_ascii=ascii_only).encode()
    fast = jsonio.fast_decode(data)
    if fast is not jsonio.DECLINED:
        assert repr(json.loads(data)) == repr(fast)
    assert repr([json.loads(data)]) == repr(values_from_bytes(data, "FILE"))


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            b"{,",
            "$: not valid JSON: Expecting property name enclosed in double quotes "
            "(line 1, column 2)",
        ),
        (b"[" * 100_000, "$: not readable: JSON nested too deeply"),
        (
            b"1" * 5000,
            "$: not readable: a number has too many digits",
        ),
        (
            b'"\xff"',
            "$: not UTF-8 (byte 0xff at offset 1)",
        ),
        (b"NaN", "$: NaN is not an object"),
    ],
)
def test_text_that_is_not_a_document(json_mode: str, data: bytes, message: str) -> None:
    """docs/rules.md#json-text: text that is not one JSON value is one problem at ``$``, in
    the words of the one reading of JSON text (the command's); text msgspec refuses but the
    standard module reads (NaN) is read by it, and refused by the rule of the value."""
    with pytest.raises(InvalidInputError) as raised:
        resolve_json(data, clock=clock)
    assert message == str(raised.value)


def test_the_example_document(json_mode: str) -> None:
    """The bundled example, written as the command writes it."""
    with open("examples/breaking-bad.json", "rb") as handle:
        data = handle.read()
    for indent in (None, 2):
        assert expected_bytes(data, indent) == got_bytes(data, indent)
    output = json.loads(resolve_json(data, clock=clock))
    assert 17.74 == output["shows"][0]["percent"]
    assert not math.isnan(output["shows"][0]["percent"])


def test_the_command_writes_what_resolve_json_writes(
    json_mode: str, tmp_path: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    """``history-resolver resolve FILE`` writes resolve_json's bytes and a newline."""
    from history_resolver._cli import main

    document = copy.deepcopy(NASTY_OUTPUTS[5])
    document["options"] = {"now": NOW}
    path = tmp_path / "document.json"
    path.write_text(json.dumps(document))
    assert 0 == main(["resolve", str(path), "--indent", "2"])
    written = capsys.readouterr().out.encode()
    assert resolve_json(path.read_bytes(), clock=clock, indent=2) + b"\n" == written


# --- the output writer (history_resolver._document.dumps_output) ---------------------------


@PROPERTY
@given(document=documents(), skip=st.booleans(), indent=st.sampled_from([None, None, 0, 2]))
@example(document={"history": [], "episodes": [], "options": {"now": NOW}}, skip=False, indent=None)
@example(  # progress below 1e-4 and -0.0 (repr's exponent and sign), every basis, null air dates
    document={
        "history": [
            {"mediaId": "TV_1", "season": 1, "episode": 1, "progress": 1e-05},
            {"mediaId": "TV_1", "season": 1, "episode": 2, "progress": -0.0},
            {"mediaId": "TV_1", "season": 2, "progress": 33.333, "updatedAt": NOW},
            {"mediaId": "TV_1", "season": 1, "episode": 9},
        ],
        "episodes": [
            {"mediaId": "TV_1", "season": 2, "episode": 1, "airDate": "2020-01-01"},
            {"mediaId": "TV_1", "season": 3, "episode": 1, "airDate": None},
        ],
        "options": {"now": NOW},
    },
    skip=False,
    indent=None,
)
def test_the_output_writer_writes_what_json_dumps_writes(
    document: dict[str, Any], skip: bool, indent: int | None
) -> None:
    """``dumps_output(output, indent)`` is ``json.dumps(output, indent=indent)`` for every
    output document ``resolve_document`` gives, on the text path and the exact path alike
    (the episodes written row by row, the rest by json.dumps)."""
    from history_resolver._document import dumps_output

    if skip:
        document["options"]["onInvalid"] = "skip"
        document["history"].append({"mediaId": "TV_1", "season": "one"})
    try:
        output = resolve_document(document, clock=clock)
    except InvalidInputError:
        return
    assert json.dumps(output, indent=indent) == dumps_output(output, indent)
