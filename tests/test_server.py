"""The HTTP service (history_resolver.server), in process, through httpx's ASGI transport.

The service is an adapter: a 200 carries exactly what :func:`resolve_document` returns for
the same document, a 422 exactly the problems it raises.  Everything else a client can send
wrong has its own status and an exact RFC 9457 problem body (docs/server.md#errors); nothing
a client sends is answered with a 500.
"""

from __future__ import annotations

import copy
import json
import logging
import threading
from collections.abc import AsyncIterator, Iterator
from typing import Any

import anyio
import anyio.to_thread
import httpx
import pytest

import history_resolver
from history_resolver import InvalidInputError, SchemaKind, resolve_document, schema
from history_resolver.server import (
    DEFAULT_MAX_BODY_BYTES,
    _embedded,
    _limiter,
    app,
    create_app,
    openapi_document,
)
from support import ROOT

pytestmark = pytest.mark.anyio

EXAMPLE: dict[str, Any] = json.loads((ROOT / "examples" / "breaking-bad.json").read_text())
NOW_NS = 1_796_000_000_000_000_000  # 2026-11-30T...Z
EARLY_NS = 1_237_075_200_000_000_000  # 2009-03-15T00:00:00Z, when part of the example had aired
WITHOUT_NOW: dict[str, Any] = {k: v for k, v in EXAMPLE.items() if k != "options"}

JSON_HEADERS = {"content-type": "application/json"}
UNREADABLE = "urn:history-resolver:problem:unreadable-body"
INVALID = "urn:history-resolver:problem:invalid-document"


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


def client(asgi: Any, *, raise_app_exceptions: bool = True) -> httpx.AsyncClient:
    transport = httpx.ASGITransport(app=asgi, raise_app_exceptions=raise_app_exceptions)
    return httpx.AsyncClient(transport=transport, base_url="http://testserver")


async def post(body: bytes | str, headers: dict[str, str] | None = None, **settings: Any) -> Any:
    async with client(create_app(**settings)) as http:
        return await http.post(
            "/v1/resolve", content=body, headers=JSON_HEADERS if headers is None else headers
        )


def problem(
    status: int,
    title: str,
    detail: str,
    problems: list[dict[str, str]] | None = None,
    type_: str = "about:blank",
) -> dict[str, Any]:
    return {
        "type": type_,
        "title": title,
        "status": status,
        "detail": detail,
        "problems": problems or [],
    }


def unreadable(message: str) -> dict[str, Any]:
    return problem(
        400,
        "Unreadable body",
        f"the body is not a JSON document: {message}",
        [{"path": "$", "message": message}],
        UNREADABLE,
    )


def assert_problem(expected: dict[str, Any], response: httpx.Response) -> None:
    assert expected["status"] == response.status_code
    assert "application/problem+json" == response.headers["content-type"]
    assert expected == response.json()


# --- 200: the output document ------------------------------------------------------------


async def test_resolve_answers_the_output_document() -> None:
    """POST /v1/resolve answers exactly what resolve_document gives for the document."""
    response = await post(json.dumps(EXAMPLE))
    assert 200 == response.status_code
    assert "application/json" == response.headers["content-type"]
    assert resolve_document(EXAMPLE) == response.json()


async def test_now_is_read_from_the_clock_for_each_request() -> None:
    """A document with neither now nor asOf is resolved for the clock's time, read anew
    for each request (docs/rules.md#now-and-asof)."""
    readings = iter([EARLY_NS, NOW_NS])
    calls: list[int] = []

    def clock() -> int:
        calls.append(1)
        return next(readings)

    async with client(create_app(clock=clock)) as http:
        first = await http.post("/v1/resolve", json=WITHOUT_NOW)
        second = await http.post("/v1/resolve", json=WITHOUT_NOW)
    assert 2 == len(calls)
    assert resolve_document(WITHOUT_NOW, clock=lambda: EARLY_NS) == first.json()
    assert resolve_document(WITHOUT_NOW, clock=lambda: NOW_NS) == second.json()
    assert first.json() != second.json()  # the clock's time made a difference


async def test_a_document_with_now_does_not_read_the_clock() -> None:
    """The document's own options.now wins; the clock is not called."""

    def clock() -> int:
        raise AssertionError("the clock was read")

    async with client(create_app(clock=clock)) as http:
        response = await http.post("/v1/resolve", json=EXAMPLE)
    assert 200 == response.status_code


@pytest.mark.parametrize(
    "content_type",
    [
        "application/json",
        "Application/JSON",
        "application/json; charset=utf-8",
        'application/json;charset="UTF-8"',
        "application/json; charset=utf8",
        "application/vnd.discovr.history+json",
        "application/json; profile=x",
    ],
)
async def test_json_content_types_are_accepted(content_type: str) -> None:
    """application/json and any application/*+json, with no charset or UTF-8."""
    response = await post(json.dumps(EXAMPLE), {"content-type": content_type})
    assert 200 == response.status_code


async def test_a_byte_order_mark_is_allowed() -> None:
    """A UTF-8 byte order mark before the JSON is read past, as the command does."""
    response = await post(b"\xef\xbb\xbf" + json.dumps(EXAMPLE).encode())
    assert resolve_document(EXAMPLE) == response.json()


async def test_a_lone_surrogate_echoed_in_a_diagnostic_stays_valid_json() -> None:
    """A lone surrogate (valid JSON, not valid UTF-8) in an offending value comes back as a
    JSON escape, in a body that is pure ASCII."""
    document = {
        "history": [{"mediaId": "TV_1396", "season": 1, "imported": 5}, {"mediaId": "\ud800"}],
        "options": {"now": "2026-11-28T00:00:00Z", "onInvalid": "skip"},
    }
    response = await post(json.dumps(document))
    assert 200 == response.status_code
    response.content.decode("ascii")
    assert resolve_document(document) == response.json()


async def test_nesting_the_parser_can_read_is_accepted() -> None:
    """Deep nesting in an ignored key is fine as long as the JSON parser can read it."""
    document = copy.deepcopy(EXAMPLE)
    document["history"][0]["title"] = json.loads("[" * 200 + "]" * 200)
    response = await post(json.dumps(document))
    assert resolve_document(EXAMPLE) == response.json()


# --- 422: the document breaks the rules -----------------------------------------------------


@pytest.mark.parametrize(
    ("document", "paths"),
    [
        pytest.param(
            {
                "history": [
                    {"mediaId": "TV_1396", "season": 1, "progress": 120},
                    {"mediaId": "TV_1396", "season": 1, "updatedAt": "2023-01-15"},
                ],
                "options": {"now": "2026-11-28T00:00:00Z", "threshold": 80},
            },
            ["options.threshold", "history[0].progress", "history[1].updatedAt"],
            id="every-problem",
        ),
        pytest.param([1], ["$"], id="not-an-object"),
        pytest.param({"history": [], "episode": []}, ["episode"], id="unknown-top-level-key"),
        pytest.param(
            {"history": [{"mediaId": "TV_1", "season": 1, "progress": 1e999}]},
            ["history[0].progress"],
            id="infinity",
        ),
    ],
)
async def test_an_invalid_document_is_a_422_naming_every_problem(
    document: Any, paths: list[str]
) -> None:
    """Every problem resolve_document finds is in `problems`, at its JSON path, with its
    message; `detail` is the command's stderr: one line per problem."""
    with pytest.raises(InvalidInputError) as raised:
        resolve_document(document, clock=lambda: NOW_NS)
    response = await post(json.dumps(document), clock=lambda: NOW_NS)
    expected = problem(
        422,
        "Invalid document",
        str(raised.value),
        [{"path": p.path, "message": p.message} for p in raised.value.problems],
        INVALID,
    )
    assert_problem(expected, response)
    assert sorted(paths) == sorted(p["path"] for p in response.json()["problems"])


async def test_json_nan_reaches_the_document_rules() -> None:
    """NaN and Infinity, which Python's parser (and the command) read, are judged by the
    document rules (a 422 naming the value), not refused as unreadable."""
    body = '{"history": [{"mediaId": "TV_1", "season": 1, "progress": NaN}]}'
    response = await post(body)
    assert 422 == response.status_code
    assert ["history[0].progress"] == [p["path"] for p in response.json()["problems"]]


# --- 400: the body is not a JSON document ---------------------------------------------------


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (b"\xff{}", "not UTF-8 (byte 0xff at offset 0)"),
        (b'{"history": ["\xc3"]}', "not UTF-8 (byte 0xc3 at offset 14)"),
        (b"", "empty input; expected JSON"),
        (b" \r\n\t", "empty input; expected JSON"),
        (b"\xef\xbb\xbf", "empty input; expected JSON"),
        (b'{"history": [}', "not valid JSON: Expecting value (line 1, column 14)"),
        (b'{"history": []} {}', "holds 2 JSON values; expected one document"),
        (
            b"{'history': []}",
            (
                "not valid JSON: Expecting property name enclosed in double quotes "
                "(line 1, column 2)"
            ),
        ),
        (b"[" * 100_000 + b"]" * 100_000, "not readable: JSON nested too deeply"),
        (b'{"history": [' + b"1" * 5000 + b"]}", "not readable: a number has too many digits"),
    ],
    ids=[
        "not-utf8",
        "truncated-utf8",
        "empty",
        "whitespace",
        "bom-only",
        "not-json",
        "two-values",
        "single-quotes",
        "too-deep",
        "long-integer",
    ],
)
async def test_a_body_that_is_not_a_json_document_is_a_400(body: bytes, message: str) -> None:
    """Not UTF-8, empty, not JSON, nested deeper than the parser can go, or an integer too
    long to read: 400, one problem at `$` saying which (the command's wording)."""
    assert_problem(unreadable(message), await post(body))


async def call_asgi(
    asgi: Any,
    method: str,
    path: str,
    headers: list[tuple[bytes, bytes]],
    incoming: list[dict[str, Any]],
    client: tuple[str, int] | None = ("127.0.0.1", 1),
) -> list[dict[str, Any]]:
    """Call the ASGI app directly (what no HTTP client sends); the messages it sent back."""
    sent: list[dict[str, Any]] = []
    messages = iter(incoming)

    async def receive() -> Any:
        return next(messages)

    async def send(message: Any) -> None:
        sent.append(message)

    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": method,
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "root_path": "",
        "query_string": b"",
        "headers": headers,
        "server": ("testserver", 80),
        "client": client,
    }
    await asgi(scope, receive, send)
    return sent


async def test_a_client_that_disconnects_mid_body_gets_no_500() -> None:
    """A client gone before its body was complete is answered (to nobody) with a 400, not an
    error in the server's log."""
    sent = await call_asgi(
        create_app(),
        "POST",
        "/v1/resolve",
        [(b"content-type", b"application/json")],
        [
            {"type": "http.request", "body": b'{"hist', "more_body": True},
            {"type": "http.disconnect"},
        ],
    )
    assert 400 == sent[0]["status"]
    message = "the client disconnected before the body was complete"
    assert unreadable(message) == json.loads(sent[1]["body"])


@pytest.mark.parametrize("declared", [b"\xb2", b"-1", b"1e9", b""])
async def test_a_content_length_that_is_not_a_number_is_not_trusted(declared: bytes) -> None:
    """A Content-Length that is not ASCII digits (an ASGI server normally refuses it first)
    is ignored: the body is counted as it is read, and answered as usual."""
    body = json.dumps(EXAMPLE).encode()
    sent = await call_asgi(
        create_app(),
        "POST",
        "/v1/resolve",
        [(b"content-type", b"application/json"), (b"content-length", declared)],
        [{"type": "http.request", "body": body}],
    )
    assert 200 == sent[0]["status"]
    assert resolve_document(EXAMPLE) == json.loads(sent[1]["body"])


# --- 413: the body is too large ---------------------------------------------------------------


async def test_a_declared_content_length_over_the_limit_is_refused_before_reading() -> None:
    """A Content-Length over the limit is a 413 at once: not one byte of the body is read."""
    pulled: list[bytes] = []

    async def body() -> AsyncIterator[bytes]:
        for _ in range(3):
            pulled.append(b"x" * 50)
            yield b"x" * 50

    async with client(create_app(max_body_bytes=100)) as http:
        response = await http.post(
            "/v1/resolve",
            content=body(),
            headers={"content-type": "application/json", "content-length": "150"},
        )
    assert_problem(problem(413, "Content Too Large", "the body is larger than 100 bytes"), response)
    assert [] == pulled


async def test_a_streamed_body_is_refused_as_soon_as_it_passes_the_limit() -> None:
    """A body without Content-Length (chunked) is counted as it arrives: a 10 GB stream is
    refused after the first chunks past the limit, never held."""
    pulled: list[int] = []

    async def ten_gigabytes() -> AsyncIterator[bytes]:
        chunk = b" " * (1 << 20)
        for _ in range(10 * 1024):
            pulled.append(len(chunk))
            yield chunk

    async with client(create_app(max_body_bytes=3 << 20)) as http:
        response = await http.post(
            "/v1/resolve", content=ten_gigabytes(), headers={"content-type": "application/json"}
        )
    assert_problem(
        problem(413, "Content Too Large", f"the body is larger than {3 << 20} bytes"), response
    )
    assert 4 == len(pulled)


@pytest.mark.parametrize("declared", [True, False])
async def test_a_body_of_exactly_the_limit_is_read(declared: bool) -> None:
    """The limit is inclusive, for a declared length and for a streamed body alike."""
    body = json.dumps(EXAMPLE).encode()

    async def stream() -> AsyncIterator[bytes]:
        yield body[:10]
        yield body[10:]

    async with client(create_app(max_body_bytes=len(body))) as http:
        response = await http.post(
            "/v1/resolve",
            content=body if declared else stream(),
            headers=JSON_HEADERS,
        )
    assert 200 == response.status_code
    async with client(create_app(max_body_bytes=len(body) - 1)) as http:
        response = await http.post(
            "/v1/resolve", content=body if declared else stream(), headers=JSON_HEADERS
        )
    assert 413 == response.status_code


def test_the_default_limit_is_64_mib() -> None:
    """64 MiB by default (the command's --help says so too)."""
    assert 64 * 1024 * 1024 == DEFAULT_MAX_BODY_BYTES


def test_a_limit_below_one_byte_is_refused() -> None:
    """create_app refuses a limit that would refuse every body."""
    with pytest.raises(ValueError, match=r"^max_body_bytes must be at least 1, not 0$"):
        create_app(max_body_bytes=0)


# --- 415: not JSON ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("headers", "detail"),
    [
        ({}, "the request has no Content-Type; send the document as application/json"),
        (
            {"content-type": "text/plain"},
            'the body must be application/json, not "text/plain"',
        ),
        (
            {"content-type": "application/x-www-form-urlencoded"},
            'the body must be application/json, not "application/x-www-form-urlencoded"',
        ),
        (
            {"content-type": "application/json; charset=latin-1"},
            'the body must be UTF-8, not charset "latin-1"',
        ),
        (
            {"content-type": "text/json+json"},
            'the body must be application/json, not "text/json+json"',
        ),
    ],
    ids=["missing", "text", "form", "latin-1", "not-application"],
)
async def test_a_body_not_sent_as_json_is_a_415(headers: dict[str, str], detail: str) -> None:
    """Only application/json and application/*+json in UTF-8 are read; a 415 says which
    type was sent and names the accepted one in Accept-Post."""
    response = await post(json.dumps(EXAMPLE), headers)
    assert_problem(problem(415, "Unsupported Media Type", detail), response)
    assert "application/json" == response.headers["accept-post"]


# --- 404, 405, 500 --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "path", "allow"),
    [
        ("GET", "/v1/resolve", "POST"),
        ("PUT", "/v1/resolve", "POST"),
        ("DELETE", "/healthz", "GET, HEAD"),
        ("POST", "/openapi.json", "GET, HEAD"),
        ("PATCH", "/v1/schema/input", "GET, HEAD"),
    ],
)
async def test_a_wrong_method_is_a_405_with_allow(method: str, path: str, allow: str) -> None:
    """A known path with a method it does not serve: 405, the Allow header listing what
    it does serve."""
    async with client(app) as http:
        response = await http.request(method, path)
    detail = f"{method} is not allowed on {path}; allowed: {allow}"
    assert_problem(problem(405, "Method Not Allowed", detail), response)
    assert allow == response.headers["allow"]


@pytest.mark.parametrize("path", ["/", "/v1/resolve/", "/v2/resolve", "/v1/schema/inputs"])
async def test_an_unknown_path_is_a_404_problem(path: str) -> None:
    """An unknown path is a problem too, pointing at the service's description."""
    async with client(app) as http:
        response = await http.get(path)
    detail = f"nothing at {path}; the service is described at /openapi.json"
    assert_problem(problem(404, "Not Found", detail), response)


async def test_a_bug_is_a_generic_500_without_details(caplog: pytest.LogCaptureFixture) -> None:
    """A genuine bug (here: a clock that fails) answers a generic problem: nothing of the
    error reaches the client; it is raised on to the ASGI server, which logs it."""

    def clock() -> int:
        raise RuntimeError("secret internals")

    async with client(create_app(clock=clock), raise_app_exceptions=False) as http:
        response = await http.post("/v1/resolve", json=WITHOUT_NOW)
    expected = problem(
        500, "Internal Server Error", "the server failed to answer; the error is in its log"
    )
    assert_problem(expected, response)
    assert "secret" not in response.text


# --- the schemas, health and the description --------------------------------------------------


@pytest.mark.parametrize("kind", ["input", "output"])
async def test_the_schema_endpoints_serve_the_package_schemas(kind: SchemaKind) -> None:
    """GET /v1/schema/{input,output} is history_resolver.schema(kind), as JSON Schema."""
    async with client(app) as http:
        response = await http.get(f"/v1/schema/{kind}")
    assert 200 == response.status_code
    assert "application/schema+json" == response.headers["content-type"]
    assert schema(kind) == response.json()


async def test_healthz() -> None:
    """GET /healthz: 200 and the version; HEAD too."""
    async with client(app) as http:
        response = await http.get("/healthz")
        head = await http.head("/healthz")
    assert 200 == response.status_code
    assert {"status": "ok", "version": history_resolver.__version__} == response.json()
    assert 200 == head.status_code


async def test_openapi_json_is_the_description() -> None:
    """GET /openapi.json serves openapi_document()."""
    async with client(app) as http:
        response = await http.get("/openapi.json")
    assert "application/json" == response.headers["content-type"]
    assert openapi_document() == response.json()


def _restored(components: dict[str, Any], name: str) -> dict[str, Any]:
    """The JSON Schema `name` as it was before _embedded moved it into components."""
    prefix = f"#/components/schemas/{name}"

    def back(node: Any) -> Any:
        if isinstance(node, dict):
            return {
                k: ("#" + v[len(prefix) :].replace(".", "/$defs/", 1) if k == "$ref" else back(v))
                for k, v in node.items()
            }
        if isinstance(node, list):
            return [back(item) for item in node]
        return node

    root = back(components[name])
    defs = {
        key[len(name) + 1 :]: back(value)
        for key, value in components.items()
        if key.startswith(name + ".")
    }
    return {**root, "$defs": defs} if defs else root


@pytest.mark.parametrize(("kind", "name"), [("input", "Input"), ("output", "Output")])
def test_the_description_embeds_the_package_schemas_unchanged(kind: SchemaKind, name: str) -> None:
    """The request body of POST /v1/resolve IS the input schema and its 200 IS the output
    schema: moving them back out of the components gives schema(kind) exactly (less $id
    and $schema, which an embedded schema must not carry)."""
    document = openapi_document()
    operation = document["paths"]["/v1/resolve"]["post"]
    assert {"$ref": "#/components/schemas/Input"} == operation["requestBody"]["content"][
        "application/json"
    ]["schema"]
    assert {"$ref": "#/components/schemas/Output"} == operation["responses"]["200"]["content"][
        "application/json"
    ]["schema"]
    original = {k: v for k, v in schema(kind).items() if k not in ("$id", "$schema")}
    assert original == _restored(document["components"]["schemas"], name)


def test_every_error_status_is_described_as_a_problem() -> None:
    """Each status POST /v1/resolve can answer is documented; each error is a Problem."""
    responses = openapi_document()["paths"]["/v1/resolve"]["post"]["responses"]
    assert ["200", "400", "413", "415", "422", "500"] == sorted(responses)
    for status in ["400", "413", "415", "422", "500"]:
        assert {"$ref": "#/components/schemas/Problem"} == responses[status]["content"][
            "application/problem+json"
        ]["schema"]


def test_references_to_the_root_and_to_defs_are_moved() -> None:
    """A reference to the schema's root or to one of its $defs points at its component."""
    embedded = _embedded(
        "Input",
        {"$id": "x", "items": {"$ref": "#"}, "$defs": {"a": {"$ref": "#/$defs/a"}}},
    )
    assert {
        "Input": {"items": {"$ref": "#/components/schemas/Input"}},
        "Input.a": {"$ref": "#/components/schemas/Input.a"},
    } == embedded


@pytest.mark.parametrize(
    "reference", ["http://elsewhere/schema.json", "#/$defs/a/properties/b", "#/properties/x"]
)
def test_a_schema_reference_that_cannot_be_moved_is_refused(reference: str) -> None:
    """_embedded moves only references to the root and to top-level $defs; anything else
    fails when the app is built, not silently in a client's code generator."""
    with pytest.raises(ValueError, match=r"^Input schema: cannot embed the reference"):
        _embedded("Input", {"items": {"$ref": reference}})


# --- behaviour under load ------------------------------------------------------------------


async def test_healthz_answers_while_a_resolve_runs() -> None:
    """A resolve runs in a worker thread: while one is held inside resolve_document (its
    clock waits), the event loop still answers /healthz."""
    inside, release = threading.Event(), threading.Event()
    loop_thread = threading.get_ident()
    threads: list[int] = []

    def clock() -> int:
        threads.append(threading.get_ident())
        inside.set()
        if not release.wait(30):
            raise RuntimeError("never released")
        return NOW_NS

    answers: dict[str, httpx.Response] = {}
    async with client(create_app(clock=clock)) as http, anyio.create_task_group() as tasks:

        async def resolve() -> None:
            answers["resolve"] = await http.post("/v1/resolve", json=WITHOUT_NOW)

        tasks.start_soon(resolve)
        assert await anyio.to_thread.run_sync(inside.wait, 30)
        health = await http.get("/healthz")
        assert 200 == health.status_code
        assert "resolve" not in answers  # still inside resolve_document
        release.set()
    assert 200 == answers["resolve"].status_code
    assert [loop_thread] != threads


async def test_one_resolve_at_a_time_the_others_wait_in_turn() -> None:
    """A second resolve waits for the first to leave its thread (one per process: resolving
    holds the GIL), and then runs."""
    inside, release = threading.Event(), threading.Event()
    calls: list[int] = []

    def clock() -> int:
        calls.append(1)
        inside.set()
        if not release.wait(30):
            raise RuntimeError("never released")
        return NOW_NS

    statuses: list[int] = []
    async with client(create_app(clock=clock)) as http, anyio.create_task_group() as tasks:

        async def resolve() -> None:
            statuses.append((await http.post("/v1/resolve", json=WITHOUT_NOW)).status_code)

        tasks.start_soon(resolve)
        assert await anyio.to_thread.run_sync(inside.wait, 30)
        tasks.start_soon(resolve)
        limiter = _limiter()
        for _ in range(10_000):
            if limiter.statistics().tasks_waiting:
                break
            await anyio.sleep(0)
        assert 1 == limiter.statistics().tasks_waiting
        assert 1 == len(calls)
        release.set()
    assert [200, 200] == statuses
    assert 2 == len(calls)


# --- the access log --------------------------------------------------------------------------


async def test_one_access_log_line_per_request(caplog: pytest.LogCaptureFixture) -> None:
    """Each request is one INFO line on history_resolver.access: client, method, path,
    status, duration and the bytes of the body sent."""
    caplog.set_level(logging.INFO, logger="history_resolver.access")
    async with client(app) as http:
        responses = [
            await http.get("/healthz"),
            await http.post("/v1/resolve", json=EXAMPLE),
            await http.post("/v1/resolve", content=b"{", headers=JSON_HEADERS),
            await http.delete("/nowhere"),
        ]
    lines = [r.getMessage() for r in caplog.records if r.name == "history_resolver.access"]
    assert 4 == len(lines)
    for line, response, (method, path) in zip(
        lines,
        responses,
        [
            ("GET", "/healthz"),
            ("POST", "/v1/resolve"),
            ("POST", "/v1/resolve"),
            ("DELETE", "/nowhere"),
        ],
        strict=True,
    ):
        client_, method_, path_, status, duration, size = line.split(" ")
        assert ("127.0.0.1:123", method, path) == (client_, method_, path_)
        assert str(response.status_code) == status
        assert duration.endswith("ms") and float(duration[:-2]) >= 0
        assert f"{len(response.content)}B" == size


async def test_a_request_that_fails_is_logged_as_a_500(caplog: pytest.LogCaptureFixture) -> None:
    """A bug still gets its access line, with the 500 the client was sent."""
    caplog.set_level(logging.INFO, logger="history_resolver.access")

    def clock() -> int:
        raise RuntimeError("bug")

    async with client(create_app(clock=clock), raise_app_exceptions=False) as http:
        await http.post("/v1/resolve", json=WITHOUT_NOW)
    lines = [r.getMessage() for r in caplog.records if r.name == "history_resolver.access"]
    assert 1 == len(lines)
    assert " POST /v1/resolve 500 " in lines[0]


async def test_lifespan_and_clientless_requests_pass_the_access_log(
    caplog: pytest.LogCaptureFixture,
) -> None:
    """The lifespan protocol goes through unlogged; a request with no client address (a
    Unix socket) is logged with "-"."""
    caplog.set_level(logging.INFO, logger="history_resolver.access")
    sent: list[Any] = []
    incoming: Iterator[Any] = iter([{"type": "lifespan.startup"}, {"type": "lifespan.shutdown"}])

    async def receive() -> Any:
        return next(incoming)

    async def send(message: Any) -> None:
        sent.append(message)

    service = create_app()
    await service({"type": "lifespan", "asgi": {"version": "3.0"}}, receive, send)
    assert ["lifespan.startup.complete", "lifespan.shutdown.complete"] == [m["type"] for m in sent]
    sent = await call_asgi(
        service, "GET", "/healthz", [], [{"type": "http.request", "body": b""}], client=None
    )
    assert 200 == sent[0]["status"]
    lines = [r.getMessage() for r in caplog.records if r.name == "history_resolver.access"]
    assert ["- GET /healthz 200"] == [" ".join(line.split(" ")[:4]) for line in lines]
