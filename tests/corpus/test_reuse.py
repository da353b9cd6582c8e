"""Tests for presslens.corpus.reuse: passages reused across documents."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from rapidfuzz import fuzz

from presslens.corpus.reuse import Occurrence, ReusedPassage, find_reused_passages
from presslens.errors import ModelError
from presslens.model import Document

SHARED = Path(__file__).resolve().parents[2].parent / "shared"
SEEDS = SHARED / "seeds"

# Invented text: a fictional harbour dispute in a fictional country.
PASSAGE = (
    "The harbour council of Veldmark voted on Thursday to close the northern quay to cargo ships. "
    "Its chairwoman, Ilse Marrow, said the decision would “protect the old town from the noise "
    "of the night trucks” and promised a review in the spring."
)
FILLER_A = (
    "Fishermen gathered at dawn to discuss the new rules. Several of them had travelled from the "
    "islands. A spokesman for the ferry company declined to comment on the timetable."
)
FILLER_B = (
    "Shopkeepers in the market square were divided about the plan. One baker worried about "
    "deliveries of flour, while a florist welcomed quieter evenings."
)
FILLER_C = (
    "The regional newspaper devoted its front page to the story. An editorial urged calm and "
    "asked the ministry to publish its traffic figures before the summer."
)
UNRELATED = (
    "A chess tournament in the mountain village drew players from eleven countries. The youngest "
    "competitor was nine years old and won three of her games. Organisers hope to double the "
    "prize fund next year with help from a local brewery."
)


def _doc(doc_id: str, text: str, parent_id: str | None = None) -> Document:
    return Document(id=doc_id, text=text, parent_id=parent_id)


def _texts(passage: ReusedPassage, docs: list[Document]) -> dict[str, str]:
    by_id = {d.id: d for d in docs}
    return {o.doc_id: by_id[o.doc_id].text[o.start : o.end] for o in passage.occurrences}


def _norm(text: str) -> str:
    text = re.sub(r"\[[^\[\]\n]{1,80}\]", " ", text)
    return " ".join(re.findall(r"\w+", text.casefold()))


def _check_invariants(result: list[ReusedPassage], docs: list[Document], threshold: float) -> None:
    by_id = {d.id: d for d in docs}
    assert result == sorted(result, key=lambda p: (p.occurrences[0], p.id))
    for p in result:
        assert p.id.startswith("rp-")
        assert len({o.doc_id for o in p.occurrences}) >= 2
        assert list(p.occurrences) == sorted(p.occurrences)
        assert threshold <= p.similarity <= 1.0
        assert p.chars == max(o.end - o.start for o in p.occurrences)
        texts = []
        for o in p.occurrences:
            text = by_id[o.doc_id].text
            assert 0 <= o.start < o.end <= len(text)
            piece = text[o.start : o.end]
            assert piece == piece.strip() and piece[0] not in "“”\"'‘’"
            texts.append(piece)
        assert p.to_dict()["text"] == texts[0][:200]
        for i, a in enumerate(texts):
            for b in texts[i + 1 :]:
                assert fuzz.ratio(_norm(a), _norm(b)) >= threshold * 100 - 10


def test_verbatim_copy_is_one_passage_with_exact_offsets() -> None:
    docs = [
        _doc("a", f"{FILLER_A} {PASSAGE} {FILLER_B}"),
        _doc("b", f"{FILLER_C}\n\n{PASSAGE}\n\n{UNRELATED}"),
    ]
    result = find_reused_passages(docs)
    assert len(result) == 1
    (passage,) = result
    assert [o.doc_id for o in passage.occurrences] == ["a", "b"]
    assert set(_texts(passage, docs).values()) == {PASSAGE}
    assert passage.similarity == 1.0
    assert passage.chars == len(PASSAGE)
    _check_invariants(result, docs, 0.8)


def test_near_copy_with_quotes_ellipsis_and_bracketed_insertion() -> None:
    near = (
        "The harbour council of Veldmark voted on Thursday to close the northern quay to cargo "
        'ships. Its chairwoman said the decision would "protect the old town from the noise of '
        'the night trucks" and promised [the fishermen] a review … in the spring!'
    )
    docs = [_doc("src", f"{FILLER_A} {PASSAGE} {FILLER_B}"), _doc("copy", f"{FILLER_C} {near}")]
    result = find_reused_passages(docs)
    assert len(result) == 1
    texts = _texts(result[0], docs)
    assert texts["src"] == PASSAGE
    assert texts["copy"] == near
    assert 0.8 <= result[0].similarity < 1.0
    _check_invariants(result, docs, 0.8)


def test_passage_in_three_documents_is_one_record() -> None:
    docs = [
        _doc("x1", f"{FILLER_A} {PASSAGE}"),
        _doc("x2", f"{PASSAGE} {FILLER_B}"),
        _doc("x3", f"{FILLER_C}\n{PASSAGE}\n{UNRELATED}"),
    ]
    result = find_reused_passages(docs)
    assert len(result) == 1
    assert [o.doc_id for o in result[0].occurrences] == ["x1", "x2", "x3"]
    assert set(_texts(result[0], docs).values()) == {PASSAGE}


def test_adjacent_sentences_merge_into_one_maximal_passage() -> None:
    docs = [
        _doc("a", f"{UNRELATED} {PASSAGE} {FILLER_A}"),
        _doc("b", f"{FILLER_B} {PASSAGE} {FILLER_A}"),
    ]
    (passage,) = find_reused_passages(docs)
    assert set(_texts(passage, docs).values()) == {f"{PASSAGE} {FILLER_A}"}


def test_passages_in_swapped_order_are_both_found() -> None:
    docs = [
        _doc("a", f"{PASSAGE}\n\n{UNRELATED}\n\n{FILLER_C}"),
        _doc("b", f"{FILLER_B}\n\n{UNRELATED}\n\n{PASSAGE}"),
    ]
    result = find_reused_passages(docs)
    assert sorted(next(iter(_texts(p, docs).values())) for p in result) == sorted(
        [PASSAGE, UNRELATED]
    )


def test_short_common_phrases_are_not_reported() -> None:
    common = "The minister said on Tuesday."  # shorter than min_chars
    docs = [
        _doc("a", f"{FILLER_A} {common} {FILLER_B}"),
        _doc("b", f"{UNRELATED} {common} {FILLER_C}"),
    ]
    assert find_reused_passages(docs) == []
    assert find_reused_passages(docs, min_chars=20) != []


def test_unrelated_documents_give_nothing() -> None:
    docs = [_doc("a", FILLER_A), _doc("b", FILLER_B), _doc("c", UNRELATED), _doc("d", "")]
    assert find_reused_passages(docs) == []
    assert find_reused_passages([]) == []


def test_parent_and_child_are_containment_not_reuse() -> None:
    child_text = f"{FILLER_A} {PASSAGE}"
    parent = _doc("parent", f"{child_text}\n\n{FILLER_B}")
    child = _doc("child", child_text, parent_id="parent")
    grandchild = _doc("grandchild", PASSAGE, parent_id="child")
    assert find_reused_passages([parent, child, grandchild]) == []
    # an outside document quoting the child: the parent (and the middle ancestor) drop out
    other = _doc("other", f"{UNRELATED} {PASSAGE}")
    docs = [parent, child, grandchild, other]
    result = find_reused_passages(docs)
    assert len(result) == 1
    assert [o.doc_id for o in result[0].occurrences] == ["grandchild", "other"]


def test_parent_id_cycle_does_not_hide_reuse() -> None:
    docs = [
        _doc("a", PASSAGE, parent_id="b"),
        _doc("b", FILLER_B, parent_id="a"),
        _doc("c", f"{FILLER_A} {PASSAGE}"),
    ]
    (passage,) = find_reused_passages(docs)
    assert [o.doc_id for o in passage.occurrences] == ["a", "c"]


def test_siblings_count_as_reuse() -> None:
    one, two = f"{FILLER_A} {PASSAGE}", f"{PASSAGE} {FILLER_C}"
    parent = _doc("p", f"{one}\n\n{two}")
    docs = [parent, _doc("c1", one, parent_id="p"), _doc("c2", two, parent_id="p")]
    (passage,) = find_reused_passages(docs)
    assert [o.doc_id for o in passage.occurrences] == ["c1", "c2"]


def test_output_is_deterministic_and_order_independent() -> None:
    docs = [
        _doc("a", f"{FILLER_A} {PASSAGE} {FILLER_B}"),
        _doc("b", f"{FILLER_C} {PASSAGE}"),
        _doc("c", f"{PASSAGE} {UNRELATED}"),
    ]
    first = find_reused_passages(docs)
    assert first == find_reused_passages(docs)
    assert first == find_reused_passages(list(reversed(docs)))


def test_to_dict_shape() -> None:
    docs = [_doc("a", PASSAGE), _doc("b", f"{FILLER_B} {PASSAGE}")]
    (passage,) = find_reused_passages(docs)
    data = passage.to_dict()
    assert set(data) == {"id", "similarity", "chars", "occurrences", "text"}
    assert data["occurrences"][0] == {"doc_id": "a", "start": 0, "end": len(PASSAGE)}
    assert data["text"] == PASSAGE[:200]
    assert isinstance(passage.occurrences[0], Occurrence)


def test_bad_arguments() -> None:
    with pytest.raises(ModelError, match="unique"):
        find_reused_passages([_doc("a", PASSAGE), _doc("a", PASSAGE)])
    for kwargs in ({"threshold": 0.0}, {"threshold": 1.5}, {"min_chars": 0}, {"shingle": 0}):
        with pytest.raises(ValueError):
            find_reused_passages([_doc("a", PASSAGE)], **kwargs)  # type: ignore[arg-type]


# -- property test ------------------------------------------------------------------------------

WORDS = [
    *("brelk", "omvar", "tessin", "glood", "parny", "whisk", "vandro", "ulmet", "sorrin"),
    *("kaddle", "frim", "jostle", "nebb", "quarrow", "tilse", "mabble", "drisk", "hollen"),
    *("yppet", "zander", "cruvel", "pinnock", "ostrim", "lareth", "gumble", "fenwick"),
    *("sabble", "trossel", "vemmer", "ickle", "orbit", "nandle", "reskin", "poldo", "wimble"),
]


def _sentences(words: list[str]) -> st.SearchStrategy[str]:
    return st.lists(st.sampled_from(words), min_size=6, max_size=14).map(
        lambda ws: " ".join(ws).capitalize() + "."
    )


sentence_st = _sentences(WORDS[:20])  # the planted passage and the filler share no words
text_st = st.lists(_sentences(WORDS[20:]), min_size=0, max_size=4).map(" ".join)


def _lightly_edited(sentences: list[str], style: int) -> str:
    """Light edits: quote marks, case, punctuation, line breaks, one changed word (style 3)."""
    out = []
    for n, s in enumerate(sentences):
        words = s[:-1].split(" ")
        if style == 1:
            words[1] = f"“{words[1]}”"
        elif style == 2:
            words[0] = words[0].upper()
            words[2] = words[2] + ","
        elif style == 3 and n == len(sentences) - 1:
            words[3] = "quillet"
        out.append(" ".join(words) + ("!" if style == 2 else "."))
    return ("\n" if style == 1 else " ").join(out)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@example(  # repetitive words: the changed word was once aligned as an insertion, losing it all
    passage=["Brelk brelk brelk brelk brelk brelk.", "Brelk brelk brelk omvar omvar brelk."],
    hosts=[("", "", 0), ("", "", 3)],
    noise=[],
)
@given(
    passage=st.lists(sentence_st, min_size=2, max_size=3),
    hosts=st.lists(st.tuples(text_st, text_st, st.integers(0, 3)), min_size=2, max_size=4),
    noise=st.lists(text_st, max_size=2),
)
def test_property_offsets_in_bounds_and_occurrences_similar(
    passage: list[str], hosts: list[tuple[str, str, int]], noise: list[str]
) -> None:
    docs = [
        _doc(f"h{i}", f"{before}\n{_lightly_edited(passage, style)}\n{after}")
        for i, (before, after, style) in enumerate(hosts)
    ]
    docs += [_doc(f"n{i}", text) for i, text in enumerate(noise)]
    result = find_reused_passages(docs)
    _check_invariants(result, docs, 0.8)
    if sum(len(s) for s in passage) >= 60:  # the planted passage is found in every host
        planted = {
            d.id: d.text.index(_lightly_edited(passage, s))
            for d, (_, _, s) in zip(docs, hosts, strict=False)
        }
        covering = [
            {o.doc_id for o in p.occurrences if o.start <= planted.get(o.doc_id, -1) + 5 < o.end}
            for p in result
        ]
        assert set().union(*covering, set()) >= set(planted)


# -- the example dossier in ../shared/seeds -----------------------------------------------------

TITLE_3 = "‘It is impossible to bring us to our knees’: Russia reacts to Putin-Trump phone call"
TITLE_4 = "Biden policies brought world to brink of apocalypse – Medvedev"
TITLE_5 = "Fyodor Lukyanov: Trump’s call with Putin marks a shift in global power"


@pytest.mark.needs_shared
def test_seed_compilation_medvedev_statement_is_quoted_by_sibling() -> None:
    path = SEEDS / "001_358ab684c19e0137.txt"
    if not path.is_file():
        pytest.skip("../shared/seeds is not beside the checkout")
    text = path.read_text(encoding="utf-8")
    i3, i4, i5 = text.index(TITLE_3), text.index(TITLE_4), text.index(TITLE_5)
    parent = _doc("seed001", text)
    child3 = _doc("seed001-3", text[i3:i4], parent_id="seed001")
    child4 = _doc("seed001-4", text[i4:i5], parent_id="seed001")
    docs = [parent, child3, child4]
    result = find_reused_passages(docs)
    _check_invariants(result, docs, 0.8)
    pair = [p for p in result if {o.doc_id for o in p.occurrences} == {"seed001-3", "seed001-4"}]
    assert any(
        "shouting matches" in t or "Doomsday Clock" in t
        for p in pair
        for t in _texts(p, docs).values()
    )
    assert all("seed001" not in {o.doc_id for o in p.occurrences} for p in result)
    # the compilation alone holds the statement twice, but a document never reuses itself
    assert find_reused_passages([parent]) == []


@pytest.mark.needs_shared
def test_other_seed_articles_share_no_passages() -> None:
    paths = [p for p in sorted(SEEDS.glob("00[0234]_*.txt"))]
    if len(paths) < 4:
        pytest.skip("../shared/seeds is not beside the checkout")
    docs = [_doc(p.stem, p.read_text(encoding="utf-8")) for p in paths]
    assert find_reused_passages(docs) == []
