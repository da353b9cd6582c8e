"""The pipeline component that adds the ``quotes`` layer from the parse and the actors layer."""

from __future__ import annotations

from typing import Any

from ..actors.kb import ActorKB
from ..actors.mention import Mention
from ..model import Document, Span
from ..nlp import parse
from ..pipeline import BaseComponent
from . import Quote, find_quotes

PRODUCER = "quotes.v1"

_ENTITY_KINDS = {"PERSON": "person", "ORG": "organisation", "NORP": "group", "GPE": "place"}


def speaker_candidates(doc: Document, kb: ActorKB | None = None) -> list[Mention]:
    """Speaker candidates: resolved actor mentions, plus unresolved person/organisation entities."""
    out: list[Mention] = []
    taken: list[tuple[int, int]] = []
    for span in doc.layer("actors"):
        gender = None
        if kb is not None and span.label in kb:
            gender = kb.get(span.label).gender
        kind = str(span.attrs.get("kind", "person"))
        out.append(Mention(span.start, span.end, span.label, kind, gender))
        taken.append((span.start, span.end))
    for span in doc.layer("entities"):
        if span.label not in _ENTITY_KINDS or "actor" in span.attrs:
            continue
        if any(s < span.end and span.start < e for s, e in taken):
            continue
        local = span.attrs.get("local_id")
        out.append(Mention(span.start, span.end, local, _ENTITY_KINDS[span.label]))
    return sorted(out, key=lambda m: (m.start, m.end))


def quote_span(doc: Document, quote: Quote, kb: ActorKB | None, producer: str = PRODUCER) -> Span:
    """A quote as a span: label = kind; attrs.speaker = {start, end, text, actor, name}."""
    attrs: dict[str, Any] = {"kind": quote.kind}
    if quote.speaker is not None:
        s, e = quote.speaker
        speaker: dict[str, Any] = {"start": s, "end": e, "text": doc.text[s:e]}
        if quote.actor:
            speaker["actor"] = quote.actor
            if kb is not None and quote.actor in kb:
                speaker["name"] = kb.get(quote.actor).name
        if quote.title is not None:
            speaker["title"] = doc.text[quote.title[0] : quote.title[1]]
        attrs["speaker"] = speaker
    if quote.cue is not None:
        attrs["cue"] = {"start": quote.cue[0], "end": quote.cue[1]}
    if len(quote.parts) > 1:
        attrs["parts"] = [{"start": s, "end": e} for s, e in quote.parts]
    return doc.span(
        quote.start, quote.end, quote.kind, score=round(quote.confidence, 3), attrs=attrs,
        producer=producer,
    )  # fmt: skip


class Quotes(BaseComponent):
    """Direct, indirect and block quotes with cue, speaker and the speaker's actor."""

    name = "quotes"
    version = "1"
    requires = ("sentences", "actors")
    assigns = ("quotes",)
    skip_containers = True  # a compilation post: its articles carry the layer
    english_only = True  # English rules and lexicons: other languages are skipped, and say so

    def __init__(self, kb: ActorKB | None = None) -> None:
        self.kb = kb if kb is not None else ActorKB.default()

    def annotate(self, doc: Document) -> Document:
        quotes = find_quotes(doc.text, parse(doc), speaker_candidates(doc, self.kb))
        spans = [quote_span(doc, q, self.kb, self.producer) for q in quotes]
        return doc.with_layer("quotes", spans)
