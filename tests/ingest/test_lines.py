"""One line of a plain-text article: bylines, dates, line offsets."""

from __future__ import annotations

import pytest

from presslens.ingest.lines import find_date, parse_byline, split_lines


@pytest.mark.parametrize(
    ("line", "authors", "published", "note"),
    [
        ("By Jane Doe", ("Jane Doe",), None, None),
        ("By: Jane Doe", ("Jane Doe",), None, None),
        ("BY JANE DOE", ("JANE DOE",), None, None),
        ("By Theresa May", ("Theresa May",), None, None),
        ("by Mira Kovac [2-13-2025 published].", ("Mira Kovac",), "2025-02-13", None),
        (
            "by Ivo Petrov, Split-based journalist [2-13-2025 published].",
            ("Ivo Petrov",),
            "2025-02-13",
            "Split-based journalist",
        ),
        ("By Jane Doe and John Roe", ("Jane Doe", "John Roe"), None, None),
        ("By Jane Doe & John Roe", ("Jane Doe", "John Roe"), None, None),
        ("By Jane Doe, John Roe and Ann Poe", ("Jane Doe", "John Roe", "Ann Poe"), None, None),
        ("By Jane Doe, John Roe, and Ann Poe", ("Jane Doe", "John Roe", "Ann Poe"), None, None),
        ("By Jane Doe | February 13, 2025", ("Jane Doe",), "2025-02-13", None),
        ("By Jane Doe | Feb. 3, 2025 10:30 AM", ("Jane Doe",), "2025-02-03", None),
        ("By Jane Doe, Reuters", ("Jane Doe",), None, "Reuters"),
        ("By Jane Doe — 2025-02-13", ("Jane Doe",), "2025-02-13", None),
        ("By Jane Doe – 2025-02-13", ("Jane Doe",), "2025-02-13", None),
        ("By Jane Doe on 13 February 2025", ("Jane Doe",), "2025-02-13", None),
        ("By Jane Doe, published 13/02/2025", ("Jane Doe",), "2025-02-13", None),
        ("By Ludwig van der Berg", ("Ludwig van der Berg",), None, None),
    ],
)
def test_parse_byline(
    line: str, authors: tuple[str, ...], published: str | None, note: str | None
) -> None:
    byline = parse_byline(line)
    assert byline is not None
    assert (byline.authors, byline.published, byline.note) == (authors, published, note)


@pytest.mark.parametrize(
    "line",
    [
        "By the end of the year, prices rose.",
        "By Monday, the troops had withdrawn.",
        "By contrast, Europe spent less.",
        "Byzantine intrigue",
        "by",
        "Written by Jane Doe",
        "By " + "Word " * 60,
    ],
)
def test_not_a_byline(line: str) -> None:
    assert parse_byline(line) is None


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("2-13-2025", "2025-02-13"),
        ("[12-9-2024]", "2024-12-09"),
        ("13-2-2025", "2025-02-13"),
        ("on February 13, 2025 at noon", "2025-02-13"),
        ("Feb. 13th, 2025", "2025-02-13"),
        ("13 February 2025", "2025-02-13"),
        ("2025-02-13T10:00:00Z", "2025-02-13"),
        ("2-30-2025", None),
        ("no date here", None),
    ],
)
def test_find_date(text: str, iso: str | None) -> None:
    hit = find_date(text)
    assert (hit[0] if hit else None) == iso


def test_split_lines_offsets() -> None:
    text = "a\r\n  b  \n\nc"
    lines = split_lines(text)
    assert [ln.content for ln in lines] == ["a", "b", "", "c"]
    assert all(text[ln.cstart : ln.cend] == ln.content for ln in lines)
    assert lines[2].blank
