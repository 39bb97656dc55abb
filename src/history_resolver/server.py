"""The HTTP service: :func:`~history_resolver.resolve_document` for services in any language.

``POST /v1/resolve`` takes an input document and answers the output document;
``GET /v1/schema/input`` and ``GET /v1/schema/output`` serve the package's JSON Schemas, and
``GET /openapi.json`` describes the service with those same schemas embedded (read from
:func:`history_resolver.schema` when the app is built, so the two can never disagree).
Every error is an RFC 9457 problem (``application/problem+json``) with an extension member
``problems``: every problem found in the body, each at its JSON path.  No traceback ever
reaches a client, and nothing a client sends is answered with a 500.

This is an adapter, never imported by the core.  It needs the ``server`` extra (Starlette;
``history-resolver serve`` also runs it under uvicorn).  ``app`` is the service with the
default settings, for any ASGI server (``uvicorn history_resolver.server:app``);
:func:`create_app` builds one with other settings.  docs/server.md says how to run, call
and scale it.

How a request is answered, in order: the content type (415), the declared
``Content-Length`` (413, before anything is read), the body read with a running count (413
as soon as the limit is passed: a huge body is never held), then, in a worker thread, UTF-8
and JSON (400, read by :mod:`history_resolver._json_text`, the command's reading, so the
same bytes get the same message), the document's rules (422) and the output document
(200).  One resolve runs at a time per event loop (:data:`RESOLVING_PER_PROCESS`):
resolving is CPU-bound and holds the GIL, so more threads in a process add memory and
latency, never throughput; more processes (``--workers``) add throughput.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Awaitable, Callable, Mapping
from typing import Any, Final

import anyio.to_thread
from anyio import CapacityLimiter
from anyio.lowlevel import RunVar
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import ClientDisconnect, Request
from starlette.responses import Response
from starlette.routing import Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from . import __version__, resolve_document, schema
from ._errors import InvalidInputError
from ._json_text import UnreadableJSON, json_document

__all__ = [
    "DEFAULT_MAX_BODY_BYTES",
    "RESOLVING_PER_PROCESS",
    "app",
    "create_app",
    "openapi_document",
]

DEFAULT_MAX_BODY_BYTES: Final = 64 * 1024 * 1024
"""The largest request body accepted by default: 64 MiB, about 300,000 history entries."""

RESOLVING_PER_PROCESS: Final = 1
"""How many resolves run at once in one event loop (the others wait their turn, in order)."""

JSON: Final = "application/json"
PROBLEM_JSON: Final = "application/problem+json"
SCHEMA_JSON: Final = "application/schema+json"

INVALID_DOCUMENT: Final = "urn:history-resolver:problem:invalid-document"
UNREADABLE_BODY: Final = "urn:history-resolver:problem:unreadable-body"
BLANK: Final = "about:blank"  # RFC 9457: no meaning beyond the status code

_access_log = logging.getLogger("history_resolver.access")

_resolving: RunVar[CapacityLimiter] = RunVar("history_resolver.server.resolving")


def _problem(
    status: int,
    title: str,
    detail: str,
    *,
    type_: str = BLANK,
    problems: list[dict[str, str]] | None = None,
    headers: Mapping[str, str] | None = None,
) -> Response:
    body = {
        "type": type_,
        "title": title,
        "status": status,
        "detail": detail,
        "problems": problems or [],
    }
    return Response(
        json.dumps(body, separators=(",", ":")).encode("ascii"),
        status_code=status,
        headers=headers,
        media_type=PROBLEM_JSON,
    )


def _unreadable(message: str) -> Response:
    return _problem(
        400,
        "Unreadable body",
        f"the body is not a JSON document: {message}",
        type_=UNREADABLE_BODY,
        problems=[{"path": "$", "message": message}],
    )


def _unsupported_media_type(content_type: str | None) -> Response | None:
    """A 415 unless ``content_type`` is JSON (``application/json`` or ``application/*+json``)
    with no charset or charset UTF-8."""
    if content_type is None:
        detail = "the request has no Content-Type; send the document as application/json"
    else:
        media, *parameters = (part.strip() for part in content_type.split(";"))
        media = media.lower()
        charset = "utf-8"
        for parameter in parameters:
            name, _, value = parameter.partition("=")
            if name.strip().lower() == "charset":
                charset = value.strip().strip('"').lower()
        json_type = media == JSON or (media.startswith("application/") and media.endswith("+json"))
        if json_type and charset in ("utf-8", "utf8"):
            return None
        if json_type:
            detail = f"the body must be UTF-8, not charset {json.dumps(charset)}"
        else:
            detail = f"the body must be application/json, not {json.dumps(media)}"
    return _problem(415, "Unsupported Media Type", detail, headers={"Accept-Post": JSON})


def _too_large(limit: int) -> Response:
    return _problem(413, "Content Too Large", f"the body is larger than {limit} bytes")


def _answer(body: bytes, clock: Callable[[], int] | None, pause_gc: bool) -> Response:
    """The response to a body that arrived whole: run in a worker thread (CPU-bound)."""
    try:
        document = json_document(body)
    except UnreadableJSON as error:
        return _unreadable(str(error))
    try:
        output = resolve_document(document, clock=clock, pause_gc=pause_gc)
    except InvalidInputError as error:
        return _problem(
            422,
            "Invalid document",
            str(error),
            type_=INVALID_DOCUMENT,
            problems=[{"path": p.path, "message": p.message} for p in error.problems],
        )
    # ASCII: a lone surrogate (valid JSON) echoed in a diagnostic stays valid UTF-8.
    return Response(json.dumps(output, separators=(",", ":")).encode("ascii"), media_type=JSON)


def _limiter() -> CapacityLimiter:
    try:
        return _resolving.get()
    except LookupError:
        limiter = CapacityLimiter(RESOLVING_PER_PROCESS)
        _resolving.set(limiter)
        return limiter


def _resolve_endpoint(
    max_body_bytes: int, clock: Callable[[], int] | None, pause_gc: bool
) -> Callable[[Request], Awaitable[Response]]:
    async def resolve(request: Request) -> Response:
        refused = _unsupported_media_type(request.headers.get("content-type"))
        if refused is not None:
            return refused
        declared = request.headers.get("content-length", "")  # (the server checked its form)
        if declared.isascii() and declared.isdigit() and int(declared[:20]) > max_body_bytes:
            return _too_large(max_body_bytes)
        chunks: list[bytes] = []
        size = 0
        try:
            async for chunk in request.stream():
                size += len(chunk)
                if size > max_body_bytes:
                    return _too_large(max_body_bytes)
                chunks.append(chunk)
        except ClientDisconnect:  # nobody is left to read an answer; the log says 400
            return _unreadable("the client disconnected before the body was complete")
        body = b"".join(chunks)
        del chunks
        return await anyio.to_thread.run_sync(_answer, body, clock, pause_gc, limiter=_limiter())

    return resolve


def _json_bytes(value: object) -> bytes:
    return json.dumps(value, indent=2).encode("ascii") + b"\n"


def _static(content: bytes, media_type: str) -> Callable[[Request], Awaitable[Response]]:
    async def endpoint(request: Request) -> Response:
        return Response(content, media_type=media_type)

    return endpoint


# -- the OpenAPI document ------------------------------------------------------------------

_PROBLEM_SCHEMA: Final[dict[str, Any]] = {
    "title": "Problem",
    "description": (
        "An RFC 9457 problem. `problems` lists every problem found in the body, each at its "
        "JSON path (`$` is the body as a whole); it is empty when the request failed before "
        "the body was read."
    ),
    "type": "object",
    "required": ["type", "title", "status", "detail", "problems"],
    "properties": {
        "type": {"type": "string", "format": "uri-reference"},
        "title": {"type": "string"},
        "status": {"type": "integer", "minimum": 400, "maximum": 599},
        "detail": {"type": "string"},
        "problems": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["path", "message"],
                "additionalProperties": False,
                "properties": {"path": {"type": "string"}, "message": {"type": "string"}},
            },
        },
    },
}


def _embedded(name: str, document: Mapping[str, Any]) -> dict[str, Any]:
    """A JSON Schema as OpenAPI components: the root becomes ``name`` and each of its
    ``$defs`` becomes ``name.def``, with every ``$ref`` pointed at its new place.

    OpenAPI 3.1 schemas are JSON Schema 2020-12, so nothing else changes; ``$id`` and
    ``$schema`` are left out (an ``$id`` would move the base of the rewritten references).
    """
    prefix = "#/components/schemas/"

    def moved(reference: str) -> str:
        if reference == "#":
            return prefix + name
        if reference.startswith("#/$defs/") and "/" not in reference[8:]:
            return f"{prefix}{name}.{reference[8:]}"
        raise ValueError(f"{name} schema: cannot embed the reference {reference!r}")

    def rewrite(node: Any) -> Any:
        if isinstance(node, dict):
            return {
                key: moved(value) if key == "$ref" and isinstance(value, str) else rewrite(value)
                for key, value in node.items()
            }
        if isinstance(node, list):
            return [rewrite(item) for item in node]
        return node

    root = {k: v for k, v in document.items() if k not in ("$id", "$schema", "$defs")}
    components = {name: rewrite(root)}
    for key, value in document.get("$defs", {}).items():
        components[f"{name}.{key}"] = rewrite(value)
    return components


def openapi_document() -> dict[str, Any]:
    """The service's OpenAPI 3.1 description, with the package's JSON Schemas embedded: the
    request body of ``POST /v1/resolve`` is the input schema, its 200 the output schema."""

    def ref(name: str) -> dict[str, str]:
        return {"$ref": f"#/components/schemas/{name}"}

    def problem(description: str) -> dict[str, Any]:
        return {"description": description, "content": {PROBLEM_JSON: {"schema": ref("Problem")}}}

    def get(summary: str, media_type: str, body: dict[str, Any]) -> dict[str, Any]:
        return {
            "get": {
                "summary": summary,
                "responses": {
                    "200": {"description": summary, "content": {media_type: {"schema": body}}}
                },
            }
        }

    return {
        "openapi": "3.1.0",
        "info": {
            "title": "history-resolver",
            "version": __version__,
            "description": (
                "Resolves a Discovr watch history into per-episode progress and completion, "
                "and says why. The rules: docs/rules.md; the service: docs/server.md."
            ),
        },
        "paths": {
            "/v1/resolve": {
                "post": {
                    "summary": "Resolve an input document into the output document",
                    "requestBody": {
                        "required": True,
                        "content": {JSON: {"schema": ref("Input")}},
                    },
                    "responses": {
                        "200": {
                            "description": "The output document",
                            "content": {JSON: {"schema": ref("Output")}},
                        },
                        "400": problem("The body is not UTF-8 JSON, or nests too deeply"),
                        "413": problem("The body is larger than the server's limit"),
                        "415": problem("The body is not sent as application/json"),
                        "422": problem("The document breaks the rules; `problems` lists each"),
                        "500": problem("A bug in the server (logged there)"),
                    },
                }
            },
            "/v1/schema/input": get("The input document's JSON Schema", SCHEMA_JSON, {}),
            "/v1/schema/output": get("The output document's JSON Schema", SCHEMA_JSON, {}),
            "/healthz": get(
                "The service is up",
                JSON,
                {
                    "type": "object",
                    "required": ["status", "version"],
                    "properties": {"status": {"const": "ok"}, "version": {"type": "string"}},
                },
            ),
            "/openapi.json": get("This document", JSON, {"type": "object"}),
        },
        "components": {
            "schemas": {
                **_embedded("Input", schema("input")),
                **_embedded("Output", schema("output")),
                "Problem": _PROBLEM_SCHEMA,
            }
        },
    }


# -- errors and the access log -------------------------------------------------------------


async def _http_error(request: Request, error: Exception) -> Response:
    """404 and 405 (Starlette's router raises them) as problems."""
    assert isinstance(error, HTTPException)
    headers = dict(error.headers or {})
    if error.status_code == 405:
        # (Starlette lists the allowed methods in set order: sorted, they read the same always)
        allowed = headers["Allow"] = ", ".join(sorted(headers["Allow"].split(", ")))
        detail = f"{request.method} is not allowed on {request.url.path}; allowed: {allowed}"

    else:
        detail = f"nothing at {request.url.path}; the service is described at /openapi.json"
    return _problem(error.status_code, error.detail, detail, headers=headers)


async def _server_error(request: Request, error: Exception) -> Response:
    """A bug: a generic problem for the client; the server logs the traceback."""
    return _problem(
        500, "Internal Server Error", "the server failed to answer; the error is in its log"
    )


class _AccessLog:
    """ASGI middleware: one line per HTTP request on the ``history_resolver.access`` logger
    (INFO): client, method, path, status, duration and body bytes sent."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500  # what the client gets if the app raises before answering
        sent = 0

        async def counting_send(message: Message) -> None:
            nonlocal status, sent
            if message["type"] == "http.response.start":
                status = message["status"]
            else:  # a body chunk (or a message without one)
                sent += len(message.get("body", b""))
            await send(message)

        try:
            await self.app(scope, receive, counting_send)
        finally:
            client = scope.get("client")
            _access_log.info(
                "%s %s %s %d %.1fms %dB",
                f"{client[0]}:{client[1]}" if client else "-",
                scope["method"],
                scope["path"],
                status,
                (time.perf_counter() - started) * 1000,
                sent,
            )


def create_app(
    *,
    max_body_bytes: int = DEFAULT_MAX_BODY_BYTES,
    clock: Callable[[], int] | None = None,
    pause_gc: bool = True,
) -> Starlette:
    """Build the service.

    ``max_body_bytes`` is the largest request body accepted (413 beyond it, checked while
    the body is read).  ``clock`` returns the current time in nanoseconds since the epoch;
    it is called for each request whose document gives neither ``options.now`` nor
    ``options.asOf`` (default: :func:`time.time_ns`).

    ``pause_gc`` is :func:`~history_resolver.resolve_document`'s: each resolve pauses the
    cyclic garbage collector, process-wide, while it runs.  The service keeps it on because
    it resolves one document at a time per event loop (:data:`RESOLVING_PER_PROCESS`): a
    pause lasts one resolve, and the collector runs again between two.  Pass ``False`` when
    the app shares its process with other threads that resolve, or that must keep
    collecting while a large document resolves (docs/server.md#under-load).
    """
    if max_body_bytes < 1:
        raise ValueError(f"max_body_bytes must be at least 1, not {max_body_bytes}")
    healthy = _json_bytes({"status": "ok", "version": __version__})
    service = Starlette(
        routes=[
            Route(
                "/v1/resolve",
                _resolve_endpoint(max_body_bytes, clock, pause_gc),
                methods=["POST"],
            ),
            Route("/v1/schema/input", _static(_json_bytes(schema("input")), SCHEMA_JSON)),
            Route("/v1/schema/output", _static(_json_bytes(schema("output")), SCHEMA_JSON)),
            Route("/healthz", _static(healthy, JSON)),
            Route("/openapi.json", _static(_json_bytes(openapi_document()), JSON)),
        ],
        middleware=[Middleware(_AccessLog)],
        exception_handlers={HTTPException: _http_error, Exception: _server_error},
    )
    service.router.redirect_slashes = False  # a path is served as described, or it is a 404
    return service


app = create_app()
"""The service with the default settings (``uvicorn history_resolver.server:app``)."""
