"""Shared test configuration: hypothesis profiles, and the ``path_mode`` fixture.

``HYPOTHESIS_PROFILE=ci`` (set by ``.ci/run``) keeps no example database between runs and
prints the reproduction blob of any failure.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence

import pytest
from hypothesis import HealthCheck, Phase, settings

from history_resolver import _catalog, _history
from history_resolver._time import Instant

settings.register_profile(
    "ci",
    database=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile("dev")
# mutmut: a failing example kills the mutant, so no time goes into shrinking it (a shrink
# under a mutant that breaks many examples outlasts the timeout and counts as not killed)
settings.register_profile(
    "mutation",
    max_examples=25,
    database=None,
    derandomize=True,
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))


@pytest.fixture(params=["fast", "thorough"])
def path_mode(request: pytest.FixtureRequest) -> Iterator[str]:
    """Run a test on both roads of the input: with the fast paths, and with the fast paths
    declining every item and row, so that the thorough paths alone decide.

    A fast path returns exactly what the thorough path returns, or declines
    (docs/rules.md#the-input-document); a test that passes in one mode and fails in the other
    has found a fast path that is wrong.
    """
    mode: str = request.param
    if mode == "fast":
        yield mode
        return
    saved = (_history.entry_fast_path, _catalog.row_fast_path)
    _history.entry_fast_path = _decline_entries
    _catalog.row_fast_path = _decline_rows
    try:
        yield mode
    finally:
        _history.entry_fast_path, _catalog.row_fast_path = saved


def _decline_entries(
    now: Instant, read: Callable[[str], Instant], history: Sequence[object]
) -> _history.FastEntry:
    return lambda item, index: None


def _decline_rows(
    zone: str | None, read: Callable[[str], Instant], rows: Sequence[object]
) -> _catalog.FastRow:
    return lambda row: None
