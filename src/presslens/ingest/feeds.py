"""RSS and Atom feeds through feedparser: each entry becomes one document."""

from __future__ import annotations

import io
import re
from html import unescape
from typing import Any

from ..errors import IngestError
from ..model import Document, Meta
from .meta import iso_date, translated_from
from .readers import Ingested, Rejection, _authors, _doc
from .sources import RawInput

_BLOCK = re.compile(r"</?(p|div|li|h[1-6]|blockquote|section|article|tr)\b[^>]*>", re.I)
_BR = re.compile(r"<br\s*/?>", re.I)
_DECLARED = re.compile(r"""(<\?xml[^>]*encoding=["'])[^"']*(["'])""", re.I)


def looks_like_feed(text: str) -> bool:
    head = text[:2048].lower()
    return "<rss" in head or "<feed" in head or "<rdf:rdf" in head


def fragment_to_text(html: str) -> str:
    """Text of an HTML fragment from a feed entry, one paragraph per block element.

    Feed entries carry the article body alone (no navigation or comments), so this only turns
    markup into text; whole pages go through trafilatura instead.
    """
    import lxml.html

    if "<" not in html:
        return unescape(html).strip()
    marked = _BR.sub("\n", _BLOCK.sub("\n\n", html))
    try:
        text = lxml.html.fromstring(f"<div>{marked}</div>").text_content()
    except Exception:  # lxml raises several types on broken fragments
        text = re.sub(r"<[^>]+>", " ", marked)
    lines = [re.sub(r"[ \t\u00a0]+", " ", ln).strip() for ln in text.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


_ESCAPED = re.compile(r"&(?:amp|lt|gt|quot|apos|#\d+|#x[0-9a-f]+);", re.I)


def _plain_title(title: str | None) -> str | None:
    """An entry's title as plain text. RSS titles are often escaped twice (``A &amp;amp; B``),
    leaving ``&amp;`` after the XML parser; a plain-text title never means that literally."""
    if not title:
        return None
    return (unescape(title) if _ESCAPED.search(title) else title).strip() or None


def _entry_text(entry: Any) -> str:
    contents = entry.get("content") or []
    best = max((c.get("value", "") for c in contents), key=len, default="")
    summary = entry.get("summary", "") or ""
    return fragment_to_text(best if len(best) >= len(summary) else summary)


def read_feed(raw: RawInput, text: str, encoding: str) -> Ingested:
    """Each entry with text becomes a document; entries without text are rejected one by one.

    feedparser is given a stream of the input's bytes, never a string: given a string (or bytes)
    that looks like a URL or a path, it would fetch that URL or open that file."""
    import feedparser

    parsed = feedparser.parse(io.BytesIO(raw.data))
    entries = parsed.get("entries") or []
    if not entries:  # bytes feedparser cannot decode itself (e.g. UTF-16 without a mark)
        utf8 = _DECLARED.sub(r"\1utf-8\2", text, count=1).encode("utf-8")
        parsed = feedparser.parse(io.BytesIO(utf8))
        entries = parsed.get("entries") or []
    if not entries:
        why = parsed.get("bozo_exception")
        detail = f" ({why})" if why else ""
        raise IngestError(raw.origin, f"malformed or empty feed: no entries found{detail}")
    outlet = (parsed.get("feed") or {}).get("title") or None
    docs: list[Document] = []
    rejections: list[Rejection] = []
    for i, entry in enumerate(entries, start=1):
        locator = f"entry {i}"
        body = _entry_text(entry)
        if not body:
            rejections.append(
                Rejection(f"{raw.origin}:{locator}", "feed entry has no text", raw.content_hash)
            )
            continue
        authors = _authors([a.get("name", "") for a in entry.get("authors", []) if a])
        meta = Meta(
            title=_plain_title(entry.get("title")),
            authors=authors or _authors(entry.get("author")),
            published=iso_date(entry.get("published_parsed") or entry.get("updated_parsed"))
            or iso_date(entry.get("published")),
            outlet=outlet,
            url=entry.get("link") or None,
            language=None,
            translated_from=translated_from(body),
        )
        docs.append(_doc(body, raw, "feed", encoding, meta, locator=locator))
    if not docs:
        raise IngestError(raw.origin, "the feed's entries carry no text")
    return Ingested(raw.origin, raw.content_hash, tuple(docs), tuple(rejections))
