"""Tests of presslens.ingest.compilation: splitting compilation posts into their articles."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from presslens.ingest.compilation import CompilationLayout, split_compilation
from presslens.ingest.layout import Region

SEEDS = Path(__file__).resolve().parents[2] / ".." / "shared" / "seeds"


def seed(name_prefix: str) -> str:
    if not SEEDS.is_dir():
        pytest.skip("../shared/seeds is not beside the checkout")
    (path,) = SEEDS.glob(f"{name_prefix}_*.txt")
    return path.read_text(encoding="utf-8")


def overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def check_compilation(text: str, comp: CompilationLayout) -> None:
    """Invariants of every split: stripped, non-empty, ordered, disjoint bodies."""
    assert len(comp.articles) >= 2
    bodies = [(a.start, a.end) for a in comp.articles]
    for start, end in bodies:
        assert 0 <= start < end <= len(text)
        assert text[start:end] == text[start:end].strip()
    assert all(prev[1] <= nxt[0] for prev, nxt in itertools.pairwise(bodies))
    heads: list[Region] = [
        r for a in comp.articles for r in a.regions if r.label in ("title", "byline")
    ]
    if comp.preface is not None:
        heads.append(comp.preface)
    for r in [*heads, *comp.regions]:
        assert 0 <= r.start <= r.end <= len(text)
        assert not any(overlaps((r.start, r.end), body) for body in bodies), r
    for art in comp.articles:
        for r in art.regions:
            assert 0 <= r.start <= r.end <= len(text)


# -- synthetic compilations ------------------------------------------------------------------

BRACKET_STYLE = """\
Harbour Cranes Return to the Old Port

by Mira Kovac [3-1-2025 published].

(I've combined 2 articles in this post because both cover the harbour. — ED)

The cranes are back, and the dockers are glad of it.

Mira Kovac is a reporter covering ports and shipping.

First body paragraph of the crane story.

A harbour official said:

We expect the work to last a year.

Source

Closing paragraph of the crane story.

Related

An older harbour story [2-27-2025]

Another related story [2-28-2025]

Fishing Fleet Sails Despite Fog

by Ivo Petrov, Split-based journalist [3-2-2025 published].

The fleet left at dawn. Nobody could see the breakwater.

Final paragraph of the fog story.

Source

Additional Related Articles

A post-level link [3-3-2025] Worth reading for the background.

Leave a Comment
"""


def test_bracket_style_two_articles() -> None:
    text = BRACKET_STYLE
    comp = split_compilation(text)
    assert comp is not None
    check_compilation(text, comp)
    assert (comp.title, comp.authors, comp.published) == (
        "Harbour Cranes Return to the Old Port",
        ("Mira Kovac",),
        "2025-03-01",
    )
    assert comp.preface is not None
    assert text[comp.preface.start : comp.preface.end].startswith("(I've combined 2 articles")
    first, second = comp.articles
    assert text[first.start : first.end] == (
        "First body paragraph of the crane story.\n\nA harbour official said:\n\n"
        "We expect the work to last a year.\n\nSource\n\nClosing paragraph of the crane story."
    )
    assert [r.label for r in first.regions] == [
        "title",
        "byline",
        "subtitle",
        "author_bio",
        "source_line",
        "related",
    ]
    assert first.related == (
        {"title": "An older harbour story", "published": "2025-02-27"},
        {"title": "Another related story", "published": "2025-02-28"},
    )
    assert (second.title, second.authors, second.published) == (
        "Fishing Fleet Sails Despite Fog",
        ("Ivo Petrov",),
        "2025-03-02",
    )
    assert text[second.start : second.end] == (
        "The fleet left at dawn. Nobody could see the breakwater.\n\n"
        "Final paragraph of the fog story."
    )
    byline = next(r for r in second.regions if r.label == "byline")
    assert byline.note == "Split-based journalist"
    assert second.regions[-1].label == "source_line" and second.regions[-1].start > second.end
    assert [r.label for r in comp.regions] == ["related", "furniture"]
    assert comp.related == (
        {
            "title": "A post-level link",
            "published": "2025-03-03",
            "note": "Worth reading for the background.",
        },
    )


def test_crlf_gives_the_same_split() -> None:
    lf = split_compilation(BRACKET_STYLE)
    crlf_text = BRACKET_STYLE.replace("\n", "\r\n")
    crlf = split_compilation(crlf_text)
    assert lf is not None and crlf is not None
    check_compilation(crlf_text, crlf)
    for a, b in zip(lf.articles, crlf.articles, strict=True):
        assert BRACKET_STYLE[a.start : a.end] == crlf_text[b.start : b.end].replace("\r\n", "\n")
        assert (a.title, a.authors, a.published, a.related) == (
            b.title,
            b.authors,
            b.published,
            b.related,
        )


CASES = [
    pytest.param(
        "First Story Headline\n\nBy Ana Ruiz\n\nPara one.\n\nPara two.\n\n\n\n"
        "Second Story Headline\n\nBy Tom Lee and Kim Park | March 5, 2025\n\nPara three.\n",
        {
            "title": "First Story Headline",
            "authors": ("Ana Ruiz",),
            "published": None,
            "articles": [
                ("First Story Headline", ("Ana Ruiz",), None, "Para one.\n\nPara two."),
                ("Second Story Headline", ("Tom Lee", "Kim Park"), "2025-03-05", "Para three."),
            ],
        },
        id="by-name-style",
    ),
    pytest.param(
        "Weekly Digest\n\nA few pieces worth reading this week.\n\nFirst Story\nBy Ana Ruiz\n"
        "Para one.\nSecond Story\nBy Tom Lee — 2025-01-09\nPara two.\n",
        {
            "title": "Weekly Digest",
            "authors": ("Ana Ruiz",),
            "preface": "A few pieces worth reading this week.",
            "articles": [
                ("First Story", ("Ana Ruiz",), None, "Para one."),
                ("Second Story", ("Tom Lee",), "2025-01-09", "Para two."),
            ],
        },
        id="preamble-title-and-preface",
    ),
    pytest.param(
        "Digest of the Week\nBy The Editors\n(Editor's note: two reports from the coast follow.)"
        "\n\nFirst Story\nBy Ana Ruiz\nPara one.\n\nSecond Story\nBy Tom Lee\nPara two.\n",
        {
            "title": "Digest of the Week",
            "authors": ("The Editors",),
            "preface": "(Editor's note: two reports from the coast follow.)",
            "articles": [
                ("First Story", ("Ana Ruiz",), None, "Para one."),
                ("Second Story", ("Tom Lee",), None, "Para two."),
            ],
        },
        id="post-header-with-own-byline",
    ),
    pytest.param(
        "First Story\n\nby Ana Ruiz [1-2-2025 published].\n\nPara one.\n\nSecond Story\n\n"
        "by Tom Lee [1-3-2025 published].\n\nPara two.\n\nShare this\n\nLeave a Comment",
        {
            "articles": [
                ("First Story", ("Ana Ruiz",), "2025-01-02", "Para one."),
                ("Second Story", ("Tom Lee",), "2025-01-03", "Para two."),
            ],
            "regions": [("furniture", "Share this"), ("furniture", "Leave a Comment")],
        },
        id="post-furniture",
    ),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_compilation_cases(text: str, expected: dict[str, object]) -> None:
    comp = split_compilation(text)
    assert comp is not None
    check_compilation(text, comp)
    got = [(a.title, a.authors, a.published, text[a.start : a.end]) for a in comp.articles]
    assert got == expected["articles"]
    for key in ("title", "authors", "published"):
        if key in expected:
            assert getattr(comp, key) == expected[key], key
    if "preface" in expected:
        assert comp.preface is not None
        assert text[comp.preface.start : comp.preface.end] == expected["preface"]
    if "regions" in expected:
        assert [(r.label, text[r.start : r.end]) for r in comp.regions] == expected["regions"]


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("", id="empty"),
        pytest.param("Just a paragraph of text.", id="one-line"),
        pytest.param("Harbour News\n\nBy Ana Ruiz\n\nPara one.\n\nPara two.", id="one-byline"),
        pytest.param(
            "First Story\n\nBy Ana Ruiz\n\nPara one.\n\nSecond Story\n\nBy Tom Lee\n",
            id="second-piece-empty",
        ),
        pytest.param(
            "By the end of May, the port was busy.\n\nBy Monday, the troops had withdrawn.\n\n"
            "Nothing else happened.",
            id="by-sentences",
        ),
    ],
)
def test_not_a_compilation(text: str) -> None:
    assert split_compilation(text) is None


EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "corpus" / "compilation_post.txt"


def test_bundled_example_post() -> None:
    if not EXAMPLE.is_file():
        pytest.skip("examples/corpus/compilation_post.txt is not in this checkout")
    text = EXAMPLE.read_text(encoding="utf-8")
    comp = split_compilation(text)
    assert comp is not None
    check_compilation(text, comp)
    assert len(comp.articles) == 2
    assert comp.preface is not None
    assert text[comp.preface.start : comp.preface.end].endswith("— ED)")
    first, second = comp.articles
    assert len(first.related) == 2 and all(link["published"] for link in first.related)
    assert [r.label for r in second.regions] == ["title", "byline", "source_line"]
    assert second.regions[-1].start > second.end  # the closing Source line is not body
    assert [r.label for r in comp.regions] == ["furniture"]
    for art in comp.articles:
        body = text[art.start : art.end]
        assert "Leave a Comment" not in body and "Related" not in body


# -- the seeds -------------------------------------------------------------------------------

SEED_ARTICLES = [
    ("The Putin-Trump call was a true turning point", ("Tarik Cyril Amar",)),
    (
        "Russia has won a war against the West: What the Putin-Trump call really means",
        ("Tarik Cyril Amar",),
    ),
    (
        "‘It is impossible to bring us to our knees’: Russia reacts to Putin-Trump phone call",
        ("Georgiy Berezovsky",),
    ),
    ("Biden policies brought world to brink of apocalypse – Medvedev", ("RT",)),
    (
        "Fyodor Lukyanov: Trump’s call with Putin marks a shift in global power",
        ("Fyodor Lukyanov",),
    ),
]


@pytest.mark.needs_shared
def test_seed_001_splits_into_five_articles() -> None:
    text = seed("001")
    comp = split_compilation(text)
    assert comp is not None
    check_compilation(text, comp)
    assert [(a.title, a.authors, a.published) for a in comp.articles] == [
        (title, authors, "2025-02-13") for title, authors in SEED_ARTICLES
    ]
    assert (comp.title, comp.authors, comp.published) == (
        SEED_ARTICLES[0][0],
        ("Tarik Cyril Amar",),
        "2025-02-13",
    )
    # the editor's preface comes right after the first byline and is not part of article 1
    preface = comp.preface
    assert preface is not None and preface.label == "editor_note"
    assert text[preface.start : preface.end].startswith("(I")
    assert text[preface.start : preface.end].endswith("RAD)")
    first = comp.articles[0]
    assert preface.end < first.start
    assert all(r != preface for r in first.regions)
    assert [r.label for r in first.regions][:4] == ["title", "byline", "subtitle", "author_bio"]
    # each body ends before the next article's title line
    for art, nxt in itertools.pairwise(comp.articles):
        title_region = next(r for r in nxt.regions if r.label == "title")
        assert art.end < title_region.start
        assert text[title_region.start : title_region.end] == nxt.title
    # article 3: a descriptor in the byline, Source lines inside the body and one ending it
    third = comp.articles[2]
    byline = next(r for r in third.regions if r.label == "byline")
    assert byline.note == "Vladikavkaz-based journalist"
    sources = [r for r in third.regions if r.label == "source_line"]
    inside = [r for r in sources if third.start < r.start and r.end < third.end]
    after = [r for r in sources if r.start > third.end]
    assert len(inside) >= 2 and len(after) == 1
    assert len(inside) + len(after) == len(sources)
    # article 5: author bio after the byline
    assert "author_bio" in [r.label for r in comp.articles[4].regions]
    # related lists are metadata of their article, the trailing block belongs to the post
    assert [len(a.related) for a in comp.articles] == [3, 1, 0, 1, 1]
    assert all(link["published"] for a in comp.articles for link in a.related)
    assert comp.articles[1].related[0]["published"] == "2024-12-09"
    assert [r.label for r in comp.regions] == ["related", "furniture"]
    assert len(comp.related) == 1 and comp.related[0]["published"] == "2025-02-13"
    assert comp.regions[-1].end == len(text.rstrip())
    for art in comp.articles:
        body = text[art.start : art.end]
        assert "\nRelated\n" not in body and not body.endswith("Source")


@pytest.mark.needs_shared
@pytest.mark.parametrize("prefix", ["000", "002", "003", "004"])
def test_single_article_seeds_are_not_compilations(prefix: str) -> None:
    assert split_compilation(seed(prefix)) is None


# -- properties ------------------------------------------------------------------------------

_PIECES = [
    "Harbour Bridge Reopens",
    "Fishing Fleet Sails Despite Fog",
    "By Jane Doe",
    "by Mira Kovac, Split-based journalist [2-13-2025 published].",
    "by Ivo Petrov [3-2-2025 published].",
    "By Ana Ruiz | February 13, 2025",
    "Related",
    "Additional Related Articles",
    "A headline about docks [1-2-2024]",
    "Source",
    "Photo: Example Agency",
    "Leave a Comment",
    "(I've combined 2 articles in this post — ED)",
    "Mira Kovac is a reporter covering ports.",
    "The cranes are back, and the dockers are glad of it.",
    "Para one. Para two.",
    "",
    " ",
]
_SEPARATORS = st.sampled_from(["\n", "\n\n", "\r\n", "\r\n\r\n", "\n \n", "\r"])
_STRUCTURED = st.lists(
    st.tuples(st.one_of(st.sampled_from(_PIECES), st.text(max_size=30)), _SEPARATORS),
    max_size=30,
).map(lambda parts: "".join(piece + sep for piece, sep in parts))


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(), _STRUCTURED))
def test_split_never_raises_and_keeps_invariants(text: str) -> None:
    comp = split_compilation(text)
    if comp is not None:
        check_compilation(text, comp)
