"""The one encoder pass per document that the technique layer and the sentence heads share.

:func:`document_pass` runs the technique network (MiniLM, top four layers fine-tuned on PTC) over
a document's text in overlapping windows, once per process per document and model, keeping every
hidden state per token. The ``techniques`` component decodes spans from its tagger output; the
``subjectivity`` head (and the claims and stance baselines) pool the hidden states over each
sentence (:func:`pool`), so the encoder's cost is paid once for both layers (the claims and
stance models read the sentences with networks of their own).
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass

import numpy as np

from ..profile import stage
from .infer import Encoded, encode_text, encode_texts
from .network import HIDDEN, Shipped, load_model
from .windows import tokens_of

CACHE_SIZE = 16
"""Documents whose pass is kept (an LRU; each holds ``n_tokens x 7 x 384`` float16 values)."""

_CACHE: OrderedDict[tuple[int, str, int], Encoded] = OrderedDict()


def document_pass(key: str, text: str, model: Shipped | None = None) -> Encoded:
    """The shared pass over ``text`` (cached by ``key``, the text's hash and the model)."""
    model = model or load_model()
    cache_key = (id(model), key, hash(text))
    hit = _CACHE.get(cache_key)
    if hit is not None and hit.text == text:
        _CACHE.move_to_end(cache_key)
        return hit
    with stage("encoder: techniques pass"):
        enc = encode_text(model.net, text, layers=True)
    _CACHE[cache_key] = enc
    while len(_CACHE) > CACHE_SIZE:
        _CACHE.popitem(last=False)
    return enc


@dataclass(frozen=True, slots=True)
class Pooled:
    """One sentence read from the shared pass: unit-length last-layer mean, the masked mean of
    every layer ``(7, 384)``, its last-layer token vectors and their offsets (relative to the
    sentence start)."""

    vector: np.ndarray
    layers: np.ndarray
    tokens: np.ndarray
    offsets: tuple[tuple[int, int], ...]


def _unit(v: np.ndarray) -> np.ndarray:
    return (v / max(float(np.linalg.norm(v)), 1e-9)).astype(np.float32)


def pool(enc: Encoded, start: int, end: int) -> Pooled:
    """The tokens of characters ``[start, end)`` of an encoded text, pooled.

    A range with no tokens (whitespace only) pools to zeros.
    """
    if enc.layers is None:
        raise ValueError("pool() needs an encoding made with layers=True")
    lo, hi = tokens_of(enc.offsets, start, end)
    if hi <= lo:
        zero = np.zeros(HIDDEN, np.float32)
        return Pooled(
            zero, np.zeros((7, HIDDEN), np.float32), np.zeros((0, HIDDEN), np.float32), ()
        )
    layers = enc.layers[lo:hi].astype(np.float32).mean(axis=0)
    offsets = tuple((max(s, start) - start, min(e, end) - start) for s, e in enc.offsets[lo:hi])
    return Pooled(_unit(layers[6]), layers, enc.hidden[lo:hi], offsets)


def pool_texts(texts: list[str], model: Shipped | None = None) -> list[Pooled]:
    """Each text encoded on its own and pooled whole (how heads' training sentences are read)."""
    model = model or load_model()
    encoded = encode_texts(model.net, texts, batch_size=32, layers=True)
    return [pool(e, 0, len(e.text)) for e in encoded]
