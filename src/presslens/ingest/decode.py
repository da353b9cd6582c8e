"""Bytes to text: encoding detection that survives real files.

Order of trust: a byte-order mark; UTF-16/32 without a mark, recognised by the pattern of zero
bytes that Latin, Cyrillic and most other scripts leave in them; strict UTF-8; a file that is
UTF-8 in most lines and a single-byte code page in others (an editor appended to it), decoded line
by line with a warning; Windows-1252 when it reads as Western European text; then
charset-normalizer's detection. Binary files and random bytes are recognised and rejected instead
of being decoded into garbage.
"""

from __future__ import annotations

import codecs
import unicodedata
from collections import Counter
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

_NOT_TEXT = (
    "not text in any encoding presslens recognises (random or binary bytes?); save the article "
    "as UTF-8 text"
)


@dataclass(frozen=True, slots=True)
class Decoded:
    text: str
    encoding: str
    warnings: tuple[str, ...] = ()


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
        wide = _wide_without_bom(data)
        if wide is None:
            raise IngestError(origin, "binary file: contains NUL bytes, not text")
        return _finish(*wide, origin)
    try:
        return _finish(data.decode("utf-8"), "utf-8", origin)
    except UnicodeDecodeError:
        pass
    mixed = _mixed_utf8(data)
    if mixed is not None:
        return _finish(mixed[0], mixed[1], origin, mixed[2])
    western = _plausible_cp1252(data)
    if western is not None:
        return _finish(western, "cp1252", origin)
    guessed = _detect(data)
    if guessed is None:
        raise IngestError(origin, _NOT_TEXT)
    return _finish(*guessed, origin)


def _detect(data: bytes) -> tuple[str, str] | None:
    """charset-normalizer's reading of ``data``, or None when no encoding reads it as text."""
    from charset_normalizer import from_bytes

    best = from_bytes(data[:200_000]).best()
    if best is None:
        return None
    encoding = best.encoding
    # charset-normalizer reports plain Latin-1 for most Western text; cp1252 decodes the same
    # letters and also the curly quotes and dashes that Windows editors write in 0x80-0x9f.
    if encoding.replace("-", "_").lower() in ("latin_1", "iso8859_1", "ascii"):
        encoding = "cp1252"
    try:
        return data.decode(encoding), encoding
    except (UnicodeDecodeError, LookupError):
        return None


def _wide_without_bom(data: bytes) -> tuple[str, str] | None:
    """UTF-32 or UTF-16 text written without a byte-order mark, else None.

    Such files are recognised by their high bytes: text in one alphabet keeps the high byte of
    each UTF-16 unit to one or two values (0x00 for Latin letters, digits, spaces and line breaks;
    0x04 for Cyrillic; 0x03 for Greek ...), always on the same side, and the two high bytes of a
    UTF-32 unit are zero. The decoding must also be strict and read as words."""
    head = data[:8192]
    for encoding, unit in (
        ("utf-32-le", 4), ("utf-32-be", 4), ("utf-16-le", 2), ("utf-16-be", 2),
    ):  # fmt: skip
        size = len(data) - len(data) % unit
        if size == 0 or len(head) < unit:
            continue
        if unit == 4:
            high = [head[i + 2 : i + 4] if encoding.endswith("le") else head[i : i + 2]
                    for i in range(0, len(head) - 3, 4)]  # fmt: skip
            if sum(h == b"\x00\x00" for h in high) / len(high) < 0.9:
                continue
        else:
            side = 1 if encoding.endswith("le") else 0
            values = Counter(head[i + side] for i in range(0, len(head) - 1, 2))
            top = sum(n for _, n in values.most_common(2))
            if 0 not in values or top / sum(values.values()) < 0.8:
                continue
        try:
            text = data[:size].decode(encoding)
        except UnicodeDecodeError:
            continue
        if _reads_as_words(text):
            return text, encoding
    return None


def _reads_as_words(text: str) -> bool:
    """Whether ``text`` reads as words of an alphabet: no control or unassigned characters, and
    spaces or line breaks between words (binary data decoded as UTF-16 gives runs of CJK and
    Latin signs with no space in thousands of characters)."""
    sample = text[:20000]
    if not sample.strip() or _control_ratio(sample) >= 0.01:
        return False
    spaces = sum(1 for ch in sample if ch.isspace())
    return spaces / len(sample) >= 1 / 30


def _mixed_utf8(data: bytes) -> tuple[str, str, tuple[str, ...]] | None:
    """A file that is UTF-8 in some lines and a single-byte code page in others, decoded line by
    line with a warning; None when no line holds valid non-ASCII UTF-8 (then it is not mixed)."""
    lines = data.split(b"\n")
    utf8_lines = bad_lines = 0
    bad: list[bytes] = []
    for line in lines:
        if line.isascii():
            continue
        try:
            line.decode("utf-8")
            utf8_lines += 1
        except UnicodeDecodeError:
            bad_lines += 1
            bad.append(line)
    if not utf8_lines or not bad_lines:
        return None
    sample = b"\n".join(bad)
    other = "cp1252" if _plausible_cp1252(sample) is not None else None
    if other is None:
        guessed = _detect(sample)
        if guessed is None:
            return None
        other = guessed[1]
    out = []
    for line in lines:
        try:
            out.append(line.decode("utf-8"))
        except UnicodeDecodeError:
            out.append(line.decode(other, errors="replace"))
    warning = (
        f"mixed encodings: {bad_lines} line(s) are not UTF-8 and were decoded as {other}, "
        f"{utf8_lines} other line(s) as UTF-8; check those lines and save the file as UTF-8"
    )
    return "\n".join(out), f"utf-8+{other}", (warning,)


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


def _finish(text: str, encoding: str, origin: str, warnings: tuple[str, ...] = ()) -> Decoded:
    if _control_ratio(text) > 0.05:
        raise IngestError(origin, "binary file: too many control characters to be text")
    text = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    if not text.strip():
        raise IngestError(origin, "empty input (only whitespace)")
    return Decoded(text=text, encoding=encoding, warnings=warnings)
