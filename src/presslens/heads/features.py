"""The one encoder pass every head shares with the technique layer, pooled per sentence.

The encoder is the technique network's (:mod:`presslens.techniques.shared`: all-MiniLM-L6-v2
with its top four layers fine-tuned on PTC): the ``techniques`` component and the heads read one
pass per document. A sentence is read by pooling that pass over the sentence's tokens: the mean
of every hidden state (embeddings and the six layers), the unit-length last-layer mean (the
sentence vector) and the last-layer token vectors. The claims and subjectivity heads read
layer means (``inputs`` in their metadata: lower layers keep more of the surface form, numbers
and names, than the last one); the stance head also pools the tokens that overlap a target
mention and a window of tokens around it.

In a document the heads read :func:`head_sentences` (a compilation post: only its notes), and
:func:`sentence_encoding` pools the document's pass over each of them (cached by document id and
text, like :func:`presslens.nlp.parse`). Training sentences are encoded one by one
(:func:`encode_tokens`) and pooled the same way.
"""

from __future__ import annotations

import hashlib
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from ..encoder import DIMENSIONS
from ..model import Document, Span, is_container

CONTEXT_WINDOW = 6
"""Tokens either side of a target mention pooled into its context vector."""
MAX_TOKENS = 256
CACHE_DIR = Path("/tmp/presslens-heads-cache")
"""Where training caches encoder features (never inside the repository)."""


LAYERS = 7
"""Hidden states MiniLM returns: the embeddings and its six transformer layers."""
CACHE_VERSION = "v3-shared"


@dataclass(frozen=True, slots=True)
class EncodedSentences:
    """Encoder output for a batch of sentences: sentence vectors and per-target vectors."""

    sentences: np.ndarray  # (n, 384) unit-length sentence embeddings
    targets: np.ndarray  # (m, 3 * 384) [sentence, target mean, context mean] per target
    layers: np.ndarray | None = None  # (n, 7, 384) masked mean of each layer's hidden states


def sentence_inputs(spec: Sequence[str], layers: np.ndarray, texts: Sequence[str]) -> np.ndarray:
    """A sentence head's input rows: for each item of ``spec``, ``"L<k>"`` the unit-length mean of
    layer k (``"L6"`` is the sentence embedding), ``"F"`` the surface features
    (:mod:`presslens.heads.surface`, times :data:`~presslens.heads.surface.SCALE`)."""
    from .surface import SCALE, surface_matrix

    parts = []
    for item in spec:
        if item == "F":
            parts.append(surface_matrix(texts) * SCALE)
        elif item.startswith("L") and item[1:].isdigit():
            parts.append(_unit(layers[:, int(item[1:])]))
        else:
            raise ValueError(f"unknown head input {item!r}; use L0..L6 or F")
    return np.hstack(parts).astype(np.float32)


def _unit(v: np.ndarray) -> np.ndarray:
    norm = np.linalg.norm(v, axis=-1, keepdims=True)
    return (v / np.maximum(norm, 1e-9)).astype(np.float32)


def target_vector(
    tokens: np.ndarray,
    offsets: Sequence[tuple[int, int]],
    sentence: np.ndarray,
    span: tuple[int, int],
) -> np.ndarray:
    """``[sentence, mean of target tokens, mean of context tokens]`` for one target span."""
    start, end = span
    idx = [i for i, (s, e) in enumerate(offsets) if e > s and s < end and start < e]
    if not idx:
        return np.concatenate([sentence, sentence, sentence]).astype(np.float32)
    lo, hi = idx[0], idx[-1]
    ctx = [
        i
        for i in range(max(0, lo - CONTEXT_WINDOW), min(len(offsets), hi + CONTEXT_WINDOW + 1))
        if (i < lo or i > hi) and offsets[i][1] > offsets[i][0]
    ]
    target = _unit(tokens[idx].mean(axis=0))
    context = _unit(tokens[ctx].mean(axis=0)) if ctx else sentence
    return np.concatenate([sentence, target, context]).astype(np.float32)


@dataclass(frozen=True, slots=True)
class SentenceTokens:
    """One sentence's encoder output: its unit vector, token embeddings and token offsets."""

    vector: np.ndarray  # (384,)
    tokens: np.ndarray  # (t, 384) last hidden states, padding removed
    offsets: tuple[tuple[int, int], ...]  # character span of each token ((0, 0) for specials)
    layers: np.ndarray | None = None  # (7, 384) masked mean of each layer's hidden states

    def target(self, span: tuple[int, int]) -> np.ndarray:
        """The stance head's input for the target at character ``span`` of this sentence."""
        return target_vector(self.tokens, self.offsets, self.vector, span)


def encode_tokens(texts: Sequence[str], *, batch_size: int = 32) -> list[SentenceTokens]:
    """Each text encoded on its own by the shared encoder and pooled whole (input order kept)."""
    from ..techniques.shared import pool_texts

    return [
        SentenceTokens(p.vector, p.tokens, p.offsets, p.layers) for p in pool_texts(list(texts))
    ]


def encode(
    texts: Sequence[str],
    targets: Sequence[Sequence[tuple[int, int]]] | None = None,
    *,
    batch_size: int = 32,
) -> EncodedSentences:
    """Encode ``texts`` once; ``targets[i]`` lists the character spans of targets in text i."""
    encoded = encode_tokens(texts, batch_size=batch_size)
    sents = (
        np.stack([e.vector for e in encoded])
        if encoded
        else np.zeros((0, DIMENSIONS), dtype=np.float32)
    )
    rows = []
    if targets is not None:
        rows = [e.target(span) for e, spans in zip(encoded, targets, strict=True) for span in spans]
    tvecs = np.stack(rows) if rows else np.zeros((0, 3 * DIMENSIONS), dtype=np.float32)
    layers = (
        np.stack([e.layers for e in encoded if e.layers is not None])
        if encoded
        else np.zeros((0, LAYERS, DIMENSIONS), dtype=np.float32)
    )
    return EncodedSentences(sents.astype(np.float32), tvecs, layers.astype(np.float32))


def cached_encode(
    texts: Sequence[str], targets: Sequence[Sequence[tuple[int, int]]] | None = None
) -> EncodedSentences:
    """:func:`encode` with an on-disk cache under :data:`CACHE_DIR` (for training runs)."""
    from ..techniques.component import weights_fingerprint as encoder_fingerprint

    digest = hashlib.sha256(CACHE_VERSION.encode())
    digest.update(encoder_fingerprint().encode())  # a retrained encoder invalidates the cache
    for i, text in enumerate(texts):
        digest.update(text.encode())
        digest.update(repr(targets[i] if targets is not None else None).encode())
    path = CACHE_DIR / f"{digest.hexdigest()[:20]}.npz"
    if path.exists():
        with np.load(path) as data:
            return EncodedSentences(data["sentences"], data["targets"], data["layers"])
    encoded = encode(texts, targets)
    CACHE_DIR.mkdir(parents=True, exist_ok=True)
    assert encoded.layers is not None
    np.savez(
        path,
        sentences=encoded.sentences,
        targets=encoded.targets,
        layers=encoded.layers.astype(np.float16),  # (n, 7, 384): float16 halves the cache
    )
    return EncodedSentences(
        encoded.sentences, encoded.targets, encoded.layers.astype(np.float16).astype(np.float32)
    )


# -- the shared pass in a document, per sentence ------------------------------------------------

CACHE_SIZE = 32
"""Documents whose pooled sentences are kept (an LRU)."""


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
