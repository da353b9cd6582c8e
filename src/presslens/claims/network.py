"""The check-worthiness model: all-MiniLM-L6-v2 with its top layers fine-tuned on CheckThat! 2024.

The sentence is read on its own; the output layer sees the first token's vector and the mean of
all token vectors (2 x 384 -> 2). The bottom ``FROZEN`` layers and the embeddings stay as
installed, so only the tuned layers ship (int8 rows, float16 head).

The check-worthiness score is the network's P(check-worthy) plus a fixed bonus when the sentence
states a quantity (a number with its unit: a duration, a sum, a percentage, a count; found by
:func:`presslens.corpus.quantities.quantities`), capped at 1: the debates and tweets of
CheckThat! rarely put a figure to anything but policy, while a fact-checker checks every figure.
The epoch kept, the bonus and the threshold are all chosen on the dev split (the bonus: the
smallest in 0, 0.05 .. 0.4 that reaches the best dev F1); dev-test chooses nothing and is scored
once at the end (:mod:`presslens.claims.train`).

The weights ship in ``presslens/claims/weights/`` (``claims_net.npz``, ``claims_net.json``).
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

__all__ = [
    "ClaimsModel",
    "build_net",
    "fingerprint",
    "load_claims_model",
    "stated_quantities",
    "with_bonus",
]

CLASSES = ("No", "Yes")
PACKAGE = "presslens.claims"
"""Whose ``weights/`` folder holds the shipped model (:func:`~presslens.weights.weights_dir`)."""
NAME = "claims_net"
"""The file names of the shipped model: ``claims_net.npz`` and ``claims_net.json``."""
FROZEN = 2
MAX_TOKENS = 128
HIDDEN = 384
RETRAIN = "presslens train claims --data ../shared/data/checkthat24_task1_en"


def _torch() -> Any:
    return require("torch", extra="models", feature="Check-worthy claims")


def build_net(frozen: int = FROZEN) -> Any:
    """A fresh network on the installed MiniLM (embeddings and ``frozen`` layers fixed)."""
    torch = _torch()

    class ClaimsNet(torch.nn.Module):  # type: ignore[name-defined]
        def __init__(self) -> None:
            super().__init__()
            self.encoder = tuned_minilm(frozen, "Check-worthy claims")
            self.frozen = frozen
            self.dropout = torch.nn.Dropout(0.1)
            self.out = torch.nn.Linear(2 * HIDDEN, len(CLASSES))

        def forward(self, ids: Any, mask: Any) -> Any:
            h = self.encoder(input_ids=ids, attention_mask=mask)[0]
            m = mask.unsqueeze(-1).float()
            mean = (h * m).sum(1) / m.sum(1)
            return self.out(self.dropout(torch.cat([h[:, 0], mean], -1)))

    return ClaimsNet()


def encode_sentences(texts: Sequence[str]) -> tuple[Any, Any]:
    """Token ids and attention mask of a batch of sentences."""
    enc = load_tokenizer()(
        list(texts), return_tensors="pt", padding=True, truncation=True, max_length=MAX_TOKENS
    )
    return enc["input_ids"], enc["attention_mask"]


class ClaimsModel:
    """The loaded network in eval mode with its metadata, bonus and threshold."""

    classes = CLASSES

    def __init__(self, net: Any, meta: dict[str, Any]) -> None:
        self.net, self.meta = net, meta
        self.threshold = float(meta.get("threshold", 0.5))
        self.quantity_bonus = float(meta.get("quantity_bonus", 0.0))

    def score(self, texts: Sequence[str]) -> np.ndarray:
        """The check-worthiness score of each sentence: :meth:`proba` plus the quantity bonus."""
        return with_bonus(self.proba(texts), stated_quantities(texts), self.quantity_bonus)

    def proba(self, texts: Sequence[str], batch_size: int = 16) -> np.ndarray:
        """The network's P(check-worthy) of each sentence (sorted by length, in batches of 16:
        little padding)."""
        torch = _torch()
        out = np.zeros(len(texts), dtype=np.float32)
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))  # little padding
        with torch.inference_mode(), stage("encoder: claims model"):
            for i in range(0, len(order), batch_size):
                idx = order[i : i + batch_size]
                logits = self.net(*encode_sentences([texts[j] for j in idx]))
                out[idx] = torch.softmax(logits, -1)[:, 1].numpy()
        return out


@cache
def load_claims_model(where: str | None = None) -> ClaimsModel:
    """The shipped check-worthiness model, once per process (never from a network)."""
    net, meta = read_shipped(
        Path(where) if where else weights_dir(PACKAGE),
        NAME,
        lambda meta: build_net(int(meta["frozen"])),
        "check-worthiness",
        RETRAIN,
    )
    return ClaimsModel(net, meta)


def fingerprint(where: Path | None = None) -> str:
    """A short hash of the claims weights; ``"missing"`` when they are absent."""
    return tuned_fingerprint(where or weights_dir(PACKAGE), NAME)


def stated_quantities(texts: Sequence[str]) -> np.ndarray:
    """Whether each text states a quantity (a number with its unit).

    >>> stated_quantities(["The call lasted more than two hours.", "They talked."]).tolist()
    [True, False]
    """
    from ..corpus.quantities import quantities

    return np.array([bool(quantities(t)) for t in texts], dtype=bool)


def with_bonus(proba: np.ndarray, has_quantity: np.ndarray, bonus: float) -> np.ndarray:
    """``proba`` raised by ``bonus`` where a quantity is stated, capped at 1."""
    return np.minimum(np.asarray(proba) + bonus * np.asarray(has_quantity, dtype=np.float32), 1.0)
