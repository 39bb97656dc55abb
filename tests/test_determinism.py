"""Determinism: the same input gives byte-identical output, whatever the process.

The command is run as a subprocess with ``PYTHONHASHSEED`` set to 0, 1, 12345 and
``random`` (and twice with the environment as it is), so set and dict iteration orders that
depend on string hashing would show up as different bytes.  Inputs: the Breaking Bad
example (JSON and ``--format table``) and a generated ~2,000-entry profile whose history is
shuffled.  Shuffling the history may change ``decidedBy`` where sort keys fully tie, so a
shuffled file is compared with itself across processes, never with the unshuffled one.

A hypothesis property adds that the key order of every object and the order of the catalog
never change :func:`resolve_document`'s output.
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from history_resolver import resolve_document
from strategies import documents
from support import ROOT, load_generate

EXAMPLE = ROOT / "examples" / "breaking-bad.json"
HASH_SEEDS = ("0", "1", "12345", "random")
FORMATS = (("--format", "json"), ("--format", "table"))


def _run_all(path: Path, extra: tuple[str, ...]) -> dict[str, bytes]:
    """The command's stdout for ``path`` under each hash seed, plus two runs with the
    environment as it is; the processes run side by side."""
    runs: dict[str, subprocess.Popen[bytes]] = {}
    labels = [*(f"PYTHONHASHSEED={seed}" for seed in HASH_SEEDS), "inherited-1", "inherited-2"]
    for label in labels:
        env = dict(os.environ)
        if label.startswith("PYTHONHASHSEED="):
            env["PYTHONHASHSEED"] = label.partition("=")[2]
        runs[label] = subprocess.Popen(
            [sys.executable, "-m", "history_resolver", "resolve", str(path), *extra],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=env,
        )
    outputs: dict[str, bytes] = {}
    for label, process in runs.items():
        out, err = process.communicate(timeout=120)
        assert 0 == process.returncode, (label, err.decode(errors="replace"))
        assert b"" == err, label
        outputs[label] = out
    return outputs


def _assert_identical(outputs: dict[str, bytes]) -> bytes:
    first_label, first = next(iter(outputs.items()))
    assert first, "empty output"
    for label, output in outputs.items():
        assert first == output, f"{label} differs from {first_label}"
    return first


def _generated_profile(entries: int, seed: int) -> dict[str, Any]:
    document: dict[str, Any] = load_generate().profile(entries)
    random.Random(seed).shuffle(document["history"])
    return document


@pytest.fixture(scope="module")
def shuffled_profile(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A ~2,000-entry generated profile with its history shuffled, as a file."""
    path = tmp_path_factory.mktemp("determinism") / "profile-2000-shuffled.json"
    path.write_text(json.dumps(_generated_profile(2000, seed=20240611)), encoding="utf-8")
    return path


@pytest.mark.parametrize("extra", FORMATS, ids=["json", "table"])
def test_breaking_bad_output_is_byte_identical_across_runs_and_hash_seeds(
    extra: tuple[str, ...],
) -> None:
    """The Breaking Bad example: the same bytes from every run, under every hash seed."""
    output = _assert_identical(_run_all(EXAMPLE, extra))
    if extra[-1] == "json":  # and the same as the library in this process
        document = json.loads(EXAMPLE.read_text(encoding="utf-8"))
        assert (json.dumps(resolve_document(document)) + "\n").encode() == output


@pytest.mark.parametrize("extra", FORMATS, ids=["json", "table"])
def test_shuffled_profile_output_is_byte_identical_across_runs_and_hash_seeds(
    shuffled_profile: Path, extra: tuple[str, ...]
) -> None:
    """A generated 2,000-entry profile with shuffled history: the same bytes from every run
    of that one file, under every hash seed."""
    output = _assert_identical(_run_all(shuffled_profile, extra))
    if extra[-1] == "json":
        parsed = json.loads(output)
        assert len(parsed["episodes"]) > 1000
        document = json.loads(shuffled_profile.read_text(encoding="utf-8"))
        assert (json.dumps(resolve_document(document)) + "\n").encode() == output


def _permute_keys(value: Any, rng: random.Random) -> Any:
    """``value`` with the keys of every object inserted in a random order."""
    if isinstance(value, dict):
        keys = list(value)
        rng.shuffle(keys)
        return {key: _permute_keys(value[key], rng) for key in keys}
    if isinstance(value, list):
        return [_permute_keys(item, rng) for item in value]
    return value


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents(), st.randoms(use_true_random=False))
def test_output_ignores_key_order_and_catalog_order(
    document: dict[str, Any], rng: random.Random
) -> None:
    """Permuting the key order of every object (the document, its options, each entry and
    catalog row) and shuffling the catalog never change the output; the call changes
    nothing in its input, and a second call gives the same output."""
    before = json.dumps(document)
    expected = resolve_document(document)
    assert before == json.dumps(document), "resolve_document changed its input"
    assert expected == resolve_document(document)

    permuted = _permute_keys(document, rng)
    assert json.dumps(expected) == json.dumps(resolve_document(permuted))

    shuffled = dict(document)
    catalog = list(document.get("episodes", []))
    rng.shuffle(catalog)
    if "episodes" in document:
        shuffled["episodes"] = catalog
    assert json.dumps(expected) == json.dumps(resolve_document(shuffled))
