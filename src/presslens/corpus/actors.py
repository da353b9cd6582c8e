"""Corpus views of actors and speakers: who is mentioned, who is quoted, by whom, how often.

>>> from presslens.corpus.actors import speaker_view
>>> for row in speaker_view(result.documents):                       # doctest: +SKIP
...     print(row["name"], row["quotes"], row["sources"])

Every count comes with the spans behind it (``doc_id``, ``start``, ``end``).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from typing import Any

from ..model import Document, source_of


def _articles(docs: Sequence[Document]) -> list[Document]:
    """Documents that are articles (compilation posts are represented by their children)."""
    return [d for d in docs if not d.meta.extra.get("compilation")]


def actor_view(docs: Sequence[Document]) -> list[dict[str, Any]]:
    """Each resolved actor with its mention counts per document and per source."""
    rows: dict[str, dict[str, Any]] = {}
    for doc in _articles(docs):
        src = source_of(doc)
        for span in doc.layer("actors"):
            row = rows.setdefault(
                span.label,
                {
                    "id": span.label,
                    "name": span.attrs.get("name", span.label),
                    "kind": span.attrs.get("kind"),
                    "lifted": span.attrs.get("lifted"),
                    "mentions": 0,
                    "documents": Counter(),
                    "sources": Counter(),
                    "spans": [],
                },
            )
            row["mentions"] += 1
            row["documents"][doc.id] += 1
            row["sources"][src] += 1
            row["spans"].append({"doc_id": doc.id, "start": span.start, "end": span.end})
    out = sorted(rows.values(), key=lambda r: (-r["mentions"], r["id"]))
    for row in out:
        row["documents"] = dict(row["documents"])
        row["sources"] = dict(row["sources"])
    return out


def speaker_key(attrs: Any) -> tuple[str, str]:
    """(key, display name) of a quote's speaker: the actor id when resolved, else its text."""
    speaker = attrs.get("speaker") or {}
    actor = speaker.get("actor")
    name = speaker.get("name") or speaker.get("text") or "(unattributed)"
    return (actor or f"text:{name}", name)


def speaker_view(docs: Sequence[Document]) -> list[dict[str, Any]]:
    """Each speaker with their quotes, counted per source and document."""
    rows: dict[str, dict[str, Any]] = {}
    for doc in _articles(docs):
        src = source_of(doc)
        for span in doc.layer("quotes"):
            key, name = speaker_key(span.attrs)
            speaker = span.attrs.get("speaker") or {}
            row = rows.setdefault(
                key,
                {
                    "speaker": key,
                    "actor": speaker.get("actor"),
                    "name": name,
                    "quotes": 0,
                    "kinds": Counter(),
                    "sources": Counter(),
                    "documents": Counter(),
                    "items": [],
                },
            )
            row["quotes"] += 1
            row["kinds"][span.label] += 1
            row["sources"][src] += 1
            row["documents"][doc.id] += 1
            row["items"].append(
                {"doc_id": doc.id, "start": span.start, "end": span.end, "kind": span.label}
            )
    out = sorted(rows.values(), key=lambda r: (-r["quotes"], r["speaker"]))
    for row in out:
        for field in ("kinds", "sources", "documents"):
            row[field] = dict(row[field])
    return out


def quoted_by(docs: Sequence[Document]) -> list[dict[str, Any]]:
    """Flat rows (speaker, source, count): who is quoted by whom, how often."""
    counts: dict[tuple[str, str, str], int] = defaultdict(int)
    for doc in _articles(docs):
        src = source_of(doc)
        for span in doc.layer("quotes"):
            key, name = speaker_key(span.attrs)
            counts[(key, name, src)] += 1
    return [
        {"speaker": k, "name": n, "source": s, "quotes": c}
        for (k, n, s), c in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    ]
