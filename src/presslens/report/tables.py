"""Cross-source tables of the report, each cell a count linked to its evidence.

Pure functions of the shown articles, the corpus results and an :class:`~.evidence.Evidence`
registry. Each returns ``None`` when there is nothing to show (the layer or corpus key is absent),
so the report has no empty sections.

Corpus keys read when present (written by other components; shapes are read leniently):

* ``digest``: records ``{text, doc_id, start, end, score, sources, occurrences}``;
* ``stance_matrix``: a list of cells, or ``{"cells": [...]}``, or ``{source: {actor: cell}}``;
  a cell has ``source``, ``actor``, a value (``value``/``score``/``stance``: -1..1 or a word like
  ``for``/``against``/``neutral``), optional ``n`` and ``occurrences`` (``{doc_id, start, end}``);
* ``claim_clusters``: ``[{id?, text?, sources?, occurrences|members|claims: [...]}]``;
* ``reused_passages``: see ``corpus.schema.json``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..model import Document, Span, source_of
from .evidence import Evidence
from .layers import Ref, actor_names, quote_speaker
from .palette import heat_colour, readable_text, stance_colour, technique_colour, technique_name

__all__ = [
    "Cell",
    "Matrix",
    "actor_matrix",
    "claim_rows",
    "digest_rows",
    "quote_matrix",
    "reused_rows",
    "stance_matrix",
    "technique_matrix",
]


@dataclass(slots=True)
class Cell:
    value: str
    href: str | None
    background: str
    colour: str
    title: str = ""


@dataclass(slots=True)
class Matrix:
    """Rows x columns of linked cells, with row totals; ``swatches`` colour column heads."""

    caption: str
    row_head: str
    rows: list[str]
    columns: list[str]
    cells: list[list[Cell]]
    totals: list[Cell] = field(default_factory=list)
    swatches: list[str] = field(default_factory=list)


def _count_matrix(
    caption: str,
    row_head: str,
    hits: Mapping[tuple[str, str], list[Ref]],
    evidence: Evidence,
    rows: list[str],
    columns: list[str],
    names: Mapping[str, str] | None = None,
) -> Matrix:
    names = names or {}
    peak = max((len(v) for v in hits.values()), default=0)
    cells = []
    for r in rows:
        line = []
        for c in columns:
            refs = hits.get((r, c), [])
            bg = heat_colour(len(refs), peak)
            href = evidence.link(f"{names.get(c, c)} · {names.get(r, r)}", refs)
            line.append(Cell(str(len(refs)), href, bg, readable_text(bg)))
        cells.append(line)
    totals = []
    for r in rows:
        refs = [ref for c in columns for ref in hits.get((r, c), [])]
        totals.append(Cell(str(len(refs)), evidence.link(f"{names.get(r, r)} · all", refs), "", ""))
    return Matrix(
        caption,
        row_head,
        [names.get(r, r) for r in rows],
        [names.get(c, c) for c in columns],
        cells,
        totals,
    )


def _layer_hits(
    articles: Sequence[Document],
    evidence: Evidence,
    layer: str,
    column: Callable[[Document, Span], str | None],
) -> dict[tuple[str, str], list[Ref]]:
    hits: dict[tuple[str, str], list[Ref]] = {}
    for doc in articles:
        for span in doc.layer(layer):
            col = column(doc, span)
            if col is None:
                continue
            ref = evidence.resolve(doc.id, layer, span.start, span.end)
            if ref is not None:
                hits.setdefault((source_of(doc), col), []).append(ref)
    return hits


MAX_SOURCES = 40
"""Sources shown in a matrix (those with the most spans); a report of thousands of articles from
hundreds of outlets would otherwise hold tables no one can read. The web UI shows them all."""
MAX_ROWS = 200
"""Claim clusters and reused passages listed (the first, most widely carried ones)."""
MAX_ACTORS = 30
"""Actors (columns) of the stance matrix: those with the most statements."""


def _top(counts: Mapping[str, int], limit: int) -> list[str]:
    """The ``limit`` keys with the highest counts (ties by name)."""
    return [k for k, _ in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0].lower()))[:limit]]


def _by_column(hits: Mapping[tuple[str, str], list[Ref]]) -> Counter[str]:
    counts: Counter[str] = Counter()
    for (_, c), refs in hits.items():
        counts[c] += len(refs)
    return counts


def _capped(caption: str, shown: int, total: int, what: str) -> str:
    return caption if shown >= total else f"{caption}: the {shown} {what} with most (of {total:,})"


def technique_matrix(articles: Sequence[Document], evidence: Evidence) -> Matrix | None:
    """Sources x techniques: how many spans of each technique each source uses."""
    hits = _layer_hits(articles, evidence, "techniques", lambda d, s: s.label)
    if not hits:
        return None
    freq = Counter({c: 0 for _, c in hits})
    for (_, c), refs in hits.items():
        freq[c] += len(refs)
    columns = [c for c, _ in freq.most_common()]
    per_row: Counter[str] = Counter()
    for (r, _), refs in hits.items():
        per_row[r] += len(refs)
    rows = sorted(_top(per_row, MAX_SOURCES), key=str.lower)
    matrix = _count_matrix(
        _capped("Persuasion techniques per source (spans)", len(rows), len(per_row), "sources"),
        "Source",
        hits,
        evidence,
        rows,
        columns,
        {c: technique_name(c) for c in columns},
    )
    matrix.swatches = [technique_colour(c) for c in columns]
    return matrix


def quote_matrix(articles: Sequence[Document], evidence: Evidence, top: int = 20) -> Matrix | None:
    """Speakers x sources: who is quoted by whom (the most quoted ``top`` speakers)."""

    def speaker(doc: Document, span: Span) -> str:
        return str(quote_speaker(doc, span)["name"] or "Unattributed")

    by_source = _layer_hits(articles, evidence, "quotes", speaker)
    if not by_source:
        return None
    hits = {(spk, src): refs for (src, spk), refs in by_source.items()}
    totals = Counter({spk: 0 for spk, _ in hits})
    for (spk, _), refs in hits.items():
        totals[spk] += len(refs)
    rows = [s for s, _ in totals.most_common(top)]
    per_source = _by_column(hits)
    columns = sorted(_top(per_source, MAX_SOURCES), key=str.lower)
    caption = _capped("Who is quoted by whom (quotes)", len(columns), len(per_source), "sources")
    return _count_matrix(caption, "Speaker", hits, evidence, rows, columns)


def actor_matrix(articles: Sequence[Document], evidence: Evidence, top: int = 15) -> Matrix | None:
    """Actors x sources: whom each source mentions (the ``top`` most mentioned actors)."""
    names: dict[str, str] = {}
    for doc in articles:
        names.update({k: v for k, v in actor_names(doc).items() if k not in names})
    by_source = _layer_hits(articles, evidence, "actors", lambda d, s: s.label)
    if not by_source:
        return None
    hits = {(actor, src): refs for (src, actor), refs in by_source.items()}
    totals = Counter({a: 0 for a, _ in hits})
    for (a, _), refs in hits.items():
        totals[a] += len(refs)
    rows = [a for a, _ in totals.most_common(top)]
    per_source = _by_column(hits)
    columns = sorted(_top(per_source, MAX_SOURCES), key=str.lower)
    caption = _capped(
        "Actors mentioned per source (mentions)", len(columns), len(per_source), "sources"
    )
    return _count_matrix(caption, "Actor", hits, evidence, rows, columns, names)


_STANCE_WORDS = {
    "for": 1.0,
    "pro": 1.0,
    "support": 1.0,
    "supportive": 1.0,
    "positive": 1.0,
    "favor": 1.0,
    "favour": 1.0,
    "against": -1.0,
    "con": -1.0,
    "oppose": -1.0,
    "opposed": -1.0,
    "negative": -1.0,
    "critical": -1.0,
    "neutral": 0.0,
    "none": 0.0,
    "mixed": 0.0,
}


def _stance_value(cell: Mapping[str, Any]) -> float | None:
    for key in ("mean_polarity", "value", "score", "stance", "polarity", "label"):
        v = cell.get(key)
        if isinstance(v, bool):
            continue
        if isinstance(v, int | float):
            return max(-1.0, min(1.0, float(v)))
        if isinstance(v, str) and v.lower() in _STANCE_WORDS:
            return _STANCE_WORDS[v.lower()]
    return None


def _stance_cells(data: Any) -> list[dict[str, Any]]:
    if isinstance(data, Mapping) and isinstance(data.get("by_source"), list):
        data = data["by_source"]  # presslens.corpus.stance.stance_matrix
    if isinstance(data, Mapping) and isinstance(data.get("cells"), list):
        data = data["cells"]
    if isinstance(data, list):
        return [dict(c) for c in data if isinstance(c, Mapping)]
    cells = []
    if isinstance(data, Mapping):
        for src, row in data.items():
            if not isinstance(row, Mapping):
                continue
            for actor, v in row.items():
                cell = dict(v) if isinstance(v, Mapping) else {"value": v}
                cells.append({"source": src, "actor": actor, **cell})
    return cells


def stance_matrix(
    corpus: Mapping[str, Any], evidence: Evidence, names: Mapping[str, str]
) -> Matrix | None:
    """Sources x actors from ``corpus["stance_matrix"]``: value -1 (against) .. +1 (for)."""
    cells = [
        c for c in _stance_cells(corpus.get("stance_matrix")) if "source" in c and "actor" in c
    ]
    found = {(str(c["source"]), str(c["actor"])): c for c in cells if _stance_value(c) is not None}
    if not found:
        return None
    weight: dict[tuple[str, str], int] = {
        key: int(c.get("n") or c.get("mentions") or 1) for key, c in found.items()
    }
    per_source: Counter[str] = Counter()
    per_actor: Counter[str] = Counter()
    for (s, a), n in weight.items():
        per_source[s] += n
        per_actor[a] += n
    rows = sorted(_top(per_source, MAX_SOURCES), key=str.lower)
    columns = sorted(_top(per_actor, MAX_ACTORS), key=lambda a: names.get(a, a).lower())
    out = []
    for r in rows:
        line = []
        for c in columns:
            cell = found.get((r, c))
            if cell is None:
                line.append(Cell("", None, "#ffffff", "#1a1a1a", "no stance found"))
                continue
            value = _stance_value(cell) or 0.0
            occ = cell.get("occurrences") or cell.get("evidence") or []
            bg = stance_colour(value)
            title = f"{r} on {names.get(c, c)}: {value:+.2f}"
            if cell.get("n") is not None:
                title += f" ({cell['n']} statements)"
            elif cell.get("mentions") is not None:
                title += f" ({cell['mentions']} mentions)"
            href = evidence.spans(title, "stance", occ if isinstance(occ, list) else [])
            line.append(Cell(f"{value:+.2f}", href, bg, readable_text(bg), title))
        out.append(line)
    caption = "Stance of each source toward each actor (-1 against, +1 for)"
    if len(rows) < len(per_source) or len(columns) < len(per_actor):
        caption += (
            f": the {len(rows)} sources and {len(columns)} actors with most statements (of "
            f"{len(per_source):,} and {len(per_actor):,})"
        )
    return Matrix(
        caption,
        "Source",
        rows,
        [names.get(c, c) for c in columns],
        out,
    )


@dataclass(slots=True)
class Row:
    """A statement shown with its sources; ``count`` links to its occurrences."""

    text: str
    sources: list[str]
    count: int
    href: str | None
    score: float | None = None
    href_text: str | None = None


def _text_at(docs: Mapping[str, Document], occ: Mapping[str, Any]) -> str:
    doc = docs.get(str(occ.get("doc_id")))
    try:
        return doc.text[int(occ["start"]) : int(occ["end"])] if doc else ""
    except (KeyError, TypeError, ValueError):
        return ""


def digest_rows(docs: Sequence[Document], corpus: Mapping[str, Any], ev: Evidence) -> list[Row]:
    """``corpus["digest"]``: the most central statements across sources."""
    by_id = {d.id: d for d in docs}
    rows = []
    for rec in corpus.get("digest") or []:
        if not isinstance(rec, Mapping):
            continue
        occ = rec.get("occurrences") or [rec]
        text = str(rec.get("text") or _text_at(by_id, rec))
        lead = ev.spans(text, "digest", [rec])
        sources = [str(s) for s in rec.get("sources") or []]
        href = ev.spans(f"Where: {text}", "digest", occ)
        score = rec.get("score") if isinstance(rec.get("score"), int | float) else None
        rows.append(Row(text, sources, len(occ), href, score, lead))
    return rows


def claim_rows(docs: Sequence[Document], corpus: Mapping[str, Any], ev: Evidence) -> list[Row]:
    """``corpus["claim_clusters"]``: claims made by several sources, with who makes them."""
    by_id = {d.id: d for d in docs}
    rows = []
    for cluster in (corpus.get("claim_clusters") or [])[:MAX_ROWS]:  # most widely carried first
        if not isinstance(cluster, Mapping):
            continue
        occ: list[Any] = next(
            (
                cluster[k]
                for k in ("occurrences", "members", "claims")
                if isinstance(cluster.get(k), list)
            ),
            [],
        )
        occ = [o for o in occ if isinstance(o, Mapping)]
        text = str(cluster.get("text") or cluster.get("label") or (occ and _text_at(by_id, occ[0])))
        sources = [str(s) for s in cluster.get("sources") or []] or list(
            dict.fromkeys(
                source_of(by_id[str(o.get("doc_id"))]) for o in occ if o.get("doc_id") in by_id
            )
        )
        href = ev.spans(f"Claim: {text}", "claims", occ)
        rows.append(Row(text, sources, len(occ), href))
    return sorted(rows, key=lambda r: (-len(r.sources), -r.count))


def reused_rows(docs: Sequence[Document], corpus: Mapping[str, Any], ev: Evidence) -> list[Row]:
    """``corpus["reused_passages"]``: passages found in more than one document."""
    by_id = {d.id: d for d in docs}
    rows = []
    for passage in (corpus.get("reused_passages") or [])[:MAX_ROWS]:
        occ = [o for o in passage.get("occurrences") or [] if isinstance(o, Mapping)]
        text = str(passage.get("text") or (occ and _text_at(by_id, occ[0])))
        sources = list(
            dict.fromkeys(
                source_of(by_id[str(o.get("doc_id"))]) for o in occ if o.get("doc_id") in by_id
            )
        )
        href = ev.spans(f"Reused: {text}", "reused", occ)
        score = (
            passage.get("similarity")
            if isinstance(passage.get("similarity"), int | float)
            else None
        )
        rows.append(Row(text, sources, len(occ), href, score))
    return rows
