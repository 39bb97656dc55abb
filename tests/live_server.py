"""A real ``history-resolver serve`` in a subprocess, on a free port of 127.0.0.1, for tests.

The command is started as a user starts it (``python -m history_resolver serve --port 0``);
the port is read from uvicorn's "running on" line, and the server is used once every
worker process has said it is ready.  Every line the server writes on stderr
is kept.  :meth:`LiveServer.stop` sends SIGTERM and returns the exit status; every wait is
bounded.
"""

from __future__ import annotations

import contextlib
import os
import queue
import re
import signal
import subprocess
import sys
import threading
from types import TracebackType

RUNNING = re.compile(r"Uvicorn running on http://127\.0\.0\.1:([0-9]+)")
START_TIMEOUT = 60.0
STOP_TIMEOUT = 120.0


class LiveServer:
    """``history-resolver serve --port 0 *args`` until :meth:`stop`."""

    def __init__(self, *args: str, workers: int = 1) -> None:
        if workers != 1:
            args = ("--workers", str(workers), *args)
        self.process = subprocess.Popen(
            [sys.executable, "-m", "history_resolver", "serve", "--port", "0", *args],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
            env={**os.environ, "NO_COLOR": "1"},
            start_new_session=True,  # its own process group: see __exit__
        )
        self.lines: list[str] = []
        self._incoming: queue.Queue[str | None] = queue.Queue()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()
        self.port = self._wait_until_running(workers)
        self.url = f"http://127.0.0.1:{self.port}"

    def _read(self) -> None:
        assert self.process.stderr is not None
        for line in self.process.stderr:
            self.lines.append(line.rstrip("\n"))
            self._incoming.put(line)
        self._incoming.put(None)

    def _wait_until_running(self, workers: int) -> int:
        """The port, once every worker process is ready (with several workers, uvicorn names
        the port before the processes that listen on it have started)."""
        port, ready = 0, 0
        while not (port and ready == workers):
            try:
                line = self._incoming.get(timeout=START_TIMEOUT)
            except queue.Empty:
                self._kill()
                raise RuntimeError("the server did not start: " + "\n".join(self.lines)) from None
            if line is None:
                raise RuntimeError("the server exited: " + "\n".join(self.lines))
            found = RUNNING.search(line)
            if found:
                port = int(found.group(1))
            ready += "Application startup complete." in line
        return port

    def terminate(self) -> None:
        """Send SIGTERM (a graceful shutdown), without waiting."""
        self.process.send_signal(signal.SIGTERM)

    def stop(self) -> int:
        """SIGTERM, then the exit status once the process has ended and said everything."""
        if self.process.poll() is None:
            self.terminate()
        try:
            status = self.process.wait(timeout=STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            self._kill()
            raise
        self._reader.join(timeout=STOP_TIMEOUT)
        return status

    def access_lines(self) -> list[str]:
        """The access log: one line per request (method, path, status, duration, bytes)."""
        return [line for line in self.lines if re.search(r" (GET|POST|PUT|DELETE|HEAD) /", line)]

    def __enter__(self) -> LiveServer:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self._kill()

    def _kill(self) -> None:
        """Kill the server's whole process group (its worker processes too), if it is still
        there: a test that fails midway leaves nothing running."""
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=STOP_TIMEOUT)
