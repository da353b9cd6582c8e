"""The stance model: all-MiniLM-L6-v2 fine-tuned on NewsMTSC for target-dependent sentiment.

Each (sentence, target mention) pair is read as a sentence pair, ``target [SEP] sentence``; the
output layer sees the first token, the mean over all tokens and the mean over the target's tokens
inside the sentence, and gives negative / neutral / positive. Unlike the other sentence heads it
runs its own encoder pass, one per mention (the tuned technique encoder is no good at sentiment:
heads on its pass reached 0.705 macro-F1, this model more; docs/heads.md).

Trained by :mod:`presslens.stance.train`; the weights (the tuned layers int8, the rest float16)
ship in ``presslens/stance/weights/`` (``stance_net.npz``, ``stance_net.json``).
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np

from ..errors import require
from ..heads.finetune import tuned_fingerprint, tuned_minilm
from ..profile import stage
from ..techniques.network import load_tokenizer, read_shipped
from ..weights import weights_dir

__all__ = ["Pair", "StanceModel", "build_net", "encode_pairs", "fingerprint", "load_stance_model"]

CLASSES = ("negative", "neutral", "positive")
PACKAGE = "presslens.stance"
"""Whose ``weights/`` folder holds the shipped model (:func:`~presslens.weights.weights_dir`)."""
NAME = "stance_net"
"""The file names of the shipped model: ``stance_net.npz`` and ``stance_net.json``."""
FROZEN = 0  # layers of MiniLM kept as installed (the embeddings always are)
MAX_TOKENS = 160
HIDDEN = 384

Pair = tuple[str, int, int]  # sentence, target start, target end (characters)


def _torch() -> Any:
    return require("torch", extra="models", feature="Stance toward actors")


def build_net(frozen: int = FROZEN) -> Any:
    """A fresh network on the installed MiniLM (embeddings and ``frozen`` layers fixed)."""
    torch = _torch()

    class StanceNet(torch.nn.Module):  # type: ignore[name-defined]
        def __init__(self) -> None:
            super().__init__()
            self.encoder = tuned_minilm(frozen, "Stance toward actors")
            self.frozen = frozen
            self.dropout = torch.nn.Dropout(0.1)
            self.out = torch.nn.Linear(3 * HIDDEN, len(CLASSES))

        def forward(self, ids: Any, mask: Any, types: Any, target: Any) -> Any:
            h = self.encoder(input_ids=ids, attention_mask=mask, token_type_ids=types)[0]
            m = mask.unsqueeze(-1).float()
            t = target.unsqueeze(-1).float()
            mean = (h * m).sum(1) / m.sum(1)
            tv = (h * t).sum(1) / t.sum(1).clamp(min=1.0)
            return self.out(self.dropout(torch.cat([h[:, 0], mean, tv], -1)))

    return StanceNet()


def encode_pairs(pairs: Sequence[Pair]) -> dict[str, Any]:
    """Token ids, masks, segment ids and the target-token mask of a batch of pairs."""
    torch = _torch()
    targets = [s[a:b] for s, a, b in pairs]
    enc = load_tokenizer()(
        targets,
        [s for s, _, _ in pairs],
        return_tensors="pt",
        padding=True,
        truncation="only_second",
        max_length=MAX_TOKENS,
        return_offsets_mapping=True,
        return_token_type_ids=True,
    )
    offsets = enc.pop("offset_mapping").numpy()
    types = enc["token_type_ids"].numpy()
    starts = np.array([a for _, a, _ in pairs])[:, None]
    ends = np.array([b for _, _, b in pairs])[:, None]
    inside = (
        (types == 1)
        & (offsets[:, :, 1] > offsets[:, :, 0])
        & (offsets[:, :, 0] < ends)
        & (offsets[:, :, 1] > starts)
    )
    return {
        "ids": enc["input_ids"],
        "mask": enc["attention_mask"],
        "types": enc["token_type_ids"],
        "target": torch.from_numpy(inside.astype(np.int64)),
    }


class StanceModel:
    """The loaded network in eval mode with its metadata; :meth:`proba` scores pairs."""

    classes = CLASSES

    def __init__(self, net: Any, meta: dict[str, Any]) -> None:
        self.net, self.meta = net, meta

    def proba(self, pairs: Sequence[Pair], batch_size: int = 16) -> np.ndarray:
        """``(n, 3)`` probabilities of negative / neutral / positive."""
        torch = _torch()
        if not pairs:
            return np.zeros((0, len(CLASSES)), dtype=np.float32)
        order = sorted(range(len(pairs)), key=lambda i: len(pairs[i][0]))  # little padding
        out = np.zeros((len(pairs), len(CLASSES)), dtype=np.float32)
        with torch.inference_mode(), stage("encoder: stance model"):
            for i in range(0, len(order), batch_size):
                idx = order[i : i + batch_size]
                b = encode_pairs([pairs[j] for j in idx])
                logits = self.net(b["ids"], b["mask"], b["types"], b["target"])
                out[idx] = torch.softmax(logits, -1).numpy()
        return out


@cache
def load_stance_model(where: str | None = None) -> StanceModel:
    """The shipped stance model, once per process (never from a network)."""
    net, meta = read_shipped(
        Path(where) if where else weights_dir(PACKAGE),
        NAME,
        lambda meta: build_net(int(meta["frozen"])),
        "stance",
        "presslens train stance --data ../shared/data/newsmtsc",
    )
    return StanceModel(net, meta)


def fingerprint(where: Path | None = None) -> str:
    """A short hash of the stance weights (part of the pipeline version); ``"missing"`` when
    they are absent."""
    return tuned_fingerprint(where or weights_dir(PACKAGE), NAME)
