"""Running the technique network over a whole text: one tokenization, overlapping windows, stitched.

:func:`encode_text` gives each token its character offsets, its top-layer vector and its tagger
probabilities; :func:`classify` labels character spans from those vectors. Both work for training
(the network being trained) and for the shipped model.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from .network import HIDDEN, STRIDE, WINDOW, _torch, load_tokenizer, span_features, span_reps
from .windows import plan_windows, stitch, tokens_of


@dataclass(frozen=True)
class Encoded:
    """One text's tokens: offsets ``(n, 2)``, vectors ``(n, 384)``, tagger probs ``(n, 1+k)``.

    ``layers`` (when asked for) holds every hidden state of the encoder per token, ``(n, 7, 384)``
    in float16: the embeddings and the six transformer layers (``layers[:, 6]`` is ``hidden``).
    The sentence heads pool these (:mod:`presslens.heads.features`).
    """

    text: str
    offsets: list[tuple[int, int]]
    hidden: np.ndarray
    probs: np.ndarray
    layers: np.ndarray | None = None


def tokenize(text: str) -> tuple[list[int], list[tuple[int, int]]]:
    """Word-piece ids and character offsets of ``text`` (no special tokens)."""
    enc = load_tokenizer()(text, add_special_tokens=False, return_offsets_mapping=True)
    return list(enc["input_ids"]), [tuple(o) for o in enc["offset_mapping"]]


def window_batches(
    ids: list[int], windows: list[tuple[int, int]], batch_size: int
) -> list[tuple[Any, Any, list[int]]]:
    """Padded ``(input_ids, attention_mask, window indices)`` batches with [CLS]/[SEP] added."""
    return _batches([(ids, lo, hi) for lo, hi in windows], batch_size)


def _batches(
    pieces: list[tuple[list[int], int, int]], batch_size: int
) -> list[tuple[Any, Any, list[int]]]:
    torch = _torch()
    tok = load_tokenizer()
    cls, sep, pad = tok.cls_token_id, tok.sep_token_id, tok.pad_token_id
    out = []
    for b in range(0, len(pieces), batch_size):
        chunk = list(range(b, min(b + batch_size, len(pieces))))
        width = max(pieces[w][2] - pieces[w][1] for w in chunk) + 2
        x = torch.full((len(chunk), width), pad, dtype=torch.long)
        m = torch.zeros((len(chunk), width), dtype=torch.long)
        for row, w in enumerate(chunk):
            ids, lo, hi = pieces[w]
            seq = [cls, *ids[lo:hi], sep]
            x[row, : len(seq)] = torch.tensor(seq)
            m[row, : len(seq)] = 1
        out.append((x, m, chunk))
    return out


def encode_text(net: Any, text: str, *, batch_size: int = 16, layers: bool = False) -> Encoded:
    """Run ``net`` over ``text`` in overlapping windows and stitch the per-token outputs."""
    return encode_texts(net, [text], batch_size=batch_size, layers=layers)[0]


def encode_texts(
    net: Any, texts: Sequence[str], *, batch_size: int = 16, layers: bool = False
) -> list[Encoded]:
    """:func:`encode_text` for many texts at once: the windows of all texts are batched together
    (shortest first, so short sentences share batches without padding waste)."""
    torch = _torch()
    tokens = [tokenize(text) for text in texts]
    plans = [plan_windows(len(ids), WINDOW - 2, STRIDE) for ids, _ in tokens]
    pieces = [(t, w) for t, plan in enumerate(plans) for w in range(len(plan))]
    pieces.sort(key=lambda p: plans[p[0]][p[1]][1] - plans[p[0]][p[1]][0])
    spec = [(tokens[t][0], *plans[t][w]) for t, w in pieces]
    hidden_w: dict[tuple[int, int], np.ndarray] = {}
    probs_w: dict[tuple[int, int], np.ndarray] = {}
    layers_w: dict[tuple[int, int], np.ndarray] = {}
    with torch.inference_mode():
        for x, m, chunk in _batches(spec, batch_size):
            if layers:
                states, logits = net.encode_all(x, m)
                hidden = states[-1]
                every = torch.stack(states, dim=2).half()  # (b, t, 7, 384)
            else:
                hidden, logits = net(x, m)
            probs = torch.sigmoid(logits)
            for row, i in enumerate(chunk):
                key = pieces[i]
                lo, hi = plans[key[0]][key[1]]
                n = hi - lo
                hidden_w[key] = hidden[row, 1 : n + 1].float().numpy()
                probs_w[key] = probs[row, 1 : n + 1].float().numpy()
                if layers:
                    layers_w[key] = every[row, 1 : n + 1].numpy()
    n_out = 1 + int(net.n_labels)
    out = []
    for t, text in enumerate(texts):
        ids, offsets = tokens[t]
        plan = plans[t]
        if not plan:
            empty = np.zeros((0, 7, HIDDEN), np.float16) if layers else None
            out.append(
                Encoded(
                    text,
                    [],
                    np.zeros((0, HIDDEN), np.float32),
                    np.zeros((0, n_out), np.float32),
                    empty,
                )
            )
            continue
        keys = [(t, w) for w in range(len(plan))]
        out.append(
            Encoded(
                text,
                offsets,
                stitch(len(ids), plan, [hidden_w[k] for k in keys]),
                stitch(len(ids), plan, [probs_w[k] for k in keys]),
                stitch(len(ids), plan, [layers_w[k] for k in keys]) if layers else None,
            )
        )
    return out


def classify(
    net: Any, encoded: Encoded, spans: list[tuple[int, int]], *, temperature: float = 1.0
) -> np.ndarray:
    """Technique probabilities ``(len(spans), k)`` for character spans of the encoded text."""
    torch = _torch()
    k = int(net.n_labels)
    if not spans:
        return np.zeros((0, k), dtype=np.float32)
    ranges = []
    for start, end in spans:
        lo, hi = tokens_of(encoded.offsets, start, end)
        if hi <= lo:  # a span between tokens (whitespace only): use the nearest token
            lo = max(0, min(len(encoded.offsets) - 1, lo))
            hi = lo + 1
        ranges.append((lo, hi))
    extra = torch.tensor([span_features(encoded.text, s, e) for s, e in spans], dtype=torch.float32)
    with torch.inference_mode():
        reps = span_reps(torch.from_numpy(encoded.hidden), ranges, extra)
        logits = net.classify(reps) / temperature
        return torch.softmax(logits, dim=-1).float().numpy()
