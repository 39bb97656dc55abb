"""The docs' figures are drawn from the library's own results, and the committed files are
current.

``docs/figures/make_timeline.py`` resolves ``examples/season-default.json`` with
:func:`history_resolver.resolve_document` and draws what the result says
(docs/rules.md#season-defaults); the committed ``season-default.svg`` must be exactly what it
draws today, so a change of rule, example or drawing cannot leave a stale picture behind.
"""

from __future__ import annotations

import copy
import importlib.util
import json
import sys
from types import ModuleType
from typing import Any

from support import ROOT

SCRIPT = ROOT / "docs" / "figures" / "make_timeline.py"
EXAMPLE = ROOT / "examples" / "season-default.json"


def _script() -> ModuleType:
    if "make_timeline" in sys.modules:
        return sys.modules["make_timeline"]
    spec = importlib.util.spec_from_file_location("make_timeline", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["make_timeline"] = module
    spec.loader.exec_module(module)
    return module


def _document() -> dict[str, Any]:
    document: dict[str, Any] = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    return document


def test_the_committed_timeline_is_current() -> None:
    """``season-default.svg`` is byte for byte what the script draws now (``--check``)."""
    script = _script()
    expected = script.render(_document(), "examples/season-default.json")
    assert expected == (ROOT / "docs" / "figures" / "season-default.svg").read_text("utf-8")
    assert 0 == script.main(["--check"])


def test_the_timeline_says_what_the_library_decided() -> None:
    """The example's default (written the night E5 aired) covers E1-E5, the explicit entry
    at 0% unmarks E3, and E6-E13, aired later, are not covered: the legend says so."""
    svg = _script().render(_document(), "x")
    assert ">completed by the season default: E1, E2, E4, E5</text>" in svg
    assert ">decided by an explicit entry (unmarked): E3</text>" in svg
    assert ">aired after the default, not covered: E6-E13</text>" in svg


def test_the_timeline_follows_the_document() -> None:
    """Written one second before E5 aired, the default no longer covers E5 and the figure
    shows it: the drawing comes from the result, not from the example's expected story."""
    document = copy.deepcopy(_document())
    document["history"][0]["updatedAt"] = "2009-04-04T23:59:59.000Z"
    svg = _script().render(document, "x")
    assert ">completed by the season default: E1, E2, E4</text>" in svg
    assert ">aired after the default, not covered: E5-E13</text>" in svg


def test_names_of_episodes() -> None:
    """Runs of three or more are shown as a range; anything else is listed."""
    names = _script()._names
    assert ("none", "E1, E2", "E1-E3", "E1, E3, E4") == (
        names([]),
        names([1, 2]),
        names([1, 2, 3]),
        names([1, 3, 4]),
    )
