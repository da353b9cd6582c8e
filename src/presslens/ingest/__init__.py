"""Ingestion: from what a user has (files, folders, globs, stdin, URLs) to documents.

>>> from presslens.ingest import ingest
>>> for result in ingest(["examples/corpus"]):          # doctest: +SKIP
...     print(result)

:func:`ingest` yields one :class:`Ingested` per readable input and one :class:`Rejection` per
input that could not be used, with a one-line reason; it never stops at a bad input.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import replace
from typing import BinaryIO

from ..errors import IngestError
from ..model import Document
from .decode import decode_bytes
from .feeds import looks_like_feed, read_feed
from .html import looks_like_html
from .readers import JSONL_FIELDS, Ingested, Rejection, read_html, read_json, read_jsonl, read_text
from .sources import DEFAULT_MAX_BYTES, RawInput, expand

__all__ = [
    "DEFAULT_MAX_BYTES",
    "JSONL_FIELDS",
    "Ingested",
    "RawInput",
    "Rejection",
    "ingest",
    "ingest_text",
    "read_input",
]


def _sniff(text: str) -> str:
    head = text.lstrip()[:1]
    if head in ("{", "["):
        return "json" if head == "[" else "jsonl"
    if looks_like_feed(text):
        return "feed"
    if looks_like_html(text):
        return "html"
    return "txt"


def read_input(raw: RawInput) -> Ingested:
    """Decode and read one input; raises :class:`IngestError` when nothing in it is usable."""
    decoded = decode_bytes(raw.data, raw.origin)
    text, encoding = decoded.text, decoded.encoding
    fmt = raw.format_hint or _sniff(text)
    if fmt == "feed" and not looks_like_feed(text):
        fmt = "html" if looks_like_html(text) else "txt"
    if fmt == "txt" and looks_like_feed(text):
        fmt = "feed"
    if fmt in ("txt", "md"):
        return read_text(raw, text, encoding, fmt)
    if fmt == "html":
        return read_html(raw, text, encoding)
    if fmt == "jsonl":
        return read_jsonl(raw, text, encoding)
    if fmt == "json":
        return read_json(raw, text, encoding)
    if fmt == "feed":
        return read_feed(raw, text, encoding)
    raise IngestError(raw.origin, f"unknown input format {fmt!r}")  # pragma: no cover


def ingest(
    specs: Iterable[str],
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    allow_network: bool = False,
    stdin: BinaryIO | None = None,
    origins: Mapping[str, str] | None = None,
) -> Iterator[Ingested | Rejection]:
    """Read every input; yield its documents, or a :class:`Rejection` with the reason.

    ``origins`` gives some inputs another name to be known by (the file's path is the default):
    the documents' ``source.origin``, and so their ids, use it. The web UI names uploads this
    way, since the files it analyses live in a folder that is deleted after the job."""
    rename = origins or {}
    for item in expand(list(specs), max_bytes=max_bytes, allow_network=allow_network, stdin=stdin):
        if isinstance(item, IngestError):
            yield Rejection(rename.get(item.origin, item.origin), item.reason)
            continue
        if item.origin in rename:
            item = replace(item, origin=rename[item.origin])
        try:
            yield read_input(item)
        except IngestError as exc:
            yield Rejection(exc.origin, exc.reason, item.content_hash)


def ingest_text(text: str, *, origin: str = "<memory>", fmt: str = "txt") -> list[Document]:
    """Documents from a string, as if read from a file of format ``fmt``."""
    result = read_input(RawInput(origin, text.encode("utf-8"), fmt))
    return list(result.docs)
