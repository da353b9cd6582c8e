"""Readers: one function per input format, each turning decoded input into documents.

Every reader returns an :class:`Ingested` (the documents of one input, parents before children,
and the parts of the input it had to reject, such as one malformed line of a JSONL file) or raises
:class:`~presslens.errors.IngestError` when nothing in the input can be used.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..errors import IngestError
from ..model import Document, Meta, Source, Span, document_id, make_span
from .compilation import CompilationLayout, split_compilation
from .html import extract_html
from .layout import ArticleLayout, Region, plain_layout
from .meta import detect_language, iso_date, translated_from
from .sources import RawInput

PRODUCER = "ingest.v1"

JSONL_FIELDS = {
    "text": "the article text (required unless 'html' is given)",
    "html": "the article's HTML page; its main text is extracted with trafilatura",
    "title": "headline",
    "authors": "list of names, or one string with names separated by ';' or ' and '",
    "published": "publication date, any common format (also accepted: 'date')",
    "outlet": "publication name (also accepted: 'source', 'site')",
    "url": "the article's address",
    "language": "ISO 639-1 code; detected when absent",
    "translated_from": "ISO 639-1 code of the original language",
    "id": "your own id for the article, kept as meta.extra.user_id",
}
"""The documented fields of one JSONL line; any other field is kept under ``meta.extra``."""

_ALIASES = {"date": "published", "source": "outlet", "site": "outlet", "author": "authors"}


@dataclass(frozen=True, slots=True)
class Rejection:
    """An input, or a part of one, that could not be read, and why."""

    origin: str
    reason: str
    content_hash: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"origin": self.origin, "reason": self.reason, "content_hash": self.content_hash}


@dataclass(frozen=True, slots=True)
class Ingested:
    """The documents read from one input (parents first) and what in it was rejected."""

    origin: str
    content_hash: str
    docs: tuple[Document, ...]
    rejections: tuple[Rejection, ...] = field(default=())
    warnings: tuple[str, ...] = field(default=())


# -- helpers ---------------------------------------------------------------------------------


def _authors(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return tuple(p.strip() for p in re.split(r"\s*(?:;|\band\b|&)\s*", value) if p.strip())
    if isinstance(value, Sequence):
        return tuple(str(a).strip() for a in value if str(a).strip())
    return (str(value),)


def _shift(
    regions: Sequence[Region], offset: int, text: str, labels: set[str] | None = None
) -> list[Span]:
    """Regions inside ``text`` (input offsets minus ``offset``) as checked spans."""
    spans = []
    for r in regions:
        start, end = r.start - offset, r.end - offset
        if 0 <= start <= end <= len(text) and (labels is None or r.label in labels):
            spans.append(make_span(text, start, end, r.label, producer=PRODUCER))
    return spans


def _doc(
    text: str,
    raw: RawInput,
    fmt: str,
    encoding: str | None,
    meta: Meta,
    *,
    locator: str | None = None,
    rng: tuple[int, int] | None = None,
    parent_id: str | None = None,
    doc_id: str | None = None,
    furniture: Sequence[Span] = (),
) -> Document:
    if meta.language is None:
        meta = meta.__class__(**{**_meta_kwargs(meta), "language": detect_language(text)})
    source = Source(
        origin=raw.origin,
        format=fmt,
        locator=locator,
        encoding=encoding,
        content_hash=raw.content_hash,
        range=rng,
    )
    doc = Document(
        id=doc_id or document_id(raw.origin, text, locator),
        text=text,
        meta=meta,
        source=source,
        parent_id=parent_id,
    )
    return doc.with_layer("furniture", furniture) if furniture else doc


def _meta_kwargs(meta: Meta) -> dict[str, Any]:
    return {name: getattr(meta, name) for name in Meta.__slots__}


def _require_text(text: str, origin: str) -> str:
    if not text.strip():
        raise IngestError(origin, "no article text after removing titles and site furniture")
    return text


# -- plain text and Markdown -----------------------------------------------------------------


def read_text(raw: RawInput, text: str, encoding: str, fmt: str = "txt") -> Ingested:
    """A plain-text or Markdown file: one article, or a compilation post split into its articles."""
    layout = split_compilation(text)
    if layout is not None:
        return _read_compilation(raw, text, encoding, fmt, layout)
    art = plain_layout(text)
    body = _require_text(text[art.start : art.end], raw.origin)
    title = art.title
    if fmt == "md" and title:
        title = title.lstrip("#").strip() or None
    meta = Meta(
        title=title,
        authors=art.authors,
        published=art.published,
        related=art.related,
        translated_from=art.translated_from or translated_from(text[art.end :]),
    )
    furniture = _shift(art.regions, art.start, body)
    doc = _doc(body, raw, fmt, encoding, meta, rng=(art.start, art.end), furniture=furniture)
    return Ingested(raw.origin, raw.content_hash, (doc,))


def _read_compilation(
    raw: RawInput, text: str, encoding: str, fmt: str, layout: CompilationLayout
) -> Ingested:
    parent_id = document_id(raw.origin, text)
    children: list[Document] = []
    article_spans: list[Span] = []
    for i, art in enumerate(layout.articles, start=1):
        child = _child(raw, text, encoding, fmt, art, parent_id, i)
        children.append(child)
        article_spans.append(
            make_span(
                text, art.start, art.end, "article",
                attrs={"doc_id": child.id, "title": art.title}, producer=PRODUCER,
            )
        )  # fmt: skip
    notes = []
    if layout.preface is not None:
        notes.append(make_span(text, layout.preface.start, layout.preface.end, "editor_note",
                               producer=PRODUCER))  # fmt: skip
    regions = list(layout.regions)
    for art in layout.articles:
        regions.extend(art.regions)
    meta = Meta(
        title=layout.title,
        authors=layout.authors,
        published=layout.published,
        related=layout.related,
        translated_from=translated_from(text),
        extra={"compilation": True, "articles": len(children)},
    )
    parent = _doc(
        text, raw, fmt, encoding, meta, doc_id=parent_id, furniture=_shift(regions, 0, text)
    )
    parent = parent.with_layer("articles", article_spans)
    if notes:
        parent = parent.with_layer("notes", notes)
    return Ingested(raw.origin, raw.content_hash, (parent, *children))


def _child(
    raw: RawInput,
    text: str,
    encoding: str,
    fmt: str,
    art: ArticleLayout,
    parent_id: str,
    index: int,
) -> Document:
    body = _require_text(text[art.start : art.end], f"{raw.origin} (article {index})")
    meta = Meta(
        title=art.title,
        authors=art.authors,
        published=art.published,
        related=art.related,
        translated_from=art.translated_from,
    )
    return _doc(
        body, raw, fmt, encoding, meta,
        locator=f"article {index}", rng=(art.start, art.end), parent_id=parent_id,
        doc_id=f"{parent_id}-{index}", furniture=_shift(art.regions, art.start, body),
    )  # fmt: skip


# -- HTML ------------------------------------------------------------------------------------


def read_html(raw: RawInput, text: str, encoding: str) -> Ingested:
    """An HTML page: main text and metadata through trafilatura."""
    page = extract_html(text, url=raw.url, origin=raw.origin)
    meta = Meta(
        title=page.title,
        authors=page.authors,
        published=iso_date(page.published),
        outlet=page.outlet,
        url=page.url,
        language=page.language,
        translated_from=translated_from(page.text),
    )
    doc = _doc(page.text, raw, "html", encoding, meta)
    return Ingested(raw.origin, raw.content_hash, (doc,))


# -- JSON Lines and JSON ---------------------------------------------------------------------


MAX_JSON_DEPTH = 64
"""JSON input nested deeper than this is refused (a line of 100,000 brackets is an attack, not an
article)."""

_TEXT_FIELDS = ("text", "html", "title", "outlet", "url", "language", "translated_from")


class _NonFinite(float):
    """A NaN or Infinity read from JSON input, marked so it can be reported and dropped."""


def _constant(name: str) -> float:
    return _NonFinite(name.replace("Infinity", "inf"))


def json_depth(value: Any) -> int:
    """How deeply ``value`` nests lists and objects (0 for a scalar), without recursion."""
    depth = 0
    stack = [(value, 1)]
    while stack:
        item, level = stack.pop()
        if isinstance(item, dict):
            depth = max(depth, level)
            stack.extend((v, level + 1) for v in item.values())
        elif isinstance(item, list):
            depth = max(depth, level)
            stack.extend((v, level + 1) for v in item)
    return depth


def load_json(text: str, origin: str) -> Any:
    """Parse JSON input, turning every way it can fail into an :class:`IngestError`.

    Refused: malformed JSON, nesting deeper than :data:`MAX_JSON_DEPTH`, integers of more than
    4,300 digits. ``NaN`` and ``Infinity`` (not JSON, but common in exports) are read as
    :class:`_NonFinite` so that :func:`_record_doc` can drop them and say so."""
    try:
        data = json.loads(text, parse_constant=_constant)
    except json.JSONDecodeError as exc:
        raise IngestError(origin, f"malformed JSON: {exc.msg} (line {exc.lineno}, column "
                          f"{exc.colno})") from exc  # fmt: skip
    except RecursionError as exc:
        raise IngestError(
            origin, f"JSON nested too deeply (more than {MAX_JSON_DEPTH} levels are refused)"
        ) from exc
    except ValueError as exc:
        if "digits" in str(exc):  # Python refuses to read integers of over 4,300 digits
            raise IngestError(
                origin, "malformed JSON: a number has more than 4,300 digits (refused)"
            ) from exc
        raise IngestError(origin, f"malformed JSON: {exc}") from exc
    if json_depth(data) > MAX_JSON_DEPTH + 1:  # +1: the list of records in a .json file
        raise IngestError(
            origin, f"JSON nested too deeply (more than {MAX_JSON_DEPTH} levels are refused)"
        )
    return data


def _drop_non_finite(value: Any, path: str, found: list[str]) -> Any:
    if isinstance(value, _NonFinite) or (isinstance(value, float) and not math.isfinite(value)):
        found.append(path)
        return None
    if isinstance(value, dict):
        return {k: _drop_non_finite(v, f"{path}.{k}", found) for k, v in value.items()}
    if isinstance(value, list):
        return [_drop_non_finite(v, f"{path}[{i}]", found) for i, v in enumerate(value)]
    return value


def _type_name(value: Any) -> str:
    return {dict: "an object", list: "a list", bool: "true/false", int: "a number",
            float: "a number"}.get(type(value), type(value).__name__)  # fmt: skip


def _check_types(data: Mapping[str, Any], origin: str) -> None:
    """Refuse documented fields of the wrong type, naming the field (no silent ``str()``)."""
    for name in _TEXT_FIELDS:
        value = data.get(name)
        if value is not None and not isinstance(value, str):
            raise IngestError(origin, f"field {name!r} must be a string, got {_type_name(value)}")
    authors = data.get("authors")
    if authors is not None and not (
        isinstance(authors, str)
        or (isinstance(authors, list) and all(isinstance(a, str) for a in authors))
    ):
        raise IngestError(
            origin,
            f"field 'authors' must be a string or a list of strings, got {_type_name(authors)}"
            + (" holding other values" if isinstance(authors, list) else ""),
        )
    published = data.get("published")
    if published is not None and (
        isinstance(published, bool) or not isinstance(published, str | int | float)
    ):
        raise IngestError(
            origin, f"field 'published' must be a date string, got {_type_name(published)}"
        )
    user_id = data.get("id")
    if user_id is not None and (isinstance(user_id, bool) or not isinstance(user_id, str | int)):
        raise IngestError(origin, f"field 'id' must be a string or a number, got "
                          f"{_type_name(user_id)}")  # fmt: skip


def _record_meta(record: Mapping[str, Any], origin: str) -> tuple[Meta, str | None]:
    data: dict[str, Any] = {}
    for k, v in record.items():
        key = _ALIASES.get(k, k)
        if key in data and k != key:
            continue  # the documented name wins over its alias
        data[key] = v
    _check_types(data, origin)
    dropped: list[str] = []
    extra = {k: _drop_non_finite(v, k, dropped) for k, v in data.items() if k not in JSONL_FIELDS}
    if "id" in data:
        extra["user_id"] = data["id"]
    if isinstance(data.get("published"), float) and not math.isfinite(data["published"]):
        dropped.append("published")
        data["published"] = None
    if dropped:
        extra["ingest_warnings"] = [
            f"NaN or Infinity (not valid JSON) read as null in: {', '.join(dropped[:10])}"
        ]
    meta = Meta(
        title=(data["title"].strip() or None) if data.get("title") else None,
        authors=_authors(data.get("authors")),
        published=iso_date(data.get("published")),
        outlet=data.get("outlet") or None,
        url=data.get("url") or None,
        language=data.get("language") or None,
        translated_from=data.get("translated_from") or None,
        extra=extra,
    )
    return meta, data.get("html")


def _record_doc(raw: RawInput, record: Any, locator: str, encoding: str, fmt: str) -> Document:
    origin = f"{raw.origin}:{locator}"
    if not isinstance(record, Mapping):
        raise IngestError(origin, f"expected a JSON object, got {_type_name(record)}")
    meta, html = _record_meta(record, origin)
    text = record.get("text")
    if html and not (isinstance(text, str) and text.strip()):
        page = extract_html(html, url=meta.url, origin=origin)
        text = page.text
        meta = Meta(**{**_meta_kwargs(meta), "title": meta.title or page.title,
                       "authors": meta.authors or page.authors,
                       "published": meta.published or iso_date(page.published)})  # fmt: skip
    if not isinstance(text, str) or not text.strip():
        raise IngestError(origin, "the record has no 'text' (or 'html') field with content")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if meta.translated_from is None:
        meta = Meta(**{**_meta_kwargs(meta), "translated_from": translated_from(text)})
    return _doc(text, raw, fmt, encoding, meta, locator=locator)


def read_jsonl(raw: RawInput, text: str, encoding: str) -> Ingested:
    """One article per line; a malformed line is rejected on its own, the others are kept."""
    docs: list[Document] = []
    rejections: list[Rejection] = []
    for lineno, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        locator = f"line {lineno}"
        try:
            record = load_json(line, f"{raw.origin}:{locator}")
            docs.append(_record_doc(raw, record, locator, encoding, "jsonl"))
        except IngestError as exc:
            rejections.append(Rejection(exc.origin, exc.reason, raw.content_hash))
    if not docs:
        if rejections and len(rejections) == 1:
            raise IngestError(rejections[0].origin, rejections[0].reason)
        first = f" (first: {rejections[0].reason})" if rejections else ""
        raise IngestError(raw.origin, f"no usable line: every line is empty or malformed{first}")
    return Ingested(raw.origin, raw.content_hash, tuple(docs), tuple(rejections))


def read_json(raw: RawInput, text: str, encoding: str) -> Ingested:
    """A JSON file holding one article object or a list of them (same fields as JSONL)."""
    try:
        data = load_json(text, raw.origin)
    except IngestError:
        if "\n{" in text.strip() or text.lstrip().startswith("{"):
            return read_jsonl(raw, text, encoding)
        raise
    records = data if isinstance(data, list) else [data]
    docs, rejections = [], []
    for i, record in enumerate(records, start=1):
        try:
            docs.append(_record_doc(raw, record, f"item {i}", encoding, "json"))
        except IngestError as exc:
            rejections.append(Rejection(exc.origin, exc.reason, raw.content_hash))
    if not docs:
        raise IngestError(raw.origin, "no usable article in the JSON file")
    return Ingested(raw.origin, raw.content_hash, tuple(docs), tuple(rejections))
