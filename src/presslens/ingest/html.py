"""HTML pages: main text and metadata through trafilatura.

trafilatura does the boilerplate removal (navigation, comments, share bars, footers); this module
only wraps it, normalises its metadata into our fields, and turns its failures into clear reasons.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..errors import IngestError

_MIN_MARKUP = re.compile(r"<\s*(html|body|p|div|article|head|title|h[1-6]|span|br)\b", re.I)


@dataclass(frozen=True, slots=True)
class HtmlArticle:
    """What trafilatura found on one page."""

    text: str
    title: str | None
    authors: tuple[str, ...]
    published: str | None
    url: str | None
    outlet: str | None
    language: str | None


def _split_authors(raw: str | None) -> tuple[str, ...]:
    if not raw:
        return ()
    parts = re.split(r"\s*(?:;|\band\b|&)\s*", raw)
    return tuple(p.strip() for p in parts if p.strip())


def looks_like_html(text: str) -> bool:
    """True when ``text`` has HTML markup in its first few kilobytes."""
    return bool(_MIN_MARKUP.search(text[:8192]))


def extract_html(html: str, *, url: str | None = None, origin: str = "<html>") -> HtmlArticle:
    """Extract the article text and metadata of one HTML page.

    Raises :class:`IngestError` when the page has no markup or no main text can be found (an
    empty page, a truncated file that stops before its body, a page that is all navigation).
    """
    import trafilatura

    if not looks_like_html(html):
        raise IngestError(
            origin, "no HTML markup found; save the page as .html or the text as .txt"
        )
    try:
        doc = trafilatura.bare_extraction(
            html,
            url=url,
            with_metadata=True,
            include_comments=False,
            favor_precision=True,
            include_tables=True,
            deduplicate=False,
        )
    except Exception as exc:  # trafilatura raises assorted lxml errors on broken markup
        raise IngestError(
            origin, f"HTML could not be parsed ({type(exc).__name__}: {exc})"
        ) from exc
    if doc is None or isinstance(doc, dict):
        raise IngestError(origin, "no article text found in the HTML (trafilatura found no body)")
    text = (doc.text or "").strip()
    if len(re.findall(r"\w+", text)) < 3:
        raise IngestError(
            origin,
            "no article text found in the HTML (empty, truncated before the body, or only "
            "navigation); check the file opens in a browser",
        )
    return HtmlArticle(
        text=text,
        title=(doc.title or None),
        authors=_split_authors(doc.author),
        published=(doc.date or None),
        url=(doc.url or url or None),
        outlet=(doc.sitename or None),
        language=(doc.language or None),
    )
