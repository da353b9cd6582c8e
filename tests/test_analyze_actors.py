"""Issue acceptance on the seed dossier: actors resolved, speakers attributed."""

from __future__ import annotations

from pathlib import Path

import pytest

from presslens.api import analyze
from presslens.corpus.actors import actor_view, quoted_by, speaker_view


@pytest.fixture(scope="module")
def seed_docs(seeds: Path, tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    return analyze([str(seeds)], out_dir=tmp_path_factory.mktemp("seeds")).documents


def _by_file(docs, prefix):  # type: ignore[no-untyped-def]
    return [d for d in docs if Path(d.source.origin).name.startswith(prefix)]


def test_seed_002_resolves_the_leaders(seed_docs) -> None:  # type: ignore[no-untyped-def]
    (doc,) = _by_file(seed_docs, "002")
    ids = {s.label for s in doc.layer("actors")}
    for person in ("donald-trump", "vladimir-putin", "volodymyr-zelensky", "emmanuel-macron",
                   "friedrich-merz", "petteri-orpo", "marco-rubio", "sigmar-gabriel"):  # fmt: skip
        assert f"person/{person}" in ids, person


def test_metonyms_and_loaded_descriptors(seed_docs) -> None:  # type: ignore[no-untyped-def]
    spans = [(d.text_of(s), s) for d in seed_docs if d.parent_id for s in d.layer("actors")]
    regime = [s for t, s in spans if t.endswith("Kiev regime")]
    assert regime and all(s.label == "gov/UKR" and s.attrs.get("loaded") for s in regime)
    assert {s.label for t, s in spans if t == "Washington"} == {"gov/USA"}


def test_block_quotes_of_the_third_article_have_their_nine_speakers(seed_docs) -> None:  # type: ignore[no-untyped-def]
    children = sorted((d for d in seed_docs if d.parent_id), key=lambda d: d.id)
    third = children[2]
    speakers = {
        q.attrs["speaker"].get("actor") for q in third.layer("quotes") if q.label == "block"
    }
    expected = {"konstantin-kosachev", "ksenia-sobchak", "andrey-bystritsky", "dmitry-trenin",
                "andrey-kortunov", "aleksey-pushkov", "sergey-poletayev", "valentin-bogdanov",
                "dmitry-medvedev"}  # fmt: skip
    assert {f"person/{p}" for p in expected} <= speakers


def test_corpus_views_answer_who_is_quoted_by_whom(seed_docs) -> None:  # type: ignore[no-untyped-def]
    speakers = {row["speaker"]: row for row in speaker_view(seed_docs)}
    medvedev = speakers["person/dmitry-medvedev"]
    assert medvedev["quotes"] >= 3 and "RT" in medvedev["sources"]
    for item in medvedev["items"]:
        doc = next(d for d in seed_docs if d.id == item["doc_id"])
        assert 0 <= item["start"] < item["end"] <= len(doc.text)
    actors = {row["id"]: row for row in actor_view(seed_docs)}
    assert actors["person/donald-trump"]["mentions"] > 20
    assert any(r["speaker"] == "person/dmitry-medvedev" and r["source"] == "RT"
               for r in quoted_by(seed_docs))  # fmt: skip
