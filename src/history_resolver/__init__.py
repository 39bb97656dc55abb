"""Resolve a Discovr watch history into each episode's progress, completion and why.

The engine is pure: it reads no clock, file or environment; ``now`` is always given.
"""

from ._document import resolve_document
from ._errors import Diagnostic, HistoryResolverError, InvalidInputError, Severity
from ._ids import MediaId, MediaKind
from ._incremental import Resolver
from ._model import (
    Basis,
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
from ._resolution import Resolution, resolve
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
    "Options",
    "Resolution",
    "Resolver",
    "SeasonSummary",
    "Severity",
    "ShowSummary",
    "Timestamp",
    "catalog_from_tmdb",
    "resolve",
    "resolve_document",
]

__version__ = "0.1.0"
