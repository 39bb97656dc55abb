"""A short run of the fuzz harness (``fuzz/fuzz_document.py``), so CI fuzzes a little too.

The hypothesis engine of the harness runs for about five seconds: random bytes, mutated
seed documents and structured hostile documents, each through the library and through the
command in process.  The first failure stops the run and hypothesis shrinks it.
"""

from __future__ import annotations

import importlib.util
import sys
from types import ModuleType

from history_resolver import _files
from support import ROOT

HARNESS = ROOT / "fuzz" / "fuzz_document.py"
SECONDS = 5.0


def _harness() -> ModuleType:
    """The harness, loaded once (it is a script, not a package module)."""
    if "fuzz_document" in sys.modules:
        return sys.modules["fuzz_document"]
    spec = importlib.util.spec_from_file_location("fuzz_document", HARNESS)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["fuzz_document"] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def test_the_harness_reads_bytes_with_the_commands_own_reading() -> None:
    """The harness reads its bytes as ``resolve FILE`` does, with the command's own JSON
    reading (``history_resolver._files.document_from_bytes``), not a copy of it: so a bug
    in the command's reading is the harness's to find (docs/rules.md#limits, files)."""
    harness = _harness()
    assert _files.document_from_bytes is harness.document_from_bytes
    data = b'\xef\xbb\xbf{"history": []}'  # a byte order mark, ignored
    assert ("result", {"history": []}) == harness.parse_like_cli(data)
    assert ("not-one-value", None) == harness.parse_like_cli(b"{} {}")


def test_seed_corpus_survives() -> None:
    """Every seed in ``fuzz/corpus`` ends in an allowed outcome, library and command (the
    list-endpoint page and the TMDB seasons are files of another kind: exit 2)."""
    harness = _harness()
    seeds = harness.seeds()
    assert len(seeds) >= 10
    outcomes = {harness.check_both(seed) for seed in seeds}
    assert {"result", "invalid", "wrong-kind"} <= outcomes


def test_fuzz_for_five_seconds() -> None:
    """About five seconds of the hypothesis engine: no input ends in a failure."""
    harness = _harness()
    stats = harness.run_hypothesis(SECONDS, artifacts=None, stop=True, with_cli=True)
    assert {} == stats.failures
    assert stats.executions >= 50
    assert stats.outcomes.get("result", 0) > 0
