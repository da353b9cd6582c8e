"""Readers: one function per input format, each turning decoded input into documents.

Every reader returns an :class:`Ingested` (the documents of one input, parents before children,
and the parts of the input it had to reject, such as one malformed line of a JSONL file) or raises
:class:`~presslens.errors.IngestError` when nothing in the input can be used.
"""

from __future__ import annotations

import json
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


def _record_meta(record: Mapping[str, Any]) -> tuple[Meta, str | None]:
    data = {_ALIASES.get(k, k): v for k, v in record.items()}
    extra = {k: v for k, v in data.items() if k not in JSONL_FIELDS}
    if "id" in data:
        extra["user_id"] = data["id"]
    meta = Meta(
        title=(str(data["title"]).strip() or None) if data.get("title") else None,
        authors=_authors(data.get("authors")),
        published=iso_date(data.get("published")),
        outlet=str(data["outlet"]) if data.get("outlet") else None,
        url=str(data["url"]) if data.get("url") else None,
        language=str(data["language"]) if data.get("language") else None,
        translated_from=str(data["translated_from"]) if data.get("translated_from") else None,
        extra=extra,
    )
    html = data.get("html")
    return meta, html if isinstance(html, str) else None


def _record_doc(raw: RawInput, record: Any, locator: str, encoding: str, fmt: str) -> Document:
    origin = f"{raw.origin}:{locator}"
    if not isinstance(record, Mapping):
        raise IngestError(origin, f"expected a JSON object, got {type(record).__name__}")
    meta, html = _record_meta(record)
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
            record = json.loads(line)
            docs.append(_record_doc(raw, record, locator, encoding, "jsonl"))
        except json.JSONDecodeError as exc:
            rejections.append(
                Rejection(
                    f"{raw.origin}:{locator}",
                    f"malformed JSON: {exc.msg} (column {exc.colno})",
                    raw.content_hash,
                )
            )
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
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        if "\n{" in text or text.lstrip().startswith("{"):
            return read_jsonl(raw, text, encoding)
        raise IngestError(raw.origin, f"malformed JSON: {exc.msg} at line {exc.lineno}") from exc
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
