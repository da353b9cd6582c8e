"""The official SemEval scoring definitions, as pure functions.

SI (SemEval-2020 Task 11, span identification): overlapping spans of one article are merged,
then for predicted spans S and gold spans T,
``P = (1/|S|) sum_s sum_t |s ∩ t| / |s|`` and ``R = (1/|T|) sum_s sum_t |s ∩ t| / |t|``
(character overlap), summed over all articles before dividing; F1 is their harmonic mean.

TC (technique classification given the gold spans): micro-F1 over the gold span lines. When one
span carries k gold labels, the system's k best labels for it are compared as multisets, which is
how the task's scorer pairs repeated spans.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence


def merge(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """Union of overlapping (or touching) half-open spans, sorted.

    >>> merge([(5, 9), (0, 3), (2, 4), (9, 10)])
    [(0, 4), (5, 10)]
    """
    out: list[list[int]] = []
    for start, end in sorted(spans):
        if end <= start:
            continue
        if out and start <= out[-1][1]:
            out[-1][1] = max(out[-1][1], end)
        else:
            out.append([start, end])
    return [(s, e) for s, e in out]


def si_scores(
    predicted: Mapping[str, Sequence[tuple[int, int]]],
    gold: Mapping[str, Sequence[tuple[int, int]]],
) -> dict[str, float]:
    """Span identification precision, recall and F1 with partial-overlap credit.

    >>> si_scores({"a": [(0, 10)]}, {"a": [(5, 15)]})
    {'precision': 0.5, 'recall': 0.5, 'f1': 0.5, 'predicted': 1, 'gold': 1}
    """
    p_sum = r_sum = 0.0
    n_pred = n_gold = 0
    for article in set(predicted) | set(gold):
        s_spans = merge(predicted.get(article, ()))
        t_spans = merge(gold.get(article, ()))
        n_pred += len(s_spans)
        n_gold += len(t_spans)
        for s0, s1 in s_spans:
            for t0, t1 in t_spans:
                overlap = min(s1, t1) - max(s0, t0)
                if overlap > 0:
                    p_sum += overlap / (s1 - s0)
                    r_sum += overlap / (t1 - t0)
    precision = p_sum / n_pred if n_pred else 0.0
    recall = r_sum / n_gold if n_gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "precision": round(precision, 4),
        "recall": round(recall, 4),
        "f1": round(f1, 4),
        "predicted": n_pred,
        "gold": n_gold,
    }


def tc_scores(
    gold: Sequence[tuple[str, int, int, str]],
    ranked: Mapping[tuple[str, int, int], Sequence[str]],
    labels: Sequence[str],
) -> dict[str, object]:
    """Micro-F1 and per-technique P/R/F1 of technique classification on the gold spans.

    ``gold`` holds ``(article, start, end, label)`` lines; ``ranked`` gives, per distinct span,
    the system's labels best first.

    >>> g = [("a", 0, 5, "X"), ("a", 0, 5, "Y"), ("a", 7, 9, "X")]
    >>> r = {("a", 0, 5): ["Y", "Z"], ("a", 7, 9): ["Y"]}
    >>> tc_scores(g, r, ["X", "Y", "Z"])["micro_f1"]
    0.3333
    """
    by_span: dict[tuple[str, int, int], list[str]] = defaultdict(list)
    for article, start, end, label in gold:
        by_span[(article, start, end)].append(label)
    tp: Counter[str] = Counter()
    fp: Counter[str] = Counter()
    fn: Counter[str] = Counter()
    correct = total = 0
    for key, wanted in by_span.items():
        got = list(ranked.get(key, ()))[: len(wanted)]
        common = Counter(wanted) & Counter(got)
        correct += sum(common.values())
        total += len(wanted)
        tp.update(common)
        fp.update(Counter(got) - common)
        fn.update(Counter(wanted) - common)
    per = {}
    for label in labels:
        p = tp[label] / (tp[label] + fp[label]) if tp[label] + fp[label] else 0.0
        r = tp[label] / (tp[label] + fn[label]) if tp[label] + fn[label] else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        per[label] = {
            "precision": round(p, 4),
            "recall": round(r, 4),
            "f1": round(f, 4),
            "support": tp[label] + fn[label],
        }
    micro = correct / total if total else 0.0
    return {"micro_f1": round(micro, 4), "spans": total, "per_technique": per}


def multilabel_f1(
    gold: Sequence[Sequence[str]], predicted: Sequence[Sequence[str]], labels: Sequence[str]
) -> dict[str, object]:
    """Micro- and macro-F1 of multi-label predictions (the SemEval-2023 subtask 3 metrics).

    Macro-F1 averages over every label in ``labels`` (a label never gold nor predicted counts as
    0, as the task's scorer does); ``macro_f1_present`` averages over labels with gold support.

    >>> multilabel_f1([["A"], ["A", "B"]], [["A"], ["B"]], ["A", "B"])["micro_f1"]
    0.8
    """
    tp: Counter[str] = Counter()
    fp: Counter[str] = Counter()
    fn: Counter[str] = Counter()
    for g, p in zip(gold, predicted, strict=True):
        gs, ps = set(g), set(p)
        tp.update(gs & ps)
        fp.update(ps - gs)
        fn.update(gs - ps)

    def f1(t: int, f_p: int, f_n: int) -> float:
        return 2 * t / (2 * t + f_p + f_n) if t + f_p + f_n else 0.0

    per = {label: round(f1(tp[label], fp[label], fn[label]), 4) for label in labels}
    present = [label for label in labels if tp[label] + fn[label]]
    return {
        "micro_f1": round(f1(sum(tp.values()), sum(fp.values()), sum(fn.values())), 4),
        "macro_f1": round(sum(per.values()) / len(labels), 4) if labels else 0.0,
        "macro_f1_present": round(sum(per[x] for x in present) / len(present), 4)
        if present
        else 0.0,
        "per_technique_f1": per,
    }
