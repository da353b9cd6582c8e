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

How one line is read (dates, bylines, headlines, furniture) is :mod:`presslens.ingest.lines`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .lines import (
    COMPILATION_NOTE_RE,
    EDITOR_NOTE_RE,
    GENERIC_BIO_RE,
    INLINE_RELATED_RE,
    Byline,
    Line,
    RelatedLink,
    date_line,
    is_author_bio,
    is_dated_link,
    is_headline,
    is_parenthesised_note,
    is_related_heading,
    is_standfirst,
    line_kind,
    parse_byline,
    related_block_ending_at,
    related_entry,
    split_lines,
    translation_code,
)

__all__ = ["ArticleLayout", "Region", "layout_lines", "plain_layout", "region"]


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
            acc.translation(line, translation_code(c) or "")
        elif kind is not None:
            acc.regions.append(region(line, kind))
        elif is_parenthesised_note(c) or EDITOR_NOTE_RE.match(c):
            acc.regions.append(region(line, "editor_note"))
        elif is_author_bio(c, authors) or GENERIC_BIO_RE.match(c):
            acc.regions.append(region(line, "author_bio"))
        elif is_related_heading(c):
            acc.regions.append(region(line, "related"))
        elif (inline := INLINE_RELATED_RE.match(c)) is not None:
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
            acc.translation(line, translation_code(c) or "")
        elif kind is not None:
            acc.regions.append(region(line, kind))
        elif EDITOR_NOTE_RE.match(c):
            acc.regions.append(region(line, "editor_note"))
        elif (inline := INLINE_RELATED_RE.match(c)) is not None:
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
        elif published is None and (when := date_line(c)) is not None:
            published = when
            acc.regions.append(region(line, "byline"))
        elif kind == "translation_note":
            acc.translation(line, translation_code(c) or "")
        elif kind in ("photo_credit", "furniture", "source_line"):
            acc.regions.append(region(line, kind))
        elif is_parenthesised_note(c) or EDITOR_NOTE_RE.match(c):
            note = region(line, "editor_note")
            if first_of_compilation and preface is None:
                preface = note
            else:
                acc.regions.append(note)
        elif first_of_compilation and preface is None and COMPILATION_NOTE_RE.search(c):
            preface = region(line, "editor_note")
        elif authors and is_author_bio(c, authors):
            acc.regions.append(region(line, "author_bio"))
        elif anchor is None and i == 0 and not last and is_headline(c) and not _wrapped(nb, 0):
            title = c
            acc.regions.append(region(line, "title"))
        elif (
            title is not None
            and not subtitle
            and not last
            and (is_headline(c) or (byline is not None and byline.bracketed and is_standfirst(c)))
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
