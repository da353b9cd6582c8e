"""Every number in the report is a link to the spans behind it.

:class:`Evidence` turns a list of spans (``doc_id, start, end``) into a link: one span links
straight to its highlight (``#d<doc>-<layer>-<start>-<end>``); several link to an evidence list
(``#ev-N``) at the end of the report whose items link to each highlight. It also remembers which
anchors the articles must carry (:meth:`Evidence.refs_for`), so that a figure never points at a
span that is not rendered.

Spans of a compilation post are moved onto the article split from it that holds them (the post
itself is not rendered, only its editor's note); spans in no rendered text are dropped.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..model import Document, source_of
from .layers import Ref, anchor_id, article_anchor

__all__ = ["Evidence", "EvidenceBlock", "EvidenceItem", "short"]

SNIPPET = 160


@dataclass(frozen=True, slots=True)
class EvidenceItem:
    """One line of an evidence list: where it links, whose it is, what it says."""

    href: str
    source: str
    title: str
    snippet: str


@dataclass(slots=True)
class EvidenceBlock:
    id: str
    title: str
    items: list[EvidenceItem] = field(default_factory=list)
    more: int = 0  # items left out (beyond MAX_ITEMS)


MAX_ITEMS = 10
"""Spans listed under one figure; the rest are counted ("and 12 more"): a figure over thousands
of articles would otherwise list them all, and the report would outgrow a browser."""


def short(text: str, size: int = 90) -> str:
    """``text`` on one line, cut at a word boundary with an ellipsis when longer than ``size``."""
    text = " ".join(text.split())
    if len(text) <= size:
        return text
    cut = text[: size - 1].rsplit(" ", 1)[0] if " " in text[: size - 1] else text[: size - 1]
    return cut.rstrip(",;:") + "…"


def _snippet(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= SNIPPET else text[: SNIPPET - 1].rstrip() + "…"


class Evidence:
    """The registry of evidence links for one report (see the module docstring)."""

    def __init__(
        self,
        docs: Sequence[Document],
        rendered: Iterable[str] | None = None,
        listed: Iterable[str] = (),
    ) -> None:
        """``rendered``: the documents whose text the report shows (default all); ``listed``:
        those it lists without their text, whose spans link to the article's entry."""
        self.docs: dict[str, Document] = {d.id: d for d in docs}
        self.rendered = set(rendered) if rendered is not None else set(self.docs)
        self.listed = set(listed) - self.rendered
        self.children: dict[str, list[Document]] = {}
        for d in docs:
            if d.parent_id and d.source.range is not None:
                self.children.setdefault(d.parent_id, []).append(d)
        self.notes: dict[str, tuple[int, int]] = {}
        for d in docs:
            for note in d.layer("notes"):
                self.notes.setdefault(d.id, (note.start, note.end))
        self.blocks: list[EvidenceBlock] = []
        self._refs: dict[str, list[Ref]] = {}
        self._seen: dict[tuple[Ref, ...], str] = {}

    # -- resolving ----------------------------------------------------------------------------
    def resolve(self, doc_id: str, layer: str, start: int, end: int) -> Ref | None:
        """The rendered place of a span: itself, inside the article split from it, or ``None``."""
        doc = self.docs.get(doc_id)
        if doc is None or not 0 <= start <= end <= len(doc.text):
            return None
        if doc_id in self.rendered or doc_id in self.listed:
            return Ref(doc_id, layer, start, end)
        for child in self.children.get(doc_id, ()):
            lo, hi = child.source.range or (0, 0)
            if lo <= start and end <= hi and (child.id in self.rendered or child.id in self.listed):
                return Ref(child.id, layer, start - lo, end - lo)
        note = self.notes.get(doc_id)
        if note and note[0] <= start and end <= note[1]:
            return Ref(doc_id, layer, start, end)
        return None

    def refs_for(self, doc_id: str) -> list[Ref]:
        """The anchors that figures point at inside document ``doc_id``."""
        return self._refs.get(doc_id, [])

    def _need(self, ref: Ref) -> str:
        if ref.doc_id in self.listed:  # its text is not in the report: link to its entry
            return "#" + article_anchor(ref.doc_id)
        self._refs.setdefault(ref.doc_id, []).append(ref)
        return "#" + anchor_id(ref.doc_id, ref.layer, ref.start, ref.end)

    def item(self, ref: Ref) -> EvidenceItem:
        doc = self.docs[ref.doc_id]
        return EvidenceItem(
            href=self._need(ref),
            source=source_of(doc),
            title=doc.meta.title or source_of(doc),
            snippet=_snippet(doc.text[ref.start : ref.end]),
        )

    # -- links --------------------------------------------------------------------------------
    def spans(self, title: str, layer: str, spans: Iterable[Mapping[str, Any]]) -> str | None:
        """A link for spans given as ``{doc_id, start, end}`` mappings (``None`` if none shows)."""
        refs = []
        for s in spans:
            try:
                ref = self.resolve(str(s["doc_id"]), layer, int(s["start"]), int(s["end"]))
            except (KeyError, TypeError, ValueError):
                continue
            if ref is not None:
                refs.append(ref)
        return self.link(title, refs)

    def link(self, title: str, refs: Sequence[Ref]) -> str | None:
        """``#anchor`` for one ref, ``#ev-N`` (an evidence list) for several, ``None`` for none."""
        unique = list(dict.fromkeys(refs))
        if not unique:
            return None
        if len(unique) == 1 and unique[0].doc_id not in self.listed:
            return self._need(unique[0])
        key = tuple(unique)
        if key in self._seen:
            return self._seen[key]
        block = EvidenceBlock(f"ev-{len(self.blocks) + 1}", short(title))
        block.items = [self.item(r) for r in unique[:MAX_ITEMS]]
        block.more = max(0, len(unique) - MAX_ITEMS)
        self.blocks.append(block)
        self._seen[key] = "#" + block.id
        return self._seen[key]

    def articles(self, title: str, docs: Sequence[Document]) -> str | None:
        """A link to one article, or to a list of articles."""
        if not docs:
            return None
        if len(docs) == 1:
            return "#" + article_anchor(docs[0].id)
        block = EvidenceBlock(f"ev-{len(self.blocks) + 1}", short(title))
        block.items = [
            EvidenceItem(
                "#" + article_anchor(d.id),
                source_of(d),
                d.meta.title or source_of(d),
                _snippet(d.text[:SNIPPET]),
            )
            for d in docs[:MAX_ITEMS]
        ]
        block.more = max(0, len(docs) - MAX_ITEMS)
        self.blocks.append(block)
        return "#" + block.id
