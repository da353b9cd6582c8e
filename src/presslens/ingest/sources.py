"""Where inputs come from: files, directories (recursive), globs, ``-`` for stdin, and URLs.

:func:`expand` turns what a user typed into a stream of :class:`RawInput` (bytes plus origin) or
:class:`~presslens.errors.IngestError` for inputs that cannot even be read (a missing path, a file
over the size limit, a URL while the network is off). Nothing here interprets the bytes.
"""

from __future__ import annotations

import errno
import glob
import hashlib
import os
import stat
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from ..errors import IngestError

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
"""Inputs larger than this are rejected (``--max-bytes`` changes it)."""

DEFAULT_MAX_CHARS = 1_000_000
"""Documents longer than this many characters are rejected (``--max-chars`` changes it): about
170,000 words, a book. It is spaCy's own default limit, set for the parser's memory (about 1 GB per
100,000 characters of one document at the peak); a longer document is more likely a dump or an
attack than an article."""

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


def _hidden(name: str) -> bool:
    return name.startswith(".")


def _os_reason(exc: OSError) -> str:
    """A one-line reason for an OS error on an input path."""
    if exc.errno == errno.ELOOP:
        return "symbolic link loop (the link points, through other links, back to itself)"
    if exc.errno in (errno.EACCES, errno.EPERM):
        return "permission denied; check the file's permissions"
    if exc.errno == errno.ENOENT:
        return "no such file or directory"
    if exc.errno == errno.ENAMETOOLONG:
        return "the file name is too long"
    return f"could not be read ({exc.strerror or exc})"


def _kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISCHR(mode):
        return "a character device"
    if stat.S_ISBLK(mode):
        return "a block device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def _not_regular(origin: str, mode: int) -> IngestError:
    return IngestError(
        origin,
        f"{_kind(mode)}, not a regular file: presslens reads files, folders, URLs and - "
        "(pipe data into `presslens analyze -` instead)",
    )


def read_capped(fd: int, max_bytes: int) -> bytes:
    """At most ``max_bytes + 1`` bytes from ``fd``: enough to tell that an input is too large
    without ever holding more, whatever size the file system reports."""
    chunks: list[bytes] = []
    left = max_bytes + 1
    while left > 0:
        chunk = os.read(fd, min(left, 1 << 20))
        if not chunk:
            break
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


def _too_large(origin: str, max_bytes: int) -> IngestError:
    return IngestError(
        origin, f"file is over the {max_bytes:,}-byte limit (raise it with --max-bytes)"
    )


def _read_file(path: Path, max_bytes: int) -> RawInput:
    """Read one regular file, refusing devices, pipes and sockets, with a byte cap.

    The file is opened without blocking (a FIFO would otherwise wait forever for a writer) and
    checked on the open descriptor, so what is read is what was checked."""
    origin = str(path)
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        if exc.errno == errno.EISDIR:  # pragma: no cover - directories are expanded before
            raise IngestError(origin, "is a directory") from exc
        raise IngestError(origin, _os_reason(exc)) from exc
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise _not_regular(origin, info.st_mode)
        if info.st_size > max_bytes:
            raise IngestError(
                origin,
                f"file is {info.st_size:,} bytes, over the {max_bytes:,}-byte limit "
                "(raise it with --max-bytes)",
            )
        data = read_capped(fd, max_bytes)
    except OSError as exc:
        raise IngestError(origin, _os_reason(exc)) from exc
    finally:
        os.close(fd)
    if len(data) > max_bytes:
        raise _too_large(origin, max_bytes)
    suffix = path.suffix.lower()
    if suffix == ".gz":
        data = gunzip(data, origin, max_bytes)
        suffix = Path(path.stem).suffix.lower()
    return RawInput(origin, data, SUFFIX_FORMATS.get(suffix))


def gunzip(data: bytes, origin: str, max_bytes: int) -> bytes:
    """Decompress a ``.gz`` input, every member of it, refusing decompression bombs past
    ``max_bytes`` (the limit applies to the decompressed total)."""
    import zlib

    out: list[bytes] = []
    total = 0
    rest = data
    try:
        while rest:
            inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
            part = inflater.decompress(rest, max_bytes + 1 - total)
            total += len(part)
            out.append(part)
            if total > max_bytes:
                break
            if not inflater.eof:
                if inflater.unconsumed_tail:  # pragma: no cover - the cap above stops first
                    break
                raise IngestError(origin, "truncated gzip file (the last member is incomplete)")
            rest = inflater.unused_data
            if rest and not rest.startswith(b"\x1f\x8b"):
                if rest.strip(b"\x00"):
                    raise IngestError(origin, "corrupt gzip file (garbage after the last member)")
                break  # zero padding after the last member, as tape tools write it
    except zlib.error as exc:
        raise IngestError(origin, f"corrupt gzip file ({exc})") from exc
    if total > max_bytes:
        raise IngestError(origin, f"decompresses to over {max_bytes:,} bytes (see --max-bytes)")
    return b"".join(out)


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
    origin = str(path)
    try:
        info = os.stat(path)
    except OSError as exc:
        if path.is_symlink() and exc.errno == errno.ENOENT:
            target = os.readlink(path)
            yield IngestError(
                origin, f"broken symbolic link (its target {target!r} does not exist)"
            )
        else:
            yield IngestError(origin, _os_reason(exc))
        return
    if stat.S_ISDIR(info.st_mode):
        found = False
        for item in _walk(path, {os.path.realpath(path)}):
            found = True
            if isinstance(item, IngestError):
                yield item
            else:
                yield from _expand_path(item, seen, max_bytes)
        if not found:
            yield IngestError(origin, "the directory holds no files")
        return
    key = os.path.realpath(path)
    if key in seen:
        return
    seen.add(key)
    try:
        yield _read_file(path, max_bytes)
    except IngestError as exc:
        yield exc


def _walk(folder: Path, visiting: set[str]) -> Iterator[Path | IngestError]:
    """Every non-hidden entry below ``folder`` that is not a folder, in sorted order, and an
    :class:`IngestError` for each sub-folder that cannot be read or each folder link that leads
    back into a folder being walked. Links to files are followed; links that lead nowhere are
    yielded as paths, so that the caller reports them with their reason."""
    try:
        with os.scandir(folder) as it:
            entries = sorted(it, key=lambda e: e.name)
    except OSError as exc:
        yield IngestError(str(folder), f"folder could not be read: {_os_reason(exc)}")
        return
    for entry in entries:
        if _hidden(entry.name):
            continue
        path = Path(entry.path)
        try:
            is_dir = entry.is_dir()  # follows links
        except OSError:
            is_dir = False
        if not is_dir:
            yield path
            continue
        real = os.path.realpath(path)
        if real in visiting:
            yield IngestError(
                str(path), "symbolic link loop (the folder link leads back into a folder above it)"
            )
            continue
        yield from _walk(path, visiting | {real})
