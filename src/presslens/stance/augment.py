"""Counterfactual name swaps for training the stance model.

NewsMTSC comes from US political news, where some names are nearly always treated one way
(Putin: 29 negative, 18 neutral, 3 positive targets in train). A model trained on it learns the
name as well as the sentence, and then reads a source that praises Putin as negative toward
him. Swapping the target's name for another person's name while training (the label stays, since
the sentence treats whoever is named the same way) takes that shortcut away; inference reads the
real name unchanged.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterable, Sequence

from .network import Pair

__all__ = ["is_name", "name_pool", "swap_name", "swap_names"]


_NAME = re.compile(r"(?:(?:Mr|Mrs|Ms|Dr|Sen|Gov|Rep)\.\s)?[A-Z][\w'’.-]*(?:\s[A-Z][\w'’.-]*){0,3}")
_NOT_NAMES = frozenset(
    [
        "He",
        "She",
        "His",
        "Her",
        "Him",
        "They",
        "Them",
        "Their",
        "We",
        "Us",
        "Our",
        "It",
        "Its",
        "I",
        "You",
        "The",
        "This",
        "That",
        "These",
        "Those",
    ]
)


def is_name(mention: str) -> bool:
    """Whether a target mention is a proper name (``"Mr. Trump"``, ``"Hillary Clinton"``), not a
    pronoun or a description (``"he"``, ``"the president"``)."""
    return bool(_NAME.fullmatch(mention)) and mention.split()[0] not in _NOT_NAMES


def name_pool(mentions: Iterable[str]) -> tuple[str, ...]:
    """The distinct names among ``mentions``, sorted (each name once, so that a swap does not
    favour the names the data repeats most)."""
    return tuple(sorted({m for m in mentions if is_name(m)}))


def swap_name(pair: Pair, name: str) -> Pair:
    """``pair`` with its target replaced by ``name``; the offsets follow."""
    text, start, end = pair
    return text[:start] + name + text[end:], start, start + len(name)


def swap_names(
    pairs: Sequence[Pair], pool: Sequence[str], rate: float, rng: random.Random
) -> list[Pair]:
    """Each pair whose target is a name has it replaced, with probability ``rate``, by another
    name drawn from ``pool``; other pairs are returned as they are."""
    out = []
    for pair in pairs:
        mention = pair[0][pair[1] : pair[2]]
        if pool and rate > 0 and is_name(mention) and rng.random() < rate:
            name = rng.choice(pool)
            if name != mention:
                pair = swap_name(pair, name)
        out.append(pair)
    return out
