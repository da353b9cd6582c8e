from __future__ import annotations

import codecs

import pytest
from hypothesis import given
from hypothesis import strategies as st

from presslens.errors import IngestError
from presslens.ingest.decode import decode_bytes

TEXT = "Le président a dit « c’est fini » — déjà vu, naïve café, Zürich, mañana."


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (TEXT.encode("utf-8"), TEXT),
        (codecs.BOM_UTF8 + TEXT.encode("utf-8"), TEXT),
        (TEXT.encode("utf-16"), TEXT),
        (TEXT.encode("cp1252"), TEXT),
        (
            "Señor Müller said the café was naïve.".encode("latin-1"),
            "Señor Müller said the café was naïve.",
        ),
        (b"Line one\r\nLine two\rLine three", "Line one\nLine two\nLine three"),
    ],
)
def test_decodes_real_encodings(data: bytes, expected: str) -> None:
    assert decode_bytes(data, "x").text == expected


def test_windows_1252_curly_quotes_survive() -> None:
    raw = "“Peace,” the minister said – it’s a start.".encode("cp1252")
    assert decode_bytes(raw, "x").text == "“Peace,” the minister said – it’s a start."


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty"),
        (b"   \n\t  ", "empty"),
        (b"\x89PNG\r\n\x1a\n" + bytes(200), "PNG"),
        (b"%PDF-1.7\n" + bytes(100), "PDF"),
        (b"abc\x00\x01\x02" * 50, "binary"),
        (bytes(range(1, 32)) * 40, "binary"),
    ],
)
def test_rejects_empty_and_binary(data: bytes, reason: str) -> None:
    with pytest.raises(IngestError, match=reason):
        decode_bytes(data, "x")


@given(st.text(alphabet=st.characters(blacklist_categories=("Cc", "Cs", "Co", "Cn")), min_size=1))
def test_utf8_round_trip(text: str) -> None:
    if not text.strip() or "\r" in text:
        return
    assert decode_bytes(text.encode("utf-8"), "x").text == text.lstrip("\ufeff")
