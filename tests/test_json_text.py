"""JSON text (docs/rules.md#json-text): one reading of bytes, whichever adapter they reach.

The same bad bytes go through the shared reading (:mod:`history_resolver._json_text`), the
command (``resolve FILE``, in process), the service (``POST /v1/resolve`` through httpx's
ASGI transport), a batch JSON Lines line and the fuzz harness's reading; each must word the
problem exactly as the shared reading does, only saying where the bytes came from.
"""

from __future__ import annotations

import contextlib
import io
import json
import math
from pathlib import Path
from typing import Any

import httpx
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from history_resolver import InvalidInputError, resolve_document, resolve_json
from history_resolver._cli import main as cli_main
from history_resolver._json_text import (
    UnreadableJSON,
    json_document,
    json_text,
    json_values,
    one_value,
    text_document,
)
from history_resolver.batch import read_history
from history_resolver.server import create_app
from test_fuzz_smoke import _harness

pytestmark = pytest.mark.anyio

NOW = "2024-01-01T00:00:00Z"
DEEP = b"[" * 100_000 + b"]" * 100_000

# (bytes, the kind of failure, the message every adapter gives)
UNREADABLE: list[Any] = [
    pytest.param(b"\xff{}", "not-utf8", "not UTF-8 (byte 0xff at offset 0)", id="not-utf8"),
    pytest.param(
        b'{"history": ["\xc3"]}',
        "not-utf8",
        "not UTF-8 (byte 0xc3 at offset 14)",
        id="truncated-utf8",
    ),
    pytest.param(b"", "empty", "empty input; expected JSON", id="empty"),
    pytest.param(b" \r\n\t", "empty", "empty input; expected JSON", id="white-space"),
    pytest.param(b"\xef\xbb\xbf", "empty", "empty input; expected JSON", id="bom-only"),
    pytest.param(
        b'{"history": [',
        "not-json",
        "not valid JSON: Expecting value (line 1, column 14)",
        id="truncated",
    ),
    pytest.param(
        b'{"history": []} x',
        "not-json",
        "not valid JSON: Expecting value (line 1, column 17)",
        id="trailing-garbage",
    ),
    pytest.param(
        b'{"history": []} {}',
        "not-one-value",
        "holds 2 JSON values; expected one document",
        id="trailing-value",
    ),
    pytest.param(
        b"{'history': []}",
        "not-json",
        "not valid JSON: Expecting property name enclosed in double quotes (line 1, column 2)",
        id="single-quotes",
    ),
    pytest.param(DEEP, "too-deep", "not readable: JSON nested too deeply", id="deep-100000"),
    pytest.param(
        b'{"history": [' + b"1" * 5000 + b"]}",
        "long-integer",
        "not readable: a number has too many digits",
        id="huge-integer",
    ),
]


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


def shared(data: bytes) -> UnreadableJSON:
    """The shared reading's refusal of ``data`` as one document."""
    with pytest.raises(UnreadableJSON) as raised:
        json_document(data)
    return raised.value


def command(data: bytes, folder: Path) -> tuple[int, str]:
    """``history-resolver resolve FILE`` on ``data``, in process: exit status and stderr."""
    path = folder / "in.json"
    path.write_bytes(data)
    err = io.StringIO()
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(err):
        status = cli_main(["resolve", str(path), "--now", NOW])
    return status, err.getvalue()


async def server(data: bytes) -> httpx.Response:
    """``POST /v1/resolve`` with ``data`` as its body."""
    transport = httpx.ASGITransport(app=create_app())
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
        return await http.post(
            "/v1/resolve", content=data, headers={"content-type": "application/json"}
        )


@pytest.mark.parametrize(("data", "kind", "message"), UNREADABLE)
async def test_the_same_bad_bytes_get_the_same_message_everywhere(
    data: bytes, kind: str, message: str, tmp_path: Path
) -> None:
    """Bytes that are not one JSON document are refused with one message, the shared
    reading's: the command says it after the file's name (exit 1), the service as the one
    problem at `$` of a 400, ``resolve_json`` as the one problem at ``$`` of its
    InvalidInputError, and the fuzz harness sees the same kind of failure."""
    error = shared(data)
    assert (kind, message) == (error.kind, str(error))

    path = tmp_path / "in.json"
    assert (1, f"{path}: {message}\n") == command(data, tmp_path)

    response = await server(data)
    assert 400 == response.status_code
    body = response.json()
    assert [{"path": "$", "message": message}] == body["problems"]
    assert f"the body is not a JSON document: {message}" == body["detail"]

    assert (kind, None) == _harness().parse_like_cli(data)

    with pytest.raises(InvalidInputError) as raised:
        resolve_json(data)
    assert [("$", message, "json-text")] == [
        (problem.path, problem.message, problem.rule) for problem in raised.value.problems
    ]


ON_ONE_LINE = [  # the cases a JSON Lines line can hold (blank lines are skipped)
    param for param in UNREADABLE if b"\n" not in param.values[0] and param.values[1] != "empty"
]


@pytest.mark.parametrize(("data", "kind", "message"), ON_ONE_LINE)
def test_a_batch_line_is_read_as_a_file_holding_it(
    data: bytes, kind: str, message: str, tmp_path: Path
) -> None:
    """A JSON Lines line of a batch is read as the command reads a file holding only that
    line (without its line end): the same message, at the line's path, citing the rule."""
    path = tmp_path / "h.jsonl"
    path.write_bytes(b'{"profileId": "p"}\r\n' + data + b"\r\n")
    [item] = [json.loads(i) for i in read_history((0, str(path)))["item"] if i.startswith("[")]
    assert ["error", f"history[{json.dumps(str(path))}][1]", message, "json-text"] == item


@pytest.mark.parametrize(
    "data",
    [
        b'{"history": [{"mediaId": "MV_1", "progress": NaN}]}',
        b'{"history": [{"mediaId": "MV_1", "progress": -Infinity}]}',
    ],
    ids=["nan", "infinity"],
)
async def test_nan_and_infinity_are_read_and_refused_by_the_rule_of_the_value(
    data: bytes, tmp_path: Path
) -> None:
    """``NaN`` and ``Infinity`` are read (as Python's parser reads them) and then refused by
    the rule of the value they stand in for, with the same message in the library, the
    command (exit 1) and the service (422)."""
    document = json_document(data)
    assert math.isnan(document["history"][0]["progress"]) or math.isinf(
        document["history"][0]["progress"]
    )
    with pytest.raises(InvalidInputError) as raised:
        resolve_document(document, clock=lambda: 0)
    [problem] = raised.value.problems
    assert "history[0].progress" == problem.path
    assert (1, f"{problem}\n") == command(data, tmp_path)
    response = await server(data)
    assert 422 == response.status_code
    assert [{"path": problem.path, "message": problem.message}] == response.json()["problems"]


def test_values_one_after_another() -> None:
    """Text holds JSON values separated by JSON's white space: JSON Lines, or values one
    after another; a document is exactly one of them."""
    assert [{"a": 1}, [2], 3] == json_values(b'\xef\xbb\xbf{"a": 1}\n[2]\r\n\t 3 ')
    assert {"a": 1} == one_value([{"a": 1}])
    with pytest.raises(UnreadableJSON) as raised:
        one_value([1, 2, 3])
    assert ("not-one-value", "holds 3 JSON values; expected one document") == (
        raised.value.kind,
        str(raised.value),
    )


def test_a_byte_order_mark_only_at_the_start() -> None:
    """A byte order mark is skipped at the start of the text, and only where it may be (a
    JSON Lines line after the first may not start with one)."""
    assert "[1]" == json_text(b"\xef\xbb\xbf[1]")
    assert "\ufeff[1]" == json_text(b"\xef\xbb\xbf[1]", bom=False)
    with pytest.raises(UnreadableJSON) as raised:
        json_document(b"\xef\xbb\xbf[1]", bom=False)
    assert "not valid JSON: Expecting value (line 1, column 1)" == str(raised.value)


AS_TEXT = [  # the cases that are text at all (bytes that are not UTF-8 are not)
    param for param in UNREADABLE if param.values[1] != "not-utf8"
]


@pytest.mark.parametrize(("data", "kind", "message"), AS_TEXT)
def test_text_is_read_as_its_bytes_are(data: bytes, kind: str, message: str) -> None:
    """An adapter handed text (the browser module) gets the message that the same text
    as UTF-8 bytes gets."""
    with pytest.raises(UnreadableJSON) as raised:
        text_document(data.decode("utf-8-sig"))
    assert (kind, message) == (raised.value.kind, str(raised.value))


@given(
    st.recursive(
        st.none() | st.booleans() | st.integers() | st.text(st.characters(codec="utf-8")),
        st.lists,
    )
)
@example([[[]]])
def test_json_text_reads_what_json_writes(value: object) -> None:
    """Whatever :func:`json.dumps` writes, as text or as UTF-8, reads back as the value it
    wrote."""
    text = json.dumps(value, ensure_ascii=False)
    assert value == json_document(text.encode("utf-8"))
    assert value == text_document(text)
