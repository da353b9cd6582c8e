"""The source x actor stance matrix: aggregation, lean, evidence, documents and sources."""

from __future__ import annotations

import pytest

from presslens.corpus.stance import LEAN, aggregate, stance_matrix, stance_mentions
from presslens.model import Document, Meta

POL = {"negative": -1, "neutral": 0, "positive": 1}


def _doc(doc_id: str, outlet: str, sentences: list[tuple[str, str, str, float]]) -> Document:
    """A document of sentences, each ``(text, actor name in it, label, score)``."""
    text = " ".join(s for s, _, _, _ in sentences)
    doc = Document(id=doc_id, text=text, meta=Meta(outlet=outlet))
    sents, actors, stance, pos = [], [], [], 0
    for sentence, name, label, score in sentences:
        sents.append(doc.span(pos, pos + len(sentence), "sentence"))
        start = pos + sentence.index(name)
        actor = f"person/{name.lower()}"
        actors.append(doc.span(start, start + len(name), actor, attrs={"name": name}))
        stance.append(
            doc.span(
                start,
                start + len(name),
                label,
                score=score,
                attrs={"actor": actor, "polarity": POL[label]},
            )
        )
        pos += len(sentence) + 1
    return (
        doc.with_layer("sentences", sents).with_layer("actors", actors).with_layer("stance", stance)
    )


A = _doc(
    "a",
    "Daily",
    [
        ("Miller lied again.", "Miller", "negative", 0.9),
        ("Miller spoke on Monday.", "Miller", "neutral", 0.8),
        ("Miller is a disgrace.", "Miller", "negative", 0.7),
        ("Jones was brilliant.", "Jones", "positive", 0.95),
    ],
)
B = _doc(
    "b",
    "Daily",
    [("Miller kept his word.", "Miller", "positive", 0.6)],
)
C = _doc(
    "c",
    "Weekly",
    [
        ("Jones failed.", "Jones", "negative", 0.8),
        ("Jones won praise.", "Jones", "positive", 0.7),
    ],
)


def test_mentions_carry_their_sentence() -> None:
    (first, *_) = stance_mentions(A)
    assert first.actor == "person/miller" and first.label == "negative"
    assert A.text[first.sentence[0] : first.sentence[1]] == "Miller lied again."
    assert first.text == "Miller lied again."


@pytest.mark.parametrize(
    ("labels", "mean", "stance"),
    [
        (["negative", "negative", "neutral"], -2 / 3, "negative"),
        (["positive", "neutral", "neutral"], 1 / 3, "positive"),
        (["positive", "negative"], 0.0, "neutral"),
        (["neutral"] * 9 + ["negative"], -0.1, "negative"),  # exactly at the lean
        (["neutral"] * 11 + ["negative"], -1 / 12, "neutral"),
    ],
)
def test_aggregate_mean_and_lean(labels: list[str], mean: float, stance: str) -> None:
    doc = _doc("x", "S", [(f"Miller {i}.", "Miller", lab, 0.5) for i, lab in enumerate(labels)])
    cell = aggregate(stance_mentions(doc))
    assert cell["mean_polarity"] == pytest.approx(mean, abs=1e-4)
    assert cell["stance"] == stance
    assert cell["mentions"] == len(labels)
    assert sum(cell["counts"].values()) == len(labels)
    assert LEAN == 0.1


def test_evidence_is_the_strongest_spans_of_the_cells_sign() -> None:
    cell = aggregate(stance_mentions(A)[:3])  # Miller: two negative, one neutral
    assert cell["stance"] == "negative"
    assert [e["score"] for e in cell["evidence"]] == [0.9, 0.7]
    assert all(e["label"] == "negative" for e in cell["evidence"])
    first = cell["evidence"][0]
    assert A.text[first["start"] : first["end"]] == "Miller"
    assert first["text"] == "Miller lied again."


def test_matrix_by_source_and_by_document() -> None:
    matrix = stance_matrix([A, B, C])
    assert matrix["sources"] == ["Daily", "Weekly"]
    assert [(a["id"], a["mentions"]) for a in matrix["actors"]] == [
        ("person/miller", 4),
        ("person/jones", 3),
    ]
    cells = {(c["source"], c["actor"]): c for c in matrix["by_source"]}
    miller = cells[("Daily", "person/miller")]
    assert (miller["mentions"], miller["documents"]) == (4, 2)
    assert miller["mean_polarity"] == pytest.approx(-0.25)
    assert miller["stance"] == "negative"
    assert cells[("Daily", "person/jones")]["stance"] == "positive"
    assert cells[("Weekly", "person/jones")]["stance"] == "neutral"
    assert ("Weekly", "person/miller") not in cells
    docs = {(c["doc_id"], c["actor"]): c for c in matrix["by_document"]}
    assert docs[("b", "person/miller")]["stance"] == "positive"
    assert docs[("a", "person/miller")]["name"] == "Miller"


def test_compilation_posts_and_empty_corpora() -> None:
    post = A.replace(id="post", meta=Meta(outlet="Daily", extra={"compilation": True}))
    assert stance_mentions(post) == []
    empty = stance_matrix([])
    assert empty["by_source"] == [] and empty["actors"] == []
