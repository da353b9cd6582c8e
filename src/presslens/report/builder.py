"""The HTML report: one self-contained file that opens anywhere, offline, from a USB stick.

:func:`render_report` is a pure function of the documents, the corpus results and the rejected
inputs; :func:`write_report` writes its result. The page holds everything inline: CSS, a small
progressive script for filters (the page is complete without it), and charts as SVG. Nothing is
fetched: a Content-Security-Policy in the page forbids every request and every script but its own
(by hash), so even a mistake in escaping could not run an article's script. All article text and
metadata is escaped (Jinja2 autoescape, :func:`~.highlight.escape_text`).

:func:`render_article` renders one article with its highlights and side panel; the web UI uses it.
"""

from __future__ import annotations

import base64
import hashlib
import os
from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, datetime
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from markupsafe import Markup

from ..errors import PresslensError, require
from ..model import Document, Span, is_container, source_of
from ..options import FULL_ARTICLES
from ..version import __version__
from .charts import actor_graph, graph_svg, timeline_svg
from .context import (
    ArticleView,
    article_summary,
    article_view,
    articles_of,
    child_extra,
    compilations_of,
    overview,
    reused_layers,
    sources_of,
)
from .evidence import Evidence
from .highlight import clean_text
from .layers import STYLES, actor_names, article_anchor
from .palette import normalise_label, technique_colour, technique_name
from .tables import (
    actor_matrix,
    claim_rows,
    digest_rows,
    quote_matrix,
    reused_rows,
    stance_matrix,
    technique_matrix,
)

__all__ = [
    "asset",
    "environment",
    "legend",
    "render_article",
    "render_report",
    "report_context",
    "technique_css",
    "write_report",
]


def asset(name: str) -> str:
    """The text of a packaged asset (``report.css``, ``report.js``)."""
    return resources.files("presslens.report").joinpath("assets", name).read_text(encoding="utf-8")


@cache
def environment() -> Any:
    """The Jinja2 environment of the report templates (autoescape on for everything)."""
    jinja2: Any = require("jinja2", extra="report", feature="The HTML report")
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("presslens.report", "templates"),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )
    env.filters["clean"] = lambda v: clean_text(str(v)) if v is not None else ""
    env.filters["thousands"] = lambda v: f"{int(v):,}"
    env.globals["technique_name"] = technique_name
    env.globals["article_anchor"] = article_anchor
    env.globals["technique_colour"] = technique_colour
    return env


def legend(articles: Sequence[Document], extra_layers: Sequence[str] = ()) -> list[dict[str, Any]]:
    """Legend entries for the layers and techniques present in ``articles``."""
    present = {k for d in articles for k, v in d.layers.items() if v} | set(extra_layers)
    if any(d.layer("quotes") for d in articles):
        present.add("speakers")
    entries: list[dict[str, Any]] = []
    for name, style in STYLES.items():
        if name in present and name not in ("techniques", "ref"):
            entries.append(
                {
                    "layer": name,
                    "css": style.css,
                    "tag": style.tag,
                    "name": style.legend,
                    "description": style.description,
                }
            )
    counts: dict[str, int] = {}
    for d in articles:
        for s in d.layer("techniques"):
            counts[s.label] = counts.get(s.label, 0) + 1
    for label, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
        entries.append(
            {
                "layer": "techniques",
                "css": "hl-tech",
                "tag": "mark",
                "label": label,
                "name": technique_name(label),
                "colour": technique_colour(label),
                "count": n,
            }
        )
    return entries


def technique_css(labels: Iterable[str]) -> str:
    """CSS rules that colour each technique's highlights (class ``tech-<name>``)."""
    rules = {
        f"mark.tech-{normalise_label(label)}{{background:{technique_colour(label)}}}"
        for label in labels
    }
    return "\n".join(sorted(rules))


def _names(docs: Sequence[Document]) -> dict[str, str]:
    names: dict[str, str] = {}
    for d in docs:
        for k, v in actor_names(d).items():
            names.setdefault(k, v)
    return names


def _filters(views: Sequence[ArticleView]) -> dict[str, list[Any]]:
    techniques = sorted({f.key for v in views for f in v.techniques})
    return {
        "sources": sorted({v.source for v in views}, key=str.lower),
        "techniques": [(t, technique_name(t)) for t in techniques],
        "actors": sorted({(f.key, f.name) for v in views for f in v.actors}, key=lambda a: a[1]),
        "speakers": sorted({f.name for v in views for f in v.quotes}, key=str.lower),
    }


def report_context(
    docs: Sequence[Document],
    corpus: Mapping[str, Any] | None,
    rejections: Sequence[Any] = (),
    *,
    title: str | None = None,
    generated: str | None = None,
    full_articles: int | None = None,
) -> dict[str, Any]:
    """Everything the report template shows (figures first, so their evidence anchors exist
    before the articles are rendered)."""
    corpus = corpus or {}
    articles = articles_of(docs)
    full = in_full(articles, corpus, full_articles)
    ev = Evidence(docs, rendered=full, listed={a.id for a in articles})
    names = _names(docs)
    sources = sources_of(articles, ev)
    colours = {s.name: s.colour for s in sources}
    ctx: dict[str, Any] = {
        "title": title or _default_title(articles),
        "generated": generated or datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "version": __version__,
        "overview": overview(docs, articles, rejections),
        "sources": sources,
        "digest": digest_rows(docs, corpus, ev),
        "timeline": timeline_svg(articles, sources),
        "techniques": technique_matrix(articles, ev),
        "stance": stance_matrix(corpus, ev, names),
        "quotes": quote_matrix(articles, ev),
        "actors": actor_matrix(articles, ev),
        "claims": claim_rows(docs, corpus, ev),
        "reused": reused_rows(docs, corpus, ev),
    }
    graph = actor_graph(articles, corpus, ev, names)
    ctx["graph"] = graph
    ctx["graph_svg"] = graph_svg(graph) if graph else None
    by_id = {d.id: d for d in docs}
    reused = reused_layers(docs, corpus)
    views = []
    for a in articles:
        parent = by_id.get(a.parent_id) if a.parent_id else None
        extra: list[Span] = list(reused.get(a.id, []))
        if parent is not None and is_container(parent):
            extra += child_extra(reused.get(parent.id, []), a)
        colour = colours.get(source_of(a), "#1f5fa8")
        if a.id not in full:
            views.append(article_summary(a, parent=parent, colour=colour))
            continue
        views.append(
            article_view(
                a,
                parent=parent,
                colour=colour,
                extra={"reused": extra} if extra else None,
                refs=ev.refs_for(a.id),
            )
        )
    ctx["articles"] = views
    ctx["in_full"] = (len(full), len(articles))
    ctx["compilations"] = compilations_of(docs, ev)
    ctx["legend"] = legend(articles, ["reused"] if reused else [])
    ctx["filters"] = _filters(views)
    ctx["evidence"] = ev.blocks
    return ctx


def in_full(articles: Sequence[Document], corpus: Mapping[str, Any], limit: int | None) -> set[str]:
    """The ids of the articles a report shows in full: all of them up to ``limit`` (``None``
    for no limit); beyond it, those the figures cite most: the corpus digest and the claim
    clusters first, then the articles with the most check-worthy claims, techniques and quotes."""
    if limit is None or len(articles) <= limit:
        return {a.id for a in articles}
    weight: dict[str, float] = {a.id: 0.0 for a in articles}
    for rec in corpus.get("digest") or []:
        for occ in rec.get("occurrences") or [rec]:
            if occ.get("doc_id") in weight:
                weight[occ["doc_id"]] += 10
    for cluster in corpus.get("claim_clusters") or []:
        for member in cluster.get("members") or []:
            if member.get("doc_id") in weight:
                weight[member["doc_id"]] += 5
    for a in articles:
        claims = sum(1 for c in a.layer("claims") if c.attrs.get("checkworthy"))
        weight[a.id] += claims + len(a.layer("techniques")) + len(a.layer("quotes"))
    order = sorted(range(len(articles)), key=lambda i: (-weight[articles[i].id], i))
    return {articles[i].id for i in order[: max(0, limit)]}


def _default_title(articles: Sequence[Document]) -> str:
    n = len(articles)
    return f"presslens report: {n} article{'s' if n != 1 else ''}"


def _csp(script: str) -> str:
    digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
    return (
        "default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
        f"script-src 'sha256-{digest}'; base-uri 'none'; form-action 'none'"
    )


def render_report(
    docs: Sequence[Document],
    corpus: Mapping[str, Any] | None = None,
    rejections: Sequence[Any] = (),
    *,
    title: str | None = None,
    generated: str | None = None,
    full_articles: int | None = FULL_ARTICLES,
) -> str:
    """The whole report as one HTML string (see the module docstring). At most
    ``full_articles`` articles are shown with their text (see :func:`in_full`); ``None`` shows
    every one."""
    ctx = report_context(
        docs, corpus, rejections, title=title, generated=generated, full_articles=full_articles
    )
    script = asset("report.js")
    ctx["css"] = Markup(asset("report.css"))
    ctx["technique_css"] = Markup(technique_css(e["label"] for e in ctx["legend"] if "label" in e))
    ctx["js"] = Markup(script)
    ctx["csp"] = _csp(script)
    html = environment().get_template("report.html.j2").render(**ctx)
    return clean_text(html)


def write_report(
    path: str | os.PathLike[str],
    docs: Sequence[Document],
    corpus: Mapping[str, Any] | None = None,
    rejections: Sequence[Any] = (),
    **options: Any,
) -> Path:
    """Write the report to ``path`` (atomically: a reader never sees half a file)."""
    target = Path(path)
    html = render_report(docs, corpus, rejections, **options)
    tmp = target.with_name(f".{target.name}.tmp")
    try:
        tmp.write_text(html, encoding="utf-8")
        os.replace(tmp, target)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise PresslensError(
            f"cannot write the report to {target}: {exc.strerror or exc}; check that the folder "
            "exists and that you may write there"
        ) from exc
    return target


def render_article(
    doc: Document,
    *,
    corpus: Mapping[str, Any] | None = None,
    parent: Document | None = None,
    heading: int = 2,
) -> Markup:
    """One article with its highlights, legend-ready classes and side panel, for the web UI.

    ``heading`` is the level of the article's title (its panels use the next level).
    """
    reused = reused_layers([doc, *([parent] if parent else [])], corpus or {})
    extra = list(reused.get(doc.id, []))
    if parent is not None:
        extra += child_extra(reused.get(parent.id, []), doc)
    view = article_view(doc, parent=parent, extra={"reused": extra} if extra else None)
    template = environment().get_template("article.html.j2")
    return Markup(template.module.article(view, heading))
