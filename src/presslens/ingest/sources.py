"""Where inputs come from: files, directories (recursive), globs, ``-`` for stdin, and URLs.

:func:`expand` turns what a user typed into a stream of :class:`RawInput` (bytes plus origin) or
:class:`~presslens.errors.IngestError` for inputs that cannot even be read (a missing path, a file
over the size limit, a URL while the network is off). Nothing here interprets the bytes.
"""

from __future__ import annotations

import glob
import hashlib
import os
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from ..errors import IngestError

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
"""Inputs larger than this are rejected (``--max-bytes`` changes it)."""

SUFFIX_FORMATS: dict[str, str] = {
    ".txt": "txt", ".text": "txt", ".md": "md", ".markdown": "md",
    ".html": "html", ".htm": "html", ".xhtml": "html",
    ".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "json",
    ".rss": "feed", ".atom": "feed", ".xml": "feed",
}  # fmt: skip


@dataclass(frozen=True, slots=True)
class RawInput:
    """The bytes of one input and where they came from."""

    origin: str
    data: bytes
    format_hint: str | None = None  # from the file suffix; None means sniff the content
    url: str | None = None

    @property
    def content_hash(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


def _is_url(spec: str) -> bool:
    return spec.startswith(("http://", "https://"))


def _hidden(path: Path, root: Path) -> bool:
    return any(part.startswith(".") for part in path.relative_to(root).parts)


def _read_file(path: Path, max_bytes: int) -> RawInput:
    origin = str(path)
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise IngestError(
                origin,
                f"file is {size:,} bytes, over the {max_bytes:,}-byte limit "
                "(raise it with --max-bytes)",
            )
        data = path.read_bytes()
        suffix = path.suffix.lower()
        if suffix == ".gz":
            data = _gunzip(data, origin, max_bytes)
            suffix = Path(path.stem).suffix.lower()
    except PermissionError as exc:
        raise IngestError(origin, "permission denied; check the file's permissions") from exc
    except IsADirectoryError as exc:  # pragma: no cover - directories are expanded before
        raise IngestError(origin, "is a directory") from exc
    except OSError as exc:
        raise IngestError(origin, f"could not be read ({exc.strerror or exc})") from exc
    return RawInput(origin, data, SUFFIX_FORMATS.get(suffix))


def _gunzip(data: bytes, origin: str, max_bytes: int) -> bytes:
    """Decompress a ``.gz`` input, refusing decompression bombs past ``max_bytes``."""
    import zlib

    try:
        inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
        out = inflater.decompress(data, max_bytes + 1)
    except zlib.error as exc:
        raise IngestError(origin, f"corrupt gzip file ({exc})") from exc
    if len(out) > max_bytes:
        raise IngestError(origin, f"decompresses to over {max_bytes:,} bytes (see --max-bytes)")
    return out


def _read_stream(stream: BinaryIO, origin: str, max_bytes: int) -> RawInput:
    data = stream.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise IngestError(origin, f"input is over the {max_bytes:,}-byte limit (see --max-bytes)")
    return RawInput(origin, data, None)


def _fetch(url: str, max_bytes: int, timeout: float) -> RawInput:
    import urllib.error
    import urllib.request

    request = urllib.request.Request(url, headers={"User-Agent": "presslens/0.1"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            data = response.read(max_bytes + 1)
            ctype = response.headers.get("Content-Type", "")
    except (urllib.error.URLError, OSError, ValueError) as exc:
        raise IngestError(url, f"could not be fetched ({exc})") from exc
    if len(data) > max_bytes:
        raise IngestError(url, f"response is over the {max_bytes:,}-byte limit (see --max-bytes)")
    hint = "feed" if ("rss" in ctype or "atom" in ctype) else None
    hint = hint or ("html" if "html" in ctype else None)
    return RawInput(url, data, hint, url=url)


def expand(
    specs: list[str] | tuple[str, ...],
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    allow_network: bool = False,
    timeout: float = 20.0,
    stdin: BinaryIO | None = None,
) -> Iterator[RawInput | IngestError]:
    """Yield each input's bytes, or an :class:`IngestError` saying why it could not be read.

    Directories are walked recursively in sorted order, skipping hidden files and folders;
    globs (``*``, ``?``, ``[``) are expanded (``**`` included); ``-`` reads standard input once.
    """
    seen: set[str] = set()
    for spec in specs:
        if spec == "-":
            stream = stdin if stdin is not None else sys.stdin.buffer
            try:
                yield _read_stream(stream, "<stdin>", max_bytes)
            except IngestError as exc:
                yield exc
            continue
        if _is_url(spec):
            if not allow_network:
                yield IngestError(spec, "URL inputs are off; pass --allow-network to fetch them")
                continue
            try:
                yield _fetch(spec, max_bytes, timeout)
            except IngestError as exc:
                yield exc
            continue
        if any(ch in spec for ch in "*?["):
            matches = sorted(glob.glob(spec, recursive=True))
            if not matches:
                yield IngestError(spec, "the pattern matches no file")
            paths = [Path(m) for m in matches]
        else:
            paths = [Path(spec)]
        for path in paths:
            yield from _expand_path(path, seen, max_bytes)


def _expand_path(path: Path, seen: set[str], max_bytes: int) -> Iterator[RawInput | IngestError]:
    if not path.exists():
        yield IngestError(str(path), "no such file or directory")
        return
    if path.is_dir():
        files = sorted(p for p in path.rglob("*") if p.is_file() and not _hidden(p, path))
        if not files:
            yield IngestError(str(path), "the directory holds no files")
        for file in files:
            yield from _expand_path(file, seen, max_bytes)
        return
    key = os.path.realpath(path)
    if key in seen:
        return
    seen.add(key)
    try:
        yield _read_file(path, max_bytes)
    except IngestError as exc:
        yield exc
