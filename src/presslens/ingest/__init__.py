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
from .sources import DEFAULT_MAX_BYTES, DEFAULT_MAX_CHARS, RawInput, expand

__all__ = [
    "DEFAULT_MAX_BYTES",
    "DEFAULT_MAX_CHARS",
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


def read_input(raw: RawInput, *, max_chars: int = DEFAULT_MAX_CHARS) -> Ingested:
    """Decode and read one input; raises :class:`IngestError` when nothing in it is usable.

    Any failure inside one input becomes an :class:`IngestError` with a reason (a reader's bug
    included), so one bad input never stops a run. Documents over ``max_chars`` characters are
    rejected one by one, with their parts."""
    try:
        result = _read_input(raw)
    except IngestError:
        raise
    except RecursionError as exc:
        raise IngestError(raw.origin, "the input is nested too deeply to be read") from exc
    except MemoryError as exc:
        raise IngestError(raw.origin, "the input needs more memory than there is") from exc
    except Exception as exc:  # a reader's bug must not stop the run: record it, go on
        raise IngestError(
            raw.origin,
            f"could not be read ({type(exc).__name__}: {str(exc)[:200]}); please report this "
            "with the file",
        ) from exc
    return _bounded(result, max_chars)


def _bounded(result: Ingested, max_chars: int) -> Ingested:
    too_long = {d.id for d in result.docs if len(d.text) > max_chars}
    if not too_long:
        return result
    too_long |= {d.id for d in result.docs if d.parent_id in too_long}
    kept = tuple(d for d in result.docs if d.id not in too_long)
    refused = tuple(
        Rejection(
            f"{d.source.origin}:{d.source.locator}" if d.source.locator else d.source.origin,
            f"document is {len(d.text):,} characters, over the {max_chars:,}-character limit "
            "(split it, or raise the limit with --max-chars)",
            result.content_hash,
        )
        for d in result.docs
        if d.id in too_long and d.parent_id not in too_long
    )
    if not kept:
        raise IngestError(refused[0].origin, refused[0].reason)
    return replace(result, docs=kept, rejections=(*result.rejections, *refused))


def _with_warnings(result: Ingested, warnings: tuple[str, ...]) -> Ingested:
    if not warnings:
        return result
    docs = []
    for doc in result.docs:
        extra = dict(doc.meta.extra)
        extra["ingest_warnings"] = [*extra.get("ingest_warnings", ()), *warnings]
        docs.append(doc.replace(meta=replace(doc.meta, extra=extra)))
    return replace(result, docs=tuple(docs), warnings=(*result.warnings, *warnings))


def _read_input(raw: RawInput) -> Ingested:
    decoded = decode_bytes(raw.data, raw.origin)
    return _with_warnings(_read_decoded(raw, decoded.text, decoded.encoding), decoded.warnings)


def _read_decoded(raw: RawInput, text: str, encoding: str) -> Ingested:
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
    max_chars: int = DEFAULT_MAX_CHARS,
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
            yield read_input(item, max_chars=max_chars)
        except IngestError as exc:
            yield Rejection(exc.origin, exc.reason, item.content_hash)


def ingest_text(text: str, *, origin: str = "<memory>", fmt: str = "txt") -> list[Document]:
    """Documents from a string, as if read from a file of format ``fmt``."""
    result = read_input(RawInput(origin, text.encode("utf-8"), fmt))
    return list(result.docs)
