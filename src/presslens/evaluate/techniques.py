"""``presslens eval techniques``: the shipped technique model scored the way the field scores it.

With ``--data`` pointing at PTC (SemEval-2020 Task 11), the ``dev`` split (default) gives

* ``si_f1`` (with precision and recall): span identification, the task's definition (see
  :mod:`presslens.techniques.scoring`), spans decoded at the shipped threshold;
* ``tc_micro_f1``: technique classification of the gold spans (micro-F1);
* ``per_technique``: precision, recall, F1 and support of each technique for TC.

With ``--data`` pointing at SemEval-2023 Task 3, the paragraph head is scored on the held-out
part of the English training split (the 75 articles that are PTC dev articles; see
:mod:`presslens.techniques.paragraphs`): micro- and macro-F1 over the 23 techniques.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import numpy as np

from ..errors import EvaluationError
from ..techniques.data import read_ptc
from ..techniques.detect import detect
from ..techniques.infer import classify, encode_text
from ..techniques.network import load_model
from ..techniques.scoring import si_scores, tc_scores


def evaluate_ptc(
    data_dir: str | Path, *, split: str = "dev", limit: int | None = None
) -> dict[str, Any]:
    """SI and TC scores of the shipped model on a PTC split."""
    model = load_model()
    articles = read_ptc(data_dir, split, limit=limit)
    started = time.perf_counter()
    predicted: dict[str, list[tuple[int, int]]] = {}
    gold_si: dict[str, list[tuple[int, int]]] = {}
    gold_tc: list[Any] = []
    ranked: dict[tuple[str, int, int], list[str]] = {}
    for article in articles:
        predicted[article.id] = [(d.start, d.end) for d in detect(article.text, model)]
        gold_si[article.id] = [(s.start, s.end) for s in article.spans]
        spans = sorted({(s.start, s.end) for s in article.spans})
        if spans:
            enc = encode_text(model.net, article.text)
            probs = classify(model.net, enc, spans, temperature=float(model.meta["temperature"]))
            for (start, end), row in zip(spans, probs, strict=True):
                ranked[(article.id, start, end)] = [model.labels[i] for i in np.argsort(-row)]
        gold_tc.extend((article.id, s.start, s.end, s.technique) for s in article.spans)
    si = si_scores(predicted, gold_si)
    tc = tc_scores(gold_tc, ranked, model.labels)
    return {
        "data": "PTC (SemEval-2020 Task 11)",
        "split": split,
        "articles": len(articles),
        "si_f1": si["f1"],
        "si_precision": si["precision"],
        "si_recall": si["recall"],
        "si_spans": {"predicted": si["predicted"], "gold": si["gold"]},
        "tc_micro_f1": tc["micro_f1"],
        "tc_spans": tc["spans"],
        "per_technique": tc["per_technique"],
        "threshold": model.meta["threshold"],
        "peak": model.meta.get("peak", 0.0),
        "seconds": round(time.perf_counter() - started, 1),
    }


def evaluate_techniques(
    data_dir: str | Path, *, split: str | None = None, limit: int | None = None
) -> dict[str, Any]:
    """Score on PTC or on SemEval-2023 Task 3, whichever ``data_dir`` holds."""
    root = Path(data_dir)
    if (root / "dev-task-flc-tc.labels").exists() or (root / "train-articles").exists():
        return evaluate_ptc(root, split=split or "dev", limit=limit)
    if (root / "data" / "en" / "train-labels-subtask-3.txt").exists():
        from ..techniques.paragraphs import evaluate_paragraphs

        return evaluate_paragraphs(root, limit=limit)
    raise EvaluationError(
        f"{root} is neither PTC nor SemEval-2023 Task 3; pass ../shared/data/ptc or "
        "../shared/data/semeval2023_task3"
    )
