"""Pipeline components ``claims``, ``subjectivity`` and ``stance``.

``subjectivity`` reads the encoder pass the ``techniques`` component makes
(:mod:`presslens.techniques.shared`): :func:`sentence_encoding` pools it per sentence (cached by
document id and text like :func:`presslens.nlp.parse`). ``claims`` and ``stance`` are models of
their own, MiniLM fine-tuned for the task (:mod:`~presslens.heads.claims_net`,
:mod:`~presslens.heads.stance_net`), which read the sentences themselves.

- ``claims``: one span per sentence, label ``"claim"`` when check-worthy else ``"sentence"``,
  ``score`` = check-worthiness probability, ``attrs.checkworthy`` = score >= the model's
  threshold. The claims model reads each sentence on its own (:mod:`presslens.heads.claims_net`),
  not the shared pass.
- ``subjectivity``: one span per sentence, label ``"SUBJ"``/``"OBJ"``, ``score`` = P(SUBJ).
- ``stance``: one span per resolved actor mention, label ``negative``/``neutral``/``positive``,
  ``attrs`` = ``{"actor": id, "polarity": -1|0|1}``, ``score`` = the label's probability.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..model import Document, Span, is_container
from ..pipeline import BaseComponent
from .features import SentenceTokens, sentence_inputs
from .model import Head, load_head, weights_fingerprint

CACHE_SIZE = 32
POLARITY = {"negative": -1, "neutral": 0, "positive": 1}


@dataclass(frozen=True, slots=True)
class DocEncoding:
    """The encoder output for a document's sentences, in the order of its ``sentences`` layer."""

    sentences: tuple[Span, ...]
    encoded: tuple[SentenceTokens, ...]
    texts: tuple[str, ...] = ()

    @property
    def vectors(self) -> np.ndarray:
        """Sentence vectors, one row per sentence."""
        if not self.encoded:
            return np.zeros((0, 384), dtype=np.float32)
        return np.stack([e.vector for e in self.encoded])

    def inputs(self, spec: Sequence[str]) -> np.ndarray:
        """A sentence head's input rows (see :func:`~presslens.heads.features.sentence_inputs`)."""
        if list(spec) == ["L6"]:
            return self.vectors
        layers = np.stack([e.layers for e in self.encoded if e.layers is not None])
        return sentence_inputs(spec, layers, self.texts)


_CACHE: OrderedDict[tuple[str, int], DocEncoding] = OrderedDict()


def head_sentences(doc: Document) -> tuple[Span, ...]:
    """The sentences the heads read: all of them, except in a compilation post, whose articles
    are documents of their own: there only the editor's own words (the ``notes`` layer)."""
    sents = doc.layer("sentences")
    if not is_container(doc):
        return sents
    notes = doc.layer("notes")
    return tuple(s for s in sents if any(n.start <= s.start and s.end <= n.end for n in notes))


def sentence_encoding(doc: Document) -> DocEncoding:
    """The document's head sentences read from the shared pass (LRU keyed by id and text hash).

    The pass is the one the ``techniques`` component reads
    (:func:`presslens.techniques.shared.document_pass`): the encoder runs once per document.
    """
    key = (doc.id, hash(doc.text))
    hit = _CACHE.get(key)
    sents = head_sentences(doc)
    if hit is not None and hit.sentences == sents:
        _CACHE.move_to_end(key)
        return hit
    texts = [doc.text_of(s) for s in sents]
    encoded: tuple[SentenceTokens, ...] = ()
    if sents:
        pooled = _pooled(doc, sents)
        encoded = tuple(SentenceTokens(p.vector, p.tokens, p.offsets, p.layers) for p in pooled)
    enc = DocEncoding(sents, encoded, tuple(texts))
    _CACHE[key] = enc
    while len(_CACHE) > CACHE_SIZE:
        _CACHE.popitem(last=False)
    return enc


def _pooled(doc: Document, sents: Sequence[Span]) -> list[Any]:
    """Each sentence pooled from the shared pass. A compilation post's heads read only its notes,
    so only the notes are encoded (each on its own), not the articles it glues together."""
    from ..techniques.shared import document_pass, pool

    if not is_container(doc):
        whole = document_pass(doc.id, doc.text)
        return [pool(whole, s.start, s.end) for s in sents]
    out = []
    for s in sents:
        note = next(n for n in doc.layer("notes") if n.start <= s.start and s.end <= n.end)
        enc = document_pass(f"{doc.id}@{note.start}", doc.text[note.start : note.end])
        out.append(pool(enc, s.start - note.start, s.end - note.start))
    return out


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


def _sentence_index(sentences: Sequence[Span], start: int, end: int) -> int | None:
    for i, s in enumerate(sentences):
        if s.start <= start and end <= s.end:
            return i
    return None


def stance_spans(
    doc: Document, sentences: Sequence[Span], mentions: Sequence[Span], model: Any, producer: str
) -> list[Span]:
    """The stance toward each resolved actor mention inside a sentence: ``model`` (a
    :class:`~presslens.heads.stance_net.StanceModel`) reads the sentence with the mention as
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


class Claims(BaseComponent):
    """Check-worthiness of every sentence (MiniLM fine-tuned on CheckThat! 2024). A compilation
    post is read too: its own words, the ``notes`` (:func:`head_sentences`)."""

    name = "claims"
    version = "2"
    requires = ("sentences",)
    assigns = ("claims",)
    english_only = True

    def __init__(self) -> None:
        from .claims_net import fingerprint

        self.fingerprint = fingerprint()

    def annotate(self, doc: Document) -> Document:
        from .claims_net import load_claims_model

        model = load_claims_model()
        sentences = head_sentences(doc)
        scores = model.score([doc.text_of(s) for s in sentences])
        spans = claim_spans(doc, sentences, scores, model.threshold, self.producer)
        return doc.with_layer("claims", spans)


class Subjectivity(BaseComponent):
    """Subjective (SUBJ) or objective (OBJ) sentences (CheckThat! 2025 head on the shared pass).
    A compilation post is read too: its notes (:func:`head_sentences`)."""

    name = "subjectivity"
    version = "1"
    requires = ("sentences",)
    assigns = ("subjectivity",)
    english_only = True

    def __init__(self) -> None:
        self.fingerprint = weights_fingerprint("subjectivity")

    def annotate(self, doc: Document) -> Document:
        enc = sentence_encoding(doc)
        spans = subjectivity_spans(doc, enc, load_head("subjectivity"), self.producer)
        return doc.with_layer("subjectivity", spans)


class Stance(BaseComponent):
    """Polarity toward each resolved actor mention (MiniLM fine-tuned on NewsMTSC)."""

    name = "stance"
    version = "2"
    requires = ("sentences", "actors")
    assigns = ("stance",)
    skip_containers = True  # a compilation post: its articles carry the layer
    english_only = True

    def __init__(self) -> None:
        from .stance_net import fingerprint

        self.fingerprint = fingerprint()

    def annotate(self, doc: Document) -> Document:
        from .stance_net import load_stance_model

        sentences = head_sentences(doc)
        model = load_stance_model()
        spans = stance_spans(doc, sentences, doc.layer("actors"), model, self.producer)
        return doc.with_layer("stance", spans)
