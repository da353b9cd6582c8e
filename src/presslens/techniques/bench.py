"""``presslens bench techniques``: throughput of the technique layer against the encoder floor.

Over a folder of plain-text articles (PTC dev by default: one sentence per line), times
:func:`~presslens.techniques.detect.detect` on every article, and one bare forward pass of the
same encoder over the same tokens (non-overlapping windows, no heads, no decoding): the least any
encoder-based detector must spend. Prints sentences and words per second and the ratio. It also
times the layer as the pipeline runs it, on the shared pass that keeps every hidden state for the
sentence heads (``shared_pass_seconds``; :mod:`presslens.techniques.shared`).
"""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

from .detect import detect
from .infer import encode_text, tokenize, window_batches
from .network import WINDOW, _torch, load_model
from .windows import plan_windows


def bench_techniques(
    folder: str | Path, *, repeat: int = 1, limit: int | None = None
) -> dict[str, Any]:
    torch = _torch()
    root = Path(folder)
    if (root / "dev-articles").is_dir():
        root = root / "dev-articles"
    paths = sorted(root.glob("*.txt"))[:limit]
    texts = [p.read_text(encoding="utf-8") for p in paths]
    model = load_model()
    tokenized = [tokenize(t)[0] for t in texts]  # warms the tokenizer too
    n_sentences = sum(1 for t in texts for line in t.split("\n") if line.strip())
    n_words = sum(len(t.split()) for t in texts)
    n_tokens = sum(len(ids) for ids in tokenized)
    detect(texts[0], model)  # warm-up
    best_layer = best_floor = best_shared = float("inf")
    spans = 0
    for _ in range(max(1, repeat)):
        t0 = time.perf_counter()
        spans = sum(len(detect(t, model)) for t in texts)
        best_layer = min(best_layer, time.perf_counter() - t0)
        t0 = time.perf_counter()
        with torch.inference_mode():
            for ids in tokenized:
                windows = plan_windows(len(ids), WINDOW - 2, WINDOW - 2)
                for x, m, _ in window_batches(ids, windows, 16):
                    model.net.encoder(input_ids=x, attention_mask=m)
        best_floor = min(best_floor, time.perf_counter() - t0)
        t0 = time.perf_counter()
        for t in texts:
            detect(t, model, encoded=encode_text(model.net, t, layers=True))
        best_shared = min(best_shared, time.perf_counter() - t0)
    return {
        "articles": len(texts),
        "sentences": n_sentences,
        "words": n_words,
        "tokens": n_tokens,
        "spans": spans,
        "cores": os.cpu_count(),
        "torch_threads": torch.get_num_threads(),
        "layer_seconds": round(best_layer, 2),
        "sentences_per_second": round(n_sentences / best_layer, 1),
        "words_per_second": round(n_words / best_layer, 1),
        "bare_forward_seconds": round(best_floor, 2),
        "ratio_to_bare_forward": round(best_layer / best_floor, 2),
        "shared_pass_seconds": round(best_shared, 2),
        "shared_pass_ratio_to_bare_forward": round(best_shared / best_floor, 2),
    }
