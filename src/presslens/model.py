"""The document model: immutable text, metadata, provenance and stand-off span layers.

A :class:`Document`'s text never changes once created. Every annotation is a :class:`Span` in a
named layer, with character offsets (Python code points, end exclusive) into that text. Spans are
built through :func:`make_span`, the one constructor that checks ``0 <= start <= end <= len(text)``;
:class:`Document` checks every span of every layer again when it is created, so an invalid span
cannot hide in a document.

Documents, spans, metadata and provenance are frozen dataclasses; "changing" one makes a copy
(:meth:`Document.with_layer`, :meth:`Document.replace`). The JSON form (:meth:`Document.to_dict`)
is versioned by :data:`SCHEMA_VERSION` and described by ``presslens/schema/document.schema.json``.
"""

from __future__ import annotations

import copyreg
import hashlib
import json
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, fields, replace
from pathlib import PurePath
from types import MappingProxyType
from typing import Any

from .errors import ModelError, SpanError

SCHEMA_VERSION = "1.2"
"""Version of the JSON form of documents: minor bumps add, major bumps change."""


def _read_only(mapping: dict[Any, Any]) -> MappingProxyType[Any, Any]:
    return MappingProxyType(mapping)


# Read-only mappings (document layers, metadata, the actor knowledge base) pickle as the dict
# they wrap, so documents and pipeline parts can be sent to worker processes.
copyreg.pickle(MappingProxyType, lambda m: (_read_only, (dict(m),)))


def _freeze(value: Any) -> Any:
    """Deep-freeze JSON-like values: dicts become read-only mappings, lists become tuples.

    NaN and infinities become None: the JSON form has no place for them (``json.dumps`` would
    write ``NaN``, which no JSON reader accepts)."""
    if isinstance(value, Mapping):
        return MappingProxyType({str(k): _freeze(v) for k, v in value.items()})
    if isinstance(value, list | tuple):
        return tuple(_freeze(v) for v in value)
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def json_safe(value: Any) -> Any:
    """``value`` (JSON-like) with NaN and infinities replaced by None, so that it can be written
    with ``allow_nan=False``: what presslens writes is JSON that every reader accepts."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, Mapping):
        return {k: json_safe(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [json_safe(v) for v in value]
    return value


def _thaw(value: Any) -> Any:
    """Inverse of :func:`_freeze`: plain dicts and lists, ready for ``json.dumps``."""
    if isinstance(value, Mapping):
        return {k: _thaw(v) for k, v in value.items()}
    if isinstance(value, tuple | list):
        return [_thaw(v) for v in value]
    return value


@dataclass(frozen=True, slots=True)
class Span:
    """One stand-off annotation: ``text[start:end]`` of its document carries ``label``.

    Build spans with :func:`make_span` (or :meth:`Document.span`), which checks the offsets against
    the text. ``attrs`` holds cross-references (other spans' keys, actor ids) and small values,
    never copies of text. ``producer`` is the component name and version, e.g. ``"sentences.v1"``.
    """

    start: int
    end: int
    label: str
    score: float | None = None
    attrs: Mapping[str, Any] = field(default_factory=dict)
    producer: str = ""

    def __post_init__(self) -> None:
        if not isinstance(self.start, int) or not isinstance(self.end, int):
            raise SpanError(f"span offsets must be integers, got {self.start!r}..{self.end!r}")
        if not 0 <= self.start <= self.end:
            raise SpanError(
                f"span {self.start}..{self.end} is invalid: need 0 <= start <= end "
                "(offsets are code points, end exclusive)"
            )
        if self.score is not None and not math.isfinite(self.score):
            raise SpanError(f"span score must be a finite number, got {self.score!r}")
        object.__setattr__(self, "attrs", _freeze(dict(self.attrs)))

    def __hash__(self) -> int:
        return hash((self.start, self.end, self.label, self.score, self.producer))

    @property
    def key(self) -> str:
        """A reference to this span inside its layer, used by cross-references."""
        return f"{self.start}-{self.end}:{self.label}"

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"start": self.start, "end": self.end, "label": self.label}
        if self.score is not None:
            out["score"] = self.score
        if self.attrs:
            out["attrs"] = _thaw(self.attrs)
        if self.producer:
            out["producer"] = self.producer
        return out

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Span:
        try:
            return cls(
                start=int(data["start"]),
                end=int(data["end"]),
                label=str(data["label"]),
                score=None if data.get("score") is None else float(data["score"]),
                attrs=dict(data.get("attrs") or {}),
                producer=str(data.get("producer") or ""),
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise ModelError(f"malformed span {dict(data)!r}: {exc}") from exc


def make_span(
    text: str,
    start: int,
    end: int,
    label: str,
    *,
    score: float | None = None,
    attrs: Mapping[str, Any] | None = None,
    producer: str = "",
) -> Span:
    """The checked constructor: a :class:`Span` whose offsets fit ``text``."""
    if not (isinstance(start, int) and isinstance(end, int) and 0 <= start <= end <= len(text)):
        raise SpanError(
            f"span {start!r}..{end!r} ({label!r}) does not fit a text of {len(text)} characters: "
            "need 0 <= start <= end <= len(text), offsets in code points, end exclusive"
        )
    return Span(start, end, label, score, dict(attrs or {}), producer)


@dataclass(frozen=True, slots=True)
class Meta:
    """What is known about an article: who wrote it, when, where, in which language."""

    title: str | None = None
    authors: tuple[str, ...] = ()
    published: str | None = None  # ISO 8601 date or datetime
    outlet: str | None = None
    url: str | None = None
    language: str | None = None  # ISO 639-1
    translated_from: str | None = None  # ISO 639-1
    related: tuple[
        Mapping[str, Any], ...
    ] = ()  # related-article links: {"title", "published"?, "url"?}
    extra: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        object.__setattr__(self, "authors", tuple(str(a) for a in self.authors))
        object.__setattr__(self, "related", tuple(_freeze(dict(r)) for r in self.related))
        object.__setattr__(self, "extra", _freeze(dict(self.extra)))

    def to_dict(self) -> dict[str, Any]:
        return {f.name: _thaw(getattr(self, f.name)) for f in fields(self)}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Meta:
        known = {f.name for f in fields(cls)}
        unknown = set(data) - known
        if unknown:
            raise ModelError(f"unknown metadata fields {sorted(unknown)}; put them under 'extra'")
        return cls(**{k: v for k, v in data.items() if v is not None})


@dataclass(frozen=True, slots=True)
class Source:
    """Provenance: where a document's text came from.

    ``origin`` is a path, URL or ``<stdin>``; ``format`` the reader that read it (``txt``, ``md``,
    ``html``, ``jsonl``, ``feed``). ``locator`` points inside the origin (``line 3``, ``entry 2``).
    ``range`` is the character range of :attr:`Document.text` inside the decoded input (or inside
    the parent's text for split articles), so ``parent.text[range[0]:range[1]] == child.text``.
    ``content_hash`` is the SHA-256 of the input bytes the document came from.
    """

    origin: str
    format: str
    locator: str | None = None
    encoding: str | None = None
    content_hash: str | None = None
    range: tuple[int, int] | None = None

    def __post_init__(self) -> None:
        if self.range is not None:
            start, end = (int(x) for x in self.range)
            if not 0 <= start <= end:
                raise SpanError(f"source range {start}..{end} is invalid")
            object.__setattr__(self, "range", (start, end))

    def to_dict(self) -> dict[str, Any]:
        out = {f.name: getattr(self, f.name) for f in fields(self)}
        out["range"] = list(self.range) if self.range is not None else None
        return out

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Source:
        try:
            rng = data.get("range")
            return cls(
                origin=str(data["origin"]),
                format=str(data["format"]),
                locator=data.get("locator"),
                encoding=data.get("encoding"),
                content_hash=data.get("content_hash"),
                range=None if rng is None else (int(rng[0]), int(rng[1])),
            )
        except (KeyError, TypeError, ValueError, IndexError) as exc:
            raise ModelError(f"malformed source {dict(data)!r}: {exc}") from exc


def document_id(origin: str, text: str, locator: str | None = None) -> str:
    """A stable id from where a document came from and what it says."""
    digest = hashlib.sha256(f"{origin}\x00{locator or ''}\x00{text}".encode()).hexdigest()
    return f"d{digest[:15]}"


@dataclass(frozen=True, slots=True)
class Document:
    """An article (or a compilation post holding several) with its stand-off layers."""

    id: str
    text: str
    meta: Meta = field(default_factory=Meta)
    source: Source = field(default_factory=lambda: Source(origin="<memory>", format="txt"))
    parent_id: str | None = None
    layers: Mapping[str, tuple[Span, ...]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not isinstance(self.text, str):
            raise ModelError(f"document text must be str, got {type(self.text).__name__}")
        if not self.id:
            raise ModelError("document id must be a non-empty string")
        if self.parent_id == self.id:
            raise ModelError(f"document {self.id} cannot be its own parent")
        frozen: dict[str, tuple[Span, ...]] = {}
        for name, spans in self.layers.items():
            checked = tuple(spans)
            for s in checked:
                if not isinstance(s, Span):
                    raise ModelError(f"layer {name!r} holds {type(s).__name__}, expected Span")
                if s.end > len(self.text):
                    raise SpanError(
                        f"span {s.start}..{s.end} in layer {name!r} of document {self.id} runs "
                        "past "
                        f"the end of its text ({len(self.text)} characters)"
                    )
            frozen[str(name)] = checked
        object.__setattr__(self, "layers", MappingProxyType(frozen))

    def __hash__(self) -> int:
        return hash((self.id, self.text))

    # -- building -----------------------------------------------------------------------------
    def span(self, start: int, end: int, label: str, **kwargs: Any) -> Span:
        """Make a span checked against this document's text (see :func:`make_span`)."""
        return make_span(self.text, start, end, label, **kwargs)

    def with_layer(self, name: str, spans: Iterable[Span]) -> Document:
        """A copy with layer ``name`` set to ``spans`` (sorted by offsets)."""
        layers = dict(self.layers)
        layers[name] = tuple(sorted(spans, key=lambda s: (s.start, s.end, s.label)))
        return replace(self, layers=layers)

    def replace(self, **changes: Any) -> Document:
        """A copy with some fields changed (the text included: layers are checked again)."""
        return replace(self, **changes)

    def layer(self, name: str) -> tuple[Span, ...]:
        """The spans of layer ``name`` (empty when the layer is absent)."""
        return self.layers.get(name, ())

    def text_of(self, span: Span) -> str:
        return self.text[span.start : span.end]

    # -- JSON form ----------------------------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        return {
            "schema_version": SCHEMA_VERSION,
            "id": self.id,
            "parent_id": self.parent_id,
            "source": self.source.to_dict(),
            "meta": self.meta.to_dict(),
            "text": self.text,
            "layers": {name: [s.to_dict() for s in spans] for name, spans in self.layers.items()},
        }

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, sort_keys=False, allow_nan=False)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Document:
        version = str(data.get("schema_version", SCHEMA_VERSION))
        if version.split(".")[0] != SCHEMA_VERSION.split(".")[0]:
            raise ModelError(
                f"document JSON has schema_version {version}, this presslens reads "
                f"{SCHEMA_VERSION.split('.')[0]}.x; re-run `presslens analyze` to rebuild it"
            )
        try:
            layers = {
                str(name): tuple(Span.from_dict(s) for s in spans)
                for name, spans in (data.get("layers") or {}).items()
            }
            return cls(
                id=str(data["id"]),
                text=data["text"],
                meta=Meta.from_dict(data.get("meta") or {}),
                source=Source.from_dict(data["source"]),
                parent_id=data.get("parent_id"),
                layers=layers,
            )
        except KeyError as exc:
            raise ModelError(f"document JSON lacks the required field {exc.args[0]!r}") from exc

    @classmethod
    def from_json(cls, raw: str) -> Document:
        try:
            data = json.loads(raw)
        except json.JSONDecodeError as exc:
            raise ModelError(f"document JSON does not parse: {exc}") from exc
        if not isinstance(data, dict):
            raise ModelError("document JSON must be an object")
        return cls.from_dict(data)


def is_container(doc: Document) -> bool:
    """True for a compilation post whose articles were split out as child documents.

    Analyses of content (actors, quotes, techniques, ...) run on the articles, not on the post,
    so nothing is counted twice.
    """
    return bool(doc.meta.extra.get("compilation"))


def in_english(doc: Document) -> bool:
    """True unless ingest recorded another language than English.

    The trained layers (techniques, claims, subjectivity, stance) learnt English only; on other
    languages they leave their layer empty rather than guess.
    """
    return doc.meta.language in (None, "en")


def source_of(doc: Document) -> str:
    """The source a document speaks for: its outlet, else its first author, else its file name
    (or the last part of its URL). Views that compare sources group documents by this."""
    if doc.meta.outlet:
        return doc.meta.outlet
    if doc.meta.authors:
        return doc.meta.authors[0]
    origin = doc.source.origin
    if "://" in origin:
        return origin.rstrip("/").rsplit("/", 1)[-1] or origin
    if origin.startswith("<"):
        return origin
    return PurePath(origin).name or origin or doc.id
