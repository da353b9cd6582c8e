"""Key sentences: the ranking (centrality), how many, what is weighted in, the layer."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import numpy as np
import pytest

from presslens.key_sentences.centrality import centrality
from presslens.key_sentences.component import KeySentences, key_sentence_spans, top_k
from presslens.model import Document
from presslens.pipeline import Pipeline, registered

_spec = importlib.util.spec_from_file_location(
    "presslens_test_samples", Path(__file__).parents[1] / "report" / "_samples.py"
)
samples = importlib.util.module_from_spec(_spec)  # type: ignore[arg-type]
sys.modules.setdefault("presslens_test_samples", samples)
_spec.loader.exec_module(samples)  # type: ignore[union-attr]
fake_embed = samples.fake_embed
make_doc = samples.make_doc


TEXT = (
    "The ceasefire along the river was signed on Friday by both governments.\n\n"
    "Both governments said the ceasefire along the river would hold for a month.\n\n"
    "Farmers near the river hope the ceasefire will let them return to their fields.\n\n"
    "A local bakery reported record sales of almond cakes during the festival week.\n\n"
    "The weather stayed mild and dry for most of the long weekend in the hills.\n\n"
    "Observers will check that the ceasefire along the river holds on both banks."
)


def test_centrality_ranks_the_hub_of_a_star_first() -> None:
    hub = np.array([1.0, 1.0, 1.0, 1.0]) / 2
    leaves = np.eye(4)
    vectors = np.vstack([hub, leaves])
    scores = centrality(vectors)
    assert scores.argmax() == 0
    assert scores.sum() == pytest.approx(1.0)


def test_centrality_prior_weighs_a_sentence_in() -> None:
    vectors = np.eye(3)
    plain = centrality(vectors)
    boosted = centrality(vectors, np.array([1.0, 3.0, 1.0]))
    assert boosted[1] > plain[1]
    assert boosted.argmax() == 1


def test_centrality_of_nothing_is_empty() -> None:
    assert centrality(np.zeros((0, 4))).shape == (0,)


def test_top_k_is_at_least_three_and_fifteen_percent() -> None:
    assert top_k(0) == 3
    assert top_k(10) == 3
    assert top_k(40) == 6
    assert top_k(101) == 16


def test_key_sentences_are_sentence_spans_with_ranks() -> None:
    doc = make_doc(TEXT)
    spans = key_sentence_spans(doc, embed=fake_embed)
    sentences = {(s.start, s.end) for s in doc.layer("sentences")}
    assert len(spans) == 3
    assert all((s.start, s.end) in sentences for s in spans)
    assert sorted(s.attrs["rank"] for s in spans) == [1, 2, 3]
    first = next(s for s in spans if s.attrs["rank"] == 1)
    assert first.score == 1.0
    assert all(0 < s.score <= 1.0 for s in spans)
    assert all(s.label == "key_sentence" and s.producer == "key_sentences.v1" for s in spans)
    texts = [doc.text_of(s) for s in spans]
    assert all("ceasefire" in t for t in texts), texts  # the off-topic sentences are not key


def test_quotes_and_claims_are_weighted_in() -> None:
    doc = make_doc(TEXT)
    start = doc.text.index("Farmers")
    end = doc.text.index("their fields.") + len("their fields.")
    plain = {doc.text_of(s) for s in key_sentence_spans(doc, embed=fake_embed)}
    assert not any("Farmers" in t for t in plain)
    quoted = doc.with_layer("quotes", [doc.span(start + 20, end - 1, "direct")])
    quoted = quoted.with_layer("claims", [doc.span(start, end, "claim", score=1.0)])
    spans = key_sentence_spans(quoted, embed=fake_embed)
    boosted = [s for s in spans if "Farmers" in quoted.text_of(s)]
    assert boosted and list(boosted[0].attrs["weighted"]) == ["quotes", "claims"]


def test_short_and_furniture_sentences_are_never_key() -> None:
    text = "Read more\n\nPhoto: Agency photographer for the wire service today\n\n" + TEXT
    doc = make_doc(text)
    credit = text.index("Photo:")
    doc = doc.with_layer(
        "furniture", [doc.span(credit, text.index("\n\n", credit), "photo_credit")]
    )
    texts = [doc.text_of(s) for s in key_sentence_spans(doc, embed=fake_embed)]
    assert "Read more" not in texts and not any(t.startswith("Photo") for t in texts)


def test_component_contract_and_pipeline() -> None:
    assert "key_sentences" in registered()
    comp = KeySentences(embed=fake_embed)
    assert (comp.name, comp.version, comp.requires, comp.assigns) == (
        "key_sentences",
        "1",
        ("sentences",),
        ("key_sentences",),
    )
    pipe = Pipeline(["paragraphs", "sentences", comp])
    doc = pipe(Document(id="d2", text=TEXT))
    assert len(doc.layer("key_sentences")) == 3
    assert pipe.version != Pipeline(["paragraphs", "sentences"]).version


def test_empty_document_has_no_key_sentences() -> None:
    assert key_sentence_spans(make_doc(""), embed=fake_embed) == []
