"""Surface features of a sentence that the sentence encoder barely sees.

Mean-pooled MiniLM vectors say what a sentence is about, not whether it states a figure or
speaks in the first person. Check-worthiness depends on both (ClaimBuster and the CheckThat!
systems used part-of-speech and entity counts for the same reason), so the claims head reads
these ten numbers beside the encoder's vectors. Each lies in 0..1.

>>> [round(v, 2) for v in surface_features("Unemployment fell to 3.5 percent in 2019.")][:4]
[0.67, 0.0, 0.33, 1.0]
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence

import numpy as np

__all__ = ["NAMES", "SCALE", "surface_features", "surface_matrix"]

NAMES = (
    "digits",
    "number_words",
    "units",
    "has_number",
    "capitalised",
    "first_person",
    "second_person",
    "modals",
    "question",
    "length",
)
SCALE = 3.0
"""Factor the features are multiplied by next to unit-length encoder vectors (model input)."""

_NUMBER_WORDS = re.compile(
    r"\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|"
    r"thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|thousand|million|billion|"
    r"trillion|half|dozen|dozens|hundreds|thousands|millions|billions)\b"
)
_UNITS = re.compile(
    r"\b(?:percent|per cent|%|dollars?|\$|euros?|pounds?|minutes?|hours?|days?|weeks?|"
    r"months?|years?|times|people|jobs|troops|soldiers|deaths|kilomet\w+|miles?)\b|%|\$"
)
_DIGITS = re.compile(r"\d+(?:[.,]\d+)*")
_TOKENS = re.compile(r"\w+|[^\w\s]")
_FIRST = re.compile(r"\b(?:i|we|me|my|our|us)\b")
_SECOND = re.compile(r"\b(?:you|your)\b")
_MODALS = re.compile(r"\b(?:will|would|should|must|could|might|can|going to)\b")


def surface_features(text: str) -> list[float]:
    """The ten features of :data:`NAMES` for one sentence."""
    tokens = _TOKENS.findall(text)
    n = max(len(tokens), 1)
    low = text.lower()
    digits = len(_DIGITS.findall(text))
    words = len(_NUMBER_WORDS.findall(low))
    units = len(_UNITS.findall(low))
    caps = sum(1 for i, w in enumerate(tokens) if i > 0 and w[:1].isupper())
    return [
        min(digits, 3) / 3,
        min(words, 3) / 3,
        min(units, 3) / 3,
        float(digits + words > 0),
        min(caps / n * 5, 1.0),
        min(len(_FIRST.findall(low)) / n * 10, 1.0),
        min(len(_SECOND.findall(low)) / n * 10, 1.0),
        min(len(_MODALS.findall(low)) / n * 10, 1.0),
        float("?" in text),
        min(math.log1p(n) / 5, 1.0),
    ]


def surface_matrix(texts: Sequence[str]) -> np.ndarray:
    """One row of :func:`surface_features` per text (float32, not yet scaled)."""
    if not texts:
        return np.zeros((0, len(NAMES)), dtype=np.float32)
    return np.asarray([surface_features(t) for t in texts], dtype=np.float32)
