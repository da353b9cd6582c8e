"""Bytes to text: encoding detection that survives real files.

Order of trust: a byte-order mark, then strict UTF-8, then charset-normalizer's detection, with a
final Windows-1252 fallback (a superset of printable Latin-1 that every byte sequence decodes under
once its five undefined bytes are mapped). Binary files are recognised and rejected instead of
being decoded into garbage.
"""

from __future__ import annotations

import codecs
import unicodedata
from dataclasses import dataclass

from ..errors import IngestError

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

# Magic numbers of common binary formats users drop into a folder by mistake.
_MAGIC = (
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"%PDF", "a PDF file (convert it to text first, e.g. with pdftotext)"),
    (b"PK\x03\x04", "a ZIP archive or Office document (unpack it or save the article as text)"),
    (b"\x1f\x8b", "a gzip archive (decompress it first)"),
    (b"\x7fELF", "an executable"),
    (b"RIFF", "a media file"),
    (b"ID3", "an MP3 file"),
)


@dataclass(frozen=True, slots=True)
class Decoded:
    text: str
    encoding: str


def _control_ratio(text: str) -> float:
    sample = text[:20000]
    if not sample:
        return 0.0
    bad = sum(
        1
        for ch in sample
        if ch not in "\n\r\t\f\v" and unicodedata.category(ch) in ("Cc", "Cs", "Co", "Cn")
    )
    return bad / len(sample)


def decode_bytes(data: bytes, origin: str) -> Decoded:
    """Decode ``data`` to text, or raise :class:`IngestError` for empty or binary input."""
    if not data.strip():
        raise IngestError(origin, "empty input (no text to analyse)")
    for magic, what in _MAGIC:
        if data.startswith(magic):
            raise IngestError(origin, f"binary file: looks like {what}, not text")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _finish(data.decode(encoding, errors="replace"), encoding, origin)
    if b"\x00" in data[:4096]:
        raise IngestError(origin, "binary file: contains NUL bytes, not text")
    try:
        return _finish(data.decode("utf-8"), "utf-8", origin)
    except UnicodeDecodeError:
        pass
    western = _plausible_cp1252(data)
    if western is not None:
        return _finish(western, "cp1252", origin)
    from charset_normalizer import from_bytes

    best = from_bytes(data[:200_000]).best()
    encoding = best.encoding if best is not None else "cp1252"
    # charset-normalizer reports plain Latin-1 for most Western text; cp1252 decodes the same
    # letters and also the curly quotes and dashes that Windows editors write in 0x80-0x9f.
    if encoding.replace("-", "_").lower() in ("latin_1", "iso8859_1", "ascii"):
        encoding = "cp1252"
    try:
        text = data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        text, encoding = data.decode("cp1252", errors="replace"), "cp1252"
    return _finish(text, encoding, origin)


def _plausible_cp1252(data: bytes) -> str | None:
    """The text decoded as Windows-1252 when that reads as Western European text, else None.

    Statistical detectors often mistake short Western files for Mac or Central European code
    pages. Western text has few non-ASCII letters; a Cyrillic or Greek single-byte file decoded
    as cp1252 is mostly accented Latin letters, so the ratio tells the two apart.
    """
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        return None
    letters = [ch for ch in text if ch.isalpha()]
    if not letters:
        return None
    non_ascii = sum(1 for ch in letters if ord(ch) > 127)
    return text if non_ascii / len(letters) < 0.3 else None


def _finish(text: str, encoding: str, origin: str) -> Decoded:
    if _control_ratio(text) > 0.05:
        raise IngestError(origin, "binary file: too many control characters to be text")
    text = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    if not text.strip():
        raise IngestError(origin, "empty input (only whitespace)")
    return Decoded(text=text, encoding=encoding)
