"""presslens: what each source says and how it says it.

The public API::

    from presslens import analyze, ingest_text, Document, Span, make_span, Store
    from presslens.ingest import ingest   # the streaming reader
"""

from __future__ import annotations

from .errors import (
    EvaluationError,
    IngestError,
    MissingExtraError,
    ModelError,
    PipelineError,
    PresslensError,
    SpanError,
    StoreError,
)
from .model import SCHEMA_VERSION, Document, Meta, Source, Span, make_span
from .version import __version__

__all__ = [
    "SCHEMA_VERSION",
    "Document",
    "EvaluationError",
    "IngestError",
    "Meta",
    "MissingExtraError",
    "ModelError",
    "PipelineError",
    "PresslensError",
    "Source",
    "Span",
    "SpanError",
    "Store",
    "StoreError",
    "__version__",
    "analyze",
    "ingest_text",
    "make_span",
]


def __getattr__(name: str) -> object:
    """Lazy access to the heavier entry points (keeps ``import presslens`` fast)."""
    if name == "analyze":
        from .api import analyze

        return analyze
    if name == "ingest_text":
        from .ingest import ingest_text

        return ingest_text
    if name == "Store":
        from .store import Store

        return Store
    raise AttributeError(f"module 'presslens' has no attribute {name!r}")
