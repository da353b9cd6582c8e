"""The ``claims`` pipeline component: the check-worthiness of every sentence.

One span per sentence the heads read (:func:`~presslens.heads.features.head_sentences`), label
``"claim"`` when check-worthy else ``"sentence"``, ``score`` = the check-worthiness score,
``attrs.checkworthy`` = score >= the model's threshold. The claims model
(:mod:`presslens.claims.network`) reads each sentence on its own, not the shared encoder pass.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from ..heads.features import head_sentences
from ..model import Document, Span
from ..pipeline import BaseComponent

__all__ = ["Claims", "claim_spans"]


def claim_spans(
    doc: Document, sentences: Sequence[Span], scores: np.ndarray, threshold: float, producer: str
) -> list[Span]:
    """One span per sentence with its check-worthiness score and flag (``score >= threshold``)."""
    out = []
    for s, score in zip(sentences, scores, strict=True):
        worthy = bool(score >= threshold)
        out.append(
            doc.span(
                s.start,
                s.end,
                "claim" if worthy else "sentence",
                score=round(float(score), 4),
                attrs={"checkworthy": worthy},
                producer=producer,
            )
        )
    return out


class Claims(BaseComponent):
    """Check-worthiness of every sentence (MiniLM fine-tuned on CheckThat! 2024). A compilation
    post is read too: its own words, the ``notes`` (:func:`head_sentences`)."""

    name = "claims"
    version = "2"
    requires = ("sentences",)
    assigns = ("claims",)
    english_only = True

    def __init__(self) -> None:
        from .network import fingerprint

        self.fingerprint = fingerprint()

    def annotate(self, doc: Document) -> Document:
        from .network import load_claims_model

        model = load_claims_model()
        sentences = head_sentences(doc)
        scores = model.score([doc.text_of(s) for s in sentences])
        spans = claim_spans(doc, sentences, scores, model.threshold, self.producer)
        return doc.with_layer("claims", spans)
