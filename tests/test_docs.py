"""The rules document's anchors, and every citation of them, stay honest.

``docs/rules.md`` is the project's normative rules document; code, tests and docs cite its
rules as ``docs/rules.md#<anchor>``, where an anchor is the GitHub-style slug of a heading.
These tests pin the anchors other files rely on, and check that every citation found in the
repository names a heading that exists, so a renamed heading cannot leave a dangling
citation behind.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
RULES = ROOT / "docs" / "rules.md"

# Every anchor cited (or about to be cited) by code, tests and the conformance suite.
REQUIRED_ANCHORS = (
    # input
    "the-input-document",
    "json-text",
    "media-ids",
    "updatedat",
    "progress",
    "season-and-episode",
    "imported",
    "catalog-rows",
    "catalog-conflicts",
    "options",
    "completion-threshold",
    "now-and-asof",
    "air-date-zone",
    "oninvalid",
    "near-misses",
    "keys-discovr-and-tmdb-send",
    "incomplete-pages",
    "history-shapes",
    # time
    "instants",
    "date-only-air-dates",
    "strictly-before",
    "aired",
    # resolution
    "the-latest-entry",
    "explicit-entries",
    "season-defaults",
    "nothing-decides",
    "completion-and-plays",
    "movies",
    "reported-episodes",
    "uncovered-season-defaults",
    # output
    "the-output-document",
    "timestamps-out",
    "sort-order",
    "diagnostics",
    "errors",
    # summaries
    "season-summaries",
    "show-summaries",
    "last-episode",
    "next-episode",
    "continue-watching",
    # decisions of our own
    "limits",
)

# Where citations may live; a place that does not exist (yet) is simply not searched.
CITING_PLACES = ("src", "tests", "docs", "fuzz", "benchmarks", "README.md")
TEXT_SUFFIXES = frozenset(
    {".py", ".pyi", ".md", ".rst", ".txt", ".toml", ".cfg", ".ini", ".sh", ".js", ".mjs"}
    | {".cjs", ".ts", ".html", ".yml", ".yaml", ".json"}
)

_HEADING = re.compile(r"(#{1,6})[ \t]+(.*?)[ \t]*#*[ \t]*$")
_FENCE = re.compile(r"[ ]{0,3}(`{3,}|~{3,})")
_CITATION = re.compile(r"rules\.md#([A-Za-z0-9_-]+)")
# Written in two parts in this file, so that its own examples are not taken for citations.
CITE = "rules.md" + "#"
_LOCAL_LINK = re.compile(r"\]\(#([^)\s]+)\)")


def github_slug(heading: str) -> str:
    """The anchor GitHub gives a heading (before "-1" suffixes for repeats): inline code
    and link markup dropped, lower case, punctuation removed, spaces turned into "-"."""
    text = re.sub(r"`([^`]*)`", r"\1", heading)
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"[^\w\- ]", "", text.strip().lower())
    return text.replace(" ", "-")


def headings(markdown: str) -> list[str]:
    """The ATX headings of a Markdown text, in order, leaving out fenced code blocks."""
    found: list[str] = []
    fence: str | None = None
    for line in markdown.splitlines():
        opening = _FENCE.match(line)
        if fence is not None:
            if (
                opening is not None
                and opening.group(1)[0] == fence[0]
                and len(opening.group(1)) >= len(fence)
            ):
                fence = None
            continue
        if opening is not None:
            fence = opening.group(1)
            continue
        match = _HEADING.fullmatch(line)
        if match is not None:
            found.append(match.group(2))
    return found


def anchors(markdown: str) -> list[str]:
    """Every anchor GitHub generates for the headings, repeats suffixed "-1", "-2", ..."""
    seen: Counter[str] = Counter()
    result: list[str] = []
    for heading in headings(markdown):
        slug = github_slug(heading)
        result.append(slug if not seen[slug] else f"{slug}-{seen[slug]}")
        seen[slug] += 1
    return result


def citing_files(root: Path) -> Iterator[Path]:
    """The text files under ``root`` where citations of the rules may appear."""
    for place in CITING_PLACES:
        path = root / place
        if path.is_file():
            yield path
        elif path.is_dir():
            for candidate in sorted(path.rglob("*")):
                if candidate.is_file() and candidate.suffix in TEXT_SUFFIXES:
                    yield candidate


def dangling_citations(root: Path, known: set[str]) -> list[str]:
    """``file:line: rules.md#<anchor>`` for each citation under ``root`` whose anchor is
    not in ``known``."""
    found: list[str] = []
    for path in citing_files(root):
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue
        for number, line in enumerate(text.splitlines(), start=1):
            for anchor in _CITATION.findall(line):
                if anchor not in known:
                    found.append(f"{path.relative_to(root)}:{number}: {CITE}{anchor}")
    return found


def _rules_text() -> str:
    return RULES.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("heading", "slug"),
    [
        ("Season defaults", "season-defaults"),
        ("updatedAt", "updatedat"),
        ("onInvalid", "oninvalid"),
        ("now and asOf", "now-and-asof"),
        ("Date-only air dates", "date-only-air-dates"),  # a hyphen is kept
        ("Keys Discovr and TMDB send", "keys-discovr-and-tmdb-send"),
        ("`imported` by code point", "imported-by-code-point"),  # code markup dropped
        ("See [Limits](#limits) first", "see-limits-first"),  # link markup dropped
        ("The rules of history_resolver", "the-rules-of-history_resolver"),  # "_" is kept
        ("Why: 2**53 \u2212 1?", "why-253--1"),  # punctuation goes, each space stays a hyphen
    ],
)
def test_github_slug(heading: str, slug: str) -> None:
    """A heading's anchor is GitHub's slug of it."""
    assert slug == github_slug(heading)


def test_headings_leave_out_fenced_code_and_suffix_repeats() -> None:
    """Lines in fenced code are not headings (the table legend starts with "# "), a fence
    closes only on its own kind of marker, and a repeated heading gets "-1"."""
    text = "\n".join(
        [
            "# Title",
            "```",
            "# completed   > in progress",
            "~~~",
            "## Not a heading either",
            "```",
            "## Aired ##",
            "### Aired",
            "####no space, not a heading",
        ]
    )
    assert ["title", "aired", "aired-1"] == anchors(text)


def test_every_required_anchor_exists_exactly_once() -> None:
    """Each anchor that code, tests and the conformance suite cite is a heading's anchor,
    produced by one heading only (a second one would shift it to a "-1" suffix)."""
    slugs = Counter(github_slug(heading) for heading in headings(_rules_text()))
    missing = [anchor for anchor in REQUIRED_ANCHORS if slugs[anchor] != 1]
    assert [] == missing


def test_no_two_headings_share_an_anchor() -> None:
    """No heading repeats another's anchor, so no anchor depends on heading order."""
    slugs = Counter(github_slug(heading) for heading in headings(_rules_text()))
    assert [] == [slug for slug, count in slugs.items() if count > 1]


def test_headings_are_unnumbered() -> None:
    """Headings carry no section numbers: renumbering would change the anchors."""
    numbered = [h for h in headings(_rules_text()) if re.match(r"[0-9]+[.)]?(\s|$)", h)]
    assert [] == numbered


def test_the_index_links_every_required_anchor() -> None:
    """The index of rules (or the text) links every anchor others cite."""
    linked = set(_LOCAL_LINK.findall(_rules_text()))
    assert [] == [anchor for anchor in REQUIRED_ANCHORS if anchor not in linked]


def test_links_inside_the_rules_point_to_headings() -> None:
    """Every ``(#<anchor>)`` link inside the rules document names one of its headings."""
    text = _rules_text()
    known = set(anchors(text))
    assert [] == [anchor for anchor in _LOCAL_LINK.findall(text) if anchor not in known]


def test_every_citation_in_the_repository_points_to_a_heading() -> None:
    """Every ``rules.md#<anchor>`` in src, tests, docs, fuzz, benchmarks and the README names
    an existing heading of docs/rules.md."""
    assert [] == dangling_citations(ROOT, set(anchors(_rules_text())))


def test_a_dangling_citation_is_found(tmp_path: Path) -> None:
    """The citation check reports a citation of a missing anchor, with file and line, in
    every kind of place it searches, and tolerates places that do not exist."""
    (tmp_path / "src" / "pkg").mkdir(parents=True)
    (tmp_path / "src" / "pkg" / "mod.py").write_text(
        f'"""See docs/{CITE}season-defaults."""\n# docs/{CITE}seasons-default\n',
        encoding="utf-8",
    )
    # not searched: a suffix that is not text, and a file that is not UTF-8
    (tmp_path / "src" / "pkg" / "blob.bin").write_bytes(f"{CITE}nowhere".encode())
    (tmp_path / "src" / "pkg" / "latin.md").write_bytes(f"{CITE}nowhere \xff".encode("latin-1"))
    (tmp_path / "README.md").write_text(f"[rules](docs/{CITE}limits-x)\n", encoding="utf-8")
    assert [
        f"README.md:1: {CITE}limits-x",
        f"src/pkg/mod.py:2: {CITE}seasons-default",
    ] == sorted(dangling_citations(tmp_path, {"season-defaults", "limits"}))


def test_the_rules_cite_nothing_outside_the_repository() -> None:
    """The rules document is the normative text: it defers to no other document."""
    assert "contract" not in _rules_text().lower()
