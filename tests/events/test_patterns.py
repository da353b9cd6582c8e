"""Pattern matching over word sequences (no parser needed)."""

from __future__ import annotations

from presslens.events.lexicon import Element, Pattern
from presslens.events.patterns import Word, best_match, match_pattern, word_matches

SYNSETS = {
    "&NEG": (("WILL", "NOT"), ("DID", "N'T")),
    "&TIES": (("MILITARY",), ("ECONOMIC",)),
}


def words(text: str, mentions: dict[str, int] | None = None) -> list[Word]:
    """Words of a text; ``mentions`` maps a word to its mention index."""
    marks = mentions or {}
    return [Word(w.upper(), w.upper(), marks.get(w, -1)) for w in text.split()]


def pat(code: str, before: str = "", after: str = "", joined: bool = False) -> Pattern:
    def parse(text: str) -> tuple[Element, ...]:
        out = []
        for tok in text.split():
            glued = tok.startswith("_")
            tok = tok.lstrip("_")
            kinds = {"$": "source", "+": "target", "%": "compound", "^": "skip"}
            if tok in kinds:
                out.append(Element(kinds[tok], "", glued))
            elif tok.startswith("&"):
                out.append(Element("synset", tok, glued))
            else:
                out.append(Element("word", tok, glued))
        return tuple(out)

    return Pattern(code, parse(before), parse(after), joined, clausal=True)


def test_words_match_surface_forms_and_alternatives() -> None:
    assert word_matches("BY/WITH", Word("WITH", "WITH"))
    assert word_matches("ANTI-", Word("ANTI", "ANTI"))
    assert not word_matches("RESOLUTION", Word("RESOLUTIONS", "RESOLUTION"))


def test_after_elements_in_order_with_gaps() -> None:
    p = pat("902", after="&TIES TIES")
    assert match_pattern(p, [], words("full military ties with gondor"), SYNSETS)
    assert not match_pattern(p, [], words("full ties military"), SYNSETS)


def test_joined_elements_must_touch() -> None:
    p = pat("903", after="NEW _&TIES _RELATIONS")
    assert match_pattern(p, [], words("new economic relations"), SYNSETS)
    assert not match_pattern(p, [], words("new global economic relations"), SYNSETS)
    glued = pat("223", before="PLANES", joined=True)
    assert match_pattern(glued, words("enemy planes"), [], SYNSETS)
    assert not match_pattern(glued, words("planes then"), [], SYNSETS)


def test_before_elements_and_synset_phrases_read_backwards() -> None:
    p = pat("904", before="&NEG", after="OVER EFFORTS")
    assert match_pattern(p, words("romendacil will not"), words("over the efforts"), SYNSETS)
    assert match_pattern(p, words("he did n't really"), words("over efforts"), SYNSETS)
    assert not match_pattern(p, words("not will"), words("over efforts"), SYNSETS)


def test_markers_bind_mentions() -> None:
    p = pat("075", before="+", after="IN $")
    found = match_pattern(
        p,
        words("gollum was seen to", {"gollum": 0}),
        words("in an anti- gondor", {"gondor": 1}),
        {},
    )
    assert found is not None and (found.source, found.target) == (1, 0)


def test_skip_needs_a_word() -> None:
    p = pat("045", after="IFTAR IN ^ +")
    found = match_pattern(
        p, [], words("iftar in osgiliath with gondor", {"osgiliath": 0, "gondor": 1}), {}
    )
    assert found is not None and found.target == 1


def test_the_most_specific_pattern_wins_and_ties_go_to_the_first() -> None:
    general = pat("121", after="OVER EFFORTS")
    negated = pat("904", before="&NEG", after="OVER EFFORTS")
    first, second = pat("1", after="EFFORTS"), pat("2", after="EFFORTS")
    before, after = words("will not"), words("over efforts")
    assert best_match([general, negated], before, after, SYNSETS).pattern.code == "904"
    assert best_match([first, second], [], after, SYNSETS).pattern.code == "1"
    assert best_match([pat("9", after="PEACE")], before, after, SYNSETS) is None


def test_compound_marker_needs_a_compound_source() -> None:
    p = pat("030:030", before="%")
    before = words("gondor and arnor", {"gondor": 0, "arnor": 1})
    assert best_match([p], before, [], {}, compound_source=True) is not None
    assert best_match([p], before, [], {}, compound_source=False) is None


def test_head_elements_skip_modifiers_and_take_either_number() -> None:
    p = Pattern("080", after=(Element("head", "RESTRICTION"),))
    plural = [Word("RESTRICTIONS", "RESTRICTION")]
    modifier = [Word("RESTRICTION", "RESTRICTION", modifier=True), Word("RULES", "RULE")]
    assert match_pattern(p, [], plural, {})
    assert not match_pattern(p, [], modifier, {})
