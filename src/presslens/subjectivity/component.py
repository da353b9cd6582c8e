"""The ``subjectivity`` pipeline component: each sentence subjective (SUBJ) or objective (OBJ).

One span per sentence the heads read (:func:`~presslens.heads.features.head_sentences`), label
``"SUBJ"``/``"OBJ"``, ``score`` = P(SUBJ), from a small head (:class:`~presslens.heads.head.Head`)
over the encoder pass the ``techniques`` component makes
(:func:`~presslens.heads.features.sentence_encoding` pools it per sentence).
"""

from __future__ import annotations

import numpy as np

from ..heads.features import DocEncoding, sentence_encoding
from ..heads.head import Head, head_fingerprint, load_head
from ..model import Document, Span
from ..pipeline import BaseComponent

__all__ = ["Subjectivity", "subjectivity_spans"]


def subjectivity_spans(doc: Document, enc: DocEncoding, head: Head, producer: str) -> list[Span]:
    """One span per sentence, label SUBJ or OBJ, score = P(SUBJ)."""
    p = head.proba(enc.inputs(head.inputs))[:, 1] if enc.encoded else np.zeros(0)
    return [
        doc.span(
            s.start,
            s.end,
            "SUBJ" if score >= head.threshold else "OBJ",
            score=round(float(score), 4),
            producer=producer,
        )
        for s, score in zip(enc.sentences, p, strict=True)
    ]


class Subjectivity(BaseComponent):
    """Subjective (SUBJ) or objective (OBJ) sentences (CheckThat! 2025 head on the shared pass).
    A compilation post is read too: its notes (:func:`head_sentences`)."""

    name = "subjectivity"
    version = "1"
    requires = ("sentences",)
    assigns = ("subjectivity",)
    english_only = True

    def __init__(self) -> None:
        self.fingerprint = head_fingerprint("subjectivity")

    def annotate(self, doc: Document) -> Document:
        enc = sentence_encoding(doc)
        spans = subjectivity_spans(doc, enc, load_head("subjectivity"), self.producer)
        return doc.with_layer("subjectivity", spans)
