"""Which span layers the report highlights, and how: marks, tooltips, legends and anchors.

A layer is shown only when a document has it; layers nobody has written yet (``techniques``,
``claims``, ``events``) need no special case: :data:`STYLES` says how each known layer looks, and
:func:`article_marks` turns a document's layers into :class:`~.highlight.Mark` objects.

Every highlighted span gets an anchor ``d<doc>-<layer>-<start>-<end>`` (:func:`anchor_id`), the
target of every number in the report that counts it.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ..model import Document, Span
from .highlight import Mark
from .palette import normalise_label, technique_name

__all__ = [
    "STYLES",
    "LayerStyle",
    "Ref",
    "actor_names",
    "anchor_id",
    "article_marks",
    "quote_speaker",
    "span_tooltip",
]

_SAFE_ID = re.compile(r"^[A-Za-z0-9_-]{1,80}$")


@dataclass(frozen=True, slots=True)
class LayerStyle:
    """How one layer is shown: element, CSS class, legend name, nesting priority."""

    layer: str
    tag: str
    css: str
    legend: str
    description: str
    priority: int


STYLES: dict[str, LayerStyle] = {
    s.layer: s
    for s in (
        LayerStyle("notes", "span", "hl-note", "Editor's note", "the compiler's preface", 10),
        LayerStyle("furniture", "span", "hl-furniture", "Site furniture", "bylines, credits", 12),
        LayerStyle("key_sentences", "strong", "hl-key", "Key sentence", "most central", 20),
        LayerStyle("claims", "span", "hl-claim", "Claim", "a checkable statement", 30),
        LayerStyle("reused", "span", "hl-reused", "Reused passage", "also in another source", 35),
        LayerStyle("quotes", "span", "hl-quote", "Quote", "reported speech; tooltip: speaker", 40),
        LayerStyle("events", "span", "hl-event", "Event", "an action between actors", 45),
        LayerStyle("techniques", "mark", "hl-tech", "Technique", "persuasion technique", 60),
        LayerStyle("speakers", "span", "hl-speaker", "Speaker", "who is quoted", 70),
        LayerStyle("actors", "span", "hl-actor", "Actor", "a person, state or organisation", 80),
        LayerStyle("ref", "span", "hl-ref", "Evidence", "a span a figure points at", 90),
    )
}
"""The layers the report knows, outermost first. Others are not highlighted."""


@dataclass(frozen=True, slots=True)
class Ref:
    """A span some figure points at: ``layer`` names the anchor's layer part."""

    doc_id: str
    layer: str
    start: int
    end: int


def anchor_id(doc_id: str, layer: str, start: int, end: int) -> str:
    """``d<doc>-<layer>-<start>-<end>``; a document id with other characters than letters,
    digits, ``-`` and ``_`` is replaced by a short hash of it."""
    safe = (
        doc_id if _SAFE_ID.match(doc_id) else "x" + hashlib.sha1(doc_id.encode()).hexdigest()[:12]
    )
    return f"d{safe}-{layer}-{start}-{end}"


def article_anchor(doc_id: str) -> str:
    """The ``id`` of an article's section."""
    safe = (
        doc_id if _SAFE_ID.match(doc_id) else "x" + hashlib.sha1(doc_id.encode()).hexdigest()[:12]
    )
    return f"article-{safe}"


def actor_names(doc: Document) -> dict[str, str]:
    """Actor id -> display name, from the ``actors`` layer's ``attrs.name``."""
    names: dict[str, str] = {}
    for span in doc.layer("actors"):
        name = span.attrs.get("name")
        if isinstance(name, str) and name and span.label not in names:
            names[span.label] = name
    return names


def humanize_id(actor_id: str) -> str:
    """``local/radomir-kell`` -> ``Radomir Kell``; ``state/RUS`` -> ``RUS``."""
    last = actor_id.rsplit("/", 1)[-1]
    return (
        last if last.isupper() else " ".join(w.capitalize() for w in re.split(r"[-_]+", last) if w)
    )


def _pair(value: Any) -> tuple[int, int] | None:
    if isinstance(value, Sequence) and not isinstance(value, str) and len(value) == 2:
        a, b = value
        if isinstance(a, int) and isinstance(b, int):
            return a, b
    if isinstance(value, str):
        m = re.match(r"^(\d+)-(\d+)(?::.*)?$", value)
        if m:
            return int(m.group(1)), int(m.group(2))
    return None


def quote_speaker(
    doc: Document, span: Span, names: Mapping[str, str] | None = None
) -> dict[str, Any]:
    """Who a quote span is attributed to: ``{"actor", "name", "start", "end"}`` (values may be
    ``None``). Reads ``attrs.speaker`` as an object (``actor``, ``name``, ``text``,
    ``start``/``end``, as the quotes component writes it), a ``[start, end]`` pair or a span key
    ``"start-end:label"``, and ``attrs.actor``. The name is the speaker's ``name``, else the
    actor's name in the ``actors`` layer, else one made from the actor id (``local/ilan-voss`` ->
    ``Ilan Voss``, so that "he" and "Voss" count as one speaker), else the speaker's words."""
    names = names if names is not None else actor_names(doc)
    attrs = span.attrs
    speaker = attrs.get("speaker")
    actor = attrs.get("actor") if isinstance(attrs.get("actor"), str) else None
    text = given = None
    where = None
    if isinstance(speaker, Mapping):
        actor = speaker.get("actor") if isinstance(speaker.get("actor"), str) else actor
        text = speaker.get("text") if isinstance(speaker.get("text"), str) else None
        given = speaker.get("name") if isinstance(speaker.get("name"), str) else None
        where = _pair((speaker.get("start"), speaker.get("end"))) or _pair(speaker.get("span"))
    else:
        where = _pair(speaker)
    if where is not None and not 0 <= where[0] <= where[1] <= len(doc.text):
        where = None
    if text is None and where is not None:
        text = doc.text[where[0] : where[1]]
    name = given or (names.get(actor) or humanize_id(actor) if actor else None)
    return {
        "actor": actor,
        "name": name or text or actor,
        "start": where[0] if where else None,
        "end": where[1] if where else None,
    }


def span_tooltip(layer: str, span: Span, doc: Document, names: Mapping[str, str]) -> str:
    """The tooltip of a highlighted span: what it is, its label and score."""
    score = f" ({span.score:.2f})" if span.score is not None else ""
    if layer == "techniques":
        return f"{technique_name(span.label)}{score}"
    if layer == "quotes":
        who = quote_speaker(doc, span, names)["name"]
        return f"Quote ({span.label}) — speaker: {who or 'unattributed'}"
    if layer == "actors":
        name = span.attrs.get("name") or span.label
        kind = span.attrs.get("kind")
        return f"{name}{f' ({kind})' if kind else ''} — {span.label}"
    if layer == "key_sentences":
        rank = span.attrs.get("rank")
        return f"Key sentence{f' #{rank}' if rank else ''}{score}"
    if layer == "claims":
        return f"Claim{f': {span.label}' if span.label not in ('claim', '') else ''}{score}"
    if layer == "furniture":
        return span.label.replace("_", " ")
    if layer == "notes":
        return "Editor's note"
    if layer == "reused":
        also = span.attrs.get("also")
        return f"Reused passage{f' — also in {also}' if also else ''}{score}"
    style = STYLES.get(layer)
    return f"{style.legend if style else layer}: {span.label}{score}"


def _mark(
    layer: str, span: Span, anchor: str | None, title: str, data: Iterable[tuple[str, str]]
) -> Mark:
    style = STYLES[layer]
    classes = [style.css]
    if layer == "techniques":
        classes.append(f"tech-{normalise_label(span.label)}")
    return Mark(
        span.start,
        span.end,
        tag=style.tag,
        classes=tuple(classes),
        title=title,
        data=(("layer", layer), ("label", span.label), *data),
        anchor=anchor,
        priority=style.priority,
    )


def article_marks(
    doc: Document,
    *,
    extra: Mapping[str, Sequence[Span]] | None = None,
    refs: Iterable[Ref] = (),
    offset: int = 0,
    limit: int | None = None,
) -> list[Mark]:
    """The marks of ``doc``'s known layers (plus ``extra`` layers, e.g. ``reused`` from the
    corpus), each with a unique anchor, plus invisible ``ref`` marks for ``refs`` that no mark
    covers. ``offset``/``limit`` render only ``text[offset:limit]`` (an editor's note) with marks
    shifted to it."""
    names = actor_names(doc)
    end_at = len(doc.text) if limit is None else limit
    layers: dict[str, Sequence[Span]] = {k: doc.layer(k) for k in STYLES if doc.layer(k)}
    layers.update(extra or {})
    speakers = []
    for q in doc.layer("quotes"):
        who = quote_speaker(doc, q, names)
        if who["start"] is not None and who["end"] > who["start"]:
            speakers.append((who, q))
    marks: list[Mark] = []
    used: set[str] = set()

    def add(layer: str, span: Span, title: str, data: Iterable[tuple[str, str]] = ()) -> None:
        anchor: str | None = anchor_id(doc.id, layer, span.start, span.end)
        if anchor in used:
            anchor = None
        used.add(anchor_id(doc.id, layer, span.start, span.end))
        data = tuple(data)
        for start, end in _pieces(layer, span, len(doc.text)):
            if not _inside(start, end, offset, end_at):
                continue
            piece = Span(start, end, span.label, span.score, dict(span.attrs), span.producer)
            marks.append(_shift(_mark(layer, piece, anchor, title, data), offset, end_at))
            anchor = None

    for layer, spans in layers.items():
        if layer not in STYLES:
            continue
        for span in spans:
            data: list[tuple[str, str]] = []
            if layer == "quotes":
                who = quote_speaker(doc, span, names)
                if who["actor"]:
                    data.append(("actor", str(who["actor"])))
                if who["name"]:
                    data.append(("speaker", str(who["name"])))
            elif layer == "actors":
                data.append(("actor", span.label))
            add(layer, span, span_tooltip(layer, span, doc, names), data)
    for who, _quote in speakers:
        span = Span(who["start"], who["end"], who["actor"] or "speaker")
        add("speakers", span, f"Speaker of a quote: {who['name']}", [("speaker", who["name"])])
    for ref in refs:
        anchor = anchor_id(doc.id, ref.layer, ref.start, ref.end)
        if anchor in used or not 0 <= ref.start <= ref.end <= len(doc.text):
            continue
        if not _inside(ref.start, ref.end, offset, end_at):
            continue
        used.add(anchor)
        mark = Mark(ref.start, ref.end, classes=("hl-ref",), anchor=anchor, priority=90)
        marks.append(_shift(mark, offset, end_at))
    return [m for m in marks if m.end >= m.start]


def _pieces(layer: str, span: Span, size: int) -> list[tuple[int, int]]:
    """Where a span shows: a quote split around its cue shows as its ``attrs.parts``."""
    parts = span.attrs.get("parts") if layer == "quotes" else None
    out = []
    for part in parts if isinstance(parts, Sequence) and not isinstance(parts, str) else ():
        where = _pair((part.get("start"), part.get("end"))) if isinstance(part, Mapping) else None
        if where and span.start <= where[0] <= where[1] <= min(span.end, size):
            out.append(where)
    return out or [(span.start, span.end)]


def _inside(start: int, end: int, offset: int, limit: int) -> bool:
    """Whether ``start..end`` shows in the window ``offset..limit``."""
    if start == end:
        return offset <= start <= limit
    return start < limit and end > offset


def _shift(mark: Mark, offset: int, limit: int) -> Mark:
    if offset == 0 and limit >= mark.end:
        return mark
    start = min(max(mark.start, offset), limit) - offset
    end = min(max(mark.end, offset), limit) - offset
    return Mark(
        start,
        end,
        mark.tag,
        mark.classes,
        mark.title,
        mark.data,
        mark.anchor,
        mark.priority,
    )
