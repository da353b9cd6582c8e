from __future__ import annotations

import time

import pytest

from presslens.ingest.meta import detect_language, iso_date, translated_from


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2-13-2025", "2025-02-13"),
        ("12-9-2024", "2024-12-09"),
        ("13-2-2025", "2025-02-13"),
        ("2025-02-13", "2025-02-13"),
        ("February 13, 2025", "2025-02-13"),
        ("Wed, 12 Feb 2025 10:00:00 GMT", "2025-02-12T10:00:00+00:00"),
        (time.struct_time((2025, 2, 12, 10, 0, 0, 2, 43, 0)), "2025-02-12T10:00:00+00:00"),
        ("not a date", None),
        ("", None),
        (None, None),
    ],
)
def test_iso_date(value: object, expected: str | None) -> None:
    assert iso_date(value) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Body.\n(Translated from the Russian)\nOrder the book here.", "ru"),
        ("Body.\n[Translated from French]", "fr"),
        ("Translation from the German.", "de"),
        ("He translated from the Russian poems all his life, he said.", None),
        ("No note at all.", None),
    ],
)
def test_translated_from(text: str, expected: str | None) -> None:
    assert translated_from(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The foreign ministers met in Valmora to discuss the border accord.", "en"),
        ("Министры иностранных дел встретились, чтобы обсудить соглашение о границе.", "ru"),
        ("Les ministres des affaires étrangères se sont réunis pour discuter de l'accord.", "fr"),
        ("short", None),
    ],
)
def test_detect_language(text: str, expected: str | None) -> None:
    assert detect_language(text) == expected
