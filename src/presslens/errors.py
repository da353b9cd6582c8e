"""The one exception hierarchy of presslens.

Every error the library raises on purpose is a :class:`PresslensError`. Messages say what
happened and how to fix it. Foreign exceptions are translated at the boundary with
``raise ... from exc`` so that callers only ever need to catch these::

    PresslensError
    ├── SpanError          a span does not fit its document's text
    ├── ModelError         a document or span could not be built or read back (bad JSON form)
    ├── IngestError        an input could not be read; carries ``origin`` and a one-line ``reason``
    ├── PipelineError      components that do not fit together (checked when the pipeline is built)
    ├── StoreError         the embedded store could not be opened, read or written
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


class StoreError(PresslensError):
    """The embedded store could not be opened, read or written."""


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
