"""Sphinx configuration of the history_resolver documentation site.

Markdown pages through MyST, the furo theme, and an API reference generated from the
docstrings of the public names (``history_resolver.__all__``).  CI builds it with warnings as
errors::

    sphinx-build -W --keep-going -b html docs docs/_build/html

Three pages include files from outside ``docs/`` (the README, the changelog and the
benchmarks' README).  Their links are written for the repository; :func:`site_link` makes
each work on the site: a page the site publishes becomes a link to that page, an image is
taken from where it is, and any other file becomes a link to it in the repository.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

import history_resolver

project = "history_resolver"
author = "the history_resolver authors"
copyright = "2026, the history_resolver authors"
version = release = history_resolver.__version__

extensions = ["myst_parser", "sphinx.ext.autodoc"]
source_suffix = {".md": "markdown"}
root_doc = "index"
exclude_patterns = ["_build"]

# GitHub-style anchors down to #### headings, so "rules.md#incomplete-pages" resolves.
myst_heading_anchors = 4

html_theme = "furo"
html_title = f"history_resolver {release}"

autodoc_member_order = "bysource"

DOCS = Path(__file__).resolve().parent
ROOT = DOCS.parent
REPOSITORY = "https://github.com/discovr/history-resolver/blob/main/"
# Files outside docs/ that the site publishes as pages of its own.
SITE_PAGES = {
    "README.md": "index.md",
    "CHANGELOG.md": "changelog.md",
    "benchmarks/README.md": "benchmarks.md",
}
IMAGES = (".png", ".svg", ".jpg", ".gif")
_LINK = re.compile(r"(\]\()(?!https?://|#)([^)#\s]+)(#[^)\s]*)?\)")


def site_link(target: str) -> str:
    """Where a link to ``target`` (a path from the repository's root) goes on the site,
    from a page of ``docs/``."""
    if target.startswith("docs/") and target.endswith(".md"):
        return target.removeprefix("docs/")
    if target in SITE_PAGES:
        return SITE_PAGES[target]
    if target.endswith(IMAGES):
        return os.path.relpath(target, "docs")
    return REPOSITORY + target


def _links(text: str, base: str) -> str:
    """``text`` (from the directory ``base`` of the repository) with its links made to
    work on the site."""

    def link(match: re.Match[str]) -> str:
        target = os.path.normpath(os.path.join(base, match.group(2)))
        return f"{match.group(1)}{site_link(target)}{match.group(3) or ''})"

    return _LINK.sub(link, text)


def _include_read(app: Any, relative_path: Path, parent_docname: str, content: list[str]) -> None:
    """A file included from outside docs/: its links, made to work on the site."""
    path = (Path(app.srcdir) / relative_path).resolve().relative_to(ROOT)
    if path.parts[0] != "docs":
        content[0] = _links(content[0], path.parent.as_posix())


def _source_read(app: Any, docname: str, content: list[str]) -> None:
    """A page of docs/ linking to a file outside it (``../fuzz/README.md``)."""
    content[0] = re.sub(
        r"(\]\()\.\./([^)#\s]+)((?:#[^)\s]*)?\))",
        lambda m: f"{m.group(1)}{site_link(m.group(2))}{m.group(3)}",
        content[0],
    )


def setup(app: Any) -> None:
    app.connect("include-read", _include_read)
    app.connect("source-read", _source_read)
