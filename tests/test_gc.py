"""The collector pause used by the adapters leaves the collector as it found it, counts
concurrent resolves across threads, and can be turned off (``pause_gc=False``)."""

from __future__ import annotations

import gc
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from history_resolver import (
    HistoryEntry,
    Options,
    Resolver,
    Timestamp,
    resolve,
    resolve_document,
)
from history_resolver._gc import collector_paused


@pytest.fixture(autouse=True)
def restore_collector() -> Iterator[None]:
    """Whatever a test does, the collector is enabled again afterwards."""
    yield
    gc.enable()


def test_paused_inside_and_enabled_after() -> None:
    """The body runs with the collector off; it is back on when the body ends."""
    with collector_paused():
        assert not gc.isenabled()
    assert gc.isenabled()


def test_nested_pauses_enable_only_at_the_outermost() -> None:
    """An inner pause ending does not switch the collector back on under the outer one."""
    with collector_paused():
        with collector_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()


def test_a_caller_who_disabled_the_collector_keeps_it_disabled() -> None:
    """Resolving never enables a collector its caller had disabled."""
    gc.disable()
    resolve_document({"history": [], "options": {"now": "2024-01-01T00:00:00Z"}})
    assert not gc.isenabled()


def test_enabled_again_after_an_error() -> None:
    """An invalid document raises, and the collector is enabled again all the same."""
    with pytest.raises(ValueError):
        resolve_document({"history": 5})
    assert gc.isenabled()


# --- threads: the pause is process-wide, counted, and can be turned off -----------------------

NOW_NS = 1_704_067_200 * 10**9  # 2024-01-01T00:00:00Z
WAIT = 30.0  # seconds: a bound on waiting for another thread, never reached when all is well


class Gate:
    """Holds a thread inside a resolve until the test opens it, and says when it is inside."""

    def __init__(self) -> None:
        self.inside = threading.Event()
        self.open = threading.Event()
        self.thread: threading.Thread | None = None
        self.failure: BaseException | None = None

    def run(self, call: Callable[[], object]) -> None:
        """The thread's body: the resolve, any failure kept for the test to see."""
        try:
            call()
        except BaseException as error:  # only when the test is failing
            self.failure = error

    def hold(self) -> None:
        """Called from inside the resolve: signal arrival, then wait to be let go."""
        self.inside.set()
        assert self.open.wait(WAIT)


def document_call(gate: Gate) -> Callable[[], object]:
    """``resolve_document`` held by ``gate``: the document names no ``now``, so the clock is
    read inside the pause, and the clock waits at the gate."""

    def clock() -> int:
        gate.hold()
        return NOW_NS

    return lambda: resolve_document({"history": []}, clock=clock)


def typed_call(gate: Gate) -> Callable[[], object]:
    """``resolve`` held by ``gate``: the history is a generator read inside the pause."""

    def history() -> Iterator[HistoryEntry]:
        gate.hold()
        yield HistoryEntry.watched_movie("MV_550", Timestamp(NOW_NS))

    return lambda: resolve(history(), now=Timestamp(NOW_NS))


def resolver_call(gate: Gate) -> Callable[[], object]:
    """``Resolver(history=...)`` held by ``gate``, as above."""

    def history() -> Iterator[HistoryEntry]:
        gate.hold()
        yield HistoryEntry.watched_movie("MV_550", Timestamp(NOW_NS))

    return lambda: Resolver(options=Options(now=Timestamp(NOW_NS)), history=history())


CALLS = [
    pytest.param(document_call, id="resolve_document"),
    pytest.param(typed_call, id="resolve"),
    pytest.param(resolver_call, id="Resolver"),
]


def start_held(make: Callable[[Gate], Callable[[], object]], count: int) -> list[Gate]:
    """Start ``count`` threads resolving, and return once every one is inside its pause."""
    gates = [Gate() for _ in range(count)]
    for gate in gates:
        gate.thread = threading.Thread(target=gate.run, args=(make(gate),), daemon=True)
        gate.thread.start()
    for gate in gates:
        assert gate.inside.wait(WAIT)
    return gates


def finish(gate: Gate) -> None:
    """Let one held thread finish its resolve, and wait until it has."""
    gate.open.set()
    assert gate.thread is not None
    gate.thread.join(WAIT)
    assert not gate.thread.is_alive()
    assert gate.failure is None


@pytest.mark.parametrize("make", CALLS)
def test_concurrent_resolves_enable_the_collector_when_the_last_one_ends(
    make: Callable[[Gate], Callable[[], object]],
) -> None:
    """Three threads resolve at once: the collector stays off while any of them runs, in
    whatever order they end, and is on again exactly when the last one ends."""
    gates = start_held(make, 3)
    assert not gc.isenabled()
    for gate in (gates[1], gates[0]):  # not in the order they started
        finish(gate)
        assert not gc.isenabled()
    finish(gates[2])
    assert gc.isenabled()


@pytest.mark.parametrize("make", CALLS)
def test_concurrent_resolves_leave_a_disabled_collector_disabled(
    make: Callable[[Gate], Callable[[], object]],
) -> None:
    """A caller who disabled the collector finds it disabled after concurrent resolves."""
    gc.disable()
    gates = start_held(make, 2)
    for gate in gates:
        finish(gate)
    assert not gc.isenabled()


class Spy:
    """Stands in for the ``gc`` functions the pause uses, recording each call."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.calls: list[str] = []
        for name in ("disable", "enable", "isenabled"):
            monkeypatch.setattr(gc, name, self.recorder(name))

    def recorder(self, name: str) -> Callable[[], bool]:
        def record() -> bool:
            self.calls.append(name)
            return True

        return record


def every_adapter(pause_gc: bool) -> None:
    """Resolve once through each adapter that pauses the collector."""
    now = Timestamp(NOW_NS)
    entry = HistoryEntry.watched_movie("MV_550", now)
    resolve_document({"history": [], "options": {"now": str(now)}}, pause_gc=pause_gc)
    resolve([entry], now=now, pause_gc=pause_gc)
    resolver = Resolver(options=Options(now=now), history=[entry], pause_gc=pause_gc)
    resolver.extend([entry])
    resolver.add(entry)
    resolver.resolution()


def test_turned_off_the_collector_is_never_touched(monkeypatch: pytest.MonkeyPatch) -> None:
    """``pause_gc=False`` on every adapter: not one call to disable, enable or isenabled."""
    spy = Spy(monkeypatch)
    every_adapter(pause_gc=False)
    assert [] == spy.calls


def test_by_default_every_adapter_pauses_the_collector(monkeypatch: pytest.MonkeyPatch) -> None:
    """By default each of the four pausing calls asks, disables and enables the collector
    once (``Resolver.add`` alone never touches it)."""
    spy = Spy(monkeypatch)
    every_adapter(pause_gc=True)
    assert ["isenabled", "disable", "enable"] * 5 == spy.calls


# --- the service and the batch: the pause on by default, one switch to turn it off ------------


def two_held_resolves(spy: Spy, pause_gc: bool | None) -> list[list[str]]:
    """Two ``POST /v1/resolve`` to one app (built with ``pause_gc`` unless ``None``), the
    first held inside its resolve (its clock waits) until the second is waiting for its
    turn: the collector calls seen then, and after both are answered."""
    import anyio
    import httpx

    from history_resolver.server import _limiter, create_app

    inside, release = threading.Event(), threading.Event()

    def clock() -> int:
        inside.set()
        assert release.wait(WAIT)
        return NOW_NS

    app = (
        create_app(clock=clock) if pause_gc is None else create_app(clock=clock, pause_gc=pause_gc)
    )
    seen: list[list[str]] = []

    async def run() -> None:
        transport = httpx.ASGITransport(app=app)
        async with (
            httpx.AsyncClient(transport=transport, base_url="http://test") as http,
            anyio.create_task_group() as tasks,
        ):

            async def post() -> None:
                assert 200 == (await http.post("/v1/resolve", json={"history": []})).status_code

            tasks.start_soon(post)
            assert await anyio.to_thread.run_sync(inside.wait, WAIT)
            tasks.start_soon(post)
            while not _limiter().statistics().tasks_waiting:
                await anyio.sleep(0)
            seen.append(list(spy.calls))
            release.set()
        seen.append(list(spy.calls))

    anyio.run(run)
    return seen


def test_the_service_pauses_once_per_resolve_never_overlapping(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The service keeps the pause (docs/server.md#under-load), and its pauses
    never overlap: while one resolve is held inside its pause, the next request waits for
    its turn outside it; each resolve then pauses and ends its own pause, so the collector
    is enabled again between two resolves."""
    spy = Spy(monkeypatch)
    assert [
        ["isenabled", "disable"],
        ["isenabled", "disable", "enable"] * 2,
    ] == two_held_resolves(spy, None)


def test_the_service_built_with_pause_gc_off_never_touches_the_collector(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """``create_app(pause_gc=False)``: the collector is left alone."""
    spy = Spy(monkeypatch)
    assert [[], []] == two_held_resolves(spy, False)


@pytest.mark.parametrize(
    ("pause_gc", "calls"), [(True, ["isenabled", "disable", "enable"]), (False, [])]
)
def test_a_batch_partition_pauses_as_told(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, pause_gc: bool, calls: list[str]
) -> None:
    """A batch task pauses its worker's collector while it resolves its partition, unless
    ``resolve_batch(pause_gc=False)`` says not to (the flag reaches the task)."""
    import pandas as pd

    from history_resolver.batch import TABLES, resolve_partition

    for table in TABLES:
        (tmp_path / table).mkdir()
    frame = pd.DataFrame(
        {
            "profileId": pd.Series(["p"], dtype="string"),
            "file": pd.Series([0], dtype="int64"),
            "line": pd.Series([0], dtype="int64"),
            "item": pd.Series(['{"profileId": "p"}'], dtype="string"),
        }
    )
    spy = Spy(monkeypatch)
    report = resolve_partition(frame, [], {}, NOW_NS, str(tmp_path), pause_gc)
    assert 1 == report["profiles"][0]
    assert calls == spy.calls
