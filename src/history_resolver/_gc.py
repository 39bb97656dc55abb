"""Pausing Python's cyclic garbage collector while a large result is built.

Resolving allocates hundreds of thousands of small containers (rows, groups, output dicts)
and creates no reference cycles, yet each allocation burst makes the collector walk every
live object, the caller's input document included: at a million entries that costs a third
of the run and grows faster than the input.  Mercurial's ``util.nogc`` does the same for
the same reason.  Only the adapters use it (each takes ``pause_gc``, ``True`` by default);
the engine itself stays free of global state.

The collector is one switch for the whole process, so the pause is process-wide: while any
thread resolves, no thread's garbage is collected (reference counting still frees all that
is not in a cycle).  Nested or concurrent uses are counted: the collector is enabled again
only when the last use ends, and only if it was enabled when the first began, so a caller
who disabled it keeps it disabled.  ``collector_paused(False)`` never touches it.
"""

from __future__ import annotations

import _thread
import gc
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["collector_paused"]

_lock = _thread.allocate_lock()  # _thread: no import cost beyond the interpreter
_depth = 0
_was_enabled = False


@contextmanager
def collector_paused(pause: bool = True) -> Iterator[None]:
    """Run the body with the cyclic garbage collector paused (when ``pause`` is true)."""
    if not pause:
        yield
        return
    global _depth, _was_enabled
    with _lock:
        if _depth == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _depth += 1
    try:
        yield
    finally:
        with _lock:
            _depth -= 1
            if _depth == 0 and _was_enabled:
                gc.enable()
