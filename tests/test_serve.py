"""``history-resolver serve``: the real command, on 127.0.0.1, started and stopped by the tests.

What only a real server shows: the access log on stderr (one line per request), the
graceful shutdown on SIGTERM (a request in flight is answered in full, then the command
exits 0), several worker processes, a port already taken.  The command line itself (its
options, the missing extra) is tested in process.
"""

from __future__ import annotations

import copy
import json
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from history_resolver import resolve_document
from history_resolver._cli import main
from history_resolver._serve import ENVIRONMENT, app_from_environment
from live_server import LiveServer
from support import ROOT

EXAMPLE: dict[str, Any] = json.loads((ROOT / "examples" / "breaking-bad.json").read_text())
TIMEOUT = httpx.Timeout(120.0)


def test_each_request_is_one_line_of_the_access_log() -> None:
    """Every request, whatever its status, is one line on stderr: client, method, path,
    status, duration and body bytes; the limit given with --max-body-bytes applies."""
    with LiveServer("--max-body-bytes", "100000") as server:
        with httpx.Client(base_url=server.url, timeout=TIMEOUT) as http:
            responses = [
                http.get("/healthz"),
                http.post("/v1/resolve", json=EXAMPLE),
                http.post("/v1/resolve", json={"history": 1}),
                http.post("/v1/resolve", content=b"{", headers={"content-type": "text/plain"}),
                http.post(
                    "/v1/resolve",
                    content=b" " * 100_001,
                    headers={"content-type": "application/json"},
                ),
                http.get("/nowhere"),
                http.delete("/v1/resolve"),
            ]
        assert 0 == server.stop()
    assert [200, 200, 422, 415, 413, 404, 405] == [r.status_code for r in responses]
    assert resolve_document(EXAMPLE) == responses[1].json()
    lines = server.access_lines()
    assert len(responses) == len(lines), server.lines
    for line, response in zip(lines, responses, strict=True):
        request = response.request
        fields = line.split()
        # INFO: 127.0.0.1:PORT METHOD PATH STATUS DURATION BYTES
        assert ["INFO:", request.method, request.url.path, str(response.status_code)] == [
            fields[0],
            *fields[2:5],
        ]
        assert fields[1].startswith("127.0.0.1:")
        assert fields[5].endswith("ms")
        assert f"{len(response.content)}B" == fields[6]
    assert not any("Traceback" in line for line in server.lines)


def _large_document() -> dict[str, Any]:
    """About 12 MB: far more than a socket holds, so once the client has written it all,
    the server has been reading it; it then takes the server a while to resolve."""
    document = copy.deepcopy(EXAMPLE)
    document["history"] = document["history"] * 12_500
    return document


def test_sigterm_finishes_the_request_in_flight_then_exits_0() -> None:
    """SIGTERM while a large request is being resolved: uvicorn stops listening, the
    response still arrives whole and correct, and the command exits with status 0."""
    document = _large_document()
    body = json.dumps(document).encode()
    written = threading.Event()
    answer: dict[str, httpx.Response] = {}

    def chunks() -> Iterator[bytes]:
        for start in range(0, len(body), 1 << 16):
            yield body[start : start + (1 << 16)]
        written.set()  # the last chunk is in the socket

    with LiveServer() as server:

        def call() -> None:
            with httpx.Client(base_url=server.url, timeout=TIMEOUT) as http:
                answer["resolve"] = http.post(
                    "/v1/resolve",
                    content=chunks(),
                    headers={
                        "content-type": "application/json",
                        "content-length": str(len(body)),
                    },
                )

        client = threading.Thread(target=call)
        client.start()
        assert written.wait(120)
        server.terminate()
        client.join(120)
        status = server.stop()
    assert 0 == status
    assert 200 == answer["resolve"].status_code
    assert resolve_document(document) == answer["resolve"].json()
    shutting_down = server.lines.index("INFO:     Shutting down")
    [logged] = server.access_lines()
    assert shutting_down < server.lines.index(logged), server.lines  # it was in flight


def test_several_worker_processes_serve_and_stop_on_sigterm() -> None:
    """--workers 2 starts two processes on one port; both stop on SIGTERM, status 0."""
    with LiveServer(workers=2) as server:
        with httpx.Client(base_url=server.url, timeout=TIMEOUT) as http:
            responses = [http.post("/v1/resolve", json=EXAMPLE) for _ in range(4)]
        assert 0 == server.stop()
    expected = resolve_document(EXAMPLE)
    assert all(expected == r.json() for r in responses)
    started = [line for line in server.lines if "Started server process" in line]
    assert 2 == len(started), server.lines


def test_a_port_already_taken_fails_with_a_message_not_a_traceback() -> None:
    """The command says the address is in use and exits 3 (uvicorn's status for a server
    that could not start)."""
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        run = subprocess.run(
            [sys.executable, "-m", "history_resolver", "serve", "--port", str(port)],
            capture_output=True,
            text=True,
            timeout=120,
            stdin=subprocess.DEVNULL,
        )
    assert 3 == run.returncode
    assert "address already in use" in run.stderr
    assert "Traceback" not in run.stderr


# --- the command line, in process -------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--port", "70000"], "argument --port: '70000' is not a port (0 to 65535)"),
        (["--port", "http"], "argument --port: 'http' is not a port (0 to 65535)"),
        (["--workers", "0"], "argument --workers: 0 is not at least 1"),
        (["--max-body-bytes", "1e6"], "argument --max-body-bytes: '1e6' is not a whole number"),
    ],
)
def test_bad_options_are_usage_errors(
    args: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """Each bad option is exit status 2 with one line saying what is wrong."""
    assert 2 == main(["serve", *args])
    assert capsys.readouterr().err.endswith(f"history-resolver: error: {message}\n")


def test_without_the_server_extra_the_command_says_what_to_install(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Without uvicorn (the server extra), serve says how to get it and exits 2."""
    monkeypatch.setitem(sys.modules, "uvicorn", None)
    assert 2 == main(["serve"])
    err = capsys.readouterr().err
    assert err.startswith(
        "history-resolver: error: serve needs the server extra "
        "(pip install 'history-resolver[server]'): "
    )
    assert 1 == err.count("\n")


def test_the_help_names_the_default_limit(capsys: pytest.CaptureFixture[str]) -> None:
    """--help states the default body limit the app really has."""
    from history_resolver.server import DEFAULT_MAX_BODY_BYTES

    assert 0 == main(["serve", "--help"])
    assert f"(default {DEFAULT_MAX_BODY_BYTES}, 64 MiB)" in " ".join(
        capsys.readouterr().out.split()
    )


@pytest.mark.anyio
@pytest.mark.parametrize("anyio_backend", ["asyncio"])
@pytest.mark.parametrize(("settings", "limit"), [({"max_body_bytes": 10}, 10), ({}, None)])
async def test_worker_processes_build_the_app_from_the_environment(
    settings: dict[str, Any],
    limit: int | None,
    monkeypatch: pytest.MonkeyPatch,
    anyio_backend: str,
) -> None:
    """The app a worker builds carries the settings the command was given."""
    monkeypatch.setenv(ENVIRONMENT, json.dumps(settings))
    transport = httpx.ASGITransport(app=app_from_environment())
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
        response = await http.post("/v1/resolve", json=EXAMPLE)
    if limit is None:
        assert 200 == response.status_code
    else:
        assert 413 == response.status_code
        assert f"the body is larger than {limit} bytes" == response.json()["detail"]
