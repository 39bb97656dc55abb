"""Cases for web/test/module.test.mjs: documents, dropped files and CPython's answers.

Writes JSON Lines to the file named by the first argument: ``{"kind": "document", "name",
"input", "answer"}`` where ``answer`` is what ``history_resolver._browser.resolve`` says in
CPython (``{"output": ...}`` or ``{"problems": [...]}``), and ``{"kind": "files", "name",
"files", "options", "answer"}`` for ``resolve_files``.  The documents: the examples, valid
documents drawn from tests/strategies.py and documents mutated from them
(tests/mutations.py), drawn deterministically (``derandomize``), so every run checks the
same cases, each distinct document once.  The files: the examples, and each drawn document
dropped as files in one of several shapes in turn (:data:`SHAPES`: the whole document, its
history as list-endpoint pages or JSON Lines beside a catalog rows file or TMDB season
payloads, and broken variants).

A document is given to CPython as JavaScript hands it over (JSON.stringify): a float with
an integer value is an integer there.  Cases JavaScript cannot carry (NaN, infinities, an
integer beyond 2**53) and cases that read the clock are left out.

    python web/test/make_cases.py OUT.jsonl [VALID MUTATED]
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT / "src"), str(ROOT / "tests")]

from hypothesis import HealthCheck, given, settings  # noqa: E402

from history_resolver._browser import resolve, resolve_files  # noqa: E402
from mutations import mutated_documents  # noqa: E402
from strategies import documents  # noqa: E402

EXAMPLES = ROOT / "examples"
SAFE = 2**53 - 1


class ClockRead(Exception):
    """The document names neither now nor asOf."""


def clock() -> int:
    raise ClockRead


def as_javascript(value: Any) -> Any:
    """``value`` after JSON.stringify and JSON.parse; ValueError if JavaScript cannot carry it."""
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            raise ValueError("not a JSON number in JavaScript")
        return int(value) if value.is_integer() and abs(value) <= SAFE else value
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return value
    if isinstance(value, int):
        if abs(value) > SAFE:
            raise ValueError("beyond 2**53")
        return value
    if isinstance(value, list):
        return [as_javascript(v) for v in value]
    return {k: as_javascript(v) for k, v in value.items()}


def document_case(name: str, document: Any) -> dict[str, Any] | None:
    try:
        carried = as_javascript(document)
        answer = resolve(json.dumps(carried, allow_nan=False), clock)
    except (ValueError, ClockRead):
        return None
    return {"kind": "document", "name": name, "input": carried, "answer": json.loads(answer)}


NOW = {"now": "2026-11-28T00:00:00Z"}


def files_case(name: str, files: list[dict[str, Any]], options: Any = NOW) -> dict[str, Any] | None:
    try:
        carried = as_javascript(options)
        answer = resolve_files(json.dumps({"files": files, "options": carried}), clock)
    except (ValueError, ClockRead):
        return None
    return {
        "kind": "files",
        "name": name,
        "files": files,
        "options": carried,
        "answer": json.loads(answer),
    }


def _text(value: Any) -> str:
    return json.dumps(value)  # Python's JSON: both runtimes read this very text


def _lines(values: list[Any]) -> str:
    return "".join(json.dumps(value) + "\n" for value in values)


def _pages(history: list[Any]) -> str:
    """The history as list-endpoint pages, one JSON value after another, the last saying
    there is no more."""
    chunks = [history[i : i + 3] for i in range(0, len(history), 3)] or [[]]
    return "\n".join(
        json.dumps({"items": chunk, "hasMore": i < len(chunks) - 1})
        for i, chunk in enumerate(chunks)
    )


def _tmdb_seasons(rows: list[Any]) -> list[dict[str, Any]]:
    """The catalog rows as TMDB season payloads, one file per show and season (the rows
    TMDB cannot say are left as they are: the library words what is wrong)."""
    seasons: dict[tuple[str, str], list[Any]] = {}
    for row in rows:
        if isinstance(row, dict):
            key = (json.dumps(row.get("mediaId")), json.dumps(row.get("season")))
            seasons.setdefault(key, []).append(row)
    files = []
    for index, ((media, season), group) in enumerate(sorted(seasons.items())):
        show = json.loads(media)
        digits = "".join(c for c in show if c.isdigit()) if isinstance(show, str) else ""
        episodes = [
            {
                "episode_number": row.get("episode"),
                "air_date": row.get("airDate"),
                **({"show_id": int(digits)} if digits and len(digits) < 16 else {}),
            }
            for row in group
        ]
        payload = {"season_number": json.loads(season), "episodes": episodes}
        files.append({"name": f"season-{index}.json", "text": _text(payload)})
    return files


def _parts(document: dict[str, Any]) -> tuple[list[Any], list[Any], Any]:
    history = document.get("history")
    rows = document.get("episodes")
    return (
        history if isinstance(history, list) else [history],
        rows if isinstance(rows, list) else [],
        document.get("options"),
    )


def whole(document: Any) -> tuple[list[dict[str, Any]], Any]:
    return [{"name": "document.json", "text": _text(document)}], NOW


def pages_and_catalog(document: Any) -> tuple[list[dict[str, Any]], Any]:
    history, rows, options = _parts(document)
    files = [{"name": "history.json", "text": _pages(history)}]
    if rows:
        files.append({"name": "catalog.json", "text": _text({"episodes": rows})})
    return files, options


def lines_and_tmdb(document: Any) -> tuple[list[dict[str, Any]], Any]:
    history, rows, options = _parts(document)
    return [{"name": "history.jsonl", "text": _lines(history)}, *_tmdb_seasons(rows)], options


def array_and_catalog_lines(document: Any) -> tuple[list[dict[str, Any]], Any]:
    history, rows, options = _parts(document)
    files = [{"name": "history.json", "text": _text(history)}]
    if rows:
        files.append({"name": "catalog.jsonl", "text": _lines(rows)})
    return files, options


def broken(document: Any) -> tuple[list[dict[str, Any]], Any]:
    """Broken variants: the document cut short, beside its history mixed with its catalog
    in one JSON Lines file, and an empty file."""
    history, rows, options = _parts(document)
    text = _text(document)
    return [
        {"name": "cut.json", "text": text[: max(1, len(text) // 2)]},
        {"name": "mixed.jsonl", "text": _lines(history[:2] + rows[:2])},
        {"name": "empty.json", "text": "  \n"},
    ], options


SHAPES = [whole, pages_and_catalog, lines_and_tmdb, array_and_catalog_lines, broken]
"""How a drawn document is dropped: the shapes are taken in turn."""


def dropped_cases(documents: list[tuple[str, Any]]) -> list[dict[str, Any] | None]:
    cases: list[dict[str, Any] | None] = []
    for index, (name, document) in enumerate(documents):
        if not isinstance(document, dict):
            continue
        shape = SHAPES[index % len(SHAPES)]
        files, options = shape(document)
        cases.append(files_case(f"{name} as {shape.__name__}", files, options))
    return cases


def drawn(strategy: Any, count: int) -> list[Any]:
    found: list[Any] = []

    @settings(
        max_examples=count,
        derandomize=True,
        database=None,
        deadline=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(strategy)
    def collect(document: Any) -> None:
        found.append(document)

    collect()
    return found


def dropped(*names: str) -> list[dict[str, Any]]:
    return [{"name": n, "text": (EXAMPLES / n).read_text("utf-8")} for n in names]


def main() -> None:
    out = Path(sys.argv[1])
    valid, mutated = (int(n) for n in sys.argv[2:4]) if len(sys.argv) > 3 else (300, 200)
    cases: list[dict[str, Any] | None] = []
    for path in sorted(EXAMPLES.glob("*.json")):
        document = json.loads(path.read_text("utf-8"))
        if isinstance(document, dict) and "history" in document:
            cases.append(document_case(path.name, document))
    distinct: dict[str, tuple[str, Any]] = {}
    for kind, strategy, count in (
        ("valid", documents(), valid),
        ("mutated", mutated_documents(), mutated),
    ):
        for i, document in enumerate(drawn(strategy, count)):
            key = json.dumps(document, sort_keys=True, default=repr)
            distinct.setdefault(key, (f"{kind}-{i}", document))
    cases += [document_case(name, document) for name, document in distinct.values()]
    cases += dropped_cases(list(distinct.values()))
    seasons = [f"tmdb/breaking-bad-season-{n}.json" for n in range(6)]
    cases += [
        files_case("example document", dropped("breaking-bad.json")),
        files_case("pages + TMDB seasons", dropped("breaking-bad-history-page.json", *seasons)),
        files_case(
            "pages + catalog",
            dropped("breaking-bad-history-page.json", "breaking-bad-catalog.json"),
        ),
        files_case("not JSON", [{"name": "bad.json", "text": '{"history": ['}]),
    ]
    kept = [case for case in cases if case is not None]
    with out.open("w", encoding="utf-8") as handle:
        for case in kept:
            handle.write(json.dumps(case) + "\n")
    print(f"{len(kept)} cases ({len(cases) - len(kept)} left out) in {out}", file=sys.stderr)


if __name__ == "__main__":
    main()
