"""Reading one line of a plain-text article: dates, bylines, headlines and furniture.

Pure functions of a ``str`` (or of the :class:`Line` records :func:`split_lines` cuts), used by
:mod:`presslens.ingest.layout` to find an article's parts and by
:mod:`presslens.ingest.compilation` to find where the articles of a compilation post begin.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Final

from .meta import LANGUAGE_NAMES

__all__ = [
    "COMPILATION_NOTE_RE",
    "EDITOR_NOTE_RE",
    "GENERIC_BIO_RE",
    "INLINE_RELATED_RE",
    "Byline",
    "Line",
    "RelatedLink",
    "date_line",
    "find_date",
    "is_author_bio",
    "is_dated_link",
    "is_headline",
    "is_parenthesised_note",
    "is_related_heading",
    "is_standfirst",
    "line_kind",
    "parse_byline",
    "related_block_ending_at",
    "related_entry",
    "split_lines",
    "translation_code",
]

RelatedLink = dict[str, str | None]
"""One related-article link: ``{"title": str, "published": ISO date or None}`` (+ note, url)."""


@dataclass(frozen=True, slots=True)
class Line:
    """One line: its ``index``, raw ``start``/``end`` (no line break) and content bounds."""

    index: int
    start: int
    end: int
    cstart: int
    cend: int
    content: str

    @property
    def blank(self) -> bool:
        return self.cstart == self.cend


@dataclass(frozen=True, slots=True)
class Byline:
    """What a byline line says: authors, ISO date, descriptor, and whether it is bracket-dated."""

    authors: tuple[str, ...]
    published: str | None
    note: str | None
    bracketed: bool


def _words(spaced: str) -> frozenset[str]:
    return frozenset(spaced.split())


# -- patterns --------------------------------------------------------------------------------

_MONTH: Final = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
_MONTHS: Final = {
    m: i
    for i, m in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1
    )
}
_ISO_RE: Final = re.compile(r"(?<![0-9])([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})(?![0-9])")
_MDY_NAME_RE: Final = re.compile(
    rf"\b({_MONTH})\.?\s+([0-9]{{1,2}})(?:st|nd|rd|th)?,?\s+([0-9]{{4}})(?![0-9])", re.I
)
_DMY_NAME_RE: Final = re.compile(
    rf"(?<![0-9])([0-9]{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?({_MONTH})\.?,?\s+([0-9]{{4}})(?![0-9])",
    re.I,
)
_NUM_RE: Final = re.compile(r"(?<![0-9])([0-9]{1,2})[-/.]([0-9]{1,2})[-/.]([0-9]{4})(?![0-9])")
_BRACKET_RE: Final = re.compile(r"\[([^\[\]]{1,60})\]")
_TIME_RE: Final = re.compile(
    r"^\d{1,2}[:.]\d{2}(?::\d{2})?\s*(?:[ap]\.?m\.?)?(?:\s+[A-Z]{2,4})?$", re.I
)
_DATE_WORDS: Final = _words(
    "published posted updated last date on at am pm gmt utc est edt cet cest msk"
)

_BY_RE: Final = re.compile(r"^(?:by|By|BY)\b[\s:]*(?P<rest>\S.*)$")
_PART_SEP_RE: Final = re.compile(r"\s*[|·•]\s*|\s+[–—-]\s+")
_AND_RE: Final = re.compile(r"\s+(?:and|&)\s+|^(?:and|&)\s+", re.I)
_NAME_TOKEN_RE: Final = re.compile(r"^[^\W\d_][\w'’.\-]*$")
_PARTICLES: Final = _words(
    "de da das do dos du del della der den di la le van von ter ten bin ibn al el y e st"
)
_NOT_NAMES: Final = _words(
    "monday tuesday wednesday thursday friday saturday sunday january february march july "
    "september october november december today yesterday contrast comparison then now far"
)
_CONNECTOR_TAIL_RE: Final = re.compile(
    r"(?:[\s,;:.|·•–—-]|\b(?:on|published|updated|posted)\b)+$", re.I
)

_TRANSLATION_RE: Final = re.compile(
    r"^[(\[]?\s*(?:translated|translation)\s+(?:from|of)\s+(?:the\s+)?(?P<lang>[^\W\d_]+)"
    r"[^()\[\]]{0,100}[)\]]?\s*\.?$",
    re.I,
)
_SOURCE_RE: Final = re.compile(r"^sources?(?:\s*:\s*\S.{0,150})?\s*[.:]?$", re.I)
_PHOTO_RE: Final = re.compile(
    r"^(?:(?:(?:top|featured|cover|main|lead)\s+)?(?:photo|photos|image|images|picture|photograph"
    r"|illustration|graphic)(?:\s+credits?)?|credits?)\s*(?::|\bby\b|©|—|–|-)\s*\S.{0,300}$"
    r"|^©\s*\S.{0,200}$",
    re.I,
)
_FURNITURE_RE: Final = re.compile(
    r"^(?:leave\s+a\s+(?:comment|reply)"
    r"|(?:\d+\s+)?(?:comments?|responses?|replies)(?:\s*\(\d+\))?"
    r"|order\s+(?:(?-i:[A-Z])\S*|your|a|the|my|our|his|her)\b.{0,160}\bhere"
    r"|(?:click\s+(?:here\s+)?to\s+)?share(?:\s+this)?(?:\s+(?:article|post|story|page))?"
    r"(?:\s+(?:on|via|with)\s+[\w .,&/+-]{1,60})?"
    r"|(?:please\s+)?(?:subscribe|sign\s+up)(?:\s+(?:to|for|now|here|today)\b.{0,100})?"
    r"|follow\s+(?:us|me|[\w.’'-]+(?:\s+[\w.’'-]+){0,3})\s+on\s+(?:twitter|x|telegram|facebook"
    r"|instagram|youtube|substack|gab|vk|rumble|truth\s+social)\b.{0,60}"
    r"|(?:please\s+)?(?:support|donate\s+to)\s+(?:us|our\s+work|this\s+(?:blog|site|website))\b.{0,100}"
    r"|print|email|e-mail|tweet|advertisement|sponsored(?:\s+content)?|loading\.{0,3}|like\s+this"
    r"|(?:tags?|topics?|filed\s+under|categories|category|posted\s+in)\s*:.{0,200}"
    r"|(?:copyright|©)\s.{0,150}|all\s+rights\s+reserved)\s*[.!:]?$",
    re.I,
)
_RELATED_HEAD_RE: Final = re.compile(
    r"^(?:(?:additional|more|other|further)\s+)?related(?:\s+(?:articles?|stories|posts?|links?"
    r"|reading|content|news|coverage))?"
    r"|read\s+(?:more|also)|see\s+also|also\s+read|further\s+reading|recommended(?:\s+reading)?"
    r"|you\s+may\s+also\s+like|more\s+on\s+(?:this|the)\s+(?:topic|subject|story)",
    re.I,
)
_HEAD_TAIL_RE: Final = re.compile(r"\s*[:.]?$")
INLINE_RELATED_RE: Final = re.compile(
    r"^(?:related|read\s+(?:more|also)|see\s+also|also\s+read)\s*:\s*(?P<link>\S.{0,300})$", re.I
)
_LINK_RE: Final = re.compile(
    r"^(?P<title>\S.{0,300}?)\s*\[\s*(?P<date>[0-9]{1,2}[-/.][0-9]{1,2}[-/.][0-9]{4})\s*\]"
    r"\s*(?P<rest>.*)$"
)
_URL_RE: Final = re.compile(r"https?://\S+")
EDITOR_NOTE_RE: Final = re.compile(
    r"^[(\[]?\s*(?:editor(?:'|’)?s?\s+note|ed\.\s*note|note\s+from\s+the\s+editor|editorial\s+note"
    r"|note\s+to\s+readers)\b",
    re.I,
)
COMPILATION_NOTE_RE: Final = re.compile(
    r"\b(?:I|we)(?:(?:'|’)ve|\s+have)\s+(?:combined|compiled|collected|gathered|put\s+together)\b"
    r"|\bcombined\s+\d+\s+articles\b|\bin\s+this\s+(?:post|compilation)\b",
    re.I,
)
_ABOUT_AUTHOR_RE: Final = re.compile(r"^(?:about\s+the\s+authors?|the\s+author\s+is)\b", re.I)
_BIO_AFTER_NAME_RE: Final = re.compile(
    r"\s+(?:is|was|has|had|serves|served|works|worked|writes|teaches|holds|heads|leads|lives)\b"
    r"|,\s+(?:a|an|the)\s"
)
GENERIC_BIO_RE: Final = re.compile(
    r"^(?:[A-Z][\w'’.-]+\s+){1,3}[A-Z][\w'’-]+\s+(?:is|was)\s+(?:a|an|the)\s+(?:[\w-]+\s+){0,6}?"
    r"(?:professor|journalist|analyst|writer|author|editor|fellow|historian|columnist|researcher"
    r"|expert|director|founder|commentator|correspondent|scholar|lecturer|economist|reporter"
    r"|contributor|blogger|philosopher|diplomat)s?\b"
)
_DATELINE_RE: Final = re.compile(r"^[A-Z][A-Z .,'’()-]{2,40}\s*[—–-]\s")
_BREAK_RE: Final = re.compile(r"([.!?…])[\"”’')\]]*\s+(?=[\"“‘'(\[]*[A-Z0-9])")
_ABBREVIATIONS: Final = _words(
    "mr mrs ms dr st jr sr gen sen rep gov prof lt col capt sgt no vs etc inc co corp ltd "
    "mt ft jan feb mar apr jun jul aug sep sept oct nov dec"
)
_STANDFIRST_WORDS: Final = 25
_CLOSERS: Final = "\"”’')]»"
_CLOCK_RE: Final = re.compile(r"[0-9]{1,2}[:.][0-9]{2}(?::[0-9]{2})?")
_WORD_RE: Final = re.compile(r"[^\W\d_]+")
_INITIALS_RE: Final = re.compile(r"(?:[^\W\d_]\.)*[^\W\d_]")


# -- small helpers ---------------------------------------------------------------------------


def _is_ws(ch: str) -> bool:
    return ch.isspace() or ch in "\ufeff\u200b"


def split_lines(text: str) -> tuple[Line, ...]:
    """All lines of ``text`` (any line ending ``str.splitlines`` knows) with their offsets."""
    out: list[Line] = []
    pos = 0
    for index, raw in enumerate(text.splitlines(keepends=True)):
        end = pos + len(raw.splitlines()[0])
        a, b = pos, end
        while a < b and _is_ws(text[a]):
            a += 1
        while b > a and _is_ws(text[b - 1]):
            b -= 1
        out.append(Line(index, pos, end, a, b, text[a:b]))
        pos += len(raw)
    return tuple(out)


def _iso(year: int, month: int, day: int) -> str | None:
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


def find_date(s: str) -> tuple[str, int, int] | None:
    """The first date in ``s`` as ``(ISO date, start, end)``; numeric dates read month first."""
    found: list[tuple[int, int, str]] = []
    for m in _ISO_RE.finditer(s):
        iso = _iso(int(m[1]), int(m[2]), int(m[3]))
        if iso:
            found.append((m.start(), m.end(), iso))
            break
    for m in _MDY_NAME_RE.finditer(s):
        iso = _iso(int(m[3]), _MONTHS[m[1][:3].lower()], int(m[2]))
        if iso:
            found.append((m.start(), m.end(), iso))
            break
    for m in _DMY_NAME_RE.finditer(s):
        iso = _iso(int(m[3]), _MONTHS[m[2][:3].lower()], int(m[1]))
        if iso:
            found.append((m.start(), m.end(), iso))
            break
    for m in _NUM_RE.finditer(s):
        month, day = int(m[1]), int(m[2])
        if month > 12 >= day:
            month, day = day, month
        iso = _iso(int(m[3]), month, day)
        if iso:
            found.append((m.start(), m.end(), iso))
            break
    if not found:
        return None
    start, end, iso = min(found)
    return iso, start, end


def date_line(c: str) -> str | None:
    """The ISO date when the line is only a date (with words like "Published", a time)."""
    if len(c) > 80:
        return None
    hit = find_date(c)
    if hit is None:
        return None
    iso, a, b = hit
    words = _WORD_RE.findall(_CLOCK_RE.sub(" ", c[:a] + " " + c[b:]))
    return iso if all(w.lower() in _DATE_WORDS for w in words) else None


def _strip_closers(c: str) -> str:
    return c.rstrip(_CLOSERS + " ")


def is_headline(c: str, limit: int = 200) -> bool:
    """A short line with a letter and no sentence-final period (nor a trailing ``,;:``)."""
    if not c or len(c) >= limit or not any(ch.isalpha() for ch in c):
        return False
    core = _strip_closers(c)
    return bool(core) and core[-1] not in ".,;:"


def _is_single_sentence(c: str) -> bool:
    for m in _BREAK_RE.finditer(c):
        if m.end() >= len(c):
            continue
        word = c[: m.start(1)].split()[-1:] or [""]
        token = word[0].lstrip("(\"“‘'").lower()
        if m[1] == "." and (token in _ABBREVIATIONS or _INITIALS_RE.fullmatch(token)):
            continue
        return False
    return True


def is_standfirst(c: str) -> bool:
    """A one-sentence summary of at most 25 words (a news lede is longer and stays body)."""
    core = _strip_closers(c)
    return (
        20 <= len(c) <= 250
        and len(c.split()) <= _STANDFIRST_WORDS
        and bool(core)
        and core[-1] in ".!?"
        and not _DATELINE_RE.match(c)
        and _is_single_sentence(c)
    )


def _is_name(s: str) -> bool:
    tokens = s.split()
    if not 1 <= len(tokens) <= 5 or len(s) > 60:
        return False
    for j, tok in enumerate(tokens):
        if not _NAME_TOKEN_RE.match(tok) or tok.lower().strip(".") in _NOT_NAMES:
            return False
        if tok[0].islower() and not (j > 0 and tok.lower() in _PARTICLES):
            return False
    return True


def _clean_name(s: str) -> str:
    s = s.strip(" ,;:")
    if s.endswith("."):
        last = s[:-1].split()[-1:] or [""]
        if len(last[0]) > 2 and last[0].lower() not in {"jr", "sr"}:
            s = s[:-1]
    return s


def parse_byline(c: str) -> Byline | None:
    """Read a byline line (``By NAME``, ``by NAME, descriptor [2-13-2025 published].``, ...)."""
    if len(c) > 200:
        return None
    m = _BY_RE.match(c)
    if m is None:
        return None
    rest = m["rest"]
    published: str | None = None
    bracketed = False
    for b in _BRACKET_RE.finditer(rest):
        hit = find_date(b[1])
        if hit is not None:
            published, bracketed = hit[0], True
            rest = rest[: b.start()] + " | " + rest[b.end() :]
            break
    if published is None and (hit := find_date(rest)) is not None:
        published = hit[0]
        rest = rest[: hit[1]] + " | " + rest[hit[2] :]
    parts = [_CONNECTOR_TAIL_RE.sub("", p).strip() for p in _PART_SEP_RE.split(rest)]
    parts = [p for p in parts if p]
    if not parts:
        return None
    segments = [s.strip() for s in parts[0].split(",") if s.strip()]
    if not segments:
        return None
    last_list = max((j for j, s in enumerate(segments) if _AND_RE.search(s)), default=0)
    authors: list[str] = []
    notes: list[str] = []
    for j, seg in enumerate(segments):
        names = [_clean_name(n) for n in _AND_RE.split(seg) if n.strip()]
        if not notes and j <= last_list and names and all(_is_name(n) for n in names):
            authors.extend(names)
        elif j == 0:
            return None
        else:
            notes.append(seg)
    notes.extend(p for p in parts[1:] if not _TIME_RE.match(p) and any(ch.isalpha() for ch in p))
    note = ", ".join(notes) or None
    if note is not None and published is None and (len(note.split()) > 8 or c.endswith(".")):
        return None  # "By Monday, the troops had left." is a sentence, not a byline
    return Byline(tuple(authors), published, note, bracketed)


def translation_code(c: str) -> str | None:
    """``""`` for a translation note in an unknown language, its ISO code, or None."""
    m = _TRANSLATION_RE.match(c) if len(c) <= 160 else None
    return None if m is None else LANGUAGE_NAMES.get(m["lang"].lower(), "")


def is_parenthesised_note(c: str) -> bool:
    """A paragraph of 40+ characters wholly in parentheses or brackets (an editor's aside)."""
    return len(c) >= 40 and c.startswith(("(", "[")) and c.rstrip(". ").endswith((")", "]"))


def is_author_bio(c: str, authors: Sequence[str]) -> bool:
    if len(c) > 1500:
        return False
    for author in authors:
        tokens = author.split()
        names = {author} | ({tokens[-1]} if len(tokens) > 1 and len(tokens[-1]) >= 3 else set())
        for name in names:
            if c.startswith(name) and _BIO_AFTER_NAME_RE.match(c, len(name)):
                return True
    return bool(_ABOUT_AUTHOR_RE.match(c))


def line_kind(c: str) -> str | None:
    """The region label of a furniture-like line that can stand anywhere, or None."""
    if translation_code(c) is not None:
        return "translation_note"
    if len(c) > 320:
        return None
    if _SOURCE_RE.match(c):
        return "source_line"
    if _PHOTO_RE.match(c):
        return "photo_credit"
    if _FURNITURE_RE.match(c):
        return "furniture"
    return None


def is_related_heading(c: str, pattern: re.Pattern[str] = _RELATED_HEAD_RE) -> bool:
    """Whether the whole line is a related-links heading ("Related", "Read more:", ...)."""
    m = pattern.match(c)
    return m is not None and _HEAD_TAIL_RE.fullmatch(c, m.end()) is not None


def is_dated_link(c: str) -> bool:
    """A link-list line: ``Title [M-D-YYYY]`` (text may follow) or a line with a URL."""
    return (_LINK_RE.match(c) is not None and len(c) <= 1200) or (
        len(c) <= 300 and _URL_RE.search(c) is not None
    )


def related_entry(c: str) -> RelatedLink:
    """A related-link line as ``{"title", "published"}`` (+ ``"note"``, ``"url"`` when present)."""
    entry: RelatedLink = {}
    m = _LINK_RE.match(c)
    if m is not None:
        num = find_date(m["date"])
        entry = {"title": m["title"].strip(" |–—-:"), "published": num[0] if num else None}
        if m["rest"].strip():
            entry["note"] = m["rest"].strip()
        return entry
    url = _URL_RE.search(c)
    rest = c if url is None else (c[: url.start()] + c[url.end() :])
    hit = find_date(rest)
    published = None
    if hit is not None and not rest[hit[2] :].strip(" )]."):
        published, rest = hit[0], rest[: hit[1]]
    title = rest.strip(" |–—-:([,")
    entry = {"title": title or (url[0] if url else c), "published": published}
    if url is not None:
        entry["url"] = url[0].rstrip(").,]")
    return entry


def related_block_ending_at(
    nb: Sequence[Line], q: int, lo: int, heading: re.Pattern[str] = _RELATED_HEAD_RE
) -> int | None:
    """Index of the related heading whose link list ends at line ``q`` (not before ``lo``)."""
    j = q
    while j >= lo and q - j <= 40:
        c = nb[j].content
        if is_related_heading(c, heading):
            return j if j < q else None
        if not (is_dated_link(c) or is_headline(c)):
            return None
        j -= 1
    return None
