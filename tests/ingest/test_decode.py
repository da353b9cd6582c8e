from __future__ import annotations

import codecs
import random

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


# -- hardening: what the README promises is read, noise is not, mixed files line by line -----

WIDE = "The minister's visit to Paris was short.\nNo agreement was signed; talks go on.\n"
RUSSIAN = "Президент заявил, что переговоры продолжатся.\nКремль не ответил на вопрос.\n"


@pytest.mark.parametrize("text", [WIDE, RUSSIAN, TEXT], ids=["english", "russian", "french"])
@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"])
def test_utf16_and_utf32_without_a_byte_order_mark(text: str, encoding: str) -> None:
    decoded = decode_bytes(text.encode(encoding), "x")
    assert decoded.text == text and decoded.encoding == encoding


@pytest.mark.parametrize("seed", range(5))
@pytest.mark.parametrize("low", [0x80, 0x20], ids=["high-bytes", "printable-and-high"])
def test_random_bytes_are_rejected_not_read_as_windows_1252(seed: int, low: int) -> None:
    noise = random.Random(seed).randbytes(8192)
    data = bytes(low + b % (256 - low) for b in noise)
    with pytest.raises(IngestError, match=r"not text|binary"):
        decode_bytes(data, "x")


def test_binary_with_zero_bytes_is_not_taken_for_utf16() -> None:
    with pytest.raises(IngestError, match="NUL bytes"):
        decode_bytes(random.Random(3).randbytes(4096), "x")


def test_a_file_mixing_utf8_and_windows_1252_is_decoded_line_by_line() -> None:
    lines = ["Café résumé – naïve", "Zürich “quoted”", "plain ascii line", "Mañana señor"]
    data = b"\n".join(
        line.encode("utf-8") if i % 2 else line.encode("cp1252") for i, line in enumerate(lines)
    )
    decoded = decode_bytes(data, "x")
    assert decoded.text.split("\n") == lines
    assert decoded.encoding == "utf-8+cp1252"
    assert "mixed encodings: 1 line(s) are not UTF-8" in decoded.warnings[0]


def test_a_single_byte_file_is_not_called_mixed() -> None:
    text = "Le café est fermé.\nUn résumé suit, en français.\n"
    decoded = decode_bytes(text.encode("cp1252"), "x")
    assert decoded.text == text and not decoded.warnings
