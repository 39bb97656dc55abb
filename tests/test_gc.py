"""The collector pause used by the adapters leaves the collector as it found it."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

from history_resolver import resolve_document
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
