"""The sentence encoder's vector cache: what it counts, and vectors kept in the store."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import numpy as np
import pytest

from presslens.encoder import _EmbeddingCache

_spec = importlib.util.spec_from_file_location(
    "presslens_test_samples", Path(__file__).parent / "report" / "_samples.py"
)
samples = importlib.util.module_from_spec(_spec)  # type: ignore[arg-type]
sys.modules.setdefault("presslens_test_samples", samples)
_spec.loader.exec_module(samples)  # type: ignore[union-attr]
fake_embed = samples.fake_embed


def test_embedding_cache_counts_the_encoder_cost() -> None:
    calls: list[int] = []

    def encode(texts: list[str]) -> np.ndarray:
        calls.append(len(texts))
        return fake_embed(texts)

    cache = _EmbeddingCache(maxsize=10)
    first = cache.embed(["a b", "c d", "a b"], encode)
    again = cache.embed(["c d", "e f"], encode)
    assert calls == [2, 1]
    assert (cache.encoded, cache.reused) == (3, 2)
    assert np.allclose(first[1], again[0])


def test_persistent_vectors_spare_a_rerun_the_encoder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import presslens.encoder as encoder
    from presslens.encoder import DIMENSIONS
    from presslens.store import Store

    calls: list[int] = []

    def encode(texts: list[str]) -> np.ndarray:
        calls.append(len(texts))
        rng = np.random.default_rng(len(texts))
        return rng.standard_normal((len(texts), DIMENSIONS)).astype(np.float32)

    monkeypatch.setattr(encoder, "_encode", encode)
    monkeypatch.setattr(encoder, "_CACHE", encoder._EmbeddingCache())
    texts = ["The talks lasted three hours.", "A 90-minute session.", "Nothing else."]
    with Store(tmp_path / "v.db") as store, encoder.persistent_vectors(store):
        first = encoder.embed_sentences(texts)
        encoder._CACHE._vectors.clear()  # as in a new process: only the store remembers
        again = encoder.embed_sentences([*texts, "One more."])
    assert calls == [3, 1]
    assert np.array_equal(first, again[:3])
    assert encoder._CACHE.backing is None
    encoder._CACHE._vectors.clear()
    assert encoder.embed_sentences(texts).shape == (3, DIMENSIONS)  # store detached: encodes
    assert calls == [3, 1, 3]
