"""Aligning two token sequences: extension over small edits, clipping, the passage around a seed."""

from __future__ import annotations

import pytest

from presslens.corpus.align import MAX_GAP, Block, Prepared, align, cut, extend


def prepared(words: str, sentence_lengths: list[int] | None = None) -> Prepared:
    toks = tuple(words.split())
    starts, ends, at = [], [], 0
    for tok in toks:
        starts.append(at)
        ends.append(at + len(tok))
        at += len(tok) + 1
    lengths = sentence_lengths or [len(toks)]
    sents, sent_of, lo = [], [], 0
    for k, n in enumerate(lengths):
        sents.append((lo, lo + n))
        sent_of.extend([k] * n)
        lo += n
    return Prepared(words, toks, tuple(starts), tuple(ends), tuple(sents), tuple(sent_of), ())


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ("x y z", "x y z", [(0, 0, 3)]),
        ("a b c d e", "a b X d e", [(0, 0, 2), (3, 3, 2)]),  # a changed word
        ("a b c d e f", "a b d e f", [(0, 0, 2), (3, 2, 3)]),  # a deleted word
        ("a b c d", "a b d", [(0, 0, 2)]),  # one word after the jump does not pay for it
        ("a b", "q r", []),
        # repetitive text: the changed word is a substitution, not an insertion (which would
        # leave the rest unmatched)
        ("x x x o o x", "x x x q o x", [(0, 0, 3), (4, 4, 2)]),
    ],
)
def test_extend(a: str, b: str, expected: list[Block]) -> None:
    assert extend(a.split(), b.split(), 0, 0) == expected


def test_extend_stops_at_a_gap_wider_than_max_gap() -> None:
    a = ["s"] + [f"a{i}" for i in range(MAX_GAP + 1)] + ["t"]
    b = ["s"] + [f"b{i}" for i in range(MAX_GAP + 1)] + ["t"]
    assert extend(a, b, 0, 0) == [(0, 0, 1)]


@pytest.mark.parametrize(
    ("side", "lo", "hi", "expected"),
    [
        (0, 0, 10, [(0, 5, 4), (6, 10, 2)]),
        (0, 2, 7, [(2, 7, 2), (6, 10, 1)]),
        (1, 10, 12, [(6, 10, 2)]),
        (0, 4, 6, []),
    ],
)
def test_cut(side: int, lo: int, hi: int, expected: list[Block]) -> None:
    assert cut([(0, 5, 4), (6, 10, 2)], side, lo, hi) == expected


def test_align_finds_the_shared_sentence_and_drops_the_rest() -> None:
    pa = prepared("we met today . the deal was signed in Riyadh after long talks", [4, 9])
    pb = prepared("nothing new . the deal was signed in Riyadh after long talks", [3, 9])
    # seed: the second sentence of each; the first sentences differ and stay out
    assert align(pa, pb, (4, 13, 3, 12), 0.9) == (4, 13, 3, 12)


def test_align_without_common_tokens() -> None:
    assert align(prepared("a b c"), prepared("x y z"), (0, 3, 0, 3), 0.9) is None
