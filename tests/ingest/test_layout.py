"""Tests of presslens.ingest.layout: title, byline, body and furniture of one plain-text article."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from presslens.ingest.layout import ArticleLayout, plain_layout

SEEDS = Path(__file__).resolve().parents[2] / ".." / "shared" / "seeds"

LONG = (
    "The committee spent most of the afternoon arguing about the harbour budget, and by the "
    "time the vote came the public gallery had emptied, leaving only two reporters and a "
    "janitor to hear the result."
)


def check_layout(text: str, art: ArticleLayout) -> None:
    """Invariants every layout keeps, whatever the text."""
    assert 0 <= art.start <= art.end <= len(text)
    body = text[art.start : art.end]
    assert body == body.strip()
    for r in art.regions:
        assert 0 <= r.start <= r.end <= len(text), r
    for link in art.related:
        assert isinstance(link["title"], str)


def seed(name_prefix: str) -> str:
    if not SEEDS.is_dir():
        pytest.skip("../shared/seeds is not beside the checkout")
    (path,) = SEEDS.glob(f"{name_prefix}_*.txt")
    return path.read_text(encoding="utf-8")


def labelled(text: str, art: ArticleLayout) -> list[tuple[str, str]]:
    return [(r.label, text[r.start : r.end]) for r in art.regions]


# -- synthetic articles ----------------------------------------------------------------------

CASES = [
    pytest.param(
        "Harbour Bridge Reopens After Repairs\r\n\r\nBy Jane Q. Doe and Tom Lee\r\n\r\n"
        "The bridge reopened on Monday.\r\n\r\nTraffic was light.\r\n",
        {
            "title": "Harbour Bridge Reopens After Repairs",
            "authors": ("Jane Q. Doe", "Tom Lee"),
            "body": "The bridge reopened on Monday.\r\n\r\nTraffic was light.",
            "regions": [
                ("title", "Harbour Bridge Reopens After Repairs"),
                ("byline", "By Jane Q. Doe and Tom Lee"),
            ],
        },
        id="crlf-title-byline-two-authors",
    ),
    pytest.param(
        "Wind Farms Multiply\n\nBy Ana Ruiz | February 13, 2025\n\nFirst paragraph here.\n\n"
        "Second paragraph.",
        {
            "title": "Wind Farms Multiply",
            "authors": ("Ana Ruiz",),
            "published": "2025-02-13",
            "body": "First paragraph here.\n\nSecond paragraph.",
        },
        id="byline-pipe-date",
    ),
    pytest.param(
        "Ferry Strike Ends\nBy Ana Ruiz — March 3, 2025\n\nThe ferries sailed again.",
        {"published": "2025-03-03", "authors": ("Ana Ruiz",), "body": "The ferries sailed again."},
        id="byline-em-dash-date",
    ),
    pytest.param(
        "Storm Warning Lifted\nBy Ana Ruiz\nPublished: 2024-11-05\n\nThe storm passed north.",
        {
            "title": "Storm Warning Lifted",
            "published": "2024-11-05",
            "body": "The storm passed north.",
            "regions": [
                ("title", "Storm Warning Lifted"),
                ("byline", "By Ana Ruiz"),
                ("byline", "Published: 2024-11-05"),
            ],
        },
        id="iso-date-line",
    ),
    pytest.param(
        f"{LONG}\n\nA second paragraph.",
        {"title": None, "body": f"{LONG}\n\nA second paragraph.", "regions": []},
        id="long-first-paragraph-is-no-title",
    ),
    pytest.param(
        "It was cold.\n\nMore text followed.",
        {"title": None, "body": "It was cold.\n\nMore text followed."},
        id="sentence-is-no-title",
    ),
    pytest.param(
        "The council met on Tuesday to discuss\nthe budget, which was late.\n\nIt passed.",
        {
            "title": None,
            "body": "The council met on Tuesday to discuss\nthe budget, which was late."
            "\n\nIt passed.",
        },
        id="hard-wrapped-first-line-is-no-title",
    ),
    pytest.param(
        "Just one line", {"title": None, "body": "Just one line"}, id="single-line-no-title"
    ),
    pytest.param("", {"title": None, "body": "", "regions": []}, id="empty"),
    pytest.param(
        "\n\n  \nQuiet Harbour  \n\n\n\nBody text here.\n\n\n",
        {"title": "Quiet Harbour", "body": "Body text here."},
        id="blank-lines-and-spaces",
    ),
    pytest.param(
        "Lighthouse Sold\n\nA buyer from inland wants to live in it\n\nThe sale closed. It was "
        "quick.\n\nMore details later.",
        {
            "title": "Lighthouse Sold",
            "body": "The sale closed. It was quick.\n\nMore details later.",
            "regions": [
                ("title", "Lighthouse Sold"),
                ("subtitle", "A buyer from inland wants to live in it"),
            ],
        },
        id="subtitle-excluded-from-body",
    ),
    pytest.param(
        "Lighthouse Sold\n\nby Ana Ruiz [3-4-2025 published].\n\nA buyer from inland paid cash for "
        "the old tower.\n\nThe sale closed. It was quick.",
        {
            "authors": ("Ana Ruiz",),
            "published": "2025-03-04",
            "body": "The sale closed. It was quick.",
            "labels": ["title", "byline", "subtitle"],
        },
        id="bracket-byline-standfirst-is-subtitle",
    ),
    pytest.param(
        "Lighthouse Sold\n\nby Ana Ruiz [3-4-2025 published].\n\nThe harbour authority sold the "
        "old lighthouse on Sunday to a buyer from inland who paid cash, ending a dispute that had "
        "run for years between the town and the state.\n\nThe sale closed.",
        {"labels": ["title", "byline"]},
        id="bracket-byline-long-news-lede-stays-body",
    ),
    pytest.param(
        "Lighthouse Sold\n\nBy Ana Ruiz\n\nA buyer paid cash.\n\nThe sale closed.",
        {"body": "A buyer paid cash.\n\nThe sale closed.", "labels": ["title", "byline"]},
        id="plain-byline-short-first-paragraph-stays-body",
    ),
    pytest.param(
        "Ports Reopen\n\nThe ports reopened.\n\nPhoto: Jane Doe / Example Agency\n\nShare this\n\n"
        "Leave a Comment\n",
        {
            "body": "The ports reopened.",
            "regions": [
                ("title", "Ports Reopen"),
                ("photo_credit", "Photo: Jane Doe / Example Agency"),
                ("furniture", "Share this"),
                ("furniture", "Leave a Comment"),
            ],
        },
        id="trailing-furniture",
    ),
    pytest.param(
        f"{LONG}\n(Translated from the German)\nOrder Jane Doe’s Harbour Tales here.\n",
        {
            "title": None,
            "translated_from": "de",
            "body": LONG,
            "regions": [
                ("translation_note", "(Translated from the German)"),
                ("furniture", "Order Jane Doe’s Harbour Tales here."),
            ],
        },
        id="translation-note-and-order-line",
    ),
    pytest.param(
        "Ports Reopen\n\nThe ports reopened.\n\nRelated\n\nA headline about docks [1-2-2024]\n\n"
        "Another one – with a dash [12-31-2023]\n",
        {
            "body": "The ports reopened.",
            "related": (
                {"title": "A headline about docks", "published": "2024-01-02"},
                {"title": "Another one – with a dash", "published": "2023-12-31"},
            ),
            "labels": ["title", "related"],
        },
        id="related-list",
    ),
    pytest.param(
        "Ports Reopen\n\nFirst paragraph.\n\nPhoto: Example Agency\n\nA quoted statement.\n\n"
        "Source\n\nLast paragraph.",
        {
            "body": "First paragraph.\n\nPhoto: Example Agency\n\nA quoted statement.\n\nSource\n\n"
            "Last paragraph.",
            "labels": ["title", "photo_credit", "source_line"],
        },
        id="inner-photo-and-source-stay-in-body",
    ),
    pytest.param(
        "Ports Reopen\n\nBy Ana Ruiz\n\nThe ports reopened.\n\nAna Ruiz is a reporter based in "
        "a port town.",
        {"body": "The ports reopened.", "labels": ["title", "byline", "author_bio"]},
        id="trailing-author-bio",
    ),
    pytest.param(
        "Ports Reopen\n\nEditor’s note: This piece first ran elsewhere.\n\nThe ports reopened.",
        {"body": "The ports reopened.", "labels": ["title", "editor_note"]},
        id="editor-note-in-header",
    ),
    pytest.param(
        "By Monday, the troops had withdrawn.\n\nThe town was quiet.",
        {
            "authors": (),
            "title": None,
            "body": "By Monday, the troops had withdrawn.\n\nThe town was quiet.",
        },
        id="by-sentence-is-no-byline",
    ),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_plain_layout_cases(text: str, expected: dict[str, object]) -> None:
    art = plain_layout(text)
    check_layout(text, art)
    if "body" in expected:
        assert text[art.start : art.end] == expected["body"]
    for key in ("title", "authors", "published", "related", "translated_from"):
        if key in expected:
            assert getattr(art, key) == expected[key], key
    if "regions" in expected:
        assert labelled(text, art) == expected["regions"]
    if "labels" in expected:
        assert [r.label for r in art.regions] == expected["labels"]


# -- the seeds -------------------------------------------------------------------------------


@pytest.mark.needs_shared
def test_seed_000_translated_no_title() -> None:
    text = seed("000")
    art = plain_layout(text)
    check_layout(text, art)
    assert art.title is None
    assert art.translated_from == "ru"
    labels = [r.label for r in art.regions]
    assert labels == ["translation_note", "furniture"]
    assert all(r.start >= art.end for r in art.regions)
    assert text[art.regions[0].start : art.regions[0].end].startswith("(Translated")
    assert text[art.end :].strip().endswith("here.")
    assert art.start == 0


@pytest.mark.needs_shared
def test_seed_002_no_title() -> None:
    text = seed("002")
    art = plain_layout(text)
    check_layout(text, art)
    assert art.title is None
    assert art.start == 0
    assert art.end == len(text.rstrip())


@pytest.mark.needs_shared
def test_seed_003_title() -> None:
    text = seed("003")
    art = plain_layout(text)
    check_layout(text, art)
    first_line = text.splitlines()[0].strip()
    assert art.title == first_line
    assert [r.label for r in art.regions] == ["title"]
    assert art.start > text.index(first_line) + len(first_line)
    assert art.end == len(text.rstrip())


@pytest.mark.needs_shared
def test_seed_004_title_subtitle_photo() -> None:
    text = seed("004")
    art = plain_layout(text)
    check_layout(text, art)
    lines = [ln for ln in text.splitlines() if ln.strip()]
    assert art.title == lines[0].strip()
    assert [r.label for r in art.regions] == ["title", "subtitle", "photo_credit"]
    subtitle, photo = art.regions[1], art.regions[2]
    assert text[subtitle.start : subtitle.end] == lines[1].strip()
    assert subtitle.end < art.start
    assert art.start < photo.start < photo.end < art.end  # the credit stays inside the body
    assert text[photo.start : photo.end].startswith("Photo:")


# -- properties ------------------------------------------------------------------------------

_PIECES = [
    "Harbour Bridge Reopens",
    "By Jane Doe",
    "by Mira Kovac, Split-based journalist [2-13-2025 published].",
    "By Ana Ruiz | February 13, 2025",
    "Related",
    "A headline about docks [1-2-2024]",
    "Source",
    "Photo: Example Agency",
    "Leave a Comment",
    "(Translated from the Russian)",
    "Order Jane Doe’s Harbour Tales here.",
    "Editor’s note: first ran elsewhere.",
    "Jane Doe is a reporter based in a port town.",
    "(I've combined 2 articles in this post — ED)",
    LONG,
    "Short sentence.",
    "",
    " ",
]
_SEPARATORS = st.sampled_from(["\n", "\n\n", "\r\n", "\r\n\r\n", "\n \n", "\r", "\u2028"])
_STRUCTURED = st.lists(
    st.tuples(st.one_of(st.sampled_from(_PIECES), st.text(max_size=40)), _SEPARATORS),
    max_size=25,
).map(lambda parts: "".join(piece + sep for piece, sep in parts))


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(), _STRUCTURED))
def test_plain_layout_never_raises_and_stays_in_bounds(text: str) -> None:
    check_layout(text, plain_layout(text))
