"""What the web UI lists and filters: a summary per document, facets, and the filters.

:func:`build_index` reads every document of a store once; :class:`IndexCache` keeps the result
until the store file changes (a job wrote to it), so browsing a large store does not re-read it on
every request. Filters (:func:`filter_docs`) are pure functions of the index.
"""

from __future__ import annotations

import os
import threading
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from ..model import Document, is_container, source_of
from ..report.context import parse_date
from ..report.layers import actor_names, quote_speaker
from ..store import Store

__all__ = ["DocSummary", "Index", "IndexCache", "build_index", "filter_docs", "summarize"]


@dataclass(frozen=True, slots=True)
class DocSummary:
    """A document as the lists show it."""

    id: str
    parent_id: str | None
    title: str
    source: str
    published: str | None
    date: date | None
    language: str | None
    words: int
    compilation: bool
    techniques: dict[str, int] = field(default_factory=dict)
    actors: dict[str, str] = field(default_factory=dict)
    speakers: frozenset[str] = frozenset()
    lead: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "parent_id": self.parent_id,
            "title": self.title,
            "source": self.source,
            "published": self.published,
            "language": self.language,
            "words": self.words,
            "compilation": self.compilation,
            "techniques": dict(self.techniques),
            "actors": dict(self.actors),
            "speakers": sorted(self.speakers),
        }


def summarize(doc: Document) -> DocSummary:
    """The summary of one document (its layers reduced to labels and counts)."""
    names = actor_names(doc)
    techniques = Counter(s.label for s in doc.layer("techniques"))
    actors = {s.label: str(names.get(s.label, s.label)) for s in doc.layer("actors")}
    speakers = frozenset(
        str(quote_speaker(doc, q, names)["name"] or "Unattributed") for q in doc.layer("quotes")
    )
    lead = " ".join(doc.text[:400].split())
    return DocSummary(
        id=doc.id,
        parent_id=doc.parent_id,
        title=doc.meta.title or source_of(doc),
        source=source_of(doc),
        published=doc.meta.published,
        date=parse_date(doc.meta.published),
        language=doc.meta.language,
        words=len(doc.text.split()),
        compilation=is_container(doc),
        techniques=dict(techniques.most_common()),
        actors=actors,
        speakers=speakers,
        lead=lead[:240] + ("…" if len(lead) > 240 else ""),
    )


@dataclass(slots=True)
class Index:
    """Summaries of a store's documents, in store order, with facet counts."""

    docs: list[DocSummary]
    sources: Counter[str] = field(default_factory=Counter)
    techniques: Counter[str] = field(default_factory=Counter)
    actors: dict[str, tuple[str, int]] = field(default_factory=dict)
    speakers: Counter[str] = field(default_factory=Counter)
    languages: Counter[str] = field(default_factory=Counter)

    @property
    def by_id(self) -> dict[str, DocSummary]:
        return {d.id: d for d in self.docs}


def build_index(docs: Iterable[Document]) -> Index:
    """Summaries and facets of ``docs`` (compilation posts are listed but not counted as
    articles in the facets when their articles are there)."""
    summaries = [summarize(d) for d in docs]
    parents = {s.parent_id for s in summaries if s.parent_id}
    index = Index(summaries)
    actor_counts: Counter[str] = Counter()
    actor_names_: dict[str, str] = {}
    for s in summaries:
        if s.compilation and s.id in parents:
            continue
        index.sources[s.source] += 1
        index.languages[s.language or "unknown"] += 1
        index.techniques.update(s.techniques)
        actor_counts.update(s.actors.keys())
        actor_names_.update(s.actors)
        index.speakers.update(s.speakers)
    index.actors = {a: (actor_names_[a], n) for a, n in actor_counts.most_common()}
    return index


def filter_docs(
    index: Index,
    *,
    ids: Iterable[str] | None = None,
    source: str | None = None,
    technique: str | None = None,
    actor: str | None = None,
    speaker: str | None = None,
    date_from: date | None = None,
    date_to: date | None = None,
    articles_only: bool = True,
) -> list[DocSummary]:
    """The documents that pass every given filter. ``ids`` (search hits) keeps its order;
    otherwise documents come newest first (undated last). A date filter drops undated ones.
    ``articles_only`` hides compilation posts whose articles are listed."""
    parents = {d.parent_id for d in index.docs if d.parent_id}
    if ids is not None:
        by_id = index.by_id
        pool = [by_id[i] for i in dict.fromkeys(ids) if i in by_id]
    else:
        pool = sorted(index.docs, key=lambda d: (d.date is None, -(d.date or date.min).toordinal()))
    out = []
    for d in pool:
        if articles_only and d.compilation and d.id in parents:
            continue
        if source and d.source != source:
            continue
        if technique and technique not in d.techniques:
            continue
        if actor and actor not in d.actors:
            continue
        if speaker and speaker not in d.speakers:
            continue
        if (date_from or date_to) and d.date is None:
            continue
        if date_from and d.date and d.date < date_from:
            continue
        if date_to and d.date and d.date > date_to:
            continue
        out.append(d)
    return out


def _stamp(db: Path) -> tuple[int, ...]:
    out: list[int] = []
    for path in (db, Path(f"{db}-wal")):
        try:
            st = os.stat(path)
            out += [st.st_mtime_ns, st.st_size]
        except OSError:
            out += [0, 0]
    return tuple(out)


class IndexCache:
    """The index of one store, rebuilt when the store's files change."""

    def __init__(self, db: Path) -> None:
        self.db = db
        self._lock = threading.Lock()
        self._stamp: tuple[int, ...] | None = None
        self._index: Index | None = None

    def get(self) -> Index:
        stamp = _stamp(self.db)
        with self._lock:
            if self._index is None or stamp != self._stamp:
                with Store(self.db, readonly=True) as store:
                    self._index = build_index(store.documents())
                self._stamp = stamp
            return self._index
