"""The one exception hierarchy of presslens.

Every error the library raises on purpose is a :class:`PresslensError`. Messages say what
happened and how to fix it. Foreign exceptions are translated at the boundary with
``raise ... from exc`` so that callers only ever need to catch these::

    PresslensError
    ├── SpanError          a span does not fit its document's text
    ├── ModelError         a document or span could not be built or read back (bad JSON form)
    ├── IngestError        an input could not be read; carries ``origin`` and a one-line ``reason``
    ├── PipelineError      components that do not fit together (checked when the pipeline is built)
    │   └── AnalysisError  a component failed on one document; the run records it and goes on
    ├── StoreError         the embedded store could not be opened, read or written
    │   └── SearchLimitError   a search is too long, has too many terms or ran out of time
    ├── EvaluationError    a gold set or dataset folder is missing or malformed
    └── MissingExtraError  an optional dependency is not installed; names the extra to install
"""

from __future__ import annotations


class PresslensError(Exception):
    """Base class of every error presslens raises on purpose."""


class SpanError(PresslensError, ValueError):
    """A span's offsets do not fit the text it annotates."""


class ModelError(PresslensError, ValueError):
    """A document, span or their JSON form is malformed."""


class IngestError(PresslensError):
    """An input could not be turned into documents.

    ``origin`` names the input (a path, URL, ``<stdin>`` or ``path:line``) and ``reason`` is a
    one-line explanation suitable for ``rejected.jsonl`` and stderr.
    """

    def __init__(self, origin: str, reason: str) -> None:
        self.origin = origin
        self.reason = reason
        super().__init__(f"{origin}: {reason}")


class PipelineError(PresslensError):
    """Pipeline components that do not fit together."""


class AnalysisError(PipelineError):
    """A component raised on one document. ``component`` and ``doc_id`` say where; the run
    records the document as rejected with :attr:`reason` and goes on with the others."""

    def __init__(self, component: str, doc_id: str, cause: BaseException) -> None:
        self.component = component
        self.doc_id = doc_id
        detail = str(cause).splitlines()[0][:200] if str(cause) else ""
        self.reason = (
            f"analysis failed in the {component!r} component ({type(cause).__name__}"
            + (f": {detail}" if detail else "")
            + "); the other documents were analysed. Please report this with the input"
        )
        super().__init__(f"{doc_id}: {self.reason}")


class StoreError(PresslensError):
    """The embedded store could not be opened, read or written."""


class SearchLimitError(StoreError):
    """A full-text search over a bound: too many characters or terms, or out of time.

    ``limit`` names the bound (``"length"``, ``"terms"`` or ``"time"``); the message says how to
    narrow the query.
    """

    def __init__(self, limit: str, message: str) -> None:
        self.limit = limit
        super().__init__(message)


class EvaluationError(PresslensError):
    """A dataset for evaluation is missing or malformed."""


class MissingExtraError(PresslensError, ImportError):
    """An optional dependency is missing; the message names the extra that installs it."""

    def __init__(self, package: str, extra: str, feature: str) -> None:
        self.package = package
        self.extra = extra
        super().__init__(
            f"{feature} needs the optional package {package!r}, which is not installed. "
            f"Install it with: pip install 'presslens[{extra}]'"
        )


def require(module: str, *, extra: str, feature: str) -> object:
    """Import an optional dependency or raise :class:`MissingExtraError` naming the extra."""
    import importlib

    try:
        return importlib.import_module(module)
    except ImportError as exc:
        raise MissingExtraError(module, extra, feature) from exc
