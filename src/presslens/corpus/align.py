"""Aligning two tokenised texts around a seed: the passage they share, as token ranges.

Pure functions over :class:`Prepared` texts (word tokens with their character offsets and
sentences, made by :mod:`presslens.corpus.reuse`): the longest common run of two chunks is
extended both ways over small edits (:func:`extend`, X-drop), then edge sentences that match
poorly are trimmed (:func:`trim`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher

__all__ = ["LOOKAHEAD", "MAX_GAP", "XDROP", "Block", "Prepared", "align", "cut", "extend", "trim"]

MAX_GAP = 6  # tokens of unmatched text tolerated inside one aligned passage
XDROP = 8  # extension stops when its score falls this far below the best (tokens)
LOOKAHEAD = 16  # tokens compared after a jump to choose among jumps of the same cost

Block = tuple[int, int, int]
"""A run of equal tokens: its start in the first text, its start in the second, its length."""


@dataclass(frozen=True, slots=True)
class Prepared:
    """A document's normalised tokens, their character offsets and its sentences (token ranges)."""

    text: str
    toks: tuple[str, ...]
    starts: tuple[int, ...]
    ends: tuple[int, ...]
    sents: tuple[tuple[int, int], ...]
    sent_of: tuple[int, ...]
    chunks: tuple[tuple[int, int], ...]


def _run(ta: Sequence[str], tb: Sequence[str], i: int, j: int, cap: int) -> int:
    """How many tokens are equal from ``ta[i]``/``tb[j]`` on (at most ``cap``)."""
    n = 0
    while n < cap and i + n < len(ta) and j + n < len(tb) and ta[i + n] == tb[j + n]:
        n += 1
    return n


def extend(ta: Sequence[str], tb: Sequence[str], i: int, j: int) -> list[Block]:
    """Blocks of equal tokens going right from ``ta[i]``/``tb[j]`` (greedy, with X-drop).

    After each run of equal tokens it jumps to the nearest equal pair at most ``MAX_GAP`` tokens
    ahead on each side (a changed, inserted or deleted word; among jumps of the same cost, the one
    followed by the longest run of equal tokens, so that in repetitive text a changed word is
    not read as an insertion). Matched tokens score +1 and a jump
    costs its longer side; it stops once the score falls ``XDROP`` below its best and returns
    the blocks up to the best score, so stray "of the" matches past the passage's end drop off.
    """
    blocks: list[Block] = []
    score = best = kept = 0
    while True:
        n = _run(ta, tb, i, j, len(ta))
        if n:
            blocks.append((i, j, n))
            i, j, score = i + n, j + n, score + n
            if score > best:
                best, kept = score, len(blocks)
        jumps = [
            (max(di, dj), -_run(ta, tb, i + di, j + dj, LOOKAHEAD), di + dj, di, dj)
            for di in range(min(MAX_GAP, len(ta) - 1 - i) + 1)
            for dj in range(min(MAX_GAP, len(tb) - 1 - j) + 1)
            if (di or dj) and ta[i + di] == tb[j + dj]
        ]
        if not jumps:
            break
        cost, _, _, di, dj = min(jumps)
        score -= cost
        if score < best - XDROP:
            break
        i, j = i + di, j + dj
    return blocks[:kept]


def cut(blocks: list[Block], side: int, lo: int, hi: int) -> list[Block]:
    """The blocks clipped to ``lo <= position < hi`` on one side (0 = first text, 1 = second)."""
    out = []
    for blk in blocks:
        s = max(lo - blk[side], 0)
        e = min(hi - blk[side], blk[2])
        if e > s:
            out.append((blk[0] + s, blk[1] + s, e - s))
    return out


def trim(pa: Prepared, pb: Prepared, blocks: list[Block], share: float) -> list[Block]:
    """Drop edge sentences that match poorly or that both texts only partly share.

    An edge sentence goes when less than ``share`` of its words in the passage are matched
    (paraphrase around the reused text), or when the passage holds less than ``share`` of it in
    both texts (both go on differently), so passages end at sentence ends where they can.
    """
    texts = (pa, pb)
    changed = True
    while changed and blocks:
        changed = False
        for side in (0, 1):
            ends = []  # per text: region start, end, its first and last sentence
            for k, p in enumerate(texts):
                lo, hi = blocks[0][k], blocks[-1][k] + blocks[-1][2]
                ends.append((lo, hi, p.sents[p.sent_of[lo]], p.sents[p.sent_of[hi - 1]]))
            lo, hi, first, last = ends[side]
            partial_head = all(e[0] - e[2][0] > (1 - share) * (e[2][1] - e[2][0]) for e in ends)
            partial_tail = all(e[3][1] - e[1] > (1 - share) * (e[3][1] - e[3][0]) for e in ends)
            if first[1] < hi:
                matched = sum(b[2] for b in cut(blocks, side, lo, first[1]))
                if partial_head or matched < share * (first[1] - lo):
                    blocks, changed = cut(blocks, side, first[1], hi), True
                    continue
            if last[0] > lo:
                matched = sum(b[2] for b in cut(blocks, side, last[0], hi))
                if partial_tail or matched < share * (hi - last[0]):
                    blocks, changed = cut(blocks, side, lo, last[0]), True
    return blocks


def align(
    pa: Prepared, pb: Prepared, seed: tuple[int, int, int, int], share: float
) -> tuple[int, int, int, int] | None:
    """Token ranges of the maximal aligned passage around a seed (a pair of chunks).

    The longest common run of the two chunks is extended both ways with :func:`extend` (on the
    reversed texts for the left side), then trimmed to well-matched sentences.
    """
    a0, a1, b0, b1 = seed
    i, j, n = SequenceMatcher(
        None, pa.toks[a0:a1], pb.toks[b0:b1], autojunk=False
    ).find_longest_match()
    if n == 0:
        return None
    i, j = i + a0, j + b0
    na, nb = len(pa.toks), len(pb.toks)
    left = extend(pa.toks[::-1], pb.toks[::-1], na - i, nb - j)
    blocks = [(na - ri - m, nb - rj - m, m) for ri, rj, m in reversed(left)]
    blocks += [(i, j, n), *extend(pa.toks, pb.toks, i + n, j + n)]
    blocks = trim(pa, pb, blocks, share)
    if not blocks:
        return None
    return blocks[0][0], blocks[-1][0] + blocks[-1][2], blocks[0][1], blocks[-1][1] + blocks[-1][2]
