"""The report's view of a corpus: sources, articles, compilations and the overview figures.

Pure functions of documents, corpus results and rejections; :mod:`.builder` renders what they
return. An *article* is any document except a compilation post whose articles are present (the
post is shown as a note above its articles, not as one more article).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import PurePath
from typing import Any

from markupsafe import Markup, escape

from ..model import Document, Span, is_container, source_of
from .evidence import Evidence
from .highlight import render_marked
from .layers import Ref, anchor_id, article_anchor, article_marks, quote_speaker
from .palette import source_colour, technique_colour, technique_name

__all__ = [
    "ArticleView",
    "SourceView",
    "article_view",
    "articles_of",
    "compilations_of",
    "overview",
    "parse_date",
    "reused_layers",
    "sources_of",
]

SNIPPET = 140


def parse_date(value: str | None) -> date | None:
    """The date of an ISO 8601 date or timestamp, or ``None``."""
    if not value:
        return None
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00")).date()
    except ValueError:
        try:
            return date.fromisoformat(value[:10])
        except ValueError:
            return None


def _snippet(text: str, size: int = SNIPPET) -> str:
    text = " ".join(text.split())
    return text if len(text) <= size else text[: size - 1].rstrip() + "…"


def articles_of(docs: Sequence[Document]) -> list[Document]:
    """The documents shown as articles, by date (undated last), then source and title."""
    parents = {d.parent_id for d in docs if d.parent_id}
    shown = [d for d in docs if not (is_container(d) and d.id in parents)]
    return sorted(
        shown,
        key=lambda d: (
            parse_date(d.meta.published) is None,
            parse_date(d.meta.published) or date.min,
            source_of(d).lower(),
            d.meta.title or "",
            d.id,
        ),
    )


@dataclass(slots=True)
class Occurrence:
    href: str
    snippet: str


@dataclass(slots=True)
class Facet:
    """A label inside one article with links to each of its spans."""

    name: str
    links: list[Occurrence]
    colour: str | None = None
    key: str = ""


@dataclass(slots=True)
class ArticleView:
    doc: Document
    anchor: str
    source: str
    colour: str
    title: str
    published: str | None
    parent_title: str | None
    body: Markup
    key_sentences: list[Occurrence] = field(default_factory=list)
    techniques: list[Facet] = field(default_factory=list)
    quotes: list[Facet] = field(default_factory=list)
    actors: list[Facet] = field(default_factory=list)
    layers: list[str] = field(default_factory=list)
    url: str | None = None
    words: int = 0
    full: bool = True  # False: listed with an excerpt, its text left out of the report


def _safe_url(url: str | None) -> str | None:
    """Only http(s) URLs become links (never ``javascript:`` or ``data:``)."""
    if url and url.strip().lower().startswith(("http://", "https://")):
        return url.strip()
    return None


def _facets(
    doc: Document, spans: Sequence[Span], layer: str, key: Any, name: Any, cap: int = 25
) -> list[Facet]:
    groups: dict[str, Facet] = {}
    for span in spans:
        k = key(span)
        if k is None:
            continue
        facet = groups.setdefault(k, Facet(name(span), [], key=k))
        if len(facet.links) < cap:
            href = "#" + anchor_id(doc.id, layer, span.start, span.end)
            facet.links.append(Occurrence(href, _snippet(doc.text_of(span), 90)))
    return sorted(groups.values(), key=lambda f: (-len(f.links), f.name.lower()))


EXCERPT = 400
"""Characters of an article's opening shown when its text is left out of the report."""


def article_summary(doc: Document, *, parent: Document | None = None,
                    colour: str = "#1f5fa8") -> ArticleView:  # fmt: skip
    """An article listed without its text: metadata and the opening lines, so that links to it
    land somewhere and a reader can find it in the web UI or with ``presslens show``."""
    opening = doc.text[:EXCERPT].rstrip() + ("…" if len(doc.text) > EXCERPT else "")
    return _view(doc, parent, colour, Markup(escape(opening)), full=False)


def _view(
    doc: Document, parent: Document | None, colour: str, body: Markup, *, full: bool = True
) -> ArticleView:
    """An article's header fields and ``body``; the side panel is filled in by the caller."""
    return ArticleView(
        doc=doc,
        anchor=article_anchor(doc.id),
        source=source_of(doc),
        colour=colour,
        title=doc.meta.title or source_of(doc),
        published=doc.meta.published,
        parent_title=(parent.meta.title or source_of(parent)) if parent else None,
        body=body,
        url=_safe_url(doc.meta.url),
        words=len(doc.text.split()),
        full=full,
    )


def article_view(
    doc: Document,
    *,
    parent: Document | None = None,
    colour: str = "#1f5fa8",
    extra: Mapping[str, Sequence[Span]] | None = None,
    refs: Sequence[Ref] = (),
) -> ArticleView:
    """One article with its highlighted text and its side panel (key sentences, techniques,
    quotes by speaker, actors), every entry a link to its spans."""
    body = Markup(render_marked(doc.text, article_marks(doc, extra=extra, refs=refs)))
    ranked = sorted(doc.layer("key_sentences"), key=lambda s: (s.attrs.get("rank", 999), s.start))
    view = _view(doc, parent, colour, body)
    view.key_sentences = [
        Occurrence(
            "#" + anchor_id(doc.id, "key_sentences", s.start, s.end), _snippet(doc.text_of(s))
        )
        for s in ranked[:3]
    ]
    view.techniques = _facets(
        doc,
        doc.layer("techniques"),
        "techniques",
        lambda s: s.label,
        lambda s: technique_name(s.label),
    )
    for facet in view.techniques:
        facet.colour = technique_colour(facet.key)
    view.quotes = _facets(
        doc,
        doc.layer("quotes"),
        "quotes",
        lambda s: quote_speaker(doc, s)["name"] or "Unattributed",
        lambda s: quote_speaker(doc, s)["name"] or "Unattributed",
    )
    view.actors = _facets(
        doc,
        doc.layer("actors"),
        "actors",
        lambda s: s.label,
        lambda s: str(s.attrs.get("name") or s.label),
        cap=12,
    )[:15]
    view.layers = [k for k in doc.layers if doc.layer(k)] + [k for k in (extra or {}) if extra]
    return view


def reused_layers(docs: Sequence[Document], corpus: Mapping[str, Any]) -> dict[str, list[Span]]:
    """Per document, the ``reused`` spans of ``corpus["reused_passages"]`` (label = passage id,
    ``attrs.also`` = the other sources)."""
    by_id = {d.id: d for d in docs}
    out: dict[str, list[Span]] = {}
    for passage in corpus.get("reused_passages") or []:
        occs = [o for o in passage.get("occurrences") or [] if o.get("doc_id") in by_id]
        for occ in occs:
            doc = by_id[occ["doc_id"]]
            others = sorted(
                {source_of(by_id[o["doc_id"]]) for o in occs if o is not occ} - {source_of(doc)}
            )
            try:
                span = doc.span(
                    int(occ["start"]),
                    int(occ["end"]),
                    str(passage.get("id", "reused")),
                    score=passage.get("similarity"),
                    attrs={"also": ", ".join(others)} if others else {},
                )
            except (ValueError, TypeError, KeyError):
                continue
            out.setdefault(doc.id, []).append(span)
    return out


def child_extra(parent_extra: Sequence[Span], child: Document) -> list[Span]:
    """Spans found on a compilation post, moved onto the article split from it."""
    lo, hi = child.source.range or (0, -1)
    return [
        Span(s.start - lo, s.end - lo, s.label, s.score, dict(s.attrs))
        for s in parent_extra
        if lo <= s.start and s.end <= hi
    ]


@dataclass(slots=True)
class SourceView:
    name: str
    colour: str
    articles: list[Document]
    link: str | None
    first: str | None
    last: str | None
    languages: list[str]
    words: int


def sources_of(articles: Sequence[Document], evidence: Evidence) -> list[SourceView]:
    """One row per source: its articles (linked), dates, languages, words."""
    groups: dict[str, list[Document]] = {}
    for d in articles:
        groups.setdefault(source_of(d), []).append(d)
    rows = []
    for i, (name, docs) in enumerate(sorted(groups.items(), key=lambda kv: kv[0].lower())):
        dates = sorted(d.meta.published[:10] for d in docs if d.meta.published)
        rows.append(
            SourceView(
                name=name,
                colour=source_colour(i),
                articles=docs,
                link=evidence.articles(f"Articles from {name}", docs),
                first=dates[0] if dates else None,
                last=dates[-1] if dates else None,
                languages=sorted({d.meta.language for d in docs if d.meta.language}),
                words=sum(len(d.text.split()) for d in docs),
            )
        )
    return rows


@dataclass(slots=True)
class Compilation:
    doc: Document
    title: str
    note: Markup | None
    children: list[Document]


def compilations_of(docs: Sequence[Document], evidence: Evidence) -> list[Compilation]:
    """Compilation posts whose articles are present, with their editor's note highlighted."""
    by_parent: dict[str, list[Document]] = {}
    for d in docs:
        if d.parent_id:
            by_parent.setdefault(d.parent_id, []).append(d)
    out = []
    for d in docs:
        if not (is_container(d) and d.id in by_parent):
            continue
        note_html = None
        notes = d.layer("notes")
        if notes:
            n = notes[0]
            marks = article_marks(d, refs=evidence.refs_for(d.id), offset=n.start, limit=n.end)
            note_html = Markup(render_marked(d.text[n.start : n.end], marks))
        out.append(Compilation(d, d.meta.title or source_of(d), note_html, by_parent[d.id]))
    return out


def origin_name(origin: str) -> str:
    return PurePath(origin).name or origin


def overview(
    docs: Sequence[Document], articles: Sequence[Document], rejections: Sequence[Any]
) -> dict[str, Any]:
    """Headline figures: counts, date range, languages, translations, rejected inputs."""
    dates = sorted(d for d in (parse_date(a.meta.published) for a in articles) if d)
    langs = Counter(a.meta.language or "unknown" for a in articles)
    translated = Counter(a.meta.translated_from for a in articles if a.meta.translated_from)
    rejected = []
    for r in rejections:
        data = r.to_dict() if hasattr(r, "to_dict") else dict(r)
        rejected.append(
            {"origin": str(data.get("origin", "?")), "reason": str(data.get("reason", ""))}
        )
    return {
        "documents": len(docs),
        "articles": len(articles),
        "sources": len({source_of(a) for a in articles}),
        "first": dates[0].isoformat() if dates else None,
        "last": dates[-1].isoformat() if dates else None,
        "undated": sum(1 for a in articles if parse_date(a.meta.published) is None),
        "languages": langs.most_common(),
        "translated": translated.most_common(),
        "words": sum(len(a.text.split()) for a in articles),
        "rejected": rejected,
        "layers": sorted({k for d in docs for k, v in d.layers.items() if v}),
    }


__all__ += ["Compilation", "Facet", "Occurrence", "child_extra", "origin_name"]
