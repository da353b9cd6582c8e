"""Other languages get no English-only layer, and each document says which layers it skipped
and why (``meta.extra.layers_skipped``)."""

from __future__ import annotations

import pytest

from presslens.components import default_pipeline
from presslens.ingest import ingest_text

PORTUGUESE = (
    "Presidente fala sobre a crise\n\n"
    "O presidente Luiz Inácio Lula da Silva disse nesta segunda-feira que o Brasil “não vai "
    "aceitar pressões” dos Estados Unidos. Segundo o ministro Fernando Haddad, as negociações "
    "com Washington continuam. “Vamos conversar com todos”, afirmou Lula em Brasília, onde "
    "recebeu o embaixador americano. Joe Biden e Donald Trump não comentaram."
)
KOREAN = (
    "정부, 새 경제 정책 발표\n\n"
    "윤석열 대통령은 월요일 서울에서 열린 회의에서 “경제 회복이 최우선 과제”라고 말했다. "
    "그는 미국 및 일본과의 협력을 강화하겠다고 밝혔다. 야당은 정책이 충분하지 않다고 비판했다."
)
ENGLISH = (
    "Talks resume\n\nThe French foreign minister said on Monday that talks with Germany would "
    "resume. “We expect a deal,” she told reporters in Paris."
)
ENGLISH_ONLY = ("entities", "actors", "quotes", "events", "stance", "claims", "subjectivity",
                "techniques")  # fmt: skip


@pytest.fixture(scope="module")
def pipeline():  # type: ignore[no-untyped-def]
    return default_pipeline()


@pytest.mark.parametrize(("text", "language"), [(PORTUGUESE, "pt"), (KOREAN, "ko")])
def test_other_languages_skip_the_english_only_layers_and_say_why(
    pipeline, text: str, language: str
) -> None:  # type: ignore[no-untyped-def]
    (doc,) = ingest_text(text)
    assert doc.meta.language == language
    done = pipeline(doc)
    skipped = done.meta.extra["layers_skipped"]
    for layer in ENGLISH_ONLY:
        assert done.layer(layer) == (), layer
        assert f"this document is in '{language}'" in skipped[layer]
        assert "reads English only" in skipped[layer]
    assert done.layer("sentences"), "sentences are split in any language"


def test_english_documents_skip_nothing(pipeline) -> None:  # type: ignore[no-untyped-def]
    (doc,) = ingest_text(ENGLISH)
    done = pipeline(doc)
    assert "layers_skipped" not in done.meta.extra
    assert done.layer("actors") and done.layer("quotes")


def test_the_pipeline_version_says_which_documents_a_component_reads() -> None:
    from presslens.pipeline import Pipeline

    class Tagger:
        name, version, requires, assigns = "tagger", "1", (), ("tags",)
        english_only = False

        def __call__(self, doc):  # type: ignore[no-untyped-def]
            return doc

    class EnglishTagger(Tagger):
        english_only = True

    assert Pipeline([Tagger()]).version != Pipeline([EnglishTagger()]).version


def test_the_report_says_which_layers_were_skipped(tmp_path, pipeline) -> None:  # type: ignore[no-untyped-def]
    from presslens.report import write_report

    done = [pipeline(d) for d in ingest_text(PORTUGUESE) + ingest_text(ENGLISH)]
    html = write_report(tmp_path / "r.html", done, {}, []).read_text()
    assert html.count("not analysed: actors, claims, entities, events, quotes") == 1
