"""The shared strategies (``tests/strategies.py``) reach what the rule tests need.

A property test proves nothing about a rule its examples never exercise.  The season-default
rule (docs/rules.md#season-defaults) needs a default written strictly after a catalogued
episode aired, with no explicit entry for that episode, kept by ``asOf``: a rare coincidence
unless the strategy arranges it.  These tests count, over a fixed (derandomized) draw, how
often the shared document strategy reaches such a decision.
"""

from __future__ import annotations

import sys
from typing import Any

from hypothesis import HealthCheck, Phase, given, settings

from history_resolver import resolve_document
from strategies import documents

DRAW = 300


def season_default_fraction(examples: int = DRAW) -> tuple[int, int]:
    """``(documents whose output has an episode with basis "seasonDefault", documents)``
    over a fixed draw of ``examples`` documents from :func:`strategies.documents`.

    The draw is derandomized: the same examples on every run, so the fraction is a number,
    not a sample.
    """
    reached: list[bool] = []

    @settings(
        max_examples=examples,
        derandomize=True,
        database=None,
        phases=[Phase.generate],
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(document=documents())
    def draw(document: dict[str, Any]) -> None:
        output = resolve_document(document)
        reached.append(any(e["basis"] == "seasonDefault" for e in output["episodes"]))

    draw()
    return sum(reached), len(reached)


def test_documents_reach_a_season_default_decision_in_at_least_half_of_the_examples() -> None:
    """docs/rules.md#season-defaults: at least half of the documents the shared strategy
    draws have an episode decided by a season default (``basis`` ``"seasonDefault"``), so
    every property test over ``documents()`` exercises that rule most of the time.  (Before
    the strategy arranged a covering default, 119 of 1,000 did.)"""
    reached, drawn = season_default_fraction()
    assert DRAW == drawn
    assert reached / drawn >= 0.5, f"{reached} of {drawn} documents reach a seasonDefault"


if (
    __name__ == "__main__"
):  # the measure docs/testing.md quotes: python tests/test_strategies.py 1000
    reached, drawn = season_default_fraction(int(sys.argv[1]) if len(sys.argv) > 1 else DRAW)
    print(f"{reached} of {drawn} documents ({reached / drawn:.1%}) reach a seasonDefault decision")
