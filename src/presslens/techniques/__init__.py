"""Persuasion techniques at span level (SemEval-2020 Task 11) and per paragraph (SemEval-2023).

See ``docs/techniques.md``. :mod:`presslens.techniques.component` holds the ``techniques``
pipeline component (registered in :mod:`presslens.factories`); :func:`detect` finds technique
spans in any text::

    >>> from presslens.techniques import detect                         # doctest: +SKIP
    >>> [(d.label, round(d.score, 2)) for d in detect("Incompetents!")]  # doctest: +SKIP
    [('Name_Calling,Labeling', 0.71)]

Retrain with ``presslens train techniques --data ../shared/data/ptc`` (then
``--data ../shared/data/semeval2023_task3`` for the paragraph head); score with
``presslens eval techniques --data ...``.
"""

from __future__ import annotations

from .detect import Detected, detect
from .taxonomy import DESCRIPTIONS, PTC_TECHNIQUES, SEMEVAL2023_TECHNIQUES, TO_2023, describe

__all__ = [
    "DESCRIPTIONS",
    "PTC_TECHNIQUES",
    "SEMEVAL2023_TECHNIQUES",
    "TO_2023",
    "Detected",
    "describe",
    "detect",
]
