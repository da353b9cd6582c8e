"""The SemEval-2023 paragraph head: which of the 23 techniques a paragraph uses.

A small multi-label linear head over the technique model's shared pass: each paragraph is pooled
from its article's stitched token vectors (mean of the top layer, plus mean and max of the tagger's
15 probabilities), so the encoder runs once per article for both the spans and the paragraphs.

Held out: the English training articles that are PTC dev articles (75 articles; their ids are in
``paragraphs.json``). The span model never saw them, and neither does this head. Of the rest,
every tenth article picks the decision threshold; the head is then fit on all of the rest.
"""

from __future__ import annotations

import json
import time
from collections import defaultdict
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np

from ..errors import EvaluationError, ModelError
from ..weights import weights_dir
from .data import Paragraph, read_ptc, read_semeval2023
from .infer import Encoded, encode_text
from .network import PACKAGE, _torch, load_model
from .scoring import multilabel_f1
from .taxonomy import SEMEVAL2023_TECHNIQUES

NAME = "paragraphs"


def paragraph_vector(enc: Encoded, start: int, end: int) -> np.ndarray:
    """Features of characters ``[start, end)``: mean vector, mean and max tagger probabilities."""
    idx = [i for i, (s, e) in enumerate(enc.offsets) if s < end and start < e]
    width = enc.hidden.shape[1] + 2 * enc.probs.shape[1]
    if not idx:
        return np.zeros(width, dtype=np.float32)
    h, p = enc.hidden[idx], enc.probs[idx]
    return np.concatenate([h.mean(0), p.mean(0), p.max(0)]).astype(np.float32)


def paragraph_features(text: str, paragraphs: list[tuple[int, int]], net: Any) -> np.ndarray:
    """One feature row per ``(start, end)`` paragraph of ``text``, from one encoding of it."""
    enc = encode_text(net, text)
    return (
        np.stack([paragraph_vector(enc, s, e) for s, e in paragraphs])
        if paragraphs
        else np.zeros((0, 0))
    )


def _features(data_dir: Path, items: list[Paragraph]) -> np.ndarray:
    model = load_model()
    by_article: dict[str, list[int]] = defaultdict(list)
    for i, p in enumerate(items):
        by_article[p.article_id].append(i)
    rows: list[np.ndarray] = [np.zeros(0)] * len(items)
    folder = data_dir / "data" / "en" / "train-articles-subtask-3"
    for article_id, indices in by_article.items():
        text = (folder / f"article{article_id}.txt").read_text(encoding="utf-8")
        starts = [0]
        for line in text.split("\n"):
            starts.append(starts[-1] + len(line) + 1)
        spans = [(starts[items[i].line - 1], starts[items[i].line] - 1) for i in indices]
        feats = paragraph_features(text, spans, model.net)
        for i, row in zip(indices, feats, strict=True):
            rows[i] = row
    return np.stack(rows)


def _targets(items: list[Paragraph]) -> np.ndarray:
    index = {t: k for k, t in enumerate(SEMEVAL2023_TECHNIQUES)}
    y = np.zeros((len(items), len(SEMEVAL2023_TECHNIQUES)), dtype=np.float32)
    for i, p in enumerate(items):
        for t in p.techniques:
            y[i, index[t]] = 1.0
    return y


def _fit(
    x: np.ndarray, y: np.ndarray, seed: int, epochs: int = 300
) -> tuple[np.ndarray, np.ndarray]:
    torch = _torch()
    torch.manual_seed(seed)
    xt, yt = torch.from_numpy(x), torch.from_numpy(y)
    linear = torch.nn.Linear(x.shape[1], y.shape[1])
    opt = torch.optim.Adam(linear.parameters(), lr=1e-2, weight_decay=1e-4)
    for _ in range(epochs):
        opt.zero_grad()
        loss = torch.nn.functional.binary_cross_entropy_with_logits(linear(xt), yt)
        loss.backward()
        opt.step()
    return linear.weight.detach().numpy().T.copy(), linear.bias.detach().numpy().copy()


def _predict(x: np.ndarray, w: np.ndarray, b: np.ndarray, threshold: float) -> list[list[str]]:
    p = 1 / (1 + np.exp(-(x @ w + b)))
    return [[SEMEVAL2023_TECHNIQUES[k] for k in np.nonzero(row >= threshold)[0]] for row in p]


def held_out_ids(data_dir: Path) -> list[str]:
    """The SemEval-2023 English training articles that are PTC dev articles."""
    ptc = data_dir.parent / "ptc"
    if not (ptc / "dev-articles").exists():
        raise EvaluationError(f"the held-out part is defined by PTC dev; {ptc} was not found")
    return sorted(a.id for a in read_ptc(ptc, "dev"))


def train_paragraphs(data_dir: str | Path, *, seed: int = 13) -> dict[str, Any]:
    """Fit and save the paragraph head (needs the shipped span model and PTC beside the data)."""
    started = time.perf_counter()
    root = Path(data_dir)
    items = read_semeval2023(root)
    held = set(held_out_ids(root))
    rest = [p for p in items if p.article_id not in held]
    x, y = _features(root, rest), _targets(rest)
    articles = sorted({p.article_id for p in rest})
    tune = {a for i, a in enumerate(articles) if not i % 10}
    fit_rows = np.array([p.article_id not in tune for p in rest])
    w, b = _fit(x[fit_rows], y[fit_rows], seed)
    gold_tune = [list(p.techniques) for p, keep in zip(rest, fit_rows, strict=True) if not keep]
    best, best_f1 = 0.5, -1.0
    for t in np.arange(0.1, 0.61, 0.025):
        scores = multilabel_f1(gold_tune, _predict(x[~fit_rows], w, b, t), SEMEVAL2023_TECHNIQUES)
        f1 = float(scores["micro_f1"])  # type: ignore[arg-type]
        if f1 > best_f1:
            best, best_f1 = float(round(t, 3)), f1
    w, b = _fit(x, y, seed)
    folder = weights_dir(PACKAGE)
    np.savez_compressed(folder / f"{NAME}.npz", w=w.astype(np.float16), b=b.astype(np.float32))
    meta = {
        "data": "SemEval-2023 Task 3 English train, minus the held-out articles",
        "held_out_articles": sorted(held),
        "threshold": best,
        "tune_micro_f1": round(best_f1, 4),
        "train_paragraphs": len(rest),
        "seed": seed,
        "train_seconds": round(time.perf_counter() - started, 1),
        "trained": date.today().isoformat(),
    }
    (folder / f"{NAME}.json").write_text(json.dumps(meta, indent=2) + "\n")
    load_paragraph_head.cache_clear()
    return {
        "task": "techniques (SemEval-2023 paragraphs)",
        **{k: v for k, v in meta.items() if k != "held_out_articles"},
    }


@cache
def load_paragraph_head() -> tuple[np.ndarray, np.ndarray, dict[str, Any]]:
    folder = weights_dir(PACKAGE)
    if not (folder / f"{NAME}.npz").exists():
        raise ModelError(
            "the paragraph head is not installed; train it with "
            "`presslens train techniques --data ../shared/data/semeval2023_task3`"
        )
    data = np.load(folder / f"{NAME}.npz")
    meta = json.loads((folder / f"{NAME}.json").read_text())
    return data["w"].astype(np.float32), data["b"], meta


def evaluate_paragraphs(data_dir: str | Path, *, limit: int | None = None) -> dict[str, Any]:
    """Micro- and macro-F1 over the 23 techniques on the held-out paragraphs."""
    root = Path(data_dir)
    w, b, meta = load_paragraph_head()
    held = set(meta["held_out_articles"])
    items = [p for p in read_semeval2023(root) if p.article_id in held]
    if limit is not None:
        keep = sorted({p.article_id for p in items})[:limit]
        items = [p for p in items if p.article_id in set(keep)]
    x = _features(root, items)
    scores = multilabel_f1(
        [list(p.techniques) for p in items],
        _predict(x, w, b, float(meta["threshold"])),
        SEMEVAL2023_TECHNIQUES,
    )
    return {
        "data": "SemEval-2023 Task 3 English, held-out training articles (the PTC dev articles)",
        "articles": len({p.article_id for p in items}),
        "paragraphs": len(items),
        "threshold": meta["threshold"],
        **scores,
    }
