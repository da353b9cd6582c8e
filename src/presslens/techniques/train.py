"""Fine-tune the technique model on PTC train: ``presslens train techniques --data DIR``.

Every tenth training article (sorted by id) is held out to pick the epoch, the span threshold and
the calibration; PTC dev is never read here. Seeds are fixed (Python, numpy, torch), torch runs on
the CPU with the threads it is given, and the printed JSON carries the training time.
"""

from __future__ import annotations

import json
import math
import random
import time
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np

from .data import Article, read_ptc
from .infer import classify, encode_text, tokenize
from .network import (
    STRIDE,
    WINDOW,
    _torch,
    build_net,
    load_tokenizer,
    save_weights,
    span_features,
    span_reps,
)
from .scoring import si_scores, tc_scores
from .taxonomy import PTC_TECHNIQUES
from .windows import decode_runs, plan_windows, token_targets, tokens_of

FROZEN = 2
EPOCHS = 4
BATCH = 16
LR_ENCODER = 8e-5
LR_HEADS = 1e-3
# (threshold, peak) pairs tried by the span decoder; peak 0 keeps every run above threshold
DECODINGS = tuple(
    (round(float(t), 2), round(float(p), 2))
    for t in np.arange(0.15, 0.71, 0.05)
    for p in (0.0, *np.arange(0.3, 0.71, 0.05))
    if p == 0.0 or p > t + 1e-9
)
LABEL_INDEX = {label: i for i, label in enumerate(PTC_TECHNIQUES)}


def seed_everything(seed: int) -> None:
    torch = _torch()
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)


def split_holdout(articles: list[Article]) -> tuple[list[Article], list[Article]]:
    """Every tenth article (by id) is held out."""
    ordered = sorted(articles, key=lambda a: a.id)
    return [a for i, a in enumerate(ordered) if i % 10], [
        a for i, a in enumerate(ordered) if not i % 10
    ]


def make_examples(articles: list[Article]) -> list[dict[str, Any]]:
    """Training windows: token ids, per-token targets, and the spans (token ranges) inside."""
    examples = []
    for article in articles:
        ids, offsets = tokenize(article.text)
        spans = [(s.start, s.end, LABEL_INDEX[s.technique]) for s in article.spans]
        targets = token_targets(offsets, spans, len(PTC_TECHNIQUES))
        ranges = [
            (tokens_of(offsets, s, e), label, span_features(article.text, s, e))
            for s, e, label in spans
        ]
        for lo, hi in plan_windows(len(ids), WINDOW - 2, STRIDE):
            inside = []
            for (t0, t1), label, extra in ranges:
                if t1 <= t0:
                    continue
                a, b = max(t0, lo), min(t1, hi)
                if b - a >= max(1, (t1 - t0) // 2):  # at least half the span is in the window
                    inside.append((a - lo, b - lo, label, extra))
            examples.append({"ids": ids[lo:hi], "targets": targets[lo:hi], "spans": inside})
    return examples


def batch_loss(net: Any, batch: list[dict[str, Any]]) -> Any:
    torch = _torch()
    functional = torch.nn.functional
    width = max(len(ex["ids"]) for ex in batch) + 2
    tok = load_tokenizer()
    x = torch.full((len(batch), width), tok.pad_token_id, dtype=torch.long)
    m = torch.zeros((len(batch), width), dtype=torch.long)
    y = torch.zeros((len(batch), width, 1 + len(PTC_TECHNIQUES)))
    ymask = torch.zeros((len(batch), width))
    for row, ex in enumerate(batch):
        n = len(ex["ids"])
        x[row, : n + 2] = torch.tensor([tok.cls_token_id, *ex["ids"], tok.sep_token_id])
        m[row, : n + 2] = 1
        y[row, 1 : n + 1] = torch.from_numpy(ex["targets"])
        ymask[row, 1 : n + 1] = 1
    hidden, logits = net(x, m)
    per_token = functional.binary_cross_entropy_with_logits(logits, y, reduction="none")
    weights = torch.ones(1 + len(PTC_TECHNIQUES))
    weights[1:] = 0.5
    tag_loss = ((per_token * weights).sum(-1) * ymask).sum() / ymask.sum()
    reps: list[Any] = []
    labels: list[int] = []
    for row, ex in enumerate(batch):
        if not ex["spans"]:
            continue
        ranges = [(a + 1, b + 1) for a, b, _, _ in ex["spans"]]
        extra = torch.tensor([e for _, _, _, e in ex["spans"]], dtype=torch.float32)
        reps.append(span_reps(hidden[row], ranges, extra))
        labels.extend(label for _, _, label, _ in ex["spans"])
    if reps:
        span_loss = functional.cross_entropy(net.classify(torch.cat(reps)), torch.tensor(labels))
    else:
        span_loss = torch.zeros(())
    return tag_loss + span_loss, float(tag_loss.detach()), float(span_loss.detach())


def score_articles(
    net: Any, articles: list[Article], decodings: tuple[tuple[float, float], ...] = DECODINGS
) -> dict[str, Any]:
    """SI F1 at each (threshold, peak) and TC micro-F1 on gold spans, plus what calibration
    needs. Leaves ``net`` in training mode."""
    net.eval()
    gold_si = {a.id: [(s.start, s.end) for s in a.spans] for a in articles}
    predicted: dict[tuple[float, float], dict[str, list[tuple[int, int]]]] = {
        d: {} for d in decodings
    }
    runs_at: dict[tuple[float, float], dict[str, list[Any]]] = {d: {} for d in decodings}
    gold_tc, ranked = [], {}
    logits_gold: list[tuple[np.ndarray, int]] = []
    for article in articles:
        enc = encode_text(net, article.text)
        for t, p in decodings:
            runs = decode_runs(enc.probs[:, 0], enc.offsets, article.text, threshold=t, peak=p)
            predicted[(t, p)][article.id] = [(r.start, r.end) for r in runs]
            runs_at[(t, p)][article.id] = runs
        spans = sorted({(s.start, s.end) for s in article.spans})
        probs = classify(net, enc, spans)
        for (start, end), row in zip(spans, probs, strict=True):
            ranked[(article.id, start, end)] = [PTC_TECHNIQUES[i] for i in np.argsort(-row)]
        for s in article.spans:
            gold_tc.append((article.id, s.start, s.end, s.technique))
            row = probs[spans.index((s.start, s.end))]
            logits_gold.append((np.log(np.maximum(row, 1e-9)), LABEL_INDEX[s.technique]))
    si = {d: si_scores(predicted[d], gold_si) for d in decodings}
    best = max(decodings, key=lambda d: si[d]["f1"])  # the first of equals: lowest threshold
    tc = tc_scores(gold_tc, ranked, PTC_TECHNIQUES)
    net.train()
    return {
        "si": si,
        "best_threshold": best[0],
        "best_peak": best[1],
        "si_f1": si[best]["f1"],
        "tc_micro_f1": tc["micro_f1"],
        "runs": runs_at[best],
        "gold_si": gold_si,
        "log_probs": logits_gold,
    }


def fit_temperature(log_probs: list[tuple[np.ndarray, int]]) -> float:
    """The softmax temperature minimising negative log-likelihood of the gold labels."""
    if not log_probs:
        return 1.0
    z = np.stack([lp for lp, _ in log_probs])
    y = np.array([label for _, label in log_probs])
    best, best_nll = 1.0, math.inf
    for t in np.arange(0.5, 3.01, 0.05):
        s = z / t
        s = s - s.max(1, keepdims=True)
        nll = float(-(s[np.arange(len(y)), y] - np.log(np.exp(s).sum(1))).mean())
        if nll < best_nll:
            best, best_nll = float(round(t, 2)), nll
    return best


def fit_span_calibration(
    runs: dict[str, list[Any]], gold: dict[str, list[tuple[int, int]]]
) -> tuple[float, float]:
    """Platt scaling ``sigmoid(a * logit(mean token probability) + b)`` of predicted spans.

    A predicted span counts as correct when at least half of it overlaps gold spans.
    """
    xs, ys = [], []
    for article, article_runs in runs.items():
        for r in article_runs:
            covered = sum(max(0, min(r.end, e) - max(r.start, s)) for s, e in gold.get(article, ()))
            p = min(max(r.score, 1e-4), 1 - 1e-4)
            xs.append(math.log(p / (1 - p)))
            ys.append(1.0 if covered * 2 >= r.end - r.start else 0.0)
    if len(set(ys)) < 2:
        return 1.0, 0.0
    x, y = np.array(xs), np.array(ys)
    a, b = 1.0, 0.0
    for _ in range(50):  # Newton steps on the logistic log-likelihood
        p = 1 / (1 + np.exp(-(a * x + b)))
        g = np.array([((p - y) * x).sum(), (p - y).sum()])
        w = p * (1 - p) + 1e-9
        h = np.array([[(w * x * x).sum(), (w * x).sum()], [(w * x).sum(), w.sum()]])
        a, b = np.array([a, b]) - np.linalg.solve(h + 1e-6 * np.eye(2), g)
    return float(round(a, 4)), float(round(b, 4))


def train_techniques(
    task: str = "techniques", data_dir: str | Path = "../shared/data/ptc", *, seed: int = 13
) -> dict[str, Any]:
    """Retrain what ``data_dir`` trains: the span model from PTC, or the paragraph head from
    SemEval-2023 Task 3 (which reads the span model's shared pass, so train that first)."""
    if (Path(data_dir) / "data" / "en" / "train-labels-subtask-3.txt").exists():
        from .paragraphs import train_paragraphs

        return train_paragraphs(data_dir, seed=seed)
    return train_spans(task, data_dir, seed=seed)


def train_spans(
    task: str = "techniques",
    data_dir: str | Path = "../shared/data/ptc",
    *,
    seed: int = 13,
    epochs: int = EPOCHS,
    frozen: int = FROZEN,
    limit: int | None = None,
    out: Path | None = None,
) -> dict[str, Any]:
    """Fine-tune (the bottom ``frozen`` of MiniLM's six layers fixed), pick the epoch and
    threshold on the held-out articles, calibrate, save."""
    torch = _torch()
    seed_everything(seed)
    started = time.perf_counter()
    articles = read_ptc(data_dir, "train", limit=limit)
    train, holdout = split_holdout(articles)
    examples = make_examples(train)
    net = build_net(frozen)
    net.train()
    encoder_params = [p for p in net.encoder.parameters() if p.requires_grad]
    head_params = [*net.tagger.parameters(), *net.classifier.parameters()]
    optimizer = torch.optim.AdamW(
        [{"params": encoder_params, "lr": LR_ENCODER}, {"params": head_params, "lr": LR_HEADS}],
        weight_decay=0.01,
    )
    steps = epochs * math.ceil(len(examples) / BATCH)
    warmup = max(1, steps // 10)
    scheduler = torch.optim.lr_scheduler.LambdaLR(
        optimizer, lambda s: min((s + 1) / warmup, max(0.0, (steps - s) / (steps - warmup)))
    )
    rng = random.Random(seed)
    history, best_state, best_f1 = [], None, -1.0
    for epoch in range(1, epochs + 1):
        order = list(range(len(examples)))
        rng.shuffle(order)
        tag_sum = span_sum = 0.0
        for b in range(0, len(order), BATCH):
            batch = [examples[i] for i in order[b : b + BATCH]]
            loss, tag_loss, span_loss = batch_loss(net, batch)
            optimizer.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(net.parameters(), 1.0)
            optimizer.step()
            scheduler.step()
            tag_sum += tag_loss
            span_sum += span_loss
        scores = score_articles(net, holdout)
        n_batches = math.ceil(len(order) / BATCH)
        history.append(
            {
                "epoch": epoch,
                "tag_loss": round(tag_sum / n_batches, 4),
                "span_loss": round(span_sum / n_batches, 4),
                "holdout_si_f1": scores["si_f1"],
                "holdout_tc_micro_f1": scores["tc_micro_f1"],
                "threshold": scores["best_threshold"],
                "peak": scores["best_peak"],
                "seconds": round(time.perf_counter() - started, 1),
            }
        )
        print(history[-1], flush=True)
        combined = scores["si_f1"] + scores["tc_micro_f1"]
        if combined > best_f1:
            best_f1 = combined
            best_state = {k: v.detach().clone() for k, v in net.state_dict().items()}
            best_scores = scores
    assert best_state is not None
    net.load_state_dict(best_state)
    net.eval()
    temperature = fit_temperature(best_scores["log_probs"])
    calibration = fit_span_calibration(best_scores["runs"], best_scores["gold_si"])
    train_seconds = round(time.perf_counter() - started, 1)
    meta = {
        "data": "PTC (SemEval-2020 Task 11) train, every tenth article held out",
        "seed": seed,
        "epochs": epochs,
        "frozen_layers": frozen,
        "window": WINDOW,
        "stride": STRIDE,
        "threshold": best_scores["best_threshold"],
        "peak": best_scores["best_peak"],
        "temperature": temperature,
        "span_calibration": list(calibration),
        "holdout": {"si_f1": best_scores["si_f1"], "tc_micro_f1": best_scores["tc_micro_f1"]},
        "history": history,
        "train_articles": len(train),
        "holdout_articles": len(holdout),
        "train_seconds": train_seconds,
        "torch_threads": torch.get_num_threads(),
        "trained": date.today().isoformat(),
    }
    path = save_weights(net, meta, out)
    return {
        "task": task,
        "weights": str(path),
        **{k: v for k, v in meta.items() if k != "history"},
        "history": history,
    }


def recalibrate(
    data_dir: str | Path = "../shared/data/ptc", folder: Path | None = None
) -> dict[str, Any]:
    """Choose the decoding (threshold, peak) and refit the calibration of trained weights on the
    held-out training articles, as the end of :func:`train_spans` does, without fine-tuning
    again; rewrites ``techniques.json`` beside the weights. PTC dev is never read."""
    from ..weights import weights_dir
    from .network import PACKAGE, clear_model_cache, load_model

    started = time.perf_counter()
    folder = Path(folder or weights_dir(PACKAGE))
    clear_model_cache()
    model = load_model(str(folder))
    _, holdout = split_holdout(read_ptc(data_dir, "train"))
    scores = score_articles(model.net, holdout)
    model.net.eval()
    path = folder / "techniques.json"
    meta = json.loads(path.read_text(encoding="utf-8"))
    meta.update(
        {
            "threshold": scores["best_threshold"],
            "peak": scores["best_peak"],
            "temperature": fit_temperature(scores["log_probs"]),
            "span_calibration": list(fit_span_calibration(scores["runs"], scores["gold_si"])),
            "holdout": {"si_f1": scores["si_f1"], "tc_micro_f1": scores["tc_micro_f1"]},
            "recalibrated": date.today().isoformat(),
        }
    )
    path.write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
    clear_model_cache()
    keys = ("threshold", "peak", "temperature", "span_calibration", "holdout", "recalibrated")
    return {
        "weights": str(path),
        **{k: meta[k] for k in keys},
        "seconds": round(time.perf_counter() - started, 1),
    }
