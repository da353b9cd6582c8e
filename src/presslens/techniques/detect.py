"""Technique spans in a text: decode the tagger, label each span, calibrate the scores.

A span is a run of tokens whose P(inside a technique span) reaches the shipped threshold, with
at least one token reaching the shipped peak (both chosen on held-out training articles to
maximise span F1). Its ``span_score`` is that run's mean
probability after Platt scaling (fit on the same held-out articles), its ``technique_score`` the
classifier's probability for the label after temperature scaling, and ``score`` their product:
the calibrated probability that this passage uses this technique.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from .infer import Encoded, classify, encode_text
from .network import Shipped, load_model
from .taxonomy import TO_2023
from .windows import decode_runs


@dataclass(frozen=True, slots=True)
class Detected:
    """One technique span: characters ``[start, end)`` of the text."""

    start: int
    end: int
    label: str
    score: float
    span_score: float
    technique_score: float
    alternatives: tuple[tuple[str, float], ...]

    @property
    def semeval2023(self) -> tuple[str, ...]:
        """The SemEval-2023 names of ``label``."""
        return TO_2023[self.label]

    def attrs(self) -> dict[str, Any]:
        return {
            "span_score": self.span_score,
            "technique_score": self.technique_score,
            "semeval2023": list(self.semeval2023),
            "alternatives": [{"label": label, "score": s} for label, s in self.alternatives],
        }


def _platt(p: float, a: float, b: float) -> float:
    p = min(max(p, 1e-4), 1 - 1e-4)
    return 1.0 / (1.0 + math.exp(-(a * math.log(p / (1 - p)) + b)))


def detect(
    text: str,
    model: Shipped | None = None,
    *,
    threshold: float | None = None,
    alternatives: float = 0.2,
    encoded: Encoded | None = None,
) -> list[Detected]:
    """Technique spans of ``text`` (see the module docstring). ``threshold`` overrides the
    shipped token threshold; labels other than the best with a probability of at least
    ``alternatives`` are listed as alternatives. ``encoded`` is the text's encoding when the
    caller already has it (the shared document pass)."""
    model = model or load_model()
    meta = model.meta
    if not text.strip():
        return []
    enc = encoded if encoded is not None else encode_text(model.net, text)
    if enc.text != text:
        raise ValueError("the encoding passed to detect() is of another text")
    runs = decode_runs(
        enc.probs[:, 0],
        enc.offsets,
        text,
        threshold=threshold or float(meta["threshold"]),
        peak=0.0 if threshold else float(meta.get("peak", 0.0)),
    )
    if not runs:
        return []
    probs = classify(
        model.net, enc, [(r.start, r.end) for r in runs], temperature=float(meta["temperature"])
    )
    a, b = meta.get("span_calibration", (1.0, 0.0))
    out = []
    for run, row in zip(runs, probs, strict=True):
        order = row.argsort()[::-1]
        best = int(order[0])
        span_p = _platt(run.score, a, b)
        others = tuple(
            (model.labels[int(i)], round(float(row[i]), 4))
            for i in order[1:4]
            if row[i] >= alternatives
        )
        out.append(
            Detected(
                run.start,
                run.end,
                model.labels[best],
                round(span_p * float(row[best]), 4),
                round(span_p, 4),
                round(float(row[best]), 4),
                others,
            )
        )
    return out
