"""Static SVG charts, built by hand: no JavaScript, no fonts or images to fetch.

Every label is escaped; every mark that stands for articles or spans is a link to them.
:func:`timeline_svg` draws articles by date and source; :func:`graph_svg` draws the actor relation
graph that :func:`actor_graph` reads from ``corpus["graphs"]`` or the ``events`` layer.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from html import escape
from typing import Any

from markupsafe import Markup

from ..model import Document, source_of
from .context import SourceView, parse_date
from .evidence import Evidence
from .layers import Ref, article_anchor

__all__ = ["Edge", "Graph", "actor_graph", "graph_svg", "timeline_svg"]

FONT = "font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif"


def _text(x: float, y: float, label: str, **attrs: str) -> str:
    extra = "".join(f' {k.replace("_", "-")}="{escape(v)}"' for k, v in attrs.items())
    return f'<text x="{x:.1f}" y="{y:.1f}"{extra}>{escape(label)}</text>'


def _ticks(first: date, last: date, most: int = 6) -> list[date]:
    days = (last - first).days
    if days <= 0:
        return [first]
    step = max(1, math.ceil(days / (most - 1)))
    ticks = [first + timedelta(days=i) for i in range(0, days + 1, step)]
    if ticks[-1] != last and (last - ticks[-1]).days > step / 2:
        ticks.append(last)
    return ticks


def timeline_svg(articles: Sequence[Document], sources: Sequence[SourceView]) -> Markup | None:
    """Articles as dots on a date axis, one row per source; each dot links to its article."""
    dated = [(parse_date(a.meta.published), a) for a in articles]
    points = [(d, a) for d, a in dated if d is not None]
    if not points:
        return None
    rows = [s for s in sources if any(source_of(a) == s.name for _, a in points)]
    index = {s.name: i for i, s in enumerate(rows)}
    first = min(d for d, _ in points)
    last = max(d for d, _ in points)
    left, right, top, row_h = 190.0, 50.0, 34.0, 30.0
    width = 900.0
    height = top + row_h * len(rows) + 36
    span_days = max((last - first).days, 1)

    def x_of(d: date) -> float:
        if first == last:
            return left + (width - left - right) / 2
        return left + (width - left - right) * (d - first).days / span_days

    out = [
        f'<svg class="chart" viewBox="0 0 {width:.0f} {height:.0f}" role="img" '
        f'aria-labelledby="tl-title" style="{FONT}" xmlns="http://www.w3.org/2000/svg">',
        '<title id="tl-title">Timeline: articles by publication date and source</title>',
    ]
    axis_y = top + row_h * len(rows) + 4
    for tick in _ticks(first, last):
        x = x_of(tick)
        out.append(
            f'<line x1="{x:.1f}" y1="{top - 14:.1f}" x2="{x:.1f}" y2="{axis_y:.1f}" '
            'stroke="#e3e6ea"/>'
        )
        out.append(
            _text(
                x,
                axis_y + 18,
                tick.isoformat(),
                text_anchor="middle",
                font_size="12",
                fill="#4a4a4a",
            )
        )
    for s in rows:
        y = top + row_h * index[s.name] + row_h / 2
        out.append(
            f'<line x1="{left:.1f}" y1="{y:.1f}" x2="{width - right:.1f}" y2="{y:.1f}" '
            'stroke="#eef0f3"/>'
        )
        label = s.name if len(s.name) <= 26 else s.name[:25] + "…"
        out.append(
            _text(left - 12, y + 4, label, text_anchor="end", font_size="13", fill="#1a1a1a")
        )
    seen: dict[tuple[str, date], int] = {}
    for d, a in sorted(points, key=lambda p: (p[0], p[1].id)):
        name = source_of(a)
        k = seen.get((name, d), 0)
        seen[(name, d)] = k + 1
        x = x_of(d) + (k % 5) * 11 - (2 if k else 0)
        y = top + row_h * index[name] + row_h / 2
        colour = rows[index[name]].colour
        title = f"{a.meta.title or name} ({d.isoformat()})"
        out.append(
            f'<a href="#{escape(article_anchor(a.id))}"><circle cx="{x:.1f}" cy="{y:.1f}" r="7" '
            f'fill="{colour}" stroke="#ffffff" stroke-width="2"><title>{escape(title)}</title>'
            "</circle></a>"
        )
    out.append("</svg>")
    return Markup("".join(out))


@dataclass(slots=True)
class Edge:
    source: str
    target: str
    label: str
    refs: list[Ref] = field(default_factory=list)
    count: int = 0
    href: str | None = None


@dataclass(slots=True)
class Graph:
    nodes: list[str]
    names: dict[str, str]
    edges: list[Edge]


_SRC_KEYS = ("source", "from", "actor1", "agent", "src")
_TGT_KEYS = ("target", "to", "actor2", "patient", "recipient", "dst")


def _first_str(data: Mapping[str, Any], keys: Sequence[str]) -> str | None:
    for k in keys:
        v = data.get(k)
        if isinstance(v, str) and v:
            return v
        if isinstance(v, Mapping) and isinstance(v.get("actor"), str):
            return str(v["actor"])
    return None


def _graph_payload(corpus: Mapping[str, Any]) -> tuple[list[Any], list[Any]] | None:
    graphs = corpus.get("graphs")
    if isinstance(graphs, list):
        return [], graphs
    if not isinstance(graphs, Mapping):
        return None
    if "edges" in graphs:
        return list(graphs.get("nodes") or []), list(graphs.get("edges") or [])
    for key in ("actors", *graphs.keys()):
        g = graphs.get(key)
        if isinstance(g, Mapping) and g.get("edges"):
            return list(g.get("nodes") or []), list(g["edges"])
    return None


def actor_graph(
    articles: Sequence[Document],
    corpus: Mapping[str, Any],
    evidence: Evidence,
    names: Mapping[str, str],
    top: int = 24,
) -> Graph | None:
    """Who acts on whom: ``corpus["graphs"]`` when present, else the ``events`` layer."""
    labels = dict(names)
    edges: dict[tuple[str, str, str], Edge] = {}
    payload = _graph_payload(corpus)
    if payload is not None:
        nodes, raw = payload
        for n in nodes:
            if isinstance(n, Mapping) and isinstance(n.get("id"), str):
                labels.setdefault(n["id"], str(n.get("name") or n.get("label") or n["id"]))
        for e in raw:
            if not isinstance(e, Mapping):
                continue
            s, t = _first_str(e, _SRC_KEYS), _first_str(e, _TGT_KEYS)
            if not (s and t):
                continue
            label = str(e.get("label") or e.get("type") or e.get("relation") or "")
            edge = edges.setdefault((s, t, label), Edge(s, t, label))
            occ = e.get("occurrences") or e.get("evidence") or []
            weight = e.get("weight") or e.get("count") or e.get("n") or len(occ) or 1
            edge.count += int(weight) if isinstance(weight, int | float) else 1
            for o in occ if isinstance(occ, list) else []:
                if isinstance(o, Mapping):
                    try:
                        ref = evidence.resolve(
                            str(o["doc_id"]), "events", int(o["start"]), int(o["end"])
                        )
                    except (KeyError, TypeError, ValueError):
                        ref = None
                    if ref:
                        edge.refs.append(ref)
    else:
        for doc in articles:
            for span in doc.layer("events"):
                s, t = _first_str(span.attrs, _SRC_KEYS), _first_str(span.attrs, _TGT_KEYS)
                if not (s and t):
                    continue
                edge = edges.setdefault((s, t, span.label), Edge(s, t, span.label))
                edge.count += 1
                ref = evidence.resolve(doc.id, "events", span.start, span.end)
                if ref:
                    edge.refs.append(ref)
    if not edges:
        return None
    degree: dict[str, int] = {}
    for e in edges.values():
        degree[e.source] = degree.get(e.source, 0) + e.count
        degree[e.target] = degree.get(e.target, 0) + e.count
    keep = sorted(degree, key=lambda n: (-degree[n], n))[:top]
    kept = [e for e in edges.values() if e.source in keep and e.target in keep]
    for e in kept:
        title = f"{labels.get(e.source, e.source)} → {labels.get(e.target, e.target)}"
        e.href = evidence.link(f"{title} ({e.label})" if e.label else title, e.refs)
    kept.sort(key=lambda e: (-e.count, e.source, e.target))
    return Graph(keep, {n: labels.get(n, n) for n in keep}, kept)


def graph_svg(graph: Graph) -> Markup:
    """The actor graph in a circle: node size by degree, edge width by count, arrows to targets."""
    size, cx, cy = 900.0, 450.0, 300.0
    radius = 220.0
    n = len(graph.nodes)
    pos = {
        node: (
            cx + radius * math.cos(2 * math.pi * i / n - math.pi / 2),
            cy + radius * math.sin(2 * math.pi * i / n - math.pi / 2),
        )
        for i, node in enumerate(graph.nodes)
    }
    degree = {node: 0 for node in graph.nodes}
    for e in graph.edges:
        degree[e.source] += e.count
        degree[e.target] += e.count
    peak = max(degree.values()) or 1
    out = [
        f'<svg class="chart" viewBox="0 0 {size:.0f} 610" role="img" aria-labelledby="g-title" '
        f'style="{FONT}" xmlns="http://www.w3.org/2000/svg">',
        '<title id="g-title">Actor relation graph</title>',
        '<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" '
        'markerHeight="7" orient="auto-start-reverse"><path d="M0,0L10,5L0,10z" fill="#6b7280"/>'
        "</marker></defs>",
    ]
    for e in graph.edges:
        (x1, y1), (x2, y2) = pos[e.source], pos[e.target]
        if e.source == e.target:
            continue
        dx, dy = x2 - x1, y2 - y1
        dist = math.hypot(dx, dy) or 1.0
        r2 = 6 + 10 * degree[e.target] / peak + 3
        x2, y2 = x2 - dx / dist * r2, y2 - dy / dist * r2
        width = 1 + math.log2(1 + e.count)
        line = (
            f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" stroke="#8a94a3" '
            f'stroke-width="{width:.1f}" marker-end="url(#arrow)"><title>'
            f"{escape(graph.names[e.source])} → {escape(graph.names[e.target])}"
            f"{escape(': ' + e.label if e.label else '')} ({e.count})</title></line>"
        )
        out.append(f'<a href="{escape(e.href)}">{line}</a>' if e.href else line)
    for node in graph.nodes:
        x, y = pos[node]
        r = 6 + 10 * degree[node] / peak
        out.append(
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r:.1f}" fill="#1f5fa8" '
            f'stroke="#ffffff" stroke-width="2"><title>{escape(graph.names[node])}</title></circle>'
        )
        anchor = "start" if x >= cx + 1 else ("end" if x <= cx - 1 else "middle")
        lx = x + (r + 6 if anchor == "start" else -(r + 6) if anchor == "end" else 0)
        ly = y + (4 if anchor != "middle" else (-r - 6 if y < cy else r + 16))
        label = graph.names[node] if len(graph.names[node]) <= 28 else graph.names[node][:27] + "…"
        out.append(_text(lx, ly, label, text_anchor=anchor, font_size="13", fill="#1a1a1a"))
    out.append("</svg>")
    return Markup("".join(out))
