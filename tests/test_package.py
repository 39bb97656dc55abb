"""The distribution: what the sdist and the wheel hold and what a package index shows.

The sdist and the wheel are built once for this module, as ``python -m build`` builds them
(without build isolation: the build backend and its plugin are in the ``dev`` extra).  CI also
builds them isolated, runs ``twine check --strict`` and installs the wheel alone into a clean
virtual environment (``.ci/run``).
"""

from __future__ import annotations

import email.parser
import re
import subprocess
import sys
import tarfile
import zipfile
from email.message import Message
from pathlib import Path

import pytest

import history_resolver
from support import ROOT

REPOSITORY = "https://github.com/discovr/history-resolver"
BLOB = f"{REPOSITORY}/blob/main/"
RAW = "https://raw.githubusercontent.com/discovr/history-resolver/main/"
PACKAGE = ROOT / "src" / "history_resolver"


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A directory holding the freshly built sdist and wheel."""
    out = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [sys.executable, "-m", "build", "--no-isolation", "--outdir", str(out), str(ROOT)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    return out


def _wheel(dist: Path) -> Path:
    (wheel,) = dist.glob("*.whl")
    return wheel


def _sdist(dist: Path) -> Path:
    (sdist,) = dist.glob("*.tar.gz")
    return sdist


def _metadata(dist: Path) -> Message:
    with zipfile.ZipFile(_wheel(dist)) as wheel:
        (name,) = [n for n in wheel.namelist() if n.endswith(".dist-info/METADATA")]
        text = wheel.read(name).decode("utf-8")
    return email.parser.Parser().parsestr(text)


_LINK = re.compile(r"\]\(([^)\s]+)\)")


def test_the_description_has_no_relative_links(dist: Path) -> None:
    """Every link and image in the description a package index shows is absolute (a
    relative link would point nowhere there), and each points at a file that exists in the
    repository."""
    description = _metadata(dist).get_payload()
    assert isinstance(description, str)
    targets = _LINK.findall(description)
    assert len(targets) >= 6
    for target in targets:
        assert target.startswith("https://"), target
        for prefix in (BLOB, RAW):
            if target.startswith(prefix):
                assert (ROOT / target.removeprefix(prefix)).is_file(), target
    assert not re.search(r"""(?:src|href)=["'](?!https://)""", description)


def test_the_description_is_the_readme(dist: Path) -> None:
    """With the absolute prefixes taken off again, the description is README.md exactly:
    only the links changed."""
    message = _metadata(dist)
    description = message.get_payload()
    assert isinstance(description, str)
    assert "text/markdown" == message["Description-Content-Type"]
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert readme == description.replace(BLOB, "").replace(RAW, "")
    assert description != readme


def test_metadata(dist: Path) -> None:
    """Version from ``__version__``, the MIT licence as a PEP 639 expression with its file,
    the classifiers and project URLs under one repository address."""
    message = _metadata(dist)
    assert history_resolver.__version__ == message["Version"]
    assert ("MIT", ["LICENSE"]) == (message["License-Expression"], message.get_all("License-File"))
    assert ">=3.10" == message["Requires-Python"]
    classifiers = set(message.get_all("Classifier") or [])
    assert {
        "Development Status :: 4 - Beta",
        "Operating System :: OS Independent",
        "Programming Language :: Python :: 3.10",
        "Programming Language :: Python :: 3.11",
        "Programming Language :: Python :: 3.12",
        "Programming Language :: Python :: 3.13",
        "Typing :: Typed",
    } <= classifiers
    assert any(c.startswith("Topic :: ") for c in classifiers)
    # PEP 639: no licence classifier beside the expression (an index refuses both)
    assert not any(c.startswith("License :: ") for c in classifiers)
    urls = dict(u.split(", ", 1) for u in message.get_all("Project-URL") or [])
    assert {"Homepage", "Documentation", "Changelog", "Issues", "Source"} == set(urls)
    assert all(url.startswith(REPOSITORY) for url in urls.values())
    assert f"{BLOB}CHANGELOG.md" == urls["Changelog"]


def test_the_wheel_holds_the_package_only(dist: Path) -> None:
    """The wheel holds ``history_resolver`` (every module, ``py.typed``, every package data
    file) and its metadata with the licence, nothing else (no tests, docs or examples)."""
    with zipfile.ZipFile(_wheel(dist)) as wheel:
        names = set(wheel.namelist())
    package = {n for n in names if not n.startswith("history_resolver-")}
    expected = {
        "history_resolver/" + p.relative_to(PACKAGE).as_posix()
        for p in PACKAGE.rglob("*")
        if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".pyc"
    }
    assert expected == package
    assert "history_resolver/py.typed" in package
    info = {n.split("/", 1)[1] for n in names - package}
    assert {"METADATA", "WHEEL", "RECORD", "entry_points.txt", "licenses/LICENSE"} == info


def test_the_sdist_holds_what_the_tests_and_docs_need(dist: Path) -> None:
    """The sdist holds the sources, tests, docs, examples, benchmarks, the fuzz harness and
    the conformance suite's generator and runner (the tests read all of them), the licence and
    the changelog; not CI scripts, virtual environments or build output."""
    with tarfile.open(_sdist(dist)) as sdist:
        names = {n.split("/", 1)[1] for n in sdist.getnames() if "/" in n}
    top = {n.split("/", 1)[0] for n in names}
    assert {"src", "tests", "docs", "examples", "benchmarks", "fuzz", "conformance"} <= top
    assert {"README.md", "CHANGELOG.md", "LICENSE", "pyproject.toml", "PKG-INFO"} <= names
    assert {".ci", ".venv", ".git", "dist"}.isdisjoint(top)
    assert not any(n.startswith("docs/_build") for n in names)
    for needed in (
        "src/history_resolver/py.typed",
        "tests/conftest.py",
        "docs/conf.py",
        "docs/figures/season-default.svg",
        "examples/breaking-bad.json",
        "fuzz/fuzz_document.py",
        "benchmarks/generate.py",
        "conformance/generate.py",
        "conformance/run.mjs",
        "src/history_resolver/conformance/vectors.jsonl",
    ):
        assert needed in names


def test_the_licence_is_mit() -> None:
    """LICENSE is the MIT licence, for the history_resolver authors."""
    text = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert text.startswith("MIT License\n\nCopyright (c) ")
    assert "the history_resolver authors" in text.splitlines()[2]
    assert "Permission is hereby granted, free of charge" in text


def test_the_changelog_keeps_a_changelog() -> None:
    """CHANGELOG.md: an Unreleased section first, then one per release, newest first, the
    newest being ``__version__``; every section has its link at the bottom."""
    text = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    sections = re.findall(r"^## \[([^\]]+)\]", text, re.M)
    assert "Unreleased" == sections[0]
    assert history_resolver.__version__ == sections[1]
    for section in sections:
        assert re.search(rf"^\[{re.escape(section)}\]: {REPOSITORY}/", text, re.M), section
    assert re.search(rf"^## \[{re.escape(sections[1])}\] - \d{{4}}-\d\d-\d\d$", text, re.M)
