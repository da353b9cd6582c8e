"""The ``stance`` pipeline component: the polarity of each sentence toward each actor it names.

One span per resolved actor mention inside a sentence the heads read
(:func:`~presslens.heads.features.head_sentences`), label ``negative``/``neutral``/``positive``,
``attrs`` = ``{"actor": id, "polarity": -1|0|1}``, ``score`` = the label's probability; the
stance model (:mod:`presslens.stance.network`) reads the sentence with the mention as its target.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ..heads.features import head_sentences
from ..model import Document, Span
from ..pipeline import BaseComponent

__all__ = ["POLARITY", "Stance", "stance_spans"]

POLARITY = {"negative": -1, "neutral": 0, "positive": 1}


def _sentence_index(sentences: Sequence[Span], start: int, end: int) -> int | None:
    for i, s in enumerate(sentences):
        if s.start <= start and end <= s.end:
            return i
    return None


def stance_spans(
    doc: Document, sentences: Sequence[Span], mentions: Sequence[Span], model: Any, producer: str
) -> list[Span]:
    """The stance toward each resolved actor mention inside a sentence: ``model`` (a
    :class:`~presslens.stance.network.StanceModel`) reads the sentence with the mention as
    its target."""
    pairs, keep = [], []
    for m in mentions:
        i = _sentence_index(sentences, m.start, m.end)
        if i is None:
            continue
        s = sentences[i]
        pairs.append((doc.text[s.start : s.end], m.start - s.start, m.end - s.start))
        keep.append(m)
    if not pairs:
        return []
    proba = model.proba(pairs)
    out = []
    for m, p in zip(keep, proba, strict=True):
        k = int(p.argmax())
        label = model.classes[k]
        out.append(
            doc.span(
                m.start,
                m.end,
                label,
                score=round(float(p[k]), 4),
                attrs={"actor": m.label, "polarity": POLARITY[label]},
                producer=producer,
            )
        )
    return out


class Stance(BaseComponent):
    """Polarity toward each resolved actor mention (MiniLM fine-tuned on NewsMTSC)."""

    name = "stance"
    version = "2"
    requires = ("sentences", "actors")
    assigns = ("stance",)
    skip_containers = True  # a compilation post: its articles carry the layer
    english_only = True

    def __init__(self) -> None:
        from .network import fingerprint

        self.fingerprint = fingerprint()

    def annotate(self, doc: Document) -> Document:
        from .network import load_stance_model

        sentences = head_sentences(doc)
        model = load_stance_model()
        spans = stance_spans(doc, sentences, doc.layer("actors"), model, self.producer)
        return doc.with_layer("stance", spans)
