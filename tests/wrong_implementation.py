"""A deliberately wrong implementation of the rules, for testing the conformance runners.

It answers as the reference model would with one rule broken (a *mutant* of
``conformance/generate.py``, ``--rule strictly-before`` by default: a season default then
covers an episode that airs at the very instant it was written, ``airInstant <= updatedAt``).
Invalid documents are refused as the library refuses them.

Per vector: ``python tests/wrong_implementation.py`` reads one input document on stdin and
writes the output document (exit 0), or ``{"problems": [...]}`` (exit 1).  With ``--batch``
it reads JSON Lines and answers one line per input.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "tests"), str(ROOT / "conformance")]

import generate  # noqa: E402


def main() -> int:
    """Answer the input(s) on stdin as the mutant of ``--rule`` would."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--rule", default="strictly-before")
    parser.add_argument("--batch", action="store_true")
    args = parser.parse_args()
    number = next(n for n, (anchor, _, _) in enumerate(generate.MUTANTS) if anchor == args.rule)
    model = generate.mutant(number)
    if args.batch:
        for line in sys.stdin:
            print(json.dumps(generate.answer(json.loads(line), model)), flush=True)
        return 0
    reply = generate.answer(json.load(sys.stdin), model)
    print(json.dumps(reply))
    return 1 if "problems" in reply else 0


if __name__ == "__main__":
    sys.exit(main())
