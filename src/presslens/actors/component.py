"""Pipeline components that add the ``entities`` and ``actors`` layers."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence

from ..model import Document, Span
from ..nlp import parse
from ..pipeline import BaseComponent
from .kb import ActorKB
from .resolve import Resolved, resolve

PRODUCER = "actors.v1"


def kb_fingerprint(kb: ActorKB) -> str:
    """A short hash of the actors in ``kb`` (changes when users add or edit actors)."""
    digest = hashlib.sha256()
    for actor in sorted(kb, key=lambda a: a.id):
        digest.update(f"{actor.id}|{actor.name}|{len(actor.aliases)}|{actor.parent}\n".encode())
    return digest.hexdigest()[:10]


def actor_spans(
    doc: Document, mentions: Sequence[Resolved], kb: ActorKB, producer: str = PRODUCER
) -> list[Span]:
    """Resolved mentions as spans: label = actor id, attrs = kind, method, name, lifted id."""
    spans = []
    for m in mentions:
        if m.actor_id is None:
            continue
        actor = kb.get(m.actor_id)
        attrs: dict[str, object] = {
            "kind": actor.kind,
            "method": m.method,
            "name": actor.name,
            "lifted": kb.lift(actor.id),
        }
        if actor.country:
            attrs["country"] = actor.country
        if m.loaded:
            attrs["loaded"] = True
        spans.append(
            doc.span(m.start, m.end, actor.id, score=m.confidence, attrs=attrs, producer=producer)
        )
    return spans


def entity_spans(
    doc: Document, parsed: object, mentions: Iterable[Resolved], producer: str = PRODUCER
) -> list[Span]:
    """spaCy's named entities, each with the actor it resolved to (if any)."""
    by_pos = [(m.start, m.end, m) for m in mentions]
    spans = []
    for ent in parsed.ents:  # type: ignore[attr-defined]
        attrs: dict[str, object] = {}
        for s, e, m in by_pos:
            if s < ent.end_char and ent.start_char < e:
                if m.actor_id:
                    attrs["actor"] = m.actor_id
                elif m.local_id:
                    attrs["local_id"] = m.local_id
                break
        spans.append(
            doc.span(ent.start_char, ent.end_char, ent.label_, attrs=attrs, producer=producer)
        )
    return spans


class Actors(BaseComponent):
    """spaCy entities plus actor resolution against the knowledge base."""

    name = "actors"
    version = "1"
    requires = ("sentences",)
    assigns = ("entities", "actors")
    skip_containers = True  # a compilation post: its articles carry the layers
    english_only = True  # English rules and lexicons: other languages are skipped, and say so

    def __init__(self, kb: ActorKB | None = None) -> None:
        self.kb = kb if kb is not None else ActorKB.default()
        self.fingerprint = kb_fingerprint(self.kb)

    def annotate(self, doc: Document) -> Document:
        parsed = parse(doc)
        mentions = resolve(doc.text, parsed, self.kb)
        doc = doc.with_layer("entities", entity_spans(doc, parsed, mentions, self.producer))
        return doc.with_layer("actors", actor_spans(doc, mentions, self.kb, self.producer))
