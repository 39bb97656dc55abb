"""Cases for web/test/differential.test.mjs: documents and CPython's answers to them.

Writes JSON Lines to the file named by the first argument: ``{"kind": "document", "name",
"input", "answer"}`` where ``answer`` is what ``history_resolver._browser.resolve`` says in
CPython (``{"output": ...}`` or ``{"problems": [...]}``), and ``{"kind": "files", "name",
"files", "answer"}`` for ``resolve_files``.  The documents: the examples, valid documents
drawn from tests/strategies.py and documents mutated from them (tests/mutations.py),
drawn deterministically (``derandomize``), so every run checks the same cases.

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


def files_case(name: str, files: list[dict[str, Any]]) -> dict[str, Any]:
    request = json.dumps({"files": files, "options": {"now": "2026-11-28T00:00:00Z"}})
    return {
        "kind": "files",
        "name": name,
        "files": files,
        "answer": json.loads(resolve_files(request, clock)),
    }


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
    cases += [document_case(f"valid-{i}", d) for i, d in enumerate(drawn(documents(), valid))]
    cases += [
        document_case(f"mutated-{i}", d) for i, d in enumerate(drawn(mutated_documents(), mutated))
    ]
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
