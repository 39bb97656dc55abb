"""Resolve a Discovr watch history into each episode's progress, completion and why.

The engine is pure: it reads no clock, file or environment; ``now`` is always given.

The public names below load their machinery on first use (PEP 562), so that
``import history_resolver`` costs next to nothing for a process that may not resolve at all
(a command that fails on its arguments, a server that imports everything at start-up).
"""

from __future__ import annotations

import importlib as _importlib

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (a third of the cost)
if TYPE_CHECKING:  # what the names are, for type checkers and readers
    from ._document import resolve_document
    from ._engine import Basis
    from ._errors import Diagnostic, HistoryResolverError, InvalidInputError, Severity
    from ._ids import MediaId, MediaKind
    from ._incremental import Resolver
    from ._jsonio import resolve_json
    from ._model import (
        CatalogEpisode,
        EpisodeRef,
        EpisodeState,
        HistoryEntry,
        InProgressItem,
        MovieState,
        Options,
        SeasonSummary,
        ShowSummary,
    )
    from ._options import OnInvalid
    from ._readers import catalog_from_json, history_from_json, options_from_json
    from ._resolution import Resolution, resolve
    from ._schema import SchemaKind, schema
    from ._time import Timestamp
    from ._tmdb import catalog_from_tmdb

__all__ = [
    "Basis",
    "CatalogEpisode",
    "Diagnostic",
    "EpisodeRef",
    "EpisodeState",
    "HistoryEntry",
    "HistoryResolverError",
    "InProgressItem",
    "InvalidInputError",
    "MediaId",
    "MediaKind",
    "MovieState",
    "OnInvalid",
    "Options",
    "Resolution",
    "Resolver",
    "SchemaKind",
    "SeasonSummary",
    "Severity",
    "ShowSummary",
    "Timestamp",
    "catalog_from_json",
    "catalog_from_tmdb",
    "history_from_json",
    "options_from_json",
    "resolve",
    "resolve_document",
    "resolve_json",
    "schema",
]

__version__ = "0.1.0"

_HOME = {
    "resolve_document": "_document",
    "Basis": "_engine",
    "Diagnostic": "_errors",
    "HistoryResolverError": "_errors",
    "InvalidInputError": "_errors",
    "Severity": "_errors",
    "MediaId": "_ids",
    "MediaKind": "_ids",
    "Resolver": "_incremental",
    "resolve_json": "_jsonio",
    "CatalogEpisode": "_model",
    "EpisodeRef": "_model",
    "EpisodeState": "_model",
    "HistoryEntry": "_model",
    "InProgressItem": "_model",
    "MovieState": "_model",
    "Options": "_model",
    "SeasonSummary": "_model",
    "ShowSummary": "_model",
    "OnInvalid": "_options",
    "catalog_from_json": "_readers",
    "history_from_json": "_readers",
    "options_from_json": "_readers",
    "Resolution": "_resolution",
    "resolve": "_resolution",
    "SchemaKind": "_schema",
    "schema": "_schema",
    "Timestamp": "_time",
    "catalog_from_tmdb": "_tmdb",
}


def __getattr__(name: str) -> object:  # object, not Any: a misspelt name stays an error
    home = _HOME.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(_importlib.import_module(f".{home}", __name__), name)
    globals()[name] = value  # loaded once
    return value


def __dir__() -> list[str]:
    return sorted([*__all__, "__version__"])
