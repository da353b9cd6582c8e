"""The stance layer: clear invented cases, two targets in one sentence; the model loads offline."""

from __future__ import annotations

import pytest

from presslens.model import Document

BOTH = "Governor Hale won praise for the rescue, while Mayor Ross was blamed for the delays."


@pytest.mark.slow
@pytest.mark.parametrize(
    ("sentence", "target", "expected"),
    [
        (
            "Critics say Senator Miller is a corrupt liar who betrayed his voters.",
            "Miller",
            "negative",
        ),
        (
            "Senator Miller was praised for his courageous, brilliant leadership.",
            "Miller",
            "positive",
        ),
        ("Senator Miller will visit the plant in Ohio on Tuesday.", "Miller", "neutral"),
        # target-dependent: one sentence, two targets, two polarities
        (BOTH, "Hale", "positive"),
        (BOTH, "Ross", "negative"),
        # known miss (docs/heads.md): "Voters adore Governor Hale, but they despise Mayor Ross."
        # reads negative for both
    ],
)
def test_stance_cases(sentence: str, target: str, expected: str) -> None:
    from presslens.stance.component import stance_spans
    from presslens.stance.network import load_stance_model

    doc = Document(id="s", text=sentence)
    sent = doc.span(0, len(sentence), "sentence")
    start = sentence.index(target)
    mention = doc.span(start, start + len(target), "person/x")
    (span,) = stance_spans(doc, (sent,), [mention], load_stance_model(), "stance.v2")
    assert span.label == expected
    assert span.attrs["actor"] == "person/x"
    assert span.attrs["polarity"] == {"negative": -1, "neutral": 0, "positive": 1}[expected]
    assert 1 / 3 <= span.score <= 1  # type: ignore[operator]


@pytest.mark.usefixtures("no_network")
def test_stance_model_loads_without_network() -> None:
    from presslens.stance.network import load_stance_model

    load_stance_model.cache_clear()
    model = load_stance_model()
    p = model.proba([("Miller is a liar.", 0, 6)])
    assert p.shape == (1, 3) and abs(float(p.sum()) - 1) < 1e-4
    assert model.proba([]).shape == (0, 3)
