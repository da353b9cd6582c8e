"""Write the files of ``examples/bad/``: inputs that presslens must reject, or must decode right.

Run it from anywhere (``python examples/make_bad_inputs.py``); it rewrites every file in
``examples/bad/`` byte for byte, so the committed files can always be regenerated and checked.
The binary and legacy-encoded files are the reason this is a script: an editor would silently
re-save them as UTF-8. See ``examples/README.md`` for what each file is meant to test.
"""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

BAD = Path(__file__).resolve().parent / "bad"


def tiny_png(width: int = 12, height: int = 12) -> bytes:
    """A real, valid RGB PNG (a small colour gradient with a text chunk), a few hundred bytes."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data) & 0xFFFFFFFF
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    rows = bytearray()
    for y in range(height):
        rows.append(0)  # filter type 0 (none) for each scanline
        for x in range(width):
            rows += bytes(((x * 37 + y * 11) % 256, (y * 53) % 256, ((x ^ y) * 29) % 256))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)  # 8-bit RGB, no interlace
    comment = b"Comment\x00presslens example: a picture, not an article"
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"tEXt", comment)
        + chunk(b"IDAT", zlib.compress(bytes(rows), 9))
        + chunk(b"IEND", b"")
    )


TRUNCATED_HTML = """<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>Valmora talks: live updates | The Kestrian Herald</title>
  <meta property="og:site_name" content="The Kestrian Herald">
  <link rel="stylesheet" href="/static/herald.css">
  <script src="/static/app.js"></script>
</head>
<body>
"""

MIXED_JSONL_GOOD = (
    '{"title": "Corran crossing queues grow ahead of reopening", "text": "Lorries queued for '
    "two kilometres at the Corran crossing on Monday as drivers waited for the border to reopen "
    'under the Valmora Accord.", "authors": ["Ida Fenn"], "published": "2025-03-24", "outlet": '
    '"Lesk Evening Post", "url": "https://leskpost.example/2025/03/24/corran-queues"}\n'
)
# A line cut off in the middle of a string, as a crashed exporter might leave it.
MIXED_JSONL_BAD = '{"title": "Commission meets for the first time", "text": "The monitoring comm\n'

BROKEN_FEED = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0">
  <channel>
    <title>Tavel Watch</title>
    <link>https://tavelwatch.example/</link>
    <description>News & views from the river -- feed export interrupted
    <lastBuildDate>Sun, 16 Mar 2025 07:00:00 +0100
"""

CP1252_TEXT = """Café owners in Valmora count the cost of a diplomatic weekend

Restaurants near the Palais Ferrand said on Saturday that the talks had been “very good for \
business, and very bad for parking.” René Castel, who runs the Café du Lac, said he had served \
coffee to “at least forty diplomats — and not one of them left a tip.”

The city’s tourism office said hotel bookings for the weekend were up by a third.
"""

LATIN1_TEXT = """Valmora's mayor thanks volunteers after the talks

Mayor Hélène Vasquez-Peña thanked the two hundred volunteers who helped during the talks at \
the Palais Ferrand. Among them was Jürgen Müller, a retired interpreter, who said the work had \
been "like the old days, only with better coffee."

The city council will hold a small reception for the volunteers next week at the Café Señorial.
"""


def write_all(folder: Path = BAD) -> list[Path]:
    """Write every bad-input file into ``folder`` and return their paths."""
    folder.mkdir(parents=True, exist_ok=True)
    files: dict[str, bytes] = {
        "empty.txt": b"",
        "image.png": tiny_png(),
        "truncated.html": TRUNCATED_HTML.encode("utf-8"),
        "mixed.jsonl": (MIXED_JSONL_GOOD + MIXED_JSONL_BAD).encode("utf-8"),
        "broken_feed.xml": BROKEN_FEED.encode("utf-8"),
        "cp1252_article.txt": CP1252_TEXT.encode("cp1252"),
        "latin1_article.txt": LATIN1_TEXT.encode("latin-1"),
    }
    written = []
    for name, data in files.items():
        path = folder / name
        path.write_bytes(data)
        written.append(path)
    return written


if __name__ == "__main__":
    for path in write_all():
        print(f"{path.stat().st_size:6d}  {path}")
