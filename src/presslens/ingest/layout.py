"""The layout of a plain-text article: title, byline, body, and the furniture around them.

Everything here is a pure function of a ``str`` and answers with character offsets (code points,
end exclusive) into that same string, so callers can cut the body out or turn any
:class:`Region` into a stand-off span without copying text.

The text is read line by line (:func:`split_lines`, any line ending, blank lines ignored):

* **Header.** A first line that is short (< 200 characters), has no sentence-final period and is
  followed by more text is the title. A byline (``By NAME``, ``By NAME and NAME``,
  ``By NAME | February 13, 2025``, ``by NAME, descriptor [2-13-2025 published].``) among the
  first lines gives authors and date; a line that is only a date gives the date. A headline-like
  line right after the title is the subtitle. After a bracket-dated byline (the reposting style
  ``by NAME [M-D-YYYY published].``) a one-sentence standfirst of at most 25 words is the
  subtitle too (a news lede, usually 30 words or more, stays in the body). **Subtitles are not
  part of the body**: like the title they are metadata, and stay findable as ``"subtitle"``
  regions. Editor's notes, author bios, photo credits and translation notes met in the header
  are regions and are skipped as well.
* **Trailer.** Walking back from the end, furniture (``Leave a Comment``, ``Order ... here.``,
  share/subscribe lines), ``Source`` lines, photo credits, ``(Translated from the Russian)``,
  parenthesised notes, author bios and ``Related`` link lists are regions, not body. Link lines
  (``Title [M-D-YYYY]``) become ``related`` metadata ``{"title", "published"}`` (plus ``"note"``
  for text after the date, ``"url"`` for a link).
* **Inside the body** the same line kinds (a ``Source`` line between quotes, a ``Photo:`` credit)
  are recorded as regions but stay in the body.

Numeric dates are read month first (``2-13-2025``), as the reposting style writes them, unless the
first number cannot be a month.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Final

__all__ = [
    "ArticleLayout",
    "Byline",
    "Line",
    "Region",
    "find_date",
    "is_headline",
    "layout_lines",
    "parse_byline",
    "plain_layout",
    "split_lines",
]

RelatedLink = dict[str, str | None]
"""One related-article link: ``{"title": str, "published": ISO date or None}`` (+ note, url)."""


@dataclass(frozen=True, slots=True)
class Region:
    """A piece of structure or furniture: ``text[start:end]`` is a ``label``.

    Labels: ``title``, ``subtitle``, ``byline`` (also a header line that is only a date),
    ``author_bio``, ``editor_note``, ``related`` (a heading with its link lines),
    ``source_line``, ``furniture`` (Leave a Comment, Order X here, share/subscribe lines),
    ``photo_credit``, ``translation_note``. ``note`` carries a small extra, so far the
    descriptor of a byline (``"Vladikavkaz-based journalist"`` of ``by NAME, Vladikavkaz-based
    journalist [...]``); it defaults to None, so ``Region(start, end, label)`` still works.
    """

    start: int
    end: int
    label: str
    note: str | None = None


@dataclass(frozen=True, slots=True)
class ArticleLayout:
    """Where one article's parts lie in a text; the body is ``text[start:end]``, stripped.

    The body excludes the title, subtitle, byline, header notes and bios, and trailing furniture
    and related lists; it is empty (``start == end``) only when nothing else is left. ``regions``
    (sorted by offset) include those inside the body. ``published`` is an ISO date,
    ``translated_from`` an ISO 639-1 code, ``related`` the link lists as
    ``{"title", "published"}`` dicts (``"note"``/``"url"`` added when the line has them).
    """

    title: str | None
    authors: tuple[str, ...]
    published: str | None
    start: int
    end: int
    regions: tuple[Region, ...]
    related: tuple[RelatedLink, ...]
    translated_from: str | None


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
_LANGUAGES: Final = {
    "arabic": "ar", "armenian": "hy", "azerbaijani": "az", "belarusian": "be", "bulgarian": "bg",
    "chinese": "zh", "mandarin": "zh", "croatian": "hr", "czech": "cs", "danish": "da",
    "dutch": "nl", "english": "en", "estonian": "et", "farsi": "fa", "persian": "fa",
    "finnish": "fi", "french": "fr", "georgian": "ka", "german": "de", "greek": "el",
    "hebrew": "he", "hindi": "hi", "hungarian": "hu", "indonesian": "id", "italian": "it",
    "japanese": "ja", "kazakh": "kk", "korean": "ko", "latvian": "lv", "lithuanian": "lt",
    "norwegian": "no", "polish": "pl", "portuguese": "pt", "romanian": "ro", "russian": "ru",
    "serbian": "sr", "slovak": "sk", "slovenian": "sl", "spanish": "es", "swedish": "sv",
    "turkish": "tr", "ukrainian": "uk", "urdu": "ur", "vietnamese": "vi",
}  # fmt: skip
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
_INLINE_RELATED_RE: Final = re.compile(
    r"^(?:related|read\s+(?:more|also)|see\s+also|also\s+read)\s*:\s*(?P<link>\S.{0,300})$", re.I
)
_LINK_RE: Final = re.compile(
    r"^(?P<title>\S.{0,300}?)\s*\[\s*(?P<date>[0-9]{1,2}[-/.][0-9]{1,2}[-/.][0-9]{4})\s*\]"
    r"\s*(?P<rest>.*)$"
)
_URL_RE: Final = re.compile(r"https?://\S+")
_EDITOR_NOTE_RE: Final = re.compile(
    r"^[(\[]?\s*(?:editor(?:'|’)?s?\s+note|ed\.\s*note|note\s+from\s+the\s+editor|editorial\s+note"
    r"|note\s+to\s+readers)\b",
    re.I,
)
_COMPILATION_NOTE_RE: Final = re.compile(
    r"\b(?:I|we)(?:(?:'|’)ve|\s+have)\s+(?:combined|compiled|collected|gathered|put\s+together)\b"
    r"|\bcombined\s+\d+\s+articles\b|\bin\s+this\s+(?:post|compilation)\b",
    re.I,
)
_ABOUT_AUTHOR_RE: Final = re.compile(r"^(?:about\s+the\s+authors?|the\s+author\s+is)\b", re.I)
_BIO_AFTER_NAME_RE: Final = re.compile(
    r"\s+(?:is|was|has|had|serves|served|works|worked|writes|teaches|holds|heads|leads|lives)\b"
    r"|,\s+(?:a|an|the)\s"
)
_GENERIC_BIO_RE: Final = re.compile(
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


def _is_date_line(c: str) -> str | None:
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


def _is_standfirst(c: str) -> bool:
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


def _translation(c: str) -> str | None:
    """``""`` for a translation note in an unknown language, its ISO code, or None."""
    m = _TRANSLATION_RE.match(c) if len(c) <= 160 else None
    return None if m is None else _LANGUAGES.get(m["lang"].lower(), "")


def is_parenthesised_note(c: str) -> bool:
    """A paragraph of 40+ characters wholly in parentheses or brackets (an editor's aside)."""
    return len(c) >= 40 and c.startswith(("(", "[")) and c.rstrip(". ").endswith((")", "]"))


def _is_author_bio(c: str, authors: Sequence[str]) -> bool:
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
    if _translation(c) is not None:
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


def region(line: Line, label: str, note: str | None = None) -> Region:
    """The region covering one line's content."""
    return Region(line.cstart, line.cend, label, note)


# -- the layout of one article ---------------------------------------------------------------


@dataclass(slots=True)
class _Acc:
    """What the walk over one article's lines has found so far (internal, mutable)."""

    regions: list[Region]
    related: list[RelatedLink]
    translated: str | None = None

    def translation(self, line: Line, code: str) -> None:
        self.regions.append(region(line, "translation_note"))
        if code and self.translated is None:
            self.translated = code


def _trailer(nb: Sequence[Line], lo: int, authors: Sequence[str], acc: _Acc) -> int:
    """Walk back over trailing furniture; the index one past the body's last line."""
    q = len(nb) - 1
    blocks: list[list[RelatedLink]] = []
    while q >= lo:
        line = nb[q]
        c = line.content
        kind = line_kind(c)
        if kind == "translation_note":
            acc.translation(line, _translation(c) or "")
        elif kind is not None:
            acc.regions.append(region(line, kind))
        elif is_parenthesised_note(c) or _EDITOR_NOTE_RE.match(c):
            acc.regions.append(region(line, "editor_note"))
        elif _is_author_bio(c, authors) or _GENERIC_BIO_RE.match(c):
            acc.regions.append(region(line, "author_bio"))
        elif is_related_heading(c):
            acc.regions.append(region(line, "related"))
        elif (inline := _INLINE_RELATED_RE.match(c)) is not None:
            acc.regions.append(region(line, "related"))
            blocks.append([related_entry(inline["link"])])
        elif (h := related_block_ending_at(nb, q, lo)) is not None:
            acc.regions.append(Region(nb[h].cstart, line.cend, "related"))
            blocks.append([related_entry(x.content) for x in nb[h + 1 : q + 1]])
            q = h
        else:
            break
        q -= 1
    for block in reversed(blocks):
        acc.related.extend(block)
    return q + 1


def _inner(nb: Sequence[Line], lo: int, hi: int, acc: _Acc) -> None:
    """Record furniture-like lines inside the body (they stay in the body)."""
    i = lo
    while i < hi:
        line = nb[i]
        c = line.content
        kind = line_kind(c)
        if kind == "translation_note":
            acc.translation(line, _translation(c) or "")
        elif kind is not None:
            acc.regions.append(region(line, kind))
        elif _EDITOR_NOTE_RE.match(c):
            acc.regions.append(region(line, "editor_note"))
        elif (inline := _INLINE_RELATED_RE.match(c)) is not None:
            acc.regions.append(region(line, "related"))
            acc.related.append(related_entry(inline["link"]))
        elif is_related_heading(c):
            j = i + 1
            while j < hi and is_dated_link(nb[j].content):
                j += 1
            if j > i + 1:
                acc.regions.append(Region(line.cstart, nb[j - 1].cend, "related"))
                acc.related.extend(related_entry(x.content) for x in nb[i + 1 : j])
                i = j
                continue
        i += 1


def layout_lines(
    nb: Sequence[Line],
    *,
    anchor: tuple[int | None, int] | None = None,
    first_of_compilation: bool = False,
    fallback: int = 0,
) -> tuple[ArticleLayout, Region | None]:
    """Lay out one article from its non-blank lines ``nb`` (offsets into the full text).

    ``anchor`` gives the indexes (into ``nb``) of an already found title (or None) and byline;
    without it the title and byline are looked for. With ``first_of_compilation`` the first
    editor's note of the header (or a paragraph saying the post combines articles) is returned
    apart, as the compilation's preface, instead of among the regions. ``fallback`` is the body
    offset used when there are no lines at all.
    """
    acc = _Acc([], [])
    title: str | None = None
    byline: Byline | None = None
    published: str | None = None
    preface: Region | None = None
    i = 0
    if anchor is not None:
        t_idx, b_idx = anchor
        if t_idx is not None:
            title = nb[t_idx].content
            acc.regions.append(region(nb[t_idx], "title"))
        byline = parse_byline(nb[b_idx].content)
        acc.regions.append(region(nb[b_idx], "byline", byline.note if byline else None))
        i = b_idx + 1
    header_start, n, subtitle = i, len(nb), False
    while i < n:
        line, last = nb[i], i == n - 1
        c = line.content
        authors = byline.authors if byline else ()
        kind = line_kind(c)
        if byline is None and i - header_start < 4 and (found := parse_byline(c)) is not None:
            byline = found
            acc.regions.append(region(line, "byline", found.note))
        elif published is None and (when := _is_date_line(c)) is not None:
            published = when
            acc.regions.append(region(line, "byline"))
        elif kind == "translation_note":
            acc.translation(line, _translation(c) or "")
        elif kind in ("photo_credit", "furniture", "source_line"):
            acc.regions.append(region(line, kind))
        elif is_parenthesised_note(c) or _EDITOR_NOTE_RE.match(c):
            note = region(line, "editor_note")
            if first_of_compilation and preface is None:
                preface = note
            else:
                acc.regions.append(note)
        elif first_of_compilation and preface is None and _COMPILATION_NOTE_RE.search(c):
            preface = region(line, "editor_note")
        elif authors and _is_author_bio(c, authors):
            acc.regions.append(region(line, "author_bio"))
        elif anchor is None and i == 0 and not last and is_headline(c) and not _wrapped(nb, 0):
            title = c
            acc.regions.append(region(line, "title"))
        elif (
            title is not None
            and not subtitle
            and not last
            and (is_headline(c) or (byline is not None and byline.bracketed and _is_standfirst(c)))
        ):
            subtitle = True
            acc.regions.append(region(line, "subtitle"))
        else:
            break
        i += 1
    authors = byline.authors if byline else ()
    end_i = _trailer(nb, i, authors, acc)
    _inner(nb, i, end_i, acc)
    if i < end_i:
        start, end = nb[i].cstart, nb[end_i - 1].cend
    else:
        start = end = nb[i - 1].cend if i > 0 else (nb[0].cstart if nb else fallback)
    if byline is not None and byline.published is not None:
        published = byline.published
    layout = ArticleLayout(
        title=title,
        authors=authors,
        published=published,
        start=start,
        end=end,
        regions=tuple(sorted(acc.regions, key=lambda r: (r.start, r.end, r.label))),
        related=tuple(acc.related),
        translated_from=acc.translated,
    )
    return layout, preface


def _wrapped(nb: Sequence[Line], i: int) -> bool:
    """Whether line ``i`` continues on the next line (a hard-wrapped paragraph)."""
    if i + 1 >= len(nb) or nb[i + 1].index != nb[i].index + 1:
        return False
    return nb[i + 1].content[:1].islower()


def plain_layout(text: str) -> ArticleLayout:
    """The layout of ``text`` read as one article (see the module docstring for the rules)."""
    nb = [line for line in split_lines(text) if not line.blank]
    layout, _ = layout_lines(nb)
    return layout
