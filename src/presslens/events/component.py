"""The ``events`` pipeline component: actor-to-actor events as spans.

Each span covers the trigger verb; ``label`` is the PLOVER type, ``score`` the cooperation–
conflict score of the type and mode, and ``attrs`` hold

* ``source``, ``target``: actor ids as mentioned (a person stays a person);
* ``source_lifted``, ``target_lifted``: their principals (:func:`~presslens.events.lifting.lift`:
  Trump -> ``gov/USA``);
* ``source_span``, ``target_span``: ``{start, end}`` of the mentions;
* ``context`` (asserted, negated, hypothetical, future, demanded), ``mode``;
* ``cameo``: ``{root, code}`` (``code`` is the full CAMEO code the dictionary gave);
* ``sentence``: ``{start, end}`` of the sentence (from the ``sentences`` layer);
* ``verb``: the dictionary verb; ``pattern``: the pattern that set the code, when one did.

Events whose CAMEO code has no PLOVER type (statements) or whose two sides lift to the same
actor (or to a state and its own government) are left out. Places the actor layer does not
resolve are located with the gazetteer (:func:`~presslens.events.lifting.place_country`) and
stand for their state.
"""

from __future__ import annotations

import hashlib
from bisect import bisect_right
from collections.abc import Sequence
from typing import Any

from ..actors.component import kb_fingerprint
from ..actors.kb import ActorKB
from ..actors.mention import Mention
from ..model import Document, Span
from ..nlp import parse
from ..pipeline import BaseComponent
from .extract import Extracted, extract_events
from .lexicon import VerbLexicon
from .lifting import lift, node_key, place_country
from .plover import cameo_root, classify, score
from .verbs import packaged_lexicon

__all__ = ["Events", "event_spans", "participant_mentions"]

PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})


def participant_mentions(doc: Document, parsed: Any, *, places: bool = True) -> list[Mention]:
    """Actor mentions from the ``actors`` layer, plus (``places``) spaCy place entities the layer
    left unresolved but the gazetteer locates (actor ``state/<ISO>``, kind ``place``)."""
    out = [
        Mention(s.start, s.end, s.label, str(s.attrs.get("kind", ""))) for s in doc.layer("actors")
    ]
    if places:
        taken = [(m.start, m.end) for m in out]
        for ent in parsed.ents:
            if ent.label_ not in PLACE_LABELS:
                continue
            s, e = ent.start_char, ent.end_char
            if any(a < e and s < b for a, b in taken):
                continue
            code = place_country(ent.text)
            if code is not None:
                out.append(Mention(s, e, f"state/{code}", "place"))
    return sorted(out, key=lambda m: (m.start, m.end))


def _sentence_of(
    sentences: Sequence[Span], starts: Sequence[int], event: Extracted
) -> dict[str, int]:
    """The ``sentences`` span holding the trigger (else the parser's sentence)."""
    k = bisect_right(starts, event.trigger_start) - 1
    if k >= 0 and sentences[k].start <= event.trigger_start < sentences[k].end:
        return {"start": sentences[k].start, "end": sentences[k].end}
    return {"start": event.sentence_start, "end": event.sentence_end}


def event_spans(
    doc: Document,
    parsed: Any,
    kb: ActorKB,
    lexicon: VerbLexicon,
    *,
    producer: str = "events.v1",
    places: bool = True,
) -> list[Span]:
    """The events of a document as spans (see the module docstring). A pure function of the
    document, its parse, the knowledge base and the lexicon."""
    extracted = extract_events(parsed, participant_mentions(doc, parsed, places=places), lexicon)
    sentences = sorted(doc.layer("sentences"), key=lambda s: s.start)
    starts = [s.start for s in sentences]
    chosen: dict[tuple[Any, ...], tuple[Extracted, dict[str, Any], str, float]] = {}
    for event in extracted:
        kind = classify(event.code, frame=event.context.frame)
        if kind is None or event.source.actor is None or event.target.actor is None:
            continue
        label, mode = kind
        src, tgt = event.source.actor, event.target.actor
        src_lifted, tgt_lifted = lift(kb, src), lift(kb, tgt)
        if node_key(src_lifted) == node_key(tgt_lifted):
            continue  # one actor, or a state and its own government
        sentence = _sentence_of(sentences, starts, event)
        attrs: dict[str, Any] = {
            "source": src,
            "target": tgt,
            "source_lifted": src_lifted,
            "target_lifted": tgt_lifted,
            "source_span": {"start": event.source.start, "end": event.source.end},
            "target_span": {"start": event.target.start, "end": event.target.end},
            "context": event.context.label,
            "mode": mode,
            "cameo": {"root": cameo_root(event.code), "code": event.code},
            "sentence": sentence,
            "verb": event.verb.lower(),
        }
        if event.pattern:
            attrs["pattern"] = event.pattern
        key = (sentence["start"], label, src_lifted, tgt_lifted)
        previous = chosen.get(key)
        # one event per sentence, type and pair of principals; a qualified one (threatened,
        # hypothetical ...) wins over a plain one, else the first
        if previous is None or (
            previous[1]["context"] == "asserted" and event.context.label != "asserted"
        ):
            chosen[key] = (event, attrs, label, score(label, mode))
    spans = [
        doc.span(e.trigger_start, e.trigger_end, label, score=value, attrs=attrs, producer=producer)
        for e, attrs, label, value in chosen.values()
    ]
    return sorted(spans, key=lambda s: (s.start, s.end, s.label))


class Events(BaseComponent):
    """Actor-to-actor events (PLOVER types, CAMEO codes) from verb patterns over the parse."""

    name = "events"
    version = "1"
    requires = ("sentences", "actors")
    assigns = ("events",)
    skip_containers = True  # a compilation post: its articles carry the layer
    english_only = True  # English rules and lexicons: other languages are skipped, and say so

    def __init__(
        self,
        kb: ActorKB | None = None,
        lexicon: VerbLexicon | None = None,
        *,
        places: bool = True,
    ) -> None:
        """``kb`` defaults to :meth:`ActorKB.default` (use the one the ``actors`` component
        uses), ``lexicon`` to :func:`~presslens.events.verbs.packaged_lexicon`; ``places``
        locates unresolved place names with the gazetteer."""
        self.kb = kb if kb is not None else ActorKB.default()
        self.lexicon = lexicon if lexicon is not None else packaged_lexicon()
        self.places = places
        blob = f"{self.lexicon.fingerprint}|{kb_fingerprint(self.kb)}|{int(places)}"
        self.fingerprint = hashlib.sha256(blob.encode()).hexdigest()[:10]

    def annotate(self, doc: Document) -> Document:
        spans = event_spans(
            doc, parse(doc), self.kb, self.lexicon, producer=self.producer, places=self.places
        )
        return doc.with_layer("events", spans)
