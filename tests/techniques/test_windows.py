"""Window planning, stitching, token targets and span decoding."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from presslens.techniques.windows import (
    decode_runs,
    owners,
    plan_windows,
    stitch,
    token_targets,
    tokens_of,
    widen,
)


@pytest.mark.parametrize(
    ("n", "size", "stride", "expected"),
    [
        (0, 4, 2, []),
        (3, 4, 2, [(0, 3)]),
        (4, 4, 2, [(0, 4)]),
        (5, 4, 2, [(0, 4), (2, 5)]),
        (10, 4, 3, [(0, 4), (3, 7), (6, 10)]),
        (9, 3, 3, [(0, 3), (3, 6), (6, 9)]),
    ],
)
def test_plan_windows(n: int, size: int, stride: int, expected: list[tuple[int, int]]) -> None:
    assert plan_windows(n, size, stride) == expected


@pytest.mark.parametrize(("size", "stride"), [(0, 1), (4, 0), (4, 5)])
def test_plan_windows_rejects_bad_sizes(size: int, stride: int) -> None:
    with pytest.raises(ValueError, match="stride"):
        plan_windows(10, size, stride)


@given(st.integers(1, 400), st.integers(2, 64), st.data())
def test_windows_cover_every_token_and_stitching_takes_the_most_central(
    n: int, size: int, data: st.DataObject
) -> None:
    stride = data.draw(st.integers(1, size))
    windows = plan_windows(n, size, stride)
    assert windows[0][0] == 0 and windows[-1][1] == n
    own = owners(n, windows)
    for token, w in enumerate(own):
        lo, hi = windows[w]
        assert lo <= token < hi
        depth = min(token - lo, hi - 1 - token)
        for lo2, hi2 in windows:
            if lo2 <= token < hi2:
                assert depth >= min(token - lo2, hi2 - 1 - token)
    # stitching window outputs that carry (token index, window index) gives each token its owner
    outputs = [np.array([[t, w] for t in range(lo, hi)]) for w, (lo, hi) in enumerate(windows)]
    stitched = stitch(n, windows, outputs)
    assert stitched[:, 0].tolist() == list(range(n))
    assert stitched[:, 1].tolist() == own.tolist()


def test_token_targets_half_inside_rule() -> None:
    offsets = [(0, 4), (5, 9), (10, 14), (14, 16)]
    # span covers token 1 fully, token 2 only for 1 of 4 chars, token 3 fully
    y = token_targets(offsets, [(5, 11, 0), (14, 16, 2)], n_labels=3)
    assert y[:, 0].tolist() == [0, 1, 0, 1]
    assert y[:, 1].tolist() == [0, 1, 0, 0]
    assert y[:, 3].tolist() == [0, 0, 0, 1]


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [(0, 4, (0, 1)), (3, 6, (0, 2)), (4, 5, (0, 0)), (12, 20, (2, 3))],
)
def test_tokens_of(start: int, end: int, expected: tuple[int, int]) -> None:
    assert tokens_of([(0, 4), (5, 9), (10, 14)], start, end) == expected


@pytest.mark.parametrize(
    ("text", "start", "end", "expected"),
    [
        ("an overpromoted simpleton", 5, 12, (3, 15)),
        ("an overpromoted simpleton", 3, 15, (3, 15)),
        ("war-besotted incompetents", 4, 9, (4, 12)),
        ("a b", 0, 1, (0, 1)),
    ],
)
def test_widen_to_whole_words(text: str, start: int, end: int, expected: tuple[int, int]) -> None:
    assert widen(text, start, end) == expected


def _offsets(text: str) -> list[tuple[int, int]]:
    import re

    return [(m.start(), m.end()) for m in re.finditer(r"\w+|[^\w\s]", text)]


@pytest.mark.parametrize(
    ("probs", "max_gap", "expected"),
    [
        ([0.1, 0.9, 0.9, 0.1, 0.1, 0.1], 1, ["overpromoted simpleton"]),
        ([0.9, 0.9, 0.9, 0.2, 0.9, 0.1], 1, ["an overpromoted simpleton , truly"]),
        ([0.9, 0.9, 0.9, 0.2, 0.9, 0.1], 0, ["an overpromoted simpleton", "truly"]),
        ([0.1] * 6, 1, []),
        ([0.1, 0.1, 0.1, 0.9, 0.1, 0.1], 1, []),  # a lone comma is trimmed away
        ([0.1, 0.1, 0.1, 0.1, 0.1, 0.9], 1, []),  # a lone full stop too
    ],
)
def test_decode_runs(probs: list[float], max_gap: int, expected: list[str]) -> None:
    text = "an overpromoted simpleton , truly ."
    runs = decode_runs(np.array(probs), _offsets(text), text, max_gap=max_gap)
    assert [text[r.start : r.end] for r in runs] == expected
    for r in runs:
        assert 0.0 <= r.score <= 1.0


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Kell's puppets run the media", "puppets run"),
        ("Kell’s puppets run the media", "puppets run"),
        ("The boss's puppets run the media", "puppets run"),
        ("The bosses' puppets run the media", "puppets run"),
        ("Kell's sly puppets run the media", "sly puppets"),
    ],
)
def test_decode_runs_drops_a_leading_possessive_s(text: str, expected: str) -> None:
    start = text.index(expected)
    offsets = _offsets(text)
    lead = next(i for i, (s, e) in enumerate(offsets) if e > start) - 1  # the token before
    probs = np.array(
        [0.9 if lead <= i < lead + 1 + len(expected.split()) else 0.1 for i in range(len(offsets))]
    )
    runs = decode_runs(probs, offsets, text, max_gap=0)
    assert [text[r.start : r.end] for r in runs] == [expected]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("the unfortunate fault line in Europe", "the unfortunate fault line"),
        ("punish and humiliate, and then", "punish and humiliate"),
        ("wise enough to not rub it in", "wise enough to not rub it"),
        ("in", ""),
    ],
)
def test_decode_runs_ends_on_a_content_word(text: str, expected: str) -> None:
    words = expected.split() or text.split()
    offsets = _offsets(text)
    hot = len([o for o in offsets if o[0] < len(expected) + 1]) if expected else len(offsets)
    hot += 1 if expected else 0  # the run reaches one token past the expected end
    probs = np.array([0.9 if i < hot else 0.1 for i in range(len(offsets))])
    runs = decode_runs(probs, offsets, text, max_gap=0)
    assert [text[r.start : r.end] for r in runs] == ([expected] if expected else []), words


def test_decode_runs_widens_word_pieces_and_scores_the_mean() -> None:
    text = "sleep-walking toward war"
    offsets = [(0, 3), (3, 5), (5, 6), (6, 13), (14, 20), (21, 24)]  # sl ee p - walking ...
    runs = decode_runs(np.array([0.2, 0.8, 0.2, 0.9, 0.7, 0.1]), offsets, text, max_gap=0)
    assert [(text[r.start : r.end], round(r.score, 2)) for r in runs] == [
        ("sleep", 0.8),
        ("walking toward", 0.8),
    ]
