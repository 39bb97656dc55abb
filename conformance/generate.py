"""Write the conformance vectors: the rules of docs/rules.md as input and expected output.

Every vector is an input document with an explicit ``options.now`` (or ``asOf``) and what a
conforming implementation must answer: the output document, or, for an input that breaks a
rule, the JSON paths of the problems and the rule (``docs/rules.md`` anchor) each breaks.

Where the expectations come from:

- the output of a valid document is computed by the reference model (``tests/reference.py``,
  a brute-force model written from the rules alone), never by the engine;
- the problems of an invalid document come from the library's validation (the reference
  model covers valid documents only), each with the rule its ``Diagnostic`` names;
- in ``"skip"`` mode, the items the validation refuses are left out, the reference model
  resolves the rest, and the refused items' problems become error diagnostics.

Where the inputs come from: hand-written vectors for every rule, the nasty cases pinned by
the property tests (``tests/test_rules.py``, ``tests/test_validation.py``), the worked
examples of ``docs/rules.md`` (held here as data; ``tests/test_conformance.py`` checks that
the document shows the same inputs and results), generated documents chosen to cover every
boundary class (``conformance/boundary-inputs.jsonl``, written by ``--explore``), and a few
realistic profiles.

Which rules a vector exercises: the rules its author names, the rules its problems break,
and every rule whose *mutant* of the reference model (the rule broken on purpose: ``<=``
for ``<`` in "strictly before", and so on) answers the vector differently.

Usage (from the repository's root, in its virtual environment)::

    python conformance/generate.py             # write the vectors
    python conformance/generate.py --check     # exit 1 if the file is not what would be written
    python conformance/generate.py --coverage  # boundary classes: how many vectors hit each
    python conformance/generate.py --explore 4000  # search generated documents (see below)

``--explore N`` draws N documents from ``tests/strategies.py`` (fixed seed), counts the
boundary classes each hits, and adds to ``conformance/boundary-inputs.jsonl`` the fewest
documents (greedily) that bring every class to at least two vectors; then write the vectors.

Output is deterministic: vectors sorted by id, JSON with sorted-insertion keys and ASCII
escapes, one vector per line.  Versioning (``conformance/README.md``): vectors are only
added (a minor version); a changed expectation or a removed vector is a new major version.
The generator refuses to write a file that breaks that rule against the one it replaces.
"""

from __future__ import annotations

import argparse
import copy
import json
import re
import sys
import types
from collections import Counter
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
TESTS = ROOT / "tests"
if str(TESTS) not in sys.path:  # the reference model and the pinned cases live there
    sys.path.insert(0, str(TESTS))

from cases import (  # noqa: E402  # noqa: E402
    Case,
    example_cases,
    pinned_cases,
    portable,
    profile_cases,
    rule_cases,
    validation_cases,
)

import reference as ref  # noqa: E402
import test_rules  # noqa: E402
from history_resolver import Diagnostic, InvalidInputError, resolve_document  # noqa: E402

__all__ = [
    "BOUNDARY_INPUTS",
    "CLASSES",
    "VECTORS",
    "VERSION",
    "Case",
    "GeneratorError",
    "build",
    "cases",
    "classify",
    "main",
    "render",
]

JSON = dict[str, Any]

VERSION = "1.1.0"
"""The version of the vector set (``MAJOR.MINOR.PATCH``): see the module's docstring."""

VECTORS = ROOT / "src" / "history_resolver" / "conformance" / "vectors.jsonl"
BOUNDARY_INPUTS = ROOT / "conformance" / "boundary-inputs.jsonl"
RULES_DOC = ROOT / "docs" / "rules.md"

FORMAT = "history-resolver conformance vectors"
CLOCK = 1_704_067_200_000_000_000  # NOW in ns: no vector reads a clock, this is a safeguard


class GeneratorError(Exception):
    """The vectors cannot be written as asked (one message, already worded)."""


# --- generated documents chosen to cover the boundary classes ---------------------------------


def boundary_cases(text: str | None = None) -> Iterator[Case]:
    """The generated documents of ``conformance/boundary-inputs.jsonl``."""
    if text is None:
        text = BOUNDARY_INPUTS.read_text(encoding="utf-8") if BOUNDARY_INPUTS.exists() else ""
    for line in text.splitlines():
        item = json.loads(line)
        classes = ", ".join(item["classes"])
        yield Case(
            item["id"],
            f"a generated document covering {classes}",
            item["input"],
            tuple(sorted({CLASS_RULES[c] for c in item["classes"]} - {"strictly-before"})),
            "tests/strategies.py, chosen by conformance/generate.py --explore",
        )


def cases(boundary_text: str | None = None) -> list[Case]:
    """Every case, in no particular order (the vectors are sorted by id)."""
    return [
        *rule_cases(),
        *example_cases(),
        *pinned_cases(),
        *validation_cases(),
        *profile_cases(),
        *boundary_cases(boundary_text),
    ]


# --- expectations -----------------------------------------------------------------------------

_ITEM = re.compile(r"(history|episodes)\[(\d+)\]")


Problem = tuple[str, str]
"""A problem as the vectors state it: its JSON path, and the rule (anchor) it breaks."""


def library_problems(document: Any) -> list[Problem]:
    """Every problem the library's validation names in ``document`` (as in ``"reject"`` mode),
    in its order, as ``(path, rule)``."""
    probe = document
    if _skip_mode(document):
        probe = {**document, "options": {**document["options"], "onInvalid": "reject"}}
    try:
        resolve_document(copy.deepcopy(probe), clock=lambda: CLOCK)
    except InvalidInputError as error:
        return [(p.path, rule_of(p)) for p in error.problems]
    return []


def rule_of(problem: Diagnostic) -> str:
    """The rule (``docs/rules.md`` anchor) ``problem`` breaks, as the library names it."""
    if not problem.rule:
        raise GeneratorError(f"{problem.path}: the library names no rule for this problem")
    return problem.rule


def _model_document(document: JSON, problems: Sequence[Problem]) -> tuple[JSON, list[int]]:
    """The valid part of ``document`` for the reference model (items with problems left out,
    ``now`` defaulted to ``asOf``), and the original position of each history entry kept."""
    left_out: dict[str, set[int]] = {"history": set(), "episodes": set()}
    for path, _ in problems:
        match = _ITEM.match(path)
        assert match is not None, path
        left_out[match.group(1)].add(int(match.group(2)))
    history = document["history"]
    positions = [i for i in range(len(history)) if i not in left_out["history"]]
    catalog = document.get("episodes") or []
    options = dict(document.get("options") or {})
    if options.get("now") is None:
        options["now"] = options["asOf"]
    model_input = {
        "history": [history[i] for i in positions],
        "episodes": [r for i, r in enumerate(catalog) if i not in left_out["episodes"]],
        "options": options,
    }
    return model_input, positions


def expected_output(
    document: JSON, problems: Sequence[Problem], model: types.ModuleType = ref
) -> JSON:
    """What a valid (or, in skip mode, partly valid) document resolves to, by ``model``."""
    model_input, positions = _model_document(document, problems)
    output: JSON = model.resolve(copy.deepcopy(model_input))
    for name in ("episodes", "movies"):
        for item in output[name]:
            if item["decidedBy"] is not None:
                item["decidedBy"] = positions[item["decidedBy"]]
    diagnostics = [{"severity": "error", "path": path, "rule": rule} for path, rule in problems]
    for warning in output["diagnostics"]:
        match = _ITEM.fullmatch(warning["path"])
        assert match is not None and match.group(1) == "history", warning
        diagnostics.append(
            {
                "severity": "warning",
                "path": f"history[{positions[int(match.group(2))]}]",
                "rule": "uncovered-season-defaults",
            }
        )
    output["diagnostics"] = sorted(diagnostics, key=lambda d: (d["severity"], d["path"], d["rule"]))
    return output


# Mutants of the reference model: one rule broken on purpose (every ``old`` text of the
# model replaced by ``new``).  A vector whose expectation a mutant changes exercises that rule.
_KEY = "return (self.updated, self.progress, self.imported)"
_PLAYS = "plays = [e for e in group if e.progress >= threshold]"
MUTANTS: tuple[tuple[str, str, str], ...] = (
    # (rule, old, new)
    ("strictly-before", "and air < e.updated", "and air <= e.updated"),
    ("aired", "return air is not None and air < now", "return air is not None and air <= now"),
    ("now-and-asof", "e.updated <= as_of", "e.updated < as_of"),
    ("the-latest-entry", "(entry.key, -entry.index)", "(entry.key, entry.index)"),
    ("the-latest-entry", _KEY, "return (self.updated, 0.0, self.imported)"),
    ("imported", _KEY, 'return (self.updated, self.progress, "")'),
    ("completion-threshold", ">= threshold", "> threshold"),
    ("completion-and-plays", _PLAYS, "plays = list(group)"),
    ("explicit-entries", "group = explicit or defaults", "group = explicit + defaults"),
    ("nothing-decides", "if decider is not None else 0.0", "if decider is not None else 100.0"),
    ("air-date-zone", 'zone = options.get("airDateZone") or "UTC"', 'zone = "UTC"'),
    ("date-only-air-dates", "return _to_ns(min(readings))", "return _to_ns(max(readings))"),
    ("date-only-air-dates", "    moment = low\n", "    return _to_ns(low)\n"),
    ("timestamps-out", "millis = int(instant // 1_000_000)", "millis = round(instant / 1_000_000)"),
    ("media-ids", "_TMDBID{int(digits)}", "_TMDBID{digits}"),
    ("updatedat", "updated=now if updated is None", "updated=0 if updated is None"),
    ("progress", "progress=100.0 if progress is None", "progress=0.0 if progress is None"),
    ("reported-episodes", "reported.setdefault(", "(lambda *_: None)("),
    ("season-summaries", 'if aired(r) and r["completed"]', 'if r["completed"]'),
    ("show-summaries", 'and s["season"] >= 1]', 'and s["season"] >= 0]'),
    ("next-episode", 'after = [r for r in regular if not r["completed"]]', "after = regular"),
    ("continue-watching", '0 < row["progress"] < threshold', '0 < row["progress"] <= threshold'),
)
EXACT_RULES = frozenset({"strictly-before"})
"""Rules whose vectors are exactly those their mutant answers differently: a vector names
such a rule if, and only if, an implementation that breaks it fails the vector."""


def _mutant(number: int) -> types.ModuleType:
    anchor, old, new = MUTANTS[number]
    source = Path(ref.__file__).read_text(encoding="utf-8")
    if old not in source:
        raise GeneratorError(f"mutant {number} ({anchor}): {old!r} is not in the model")
    source = source.replace(old, new)
    module = types.ModuleType(f"reference_mutant_{number}")
    module.__file__ = ref.__file__
    sys.modules[module.__name__] = module  # dataclasses look their module up
    exec(compile(source, f"<mutant {number} of reference.py>", "exec"), module.__dict__)
    return module


_MUTANT_MODULES: dict[int, types.ModuleType] = {}


def mutant(number: int) -> types.ModuleType:
    """The reference model with the rule of ``MUTANTS[number]`` broken."""
    if number not in _MUTANT_MODULES:
        _MUTANT_MODULES[number] = _mutant(number)
    return _MUTANT_MODULES[number]


def sensitive_rules(document: JSON, problems: Sequence[Problem], expected: JSON) -> set[str]:
    """The rules some mutant of which changes the expectation of ``document``."""
    found: set[str] = set()
    for number, (anchor, _, _) in enumerate(MUTANTS):
        if anchor in found:
            continue
        try:
            other = expected_output(document, problems, mutant(number))
        except AssertionError:  # the mutant model cannot read it at all: it answers differently
            found.add(anchor)
            continue
        if other != expected:
            found.add(anchor)
    return found


def _skip_mode(document: Any) -> bool:
    return (
        isinstance(document, dict)
        and isinstance(document.get("options"), dict)
        and document["options"].get("onInvalid") == "skip"
    )


def problem_list(problems: Sequence[Problem]) -> list[dict[str, str]]:
    """``{"path", "rule"}`` of each problem, sorted, each pair once."""
    return [{"path": path, "rule": rule} for path, rule in sorted(set(problems))]


def refused(document: Any, problems: Sequence[Problem]) -> bool:
    """Whether the problems fail the call: in ``"skip"`` mode only problems of items can be
    skipped (docs/rules.md#oninvalid)."""
    return bool(problems) and not (
        _skip_mode(document) and all(_ITEM.match(path) for path, _ in problems)
    )


def answer(document: Any, model: types.ModuleType = ref) -> JSON:
    """What an implementation computing as ``model`` does answers ``document``: the output
    document, or ``{"problems": [...]}`` when it refuses the document."""
    problems = library_problems(document)
    if refused(document, problems):
        return {"problems": problem_list(problems)}
    return expected_output(document, problems, model)


def _problems_description(problems: Sequence[Problem]) -> str:
    shown = ", ".join(f"{path} (#{rule})" for path, rule in problems[:4])
    more = f" and {len(problems) - 4} more" if len(problems) > 4 else ""
    return f"invalid: {shown}{more}"


def build(case: Case) -> JSON:
    """The vector of ``case``: its expectation, and every rule it exercises."""
    if not portable(case.input):
        raise GeneratorError(f"{case.id}: the input is not portable JSON")
    document = case.input
    problems = library_problems(document)
    rules = set(case.rules)
    vector: JSON = {"id": case.id, "rules": [], "description": case.description}
    if case.source:
        vector["source"] = case.source
    vector["input"] = document
    if refused(document, problems):
        vector["expectedProblems"] = problem_list(problems)
        rules |= {p["rule"] for p in vector["expectedProblems"]}
        vector["description"] = case.description or _problems_description(problems)
        for anchor in EXACT_RULES & rules:
            raise GeneratorError(f"{case.id}: an invalid document cannot exercise {anchor}")
    else:
        options = document.get("options") or {}
        if options.get("now") is None and options.get("asOf") is None:
            raise GeneratorError(f"{case.id}: a valid document must give options.now or asOf")
        expected = expected_output(document, problems, ref)
        sensitive = sensitive_rules(document, problems, expected)
        for anchor in EXACT_RULES & rules:
            if anchor not in sensitive:
                raise GeneratorError(
                    f"{case.id}: names {anchor}, yet breaking that rule changes nothing"
                )
        rules |= sensitive
        rules |= {d["rule"] for d in expected["diagnostics"]}
        vector["expected"] = expected
    if not vector["description"]:
        raise GeneratorError(f"{case.id}: a vector needs a description")
    vector["rules"] = sorted(rules)
    return vector


# --- boundary classes -----------------------------------------------------------------------

CLASS_RULES: dict[str, str] = {
    "default-at-air-instant": "strictly-before",
    "default-1ns-after-air": "instants",
    "default-1ns-before-air": "instants",
    "default-1us-after-air": "instants",
    "default-1us-before-air": "instants",
    "zone-decides-coverage": "air-date-zone",
    "skipped-midnight-near-entry": "date-only-air-dates",
    "timestamp-air-date": "date-only-air-dates",
    "default-beside-unknown-air-date": "season-defaults",
    "air-at-now": "aired",
    "air-1ns-before-now": "aired",
    "full-tie-decides": "the-latest-entry",
    "tie-broken-by-progress": "the-latest-entry",
    "tie-broken-by-imported": "the-latest-entry",
    "explicit-beats-newer-default": "explicit-entries",
    "explicit-unmarks": "explicit-entries",
    "latest-default-decides-over-older": "season-defaults",
    "missing-progress-decides": "progress",
    "missing-updated-at": "updatedat",
    "progress-equals-threshold": "completion-threshold",
    "as-of-excludes": "now-and-asof",
    "as-of-equals-updated": "now-and-asof",
    "entry-after-now": "now-and-asof",
    "explicit-outside-catalog": "reported-episodes",
    "uncovered-default-warning": "uncovered-season-defaults",
    "movie-rewatch": "movies",
    "plays-above-one": "completion-and-plays",
    "completed-before-in-progress": "completion-and-plays",
    "in-progress-tie": "continue-watching",
    "default-in-progress": "continue-watching",
    "specials-in-catalog": "show-summaries",
    "ids-sort-as-text": "sort-order",
    "next-episode-unaired": "next-episode",
    "no-last-episode": "next-episode",
    "fractional-percent": "season-summaries",
    "sub-millisecond-output": "timestamps-out",
    "duplicate-catalog-rows": "catalog-rows",
    "bare-digit-id": "history-shapes",
    "short-id": "media-ids",
    "integral-float-number": "the-input-document",
}
CLASSES: tuple[str, ...] = tuple(CLASS_RULES)
"""The boundary classes a document may hit (see :func:`classify`)."""

_DATE_ONLY = re.compile(r"\d{4}-\d\d-\d\d")
_HOUR = 3600 * ref.NS


def _midnight_skipped(day: str, zone: str) -> bool:
    """Whether no clock in ``zone`` ever shows 00:00 on ``day`` (a DST jump skips it)."""
    from datetime import datetime, timezone
    from zoneinfo import ZoneInfo

    wall = datetime.fromisoformat(day)
    tz = ZoneInfo(zone)
    return all(
        wall.replace(tzinfo=tz, fold=fold)
        .astimezone(timezone.utc)
        .astimezone(tz)
        .replace(tzinfo=None)
        != wall
        for fold in (0, 1)
    )


def classify(document: Any) -> set[str]:
    """The boundary classes a valid document hits: each a place where an implementation of
    the rules typically goes wrong (an updatedAt equal to an air instant, a tie, ...)."""
    if not isinstance(document, dict) or library_problems(document):
        return set()
    model_input, _ = _model_document(document, [])
    options = model_input["options"]
    now = ref.parse_instant(options["now"])
    as_of = ref.parse_instant(options["asOf"]) if options.get("asOf") is not None else None
    zone = options.get("airDateZone") or "UTC"
    threshold = float(options.get("completionThreshold") or 80)
    entries = ref.read_history(model_input)
    kept = [e for e in entries if as_of is None or e.updated <= as_of]
    catalog: dict[tuple[str, int, int], str | None] = {}
    rows = model_input["episodes"]
    for r in rows:
        catalog[(ref.normalise_media(r["mediaId"]), int(r["season"]), int(r["episode"]))] = r.get(
            "airDate"
        )
    output = ref.resolve(model_input)
    found: set[str] = set()

    for e in kept:
        if e.is_movie or e.episode is not None:
            continue
        for (media, season, _), text in catalog.items():
            if (media, season) != (e.media, e.season):
                continue
            air = ref.air_instant(text, zone)
            if air is None:
                found.add("default-beside-unknown-air-date")
                continue
            gap = e.updated - air
            names: dict[ref.Instant, str] = {
                0: "default-at-air-instant",
                1: "default-1ns-after-air",
                -1: "default-1ns-before-air",
                1000: "default-1us-after-air",
                -1000: "default-1us-before-air",
            }
            if gap in names:
                found.add(names[gap])
            assert text is not None
            if _DATE_ONLY.fullmatch(text):
                utc = ref.air_instant(text, "UTC")
                assert utc is not None
                if zone != "UTC" and (air < e.updated) != (utc < e.updated):
                    found.add("zone-decides-coverage")
                if -_HOUR <= gap <= _HOUR and _midnight_skipped(text, zone):
                    found.add("skipped-midnight-near-entry")
    for text in catalog.values():
        if text is not None and not _DATE_ONLY.fullmatch(text):
            found.add("timestamp-air-date")
        air = ref.air_instant(text, zone)
        if air is not None and air == now:
            found.add("air-at-now")
        if air is not None and air == now - 1:
            found.add("air-1ns-before-now")

    for out_row in output["episodes"] + output["movies"]:
        if out_row["decidedBy"] is None:
            continue
        group = test_rules.deciding_group(model_input, out_row)
        decider = entries[out_row["decidedBy"]]
        best = [e for e in group if e.key == decider.key]
        if len(best) >= 2:
            found.add("full-tie-decides")
        same_instant = [e for e in group if e.updated == decider.updated]
        if len({e.progress for e in same_instant}) >= 2:
            found.add("tie-broken-by-progress")
        same_progress = [e for e in same_instant if e.progress == decider.progress]
        if len({e.imported for e in same_progress}) >= 2:
            found.add("tie-broken-by-imported")
        item = model_input["history"][decider.index]
        if item.get("progress") is None:
            found.add("missing-progress-decides")
        if out_row["progress"] == threshold:
            found.add("progress-equals-threshold")
        if out_row["plays"] >= 2:
            found.add("plays-above-one")
        if out_row["plays"] >= 1 and not out_row["completed"]:
            found.add("completed-before-in-progress")
        if "season" not in out_row:
            if len(group) >= 2:
                found.add("movie-rewatch")
            continue
        if out_row["basis"] == "explicit" and out_row["progress"] == 0:
            found.add("explicit-unmarks")
        if out_row["basis"] == "seasonDefault":
            if len(group) >= 2:
                found.add("latest-default-decides-over-older")
            if 0 < out_row["progress"] < threshold:
                found.add("default-in-progress")
        if out_row["basis"] == "explicit":
            air = ref.air_instant(out_row["airDate"], zone)
            for e in kept:
                if (
                    not e.is_movie
                    and e.episode is None
                    and (e.media, e.season) == (out_row["mediaId"], out_row["season"])
                    and air is not None
                    and air < e.updated
                    and e.updated > decider.updated
                ):
                    found.add("explicit-beats-newer-default")

    for e in entries:
        item = model_input["history"][e.index]
        if item.get("updatedAt") is None and e in kept:
            found.add("missing-updated-at")
        if as_of is not None and e.updated > as_of:
            found.add("as-of-excludes")
        if as_of is not None and e.updated == as_of:
            found.add("as-of-equals-updated")
        if e in kept and e.updated > now:
            found.add("entry-after-now")
        raw = item.get("mediaId") if item.get("mediaId") is not None else item.get("id")
        if isinstance(raw, str) and raw.isdigit():
            found.add("bare-digit-id")
        if isinstance(raw, str) and "TMDBID" not in raw:
            found.add("short-id")
        if any(isinstance(item.get(k), float) for k in ("season", "episode")):
            found.add("integral-float-number")
        if (
            e in kept
            and not e.is_movie
            and e.episode is not None
            and (e.media, e.season, e.episode) not in catalog
        ):
            found.add("explicit-outside-catalog")
    if any(d["severity"] == "warning" for d in output["diagnostics"]):
        found.add("uncovered-default-warning")
    stamps = Counter(item["updatedAt"] for item in output["inProgress"])
    if any(count >= 2 for count in stamps.values()):
        found.add("in-progress-tie")
    if any(season == 0 for _, season, _ in catalog):
        found.add("specials-in-catalog")
    shows = {r["mediaId"] for r in output["episodes"]}
    if "TV_TMDBID100" in shows and "TV_TMDBID11" in shows:
        found.add("ids-sort-as-text")
    for show in output["shows"]:
        following = show["nextEpisode"]
        if following is not None and not following["aired"]:
            found.add("next-episode-unaired")
        if following is not None and show["lastEpisode"] is None:
            found.add("no-last-episode")
    if any(s["percent"] != int(s["percent"]) for s in output["seasons"] + output["shows"]):
        found.add("fractional-percent")
    for e in kept:
        if e.updated % ref.NS % 1_000_000 and ref.format_instant(e.updated) in json.dumps(output):
            found.add("sub-millisecond-output")
    if len(rows) > len(catalog):
        found.add("duplicate-catalog-rows")
    return found


def _explore_documents(count: int, seed: int) -> list[JSON]:
    from hypothesis import HealthCheck, Phase, given, settings
    from hypothesis import seed as with_seed
    from hypothesis import strategies as st

    import strategies

    drawn: list[JSON] = []

    @with_seed(seed)
    @settings(
        max_examples=count,
        database=None,
        deadline=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(st.one_of(strategies.documents(), strategies.documents(nanoseconds=True)))
    def draw(document: JSON) -> None:
        drawn.append(copy.deepcopy(document))

    draw()
    return drawn


def explore(count: int, seed: int = 14, per_class: int = 2) -> tuple[Counter[str], list[JSON]]:
    """Draw ``count`` documents; return how many hit each class, and the new boundary inputs
    that bring every class to ``per_class`` generated vectors (counting those already in
    ``boundary-inputs.jsonl``; the hand-written vectors are not counted, so that every class
    is also met among the noise of generated documents)."""
    existing = list(boundary_cases())
    covered: Counter[str] = Counter()
    for case in existing:
        covered.update(classify(case.input))
    seen: Counter[str] = Counter()
    candidates: list[tuple[JSON, set[str]]] = []
    distinct = {_dumps(d): d for d in _explore_documents(count, seed)}  # draws repeat
    seen["(distinct documents)"] = len(distinct)
    for document in distinct.values():
        classes = classify(document)
        seen.update(classes)
        if classes:
            candidates.append((document, classes))
    need = {c: per_class - covered[c] for c in CLASSES if covered[c] < per_class}
    chosen: list[JSON] = []
    number = len(existing)
    while need:

        def gain(candidate: tuple[JSON, set[str]]) -> tuple[int, int]:
            return (len(candidate[1] & need.keys()), -len(json.dumps(candidate[0])))

        best = max(candidates, key=gain, default=None)
        if best is None or gain(best)[0] == 0:
            break
        candidates.remove(best)
        number += 1
        chosen.append(
            {
                "id": f"generated/boundary-{number:03d}",
                "classes": sorted(best[1]),
                "input": best[0],
            }
        )
        for name in best[1] & need.keys():
            need[name] -= 1
            if need[name] <= 0:
                del need[name]
    return seen, chosen


# --- the file --------------------------------------------------------------------------------


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=True, allow_nan=False, separators=(", ", ": "))


def render(vectors: Sequence[JSON], version: str = VERSION) -> str:
    """The vectors file: a header line, then one vector per line, sorted by id."""
    header = {
        "format": FORMAT,
        "version": version,
        "rules": "docs/rules.md",
        "vectors": len(vectors),
    }
    lines = [_dumps(header)]
    lines.extend(_dumps(v) for v in sorted(vectors, key=lambda v: v["id"]))
    return "\n".join(lines) + "\n"


def _version(text: str) -> tuple[int, ...]:
    return tuple(int(part) for part in text.split("."))


def check_versioning(previous: str, vectors: Sequence[JSON], version: str = VERSION) -> None:
    """Refuse a vector set that changes or removes a published vector without a new major
    version, or adds vectors without a new version."""
    lines = previous.splitlines()
    if not lines:
        return
    old_version = json.loads(lines[0])["version"]
    old = {v["id"]: v for v in map(json.loads, lines[1:])}
    new = {v["id"]: v for v in vectors}
    if _version(old_version)[0] == 0:
        return  # 0.x: not published yet
    key = ("input", "expected", "expectedProblems")
    changed = sorted(
        i for i in old if i not in new or any(old[i].get(k) != new[i].get(k) for k in key)
    )
    if changed and _version(version)[0] <= _version(old_version)[0]:
        raise GeneratorError(
            f"{len(changed)} published vectors changed or removed ({', '.join(changed[:5])}): "
            f"that takes a new major version (now {version}) and a CHANGELOG entry"
        )
    if set(new) - set(old) and _version(version) <= _version(old_version):
        raise GeneratorError(f"vectors were added: raise the version above {old_version}")


def generate(previous: str = "", boundary_text: str | None = None) -> str:
    """The text of the vectors file."""
    all_cases = cases(boundary_text)
    ids = Counter(case.id for case in all_cases)
    repeated = sorted(i for i, n in ids.items() if n > 1)
    if repeated:
        raise GeneratorError(f"ids used twice: {', '.join(repeated)}")
    vectors = [build(case) for case in all_cases]
    check_versioning(previous, vectors)
    return render(vectors)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the generator (see the module's docstring)."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--check", action="store_true", help="compare, do not write")
    mode.add_argument("--coverage", action="store_true", help="print the boundary classes hit")
    mode.add_argument("--explore", type=int, metavar="N", help="draw N documents; add inputs")
    args = parser.parse_args(argv)
    previous = VECTORS.read_text(encoding="utf-8") if VECTORS.exists() else ""
    try:
        if args.coverage:
            counts: Counter[str] = Counter()
            for case in cases():
                counts.update(classify(case.input))
            for name in CLASSES:
                print(f"{counts[name]:5d}  {name}  (#{CLASS_RULES[name]})")
            return 0
        if args.explore is not None:
            seen, chosen = explore(args.explore)
            print(
                f"{args.explore} documents drawn, {seen['(distinct documents)']} distinct; "
                f"boundary inputs added: {len(chosen)}"
            )
            for name in CLASSES:
                print(f"{seen[name]:6d}  {name}")
            if chosen:
                with BOUNDARY_INPUTS.open("a", encoding="utf-8") as handle:
                    for item in chosen:
                        handle.write(_dumps(item) + "\n")
        text = generate(previous)
    except GeneratorError as error:
        print(f"generate.py: {error}", file=sys.stderr)
        return 1
    if args.check:
        if text != previous:
            print(f"{VECTORS.relative_to(ROOT)} is not what the generator writes", file=sys.stderr)
            return 1
        return 0
    VECTORS.parent.mkdir(parents=True, exist_ok=True)
    VECTORS.write_text(text, encoding="utf-8")
    print(f"wrote {VECTORS.relative_to(ROOT)}: {text.count(chr(10)) - 1} vectors")
    return 0


if __name__ == "__main__":
    sys.exit(main())
